"""mailops.ses.email_identity against the sandbox: API state, call accounting, DNS records, waits, secrets."""

import base64
import functools
import json

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from testkit.aws import add_records, error_code
from testkit.modules import run_module

DOMAIN = "example.com"
SPF = "v=spf1 include:amazonses.com ~all"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": ["ses:SendEmail"], "Resource": "*"},
    ],
}


# -- helpers ----------------------------------------------------------------------------------------


def run(sandbox, args, **kwargs):
    return run_module("email_identity", args, env=sandbox.env(), **kwargs)


def fresh_run(sandbox, args, **kwargs):
    """Zero the sandbox's counters, then run the module (so writes()/calls() cover this run only)."""
    sandbox.reset_calls()
    return run(sandbox, args, **kwargs)


def sesv2(sandbox, **kwargs):
    return sandbox.client("sesv2", **kwargs)


def get_identity(sandbox, name=DOMAIN, **kwargs):
    return sesv2(sandbox, **kwargs).get_email_identity(EmailIdentity=name)


def tags_of(response):
    return {t["Key"]: t["Value"] for t in response["Tags"]}


def assert_missing(sandbox, name=DOMAIN, **kwargs):
    with pytest.raises(ClientError) as exc:
        get_identity(sandbox, name, **kwargs)
    assert error_code(exc) == "NotFoundException"


@functools.lru_cache(maxsize=None)
def rsa_key(bits=1024, seed=0):
    """(PEM, PEM base64 body, public key base64) of a fresh RSA key (``seed`` only makes distinct cache entries)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode()
    body = "".join(pem.strip().splitlines()[1:-1])
    public = base64.b64encode(key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    return pem, body, public


def assert_no_key_material(result, pem, body, public=""):
    """Neither the PEM, its base64 body nor any body line of the private part (the modulus is public) is in the output."""
    lines = [line for line in pem.strip().splitlines()[1:-1] if len(line) >= 40 and line not in public]
    assert len(lines) >= 5
    for stream in (result["_stdout"], result["_stderr"]):
        assert pem not in stream
        assert json.dumps(pem)[1:-1] not in stream
        assert body not in stream
        for line in lines:
            assert line not in stream


def cname_records(domain, tokens, zone="dkim.amazonses.com", placeholder=False):
    records = []
    for token in tokens:
        record = {"name": "%s._domainkey.%s." % (token, domain), "type": "CNAME", "ttl": 300, "values": ["%s.%s." % (token, zone)]}
        if placeholder:
            record["placeholder"] = True
        records.append(record)
    return records


def mail_from_records(mail_from, region="us-east-1"):
    return [
        {"name": mail_from + ".", "type": "MX", "ttl": 300, "values": ["10 feedback-smtp.%s.amazonses.com." % region]},
        {"name": mail_from + ".", "type": "TXT", "ttl": 300, "values": [SPF]},
    ]


def legacy_token(sandbox, name=DOMAIN, **kwargs):
    attrs = sandbox.client("ses", **kwargs).get_identity_verification_attributes(Identities=[name])
    return attrs["VerificationAttributes"][name]["VerificationToken"]


FULL_ARGS = {
    "identity": DOMAIN,
    "dkim": {"key_length": "RSA_1024_BIT"},
    "mail_from": {"domain": "mail.example.com", "behavior_on_mx_failure": "REJECT_MESSAGE"},
    "configuration_set": "transactional",
    "feedback_forwarding": False,
    "policies": {"delegate": POLICY},
    "tags": {"team": "payments", "env": "prod"},
    "verification_txt": True,
}
FULL_OPERATIONS = [
    "create_email_identity",
    "put_email_identity_mail_from_attributes",
    "put_email_identity_feedback_attributes",
    "create_email_identity_policy",
    "verify_domain_identity",
]


# -- create, check mode, rerun, delete ---------------------------------------------------------------


def test_check_mode_create_predicts_state_and_placeholders_without_writing(clean_sandbox):
    result = fresh_run(clean_sandbox, FULL_ARGS, check_mode=True)

    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 1}}
    assert result["changed"] is True
    assert result["operations"] == FULL_OPERATIONS
    assert result["api_calls"] == {"reads": 1, "writes": 0}
    identity = result["identity"]
    assert identity["identity"] == DOMAIN and identity["identity_type"] == "DOMAIN"
    assert identity["verification_status"] == "PENDING" and identity["verified_for_sending"] is False
    assert identity["dkim"]["origin"] == "AWS_SES" and identity["dkim"]["tokens"] == []
    assert identity["dkim"]["next_key_length"] == "RSA_1024_BIT"
    assert identity["mail_from_domain"] == "mail.example.com" and identity["mail_from_status"] == "PENDING"
    assert identity["behavior_on_mx_failure"] == "REJECT_MESSAGE"
    assert identity["configuration_set"] == "transactional"
    assert identity["feedback_forwarding"] is False
    assert json.loads(identity["policies"]["delegate"]) == POLICY
    assert identity["tags"] == {"team": "payments", "env": "prod"}
    placeholders = ["pending-dkim-token-1", "pending-dkim-token-2", "pending-dkim-token-3"]
    assert result["dns_records"] == (
        cname_records(DOMAIN, placeholders, placeholder=True)
        + mail_from_records("mail.example.com")
        + [{"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": ["pending-verification-token"], "placeholder": True}]
    )
    assert_missing(clean_sandbox)
    assert sesv2(clean_sandbox).list_email_identities()["EmailIdentities"] == []


def test_create_rerun_and_delete(clean_sandbox):
    sesv2(clean_sandbox).create_configuration_set(ConfigurationSetName="transactional")

    created = fresh_run(clean_sandbox, FULL_ARGS)
    assert clean_sandbox.writes() == {
        "sesv2:CreateEmailIdentity": 1,
        "sesv2:PutEmailIdentityMailFromAttributes": 1,
        "sesv2:PutEmailIdentityFeedbackAttributes": 1,
        "sesv2:CreateEmailIdentityPolicy": 1,
        "ses:VerifyDomainIdentity": 1,
    }
    assert created["changed"] is True
    assert created["operations"] == FULL_OPERATIONS
    assert created["api_calls"]["writes"] == 5

    got = get_identity(clean_sandbox)
    dkim = got["DkimAttributes"]
    assert got["IdentityType"] == "DOMAIN"
    assert dkim["SigningAttributesOrigin"] == "AWS_SES" and dkim["SigningEnabled"] is True
    assert dkim["NextSigningKeyLength"] == "RSA_1024_BIT" and dkim["CurrentSigningKeyLength"] == "RSA_1024_BIT"
    assert got["MailFromAttributes"] == {"MailFromDomain": "mail.example.com", "MailFromDomainStatus": "PENDING", "BehaviorOnMxFailure": "REJECT_MESSAGE"}
    assert got["ConfigurationSetName"] == "transactional"
    assert got["FeedbackForwardingStatus"] is False
    assert {k: json.loads(v) for k, v in got["Policies"].items()} == {"delegate": POLICY}
    assert tags_of(got) == {"team": "payments", "env": "prod"}
    token = legacy_token(clean_sandbox)

    # dns_records: exactly what SES returned, nothing else
    tokens = dkim["Tokens"]
    assert len(tokens) == 3
    assert created["identity"]["dkim"]["tokens"] == tokens
    assert created["identity"]["verification_token"] == token
    assert created["dns_records"] == (
        cname_records(DOMAIN, tokens, dkim["SigningHostedZone"])
        + mail_from_records("mail.example.com")
        + [{"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": [token]}]
    )

    rerun = fresh_run(clean_sandbox, FULL_ARGS)
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 1}, "ses": {"GetIdentityVerificationAttributes": 1}}
    assert rerun["changed"] is False and rerun["operations"] == []
    assert rerun["api_calls"] == {"reads": 2, "writes": 0}
    assert rerun["identity"] == created["identity"]
    assert rerun["dns_records"] == created["dns_records"]

    check_delete = fresh_run(clean_sandbox, {"identity": DOMAIN, "state": "absent"}, check_mode=True)
    assert check_delete["changed"] is True and check_delete["operations"] == ["delete_email_identity"]
    assert clean_sandbox.writes() == {}
    get_identity(clean_sandbox)

    deleted = fresh_run(clean_sandbox, {"identity": DOMAIN, "state": "absent"})
    assert clean_sandbox.writes() == {"sesv2:DeleteEmailIdentity": 1}
    assert deleted["changed"] is True and deleted["identity"] == {} and deleted["dns_records"] == []
    assert_missing(clean_sandbox)

    again = fresh_run(clean_sandbox, {"identity": DOMAIN, "state": "absent"})
    assert clean_sandbox.writes() == {}
    assert again["changed"] is False and again["operations"] == []


def test_email_address_identity_needs_no_records(clean_sandbox):
    created = fresh_run(clean_sandbox, {"identity": "alerts@Example.COM", "tags": {"team": "ops"}})
    assert clean_sandbox.writes() == {"sesv2:CreateEmailIdentity": 1}
    assert created["changed"] is True
    assert created["identity"]["identity"] == "alerts@example.com"
    assert created["identity"]["identity_type"] == "EMAIL_ADDRESS"
    assert created["dns_records"] == []
    got = get_identity(clean_sandbox, "alerts@example.com")
    assert got["IdentityType"] == "EMAIL_ADDRESS" and tags_of(got) == {"team": "ops"}

    rerun = fresh_run(clean_sandbox, {"identity": "alerts@example.com", "tags": {"team": "ops"}})
    assert clean_sandbox.writes() == {}
    assert rerun["changed"] is False


# -- updates --------------------------------------------------------------------------------------------


def test_update_signing_and_mail_from(clean_sandbox):
    run(clean_sandbox, {"identity": DOMAIN})

    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "dkim": {"signing_enabled": False}})
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityDkimAttributes": 1}
    assert result["changed"] is True and result["operations"] == ["put_email_identity_dkim_attributes"]
    assert result["identity"]["dkim"]["signing_enabled"] is False
    assert get_identity(clean_sandbox)["DkimAttributes"]["SigningEnabled"] is False

    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "mail_from": {"domain": "mail.example.com"}})
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityMailFromAttributes": 1}
    assert result["operations"] == ["put_email_identity_mail_from_attributes"]
    assert get_identity(clean_sandbox)["MailFromAttributes"] == {
        "MailFromDomain": "mail.example.com",
        "MailFromDomainStatus": "PENDING",
        "BehaviorOnMxFailure": "USE_DEFAULT_VALUE",
    }
    assert result["dns_records"][3:] == mail_from_records("mail.example.com")

    change = {"identity": DOMAIN, "mail_from": {"domain": "bounce.example.com", "behavior_on_mx_failure": "REJECT_MESSAGE"}}
    predicted = fresh_run(clean_sandbox, change, check_mode=True)
    assert clean_sandbox.writes() == {}
    assert get_identity(clean_sandbox)["MailFromAttributes"]["MailFromDomain"] == "mail.example.com"
    result = fresh_run(clean_sandbox, change)
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityMailFromAttributes": 1}
    # check mode predicted the real run exactly
    assert predicted["operations"] == result["operations"] == ["put_email_identity_mail_from_attributes"]
    assert predicted["identity"] == result["identity"]
    assert predicted["dns_records"] == result["dns_records"]
    assert get_identity(clean_sandbox)["MailFromAttributes"] == {
        "MailFromDomain": "bounce.example.com",
        "MailFromDomainStatus": "PENDING",
        "BehaviorOnMxFailure": "REJECT_MESSAGE",
    }
    assert result["dns_records"][3:] == mail_from_records("bounce.example.com")

    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "mail_from": {"domain": "bounce.example.com"}})
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityMailFromAttributes": 1}
    assert result["changed"] is True
    assert get_identity(clean_sandbox)["MailFromAttributes"]["BehaviorOnMxFailure"] == "USE_DEFAULT_VALUE"

    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "mail_from": {"domain": ""}, "dkim": {"signing_enabled": True}})
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityMailFromAttributes": 1, "sesv2:PutEmailIdentityDkimAttributes": 1}
    assert result["identity"]["mail_from_domain"] is None
    assert len(result["dns_records"]) == 3 and {r["type"] for r in result["dns_records"]} == {"CNAME"}
    got = get_identity(clean_sandbox)
    assert got["MailFromAttributes"] == {"BehaviorOnMxFailure": "USE_DEFAULT_VALUE"}
    assert got["DkimAttributes"]["SigningEnabled"] is True

    rerun = fresh_run(clean_sandbox, {"identity": DOMAIN, "mail_from": {"domain": ""}, "dkim": {"signing_enabled": True}})
    assert clean_sandbox.writes() == {}
    assert rerun["changed"] is False


def test_update_configuration_set_and_feedback(clean_sandbox):
    ses = sesv2(clean_sandbox)
    ses.create_configuration_set(ConfigurationSetName="cs-one")
    ses.create_configuration_set(ConfigurationSetName="cs-two")
    run(clean_sandbox, {"identity": DOMAIN})

    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "configuration_set": "cs-one"})
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityConfigurationSetAttributes": 1}
    assert result["operations"] == ["put_email_identity_configuration_set_attributes"]
    assert get_identity(clean_sandbox)["ConfigurationSetName"] == "cs-one"

    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "configuration_set": "cs-two", "feedback_forwarding": False})
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityConfigurationSetAttributes": 1, "sesv2:PutEmailIdentityFeedbackAttributes": 1}
    got = get_identity(clean_sandbox)
    assert got["ConfigurationSetName"] == "cs-two" and got["FeedbackForwardingStatus"] is False
    assert result["identity"]["configuration_set"] == "cs-two" and result["identity"]["feedback_forwarding"] is False

    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "configuration_set": "", "feedback_forwarding": True})
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityConfigurationSetAttributes": 1, "sesv2:PutEmailIdentityFeedbackAttributes": 1}
    got = get_identity(clean_sandbox)
    assert "ConfigurationSetName" not in got and got["FeedbackForwardingStatus"] is True
    assert result["identity"]["configuration_set"] is None

    rerun = fresh_run(clean_sandbox, {"identity": DOMAIN, "configuration_set": "", "feedback_forwarding": True})
    assert clean_sandbox.writes() == {}
    assert rerun["changed"] is False


def test_update_policies_and_tags(clean_sandbox):
    run(clean_sandbox, {"identity": DOMAIN, "tags": {"team": "payments", "env": "prod"}})
    other = dict(POLICY, Statement=[dict(POLICY["Statement"][0], Action=["ses:SendRawEmail"])])

    # policies created; a tag added (YAML numbers become the strings SES takes)
    result = fresh_run(
        clean_sandbox, {"identity": DOMAIN, "policies": {"p1": POLICY, "p2": json.dumps(other)}, "tags": {"team": "payments", "env": "prod", "cost": 42}}
    )
    assert clean_sandbox.writes() == {"sesv2:CreateEmailIdentityPolicy": 2, "sesv2:TagResource": 1}
    assert result["operations"] == ["tag_resource", "create_email_identity_policy", "create_email_identity_policy"]
    got = get_identity(clean_sandbox)
    assert {k: json.loads(v) for k, v in got["Policies"].items()} == {"p1": POLICY, "p2": other}
    assert tags_of(got) == {"team": "payments", "env": "prod", "cost": "42"}
    assert result["identity"]["tags"] == {"team": "payments", "env": "prod", "cost": "42"}

    # the same documents spelled differently, the same tag value as a number: no change
    rerun = fresh_run(
        clean_sandbox,
        {"identity": DOMAIN, "policies": {"p1": json.dumps(POLICY, indent=2), "p2": other}, "tags": {"team": "payments", "env": "prod", "cost": 42}},
    )
    assert clean_sandbox.writes() == {} and rerun["changed"] is False

    # a policy updated, a tag changed without purging the others
    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "policies": {"p1": other, "p2": other}, "tags": {"env": "staging"}, "purge_tags": False})
    assert clean_sandbox.writes() == {"sesv2:UpdateEmailIdentityPolicy": 1, "sesv2:TagResource": 1}
    assert result["operations"] == ["tag_resource", "update_email_identity_policy"]
    got = get_identity(clean_sandbox)
    assert json.loads(got["Policies"]["p1"]) == other
    assert tags_of(got) == {"team": "payments", "env": "staging", "cost": "42"}
    assert result["identity"]["tags"] == {"team": "payments", "env": "staging", "cost": "42"}

    # nothing listed and no purge: nothing happens
    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "policies": {}, "purge_policies": False, "tags": {}, "purge_tags": False})
    assert clean_sandbox.writes() == {} and result["changed"] is False

    # purge: a policy and two tags go
    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "policies": {"p2": other}, "tags": {"env": "staging"}})
    assert clean_sandbox.writes() == {"sesv2:DeleteEmailIdentityPolicy": 1, "sesv2:UntagResource": 1}
    assert result["operations"] == ["untag_resource", "delete_email_identity_policy"]
    got = get_identity(clean_sandbox)
    assert sorted(got["Policies"]) == ["p2"] and tags_of(got) == {"env": "staging"}
    assert sorted(result["identity"]["policies"]) == ["p2"] and result["identity"]["tags"] == {"env": "staging"}

    rerun = fresh_run(clean_sandbox, {"identity": DOMAIN, "tags": {"env": "staging"}, "policies": {"p2": other}})
    assert clean_sandbox.writes() == {} and rerun["changed"] is False


def test_key_length_change_refused_within_24_hours(clean_sandbox):
    run(clean_sandbox, {"identity": DOMAIN, "dkim": {"key_length": "RSA_2048_BIT"}})
    last = get_identity(clean_sandbox)["DkimAttributes"]["LastKeyGenerationTimestamp"]

    failed = fresh_run(clean_sandbox, {"identity": DOMAIN, "dkim": {"key_length": "RSA_1024_BIT"}, "tags": {"a": "b"}}, expect_failure=True)
    assert "24 hours" in failed["msg"] and "dkim.key_length" in failed["msg"]
    assert clean_sandbox.writes() == {}
    dkim = get_identity(clean_sandbox)["DkimAttributes"]
    assert dkim["NextSigningKeyLength"] == "RSA_2048_BIT" and dkim["LastKeyGenerationTimestamp"] == last
    assert tags_of(get_identity(clean_sandbox)) == {}

    # the same length is no change at all
    same = fresh_run(clean_sandbox, {"identity": DOMAIN, "dkim": {"key_length": "RSA_2048_BIT"}})
    assert same["changed"] is False and clean_sandbox.writes() == {}

    # a day later (the sandbox's SES clock runs 25 h ahead) the change goes through, once
    clean_sandbox.configure(clock_offset=25 * 3600)
    changed = fresh_run(clean_sandbox, {"identity": DOMAIN, "dkim": {"key_length": "RSA_1024_BIT"}})
    assert changed["operations"] == ["put_email_identity_dkim_signing_attributes"]
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityDkimSigningAttributes": 1}
    assert get_identity(clean_sandbox)["DkimAttributes"]["NextSigningKeyLength"] == "RSA_1024_BIT"
    again = fresh_run(clean_sandbox, {"identity": DOMAIN, "dkim": {"key_length": "RSA_2048_BIT"}}, expect_failure=True)
    assert "24 hours" in again["msg"] and clean_sandbox.writes() == {}


def test_byodkim_switch_selector_change_and_back_to_easy(clean_sandbox):
    pem, body, public = rsa_key(1024)
    created = run(clean_sandbox, {"identity": DOMAIN})
    easy_tokens = created["identity"]["dkim"]["tokens"]

    args = {"identity": DOMAIN, "dkim": {"mode": "byodkim", "selector": "sel2024", "private_key": pem}}
    result = fresh_run(clean_sandbox, args)
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityDkimSigningAttributes": 1, "sesv2:TagResource": 1}
    assert result["operations"] == ["put_email_identity_dkim_signing_attributes", "tag_resource"]
    assert result["public_key"] == public
    assert_no_key_material(result, pem, body, public)
    dkim = get_identity(clean_sandbox)["DkimAttributes"]
    assert dkim["SigningAttributesOrigin"] == "EXTERNAL" and dkim["Tokens"] == ["sel2024"]
    assert result["identity"]["dkim"]["origin"] == "EXTERNAL" and result["identity"]["dkim"]["selector"] == "sel2024"
    assert result["dns_records"] == [{"name": "sel2024._domainkey.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DKIM1; k=rsa; p=%s" % public]}]

    rerun = fresh_run(clean_sandbox, args)
    assert clean_sandbox.writes() == {}
    assert rerun["changed"] is False and rerun["public_key"] == public
    assert rerun["dns_records"] == result["dns_records"]
    assert_no_key_material(rerun, pem, body, public)

    args["dkim"]["selector"] = "sel2025"
    result = fresh_run(clean_sandbox, args)
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityDkimSigningAttributes": 1}
    assert get_identity(clean_sandbox)["DkimAttributes"]["Tokens"] == ["sel2025"]
    assert result["dns_records"] == [{"name": "sel2025._domainkey.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DKIM1; k=rsa; p=%s" % public]}]
    assert_no_key_material(result, pem, body, public)

    # back to Easy DKIM, choosing the key length on the way (no key was generated by SES for 24 h)
    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "dkim": {"mode": "easy", "key_length": "RSA_1024_BIT"}})
    # the BYODKIM key's fingerprint tag goes with the key (so check mode and the real run agree; 0.2.0 changelog)
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityDkimSigningAttributes": 1, "sesv2:UntagResource": 1}
    assert result["operations"] == ["put_email_identity_dkim_signing_attributes", "untag_resource"]
    assert "mailops:dkim-key-fingerprint" not in tags_of(get_identity(clean_sandbox))
    dkim = get_identity(clean_sandbox)["DkimAttributes"]
    assert dkim["SigningAttributesOrigin"] == "AWS_SES" and dkim["NextSigningKeyLength"] == "RSA_1024_BIT"
    assert len(dkim["Tokens"]) == 3 and dkim["Tokens"] != easy_tokens
    assert result["dns_records"] == cname_records(DOMAIN, dkim["Tokens"], dkim["SigningHostedZone"])
    assert "public_key" not in result


def test_byodkim_create_keeps_the_key_secret(clean_sandbox):
    pem, body, public = rsa_key(1024)
    args = {"identity": DOMAIN, "dkim": {"mode": "byodkim", "selector": "s1", "private_key": pem}}
    txt = [{"name": "s1._domainkey.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DKIM1; k=rsa; p=%s" % public]}]

    check = fresh_run(clean_sandbox, args, check_mode=True, diff=True)
    assert clean_sandbox.writes() == {}
    assert check["changed"] is True and check["operations"] == ["create_email_identity"]
    assert check["public_key"] == public and check["dns_records"] == txt
    assert_no_key_material(check, pem, body, public)
    assert_missing(clean_sandbox)

    # the bare base64 body is accepted as well, and gives the same key
    created = fresh_run(clean_sandbox, dict(args, dkim=dict(args["dkim"], private_key=body)), diff=True)
    assert clean_sandbox.writes() == {"sesv2:CreateEmailIdentity": 1}
    assert created["public_key"] == public and created["dns_records"] == txt
    assert_no_key_material(created, pem, body, public)
    got = get_identity(clean_sandbox)
    assert got["DkimAttributes"]["SigningAttributesOrigin"] == "EXTERNAL" and got["DkimAttributes"]["Tokens"] == ["s1"]
    assert set(tags_of(got)) == {"mailops:dkim-key-fingerprint"}
    assert public not in tags_of(got).values()

    rerun = fresh_run(clean_sandbox, args)
    assert clean_sandbox.writes() == {} and rerun["changed"] is False
    assert_no_key_material(rerun, pem, body, public)

    # another key under the same selector is a change (detected through the fingerprint tag)
    pem2, body2, public2 = rsa_key(1024, seed=1)
    changed = fresh_run(clean_sandbox, dict(args, dkim=dict(args["dkim"], private_key=pem2)))
    assert clean_sandbox.writes() == {"sesv2:PutEmailIdentityDkimSigningAttributes": 1, "sesv2:TagResource": 1}
    assert changed["public_key"] == public2
    assert_no_key_material(changed, pem2, body2, public2)


# -- bad input ------------------------------------------------------------------------------------------


def _ec_pem():
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()


BAD_INPUT = [
    ({"identity": "not a domain"}, "identity 'not a domain'"),
    ({"identity": DOMAIN, "mail_from": {"domain": "mail.example.org"}}, "mail_from.domain 'mail.example.org' is not a subdomain"),
    ({"identity": DOMAIN, "mail_from": {"domain": "example.com"}}, "mail_from.domain 'example.com' is the identity itself"),
    ({"identity": DOMAIN, "mail_from": {"domain": "mail_x.example.com"}}, "mail_from.domain 'mail_x.example.com' must be a host name"),
    ({"identity": DOMAIN, "dkim": {"mode": "byodkim", "selector": "-bad_", "private_key": "KEY1024"}}, "dkim.selector '-bad_'"),
    ({"identity": DOMAIN, "dkim": {"mode": "byodkim", "selector": "s1", "private_key": "EC"}}, "dkim.private_key is not an RSA key"),
    ({"identity": DOMAIN, "dkim": {"mode": "byodkim", "selector": "s1", "private_key": "KEY4096"}}, "dkim.private_key is 4096 bits"),
    ({"identity": DOMAIN, "dkim": {"mode": "byodkim", "selector": "s1", "private_key": "MALFORMED"}}, "dkim.private_key is not a readable private key"),
    ({"identity": DOMAIN, "dkim": {"mode": "byodkim", "selector": "s1"}}, "dkim.private_key is required"),
    ({"identity": "alerts@example.com", "dkim": {"signing_enabled": False}}, "dkim: DKIM settings apply to domain identities only"),
    ({"identity": DOMAIN, "policies": {"p1": "{not json"}}, "policies.p1 is not valid JSON"),
]


@pytest.mark.parametrize(
    "args,message",
    BAD_INPUT,
    ids=[
        "not-a-domain",
        "mail-from-elsewhere",
        "mail-from-is-identity",
        "mail-from-underscore",
        "bad-selector",
        "ec-key",
        "4096-bit-key",
        "malformed-pem",
        "no-key",
        "dkim-on-address",
        "policy-not-json",
    ],
)
def test_bad_input_fails_before_any_call(clean_sandbox, args, message):
    args = json.loads(json.dumps(args))
    dkim = args.get("dkim") or {}
    secret = None
    if dkim.get("private_key") == "KEY1024":
        dkim["private_key"] = secret = rsa_key(1024)[0]
    elif dkim.get("private_key") == "KEY4096":
        dkim["private_key"] = secret = rsa_key(4096)[0]
    elif dkim.get("private_key") == "EC":
        dkim["private_key"] = secret = _ec_pem()
    elif dkim.get("private_key") == "MALFORMED":
        pem = rsa_key(1024)[0]
        dkim["private_key"] = secret = pem.replace(pem.strip().splitlines()[3], "!!not*base64!!")
    failed = fresh_run(clean_sandbox, args, expect_failure=True)
    assert message in failed["msg"]
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["total"] == 0
    if secret:
        body_lines = [line for line in secret.strip().splitlines()[1:-1] if len(line) >= 40 and "!" not in line]
        for line in body_lines:
            assert line not in failed["_stdout"] and line not in failed["_stderr"]


# -- waiting for SES to see the records ------------------------------------------------------------------


def _zone(sandbox):
    r53 = sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=DOMAIN, CallerReference="integration")["HostedZone"]["Id"]
    return r53, zone_id


def _publish(r53, zone_id, records):
    batch = []
    for record in records:
        values = record["values"]
        if record["type"] == "TXT":
            values = ['"%s"' % v for v in values]
        batch.append((record["name"], record["type"], values))
    add_records(r53, zone_id, batch)


def test_wait_returns_verified_state_once_records_are_published(clean_sandbox):
    args = {"identity": DOMAIN, "mail_from": {"domain": "mail.example.com"}, "verification_txt": True}
    created = run(clean_sandbox, args)
    assert created["identity"]["dkim"]["status"] == "PENDING"
    r53, zone_id = _zone(clean_sandbox)
    _publish(r53, zone_id, created["dns_records"])
    clean_sandbox.configure(verify_delay=1)

    result = fresh_run(clean_sandbox, dict(args, wait=True, wait_timeout=30, wait_delay=1))
    assert clean_sandbox.writes() == {}
    assert result["changed"] is False
    identity = result["identity"]
    assert identity["verification_status"] == "SUCCESS" and identity["verified_for_sending"] is True
    assert identity["dkim"]["status"] == "SUCCESS"
    assert identity["mail_from_status"] == "SUCCESS"
    got = get_identity(clean_sandbox)
    assert got["VerifiedForSendingStatus"] is True and got["DkimAttributes"]["Status"] == "SUCCESS"
    assert got["MailFromAttributes"]["MailFromDomainStatus"] == "SUCCESS"


def test_byodkim_records_published_first_verify_in_one_run(clean_sandbox):
    pem, body, public = rsa_key(1024)
    r53, zone_id = _zone(clean_sandbox)
    _publish(
        r53, zone_id, [{"name": "s1._domainkey.example.com.", "type": "TXT", "values": ["v=DKIM1; k=rsa; p=" + public]}] + mail_from_records("mail.example.com")
    )
    clean_sandbox.reset_calls()
    result = run(
        clean_sandbox,
        {
            "identity": DOMAIN,
            "dkim": {"mode": "byodkim", "selector": "s1", "private_key": pem},
            "mail_from": {"domain": "mail.example.com"},
            "wait": True,
            "wait_timeout": 30,
            "wait_delay": 1,
        },
    )
    assert clean_sandbox.writes() == {"sesv2:CreateEmailIdentity": 1, "sesv2:PutEmailIdentityMailFromAttributes": 1}
    assert result["identity"]["dkim"]["status"] == "SUCCESS" and result["identity"]["mail_from_status"] == "SUCCESS"
    assert result["identity"]["verified_for_sending"] is True
    assert_no_key_material(result, pem, body, public)
    got = get_identity(clean_sandbox)
    assert got["DkimAttributes"]["Status"] == "SUCCESS" and got["MailFromAttributes"]["MailFromDomainStatus"] == "SUCCESS"


def test_wait_fails_naming_the_records_ses_did_not_find(clean_sandbox):
    clean_sandbox.configure(pending_timeout=0)
    args = {"identity": DOMAIN, "mail_from": {"domain": "mail.example.com"}, "wait": True, "wait_timeout": 5, "wait_delay": 1}
    failed = run(clean_sandbox, args, expect_failure=True)
    tokens = get_identity(clean_sandbox)["DkimAttributes"]["Tokens"]
    msg = failed["msg"]
    assert "FAILED" in msg
    assert "MAIL FROM MX mail.example.com -> 10 feedback-smtp.us-east-1.amazonses.com" in msg
    assert "DKIM CNAMEs" in msg
    for token in tokens:
        assert "%s._domainkey.example.com" % token in msg


def test_wait_timeout_names_pending_records(clean_sandbox):
    r53, zone_id = _zone(clean_sandbox)
    created = run(clean_sandbox, {"identity": DOMAIN, "mail_from": {"domain": "mail.example.com"}})
    _publish(r53, zone_id, [r for r in created["dns_records"] if r["type"] == "CNAME"])
    failed = run(
        clean_sandbox, {"identity": DOMAIN, "mail_from": {"domain": "mail.example.com"}, "wait": True, "wait_timeout": 0, "wait_delay": 1}, expect_failure=True
    )
    msg = failed["msg"]
    assert "timed out" in msg
    assert "MAIL FROM MX mail.example.com" in msg
    assert "DKIM" not in msg


# -- accounts, regions, throttling -----------------------------------------------------------------------


def test_two_accounts_one_domain_two_identities(clean_sandbox):
    accounts = ("111111111111", "222222222222")
    creds = {account: clean_sandbox.assume(account) for account in accounts}
    results = {}
    for account in accounts:
        c = creds[account]
        results[account] = run(
            clean_sandbox,
            {
                "identity": DOMAIN,
                "verification_txt": True,
                "access_key": c["aws_access_key_id"],
                "secret_key": c["aws_secret_access_key"],
                "session_token": c["aws_session_token"],
            },
        )
        assert results[account]["changed"] is True

    tokens = {a: get_identity(clean_sandbox, **creds[a])["DkimAttributes"]["Tokens"] for a in accounts}
    legacy = {a: legacy_token(clean_sandbox, **creds[a]) for a in accounts}
    assert len(tokens["111111111111"]) == 3 and len(tokens["222222222222"]) == 3
    assert not set(tokens["111111111111"]) & set(tokens["222222222222"])
    assert legacy["111111111111"] != legacy["222222222222"]
    for account in accounts:
        assert results[account]["identity"]["dkim"]["tokens"] == tokens[account]
        assert results[account]["identity"]["verification_token"] == legacy[account]
        assert results[account]["dns_records"] == cname_records(DOMAIN, tokens[account]) + [
            {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": [legacy[account]]}
        ]
    # a tag change goes to the ARN in the assumed account, not the caller's
    c = creds["222222222222"]
    tagged = fresh_run(
        clean_sandbox,
        {
            "identity": DOMAIN,
            "tags": {"owner": "b"},
            "access_key": c["aws_access_key_id"],
            "secret_key": c["aws_secret_access_key"],
            "session_token": c["aws_session_token"],
        },
    )
    assert tagged["operations"] == ["tag_resource"]
    assert clean_sandbox.writes() == {"sesv2:TagResource": 1}
    assert tags_of(get_identity(clean_sandbox, **creds["222222222222"])) == {"owner": "b"}
    assert tags_of(get_identity(clean_sandbox, **creds["111111111111"])) == {}
    # the caller's own account got nothing
    assert sesv2(clean_sandbox).list_email_identities()["EmailIdentities"] == []


def test_region_sets_the_feedback_mx(clean_sandbox):
    run(clean_sandbox, {"identity": DOMAIN, "region": "eu-west-1"})
    result = fresh_run(clean_sandbox, {"identity": DOMAIN, "region": "eu-west-1", "mail_from": {"domain": "mail.example.com"}, "tags": {"region": "eu"}})
    assert clean_sandbox.writes() == {"sesv2:TagResource": 1, "sesv2:PutEmailIdentityMailFromAttributes": 1}
    assert [r for r in result["dns_records"] if r["type"] == "MX"] == [
        {"name": "mail.example.com.", "type": "MX", "ttl": 300, "values": ["10 feedback-smtp.eu-west-1.amazonses.com."]}
    ]
    got = get_identity(clean_sandbox, region="eu-west-1")
    assert got["MailFromAttributes"]["MailFromDomain"] == "mail.example.com"
    assert tags_of(got) == {"region": "eu"}
    assert result["dns_records"][:3] == cname_records(DOMAIN, got["DkimAttributes"]["Tokens"])
    assert_missing(clean_sandbox)


def test_throttled_api_still_converges(clean_sandbox):
    ses = sesv2(clean_sandbox)
    ses.create_configuration_set(ConfigurationSetName="transactional")
    specs = [
        {
            "identity": "a.example.com",
            "mail_from": {"domain": "mail.a.example.com"},
            "tags": {"team": "a"},
            "configuration_set": "transactional",
            "verification_txt": True,
        },
        {"identity": "b.example.com", "feedback_forwarding": False, "policies": {"p": POLICY}},
    ]
    clean_sandbox.configure(throttle_rate=0.3)
    created = [run(clean_sandbox, spec) for spec in specs]
    clean_sandbox.reset_calls()
    reruns = [run(clean_sandbox, spec) for spec in specs]
    assert clean_sandbox.writes() == {}
    clean_sandbox.configure(throttle_rate=0.0)

    assert [r["changed"] for r in created] == [True, True]
    assert [r["changed"] for r in reruns] == [False, False]
    a = get_identity(clean_sandbox, "a.example.com")
    assert a["MailFromAttributes"]["MailFromDomain"] == "mail.a.example.com"
    assert tags_of(a) == {"team": "a"} and a["ConfigurationSetName"] == "transactional"
    assert reruns[0]["identity"]["verification_token"] == legacy_token(clean_sandbox, "a.example.com")
    assert reruns[0]["identity"]["dkim"]["tokens"] == a["DkimAttributes"]["Tokens"]
    b = get_identity(clean_sandbox, "b.example.com")
    assert b["FeedbackForwardingStatus"] is False
    assert {k: json.loads(v) for k, v in b["Policies"].items()} == {"p": POLICY}
    assert sorted(i["IdentityName"] for i in ses.list_email_identities()["EmailIdentities"]) == ["a.example.com", "b.example.com"]


def test_the_batch_module_summarises_its_inputs_in_the_invocation_unless_vvv(clean_sandbox):
    """email_identities returns its identities once (in results), not again as the invocation's echo; -vvv has it all."""
    identities = [{"identity": "echo-%d.example" % n} for n in range(3)]
    quiet = run_module("email_identities", {"identities": identities}, env=clean_sandbox.env())
    assert quiet["invocation"]["module_args"]["identities"] == "3 items (the whole argument is in the result at -vvv)"
    assert quiet["invocation"]["module_args"]["concurrency"] == 4
    assert [r["identity"]["identity"] for r in quiet["results"]] == ["echo-0.example", "echo-1.example", "echo-2.example"]
    verbose = run_module("email_identities", {"identities": identities, "_ansible_verbosity": 3}, env=clean_sandbox.env())
    assert [i["identity"] for i in verbose["invocation"]["module_args"]["identities"]] == ["echo-0.example", "echo-1.example", "echo-2.example"]
    assert verbose["changed"] is False


def test_the_batch_module_reads_the_legacy_tokens_of_all_its_domains_in_one_call(clean_sandbox):
    """email_identities asks SES v1 for every existing domain's legacy token at once (up to 100 per call)."""
    identities = [{"identity": "tok-%d.example" % n, "verification_txt": True} for n in range(3)] + [{"identity": "someone@tok-0.example"}]
    created = run_module("email_identities", {"identities": identities}, env=clean_sandbox.env())
    calls = clean_sandbox.calls()["services"]
    assert calls["ses"] == {"VerifyDomainIdentity": 3}  # none existed: no token to read, VerifyDomainIdentity gives it
    assert calls["sesv2"]["GetEmailIdentity"] == 2 * 4  # before and after, each identity
    clean_sandbox.reset_calls()
    rerun = run_module("email_identities", {"identities": identities}, env=clean_sandbox.env())
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 4}, "ses": {"GetIdentityVerificationAttributes": 1}}
    assert rerun["changed"] is False and rerun["api_calls"] == {"reads": 5, "writes": 0}
    for n in range(3):
        name = "tok-%d.example" % n
        token = legacy_token(clean_sandbox, name)
        assert rerun["records_by_identity"][name][-1] == {"name": "_amazonses.%s." % name, "type": "TXT", "ttl": 300, "values": [token]}
        assert created["records_by_identity"][name] == rerun["records_by_identity"][name]
