"""Table tests for the SES account settings: validation, the view of GetAccount, the plan and its prediction."""

import copy

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import account as _account


def params(**options):
    """Module parameters with every option (None when not given), as AnsibleModule hands them over."""
    result = dict.fromkeys(_account.argument_spec())
    result.update(options)
    return result


def access(**options):
    return dict(
        {
            "mail_type": "TRANSACTIONAL",
            "website_url": "https://example.com",
            "use_case_description": None,
            "contact_language": "EN",
            "additional_contact_email_addresses": None,
        },
        **options,
    )


SANDBOX_RESPONSE = {
    "DedicatedIpAutoWarmupEnabled": False,
    "EnforcementStatus": "HEALTHY",
    "ProductionAccessEnabled": False,
    "SendQuota": {"Max24HourSend": 200.0, "MaxSendRate": 1.0, "SentLast24Hours": 0.0},
    "SendingEnabled": True,
}
PRODUCTION_RESPONSE = {
    "EnforcementStatus": "HEALTHY",
    "ProductionAccessEnabled": True,
    "SendQuota": {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": 12.0},
    "SendingEnabled": False,
    "SuppressionAttributes": {"SuppressedReasons": ["COMPLAINT", "BOUNCE"]},
    "VdmAttributes": {
        "VdmEnabled": "ENABLED",
        "DashboardAttributes": {"EngagementMetrics": "ENABLED"},
        "GuardianAttributes": {"OptimizedSharedDelivery": "DISABLED"},
    },
    "Details": {
        "MailType": "TRANSACTIONAL",
        "WebsiteURL": "https://example.com",
        "ContactLanguage": "EN",
        "UseCaseDescription": "receipts",
        "AdditionalContactEmailAddresses": ["ops@example.com"],
        "ReviewDetails": {"Status": "GRANTED", "CaseId": "case-1"},
    },
}
SANDBOX = {
    "sandbox": True,
    "production_access_enabled": False,
    "review_status": None,
    "case_id": None,
    "send_quota": {"max_24_hour_send": 200.0, "max_send_rate": 1.0, "sent_last_24_hours": 0.0},
    "enforcement_status": "HEALTHY",
    "sending_enabled": True,
    "suppression_reasons": [],
    "validation": None,
    "vdm": {"enabled": False, "engagement_metrics": False, "optimized_shared_delivery": False},
    "details": {"mail_type": None, "website_url": None, "use_case_description": None, "contact_language": None, "additional_contact_email_addresses": []},
}
PRODUCTION = {
    "sandbox": False,
    "production_access_enabled": True,
    "review_status": "GRANTED",
    "case_id": "case-1",
    "send_quota": {"max_24_hour_send": 50000.0, "max_send_rate": 14.0, "sent_last_24_hours": 12.0},
    "enforcement_status": "HEALTHY",
    "sending_enabled": False,
    "suppression_reasons": ["BOUNCE", "COMPLAINT"],
    "validation": None,
    "vdm": {"enabled": True, "engagement_metrics": True, "optimized_shared_delivery": False},
    "details": {
        "mail_type": "TRANSACTIONAL",
        "website_url": "https://example.com",
        "use_case_description": "receipts",
        "contact_language": "EN",
        "additional_contact_email_addresses": ["ops@example.com"],
    },
}


# ---------------------------------------------------------------- validate


@pytest.mark.parametrize(
    "options, problems",
    [
        ({}, []),
        ({"suppression_reasons": ["bounce", "Complaint"]}, []),
        (
            {"suppression_reasons": ["BOUNCE", "spam", "delivery"]},
            ["suppression_reasons: 'spam' is not one of BOUNCE, COMPLAINT", "suppression_reasons: 'delivery' is not one of BOUNCE, COMPLAINT"],
        ),
        ({"production_access": access(additional_contact_email_addresses=["a@example.com", "b@example.com", "c@example.com", "d@example.com"])}, []),
        (
            {"production_access": access(additional_contact_email_addresses=["a@example.com", "b", "c@example.com", "d@example.com", "e@example.com"])},
            [
                "production_access.additional_contact_email_addresses: at most 4 addresses, got 5",
                "production_access.additional_contact_email_addresses: 'b' is not an email address",
            ],
        ),
        ({"production_access": access(website_url="example.com")}, ["production_access.website_url 'example.com' must start with https:// or http://"]),
        ({"production_access": access(website_url="http://example.com")}, []),
        (
            {"production_access": access(website_url="ftp://example.com")},
            ["production_access.website_url 'ftp://example.com' must start with https:// or http://"],
        ),
    ],
)
def test_validate(options, problems):
    assert _account.validate(params(**options)) == problems


# ---------------------------------------------------------------- view


@pytest.mark.parametrize("response, view", [(SANDBOX_RESPONSE, SANDBOX), (PRODUCTION_RESPONSE, PRODUCTION)])
def test_view(response, view):
    assert _account.view(response) == view


def test_view_of_an_empty_response():
    assert _account.view({}) == dict(
        SANDBOX,
        send_quota={"max_24_hour_send": None, "max_send_rate": None, "sent_last_24_hours": None},
        enforcement_status=None,
    )


@pytest.mark.parametrize("flag, text", [(True, "ENABLED"), (False, "DISABLED"), (None, "DISABLED")])
def test_feature(flag, text):
    assert _account.feature(flag) == text


# ---------------------------------------------------------------- plan and predict


def test_plan_nothing_asked_nothing_done():
    assert _account.plan(SANDBOX, params()) == []
    assert _account.plan(PRODUCTION, params()) == []


def test_plan_production_access_request_from_the_sandbox():
    want = access(use_case_description="receipts", additional_contact_email_addresses=["ops@example.com"], contact_language="JA")
    ops = _account.plan(SANDBOX, params(production_access=want))
    details = {
        "mail_type": "TRANSACTIONAL",
        "website_url": "https://example.com",
        "use_case_description": "receipts",
        "contact_language": "JA",
        "additional_contact_email_addresses": ["ops@example.com"],
    }
    assert ops == [
        (
            "put_account_details",
            {
                "MailType": "TRANSACTIONAL",
                "WebsiteURL": "https://example.com",
                "ContactLanguage": "JA",
                "ProductionAccessEnabled": True,
                "UseCaseDescription": "receipts",
                "AdditionalContactEmailAddresses": ["ops@example.com"],
            },
            {"details": details, "review_status": "PENDING"},
        )
    ]
    after = _account.predict(SANDBOX, ops)
    assert after == dict(SANDBOX, details=details, review_status="PENDING")
    assert SANDBOX["review_status"] is None


def test_plan_production_access_minimal_request():
    assert _account.plan(SANDBOX, params(production_access=access(contact_language=None))) == [
        (
            "put_account_details",
            {"MailType": "TRANSACTIONAL", "WebsiteURL": "https://example.com", "ContactLanguage": "EN", "ProductionAccessEnabled": True},
            {
                "details": {
                    "mail_type": "TRANSACTIONAL",
                    "website_url": "https://example.com",
                    "use_case_description": None,
                    "contact_language": "EN",
                    "additional_contact_email_addresses": [],
                },
                "review_status": "PENDING",
            },
        )
    ]


def test_plan_production_access_already_requested_with_the_same_details():
    same = access(use_case_description="receipts", additional_contact_email_addresses=["ops@example.com"])
    assert _account.plan(PRODUCTION, params(production_access=same)) == []
    # changed details are sent again; the review status stays what SES says until SES says otherwise
    ops = _account.plan(PRODUCTION, params(production_access=dict(same, website_url="https://www.example.com")))
    assert [(op, effect["review_status"]) for op, _kwargs, effect in ops] == [("put_account_details", "GRANTED")]


@pytest.mark.parametrize(
    "current, options, ops",
    [
        (SANDBOX, {"sending_enabled": True}, []),
        (SANDBOX, {"sending_enabled": False}, [("put_account_sending_attributes", {"SendingEnabled": False}, {"sending_enabled": False})]),
        (PRODUCTION, {"suppression_reasons": ["complaint", "bounce", "BOUNCE"]}, []),
        (
            PRODUCTION,
            {"suppression_reasons": []},
            [("put_account_suppression_attributes", {"SuppressedReasons": []}, {"suppression_reasons": [], "validation": None})],
        ),
        (
            SANDBOX,
            {"suppression_reasons": ["complaint"]},
            [("put_account_suppression_attributes", {"SuppressedReasons": ["COMPLAINT"]}, {"suppression_reasons": ["COMPLAINT"], "validation": None})],
        ),
        (PRODUCTION, {"vdm": {"enabled": True, "engagement_metrics": None, "optimized_shared_delivery": None}}, []),
        (
            PRODUCTION,
            {"vdm": {"enabled": True, "engagement_metrics": None, "optimized_shared_delivery": True}},
            [
                (
                    "put_account_vdm_attributes",
                    {
                        "VdmAttributes": {
                            "VdmEnabled": "ENABLED",
                            "DashboardAttributes": {"EngagementMetrics": "ENABLED"},
                            "GuardianAttributes": {"OptimizedSharedDelivery": "ENABLED"},
                        }
                    },
                    {"vdm": {"enabled": True, "engagement_metrics": True, "optimized_shared_delivery": True}},
                )
            ],
        ),
        (
            SANDBOX,
            {"vdm": {"enabled": True}},
            [
                (
                    "put_account_vdm_attributes",
                    {
                        "VdmAttributes": {
                            "VdmEnabled": "ENABLED",
                            "DashboardAttributes": {"EngagementMetrics": "DISABLED"},
                            "GuardianAttributes": {"OptimizedSharedDelivery": "DISABLED"},
                        }
                    },
                    {"vdm": {"enabled": True, "engagement_metrics": False, "optimized_shared_delivery": False}},
                )
            ],
        ),
    ],
)
def test_plan_settings(current, options, ops):
    assert _account.plan(current, params(**options)) == ops


def test_predict_every_setting_and_leave_the_current_view_alone():
    before = copy.deepcopy(PRODUCTION)
    ops = _account.plan(
        PRODUCTION,
        params(sending_enabled=True, suppression_reasons=["BOUNCE"], vdm={"enabled": False, "engagement_metrics": False}),
    )
    assert [op for op, _kwargs, _effect in ops] == ["put_account_sending_attributes", "put_account_suppression_attributes", "put_account_vdm_attributes"]
    after = _account.predict(PRODUCTION, ops)
    assert PRODUCTION == before
    assert after == dict(
        PRODUCTION,
        sending_enabled=True,
        suppression_reasons=["BOUNCE"],
        vdm={"enabled": False, "engagement_metrics": False, "optimized_shared_delivery": False},
    )
    assert _account.plan(after, params(sending_enabled=True, suppression_reasons=["BOUNCE"], vdm={"enabled": False, "engagement_metrics": False})) == []
    assert _account.predict(PRODUCTION, []) == PRODUCTION


# ---------------------------------------------------------------- Auto Validation (one PUT with the suppression reasons)

VALIDATING = dict(PRODUCTION, validation={"enabled": True, "confidence_threshold": "HIGH"})
HIGH_API = {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "HIGH"}}}


def test_view_reads_the_validation_attributes():
    response = dict(PRODUCTION_RESPONSE, SuppressionAttributes={"SuppressedReasons": ["BOUNCE"], "ValidationAttributes": HIGH_API})
    assert _account.view(response)["validation"] == {"enabled": True, "confidence_threshold": "HIGH"}
    assert _account.view(response)["suppression_reasons"] == ["BOUNCE"]


def put(reasons, validation_api, validation):
    kwargs = {"SuppressedReasons": reasons}
    if validation_api is not None:
        kwargs["ValidationAttributes"] = validation_api
    return [("put_account_suppression_attributes", kwargs, {"suppression_reasons": reasons, "validation": validation})]


@pytest.mark.parametrize(
    "current, options, ops",
    [
        # validation alone keeps the account's reasons (the call replaces both)
        (
            PRODUCTION,
            {"validation": {"enabled": True, "confidence_threshold": "HIGH"}},
            put(["BOUNCE", "COMPLAINT"], HIGH_API, {"enabled": True, "confidence_threshold": "HIGH"}),
        ),
        # reasons alone keep the validation settings
        (VALIDATING, {"suppression_reasons": ["bounce"]}, put(["BOUNCE"], HIGH_API, {"enabled": True, "confidence_threshold": "HIGH"})),
        # both at once: one call
        (
            VALIDATING,
            {"suppression_reasons": [], "validation": {"enabled": False, "confidence_threshold": "MEDIUM"}},
            put(
                [],
                {"ConditionThreshold": {"ConditionThresholdEnabled": "DISABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "MEDIUM"}}},
                {"enabled": False, "confidence_threshold": "MEDIUM"},
            ),
        ),
        # no threshold asked: the current one stays
        (
            VALIDATING,
            {"validation": {"enabled": False, "confidence_threshold": None}},
            put(
                ["BOUNCE", "COMPLAINT"],
                {"ConditionThreshold": {"ConditionThresholdEnabled": "DISABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "HIGH"}}},
                {"enabled": False, "confidence_threshold": "HIGH"},
            ),
        ),
        # ... and with none yet, none is sent (SES chooses)
        (
            SANDBOX,
            {"validation": {"enabled": True, "confidence_threshold": None}},
            put([], {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED"}}, {"enabled": True, "confidence_threshold": None}),
        ),
        # no-ops
        (VALIDATING, {"validation": {"enabled": True, "confidence_threshold": "HIGH"}, "suppression_reasons": ["COMPLAINT", "BOUNCE"]}, []),
        (VALIDATING, {"validation": {"enabled": True, "confidence_threshold": None}}, []),
        (VALIDATING, {}, []),
    ],
    ids=["validation-keeps-reasons", "reasons-keep-validation", "both", "threshold-kept", "no-threshold", "same", "same-no-threshold", "nothing"],
)
def test_plan_suppression_reasons_and_validation_together(current, options, ops):
    assert _account.plan(current, params(**options)) == ops


def test_predict_validation_is_a_fixed_point():
    options = params(validation={"enabled": True, "confidence_threshold": "MANAGED"})
    ops = _account.plan(PRODUCTION, options)
    after = _account.predict(PRODUCTION, ops)
    assert after == dict(PRODUCTION, validation={"enabled": True, "confidence_threshold": "MANAGED"})
    assert _account.plan(after, options) == []
    assert PRODUCTION["validation"] is None


def test_argument_spec_validation_option():
    spec = _account.argument_spec()["validation"]
    assert spec["options"]["enabled"] == {"type": "bool", "required": True}
    assert spec["options"]["confidence_threshold"]["choices"] == ["MEDIUM", "HIGH", "MANAGED"]
