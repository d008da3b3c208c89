"""mailops.ses.multi_region_endpoint against the sandbox: check mode, first run, rerun, diff, bad input, removal,
and a send through the endpoint (SigV4A) from a domain whose second region is a DEED replica."""

import pytest
from botocore.exceptions import ClientError
from testkit import sigv4a
from testkit.aws import add_records, error_code
from testkit.modules import run_module

ARGS = {"name": "ops-global", "secondary_region": "eu-west-1", "tags": {"team": "operations"}}
MESSAGE = {
    "Destination": {"ToAddresses": ["success@simulator.amazonses.com"]},
    "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}},
}


def run(sandbox, args, region="us-east-1", **kwargs):
    return run_module("multi_region_endpoint", dict(args, region=region), env=sandbox.env(), **kwargs)


def fresh(sandbox, args, region="us-east-1", **kwargs):
    sandbox.reset_calls()
    return run(sandbox, args, region, **kwargs)


def get(sandbox, name="ops-global", region="us-east-1"):
    return sandbox.client("sesv2", region=region).get_multi_region_endpoint(EndpointName=name)


def test_check_mode_first_run_rerun_and_diff(clean_sandbox):
    check = fresh(clean_sandbox, dict(ARGS, wait=True), check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert (check["changed"], check["operations"]) == (True, ["create_multi_region_endpoint"])
    assert check["multi_region_endpoint"] == {
        "name": "ops-global",
        "endpoint_id": None,
        "status": "CREATING",
        "primary_region": "us-east-1",
        "secondary_region": "eu-west-1",
        "created": None,
        "last_updated": None,
    }
    assert check["diff"]["before"] == {} and check["diff"]["after_header"] == "multi-region endpoint ops-global (SES us-east-1)"

    first = fresh(clean_sandbox, dict(ARGS, wait=True, wait_delay=1))
    assert clean_sandbox.writes() == {"sesv2:CreateMultiRegionEndpoint": 1}
    got = get(clean_sandbox)
    assert (got["Status"], got["Routes"], got["EndpointId"]) == (
        "READY",
        [{"Region": "us-east-1"}, {"Region": "eu-west-1"}],
        first["multi_region_endpoint"]["endpoint_id"],
    )
    assert first["multi_region_endpoint"]["status"] == "READY"
    assert first["api_calls"]["writes"] == 1

    rerun = fresh(clean_sandbox, dict(ARGS, wait=True), diff=True)
    assert (rerun["changed"], rerun["operations"], clean_sandbox.writes()) == (False, [], {})
    assert rerun["api_calls"] == {"reads": 1, "writes": 0}
    assert rerun["diff"]["before"] == rerun["diff"]["after"] == first["multi_region_endpoint"]
    # tags are taken at creation; other tags on a rerun change nothing
    assert fresh(clean_sandbox, dict(ARGS, tags={"team": "other"}))["changed"] is False and clean_sandbox.writes() == {}


@pytest.mark.parametrize(
    "args, region, problems",
    [
        (dict(ARGS, name="ops global"), "us-east-1", ["name 'ops global' must be 1-64 letters, digits, '_' or '-'"]),
        (
            dict(ARGS, secondary_region=None),
            "us-east-1",
            ["secondary_region is required with state=present: the region the endpoint fails over to, e.g. us-west-2"],
        ),
        (dict(ARGS, secondary_region="Ireland"), "us-east-1", ["secondary_region 'ireland' is not an AWS region name such as us-west-2"]),
        (
            dict(ARGS, secondary_region="eu-west-1"),
            "eu-west-1",
            ["secondary_region eu-west-1 is the endpoint's primary region (the module's region); give another region"],
        ),
    ],
)
def test_bad_input_fails_before_any_call(clean_sandbox, args, region, problems):
    clean_sandbox.reset_calls()
    failed = run(clean_sandbox, args, region, expect_failure=True)
    assert (failed["problems"], failed["msg"]) == (problems, "; ".join(problems))
    assert clean_sandbox.calls()["services"] == {}


def test_another_secondary_region_is_refused_before_any_write(clean_sandbox):
    clean_sandbox.configure(endpoint_delay=0)
    run(clean_sandbox, ARGS)
    clean_sandbox.reset_calls()
    failed = run(clean_sandbox, dict(ARGS, secondary_region="us-west-2"), expect_failure=True)
    assert failed["msg"] == (
        "multi-region endpoint ops-global routes to eu-west-1, not us-west-2; SES cannot change an endpoint's regions: delete it (state=absent) "
        "and create it again, then send with its new EndpointId"
    )
    assert clean_sandbox.writes() == {}
    assert get(clean_sandbox)["Routes"][1] == {"Region": "eu-west-1"}


def test_removal_waits_for_a_creating_endpoint_then_until_it_is_gone(clean_sandbox):
    clean_sandbox.configure(endpoint_delay=2)
    created = run(clean_sandbox, ARGS)
    assert created["multi_region_endpoint"]["status"] == "CREATING"
    check = fresh(clean_sandbox, {"name": "ops-global", "state": "absent"}, check_mode=True)
    assert (check["operations"], check["multi_region_endpoint"]["status"], clean_sandbox.writes()) == (["delete_multi_region_endpoint"], "DELETING", {})

    gone = fresh(clean_sandbox, {"name": "ops-global", "state": "absent", "wait": True, "wait_delay": 1, "wait_timeout": 30}, diff=True)
    assert clean_sandbox.writes() == {"sesv2:DeleteMultiRegionEndpoint": 1}
    assert (gone["changed"], gone["multi_region_endpoint"], gone["diff"]["after"]) == (True, {}, {})
    with pytest.raises(ClientError) as exc:
        get(clean_sandbox)
    assert error_code(exc) == "NotFoundException"
    again = fresh(clean_sandbox, {"name": "ops-global", "state": "absent"})
    assert (again["changed"], clean_sandbox.writes()) == (False, {})


def test_a_wait_that_times_out_names_the_endpoint_and_its_status(clean_sandbox):
    clean_sandbox.configure(endpoint_delay=60)
    failed = run(clean_sandbox, dict(ARGS, wait=True, wait_timeout=2, wait_delay=1), expect_failure=True)
    assert failed["msg"] == "timed out after 2 s waiting for multi-region endpoint ops-global to be READY (status CREATING)"
    assert failed["operations"] == ["create_multi_region_endpoint"]


def test_send_through_the_endpoint_from_a_parent_and_its_replica(clean_sandbox, monkeypatch):
    """What an endpoint is for: the domain verified in both regions (the second a DEED replica), one send (SigV4A)."""
    clean_sandbox.configure(endpoint_delay=0)
    r53 = clean_sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name="global.example", CallerReference="endpoint")["HostedZone"]["Id"]
    parent = run_module("email_identity", {"identity": "global.example", "region": "us-east-1"}, env=clean_sandbox.env())
    add_records(r53, zone_id, [(r["name"], r["type"], r["values"]) for r in parent["dns_records"]])
    replica = run_module(
        "email_identity",
        {"identity": "global.example", "region": "eu-west-1", "dkim": {"mode": "replica", "parent_region": "us-east-1"}},
        env=clean_sandbox.env(),
    )
    assert replica["identity"]["dkim"]["status"] == "SUCCESS"
    endpoint = run(clean_sandbox, dict(ARGS, wait=True, wait_delay=1))["multi_region_endpoint"]
    sigv4a.enable(monkeypatch)
    sent = clean_sandbox.client("sesv2", region="us-east-1").send_email(EndpointId=endpoint["endpoint_id"], FromEmailAddress="hello@global.example", **MESSAGE)
    assert sent["MessageId"]
