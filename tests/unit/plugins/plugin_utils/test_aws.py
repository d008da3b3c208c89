"""AWS credentials on the controller: module options, and sts:AssumeRole through a scripted boto3 session."""

import pytest
from botocore.exceptions import ClientError, NoCredentialsError

from ansible_collections.mailops.ses.plugins.plugin_utils import aws as _aws

DEFAULT_CONFIG = {"retries": {"mode": "standard", "max_attempts": 10}}
ROLE = "arn:aws:iam::123456789012:role/ses"
CREDENTIALS = {"AccessKeyId": "ASIA", "SecretAccessKey": "secret", "SessionToken": "token", "Expiration": "2025-03-10T13:00:00Z"}


@pytest.mark.parametrize(
    "args, options",
    [
        (("eu-west-1",), {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG}),
        (("eu-west-1", "eu"), {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG, "profile": "eu"}),
        (("eu-west-1", None, "http://x", {}), {"region": "eu-west-1", "aws_config": {}, "endpoint_url": "http://x"}),
        (
            ("eu-west-1", "eu", None, None, CREDENTIALS),
            {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG, "access_key": "ASIA", "secret_key": "secret", "session_token": "token"},
        ),
    ],
)
def test_module_options(args, options):
    assert _aws.module_options(*args) == options


class Sts:
    def __init__(self, outcome):
        self.outcome = outcome
        self.calls = []

    def assume_role(self, **kwargs):
        self.calls.append(kwargs)
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return {"Credentials": self.outcome}


@pytest.fixture
def sts(monkeypatch):
    made = {}

    def install(outcome):
        client = Sts(outcome)

        def session_client(service, profile=None, region_name=None, endpoint_url=None, config=None):
            made.update(profile=profile, service=service, region=region_name, endpoint_url=endpoint_url, retries=config.retries)
            return client

        monkeypatch.setattr(_aws._clients, "session_client", session_client)
        return client, made

    return install


def test_assume_role(sts):
    client, made = sts(CREDENTIALS)
    assert _aws.assume_role(ROLE, "eu-west-1", "deploy", "ext-1", "jump", "http://sts.local", {"retries": {"max_attempts": 2}}) == CREDENTIALS
    assert client.calls == [{"RoleArn": ROLE, "RoleSessionName": "deploy", "ExternalId": "ext-1"}]
    assert made == {"profile": "jump", "service": "sts", "region": "eu-west-1", "endpoint_url": "http://sts.local", "retries": {"max_attempts": 2}}


def test_assume_role_defaults(sts):
    client, made = sts(CREDENTIALS)
    _aws.assume_role(ROLE, "eu-west-1", endpoint_url="")
    assert client.calls == [{"RoleArn": ROLE, "RoleSessionName": "mailops-ses"}]
    assert (made["profile"], made["endpoint_url"], made["retries"]) == (None, None, {"mode": "standard", "max_attempts": 10})


@pytest.mark.parametrize(
    "error, message",
    [
        (
            ClientError({"Error": {"Code": "AccessDenied", "Message": "not allowed"}}, "AssumeRole"),
            "cannot assume arn:aws:iam::123456789012:role/ses: AccessDenied: not allowed",
        ),
        (NoCredentialsError(), "cannot assume arn:aws:iam::123456789012:role/ses: Unable to locate credentials"),
    ],
)
def test_assume_role_errors(sts, error, message):
    sts(error)
    with pytest.raises(_aws.SessionError) as raised:
        _aws.assume_role(ROLE, "eu-west-1")
    assert str(raised.value) == message


def test_assume_role_needs_boto3(monkeypatch):
    monkeypatch.setattr(_aws, "HAS_BOTO3", False)
    with pytest.raises(_aws.SessionError) as raised:
        _aws.assume_role(ROLE, "eu-west-1")
    assert str(raised.value) == "assuming arn:aws:iam::123456789012:role/ses needs boto3 on the controller: pip install boto3"


def test_session_options_assume_the_role_instead_of_the_profile(sts):
    client, made = sts(CREDENTIALS)
    assert _aws.session_options("eu-west-1", ROLE, None, None, "jump") == {
        "region": "eu-west-1",
        "aws_config": DEFAULT_CONFIG,
        "access_key": "ASIA",
        "secret_key": "secret",
        "session_token": "token",
    }
    assert client.calls == [{"RoleArn": ROLE, "RoleSessionName": "mailops-ses"}]
    assert made["profile"] == "jump"
    assert _aws.session_options("eu-west-1", None, None, None, "eu") == {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG, "profile": "eu"}
    assert len(client.calls) == 1
