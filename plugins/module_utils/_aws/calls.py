# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS calls at the edge: retries, "missing" as None, one error type, call counts.

Clients come from ``AnsibleAWSModule.client(..., retry_decorator=...)`` so every
call made with ``aws_retry=True`` is retried with jittered backoff on throttling
(``TooManyRequestsException``, ``Throttling``) and 5xx.  Wrappers never call
``fail_json``: they raise ``AwsError``, which modules turn into one clear failure
with the AWS error code and message.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

try:
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover - AnsibleAWSModule reports the missing library

    class BotoCoreError(Exception):
        pass

    class ClientError(Exception):
        pass


from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

READ_PREFIXES = ("get_", "list_", "describe_")
MISSING_CODES = ("NotFoundException", "NotFound", "ResourceNotFound", "ResourceNotFoundException")


def retry_decorator():
    """Jittered exponential backoff on throttling and server errors (amazon.aws's policy)."""
    return AWSRetry.jittered_backoff(retries=10, delay=1, max_delay=20, catch_extra_error_codes=["TooManyRequestsException", "Throttling"])


def route53_retry_decorator():
    """Route 53 also answers PriorRequestNotComplete while an earlier change is applied."""
    return AWSRetry.jittered_backoff(retries=10, delay=1, max_delay=20, catch_extra_error_codes=["Throttling", "PriorRequestNotComplete"])


class AwsError(Exception):
    """A failed AWS call: the operation, the AWS error code and message (and the botocore exception)."""

    def __init__(self, operation, code, message, original=None):
        self.operation = operation
        self.code = code
        self.aws_message = message
        self.original = original
        super(AwsError, self).__init__("%s failed: %s: %s" % (operation, code, message))


def call(client, operation, missing_ok=False, **kwargs):
    """``client.<operation>(**kwargs)`` with retries; NotFound -> None when ``missing_ok``."""
    try:
        return getattr(client, operation)(aws_retry=True, **kwargs)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = error.get("Code", "Unknown")
        if missing_ok and code in MISSING_CODES:
            return None
        raise AwsError(operation, code, error.get("Message", str(exc)), exc)
    except BotoCoreError as exc:
        raise AwsError(operation, exc.__class__.__name__, str(exc), exc)


class Recorder:
    """Counts the calls a module makes (returned as ``api_calls`` for accounting and tests); usable from threads."""

    def __init__(self, client):
        self.client = client
        self.reads = 0
        self.writes = 0
        self._lock = threading.Lock()

    def __call__(self, operation, missing_ok=False, **kwargs):
        with self._lock:
            if operation.startswith(READ_PREFIXES):
                self.reads += 1
            else:
                self.writes += 1
        return call(self.client, operation, missing_ok=missing_ok, **kwargs)


def server_time(response):
    """The server's clock from a response's Date header (so a skewed local clock does not matter)."""
    import email.utils
    import re

    date = ((response or {}).get("ResponseMetadata", {}).get("HTTPHeaders", {}) or {}).get("date")
    # a proxy (or a local emulator behind one) may add its own Date; the last one is the service's
    found = re.findall(r"[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT", date or "")
    if not found:
        return None
    try:
        return email.utils.parsedate_to_datetime(found[-1])
    except (TypeError, ValueError):
        return None


def fail(module, exc, msg=None):
    """Report an AwsError: AWS code and message, the operation, and no traceback."""
    if exc.original is not None:
        module.fail_json_aws(exc.original, msg=msg or "%s failed" % exc.operation)
    module.fail_json(msg=msg or str(exc), error={"code": exc.code, "message": exc.aws_message, "operation": exc.operation})
