# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Send every record set to the longest matching zone."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.module_utils._dns.records import absolute
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError


class ZoneError(ProblemsError):
    """Record names that no zone holds."""


def zone_for(name, zones):
    """The longest zone in ``zones`` that contains ``name``, or None."""
    best = None
    for zone in zones:
        apex = absolute(zone)
        if name == apex or name.endswith("." + apex):
            if best is None or len(apex) > len(absolute(best)):
                best = zone
    return best


def route(record_sets, zones, where="mailops_dns_zones"):
    """{zone: [RecordSet]} for every zone in ``zones`` (empty lists included); every unroutable name is an error."""
    routed = {zone: [] for zone in zones}
    missing = []
    for record_set in record_sets:
        zone = zone_for(record_set.name, zones)
        if zone is None:
            missing.append(record_set.name)
        else:
            routed[zone].append(record_set)
    if missing:
        known = ", ".join(sorted(zones)) or "none"
        raise ZoneError(
            ["%s %s has no zone in %s (known zones: %s); add its zone to %s" % (name, "record", where, known, where) for name in sorted(set(missing))]
        )
    return routed


def server_and_port(text, default_port=53):
    """``(host, port)`` of ``host``, ``host:port``, an IPv6 address, or ``[IPv6]:port``; ValueError when it is not one."""
    text = str(text or "").strip()
    if text.startswith("["):
        host, sep, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else None
        if not sep or (rest and port is None):
            raise ValueError(text)
    elif text.count(":") == 1:
        host, _sep, port = text.partition(":")
    else:
        host, port = text, None  # a name, an IPv4 address, or a bare IPv6 address
    if not host or (port is not None and not port.isdigit()) or not 0 < int(port or default_port) < 65536:
        raise ValueError(text)
    return host, int(port or default_port)
