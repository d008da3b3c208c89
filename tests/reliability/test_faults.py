"""Faults during a rollout: throttling, interruptions, a DNS server that is down or refuses the TSIG key,
and two rollouts writing the same zone at once.

Every test runs ``playbooks/site.yml`` with ``ansible-playbook`` against the sandbox (``clean_sandbox``) and,
for RFC 2136 zones, a real BIND; the state is then read back through boto3 and AXFR, never from the
playbook's output. The end state a test expects is computed from what SES reports (DKIM tokens,
verification tokens, MAIL FROM), so "converged" means: every SES instance has each of its identities once,
and every zone holds exactly the records those identities and the domain policies need, plus the records
the collection does not manage (``FOREIGN``), and nothing else.

The helpers here (inventories, SES and zone snapshots, the relays that lose, hold or cut a write) are
shared with ``test_ownership.py`` and ``test_secrets.py``. docs/reliability.md lists the cases.
"""

import http.client
import http.server
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from urllib.parse import urlparse

import dns.rdata
import pytest
from testkit.aws import add_records
from testkit.bind import Bind
from testkit.playbook import COLLECTIONS, ROOT, Result, run_playbook, write_inventory

from ..conftest import require_bind

DNS_ACCOUNT = "333333333333"
DNS_ROLE = "arn:aws:iam::%s:role/dns-admin" % DNS_ACCOUNT
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")

# Records no tenant owns: they must survive every scenario, in every zone.
FOREIGN_LINES = [
    ("@", "TXT", '"google-site-verification=foreign-owner"'),
    ("@", "TXT", '"v=spf1 include:_spf.google.com ~all"'),
    ("www", "A", "192.0.2.10"),
]


def role_arn(account):
    return "arn:aws:iam::%s:role/mailops-ses" % account


def dmarc(domain):
    return "v=DMARC1; p=quarantine; rua=mailto:dmarc@%s" % domain


def domains_policy(*domains):
    return {domain: {"dmarc": {"policy": "quarantine", "rua": ["dmarc@%s" % domain]}} for domain in domains}


def identity(name, mail_from=True, verification_txt=True, **settings):
    item = {"identity": name}
    if mail_from:
        item["mail_from"] = "mail.%s" % name if mail_from is True else mail_from
    if verification_txt:
        item["verification_txt"] = True
    item.update(settings)
    return item


class Tenant:
    """One SES instance of an inventory: a host of ses_tenants."""

    def __init__(self, name, account, region, identities, **host_vars):
        self.name, self.account, self.region = name, account, region
        self.identities = identities
        self.host_vars = host_vars

    def vars(self):
        return dict(
            {"mailops_ses_region": self.region, "mailops_aws_role_arn": role_arn(self.account), "mailops_ses_identities": self.identities}, **self.host_vars
        )


def inventory(directory, sandbox, tenants, zones, domains, **group_vars):
    """An inventory directory: the tenants, the zones (``mailops_dns_zones``) and the domain policies."""
    variables = {"mailops_aws_endpoint_url": sandbox.endpoint, "mailops_verify": False, "mailops_domains": domains, "mailops_dns_zones": zones}
    variables.update(group_vars)
    return write_inventory(str(directory), {t.name: t.vars() for t in tenants}, variables)


# ------------------------------------------------------------------------------------------------ zones


def record(name, rtype, value):
    """(name, type, value) in one spelling: absolute lower-case names, TXT as its plain text."""
    name = name.lower().rstrip(".") + "."
    if rtype in ("CNAME", "MX", "NS"):
        value = value.lower().rstrip(".") + "."
    return (name, rtype, value)


def normalise(name, rtype, value):
    """``record`` of a value in zone-file presentation format (TXT quoted, possibly in several strings)."""
    if rtype == "TXT":
        value = b"".join(dns.rdata.from_text("IN", "TXT", value).strings).decode()
    return record(name, rtype, value)


def foreign_records(zone):
    return {normalise(zone if name == "@" else "%s.%s" % (name, zone), rtype, value) for name, rtype, value in FOREIGN_LINES}


class Route53Zone:
    """A hosted zone in the central DNS account, with the foreign records in it."""

    provider = "route53"

    def __init__(self, sandbox, name, foreign=True):
        self.sandbox, self.name = sandbox, name
        self.r53 = sandbox.client("route53", **sandbox.assume(DNS_ACCOUNT))
        self.zone_id = self.r53.create_hosted_zone(Name=name, CallerReference="faults-%s" % name)["HostedZone"]["Id"]
        if foreign:
            grouped = {}
            for rel, rtype, value in FOREIGN_LINES:
                grouped.setdefault((name if rel == "@" else "%s.%s" % (rel, name), rtype), []).append(value)
            add_records(self.r53, self.zone_id, [(n, t, v) for (n, t), v in grouped.items()])

    def settings(self):
        return {"provider": "route53", "aws_role_arn": DNS_ROLE}

    def foreign(self):
        return foreign_records(self.name)

    def dump(self):
        """Every value of the zone (SOA and NS aside) as a set of normalised (name, type, value)."""
        r53 = self.sandbox.client("route53", **self.sandbox.assume(DNS_ACCOUNT))
        records = set()
        for page in r53.get_paginator("list_resource_record_sets").paginate(HostedZoneId=self.zone_id):
            for rrset in page["ResourceRecordSets"]:
                if rrset["Type"] in ("SOA", "NS"):
                    continue
                for value in rrset.get("ResourceRecords", []):
                    records.add(normalise(rrset["Name"], rrset["Type"], value["Value"]))
        return records


class BindZone:
    """A zone on a real BIND, with the foreign records in its zone file; ``port`` keeps a restarted server's port."""

    provider = "rfc2136"

    def __init__(self, name, port=None, server_port=None):
        require_bind()
        self.name = name
        self.bind = Bind({name: self.zone_file_lines()}, port=port).start()
        self.server_port = server_port  # where the inventory sends the provider (a relay), if not BIND itself

    @staticmethod
    def zone_file_lines():
        return "\n".join("%s IN %s %s" % line for line in FOREIGN_LINES)

    @property
    def port(self):
        return self.bind.port

    def restart(self):
        """A new BIND on the same port with the same zone file (and a new TSIG key, as after a reinstall)."""
        self.bind.stop()
        self.bind = Bind({self.name: self.zone_file_lines()}, port=self.port).start()

    def settings(self, secret=None, key_name=None):
        return {
            "provider": "rfc2136",
            "server": "127.0.0.1",
            "port": self.server_port or self.port,
            "key_name": key_name or self.bind.key_name,
            "key_secret": secret or self.bind.secret,
        }

    def foreign(self):
        return foreign_records(self.name) | {record("ns1.%s" % self.name, "A", "127.0.0.1")}  # from the template

    def dump(self):
        return {normalise(name, rtype, value) for name, rtype, _ttl, value in self.bind.dump(self.name) if rtype not in ("SOA", "NS")}

    def close(self):
        self.bind.stop()


# -------------------------------------------------------------------------------------------------- SES


def ses_instance(sandbox, account, region):
    """(identity names as SES lists them, {name: what SES holds}) for one account and region."""
    credentials = sandbox.assume(account, region)
    v2 = sandbox.client("sesv2", region=region, **credentials)
    v1 = sandbox.client("ses", region=region, **credentials)
    names, kwargs = [], {}
    while True:
        page = v2.list_email_identities(**kwargs)
        names.extend(i["IdentityName"] for i in page["EmailIdentities"])
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    state = {}
    for name in names:
        got = v2.get_email_identity(EmailIdentity=name)
        dkim = got.get("DkimAttributes") or {}
        mail_from = got.get("MailFromAttributes") or {}
        token = (v1.get_identity_verification_attributes(Identities=[name])["VerificationAttributes"].get(name) or {}).get("VerificationToken")
        state[name] = {
            "type": got["IdentityType"],
            "verified_for_sending": got.get("VerifiedForSendingStatus"),
            "dkim_origin": dkim.get("SigningAttributesOrigin"),
            "dkim_status": dkim.get("Status"),
            "tokens": sorted(dkim.get("Tokens") or []),
            "mail_from": mail_from.get("MailFromDomain"),
            "mail_from_status": mail_from.get("MailFromDomainStatus"),
            "behavior_on_mx_failure": mail_from.get("BehaviorOnMxFailure"),
            "configuration_set": (got.get("ConfigurationSetName") or None),
            "verification_token": token,
        }
    return names, state


def ses_state(sandbox, tenants):
    """{tenant name: {identity: state}}, after checking that each instance lists every identity once."""
    result = {}
    for tenant in tenants:
        names, state = ses_instance(sandbox, tenant.account, tenant.region)
        duplicates = [name for name, count in Counter(names).items() if count > 1]
        assert not duplicates, "%s (%s %s) lists %s more than once" % (tenant.name, tenant.account, tenant.region, duplicates)
        result[tenant.name] = state
    return result


def in_zone(name, zone):
    name, zone = name.rstrip(".").lower(), zone.rstrip(".").lower()
    return name == zone or name.endswith("." + zone)


def identity_records(domain, state, region, host):
    """The values an Easy DKIM domain identity of inventory host ``host`` needs, from what SES holds for it (with the
    host's claim on its MAIL FROM name, which a run that cannot see the host reads before removing shared values)."""
    records = {record("%s._domainkey.%s" % (t, domain), "CNAME", "%s.dkim.amazonses.com" % t) for t in state["tokens"]}
    if state["mail_from"]:
        records.add(record(state["mail_from"], "MX", "10 feedback-smtp.%s.amazonses.com" % region))
        records.add(record(state["mail_from"], "TXT", "v=spf1 include:amazonses.com ~all"))
        records.add(record("_mailops-claims.%s" % state["mail_from"], "TXT", "claimed-by=%s" % host))
    if state["verification_token"]:
        records.add(record("_amazonses.%s" % domain, "TXT", state["verification_token"]))
    return records


def tenant_records(tenant, state, zone=None):
    records = set()
    for name, identity_state in state.items():
        records |= identity_records(name, identity_state, tenant.region, tenant.name)
    return {r for r in records if zone is None or in_zone(r[0], zone)}


def expected_zone(zone, tenants, states, domains):
    """Exactly what ``zone`` must hold: every tenant's values in it, the DMARC of its domains, the foreign records."""
    records = zone.foreign()
    for tenant in tenants:
        records |= tenant_records(tenant, states.get(tenant.name, {}), zone.name)
    for domain in domains:
        if in_zone(domain, zone.name):
            records.add(record("_dmarc.%s" % domain, "TXT", dmarc(domain)))
    return records


def assert_zone(zone, expected):
    actual = zone.dump()
    assert actual == expected, "%s zone %s differs:\n  missing %s\n  unexpected %s" % (
        zone.provider,
        zone.name,
        sorted(expected - actual),
        sorted(actual - expected),
    )


def assert_identities(states, tenants):
    """Each tenant holds exactly the identities the inventory gives it (present ones), each complete."""
    for tenant in tenants:
        wanted = {i["identity"] for i in tenant.identities if i.get("state", "present") == "present"}
        assert set(states[tenant.name]) == wanted, (tenant.name, sorted(states[tenant.name]))
        for item in tenant.identities:
            if item["identity"] not in wanted:
                continue
            state = states[tenant.name][item["identity"]]
            assert len(state["tokens"]) == 3, (tenant.name, item["identity"], state)
            assert state["mail_from"] == item.get("mail_from"), (tenant.name, item["identity"], state)
            assert bool(state["verification_token"]) == bool(item.get("verification_txt")), (tenant.name, state)


# ---------------------------------------------------------------------------------------------- playbooks


def playbook_env(env):
    child = dict(os.environ)
    child.update(env or {})
    child.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_HOST_KEY_CHECKING": "False",
            "ANSIBLE_RETRY_FILES_ENABLED": "False",
            "ANSIBLE_LOCALHOST_WARNING": "False",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False",
        }
    )
    return child


class Playbook:
    """``ansible-playbook site.yml`` started in the background."""

    def __init__(self, inventory_dir, env=None, args=()):
        self.out = tempfile.TemporaryFile(mode="w+")
        self.err = tempfile.TemporaryFile(mode="w+")
        command = [ANSIBLE_PLAYBOOK, os.path.join(ROOT, "playbooks", "site.yml"), "-i", inventory_dir] + list(args)
        self.process = subprocess.Popen(command, stdout=self.out, stderr=self.err, env=playbook_env(env), text=True)

    def _result(self):
        self.out.seek(0)
        self.err.seek(0)
        result = Result(subprocess.CompletedProcess(self.process.args, self.process.returncode, self.out.read(), self.err.read()))
        self.out.close()
        self.err.close()
        return result

    def wait(self, timeout=600):
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        return self._result()

    def kill(self):
        """Stop the run and every process it started, as a cancelled CI job.

        Ansible's workers leave the process group (setsid), so the whole tree is frozen first (SIGSTOP,
        until no new descendant shows up), then killed: no module may go on retrying after the test
        has let the sandbox answer again.
        """
        frozen = set()
        try:
            os.kill(self.process.pid, signal.SIGSTOP)
            while True:
                new = [pid for pid in _descendants(self.process.pid) if pid not in frozen]
                if not new:
                    break
                for pid in new:
                    _signal(pid, signal.SIGSTOP)
                    frozen.add(pid)
            for pid in frozen | {self.process.pid}:
                _signal(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        return self._result()


def _signal(pid, signum):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass


def _descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as handle:
                ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def run_interrupted(sandbox, inventory_dir, after_writes, env=None, timeout=300):
    """Run site.yml with the sandbox failing every call after write ``after_writes``; cancel it at the first refusal.

    From the first refused write on, the sandbox answers every call with 503, so nothing can change any
    more; the run is cancelled there instead of waiting about 45 s for the modules' jittered backoff (10
    retries) to give up. Returns the cancelled run's output.
    """
    sandbox.configure(fail_after_writes=after_writes)  # also zeroes the counters
    run = Playbook(inventory_dir, dict(sandbox.env(), **(env or {})))
    deadline = time.monotonic() + timeout
    try:
        while sandbox.calls()["writes"] <= after_writes:
            if run.process.poll() is not None:
                result = run.wait()
                pytest.fail("the run ended (rc %s) before write #%d was refused:\n%s" % (result.rc, after_writes + 1, result.stdout[-3000:]))
            assert time.monotonic() < deadline, "write #%d never came" % (after_writes + 1)
            time.sleep(0.05)
        return run.kill()
    finally:
        if run.process.poll() is None:
            run.kill()
        sandbox.configure(fail_after_writes=None)


def fatal_messages(result):
    """The ``msg`` of every failed task (or loop item, as zones are published) in an ansible-playbook output."""
    messages = []
    for match in re.finditer(r"^(?:fatal: \[[^\]]+\]: FAILED!|failed: \[[^\]]+\] \(item=[^\n]*?\)) => ", result.stdout, re.M):
        body, _end = json.JSONDecoder().raw_decode(result.stdout, match.end())
        messages.append(body.get("msg", ""))
    assert messages or result.rc == 0, "the run failed without a task failure:\n%s" % result.stdout[-4000:]
    return messages


def task_results(stdout, task, item=None):
    """The results (printed with -v) of every run of the task whose name starts with ``task``, in order;
    with ``item``, only the results of that loop item."""
    results = []
    for header in re.finditer(r"^TASK \[(?:[^\]]* : )?%s[^\]\n]*\] \**$" % re.escape(task), stdout, re.M):
        end = stdout.find("\nTASK [", header.end())
        section = stdout[header.end() : end if end > 0 else len(stdout)]
        for match in re.finditer(r"^(?:ok|changed): \[[^\]]+\] => (?:\(item=([^\n]*?)\) => )?", section, re.M):
            if item is None or match.group(1) == item:
                results.append(json.JSONDecoder().raw_decode(section, match.end())[0])
    return results


# ------------------------------------------------------------------------------------------------ relays


def _read_exactly(sock, count):
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _read_dns_message(sock):
    """One DNS-over-TCP message, length prefix included."""
    prefix = _read_exactly(sock, 2)
    return prefix + _read_exactly(sock, int.from_bytes(prefix, "big"))


def _pipe(source, target):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class DnsRelay:
    """A TCP relay in front of BIND that sees every RFC 2136 UPDATE (opcode 5) on its way.

    ``mode``: ``pass``; ``lose-update`` (the connection breaks before the UPDATE reaches the server);
    ``lose-answer`` (the server applies the UPDATE, the connection breaks before its answer comes back);
    ``gate`` (each UPDATE waits until ``readers`` zone reads have gone through, then the UPDATEs pass one at
    a time, so that two writers both read before either writes).
    """

    def __init__(self, upstream_port, mode="pass", readers=2, timeout=180):
        self.upstream_port, self.mode, self.readers, self.timeout = upstream_port, mode, readers, timeout
        self.reads = 0
        self.updates = 0
        self.condition = threading.Condition()
        self.write_lock = threading.Lock()
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(16)
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                client, _address = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        upstream = None
        try:
            first = _read_dns_message(client)
            update = (first[4] >> 3) & 0x0F == 5
            if not update:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
                upstream.sendall(first)
                threading.Thread(target=_pipe, args=(client, upstream), daemon=True).start()
                _pipe(upstream, client)
                with self.condition:
                    self.reads += 1
                    self.condition.notify_all()
                return
            with self.condition:
                self.updates += 1
            if self.mode == "lose-update":
                return
            if self.mode == "gate":
                with self.condition:
                    self.condition.wait_for(lambda: self.reads >= self.readers, timeout=self.timeout)
            with self.write_lock:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
                upstream.sendall(first)
                answer = _read_dns_message(upstream)
            if self.mode == "lose-answer":
                return
            client.sendall(answer)
        except (OSError, EOFError):
            pass
        finally:
            for sock in (client, upstream):
                if sock is not None:
                    sock.close()

    def close(self):
        self.server.close()


class GatedAws:
    """An HTTP relay to the sandbox that makes two writers of one Route 53 zone race.

    Each ChangeResourceRecordSets of a hosted zone waits until ``readers`` ListResourceRecordSets of that
    zone have gone through; then the change batches pass one at a time (Route 53 applies the changes of a
    zone one after the other; the sandbox does not lock between its check and its apply). Everything
    else passes unchanged.
    """

    RRSET = re.compile(r"/hostedzone/([^/]+)/rrset/?$")
    HOP_BY_HOP = ("connection", "keep-alive", "proxy-connection", "transfer-encoding", "content-length")

    def __init__(self, upstream, readers=2, timeout=180):
        target = urlparse(upstream)
        relay = self
        self.readers, self.timeout = readers, timeout
        self.reads, self.writes = Counter(), Counter()
        self.condition = threading.Condition()
        self.write_lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def relay(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                match = relay.RRSET.search(self.path.split("?", 1)[0])
                zone = match.group(1) if match else None
                write = zone is not None and self.command == "POST"
                if write:
                    with relay.condition:
                        relay.writes[zone] += 1
                        relay.condition.wait_for(lambda: relay.reads[zone] >= relay.readers, timeout=relay.timeout)
                    relay.write_lock.acquire()
                try:
                    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in relay.HOP_BY_HOP}
                    connection.request(self.command, self.path, body=body, headers=headers)
                    response = connection.getresponse()
                    data = response.read()
                    connection.close()
                finally:
                    if write:
                        relay.write_lock.release()
                if zone is not None and self.command == "GET":
                    with relay.condition:
                        relay.reads[zone] += 1
                        relay.condition.notify_all()
                self.send_response(response.status, response.reason)
                for key, value in response.getheaders():
                    if key.lower() not in relay.HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = relay

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.endpoint = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# ============================================================================================ 1. throttling

THROTTLE_TENANTS = [  # extensions/molecule/multi_tenant, with a configuration set per tenant
    Tenant(
        "marketing",
        "111111111111",
        "us-east-1",
        [identity("example.com", configuration_set="transactional")],
        mailops_ses_configuration_sets=[{"name": "transactional", "reputation_metrics": True}],
    ),
    Tenant(
        "operations",
        "222222222222",
        "us-east-1",
        [identity("example.com", configuration_set="transactional")],
        mailops_ses_configuration_sets=[{"name": "transactional", "reputation_metrics": True}],
    ),
    Tenant(
        "operations-eu",
        "222222222222",
        "eu-west-1",
        [identity("example.com", mail_from="mail-eu.example.com", configuration_set="transactional")],
        mailops_ses_configuration_sets=[{"name": "transactional", "reputation_metrics": True}],
    ),
]


def configuration_sets(sandbox, tenant):
    ses = sandbox.client("sesv2", region=tenant.region, **sandbox.assume(tenant.account, tenant.region))
    result = {}
    for name in ses.list_configuration_sets()["ConfigurationSets"]:
        got = ses.get_configuration_set(ConfigurationSetName=name)
        got.pop("ResponseMetadata", None)
        got.get("ReputationOptions", {}).pop("LastFreshStart", None)
        result[name] = got
    return result


def rollout_structure(sandbox, zone, tenants):
    """What a rollout left, with DKIM and verification tokens replaced by their owner (they differ per run)."""
    states = ses_state(sandbox, tenants)
    labels = {}
    for tenant in tenants:
        for name, state in states[tenant.name].items():
            for token in state["tokens"]:
                labels[token] = "<dkim %s %s>" % (tenant.name, name)
            if state["verification_token"]:
                labels[state["verification_token"]] = "<verification %s %s>" % (tenant.name, name)
    pattern = re.compile("|".join(re.escape(token) for token in sorted(labels, key=len, reverse=True)))

    def masked(text):
        return pattern.sub(lambda m: labels[m.group(0)], text)

    identities = {
        tenant.name: {
            name: dict(state, tokens=len(state["tokens"]), verification_token=masked(state["verification_token"] or ""))
            for name, state in states[tenant.name].items()
        }
        for tenant in tenants
    }
    return {
        "identities": identities,
        "configuration_sets": {t.name: configuration_sets(sandbox, t) for t in tenants},
        "zone": sorted(tuple(masked(part) for part in record) for record in zone.dump()),
        "monitoring": {t.name: monitoring(sandbox, t) for t in tenants},
    }


def monitoring(sandbox, tenant):
    """The tenant's SNS topics, dashboards and alarms (name, metric or expressions, threshold, actions)."""
    credentials = sandbox.assume(tenant.account, tenant.region)
    sns = sandbox.client("sns", region=tenant.region, **credentials)
    cloudwatch = sandbox.client("cloudwatch", region=tenant.region, **credentials)
    alarms = []
    for alarm in cloudwatch.describe_alarms(AlarmNamePrefix="mailops-ses-")["MetricAlarms"]:
        metrics = sorted((m["Id"], m.get("Expression", "")) for m in alarm.get("Metrics", []))
        alarms.append(
            (alarm["AlarmName"], alarm.get("MetricName", ""), tuple(metrics), alarm["Threshold"], tuple(a.rsplit(":", 1)[-1] for a in alarm["AlarmActions"]))
        )
    return {
        "topics": sorted(t["TopicArn"].rsplit(":", 1)[-1] for t in sns.list_topics()["Topics"]),
        "dashboards": sorted(d["DashboardName"] for d in cloudwatch.list_dashboards()["DashboardEntries"]),
        "alarms": sorted(alarms),
    }


@pytest.mark.long
def test_throttled_rollout_ends_exactly_like_an_unthrottled_one(clean_sandbox, tmp_path):
    """30 % of the sandbox's answers are throttling errors; the modules back off and retry, and the end
    state is the one an unthrottled rollout of the same inventory leaves. Monitoring is on, so the
    amazon.aws and community.aws modules the roles call (STS, SNS, CloudWatch alarms) are throttled too:
    they rely on botocore's standard retries, which the roles ask for with ``aws_config``."""
    ends, calls = {}, {}
    for label, rate in (("unthrottled", 0.0), ("throttled", 0.3)):
        clean_sandbox.reset()
        zone = Route53Zone(clean_sandbox, "example.com")
        inv = inventory(
            tmp_path / label,
            clean_sandbox,
            THROTTLE_TENANTS,
            {"example.com": zone.settings()},
            domains_policy("example.com"),
            mailops_monitoring={"enabled": True},
        )
        clean_sandbox.configure(throttle_rate=rate)
        clean_sandbox.reset_calls()
        result = run_playbook(inv, clean_sandbox.env())
        calls[label] = clean_sandbox.calls()["total"]
        clean_sandbox.configure(throttle_rate=0.0)
        assert result.rc == 0 and result.failed == 0, "%s run failed: %s\n%s" % (label, fatal_messages(result), result.stderr[-2000:])
        states = ses_state(clean_sandbox, THROTTLE_TENANTS)
        assert_identities(states, THROTTLE_TENANTS)
        assert_zone(zone, expected_zone(zone, THROTTLE_TENANTS, states, ["example.com"]))
        ends[label] = rollout_structure(clean_sandbox, zone, THROTTLE_TENANTS)
    assert calls["throttled"] > calls["unthrottled"], "no call was throttled and retried: %s" % calls
    assert ends["throttled"] == ends["unthrottled"]
    assert ends["throttled"]["monitoring"]["marketing"]["alarms"], "monitoring made no alarm"


# ========================================================================================= 2. interruption

INTERRUPT_TENANTS = [
    Tenant("marketing", "111111111111", "us-east-1", [identity("example.com")]),
    Tenant("operations", "222222222222", "us-east-1", [identity("example.com"), identity("example.net")]),
]
# SES writes of a full rollout: per identity CreateEmailIdentity, PutEmailIdentityMailFromAttributes and
# VerifyDomainIdentity (the legacy _amazonses token). Then one ChangeResourceRecordSets per zone.
SES_WRITES = 3 * 3

INTERRUPTIONS = {
    # name: the sandbox refuses every call after this many writes; what holds when the run is cancelled
    "during-ses-setup": 1,  # one identity created, its MAIL FROM not yet set, no DNS
    "after-ses-before-dns": SES_WRITES,  # every identity created, no zone written
    "between-two-zones": SES_WRITES + 1,  # one zone written (one atomic batch), the other not
}


@pytest.mark.parametrize("point", sorted(INTERRUPTIONS))
def test_interrupted_rollout_converges_on_rerun(point, clean_sandbox, tmp_path):
    """Two tenants, three identities, two Route 53 zones; the AWS side goes down at ``point`` (every call
    after that many writes fails with 503) and the run is cancelled. The state left is checked against the
    point (nothing half-written: a zone is complete or untouched); then the sandbox answers again, a rerun
    converges to the full end state, keeps what was created (same DKIM tokens) and duplicates nothing."""
    zones = {name: Route53Zone(clean_sandbox, name) for name in ("example.com", "example.net")}
    domains = ["example.com", "example.net"]
    inv = inventory(tmp_path / "inventory", clean_sandbox, INTERRUPT_TENANTS, {name: zone.settings() for name, zone in zones.items()}, domains_policy(*domains))

    run_interrupted(clean_sandbox, inv, INTERRUPTIONS[point])

    # the state the run was cancelled in: exactly the interruption point, nothing half-written in a zone
    states = ses_state(clean_sandbox, INTERRUPT_TENANTS)
    created = sorted((tenant, name) for tenant, state in states.items() for name in state)
    if point == "during-ses-setup":
        assert len(created) == 1, created
        assert all(s["mail_from"] is None for state in states.values() for s in state.values()), states
    else:
        assert_identities(states, INTERRUPT_TENANTS)
    written = [name for name, zone in zones.items() if zone.dump() == expected_zone(zone, INTERRUPT_TENANTS, states, domains)]
    for name, zone in zones.items():
        if name not in written:
            assert_zone(zone, zone.foreign())  # each zone is complete or untouched, never half-written
    assert len(written) == (1 if point == "between-two-zones" else 0), written
    before = {t: {n: s["tokens"] for n, s in state.items()} for t, state in states.items()}

    rerun = run_playbook(inv, clean_sandbox.env())
    assert rerun.rc == 0, rerun.stdout[-4000:]
    states = ses_state(clean_sandbox, INTERRUPT_TENANTS)  # also: each identity listed once per instance
    assert_identities(states, INTERRUPT_TENANTS)
    for tenant, tokens in before.items():  # what was created before the interruption was kept, not recreated
        for name, kept in tokens.items():
            assert states[tenant][name]["tokens"] == kept, (tenant, name)
    for zone in zones.values():
        assert_zone(zone, expected_zone(zone, INTERRUPT_TENANTS, states, domains))


ONE_TENANT = [Tenant("marketing", "111111111111", "us-east-1", [identity("example.org")])]


@pytest.mark.parametrize("mode", ["lose-update", "lose-answer"])
def test_rfc2136_update_cut_midway_is_all_or_nothing_and_a_rerun_converges(mode, clean_sandbox, tmp_path):
    """The RFC 2136 provider writes a zone in one UPDATE, which BIND applies whole or not at all.

    The connection to BIND breaks in the middle of the zone's write, either before the UPDATE reaches
    BIND or after BIND applied it but before its answer comes back: the run fails naming the zone, the
    server and what to do, the zone holds all of the plan or none of it, and a rerun converges.
    """
    zone = BindZone("example.org")
    relay = DnsRelay(zone.port, mode=mode)
    zone.server_port = relay.port
    try:
        inv = inventory(tmp_path / "inventory", clean_sandbox, ONE_TENANT, {"example.org": zone.settings()}, domains_policy("example.org"))
        first = run_playbook(inv, clean_sandbox.env())
        assert first.rc != 0 and relay.updates == 1, first.stdout[-3000:]
        (message,) = fatal_messages(first)
        assert (
            "update for zone example.org. on DNS server 127.0.0.1:%d failed: the server closed the connection before "
            "it answered: check its log" % relay.port in message
        ), message
        assert "an update is applied whole or not at all, so running again is safe" in message, message
        states = ses_state(clean_sandbox, ONE_TENANT)
        assert_identities(states, ONE_TENANT)
        full = expected_zone(zone, ONE_TENANT, states, ["example.org"])
        assert_zone(zone, zone.foreign() if mode == "lose-update" else full)

        relay.mode = "pass"
        rerun = run_playbook(inv, clean_sandbox.env())
        assert rerun.rc == 0, rerun.stdout[-3000:]
        after = ses_state(clean_sandbox, ONE_TENANT)
        assert after == states
        assert_zone(zone, full)
    finally:
        relay.close()
        zone.close()


# ================================================================================= 3. DNS server down, TSIG

DNS_FAULTS = {
    "server-down": "the server did not answer (ConnectionRefusedError): is it up and listening on TCP port %(port)d?",
    "tsig-refused": "TSIG key ddns-key was refused (bad signature): check key_secret and key_algorithm",
}


@pytest.mark.parametrize("fault", sorted(DNS_FAULTS))
def test_dns_server_fault_names_zone_server_and_fix_and_keeps_ses(fault, clean_sandbox, tmp_path):
    """The zone's BIND is down, or refuses the TSIG key (wrong secret), while site.yml runs: the run fails
    naming the zone, the server and the likely fix; SES keeps the identity it set up, complete; with the
    server back (a new BIND on the same port, same zone file) or the right secret, a rerun converges."""
    zone = BindZone("example.org")
    try:
        settings = zone.settings()
        if fault == "server-down":
            zone.bind.stop(remove=False)
        else:
            settings["key_secret"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
        inv = inventory(tmp_path / "inventory", clean_sandbox, ONE_TENANT, {"example.org": settings}, domains_policy("example.org"))
        failed = run_playbook(inv, clean_sandbox.env())
        assert failed.rc != 0
        (message,) = fatal_messages(failed)
        assert message == "zone transfer for zone example.org. on DNS server 127.0.0.1:%d failed: %s" % (zone.port, DNS_FAULTS[fault] % {"port": zone.port})
        # SES is not rolled back, nor left half-done: the identity is complete
        states = ses_state(clean_sandbox, ONE_TENANT)
        assert_identities(states, ONE_TENANT)

        if fault == "server-down":
            zone.restart()  # same port, same zone file, new TSIG key
        else:
            assert_zone(zone, zone.foreign())  # refused: nothing written
        inv = inventory(tmp_path / "inventory-fixed", clean_sandbox, ONE_TENANT, {"example.org": zone.settings()}, domains_policy("example.org"))
        rerun = run_playbook(inv, clean_sandbox.env())
        assert rerun.rc == 0, rerun.stdout[-3000:]
        assert ses_state(clean_sandbox, ONE_TENANT) == states  # the same identity, not a new one
        assert_zone(zone, expected_zone(zone, ONE_TENANT, states, ["example.org"]))
    finally:
        zone.close()


# =================================================================================== 4. concurrent writers


def test_two_rollouts_writing_the_same_zones_at_once_lose_nothing(clean_sandbox, tmp_path):
    """Two inventories, one tenant each (accounts 111111111111 and 222222222222), share the zones
    example.com (Route 53) and example.org (BIND); both ansible-playbook runs start at once.

    Relays make the race certain: each zone write waits until both runs have read the zone, so the
    second write to land was planned from a read the first write made stale. That write is rejected as
    a whole (Route 53 InvalidChangeBatch, RFC 2136 prerequisites), and the module re-reads and re-plans:
    its ``attempts`` is 2. Every value of both tenants ends up published.
    """
    route53 = Route53Zone(clean_sandbox, "example.com")
    bind = BindZone("example.org")
    dns_relay = DnsRelay(bind.port, mode="gate")
    bind.server_port = dns_relay.port
    aws = GatedAws(clean_sandbox.endpoint)
    tenants = [
        Tenant("marketing", "111111111111", "us-east-1", [identity("example.com"), identity("example.org")]),
        Tenant("operations", "222222222222", "us-east-1", [identity("example.com"), identity("example.org")]),
    ]
    domains = ["example.com", "example.org"]
    try:
        zones = {"example.com": route53.settings(), "example.org": bind.settings()}
        runs = []
        for tenant in tenants:
            inv = inventory(tmp_path / tenant.name, clean_sandbox, [tenant], zones, domains_policy(*domains), mailops_aws_endpoint_url=aws.endpoint)
            runs.append(Playbook(inv, clean_sandbox.env(), args=["-v"]))
        results = [run.wait() for run in runs]
        for result in results:
            assert result.rc == 0 and result.failed == 0, result.stdout[-4000:]

        states = ses_state(clean_sandbox, tenants)
        assert_identities(states, tenants)
        assert_zone(route53, expected_zone(route53, tenants, states, domains))
        assert_zone(bind, expected_zone(bind, tenants, states, domains))
        for name in domains:
            attempts = sorted(task_results(result.stdout, "Publish each zone once", item=name)[0]["attempts"] for result in results)
            assert attempts == [1, 2], (name, attempts)  # the race happened, was detected, and was re-planned
        assert dns_relay.updates == 3 and sum(aws.writes.values()) == 3, (dns_relay.updates, aws.writes)
    finally:
        aws.close()
        dns_relay.close()
        bind.close()
