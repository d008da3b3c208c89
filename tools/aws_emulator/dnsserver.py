"""Authoritative DNS for the sandbox's public Route 53 zones, like Route 53's name servers.

So that what the collection publishes to the sandbox can be checked the way users
check real DNS: ``email_auth_check`` (dnspython) asks this server.  UDP and TCP on
127.0.0.1; answers come from the live Route 53 state of every account.
"""

import socketserver
import struct
import threading

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from .dnsview import normalise_name, rrsets_named


def _zones():
    from moto.route53.models import route53_backends

    for _account, _partition, backend in route53_backends.iter_backends():
        for zone in list(backend.zones.values()):
            if not zone.private_zone:
                yield zone


def _best_zone(qname):
    best = None
    for zone in _zones():
        apex = normalise_name(zone.name)
        if (qname == apex or qname.endswith("." + apex)) and (best is None or len(apex) > len(normalise_name(best.name))):
            best = zone
    return best


def _rrset(name, rtype, ttl, values):
    rrset = dns.rrset.RRset(dns.name.from_text(name), dns.rdataclass.IN, dns.rdatatype.from_text(rtype))
    for value in values:
        if isinstance(value, dict):  # moto keeps the SOA's value as {"Value": ...}
            value = value.get("Value", "")
        try:
            rdata = dns.rdata.from_text(dns.rdataclass.IN, rrset.rdtype, value, origin=dns.name.root, relativize=False)
        except dns.exception.DNSException:
            continue
        rrset.add(rdata, ttl)
    return rrset


def answer(query):
    try:
        return _answer(query)
    except Exception:  # noqa: BLE001 - a broken record must not kill the server
        response = dns.message.make_response(query)
        response.set_rcode(dns.rcode.SERVFAIL)
        return response


def _answer(query):
    response = dns.message.make_response(query)
    response.flags |= dns.flags.AA
    if not query.question:
        response.set_rcode(dns.rcode.FORMERR)
        return response
    question = query.question[0]
    qname = normalise_name(question.name.to_text())
    qtype = dns.rdatatype.to_text(question.rdtype)
    zone = _best_zone(qname)
    if zone is None:
        response.flags &= ~dns.flags.AA
        response.set_rcode(dns.rcode.REFUSED)
        return response
    for _hop in range(8):
        sets = list(rrsets_named(zone, qname))
        exact = [r for r in sets if r.type == qtype]
        cname = [r for r in sets if r.type == "CNAME"]
        if exact:
            for rrset in exact:
                response.answer.append(_rrset(qname, qtype, int(rrset.ttl or 300), rrset.records))
            return response
        if cname and qtype != "CNAME":
            target = cname[0].records[0]
            response.answer.append(_rrset(qname, "CNAME", int(cname[0].ttl or 300), [target]))
            qname = normalise_name(target)
            zone = _best_zone(qname)
            if zone is None:
                return response
            continue
        exists = sets or any(normalise_name(r.name).endswith("." + qname) for r in list(zone.rrsets))
        if not exists and not response.answer:
            response.set_rcode(dns.rcode.NXDOMAIN)
        soa = [r for r in zone.rrsets if r.type == "SOA"]
        if soa:
            response.authority.append(_rrset(normalise_name(zone.name), "SOA", int(soa[0].ttl or 900), soa[0].records))
        return response
    return response


class _UDPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data, sock = self.request
        try:
            query = dns.message.from_wire(data)
        except dns.exception.DNSException:
            return
        wire = answer(query).to_wire(max_size=65535)
        if len(wire) > 512 and not query.edns >= 0:
            truncated = dns.message.make_response(query)
            truncated.flags |= dns.flags.TC
            wire = truncated.to_wire()
        sock.sendto(wire, self.client_address)


class _TCPHandler(socketserver.BaseRequestHandler):
    def handle(self):
        while True:
            header = self.request.recv(2)
            if len(header) < 2:
                return
            (length,) = struct.unpack("!H", header)
            data = b""
            while len(data) < length:
                chunk = self.request.recv(length - len(data))
                if not chunk:
                    return
                data += chunk
            try:
                query = dns.message.from_wire(data)
            except dns.exception.DNSException:
                return
            wire = answer(query).to_wire()
            self.request.sendall(struct.pack("!H", len(wire)) + wire)


class _ThreadedUDP(socketserver.ThreadingMixIn, socketserver.UDPServer):
    daemon_threads = True
    allow_reuse_address = True


class _ThreadedTCP(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


class Route53DnsServer:
    def __init__(self, port):
        self.udp = _ThreadedUDP(("127.0.0.1", port), _UDPHandler)
        self.tcp = _ThreadedTCP(("127.0.0.1", self.udp.server_address[1]), _TCPHandler)
        self.port = self.udp.server_address[1]

    def start(self):
        for server in (self.udp, self.tcp):
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        for server in (self.udp, self.tcp):
            server.shutdown()
            server.server_close()
