"""Clients made from botocore data parsed once (the controller) and shared by the workers' module runs."""

import json

import botocore.loaders
import pytest
from botocore.config import Config
from botocore.stub import Stubber

from ansible_collections.mailops.ses.plugins.module_utils._aws import clients


class FakeModule:
    """What clients.client reads of an AnsibleAWSModule: its AWS options, and its own client() as the fallback."""

    _name = "mailops.ses.account"

    def __init__(self, **params):
        self.params = dict(
            region="eu-west-1",
            endpoint_url=None,
            access_key="AKIDEXAMPLE",
            secret_key="secret",
            session_token=None,
            profile=None,
            aws_ca_bundle=None,
            validate_certs=True,
            aws_config={"retries": {"mode": "standard", "max_attempts": 7}},
        )
        self.params.update(params)
        self.own_clients = []
        self.failures = []

    def client(self, service, retry_decorator=None):
        self.own_clients.append(service)
        return "own %s client" % service

    def fail_json(self, **kwargs):
        self.failures.append(kwargs)
        raise SystemExit(1)

    def fail_json_aws(self, exc, msg):
        self.fail_json(msg="%s: %s" % (msg, exc))


@pytest.fixture
def prepared(monkeypatch):
    """A shared loader that counts the JSON files it parses."""
    parsed = []
    original = botocore.loaders.JSONFileLoader.load_file

    def load_file(self, file_path):
        parsed.append(file_path)
        return original(self, file_path)

    monkeypatch.setattr(botocore.loaders.JSONFileLoader, "load_file", load_file)
    monkeypatch.setattr(clients, "_loader", None)
    clients.prepare(["sesv2"])
    yield parsed
    monkeypatch.setattr(clients, "_loader", None)


def test_clients_made_after_prepare_parse_no_botocore_data_again(prepared):
    assert any("sesv2" in path for path in prepared)  # prepare parsed the model (and the endpoints, partitions...)
    before = len(prepared)
    module = FakeModule()
    with clients.direct_run():
        made = [clients.client(module, "sesv2") for _attempt in range(3)]
    assert len(prepared) == before
    assert module.own_clients == []
    client = made[0]
    assert client.meta.region_name == "eu-west-1"
    assert client.meta.config.retries == {"mode": "standard", "total_max_attempts": 8}  # aws_config, as botocore keeps it
    assert "mailops.ses" in client.meta.config.user_agent
    # the client works like any other: a stubbed GetAccount
    with Stubber(client) as stub:
        stub.add_response("get_account", {"SendingEnabled": True}, {})
        assert client.get_account()["SendingEnabled"] is True


def test_a_service_that_was_not_prepared_is_parsed_once_then_shared(prepared):
    with clients.direct_run():
        clients.client(FakeModule(), "route53")
        after_first = len(prepared)
        clients.client(FakeModule(), "route53")
    assert after_first > 0 and len(prepared) == after_first


def test_outside_a_direct_run_or_unprepared_the_module_makes_its_own_client(prepared, monkeypatch):
    module = FakeModule()
    assert clients.client(module, "sesv2") == "own sesv2 client"  # a unit test's stubbed module, an AnsiballZ run
    monkeypatch.setattr(clients, "_loader", None)
    with clients.direct_run():
        assert clients.client(module, "sesv2") == "own sesv2 client"
    assert module.own_clients == ["sesv2", "sesv2"]


def test_the_endpoint_credentials_and_retry_wrapper_are_the_modules(prepared):
    module = FakeModule(endpoint_url="http://127.0.0.1:4566", session_token="token")
    retried = []

    def decorator(function):
        def wrapped(*args, **kwargs):
            retried.append(function.__name__)
            return function(*args, **kwargs)

        return wrapped

    with clients.direct_run():
        wrapped = clients.client(module, "sesv2", retry_decorator=decorator)
    client = wrapped.client
    assert client.meta.endpoint_url == "http://127.0.0.1:4566"
    credentials = client._request_signer._credentials
    assert (credentials.access_key, credentials.secret_key, credentials.token) == ("AKIDEXAMPLE", "secret", "token")
    with Stubber(client) as stub:
        stub.add_response("get_account", {}, {})
        wrapped.get_account(aws_retry=True)
    assert retried == ["get_account"]


def test_no_region_fails_the_module_with_the_amazon_aws_message(prepared, monkeypatch):
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    module = FakeModule(region=None)
    with clients.direct_run(), pytest.raises(SystemExit):
        clients.client(module, "sesv2")
    assert module.failures == [
        {"msg": "The mailops.ses.account module requires a region and none was found in configuration, environment variables or module parameters"}
    ]


def test_session_client_for_the_controllers_sts_calls(prepared):
    sts = clients.session_client("sts", region_name="us-east-1", aws_access_key_id="a", aws_secret_access_key="b", config=Config(retries={"mode": "standard"}))
    assert sts.meta.service_model.service_name == "sts"
    json.dumps(sts.meta.config.retries)


def test_one_session_per_profile_and_process(prepared):
    # a botocore session registers its event handlers when it is made: made once, not per client
    with clients.direct_run():
        first = clients.client(FakeModule(), "sesv2")
        second = clients.client(FakeModule(), "ses")
    assert first.meta.events is not second.meta.events  # each client still has its own event hooks (a copy)
    assert clients._session(None) is clients._session(None)
    assert clients._session("marketing") is not clients._session(None)
