"""The exact SES v2 requests the modules make (botocore Stubber): first run, no-op, check mode, errors."""

import base64
import copy
import hashlib

from ansible_collections.mailops.ses.plugins.modules import account, configuration_set, contact_list, email_identity, multi_region_endpoint, tenant

from .stubbed import Aws, run

DOMAIN = "example.com"
TOKENS = ["token1abcdefghijklmnopqrstuvwxyz", "token2abcdefghijklmnopqrstuvwxyz", "token3abcdefghijklmnopqrstuvwxyz"]


def identity_response(mail_from=True, configuration_set_name="transactional"):
    response = {
        "IdentityType": "DOMAIN",
        "FeedbackForwardingStatus": True,
        "VerifiedForSendingStatus": False,
        "VerificationStatus": "PENDING",
        "DkimAttributes": {
            "SigningEnabled": True,
            "Status": "PENDING",
            "Tokens": TOKENS,
            "SigningAttributesOrigin": "AWS_SES",
            "NextSigningKeyLength": "RSA_2048_BIT",
            "CurrentSigningKeyLength": "RSA_2048_BIT",
        },
        "Policies": {},
        "Tags": [],
    }
    if mail_from:
        response["MailFromAttributes"] = {"MailFromDomain": "mail." + DOMAIN, "MailFromDomainStatus": "PENDING", "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"}
    if configuration_set_name:
        response["ConfigurationSetName"] = configuration_set_name
    return response


IDENTITY_ARGS = dict(
    identity=DOMAIN, dkim={"mode": "easy", "key_length": "RSA_2048_BIT"}, mail_from={"domain": "mail." + DOMAIN}, configuration_set="transactional"
)


# -- email_identity -------------------------------------------------------------------------------
def test_email_identity_first_run_creates_then_sets_mail_from():
    aws = Aws()
    aws.expect_error("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, "NotFoundException", 404)
    aws.expect(
        "sesv2",
        "create_email_identity",
        {"EmailIdentity": DOMAIN, "DkimSigningAttributes": {"NextSigningKeyLength": "RSA_2048_BIT"}, "ConfigurationSetName": "transactional"},
        {"IdentityType": "DOMAIN", "VerifiedForSendingStatus": False},
    )
    aws.expect(
        "sesv2",
        "put_email_identity_mail_from_attributes",
        {"EmailIdentity": DOMAIN, "MailFromDomain": "mail." + DOMAIN, "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"},
    )
    aws.expect("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, identity_response())
    result = run(email_identity.main, aws, **IDENTITY_ARGS)
    assert not result.failed, result.result
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 2, "writes": 2}
    names = sorted((r["name"], r["type"]) for r in result.result["dns_records"])
    assert names == sorted([("%s._domainkey.%s." % (t, DOMAIN), "CNAME") for t in TOKENS] + [("mail.%s." % DOMAIN, "MX"), ("mail.%s." % DOMAIN, "TXT")]), names


def test_email_identity_no_op_makes_one_read():
    aws = Aws()
    aws.expect("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, identity_response())
    result = run(email_identity.main, aws, **IDENTITY_ARGS)
    assert result.result["changed"] is False
    assert result.result["api_calls"] == {"reads": 1, "writes": 0}


def test_email_identity_check_mode_predicts_without_writing():
    aws = Aws()
    aws.expect_error("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, "NotFoundException", 404)
    result = run(email_identity.main, aws, check_mode=True, **IDENTITY_ARGS)
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 1, "writes": 0}
    assert result.result["identity"]["mail_from_domain"] == "mail." + DOMAIN
    assert result.result["operations"] == ["create_email_identity", "put_email_identity_mail_from_attributes"]


def test_email_identity_updates_only_what_differs():
    current = identity_response()
    current["MailFromAttributes"]["BehaviorOnMxFailure"] = "REJECT_MESSAGE"
    current["ConfigurationSetName"] = "old-set"
    aws = Aws()
    aws.expect("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, current)
    aws.expect("sesv2", "put_email_identity_configuration_set_attributes", {"EmailIdentity": DOMAIN, "ConfigurationSetName": "transactional"})
    aws.expect(
        "sesv2",
        "put_email_identity_mail_from_attributes",
        {"EmailIdentity": DOMAIN, "MailFromDomain": "mail." + DOMAIN, "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"},
    )
    aws.expect("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, identity_response())
    result = run(email_identity.main, aws, **IDENTITY_ARGS)
    assert not result.failed, result.result["msg"]
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 2, "writes": 2}


def test_email_identity_absent_deletes():
    aws = Aws()
    aws.expect("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, identity_response())
    aws.expect("sesv2", "delete_email_identity", {"EmailIdentity": DOMAIN})
    result = run(email_identity.main, aws, identity=DOMAIN, state="absent")
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 1, "writes": 1}


def test_email_identity_aws_error_names_code_and_operation():
    aws = Aws()
    aws.expect_error(
        "sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, "AccessDeniedException", 403, "User is not authorized to perform ses:GetEmailIdentity"
    )
    result = run(email_identity.main, aws, **IDENTITY_ARGS)
    assert result.failed
    assert "AccessDeniedException" in result.result["msg"] and "get_email_identity" in result.result["msg"], result.result
    assert "User is not authorized" in result.result["msg"]


# -- configuration_set ----------------------------------------------------------------------------
def test_configuration_set_first_run_with_cloudwatch_and_sns_destinations():
    aws = Aws()
    aws.expect_error("sesv2", "get_configuration_set", {"ConfigurationSetName": "transactional"}, "NotFoundException", 404)
    aws.expect("sesv2", "create_configuration_set", {"ConfigurationSetName": "transactional"})
    # in name order
    aws.expect(
        "sesv2",
        "create_configuration_set_event_destination",
        {
            "ConfigurationSetName": "transactional",
            "EventDestinationName": "alerts",
            "EventDestination": {
                "Enabled": True,
                "MatchingEventTypes": ["BOUNCE", "COMPLAINT"],
                "SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:111111111111:ses-alerts"},
            },
        },
    )
    aws.expect(
        "sesv2",
        "create_configuration_set_event_destination",
        {
            "ConfigurationSetName": "transactional",
            "EventDestinationName": "metrics",
            "EventDestination": {
                "Enabled": True,
                "MatchingEventTypes": ["BOUNCE", "COMPLAINT", "DELIVERY", "SEND"],
                "CloudWatchDestination": {
                    "DimensionConfigurations": [{"DimensionName": "ses:from-domain", "DimensionValueSource": "MESSAGE_TAG", "DefaultDimensionValue": DOMAIN}]
                },
            },
        },
    )
    result = run(
        configuration_set.main,
        aws,
        name="transactional",
        event_destinations=[
            {
                "name": "metrics",
                "matching_event_types": ["SEND", "DELIVERY", "BOUNCE", "COMPLAINT"],
                "cloudwatch": {"dimensions": [{"name": "ses:from-domain", "source": "message_tag", "default": DOMAIN}]},
            },
            {"name": "alerts", "matching_event_types": ["BOUNCE", "COMPLAINT"], "sns": {"topic_arn": "arn:aws:sns:us-east-1:111111111111:ses-alerts"}},
        ],
    )
    assert not result.failed, result.result["msg"]
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 1, "writes": 3}


def test_configuration_set_no_op_reads_only():
    aws = Aws()
    aws.expect(
        "sesv2",
        "get_configuration_set",
        {"ConfigurationSetName": "transactional"},
        {"ConfigurationSetName": "transactional", "SendingOptions": {"SendingEnabled": True}, "Tags": []},
    )
    aws.expect(
        "sesv2",
        "get_configuration_set_event_destinations",
        {"ConfigurationSetName": "transactional"},
        {
            "EventDestinations": [
                {
                    "Name": "alerts",
                    "Enabled": True,
                    "MatchingEventTypes": ["BOUNCE", "COMPLAINT"],
                    "SnsDestination": {"TopicArn": "arn:aws:sns:us-east-1:111111111111:ses-alerts"},
                }
            ]
        },
    )
    result = run(
        configuration_set.main,
        aws,
        name="transactional",
        event_destinations=[
            {"name": "alerts", "matching_event_types": ["COMPLAINT", "BOUNCE"], "sns": {"topic_arn": "arn:aws:sns:us-east-1:111111111111:ses-alerts"}}
        ],
    )
    assert not result.failed, result.result["msg"]
    assert result.result["changed"] is False
    assert result.result["api_calls"] == {"reads": 2, "writes": 0}


# -- contact_list ---------------------------------------------------------------------------------
TOPICS = [
    {"name": "newsletter", "display_name": "Monthly newsletter", "default_subscription_status": "OPT_IN"},
    {"name": "offers", "display_name": "Special offers"},
]


def test_contact_list_create_keeps_topics_and_description():
    aws = Aws()
    aws.expect_error("sesv2", "get_contact_list", {"ContactListName": "customers"}, "NotFoundException", 404)
    aws.expect(
        "sesv2",
        "create_contact_list",
        {
            "ContactListName": "customers",
            "Description": "Everyone who bought something",
            "Topics": [
                {"TopicName": "newsletter", "DisplayName": "Monthly newsletter", "DefaultSubscriptionStatus": "OPT_IN"},
                {"TopicName": "offers", "DisplayName": "Special offers", "DefaultSubscriptionStatus": "OPT_OUT"},
            ],
        },
    )
    result = run(contact_list.main, aws, name="customers", description="Everyone who bought something", topics=copy.deepcopy(TOPICS))
    assert not result.failed, result.result["msg"]
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 1, "writes": 1}


def test_contact_list_check_mode_makes_no_write():
    aws = Aws()
    aws.expect_error("sesv2", "get_contact_list", {"ContactListName": "customers"}, "NotFoundException", 404)
    result = run(contact_list.main, aws, check_mode=True, name="customers", topics=copy.deepcopy(TOPICS))
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 1, "writes": 0}


# -- account --------------------------------------------------------------------------------------
def account_response(**overrides):
    response = {
        "DedicatedIpAutoWarmupEnabled": False,
        "EnforcementStatus": "HEALTHY",
        "ProductionAccessEnabled": False,
        "SendQuota": {"Max24HourSend": 200.0, "MaxSendRate": 1.0, "SentLast24Hours": 0.0},
        "SendingEnabled": True,
        "SuppressionAttributes": {"SuppressedReasons": []},
    }
    response.update(overrides)
    return response


def test_account_requests_production_access_and_suppression():
    aws = Aws()
    aws.expect("sesv2", "get_account", {}, account_response())
    aws.expect(
        "sesv2",
        "put_account_details",
        {
            "MailType": "TRANSACTIONAL",
            "WebsiteURL": "https://example.com",
            "UseCaseDescription": "Order confirmations and password resets.",
            "AdditionalContactEmailAddresses": ["mail-ops@example.com"],
            "ContactLanguage": "EN",
            "ProductionAccessEnabled": True,
        },
    )
    aws.expect("sesv2", "put_account_suppression_attributes", {"SuppressedReasons": ["BOUNCE", "COMPLAINT"]})
    aws.expect(
        "sesv2",
        "get_account",
        {},
        account_response(
            SuppressionAttributes={"SuppressedReasons": ["BOUNCE", "COMPLAINT"]},
            Details={
                "MailType": "TRANSACTIONAL",
                "WebsiteURL": "https://example.com",
                "UseCaseDescription": "Order confirmations and password resets.",
                "AdditionalContactEmailAddresses": ["mail-ops@example.com"],
                "ReviewDetails": {"Status": "PENDING", "CaseId": "case-1"},
            },
        ),
    )
    result = run(
        account.main,
        aws,
        production_access={
            "mail_type": "TRANSACTIONAL",
            "website_url": "https://example.com",
            "use_case_description": "Order confirmations and password resets.",
            "additional_contact_email_addresses": ["mail-ops@example.com"],
        },
        suppression_reasons=["BOUNCE", "COMPLAINT"],
    )
    assert not result.failed, result.result["msg"]
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 2, "writes": 2}


# -- BYODKIM, legacy verification token, tags -----------------------------------------------------
def test_email_identity_byodkim_legacy_token_and_tags():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    # SES wants the PKCS#1 DER in base64 (the input here is PKCS#8 PEM); the public key's fingerprint is a tag
    bare = base64.b64encode(
        key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    ).decode()
    public = base64.b64encode(key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    fingerprint = hashlib.sha256(public.encode()).hexdigest()[:32]
    created = identity_response(mail_from=False, configuration_set_name=None)
    created["DkimAttributes"] = {"SigningEnabled": True, "Status": "PENDING", "SigningAttributesOrigin": "EXTERNAL", "Tokens": ["s1"]}
    created["Tags"] = [{"Key": "team", "Value": "mail"}, {"Key": "mailops:dkim-key-fingerprint", "Value": "x"}]
    aws = Aws()
    aws.expect_error("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, "NotFoundException", 404)
    aws.expect(
        "sesv2",
        "create_email_identity",
        {
            "EmailIdentity": DOMAIN,
            "DkimSigningAttributes": {"DomainSigningSelector": "s1", "DomainSigningPrivateKey": bare},
            "Tags": [{"Key": "mailops:dkim-key-fingerprint", "Value": fingerprint}, {"Key": "team", "Value": "mail"}],
        },
        {"IdentityType": "DOMAIN", "VerifiedForSendingStatus": False},
    )
    aws.expect("ses", "verify_domain_identity", {"Domain": DOMAIN}, {"VerificationToken": "legacy-token"})
    # the token VerifyDomainIdentity gave is the one the records use: it is not read again (GetIdentityVerificationAttributes)
    aws.expect("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, created)
    result = run(
        email_identity.main, aws, identity=DOMAIN, verification_txt=True, tags={"team": "mail"}, dkim={"mode": "byodkim", "selector": "s1", "private_key": pem}
    )
    assert not result.failed, result.result["msg"]
    assert pem not in str(result.result) and bare not in str(result.result), "the private key is in the result"
    records = {(r["name"], r["type"]): r["values"] for r in result.result["dns_records"]}
    assert records[("_amazonses.%s." % DOMAIN, "TXT")] == ["legacy-token"]
    assert result.result["api_calls"] == {"reads": 2, "writes": 2}


# -- email_identity: a Deterministic Easy DKIM replica ------------------------------------------------
def test_email_identity_replica_names_its_parent_region_and_needs_no_dkim_records():
    aws = Aws()
    aws.expect_error("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, "NotFoundException", 404)
    aws.expect("sesv2", "create_email_identity", {"EmailIdentity": DOMAIN, "DkimSigningAttributes": {"DomainSigningAttributesOrigin": "AWS_SES_EU_WEST_1"}})
    replica = identity_response(configuration_set_name=None)
    replica["DkimAttributes"]["SigningAttributesOrigin"] = "AWS_SES_EU_WEST_1"
    aws.expect("sesv2", "get_email_identity", {"EmailIdentity": DOMAIN}, replica)
    result = run(email_identity.main, aws, identity=DOMAIN, dkim={"mode": "replica", "parent_region": "eu-west-1"})
    assert not result.failed, result.result
    assert result.result["identity"]["dkim"]["parent_region"] == "eu-west-1"
    assert [r["type"] for r in result.result["dns_records"]] == ["MX", "TXT"]  # MAIL FROM only


def test_email_identity_replica_refuses_a_key_length_before_any_call():
    result = run(email_identity.main, Aws(), identity=DOMAIN, dkim={"mode": "replica", "parent_region": "us-east-1", "key_length": "RSA_1024_BIT"})
    assert result.failed
    assert result.result["problems"] == [
        "dkim.key_length: a replica signs with the Easy DKIM key of its parent identity, whose key length it follows; "
        "set the key length on the parent in us-east-1",
        "dkim.parent_region us-east-1 is this identity's own region; the parent of a replica is in another region of the same account",
    ]


# -- multi_region_endpoint ----------------------------------------------------------------------------
ENDPOINT = {
    "EndpointName": "global",
    "EndpointId": "abcdef12.g3h",
    "Routes": [{"Region": "us-east-1"}, {"Region": "us-west-2"}],
    "Status": "CREATING",
}


def test_multi_region_endpoint_first_run_creates_with_tags():
    aws = Aws()
    aws.expect_error("sesv2", "get_multi_region_endpoint", {"EndpointName": "global"}, "NotFoundException", 404)
    aws.expect(
        "sesv2",
        "create_multi_region_endpoint",
        {"EndpointName": "global", "Details": {"RoutesDetails": [{"Region": "us-west-2"}]}, "Tags": [{"Key": "team", "Value": "ops"}]},
        {"Status": "CREATING", "EndpointId": "abcdef12.g3h"},
    )
    aws.expect("sesv2", "get_multi_region_endpoint", {"EndpointName": "global"}, ENDPOINT)
    result = run(multi_region_endpoint.main, aws, name="global", secondary_region="us-west-2", tags={"team": "ops"})
    assert not result.failed, result.result
    assert result.result["api_calls"] == {"reads": 2, "writes": 1}
    assert result.result["multi_region_endpoint"]["endpoint_id"] == "abcdef12.g3h"


def test_multi_region_endpoint_no_op_and_absent():
    aws = Aws()
    aws.expect("sesv2", "get_multi_region_endpoint", {"EndpointName": "global"}, dict(ENDPOINT, Status="READY"))
    result = run(multi_region_endpoint.main, aws, name="global", secondary_region="us-west-2", wait=True)
    assert (result.result["changed"], result.result["api_calls"]) == (False, {"reads": 1, "writes": 0})
    aws = Aws()
    aws.expect("sesv2", "get_multi_region_endpoint", {"EndpointName": "global"}, dict(ENDPOINT, Status="READY"))
    aws.expect("sesv2", "delete_multi_region_endpoint", {"EndpointName": "global"}, {"Status": "DELETING"})
    aws.expect("sesv2", "get_multi_region_endpoint", {"EndpointName": "global"}, dict(ENDPOINT, Status="DELETING"))
    result = run(multi_region_endpoint.main, aws, name="global", state="absent")
    assert (result.result["changed"], result.result["multi_region_endpoint"]["status"]) == (True, "DELETING")


# -- tenant -------------------------------------------------------------------------------------------
TENANT_ARN = "arn:aws:ses:us-east-1:123456789012:tenant/marketing/tn-0123456789abcdef0123456789abc"
TENANT = {"TenantName": "marketing", "TenantId": "tn-0123456789abcdef0123456789abc", "TenantArn": TENANT_ARN, "SendingStatus": "ENABLED"}
POLICY = "arn:aws:ses:us-east-1:aws:reputation-policy/strict"


def test_tenant_first_run_creates_associates_and_sets_the_policy_on_the_new_arn():
    aws = Aws()
    aws.expect_error("sesv2", "get_tenant", {"TenantName": "marketing"}, "NotFoundException", 404)
    aws.expect("sts", "get_caller_identity", {}, {"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/ci", "UserId": "AIDA"})
    aws.expect("sesv2", "create_tenant", {"TenantName": "marketing", "Tags": [{"Key": "team", "Value": "m"}]}, TENANT)
    aws.expect(
        "sesv2", "create_tenant_resource_association", {"TenantName": "marketing", "ResourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com"}
    )
    aws.expect("sesv2", "get_tenant", {"TenantName": "marketing"}, {"Tenant": TENANT})  # the new tenant's ARN, for the policy
    aws.expect(
        "sesv2",
        "update_reputation_entity_policy",
        {"ReputationEntityType": "RESOURCE", "ReputationEntityReference": TENANT_ARN, "ReputationEntityPolicy": POLICY},
    )
    aws.expect("sesv2", "get_tenant", {"TenantName": "marketing"}, {"Tenant": TENANT})
    aws.expect(
        "sesv2",
        "list_tenant_resources",
        {"TenantName": "marketing"},
        {"TenantResources": [{"ResourceType": "EMAIL_IDENTITY", "ResourceArn": "arn:aws:ses:us-east-1:123456789012:identity/example.com"}]},
    )
    aws.expect(
        "sesv2",
        "get_reputation_entity",
        {"ReputationEntityType": "RESOURCE", "ReputationEntityReference": TENANT_ARN},
        {"ReputationEntity": {"ReputationManagementPolicy": POLICY, "CustomerManagedStatus": {"Status": "ENABLED"}, "SendingStatusAggregate": "ENABLED"}},
    )
    result = run(tenant.main, aws, name="marketing", tags={"team": "m"}, reputation_policy="strict", resources=[{"type": "identity", "name": "Example.com"}])
    assert not result.failed, result.result
    assert result.result["operations"] == ["create_tenant", "create_tenant_resource_association", "update_reputation_entity_policy"]
    assert (result.result["tenant"]["reputation_policy"], result.result["tenant"]["resources"]) == ("strict", [{"type": "identity", "name": "example.com"}])


def test_tenant_check_mode_makes_no_write_and_no_account_lookup_when_nothing_is_associated():
    aws = Aws()
    aws.expect_error("sesv2", "get_tenant", {"TenantName": "marketing"}, "NotFoundException", 404)
    result = run(tenant.main, aws, check_mode=True, name="marketing", reputation_policy="none")
    assert result.result["changed"] is True
    assert result.result["api_calls"] == {"reads": 1, "writes": 0}
    assert result.result["tenant"]["reputation_policy"] == "none" and result.result["tenant"]["arn"] is None
