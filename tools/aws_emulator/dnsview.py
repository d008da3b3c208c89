"""What SES would see in DNS: the sandbox's own Route 53 zones and, optionally, a real server.

A record is visible when it is in the longest-suffix public hosted zone of any
account in the sandbox's Route 53, or when one of the servers given by ``--dns-server``
(BIND, PowerDNS) answers it.
"""

import functools
import threading

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rdata
import dns.rdataclass
import dns.rdatatype


def normalise_name(name):
    return name.rstrip(".").lower() + "."


_INDEX_LOCK = threading.RLock()
_INDEXED = False  # True once install_index() wrapped the mutators: only then is an index kept
_ZONE_MUTATORS = ("add_rrset", "upsert_rrset", "delete_rrset", "delete_rrset_by_id")


def install_index():
    """Keep, per moto hosted zone, its record sets by normalised name, dropped whenever one of moto's four
    ``FakeZone`` mutators changes the zone. SES's view and the DNS server looked a name up by normalising every
    record set's name of the zone, for every DKIM, MAIL FROM and verification record of every identity read
    (quadratic in a zone's domains)."""
    global _INDEXED
    from moto.route53.models import FakeZone

    for method in _ZONE_MUTATORS:
        original = getattr(FakeZone, method)
        if getattr(original, "_drops_index", False):
            continue

        @functools.wraps(original)
        def mutate(self, *args, _original=original, **kwargs):
            with _INDEX_LOCK:
                try:
                    return _original(self, *args, **kwargs)
                finally:
                    self.__dict__.pop("_mailops_by_name", None)

        mutate._drops_index = True
        setattr(FakeZone, method, mutate)
    _INDEXED = True


def rrsets_named(zone, name):
    """The record sets of a moto hosted zone whose normalised name is ``name`` (see ``install_index``)."""
    signature = (id(zone.rrsets), len(zone.rrsets))  # a list assigned anew (a DELETE) is noticed too
    kept = zone.__dict__.get("_mailops_by_name")
    if kept is not None and kept[0] == signature:
        return kept[1].get(name, ())
    with _INDEX_LOCK:
        index = {}
        for rrset in list(zone.rrsets):
            index.setdefault(normalise_name(rrset.name), []).append(rrset)
        if _INDEXED:
            zone._mailops_by_name = (signature, index)
    return index.get(name, ())


def drop_index(zone):
    """After changing ``zone.rrsets`` other than through moto's mutators."""
    with _INDEX_LOCK:
        zone.__dict__.pop("_mailops_by_name", None)


def txt_strings_to_value(text):
    """Decode a TXT record in presentation format into one joined string."""
    rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.TXT, text)
    return b"".join(rdata.strings).decode("utf-8", "replace")


def _canonical(rtype, value):
    if rtype == "TXT":
        try:
            return txt_strings_to_value(value)
        except dns.exception.DNSException:
            return value
    if rtype == "MX":
        parts = value.split()
        if len(parts) == 2:
            return f"{int(parts[0])} {normalise_name(parts[1])}"
        return value.lower()
    if rtype in ("CNAME", "NS"):
        return normalise_name(value)
    return value


class DnsView:
    def __init__(self, dns_servers=None, timeout=1.0):
        if isinstance(dns_servers, str):
            dns_servers = [dns_servers]
        self.dns_servers = []
        for server in dns_servers or []:
            host, _sep, port = server.rpartition(":")
            self.dns_servers.append((host or "127.0.0.1", int(port)))
        self.timeout = timeout

    def values(self, name, rtype):
        """Every canonical value seen for (name, type) in any source."""
        found = set(self._route53_values(name, rtype))
        for server in self.dns_servers:
            found.update(self._server_values(server, name, rtype))
        return found

    @staticmethod
    def _route53_values(name, rtype):
        from moto.route53.models import route53_backends

        wanted = normalise_name(name)
        best = []
        best_len = -1
        for _account, _partition, backend in route53_backends.iter_backends():
            for zone in list(backend.zones.values()):
                if zone.private_zone:
                    continue
                zone_name = normalise_name(zone.name)
                if wanted == zone_name or wanted.endswith("." + zone_name):
                    if len(zone_name) > best_len:
                        best, best_len = [zone], len(zone_name)
                    elif len(zone_name) == best_len:
                        best.append(zone)
        values = []
        for zone in best:
            for rrset in rrsets_named(zone, wanted):
                if rrset.type == rtype:
                    values.extend(_canonical(rtype, value) for value in rrset.records)
        return values

    def _server_values(self, server, name, rtype):
        host, port = server
        query = dns.message.make_query(normalise_name(name), rtype)
        try:
            response = dns.query.udp(query, host, port=port, timeout=self.timeout)
        except (dns.exception.DNSException, OSError):
            return []
        values = []
        for rrset in response.answer:
            if rrset.rdtype != dns.rdatatype.from_text(rtype):
                continue
            for rdata in rrset:
                values.append(_canonical(rtype, rdata.to_text()))
        return values
