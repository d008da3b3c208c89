"""Deterministic Easy DKIM replicas against the sandbox: email_identity(ies) with dkim mode replica, then site.yml
with a parent in us-east-1 and its replica in eu-west-1 (one account): three DKIM CNAMEs for the domain, not six."""

import pytest
from botocore.exceptions import ClientError
from testkit.aws import add_records, error_code, zone_dump
from testkit.modules import run_module
from testkit.playbook import run_playbook, write_inventory

DOMAIN = "deed.example"
REPLICA = {"mode": "replica", "parent_region": "us-east-1"}
SPF = "v=spf1 include:amazonses.com ~all"


def run(sandbox, args, region="us-east-1", module="email_identity", **kwargs):
    return run_module(module, dict(args, region=region), env=sandbox.env(), **kwargs)


def fresh(sandbox, args, region="us-east-1", **kwargs):
    sandbox.reset_calls()
    return run(sandbox, args, region, **kwargs)


def dkim_of(sandbox, region, name=DOMAIN):
    return sandbox.client("sesv2", region=region).get_email_identity(EmailIdentity=name)["DkimAttributes"]


def parent(sandbox):
    """The parent in us-east-1, and a zone serving its three CNAMEs (so that it and its replicas verify)."""
    r53 = sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=DOMAIN, CallerReference="deed")["HostedZone"]["Id"]
    created = run(sandbox, {"identity": DOMAIN})
    add_records(r53, zone_id, [(r["name"], r["type"], r["values"]) for r in created["dns_records"]])
    return created["identity"]["dkim"]["tokens"], zone_id


REPLICA_ARGS = {"identity": DOMAIN, "dkim": REPLICA, "mail_from": {"domain": "mail-eu." + DOMAIN}, "verification_txt": True}


def test_replica_check_mode_first_run_rerun_and_records(clean_sandbox):
    tokens, _zone_id = parent(clean_sandbox)

    check = fresh(clean_sandbox, REPLICA_ARGS, "eu-west-1", check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert check["changed"] is True
    assert check["operations"] == ["create_email_identity", "put_email_identity_mail_from_attributes", "verify_domain_identity"]
    assert (check["identity"]["dkim"]["origin"], check["identity"]["dkim"]["parent_region"]) == ("AWS_SES_US_EAST_1", "us-east-1")
    assert check["diff"]["before"] == {} and check["diff"]["after"]["dkim"]["origin"] == "AWS_SES_US_EAST_1"
    # no DKIM records, not even placeholders: the parent's CNAMEs serve the replica
    assert [(r["name"], r["type"]) for r in check["dns_records"]] == [
        ("mail-eu.deed.example.", "MX"),
        ("mail-eu.deed.example.", "TXT"),
        ("_amazonses.deed.example.", "TXT"),  # the legacy token's placeholder: the replica's own
    ]

    first = fresh(clean_sandbox, REPLICA_ARGS, "eu-west-1")
    assert clean_sandbox.writes() == {"sesv2:CreateEmailIdentity": 1, "sesv2:PutEmailIdentityMailFromAttributes": 1, "ses:VerifyDomainIdentity": 1}
    assert first["operations"] == check["operations"]
    dkim = dkim_of(clean_sandbox, "eu-west-1")
    assert (dkim["SigningAttributesOrigin"], dkim["Tokens"], dkim["Status"]) == ("AWS_SES_US_EAST_1", tokens, "SUCCESS")
    token = clean_sandbox.client("ses", region="eu-west-1").get_identity_verification_attributes(Identities=[DOMAIN])["VerificationAttributes"][DOMAIN]
    assert first["dns_records"] == [
        {"name": "mail-eu.deed.example.", "type": "MX", "ttl": 300, "values": ["10 feedback-smtp.eu-west-1.amazonses.com."]},
        {"name": "mail-eu.deed.example.", "type": "TXT", "ttl": 300, "values": [SPF]},
        {"name": "_amazonses.deed.example.", "type": "TXT", "ttl": 300, "values": [token["VerificationToken"]]},
    ]
    assert first["identity"]["dkim"]["tokens"] == tokens  # what SES reports: the parent's

    rerun = fresh(clean_sandbox, REPLICA_ARGS, "eu-west-1")
    assert (rerun["changed"], rerun["operations"], clean_sandbox.writes()) == (False, [], {})
    assert rerun["api_calls"] == {"reads": 2, "writes": 0}


def test_replica_to_own_easy_dkim_and_back_is_a_visible_planned_change(clean_sandbox):
    tokens, _zone_id = parent(clean_sandbox)
    run(clean_sandbox, {"identity": DOMAIN, "dkim": REPLICA}, "eu-west-1")

    own = {"identity": DOMAIN, "dkim": {"mode": "easy", "key_length": "RSA_1024_BIT"}}
    check = fresh(clean_sandbox, own, "eu-west-1", check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert check["operations"] == ["put_email_identity_dkim_signing_attributes"]
    assert (check["diff"]["before"]["dkim"]["origin"], check["diff"]["after"]["dkim"]["origin"]) == ("AWS_SES_US_EAST_1", "AWS_SES")
    assert [r["type"] for r in check["dns_records"]] == ["CNAME"] * 3  # placeholders: its own CNAMEs come back

    done = fresh(clean_sandbox, own, "eu-west-1")
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityDkimSigningAttributes": 1}
    dkim = dkim_of(clean_sandbox, "eu-west-1")
    assert dkim["SigningAttributesOrigin"] == "AWS_SES" and dkim["NextSigningKeyLength"] == "RSA_1024_BIT"
    assert set(dkim["Tokens"]).isdisjoint(tokens)
    assert sorted(r["name"] for r in done["dns_records"]) == sorted("%s._domainkey.%s." % (t, DOMAIN) for t in dkim["Tokens"])

    back = fresh(clean_sandbox, {"identity": DOMAIN, "dkim": REPLICA}, "eu-west-1", diff=True)
    assert back["operations"] == ["put_email_identity_dkim_signing_attributes"]
    assert back["diff"]["after"]["dkim"]["origin"] == "AWS_SES_US_EAST_1"
    assert dkim_of(clean_sandbox, "eu-west-1")["Tokens"] == tokens and back["dns_records"] == []


def test_a_key_length_change_is_never_sent_to_a_replica(clean_sandbox):
    """The bug the issue names: a replica used to read as AWS_SES, so a key length in the inventory became a
    PutEmailIdentityDkimSigningAttributes that SES refuses for a replica."""
    parent(clean_sandbox)
    run(clean_sandbox, {"identity": DOMAIN, "dkim": REPLICA}, "eu-west-1")
    # the parent's key length changes (a day later: SES allows one change per 24 hours): the replica follows it,
    # and its module has nothing to do
    clean_sandbox.configure(clock_offset=25 * 3600)
    run(clean_sandbox, {"identity": DOMAIN, "dkim": {"key_length": "RSA_1024_BIT"}})
    rerun = fresh(clean_sandbox, {"identity": DOMAIN, "dkim": REPLICA}, "eu-west-1")
    assert (rerun["changed"], clean_sandbox.writes()) == (False, {})
    assert rerun["identity"]["dkim"]["next_key_length"] == "RSA_1024_BIT"


@pytest.mark.parametrize(
    "dkim, problems",
    [
        (
            dict(REPLICA, key_length="RSA_2048_BIT"),
            [
                "dkim.key_length: a replica signs with the Easy DKIM key of its parent identity, whose key length it follows; "
                "set the key length on the parent in us-east-1"
            ],
        ),
        (dict(REPLICA, selector="s1"), ["dkim: selector belong to mode=byodkim; a replica signs with its parent's Easy DKIM key"]),
        ({"mode": "replica"}, ["dkim.parent_region is required for mode=replica: the region of the parent identity in the same account, e.g. us-east-1"]),
        (
            {"mode": "replica", "parent_region": "eu-west-1"},
            ["dkim.parent_region eu-west-1 is this identity's own region; the parent of a replica is in another region of the same account"],
        ),
    ],
)
def test_bad_replica_options_fail_before_any_call(clean_sandbox, dkim, problems):
    clean_sandbox.reset_calls()
    failed = run(clean_sandbox, {"identity": DOMAIN, "dkim": dkim}, "eu-west-1", expect_failure=True)
    assert failed["problems"] == problems
    assert failed["msg"] == "; ".join(problems)
    assert clean_sandbox.calls()["services"] == {}


def test_a_replica_without_a_parent_fails_its_wait_naming_ses_error(clean_sandbox):
    failed = run(clean_sandbox, {"identity": DOMAIN, "dkim": REPLICA, "wait": True, "wait_timeout": 10, "wait_delay": 1}, "eu-west-1", expect_failure=True)
    assert failed["msg"] == (
        "SES reports FAILED for deed.example: DKIM of the Deterministic Easy DKIM replica, which follows its parent deed.example in us-east-1 "
        "(SES: REPLICATION_PRIMARY_NOT_FOUND) (status FAILED)"
    )
    assert failed["identity"]["dkim"]["replication_error"] == "REPLICATION_PRIMARY_NOT_FOUND"


def test_offboarding_deletes_the_replica_before_its_parent(clean_sandbox):
    parent(clean_sandbox)
    run(clean_sandbox, {"identity": DOMAIN, "dkim": REPLICA}, "eu-west-1")
    # SES refuses to delete a parent that still has replicas; the module reports SES's answer
    refused = run(clean_sandbox, {"identity": DOMAIN, "state": "absent"}, expect_failure=True)
    assert refused["error"]["code"] == "BadRequestException" and "delete the replicas first" in refused["error"]["message"]
    assert run(clean_sandbox, {"identity": DOMAIN, "state": "absent"}, "eu-west-1")["operations"] == ["delete_email_identity"]
    assert run(clean_sandbox, {"identity": DOMAIN, "state": "absent"})["operations"] == ["delete_email_identity"]
    for region in ("us-east-1", "eu-west-1"):
        with pytest.raises(ClientError) as exc:
            dkim_of(clean_sandbox, region)
        assert error_code(exc) == "NotFoundException"
    assert run(clean_sandbox, {"identity": DOMAIN, "state": "absent"}, "eu-west-1")["changed"] is False


def test_email_identities_parents_then_replicas(clean_sandbox):
    identities = [{"identity": DOMAIN}, {"identity": "other." + DOMAIN}]
    clean_sandbox.reset_calls()
    run(clean_sandbox, {"identities": identities}, module="email_identities")
    replicas = run(clean_sandbox, {"identities": [dict(i, dkim=REPLICA) for i in identities]}, "eu-west-1", module="email_identities")
    assert replicas["dns_records"] == [] and replicas["records_by_identity"] == {DOMAIN: [], "other." + DOMAIN: []}
    assert [dkim_of(clean_sandbox, "eu-west-1", i["identity"])["SigningAttributesOrigin"] for i in identities] == ["AWS_SES_US_EAST_1"] * 2
    clean_sandbox.reset_calls()
    again = run(clean_sandbox, {"identities": [dict(i, dkim=REPLICA) for i in identities]}, "eu-west-1", module="email_identities")
    assert (again["changed"], clean_sandbox.writes()) == (False, {})


# -- site.yml: one account, a parent in us-east-1 and its replica in eu-west-1 -------------------------------


def hosts(us_state="present", eu_state="present", eu_dkim=None):
    eu_dkim = REPLICA if eu_dkim is None else eu_dkim
    return {
        "ops-us": {
            "mailops_ses_region": "us-east-1",
            "mailops_aws_role_arn": "arn:aws:iam::222222222222:role/ses",
            "mailops_tenant_state": us_state,
            "mailops_ses_identities": [{"identity": DOMAIN, "mail_from": "mail." + DOMAIN}],
            "mailops_ses_multi_region_endpoints": [{"name": "ops-global", "secondary_region": "eu-west-1", "tags": {"team": "ops"}}],
        },
        "ops-eu": {
            "mailops_ses_region": "eu-west-1",
            "mailops_aws_role_arn": "arn:aws:iam::222222222222:role/ses",
            "mailops_tenant_state": eu_state,
            "mailops_ses_identities": [{"identity": DOMAIN, "mail_from": "mail-eu." + DOMAIN, "dkim": eu_dkim}],
        },
    }


def inventory(sandbox, path, **changes):
    return write_inventory(
        str(path),
        hosts(**changes),
        {
            "mailops_aws_endpoint_url": sandbox.endpoint,
            "mailops_domains": {DOMAIN: {"dmarc": {"policy": "none"}}},
            "mailops_dns_zones": {DOMAIN: {"provider": "route53", "check_server": sandbox.route53_dns}},
            "mailops_verify_timeout": 30,
            "mailops_verify_delay": 1,
        },
    )


@pytest.mark.long
def test_site_publishes_dkim_once_for_a_parent_and_its_replica(clean_sandbox, tmp_path):
    """Parent in us-east-1, replica in eu-west-1, a multi-region endpoint over both: check mode, first run, no-op rerun,
    the parent's offboarding refused while the replica stays, then both offboarded (endpoint, replica, parent)."""
    r53 = clean_sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=DOMAIN, CallerReference="deed-site")["HostedZone"]["Id"]
    env = clean_sandbox.env()

    clean_sandbox.reset_calls()
    check = run_playbook(inventory(clean_sandbox, tmp_path / "inventory"), env, args=["--check", "--diff"])
    assert check.rc == 0, check.stdout[-4000:]
    assert clean_sandbox.writes() == {}
    assert "pending-ops-us-dkim-token-1._domainkey.deed.example." in check.stdout
    assert "pending-ops-eu-dkim-token" not in check.stdout

    first = run_playbook(inventory(clean_sandbox, tmp_path / "inventory"), env)
    assert first.rc == 0 and first.failed == 0, first.stdout[-4000:]
    published = zone_dump(r53, zone_id)
    cnames = [r for r in published if r[1] == "CNAME"]
    assert len(cnames) == 3, published  # the parent's three, not six
    parent_ses = clean_sandbox.client("sesv2", region="us-east-1", **clean_sandbox.assume("222222222222"))
    replica_ses = clean_sandbox.client("sesv2", region="eu-west-1", **clean_sandbox.assume("222222222222"))
    parent_dkim = parent_ses.get_email_identity(EmailIdentity=DOMAIN)["DkimAttributes"]
    replica_identity = replica_ses.get_email_identity(EmailIdentity=DOMAIN)
    assert sorted(name for name, _type, _ttl, _values in cnames) == sorted("%s._domainkey.%s." % (t, DOMAIN) for t in parent_dkim["Tokens"])
    assert replica_identity["DkimAttributes"]["SigningAttributesOrigin"] == "AWS_SES_US_EAST_1"
    assert (replica_identity["DkimAttributes"]["Status"], replica_identity["VerifiedForSendingStatus"]) == ("SUCCESS", True)
    assert replica_identity["MailFromAttributes"]["MailFromDomainStatus"] == "SUCCESS"
    assert {(name, rtype) for name, rtype, _ttl, _values in published if rtype == "MX"} == {("mail.deed.example.", "MX"), ("mail-eu.deed.example.", "MX")}
    assert "DKIM SUCCESS (DEED replica of us-east-1)" in first.stdout  # the verify summary names the replica's parent
    endpoint = parent_ses.get_multi_region_endpoint(EndpointName="ops-global")
    assert (endpoint["Status"], endpoint["Routes"]) == ("READY", [{"Region": "us-east-1"}, {"Region": "eu-west-1"}])
    assert "multi-region endpoint ops-global (ops-us, us-east-1 and eu-west-1): READY, EndpointId %s" % endpoint["EndpointId"] in first.stdout

    clean_sandbox.reset_calls()
    rerun = run_playbook(inventory(clean_sandbox, tmp_path / "inventory"), env)
    assert rerun.rc == 0 and rerun.changed == 0, rerun.stdout[-4000:]
    assert clean_sandbox.writes() == {}

    # the parent's host leaves while the replica stays: refused by the inventory check, before any write
    clean_sandbox.reset_calls()
    refused = run_playbook(inventory(clean_sandbox, tmp_path / "inventory", us_state="absent"), env)
    assert refused.rc != 0
    assert (
        "ops-eu: mailops_ses_identities[0] deed.example is a Deterministic Easy DKIM replica of the identity in us-east-1, "
        "but ops-us (the host of that account in us-east-1) is offboarded (mailops_tenant_state: absent); "
        "remove the replica first, or make it an Easy DKIM identity of its own (dkim.mode: easy)"
    ) in refused.stdout
    assert clean_sandbox.writes() == {}
    assert parent_ses.get_email_identity(EmailIdentity=DOMAIN)["DkimAttributes"]["Status"] == "SUCCESS"

    # both leave in one run: the replica is deleted before its parent, and DNS is clean
    gone = run_playbook(
        inventory(clean_sandbox, tmp_path / "inventory", us_state="absent", eu_state="absent"),
        env,
        args=["-e", '{"mailops_dns_force": true}'],  # every SES value of the zone goes: past the safety threshold on purpose
    )
    assert gone.rc == 0, gone.stdout[-4000:]
    for client in (parent_ses, replica_ses):
        assert client.list_email_identities()["EmailIdentities"] == []
    assert parent_ses.list_multi_region_endpoints()["MultiRegionEndpoints"] == []
    assert [r[:2] for r in zone_dump(r53, zone_id) if r[1] not in ("SOA", "NS")] == [("_dmarc.deed.example.", "TXT")]  # domain policy stays
