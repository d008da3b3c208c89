"""Run a module's ``main()`` in-process with botocore Stubbers instead of AWS.

Every expected call is given with its exact request parameters (``Stubber`` fails on any difference,
on an unexpected call and on a response that does not fit botocore's model); ``run`` then checks that
every expected call was made.
"""

import contextlib
import json
from unittest import mock

import boto3
import pytest
from ansible.module_utils import basic
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.amazon.aws.plugins.module_utils.retries import RetryingBotoClientWrapper
from botocore.stub import Stubber

CREDENTIALS = {"region": "us-east-1", "access_key": "AKIDEXAMPLE", "secret_key": "not-a-secret"}


class Exit(Exception):
    def __init__(self, failed, result):
        super(Exit, self).__init__(result.get("msg", ""))
        self.failed = failed
        self.result = result


@contextlib.contextmanager
def module_args(args):
    try:
        from ansible.module_utils.testing import patch_module_args  # ansible-core >= 2.19
    except ImportError:
        patch_module_args = None
    if patch_module_args:
        with patch_module_args(args):
            yield
    else:
        with mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()):
            yield


class Aws:
    """One stubbed client per service; ``expect(service, operation, params, response)`` in call order."""

    def __init__(self):
        self.clients, self.stubbers = {}, {}

    def stubber(self, service):
        if service not in self.clients:
            self.clients[service] = boto3.client(service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
            self.stubbers[service] = Stubber(self.clients[service])
            self.stubbers[service].activate()
        return self.stubbers[service]

    def expect(self, service, operation, params, response=None):
        self.stubber(service).add_response(operation, response or {}, params)

    def expect_error(self, service, operation, params, code, status=400, message="stubbed"):
        self.stubber(service).add_client_error(operation, service_error_code=code, service_message=message, http_status_code=status, expected_params=params)

    def client(self, service, retry_decorator=None, **_kwargs):
        self.stubber(service)
        return RetryingBotoClientWrapper(self.clients[service], retry_decorator)

    def verify(self):
        for stubber in self.stubbers.values():
            stubber.assert_no_pending_responses()


def run(main, aws, check_mode=False, **args):
    """The module's result; raises ``Exit`` with ``failed=True`` on ``fail_json``."""
    params = dict(CREDENTIALS, **args)
    if check_mode:
        params["_ansible_check_mode"] = True

    def exit_json(_self, **result):
        raise Exit(False, result)

    def fail_json(_self, **result):
        raise Exit(True, result)

    with module_args(params), mock.patch.object(AnsibleAWSModule, "client", aws.client), mock.patch.object(
        basic.AnsibleModule, "exit_json", exit_json
    ), mock.patch.object(basic.AnsibleModule, "fail_json", fail_json):
        with pytest.raises(Exit) as raised:
            main()
    if not raised.value.failed:
        aws.verify()
    return raised.value
