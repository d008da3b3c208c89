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
