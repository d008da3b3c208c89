# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bulk-sender readiness (Gmail and Yahoo since February 2024, Microsoft since May 2025, and SES's own
guidance), pure.

Each item is pass / warn / fail with the evidence and the fix. The input is what the rollout already
knows: identity views, account view, contact list, DNS verdicts from email_auth_check, send/bounce/complaint
counts from CloudWatch, VDM's recommendations, and the smoke test's proof of one-click unsubscribe (the
headers of a message SES really sent through subscription management).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc

COMPLAINT_FAIL = 0.3  # percent: the Gmail/Yahoo limit
COMPLAINT_WARN = 0.1  # percent: what Gmail and SES recommend staying under
BOUNCE_FAIL = 5.0  # percent: SES reviews accounts above 5 %
BOUNCE_WARN = 2.0


def item(check, status, evidence, fix=None):
    result = {"check": check, "status": status, "evidence": evidence}
    if fix and status != "pass":
        result["fix"] = fix
    return result


def _dkim(identity):
    status = (identity or {}).get("dkim", {}).get("status")
    parent = (identity or {}).get("dkim", {}).get("parent_region")
    if parent:  # a Deterministic Easy DKIM replica: the parent's key and CNAMEs sign for it
        origin = "Deterministic Easy DKIM replica of the identity in %s, signing with its key" % parent
        if status not in ("SUCCESS", "PENDING"):
            error = identity["dkim"].get("replication_error")
            return item(
                "dkim",
                "fail",
                "DKIM status %s (%s%s)" % (status, origin, "; SES: %s" % error if error else ""),
                "the parent identity in %s must exist in the same account with Easy DKIM and be verified" % parent,
            )
    else:
        origin = (identity or {}).get("dkim", {}).get("origin")
    if status == "SUCCESS":
        return item("dkim", "pass", "DKIM status SUCCESS (%s)" % origin)
    if status == "PENDING":
        return item(
            "dkim", "warn", "DKIM status PENDING: SES has not seen the DKIM records yet", "publish the DKIM records (site.yml does) and allow up to 72 hours"
        )
    return item("dkim", "fail", "DKIM status %s" % status, "check that the DKIM records are served, then rerun")


def _dmarc_record(domain, auth):
    """The DMARC record email_auth_check saw, or None."""
    for check in (auth or {}).get("checks", []):
        if check["check"] == "dmarc" and check.get("record"):
            return check["record"]
    return None


def _mail_from(identity, dmarc_record):
    mail_from = identity.get("mail_from_domain")
    if not mail_from:
        return item(
            "mail_from",
            "warn",
            "no custom MAIL FROM: SPF authenticates amazonses.com, not %s" % identity["identity"],
            "set mail_from (e.g. mail.%s) so that SPF aligns with the From domain" % identity["identity"],
        )
    status = identity.get("mail_from_status")
    if status != "SUCCESS":
        return item(
            "mail_from",
            "fail" if status in ("FAILED", "TEMPORARY_FAILURE") else "warn",
            "MAIL FROM %s status %s" % (mail_from, status),
            "publish MX 10 feedback-smtp.<region>.amazonses.com at %s" % mail_from,
        )
    aspf = _dmarc.alignment(dmarc_record)["aspf"] if dmarc_record else "r"
    if not _dmarc.aligned(identity["identity"], mail_from, aspf):
        return item(
            "mail_from",
            "fail",
            "MAIL FROM %s does not align with %s under aspf=%s" % (mail_from, identity["identity"], aspf),
            "use aspf=r (relaxed) in the DMARC record",
        )
    return item("mail_from", "pass", "MAIL FROM %s SUCCESS, aligned under aspf=%s" % (mail_from, aspf))


def _dmarc_item(domain, dmarc_record, all_aligned):
    if not dmarc_record:
        return item(
            "dmarc", "fail", "no DMARC record served at _dmarc.%s" % domain, "set mailops_domains['%s'].dmarc.policy (p=none is enough to start)" % domain
        )
    policy = _dmarc.parse(dmarc_record).get("p")
    if policy == "none":
        if all_aligned:
            return item(
                "dmarc",
                "warn",
                "%s: p=none while DKIM and SPF are aligned" % dmarc_record,
                "the next step is p=quarantine once the aggregate reports show no unaligned mail",
            )
        return item("dmarc", "pass", "%s (p=none meets the bulk-sender rule)" % dmarc_record)
    return item("dmarc", "pass", dmarc_record)


def _spf(auth):
    failed = [c for c in (auth or {}).get("checks", []) if c["check"] in ("spf", "spf_record") and c["status"] == "fail"]
    if failed:
        return item("spf", "fail", "; ".join("%s: %s" % (c["name"], c["evidence"]) for c in failed), failed[0].get("fix") or "fix the SPF records")
    seen = [c for c in (auth or {}).get("checks", []) if c["check"] == "spf"]
    if not seen:
        return item("spf", "warn", "SPF was not checked (no DNS check ran)", "enable the verify phase")
    return item("spf", "pass", "; ".join("%s: %s" % (c["name"], c["evidence"]) for c in seen))


def _verdicts(auth, checks):
    return [c for c in (auth or {}).get("checks", []) if c["check"] in checks]


def _joined(verdicts):
    return "; ".join("%s: %s" % (c["name"], c["evidence"]) for c in verdicts)


def _bimi(auth):
    """BIMI, when email_auth_check was given the domain's settings: the record served and DMARC at enforcement.

    A record not served yet is a warning (site.yml publishes it; DNS may still be catching up); DMARC below
    enforcement is a failure, since receivers then never show the logo. None when BIMI was not checked.
    """
    seen = _verdicts(auth, ("bimi_record", "bimi"))
    if not seen:
        return None
    enforcement = [c for c in seen if c["check"] == "bimi" and c["status"] != "pass"]
    bad = enforcement or [c for c in seen if c["status"] != "pass"]
    if bad:
        return item("bimi", "fail" if enforcement else "warn", _joined(bad), bad[0].get("fix") or "publish the BIMI record")
    return item("bimi", "pass", _joined(seen))


def _report_authorization(auth):
    """The DMARC report destinations outside the domain's organizational domain authorize the reports (RFC 7489 7.1).

    A missing authorization is a warning: the mail is delivered, the reports are not. None when no report goes
    outside the organizational domain (or DNS was not checked).
    """
    seen = _verdicts(auth, ("dmarc_report_authorization",))
    if not seen:
        return None
    bad = [c for c in seen if c["status"] != "pass"]
    if bad:
        return item("dmarc_rua_authorization", "warn", _joined(bad), bad[0].get("fix"))
    return item("dmarc_rua_authorization", "pass", _joined(seen))


def _dkim_key_length(identity):
    """Easy DKIM keys of 1024 bits are weaker than receivers now expect; 2048 bits is what SES recommends."""
    dkim = (identity or {}).get("dkim") or {}
    length = dkim.get("next_key_length") or dkim.get("current_key_length")
    if not length or dkim.get("origin") == "EXTERNAL":
        return None
    if length == "RSA_1024_BIT":
        return item(
            "dkim_key_length",
            "warn",
            "Easy DKIM signs with a 1024-bit key",
            "set dkim: {key_length: RSA_2048_BIT} on the identity (SES rotates to the longer key; one change per 24 hours)",
        )
    return item("dkim_key_length", "pass", "Easy DKIM signs with a 2048-bit key")


def _unsubscribe(domain, sets_for_domain, contact_list, proofs=None):
    bulk = [s["name"] for s in sets_for_domain if s.get("bulk")]
    if not bulk:
        return item("one_click_unsubscribe", "pass", "no configuration set of %s is marked bulk" % domain)
    topics = (contact_list or {}).get("topics") or []
    if not (contact_list and topics):
        return item(
            "one_click_unsubscribe",
            "fail",
            "configuration sets %s are marked bulk but the account has no contact list with topics" % ", ".join(bulk),
            "define mailops_ses_contact_list with topics and send with a TopicName (RFC 8058 one-click unsubscribe)",
        )
    proven = [p for p in proofs or [] if p.get("configuration_set") in bulk]
    failed = [p for p in proven if p.get("verdict") == "fail"]
    if failed:
        proof = failed[0]
        return item(
            "one_click_unsubscribe",
            "fail",
            "a message sent through %s with contact list %s: %s" % (proof["configuration_set"], contact_list["name"], "; ".join(proof.get("problems") or [])),
            "send bulk mail with ListManagementOptions (contact list and topic) and keep SES's DKIM signing on",
        )
    passed = [p for p in proven if p.get("verdict") == "pass"]
    if passed:
        proof = passed[0]
        # no message id or unsubscribe token in the evidence: they change with every smoke test, the finding does not
        return item(
            "one_click_unsubscribe",
            "pass",
            "a message sent through %s (contact list %s) carried an https List-Unsubscribe and List-Unsubscribe-Post: %s, signed by the DKIM key of %s"
            % (proof["configuration_set"], contact_list["name"], proof.get("list_unsubscribe_post"), ", ".join(proof.get("dkim_domains") or [])),
        )
    return item(
        "one_click_unsubscribe",
        "warn",
        "not proven: bulk configuration sets %s and contact list %s exist, but no sent message was checked" % (", ".join(bulk), contact_list["name"]),
        "enable mailops_smoke_test with a message_source, so that the smoke test reads the headers of a message it sent",
    )


def _recommendations(domain, recommendations):
    """VDM's open recommendations for the domain (None when VDM's recommendations were not read)."""
    if recommendations is None:
        return None
    open_ones = [r for r in recommendations.get(domain) or [] if r.get("status") == "OPEN"]
    if not open_ones:
        return item("vdm_recommendations", "pass", "no open VDM recommendation for %s" % domain)
    high = [r for r in open_ones if r.get("impact") == "HIGH"]
    return item(
        "vdm_recommendations",
        "fail" if high else "warn",
        "; ".join("%s (%s): %s" % (r.get("type"), r.get("impact"), r.get("description")) for r in open_ones),
        "follow the recommendations in the SES console (Virtual Deliverability Manager > Advisor)",
    )


# What each mailbox provider requires of bulk senders, as report checks: Gmail and Yahoo since February 2024
# (SPF and DKIM, DMARC with p= aligned with either, one-click unsubscribe, complaints below 0.3 %), Microsoft
# (Outlook.com, Hotmail, Live) since May 2025 for more than 5,000 messages a day (SPF, DKIM, DMARC of at least
# p=none aligned with SPF or DKIM).
PROVIDERS = (
    ("gmail", "Gmail", ("domain_identity", "dkim", "spf", "mail_from", "dmarc", "one_click_unsubscribe", "complaint_rate")),
    ("yahoo", "Yahoo", ("domain_identity", "dkim", "spf", "mail_from", "dmarc", "one_click_unsubscribe", "complaint_rate")),
    ("microsoft", "Microsoft (Outlook.com, Hotmail, Live)", ("domain_identity", "dkim", "spf", "dmarc")),
)
_RANK = {"pass": 0, "warn": 1, "fail": 2}


def _providers(items):
    """One item per mailbox provider: the worst of the checks it requires, naming the ones that are not met."""
    by_check = {i["check"]: i for i in items}
    results = []
    for check, label, required in PROVIDERS:
        present = [by_check[name] for name in required if name in by_check]
        if not present:
            continue
        worst = max(present, key=lambda i: _RANK[i["status"]])["status"]
        short = [i["check"] for i in present if i["status"] != "pass"]
        if worst == "pass":
            results.append(item(check, "pass", "meets %s's bulk-sender requirements (%s)" % (label, ", ".join(i["check"] for i in present))))
        else:
            results.append(
                item(check, worst, "%s's bulk-sender requirements not met: %s" % (label, ", ".join(short)), "fix the checks named here (see their rows)")
            )
    return results


def _rates(domain, stats, days):
    results = []
    if not stats or not stats.get("send"):
        evidence = "no mail sent from %s in the last %d days" % (domain, days)
        return [item("complaint_rate", "pass", evidence), item("bounce_rate", "pass", evidence)]
    complaint, bounce = stats.get("complaint_rate") or 0.0, stats.get("bounce_rate") or 0.0
    evidence = "%.3f%% of %d sends in the last %d days" % (complaint, stats["send"], days)
    if complaint >= COMPLAINT_FAIL:
        results.append(
            item(
                "complaint_rate",
                "fail",
                evidence,
                "complaints must stay below 0.3%%; the guard pauses the configuration set; find the campaign and clean the list",
            )
        )
    elif complaint >= COMPLAINT_WARN:
        results.append(item("complaint_rate", "warn", evidence, "aim for below 0.1% (Gmail Postmaster Tools shows the trend)"))
    else:
        results.append(item("complaint_rate", "pass", evidence))
    evidence = "%.2f%% of %d sends in the last %d days" % (bounce, stats["send"], days)
    if bounce >= BOUNCE_FAIL:
        results.append(item("bounce_rate", "fail", evidence, "SES reviews accounts above 5%; remove invalid addresses"))
    elif bounce >= BOUNCE_WARN:
        results.append(item("bounce_rate", "warn", evidence, "verify addresses at sign-up; keep bounces below 2%"))
    else:
        results.append(item("bounce_rate", "pass", evidence))
    return results


def _account_items(account):
    if not account:
        return [item("production_access", "warn", "account settings were not read", "manage mailops_ses_account")]
    results = []
    if account.get("production_access_enabled"):
        results.append(item("production_access", "pass", "out of the SES sandbox (production access granted)"))
    elif account.get("review_status") == "PENDING":
        results.append(
            item(
                "production_access",
                "warn",
                "production access requested, review PENDING (case %s)" % account.get("case_id"),
                "AWS answers within about 24 hours",
            )
        )
    else:
        results.append(
            item(
                "production_access",
                "fail",
                "the account is in the SES sandbox (review: %s)" % account.get("review_status"),
                "request production access with mailops_ses_account.production_access",
            )
        )
    reasons = sorted(account.get("suppression_reasons") or [])
    if reasons == ["BOUNCE", "COMPLAINT"]:
        results.append(item("account_suppression", "pass", "account-level suppression on for BOUNCE and COMPLAINT"))
    else:
        results.append(
            item(
                "account_suppression",
                "warn",
                "account-level suppression reasons: %s" % (", ".join(reasons) or "none"),
                "set mailops_ses_account.suppression_reasons: [BOUNCE, COMPLAINT]",
            )
        )
    return results


def _separation(tenant, domain):
    uses = {i.get("identity"): i.get("use") for i in tenant.get("inventory_identities", []) if i.get("use")}
    if not uses:
        return None
    mine = uses.get(domain)
    if not mine:
        return item("use_separation", "pass", "%s has no declared use" % domain)
    sets = {i.get("identity"): i.get("configuration_set") for i in tenant.get("inventory_identities", [])}
    shared = [name for name, use in uses.items() if use != mine and sets.get(name) and sets.get(name) == sets.get(domain)]
    if shared:
        return item(
            "use_separation",
            "warn",
            "%s (%s) shares configuration set %s with %s (%s)" % (domain, mine, sets.get(domain), ", ".join(shared), uses[shared[0]]),
            "use a configuration set per use case so one can be paused without the other",
        )
    return item("use_separation", "pass", "%s is only for %s mail, with its own subdomain and configuration set" % (domain, mine))


def _ses_tenant_item(ses_tenant):
    """Whether the SES tenant the domain sends as may send (SES pauses it by its reputation policy)."""
    policy = ses_tenant.get("reputation_policy")
    status = ses_tenant.get("sending_status_aggregate")
    evidence = "sends as SES tenant %s (reputation policy %s%s), sending %s" % (
        ses_tenant.get("name"),
        policy,
        ": SES never pauses it" if policy == "none" else ": SES pauses it on reputation findings",
        status,
    )
    if status == "DISABLED":
        return item(
            "ses_tenant",
            "fail",
            evidence + (" (reputation impact %s)" % ses_tenant["reputation_impact"] if ses_tenant.get("reputation_impact") else ""),
            "find and fix the cause of the reputation finding, then reinstate the tenant (mailops.ses.tenant sending_status: REINSTATED or ENABLED)",
        )
    return item("ses_tenant", "pass", evidence)


def _associated(ses_tenant, domain):
    return any(r.get("type") == "identity" and r.get("name") == domain for r in (ses_tenant or {}).get("resources") or [])


def evaluate_tenant(host, tenant, days=7):
    """Report items per domain for one tenant (the shape is documented in readiness_report's RETURN)."""
    identities = tenant.get("identities") or []
    domain_identities = {i["identity"]: i for i in identities if i and i.get("identity_type") == "DOMAIN"}
    address_domains = {i["identity"].rsplit("@", 1)[1] for i in identities if i and i.get("identity_type") == "EMAIL_ADDRESS"}
    inventory = {i.get("identity"): i for i in tenant.get("inventory_identities", [])}
    sets = {s.get("name"): s for s in tenant.get("configuration_sets") or []}
    account_items = _account_items(tenant.get("account"))
    domains = []
    for domain in sorted(set(domain_identities) | address_domains):
        identity = domain_identities.get(domain)
        items = []
        if identity is None:
            items.append(
                item(
                    "domain_identity",
                    "fail",
                    "only address identities send from %s: DKIM signs as amazonses.com and DMARC alignment fails" % domain,
                    "verify %s as a domain identity" % domain,
                )
            )
        else:
            items.append(
                item(
                    "domain_identity",
                    "pass",
                    "%s is a verified domain identity (DKIM aligns)" % domain if identity.get("verified_for_sending") else "%s is a domain identity" % domain,
                )
            )
            auth = (tenant.get("auth_checks") or {}).get(domain)
            dmarc_record = _dmarc_record(domain, auth)
            dkim = _dkim(identity)
            mail_from = _mail_from(identity, dmarc_record)
            items.extend([dkim, mail_from])
            key_length = _dkim_key_length(identity)
            if key_length:
                items.append(key_length)
            items.append(_dmarc_item(domain, dmarc_record, dkim["status"] == "pass" and mail_from["status"] == "pass"))
            items.append(_spf(auth))
            items.extend(entry for entry in (_report_authorization(auth), _bimi(auth)) if entry)
            names = {identity.get("configuration_set"), (inventory.get(domain) or {}).get("configuration_set")} - {None}
            used_sets = [sets[name] for name in sorted(names) if name in sets]
            items.append(_unsubscribe(domain, used_sets, tenant.get("contact_list"), tenant.get("unsubscribe_proofs")))
        if _associated(tenant.get("ses_tenant"), domain):
            items.append(_ses_tenant_item(tenant["ses_tenant"]))
        items.extend(_rates(domain, ((tenant.get("stats") or {}).get("domains") or {}).get(domain), days))
        advice = _recommendations(domain, (tenant.get("stats") or {}).get("recommendations"))
        if advice:
            items.append(advice)
        items.extend(_providers(items))
        items.extend(account_items)
        separation = _separation(tenant, domain)
        if separation:
            items.append(separation)
        domains.append({"domain": domain, "items": items, "summary": summary(items)})
    result = {"tenant": host, "region": tenant.get("region"), "domains": domains}
    if tenant.get("ses_tenant"):
        result["ses_tenant"] = {k: tenant["ses_tenant"].get(k) for k in ("name", "reputation_policy", "sending_status_aggregate")}
    endpoints = [e for e in tenant.get("multi_region_endpoints") or [] if e]
    if endpoints:
        result["multi_region_endpoints"] = [{k: e.get(k) for k in ("name", "endpoint_id", "status", "primary_region", "secondary_region")} for e in endpoints]
    return result


def summary(items):
    counts = {"pass": 0, "warn": 0, "fail": 0}
    for entry in items:
        counts[entry["status"]] += 1
    return counts


def by_host(tenants):
    """``{host: tenant}`` from that dict itself or from a list of tenants that each name their ``host``."""
    if isinstance(tenants, dict):
        return tenants
    return {tenant["host"]: tenant for tenant in tenants or []}


def _auth_by_domain(tenant):
    """The tenant with ``auth_checks`` by domain (they may come as the list of email_auth_check results)."""
    checks = tenant.get("auth_checks")
    if isinstance(checks, list):
        tenant = dict(tenant, auth_checks={result["domain"]: result for result in checks if result.get("domain")})
    return tenant


def evaluate(tenants, days=7):
    tenants = by_host(tenants)
    report = [evaluate_tenant(host, _auth_by_domain(tenants[host]), days) for host in sorted(tenants)]
    total = summary([i for t in report for d in t["domains"] for i in d["items"]])
    return {"summary": total, "tenants": report, "days": days}
