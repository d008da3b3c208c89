"""Table tests for SES dedicated IP pools: options, the API state, the planned calls, the prediction."""

import copy

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import dedicated_ip_pool as _pool

NAME = "marketing-ips"


def desired(**params):
    return _pool.desired_from_params(dict({"name": NAME}, **params))


def problems_of(params, where=""):
    with pytest.raises(_pool.DedicatedIpPoolError) as raised:
        _pool.desired_from_params(params, where)
    assert str(raised.value) == "; ".join(raised.value.problems)
    return raised.value.problems


STANDARD = {"name": NAME, "scaling_mode": "STANDARD"}
MANAGED = {"name": NAME, "scaling_mode": "MANAGED"}


# ---------------------------------------------------------------- options


def test_argument_spec():
    spec = _pool.argument_spec()
    assert sorted(spec) == ["name", "purge_tags", "scaling_mode", "state", "tags"]
    assert spec["scaling_mode"] == {"type": "str", "choices": ["STANDARD", "MANAGED"]}
    assert spec["tags"]["aliases"] == ["resource_tags"]


def test_desired_from_params():
    assert desired() == {"name": NAME, "state": "present", "scaling_mode": None, "tags": None, "purge_tags": True}
    assert desired(scaling_mode="MANAGED", tags={"team": "growth", "n": 1, "x": None}, purge_tags=False, state="absent") == {
        "name": NAME,
        "state": "absent",
        "scaling_mode": "MANAGED",
        "tags": {"team": "growth", "n": "1", "x": ""},
        "purge_tags": False,
    }
    assert desired(name="a" * 64, scaling_mode="STANDARD")["name"] == "a" * 64


@pytest.mark.parametrize(
    "params, problems",
    [
        ({"name": "Marketing"}, ["name 'Marketing' must be 1-64 lowercase letters, digits, '_' or '-'"]),
        ({"name": "my pool"}, ["name 'my pool' must be 1-64 lowercase letters, digits, '_' or '-'"]),
        ({"name": ""}, ["name '' must be 1-64 lowercase letters, digits, '_' or '-'"]),
        ({"name": None}, ["name 'None' must be 1-64 lowercase letters, digits, '_' or '-'"]),
        ({"name": "a" * 65}, ["name '%s' must be 1-64 lowercase letters, digits, '_' or '-'" % ("a" * 65)]),
        (
            {"name": "ses-shared-pool"},
            [
                "name 'ses-shared-pool' is one of SES's own pools (ses-shared-pool, ses-default-dedicated-pool): it needs no create "
                "and cannot be changed or deleted; name it in a configuration set's delivery.sending_pool as it is"
            ],
        ),
        (
            {"name": "Bad", "scaling_mode": "AUTO", "state": "gone", "tags": ["team"]},
            [
                "name 'Bad' must be 1-64 lowercase letters, digits, '_' or '-'",
                "scaling_mode 'AUTO' is not one of STANDARD, MANAGED",
                "state 'gone' is not one of present, absent",
                "tags must be a dict of key: value",
            ],
        ),
    ],
    ids=["uppercase", "space", "empty", "none", "too-long", "ses-pool", "everything"],
)
def test_desired_from_params_problems(params, problems):
    assert problems_of(params) == problems


def test_problems_name_where_they_are():
    assert problems_of({"name": "ses-default-dedicated-pool", "scaling_mode": "x"}, where="h: mailops_ses_dedicated_ip_pools[1]") == [
        "h: mailops_ses_dedicated_ip_pools[1].name 'ses-default-dedicated-pool' is one of SES's own pools (ses-shared-pool, "
        "ses-default-dedicated-pool): it needs no create and cannot be changed or deleted; name it in a configuration set's "
        "delivery.sending_pool as it is",
        "h: mailops_ses_dedicated_ip_pools[1].scaling_mode 'x' is not one of STANDARD, MANAGED",
    ]


# ---------------------------------------------------------------- the API state


@pytest.mark.parametrize(
    "response, pool",
    [
        (None, None),
        ({"DedicatedIpPool": {"PoolName": NAME, "ScalingMode": "MANAGED"}}, MANAGED),
        ({"DedicatedIpPool": {"PoolName": NAME}}, STANDARD),
    ],
)
def test_current_pool(response, pool):
    assert _pool.current_pool(response) == pool


def test_view():
    assert _pool.view(None, {}) == {}
    assert _pool.view(MANAGED, {"team": "growth"}) == {"name": NAME, "scaling_mode": "MANAGED", "tags": {"team": "growth"}}


# ---------------------------------------------------------------- plan and predict

TAG = ("tag_resource", {"ResourceArn": None, "Tags": [{"Key": "team", "Value": "growth"}]})
CONVERT = ("put_dedicated_ip_pool_scaling_attributes", {"PoolName": NAME, "ScalingMode": "MANAGED"})


@pytest.mark.parametrize(
    "current, tags, params, ops",
    [
        (None, {}, {}, [("create_dedicated_ip_pool", {"PoolName": NAME})]),
        (
            None,
            {},
            {"scaling_mode": "MANAGED", "tags": {"team": "growth"}},
            [("create_dedicated_ip_pool", {"PoolName": NAME, "ScalingMode": "MANAGED", "Tags": [{"Key": "team", "Value": "growth"}]})],
        ),
        (None, {}, {"scaling_mode": "STANDARD", "tags": {}}, [("create_dedicated_ip_pool", {"PoolName": NAME, "ScalingMode": "STANDARD"})]),
        # nothing to do
        (MANAGED, {"team": "growth"}, {"scaling_mode": "MANAGED", "tags": {"team": "growth"}}, []),
        (MANAGED, {"team": "growth"}, {}, []),
        (STANDARD, {}, {"scaling_mode": "STANDARD"}, []),
        # STANDARD -> MANAGED converts in place
        (STANDARD, {}, {"scaling_mode": "MANAGED", "tags": {"team": "growth"}}, [CONVERT, TAG]),
        # tags
        (MANAGED, {"team": "ops", "old": "x"}, {"tags": {"team": "growth"}}, [TAG, ("untag_resource", {"ResourceArn": None, "TagKeys": ["old"]})]),
        (MANAGED, {"old": "x"}, {"tags": {"team": "growth"}, "purge_tags": False}, [TAG]),
        (MANAGED, {"old": "x", "mailops:marker": "y"}, {"tags": {}}, [("untag_resource", {"ResourceArn": None, "TagKeys": ["old"]})]),
        # absent
        (MANAGED, {"team": "growth"}, {"state": "absent"}, [("delete_dedicated_ip_pool", {"PoolName": NAME})]),
        (None, {}, {"state": "absent", "scaling_mode": "MANAGED"}, []),
    ],
    ids=[
        "create",
        "create-managed-tagged",
        "create-standard",
        "same",
        "unset-leaves-alone",
        "same-standard",
        "convert",
        "retag",
        "no-purge",
        "markers-stay",
        "delete",
        "already-gone",
    ],
)
def test_plan_and_predict(current, tags, params, ops):
    want = desired(**params)
    before = copy.deepcopy((current, tags))
    assert _pool.plan(current, tags, want) == ops
    after = _pool.predict(current, tags, want, ops)
    assert (current, tags) == before
    # the prediction is a fixed point
    assert _pool.plan(after[0], after[1], want) == []


def test_predict_states():
    assert _pool.predict(None, {}, desired(tags={"team": "growth"}), [("create_dedicated_ip_pool", {"PoolName": NAME})]) == (STANDARD, {"team": "growth"})
    assert _pool.predict(STANDARD, {"a": "b"}, desired(scaling_mode="MANAGED"), [CONVERT]) == (MANAGED, {"a": "b"})
    assert _pool.predict(MANAGED, {"a": "b"}, desired(state="absent"), [("delete_dedicated_ip_pool", {"PoolName": NAME})]) == (None, {})


def test_plan_refuses_managed_to_standard_before_any_call():
    with pytest.raises(_pool.DedicatedIpPoolError) as raised:
        _pool.plan(MANAGED, {}, desired(scaling_mode="STANDARD", tags={"team": "growth"}))
    assert raised.value.problems == [
        "scaling_mode: dedicated IP pool marketing-ips is MANAGED, and SES cannot convert a managed pool to STANDARD. Keep "
        "scaling_mode: MANAGED (or leave it unset), or make a STANDARD pool under another name, point the configuration sets "
        "at it (delivery.sending_pool) and then delete this one (state: absent)"
    ]
