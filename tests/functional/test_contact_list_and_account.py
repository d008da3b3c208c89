"""mailops.ses.contact_list and mailops.ses.account against the sandbox: API state and call accounting."""

import pytest
from botocore.exceptions import ClientError
from testkit.aws import error_code
from testkit.modules import run_module

LIST = "customers"
TOPICS = [
    {"name": "offers", "display_name": "Special offers"},
    {"name": "newsletter", "display_name": "Monthly newsletter", "description": "News once a month", "default_subscription_status": "OPT_IN"},
]
TOPICS_API = [
    {"TopicName": "newsletter", "DisplayName": "Monthly newsletter", "Description": "News once a month", "DefaultSubscriptionStatus": "OPT_IN"},
    {"TopicName": "offers", "DisplayName": "Special offers", "DefaultSubscriptionStatus": "OPT_OUT"},
]
TOPICS_VIEW = [
    {"name": "newsletter", "display_name": "Monthly newsletter", "description": "News once a month", "default_subscription_status": "OPT_IN"},
    {"name": "offers", "display_name": "Special offers", "description": None, "default_subscription_status": "OPT_OUT"},
]


def run(module, sandbox, args, **kwargs):
    return run_module(module, args, env=sandbox.env(), **kwargs)


def fresh_run(module, sandbox, args, **kwargs):
    sandbox.reset_calls()
    return run(module, sandbox, args, **kwargs)


def get_list(sandbox, name=LIST):
    response = sandbox.client("sesv2").get_contact_list(ContactListName=name)
    return {"Topics": sorted(response["Topics"], key=lambda t: t["TopicName"]), "Description": response.get("Description")}


def get_account(sandbox):
    response = sandbox.client("sesv2").get_account()
    response.pop("ResponseMetadata")
    return response


# -- contact list ----------------------------------------------------------------------------------------


def test_contact_list_check_mode_create_without_writing(clean_sandbox):
    args = {"name": LIST, "description": "Everyone who bought something", "topics": TOPICS}
    result = fresh_run("contact_list", clean_sandbox, args, check_mode=True)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetContactList": 1}}
    assert result["changed"] is True and result["operations"] == ["create_contact_list"]
    assert result["contact_list"] == {"name": LIST, "description": "Everyone who bought something", "topics": TOPICS_VIEW}
    assert clean_sandbox.client("sesv2").list_contact_lists()["ContactLists"] == []


def test_contact_list_create_rerun_and_delete(clean_sandbox):
    args = {"name": LIST, "description": "Everyone who bought something", "topics": TOPICS}
    created = fresh_run("contact_list", clean_sandbox, args)
    assert clean_sandbox.writes() == {"sesv2:CreateContactList": 1}
    assert created["changed"] is True and created["api_calls"] == {"reads": 1, "writes": 1}
    assert created["contact_list"]["topics"] == TOPICS_VIEW
    assert get_list(clean_sandbox) == {"Topics": TOPICS_API, "Description": "Everyone who bought something"}

    rerun = fresh_run("contact_list", clean_sandbox, args)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetContactList": 1}}
    assert rerun["changed"] is False and rerun["operations"] == []
    assert rerun["contact_list"] == created["contact_list"]

    # topics unset leaves them alone
    alone = fresh_run("contact_list", clean_sandbox, {"name": LIST})
    assert clean_sandbox.writes() == {} and alone["changed"] is False and alone["contact_list"]["topics"] == TOPICS_VIEW

    check = fresh_run("contact_list", clean_sandbox, {"name": LIST, "state": "absent"}, check_mode=True)
    assert check["changed"] is True and clean_sandbox.writes() == {}

    deleted = fresh_run("contact_list", clean_sandbox, {"name": LIST, "state": "absent"})
    assert clean_sandbox.writes() == {"sesv2:DeleteContactList": 1}
    assert deleted["changed"] is True and deleted["contact_list"] == {}
    with pytest.raises(ClientError) as exc:
        get_list(clean_sandbox)
    assert error_code(exc) == "NotFoundException"

    again = fresh_run("contact_list", clean_sandbox, {"name": LIST, "state": "absent"})
    assert clean_sandbox.writes() == {} and again["changed"] is False


def test_contact_list_topics_and_description_updates(clean_sandbox):
    run("contact_list", clean_sandbox, {"name": LIST, "topics": TOPICS})
    alerts = {"name": "alerts", "display_name": "Account alerts", "default_subscription_status": "OPT_IN"}
    alerts_api = {"TopicName": "alerts", "DisplayName": "Account alerts", "DefaultSubscriptionStatus": "OPT_IN"}

    result = fresh_run("contact_list", clean_sandbox, {"name": LIST, "topics": TOPICS + [alerts]})
    assert clean_sandbox.writes() == {"sesv2:UpdateContactList": 1}
    assert result["operations"] == ["update_contact_list"]
    assert get_list(clean_sandbox)["Topics"] == [alerts_api] + TOPICS_API

    changed = [dict(TOPICS[0], display_name="Offers and deals", default_subscription_status="OPT_IN"), TOPICS[1], alerts]
    predicted = fresh_run("contact_list", clean_sandbox, {"name": LIST, "topics": changed, "description": "Buyers"}, check_mode=True)
    assert clean_sandbox.writes() == {}
    result = fresh_run("contact_list", clean_sandbox, {"name": LIST, "topics": changed, "description": "Buyers"})
    assert clean_sandbox.writes() == {"sesv2:UpdateContactList": 1}
    assert predicted["contact_list"] == result["contact_list"] and predicted["operations"] == result["operations"]
    offers_api = {"TopicName": "offers", "DisplayName": "Offers and deals", "DefaultSubscriptionStatus": "OPT_IN"}
    assert get_list(clean_sandbox) == {"Topics": [alerts_api, TOPICS_API[0], offers_api], "Description": "Buyers"}
    assert result["contact_list"]["description"] == "Buyers"

    result = fresh_run("contact_list", clean_sandbox, {"name": LIST, "topics": [alerts]})
    assert clean_sandbox.writes() == {"sesv2:UpdateContactList": 1}
    assert get_list(clean_sandbox) == {"Topics": [alerts_api], "Description": "Buyers"}
    assert [t["name"] for t in result["contact_list"]["topics"]] == ["alerts"]

    result = fresh_run("contact_list", clean_sandbox, {"name": LIST, "topics": [TOPICS[1]], "purge_topics": False})
    assert clean_sandbox.writes() == {"sesv2:UpdateContactList": 1}
    assert get_list(clean_sandbox)["Topics"] == [alerts_api, TOPICS_API[0]]

    result = fresh_run("contact_list", clean_sandbox, {"name": LIST, "description": "All buyers"})
    assert clean_sandbox.writes() == {"sesv2:UpdateContactList": 1}
    assert get_list(clean_sandbox) == {"Topics": [alerts_api, TOPICS_API[0]], "Description": "All buyers"}

    rerun = fresh_run("contact_list", clean_sandbox, {"name": LIST, "description": "All buyers", "topics": [TOPICS[1], alerts]})
    assert clean_sandbox.writes() == {} and rerun["changed"] is False


@pytest.mark.parametrize(
    "topics,message",
    [
        (TOPICS + [dict(TOPICS[0], display_name="Again")], "topics: the name 'offers' is used twice"),
        ([{"name": "t%02d" % n, "display_name": "Topic %d" % n} for n in range(21)], "topics: 21 topics; SES allows at most 20"),
    ],
    ids=["duplicate", "too-many"],
)
def test_contact_list_bad_input_fails_before_any_call(clean_sandbox, topics, message):
    failed = fresh_run("contact_list", clean_sandbox, {"name": LIST, "topics": topics}, expect_failure=True)
    assert message in failed["msg"]
    assert clean_sandbox.calls()["total"] == 0
    assert clean_sandbox.client("sesv2").list_contact_lists()["ContactLists"] == []


def test_contact_list_throttled_api_still_converges(clean_sandbox):
    args = {"name": LIST, "description": "Everyone", "topics": TOPICS}
    clean_sandbox.configure(throttle_rate=0.3)
    created = run("contact_list", clean_sandbox, args)
    clean_sandbox.reset_calls()
    rerun = run("contact_list", clean_sandbox, args)
    assert clean_sandbox.writes() == {}
    clean_sandbox.configure(throttle_rate=0.0)
    assert created["changed"] is True and rerun["changed"] is False
    assert get_list(clean_sandbox) == {"Topics": TOPICS_API, "Description": "Everyone"}


# -- account ---------------------------------------------------------------------------------------------

REQUEST = {
    "mail_type": "TRANSACTIONAL",
    "website_url": "https://example.com",
    "use_case_description": "Order confirmations and password resets; bounces and complaints handled through SNS.",
    "additional_contact_email_addresses": ["mail-ops@example.com"],
}


def test_account_check_mode_request_without_writing(clean_sandbox):
    result = fresh_run("account", clean_sandbox, {"production_access": REQUEST, "suppression_reasons": []}, check_mode=True)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetAccount": 1}}
    assert result["changed"] is True
    assert result["operations"] == ["put_account_details", "put_account_suppression_attributes"]
    account = result["account"]
    assert account["review_status"] == "PENDING" and account["sandbox"] is True
    assert account["suppression_reasons"] == []
    assert account["details"] == dict(REQUEST, contact_language="EN")
    state = get_account(clean_sandbox)
    assert "Details" not in state
    assert state["SuppressionAttributes"]["SuppressedReasons"] == ["BOUNCE", "COMPLAINT"]


def test_account_production_access_lifecycle(clean_sandbox):
    requested = fresh_run("account", clean_sandbox, {"production_access": REQUEST})
    assert clean_sandbox.writes() == {"sesv2:PutAccountDetails": 1}
    assert requested["changed"] is True and requested["operations"] == ["put_account_details"]
    state = get_account(clean_sandbox)
    details = state["Details"]
    case_id = details["ReviewDetails"]["CaseId"]
    assert details["MailType"] == "TRANSACTIONAL" and details["WebsiteURL"] == "https://example.com"
    assert details["ContactLanguage"] == "EN"
    assert details["UseCaseDescription"] == REQUEST["use_case_description"]
    assert details["AdditionalContactEmailAddresses"] == ["mail-ops@example.com"]
    assert details["ReviewDetails"]["Status"] == "PENDING"
    assert state["ProductionAccessEnabled"] is False
    assert requested["account"]["review_status"] == "PENDING" and requested["account"]["case_id"] == case_id
    assert requested["account"]["sandbox"] is True

    pending = fresh_run("account", clean_sandbox, {"production_access": REQUEST})
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetAccount": 1}}
    assert pending["changed"] is False and pending["operations"] == []

    # while PENDING the details can still be changed; the case stays the same
    amended = dict(REQUEST, website_url="https://www.example.com")
    result = fresh_run("account", clean_sandbox, {"production_access": amended})
    assert clean_sandbox.writes() == {"sesv2:PutAccountDetails": 1}
    details = get_account(clean_sandbox)["Details"]
    assert details["WebsiteURL"] == "https://www.example.com"
    assert details["ReviewDetails"] == {"Status": "PENDING", "CaseId": case_id}
    assert result["changed"] is True

    clean_sandbox.review("GRANTED")
    granted = fresh_run("account", clean_sandbox, {"production_access": amended})
    assert clean_sandbox.writes() == {}
    assert granted["changed"] is False
    assert granted["account"]["sandbox"] is False and granted["account"]["production_access_enabled"] is True
    assert granted["account"]["review_status"] == "GRANTED"
    assert granted["account"]["send_quota"]["max_24_hour_send"] == 50000.0

    refused = fresh_run("account", clean_sandbox, {"production_access": dict(amended, mail_type="MARKETING")}, expect_failure=True)
    assert clean_sandbox.writes() == {"sesv2:PutAccountDetails": 1}  # the one refused attempt
    assert refused["error"]["code"] == "ConflictException"
    msg = refused["msg"]
    assert "production-access" in msg and "already decided" in msg and "GRANTED" in msg and case_id in msg
    assert "AWS Support" in msg
    state = get_account(clean_sandbox)
    assert state["Details"]["MailType"] == "TRANSACTIONAL"
    assert state["Details"]["ReviewDetails"] == {"Status": "GRANTED", "CaseId": case_id}
    assert state["ProductionAccessEnabled"] is True


def test_account_suppression_vdm_and_sending(clean_sandbox):
    result = fresh_run("account", clean_sandbox, {"suppression_reasons": [], "sending_enabled": False, "vdm": {"enabled": True, "engagement_metrics": True}})
    assert clean_sandbox.writes() == {"sesv2:PutAccountSuppressionAttributes": 1, "sesv2:PutAccountSendingAttributes": 1, "sesv2:PutAccountVdmAttributes": 1}
    assert result["operations"] == ["put_account_sending_attributes", "put_account_suppression_attributes", "put_account_vdm_attributes"]
    state = get_account(clean_sandbox)
    assert state["SuppressionAttributes"]["SuppressedReasons"] == []
    assert state["SendingEnabled"] is False
    assert state["VdmAttributes"] == {
        "VdmEnabled": "ENABLED",
        "DashboardAttributes": {"EngagementMetrics": "ENABLED"},
        "GuardianAttributes": {"OptimizedSharedDelivery": "DISABLED"},
    }
    assert result["account"]["vdm"] == {"enabled": True, "engagement_metrics": True, "optimized_shared_delivery": False}
    assert result["account"]["suppression_reasons"] == [] and result["account"]["sending_enabled"] is False

    rerun = fresh_run("account", clean_sandbox, {"suppression_reasons": [], "sending_enabled": False, "vdm": {"enabled": True}})
    assert clean_sandbox.writes() == {} and rerun["changed"] is False

    result = fresh_run(
        "account", clean_sandbox, {"suppression_reasons": ["complaint"], "sending_enabled": True, "vdm": {"enabled": False, "optimized_shared_delivery": True}}
    )
    assert clean_sandbox.writes() == {"sesv2:PutAccountSuppressionAttributes": 1, "sesv2:PutAccountSendingAttributes": 1, "sesv2:PutAccountVdmAttributes": 1}
    state = get_account(clean_sandbox)
    assert state["SuppressionAttributes"]["SuppressedReasons"] == ["COMPLAINT"]
    assert state["SendingEnabled"] is True
    assert state["VdmAttributes"] == {
        "VdmEnabled": "DISABLED",
        "DashboardAttributes": {"EngagementMetrics": "ENABLED"},
        "GuardianAttributes": {"OptimizedSharedDelivery": "ENABLED"},
    }

    rerun = fresh_run(
        "account", clean_sandbox, {"suppression_reasons": ["COMPLAINT"], "sending_enabled": True, "vdm": {"enabled": False, "engagement_metrics": True}}
    )
    assert clean_sandbox.writes() == {} and rerun["changed"] is False


@pytest.mark.parametrize(
    "args,message",
    [
        ({"suppression_reasons": ["BOUNCE", "SPAM"]}, "suppression_reasons: 'SPAM'"),
        ({"production_access": dict(REQUEST, website_url="example.com")}, "production_access.website_url 'example.com'"),
        (
            {"production_access": dict(REQUEST, additional_contact_email_addresses=["a@x.org", "b@x.org", "c@x.org", "d@x.org", "e@x.org"])},
            "production_access.additional_contact_email_addresses: at most 4",
        ),
    ],
    ids=["spam", "url", "five-addresses"],
)
def test_account_bad_input_fails_before_any_call(clean_sandbox, args, message):
    failed = fresh_run("account", clean_sandbox, args, expect_failure=True)
    assert message in failed["msg"]
    assert clean_sandbox.calls()["total"] == 0
    state = get_account(clean_sandbox)
    assert "Details" not in state and state["SuppressionAttributes"]["SuppressedReasons"] == ["BOUNCE", "COMPLAINT"]


def test_account_throttled_api_still_converges(clean_sandbox):
    args = {"production_access": REQUEST, "suppression_reasons": ["BOUNCE"], "vdm": {"enabled": True}}
    clean_sandbox.configure(throttle_rate=0.3)
    created = run("account", clean_sandbox, args)
    clean_sandbox.reset_calls()
    rerun = run("account", clean_sandbox, args)
    assert clean_sandbox.writes() == {}
    clean_sandbox.configure(throttle_rate=0.0)
    assert created["changed"] is True and rerun["changed"] is False
    state = get_account(clean_sandbox)
    assert state["Details"]["ReviewDetails"]["Status"] == "PENDING"
    assert state["SuppressionAttributes"]["SuppressedReasons"] == ["BOUNCE"]
    assert state["VdmAttributes"]["VdmEnabled"] == "ENABLED"
