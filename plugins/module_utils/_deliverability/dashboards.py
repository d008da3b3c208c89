# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The CloudWatch dashboards of a tenant, compared with what CloudWatch has (pure).

CloudWatch dashboards are global per account ("All dashboards in your account are global, not
region-specific"), while a tenant is one account in one region, and several regions of one account may
send from the same domain. So every tenant owns its own dashboards, one per sending domain, named
after the domain *and its region* (``mailops-ses-example-com-eu-west-1``): two regions never write
the same dashboard (no run overwrites another region's, and a rerun is a no-op), and retiring a
region deletes its dashboard only. Dashboards are told apart by their body's marker line
(``monitoring.DASHBOARD_MARKER``), not by name alone; a dashboard of that name without it is never
changed or deleted.

0.1 wrote one dashboard per domain without the region (``mailops-ses-example-com``); a tenant that
writes its per-region dashboard of a domain deletes that legacy dashboard when it is the collection's.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring

PREFIX = "mailops-ses-"
# what the 0.1 dashboards said in their first text widget (they had no marker line)
LEGACY_INTRO = "SES events published with the `%s` dimension" % _monitoring.DIMENSION


def name(domain, region):
    return "%s-%s" % (_monitoring.dashboard_name(domain), region)


def body(domain, region, limits=None):
    return _monitoring.dashboard_body(domain, region, limits)


def _texts(current):
    return [w.get("properties", {}).get("markdown", "") for w in (current or {}).get("widgets", []) if w.get("type") == "text"]


def is_ours(current):
    """Whether a dashboard body (parsed JSON) was written by the collection (this version or 0.1)."""
    texts = _texts(current)
    return any(_monitoring.DASHBOARD_MARKER in t for t in texts) or any(LEGACY_INTRO in t for t in texts[:1])


def region_of(current):
    """The region the metric widgets of one of our dashboards look at (None when there is none)."""
    regions = {w.get("properties", {}).get("region") for w in (current or {}).get("widgets", []) if w.get("type") == "metric"}
    return regions.pop() if len(regions) == 1 else None


def parse(text):
    try:
        return json.loads(text)
    except ValueError:
        return None


def plan(domains, region, limits, existing, purge=True):
    """``(ops, before, after, foreign)`` for the dashboards of one tenant (one account, one region).

    ``existing`` maps the names of the account's ``mailops-ses-*`` dashboards to their parsed bodies (or None
    when not read). Puts what is missing or different, deletes (with ``purge``) the tenant's dashboards of
    domains no longer listed and the 0.1 dashboards its new ones replace. ``foreign`` are wanted names taken
    by dashboards that are not the collection's (nothing is written over them).
    """
    wanted = {name(domain, region): body(domain, region, limits) for domain in domains}
    ours = {n: b for n, b in existing.items() if b is not None and is_ours(b)}
    foreign = sorted(n for n in wanted if n in existing and n not in ours)
    ops = []
    for dashboard, want in sorted(wanted.items()):
        if dashboard not in foreign and ours.get(dashboard) != want:
            ops.append(("put_dashboard", {"DashboardName": dashboard, "DashboardBody": json.dumps(want, sort_keys=True)}))
    mine = {n for n, b in ours.items() if n.endswith("-" + region) and region_of(b) == region}
    legacy = {_monitoring.dashboard_name(d) for d in domains} & set(ours)
    gone = sorted(((mine - set(wanted)) if purge else set()) | legacy)
    if gone:
        ops.append(("delete_dashboards", {"DashboardNames": gone}))
    after = sorted((mine - set(gone)) | (set(wanted) - set(foreign)))
    return ops, sorted(mine), after, foreign
