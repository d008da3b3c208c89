"""A real BIND 9 (named) on a loopback port, with a TSIG key, for RFC 2136 tests."""

import os
import pwd
import shutil
import subprocess
import tempfile
import time

import dns.message
import dns.query
import dns.rdatatype

from .ports import free_port

ZONE_TEMPLATE = """$TTL 300
@   IN SOA ns1.{zone}. hostmaster.{zone}. ( 1 3600 600 86400 300 )
    IN NS  ns1.{zone}.
ns1 IN A   127.0.0.1
{extra}
"""


def named_binary():
    for candidate in ("named", "/usr/sbin/named"):
        path = shutil.which(candidate)
        if path:
            return path
    return None


class Bind:
    """``named -g`` with every file under one temporary directory."""

    def __init__(self, zones, key_name="ddns-key", algorithm="hmac-sha256", port=None, allow_transfer=True):
        self.zones = dict(zones)  # name -> extra zone-file lines
        self.key_name = key_name
        self.algorithm = algorithm
        self.port = port or free_port()
        self._auto_port = not port
        self.allow_transfer = allow_transfer
        self.dir = None
        self.process = None
        self.secret = None

    @property
    def server(self):
        return f"127.0.0.1:{self.port}"

    def _keygen(self):
        output = subprocess.run(["tsig-keygen", "-a", self.algorithm, self.key_name], check=True, capture_output=True, text=True).stdout
        self.secret = output.split('secret "', 1)[1].split('"', 1)[0]
        return output

    def write_config(self):
        self.dir = tempfile.mkdtemp(prefix="mailops-bind-")
        for sub in ("data", "run", "zones"):
            os.makedirs(os.path.join(self.dir, sub))
        with open(os.path.join(self.dir, "ddns-key.conf"), "w") as handle:
            handle.write(self._keygen())
        transfer = f'allow-transfer {{ key "{self.key_name}"; }};' if self.allow_transfer else "allow-transfer { none; };"
        zones = []
        for zone, extra in self.zones.items():
            with open(os.path.join(self.dir, "zones", f"{zone}.db"), "w") as handle:
                handle.write(ZONE_TEMPLATE.format(zone=zone, extra=extra or ""))
            zones.append(f'zone "{zone}" {{ type primary; file "{self.dir}/zones/{zone}.db"; allow-update {{ key "{self.key_name}"; }}; {transfer} }};')
        config = f"""include "{self.dir}/ddns-key.conf";
options {{
    directory "{self.dir}/data"; pid-file "{self.dir}/run/named.pid";
    session-keyfile "{self.dir}/run/session.key"; managed-keys-directory "{self.dir}/data";
    listen-on port {self.port} {{ 127.0.0.1; }}; listen-on-v6 {{ none; }};
    recursion no; dnssec-validation no; allow-query {{ 127.0.0.1; }}; notify no;
}};
controls {{ }};
{chr(10).join(zones)}
"""
        with open(os.path.join(self.dir, "named.conf"), "w") as handle:
            handle.write(config)
        if os.geteuid() == 0:
            user = pwd.getpwnam("bind")
            for root, dirs, files in os.walk(self.dir):
                for name in dirs + files:
                    os.chown(os.path.join(root, name), user.pw_uid, user.pw_gid)
            os.chown(self.dir, user.pw_uid, user.pw_gid)

    def start(self, timeout=20):
        """Start named and wait until it answers over UDP and TCP. A port picked here can be taken by another
        process between the check and named's start (TCP only, say, while UDP works): then try another one."""
        for attempt in range(3):
            try:
                return self._start_once(timeout)
            except RuntimeError:
                if not self._auto_port or attempt == 2:
                    raise
                self.port = free_port()

    def _start_once(self, timeout):
        binary = named_binary()
        if not binary:
            raise RuntimeError("BIND (named) is not installed: apt-get install bind9 bind9-utils")
        self.write_config()
        args = [binary, "-g", "-c", os.path.join(self.dir, "named.conf"), "-p", str(self.port), "-n", "1"]
        if os.geteuid() == 0:
            args += ["-u", "bind"]
        self.log = open(os.path.join(self.dir, "named.log"), "wb")
        self.process = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        zone = next(iter(self.zones))
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                query = dns.message.make_query(zone, "SOA")
                if dns.query.udp(query, "127.0.0.1", port=self.port, timeout=0.3).answer and (
                    dns.query.tcp(query, "127.0.0.1", port=self.port, timeout=0.3).answer
                ):
                    return self
            except Exception:  # noqa: BLE001 - not listening yet
                time.sleep(0.05)
        log = open(os.path.join(self.dir, "named.log")).read()
        self.stop()
        raise RuntimeError(f"named did not start:\n{log}")

    def stop(self, remove=True):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if getattr(self, "log", None):
            self.log.close()
            self.log = None
        if remove and self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- inspection -------------------------------------------------------
    def query(self, name, rtype):
        response = dns.query.tcp(dns.message.make_query(name, rtype), "127.0.0.1", port=self.port, timeout=3)
        values = []
        for rrset in response.answer:
            if rrset.rdtype == dns.rdatatype.from_text(rtype):
                values.extend(rdata.to_text() for rdata in rrset)
        return sorted(values)

    def serial(self, zone):
        return int(self.query(zone, "SOA")[0].split()[2])

    def dump(self, zone):
        """Every record of ``zone`` as sorted (name, type, ttl, value) tuples, SOA excluded."""
        import dns.tsigkeyring
        import dns.zone

        keyring = dns.tsigkeyring.from_text({self.key_name: (self.algorithm, self.secret)})
        zone = zone.rstrip(".") + "."
        xfr = dns.query.xfr("127.0.0.1", zone, port=self.port, keyring=keyring, keyname=self.key_name, relativize=False)
        loaded = dns.zone.from_xfr(xfr, relativize=False)
        records = []
        for name, node in loaded.nodes.items():
            for rdataset in node.rdatasets:
                if rdataset.rdtype == dns.rdatatype.SOA:
                    continue
                for rdata in rdataset:
                    records.append((name.to_text(), dns.rdatatype.to_text(rdataset.rdtype), rdataset.ttl, rdata.to_text()))
        return sorted(records)
