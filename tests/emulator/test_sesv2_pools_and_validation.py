"""Dedicated IP pools (STANDARD and MANAGED) and Auto Validation in the sandbox."""

import pytest
from botocore.exceptions import ClientError
from testkit.aws import error_code as code


@pytest.fixture
def ses(clean_sandbox):
    return clean_sandbox.client("sesv2")


def test_pool_lifecycle(ses):
    ses.create_dedicated_ip_pool(PoolName="marketing", ScalingMode="MANAGED", Tags=[{"Key": "use", "Value": "m"}])
    ses.create_dedicated_ip_pool(PoolName="receipts")
    assert ses.get_dedicated_ip_pool(PoolName="marketing")["DedicatedIpPool"] == {"PoolName": "marketing", "ScalingMode": "MANAGED"}
    assert ses.get_dedicated_ip_pool(PoolName="receipts")["DedicatedIpPool"] == {"PoolName": "receipts", "ScalingMode": "STANDARD"}
    assert ses.list_dedicated_ip_pools()["DedicatedIpPools"] == ["marketing", "receipts"]
    first = ses.list_dedicated_ip_pools(PageSize=1)
    assert first["DedicatedIpPools"] == ["marketing"]
    assert ses.list_dedicated_ip_pools(PageSize=1, NextToken=first["NextToken"])["DedicatedIpPools"] == ["receipts"]
    arn = "arn:aws:ses:us-east-1:123456789012:dedicated-ip-pool/marketing"
    assert ses.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "use", "Value": "m"}]
    ses.tag_resource(ResourceArn=arn, Tags=[{"Key": "mailops:managed-by", "Value": "mailops.ses"}])
    ses.untag_resource(ResourceArn=arn, TagKeys=["use"])
    assert ses.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "mailops:managed-by", "Value": "mailops.ses"}]
    with pytest.raises(ClientError) as exc:
        ses.list_tags_for_resource(ResourceArn=arn.replace("marketing", "missing"))
    assert code(exc) == "NotFoundException"
    with pytest.raises(ClientError) as exc:
        ses.create_dedicated_ip_pool(PoolName="marketing", ScalingMode="STANDARD")
    assert code(exc) == "AlreadyExistsException"
    with pytest.raises(ClientError) as exc:
        ses.create_dedicated_ip_pool(PoolName="other", ScalingMode="AUTOMATIC")
    assert code(exc) == "BadRequestException"
    ses.delete_dedicated_ip_pool(PoolName="marketing")
    assert ses.list_dedicated_ip_pools()["DedicatedIpPools"] == ["receipts"]
    for call in (lambda: ses.get_dedicated_ip_pool(PoolName="marketing"), lambda: ses.delete_dedicated_ip_pool(PoolName="marketing")):
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "NotFoundException"
    with pytest.raises(ClientError) as exc:
        ses.get_dedicated_ip_pool(PoolName="ses-shared-pool")
    assert code(exc) == "BadRequestException"


def test_pools_are_per_region_and_account(clean_sandbox, ses):
    ses.create_dedicated_ip_pool(PoolName="marketing", ScalingMode="MANAGED")
    assert clean_sandbox.client("sesv2", region="eu-west-1").list_dedicated_ip_pools()["DedicatedIpPools"] == []
    other = clean_sandbox.client("sesv2", **clean_sandbox.assume("111111111111", role="x"))
    assert other.list_dedicated_ip_pools()["DedicatedIpPools"] == []


def test_configuration_set_sending_pool_must_exist(ses):
    with pytest.raises(ClientError) as exc:
        ses.create_configuration_set(ConfigurationSetName="marketing", DeliveryOptions={"SendingPoolName": "missing"})
    assert code(exc) == "NotFoundException"
    assert ses.list_configuration_sets()["ConfigurationSets"] == []
    ses.create_dedicated_ip_pool(PoolName="marketing-ips", ScalingMode="MANAGED")
    ses.create_configuration_set(ConfigurationSetName="marketing", DeliveryOptions={"TlsPolicy": "REQUIRE", "SendingPoolName": "marketing-ips"})
    assert ses.get_configuration_set(ConfigurationSetName="marketing")["DeliveryOptions"] == {"TlsPolicy": "REQUIRE", "SendingPoolName": "marketing-ips"}
    with pytest.raises(ClientError) as exc:
        ses.put_configuration_set_delivery_options(ConfigurationSetName="marketing", SendingPoolName="missing")
    assert code(exc) == "NotFoundException"
    with pytest.raises(ClientError) as exc:
        ses.put_configuration_set_delivery_options(ConfigurationSetName="nope", SendingPoolName="marketing-ips")
    assert code(exc) == "NotFoundException"
    # the account's shared and default dedicated pools need no CreateDedicatedIpPool
    ses.put_configuration_set_delivery_options(ConfigurationSetName="marketing", SendingPoolName="ses-shared-pool")
    ses.create_configuration_set(ConfigurationSetName="receipts", DeliveryOptions={"SendingPoolName": "ses-default-dedicated-pool"})
    ses.put_configuration_set_delivery_options(ConfigurationSetName="marketing", SendingPoolName="marketing-ips")
    # a pool still named by a configuration set is not deleted (the sandbox's choice, see docs/sandbox.md)
    with pytest.raises(ClientError) as exc:
        ses.delete_dedicated_ip_pool(PoolName="marketing-ips")
    assert code(exc) == "BadRequestException" and "marketing" in exc.value.response["Error"]["Message"]
    ses.put_configuration_set_delivery_options(ConfigurationSetName="marketing", TlsPolicy="REQUIRE")
    assert ses.get_configuration_set(ConfigurationSetName="marketing")["DeliveryOptions"] == {"TlsPolicy": "REQUIRE"}
    ses.delete_dedicated_ip_pool(PoolName="marketing-ips")


THRESHOLD = {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "HIGH"}}}


def test_account_auto_validation(ses):
    assert "ValidationAttributes" not in ses.get_account()["SuppressionAttributes"]
    ses.put_account_suppression_attributes(SuppressedReasons=["BOUNCE", "COMPLAINT"], ValidationAttributes=THRESHOLD)
    assert ses.get_account()["SuppressionAttributes"] == {"SuppressedReasons": ["BOUNCE", "COMPLAINT"], "ValidationAttributes": THRESHOLD}
    managed = {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "MANAGED"}}}
    ses.put_account_suppression_attributes(SuppressedReasons=["BOUNCE"], ValidationAttributes=managed)
    assert ses.get_account()["SuppressionAttributes"]["ValidationAttributes"] == managed
    disabled = {"ConditionThreshold": {"ConditionThresholdEnabled": "DISABLED"}}
    ses.put_account_suppression_attributes(SuppressedReasons=["BOUNCE"], ValidationAttributes=disabled)
    assert ses.get_account()["SuppressionAttributes"]["ValidationAttributes"] == disabled
    ses.put_account_suppression_attributes(SuppressedReasons=["BOUNCE"])  # a PUT: what is left out is removed
    assert ses.get_account()["SuppressionAttributes"] == {"SuppressedReasons": ["BOUNCE"]}


@pytest.mark.parametrize(
    "validation",
    [
        {"ConditionThreshold": {"ConditionThresholdEnabled": "YES"}},
        {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "LOW"}}},
        {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {}}},
        {"ConditionThreshold": {}},
        {},
    ],
)
def test_auto_validation_shapes_are_checked(clean_sandbox, validation):
    """Enums and required members of the nested shapes, checked by the sandbox (boto3's own checks are off)."""
    ses = _client_side_validation_off(clean_sandbox)
    ses.create_configuration_set(ConfigurationSetName="cs")
    calls = (
        lambda: ses.put_account_suppression_attributes(SuppressedReasons=[], ValidationAttributes=validation),
        lambda: ses.put_configuration_set_suppression_options(ConfigurationSetName="cs", ValidationOptions=validation),
        lambda: ses.create_configuration_set(ConfigurationSetName="cs2", SuppressionOptions={"ValidationOptions": validation}),
    )
    for call in calls:
        with pytest.raises(ClientError) as exc:
            call()
        assert code(exc) == "BadRequestException"
    assert "ValidationAttributes" not in ses.get_account()["SuppressionAttributes"]
    assert ses.list_configuration_sets()["ConfigurationSets"] == ["cs"]


def _client_side_validation_off(clean_sandbox):
    import boto3
    from botocore.config import Config

    return boto3.client(
        "sesv2",
        endpoint_url=clean_sandbox.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(parameter_validation=False, retries={"total_max_attempts": 1}),
    )


def test_server_side_validation_of_nested_members(clean_sandbox):
    """boto3 checks required members itself; the sandbox checks them (and enums) too, as AWS does."""
    raw = _client_side_validation_off(clean_sandbox)
    with pytest.raises(ClientError) as exc:
        raw.put_account_suppression_attributes(SuppressedReasons=[], ValidationAttributes={"ConditionThreshold": {}})
    assert code(exc) == "BadRequestException" and "ConditionThresholdEnabled" in exc.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as exc:
        raw.put_account_suppression_attributes(
            ValidationAttributes={
                "ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "LOW"}}
            }
        )
    assert code(exc) == "BadRequestException" and "ConfidenceVerdictThreshold" in exc.value.response["Error"]["Message"]


def test_configuration_set_validation_options(ses):
    options = {"SuppressedReasons": ["COMPLAINT"], "ValidationOptions": THRESHOLD}
    ses.create_configuration_set(ConfigurationSetName="marketing", SuppressionOptions=options)
    assert ses.get_configuration_set(ConfigurationSetName="marketing")["SuppressionOptions"] == options
    medium = {"ConditionThreshold": {"ConditionThresholdEnabled": "ENABLED", "OverallConfidenceThreshold": {"ConfidenceVerdictThreshold": "MEDIUM"}}}
    ses.put_configuration_set_suppression_options(ConfigurationSetName="marketing", SuppressedReasons=["BOUNCE"], ValidationOptions=medium)
    assert ses.get_configuration_set(ConfigurationSetName="marketing")["SuppressionOptions"] == {"SuppressedReasons": ["BOUNCE"], "ValidationOptions": medium}
    ses.put_configuration_set_suppression_options(ConfigurationSetName="marketing", SuppressedReasons=["BOUNCE"])
    assert ses.get_configuration_set(ConfigurationSetName="marketing")["SuppressionOptions"] == {"SuppressedReasons": ["BOUNCE"]}
    with pytest.raises(ClientError) as exc:
        ses.put_configuration_set_suppression_options(ConfigurationSetName="missing", ValidationOptions=medium)
    assert code(exc) == "NotFoundException"


def test_pool_scaling_mode_standard_to_managed_only(ses):
    ses.create_dedicated_ip_pool(PoolName="receipts")
    ses.put_dedicated_ip_pool_scaling_attributes(PoolName="receipts", ScalingMode="STANDARD")  # the same mode: nothing changes
    assert ses.get_dedicated_ip_pool(PoolName="receipts")["DedicatedIpPool"]["ScalingMode"] == "STANDARD"
    ses.put_dedicated_ip_pool_scaling_attributes(PoolName="receipts", ScalingMode="MANAGED")
    assert ses.get_dedicated_ip_pool(PoolName="receipts")["DedicatedIpPool"]["ScalingMode"] == "MANAGED"
    ses.put_dedicated_ip_pool_scaling_attributes(PoolName="receipts", ScalingMode="MANAGED")
    with pytest.raises(ClientError) as exc:
        ses.put_dedicated_ip_pool_scaling_attributes(PoolName="receipts", ScalingMode="STANDARD")
    assert code(exc) == "BadRequestException" and "MANAGED to STANDARD" in exc.value.response["Error"]["Message"]
    assert ses.get_dedicated_ip_pool(PoolName="receipts")["DedicatedIpPool"]["ScalingMode"] == "MANAGED"
    for name, error in (("missing", "NotFoundException"), ("ses-shared-pool", "BadRequestException")):
        with pytest.raises(ClientError) as exc:
            ses.put_dedicated_ip_pool_scaling_attributes(PoolName=name, ScalingMode="MANAGED")
        assert code(exc) == error
