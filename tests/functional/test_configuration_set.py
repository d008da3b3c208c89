"""mailops.ses.configuration_set against the sandbox: API state, call accounting, event destinations."""

import json

import pytest
from botocore.exceptions import ClientError
from testkit.aws import error_code
from testkit.modules import run_module

NAME = "marketing"
ACCOUNT = "123456789012"
TOPIC = "arn:aws:sns:us-east-1:%s:ses-feedback" % ACCOUNT
STREAM = "arn:aws:firehose:us-east-1:%s:deliverystream/ses-events" % ACCOUNT
ROLE = "arn:aws:iam::%s:role/ses-firehose" % ACCOUNT
BUS = "arn:aws:events:us-east-1:%s:event-bus/default" % ACCOUNT
APP = "arn:aws:mobiletargeting:us-east-1:%s:apps/0123456789abcdef0123456789abcdef" % ACCOUNT


def run(sandbox, args, **kwargs):
    return run_module("configuration_set", args, env=sandbox.env(), **kwargs)


def fresh_run(sandbox, args, **kwargs):
    sandbox.reset_calls()
    return run(sandbox, args, **kwargs)


def get_set(sandbox, name=NAME):
    response = sandbox.client("sesv2").get_configuration_set(ConfigurationSetName=name)
    response.pop("ResponseMetadata")
    return response


def get_destinations(sandbox, name=NAME):
    items = sandbox.client("sesv2").get_configuration_set_event_destinations(ConfigurationSetName=name)["EventDestinations"]
    return {item.pop("Name"): item for item in items}


def cloudwatch(default="example.com", events=("SEND", "DELIVERY", "BOUNCE", "COMPLAINT")):
    return {
        "name": "per-domain",
        "matching_event_types": list(events),
        "cloudwatch": {"dimensions": [{"name": "ses:from-domain", "source": "message_tag", "default": default}]},
    }


def cloudwatch_api(default="example.com", events=("BOUNCE", "COMPLAINT", "DELIVERY", "SEND")):
    return {
        "Enabled": True,
        "MatchingEventTypes": list(events),
        "CloudWatchDestination": {
            "DimensionConfigurations": [{"DimensionName": "ses:from-domain", "DimensionValueSource": "MESSAGE_TAG", "DefaultDimensionValue": default}]
        },
    }


OTHER_TARGETS = [
    {"name": "to-sns", "matching_event_types": ["BOUNCE", "COMPLAINT"], "sns": {"topic_arn": TOPIC}},
    {"name": "to-firehose", "matching_event_types": ["SEND"], "firehose": {"delivery_stream_arn": STREAM, "iam_role_arn": ROLE}},
    {"name": "to-eventbridge", "matching_event_types": ["DELIVERY_DELAY"], "eventbridge": {"event_bus_arn": BUS}},
    {"name": "to-pinpoint", "matching_event_types": ["OPEN", "CLICK"], "pinpoint": {"application_arn": APP}},
]
OTHER_TARGETS_API = {
    "to-sns": {"Enabled": True, "MatchingEventTypes": ["BOUNCE", "COMPLAINT"], "SnsDestination": {"TopicArn": TOPIC}},
    "to-firehose": {"Enabled": True, "MatchingEventTypes": ["SEND"], "KinesisFirehoseDestination": {"DeliveryStreamArn": STREAM, "IamRoleArn": ROLE}},
    "to-eventbridge": {"Enabled": True, "MatchingEventTypes": ["DELIVERY_DELAY"], "EventBridgeDestination": {"EventBusArn": BUS}},
    "to-pinpoint": {"Enabled": True, "MatchingEventTypes": ["CLICK", "OPEN"], "PinpointDestination": {"ApplicationArn": APP}},
}

FULL_ARGS = {
    "name": NAME,
    "sending_enabled": True,
    "reputation_metrics": True,
    "suppression_reasons": ["bounce"],
    "tracking": {"custom_redirect_domain": "Track.Example.com", "https_policy": "REQUIRE"},
    "delivery": {"tls_policy": "REQUIRE", "max_delivery_seconds": 600},
    "vdm": {"engagement_metrics": "ENABLED", "optimized_shared_delivery": "DISABLED"},
    "event_destinations": [cloudwatch()] + OTHER_TARGETS,
    "tags": {"team": "growth"},
}
FULL_STATE = {
    "ConfigurationSetName": NAME,
    "SendingOptions": {"SendingEnabled": True},
    "ReputationOptions": {"ReputationMetricsEnabled": True},
    "SuppressionOptions": {"SuppressedReasons": ["BOUNCE"]},
    "TrackingOptions": {"CustomRedirectDomain": "track.example.com", "HttpsPolicy": "REQUIRE"},
    "DeliveryOptions": {"TlsPolicy": "REQUIRE", "MaxDeliverySeconds": 600},
    "VdmOptions": {"DashboardOptions": {"EngagementMetrics": "ENABLED"}, "GuardianOptions": {"OptimizedSharedDelivery": "DISABLED"}},
    "Tags": [{"Key": "team", "Value": "growth"}],
}
FULL_VIEW = {
    "name": NAME,
    "sending_enabled": True,
    "reputation_metrics": True,
    "suppression_reasons": ["BOUNCE"],
    "validation": None,
    "tracking": {"custom_redirect_domain": "track.example.com", "https_policy": "REQUIRE"},
    "delivery": {"tls_policy": "REQUIRE", "sending_pool": None, "max_delivery_seconds": 600},
    "vdm": {"engagement_metrics": "ENABLED", "optimized_shared_delivery": "DISABLED"},
    "event_destinations": [
        {
            "name": "per-domain",
            "enabled": True,
            "matching_event_types": ["BOUNCE", "COMPLAINT", "DELIVERY", "SEND"],
            "cloudwatch": {"dimensions": [{"name": "ses:from-domain", "source": "message_tag", "default": "example.com"}]},
        },
        {"name": "to-eventbridge", "enabled": True, "matching_event_types": ["DELIVERY_DELAY"], "eventbridge": {"event_bus_arn": BUS}},
        {"name": "to-firehose", "enabled": True, "matching_event_types": ["SEND"], "firehose": {"delivery_stream_arn": STREAM, "iam_role_arn": ROLE}},
        {"name": "to-pinpoint", "enabled": True, "matching_event_types": ["CLICK", "OPEN"], "pinpoint": {"application_arn": APP}},
        {"name": "to-sns", "enabled": True, "matching_event_types": ["BOUNCE", "COMPLAINT"], "sns": {"topic_arn": TOPIC}},
    ],
    "tags": {"team": "growth"},
}


def test_check_mode_create_predicts_state_without_writing(clean_sandbox):
    result = fresh_run(clean_sandbox, FULL_ARGS, check_mode=True)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetConfigurationSet": 1}}
    assert result["changed"] is True
    assert result["operations"] == ["create_configuration_set"] + ["create_configuration_set_event_destination"] * 5
    assert result["api_calls"] == {"reads": 1, "writes": 0}
    assert result["configuration_set"] == FULL_VIEW
    with pytest.raises(ClientError) as exc:
        get_set(clean_sandbox)
    assert error_code(exc) == "NotFoundException"


def test_create_rerun_and_delete(clean_sandbox):
    created = fresh_run(clean_sandbox, FULL_ARGS)
    assert clean_sandbox.writes() == {"sesv2:CreateConfigurationSet": 1, "sesv2:CreateConfigurationSetEventDestination": 5}
    assert created["changed"] is True and created["configuration_set"] == FULL_VIEW
    assert get_set(clean_sandbox) == FULL_STATE
    assert get_destinations(clean_sandbox) == dict(OTHER_TARGETS_API, **{"per-domain": cloudwatch_api()})

    rerun = fresh_run(clean_sandbox, FULL_ARGS)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetConfigurationSet": 1, "GetConfigurationSetEventDestinations": 1}}
    assert rerun["changed"] is False and rerun["operations"] == []
    assert rerun["configuration_set"] == FULL_VIEW

    check = fresh_run(clean_sandbox, {"name": NAME, "state": "absent"}, check_mode=True)
    assert check["changed"] is True and clean_sandbox.writes() == {}
    assert get_set(clean_sandbox)["ConfigurationSetName"] == NAME

    deleted = fresh_run(clean_sandbox, {"name": NAME, "state": "absent"})
    assert clean_sandbox.writes() == {"sesv2:DeleteConfigurationSet": 1}
    assert deleted["changed"] is True and deleted["configuration_set"] == {}
    assert clean_sandbox.client("sesv2").list_configuration_sets()["ConfigurationSets"] == []

    again = fresh_run(clean_sandbox, {"name": NAME, "state": "absent"})
    assert clean_sandbox.writes() == {}
    assert again["changed"] is False and again["operations"] == []


def test_update_sending_reputation_and_suppression(clean_sandbox):
    created = run(clean_sandbox, {"name": NAME, "suppression_reasons": []})
    assert created["configuration_set"]["suppression_reasons"] == []
    state = get_set(clean_sandbox)
    assert state["SendingOptions"] == {"SendingEnabled": True}
    assert state["SuppressionOptions"] == {"SuppressedReasons": []}

    result = fresh_run(clean_sandbox, {"name": NAME, "sending_enabled": False})
    assert clean_sandbox.writes() == {"sesv2:PutConfigurationSetSendingOptions": 1}
    assert result["operations"] == ["put_configuration_set_sending_options"]
    assert result["configuration_set"]["sending_enabled"] is False
    assert get_set(clean_sandbox)["SendingOptions"] == {"SendingEnabled": False}

    result = fresh_run(clean_sandbox, {"name": NAME, "sending_enabled": True, "reputation_metrics": True, "suppression_reasons": ["COMPLAINT", "BOUNCE"]})
    assert clean_sandbox.writes() == {
        "sesv2:PutConfigurationSetSendingOptions": 1,
        "sesv2:PutConfigurationSetReputationOptions": 1,
        "sesv2:PutConfigurationSetSuppressionOptions": 1,
    }
    state = get_set(clean_sandbox)
    assert state["SendingOptions"] == {"SendingEnabled": True}
    assert state["ReputationOptions"]["ReputationMetricsEnabled"] is True
    assert state["SuppressionOptions"] == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]}

    result = fresh_run(clean_sandbox, {"name": NAME, "suppression_reasons": [], "reputation_metrics": False})
    assert clean_sandbox.writes() == {"sesv2:PutConfigurationSetSuppressionOptions": 1, "sesv2:PutConfigurationSetReputationOptions": 1}
    assert result["configuration_set"]["suppression_reasons"] == []
    state = get_set(clean_sandbox)
    assert state["SuppressionOptions"]["SuppressedReasons"] == []
    assert state["ReputationOptions"]["ReputationMetricsEnabled"] is False

    rerun = fresh_run(clean_sandbox, {"name": NAME, "suppression_reasons": [], "reputation_metrics": False, "sending_enabled": True})
    assert clean_sandbox.writes() == {}
    assert rerun["changed"] is False
    assert get_set(clean_sandbox)["SuppressionOptions"]["SuppressedReasons"] == []


def test_update_tracking_delivery_vdm_and_tags(clean_sandbox):
    run(clean_sandbox, {"name": NAME, "tags": {"team": "growth", "env": "prod"}})

    result = fresh_run(
        clean_sandbox,
        {
            "name": NAME,
            "tracking": {"custom_redirect_domain": "click.example.com"},
            "delivery": {"tls_policy": "REQUIRE", "max_delivery_seconds": 900},
            "vdm": {"engagement_metrics": "ENABLED"},
            "tags": {"team": "growth", "env": "prod", "cost": 7},
        },
    )
    assert clean_sandbox.writes() == {
        "sesv2:PutConfigurationSetTrackingOptions": 1,
        "sesv2:PutConfigurationSetDeliveryOptions": 1,
        "sesv2:PutConfigurationSetVdmOptions": 1,
        "sesv2:TagResource": 1,
    }
    state = get_set(clean_sandbox)
    assert state["TrackingOptions"] == {"CustomRedirectDomain": "click.example.com", "HttpsPolicy": "OPTIONAL"}
    assert state["DeliveryOptions"] == {"TlsPolicy": "REQUIRE", "MaxDeliverySeconds": 900}
    assert state["VdmOptions"] == {"DashboardOptions": {"EngagementMetrics": "ENABLED"}}
    assert {t["Key"]: t["Value"] for t in state["Tags"]} == {"team": "growth", "env": "prod", "cost": "7"}
    assert result["configuration_set"]["tracking"] == {"custom_redirect_domain": "click.example.com", "https_policy": "OPTIONAL"}

    result = fresh_run(
        clean_sandbox,
        {
            "name": NAME,
            "tracking": {"custom_redirect_domain": ""},
            "delivery": {"tls_policy": "OPTIONAL", "max_delivery_seconds": 1200},
            "vdm": {"engagement_metrics": "DISABLED", "optimized_shared_delivery": "ENABLED"},
            "tags": {"env": "staging"},
            "purge_tags": False,
        },
    )
    assert clean_sandbox.writes() == {
        "sesv2:PutConfigurationSetTrackingOptions": 1,
        "sesv2:PutConfigurationSetDeliveryOptions": 1,
        "sesv2:PutConfigurationSetVdmOptions": 1,
        "sesv2:TagResource": 1,
    }
    state = get_set(clean_sandbox)
    assert "TrackingOptions" not in state
    assert state["DeliveryOptions"] == {"TlsPolicy": "OPTIONAL", "MaxDeliverySeconds": 1200}
    assert state["VdmOptions"] == {"DashboardOptions": {"EngagementMetrics": "DISABLED"}, "GuardianOptions": {"OptimizedSharedDelivery": "ENABLED"}}
    assert {t["Key"]: t["Value"] for t in state["Tags"]} == {"team": "growth", "env": "staging", "cost": "7"}
    assert result["configuration_set"]["tracking"] == {}

    same = fresh_run(clean_sandbox, {"name": NAME, "tags": {"team": "growth", "env": "staging", "cost": 7}})
    assert clean_sandbox.writes() == {} and same["changed"] is False

    result = fresh_run(clean_sandbox, {"name": NAME, "tags": {"env": "staging"}})
    assert clean_sandbox.writes() == {"sesv2:UntagResource": 1}
    assert result["operations"] == ["untag_resource"]
    assert get_set(clean_sandbox)["Tags"] == [{"Key": "env", "Value": "staging"}]

    rerun = fresh_run(
        clean_sandbox,
        {
            "name": NAME,
            "tracking": {"custom_redirect_domain": ""},
            "tags": {"env": "staging"},
            "delivery": {"tls_policy": "OPTIONAL", "max_delivery_seconds": 1200},
            "vdm": {"engagement_metrics": "DISABLED", "optimized_shared_delivery": "ENABLED"},
        },
    )
    assert clean_sandbox.writes() == {}
    assert rerun["changed"] is False


def test_event_destinations_add_update_purge(clean_sandbox):
    run(clean_sandbox, {"name": NAME, "event_destinations": [cloudwatch()]})
    assert get_destinations(clean_sandbox) == {"per-domain": cloudwatch_api()}

    result = fresh_run(clean_sandbox, {"name": NAME, "event_destinations": [cloudwatch()] + OTHER_TARGETS})
    assert clean_sandbox.writes() == {"sesv2:CreateConfigurationSetEventDestination": 4}
    assert result["operations"] == ["create_configuration_set_event_destination"] * 4
    assert get_destinations(clean_sandbox) == dict(OTHER_TARGETS_API, **{"per-domain": cloudwatch_api()})

    changed = [cloudwatch(default="mail.example.com")] + json.loads(json.dumps(OTHER_TARGETS))
    changed[1]["matching_event_types"] = ["BOUNCE"]
    changed[2]["enabled"] = False
    changed[3]["eventbridge"]["event_bus_arn"] = BUS.replace("default", "mail-events")
    changed[4]["pinpoint"]["application_arn"] = APP.replace("0123", "abcd")
    predicted = fresh_run(clean_sandbox, {"name": NAME, "event_destinations": changed}, check_mode=True)
    assert clean_sandbox.writes() == {}
    result = fresh_run(clean_sandbox, {"name": NAME, "event_destinations": changed})
    assert clean_sandbox.writes() == {"sesv2:UpdateConfigurationSetEventDestination": 5}
    assert predicted["operations"] == result["operations"] == ["update_configuration_set_event_destination"] * 5
    assert predicted["configuration_set"] == result["configuration_set"]
    expected = {
        "per-domain": cloudwatch_api(default="mail.example.com"),
        "to-sns": dict(OTHER_TARGETS_API["to-sns"], MatchingEventTypes=["BOUNCE"]),
        "to-firehose": dict(OTHER_TARGETS_API["to-firehose"], Enabled=False),
        "to-eventbridge": dict(OTHER_TARGETS_API["to-eventbridge"], EventBridgeDestination={"EventBusArn": BUS.replace("default", "mail-events")}),
        "to-pinpoint": dict(OTHER_TARGETS_API["to-pinpoint"], PinpointDestination={"ApplicationArn": APP.replace("0123", "abcd")}),
    }
    assert get_destinations(clean_sandbox) == expected

    rerun = fresh_run(clean_sandbox, {"name": NAME, "event_destinations": changed})
    assert clean_sandbox.writes() == {} and rerun["changed"] is False

    kept = fresh_run(clean_sandbox, {"name": NAME, "event_destinations": [], "purge_event_destinations": False})
    assert clean_sandbox.writes() == {} and kept["changed"] is False

    result = fresh_run(clean_sandbox, {"name": NAME, "event_destinations": [changed[0], changed[1]]})
    assert clean_sandbox.writes() == {"sesv2:DeleteConfigurationSetEventDestination": 3}
    assert result["operations"] == ["delete_configuration_set_event_destination"] * 3
    assert get_destinations(clean_sandbox) == {"per-domain": expected["per-domain"], "to-sns": expected["to-sns"]}
    assert [d["name"] for d in result["configuration_set"]["event_destinations"]] == ["per-domain", "to-sns"]

    result = fresh_run(clean_sandbox, {"name": NAME, "event_destinations": []})
    assert clean_sandbox.writes() == {"sesv2:DeleteConfigurationSetEventDestination": 2}
    assert get_destinations(clean_sandbox) == {}


def test_other_region(clean_sandbox):
    run(clean_sandbox, {"name": NAME, "region": "eu-west-1", "sending_enabled": False})
    result = fresh_run(clean_sandbox, {"name": NAME, "region": "eu-west-1", "tags": {"region": "eu"}})
    assert clean_sandbox.writes() == {"sesv2:TagResource": 1}
    assert result["operations"] == ["tag_resource"]
    state = clean_sandbox.client("sesv2", region="eu-west-1").get_configuration_set(ConfigurationSetName=NAME)
    assert state["Tags"] == [{"Key": "region", "Value": "eu"}] and state["SendingOptions"] == {"SendingEnabled": False}
    assert clean_sandbox.client("sesv2").list_configuration_sets()["ConfigurationSets"] == []


BAD_INPUT = [
    ({"name": "my set"}, "name 'my set'"),
    ({"name": NAME, "suppression_reasons": ["BOUNCE", "SPAM"]}, "suppression_reasons: 'SPAM'"),
    (
        {"name": NAME, "event_destinations": [dict(cloudwatch(), sns={"topic_arn": TOPIC})]},
        "event_destinations[0] (name 'per-domain'): give exactly one of cloudwatch, sns, firehose, eventbridge, pinpoint; got 2",
    ),
    (
        {"name": NAME, "event_destinations": [{"name": "nowhere", "matching_event_types": ["SEND"]}]},
        "event_destinations[0] (name 'nowhere'): give exactly one of cloudwatch, sns, firehose, eventbridge, pinpoint; got 0",
    ),
    (
        {"name": NAME, "event_destinations": [dict(cloudwatch(), matching_event_types=["SEND", "OPENED"])]},
        "event_destinations[0] (name 'per-domain').matching_event_types: 'OPENED'",
    ),
    ({"name": NAME, "event_destinations": [cloudwatch(), cloudwatch()]}, "event_destinations[1]: the name 'per-domain' is used twice"),
    ({"name": NAME, "delivery": {"max_delivery_seconds": 60}}, "delivery.max_delivery_seconds 60"),
    (
        {"name": NAME, "event_destinations": [{"name": "x", "matching_event_types": ["SEND"], "sns": {"topic_arn": "ses-feedback"}}]},
        "sns.topic_arn 'ses-feedback' must be an ARN",
    ),
]


@pytest.mark.parametrize("args,message", BAD_INPUT, ids=["name", "spam", "two-targets", "no-target", "event-type", "duplicate", "max-seconds", "arn"])
def test_bad_input_fails_before_any_call(clean_sandbox, args, message):
    clean_sandbox.client("sesv2").create_configuration_set(ConfigurationSetName=NAME)
    failed = fresh_run(clean_sandbox, args, expect_failure=True)
    assert message in failed["msg"]
    assert clean_sandbox.calls()["total"] == 0
    assert get_set(clean_sandbox)["SendingOptions"] == {"SendingEnabled": True}
    assert get_destinations(clean_sandbox) == {}


def test_throttled_api_still_converges(clean_sandbox):
    clean_sandbox.configure(throttle_rate=0.3)
    created = run(clean_sandbox, FULL_ARGS)
    clean_sandbox.reset_calls()
    rerun = run(clean_sandbox, FULL_ARGS)
    assert clean_sandbox.writes() == {}
    clean_sandbox.configure(throttle_rate=0.0)
    assert created["changed"] is True and rerun["changed"] is False
    assert rerun["configuration_set"] == FULL_VIEW
    assert get_set(clean_sandbox) == FULL_STATE
    assert get_destinations(clean_sandbox) == dict(OTHER_TARGETS_API, **{"per-domain": cloudwatch_api()})
