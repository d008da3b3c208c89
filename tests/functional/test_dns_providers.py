"""Provider contract tests: the same promises on Route 53 (sandbox), a real BIND and a zone file.

1. Foreign values (a google-site-verification TXT and an SPF at the apex) survive every operation.
2. Two writers adding different _amazonses values, one after the other and interleaved, both end up present.
3. Check mode sends no write.  4. A rerun is a no-op.
5. A wrong TSIG key gives a clear error.  6. A server that is down gives a clear error, and a rerun converges.
"""

import os
import textwrap

import dns.zone
import pytest
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry, RetryingBotoClientWrapper
from testkit.aws import add_records
from testkit.bind import Bind
from testkit.modules import run_module

from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.rfc2136 import Rfc2136Provider
from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.route53 import Route53Provider
from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.zonefile import ZoneFileProvider
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ProviderError, publish
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import record_sets_from_input

from ..conftest import require_bind

ZONE = "example.com."
FOREIGN = [
    ("example.com.", "TXT", '"google-site-verification=abc123"'),
    ("example.com.", "TXT", '"v=spf1 include:_spf.google.com -all"'),
]
OURS = [
    {"name": "_amazonses", "type": "TXT", "values": ["token-account-a"]},
    {"name": "mail", "type": "MX", "values": ["10 feedback-smtp.us-east-1.amazonses.com"]},
    {"name": "mail", "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all"]},
    {"name": "t1._domainkey", "type": "CNAME", "values": ["t1.dkim.amazonses.com"]},
    {"name": "s1._domainkey", "type": "TXT", "values": ["v=DKIM1; k=rsa; p=" + "A" * 380]},
]


def desired(items):
    return record_sets_from_input(items, zone=ZONE)


class Route53Backend:
    name = "route53"

    def __init__(self, sandbox):
        self.sandbox = sandbox
        self.r53 = sandbox.client("route53")
        self.zone_id = self.r53.create_hosted_zone(Name="example.com", CallerReference="contract")["HostedZone"]["Id"]
        add_records(self.r53, self.zone_id, [("example.com", "TXT", [v for _n, _t, v in FOREIGN])])
        sandbox.reset_calls()  # count only the writes the code under test makes

    def provider(self):
        client = RetryingBotoClientWrapper(self.sandbox.client("route53", retries=3), AWSRetry.jittered_backoff(retries=3))
        return Route53Provider(client, ZONE)

    def module_args(self):
        return {"provider": "route53", "zone": "example.com"}, self.sandbox.env()

    def dump(self):
        records = set()
        for page in self.r53.get_paginator("list_resource_record_sets").paginate(HostedZoneId=self.zone_id):
            for rrset in page["ResourceRecordSets"]:
                if rrset["Type"] in ("SOA", "NS"):
                    continue
                for value in rrset.get("ResourceRecords", []):
                    records.add((rrset["Name"], rrset["Type"], _norm_txt(rrset["Type"], value["Value"])))
        return records

    def writes(self):
        return self.sandbox.writes().get("route53:ChangeResourceRecordSets", 0)

    def close(self):
        pass


class BindBackend:
    name = "rfc2136"

    def __init__(self):
        require_bind()
        extra = "\n".join("@ IN TXT %s" % v for _n, _t, v in FOREIGN)
        self.bind = Bind({"example.com": extra}).start()
        self.host, port = self.bind.server.split(":")
        self.port = int(port)

    def provider(self, secret=None, port=None):
        return Rfc2136Provider(ZONE, self.host, port or self.port, self.bind.key_name, secret or self.bind.secret, timeout=2)

    def module_args(self):
        return {
            "provider": "rfc2136",
            "zone": "example.com",
            "server": self.host,
            "port": self.port,
            "key_name": self.bind.key_name,
            "key_secret": self.bind.secret,
        }, {}

    def dump(self):
        return {(n, t, _norm_txt(t, v)) for n, t, _ttl, v in self.bind.dump("example.com") if t not in ("SOA", "NS", "A")}

    def writes(self):
        return self.bind.serial("example.com") - 1

    def close(self):
        self.bind.stop()


class ZoneFileBackend:
    name = "zonefile"

    def __init__(self, tmp_path):
        self.path = str(tmp_path / "example.com.db")
        with open(self.path, "w") as handle:
            handle.write(
                textwrap.dedent("""\
                $ORIGIN example.com.
                $TTL 300
                ; hand-written part, must survive byte for byte
                @   IN SOA ns1.example.com. hostmaster.example.com. (
                        2024010101 ; serial
                        3600 600 86400 300 )
                    IN NS  ns1.example.com.
                ns1 IN A   192.0.2.53
                """)
                + "".join("@ IN TXT %s\n" % v for _n, _t, v in FOREIGN)
            )
        with open(self.path) as handle:
            self.original_head = handle.read()

    def provider(self):
        return ZoneFileProvider(ZONE, self.path)

    def module_args(self):
        return {"provider": "zonefile", "zone": "example.com", "path": self.path}, {}

    def dump(self):
        zone = dns.zone.from_file(self.path, origin=ZONE, relativize=False)
        records = set()
        for name, node in zone.nodes.items():
            for rdataset in node.rdatasets:
                rtype = dns.rdatatype.to_text(rdataset.rdtype)
                if rtype in ("SOA", "NS", "A"):
                    continue
                for rdata in rdataset:
                    records.add((name.to_text(), rtype, _norm_txt(rtype, rdata.to_text())))
        return records

    def writes(self):
        zone = dns.zone.from_file(self.path, origin=ZONE, relativize=False)
        return zone.get_rdataset(ZONE, "SOA")[0].serial - 2024010101

    def close(self):
        pass


def _norm_txt(rtype, value):
    if rtype == "TXT":
        import dns.rdata

        rdata = dns.rdata.from_text("IN", "TXT", value)
        return b"".join(rdata.strings).decode()
    return value.lower()


FOREIGN_SET = {(n, t, _norm_txt(t, v)) for n, t, v in FOREIGN}


@pytest.fixture(params=["route53", "rfc2136", "zonefile"])
def backend(request, clean_sandbox, tmp_path):
    if request.param == "route53":
        made = Route53Backend(clean_sandbox)
    elif request.param == "rfc2136":
        made = BindBackend()
    else:
        made = ZoneFileBackend(tmp_path)
    yield made
    made.close()


def test_check_mode_writes_nothing_then_apply_then_rerun_is_a_no_op(backend):
    before = backend.dump()
    checked = publish(backend.provider(), ZONE, desired(OURS), check_mode=True)
    assert checked.plan.summary() == {"create": 5, "update": 0, "delete": 0}
    assert backend.writes() == 0 and backend.dump() == before
    applied = publish(backend.provider(), ZONE, desired(OURS))
    assert applied.writes == 1
    after = backend.dump()
    assert FOREIGN_SET <= after
    assert ("_amazonses.example.com.", "TXT", "token-account-a") in after
    assert ("mail.example.com.", "MX", "10 feedback-smtp.us-east-1.amazonses.com.") in after
    assert ("s1._domainkey.example.com.", "TXT", "v=DKIM1; k=rsa; p=" + "A" * 380) in after
    again = publish(backend.provider(), ZONE, desired(OURS))
    assert not again.plan and again.writes == 0 and backend.writes() == 1


def test_two_writers_one_after_the_other(backend):
    publish(backend.provider(), ZONE, desired(OURS))
    publish(backend.provider(), ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["token-account-b"]}]))
    after = backend.dump()
    assert {("_amazonses.example.com.", "TXT", "token-account-a"), ("_amazonses.example.com.", "TXT", "token-account-b")} <= after
    assert FOREIGN_SET <= after


def test_two_writers_interleaved_nothing_is_lost(backend):
    """B reads, A writes, B writes: B's write carries the values it read, fails, and B re-plans."""
    publish(backend.provider(), ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["token-account-a"]}]))

    writer_b = backend.provider()
    real_read = writer_b.read
    state = {"raced": False}

    def read_then_let_a_write(keys=None):
        current = real_read(keys)
        if not state["raced"]:
            state["raced"] = True
            publish(backend.provider(), ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["token-account-c"]}]))
        return current

    writer_b.read = read_then_let_a_write
    result = publish(writer_b, ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["token-account-b"]}]))
    assert result.attempts == 2
    after = backend.dump()
    assert {("_amazonses.example.com.", "TXT", t) for t in ("token-account-a", "token-account-b", "token-account-c")} <= after
    assert FOREIGN_SET <= after


def test_replace_and_absent_keep_foreign_values(backend):
    publish(backend.provider(), ZONE, desired(OURS))
    publish(backend.provider(), ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["token-account-b"]}]))
    publish(backend.provider(), ZONE, desired(OURS), mode="absent", force=True)  # 5 of 13 values: past the 30% limit
    after = backend.dump()
    assert after == FOREIGN_SET | {("_amazonses.example.com.", "TXT", "token-account-b")}
    publish(backend.provider(), ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["only"]}]), mode="replace")
    assert backend.dump() == FOREIGN_SET | {("_amazonses.example.com.", "TXT", "only")}


def test_merged_apex_spf_keeps_their_mechanisms_and_absent_takes_ours_out(backend):
    spf = [{"name": "@", "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all"]}]
    publish(backend.provider(), ZONE, desired(spf))
    after = backend.dump()
    assert ("example.com.", "TXT", "v=spf1 include:_spf.google.com include:amazonses.com -all") in after
    assert ("example.com.", "TXT", "google-site-verification=abc123") in after
    if backend.name == "zonefile":  # the foreign SPF line was retired (commented), never deleted
        with open(backend.path) as handle:
            assert '; mailops.ses retired this line (value changed or removed by the plan): @ IN TXT "v=spf1 include:_spf.google.com -all"' in handle.read()
    publish(backend.provider(), ZONE, desired(spf), mode="absent")
    assert backend.dump() == FOREIGN_SET


def test_module_check_mode_rerun_and_diff(backend):
    args, env = backend.module_args()
    args = dict(args, record_sets=OURS)
    checked = run_module("dns_record_sets", args, env=env, check_mode=True, diff=True)
    assert checked["changed"] and checked["summary"]["create"] == 5
    assert "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com." in checked["diff"]["after"]
    assert backend.writes() == 0
    assert run_module("dns_record_sets", args, env=env)["changed"]
    rerun = run_module("dns_record_sets", args, env=env)
    assert not rerun["changed"] and rerun["api_calls"]["writes"] == 0
    assert backend.writes() == 1
    assert FOREIGN_SET <= backend.dump()


def test_zone_file_keeps_unmanaged_lines_and_is_byte_identical_on_rerun(tmp_path):
    backend = ZoneFileBackend(tmp_path)
    publish(backend.provider(), ZONE, desired(OURS))
    with open(backend.path) as handle:
        text = handle.read()
    assert text.startswith(backend.original_head.replace("2024010101", "2024010102"))
    assert "; BEGIN mailops.ses managed records" in text
    mtime = os.stat(backend.path).st_mtime_ns
    publish(backend.provider(), ZONE, desired(OURS))
    with open(backend.path) as handle:
        assert handle.read() == text
    assert os.stat(backend.path).st_mtime_ns == mtime


def test_wrong_tsig_key_is_a_clear_error_and_writes_nothing():
    backend = BindBackend()
    try:
        provider = backend.provider(secret="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        with pytest.raises(ProviderError) as exc:
            publish(provider, ZONE, desired(OURS))
        message = str(exc.value)
        assert "zone example.com. on DNS server 127.0.0.1:%d" % backend.port in message
        assert "TSIG key ddns-key was refused" in message and "check key_secret and key_algorithm" in message
        assert backend.writes() == 0
    finally:
        backend.close()


def test_server_down_is_a_clear_error_and_a_rerun_converges():
    backend = BindBackend()
    try:
        port = backend.port
        backend.bind.stop(remove=False)
        with pytest.raises(ProviderError) as exc:
            publish(backend.provider(), ZONE, desired(OURS))
        assert "zone example.com. on DNS server 127.0.0.1:%d" % port in str(exc.value)
        assert "is it up and listening on TCP port %d" % port in str(exc.value)
        args, env = backend.module_args()
        failed = run_module("dns_record_sets", dict(args, record_sets=OURS), env=env, expect_failure=True)
        assert "is it up and listening" in failed["msg"]
        assert backend.bind.secret not in failed["_stdout"]
        backend.bind = Bind({"example.com": "\n".join("@ IN TXT %s" % v for _n, _t, v in FOREIGN)}, port=port)
        backend.bind.start()
        backend.port = port
        publish(backend.provider(), ZONE, desired(OURS))
        assert FOREIGN_SET | {("_amazonses.example.com.", "TXT", "token-account-a")} <= backend.dump()
    finally:
        backend.close()


def test_route53_zone_not_found_and_private_zone_choice(clean_sandbox):
    r53 = clean_sandbox.client("route53")
    public = r53.create_hosted_zone(Name="example.com", CallerReference="pub")["HostedZone"]["Id"].split("/")[-1]
    private = r53.create_hosted_zone(
        Name="example.com", CallerReference="priv", HostedZoneConfig={"PrivateZone": True}, VPC={"VPCRegion": "us-east-1", "VPCId": "vpc-12345678"}
    )["HostedZone"]["Id"].split("/")[-1]
    client = RetryingBotoClientWrapper(clean_sandbox.client("route53"), AWSRetry.jittered_backoff(retries=2))
    assert Route53Provider(client, ZONE).zone_id() == public
    assert Route53Provider(client, ZONE, private_zone=True).zone_id() == private
    with pytest.raises(ProviderError) as exc:
        Route53Provider(client, "missing.example.").zone_id()
    assert "Route 53 has no public hosted zone named missing.example." in str(exc.value)


def test_route53_batches_respect_limits():
    from ansible_collections.mailops.ses.plugins.module_utils._dns.plan import make_plan

    many = desired([{"name": "r%d" % i, "type": "TXT", "values": ["v%d" % i]} for i in range(2500)])
    plan = make_plan(ZONE, {}, many)
    batches = Route53Provider(None, ZONE).batches(plan)
    assert [len(b) for b in batches] == [1000, 1000, 500]
