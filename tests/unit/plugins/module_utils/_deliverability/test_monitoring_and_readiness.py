import json
import os
import xml.etree.ElementTree as ET

import jinja2
import pytest

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))))
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import readiness as _readiness
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import report_files as _report_files


def test_event_destination_and_dashboard_use_the_domain_dimension():
    destination = _monitoring.event_destination("example.com")
    assert destination["cloudwatch"]["dimensions"] == [
        {"name": "ses:from-domain", "source": "message_tag", "default": "example.com"},
        {"name": "mailops-traffic", "source": "message_tag", "default": "live"},
    ]
    body = _monitoring.dashboard_body("example.com", "eu-west-1")
    json.dumps(body)  # console JSON must serialise
    counts = body["widgets"][1]["properties"]
    assert counts["region"] == "eu-west-1"
    assert [m[1] for m in counts["metrics"]] == ["Send", "Delivery", "Bounce", "Complaint"]
    assert counts["metrics"][0][:6] == ["AWS/SES", "Send", "ses:from-domain", "example.com", "mailops-traffic", "live"]
    rates = body["widgets"][3]["properties"]
    expressions = [m[0]["expression"] for m in rates["metrics"] if isinstance(m[0], dict)]
    assert expressions == ["IF(send > 0, 100 * bounce / send, 0)", "IF(send > 0, 100 * complaint / send, 0)"]
    hidden_ids = [m[-1]["id"] for m in rates["metrics"] if not isinstance(m[0], dict)]
    assert hidden_ids == ["send", "bounce", "complaint"]
    assert [a["value"] for a in rates["annotations"]["horizontal"]] == [0.3, 0.1, 5.0]


def test_alarms_per_domain_and_configuration_set():
    alarms = _monitoring.domain_alarms("mkt.example.com", {"bounce_rate": 4})
    assert [a["name"] for a in alarms] == [
        "mailops-ses-mkt-example-com-bounce-rate",
        "mailops-ses-mkt-example-com-complaint-rate-warning",
        "mailops-ses-mkt-example-com-complaint-rate-critical",
    ]
    assert [a["threshold"] for a in alarms] == [4.0, 0.1, 0.3]
    assert alarms[2]["metrics"][2]["expression"] == "IF(send > 0, 100 * complaint / send, 0)"
    reputation = _monitoring.configuration_set_alarms("marketing")
    assert [(a["metric_name"], a["threshold"]) for a in reputation] == [
        ("Reputation.BounceRate", 0.05),
        ("Reputation.ComplaintRate", 0.001),
        ("Reputation.ComplaintRate", 0.003),
    ]
    with pytest.raises(ValueError) as exc:
        _monitoring.thresholds({"complaint": 1})
    assert "unknown keys complaint" in str(exc.value)
    with pytest.raises(ValueError):
        _monitoring.thresholds({"bounce_rate": 120})


def identity(name="example.com", dkim="SUCCESS", mail_from="mail.example.com", mail_from_status="SUCCESS", cs="marketing", key_length=None):
    return {
        "identity": name,
        "identity_type": "DOMAIN",
        "verified_for_sending": dkim == "SUCCESS",
        "dkim": {"status": dkim, "origin": "AWS_SES", "current_key_length": key_length},
        "mail_from_domain": mail_from,
        "mail_from_status": mail_from_status,
        "configuration_set": cs,
    }


def auth(dmarc="v=DMARC1; p=quarantine", spf_status="pass"):
    return {
        "checks": [
            {"check": "dmarc", "name": "_dmarc.example.com.", "status": "pass", "evidence": dmarc, "record": dmarc},
            {"check": "spf", "name": "mail.example.com.", "status": spf_status, "evidence": "v=spf1 include:amazonses.com ~all"},
        ]
    }


PROOF = {
    "verdict": "pass",
    "problems": [],
    "configuration_set": "marketing",
    "message_id": "<m1@email.amazonses.com>",
    "list_unsubscribe": "<https://unsubscribe.example/t1>",
    "list_unsubscribe_post": "List-Unsubscribe=One-Click",
    "dkim_domains": ["example.com"],
}


def tenant(**overrides):
    base = {
        "region": "us-east-1",
        "identities": [identity()],
        "account": {"production_access_enabled": True, "suppression_reasons": ["BOUNCE", "COMPLAINT"]},
        "contact_list": {"name": "customers", "topics": [{"name": "news"}]},
        "configuration_sets": [{"name": "marketing", "bulk": True}],
        "inventory_identities": [{"identity": "example.com", "configuration_set": "marketing"}],
        "auth_checks": {"example.com": auth()},
        "stats": {"domains": {"example.com": {"send": 10000, "bounce_rate": 0.5, "complaint_rate": 0.05}}},
        "unsubscribe_proofs": [PROOF],
    }
    base.update(overrides)
    return base


def statuses(report):
    return {i["check"]: i["status"] for i in report["tenants"][0]["domains"][0]["items"]}


def test_a_ready_domain_passes_everything():
    report = _readiness.evaluate({"mkt": tenant()})
    assert set(statuses(report).values()) == {"pass"}
    assert report["summary"]["fail"] == 0


@pytest.mark.parametrize(
    "overrides, check, status, words",
    [
        ({"identities": [identity(dkim="PENDING")]}, "dkim", "warn", "72 hours"),
        ({"identities": [identity(dkim="FAILED")]}, "dkim", "fail", "served"),
        ({"identities": [identity(mail_from=None)]}, "mail_from", "warn", "set mail_from"),
        ({"identities": [identity(mail_from_status="FAILED")]}, "mail_from", "fail", "feedback-smtp"),
        ({"auth_checks": {"example.com": auth(dmarc="v=DMARC1; p=reject; aspf=s")}}, "mail_from", "fail", "aspf=r"),
        ({"auth_checks": {"example.com": auth(dmarc="v=DMARC1; p=none")}}, "dmarc", "warn", "p=quarantine"),
        ({"auth_checks": {}}, "dmarc", "fail", "mailops_domains['example.com'].dmarc.policy"),
        ({"auth_checks": {"example.com": auth(spf_status="fail")}}, "spf", "fail", "SPF"),
        ({"contact_list": None}, "one_click_unsubscribe", "fail", "TopicName"),
        ({"unsubscribe_proofs": []}, "one_click_unsubscribe", "warn", "message_source"),
        ({"unsubscribe_proofs": [dict(PROOF, verdict="unproven")]}, "one_click_unsubscribe", "warn", "no sent message was checked"),
        (
            {"unsubscribe_proofs": [dict(PROOF, verdict="fail", problems=["no List-Unsubscribe-Post header"])]},
            "one_click_unsubscribe",
            "fail",
            "no List-Unsubscribe-Post header",
        ),
        ({"unsubscribe_proofs": []}, "gmail", "warn", "one_click_unsubscribe"),
        ({"contact_list": None}, "yahoo", "fail", "one_click_unsubscribe"),
        ({"contact_list": None}, "microsoft", "pass", "dmarc"),
        ({"auth_checks": {}}, "microsoft", "fail", "dmarc"),
        ({"identities": [identity(key_length="RSA_1024_BIT")]}, "dkim_key_length", "warn", "RSA_2048_BIT"),
        ({"identities": [identity(key_length="RSA_2048_BIT")]}, "dkim_key_length", "pass", "2048-bit"),
        (
            {"stats": {"domains": {}, "recommendations": {"example.com": [{"type": "DMARC", "status": "OPEN", "impact": "LOW", "description": "p=none"}]}}},
            "vdm_recommendations",
            "warn",
            "DMARC (LOW): p=none",
        ),
        (
            {"stats": {"domains": {}, "recommendations": {"example.com": [{"type": "DKIM", "status": "OPEN", "impact": "HIGH", "description": "no DKIM"}]}}},
            "vdm_recommendations",
            "fail",
            "Advisor",
        ),
        ({"stats": {"domains": {}, "recommendations": {"example.com": [{"type": "DKIM", "status": "FIXED"}]}}}, "vdm_recommendations", "pass", "no open"),
        ({"stats": {"domains": {"example.com": {"send": 1000, "bounce_rate": 0.1, "complaint_rate": 0.35}}}}, "complaint_rate", "fail", "0.3%"),
        ({"stats": {"domains": {"example.com": {"send": 1000, "bounce_rate": 0.1, "complaint_rate": 0.15}}}}, "complaint_rate", "warn", "0.1%"),
        ({"stats": {"domains": {"example.com": {"send": 1000, "bounce_rate": 6.0, "complaint_rate": 0}}}}, "bounce_rate", "fail", "5%"),
        ({"account": {"production_access_enabled": False, "review_status": None, "suppression_reasons": []}}, "production_access", "fail", "production_access"),
        (
            {"account": {"production_access_enabled": False, "review_status": "PENDING", "suppression_reasons": ["BOUNCE"]}},
            "account_suppression",
            "warn",
            "BOUNCE, COMPLAINT",
        ),
    ],
)
def test_each_rule(overrides, check, status, words):
    items = _readiness.evaluate({"mkt": tenant(**overrides)})["tenants"][0]["domains"][0]["items"]
    found = [i for i in items if i["check"] == check][0]
    assert found["status"] == status
    assert words in found.get("fix", "") + found["evidence"]


def test_address_identity_only_fails_alignment_and_use_separation():
    report = _readiness.evaluate({"t": tenant(identities=[{"identity": "news@example.org", "identity_type": "EMAIL_ADDRESS"}])})
    assert statuses(report)["domain_identity"] == "fail"
    shared = tenant(
        identities=[identity(), identity("receipts.example.com", mail_from="mail.receipts.example.com")],
        inventory_identities=[
            {"identity": "example.com", "use": "marketing", "configuration_set": "marketing"},
            {"identity": "receipts.example.com", "use": "transactional", "configuration_set": "marketing"},
        ],
    )
    items = _readiness.evaluate({"t": shared})["tenants"][0]["domains"][0]["items"]
    assert [i for i in items if i["check"] == "use_separation"][0]["status"] == "warn"


def test_vdm_recommendations_are_no_item_when_not_read():
    assert "vdm_recommendations" not in statuses(_readiness.evaluate({"mkt": tenant()}))


def render_html(report):
    """The report role's HTML template, rendered as the role renders it."""
    with open(os.path.join(ROOT, "roles", "report", "templates", "readiness.html.j2")) as handle:
        return jinja2.Environment(autoescape=False).from_string(handle.read()).render(report=report)


def test_files_json_junit_and_the_roles_html_template():
    report = _readiness.evaluate({"mkt": tenant(contact_list=None), "ops": tenant()})
    report["generated"] = "2026-11-26 10:00 UTC"
    parsed = json.loads(_report_files.to_json(report))
    assert parsed["summary"] == report["summary"]
    suites = ET.fromstring(_report_files.to_junit(report))
    assert suites.get("failures") == "3"  # one-click unsubscribe, and Gmail's and Yahoo's rules that need it
    failures = suites.findall(".//failure")
    assert sorted(f.get("message").split(":")[0].split(" ")[0] for f in failures) == ["Gmail's", "Yahoo's", "configuration"]
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "http" not in html.split("<style>")[1].split("</style>")[0]
    assert 'class="card fail"><b>3</b>fail' in html
    assert '<span class="provider fail">Gmail: fail</span>' in html and '<span class="provider pass">Microsoft: pass</span>' in html
    assert "Generated 2026-11-26 10:00 UTC by mailops.ses" in html


def replica(status="SUCCESS", error=None):
    view = identity(dkim=status)
    view["dkim"].update(origin="AWS_SES_US_EAST_1", parent_region="us-east-1", replication_error=error)
    return view


@pytest.mark.parametrize(
    "view, status, evidence, fix",
    [
        (replica(), "pass", "DKIM status SUCCESS (Deterministic Easy DKIM replica of the identity in us-east-1, signing with its key)", None),
        (replica("PENDING"), "warn", "DKIM status PENDING: SES has not seen the DKIM records yet", "72 hours"),
        (
            replica("FAILED", "REPLICATION_PRIMARY_NOT_FOUND"),
            "fail",
            "DKIM status FAILED (Deterministic Easy DKIM replica of the identity in us-east-1, signing with its key; SES: REPLICATION_PRIMARY_NOT_FOUND)",
            "the parent identity in us-east-1 must exist in the same account with Easy DKIM and be verified",
        ),
    ],
)
def test_dkim_of_a_replica_names_its_parent(view, status, evidence, fix):
    found = [i for i in _readiness.evaluate({"ops-eu": tenant(identities=[view])})["tenants"][0]["domains"][0]["items"] if i["check"] == "dkim"][0]
    assert (found["status"], found["evidence"]) == (status, evidence)
    assert fix is None or fix in found["fix"]


SES_TENANT = {
    "name": "marketing",
    "reputation_policy": "standard",
    "sending_status_aggregate": "ENABLED",
    "reputation_impact": None,
    "resources": [{"type": "identity", "name": "example.com"}, {"type": "configuration_set", "name": "marketing"}],
}
ENDPOINT = {"name": "global", "endpoint_id": "abcdef12.g3h", "status": "READY", "primary_region": "us-east-1", "secondary_region": "eu-west-1", "created": "x"}


def test_ses_tenant_and_endpoints_in_the_report():
    report = _readiness.evaluate({"mkt": tenant(ses_tenant=SES_TENANT, multi_region_endpoints=[ENDPOINT, None])})
    found = report["tenants"][0]
    assert found["ses_tenant"] == {"name": "marketing", "reputation_policy": "standard", "sending_status_aggregate": "ENABLED"}
    assert found["multi_region_endpoints"] == [{k: v for k, v in ENDPOINT.items() if k != "created"}]
    item = [i for i in found["domains"][0]["items"] if i["check"] == "ses_tenant"][0]
    assert item == {
        "check": "ses_tenant",
        "status": "pass",
        "evidence": "sends as SES tenant marketing (reputation policy standard: SES pauses it on reputation findings), sending ENABLED",
    }
    html = render_html(dict(report, generated="now"))
    assert "SES tenant marketing: reputation policy standard, sending ENABLED" in html
    assert "Multi-region endpoint global (us-east-1 and eu-west-1): READY, EndpointId abcdef12.g3h" in html
    # a domain that is not associated with the SES tenant gets no item, a tenant without either no entry
    plain = _readiness.evaluate({"mkt": tenant(ses_tenant=dict(SES_TENANT, resources=[]))})["tenants"][0]
    assert "ses_tenant" not in statuses({"tenants": [plain]}) and "multi_region_endpoints" not in plain
    assert "ses_tenant" not in _readiness.evaluate({"mkt": tenant()})["tenants"][0]


def test_a_paused_ses_tenant_fails():
    paused = dict(SES_TENANT, reputation_policy="strict", sending_status_aggregate="DISABLED", reputation_impact="LOW")
    items = _readiness.evaluate({"mkt": tenant(ses_tenant=paused)})["tenants"][0]["domains"][0]["items"]
    item = [i for i in items if i["check"] == "ses_tenant"][0]
    assert item["status"] == "fail"
    assert item["evidence"] == (
        "sends as SES tenant marketing (reputation policy strict: SES pauses it on reputation findings), sending DISABLED (reputation impact LOW)"
    )
    assert "REINSTATED" in item["fix"]
    relaxed = dict(SES_TENANT, reputation_policy="none")
    items = _readiness.evaluate({"mkt": tenant(ses_tenant=relaxed)})["tenants"][0]["domains"][0]["items"]
    assert "SES never pauses it" in [i for i in items if i["check"] == "ses_tenant"][0]["evidence"]
