# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""RFC 2136 provider (BIND, Knot, PowerDNS...): AXFR reads, one UPDATE per plan with prerequisites.

Each change carries a prerequisite: a record set we create must not exist
(NXRRSET), a set we update or delete must hold exactly the values we read
(value-dependent YXRRSET).  The server applies the whole UPDATE or nothing, so
a concurrent writer makes it fail with NXRRSET/YXRRSET and the pipeline
re-reads and re-plans instead of overwriting.  Messages go over TCP with TSIG.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket

# before dns.query: switches off the transports dnspython would import an HTTP stack for
from ansible_collections.mailops.ses.plugins.module_utils._dns import dnspython  # noqa: F401  # pylint: disable=unused-import

try:
    import dns.exception
    import dns.message
    import dns.name
    import dns.query
    import dns.rcode
    import dns.rdata
    import dns.rdataclass
    import dns.rdataset
    import dns.rdatatype
    import dns.tsig
    import dns.tsigkeyring
    import dns.update
    import dns.xfr
    import dns.zone

    HAS_DNSPYTHON = True
except ImportError:
    HAS_DNSPYTHON = False

from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ConcurrentChange, ProviderError
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordSet, absolute, canonical_value


def canonical_from_rdata(rdata):
    rtype = dns.rdatatype.to_text(rdata.rdtype)
    if rtype == "TXT":
        return b"".join(rdata.strings).decode("utf-8", "replace")
    text = rdata.to_text()
    try:
        return canonical_value(rtype, text)
    except ValueError:
        return text


def record_sets_from_zone(zone):
    """A dnspython zone (from a transfer or a zone file) as ``{(owner, type): RecordSet}``; each RecordSet
    keeps the server's own text of every value, so a delete names exactly what is there."""
    current = {}
    for name, node in zone.nodes.items():
        owner = absolute(name.to_text())
        for rdataset in node.rdatasets:
            rtype = dns.rdatatype.to_text(rdataset.rdtype)
            raw = {canonical_from_rdata(rdata): rdata.to_text() for rdata in rdataset}
            current[(owner, rtype)] = RecordSet(owner, rtype, rdataset.ttl, list(raw), raw)
    return current


class Rfc2136Provider:
    name = "rfc2136"

    def __init__(self, zone, server, port=53, key_name=None, key_secret=None, key_algorithm="hmac-sha256", timeout=10):
        if not HAS_DNSPYTHON:
            raise ProviderError("the rfc2136 provider needs dnspython on the host that runs the module: pip install dnspython")
        self.zone = absolute(zone)
        self.server = server
        self.port = int(port)
        self.timeout = timeout
        self.key_name = key_name
        self.keyring = None
        if key_name:
            try:
                self.keyring = dns.tsigkeyring.from_text({key_name: (key_algorithm, key_secret)})
            except Exception as exc:  # noqa: BLE001 - a malformed secret or algorithm
                raise ProviderError(
                    "TSIG key %s for zone %s is not usable (%s): check key_secret (base64) and key_algorithm" % (key_name, self.zone, exc.__class__.__name__)
                )
        self.reads = 0
        self.writes = 0

    def describe(self):
        return "zone %s on DNS server %s:%d" % (self.zone, self.server, self.port)

    def _fail(self, exc, action):
        if isinstance(exc, dns.tsig.PeerBadKey):
            hint = "the server does not know TSIG key %s: check key_name" % self.key_name
        elif isinstance(exc, (dns.tsig.PeerBadSignature, dns.tsig.BadSignature)):
            hint = "TSIG key %s was refused (bad signature): check key_secret and key_algorithm" % self.key_name
        elif isinstance(exc, EOFError):
            hint = (
                "the server closed the connection before it answered: check its log (a restart, a crash, a limit on "
                "TCP clients); an update is applied whole or not at all, so running again is safe"
            )
        elif isinstance(exc, (ConnectionRefusedError, socket.timeout, dns.exception.Timeout, OSError)):
            hint = "the server did not answer (%s): is it up and listening on TCP port %d?" % (exc.__class__.__name__, self.port)
        else:
            hint = "%s: %s" % (exc.__class__.__name__, exc)
        return ProviderError("%s for %s failed: %s" % (action, self.describe(), hint))

    # -- reading ----------------------------------------------------------
    def read(self, keys=None):
        try:
            return self._read_axfr()
        except _TransferRefused:
            return self._read_queries(keys or set())

    def _read_axfr(self):
        self.reads += 1
        try:
            xfr = dns.query.xfr(
                self.server,
                self.zone,
                port=self.port,
                keyring=self.keyring,
                keyname=self.key_name,
                timeout=self.timeout,
                lifetime=self.timeout * 3,
                relativize=False,
            )
            loaded = dns.zone.from_xfr(xfr, relativize=False, check_origin=False)
        except dns.xfr.TransferError as exc:
            if exc.rcode in (dns.rcode.REFUSED, dns.rcode.NOTAUTH):
                raise _TransferRefused()
            raise self._fail(exc, "zone transfer")
        except Exception as exc:  # noqa: BLE001 - network and TSIG failures become one clear message
            if isinstance(exc, (dns.tsig.PeerBadKey, dns.tsig.PeerBadSignature)) and self.keyring:
                raise self._fail(exc, "zone transfer")
            if isinstance(exc, EOFError) or "REFUSED" in str(exc):
                raise _TransferRefused()
            raise self._fail(exc, "zone transfer")
        return record_sets_from_zone(loaded)

    def _read_queries(self, keys):
        current = {}
        for name, rtype in sorted(keys):
            self.reads += 1
            query = dns.message.make_query(name, rtype)
            if self.keyring:
                query.use_tsig(self.keyring, keyname=self.key_name)
            try:
                response = dns.query.tcp(query, self.server, port=self.port, timeout=self.timeout)
            except Exception as exc:  # noqa: BLE001
                raise self._fail(exc, "query %s %s" % (name, rtype))
            for rrset in response.answer:
                if rrset.rdtype != dns.rdatatype.from_text(rtype) or absolute(rrset.name.to_text()) != name:
                    continue
                raw = {canonical_from_rdata(rdata): rdata.to_text() for rdata in rrset}
                current[(name, rtype)] = RecordSet(name, rtype, rrset.ttl, list(raw), raw)
        return current

    # -- writing ----------------------------------------------------------
    def _rdataset(self, record_set, ttl=None):
        rdtype = dns.rdatatype.from_text(record_set.type)
        texts = [record_set.raw_value(v) for v in record_set.values]
        rdatas = [dns.rdata.from_text(dns.rdataclass.IN, rdtype, text, origin=dns.name.root, relativize=False) for text in texts]
        return dns.rdataset.from_rdata_list(record_set.ttl if ttl is None else ttl, rdatas)

    def update_message(self, plan):
        update = dns.update.UpdateMessage(self.zone, keyring=self.keyring, keyname=self.key_name)
        for change in plan.changes:
            name = dns.name.from_text(change.key[0])
            rtype = change.key[1]
            if change.before is None:
                update.absent(name, rtype)
            else:
                update.present(name, self._rdataset(change.before, ttl=0))
            if change.before is not None:
                update.delete(name, rtype)
            if change.after is not None:
                update.add(name, self._rdataset(change.after))
        return update

    def apply(self, plan):
        update = self.update_message(plan)
        self.writes += 1
        try:
            response = dns.query.tcp(update, self.server, port=self.port, timeout=self.timeout)
        except Exception as exc:  # noqa: BLE001
            raise self._fail(exc, "update")
        rcode = response.rcode()
        if rcode == dns.rcode.NOERROR:
            return 1
        if rcode in (dns.rcode.NXRRSET, dns.rcode.YXRRSET, dns.rcode.NXDOMAIN, dns.rcode.YXDOMAIN):
            raise ConcurrentChange("%s answered %s to our prerequisites" % (self.describe(), dns.rcode.to_text(rcode)))
        if rcode == dns.rcode.REFUSED:
            raise ProviderError(
                "%s refused the update (REFUSED): allow updates for key %s in the server's "
                "allow-update/update-policy for this zone" % (self.describe(), self.key_name or "(none)")
            )
        if rcode == dns.rcode.NOTAUTH:
            raise ProviderError(
                "%s answered NOTAUTH: TSIG key %s was refused or the server is not authoritative "
                "for the zone; check key_name, key_secret and key_algorithm" % (self.describe(), self.key_name)
            )
        if rcode == dns.rcode.NOTZONE:
            raise ProviderError("%s answered NOTZONE: a record is outside the zone" % self.describe())
        raise ProviderError("%s answered %s to the update" % (self.describe(), dns.rcode.to_text(rcode)))


class _TransferRefused(Exception):
    pass
