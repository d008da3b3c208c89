"""A real PowerDNS authoritative server (gsqlite3 backend, HTTP API) on loopback ports, for the octoDNS provider tests.

Every file lives under one temporary directory: a fresh SQLite database made from the packaged schema, a
``pdns.conf`` with a generated API key, the control socket.  Zones are created through the HTTP API after
the start: PowerDNS 4.5+ keeps a zone cache that ignores zones made with ``pdnsutil`` while it runs.
"""

import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import dns.exception
import dns.message
import dns.query
import dns.rdatatype

from .ports import free_port

SCHEMA = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"

CONFIG = """launch=gsqlite3
gsqlite3-database={db}
local-address=127.0.0.1
local-port={port}
api=yes
api-key={api_key}
webserver=yes
webserver-address=127.0.0.1
webserver-port={api_port}
webserver-allow-from=127.0.0.0/8
socket-dir={dir}
guardian=no
daemon=no
disable-syslog=yes
loglevel=4
default-soa-content=ns1.@ hostmaster.@ 0 10800 3600 604800 300
"""


def pdns_binary():
    for candidate in ("pdns_server", "/usr/sbin/pdns_server"):
        path = shutil.which(candidate)
        if path:
            return path
    return None


class PowerDnsApiError(Exception):
    def __init__(self, status, body):
        super().__init__("PowerDNS API answered %s: %s" % (status, body))
        self.status = status
        self.body = body


class PowerDns:
    """``pdns_server`` in the foreground with its own config dir, database, API key and ports."""

    def __init__(self, zones=(), port=None, api_port=None, api_key=None):
        self.zones = list(zones)  # names created through the API once the server answers
        self._fixed_ports = bool(port or api_port)
        self.port = port or free_port()
        self.api_port = api_port or free_port()
        self.api_key = api_key or secrets.token_hex(24)
        self.dir = None
        self.process = None
        self.log = None

    @property
    def api_url(self):
        return "http://127.0.0.1:%d/api/v1/servers/localhost" % self.api_port

    def write_config(self):
        self.dir = tempfile.mkdtemp(prefix="mailops-pdns-")
        db = os.path.join(self.dir, "pdns.sqlite3")
        with open(SCHEMA) as schema:
            subprocess.run(["sqlite3", db], stdin=schema, check=True, capture_output=True)
        with open(os.path.join(self.dir, "pdns.conf"), "w") as handle:
            handle.write(CONFIG.format(db=db, port=self.port, api_key=self.api_key, api_port=self.api_port, dir=self.dir))
        os.chmod(os.path.join(self.dir, "pdns.conf"), 0o600)

    def start(self, timeout=20, attempts=3):
        """Start the server and create its zones. Ports picked here are free when picked, but with several test
        groups starting servers at once another process can take one before pdns binds it, and pdns then exits
        (sometimes only after its API has answered): the server must still be up, answering its API and DNS, a
        moment after the start, or it starts again on other free ports (not when the ports were given, or on a
        restart with ``stop(remove=False)``, which keeps them)."""
        fresh = self.dir is None  # not a restart: the directory is this start's own
        for attempt in range(1, attempts + 1):
            try:
                return self._start_once(timeout)
            except RuntimeError:
                if fresh:
                    self.stop()  # its directory too: a new one with the new ports, or nothing left behind
                if not fresh or self._fixed_ports or attempt == attempts:
                    raise
                self.port, self.api_port = free_port(), free_port()

    def _start_once(self, timeout):
        binary = pdns_binary()
        if not binary:
            raise RuntimeError("PowerDNS is not installed: apt-get install pdns-server pdns-backend-sqlite3 sqlite3")
        if not os.path.exists(SCHEMA):
            raise RuntimeError("the PowerDNS SQLite schema %s is missing: apt-get install pdns-backend-sqlite3" % SCHEMA)
        if self.dir is None:
            self.write_config()
        self.log = open(os.path.join(self.dir, "pdns.log"), "ab")
        self.process = subprocess.Popen([binary, "--config-dir=%s" % self.dir], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                self.api("GET", "")
                break
            except (OSError, PowerDnsApiError):
                time.sleep(0.05)
        else:
            raise self._failed("pdns_server did not answer its API within %d s" % timeout)
        if self.process is None or self.process.poll() is not None:
            raise self._failed("pdns_server did not start")
        try:
            for zone in self.zones:
                if not self.zone_exists(zone):
                    self.create_zone(zone)
            time.sleep(0.2)  # still up a moment later, on both of its ports
            self.api("GET", "")
            if self.zones:
                self.query(self.zones[0], "SOA")
        except (OSError, PowerDnsApiError, dns.exception.DNSException) as exc:
            raise self._failed("pdns_server stopped answering after its start (%s)" % exc)
        if self.process.poll() is not None:
            raise self._failed("pdns_server exited after its start")
        return self

    def _failed(self, message):
        """The error to raise for a start that failed: ``message`` and the server's log; the server is stopped (its
        directory kept, for ``start`` to decide)."""
        log = self.read_log()
        self.stop(remove=False)
        return RuntimeError("%s:\n%s" % (message, log))

    def read_log(self):
        try:
            with open(os.path.join(self.dir, "pdns.log"), errors="replace") as handle:
                return handle.read()
        except (OSError, TypeError):
            return ""

    def stop(self, remove=True):
        """Stop the server; with ``remove=False`` its database and config stay, so ``start()`` brings it back as it was."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self.log:
            self.log.close()
            self.log = None
        if remove and self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- the HTTP API -----------------------------------------------------
    def api(self, method, path, body=None, api_key=None):
        url = self.api_url + ("/" + path if path else "")
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("X-API-Key", api_key or self.api_key)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as exc:
            raise PowerDnsApiError(exc.code, exc.read().decode(errors="replace"))
        return json.loads(text) if text else None

    def zone_exists(self, zone):
        try:
            self.api("GET", "zones/" + _absolute(zone))
            return True
        except PowerDnsApiError as exc:
            if exc.status in (404, 422):
                return False
            raise

    def create_zone(self, zone, records=()):
        """A native zone with an SOA, one NS (ns1.<zone>) and its A; ``records`` are (name, type, ttl, [contents])."""
        zone = _absolute(zone)
        rrsets = [
            _rrset("ns1." + zone, "A", 300, ["127.0.0.1"]),
        ] + [_rrset(_absolute(name), rtype, ttl, contents) for name, rtype, ttl, contents in records]
        self.api(
            "POST",
            "zones",
            {"name": zone, "kind": "Native", "nameservers": ["ns1." + zone], "soa_edit_api": "DEFAULT", "rrsets": rrsets},
        )

    def delete_zone(self, zone):
        self.api("DELETE", "zones/" + _absolute(zone))

    def reset_zone(self, zone, records=()):
        if self.zone_exists(zone):
            self.delete_zone(zone)
        self.create_zone(zone, records)

    def replace_rrset(self, name, rtype, ttl, contents, zone):
        """Write one record set through the API, as another tool would (PATCH with changetype REPLACE)."""
        self.api("PATCH", "zones/" + _absolute(zone), {"rrsets": [dict(_rrset(_absolute(name), rtype, ttl, contents), changetype="REPLACE")]})

    def rrsets(self, zone):
        """``{(name, type): (ttl, sorted contents)}`` as the API holds them."""
        data = self.api("GET", "zones/" + _absolute(zone))
        return {(r["name"], r["type"]): (r["ttl"], sorted(x["content"] for x in r["records"])) for r in data["rrsets"]}

    def serial(self, zone):
        return int(self.query(zone, "SOA")[0].split()[2])

    # -- DNS ----------------------------------------------------------------
    def answer(self, name, rtype):
        """The rdatas PowerDNS answers over DNS (TCP) for ``name``/``rtype``."""
        response = dns.query.tcp(dns.message.make_query(name, rtype), "127.0.0.1", port=self.port, timeout=3)
        rdatas = []
        for rrset in response.answer:
            if rrset.rdtype == dns.rdatatype.from_text(rtype):
                rdatas.extend(rrset)
        return rdatas

    def query(self, name, rtype):
        return sorted(rdata.to_text() for rdata in self.answer(name, rtype))

    def txt(self, name):
        """The TXT values served at ``name``: each a list of its character strings (bytes)."""
        return sorted([list(rdata.strings) for rdata in self.answer(name, "TXT")])


def _absolute(name):
    return name if name.endswith(".") else name + "."


def _rrset(name, rtype, ttl, contents):
    return {"name": name, "type": rtype, "ttl": ttl, "records": [{"content": c, "disabled": False} for c in contents]}
