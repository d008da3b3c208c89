"""Table tests for SES configuration sets: options, the API state, the planned calls with the guard's pause, the prediction."""

import copy

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import configuration_set as _configuration_set

GUARD_TAG = "mailops:paused-by-guard"
TARGETS = "cloudwatch, sns, firehose, eventbridge, pinpoint"
EVENTS = "SEND, REJECT, BOUNCE, COMPLAINT, DELIVERY, OPEN, CLICK, RENDERING_FAILURE, DELIVERY_DELAY, SUBSCRIPTION"
TOPIC = "arn:aws:sns:eu-west-1:123456789012:ses-events"


def problems_of(params):
    with pytest.raises(_configuration_set.ConfigurationSetError) as raised:
        _configuration_set.desired_from_params(params)
    assert str(raised.value) == "; ".join(raised.value.problems)
    return raised.value.problems


def desired(**params):
    return _configuration_set.desired_from_params(dict({"name": "transactional"}, **params))


def sns_destination(name="events", **extra):
    return dict({"name": name, "matching_event_types": ["bounce", "COMPLAINT", "bounce"], "sns": {"topic_arn": TOPIC}}, **extra)


CLOUDWATCH = {
    "name": "metrics",
    "enabled": False,
    "matching_event_types": ["SEND"],
    "cloudwatch": {
        "dimensions": [{"name": "ses:from-domain", "source": "message_tag", "default": "example.com"}, {"name": "h", "source": "email_header", "default": "x"}]
    },
}
CLOUDWATCH_API = {
    "Enabled": False,
    "MatchingEventTypes": ["SEND"],
    "CloudWatchDestination": {
        "DimensionConfigurations": [
            {"DimensionName": "ses:from-domain", "DimensionValueSource": "MESSAGE_TAG", "DefaultDimensionValue": "example.com"},
            {"DimensionName": "h", "DimensionValueSource": "EMAIL_HEADER", "DefaultDimensionValue": "x"},
        ]
    },
}
SNS_API = {"Enabled": True, "MatchingEventTypes": ["BOUNCE", "COMPLAINT"], "SnsDestination": {"TopicArn": TOPIC}}


# ---------------------------------------------------------------- desired_from_params


def test_desired_from_params_with_every_option():
    result = desired(
        sending_enabled=False,
        reputation_metrics=True,
        suppression_reasons=["complaint", "BOUNCE", "bounce"],
        tracking={"custom_redirect_domain": " Track.Example.com ", "https_policy": "REQUIRE"},
        delivery={"tls_policy": "REQUIRE", "sending_pool": "pool-1", "max_delivery_seconds": 300},
        vdm={"engagement_metrics": "ENABLED", "optimized_shared_delivery": "DISABLED"},
        event_destinations=[
            sns_destination(),
            CLOUDWATCH,
            {
                "name": "fh",
                "matching_event_types": ["SEND"],
                "firehose": {"delivery_stream_arn": "arn:aws:firehose:x", "iam_role_arn": "arn:aws:iam::1:role/r"},
            },
            {"name": "eb", "matching_event_types": ["SEND"], "eventbridge": {"event_bus_arn": "arn:aws:events:x"}},
            {"name": "pp", "matching_event_types": ["SEND"], "pinpoint": {"application_arn": "arn:aws:mobiletargeting:x"}},
        ],
        purge_event_destinations=False,
        tags={"team": "mail", "n": 1},
        purge_tags=False,
    )
    assert result == {
        "name": "transactional",
        "tags": {"team": "mail", "n": "1"},
        "purge_tags": False,
        "options": {
            "SendingOptions": {"SendingEnabled": False},
            "ReputationOptions": {"ReputationMetricsEnabled": True},
            "SuppressionOptions": {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]},
            "TrackingOptions": {"CustomRedirectDomain": "track.example.com", "HttpsPolicy": "REQUIRE"},
            "DeliveryOptions": {"TlsPolicy": "REQUIRE", "SendingPoolName": "pool-1", "MaxDeliverySeconds": 300},
            "VdmOptions": {"DashboardOptions": {"EngagementMetrics": "ENABLED"}, "GuardianOptions": {"OptimizedSharedDelivery": "DISABLED"}},
        },
        "destinations": {
            "events": SNS_API,
            "metrics": CLOUDWATCH_API,
            "fh": {
                "Enabled": True,
                "MatchingEventTypes": ["SEND"],
                "KinesisFirehoseDestination": {"DeliveryStreamArn": "arn:aws:firehose:x", "IamRoleArn": "arn:aws:iam::1:role/r"},
            },
            "eb": {"Enabled": True, "MatchingEventTypes": ["SEND"], "EventBridgeDestination": {"EventBusArn": "arn:aws:events:x"}},
            "pp": {"Enabled": True, "MatchingEventTypes": ["SEND"], "PinpointDestination": {"ApplicationArn": "arn:aws:mobiletargeting:x"}},
        },
        "purge_event_destinations": False,
        "validation": None,
    }


def test_desired_from_params_minimal_and_empty_blocks():
    assert desired() == {
        "name": "transactional",
        "tags": None,
        "purge_tags": True,
        "options": {},
        "destinations": None,
        "purge_event_destinations": True,
        "validation": None,
    }
    assert desired(tracking={"custom_redirect_domain": None}, delivery={}, vdm={}, event_destinations=[])["options"] == {
        "TrackingOptions": {},
        "DeliveryOptions": {"TlsPolicy": "OPTIONAL"},
        "VdmOptions": {},
    }
    assert desired(tracking={"custom_redirect_domain": "t.example.com"})["options"]["TrackingOptions"] == {
        "CustomRedirectDomain": "t.example.com",
        "HttpsPolicy": "OPTIONAL",
    }


@pytest.mark.parametrize(
    "params, problems",
    [
        ({"name": "bad name"}, ["name 'bad name' must be 1-64 letters, digits, '_' or '-'"]),
        ({"name": ""}, ["name '' must be 1-64 letters, digits, '_' or '-'"]),
        ({"name": "x" * 65}, ["name '%s' must be 1-64 letters, digits, '_' or '-'" % ("x" * 65)]),
        ({"suppression_reasons": ["bounce", "spam"]}, ["suppression_reasons: 'SPAM' is not one of BOUNCE, COMPLAINT"]),
        ({"delivery": {"max_delivery_seconds": 299}}, ["delivery.max_delivery_seconds 299 must be between 300 and 50400"]),
        ({"delivery": {"max_delivery_seconds": 50401}}, ["delivery.max_delivery_seconds 50401 must be between 300 and 50400"]),
        (
            {"event_destinations": [{"name": "bad name", "matching_event_types": []}]},
            [
                "event_destinations[0].name 'bad name' must be 1-64 letters, digits, '_' or '-'",
                "event_destinations[0] (name 'bad name'): give exactly one of %s; got 0" % TARGETS,
                "event_destinations[0] (name 'bad name').matching_event_types: at least one of %s" % EVENTS,
            ],
        ),
        (
            {"event_destinations": [dict(sns_destination(matching_event_types=["send", "opened"]), eventbridge={"event_bus_arn": "bus"})]},
            [
                "event_destinations[0] (name 'events'): give exactly one of %s; got 2 (sns, eventbridge)" % TARGETS,
                "event_destinations[0] (name 'events').matching_event_types: 'OPENED' is not one of %s" % EVENTS,
                "event_destinations[0] (name 'events').eventbridge.event_bus_arn 'bus' must be an ARN (arn:aws:...)",
            ],
        ),
        (
            {"event_destinations": [{"name": "m", "matching_event_types": ["SEND"], "cloudwatch": {"dimensions": [{"name": "d", "source": "cookie"}]}}]},
            [
                "event_destinations[0] (name 'm').cloudwatch.dimensions[0].source 'cookie' is not one of message_tag, email_header, link_tag",
                "event_destinations[0] (name 'm').cloudwatch.dimensions[0]: name and default are required",
            ],
        ),
        (
            {"event_destinations": [{"name": "m", "matching_event_types": ["SEND"], "cloudwatch": {"dimensions": []}}]},
            ["event_destinations[0] (name 'm').cloudwatch.dimensions: at least one dimension, e.g. ses:from-domain"],
        ),
        (
            # an empty block is no target
            {"event_destinations": [{"name": "m", "matching_event_types": ["SEND"], "cloudwatch": {}}]},
            ["event_destinations[0] (name 'm'): give exactly one of %s; got 0" % TARGETS],
        ),
        (
            {"event_destinations": [{"name": "f", "matching_event_types": ["SEND"], "firehose": {"delivery_stream_arn": "arn:aws:firehose:x"}}]},
            ["event_destinations[0] (name 'f').firehose.iam_role_arn 'None' must be an ARN (arn:aws:...)"],
        ),
        (
            {"event_destinations": [sns_destination(), sns_destination()]},
            ["event_destinations[1]: the name 'events' is used twice"],
        ),
    ],
)
def test_desired_from_params_problems(params, problems):
    assert problems_of(dict({"name": "transactional"}, **params)) == problems


# ---------------------------------------------------------------- the API state

RESPONSE = {
    "ConfigurationSetName": "transactional",
    "SendingOptions": {"SendingEnabled": True},
    "ReputationOptions": {"ReputationMetricsEnabled": True},
    "SuppressionOptions": {"SuppressedReasons": ["COMPLAINT", "BOUNCE"]},
    "TrackingOptions": {"CustomRedirectDomain": "track.example.com", "HttpsPolicy": "REQUIRE"},
    "DeliveryOptions": {"TlsPolicy": "REQUIRE", "SendingPoolName": "pool-1", "MaxDeliverySeconds": 600},
    "VdmOptions": {"DashboardOptions": {"EngagementMetrics": "ENABLED"}},
    "Tags": [{"Key": "team", "Value": "mail"}],
}
OPTIONS = {
    "SendingOptions": {"SendingEnabled": True},
    "ReputationOptions": {"ReputationMetricsEnabled": True},
    "SuppressionOptions": {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]},
    "TrackingOptions": {"CustomRedirectDomain": "track.example.com", "HttpsPolicy": "REQUIRE"},
    "DeliveryOptions": {"TlsPolicy": "REQUIRE", "SendingPoolName": "pool-1", "MaxDeliverySeconds": 600},
    "VdmOptions": {"DashboardOptions": {"EngagementMetrics": "ENABLED"}},
}
BARE_OPTIONS = {
    "SendingOptions": {"SendingEnabled": True},
    "ReputationOptions": {"ReputationMetricsEnabled": False},
    "SuppressionOptions": None,
    "TrackingOptions": {},
    "DeliveryOptions": {"TlsPolicy": "OPTIONAL"},
    "VdmOptions": {},
}


def test_current_options():
    assert _configuration_set.current_options(None) is None
    assert _configuration_set.current_options(RESPONSE) == OPTIONS
    assert _configuration_set.current_options({"ConfigurationSetName": "transactional"}) == BARE_OPTIONS
    assert _configuration_set.current_options({"TrackingOptions": {"CustomRedirectDomain": "t.example.com"}, "SuppressionOptions": {}})["TrackingOptions"] == {
        "CustomRedirectDomain": "t.example.com",
        "HttpsPolicy": "OPTIONAL",
    }
    assert _configuration_set.current_options({"SuppressionOptions": {}})["SuppressionOptions"] == {"SuppressedReasons": []}


def test_current_destinations():
    assert _configuration_set.current_destinations(None) == {}
    assert _configuration_set.current_destinations({"EventDestinations": []}) == {}
    response = {
        "EventDestinations": [
            {"Name": "events", "Enabled": True, "MatchingEventTypes": ["COMPLAINT", "BOUNCE", "BOUNCE"], "SnsDestination": {"TopicArn": TOPIC}},
            {"Name": "metrics", "MatchingEventTypes": ["SEND"], "CloudWatchDestination": CLOUDWATCH_API["CloudWatchDestination"]},
        ]
    }
    assert _configuration_set.current_destinations(response) == {"events": SNS_API, "metrics": CLOUDWATCH_API}


# ---------------------------------------------------------------- plan


def test_plan_create_with_destinations():
    want = desired(
        sending_enabled=False,
        tracking={"custom_redirect_domain": None},
        delivery={"tls_policy": "REQUIRE"},
        event_destinations=[sns_destination()],
        tags={"team": "mail", "a": "b"},
    )
    assert _configuration_set.plan(None, {"ignored": SNS_API}, want) == [
        (
            "create_configuration_set",
            {
                "ConfigurationSetName": "transactional",
                "DeliveryOptions": {"TlsPolicy": "REQUIRE"},
                "SendingOptions": {"SendingEnabled": False},
                "Tags": [{"Key": "a", "Value": "b"}, {"Key": "team", "Value": "mail"}],
            },
        ),
        (
            "create_configuration_set_event_destination",
            {"ConfigurationSetName": "transactional", "EventDestinationName": "events", "EventDestination": SNS_API},
        ),
    ]


def test_plan_create_minimal():
    assert _configuration_set.plan(None, {}, desired(tags={})) == [("create_configuration_set", {"ConfigurationSetName": "transactional"})]


def test_plan_nothing_to_do():
    want = desired(
        sending_enabled=True,
        reputation_metrics=True,
        suppression_reasons=["COMPLAINT", "BOUNCE"],
        tracking={"custom_redirect_domain": "track.example.com", "https_policy": "REQUIRE"},
        delivery={"tls_policy": "REQUIRE", "sending_pool": "pool-1", "max_delivery_seconds": 600},
        vdm={"engagement_metrics": "ENABLED"},
        event_destinations=[sns_destination(), CLOUDWATCH],
    )
    assert _configuration_set.plan(OPTIONS, {"events": SNS_API, "metrics": CLOUDWATCH_API}, want) == []


def test_plan_updates_only_what_differs_in_name_order():
    want = desired(
        sending_enabled=False,
        reputation_metrics=True,
        suppression_reasons=[],
        tracking={"custom_redirect_domain": ""},
        delivery={"tls_policy": "REQUIRE", "sending_pool": "pool-1", "max_delivery_seconds": 600},
        vdm={"engagement_metrics": "DISABLED"},
        event_destinations=[sns_destination(enabled=False), CLOUDWATCH],
    )
    assert _configuration_set.plan(OPTIONS, {"events": SNS_API, "old": SNS_API}, want) == [
        ("put_configuration_set_sending_options", {"ConfigurationSetName": "transactional", "SendingEnabled": False}),
        ("put_configuration_set_suppression_options", {"ConfigurationSetName": "transactional", "SuppressedReasons": []}),
        ("put_configuration_set_tracking_options", {"ConfigurationSetName": "transactional"}),
        ("put_configuration_set_vdm_options", {"ConfigurationSetName": "transactional", "VdmOptions": {"DashboardOptions": {"EngagementMetrics": "DISABLED"}}}),
        (
            "update_configuration_set_event_destination",
            {"ConfigurationSetName": "transactional", "EventDestinationName": "events", "EventDestination": dict(SNS_API, Enabled=False)},
        ),
        (
            "create_configuration_set_event_destination",
            {"ConfigurationSetName": "transactional", "EventDestinationName": "metrics", "EventDestination": CLOUDWATCH_API},
        ),
        ("delete_configuration_set_event_destination", {"ConfigurationSetName": "transactional", "EventDestinationName": "old"}),
    ]


@pytest.mark.parametrize(
    "params, ops",
    [
        ({}, []),
        ({"event_destinations": [sns_destination()], "purge_event_destinations": False}, []),
        (
            {"event_destinations": []},
            [
                ("delete_configuration_set_event_destination", {"ConfigurationSetName": "transactional", "EventDestinationName": "events"}),
                ("delete_configuration_set_event_destination", {"ConfigurationSetName": "transactional", "EventDestinationName": "old"}),
            ],
        ),
        ({"delivery": {}}, [("put_configuration_set_delivery_options", {"ConfigurationSetName": "transactional", "TlsPolicy": "OPTIONAL"})]),
    ],
)
def test_plan_leaves_alone_what_is_not_asked_for(params, ops):
    assert _configuration_set.plan(OPTIONS, {"events": SNS_API, "old": SNS_API}, desired(**params)) == ops


# ---------------------------------------------------------------- plan_all and the guard

PAUSED = dict(OPTIONS, SendingOptions={"SendingEnabled": False})
GUARD_TAGS = {"team": "mail", GUARD_TAG: "complaint rate 0.5% above 0.3%"}
STAYS_PAUSED = (
    "configuration set transactional stays paused: the complaint-rate guard paused it (complaint rate 0.5% above 0.3%); set resume_paused: true to resume"
)


def test_plan_all_a_set_paused_by_the_guard_stays_paused():
    want = desired(sending_enabled=True, tags={"team": "mail"})
    ops, warnings = _configuration_set.plan_all(PAUSED, {}, GUARD_TAGS, want)
    assert (ops, warnings) == ([], [STAYS_PAUSED])
    assert "SendingOptions" not in want["options"]


def test_plan_all_resume_paused_resumes_and_removes_the_guard_tag():
    ops, warnings = _configuration_set.plan_all(PAUSED, {}, GUARD_TAGS, desired(sending_enabled=True, tags={"team": "mail"}), resume_paused=True)
    assert warnings == []
    assert ops == [
        ("put_configuration_set_sending_options", {"ConfigurationSetName": "transactional", "SendingEnabled": True}),
        ("untag_resource", {"ResourceArn": None, "TagKeys": [GUARD_TAG]}),
    ]


@pytest.mark.parametrize(
    "options, tags, params, ops",
    [
        # paused by hand (no guard tag): asking for sending resumes it
        (
            PAUSED,
            {"team": "mail"},
            {"sending_enabled": True},
            [("put_configuration_set_sending_options", {"ConfigurationSetName": "transactional", "SendingEnabled": True})],
        ),
        # the guard tag on a set that sends again (resumed by hand) does not hold anything back
        (OPTIONS, GUARD_TAGS, {"sending_enabled": True}, []),
        # not asking about sending leaves a paused set paused, without a warning
        (PAUSED, GUARD_TAGS, {}, []),
        # the user's tags are purged, the collection's markers never
        (PAUSED, GUARD_TAGS, {"tags": {}}, [("untag_resource", {"ResourceArn": None, "TagKeys": ["team"]})]),
        (
            OPTIONS,
            {"team": "mail", "mailops:other": "x", "old": "y"},
            {"tags": {"team": "ops"}},
            [
                ("tag_resource", {"ResourceArn": None, "Tags": [{"Key": "team", "Value": "ops"}]}),
                ("untag_resource", {"ResourceArn": None, "TagKeys": ["old"]}),
            ],
        ),
        (OPTIONS, {"team": "mail", "old": "y"}, {"tags": {"team": "mail"}, "purge_tags": False}, []),
    ],
)
def test_plan_all_sending_and_tags(options, tags, params, ops):
    assert _configuration_set.plan_all(options, {}, tags, desired(**params)) == (ops, [])


@pytest.mark.parametrize(
    "options, tags, ops",
    [
        (
            OPTIONS,
            {"team": "mail"},
            [
                ("put_configuration_set_sending_options", {"ConfigurationSetName": "transactional", "SendingEnabled": False}),
                ("tag_resource", {"ResourceArn": None, "Tags": [{"Key": GUARD_TAG, "Value": "complaint rate 0.4%"}]}),
            ],
        ),
        # already paused by hand: the reason is recorded
        (PAUSED, {"team": "mail"}, [("tag_resource", {"ResourceArn": None, "Tags": [{"Key": GUARD_TAG, "Value": "complaint rate 0.4%"}]})]),
        # already paused by the guard: the first reason stays
        (PAUSED, GUARD_TAGS, []),
    ],
)
def test_plan_all_a_pause_with_a_reason_tags_the_set(options, tags, ops):
    assert _configuration_set.plan_all(options, {}, tags, desired(sending_enabled=False), pause_reason="complaint rate 0.4%") == (ops, [])


def test_plan_all_the_reason_is_cut_to_the_tag_value_limit_and_a_new_set_is_tagged_after_creation():
    ops, warnings = _configuration_set.plan_all(None, {}, {}, desired(sending_enabled=False, tags={"team": "mail"}), pause_reason="r" * 300)
    assert warnings == []
    assert ops == [
        (
            "create_configuration_set",
            {"ConfigurationSetName": "transactional", "SendingOptions": {"SendingEnabled": False}, "Tags": [{"Key": "team", "Value": "mail"}]},
        ),
        ("tag_resource", {"ResourceArn": None, "Tags": [{"Key": GUARD_TAG, "Value": "r" * 256}]}),
    ]


def test_plan_all_a_reason_without_a_pause_is_ignored():
    assert _configuration_set.plan_all(OPTIONS, {}, {}, desired(sending_enabled=True), pause_reason="why") == ([], [])
    assert _configuration_set.plan_all(None, {}, {}, desired(), pause_reason="why") == (
        [("create_configuration_set", {"ConfigurationSetName": "transactional"})],
        [],
    )


def test_tag_ops_with_markers():
    want = desired(tags={"team": "mail"})
    assert _configuration_set.tag_ops({"team": "mail", GUARD_TAG: "x"}, want) == []
    assert _configuration_set.tag_ops({"team": "mail", GUARD_TAG: "x"}, want, ({}, [GUARD_TAG])) == [
        ("untag_resource", {"ResourceArn": None, "TagKeys": [GUARD_TAG]})
    ]
    assert _configuration_set.tag_ops({}, want, ({GUARD_TAG: "y"}, [])) == [
        ("tag_resource", {"ResourceArn": None, "Tags": [{"Key": GUARD_TAG, "Value": "y"}, {"Key": "team", "Value": "mail"}]})
    ]


# ---------------------------------------------------------------- view and predict


def test_view():
    assert _configuration_set.view("transactional", None, {}, {}) == {}
    assert _configuration_set.view("transactional", OPTIONS, {"metrics": CLOUDWATCH_API, "events": SNS_API}, {"team": "mail"}) == {
        "name": "transactional",
        "sending_enabled": True,
        "reputation_metrics": True,
        "suppression_reasons": ["BOUNCE", "COMPLAINT"],
        "validation": None,
        "tracking": {"custom_redirect_domain": "track.example.com", "https_policy": "REQUIRE"},
        "delivery": {"tls_policy": "REQUIRE", "sending_pool": "pool-1", "max_delivery_seconds": 600},
        "vdm": {"engagement_metrics": "ENABLED", "optimized_shared_delivery": None},
        "event_destinations": [
            {"name": "events", "enabled": True, "matching_event_types": ["BOUNCE", "COMPLAINT"], "sns": {"topic_arn": TOPIC}},
            {
                "name": "metrics",
                "enabled": False,
                "matching_event_types": ["SEND"],
                "cloudwatch": {
                    "dimensions": [
                        {"name": "ses:from-domain", "source": "message_tag", "default": "example.com"},
                        {"name": "h", "source": "email_header", "default": "x"},
                    ]
                },
            },
        ],
        "tags": {"team": "mail"},
    }


def test_view_of_a_bare_set_and_of_every_destination_kind():
    destinations = desired(
        event_destinations=[
            {
                "name": "fh",
                "matching_event_types": ["SEND"],
                "firehose": {"delivery_stream_arn": "arn:aws:firehose:x", "iam_role_arn": "arn:aws:iam::1:role/r"},
            },
            {"name": "eb", "matching_event_types": ["SEND"], "eventbridge": {"event_bus_arn": "arn:aws:events:x"}},
            {"name": "pp", "matching_event_types": ["SEND"], "pinpoint": {"application_arn": "arn:aws:mobiletargeting:x"}},
        ]
    )["destinations"]
    view = _configuration_set.view("transactional", BARE_OPTIONS, destinations, {})
    assert {k: view[k] for k in ("sending_enabled", "reputation_metrics", "suppression_reasons", "tracking", "delivery", "vdm")} == {
        "sending_enabled": True,
        "reputation_metrics": False,
        "suppression_reasons": None,
        "tracking": {},
        "delivery": {"tls_policy": "OPTIONAL", "sending_pool": None, "max_delivery_seconds": None},
        "vdm": {"engagement_metrics": None, "optimized_shared_delivery": None},
    }
    assert view["event_destinations"] == [
        {"name": "eb", "enabled": True, "matching_event_types": ["SEND"], "eventbridge": {"event_bus_arn": "arn:aws:events:x"}},
        {
            "name": "fh",
            "enabled": True,
            "matching_event_types": ["SEND"],
            "firehose": {"delivery_stream_arn": "arn:aws:firehose:x", "iam_role_arn": "arn:aws:iam::1:role/r"},
        },
        {"name": "pp", "enabled": True, "matching_event_types": ["SEND"], "pinpoint": {"application_arn": "arn:aws:mobiletargeting:x"}},
    ]


def test_predict_a_new_set():
    want = desired(sending_enabled=False, delivery={"tls_policy": "REQUIRE"}, event_destinations=[sns_destination()], tags={"team": "mail"})
    ops, _warnings = _configuration_set.plan_all(None, {}, {}, want, pause_reason="why")
    assert _configuration_set.predict(None, {}, {}, want, ops) == (
        dict(BARE_OPTIONS, SendingOptions={"SendingEnabled": False}, DeliveryOptions={"TlsPolicy": "REQUIRE"}),
        {"events": SNS_API},
        {"team": "mail", GUARD_TAG: "why"},
    )


def test_predict_updates_and_leaves_the_inputs_alone():
    current_dests = {"events": SNS_API, "old": SNS_API}
    tags = {"team": "mail", "old": "x"}
    before = copy.deepcopy((OPTIONS, current_dests, tags))
    want = desired(sending_enabled=False, vdm={}, event_destinations=[sns_destination(enabled=False), CLOUDWATCH], tags={"team": "ops"})
    ops, _warnings = _configuration_set.plan_all(OPTIONS, current_dests, tags, want)
    after = _configuration_set.predict(OPTIONS, current_dests, tags, want, ops)
    assert (OPTIONS, current_dests, tags) == before
    assert after == (
        dict(OPTIONS, SendingOptions={"SendingEnabled": False}, VdmOptions={}),
        {"events": dict(SNS_API, Enabled=False), "metrics": CLOUDWATCH_API},
        {"team": "ops"},
    )
    # the prediction is a fixed point: planning from it finds nothing to do
    assert _configuration_set.plan_all(after[0], after[1], after[2], want) == ([], [])


# ---------------------------------------------------------------- Auto Validation (one suppression block)

MANAGED_API = {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "MANAGED"}}}
VALIDATING = dict(OPTIONS, SuppressionOptions={"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationOptions": MANAGED_API})


def suppression_put(**block):
    return ("put_configuration_set_suppression_options", dict({"ConfigurationSetName": "transactional"}, **block))


def test_desired_from_params_validation():
    assert desired(validation={"enabled": True, "confidence_threshold": "HIGH"})["validation"] == {"enabled": True, "confidence_threshold": "HIGH"}
    assert desired(validation={"enabled": False})["validation"] == {"enabled": False, "confidence_threshold": None}
    assert desired(validation={"enabled": True})["options"] == {}  # completed from the set's own block when planning
    assert problems_of({"name": "transactional", "validation": {"enabled": True, "confidence_threshold": "LOW"}, "suppression_reasons": ["x"]}) == [
        "suppression_reasons: 'X' is not one of BOUNCE, COMPLAINT",
        "validation.confidence_threshold 'LOW' is not one of MEDIUM, HIGH, MANAGED",
    ]
    assert problems_of({"name": "transactional", "validation": True}) == ["validation must be a dict such as {enabled: true, confidence_threshold: MANAGED}"]


def test_current_options_keep_validation_and_scope():
    response = dict(RESPONSE, SuppressionOptions={"SuppressedReasons": ["COMPLAINT"], "SuppressionScope": "TENANT", "ValidationOptions": MANAGED_API})
    assert _configuration_set.current_options(response)["SuppressionOptions"] == {
        "SuppressedReasons": ["COMPLAINT"],
        "SuppressionScope": "TENANT",
        "ValidationOptions": MANAGED_API,
    }


@pytest.mark.parametrize(
    "current, params, ops",
    [
        # Auto Validation alone keeps the set's reasons
        (OPTIONS, {"validation": {"enabled": True, "confidence_threshold": "MANAGED"}}, [suppression_put(**VALIDATING["SuppressionOptions"])]),
        # the reasons alone keep Auto Validation
        (VALIDATING, {"suppression_reasons": ["bounce"]}, [suppression_put(SuppressedReasons=["BOUNCE"], ValidationOptions=MANAGED_API)]),
        # no threshold asked: the set's stays
        (
            VALIDATING,
            {"validation": {"enabled": False}},
            [
                suppression_put(
                    SuppressedReasons=["BOUNCE", "COMPLAINT"],
                    ValidationOptions={
                        "ConditionThreshold": {"ConditionThresholdEnabled": "DISABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "MANAGED"}}
                    },
                )
            ],
        ),
        # a set that uses the account's reasons gets its own with both given
        (
            BARE_OPTIONS,
            {"suppression_reasons": [], "validation": {"enabled": True, "confidence_threshold": "MEDIUM"}},
            [
                suppression_put(
                    SuppressedReasons=[],
                    ValidationOptions={
                        "ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "MEDIUM"}}
                    },
                )
            ],
        ),
        # the suppression scope (tenants) goes with every put
        (
            dict(OPTIONS, SuppressionOptions={"SuppressedReasons": ["BOUNCE"], "SuppressionScope": "TENANT"}),
            {"validation": {"enabled": True, "confidence_threshold": "MANAGED"}},
            [suppression_put(SuppressedReasons=["BOUNCE"], SuppressionScope="TENANT", ValidationOptions=MANAGED_API)],
        ),
        # no-ops
        (VALIDATING, {"validation": {"enabled": True}}, []),
        (VALIDATING, {"validation": {"enabled": True, "confidence_threshold": "MANAGED"}, "suppression_reasons": ["COMPLAINT", "BOUNCE"]}, []),
        (VALIDATING, {"suppression_reasons": ["BOUNCE", "COMPLAINT"]}, []),
        (VALIDATING, {}, []),
    ],
    ids=["validation-keeps-reasons", "reasons-keep-validation", "threshold-kept", "own-block", "scope-kept", "same", "same-both", "same-reasons", "nothing"],
)
def test_plan_all_reasons_and_validation_together(current, params, ops):
    want = desired(**params)
    assert _configuration_set.plan_all(current, {}, {}, want) == (ops, [])
    after = _configuration_set.predict(current, {}, {}, want, ops)
    assert _configuration_set.plan_all(after[0], {}, {}, desired(**params)) == ([], [])


def test_plan_all_create_with_validation():
    want = desired(suppression_reasons=["BOUNCE"], validation={"enabled": True, "confidence_threshold": "MANAGED"})
    ops, _warnings = _configuration_set.plan_all(None, {}, {}, want)
    assert ops == [
        (
            "create_configuration_set",
            {"ConfigurationSetName": "transactional", "SuppressionOptions": {"SuppressedReasons": ["BOUNCE"], "ValidationOptions": MANAGED_API}},
        )
    ]
    view = _configuration_set.view("transactional", *_configuration_set.predict(None, {}, {}, want, ops))
    assert (view["suppression_reasons"], view["validation"]) == (["BOUNCE"], {"enabled": True, "confidence_threshold": "MANAGED"})


@pytest.mark.parametrize("current", [None, BARE_OPTIONS], ids=["new", "account-reasons"])
def test_plan_all_refuses_validation_alone_without_own_suppression_options(current):
    with pytest.raises(_configuration_set.ConfigurationSetError) as raised:
        _configuration_set.plan_all(current, {}, {}, desired(validation={"enabled": True}))
    message = str(raised.value)
    assert message.startswith("validation: configuration set transactional has no suppression options of its own")
    assert "Give suppression_reasons with validation" in message


def test_view_of_validation():
    assert _configuration_set.view("transactional", VALIDATING, {}, {})["validation"] == {"enabled": True, "confidence_threshold": "MANAGED"}
    assert _configuration_set.view("transactional", BARE_OPTIONS, {}, {})["validation"] is None
