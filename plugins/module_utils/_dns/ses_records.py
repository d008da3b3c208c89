# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The DNS records SES needs, rendered from SES identity state and domain policy.

Per SES instance (account + region) and domain identity:

* Easy DKIM: three CNAMEs ``<token>._domainkey.<domain>`` -> ``<token>.<SigningHostedZone>``
* BYODKIM: one TXT ``<selector>._domainkey.<domain>`` -> ``v=DKIM1; k=rsa; p=<public key>``
* custom MAIL FROM: MX ``10 feedback-smtp.<region>.amazonses.com`` and SPF TXT
  ``v=spf1 include:amazonses.com ~all`` at the MAIL FROM domain
* legacy verification: TXT ``_amazonses.<domain>`` -> the SES v1 verification token

Per domain, whatever the number of SES instances: DMARC at ``_dmarc.<domain>``,
an optional apex SPF, an optional BIMI assertion record at ``<selector>._bimi.<domain>``,
the DMARC report authorizations (RFC 7489 7.1) the domain's reports need in zones of ours,
and optional extra records (e.g. a Postmaster Tools TXT).
Record items are plain dicts ``{name, type, ttl, values}`` with absolute names.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mailops.ses.plugins.module_utils._dns import bimi as _bimi
from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc
from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import DEFAULT_TTL, absolute
from ansible_collections.mailops.ses.plugins.module_utils._dns.zones import zone_for
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

# Regions whose Easy DKIM CNAMEs point into a regional zone (used only when SES does
# not report DkimAttributes.SigningHostedZone; current SES always reports it).
REGIONAL_SIGNING_ZONES = frozenset(
    [
        "af-south-1",
        "ap-northeast-3",
        "ap-south-2",
        "ap-southeast-3",
        "ap-southeast-5",
        "ca-west-1",
        "eu-central-2",
        "eu-south-1",
        "il-central-1",
        "me-central-1",
        "us-gov-east-1",
    ]
)
MAIL_FROM_SPF = "v=spf1 include:amazonses.com ~all"
PLACEHOLDER = "pending-dkim-token-%d"


def signing_hosted_zone(region, reported=None):
    """The zone Easy DKIM CNAMEs point into: what SES reports, else the regional table."""
    if reported:
        return reported.rstrip(".").lower()
    if region in REGIONAL_SIGNING_ZONES:
        return "dkim.%s.amazonses.com" % region
    return "dkim.amazonses.com"


# the value of a custom MAIL FROM MX (group 1: the region whose feedback endpoint it names)
FEEDBACK_RE = re.compile(r"^\d+ feedback-smtp\.([a-z0-9-]+)\.amazonses\.com\.$")


def feedback_host(region):
    return "feedback-smtp.%s.amazonses.com" % region


def _record(name, rtype, values, ttl):
    return {"name": absolute(name), "type": rtype, "ttl": ttl, "values": list(values)}


def easy_dkim_records(domain, tokens, region, signing_zone=None, ttl=DEFAULT_TTL):
    zone = signing_hosted_zone(region, signing_zone)
    return [_record("%s._domainkey.%s" % (token, domain), "CNAME", ["%s.%s." % (token, zone)], ttl) for token in tokens]


def byodkim_record(domain, selector, public_key, ttl=DEFAULT_TTL):
    return _record("%s._domainkey.%s" % (selector, domain), "TXT", ["v=DKIM1; k=rsa; p=%s" % public_key], ttl)


def mail_from_records(mail_from, region, ttl=DEFAULT_TTL):
    return [
        _record(mail_from, "MX", ["10 %s." % feedback_host(region)], ttl),
        _record(mail_from, "TXT", [MAIL_FROM_SPF], ttl),
    ]


def verification_record(domain, token, ttl=DEFAULT_TTL):
    return _record("_amazonses.%s" % domain, "TXT", [token], ttl)


def identity_records(identity, region, ttl=DEFAULT_TTL):
    """Every record one SES identity needs, from the collection's snake_case identity view.

    ``identity`` has ``identity``, ``identity_type``, ``dkim`` (``origin``, ``tokens``,
    ``signing_hosted_zone``, ``selector``, ``public_key``), ``mail_from_domain`` and
    ``verification_token``.  Email-address identities need no records, and a Deterministic Easy DKIM replica
    (``origin`` ``AWS_SES_<PARENT_REGION>``) no DKIM records: its parent's CNAMEs sign for it.
    """
    if identity.get("identity_type") != "DOMAIN":
        return []
    domain = identity["identity"]
    records = []
    dkim = identity.get("dkim") or {}
    if dkim.get("origin") == "EXTERNAL":
        if dkim.get("selector") and dkim.get("public_key"):
            records.append(byodkim_record(domain, dkim["selector"], dkim["public_key"], ttl))
    elif str(dkim.get("origin") or "").startswith("AWS_SES_"):
        pass  # a DEED replica: the parent identity's DKIM CNAMEs serve it, published once for the domain
    else:
        tokens = dkim.get("tokens") or [PLACEHOLDER % n for n in (1, 2, 3)]
        records.extend(easy_dkim_records(domain, tokens, region, dkim.get("signing_hosted_zone"), ttl))
    if identity.get("mail_from_domain"):
        records.extend(mail_from_records(identity["mail_from_domain"], region, ttl))
    if identity.get("verification_token"):
        records.append(verification_record(domain, identity["verification_token"], ttl))
    return records


def report_authorization_records(domain, dmarc_record, zones, ttl=DEFAULT_TTL):
    """``<domain>._report._dmarc.<report domain>`` TXT ``v=DMARC1`` for each external report destination of
    ``dmarc_record`` that one of ``zones`` holds (RFC 7489 7.1); the others are their owners' to publish."""
    records = []
    for report_domain in _dmarc.external_report_domains(domain, dmarc_record):
        if zone_for(absolute(report_domain), zones or []) is not None:
            records.append(_record(_dmarc.report_authorization_name(domain, report_domain), "TXT", [_dmarc.REPORT_AUTHORIZATION], ttl))
    return records


def domain_records(domain, policy, ttl=DEFAULT_TTL, where=None, domains=None, zones=None):
    """Records that belong to a domain, not to an SES instance: DMARC, apex SPF, BIMI, report authorizations, extras.

    ``policy`` is ``{dmarc: {...}, spf: {...}, bimi: {...}, records: [...]}``; ``domains`` (the whole of
    ``mailops_domains``) lets BIMI see the DMARC of the organizational domain; the report authorizations are
    rendered only for the report domains inside ``zones`` (zone names). Every problem is reported together as a
    ValueError subclass from the builders. The extra records come last.
    """
    where = where or "mailops_domains['%s']" % domain
    records = []
    problems = []
    dmarc = (policy or {}).get("dmarc")
    dmarc_record = None
    if dmarc:
        try:
            dmarc_record = _dmarc.build_from_options(dmarc, where=where + ".dmarc")
        except _dmarc.DmarcError as exc:
            problems.extend(exc.problems)
        else:
            records.append(_record("_dmarc.%s" % domain, "TXT", [dmarc_record], ttl))
    spf = (policy or {}).get("spf")
    if spf:
        try:
            records.append(_record(domain, "TXT", [_spf.build(**spf)], ttl))
        except TypeError as exc:
            problems.append("%s.spf: %s (allowed keys: include, ip4, ip6, a, mx, extra, all)" % (where, exc))
        except _spf.SpfError as exc:
            problems.extend("%s.spf: %s" % (where, p) for p in exc.problems)
    bimi = (policy or {}).get("bimi")
    if bimi is not None:
        try:
            selector, value = _bimi.build_from_options(bimi, where=where + ".bimi")
        except _bimi.BimiError as exc:
            problems.extend(exc.problems)
        else:
            records.append(_record(_bimi.record_name(domain, selector), "TXT", [value], ttl))
        problems.extend(_bimi.enforcement_problems(domain, policy, domains, where))
    if dmarc_record and zones:
        records.extend(report_authorization_records(domain, dmarc_record, zones, ttl))
    for index, extra in enumerate((policy or {}).get("records") or []):
        item = dict(extra)
        item.setdefault("ttl", ttl)
        item["name"] = absolute(item.get("name") or "@", domain, where="%s.records[%d].name" % (where, index))
        records.append(item)
    if problems:
        raise RenderError(problems)
    return records


class RenderError(ProblemsError):
    """A domain's records cannot be rendered."""
