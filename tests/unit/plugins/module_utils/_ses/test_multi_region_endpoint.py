"""Table tests for multi-region endpoints: options, the view of GetMultiRegionEndpoint, the plan, the prediction, waits."""

import datetime

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import multi_region_endpoint as _endpoint

UTC = datetime.timezone.utc
RESPONSE = {
    "EndpointName": "global",
    "EndpointId": "abcdef12.g3h",
    "Routes": [{"Region": "us-east-1"}, {"Region": "eu-west-1"}],
    "Status": "READY",
    "CreatedTimestamp": datetime.datetime(2025, 3, 1, 8, 30, tzinfo=UTC),
    "LastUpdatedTimestamp": datetime.datetime(2025, 3, 1, 8, 31, tzinfo=UTC),
}
VIEW = {
    "name": "global",
    "endpoint_id": "abcdef12.g3h",
    "status": "READY",
    "primary_region": "us-east-1",
    "secondary_region": "eu-west-1",
    "created": "2025-03-01T08:30:00+00:00",
    "last_updated": "2025-03-01T08:31:00+00:00",
}


def desired(region="us-east-1", **params):
    return _endpoint.desired_from_params(dict({"name": "global", "secondary_region": "eu-west-1", "state": "present"}, **params), region)


def problems_of(call, *args, **kwargs):
    with pytest.raises(_endpoint.EndpointError) as raised:
        call(*args, **kwargs)
    return raised.value.problems


def test_argument_spec_defaults():
    spec = _endpoint.argument_spec()
    assert sorted(spec) == ["name", "secondary_region", "state", "tags", "wait", "wait_delay", "wait_timeout"]
    assert (spec["state"]["default"], spec["wait"]["default"], spec["tags"]["aliases"]) == ("present", False, ["resource_tags"])


def test_desired_from_params():
    assert desired(secondary_region=" EU-West-1 ", tags={"team": "ops", "n": 1}) == {
        "name": "global",
        "state": "present",
        "secondary_region": "eu-west-1",
        "tags": {"team": "ops", "n": "1"},
    }
    assert desired(state="absent", secondary_region=None) == {"name": "global", "state": "absent", "secondary_region": None, "tags": None}


@pytest.mark.parametrize(
    "params, region, problems",
    [
        ({"name": "bad name"}, "us-east-1", ["name 'bad name' must be 1-64 letters, digits, '_' or '-'"]),
        ({"name": "x" * 65}, "us-east-1", ["name '%s' must be 1-64 letters, digits, '_' or '-'" % ("x" * 65)]),
        (
            {"secondary_region": None},
            "us-east-1",
            ["secondary_region is required with state=present: the region the endpoint fails over to, e.g. us-west-2"],
        ),
        ({"secondary_region": "Ireland"}, "us-east-1", ["secondary_region 'ireland' is not an AWS region name such as us-west-2"]),
        (
            {"secondary_region": "us-east-1"},
            "us-east-1",
            ["secondary_region us-east-1 is the endpoint's primary region (the module's region); give another region"],
        ),
        ({"secondary_region": "cn-north-1"}, "us-east-1", ["secondary_region cn-north-1 is in another partition than the primary region us-east-1"]),
        (
            {"name": "", "secondary_region": ""},
            "us-east-1",
            [
                "name '' must be 1-64 letters, digits, '_' or '-'",
                "secondary_region is required with state=present: the region the endpoint fails over to, e.g. us-west-2",
            ],
        ),
    ],
)
def test_desired_from_params_problems(params, region, problems):
    assert problems_of(desired, region, **params) == problems


def test_view():
    assert _endpoint.view(RESPONSE) == VIEW
    assert _endpoint.view(None) is None
    assert _endpoint.view({"EndpointName": "x", "Status": "CREATING"})["primary_region"] is None


@pytest.mark.parametrize(
    "current, params, ops",
    [
        (
            None,
            {},
            [("create_multi_region_endpoint", {"EndpointName": "global", "Details": {"RoutesDetails": [{"Region": "eu-west-1"}]}})],
        ),
        (
            None,
            {"tags": {"team": "ops"}},
            [
                (
                    "create_multi_region_endpoint",
                    {"EndpointName": "global", "Details": {"RoutesDetails": [{"Region": "eu-west-1"}]}, "Tags": [{"Key": "team", "Value": "ops"}]},
                )
            ],
        ),
        (VIEW, {}, []),
        # tags are taken at creation only
        (VIEW, {"tags": {"team": "other"}}, []),
        (dict(VIEW, status="CREATING"), {}, []),
        (dict(VIEW, status="FAILED"), {}, []),
        (VIEW, {"state": "absent"}, [("delete_multi_region_endpoint", {"EndpointName": "global"})]),
        (dict(VIEW, status="CREATING"), {"state": "absent"}, [("delete_multi_region_endpoint", {"EndpointName": "global"})]),
        (dict(VIEW, status="DELETING"), {"state": "absent"}, []),
        (None, {"state": "absent"}, []),
    ],
)
def test_plan(current, params, ops):
    assert _endpoint.plan(current, desired(**params)) == ops


@pytest.mark.parametrize(
    "current, params, problem",
    [
        (
            VIEW,
            {"secondary_region": "us-west-2"},
            "multi-region endpoint global routes to eu-west-1, not us-west-2; SES cannot change an endpoint's regions: delete it "
            "(state=absent) and create it again, then send with its new EndpointId",
        ),
        (dict(VIEW, status="DELETING"), {}, "multi-region endpoint global is being deleted (DELETING); run again once it is gone, or with wait=true"),
    ],
)
def test_plan_refuses_what_ses_cannot_change(current, params, problem):
    assert problems_of(_endpoint.plan, current, desired(**params)) == [problem]


def test_predict():
    want = desired()
    created = _endpoint.predict(None, want, _endpoint.plan(None, want), "us-east-1")
    assert created == {
        "name": "global",
        "endpoint_id": None,
        "status": "CREATING",
        "primary_region": "us-east-1",
        "secondary_region": "eu-west-1",
        "created": None,
        "last_updated": None,
    }
    assert _endpoint.plan(created, want) == []
    gone = desired(state="absent")
    deleting = _endpoint.predict(VIEW, gone, _endpoint.plan(VIEW, gone), "us-east-1")
    assert deleting == dict(VIEW, status="DELETING") and VIEW["status"] == "READY"
    assert _endpoint.plan(deleting, gone) == []
    assert _endpoint.predict(VIEW, want, [], "us-east-1") == VIEW


@pytest.mark.parametrize("status, done", [("READY", True), ("CREATING", False), ("DELETING", False)])
def test_ready(status, done):
    assert _endpoint.ready(dict(VIEW, status=status), "global") is done


@pytest.mark.parametrize(
    "state, problem",
    [
        (None, "multi-region endpoint global does not exist"),
        (dict(VIEW, status="FAILED"), "multi-region endpoint global is FAILED; delete it (state=absent) and create it again"),
    ],
)
def test_ready_never(state, problem):
    assert problems_of(_endpoint.ready, state, "global") == [problem]


@pytest.mark.parametrize(
    "state, gone, settled",
    [
        (None, True, True),
        (VIEW, False, True),
        (dict(VIEW, status="FAILED"), False, True),
        (dict(VIEW, status="CREATING"), False, False),
        (dict(VIEW, status="DELETING"), False, False),
    ],
)
def test_gone_and_settled(state, gone, settled):
    assert (_endpoint.gone(state), _endpoint.settled(state)) == (gone, settled)
