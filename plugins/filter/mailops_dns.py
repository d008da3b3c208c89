# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The collection's public filters: DMARC and SPF builders, the records of an SES identity, the multi-instance merge."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible.errors import AnsibleFilterError

from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc
from ansible_collections.mailops.ses.plugins.module_utils._dns import merge as _merge
from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _render
from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf
from ansible_collections.mailops.ses.plugins.module_utils._dns import zone_plan as _zone_plan
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


def _policy(identity, policy, ttl):
    """The policy records of the identity's domain (an address's domain part)."""
    if not policy or not identity:
        return []
    domain = identity.rpartition("@")[2]
    try:
        return _render.domain_records(domain, policy, ttl)
    except (_render.RenderError, RecordError) as exc:
        raise AnsibleFilterError("ses_dns_records: %s" % exc)


def merge_dns_records(contributions, zones=None):
    """Merge ``[{source, records}]`` of several SES instances into record sets, grouped by zone when ``zones`` is given.

    Every conflict is reported in one error.
    """
    try:
        merged = _zone_plan.merged(contributions, zones=list(zones or []))
    except _merge.MergeError as exc:
        raise AnsibleFilterError("merge_dns_records found %d problem(s):\n- %s" % (len(exc.problems), "\n- ".join(exc.problems)))
    if zones is None:
        return [r.to_dict() for r in merged]
    try:
        routed = _zones.route(merged, list(zones))
    except _zones.ZoneError as exc:
        raise AnsibleFilterError("merge_dns_records: %s" % "; ".join(exc.problems))
    return {zone: [r.to_dict() for r in sets] for zone, sets in routed.items()}


class FilterModule(object):
    def filters(self):
        return {
            "dmarc_record": dmarc_record,
            "spf_record": spf_record,
            "ses_dns_records": ses_dns_records,
            "merge_dns_records": merge_dns_records,
        }
