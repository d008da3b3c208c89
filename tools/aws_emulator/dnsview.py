"""What SES would see in DNS: the sandbox's own Route 53 zones and, optionally, a real server.

A record is visible when it is in the longest-suffix public hosted zone of any
account in the sandbox's Route 53, or when one of the servers given by ``--dns-server``
(BIND, PowerDNS) answers it.
"""

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rdata
import dns.rdataclass
import dns.rdatatype


def normalise_name(name):
    return name.rstrip(".").lower() + "."


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
            for rrset in list(zone.rrsets):
                if normalise_name(rrset.name) == wanted and rrset.type == rtype:
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
