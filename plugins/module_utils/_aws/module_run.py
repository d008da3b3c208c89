# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AWS side of one module run, and the one place that handles check mode and diff.

Every AWS module of the collection works the same way: read the current state, plan a list of
``(operation, kwargs)`` from it (pure code in ``_ses``/``_deliverability``), predict the state
after the plan, then ``apply`` the plan, which makes no call at all in check mode, and ``exit``
with ``changed``, the state, the operations, the call counts and (with ``--diff``) the diff.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from ansible_collections.mailops.ses.plugins.module_utils._aws import calls as _calls
from ansible_collections.mailops.ses.plugins.module_utils._aws import clients as _clients
from ansible_collections.mailops.ses.plugins.module_utils._aws.arns import Caller

# arguments that name the module's own resource: planned as None when the run creates it (its ARN holds an id SES
# makes up, such as a tenant's), and filled in with ``arn()`` at the first call that needs one
ARN_ARGUMENTS = ("ResourceArn", "ReputationEntityReference")


def _diff_text(value):
    """A list of names as one line each (Ansible shows list diffs only as text); anything else as it is."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "".join("%s\n" % item for item in value)
    return value


class ModuleRun:
    """Clients with retries and call counts, the caller's account and partition, apply and exit."""

    def __init__(self, module):
        self.module = module
        self._clients = {}
        self._caller = None
        self._lock = threading.RLock()  # modules read many identities or domains from a bounded pool of threads

    def client(self, service):
        """A counting client of ``service`` (``sesv2``, ``ses``, ``sts``, ``cloudwatch``...), made on first use."""
        with self._lock:
            if service not in self._clients:
                decorator = _calls.route53_retry_decorator() if service == "route53" else _calls.retry_decorator()
                self._clients[service] = _calls.Recorder(_clients.client(self.module, service, retry_decorator=decorator))
            return self._clients[service]

    def caller(self):
        """Account id and partition of the credentials in use (one ``sts:GetCallerIdentity``, only when needed)."""
        with self._lock:
            if self._caller is None:
                self._caller = Caller(self.client("sts")("get_caller_identity"))
            return self._caller

    def ses_arn(self, resource):
        return self.caller().ses_arn(self.module.region, resource)

    def api_calls(self):
        recorders = self._clients.values()
        return {"reads": sum(r.reads for r in recorders), "writes": sum(r.writes for r in recorders)}

    def apply(self, ops, service="sesv2", arn=None):
        """Make the planned calls, in order; none in check mode. ``arn()`` names the resource where a call's
        ``ResourceArn`` (tag calls) or ``ReputationEntityReference`` was planned as None."""
        if self.module.check_mode:
            return False
        resource_arn = None
        client = self.client(service)
        for operation, kwargs in ops:
            unnamed = [name for name in ARN_ARGUMENTS if name in kwargs and kwargs[name] is None]
            if unnamed:
                if resource_arn is None:
                    resource_arn = arn()
                kwargs = dict(kwargs, **dict.fromkeys(unnamed, resource_arn))
            client(operation, **kwargs)
        return bool(ops)

    def exit(self, ops, key, before, after, diff_header=None, **extra):
        """``exit_json`` with the result every AWS module of the collection returns."""
        result = dict(changed=bool(ops), operations=[op[0] for op in ops], api_calls=self.api_calls(), **extra)
        result[key] = after
        if self.module._diff:
            result["diff"] = {"before": _diff_text(before), "after": _diff_text(after)}
            if diff_header:
                result["diff"].update(before_header=diff_header, after_header=diff_header)
        self.module.exit_json(**result)

    def fail(self, exc, msg=None, **extra):
        """Report an AwsError with the AWS code and message and the calls made so far (no traceback)."""
        extra.setdefault("api_calls", self.api_calls())
        if exc.original is not None:
            self.module.fail_json_aws(exc.original, msg=msg or "%s failed" % exc.operation, **extra)
        self.module.fail_json(msg=msg or str(exc), error={"code": exc.code, "message": exc.aws_message, "operation": exc.operation}, **extra)
