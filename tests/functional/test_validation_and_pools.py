"""Auto Validation (module account, module configuration_set) and dedicated IP pools (module dedicated_ip_pool,
the tenant role) against the sandbox: API state, check mode, diff, idempotence and bad input."""

import pytest
from testkit.modules import run_module


def run(module, sandbox, args, **kwargs):
    return run_module(module, args, env=sandbox.env(), **kwargs)


def fresh_run(module, sandbox, args, **kwargs):
    sandbox.reset_calls()
    return run(module, sandbox, args, **kwargs)


def suppression_attributes(sandbox):
    return sandbox.client("sesv2").get_account()["SuppressionAttributes"]


def threshold(enabled, verdict=None):
    condition = {"ConditionThresholdEnabled": "ENABLED" if enabled else "DISABLED"}
    if verdict:
        condition["OverallConfidenceThreshold"] = {"ConfidenceVerdictThreshold": verdict}
    return {"ConditionThreshold": condition}


# -- account: Auto Validation ------------------------------------------------------------------------


def test_account_validation_check_mode_diff_apply_and_rerun(clean_sandbox):
    args = {"validation": {"enabled": True, "confidence_threshold": "MANAGED"}}
    check = fresh_run("account", clean_sandbox, args, check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert check["changed"] is True and check["operations"] == ["put_account_suppression_attributes"]
    assert check["diff"]["before"]["validation"] is None
    assert check["diff"]["after"]["validation"] == {"enabled": True, "confidence_threshold": "MANAGED"}
    assert check["diff"]["after"]["suppression_reasons"] == ["BOUNCE", "COMPLAINT"]
    assert suppression_attributes(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]}

    applied = fresh_run("account", clean_sandbox, args, diff=True)
    assert clean_sandbox.writes() == {"sesv2:PutAccountSuppressionAttributes": 1}
    assert applied["account"] == check["account"]
    assert applied["diff"] == check["diff"]
    # the account's suppression reasons went with it, as SES had them
    assert suppression_attributes(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationAttributes": threshold(True, "MANAGED")}

    rerun = fresh_run("account", clean_sandbox, args)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetAccount": 1}}
    assert rerun["changed"] is False and rerun["operations"] == []


def test_account_reasons_and_validation_keep_each_other(clean_sandbox):
    run("account", clean_sandbox, {"suppression_reasons": ["COMPLAINT"], "validation": {"enabled": True, "confidence_threshold": "HIGH"}})
    assert suppression_attributes(clean_sandbox) == {"SuppressedReasons": ["COMPLAINT"], "ValidationAttributes": threshold(True, "HIGH")}

    # only the reasons change: Auto Validation stays
    result = fresh_run("account", clean_sandbox, {"suppression_reasons": ["BOUNCE", "COMPLAINT"]})
    assert clean_sandbox.writes() == {"sesv2:PutAccountSuppressionAttributes": 1}
    assert suppression_attributes(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationAttributes": threshold(True, "HIGH")}
    assert result["account"]["validation"] == {"enabled": True, "confidence_threshold": "HIGH"}

    # only Auto Validation changes (the threshold unset keeps HIGH): the reasons stay
    result = fresh_run("account", clean_sandbox, {"validation": {"enabled": False}})
    assert clean_sandbox.writes() == {"sesv2:PutAccountSuppressionAttributes": 1}
    assert suppression_attributes(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationAttributes": threshold(False, "HIGH")}
    assert result["account"]["validation"] == {"enabled": False, "confidence_threshold": "HIGH"}
    assert result["account"]["suppression_reasons"] == ["BOUNCE", "COMPLAINT"]

    # reasons off, Auto Validation on again: one call
    result = fresh_run("account", clean_sandbox, {"suppression_reasons": [], "validation": {"enabled": True, "confidence_threshold": "MEDIUM"}})
    assert clean_sandbox.writes() == {"sesv2:PutAccountSuppressionAttributes": 1}
    assert suppression_attributes(clean_sandbox) == {"SuppressedReasons": [], "ValidationAttributes": threshold(True, "MEDIUM")}

    for args in (
        {},
        {"suppression_reasons": []},
        {"validation": {"enabled": True}},
        {"suppression_reasons": [], "validation": {"enabled": True, "confidence_threshold": "MEDIUM"}},
    ):
        rerun = fresh_run("account", clean_sandbox, args)
        assert clean_sandbox.writes() == {} and rerun["changed"] is False, args


@pytest.mark.parametrize(
    "args,message",
    [
        (
            {"validation": {"enabled": True, "confidence_threshold": "LOW"}},
            "confidence_threshold must be one of: MEDIUM, HIGH, MANAGED, got: LOW found in validation",
        ),
        ({"validation": {"confidence_threshold": "HIGH"}}, "missing required arguments: enabled found in validation"),
        ({"validation": {"enabled": True, "threshold": "HIGH"}}, "validation.threshold"),
    ],
    ids=["threshold", "no-enabled", "unknown-key"],
)
def test_account_validation_bad_input_fails_before_any_call(clean_sandbox, args, message):
    failed = fresh_run("account", clean_sandbox, args, expect_failure=True)
    assert message in failed["msg"]
    assert clean_sandbox.calls()["total"] == 0
    assert suppression_attributes(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]}


# -- configuration set: Auto Validation --------------------------------------------------------------

SET = "marketing"


def set_suppression(sandbox, name=SET):
    return sandbox.client("sesv2").get_configuration_set(ConfigurationSetName=name).get("SuppressionOptions")


def test_configuration_set_validation_check_mode_diff_create_and_rerun(clean_sandbox):
    args = {"name": SET, "suppression_reasons": ["BOUNCE", "COMPLAINT"], "validation": {"enabled": True, "confidence_threshold": "HIGH"}}
    check = fresh_run("configuration_set", clean_sandbox, args, check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert check["changed"] is True and check["operations"] == ["create_configuration_set"]
    assert check["diff"]["before"] == {}
    assert check["diff"]["after"]["validation"] == {"enabled": True, "confidence_threshold": "HIGH"}
    assert check["diff"]["after"]["suppression_reasons"] == ["BOUNCE", "COMPLAINT"]
    assert clean_sandbox.client("sesv2").list_configuration_sets()["ConfigurationSets"] == []

    created = fresh_run("configuration_set", clean_sandbox, args, diff=True)
    assert clean_sandbox.writes() == {"sesv2:CreateConfigurationSet": 1}
    assert created["configuration_set"] == check["configuration_set"] and created["diff"] == check["diff"]
    assert set_suppression(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationOptions": threshold(True, "HIGH")}

    rerun = fresh_run("configuration_set", clean_sandbox, args)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetConfigurationSet": 1}}
    assert rerun["changed"] is False and rerun["operations"] == []


def test_configuration_set_reasons_and_validation_keep_each_other(clean_sandbox):
    run("configuration_set", clean_sandbox, {"name": SET, "suppression_reasons": ["BOUNCE"]})

    # Auto Validation alone: the set's reasons stay
    result = fresh_run("configuration_set", clean_sandbox, {"name": SET, "validation": {"enabled": True, "confidence_threshold": "MANAGED"}}, diff=True)
    assert clean_sandbox.writes() == {"sesv2:PutConfigurationSetSuppressionOptions": 1}
    assert set_suppression(clean_sandbox) == {"SuppressedReasons": ["BOUNCE"], "ValidationOptions": threshold(True, "MANAGED")}
    assert result["diff"]["before"]["validation"] is None
    assert result["configuration_set"]["validation"] == {"enabled": True, "confidence_threshold": "MANAGED"}

    # the reasons alone: Auto Validation stays
    result = fresh_run("configuration_set", clean_sandbox, {"name": SET, "suppression_reasons": ["BOUNCE", "COMPLAINT"]})
    assert clean_sandbox.writes() == {"sesv2:PutConfigurationSetSuppressionOptions": 1}
    assert set_suppression(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationOptions": threshold(True, "MANAGED")}
    assert result["configuration_set"]["validation"] == {"enabled": True, "confidence_threshold": "MANAGED"}

    # off, the threshold kept
    result = fresh_run("configuration_set", clean_sandbox, {"name": SET, "validation": {"enabled": False}})
    assert clean_sandbox.writes() == {"sesv2:PutConfigurationSetSuppressionOptions": 1}
    assert set_suppression(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationOptions": threshold(False, "MANAGED")}

    for args in (
        {},
        {"validation": {"enabled": False}},
        {"suppression_reasons": ["COMPLAINT", "BOUNCE"], "validation": {"enabled": False, "confidence_threshold": "MANAGED"}},
    ):
        rerun = fresh_run("configuration_set", clean_sandbox, dict(args, name=SET))
        assert clean_sandbox.writes() == {} and rerun["changed"] is False, args


@pytest.mark.parametrize("exists", [False, True], ids=["new-set", "set-with-account-reasons"])
def test_configuration_set_validation_alone_without_own_reasons_is_refused_before_any_write(clean_sandbox, exists):
    if exists:
        clean_sandbox.client("sesv2").create_configuration_set(ConfigurationSetName=SET)
    failed = fresh_run("configuration_set", clean_sandbox, {"name": SET, "validation": {"enabled": True}}, expect_failure=True)
    assert clean_sandbox.writes() == {}
    assert failed["api_calls"] == {"reads": 1, "writes": 0}
    assert "validation: configuration set marketing has no suppression options of its own" in failed["msg"]
    assert "Give suppression_reasons with validation" in failed["msg"]
    names = clean_sandbox.client("sesv2").list_configuration_sets()["ConfigurationSets"]
    assert names == ([SET] if exists else [])
    if exists:
        assert set_suppression(clean_sandbox) is None


@pytest.mark.parametrize(
    "args,message",
    [
        (
            {"validation": {"enabled": True, "confidence_threshold": "LOW"}},
            "confidence_threshold must be one of: MEDIUM, HIGH, MANAGED, got: LOW found in validation",
        ),
        ({"validation": {"confidence_threshold": "HIGH"}}, "missing required arguments: enabled found in validation"),
    ],
    ids=["threshold", "no-enabled"],
)
def test_configuration_set_validation_bad_input_fails_before_any_call(clean_sandbox, args, message):
    clean_sandbox.client("sesv2").create_configuration_set(ConfigurationSetName=SET, SuppressionOptions={"SuppressedReasons": ["BOUNCE"]})
    failed = fresh_run("configuration_set", clean_sandbox, dict(args, name=SET), expect_failure=True)
    assert message in failed["msg"]
    assert clean_sandbox.calls()["total"] == 0
    assert set_suppression(clean_sandbox) == {"SuppressedReasons": ["BOUNCE"]}
