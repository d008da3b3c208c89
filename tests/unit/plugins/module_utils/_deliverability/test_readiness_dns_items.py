"""Readiness items made from email_auth_check's BIMI and DMARC report authorization verdicts (data only).

Kept apart from test_monitoring_and_readiness.py, which covers the other readiness items.
"""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import readiness as _readiness

BIMI_NAME = "default._bimi.example.com."
AUTH_NAME = "example.com._report._dmarc.reports.example.net."
SERVED = {"check": "bimi_record", "name": BIMI_NAME, "status": "pass", "evidence": BIMI_NAME + " TXT served by ns1:53"}
NOT_SERVED = {
    "check": "bimi_record",
    "name": BIMI_NAME,
    "status": "fail",
    "evidence": "expected %s TXT ['v=BIMI1; l=https://example.com/logo.svg']; seen ns1:53: NXDOMAIN" % BIMI_NAME,
    "fix": "publish it (mailops.ses.dns_record_sets) and wait for every server to serve it",
}
ENFORCED = {"check": "bimi", "name": BIMI_NAME, "status": "pass", "evidence": "DMARC of example.com is at enforcement (v=DMARC1; p=reject)"}
NOT_ENFORCED = {
    "check": "bimi",
    "name": BIMI_NAME,
    "status": "fail",
    "evidence": "_dmarc.example.com serves p=none (v=DMARC1; p=none); mailbox providers show a BIMI logo only with p=quarantine or p=reject, "
    "pct=100 or no pct, and no sp=none",
    "fix": "raise mailops_domains['example.com'].dmarc to policy quarantine or reject, with pct 100 (or none) and no subdomain_policy none",
}
AUTHORIZED = {
    "check": "dmarc_report_authorization",
    "name": AUTH_NAME,
    "status": "pass",
    "evidence": AUTH_NAME + " TXT v=DMARC1 served by ns1:53: reports.example.net accepts the DMARC reports of example.com",
}
UNAUTHORIZED = {
    "check": "dmarc_report_authorization",
    "name": "example.com._report._dmarc.thirdparty.example.org.",
    "status": "warn",
    "evidence": "the DMARC record of example.com sends reports to thirdparty.example.org, outside its organizational domain, "
    "but no v=DMARC1 TXT at example.com._report._dmarc.thirdparty.example.org. (seen ns1:53: NXDOMAIN)",
    "fix": 'publish TXT "v=DMARC1" at example.com._report._dmarc.thirdparty.example.org. (...)',
}
DMARC = {"check": "dmarc", "name": "_dmarc.example.com.", "status": "pass", "evidence": "v=DMARC1; p=reject", "record": "v=DMARC1; p=reject"}


def tenant(*checks):
    return {
        "region": "us-east-1",
        "identities": [
            {
                "identity": "example.com",
                "identity_type": "DOMAIN",
                "verified_for_sending": True,
                "dkim": {"status": "SUCCESS", "origin": "AWS_SES"},
                "mail_from_domain": "mail.example.com",
                "mail_from_status": "SUCCESS",
            }
        ],
        "auth_checks": [{"domain": "example.com", "checks": [DMARC] + list(checks)}],
    }


def dns_items(*checks):
    items = _readiness.evaluate({"t": tenant(*checks)})["tenants"][0]["domains"][0]["items"]
    return [i for i in items if i["check"] in ("bimi", "dmarc_rua_authorization")]


@pytest.mark.parametrize(
    "checks, items",
    [
        # neither BIMI checked nor a report destination outside the organizational domain: no item
        ((), []),
        (
            (SERVED, ENFORCED),
            [{"check": "bimi", "status": "pass", "evidence": "%s: %s; %s: %s" % (BIMI_NAME, SERVED["evidence"], BIMI_NAME, ENFORCED["evidence"])}],
        ),
        # not served yet: a warning (site.yml publishes it, DNS may be catching up)
        ((NOT_SERVED, ENFORCED), [{"check": "bimi", "status": "warn", "evidence": "%s: %s" % (BIMI_NAME, NOT_SERVED["evidence"]), "fix": NOT_SERVED["fix"]}]),
        # DMARC below enforcement: receivers never show the logo
        (
            (SERVED, NOT_ENFORCED),
            [{"check": "bimi", "status": "fail", "evidence": "%s: %s" % (BIMI_NAME, NOT_ENFORCED["evidence"]), "fix": NOT_ENFORCED["fix"]}],
        ),
        (
            (NOT_SERVED, NOT_ENFORCED),
            [{"check": "bimi", "status": "fail", "evidence": "%s: %s" % (BIMI_NAME, NOT_ENFORCED["evidence"]), "fix": NOT_ENFORCED["fix"]}],
        ),
        ((AUTHORIZED,), [{"check": "dmarc_rua_authorization", "status": "pass", "evidence": "%s: %s" % (AUTH_NAME, AUTHORIZED["evidence"])}]),
        (
            (AUTHORIZED, UNAUTHORIZED),
            [
                {
                    "check": "dmarc_rua_authorization",
                    "status": "warn",
                    "evidence": "%s: %s" % (UNAUTHORIZED["name"], UNAUTHORIZED["evidence"]),
                    "fix": UNAUTHORIZED["fix"],
                }
            ],
        ),
        (
            (SERVED, ENFORCED, UNAUTHORIZED),
            [
                {
                    "check": "dmarc_rua_authorization",
                    "status": "warn",
                    "evidence": "%s: %s" % (UNAUTHORIZED["name"], UNAUTHORIZED["evidence"]),
                    "fix": UNAUTHORIZED["fix"],
                },
                {"check": "bimi", "status": "pass", "evidence": "%s: %s; %s: %s" % (BIMI_NAME, SERVED["evidence"], BIMI_NAME, ENFORCED["evidence"])},
            ],
        ),
    ],
)
def test_bimi_and_report_authorization_items(checks, items):
    assert dns_items(*checks) == items


def test_the_items_follow_spf_and_keep_the_shape_of_the_others():
    items = _readiness.evaluate({"t": tenant(SERVED, ENFORCED, AUTHORIZED)})["tenants"][0]["domains"][0]["items"]
    names = [i["check"] for i in items]
    assert names[names.index("spf") + 1 : names.index("spf") + 3] == ["dmarc_rua_authorization", "bimi"]
    assert all(set(i) <= {"check", "status", "evidence", "fix"} for i in items)


def test_no_dns_check_no_item():
    report = _readiness.evaluate({"t": dict(tenant(), auth_checks={})})
    assert [i for i in report["tenants"][0]["domains"][0]["items"] if i["check"] in ("bimi", "dmarc_rua_authorization")] == []
