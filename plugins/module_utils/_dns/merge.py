# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Merge the records of several SES instances and domains into one desired state.

This is the seed's multi-account matrix: one ``_amazonses`` TXT holding every
instance's token, three DKIM CNAMEs per instance, one MAIL FROM MX per region,
DMARC once per domain.  Multi-value TXT sets take the union, identical MX values
collapse, SPF values at one name become one ``v=spf1`` record.  Real conflicts
are collected, all of them, each with the sources involved and how to fix it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc
from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _ses_records
from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import (
    RecordError,
    RecordSet,
    absolute,
    record_set_from_input,
)
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError


class MergeError(ProblemsError):
    """Records of several SES instances that cannot be merged."""


def _sources(entries):
    return ", ".join(sorted({source for source, _value in entries}))


def merge(contributions, zones=None):
    """Merge ``[{"source": str, "records": [{name, type, ttl, values}]}]`` into sorted RecordSets.

    Raises MergeError listing every invalid record and every conflict.
    """
    problems = []
    # (name, type) -> list of (source, value); ttl -> min
    values = {}
    ttls = {}
    for contribution in contributions:
        source = contribution.get("source", "?")
        for index, item in enumerate(contribution.get("records") or []):
            try:
                record_set = record_set_from_input(item, where="%s: records[%d]" % (source, index))
            except RecordError as exc:
                problems.extend(exc.problems)
                continue
            entries = values.setdefault(record_set.key, [])
            entries.extend((source, value) for value in record_set.values)
            ttls[record_set.key] = min(ttls.get(record_set.key, record_set.ttl), record_set.ttl)

    merged = []
    for key in sorted(values):
        name, rtype = key
        entries = values[key]
        distinct = sorted({value for _source, value in entries})
        if rtype == "MX":
            problems.extend(_mail_from_region_conflicts(name, entries))
        if rtype == "CNAME" and len(distinct) > 1:
            problems.append(
                "%s: CNAME %s gets %d different targets (%s) from %s; a CNAME holds one target, "
                "so each SES instance needs its own name" % (name, name, len(distinct), ", ".join(distinct), _sources(entries))
            )
            continue
        if rtype == "TXT":
            distinct, txt_problems = _merge_txt(name, entries)
            problems.extend(txt_problems)
        merged.append(RecordSet(name, rtype, ttls[key], distinct))

    problems.extend(_cname_problems(merged, values, zones))
    if problems:
        raise MergeError(problems)
    return merged


def _mail_from_region_conflicts(name, entries):
    regions = {}
    for source, value in entries:
        match = _ses_records.FEEDBACK_RE.match(value)
        if match:
            regions.setdefault(match.group(1), set()).add(source)
    if len(regions) < 2:
        return []
    bare = name.rstrip(".")
    label, _dot, parent = bare.partition(".")
    claims = "; ".join("%s from %s" % (region, ", ".join(sorted(srcs))) for region, srcs in sorted(regions.items()))
    suggestions = ", ".join("%s-%s.%s" % (label, region, parent) for region in sorted(regions))
    return [
        "%s: MAIL FROM is claimed by %d regions (%s); an MX can send bounces to one region only, so give each "
        "region its own MAIL FROM subdomain, e.g. %s" % (name, len(regions), claims, suggestions)
    ]


def _merge_txt(name, entries):
    problems = []
    distinct = sorted({value for _source, value in entries})
    spf_values = [v for v in distinct if _spf.is_spf(v)]
    dmarc_values = [v for v in distinct if v.lower().startswith("v=dmarc1")]
    if _dmarc.is_report_authorization_name(name):
        dmarc_values = []  # report authorizations (RFC 7489 7.1): v=DMARC1 with no policy, one per report receiver
    if len(dmarc_values) > 1:
        detail = "; ".join("'%s' from %s" % (value, ", ".join(sorted({s for s, v in entries if v == value}))) for value in dmarc_values)
        problems.append(
            "%s: two different DMARC policies for one domain (%s); a domain has one DMARC record, so set dmarc once in mailops_domains" % (name, detail)
        )
    elif dmarc_values:
        problems.extend("%s: %s" % (name, p) for p in _dmarc.validate(dmarc_values[0], where=name))
    bimi_values = [v for v in distinct if v.lower().startswith("v=bimi1")]
    if len(bimi_values) > 1:
        detail = "; ".join("'%s' from %s" % (value, ", ".join(sorted({s for s, v in entries if v == value}))) for value in bimi_values)
        problems.append(
            "%s: two different BIMI records for one selector (%s); receivers ignore a selector with more than one, so set bimi once in mailops_domains"
            % (name, detail)
        )
    if "._domainkey." in name:
        keys = [v for v in distinct if "p=" in v]
        if len(keys) > 1:
            problems.append(
                "%s: %d different DKIM keys for one selector from %s; use a distinct BYODKIM selector per SES instance" % (name, len(keys), _sources(entries))
            )
    if len(spf_values) > 1:
        try:
            merged = _spf.merge(spf_values, where="%s TXT" % name)
        except _spf.SpfError as exc:
            problems.extend(exc.problems)
        else:
            distinct = sorted((set(distinct) - set(spf_values)) | {merged})
    return distinct, problems


def _cname_problems(merged, values, zones):
    problems = []
    types = {}
    for record_set in merged:
        types.setdefault(record_set.name, set()).add(record_set.type)
    apexes = {absolute(zone) for zone in zones or []}
    for name in sorted(types):
        if "CNAME" not in types[name]:
            continue
        sources = _sources(values[(name, "CNAME")])
        if len(types[name]) > 1:
            others = sorted(types[name] - {"CNAME"})
            problems.append(
                "%s: a CNAME (from %s) beside %s records (from %s); a CNAME cannot share its name with other data"
                % (name, sources, ", ".join(others), ", ".join(_sources(values[(name, t)]) for t in others))
            )
        if name in apexes:
            problems.append("%s: a CNAME (from %s) at the zone apex is not allowed; the apex holds SOA and NS" % (name, sources))
    return problems
