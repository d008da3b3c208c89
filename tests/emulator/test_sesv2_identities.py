"""SES v2 identity behaviour of the sandbox, asserted through boto3."""

import base64
import datetime

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from testkit.aws import add_records
from testkit.aws import error_code as code
from testkit.aws import http_status as status


def private_key_b64(bits=2048):
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode(), base64.b64encode(public).decode()


@pytest.fixture
def ses(clean_sandbox):
    return clean_sandbox.client("sesv2")


@pytest.fixture
def zone(clean_sandbox):
    r53 = clean_sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name="example.com", CallerReference="z")["HostedZone"]["Id"]
    return r53, zone_id


def test_domain_identity_gets_three_stable_tokens_and_signing_zone(ses):
    created = ses.create_email_identity(EmailIdentity="example.com")
    tokens = created["DkimAttributes"]["Tokens"]
    assert len(tokens) == 3 and len(set(tokens)) == 3
    assert all(len(t) == 32 and t.isalnum() for t in tokens)
    got = ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["Tokens"] == tokens
    assert got["DkimAttributes"]["SigningHostedZone"] == "dkim.amazonses.com"
    assert got["DkimAttributes"]["SigningAttributesOrigin"] == "AWS_SES"
    assert got["IdentityType"] == "DOMAIN"
    assert got["VerificationStatus"] == "PENDING"
    assert got["VerifiedForSendingStatus"] is False


def test_regional_signing_zone(clean_sandbox):
    ses = clean_sandbox.client("sesv2", region="af-south-1")
    ses.create_email_identity(EmailIdentity="example.com")
    got = ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["SigningHostedZone"] == "dkim.af-south-1.amazonses.com"


def test_duplicate_create_and_missing_identity(ses):
    ses.create_email_identity(EmailIdentity="example.com")
    with pytest.raises(ClientError) as exc:
        ses.create_email_identity(EmailIdentity="example.com")
    assert code(exc) == "AlreadyExistsException"
    for call in (
        lambda: ses.get_email_identity(EmailIdentity="missing.example"),
        lambda: ses.delete_email_identity(EmailIdentity="missing.example"),
        lambda: ses.put_email_identity_mail_from_attributes(EmailIdentity="missing.example", MailFromDomain="m.missing.example"),
        lambda: ses.put_email_identity_dkim_attributes(EmailIdentity="missing.example", SigningEnabled=True),
        lambda: ses.put_email_identity_dkim_signing_attributes(EmailIdentity="missing.example", SigningAttributesOrigin="AWS_SES"),
        lambda: ses.put_email_identity_configuration_set_attributes(EmailIdentity="missing.example"),
        lambda: ses.put_email_identity_feedback_attributes(EmailIdentity="missing.example", EmailForwardingEnabled=True),
    ):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "NotFoundException"
        assert status(exc) == 404


def test_invalid_identity_and_wrong_shape_fail_like_aws(ses):
    with pytest.raises(ClientError) as exc:
        ses.create_email_identity(EmailIdentity="not a domain")
    assert code(exc) == "BadRequestException" and status(exc) == 400
    with pytest.raises(ClientError) as exc:
        ses.create_email_identity(EmailIdentity="example.com", DkimSigningAttributes={"NextSigningKeyLength": "RSA_4096_BIT"})
    assert code(exc) == "BadRequestException"
    assert "RSA_4096_BIT" in str(exc.value)
    with pytest.raises(ClientError) as exc:
        ses.put_configuration_set_delivery_options(ConfigurationSetName="x", TlsPolicy="SOMETIMES")
    assert code(exc) == "BadRequestException"


def test_easy_dkim_verification_follows_route53(ses, zone):
    r53, zone_id = zone
    tokens = ses.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"]
    add_records(r53, zone_id, [(f"{t}._domainkey.example.com", "CNAME", [f"{t}.dkim.amazonses.com"]) for t in tokens[:2]])
    assert ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Status"] == "PENDING"
    add_records(r53, zone_id, [(f"{tokens[2]}._domainkey.example.com", "CNAME", [f"{tokens[2]}.dkim.amazonses.com"])])
    got = ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["Status"] == "SUCCESS"
    assert got["VerificationStatus"] == "SUCCESS"
    assert got["VerifiedForSendingStatus"] is True


def test_verification_sees_zones_of_other_accounts_longest_suffix(clean_sandbox):
    ses = clean_sandbox.client("sesv2")
    tokens = ses.create_email_identity(EmailIdentity="mkt.example.com")["DkimAttributes"]["Tokens"]
    central = clean_sandbox.client("route53", account="222222222222")
    parent = central.create_hosted_zone(Name="example.com", CallerReference="p")["HostedZone"]["Id"]
    child = central.create_hosted_zone(Name="mkt.example.com", CallerReference="c")["HostedZone"]["Id"]
    records = [(f"{t}._domainkey.mkt.example.com", "CNAME", [f"{t}.dkim.amazonses.com"]) for t in tokens]
    add_records(central, parent, records)  # shadowed by the longer child zone
    assert ses.get_email_identity(EmailIdentity="mkt.example.com")["DkimAttributes"]["Status"] == "PENDING"
    add_records(central, child, records)
    assert ses.get_email_identity(EmailIdentity="mkt.example.com")["DkimAttributes"]["Status"] == "SUCCESS"


def test_byodkim_keeps_selector_and_verifies_on_public_key(ses, zone):
    r53, zone_id = zone
    private, public = private_key_b64()
    created = ses.create_email_identity(
        EmailIdentity="example.com",
        DkimSigningAttributes={"DomainSigningSelector": "sel1", "DomainSigningPrivateKey": private},
    )
    assert created["DkimAttributes"]["SigningAttributesOrigin"] == "EXTERNAL"
    assert created["DkimAttributes"]["Tokens"] == ["sel1"]
    add_records(r53, zone_id, [("sel1._domainkey.example.com", "TXT", ['"p=WRONG"'])])
    assert ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Status"] == "PENDING"
    value = f"v=DKIM1; k=rsa; p={public}"
    chunks = " ".join(f'"{value[i : i + 255]}"' for i in range(0, len(value), 255))
    r53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "UPSERT",
                    "ResourceRecordSet": {"Name": "sel1._domainkey.example.com", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": chunks}]},
                }
            ]
        },
    )
    got = ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["Status"] == "SUCCESS"
    assert got["DkimAttributes"]["SigningAttributesOrigin"] == "EXTERNAL"


@pytest.mark.parametrize(
    "make_key, message",
    [
        (
            lambda: base64.b64encode(
                ec.generate_private_key(ec.SECP256R1()).private_bytes(
                    serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            ).decode(),
            "only RSA",
        ),
        (lambda: private_key_b64(bits=4096)[0], "4096 bits"),
        (lambda: "bm90IGEga2V5", "Invalid DKIM private key"),
    ],
)
def test_byodkim_rejects_bad_keys(ses, make_key, message):
    with pytest.raises(ClientError) as exc:
        ses.create_email_identity(EmailIdentity="example.com", DkimSigningAttributes={"DomainSigningSelector": "sel1", "DomainSigningPrivateKey": make_key()})
    assert code(exc) == "BadRequestException"
    assert message in str(exc.value)


def test_switch_between_easy_and_byodkim(ses):
    ses.create_email_identity(EmailIdentity="example.com")
    private, _public = private_key_b64(1024)
    out = ses.put_email_identity_dkim_signing_attributes(
        EmailIdentity="example.com",
        SigningAttributesOrigin="EXTERNAL",
        SigningAttributes={"DomainSigningSelector": "s2024", "DomainSigningPrivateKey": private},
    )
    assert out["DkimTokens"] == ["s2024"] and out["DkimStatus"] == "PENDING"
    out = ses.put_email_identity_dkim_signing_attributes(
        EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES", SigningAttributes={"NextSigningKeyLength": "RSA_1024_BIT"}
    )
    assert len(out["DkimTokens"]) == 3
    got = ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]
    assert got["NextSigningKeyLength"] == "RSA_1024_BIT" and got["SigningAttributesOrigin"] == "AWS_SES"


def test_key_length_change_once_per_24_hours(clean_sandbox, ses):
    ses.create_email_identity(EmailIdentity="example.com", DkimSigningAttributes={"NextSigningKeyLength": "RSA_1024_BIT"})
    with pytest.raises(ClientError) as exc:
        ses.put_email_identity_dkim_signing_attributes(
            EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES", SigningAttributes={"NextSigningKeyLength": "RSA_2048_BIT"}
        )
    assert "24 hours" in str(exc.value)
    clean_sandbox.configure(clock_offset=25 * 3600)
    ses.put_email_identity_dkim_signing_attributes(
        EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES", SigningAttributes={"NextSigningKeyLength": "RSA_2048_BIT"}
    )
    got = ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]
    assert got["NextSigningKeyLength"] == "RSA_2048_BIT"
    assert got["LastKeyGenerationTimestamp"] > datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    with pytest.raises(ClientError) as exc:
        ses.put_email_identity_dkim_signing_attributes(
            EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES", SigningAttributes={"NextSigningKeyLength": "RSA_1024_BIT"}
        )
    assert "24 hours" in str(exc.value)


def test_mail_from_lifecycle(clean_sandbox, ses, zone):
    r53, zone_id = zone
    ses.create_email_identity(EmailIdentity="example.com")
    with pytest.raises(ClientError) as exc:
        ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com", MailFromDomain="mail.other.org")
    assert code(exc) == "BadRequestException" and "subdomain" in str(exc.value)
    ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com", MailFromDomain="mail.example.com", BehaviorOnMxFailure="REJECT_MESSAGE")
    got = ses.get_email_identity(EmailIdentity="example.com")["MailFromAttributes"]
    assert got == {"MailFromDomain": "mail.example.com", "MailFromDomainStatus": "PENDING", "BehaviorOnMxFailure": "REJECT_MESSAGE"}
    add_records(r53, zone_id, [("mail.example.com", "MX", ["10 feedback-smtp.eu-west-1.amazonses.com"])])
    assert ses.get_email_identity(EmailIdentity="example.com")["MailFromAttributes"]["MailFromDomainStatus"] == "PENDING"
    r53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "UPSERT",
                    "ResourceRecordSet": {
                        "Name": "mail.example.com",
                        "Type": "MX",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": "10 feedback-smtp.us-east-1.amazonses.com"}],
                    },
                }
            ]
        },
    )
    assert ses.get_email_identity(EmailIdentity="example.com")["MailFromAttributes"]["MailFromDomainStatus"] == "SUCCESS"
    r53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "DELETE",
                    "ResourceRecordSet": {
                        "Name": "mail.example.com",
                        "Type": "MX",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": "10 feedback-smtp.us-east-1.amazonses.com"}],
                    },
                }
            ]
        },
    )
    assert ses.get_email_identity(EmailIdentity="example.com")["MailFromAttributes"]["MailFromDomainStatus"] == "FAILED"
    ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com")
    assert "MailFromDomain" not in ses.get_email_identity(EmailIdentity="example.com")["MailFromAttributes"]


def test_pending_times_out_to_failed(clean_sandbox, ses):
    clean_sandbox.configure(pending_timeout=0)
    ses.create_email_identity(EmailIdentity="example.com")
    ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com", MailFromDomain="mail.example.com")
    got = ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["Status"] == "FAILED"
    assert got["MailFromAttributes"]["MailFromDomainStatus"] == "FAILED"


def test_timed_verification(clean_sandbox, ses, zone):
    import time

    r53, zone_id = zone
    clean_sandbox.configure(verify_delay=0.6)
    tokens = ses.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"]
    add_records(r53, zone_id, [(f"{t}._domainkey.example.com", "CNAME", [f"{t}.dkim.amazonses.com"]) for t in tokens])
    assert ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Status"] == "PENDING"
    time.sleep(0.7)
    assert ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Status"] == "SUCCESS"


def test_identity_put_calls_are_reflected(ses):
    ses.create_email_identity(EmailIdentity="example.com")
    ses.create_configuration_set(ConfigurationSetName="marketing")
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="example.com", ConfigurationSetName="marketing")
    ses.put_email_identity_feedback_attributes(EmailIdentity="example.com", EmailForwardingEnabled=False)
    ses.put_email_identity_dkim_attributes(EmailIdentity="example.com", SigningEnabled=False)
    got = ses.get_email_identity(EmailIdentity="example.com")
    assert got["ConfigurationSetName"] == "marketing"
    assert got["FeedbackForwardingStatus"] is False
    assert got["DkimAttributes"]["SigningEnabled"] is False
    with pytest.raises(ClientError) as exc:
        ses.put_email_identity_configuration_set_attributes(EmailIdentity="example.com", ConfigurationSetName="nope")
    assert code(exc) == "NotFoundException"


def test_policies_tags_and_paged_listing(clean_sandbox, ses):
    for index in range(5):
        ses.create_email_identity(EmailIdentity=f"d{index}.example.com", Tags=[{"Key": "team", "Value": str(index)}])
    ses.create_email_identity(EmailIdentity="ops@example.com")
    page = ses.list_email_identities(PageSize=4)
    assert len(page["EmailIdentities"]) == 4 and page["NextToken"]
    rest = ses.list_email_identities(PageSize=4, NextToken=page["NextToken"])
    assert len(rest["EmailIdentities"]) == 2 and "NextToken" not in rest
    kinds = {i["IdentityName"]: i["IdentityType"] for i in page["EmailIdentities"] + rest["EmailIdentities"]}
    assert kinds["ops@example.com"] == "EMAIL_ADDRESS"
    policy = '{"Version":"2012-10-17","Statement":[]}'
    ses.create_email_identity_policy(EmailIdentity="d0.example.com", PolicyName="p1", Policy=policy)
    with pytest.raises(ClientError) as exc:
        ses.create_email_identity_policy(EmailIdentity="d0.example.com", PolicyName="p1", Policy=policy)
    assert code(exc) == "AlreadyExistsException"
    assert ses.get_email_identity_policies(EmailIdentity="d0.example.com")["Policies"] == {"p1": policy}
    arn = "arn:aws:ses:us-east-1:123456789012:identity/d0.example.com"
    ses.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}])
    ses.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert ses.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "prod"}]


def test_accounts_and_regions_are_isolated(clean_sandbox):
    one = clean_sandbox.client("sesv2", **clean_sandbox.assume("111111111111"))
    two = clean_sandbox.client("sesv2", **clean_sandbox.assume("222222222222"))
    west = clean_sandbox.client("sesv2", region="eu-west-1", **clean_sandbox.assume("111111111111"))
    tokens = {c: c.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"] for c in (one, two, west)}
    assert len({tuple(t) for t in tokens.values()}) == 3
    assert clean_sandbox.client("sesv2").list_email_identities()["EmailIdentities"] == []


def test_legacy_verification_token_is_stable_per_identity_account_region(clean_sandbox):
    def token(account, region, domain="example.com"):
        v1 = clean_sandbox.client("ses", region=region, **clean_sandbox.assume(account))
        return v1.verify_domain_identity(Domain=domain)["VerificationToken"]

    first = token("111111111111", "us-east-1")
    assert token("111111111111", "us-east-1") == first
    assert token("222222222222", "us-east-1") != first
    assert token("111111111111", "eu-west-1") != first
    assert token("111111111111", "us-east-1", "other.example") != first


def test_legacy_verification_status_follows_txt(clean_sandbox, zone):
    r53, zone_id = zone
    v1 = clean_sandbox.client("ses")
    token = v1.verify_domain_identity(Domain="example.com")["VerificationToken"]
    attrs = v1.get_identity_verification_attributes(Identities=["example.com"])["VerificationAttributes"]
    assert attrs["example.com"] == {"VerificationStatus": "Pending", "VerificationToken": token}
    add_records(r53, zone_id, [("_amazonses.example.com", "TXT", [f'"{token}"', '"someone-elses-token"'])])
    attrs = v1.get_identity_verification_attributes(Identities=["example.com"])["VerificationAttributes"]
    assert attrs["example.com"]["VerificationStatus"] == "Success"


def test_legacy_verification_attributes_of_up_to_100_identities_at_a_time(clean_sandbox):
    """SES v1 answers for at most 100 identities per GetIdentityVerificationAttributes; unknown ones are left out."""
    v1 = clean_sandbox.client("ses")
    token = v1.verify_domain_identity(Domain="example.com")["VerificationToken"]
    names = ["example.com"] + ["d%d.example.net" % n for n in range(99)]
    attrs = v1.get_identity_verification_attributes(Identities=names)["VerificationAttributes"]
    assert attrs == {"example.com": {"VerificationStatus": "Pending", "VerificationToken": token}}
    with pytest.raises(ClientError) as error:
        v1.get_identity_verification_attributes(Identities=names + ["one-too-many.example"])
    assert code(error) == "InvalidParameterValue"
    assert "At most 100 identities per request, got 101" in error.value.response["Error"]["Message"]
