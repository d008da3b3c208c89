"""Deterministic Easy DKIM (DEED) replicas and multi-region endpoints in the sandbox, through boto3."""

import base64
import re

import pytest
from botocore.exceptions import ClientError, EndpointResolutionError
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from testkit import sigv4a
from testkit.aws import add_records
from testkit.aws import error_code as code
from testkit.aws import http_status as status

MESSAGE = {
    "Destination": {"ToAddresses": ["success@simulator.amazonses.com"]},
    "Content": {"Simple": {"Subject": {"Data": "s"}, "Body": {"Text": {"Data": "b"}}}},
}


@pytest.fixture
def east(clean_sandbox):
    return clean_sandbox.client("sesv2", region="us-east-1")


@pytest.fixture
def west(clean_sandbox):
    return clean_sandbox.client("sesv2", region="us-west-2")


def publish_dkim(sandbox, domain, tokens, zone="dkim.amazonses.com"):
    r53 = sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=domain, CallerReference=domain)["HostedZone"]["Id"]
    add_records(r53, zone_id, [(f"{t}._domainkey.{domain}", "CNAME", [f"{t}.{zone}"]) for t in tokens])


def private_key_b64():
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    return base64.b64encode(der).decode()


def replicate(ses, origin, domain="example.com", **signing):
    return ses.create_email_identity(EmailIdentity=domain, DkimSigningAttributes=dict(signing, DomainSigningAttributesOrigin=origin))


# -- DEED ----------------------------------------------------------------------


def test_replica_uses_parent_tokens_zone_key_and_follows_its_status(clean_sandbox):
    parent_ses = clean_sandbox.client("sesv2", region="af-south-1")  # a region with its own signing zone
    replica_ses = clean_sandbox.client("sesv2", region="eu-west-1")
    parent = parent_ses.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]
    created = replicate(replica_ses, "AWS_SES_AF_SOUTH_1")["DkimAttributes"]
    assert created["SigningAttributesOrigin"] == "AWS_SES_AF_SOUTH_1"
    assert created["Tokens"] == parent["Tokens"]
    assert created["SigningHostedZone"] == "dkim.af-south-1.amazonses.com"
    assert created["Status"] == "PENDING"
    got = replica_ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["Status"] == got["VerificationStatus"] == "PENDING"
    assert got["VerifiedForSendingStatus"] is False
    assert got["VerificationInfo"]["ErrorType"] == "HOST_NOT_FOUND"  # the parent's, still pending
    assert got["DkimAttributes"]["CurrentSigningKeyLength"] == got["DkimAttributes"]["NextSigningKeyLength"] == "RSA_2048_BIT"
    assert (
        got["DkimAttributes"]["LastKeyGenerationTimestamp"]
        == parent_ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]["LastKeyGenerationTimestamp"]
    )

    publish_dkim(clean_sandbox, "example.com", parent["Tokens"], zone="dkim.af-south-1.amazonses.com")
    got = replica_ses.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["Status"] == got["VerificationStatus"] == "SUCCESS"
    assert got["VerifiedForSendingStatus"] is True
    assert "ErrorType" not in got["VerificationInfo"]
    assert "LastSuccessTimestamp" in got["VerificationInfo"]
    assert replica_ses.list_email_identities()["EmailIdentities"] == [
        {"IdentityType": "DOMAIN", "IdentityName": "example.com", "SendingEnabled": True, "VerificationStatus": "SUCCESS"}
    ]
    assert replica_ses.send_email(FromEmailAddress="news@example.com", **MESSAGE)["MessageId"]

    # key length changes on the parent propagate to the replica
    clean_sandbox.configure(clock_offset=25 * 3600)
    parent_ses.put_email_identity_dkim_signing_attributes(
        EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES", SigningAttributes={"NextSigningKeyLength": "RSA_1024_BIT"}
    )
    assert replica_ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]["NextSigningKeyLength"] == "RSA_1024_BIT"


def test_a_replica_verifies_its_own_mail_from_and_legacy_token_in_its_region(clean_sandbox, east, west):
    # DKIM comes from the parent; MAIL FROM (its MX names the replica's region) and the v1 token are the replica's own
    tokens = east.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"]
    replicate(west, "AWS_SES_US_EAST_1")
    west.put_email_identity_mail_from_attributes(EmailIdentity="example.com", MailFromDomain="mail-west.example.com")
    token = clean_sandbox.client("ses", region="us-west-2").verify_domain_identity(Domain="example.com")["VerificationToken"]
    publish_dkim(clean_sandbox, "example.com", tokens)
    got = west.get_email_identity(EmailIdentity="example.com")
    assert (got["DkimAttributes"]["Status"], got["MailFromAttributes"]["MailFromDomainStatus"]) == ("SUCCESS", "PENDING")
    r53 = clean_sandbox.client("route53")
    zone_id = r53.list_hosted_zones_by_name(DNSName="example.com")["HostedZones"][0]["Id"]
    add_records(r53, zone_id, [("mail-west.example.com", "MX", ["10 feedback-smtp.us-east-1.amazonses.com"])])
    assert west.get_email_identity(EmailIdentity="example.com")["MailFromAttributes"]["MailFromDomainStatus"] == "PENDING"  # another region's MX
    add_records(
        r53,
        zone_id,
        [("mail-west.example.com", "MX", ["10 feedback-smtp.us-west-2.amazonses.com"]), ("_amazonses.example.com", "TXT", ['"%s"' % token])],
        action="UPSERT",
    )
    assert west.get_email_identity(EmailIdentity="example.com")["MailFromAttributes"]["MailFromDomainStatus"] == "SUCCESS"
    v1 = clean_sandbox.client("ses", region="us-west-2").get_identity_verification_attributes(Identities=["example.com"])
    assert v1["VerificationAttributes"]["example.com"]["VerificationStatus"] == "Success"


def make_byodkim_parent(ses, _sandbox):
    ses.create_email_identity(EmailIdentity="example.com", DkimSigningAttributes={"DomainSigningSelector": "sel", "DomainSigningPrivateKey": private_key_b64()})


def make_replica_parent(ses, sandbox):
    sandbox.client("sesv2", region="eu-west-1").create_email_identity(EmailIdentity="example.com")
    replicate(ses, "AWS_SES_EU_WEST_1")


@pytest.mark.parametrize(
    "origin, make_parent, error",
    [
        ("AWS_SES_US_EAST_1", None, "REPLICATION_PRIMARY_NOT_FOUND"),
        ("AWS_SES_US_EAST_1", make_byodkim_parent, "REPLICATION_PRIMARY_BYO_DKIM_NOT_SUPPORTED"),
        ("AWS_SES_US_EAST_1", make_replica_parent, "REPLICATION_REPLICA_AS_PRIMARY_NOT_SUPPORTED"),
        ("AWS_SES_US_WEST_2", None, "REPLICATION_PRIMARY_INVALID_REGION"),  # the replica's own region
        ("AWS_SES_US_GOV_WEST_1", None, "REPLICATION_PRIMARY_INVALID_REGION"),  # another partition
    ],
    ids=["missing-parent", "byodkim-parent", "replica-parent", "own-region", "other-partition"],
)
def test_replication_failures_show_as_error_type_with_status_failed(clean_sandbox, east, west, origin, make_parent, error):
    if make_parent:
        make_parent(east, clean_sandbox)
    created = replicate(west, origin)
    assert created["VerifiedForSendingStatus"] is False
    assert created["DkimAttributes"] == {"SigningEnabled": True, "Status": "FAILED", "Tokens": [], "SigningAttributesOrigin": origin}
    got = west.get_email_identity(EmailIdentity="example.com")
    assert got["VerificationStatus"] == got["DkimAttributes"]["Status"] == "FAILED"
    assert got["VerificationInfo"]["ErrorType"] == error
    assert "SigningHostedZone" not in got["DkimAttributes"]
    with pytest.raises(ClientError) as exc:
        west.send_email(FromEmailAddress="news@example.com", **MESSAGE)
    assert code(exc) == "MessageRejected"


def test_replica_is_read_again_every_time(clean_sandbox, east, west):
    """A replica made before its parent recovers; a parent turned BYODKIM breaks its replicas."""
    replicate(west, "AWS_SES_US_EAST_1")
    assert west.get_email_identity(EmailIdentity="example.com")["VerificationInfo"]["ErrorType"] == "REPLICATION_PRIMARY_NOT_FOUND"
    tokens = east.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"]
    got = west.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["Status"] == "PENDING" and got["DkimAttributes"]["Tokens"] == tokens
    east.put_email_identity_dkim_signing_attributes(
        EmailIdentity="example.com",
        SigningAttributesOrigin="EXTERNAL",
        SigningAttributes={"DomainSigningSelector": "sel", "DomainSigningPrivateKey": private_key_b64()},
    )
    got = west.get_email_identity(EmailIdentity="example.com")
    assert got["DkimAttributes"]["Status"] == "FAILED"
    assert got["VerificationInfo"]["ErrorType"] == "REPLICATION_PRIMARY_BYO_DKIM_NOT_SUPPORTED"


def test_put_signing_attributes_converts_to_replica_and_back(east, west):
    parent_tokens = east.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"]
    own_tokens = west.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"]
    put = west.put_email_identity_dkim_signing_attributes(EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES_US_EAST_1")
    assert put["DkimTokens"] == parent_tokens and put["DkimStatus"] == "PENDING"
    dkim = west.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]
    assert dkim["SigningAttributesOrigin"] == "AWS_SES_US_EAST_1" and dkim["Tokens"] == parent_tokens

    put = west.put_email_identity_dkim_signing_attributes(
        EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES", SigningAttributes={"NextSigningKeyLength": "RSA_1024_BIT"}
    )
    new_tokens = put["DkimTokens"]
    assert len(new_tokens) == 3 and not set(new_tokens) & (set(parent_tokens) | set(own_tokens))
    dkim = west.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]
    assert dkim["SigningAttributesOrigin"] == "AWS_SES" and dkim["Tokens"] == new_tokens
    assert dkim["SigningHostedZone"] == "dkim.amazonses.com" and dkim["NextSigningKeyLength"] == "RSA_1024_BIT"
    assert dkim["Status"] == "PENDING"
    # and the former parent can be deleted now
    east.delete_email_identity(EmailIdentity="example.com")


def test_replica_refuses_key_length_and_other_bad_signing_requests(east, west):
    east.create_email_identity(EmailIdentity="example.com")
    replicate(west, "AWS_SES_US_EAST_1")
    before = west.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]
    calls = [
        lambda: west.put_email_identity_dkim_signing_attributes(
            EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES_US_EAST_1", SigningAttributes={"NextSigningKeyLength": "RSA_1024_BIT"}
        ),
        # "For PutEmailIdentityDkimSigningAttributes: none of the values are allowed"
        lambda: west.put_email_identity_dkim_signing_attributes(
            EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES_US_EAST_1", SigningAttributes={"DomainSigningAttributesOrigin": "AWS_SES_US_EAST_1"}
        ),
        lambda: replicate(west, "AWS_SES_US_EAST_1", domain="other.example", NextSigningKeyLength="RSA_2048_BIT"),
        lambda: west.create_email_identity(EmailIdentity="someone@example.org", DkimSigningAttributes={"DomainSigningAttributesOrigin": "AWS_SES_US_EAST_1"}),
        # not in botocore's enum: the request fails validation
        lambda: replicate(west, "AWS_SES_MARS_NORTH_1", domain="other.example"),
        lambda: west.put_email_identity_dkim_signing_attributes(EmailIdentity="example.com", SigningAttributesOrigin="AWS_SES_US_EAST_9"),
        # a failed conversion to BYODKIM leaves the replica as it was
        lambda: west.put_email_identity_dkim_signing_attributes(EmailIdentity="example.com", SigningAttributesOrigin="EXTERNAL"),
        lambda: west.put_email_identity_dkim_signing_attributes(
            EmailIdentity="example.com",
            SigningAttributesOrigin="EXTERNAL",
            SigningAttributes={"DomainSigningSelector": "sel", "DomainSigningPrivateKey": "bm90IGEga2V5"},
        ),
    ]
    for call in calls:
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "BadRequestException" and status(exc) == 400
    assert west.get_email_identity(EmailIdentity="example.com")["DkimAttributes"] == before
    assert [i["IdentityName"] for i in west.list_email_identities()["EmailIdentities"]] == ["example.com"]


def test_parent_cannot_be_deleted_while_replicas_exist(clean_sandbox, east, west):
    east.create_email_identity(EmailIdentity="example.com")
    replicate(west, "AWS_SES_US_EAST_1")
    replicate(clean_sandbox.client("sesv2", region="eu-west-1"), "AWS_SES_US_EAST_1")
    with pytest.raises(ClientError) as exc:
        east.delete_email_identity(EmailIdentity="example.com")
    assert code(exc) == "BadRequestException"
    assert "eu-west-1, us-west-2" in exc.value.response["Error"]["Message"]
    west.delete_email_identity(EmailIdentity="example.com")
    clean_sandbox.client("sesv2", region="eu-west-1").delete_email_identity(EmailIdentity="example.com")
    east.delete_email_identity(EmailIdentity="example.com")
    # a replica in another account does not hold a parent: replication stays within one account
    east.create_email_identity(EmailIdentity="example.com")
    replicate(clean_sandbox.client("sesv2", region="us-west-2", account="111111111111"), "AWS_SES_US_EAST_1")
    east.delete_email_identity(EmailIdentity="example.com")


# -- multi-region endpoints -------------------------------------------------------


def create_endpoint(ses, name="global", secondary="eu-west-1", **extra):
    return ses.create_multi_region_endpoint(EndpointName=name, Details={"RoutesDetails": [{"Region": secondary}]}, **extra)


def test_endpoint_lifecycle(clean_sandbox, east):
    # the sandbox's clock is moved, so a slow machine cannot change what the test sees
    clean_sandbox.configure(endpoint_delay=30)
    created = create_endpoint(east, Tags=[{"Key": "team", "Value": "mail"}])
    assert created["Status"] == "CREATING"
    assert re.fullmatch(r"[a-z0-9]{8}\.[a-z0-9]{3}", created["EndpointId"])
    got = east.get_multi_region_endpoint(EndpointName="global")
    assert {k: v for k, v in got.items() if k != "ResponseMetadata"} == {
        "EndpointName": "global",
        "EndpointId": created["EndpointId"],
        "Status": "CREATING",
        "Routes": [{"Region": "us-east-1"}, {"Region": "eu-west-1"}],
        "CreatedTimestamp": got["CreatedTimestamp"],
        "LastUpdatedTimestamp": got["CreatedTimestamp"],
    }
    with pytest.raises(ClientError) as exc:
        east.delete_multi_region_endpoint(EndpointName="global")
    assert code(exc) == "ConcurrentModificationException"

    clean_sandbox.configure(clock_offset=31)
    got = east.get_multi_region_endpoint(EndpointName="global")
    assert got["Status"] == "READY" and got["LastUpdatedTimestamp"] > got["CreatedTimestamp"]
    listed = east.list_multi_region_endpoints()["MultiRegionEndpoints"]
    assert listed == [
        {
            "EndpointName": "global",
            "Status": "READY",
            "EndpointId": created["EndpointId"],
            "Regions": ["us-east-1", "eu-west-1"],
            "CreatedTimestamp": got["CreatedTimestamp"],
            "LastUpdatedTimestamp": got["LastUpdatedTimestamp"],
        }
    ]
    # only the primary region shows it
    assert clean_sandbox.client("sesv2", region="eu-west-1").list_multi_region_endpoints()["MultiRegionEndpoints"] == []

    assert east.delete_multi_region_endpoint(EndpointName="global")["Status"] == "DELETING"
    assert east.get_multi_region_endpoint(EndpointName="global")["Status"] == "DELETING"
    with pytest.raises(ClientError) as exc:
        create_endpoint(east)
    assert code(exc) == "AlreadyExistsException"
    clean_sandbox.configure(clock_offset=62)
    with pytest.raises(ClientError) as exc:
        east.get_multi_region_endpoint(EndpointName="global")
    assert code(exc) == "NotFoundException" and status(exc) == 404
    assert east.list_multi_region_endpoints()["MultiRegionEndpoints"] == []


def test_endpoint_delay_zero_is_ready_at_once(clean_sandbox, east):
    assert clean_sandbox.configure(endpoint_delay=0)["endpoint_delay"] == 0.0
    assert create_endpoint(east)["Status"] == "READY"
    assert east.delete_multi_region_endpoint(EndpointName="global")["Status"] == "DELETING"
    assert east.list_multi_region_endpoints()["MultiRegionEndpoints"] == []


@pytest.mark.parametrize(
    "details",
    [
        {"RoutesDetails": [{"Region": "eu-west-1"}, {"Region": "eu-central-1"}]},
        {"RoutesDetails": []},
        {"RoutesDetails": [{"Region": "us-east-1"}]},
        {"RoutesDetails": [{"Region": "mars-north-1"}]},
        {"RoutesDetails": [{"Region": "us-gov-west-1"}]},
        {"RoutesDetails": [{}]},
    ],
    ids=["two-routes", "no-route", "primary-region", "unknown-region", "other-partition", "no-region"],
)
def test_endpoint_needs_exactly_one_secondary_region(clean_sandbox, east, details):
    unchecked = clean_sandbox.client("sesv2", validate=False)  # the sandbox checks the model too
    with pytest.raises(ClientError) as exc:
        unchecked.create_multi_region_endpoint(EndpointName="global", Details=details)
    assert code(exc) == "BadRequestException" and status(exc) == 400
    assert east.list_multi_region_endpoints()["MultiRegionEndpoints"] == []


def test_endpoint_request_validation_and_errors(clean_sandbox, east):
    unchecked = clean_sandbox.client("sesv2", validate=False)
    for name in ("bad name", "bad.name", "x" * 65, ""):
        with pytest.raises(ClientError) as exc:
            create_endpoint(unchecked, name=name)
        assert code(exc) == "BadRequestException"
    create_endpoint(east, name="ok_name-1")
    with pytest.raises(ClientError) as exc:
        create_endpoint(east, name="ok_name-1", secondary="eu-central-1")
    assert code(exc) == "AlreadyExistsException" and status(exc) == 400
    for call in (lambda: east.get_multi_region_endpoint(EndpointName="missing"), lambda: east.delete_multi_region_endpoint(EndpointName="missing")):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "NotFoundException" and status(exc) == 404
    for kwargs in ({"PageSize": 0}, {"PageSize": 1001}, {"NextToken": "not-a-token"}, {"NextToken": "AAAA"}):
        with pytest.raises(ClientError) as exc:
            unchecked.list_multi_region_endpoints(**kwargs)
        assert code(exc) == "BadRequestException"


def test_endpoint_listing_pages(clean_sandbox, east):
    clean_sandbox.configure(endpoint_delay=0)
    for name in ("c", "a", "b"):
        create_endpoint(east, name=name)
    first = east.list_multi_region_endpoints(PageSize=2)
    second = east.list_multi_region_endpoints(PageSize=2, NextToken=first["NextToken"])
    assert [e["EndpointName"] for e in first["MultiRegionEndpoints"]] == ["a", "b"]
    assert [e["EndpointName"] for e in second["MultiRegionEndpoints"]] == ["c"] and "NextToken" not in second
    paged = [
        e["EndpointName"]
        for page in east.get_paginator("list_multi_region_endpoints").paginate(PaginationConfig={"PageSize": 1})
        for e in page["MultiRegionEndpoints"]
    ]
    assert paged == ["a", "b", "c"]


@pytest.fixture
def global_send(clean_sandbox, monkeypatch):
    """A client of another region that sends through global endpoints, as boto3 does (SigV4A)."""
    sigv4a.enable(monkeypatch)
    client = clean_sandbox.client("sesv2", region="ap-southeast-2")
    seen = []
    client.meta.events.register("before-send.sesv2.SendEmail", lambda request, **_kw: seen.append(request))
    client.seen = seen
    return client


def test_send_through_ready_endpoint_uses_its_primary_region(clean_sandbox, east, global_send):
    clean_sandbox.configure(endpoint_delay=0)
    east.create_email_identity(EmailIdentity="sender@example.com")
    endpoint_id = create_endpoint(east)["EndpointId"]
    clean_sandbox.reset_calls()
    assert global_send.send_email(EndpointId=endpoint_id, FromEmailAddress="sender@example.com", **MESSAGE)["MessageId"]
    request = global_send.seen[-1]
    assert request.url == f"{clean_sandbox.endpoint}/v2/email/outbound-emails"
    assert request.headers["X-Amz-Region-Set"] == b"*"
    assert re.match(rb"AWS4-ECDSA-P256-SHA256 Credential=testing/\d{8}/ses/aws4_request, ", request.headers["Authorization"])
    assert clean_sandbox.calls()["services"] == {"sesv2": {"SendEmail": 1}}
    assert east.get_account()["SendQuota"]["SentLast24Hours"] == 1.0
    assert clean_sandbox.client("sesv2", region="ap-southeast-2").get_account()["SendQuota"]["SentLast24Hours"] == 0.0


def test_send_through_endpoint_needs_the_sender_in_the_primary_region(clean_sandbox, east, global_send):
    clean_sandbox.configure(endpoint_delay=0)
    clean_sandbox.client("sesv2", region="eu-west-1").create_email_identity(EmailIdentity="sender@example.com")
    endpoint_id = create_endpoint(east)["EndpointId"]
    with pytest.raises(ClientError) as exc:
        global_send.send_email(EndpointId=endpoint_id, FromEmailAddress="sender@example.com", **MESSAGE)
    assert code(exc) == "MessageRejected"


def test_send_through_unknown_or_unready_endpoint_fails(clean_sandbox, east, global_send):
    clean_sandbox.configure(endpoint_delay=30)  # moved on by the sandbox's clock, not by waiting
    east.create_email_identity(EmailIdentity="sender@example.com")
    creating = create_endpoint(east, name="creating")["EndpointId"]
    foreign = create_endpoint(clean_sandbox.client("sesv2", account="111111111111"), name="theirs")["EndpointId"]

    def send(endpoint_id):
        return global_send.send_email(EndpointId=endpoint_id, FromEmailAddress="sender@example.com", **MESSAGE)

    for endpoint_id, expected, http, word in (
        ("abcdef12.g3h", "NotFoundException", 404, "does not exist"),
        (foreign, "NotFoundException", 404, "does not exist"),
        (creating, "BadRequestException", 400, "CREATING"),
    ):
        with pytest.raises(ClientError) as exc:
            send(endpoint_id)
        assert (code(exc), status(exc)) == (expected, http) and word in exc.value.response["Error"]["Message"]
    clean_sandbox.configure(clock_offset=31)
    assert send(creating)["MessageId"]  # READY now
    east.delete_multi_region_endpoint(EndpointName="creating")
    with pytest.raises(ClientError) as exc:
        send(creating)
    assert code(exc) == "BadRequestException" and "DELETING" in exc.value.response["Error"]["Message"]
    clean_sandbox.configure(clock_offset=62)
    with pytest.raises(ClientError) as exc:
        send(creating)
    assert code(exc) == "NotFoundException"


def test_boto3_rejects_an_endpoint_id_that_is_no_host_label(clean_sandbox, global_send):
    clean_sandbox.reset_calls()
    with pytest.raises(EndpointResolutionError):
        global_send.send_email(EndpointId="not_a host", FromEmailAddress="sender@example.com", **MESSAGE)
    assert clean_sandbox.calls()["total"] == 0
