"""Table tests for partition-aware ARNs."""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._aws import arns as _arns


@pytest.mark.parametrize(
    "arn, parsed",
    [
        ("arn:aws:iam::123456789012:user/alice", ("aws", "iam", "", "123456789012", "user/alice")),
        ("arn:aws-cn:sts::123456789012:assumed-role/deploy/session", ("aws-cn", "sts", "", "123456789012", "assumed-role/deploy/session")),
        ("arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/example.com", ("aws-us-gov", "ses", "us-gov-west-1", "123456789012", "identity/example.com")),
        ("arn:aws:s3:::bucket/key", ("aws", "s3", "", "", "bucket/key")),
        ("arn:aws:iam::aws:policy/AdministratorAccess", ("aws", "iam", "", "aws", "policy/AdministratorAccess")),
        ("arn:aws:ses:us-east-1:12345:identity/example.com", None),
        ("arn:azure:iam::123456789012:user/alice", None),
        ("arn:aws:iam::123456789012:", None),
        ("not an arn", None),
        ("", None),
        (None, None),
    ],
)
def test_parse(arn, parsed):
    assert _arns.parse(arn) == parsed
    assert _arns.partition_of(arn) == (parsed[0] if parsed else None)


@pytest.mark.parametrize(
    "region, partition",
    [
        ("us-east-1", "aws"),
        ("eu-west-1", "aws"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("us-gov-east-1", "aws-us-gov"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
        ("", "aws"),
        (None, "aws"),
    ],
)
def test_partition_for_region(region, partition):
    assert _arns.partition_for_region(region) == partition


@pytest.mark.parametrize(
    "args, arn",
    [
        (("aws", "ses", "us-east-1", "123456789012", "identity/example.com"), "arn:aws:ses:us-east-1:123456789012:identity/example.com"),
        (("aws-cn", "sns", "cn-north-1", "123456789012", "topic"), "arn:aws-cn:sns:cn-north-1:123456789012:topic"),
        (("aws", "iam", None, "123456789012", "role/r"), "arn:aws:iam::123456789012:role/r"),
        (("aws", "s3", "", None, "bucket"), "arn:aws:s3:::bucket"),
    ],
)
def test_arn(args, arn):
    assert _arns.arn(*args) == arn
    assert _arns.parse(arn)[0] == args[0]


@pytest.mark.parametrize(
    "caller_arn, region, ses_arn",
    [
        ("arn:aws:iam::123456789012:user/alice", "eu-west-1", "arn:aws:ses:eu-west-1:123456789012:identity/example.com"),
        ("arn:aws-cn:sts::123456789012:assumed-role/deploy/s", "cn-north-1", "arn:aws-cn:ses:cn-north-1:123456789012:identity/example.com"),
        ("arn:aws-us-gov:iam::123456789012:root", "us-gov-west-1", "arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/example.com"),
        # what STS reports wins over the region's partition
        ("arn:aws:iam::123456789012:user/alice", "cn-north-1", "arn:aws:ses:cn-north-1:123456789012:identity/example.com"),
        (None, "us-east-1", "arn:aws:ses:us-east-1:123456789012:identity/example.com"),
        ("garbage", "us-east-1", "arn:aws:ses:us-east-1:123456789012:identity/example.com"),
    ],
)
def test_caller_ses_arn(caller_arn, region, ses_arn):
    identity = {"Account": "123456789012", "UserId": "AIDA"}
    if caller_arn is not None:
        identity["Arn"] = caller_arn
    caller = _arns.Caller(identity)
    assert caller.account == "123456789012"
    assert caller.ses_arn(region, "identity/example.com") == ses_arn


def test_caller_ses_arn_of_other_resources():
    caller = _arns.Caller({"Account": "210987654321", "Arn": "arn:aws-us-gov:sts::210987654321:assumed-role/r/s"})
    assert caller.partition == "aws-us-gov"
    assert caller.ses_arn("us-gov-east-1", "configuration-set/bulk") == "arn:aws-us-gov:ses:us-gov-east-1:210987654321:configuration-set/bulk"
    assert caller.ses_arn("us-gov-east-1", "contact-list/news") == "arn:aws-us-gov:ses:us-gov-east-1:210987654321:contact-list/news"


@pytest.mark.parametrize(
    "name, valid",
    [
        ("us-east-1", True),
        ("us-gov-west-1", True),
        ("cn-north-1", True),
        ("ap-southeast-5", True),
        ("us-iso-east-1", True),
        ("Virginia", False),
        ("us-east", False),
        ("", False),
        (None, False),
        (42, False),
    ],
)
def test_is_region(name, valid):
    assert _arns.is_region(name) is valid
