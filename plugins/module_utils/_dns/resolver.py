# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Ask DNS what it really serves: a given server, or every authoritative server of the zone.

Answers are canonical values (see ``_records``) per server, so a check can say
exactly which server lacks which value.  CNAME chains are followed for non-CNAME
queries, with loop detection.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# before dns.query: switches off the transports dnspython would import an HTTP stack for
from ansible_collections.mailops.ses.plugins.module_utils._dns import dnspython  # noqa: F401  # pylint: disable=unused-import

try:
    import dns.exception
    import dns.flags
    import dns.message
    import dns.name
    import dns.query
    import dns.rcode
    import dns.rdatatype
    import dns.resolver

    HAS_DNSPYTHON = True
except ImportError:
    HAS_DNSPYTHON = False

from ansible_collections.mailops.ses.plugins.module_utils._dns.records import absolute, canonical_value

MAX_CNAME_CHAIN = 8


class ResolverError(Exception):
    pass


def _canonical(rdata):
    rtype = dns.rdatatype.to_text(rdata.rdtype)
    if rtype == "TXT":
        return b"".join(rdata.strings).decode("utf-8", "replace")
    try:
        return canonical_value(rtype, rdata.to_text())
    except ValueError:
        return rdata.to_text()


class Answer:
    """Values of one (name, type) as one server answered: status NOERROR, NXDOMAIN, NODATA or ERROR."""

    def __init__(self, server, status, values=(), error=None, cname_chain=()):
        self.server = server
        self.status = status
        self.values = list(values)
        self.error = error
        self.cname_chain = list(cname_chain)

    def to_dict(self):
        result = {"server": self.server, "status": self.status, "values": self.values}
        if self.error:
            result["error"] = self.error
        if self.cname_chain:
            result["cname_chain"] = self.cname_chain
        return result


class Resolver:
    def __init__(self, server=None, port=53, timeout=3.0, retries=2):
        if not HAS_DNSPYTHON:
            raise ResolverError("email_auth_check needs dnspython on the host that runs the module: pip install dnspython")
        self.server = server
        self.port = int(port)
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.queries = 0
        self._servers = {}

    def servers_for(self, name):
        """The servers to ask about ``name``: the given one, or the zone's authoritative servers."""
        if self.server:
            return [(self.server, self.port)]
        zone = dns.resolver.zone_for_name(absolute(name))
        key = zone.to_text()
        if key not in self._servers:
            addresses = []
            for ns in dns.resolver.resolve(zone, "NS"):
                for address in dns.resolver.resolve(ns.target, "A"):
                    addresses.append((address.to_text(), 53))
            if not addresses:
                raise ResolverError("no authoritative server found for %s" % key)
            self._servers[key] = sorted(set(addresses))
        return self._servers[key]

    def _ask(self, server, port, name, rtype):
        query = dns.message.make_query(absolute(name), rtype)
        query.flags &= ~dns.flags.RD
        last = None
        for _attempt in range(self.retries + 1):
            self.queries += 1
            try:
                response = dns.query.udp(query, server, port=port, timeout=self.timeout)
                if response.flags & dns.flags.TC:
                    response = dns.query.tcp(query, server, port=port, timeout=self.timeout)
                return response
            except (dns.exception.DNSException, OSError) as exc:
                last = exc
        raise ResolverError("%s:%d did not answer %s %s: %s" % (server, port, name, rtype, last.__class__.__name__))

    def lookup(self, name, rtype):
        """One Answer per server for (name, type)."""
        answers = []
        try:
            servers = self.servers_for(name)
        except (ResolverError, dns.exception.DNSException) as exc:
            return [Answer("(authoritative servers)", "ERROR", error=str(exc))]
        for server, port in servers:
            label = "%s:%d" % (server, port)
            try:
                answers.append(self._lookup_one(server, port, label, absolute(name), rtype))
            except ResolverError as exc:
                answers.append(Answer(label, "ERROR", error=str(exc)))
        return answers

    def _lookup_one(self, server, port, label, name, rtype):
        chain = []
        current = name
        for _step in range(MAX_CNAME_CHAIN):
            response = self._ask(server, port, current, rtype)
            rcode = response.rcode()
            if rcode == dns.rcode.NXDOMAIN:
                return Answer(label, "NXDOMAIN", cname_chain=chain)
            if rcode != dns.rcode.NOERROR:
                return Answer(label, "ERROR", error=dns.rcode.to_text(rcode), cname_chain=chain)
            values, target = [], None
            for rrset in response.answer:
                if absolute(rrset.name.to_text()) != current:
                    continue
                if rrset.rdtype == dns.rdatatype.from_text(rtype):
                    values.extend(_canonical(rdata) for rdata in rrset)
                elif rrset.rdtype == dns.rdatatype.CNAME and rtype != "CNAME":
                    target = absolute(rrset[0].target.to_text())
            if values or target is None:
                return Answer(label, "NOERROR" if values else "NODATA", values, cname_chain=chain)
            if target in chain or target == name:
                return Answer(label, "ERROR", error="CNAME loop at %s" % target, cname_chain=chain)
            chain.append(target)
            current = target
        return Answer(label, "ERROR", error="CNAME chain longer than %d" % MAX_CNAME_CHAIN, cname_chain=chain)

    def txt_resolver(self, zone=None):
        """``resolve(domain) -> [TXT strings] | None | _spf.UNKNOWN`` for SPF lookup counting.

        With a pinned server, names outside ``zone`` are not that server's to answer:
        they are UNKNOWN (counted, not expanded) rather than wrongly void.
        """
        from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf

        def resolve(domain):
            name = absolute(domain)
            if self.server and zone and not (name == absolute(zone) or name.endswith("." + absolute(zone))):
                return _spf.UNKNOWN
            answers = self.lookup(domain, "TXT")
            if any(a.status == "ERROR" for a in answers):
                return _spf.UNKNOWN
            ok = [a for a in answers if a.status == "NOERROR"]
            if ok:
                return ok[0].values
            return None

        return resolve
