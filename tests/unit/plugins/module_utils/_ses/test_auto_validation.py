"""Table tests for the Auto Validation settings shared by the account and configuration sets."""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import auto_validation as _auto_validation

ENABLED_HIGH = {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "HIGH"}}}


@pytest.mark.parametrize(
    "api, view",
    [
        (None, None),
        ({}, None),
        (ENABLED_HIGH, {"enabled": True, "confidence_threshold": "HIGH"}),
        ({"ConditionThreshold": {"ConditionThresholdEnabled": "DISABLED"}}, {"enabled": False, "confidence_threshold": None}),
    ],
)
def test_view_and_back(api, view):
    assert _auto_validation.view(api) == view
    assert _auto_validation.to_api(view) == (api or None)


@pytest.mark.parametrize(
    "current, requested, result",
    [
        (None, None, None),
        ({"enabled": True, "confidence_threshold": "HIGH"}, None, {"enabled": True, "confidence_threshold": "HIGH"}),
        (None, {"enabled": True}, {"enabled": True, "confidence_threshold": None}),
        (None, {"enabled": False, "confidence_threshold": "MANAGED"}, {"enabled": False, "confidence_threshold": "MANAGED"}),
        (
            {"enabled": True, "confidence_threshold": "HIGH"},
            {"enabled": False, "confidence_threshold": None},
            {"enabled": False, "confidence_threshold": "HIGH"},
        ),
        (
            {"enabled": True, "confidence_threshold": "HIGH"},
            {"enabled": True, "confidence_threshold": "MEDIUM"},
            {"enabled": True, "confidence_threshold": "MEDIUM"},
        ),
    ],
)
def test_wanted_keeps_what_is_not_asked_for(current, requested, result):
    assert _auto_validation.wanted(current, requested) == result


@pytest.mark.parametrize(
    "value, problems",
    [
        (None, []),
        ({"enabled": True}, []),
        ({"enabled": False, "confidence_threshold": "MANAGED"}, []),
        ("on", ["x.validation must be a dict such as {enabled: true, confidence_threshold: MANAGED}"]),
        (
            {"confidence_threshold": "LOW"},
            ["x.validation.enabled is required: true or false (got None)", "x.validation.confidence_threshold 'LOW' is not one of MEDIUM, HIGH, MANAGED"],
        ),
        ({"enabled": "yes", "confidence_threshold": "HIGH"}, []),
        (
            {"enabled": "maybe", "confidence_threshold": "high"},
            ["x.validation.enabled is required: true or false (got 'maybe')", "x.validation.confidence_threshold 'high' is not one of MEDIUM, HIGH, MANAGED"],
        ),
    ],
)
def test_problems_of_inventory_values(value, problems):
    assert _auto_validation.problems(value, "x.validation") == problems


@pytest.mark.parametrize("word, flag", [("yes", True), ("True", True), ("on", True), ("no", False), ("off", False), (0, False), (1, True)])
def test_wanted_reads_enabled_as_ansible_does(word, flag):
    assert _auto_validation.wanted(None, {"enabled": word})["enabled"] is flag
