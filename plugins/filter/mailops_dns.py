# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Filters that expose the collection's DNS builders, renderer and merger to any playbook."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.errors import AnsibleFilterError

from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc
from ansible_collections.mailops.ses.plugins.module_utils._dns import merge as _merge
from ansible_collections.mailops.ses.plugins.module_utils._dns import records as _records
from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _render
from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf
from ansible_collections.mailops.ses.plugins.module_utils._dns import zones as _zones
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordError


def dmarc_record(policy, **options):
    """``'quarantine' | mailops.ses.dmarc_record(rua=['dmarc@example.com'])`` -> ``v=DMARC1; p=quarantine; ...``."""
    if isinstance(policy, dict):
        options = dict(policy, **options)
    else:
        options["policy"] = policy
    try:
        return _dmarc.build_from_options(options)
    except _dmarc.DmarcError as exc:
        raise AnsibleFilterError("dmarc_record: %s" % exc)


def spf_record(include=None, **options):
    """``['amazonses.com'] | mailops.ses.spf_record(all='-all')`` -> ``v=spf1 include:amazonses.com -all``."""
    if isinstance(include, dict):
        options = dict(include, **options)
    elif include is not None:
        options["include"] = [include] if isinstance(include, str) else list(include)
    try:
        return _spf.build(**options)
    except TypeError as exc:
        raise AnsibleFilterError("spf_record: %s (allowed: include, ip4, ip6, a, mx, extra, all)" % exc)
    except _spf.SpfError as exc:
        raise AnsibleFilterError("spf_record: %s" % exc)


def ses_dns_records(identity, region=None, ttl=300, domain_policy=None):
    """Record sets an SES identity needs, from the ``identity`` a mailops.ses module returned (or its whole result)."""
    if isinstance(identity, dict) and "identity" in identity and isinstance(identity["identity"], dict):
        if identity.get("dns_records") is not None and region is None:
            records = list(identity["dns_records"])
            return records + _policy(identity["identity"].get("identity"), domain_policy, ttl)
        identity = identity["identity"]
    if not region:
        raise AnsibleFilterError("ses_dns_records: region is required to render MAIL FROM records")
    try:
        records = _render.identity_records(identity, region, ttl)
    except (KeyError, RecordError) as exc:
        raise AnsibleFilterError("ses_dns_records: %s" % exc)
    return records + _policy(identity.get("identity"), domain_policy, ttl)


def _policy(domain, policy, ttl):
    if not policy or not domain:
        return []
    try:
        return _render.domain_records(domain, policy, ttl)
    except (_render.RenderError, RecordError) as exc:
        raise AnsibleFilterError("ses_dns_records: %s" % exc)


def _unique_placeholders(contribution):
    """Check-mode placeholders (``pending-...``) made unique per source, so instances do not collapse into one."""
    slug = re.sub(r"[^a-z0-9-]+", "-", str(contribution.get("source", "")).lower()).strip("-") or "tenant"
    records = []
    for record in contribution.get("records") or []:
        if record.get("placeholder") or any("pending-" in str(v) for v in record.get("values", [])):
            record = dict(
                record,
                name=record["name"].replace("pending-", "pending-%s-" % slug),
                values=[str(v).replace("pending-", "pending-%s-" % slug) for v in record["values"]],
            )
        records.append(record)
    return dict(contribution, records=records)


def merge_dns_records(contributions, zones=None):
    """Merge ``[{source, records}]`` of several SES instances into record sets, grouped by zone when ``zones`` is given.

    Every conflict is reported in one error.
    """
    contributions = [_unique_placeholders(c) for c in contributions or []]
    try:
        merged = _merge.merge(contributions, zones=list(zones or []))
    except _merge.MergeError as exc:
        raise AnsibleFilterError("merge_dns_records found %d problem(s):\n- %s" % (len(exc.problems), "\n- ".join(exc.problems)))
    if zones is None:
        return [r.to_dict() for r in merged]
    try:
        routed = _zones.route(merged, list(zones))
    except _zones.ZoneError as exc:
        raise AnsibleFilterError("merge_dns_records: %s" % "; ".join(exc.problems))
    return {zone: [r.to_dict() for r in sets] for zone, sets in routed.items()}


def domain_contributions(domains, ttl=300):
    """``[{source, records}]`` for the DMARC, apex SPF and extra records of every domain in ``mailops_domains``."""
    result = []
    problems = []
    for domain, policy in sorted((domains or {}).items()):
        try:
            records = _render.domain_records(domain, policy or {}, ttl)
        except (_render.RenderError, RecordError) as exc:
            problems.extend(getattr(exc, "problems", [str(exc)]))
            continue
        result.append({"source": "mailops_domains['%s']" % domain, "records": records})
    if problems:
        raise AnsibleFilterError("domain_contributions: %s" % "; ".join(problems))
    return result


def retired_dns_records(retired, desired, still_needed=(), zones=None):
    """Values of retired SES instances or identities that nothing else needs any more, by zone.

    ``retired`` is ``[{source, region, records}]`` of what offboarded identities had;
    ``desired`` the merged record sets still wanted in this run; ``still_needed`` the
    ``[mail_from, region]`` pairs that present identities anywhere in the inventory use,
    so a MAIL FROM MX or SPF shared with a tenant outside this run is kept.
    """
    keep = {}
    for record in desired or []:
        keep.setdefault((record["name"], record["type"]), set()).update(record["values"])
    needed_names = {pair[0] for pair in still_needed or []}
    needed = {(pair[0], pair[1]) for pair in still_needed or []}
    removals = []
    for contribution in retired or []:
        region = contribution.get("region")
        for record in contribution.get("records") or []:
            if record.get("placeholder"):
                continue
            try:
                (record_set,) = _records.record_sets_from_input([record])
            except RecordError as exc:
                raise AnsibleFilterError("retired_dns_records: %s" % exc)
            key = record_set.key
            values = [v for v in record_set.values if v not in keep.get(key, set())]
            if record_set.name in needed_names and (record_set.type == "TXT" or (record_set.name, region) in needed):
                values = []
            if values:
                removals.append(_records.RecordSet(record_set.name, record_set.type, record_set.ttl, values))
    if zones is None:
        return [r.to_dict() for r in removals]
    try:
        routed = _zones.route(removals, list(zones))
    except _zones.ZoneError as exc:
        raise AnsibleFilterError("retired_dns_records: %s" % "; ".join(exc.problems))
    return {zone: [r.to_dict() for r in sets] for zone, sets in routed.items()}


def dns_zone_for(name, zones):
    """The zone of ``zones`` (names or a ``mailops_dns_zones`` dict) that holds ``name``, or None."""
    try:
        return _zones.zone_for(_records.absolute(name), list(zones or []))
    except RecordError as exc:
        raise AnsibleFilterError("dns_zone_for: %s" % exc)


def spread_over(items, hosts, host):
    """The share of ``items`` that ``host`` handles when they are dealt out over ``hosts`` in turn (each item once)."""
    hosts = list(hosts)
    if host not in hosts:
        return []
    position = hosts.index(host)
    return [item for index, item in enumerate(items or []) if index % len(hosts) == position]


class FilterModule(object):
    def filters(self):
        return {
            "dmarc_record": dmarc_record,
            "spf_record": spf_record,
            "ses_dns_records": ses_dns_records,
            "merge_dns_records": merge_dns_records,
            "domain_contributions": domain_contributions,
            "retired_dns_records": retired_dns_records,
            "dns_zone_for": dns_zone_for,
            "spread_over": spread_over,
        }
