# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Email-authentication verdicts from what DNS serves, pure: pass / warn / fail with evidence and a fix.

``lookup(name, type)`` is injected; it returns a list of answers, one per server,
each ``{"server", "status", "values"}`` (see ``_resolver.Answer.to_dict``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


from ansible_collections.mailops.ses.plugins.module_utils._dns import bimi as _bimi
from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc
from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _ses_records
from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import absolute


def verdict(check, name, status, evidence, fix=None):
    result = {"check": check, "name": name, "status": status, "evidence": evidence}
    if fix and status != "pass":
        result["fix"] = fix
    return result


def _missing_on(answers, predicate):
    """Servers whose answer does not satisfy ``predicate(values)``."""
    return [a for a in answers if not predicate(a["values"])]


def _seen(answers):
    return "; ".join("%s: %s%s" % (a["server"], a["status"], " %s" % a["values"] if a["values"] else "") for a in answers)


def check_expected(records, lookup):
    """Each expected record set is served by every server with every expected value."""
    results = []
    for record in records:
        name, rtype = record["name"], record["type"]
        if record.get("placeholder"):
            results.append(
                verdict(
                    "record",
                    name,
                    "warn",
                    "%s %s has placeholder values (SES has not generated tokens yet)" % (name, rtype),
                    "run again after the identity exists",
                )
            )
            continue
        answers = lookup(name, rtype)
        expected = set(record["values"])
        lacking = _missing_on(answers, lambda values, expected=expected: expected <= set(values))
        check = _record_check_name(name, rtype, record["values"])
        if lacking:
            results.append(
                verdict(
                    check,
                    name,
                    "fail",
                    "expected %s %s %s; seen %s" % (name, rtype, sorted(expected), _seen(lacking)),
                    "publish it (mailops.ses.dns_record_sets) and wait for every server to serve it",
                )
            )
        else:
            results.append(verdict(check, name, "pass", "%s %s served by %s" % (name, rtype, ", ".join(a["server"] for a in answers))))
    return results


def _record_check_name(name, rtype, values):
    if "._domainkey." in name:
        return "dkim"
    if name.startswith("_amazonses."):
        return "verification"
    if name.startswith("_dmarc."):
        return "dmarc_record"
    if "._bimi." in name:
        return "bimi_record"
    if rtype == "MX" and any(_ses_records.FEEDBACK_RE.match(v) for v in values):
        return "mail_from_mx"
    if rtype == "TXT" and any(_spf.is_spf(v) for v in values):
        return "spf_record"
    return "record"


def check_dmarc(domain, mail_from_domains, dkim_domains, lookup):
    """DMARC exists with p=, and its alignment modes allow the SPF and DKIM alignment actually configured."""
    name = absolute("_dmarc.%s" % domain)
    answers = lookup(name, "TXT")
    values = sorted({v for a in answers for v in a["values"] if v.lower().startswith("v=dmarc1")})
    results = []
    if not values:
        return [
            verdict(
                "dmarc",
                name,
                "fail",
                "no v=DMARC1 record at %s (%s)" % (name, _seen(answers)),
                "publish one, p=none to start: mailops_domains['%s'].dmarc.policy" % domain,
            )
        ]
    if len(values) > 1:
        return [verdict("dmarc", name, "fail", "%d DMARC records at %s: %s" % (len(values), name, values), "keep exactly one DMARC record")]
    record = values[0]
    problems = _dmarc.validate(record, where=name)
    if problems:
        return [verdict("dmarc", name, "fail", "; ".join(problems), "fix the DMARC record")]
    tags = _dmarc.parse(record)
    policy = tags.get("p")
    if policy == "none":
        results.append(
            verdict(
                "dmarc",
                name,
                "warn",
                "p=none: receivers only report, they do not act (%s)" % record,
                "once reports show all mail aligned, move to p=quarantine, then p=reject",
            )
        )
    else:
        results.append(verdict("dmarc", name, "pass", record))
    results[-1]["record"] = record
    modes = _dmarc.alignment(record)
    for mail_from in mail_from_domains:
        aligned = _dmarc.aligned(domain, mail_from.rstrip("."), modes["aspf"])
        results.append(
            verdict(
                "spf_alignment",
                mail_from,
                "pass" if aligned else "fail",
                "MAIL FROM %s vs From domain %s under aspf=%s: %s" % (mail_from, domain, modes["aspf"], "aligned" if aligned else "not aligned"),
                "use aspf=r (relaxed) so a MAIL FROM subdomain aligns, or send From the MAIL FROM domain",
            )
        )
    for dkim_domain in dkim_domains:
        aligned = _dmarc.aligned(domain, dkim_domain.rstrip("."), modes["adkim"])
        results.append(
            verdict(
                "dkim_alignment",
                dkim_domain,
                "pass" if aligned else "fail",
                "DKIM d=%s vs From domain %s under adkim=%s: %s" % (dkim_domain, domain, modes["adkim"], "aligned" if aligned else "not aligned"),
                "sign with a domain identity for the From domain (an address identity signs as amazonses.com)",
            )
        )
    return results


def served_dmarc_record(results):
    """The DMARC record ``check_dmarc`` saw (valid and alone at its name), or None."""
    for result in results:
        if result["check"] == "dmarc" and result.get("record"):
            return result["record"]
    return None


def check_bimi(domain, records, dmarc_record):
    """BIMI shows only with DMARC at enforcement: one verdict per expected BIMI record, from the DMARC record DNS serves.

    Whether the BIMI record itself is served is ``check_expected``'s verdict (``bimi_record``).
    """
    results = []
    fix = "raise mailops_domains['%s'].dmarc to policy quarantine or reject, with pct 100 (or none) and no subdomain_policy none" % domain
    for record in records:
        if record["type"] != "TXT" or "._bimi." not in record["name"]:
            continue
        name = record["name"]
        if not dmarc_record:
            results.append(verdict("bimi", name, "fail", "no valid DMARC record served at _dmarc.%s; %s" % (domain, _bimi.ENFORCEMENT), fix))
            continue
        gaps = _bimi.enforcement_gaps(_dmarc.parse(dmarc_record))
        if gaps:
            evidence = "_dmarc.%s serves %s (%s); %s" % (domain, ", ".join(gaps), dmarc_record, _bimi.ENFORCEMENT)
            results.append(verdict("bimi", name, "fail", evidence, fix))
        else:
            results.append(verdict("bimi", name, "pass", "DMARC of %s is at enforcement (%s)" % (domain, dmarc_record)))
    return results


def check_report_authorization(domain, dmarc_record, lookup):
    """Each rua/ruf destination outside the domain's organizational domain authorizes the reports (RFC 7489 7.1).

    One verdict per such destination: pass when every server serves a ``v=DMARC1`` TXT at
    ``<domain>._report._dmarc.<destination>`` (a wildcard ``*._report._dmarc.<destination>`` answers too),
    warn otherwise: receivers then send no reports there.
    """
    results = []
    for report_domain in _dmarc.external_report_domains(domain, dmarc_record) if dmarc_record else []:
        name = _dmarc.report_authorization_name(domain, report_domain)
        answers = lookup(name, "TXT")
        lacking = _missing_on(answers, lambda values: any(_dmarc.authorizes_reports(v) for v in values))
        if answers and not lacking:
            evidence = "%s TXT v=DMARC1 served by %s: %s accepts the DMARC reports of %s" % (
                name,
                ", ".join(a["server"] for a in answers),
                report_domain,
                domain,
            )
            results.append(verdict("dmarc_report_authorization", name, "pass", evidence))
            continue
        evidence = "the DMARC record of %s sends reports to %s, outside its organizational domain, but no v=DMARC1 TXT at %s (seen %s)" % (
            domain,
            report_domain,
            name,
            _seen(lacking) or "no answer",
        )
        fix = 'publish TXT "v=DMARC1" at %s (the collection does when a zone of mailops_dns_zones holds %s; otherwise ask its owner), ' % (name, report_domain)
        fix += "or send rua/ruf to an address in %s; until then receivers send %s no reports" % (_dmarc.organizational_domain(domain), report_domain)
        results.append(verdict("dmarc_report_authorization", name, "warn", evidence, fix))
    return results


def check_spf(names, lookup, resolve, required=()):
    """At each name: at most one v=spf1 record, valid, within 10 lookups and 2 void lookups.

    A missing record fails at the ``required`` names (MAIL FROM domains) and warns elsewhere.
    """
    results = []
    for name in names:
        answers = lookup(name, "TXT")
        values = sorted({v for a in answers for v in a["values"] if _spf.is_spf(v)})
        if not values:
            results.append(
                verdict(
                    "spf",
                    name,
                    "fail" if name in required else "warn",
                    "no v=spf1 record at %s" % name,
                    "publish v=spf1 include:amazonses.com ~all at %s" % name,
                )
            )
            continue
        problems = _spf.check_single_record(values, where=name)
        if not problems:
            problems = _spf.validate(values[0], where=name, resolve=resolve)
        if problems:
            results.append(verdict("spf", name, "fail", "; ".join(problems), "fix the SPF record at %s" % name))
        else:
            lookups = _spf.count_lookups(values[0], resolve=resolve)
            unresolved = _spf.unresolved_targets(values[0], resolve) if resolve else []
            note = "; nested lookups of %s not counted (not answerable here)" % ", ".join(unresolved) if unresolved else ""
            results.append(verdict("spf", name, "pass", "%s (%d DNS lookups of 10%s)" % (values[0], lookups, note)))
    return results


def summary(results):
    counts = {"pass": 0, "warn": 0, "fail": 0}
    for result in results:
        counts[result["status"]] += 1
    return counts


def facts_from_records(domain, records):
    """MAIL FROM domains, DKIM signing domains and SPF names implied by an identity's expected records."""
    mail_from, spf_names = [], []
    dkim = False
    for record in records:
        if record["type"] == "MX" and any(_ses_records.FEEDBACK_RE.match(v) for v in record["values"]):
            mail_from.append(record["name"].rstrip("."))
        if record["type"] == "TXT" and any(_spf.is_spf(v) for v in record["values"]):
            spf_names.append(record["name"])
        if "._domainkey." in record["name"]:
            dkim = True
    return sorted(set(mail_from)), ([domain] if dkim else []), sorted(set(spf_names))
