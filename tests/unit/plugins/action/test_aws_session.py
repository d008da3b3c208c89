"""The aws_session action plugin, run without a playbook; sts:AssumeRole is patched."""

import pytest
from ansible.errors import AnsibleActionFail

from ansible_collections.mailops.ses.plugins.action.aws_session import ActionModule
from ansible_collections.mailops.ses.plugins.plugin_utils import aws as _aws

from .running import action, run

DEFAULT_CONFIG = {"retries": {"mode": "standard", "max_attempts": 10}}
ROLE = "arn:aws:iam::123456789012:role/ses"
CREDENTIALS = {"AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret-key", "SessionToken": "session-token", "Expiration": "2025-03-10T13:00:00Z"}


@pytest.fixture
def assume_role(monkeypatch):
    calls = []

    def fake(*args):
        calls.append(args)
        return dict(CREDENTIALS)

    monkeypatch.setattr(_aws, "assume_role", fake)
    return calls


@pytest.mark.parametrize(
    "args, aws",
    [
        ({"region": "eu-west-1"}, {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG}),
        ({"region": "eu-west-1", "profile": "eu"}, {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG, "profile": "eu"}),
        (
            {"region": "eu-west-1", "endpoint_url": "http://127.0.0.1:4566", "aws_config": {"retries": {"max_attempts": 2}}},
            {"region": "eu-west-1", "aws_config": {"retries": {"max_attempts": 2}}, "endpoint_url": "http://127.0.0.1:4566"},
        ),
        ({"region": "eu-west-1", "endpoint_url": ""}, {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG}),
    ],
)
def test_profile_or_default_credentials_make_no_aws_call(assume_role, args, aws):
    assert run(ActionModule, args, {}) == {"changed": False, "aws": aws, "assumed": False}
    assert assume_role == []


def test_a_role_is_assumed(assume_role):
    result = run(ActionModule, {"region": "cn-north-1", "role_arn": ROLE, "external_id": "ext", "endpoint_url": "http://sts.local"}, {})
    assert result == {
        "changed": False,
        "assumed": True,
        "aws": {
            "region": "cn-north-1",
            "aws_config": DEFAULT_CONFIG,
            "endpoint_url": "http://sts.local",
            "access_key": "ASIAEXAMPLE",
            "secret_key": "secret-key",
            "session_token": "session-token",
        },
    }
    assert assume_role == [(ROLE, "cn-north-1", "mailops-ses", "ext", None, "http://sts.local", None)]


def test_a_role_with_its_session_name(assume_role):
    run(ActionModule, {"region": "eu-west-1", "role_arn": ROLE, "role_session_name": "deploy"}, {})
    assert assume_role == [(ROLE, "eu-west-1", "deploy", None, None, None, None)]


def test_role_and_profile_together_fail(assume_role):
    assert run(ActionModule, {"region": "eu-west-1", "role_arn": ROLE, "profile": "eu"}, {}) == {
        "failed": True,
        "msg": "set either role_arn or profile, not both",
    }
    assert assume_role == []


def test_a_role_that_cannot_be_assumed_fails_with_the_aws_error(monkeypatch):
    def refuse(role_arn, *_args):
        raise _aws.SessionError("cannot assume %s: AccessDenied: not allowed" % role_arn)

    monkeypatch.setattr(_aws, "assume_role", refuse)
    assert run(ActionModule, {"region": "eu-west-1", "role_arn": ROLE}, {}) == {
        "failed": True,
        "msg": "cannot assume arn:aws:iam::123456789012:role/ses: AccessDenied: not allowed",
    }


def test_check_mode_is_supported(assume_role):
    assert run(ActionModule, {"region": "eu-west-1", "profile": "eu"}, {}, check_mode=True)["aws"]["profile"] == "eu"


@pytest.mark.parametrize(
    "args, message",
    [
        ({}, "missing required arguments: region"),
        (
            {"region": "eu-west-1", "bogus": 1},
            "Unsupported parameters for (mailops.ses.test) module: bogus. "
            "Supported parameters include: aws_config, endpoint_url, external_id, profile, region, role_arn, role_session_name.",
        ),
    ],
)
def test_bad_arguments(args, message):
    with pytest.raises(AnsibleActionFail) as raised:
        run(ActionModule, args, {})
    assert raised.value.message == message


def test_async_is_refused():
    module = action(ActionModule, {"region": "eu-west-1"}, name="mailops.ses.aws_session")
    module._task.async_val = 30
    with pytest.raises(AnsibleActionFail) as raised:
        module.run(task_vars={})
    assert raised.value.message == "This action (mailops.ses.aws_session) does not support async."
