"""Table tests for SES tenants: options, the view, the planned calls (associations, reputation policy), the prediction."""

import copy
import datetime

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import tenant as _tenant

UTC = datetime.timezone.utc
ACCOUNT_ARN = "arn:aws:ses:us-east-1:111111111111"
TENANT_ARN = ACCOUNT_ARN + ":tenant/marketing/tn-0123456789abcdef0123456789abc"
GET_TENANT = {
    "TenantName": "marketing",
    "TenantId": "tn-0123456789abcdef0123456789abc",
    "TenantArn": TENANT_ARN,
    "CreatedTimestamp": datetime.datetime(2025, 6, 1, 9, 0, tzinfo=UTC),
    "Tags": [{"Key": "team", "Value": "marketing"}],
    "SendingStatus": "ENABLED",
    "SuppressionAttributes": {"SuppressedReasons": ["COMPLAINT", "BOUNCE"], "SuppressionScope": "ACCOUNT"},
}
RESOURCES = [ACCOUNT_ARN + ":identity/example.com", ACCOUNT_ARN + ":configuration-set/marketing"]
ENTITY = {
    "ReputationEntityReference": TENANT_ARN,
    "ReputationEntityType": "RESOURCE",
    "ReputationManagementPolicy": "arn:aws:ses:us-east-1:aws:reputation-policy/standard",
    "CustomerManagedStatus": {"Status": "ENABLED"},
    "AwsSesManagedStatus": {"Status": "ENABLED"},
    "SendingStatusAggregate": "ENABLED",
}
VIEW = {
    "name": "marketing",
    "tenant_id": "tn-0123456789abcdef0123456789abc",
    "arn": TENANT_ARN,
    "created": "2025-06-01T09:00:00+00:00",
    "tags": {"team": "marketing"},
    "suppression_reasons": ["BOUNCE", "COMPLAINT"],
    "suppression_scope": "ACCOUNT",
    "resources": [{"type": "configuration_set", "name": "marketing"}, {"type": "identity", "name": "example.com"}],
    "reputation_policy": "standard",
    "sending_status": "ENABLED",
    "aws_managed_status": "ENABLED",
    "sending_status_aggregate": "ENABLED",
    "reputation_impact": None,
}
KINDS = {"identity": "identity", "configuration_set": "configuration-set", "template": "template"}


def arn_of(kind, name):
    return "%s:%s/%s" % (ACCOUNT_ARN, KINDS[kind], name)


def desired(**params):
    return _tenant.desired_from_params(dict({"name": "marketing", "state": "present", "purge_tags": True}, **params))


def problems_of(**params):
    with pytest.raises(_tenant.TenantError) as raised:
        desired(**params)
    return raised.value.problems


def entity_op(operation, reference, **kwargs):
    return (operation, dict({"ReputationEntityType": "RESOURCE", "ReputationEntityReference": reference}, **kwargs))


# ---------------------------------------------------------------- policies


@pytest.mark.parametrize(
    "region, level, arn",
    [
        ("us-east-1", "standard", "arn:aws:ses:us-east-1:aws:reputation-policy/standard"),
        ("cn-northwest-1", "strict", "arn:aws-cn:ses:cn-northwest-1:aws:reputation-policy/strict"),
        ("us-gov-west-1", "none", "arn:aws-us-gov:ses:us-gov-west-1:aws:reputation-policy/none"),
    ],
)
def test_policy_arn_follows_the_partition_of_the_region(region, level, arn):
    assert _tenant.policy_arn(region, level) == arn
    assert _tenant.policy_level(arn) == level


def test_policy_level_of_what_is_not_ses_managed():
    assert _tenant.policy_level("arn:aws:ses:us-east-1:111111111111:custom/x") == "arn:aws:ses:us-east-1:111111111111:custom/x"
    assert _tenant.policy_level(None) is None


# ---------------------------------------------------------------- options


def test_desired_from_params():
    want = desired(
        reputation_policy="strict",
        sending_status="DISABLED",
        suppression_reasons=["complaint", "BOUNCE", "bounce"],
        resources=[
            {"type": "identity", "name": "Example.COM"},
            {"type": "identity", "name": "Sender@Example.com", "state": "absent"},
            {"type": "configuration_set", "name": "marketing"},
        ],
        tags={"team": "marketing", "cost": 42},
    )
    assert want == {
        "name": "marketing",
        "state": "present",
        "reputation_policy": "strict",
        "sending_status": "DISABLED",
        "suppression_reasons": ["BOUNCE", "COMPLAINT"],
        "suppression_scope": None,
        "resources": {("identity", "example.com"): "present", ("identity", "Sender@example.com"): "absent", ("configuration_set", "marketing"): "present"},
        "purge_resources": False,
        "tags": {"team": "marketing", "cost": "42"},
        "purge_tags": True,
    }
    assert desired()["suppression_reasons"] is None and desired()["resources"] == {}


@pytest.mark.parametrize(
    "params, problems",
    [
        ({"name": "bad name"}, ["name 'bad name' must be 1-64 letters, digits, '_' or '-'"]),
        ({"suppression_reasons": ["BOUNCE", "spam"]}, ["suppression_reasons: 'SPAM' is not one of BOUNCE, COMPLAINT"]),
        (
            {"resources": [{"type": "identity", "name": "not a domain"}]},
            ["resources[0]: identity 'not a domain' is neither a domain (example.com) nor an email address (sender@example.com)"],
        ),
        (
            {"resources": [{"type": "configuration_set", "name": "bad set"}]},
            ["resources[0]: configuration set name 'bad set' must be 1-64 letters, digits, '_' or '-'"],
        ),
        (
            {"resources": [{"type": "dedicated_ip_pool", "name": "x"}]},
            ["resources[0].type 'dedicated_ip_pool' is not one of identity, configuration_set, template"],
        ),
        (
            {"resources": [{"type": "identity", "name": "example.com"}, {"type": "identity", "name": "EXAMPLE.com", "state": "absent"}]},
            ["resources[1]: identity example.com is listed both present and absent"],
        ),
    ],
)
def test_desired_from_params_problems(params, problems):
    assert problems_of(**params) == problems


# ---------------------------------------------------------------- view


def test_view():
    assert _tenant.view(GET_TENANT, RESOURCES, ENTITY) == VIEW
    assert _tenant.view(None, [], None) is None
    found = dict(ENTITY, ReputationImpact="HIGH", SendingStatusAggregate="DISABLED", AwsSesManagedStatus={"Status": "DISABLED", "Cause": "x"})
    view = _tenant.view(GET_TENANT, [], found)
    assert (view["reputation_impact"], view["aws_managed_status"], view["sending_status_aggregate"], view["resources"]) == ("HIGH", "DISABLED", "DISABLED", [])
    # without the reputation entity, the tenant's own sending status stands in for the aggregate
    assert _tenant.view(dict(GET_TENANT, SendingStatus="DISABLED"), [], None)["sending_status_aggregate"] == "DISABLED"


def test_resource_of():
    assert _tenant.resource_of(ACCOUNT_ARN + ":template/welcome") == {"type": "template", "name": "welcome"}
    assert _tenant.resource_of(ACCOUNT_ARN + ":identity/sender@example.com") == {"type": "identity", "name": "sender@example.com"}


# ---------------------------------------------------------------- plan


def test_plan_a_new_tenant_with_everything():
    want = desired(
        reputation_policy="strict",
        sending_status="DISABLED",
        suppression_reasons=["BOUNCE"],
        tags={"team": "marketing"},
        resources=[
            {"type": "identity", "name": "example.com"},
            {"type": "configuration_set", "name": "marketing"},
            {"type": "template", "name": "gone", "state": "absent"},
        ],
    )
    assert _tenant.plan(None, want, "eu-west-1", arn_of) == [
        (
            "create_tenant",
            {
                "TenantName": "marketing",
                "Tags": [{"Key": "team", "Value": "marketing"}],
                "SuppressionAttributes": {"SuppressedReasons": ["BOUNCE"], "SuppressionScope": "ACCOUNT"},
            },
        ),
        ("create_tenant_resource_association", {"TenantName": "marketing", "ResourceArn": arn_of("configuration_set", "marketing")}),
        ("create_tenant_resource_association", {"TenantName": "marketing", "ResourceArn": arn_of("identity", "example.com")}),
        # the new tenant's ARN is not known yet: ModuleRun.apply names it
        entity_op("update_reputation_entity_policy", None, ReputationEntityPolicy="arn:aws:ses:eu-west-1:aws:reputation-policy/strict"),
        entity_op("update_reputation_entity_customer_managed_status", None, SendingStatus="DISABLED"),
    ]


def test_plan_a_new_tenant_with_what_ses_gives_anyway():
    assert _tenant.plan(None, desired(reputation_policy="standard", sending_status="ENABLED"), "us-east-1", arn_of) == [
        ("create_tenant", {"TenantName": "marketing"})
    ]
    assert _tenant.plan(None, desired(suppression_scope="TENANT"), "us-east-1", arn_of) == [
        ("create_tenant", {"TenantName": "marketing", "SuppressionAttributes": {"SuppressedReasons": [], "SuppressionScope": "TENANT"}})
    ]


def test_plan_nothing_to_do():
    want = desired(
        reputation_policy="standard",
        sending_status="ENABLED",
        suppression_reasons=["COMPLAINT", "BOUNCE"],
        suppression_scope="ACCOUNT",
        tags={"team": "marketing"},
        resources=[{"type": "identity", "name": "example.com"}, {"type": "configuration_set", "name": "marketing"}],
    )
    assert _tenant.plan(copy.deepcopy(VIEW), want, "us-east-1", arn_of) == []
    # unset options leave everything alone, other associations included
    assert _tenant.plan(copy.deepcopy(VIEW), desired(), "us-east-1", arn_of) == []


@pytest.mark.parametrize(
    "params, ops",
    [
        (
            {"suppression_reasons": []},
            [("put_tenant_suppression_attributes", {"TenantName": "marketing", "SuppressedReasons": [], "SuppressionScope": "ACCOUNT"})],
        ),
        (
            {"suppression_scope": "TENANT"},
            [("put_tenant_suppression_attributes", {"TenantName": "marketing", "SuppressedReasons": ["BOUNCE", "COMPLAINT"], "SuppressionScope": "TENANT"})],
        ),
        (
            {"tags": {"team": "growth", "env": "prod"}},
            [("tag_resource", {"ResourceArn": TENANT_ARN, "Tags": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "growth"}]})],
        ),
        ({"tags": {}}, [("untag_resource", {"ResourceArn": TENANT_ARN, "TagKeys": ["team"]})]),
        ({"tags": {}, "purge_tags": False}, []),
        # only the listed resources: the others' associations stay
        (
            {"resources": [{"type": "identity", "name": "new.example.com"}]},
            [("create_tenant_resource_association", {"TenantName": "marketing", "ResourceArn": arn_of("identity", "new.example.com")})],
        ),
        (
            {"resources": [{"type": "identity", "name": "example.com", "state": "absent"}, {"type": "template", "name": "never", "state": "absent"}]},
            [("delete_tenant_resource_association", {"TenantName": "marketing", "ResourceArn": arn_of("identity", "example.com")})],
        ),
        (
            {"resources": [{"type": "identity", "name": "example.com"}], "purge_resources": True},
            [("delete_tenant_resource_association", {"TenantName": "marketing", "ResourceArn": arn_of("configuration_set", "marketing")})],
        ),
        (
            {"reputation_policy": "none"},
            [entity_op("update_reputation_entity_policy", TENANT_ARN, ReputationEntityPolicy="arn:aws:ses:us-east-1:aws:reputation-policy/none")],
        ),
        ({"sending_status": "REINSTATED"}, [entity_op("update_reputation_entity_customer_managed_status", TENANT_ARN, SendingStatus="REINSTATED")]),
    ],
)
def test_plan_update(params, ops):
    assert _tenant.plan(copy.deepcopy(VIEW), desired(**params), "us-east-1", arn_of) == ops


def test_plan_absent():
    assert _tenant.plan(copy.deepcopy(VIEW), desired(state="absent"), "us-east-1", arn_of) == [("delete_tenant", {"TenantName": "marketing"})]
    assert _tenant.plan(None, desired(state="absent"), "us-east-1", arn_of) == []


# ---------------------------------------------------------------- predict


def test_predict_a_new_tenant_equals_its_plan():
    want = desired(
        reputation_policy="strict",
        suppression_reasons=["BOUNCE"],
        tags={"team": "marketing"},
        resources=[{"type": "identity", "name": "example.com"}, {"type": "configuration_set", "name": "marketing"}],
    )
    ops = _tenant.plan(None, want, "us-east-1", arn_of)
    after = _tenant.predict(None, want, ops)
    assert after == dict(
        VIEW,
        tenant_id=None,
        arn=None,
        created=None,
        suppression_reasons=["BOUNCE"],
        reputation_policy="strict",
    )
    assert _tenant.plan(dict(after, arn=TENANT_ARN), want, "us-east-1", arn_of) == []


def test_predict_every_update_and_leave_the_current_view_alone():
    have = copy.deepcopy(VIEW)
    want = desired(
        suppression_reasons=[],
        suppression_scope="TENANT",
        tags={"env": "prod"},
        resources=[{"type": "identity", "name": "example.com", "state": "absent"}, {"type": "template", "name": "welcome"}],
        reputation_policy="none",
        sending_status="DISABLED",
    )
    ops = _tenant.plan(have, want, "us-east-1", arn_of)
    assert [op for op, _kwargs in ops] == [
        "put_tenant_suppression_attributes",
        "tag_resource",
        "untag_resource",
        "create_tenant_resource_association",
        "delete_tenant_resource_association",
        "update_reputation_entity_policy",
        "update_reputation_entity_customer_managed_status",
    ]
    after = _tenant.predict(have, want, ops)
    assert have == VIEW
    assert after == dict(
        VIEW,
        suppression_reasons=[],
        suppression_scope="TENANT",
        tags={"env": "prod"},
        resources=[{"type": "configuration_set", "name": "marketing"}, {"type": "template", "name": "welcome"}],
        reputation_policy="none",
        sending_status="DISABLED",
        sending_status_aggregate="DISABLED",
    )
    assert _tenant.plan(after, want, "us-east-1", arn_of) == []
    assert _tenant.predict(have, desired(state="absent"), [("delete_tenant", {"TenantName": "marketing"})]) is None


@pytest.mark.parametrize(
    "changes, ops, aggregate",
    [
        # enabling by hand lifts only the customer's own pause; an active finding still pauses under the policy
        (
            {"sending_status": "DISABLED", "sending_status_aggregate": "DISABLED"},
            [("update_reputation_entity_customer_managed_status", {"SendingStatus": "ENABLED"})],
            "ENABLED",
        ),
        (
            {"reputation_impact": "HIGH", "sending_status_aggregate": "DISABLED"},
            [("update_reputation_entity_customer_managed_status", {"SendingStatus": "REINSTATED"})],
            "REINSTATED",
        ),
        (
            {"reputation_impact": "LOW"},
            [("update_reputation_entity_policy", {"ReputationEntityPolicy": "arn:aws:ses:us-east-1:aws:reputation-policy/strict"})],
            "DISABLED",
        ),
        (
            {"reputation_impact": "HIGH", "sending_status_aggregate": "DISABLED"},
            [("update_reputation_entity_policy", {"ReputationEntityPolicy": "arn:aws:ses:us-east-1:aws:reputation-policy/none"})],
            "ENABLED",
        ),
        (
            {"aws_managed_status": "DISABLED", "sending_status_aggregate": "DISABLED"},
            [("update_reputation_entity_customer_managed_status", {"SendingStatus": "REINSTATED"})],
            "DISABLED",
        ),
    ],
)
def test_predict_the_aggregate_sending_status(changes, ops, aggregate):
    assert _tenant.predict(dict(VIEW, **changes), desired(), ops)["sending_status_aggregate"] == aggregate
