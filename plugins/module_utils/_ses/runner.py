# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Converge one SES identity: the edge around the pure ``_identity`` core, shared by
``email_identity`` (one identity) and ``email_identities`` (all identities of a tenant in one task).

Nothing here calls ``fail_json``: problems are ``IdentityError``, AWS failures ``AwsError``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import threading
import time

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import server_time
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._ses import dkim_keys as _dkim_keys
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity


def identity_options():
    """Argument spec of one identity (shared by both modules)."""
    return dict(
        identity=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        dkim=dict(
            type="dict",
            options=dict(
                mode=dict(type="str", choices=list(_identity.DKIM_MODES), default="easy"),
                parent_region=dict(type="str"),
                key_length=dict(type="str", choices=list(_identity.KEY_LENGTHS)),
                selector=dict(type="str"),
                private_key=dict(type="str", no_log=True),
                private_key_path=dict(type="path"),
                generate_key=dict(type="bool", default=False),
                signing_enabled=dict(type="bool"),
            ),
        ),
        mail_from=dict(
            type="dict",
            options=dict(
                domain=dict(type="str", required=True),
                behavior_on_mx_failure=dict(type="str", choices=list(_identity.MX_FAILURE), default="USE_DEFAULT_VALUE"),
            ),
        ),
        configuration_set=dict(type="str"),
        feedback_forwarding=dict(type="bool"),
        policies=dict(type="dict"),
        purge_policies=dict(type="bool", default=True),
        verification_txt=dict(type="bool", default=False),
        record_ttl=dict(type="int", default=300),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )


TOKENS_PER_CALL = 100  # identities per SES v1 GetIdentityVerificationAttributes call


class IdentityRunner(ModuleRun):
    """The SES v2 (and v1 for the legacy token, STS for the ARN) calls of one module run, with call counts."""

    def __init__(self, module):
        super(IdentityRunner, self).__init__(module)
        self._token_lock = threading.Lock()  # one read ahead at a time; the module's threads wait for it
        self._token_wanted = set()  # domains whose legacy tokens are read together (expect_tokens)
        self._tokens = {}  # domain -> legacy verification token (None: SES has none), read ahead

    @property
    def ses(self):
        return self.client("sesv2")

    def v1(self, operation, **kwargs):
        return self.client("ses")(operation, **kwargs)

    def expect_tokens(self, domains):
        """Domains whose legacy verification tokens this run will want: the first ``read`` that needs one of them
        reads them all, one SES v1 call per 100 (the most ``GetIdentityVerificationAttributes`` takes), instead of
        one call per domain. Nothing is read when none of them exists yet (a first run)."""
        with self._token_lock:
            self._token_wanted.update(domains)

    def _read_tokens(self, names):
        """{name: legacy verification token, None when SES has none} of ``names``, 100 per SES v1 call."""
        tokens = {}
        for start in range(0, len(names), TOKENS_PER_CALL):
            chunk = names[start : start + TOKENS_PER_CALL]
            attrs = self.v1("get_identity_verification_attributes", Identities=chunk)["VerificationAttributes"]
            tokens.update((name, (attrs.get(name) or {}).get("VerificationToken")) for name in chunk)
        return tokens

    def _token(self, name):
        """The legacy verification token SES has for ``name`` (None: none), with the expected domains' read ahead."""
        with self._token_lock:
            if name in self._token_wanted:
                if name not in self._tokens:
                    self._tokens.update(self._read_tokens(sorted(self._token_wanted.difference(self._tokens))))
                return self._tokens[name]
        return self._read_tokens([name])[name]

    def read(self, name, kind, want_token, token=None):
        """The identity as SES has it, with its legacy verification token (``token``: the one SES just gave)."""
        response = self.ses("get_email_identity", missing_ok=True, EmailIdentity=name)
        if response is not None and want_token and kind == "DOMAIN" and token is None:
            token = self._token(name)
        return _identity.view(name, response, token), response

    def apply_identity(self, name, ops):
        """The planned calls of one identity (SES v1 for the legacy token), none in check mode. Returns the legacy
        verification token when VerifyDomainIdentity gave one (so that it is not read again)."""
        self.apply([op for op in ops if op[0] != "verify_domain_identity"], arn=lambda: self.ses_arn("identity/%s" % name))
        token = None
        for operation, kwargs in ops:
            if operation == "verify_domain_identity" and not self.module.check_mode:
                token = self.v1(operation, **kwargs).get("VerificationToken")
        return token


def load_key(dkim, check_mode):
    """Resolve dkim.private_key_path / generate_key into dkim.private_key (the text stays in memory only)."""
    if not dkim or dkim.get("mode") != "byodkim" or dkim.get("private_key") or not dkim.get("private_key_path"):
        return dkim
    path = dkim["private_key_path"]
    dkim = dict(dkim)
    if os.path.exists(path):
        with open(path) as handle:
            dkim["private_key"] = handle.read()
    elif dkim.get("generate_key"):
        if not _dkim_keys.HAS_CRYPTOGRAPHY:
            raise _identity.IdentityError(["dkim.generate_key needs the 'cryptography' Python library"])
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise _identity.IdentityError(["dkim.private_key_path: directory %s does not exist" % directory])
        dkim["private_key"] = _dkim_keys.pem(_dkim_keys.generate_private_key())
        if not check_mode:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(dkim["private_key"])
    else:
        raise _identity.IdentityError(["dkim.private_key_path %s does not exist; create it or set dkim.generate_key=true" % path])
    return dkim


def prepare(params, check_mode, region=None):
    """(desired, key) for one identity's options in ``region``; raises IdentityError listing every problem."""
    params = dict(params)
    params["dkim"] = load_key(params.get("dkim"), check_mode)
    return _identity.desired_from_params(params, region)


def converge(runner, params, desired, key, check_mode):
    """Bring one identity to ``desired``; returns the module-level result of that identity."""
    region = runner.module.region
    name = desired["identity"]
    public_key = (desired["dkim"] or {}).get("public_key")
    current, response = runner.read(name, desired["kind"], params["verification_txt"])
    if params["state"] == "absent":
        ops = [("delete_email_identity", {"EmailIdentity": name})] if current else []
        after = None
    else:
        ops = _identity.plan(current, desired, key, now=server_time(response))
        if params["verification_txt"] and desired["kind"] == "DOMAIN" and not (current or {}).get("verification_token"):
            ops.append(("verify_domain_identity", {"Domain": name}))
        after = _identity.predict(current, desired, ops)
    if ops and not check_mode:
        token = runner.apply_identity(name, ops)
        if params["state"] == "present":
            after, response = runner.read(name, desired["kind"], params["verification_txt"], token=token)
    result = dict(
        changed=bool(ops),
        identity=after or {},
        dns_records=_identity.dns_records(after, region, public_key, params["record_ttl"]),
        operations=[op for op, _kwargs in ops],
        before=current or {},
    )
    if public_key:
        result["public_key"] = public_key
    return result


def deferred(runner, params, desired):
    """An identity that leaves the inventory, read but not deleted yet: the records it has now, to retire from DNS."""
    current, _response = runner.read(desired["identity"], desired["kind"], params["verification_txt"])
    return dict(
        changed=False,
        deferred=True,
        identity=current or {},
        dns_records=_identity.dns_records(current, runner.module.region, ttl=params["record_ttl"]),
        operations=[],
        before=current or {},
    )


def wait(runner, name, kind, params, fail_on_failed=True):
    """Poll until DKIM, verification and MAIL FROM are SUCCESS; WaitError on timeout, naming the records SES has not
    found, and on FAILED unless ``fail_on_failed`` is false (then a FAILED status ends the wait too)."""
    deadline = time.time() + params["wait_timeout"]
    while True:
        state, _response = runner.read(name, kind, params["verification_txt"])
        pending, failed = missing_records(state, runner.module.region)
        if failed and fail_on_failed:
            raise WaitError("SES reports FAILED for %s: %s" % (name, "; ".join(failed)), state)
        if not pending:
            return state
        if time.time() >= deadline:
            raise WaitError("timed out after %d s waiting for SES to verify %s; still pending: %s" % (params["wait_timeout"], name, "; ".join(pending)), state)
        time.sleep(params["wait_delay"])


class WaitError(Exception):
    def __init__(self, message, state):
        super(WaitError, self).__init__(message)
        self.state = state


def missing_records(state, region):
    """(pending, failed) descriptions of what SES has not found yet, each naming the record."""
    pending, failed = [], []
    if state["identity_type"] != "DOMAIN":
        if state["verification_status"] != "SUCCESS":
            pending.append("the address has not been confirmed (SES sent a verification email)")
        return pending, failed
    dkim_status = state["dkim"]["status"]
    if dkim_status != "SUCCESS":
        if state["dkim"]["origin"] == "EXTERNAL":
            what = "DKIM TXT %s._domainkey.%s" % (state["dkim"]["selector"], state["identity"])
        elif state["dkim"].get("parent_region"):
            error = state["dkim"].get("replication_error")
            what = "DKIM of the Deterministic Easy DKIM replica, which follows its parent %s in %s%s" % (
                state["identity"],
                state["dkim"]["parent_region"],
                " (SES: %s)" % error if error else "",
            )
        else:
            what = "DKIM CNAMEs %s" % ", ".join("%s._domainkey.%s" % (t, state["identity"]) for t in state["dkim"]["tokens"])
        (failed if dkim_status == "FAILED" else pending).append("%s (status %s)" % (what, dkim_status))
    if state["mail_from_domain"] and state["mail_from_status"] != "SUCCESS":
        what = "MAIL FROM MX %s -> 10 feedback-smtp.%s.amazonses.com" % (state["mail_from_domain"], region)
        (failed if state["mail_from_status"] == "FAILED" else pending).append("%s (status %s)" % (what, state["mail_from_status"]))
    return pending, failed
