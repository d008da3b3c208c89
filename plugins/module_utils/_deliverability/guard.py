# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The complaint-rate guard's verdict (pure): which configuration sets to pause, and why."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def offenders(stats, domains_by_set, limit):
    """Configuration sets whose complaint rate is above ``limit`` percent: ``[{name, complaint_rate, threshold, source}]``.

    A set's rate is the larger of SES's ``Reputation.ComplaintRate`` of the set and the complaint rate of any domain
    that sends through it (from ``deliverability_stats``'s ``configuration_sets`` and ``domains``).
    """
    found = []
    for name, domains in sorted((domains_by_set or {}).items()):
        rate = ((stats.get("configuration_sets") or {}).get(name) or {}).get("complaint_rate")
        source = "Reputation.ComplaintRate of %s" % name
        for domain in domains:
            domain_rate = ((stats.get("domains") or {}).get(domain) or {}).get("complaint_rate")
            if domain_rate is not None and (rate is None or domain_rate > rate):
                rate, source = domain_rate, "complaints from %s" % domain
        if rate is not None and rate > limit:
            found.append({"name": name, "complaint_rate": round(rate, 4), "threshold": limit, "source": source})
    return found
