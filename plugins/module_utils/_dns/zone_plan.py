# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The rollout's DNS plan across tenants (pure): what each zone gets, what it loses, and who writes it.

Input is what the tenants of one run contributed (records their identities need, records of identities
that are leaving), the domains' own policy (DMARC, apex SPF, extra records), the zones, and what the
whole inventory still needs. Output is one entry per zone with changes: the merged record sets to
publish, the values to retire, and the one host that writes the zone.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mailops.ses.plugins.module_utils._dns import merge as _merge
from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _ses_records
from ansible_collections.mailops.ses.plugins.module_utils._dns import zones as _zones
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordError, RecordSet, absolute, record_sets_from_input
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

PLACEHOLDER_MARK = "pending-"
# Who still needs a shared MAIL FROM MX and SPF is recorded in the zone itself, beside them, so that a run that
# sees only part of the inventory (--limit, AWX job slices) never removes what a tenant it cannot see still uses.
CLAIMS_LABEL = "_mailops-claims"


class ZonePlanError(ProblemsError):
    """The records of the run cannot be planned (conflicts, invalid records, names without a zone)."""


def domain_contributions(domains, ttl=300, zones=None):
    """``[{source, records}]`` of the DMARC, apex SPF, BIMI and extra records of every domain in ``mailops_domains``,
    and the DMARC report authorizations its report domains in ``zones`` (zone names) publish for it."""
    result, problems = [], []
    for domain, policy in sorted((domains or {}).items()):
        try:
            records = _ses_records.domain_records(domain, policy or {}, ttl, domains=domains, zones=zones)
        except (_ses_records.RenderError, RecordError) as exc:
            problems.extend(exc.problems)
            continue
        result.append({"source": "mailops_domains['%s']" % domain, "records": records})
    if problems:
        raise ZonePlanError(problems)
    return result


def unique_placeholders(contribution):
    """Check-mode placeholders (``pending-...``) made unique per source, so instances do not collapse into one."""
    slug = re.sub(r"[^a-z0-9-]+", "-", str(contribution.get("source", "")).lower()).strip("-") or "tenant"
    records = []
    for record in contribution.get("records") or []:
        if record.get("placeholder") or any(PLACEHOLDER_MARK in str(v) for v in record.get("values", [])):
            mark = "%s%s-" % (PLACEHOLDER_MARK, slug)
            record = dict(
                record, name=record["name"].replace(PLACEHOLDER_MARK, mark), values=[str(v).replace(PLACEHOLDER_MARK, mark) for v in record["values"]]
            )
        records.append(record)
    return dict(contribution, records=records)


def claims_name(name):
    """The TXT record that holds the claims on the shared values at ``name`` (a MAIL FROM domain)."""
    return "%s.%s" % (CLAIMS_LABEL, name)


def claim_value(source):
    return "claimed-by=%s" % source


def _mail_from_names(records):
    """The names of the MAIL FROM MX records among ``records`` (the values several SES instances may share)."""
    names = set()
    for record in records:
        if record.get("type") == "MX" and any(_ses_records.FEEDBACK_RE.match(str(v)) for v in record.get("values") or []):
            try:
                names.add(absolute(record["name"]))
            except (RecordError, KeyError):
                continue  # reported where the record is validated
    return sorted(names)


def with_claims(contribution, ttl=300):
    """The contribution plus its claim on every MAIL FROM name it publishes."""
    records = list(contribution.get("records") or [])
    claim = claim_value(contribution.get("source", "?"))
    records.extend({"name": claims_name(name), "type": "TXT", "ttl": ttl, "values": [claim]} for name in _mail_from_names(records))
    return dict(contribution, records=records)


def merged(contributions, zones=None):
    """The merged record sets of ``contributions`` (placeholders kept apart per source)."""
    return _merge.merge([unique_placeholders(c) for c in contributions or []], zones=zones)


def retired_values(retired, desired, still_needed=()):
    """RecordSets of the values of leaving identities that nothing else needs any more.

    ``retired`` is ``[{source, region, records}]`` of what leaving identities had; ``desired`` the merged record
    sets still wanted in this run; ``still_needed`` the ``(mail_from., region)`` pairs that present identities
    anywhere in the inventory use, so a MAIL FROM MX or SPF shared with a tenant outside this run is kept.
    """
    keep = {}
    for record in desired or []:
        keep.setdefault(record.key, set()).update(record.values)
    needed = {tuple(pair) for pair in still_needed or []}
    needed_names = {name for name, _region in needed}
    removals = []
    for contribution in retired or []:
        region = contribution.get("region")
        records = [r for r in contribution.get("records") or [] if not r.get("placeholder")]
        shared = set(_mail_from_names(records))
        for record_set in record_sets_from_input(records, where="%s: retired records" % contribution.get("source", "?")):
            values = [v for v in record_set.values if v not in keep.get(record_set.key, set())]
            if record_set.name in needed_names and (record_set.type == "TXT" or (record_set.name, region) in needed):
                values = []
            if values:
                # a shared MAIL FROM value goes only when no other SES instance claims the name any more
                condition = claims_name(record_set.name) if record_set.name in shared else None
                removals.append(RecordSet(record_set.name, record_set.type, record_set.ttl, values, keep_while_claimed=condition))
        for name in sorted(shared):
            removals.append(RecordSet(claims_name(name), "TXT", 300, [claim_value(contribution.get("source", "?"))]))
    return removals


def spread_over(items, hosts):
    """``{host: [items]}``: the items dealt out over ``hosts`` in turn, each item exactly once."""
    hosts = list(hosts)
    shares = {host: [] for host in hosts}
    for index, item in enumerate(items):
        shares[hosts[index % len(hosts)]].append(item)
    return shares


def _unrouted(contributions, zone_names):
    """Problems for the valid record names of ``contributions`` that no zone holds."""
    record_sets = []
    for contribution in contributions:
        for record in unique_placeholders(contribution).get("records") or []:
            try:
                record_sets.extend(record_sets_from_input([record]))
            except RecordError:
                continue  # reported by the merge
    try:
        _zones.route(record_sets, zone_names)
    except _zones.ZoneError as exc:
        return exc.problems
    return []


def plan_zones(contributions, retired, domains, zones, still_needed=(), writers=(), ttl=300):
    """``{zone: {records, retire, writer}}`` for every zone with something to publish or retire.

    Raises ZonePlanError with every problem (merge conflicts, invalid records, names without a zone).
    """
    zone_names = sorted(zones or {})
    try:
        contributions = [with_claims(c, ttl) for c in contributions or []] + domain_contributions(domains, ttl, zone_names)
        desired = merged(contributions, zone_names)
    except ProblemsError as exc:
        # report the names no zone holds together with the merge problems
        raise ZonePlanError(exc.problems + _unrouted(contributions, zone_names))
    try:
        removals = retired_values(retired, desired, still_needed)
        publish = _zones.route(desired, zone_names)
        retire = _zones.route(removals, zone_names)
    except ProblemsError as exc:
        raise ZonePlanError(exc.problems)
    writers = list(writers or [])
    busy = [zone for zone in zone_names if publish[zone] or retire[zone]]
    if busy and not writers:
        raise ZonePlanError(["no host to write zones %s" % ", ".join(busy)])
    writer_of = {zone: host for host, share in spread_over(busy, writers).items() for zone in share}
    return {
        zone: {
            "records": [r.to_dict() for r in publish[zone]],
            "retire": [r.to_dict() for r in retire[zone]],
            "writer": writer_of[zone],
        }
        for zone in busy
    }
