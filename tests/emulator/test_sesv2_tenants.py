"""Tenants, tenant resource associations, reputation entities and templates in the sandbox, through boto3."""

import re

import pytest
from botocore.exceptions import ClientError
from testkit.aws import add_records
from testkit.aws import error_code as code
from testkit.aws import http_status as status

ACCOUNT = "123456789012"
ARN = f"arn:aws:ses:us-east-1:{ACCOUNT}"
STANDARD = "arn:aws:ses:us-east-1:aws:reputation-policy/standard"
MESSAGE = {
    "Destination": {"ToAddresses": ["success@simulator.amazonses.com"]},
    "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}},
}
TEMPLATE = {"Subject": "Hi {{name}}", "Text": "Hello {{name}}"}


@pytest.fixture
def ses(clean_sandbox):
    return clean_sandbox.client("sesv2")


@pytest.fixture
def unchecked(clean_sandbox):
    """A client that sends what botocore would refuse, to reach the sandbox's own model validation."""
    return clean_sandbox.client("sesv2", validate=False)


def body(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def entity(ses, arn):
    return ses.get_reputation_entity(ReputationEntityType="RESOURCE", ReputationEntityReference=arn)["ReputationEntity"]


# -- tenants -------------------------------------------------------------------


def test_tenant_round_trip(ses):
    created = body(ses.create_tenant(TenantName="acme", Tags=[{"Key": "customer", "Value": "acme"}]))
    assert re.fullmatch(r"tn-[0-9a-f]{29}", created["TenantId"])
    assert created == {
        "TenantName": "acme",
        "TenantId": created["TenantId"],
        "TenantArn": f"{ARN}:tenant/acme/{created['TenantId']}",
        "CreatedTimestamp": created["CreatedTimestamp"],
        "Tags": [{"Key": "customer", "Value": "acme"}],
        "SendingStatus": "ENABLED",
        "SuppressionAttributes": {"SuppressedReasons": [], "SuppressionScope": "ACCOUNT"},
    }
    assert ses.get_tenant(TenantName="acme")["Tenant"] == created
    own = body(ses.create_tenant(TenantName="Own_List-2", SuppressionAttributes={"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "SuppressionScope": "TENANT"}))
    assert own["SuppressionAttributes"] == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "SuppressionScope": "TENANT"}
    assert own["Tags"] == [] and own["TenantId"] != created["TenantId"]
    assert ses.list_tenants()["Tenants"] == [
        {k: own[k] for k in ("TenantName", "TenantId", "TenantArn", "CreatedTimestamp", "SendingStatus")},
        {k: created[k] for k in ("TenantName", "TenantId", "TenantArn", "CreatedTimestamp", "SendingStatus")},
    ]
    ses.delete_tenant(TenantName="acme")
    assert [t["TenantName"] for t in ses.list_tenants()["Tenants"]] == ["Own_List-2"]


def test_tenant_tags_change_with_tag_resource(ses):
    # AWS tags a tenant in place (Terraform's aws_sesv2_tenant updates its tags with TagResource/UntagResource)
    arn = ses.create_tenant(TenantName="acme", Tags=[{"Key": "team", "Value": "a"}, {"Key": "old", "Value": "x"}])["TenantArn"]
    ses.tag_resource(ResourceArn=arn, Tags=[{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "prod"}])
    ses.untag_resource(ResourceArn=arn, TagKeys=["old"])
    expected = [{"Key": "team", "Value": "b"}, {"Key": "env", "Value": "prod"}]
    assert ses.get_tenant(TenantName="acme")["Tenant"]["Tags"] == expected
    assert ses.list_tags_for_resource(ResourceArn=arn)["Tags"] == expected
    # the ARN names the tenant with its id: the ARN of an earlier tenant of that name is not this one
    ses.delete_tenant(TenantName="acme")
    ses.create_tenant(TenantName="acme")
    for stale in (arn, f"{ARN}:tenant/nobody/tn-0"):
        with pytest.raises(ClientError) as exc:
            ses.tag_resource(ResourceArn=stale, Tags=[{"Key": "k", "Value": "v"}])
        assert code(exc) == "NotFoundException"


def test_tenant_errors(ses):
    ses.create_tenant(TenantName="acme")
    with pytest.raises(ClientError) as exc:
        ses.create_tenant(TenantName="acme")
    assert code(exc) == "AlreadyExistsException" and status(exc) == 400
    for call in (
        lambda: ses.get_tenant(TenantName="nobody"),
        lambda: ses.delete_tenant(TenantName="nobody"),
        lambda: ses.put_tenant_suppression_attributes(TenantName="nobody", SuppressedReasons=[]),
        lambda: ses.list_tenant_resources(TenantName="nobody"),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "NotFoundException" and status(exc) == 404


@pytest.mark.parametrize("name", ["bad name", "bad.name", "caf\u00e9", "x" * 65, "semi;colon", ""])
def test_invalid_tenant_names_are_bad_requests(ses, unchecked, name):
    with pytest.raises(ClientError) as exc:
        unchecked.create_tenant(TenantName=name)
    assert code(exc) == "BadRequestException" and status(exc) == 400
    assert ses.list_tenants()["Tenants"] == []


def test_longest_tenant_name(ses):
    name = "A-z_0" * 12 + "abcd"
    assert len(name) == 64
    assert ses.create_tenant(TenantName=name)["TenantName"] == name


def test_tenant_listing_pages_and_filters(clean_sandbox, ses, unchecked):
    for name in ("beta", "alpha", "gamma", "alphabet"):
        ses.create_tenant(TenantName=name)
    first = ses.list_tenants(PageSize=3)
    second = ses.list_tenants(PageSize=3, NextToken=first["NextToken"])
    assert [t["TenantName"] for t in first["Tenants"] + second["Tenants"]] == ["alpha", "alphabet", "beta", "gamma"]
    assert "NextToken" not in second
    assert [t["TenantName"] for t in ses.list_tenants(Filter={"TENANT_NAME_CONTAINS": "alpha"})["Tenants"]] == ["alpha", "alphabet"]
    arn = ses.get_tenant(TenantName="beta")["Tenant"]["TenantArn"]
    ses.update_reputation_entity_customer_managed_status(ReputationEntityType="RESOURCE", ReputationEntityReference=arn, SendingStatus="DISABLED")
    assert [t["TenantName"] for t in ses.list_tenants(Filter={"SENDING_STATUS": "DISABLED"})["Tenants"]] == ["beta"]
    assert len(ses.list_tenants(Filter={"SENDING_STATUS": "ENABLED"})["Tenants"]) == 3
    for bad in ({"Filter": {"SENDING_STATUS": "PAUSED"}}, {"Filter": {"COLOUR": "blue"}}, {"NextToken": "bogus"}):
        with pytest.raises(ClientError) as exc:
            unchecked.list_tenants(**bad)
        assert code(exc) == "BadRequestException"


def test_tenant_suppression_attributes(ses, unchecked):
    ses.create_tenant(TenantName="acme")
    ses.put_tenant_suppression_attributes(TenantName="acme", SuppressedReasons=["COMPLAINT"], SuppressionScope="TENANT")
    assert ses.get_tenant(TenantName="acme")["Tenant"]["SuppressionAttributes"] == {"SuppressedReasons": ["COMPLAINT"], "SuppressionScope": "TENANT"}
    ses.put_tenant_suppression_attributes(TenantName="acme", SuppressedReasons=["BOUNCE"])  # no scope: ACCOUNT
    assert ses.get_tenant(TenantName="acme")["Tenant"]["SuppressionAttributes"] == {"SuppressedReasons": ["BOUNCE"], "SuppressionScope": "ACCOUNT"}
    for bad in ({"SuppressedReasons": ["SPAM"]}, {"SuppressionScope": "GLOBAL"}):
        with pytest.raises(ClientError) as exc:
            unchecked.put_tenant_suppression_attributes(TenantName="acme", **bad)
        assert code(exc) == "BadRequestException"


# -- resource associations -------------------------------------------------------


@pytest.fixture
def resources(ses):
    ses.create_tenant(TenantName="acme")
    ses.create_tenant(TenantName="other")
    ses.create_email_identity(EmailIdentity="example.com")
    ses.create_email_identity(EmailIdentity="Sender@example.org")
    ses.create_configuration_set(ConfigurationSetName="cs")
    ses.create_email_template(TemplateName="welcome", TemplateContent=TEMPLATE)
    return {
        "domain": f"{ARN}:identity/example.com",
        "address": f"{ARN}:identity/Sender@example.org",
        "cs": f"{ARN}:configuration-set/cs",
        "template": f"{ARN}:template/welcome",
    }


def test_associations_round_trip(ses, unchecked, resources):
    for arn in (resources["template"], resources["cs"], resources["address"]):
        ses.create_tenant_resource_association(TenantName="acme", ResourceArn=arn)
    ses.create_tenant_resource_association(TenantName="acme", ResourceArn=f"{ARN}:identity/EXAMPLE.com")  # one domain
    ses.create_tenant_resource_association(TenantName="other", ResourceArn=resources["cs"])
    assert ses.list_tenant_resources(TenantName="acme")["TenantResources"] == [
        {"ResourceType": "CONFIGURATION_SET", "ResourceArn": resources["cs"]},
        {"ResourceType": "EMAIL_IDENTITY", "ResourceArn": resources["address"]},
        {"ResourceType": "EMAIL_IDENTITY", "ResourceArn": resources["domain"]},
        {"ResourceType": "EMAIL_TEMPLATE", "ResourceArn": resources["template"]},
    ]
    only = ses.list_tenant_resources(TenantName="acme", Filter={"RESOURCE_TYPE": "EMAIL_IDENTITY"})["TenantResources"]
    assert [r["ResourceArn"] for r in only] == [resources["address"], resources["domain"]]
    first = ses.list_tenant_resources(TenantName="acme", PageSize=3)
    rest = ses.list_tenant_resources(TenantName="acme", PageSize=3, NextToken=first["NextToken"])
    assert len(first["TenantResources"]) == 3 and len(rest["TenantResources"]) == 1
    acme, other = ses.get_tenant(TenantName="acme")["Tenant"], ses.get_tenant(TenantName="other")["Tenant"]
    tenants = ses.list_resource_tenants(ResourceArn=resources["cs"])["ResourceTenants"]
    assert [(t["TenantName"], t["TenantId"], t["ResourceArn"]) for t in tenants] == [
        ("acme", acme["TenantId"], resources["cs"]),
        ("other", other["TenantId"], resources["cs"]),
    ]
    assert all(t["AssociatedTimestamp"] >= acme["CreatedTimestamp"] for t in tenants)

    with pytest.raises(ClientError) as exc:
        ses.create_tenant_resource_association(TenantName="acme", ResourceArn=resources["cs"])
    assert code(exc) == "AlreadyExistsException"
    with pytest.raises(ClientError) as exc:
        unchecked.list_tenant_resources(TenantName="acme", Filter={"RESOURCE_TYPE": "CONTACT_LIST"})
    assert code(exc) == "BadRequestException"

    ses.delete_tenant_resource_association(TenantName="acme", ResourceArn=resources["cs"])
    with pytest.raises(ClientError) as exc:
        ses.delete_tenant_resource_association(TenantName="acme", ResourceArn=resources["cs"])
    assert code(exc) == "NotFoundException"
    assert [t["TenantName"] for t in ses.list_resource_tenants(ResourceArn=resources["cs"])["ResourceTenants"]] == ["other"]
    ses.delete_tenant(TenantName="other")  # its associations go, the resources stay
    assert ses.list_resource_tenants(ResourceArn=resources["cs"])["ResourceTenants"] == []
    assert ses.get_configuration_set(ConfigurationSetName="cs")["ConfigurationSetName"] == "cs"


def test_association_needs_an_existing_resource_of_this_account_and_region(clean_sandbox, ses, resources):
    clean_sandbox.client("sesv2", region="eu-west-1").create_configuration_set(ConfigurationSetName="cs")
    not_found = [
        f"{ARN}:identity/missing.example",
        f"{ARN}:configuration-set/missing",
        f"{ARN}:template/missing",
        "arn:aws:ses:eu-west-1:123456789012:configuration-set/cs",  # exists, in another region
        "arn:aws:ses:us-east-1:111111111111:configuration-set/cs",  # another account
        "arn:aws-cn:ses:us-east-1:123456789012:configuration-set/cs",
    ]  # another partition
    bad = [f"{ARN}:contact-list/main", "arn:aws:sns:us-east-1:123456789012:topic", "example.com", f"{ARN}:tenant/acme/x"]
    for arn, expected in [(a, "NotFoundException") for a in not_found] + [(a, "BadRequestException") for a in bad]:
        with pytest.raises(ClientError) as exc:
            ses.create_tenant_resource_association(TenantName="acme", ResourceArn=arn)
        assert code(exc) == expected, arn
    for call in (
        lambda: ses.create_tenant_resource_association(TenantName="nobody", ResourceArn=resources["cs"]),
        lambda: ses.list_resource_tenants(ResourceArn=f"{ARN}:configuration-set/missing"),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "NotFoundException"
    assert ses.list_tenant_resources(TenantName="acme")["TenantResources"] == []


def test_associated_resources_cannot_be_deleted(ses, resources):
    for arn in resources.values():
        ses.create_tenant_resource_association(TenantName="acme", ResourceArn=arn)
    deletes = [
        lambda: ses.delete_email_identity(EmailIdentity="example.com"),
        lambda: ses.delete_email_identity(EmailIdentity="Sender@example.org"),
        lambda: ses.delete_configuration_set(ConfigurationSetName="cs"),
        lambda: ses.delete_email_template(TemplateName="welcome"),
    ]
    for delete in deletes:
        with pytest.raises(ClientError) as exc:
            delete()
        assert code(exc) == "BadRequestException" and "acme" in exc.value.response["Error"]["Message"]
    for arn in resources.values():
        ses.delete_tenant_resource_association(TenantName="acme", ResourceArn=arn)
    for delete in deletes:
        delete()


# -- reputation entities -----------------------------------------------------------


def test_reputation_entity_of_a_new_tenant(ses):
    tenant = ses.create_tenant(TenantName="acme")
    got = entity(ses, tenant["TenantArn"])
    created = tenant["CreatedTimestamp"]
    assert got == {
        "ReputationEntityReference": tenant["TenantArn"],
        "ReputationEntityType": "RESOURCE",
        "ReputationManagementPolicy": STANDARD,
        "CustomerManagedStatus": {"Status": "ENABLED", "LastUpdatedTimestamp": created},
        "AwsSesManagedStatus": {"Status": "ENABLED", "LastUpdatedTimestamp": created},
        "SendingStatusAggregate": "ENABLED",
    }


def test_reputation_policy_accepts_only_ses_managed_policies(clean_sandbox, ses, unchecked):
    arn = ses.create_tenant(TenantName="acme")["TenantArn"]
    for level in ("strict", "none", "standard"):
        policy = f"arn:aws:ses:us-east-1:aws:reputation-policy/{level}"
        ses.update_reputation_entity_policy(ReputationEntityType="RESOURCE", ReputationEntityReference=arn, ReputationEntityPolicy=policy)
        assert entity(ses, arn)["ReputationManagementPolicy"] == policy
    for policy in (
        "arn:aws:ses:us-east-1:aws:reputation-policy/lenient",
        "arn:aws:ses:eu-west-1:aws:reputation-policy/strict",  # another region
        "arn:aws-cn:ses:us-east-1:aws:reputation-policy/strict",  # another partition
        f"arn:aws:ses:us-east-1:{ACCOUNT}:reputation-policy/strict",  # not SES-managed
        "arn:aws:ses:us-east-1:aws:reputation-policy/STRICT",
        "strict",
    ):
        with pytest.raises(ClientError) as exc:
            ses.update_reputation_entity_policy(ReputationEntityType="RESOURCE", ReputationEntityReference=arn, ReputationEntityPolicy=policy)
        assert code(exc) == "BadRequestException", policy
    assert entity(ses, arn)["ReputationManagementPolicy"] == STANDARD
    with pytest.raises(ClientError) as exc:
        unchecked.update_reputation_entity_policy(ReputationEntityType="TENANT", ReputationEntityReference=arn, ReputationEntityPolicy=STANDARD)
    assert code(exc) == "BadRequestException"


def test_reputation_policy_partition_follows_the_region(clean_sandbox):
    gov = clean_sandbox.client("sesv2", region="us-gov-west-1")
    tenant = gov.create_tenant(TenantName="acme")
    assert tenant["TenantArn"].startswith(f"arn:aws-us-gov:ses:us-gov-west-1:{ACCOUNT}:tenant/acme/tn-")
    assert entity(gov, tenant["TenantArn"])["ReputationManagementPolicy"] == "arn:aws-us-gov:ses:us-gov-west-1:aws:reputation-policy/standard"
    gov.update_reputation_entity_policy(
        ReputationEntityType="RESOURCE",
        ReputationEntityReference=tenant["TenantArn"],
        ReputationEntityPolicy="arn:aws-us-gov:ses:us-gov-west-1:aws:reputation-policy/none",
    )
    with pytest.raises(ClientError) as exc:
        gov.update_reputation_entity_policy(
            ReputationEntityType="RESOURCE",
            ReputationEntityReference=tenant["TenantArn"],
            ReputationEntityPolicy="arn:aws:ses:us-gov-west-1:aws:reputation-policy/none",
        )
    assert code(exc) == "BadRequestException"


def test_policy_check_knows_the_china_partition():
    # moto 5.2.5 has no SES v2 backend in cn-* regions, so this is checked in-process
    from aws_emulator.sesv2_tenants import policy_problem

    assert policy_problem("cn-north-1", "arn:aws-cn:ses:cn-north-1:aws:reputation-policy/strict") is None
    assert policy_problem("cn-north-1", "arn:aws:ses:cn-north-1:aws:reputation-policy/strict")
    assert policy_problem("us-east-1", "arn:aws:ses:us-east-1:aws:reputation-policy/none") is None


def test_unknown_reputation_entities(ses):
    ses.create_tenant(TenantName="acme")
    missing = f"{ARN}:tenant/nobody/tn-00000000000000000000000000000"
    with pytest.raises(ClientError) as exc:
        ses.get_reputation_entity(ReputationEntityType="RESOURCE", ReputationEntityReference=missing)
    assert code(exc) == "NotFoundException" and status(exc) == 404
    # neither update operation has a NotFoundException in its model: an unknown entity is a BadRequest
    for call in (
        lambda: ses.update_reputation_entity_policy(ReputationEntityType="RESOURCE", ReputationEntityReference=missing, ReputationEntityPolicy=STANDARD),
        lambda: ses.update_reputation_entity_customer_managed_status(
            ReputationEntityType="RESOURCE", ReputationEntityReference=missing, SendingStatus="DISABLED"
        ),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "BadRequestException" and status(exc) == 400


def set_customer(ses, arn, value):
    ses.update_reputation_entity_customer_managed_status(ReputationEntityType="RESOURCE", ReputationEntityReference=arn, SendingStatus=value)


def set_policy(ses, arn, level):
    ses.update_reputation_entity_policy(
        ReputationEntityType="RESOURCE", ReputationEntityReference=arn, ReputationEntityPolicy=f"arn:aws:ses:us-east-1:aws:reputation-policy/{level}"
    )


def test_customer_managed_status(ses, unchecked):
    arn = ses.create_tenant(TenantName="acme")["TenantArn"]
    set_customer(ses, arn, "DISABLED")
    got = entity(ses, arn)
    assert got["CustomerManagedStatus"]["Status"] == "DISABLED"
    assert got["CustomerManagedStatus"]["Cause"] == "Status manually updated."
    assert got["CustomerManagedStatus"]["LastUpdatedTimestamp"] >= got["AwsSesManagedStatus"]["LastUpdatedTimestamp"]
    assert got["AwsSesManagedStatus"]["Status"] == "ENABLED" and got["SendingStatusAggregate"] == "DISABLED"
    assert ses.get_tenant(TenantName="acme")["Tenant"]["SendingStatus"] == "DISABLED"
    set_customer(ses, arn, "REINSTATED")
    assert entity(ses, arn)["SendingStatusAggregate"] == "REINSTATED"
    set_customer(ses, arn, "ENABLED")
    assert entity(ses, arn)["SendingStatusAggregate"] == "ENABLED"
    with pytest.raises(ClientError) as exc:
        unchecked.update_reputation_entity_customer_managed_status(ReputationEntityType="RESOURCE", ReputationEntityReference=arn, SendingStatus="PAUSED")
    assert code(exc) == "BadRequestException"


@pytest.mark.parametrize(
    "policy, impact, customer, aws_managed, aggregate",
    [
        ("standard", "LOW", "ENABLED", "ENABLED", "ENABLED"),
        ("standard", "HIGH", "ENABLED", "ENABLED", "DISABLED"),
        ("strict", "LOW", "ENABLED", "ENABLED", "DISABLED"),
        ("none", "HIGH", "ENABLED", "ENABLED", "ENABLED"),
        ("standard", "HIGH", "REINSTATED", "ENABLED", "REINSTATED"),
        ("none", None, "REINSTATED", "DISABLED", "DISABLED"),
        ("none", None, "ENABLED", "DISABLED", "DISABLED"),
    ],
)
def test_findings_and_statuses_make_the_aggregate(clean_sandbox, ses, policy, impact, customer, aws_managed, aggregate):
    arn = ses.create_tenant(TenantName="acme")["TenantArn"]
    set_policy(ses, arn, policy)
    set_customer(ses, arn, customer)
    clean_sandbox.reputation("acme", impact=impact, aws_managed_status=aws_managed, cause="Trust & Safety review")
    got = entity(ses, arn)
    assert got["SendingStatusAggregate"] == aggregate
    assert got.get("ReputationImpact") == impact
    assert got["AwsSesManagedStatus"]["Status"] == aws_managed
    assert got["AwsSesManagedStatus"]["Cause"] == "Trust & Safety review"
    assert ses.get_tenant(TenantName="acme")["Tenant"]["SendingStatus"] == aggregate


def test_list_reputation_entities(clean_sandbox, ses, unchecked):
    arns = {name: ses.create_tenant(TenantName=name)["TenantArn"] for name in ("a", "b", "c")}
    clean_sandbox.reputation("b", impact="HIGH")
    set_customer(ses, arns["c"], "DISABLED")
    listed = ses.list_reputation_entities()["ReputationEntities"]
    assert [e["ReputationEntityReference"] for e in listed] == [arns["a"], arns["b"], arns["c"]]
    assert listed[1] == entity(ses, arns["b"])

    def refs(**filters):
        return [e["ReputationEntityReference"] for e in ses.list_reputation_entities(Filter=filters)["ReputationEntities"]]

    assert refs(REPUTATION_IMPACT="HIGH") == [arns["b"]]
    assert refs(SENDING_STATUS="DISABLED") == [arns["b"], arns["c"]]
    assert refs(ENTITY_TYPE="RESOURCE", SENDING_STATUS="ENABLED") == [arns["a"]]
    assert refs(ENTITY_REFERENCE_PREFIX=f"{ARN}:tenant/c/") == [arns["c"]]
    page = ses.list_reputation_entities(PageSize=2)
    assert len(page["ReputationEntities"]) == 2
    assert len(ses.list_reputation_entities(NextToken=page["NextToken"])["ReputationEntities"]) == 1
    for bad in ({"REPUTATION_IMPACT": "MEDIUM"}, {"ENTITY_TYPE": "TENANT"}, {"COLOUR": "red"}):
        with pytest.raises(ClientError) as exc:
            unchecked.list_reputation_entities(Filter=bad)
        assert code(exc) == "BadRequestException"


# -- sending through a tenant -----------------------------------------------------


@pytest.fixture
def tenant_send(clean_sandbox, ses, resources):
    """acme may use Sender@example.org, configuration set cs and template welcome."""
    ses.create_email_identity(EmailIdentity="other@example.org")
    ses.create_configuration_set(ConfigurationSetName="unassociated")
    for arn in (resources["address"], resources["cs"], resources["template"]):
        ses.create_tenant_resource_association(TenantName="acme", ResourceArn=arn)

    def send(**params):
        request = dict(MESSAGE, FromEmailAddress="Sender@example.org", ConfigurationSetName="cs", TenantName="acme")
        request.update(params)
        return ses.send_email(**{k: v for k, v in request.items() if v is not None})

    return send


def test_send_through_a_tenant(ses, tenant_send):
    assert tenant_send()["MessageId"]
    templated = {"Template": {"TemplateName": "welcome", "TemplateData": '{"name": "Ann"}'}}
    assert tenant_send(Content=templated)["MessageId"]
    assert tenant_send(Content={"Template": {"TemplateArn": f"{ARN}:template/welcome", "TemplateData": "{}"}})["MessageId"]
    # the identity's default configuration set counts when it is associated
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="Sender@example.org", ConfigurationSetName="cs")
    assert tenant_send(ConfigurationSetName=None)["MessageId"]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"TenantName": "nobody"}, "NotFoundException"),
        ({"TenantName": "bad name"}, "BadRequestException"),
        ({"FromEmailAddress": "other@example.org"}, "BadRequestException"),  # identity not associated
        ({"ConfigurationSetName": None}, "BadRequestException"),  # no configuration set at all
        ({"ConfigurationSetName": "unassociated"}, "BadRequestException"),
        ({"ConfigurationSetName": "missing"}, "NotFoundException"),
        ({"Content": {"Template": {"TemplateName": "missing", "TemplateData": "{}"}}}, "NotFoundException"),
        ({"FromEmailAddress": "nobody@unverified.example"}, "MessageRejected"),
    ],
    ids=["no-tenant", "bad-name", "identity", "no-configuration-set", "configuration-set", "missing-set", "missing-template", "unverified"],
)
def test_send_through_a_tenant_refused(tenant_send, params, expected):
    with pytest.raises(ClientError) as exc:
        tenant_send(**params)
    assert code(exc) == expected


def test_send_needs_the_template_associated(ses, tenant_send):
    ses.create_email_template(TemplateName="promo", TemplateContent=TEMPLATE)
    with pytest.raises(ClientError) as exc:
        tenant_send(Content={"Template": {"TemplateName": "promo", "TemplateData": "{}"}})
    assert code(exc) == "BadRequestException"


def test_domain_identity_authorizes_its_addresses_for_a_tenant(clean_sandbox, ses, tenant_send, resources):
    tokens = ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"]
    r53 = clean_sandbox.client("route53")
    zone = r53.create_hosted_zone(Name="example.com", CallerReference="z")["HostedZone"]["Id"]
    add_records(r53, zone, [(f"{t}._domainkey.example.com", "CNAME", [f"{t}.dkim.amazonses.com"]) for t in tokens])
    with pytest.raises(ClientError) as exc:
        tenant_send(FromEmailAddress="news@mail.example.com")
    assert code(exc) == "BadRequestException"
    ses.create_tenant_resource_association(TenantName="acme", ResourceArn=resources["domain"])
    assert tenant_send(FromEmailAddress="news@mail.example.com")["MessageId"]


def test_paused_tenant_cannot_send(clean_sandbox, ses, tenant_send):
    arn = ses.get_tenant(TenantName="acme")["Tenant"]["TenantArn"]
    set_customer(ses, arn, "DISABLED")
    with pytest.raises(ClientError) as exc:
        tenant_send()
    assert code(exc) == "SendingPausedException" and status(exc) == 400
    assert ses.send_email(FromEmailAddress="Sender@example.org", **MESSAGE)["MessageId"]  # without the tenant
    set_customer(ses, arn, "ENABLED")
    clean_sandbox.reputation("acme", impact="HIGH")  # standard policy: a high-impact finding pauses
    with pytest.raises(ClientError) as exc:
        tenant_send()
    assert code(exc) == "SendingPausedException"
    set_customer(ses, arn, "REINSTATED")
    assert tenant_send()["MessageId"]
    clean_sandbox.reputation("acme", aws_managed_status="DISABLED")  # SES's enforcement wins over REINSTATED
    with pytest.raises(ClientError) as exc:
        tenant_send()
    assert code(exc) == "SendingPausedException"


# -- templates, accounting, reset ----------------------------------------------------


def test_email_templates(ses):
    ses.create_email_template(TemplateName="welcome", TemplateContent=TEMPLATE, Tags=[{"Key": "k", "Value": "v"}])
    with pytest.raises(ClientError) as exc:
        ses.create_email_template(TemplateName="welcome", TemplateContent=TEMPLATE)
    assert code(exc) == "AlreadyExistsException"
    assert body(ses.get_email_template(TemplateName="welcome")) == {
        "TemplateName": "welcome",
        "TemplateContent": TEMPLATE,
        "Tags": [{"Key": "k", "Value": "v"}],
    }
    ses.update_email_template(TemplateName="welcome", TemplateContent={"Subject": "new"})
    assert ses.get_email_template(TemplateName="welcome")["TemplateContent"] == {"Subject": "new"}
    assert [t["TemplateName"] for t in ses.list_email_templates()["TemplatesMetadata"]] == ["welcome"]
    ses.delete_email_template(TemplateName="welcome")
    for call in (
        lambda: ses.get_email_template(TemplateName="welcome"),
        lambda: ses.update_email_template(TemplateName="welcome", TemplateContent=TEMPLATE),
        lambda: ses.delete_email_template(TemplateName="welcome"),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "NotFoundException"


def test_new_operations_are_counted_as_reads_or_writes(clean_sandbox, ses):
    clean_sandbox.configure(endpoint_delay=0)
    ses.create_email_identity(EmailIdentity="example.com")
    clean_sandbox.client("sesv2", region="us-west-2").create_email_identity(
        EmailIdentity="example.com", DkimSigningAttributes={"DomainSigningAttributesOrigin": "AWS_SES_US_EAST_1"}
    )
    clean_sandbox.reset_calls()
    arn = ses.create_tenant(TenantName="acme")["TenantArn"]
    ses.get_tenant(TenantName="acme")
    ses.list_tenants()
    ses.put_tenant_suppression_attributes(TenantName="acme", SuppressedReasons=[])
    ses.create_tenant_resource_association(TenantName="acme", ResourceArn=f"{ARN}:identity/example.com")
    ses.list_tenant_resources(TenantName="acme")
    ses.list_resource_tenants(ResourceArn=f"{ARN}:identity/example.com")
    ses.delete_tenant_resource_association(TenantName="acme", ResourceArn=f"{ARN}:identity/example.com")
    entity(ses, arn)
    ses.list_reputation_entities()
    ses.update_reputation_entity_policy(ReputationEntityType="RESOURCE", ReputationEntityReference=arn, ReputationEntityPolicy=STANDARD)
    set_customer(ses, arn, "ENABLED")
    ses.delete_tenant(TenantName="acme")
    ses.create_multi_region_endpoint(EndpointName="g", Details={"RoutesDetails": [{"Region": "eu-west-1"}]})
    ses.get_multi_region_endpoint(EndpointName="g")
    ses.list_multi_region_endpoints()
    ses.delete_multi_region_endpoint(EndpointName="g")
    ses.create_email_template(TemplateName="t", TemplateContent=TEMPLATE)
    ses.get_email_template(TemplateName="t")
    ses.list_email_templates()
    ses.update_email_template(TemplateName="t", TemplateContent=TEMPLATE)
    ses.delete_email_template(TemplateName="t")
    reads = [
        "GetTenant",
        "ListTenants",
        "ListTenantResources",
        "ListResourceTenants",
        "GetReputationEntity",
        "ListReputationEntities",
        "GetMultiRegionEndpoint",
        "ListMultiRegionEndpoints",
        "GetEmailTemplate",
        "ListEmailTemplates",
    ]
    writes = [
        "CreateTenant",
        "PutTenantSuppressionAttributes",
        "CreateTenantResourceAssociation",
        "DeleteTenantResourceAssociation",
        "UpdateReputationEntityPolicy",
        "UpdateReputationEntityCustomerManagedStatus",
        "DeleteTenant",
        "CreateMultiRegionEndpoint",
        "DeleteMultiRegionEndpoint",
        "CreateEmailTemplate",
        "UpdateEmailTemplate",
        "DeleteEmailTemplate",
    ]
    calls = clean_sandbox.calls()
    assert calls["services"] == {"sesv2": dict.fromkeys(reads + writes, 1)}
    assert calls["total"] == 22 and calls["writes"] == 12
    assert clean_sandbox.writes() == {f"sesv2:{op}": 1 for op in writes}


def test_reset_clears_tenants_endpoints_templates_and_replicas(clean_sandbox, ses):
    west = clean_sandbox.client("sesv2", region="us-west-2")
    ses.create_email_identity(EmailIdentity="example.com")
    west.create_email_identity(EmailIdentity="example.com", DkimSigningAttributes={"DomainSigningAttributesOrigin": "AWS_SES_US_EAST_1"})
    ses.create_tenant(TenantName="acme")
    ses.create_email_template(TemplateName="t", TemplateContent=TEMPLATE)
    ses.create_multi_region_endpoint(EndpointName="g", Details={"RoutesDetails": [{"Region": "eu-west-1"}]})
    clean_sandbox.configure(endpoint_delay=5)
    clean_sandbox.reset()
    assert clean_sandbox.configure()["endpoint_delay"] == 1.0
    assert ses.list_tenants()["Tenants"] == []
    assert ses.list_email_templates()["TemplatesMetadata"] == []
    assert ses.list_multi_region_endpoints()["MultiRegionEndpoints"] == []
    assert ses.list_reputation_entities()["ReputationEntities"] == []
    assert west.list_email_identities()["EmailIdentities"] == []
    ses.create_email_identity(EmailIdentity="example.com")
    ses.delete_email_identity(EmailIdentity="example.com")  # no replica left to hold it
