"""Auto Validation (module account, module configuration_set) and dedicated IP pools (module dedicated_ip_pool,
the tenant role) against the sandbox: API state, check mode, diff, idempotence and bad input."""

import pytest
from testkit.modules import run_module
from testkit.playbook import run_playbook, write_inventory


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


# -- dedicated IP pools --------------------------------------------------------------------------------

POOL = "marketing-ips"
POOL_ARN = "arn:aws:ses:us-east-1:123456789012:dedicated-ip-pool/" + POOL


def get_pool(sandbox, name=POOL):
    ses = sandbox.client("sesv2")
    pools = ses.list_dedicated_ip_pools()["DedicatedIpPools"]
    if name not in pools:
        return None
    tags = ses.list_tags_for_resource(ResourceArn=POOL_ARN.replace(POOL, name))["Tags"]
    return dict(ses.get_dedicated_ip_pool(PoolName=name)["DedicatedIpPool"], Tags={t["Key"]: t["Value"] for t in tags})


def test_pool_check_mode_diff_create_rerun_and_delete(clean_sandbox):
    args = {"name": POOL, "scaling_mode": "MANAGED", "tags": {"team": "growth"}}
    view = {"name": POOL, "scaling_mode": "MANAGED", "tags": {"team": "growth"}}
    check = fresh_run("dedicated_ip_pool", clean_sandbox, args, check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetDedicatedIpPool": 1}}
    assert check["changed"] is True and check["operations"] == ["create_dedicated_ip_pool"]
    assert check["diff"] == {"before": {}, "after": view} and check["dedicated_ip_pool"] == view
    assert get_pool(clean_sandbox) is None

    created = fresh_run("dedicated_ip_pool", clean_sandbox, args, diff=True)
    assert clean_sandbox.writes() == {"sesv2:CreateDedicatedIpPool": 1}
    assert created["changed"] is True and created["diff"] == check["diff"]
    assert created["api_calls"] == {"reads": 1, "writes": 1}
    assert get_pool(clean_sandbox) == {"PoolName": POOL, "ScalingMode": "MANAGED", "Tags": {"team": "growth"}}

    rerun = fresh_run("dedicated_ip_pool", clean_sandbox, args)
    assert clean_sandbox.writes() == {}
    assert rerun["changed"] is False and rerun["operations"] == [] and rerun["dedicated_ip_pool"] == view
    assert rerun["api_calls"] == {"reads": 3, "writes": 0}  # the pool, the caller (for the ARN), the pool's tags

    check = fresh_run("dedicated_ip_pool", clean_sandbox, {"name": POOL, "state": "absent"}, check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert check["changed"] is True and check["diff"] == {"before": view, "after": {}}
    assert get_pool(clean_sandbox) is not None

    deleted = fresh_run("dedicated_ip_pool", clean_sandbox, {"name": POOL, "state": "absent"})
    assert clean_sandbox.writes() == {"sesv2:DeleteDedicatedIpPool": 1}
    assert deleted["changed"] is True and deleted["dedicated_ip_pool"] == {}
    assert get_pool(clean_sandbox) is None

    again = fresh_run("dedicated_ip_pool", clean_sandbox, {"name": POOL, "state": "absent"})
    assert clean_sandbox.writes() == {} and again["changed"] is False


def test_pool_unset_mode_is_standard_then_converts_to_managed_and_retags(clean_sandbox):
    created = run("dedicated_ip_pool", clean_sandbox, {"name": POOL, "tags": {"team": "growth", "old": "x"}})
    assert created["dedicated_ip_pool"]["scaling_mode"] == "STANDARD"
    assert get_pool(clean_sandbox)["ScalingMode"] == "STANDARD"

    args = {"name": POOL, "scaling_mode": "MANAGED", "tags": {"team": "mail"}}
    check = fresh_run("dedicated_ip_pool", clean_sandbox, args, check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert check["operations"] == ["put_dedicated_ip_pool_scaling_attributes", "tag_resource", "untag_resource"]
    assert check["diff"]["before"]["scaling_mode"] == "STANDARD"
    assert check["diff"]["after"] == {"name": POOL, "scaling_mode": "MANAGED", "tags": {"team": "mail"}}

    converted = fresh_run("dedicated_ip_pool", clean_sandbox, args, diff=True)
    assert clean_sandbox.writes() == {"sesv2:PutDedicatedIpPoolScalingAttributes": 1, "sesv2:TagResource": 1, "sesv2:UntagResource": 1}
    assert converted["diff"] == check["diff"]
    assert get_pool(clean_sandbox) == {"PoolName": POOL, "ScalingMode": "MANAGED", "Tags": {"team": "mail"}}

    # unset mode and tags leave the pool alone
    for same in (args, {"name": POOL}):
        rerun = fresh_run("dedicated_ip_pool", clean_sandbox, same)
        assert clean_sandbox.writes() == {} and rerun["changed"] is False


def test_pool_managed_to_standard_is_refused_before_any_write(clean_sandbox):
    run("dedicated_ip_pool", clean_sandbox, {"name": POOL, "scaling_mode": "MANAGED"})
    for check_mode in (True, False):
        failed = fresh_run(
            "dedicated_ip_pool", clean_sandbox, {"name": POOL, "scaling_mode": "STANDARD", "tags": {"a": "b"}}, check_mode=check_mode, expect_failure=True
        )
        assert clean_sandbox.writes() == {}
        assert failed["api_calls"]["writes"] == 0
        assert "scaling_mode: dedicated IP pool marketing-ips is MANAGED, and SES cannot convert a managed pool to STANDARD" in failed["msg"]
        assert "make a STANDARD pool under another name, point the configuration sets at it (delivery.sending_pool)" in failed["msg"]
        assert failed["dedicated_ip_pool"] == {"name": POOL, "scaling_mode": "MANAGED", "tags": {}}
    assert get_pool(clean_sandbox) == {"PoolName": POOL, "ScalingMode": "MANAGED", "Tags": {}}


def test_pool_used_by_a_configuration_set(clean_sandbox):
    run("dedicated_ip_pool", clean_sandbox, {"name": POOL, "scaling_mode": "MANAGED"})
    created = run("configuration_set", clean_sandbox, {"name": SET, "delivery": {"tls_policy": "REQUIRE", "sending_pool": POOL}})
    assert created["configuration_set"]["delivery"]["sending_pool"] == POOL
    # the sandbox refuses to delete a pool a configuration set sends through (its choice, see docs/sandbox.md)
    failed = fresh_run("dedicated_ip_pool", clean_sandbox, {"name": POOL, "state": "absent"}, expect_failure=True)
    assert failed["error"]["code"] == "BadRequestException" and SET in failed["error"]["message"]
    run("configuration_set", clean_sandbox, {"name": SET, "delivery": {"tls_policy": "REQUIRE", "sending_pool": "ses-shared-pool"}})
    run("dedicated_ip_pool", clean_sandbox, {"name": POOL, "state": "absent"})
    assert get_pool(clean_sandbox) is None


@pytest.mark.parametrize(
    "args,message",
    [
        ({"name": "Marketing-IPs"}, "name 'Marketing-IPs' must be 1-64 lowercase letters, digits, '_' or '-'"),
        ({"name": "ses-shared-pool", "state": "absent"}, "name 'ses-shared-pool' is one of SES's own pools"),
        ({"name": "ses-default-dedicated-pool"}, "name 'ses-default-dedicated-pool' is one of SES's own pools"),
        ({"name": POOL, "scaling_mode": "AUTOMATIC"}, "scaling_mode must be one of: STANDARD, MANAGED, got: AUTOMATIC"),
    ],
    ids=["uppercase", "shared-pool", "default-pool", "scaling-mode"],
)
def test_pool_bad_input_fails_before_any_call(clean_sandbox, args, message):
    failed = fresh_run("dedicated_ip_pool", clean_sandbox, args, expect_failure=True)
    assert message in failed["msg"]
    assert clean_sandbox.calls()["total"] == 0
    assert clean_sandbox.client("sesv2").list_dedicated_ip_pools()["DedicatedIpPools"] == []


# -- the tenant role: pools before configuration sets, validation from the inventory, offboarding -------

DOMAIN = "pools.example"


def tenant_inventory(sandbox, path, sets, pools, state="present", account=None):
    return write_inventory(
        str(path),
        {
            "unit": {
                "mailops_ses_region": "us-east-1",
                "mailops_tenant_state": state,
                "mailops_ses_identities": [{"identity": DOMAIN, "configuration_set": SET}],
                "mailops_ses_configuration_sets": sets,
                "mailops_ses_dedicated_ip_pools": pools,
                "mailops_ses_account": account or {"validation": {"enabled": True, "confidence_threshold": "MANAGED"}},
            }
        },
        {
            "mailops_aws_endpoint_url": sandbox.endpoint,
            "mailops_dns_zones": {DOMAIN: {"provider": "route53"}},
            "mailops_verify": False,
        },
    )


def marketing_set(pool, **extra):
    return dict(
        {
            "name": SET,
            "suppression_reasons": ["BOUNCE", "COMPLAINT"],
            "validation": {"enabled": True, "confidence_threshold": "HIGH"},
            "delivery": {"sending_pool": pool},
        },
        **extra,
    )


def pools_of(sandbox):
    ses = sandbox.client("sesv2")
    return {name: ses.get_dedicated_ip_pool(PoolName=name)["DedicatedIpPool"]["ScalingMode"] for name in ses.list_dedicated_ip_pools()["DedicatedIpPools"]}


@pytest.mark.long
def test_site_pools_before_sets_validation_rerun_move_and_offboard(clean_sandbox, tmp_path):
    clean_sandbox.client("route53").create_hosted_zone(Name=DOMAIN, CallerReference="pools")
    env = clean_sandbox.env()
    pools = [{"name": "marketing-ips", "scaling_mode": "MANAGED", "tags": {"team": "growth"}}, {"name": "old-ips"}]
    inventory = tenant_inventory(clean_sandbox, tmp_path / "inventory", [marketing_set("old-ips")], pools)

    clean_sandbox.reset_calls()
    check = run_playbook(inventory, env, args=["--check", "--diff"])
    assert check.rc == 0, check.stdout[-4000:]
    assert clean_sandbox.writes() == {}
    assert pools_of(clean_sandbox) == {}

    first = run_playbook(inventory, env)
    assert first.rc == 0 and first.failed == 0, first.stdout[-4000:]
    assert pools_of(clean_sandbox) == {"marketing-ips": "MANAGED", "old-ips": "STANDARD"}
    state = clean_sandbox.client("sesv2").get_configuration_set(ConfigurationSetName=SET)
    assert state["DeliveryOptions"]["SendingPoolName"] == "old-ips"
    assert state["SuppressionOptions"] == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationOptions": threshold(True, "HIGH")}
    assert suppression_attributes(clean_sandbox) == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationAttributes": threshold(True, "MANAGED")}

    clean_sandbox.reset_calls()
    rerun = run_playbook(inventory, env)
    assert rerun.rc == 0 and rerun.changed == 0, rerun.stdout[-4000:]
    assert clean_sandbox.writes() == {}

    # the set moves to the managed pool and the old pool goes, in that order (retire.yml, after the sets)
    moved = tenant_inventory(clean_sandbox, tmp_path / "inventory", [marketing_set("marketing-ips")], [pools[0], {"name": "old-ips", "state": "absent"}])
    clean_sandbox.reset_calls()
    result = run_playbook(moved, env)
    assert result.rc == 0 and result.failed == 0, result.stdout[-4000:]
    writes = clean_sandbox.writes()
    assert writes.get("sesv2:PutConfigurationSetDeliveryOptions") == 1 and writes.get("sesv2:DeleteDedicatedIpPool") == 1, writes
    assert pools_of(clean_sandbox) == {"marketing-ips": "MANAGED"}
    assert clean_sandbox.client("sesv2").get_configuration_set(ConfigurationSetName=SET)["DeliveryOptions"]["SendingPoolName"] == "marketing-ips"
    clean_sandbox.reset_calls()
    rerun = run_playbook(moved, env)
    assert rerun.rc == 0 and rerun.changed == 0 and clean_sandbox.writes() == {}, rerun.stdout[-4000:]

    # offboarding: the configuration set first, then the pools; the account's settings stay
    offboard = tenant_inventory(clean_sandbox, tmp_path / "inventory", [marketing_set("marketing-ips")], [pools[0]], state="absent")
    result = run_playbook(offboard, env)
    assert result.rc == 0 and result.failed == 0, result.stdout[-4000:]
    assert pools_of(clean_sandbox) == {}
    assert clean_sandbox.client("sesv2").list_configuration_sets()["ConfigurationSets"] == []
    assert suppression_attributes(clean_sandbox)["ValidationAttributes"] == threshold(True, "MANAGED")


def test_site_refuses_a_set_on_a_pool_the_host_does_not_have_before_any_write(clean_sandbox, tmp_path):
    sets = [marketing_set("marketing-ips"), {"name": "receipts", "validation": {"enabled": True}}]
    inventory = tenant_inventory(clean_sandbox, tmp_path / "inventory", sets, [{"name": "other-ips", "scaling_mode": "FAST"}])
    clean_sandbox.reset_calls()
    result = run_playbook(inventory, clean_sandbox.env())
    assert result.rc != 0
    assert clean_sandbox.calls()["total"] == 0
    for message in (
        "unit: mailops_ses_dedicated_ip_pools[0].scaling_mode 'FAST' is not one of STANDARD, MANAGED",
        "unit: mailops_ses_configuration_sets[0]: configuration set 'marketing' sends through delivery.sending_pool 'marketing-ips', "
        "which is neither one of this host's mailops_ses_dedicated_ip_pools (other-ips) nor SES's own ses-shared-pool or "
        "ses-default-dedicated-pool",
        "unit: mailops_ses_configuration_sets[1]: configuration set 'receipts' sets validation without suppression_reasons",
    ):
        assert message in result.stdout, result.stdout[-4000:]
