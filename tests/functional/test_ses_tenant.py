"""mailops.ses.tenant against the sandbox: check mode, first run (exact API state), rerun, diff, associations that are
not the module's, the reputation policy and sending status, bad input, and offboarding (associations before resources)."""

import pytest
from botocore.exceptions import ClientError
from testkit.aws import error_code
from testkit.modules import run_module

ACCOUNT = "123456789012"
ARN = "arn:aws:ses:us-east-1:%s" % ACCOUNT
RESOURCES = [{"type": "identity", "name": "Marketing.Example.com"}, {"type": "configuration_set", "name": "marketing"}]
ARGS = {
    "name": "marketing",
    "reputation_policy": "strict",
    "suppression_reasons": ["BOUNCE", "COMPLAINT"],
    "tags": {"team": "marketing"},
    "resources": RESOURCES,
}


def run(sandbox, args, **kwargs):
    return run_module("tenant", args, env=sandbox.env(), **kwargs)


def fresh(sandbox, args, **kwargs):
    sandbox.reset_calls()
    return run(sandbox, args, **kwargs)


@pytest.fixture
def ses(clean_sandbox):
    client = clean_sandbox.client("sesv2")
    client.create_email_identity(EmailIdentity="marketing.example.com")
    client.create_configuration_set(ConfigurationSetName="marketing")
    return client


def associated(ses, name="marketing"):
    return sorted(r["ResourceArn"] for r in ses.list_tenant_resources(TenantName=name)["TenantResources"])


def entity(ses, arn):
    return ses.get_reputation_entity(ReputationEntityType="RESOURCE", ReputationEntityReference=arn)["ReputationEntity"]


def test_check_mode_first_run_rerun(clean_sandbox, ses):
    check = fresh(clean_sandbox, ARGS, check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert check["operations"] == [
        "create_tenant",
        "create_tenant_resource_association",
        "create_tenant_resource_association",
        "update_reputation_entity_policy",
    ]
    assert (check["tenant"]["arn"], check["tenant"]["reputation_policy"], check["diff"]["before"]) == (None, "strict", {})

    first = fresh(clean_sandbox, ARGS)
    assert clean_sandbox.writes() == {"sesv2:CreateTenant": 1, "sesv2:CreateTenantResourceAssociation": 2, "sesv2:UpdateReputationEntityPolicy": 1}
    assert first["operations"] == check["operations"]
    tenant = ses.get_tenant(TenantName="marketing")["Tenant"]
    assert tenant["Tags"] == [{"Key": "team", "Value": "marketing"}]
    assert tenant["SuppressionAttributes"] == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "SuppressionScope": "ACCOUNT"}
    assert associated(ses) == [ARN + ":configuration-set/marketing", ARN + ":identity/marketing.example.com"]
    assert entity(ses, tenant["TenantArn"])["ReputationManagementPolicy"] == "arn:aws:ses:us-east-1:aws:reputation-policy/strict"
    assert first["tenant"] == {
        "name": "marketing",
        "tenant_id": tenant["TenantId"],
        "arn": tenant["TenantArn"],
        "created": first["tenant"]["created"],
        "tags": {"team": "marketing"},
        "suppression_reasons": ["BOUNCE", "COMPLAINT"],
        "suppression_scope": "ACCOUNT",
        "resources": [{"type": "configuration_set", "name": "marketing"}, {"type": "identity", "name": "marketing.example.com"}],
        "reputation_policy": "strict",
        "sending_status": "ENABLED",
        "aws_managed_status": "ENABLED",
        "sending_status_aggregate": "ENABLED",
        "reputation_impact": None,
    }
    # the check-mode prediction was the real run, up to what SES makes up
    assert dict(check["tenant"], tenant_id=tenant["TenantId"], arn=tenant["TenantArn"], created=first["tenant"]["created"]) == first["tenant"]

    rerun = fresh(clean_sandbox, ARGS)
    assert (rerun["changed"], rerun["operations"], clean_sandbox.writes()) == (False, [], {})
    assert rerun["api_calls"] == {"reads": 3, "writes": 0}


def test_diff_of_policy_tags_suppression_and_status(clean_sandbox, ses):
    run(clean_sandbox, ARGS)
    changed = dict(ARGS, reputation_policy="none", tags={"team": "growth"}, suppression_reasons=[], sending_status="DISABLED")
    result = fresh(clean_sandbox, changed, diff=True)
    assert clean_sandbox.writes() == {
        "sesv2:PutTenantSuppressionAttributes": 1,
        "sesv2:TagResource": 1,
        "sesv2:UpdateReputationEntityPolicy": 1,
        "sesv2:UpdateReputationEntityCustomerManagedStatus": 1,
    }
    before, after = result["diff"]["before"], result["diff"]["after"]
    assert (before["reputation_policy"], after["reputation_policy"]) == ("strict", "none")
    assert (before["sending_status"], after["sending_status"], after["sending_status_aggregate"]) == ("ENABLED", "DISABLED", "DISABLED")
    assert (after["tags"], after["suppression_reasons"]) == ({"team": "growth"}, [])
    assert ses.get_tenant(TenantName="marketing")["Tenant"]["SendingStatus"] == "DISABLED"
    assert fresh(clean_sandbox, changed)["changed"] is False and clean_sandbox.writes() == {}
    resumed = fresh(clean_sandbox, {"name": "marketing", "sending_status": "ENABLED"})
    assert resumed["operations"] == ["update_reputation_entity_customer_managed_status"]
    assert resumed["tenant"]["sending_status_aggregate"] == "ENABLED"


def test_associations_made_by_others_stay_and_only_named_ones_go(clean_sandbox, ses):
    run(clean_sandbox, ARGS)
    ses.create_email_template(TemplateName="welcome", TemplateContent={"Subject": "Hi", "Text": "Hello"})
    ses.create_tenant_resource_association(TenantName="marketing", ResourceArn=ARN + ":template/welcome")
    rerun = fresh(clean_sandbox, ARGS)
    assert (rerun["changed"], clean_sandbox.writes()) == (False, {})
    assert {"type": "template", "name": "welcome"} in rerun["tenant"]["resources"]

    gone = fresh(clean_sandbox, {"name": "marketing", "resources": [{"type": "identity", "name": "marketing.example.com", "state": "absent"}]})
    assert gone["operations"] == ["delete_tenant_resource_association"]
    assert associated(ses) == [ARN + ":configuration-set/marketing", ARN + ":template/welcome"]
    purged = fresh(clean_sandbox, {"name": "marketing", "resources": [{"type": "template", "name": "welcome"}], "purge_resources": True})
    assert purged["operations"] == ["delete_tenant_resource_association"] and associated(ses) == [ARN + ":template/welcome"]


@pytest.mark.parametrize(
    "args, problems",
    [
        (dict(ARGS, name="bad name"), ["name 'bad name' must be 1-64 letters, digits, '_' or '-'"]),
        (dict(ARGS, suppression_reasons=["SPAM"]), ["suppression_reasons: 'SPAM' is not one of BOUNCE, COMPLAINT"]),
        (
            dict(ARGS, resources=[{"type": "identity", "name": "not a domain"}, {"type": "configuration_set", "name": "a b"}]),
            [
                "resources[0]: identity 'not a domain' is neither a domain (example.com) nor an email address (sender@example.com)",
                "resources[1]: configuration set name 'a b' must be 1-64 letters, digits, '_' or '-'",
            ],
        ),
    ],
)
def test_bad_input_fails_before_any_call(clean_sandbox, args, problems):
    clean_sandbox.reset_calls()
    failed = run(clean_sandbox, args, expect_failure=True)
    assert (failed["problems"], failed["msg"]) == (problems, "; ".join(problems))
    assert clean_sandbox.calls()["services"] == {}


def test_a_missing_resource_fails_with_ses_answer(clean_sandbox, ses):
    failed = run(clean_sandbox, dict(ARGS, resources=[{"type": "identity", "name": "nobody.example.com"}]), expect_failure=True)
    assert failed["msg"].startswith("create_tenant_resource_association failed")
    assert (failed["error"]["code"], failed["error"]["message"]) == ("NotFoundException", "Resource %s:identity/nobody.example.com does not exist." % ARN)
    # the tenant made before the failed association is there: a rerun, once the identity exists, finishes the job
    assert ses.get_tenant(TenantName="marketing")["Tenant"]["TenantName"] == "marketing"


def test_offboarding_removes_associations_before_resources_then_the_tenant(clean_sandbox, ses):
    run(clean_sandbox, ARGS)
    # SES refuses to delete an associated resource
    with pytest.raises(ClientError) as exc:
        ses.delete_email_identity(EmailIdentity="marketing.example.com")
    assert error_code(exc) == "BadRequestException"
    run(clean_sandbox, {"name": "marketing", "resources": [{"type": "identity", "name": "marketing.example.com", "state": "absent"}]})
    ses.delete_email_identity(EmailIdentity="marketing.example.com")

    check = fresh(clean_sandbox, {"name": "marketing", "state": "absent"}, check_mode=True, diff=True)
    assert (check["operations"], check["tenant"], clean_sandbox.writes()) == (["delete_tenant"], {}, {})
    gone = fresh(clean_sandbox, {"name": "marketing", "state": "absent"})
    assert clean_sandbox.writes() == {"sesv2:DeleteTenant": 1}
    assert gone["tenant"] == {} and ses.list_tenants()["Tenants"] == []
    # the tenant's associations went with it; its configuration set stays and can be deleted now
    ses.delete_configuration_set(ConfigurationSetName="marketing")
    again = fresh(clean_sandbox, {"name": "marketing", "state": "absent"})
    assert (again["changed"], clean_sandbox.writes()) == (False, {})


# -- site.yml and guard.yml with an SES tenant on an inventory host ------------------------------------------


def site_inventory(sandbox, path, state="present", news_state="present"):
    from testkit.playbook import write_inventory

    return write_inventory(
        str(path),
        {
            "mkt": {
                "mailops_ses_region": "us-east-1",
                "mailops_tenant_state": state,
                "mailops_ses_identities": [
                    {"identity": "shop.example", "mail_from": "mail.shop.example", "configuration_set": "newsletters"},
                    {"identity": "news.shop.example", "configuration_set": "newsletters", "state": news_state},
                ],
                "mailops_ses_configuration_sets": [{"name": "newsletters", "sending_enabled": True}],
                "mailops_ses_tenant": {"name": "marketing", "reputation_policy": "standard", "tags": {"team": "marketing"}},
            }
        },
        {
            "mailops_aws_endpoint_url": sandbox.endpoint,
            "mailops_domains": {"shop.example": {"dmarc": {"policy": "none"}}},
            "mailops_dns_zones": {"shop.example": {"provider": "route53", "check_server": sandbox.route53_dns}},
            "mailops_verify_timeout": 20,
            "mailops_verify_delay": 1,
        },
    )


@pytest.mark.long
def test_site_and_guard_with_an_ses_tenant(clean_sandbox, tmp_path):
    from testkit.playbook import run_playbook

    clean_sandbox.client("route53").create_hosted_zone(Name="shop.example", CallerReference="tenant-site")
    env, ses = clean_sandbox.env(), clean_sandbox.client("sesv2")
    inventory = site_inventory(clean_sandbox, tmp_path / "inventory")

    clean_sandbox.reset_calls()
    check = run_playbook(inventory, env, args=["--check", "--diff"])
    assert check.rc == 0, check.stdout[-4000:]
    assert clean_sandbox.writes() == {}

    first = run_playbook(inventory, env)
    assert first.rc == 0, first.stdout[-4000:]
    arn = ses.get_tenant(TenantName="marketing")["Tenant"]["TenantArn"]
    assert associated(ses) == [ARN + ":configuration-set/newsletters", ARN + ":identity/news.shop.example", ARN + ":identity/shop.example"]
    assert entity(ses, arn)["ReputationManagementPolicy"] == "arn:aws:ses:us-east-1:aws:reputation-policy/standard"
    assert "SES tenant marketing (mkt, us-east-1): reputation policy standard, sending ENABLED, 3 associated resource(s)" in first.stdout

    # someone else's association stays, and a rerun writes nothing
    ses.create_email_template(TemplateName="welcome", TemplateContent={"Subject": "Hi", "Text": "Hello"})
    ses.create_tenant_resource_association(TenantName="marketing", ResourceArn=ARN + ":template/welcome")
    clean_sandbox.reset_calls()
    rerun = run_playbook(inventory, env)
    assert rerun.rc == 0 and rerun.changed == 0, rerun.stdout[-4000:]
    assert clean_sandbox.writes() == {}
    assert ARN + ":template/welcome" in associated(ses)

    # the guard leaves a tenant with a reputation policy to SES, says so, and writes nothing
    clean_sandbox.feedback("newsletters", "shop.example", sends=1000, complaints=5)  # 0.5 % complaints
    clean_sandbox.reset_calls()
    guard = run_playbook(inventory, env, playbook="guard.yml")
    assert guard.rc == 0 and guard.changed == 0, guard.stdout[-3000:]
    assert "SES tenant marketing has the standard reputation policy: SES pauses it on reputation findings by itself, so the guard leaves" in guard.stdout
    assert "paused:" not in guard.stdout and clean_sandbox.writes() == {}
    assert ses.get_configuration_set(ConfigurationSetName="newsletters")["SendingOptions"]["SendingEnabled"] is True

    # an identity leaves: its association goes first (SES refuses to delete an associated identity)
    left = run_playbook(site_inventory(clean_sandbox, tmp_path / "inventory", news_state="absent"), env)
    assert left.rc == 0, left.stdout[-4000:]
    assert [i["IdentityName"] for i in ses.list_email_identities()["EmailIdentities"]] == ["shop.example"]
    assert ARN + ":identity/news.shop.example" not in associated(ses)

    # offboarding: the SES tenant (and with it every association) goes before its identities and configuration set
    gone = run_playbook(site_inventory(clean_sandbox, tmp_path / "inventory", state="absent"), env, args=["-e", '{"mailops_dns_force": true}'])
    assert gone.rc == 0, gone.stdout[-4000:]
    assert ses.list_tenants()["Tenants"] == []
    assert ses.list_email_identities()["EmailIdentities"] == [] and ses.list_configuration_sets()["ConfigurationSets"] == []
    assert ses.get_email_template(TemplateName="welcome")["TemplateName"] == "welcome"  # not the collection's: it stays
