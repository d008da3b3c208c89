#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: email_identity
short_description: Manage an Amazon SES v2 email identity (domain or address) with DKIM and MAIL FROM
version_added: 0.1.0
description:
  - Creates, updates and deletes an SES v2 email identity in one account and region.
  - Domains get Easy DKIM (with a key length) or BYODKIM (your own RSA key and selector), an optional custom
    MAIL FROM domain, a default configuration set, feedback forwarding, sending-authorization policies and tags.
  - Returns RV(dns_records), the exact record sets the identity needs in DNS, ready for
    M(mailops.ses.dns_record_sets).
  - Every option is validated before any API call. A run with nothing to change makes no write call, and check
    mode predicts the real run without writing.
author:
  - mailops.ses maintainers (@mailops)
options:
  identity:
    description:
      - A domain (V(example.com)) or an email address (V(sender@example.com)).
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the identity; V(absent) deletes it (a missing identity is not an error).
    type: str
    choices: [present, absent]
    default: present
  dkim:
    description:
      - DKIM signing for a domain identity. Leave unset to keep what SES has (Easy DKIM for new identities).
      - Switching between Easy DKIM and BYODKIM leaves mail unsigned while the new status is PENDING.
    type: dict
    suboptions:
      mode:
        description: V(easy) for Easy DKIM (SES keys, three CNAMEs), V(byodkim) for your own key (one TXT).
        type: str
        choices: [easy, byodkim]
        default: easy
      key_length:
        description:
          - Easy DKIM key length. SES allows one change per 24 hours; the module refuses a second change early.
        type: str
        choices: [RSA_1024_BIT, RSA_2048_BIT]
      selector:
        description: BYODKIM selector, 1-63 letters, digits or C(-).
        type: str
      private_key:
        description:
          - BYODKIM RSA private key (1024-2048 bits), PEM or its bare base64 body. Never logged or returned.
        type: str
      private_key_path:
        description:
          - A file on the host running the module that holds the BYODKIM private key (PEM).
          - With O(dkim.generate_key=true) a new 2048-bit key is written there (mode 0600) when the file is missing.
        type: path
      generate_key:
        description: Generate the BYODKIM key pair into O(dkim.private_key_path) when the file does not exist.
        type: bool
        default: false
      signing_enabled:
        description: Whether SES signs mail from this identity with DKIM.
        type: bool
  mail_from:
    description:
      - Custom MAIL FROM domain, so that SPF aligns with the From domain. An empty O(mail_from.domain) removes it.
    type: dict
    suboptions:
      domain:
        description: A subdomain of the identity's domain that does not receive mail, for example V(mail.example.com).
        type: str
        required: true
      behavior_on_mx_failure:
        description: What SES does when the MAIL FROM MX record is missing.
        type: str
        choices: [USE_DEFAULT_VALUE, REJECT_MESSAGE]
        default: USE_DEFAULT_VALUE
  configuration_set:
    description: Default configuration set of the identity; an empty string removes it.
    type: str
  feedback_forwarding:
    description: Whether SES forwards bounces and complaints by email.
    type: bool
  policies:
    description:
      - Sending-authorization policies by name (JSON text or a dict). Unset leaves policies alone.
    type: dict
  purge_policies:
    description: Delete policies not listed in O(policies).
    type: bool
    default: true
  verification_txt:
    description:
      - Also obtain the legacy TXT verification token (SES v1 C(VerifyDomainIdentity)) and return the
        C(_amazonses) record, for organisations that verify that way (one value per SES instance).
    type: bool
    default: false
  record_ttl:
    description: TTL of the records in RV(dns_records).
    type: int
    default: 300
  wait:
    description:
      - Wait until verification, DKIM and MAIL FROM reach SUCCESS. Fails on FAILED or at O(wait_timeout), naming
        the record SES did not find.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true).
    type: int
    default: 600
  wait_delay:
    description: Seconds between checks with O(wait=true).
    type: int
    default: 10
extends_documentation_fragment:
  - amazon.aws.tags
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - Check mode and diff mode are supported. DKIM tokens SES has not generated yet appear as placeholders
    (C(pending-dkim-token-N)) and such records carry C(placeholder=true).
  - BYODKIM keys are tracked by a non-secret fingerprint kept in the C(mailops:dkim-key-fingerprint) tag.
seealso:
  - module: mailops.ses.email_identity_info
  - module: mailops.ses.dns_record_sets
"""

EXAMPLES = r"""
- name: A sending domain with Easy DKIM (2048-bit) and a custom MAIL FROM
  mailops.ses.email_identity:
    identity: example.com
    region: us-east-1
    dkim:
      key_length: RSA_2048_BIT
    mail_from:
      domain: mail.example.com
    configuration_set: transactional
    tags:
      team: payments
  register: identity

- name: Publish what SES needs
  mailops.ses.dns_record_sets:
    provider: route53
    zone: example.com
    record_sets: "{{ identity.dns_records }}"

- name: Bring your own DKIM key, generated once on the controller
  mailops.ses.email_identity:
    identity: marketing.example.com
    dkim:
      mode: byodkim
      selector: mkt2024
      private_key_path: /etc/mailops/dkim/marketing.pem
      generate_key: true

- name: Verify the legacy way too and wait for SES to see the records
  mailops.ses.email_identity:
    identity: example.com
    verification_txt: true
    wait: true
    wait_timeout: 900

- name: An address identity (no DNS records needed)
  mailops.ses.email_identity:
    identity: alerts@example.com

- name: Remove an identity
  mailops.ses.email_identity:
    identity: old.example.com
    state: absent
"""

RETURN = r"""
identity:
  description: The identity after the run (predicted in check mode); empty after O(state=absent).
  returned: always
  type: dict
  contains:
    identity:
      description: The identity name.
      type: str
      sample: example.com
    identity_type:
      description: C(DOMAIN) or C(EMAIL_ADDRESS).
      type: str
    verified_for_sending:
      description: Whether SES lets you send from it.
      type: bool
    verification_status:
      description: C(PENDING), C(SUCCESS), C(FAILED), C(TEMPORARY_FAILURE) or C(NOT_STARTED).
      type: str
    dkim:
      description: DKIM origin, status, tokens, selector, signing hosted zone and key lengths.
      type: dict
    mail_from_domain:
      description: The custom MAIL FROM domain, if any.
      type: str
    mail_from_status:
      description: Status of the MAIL FROM domain.
      type: str
    behavior_on_mx_failure:
      description: What SES does when the MAIL FROM MX is missing.
      type: str
    configuration_set:
      description: Default configuration set.
      type: str
    feedback_forwarding:
      description: Whether feedback forwarding is on.
      type: bool
    policies:
      description: Sending-authorization policies by name.
      type: dict
    tags:
      description: Tags (without the module's own fingerprint tag).
      type: dict
    verification_token:
      description: Legacy TXT verification token with O(verification_txt=true).
      type: str
dns_records:
  description: The record sets this identity needs in DNS (absolute names).
  returned: always
  type: list
  elements: dict
  sample:
    - name: abcdef._domainkey.example.com.
      type: CNAME
      ttl: 300
      values: [abcdef.dkim.amazonses.com.]
    - name: mail.example.com.
      type: MX
      ttl: 300
      values: ["10 feedback-smtp.us-east-1.amazonses.com."]
public_key:
  description: The BYODKIM public key (base64), for the DKIM TXT record. The private key is never returned.
  returned: when O(dkim.mode=byodkim)
  type: str
api_calls:
  description: Calls the module made, by operation (reads and writes).
  returned: always
  type: dict
"""

import os
import time

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.mailops.ses.plugins.module_utils import _dkim_keys, _identity, _ses


def argument_spec():
    return dict(
        identity=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        dkim=dict(type="dict", options=dict(
            mode=dict(type="str", choices=["easy", "byodkim"], default="easy"),
            key_length=dict(type="str", choices=list(_identity.KEY_LENGTHS)),
            selector=dict(type="str"),
            private_key=dict(type="str", no_log=True),
            private_key_path=dict(type="path"),
            generate_key=dict(type="bool", default=False),
            signing_enabled=dict(type="bool"),
        )),
        mail_from=dict(type="dict", options=dict(
            domain=dict(type="str", required=True),
            behavior_on_mx_failure=dict(type="str", choices=list(_identity.MX_FAILURE), default="USE_DEFAULT_VALUE"),
        )),
        configuration_set=dict(type="str"),
        feedback_forwarding=dict(type="bool"),
        policies=dict(type="dict"),
        purge_policies=dict(type="bool", default=True),
        verification_txt=dict(type="bool", default=False),
        record_ttl=dict(type="int", default=300),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        wait_delay=dict(type="int", default=10),
    )


class IdentityRunner:
    def __init__(self, module):
        self.module = module
        self.ses = _ses.Recorder(module.client("sesv2", retry_decorator=_ses.retry_decorator()))
        self._v1 = None
        self._sts = None

    def v1(self, operation, **kwargs):
        if self._v1 is None:
            self._v1 = _ses.Recorder(self.module.client("ses", retry_decorator=_ses.retry_decorator()))
        return self._v1(operation, **kwargs)

    def api_calls(self):
        recorders = [r for r in (self.ses, self._v1, self._sts) if r is not None]
        return {"reads": sum(r.reads for r in recorders), "writes": sum(r.writes for r in recorders)}

    def account_id(self):
        self._sts = _ses.Recorder(self.module.client("sts", retry_decorator=_ses.retry_decorator()))
        return self._sts("get_caller_identity")["Account"]

    def read(self, name, kind, want_token):
        response = self.ses("get_email_identity", missing_ok=True, EmailIdentity=name)
        token = None
        if response is not None and want_token and kind == "DOMAIN":
            attrs = self.v1("get_identity_verification_attributes", Identities=[name])["VerificationAttributes"]
            token = (attrs.get(name) or {}).get("VerificationToken")
        return _identity.view(name, response, token), response


def load_key(module, dkim):
    """Resolve dkim.private_key_path / generate_key into dkim.private_key (text stays in memory only)."""
    if not dkim or dkim.get("mode") != "byodkim" or dkim.get("private_key") or not dkim.get("private_key_path"):
        return dkim
    path = dkim["private_key_path"]
    dkim = dict(dkim)
    if os.path.exists(path):
        with open(path) as handle:
            dkim["private_key"] = handle.read()
    elif dkim.get("generate_key"):
        if not _dkim_keys.HAS_CRYPTOGRAPHY:
            module.fail_json(msg="dkim.generate_key needs the 'cryptography' Python library")
        key = _dkim_keys.generate_private_key()
        dkim["private_key"] = _dkim_keys.pem(key)
        if not module.check_mode:
            directory = os.path.dirname(os.path.abspath(path))
            if not os.path.isdir(directory):
                module.fail_json(msg="dkim.private_key_path: directory %s does not exist" % directory)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(dkim["private_key"])
    else:
        module.fail_json(msg="dkim.private_key_path %s does not exist; create it or set dkim.generate_key=true" % path)
    return dkim


def main():
    module = AnsibleAWSModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = dict(module.params)
    params["dkim"] = load_key(module, params.get("dkim"))
    try:
        desired, key = _identity.desired_from_params(params)
    except _identity.IdentityError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
    region = module.region
    runner = IdentityRunner(module)
    name = desired["identity"]
    public_key = (desired["dkim"] or {}).get("public_key")
    try:
        current, response = runner.read(name, desired["kind"], params["verification_txt"])
        if params["state"] == "absent":
            ops = [("delete_email_identity", {"EmailIdentity": name})] if current else []
            after = None
        else:
            try:
                ops = _identity.plan(current, desired, key, now=_ses.server_time(response))
            except _identity.IdentityError as exc:
                module.fail_json(msg="; ".join(exc.problems), problems=exc.problems, api_calls=runner.api_calls())
            if params["verification_txt"] and desired["kind"] == "DOMAIN" and not (current or {}).get("verification_token"):
                ops.append(("verify_domain_identity", {"Domain": name}))
            after = _identity.predict(current, desired, ops)
        if ops and not module.check_mode:
            apply(runner, name, ops)
            if params["state"] == "present":
                after, response = runner.read(name, desired["kind"], params["verification_txt"])
        # wait also when nothing changed: the usual flow is create, publish the records, rerun with wait=true
        if params["state"] == "present" and params["wait"] and not module.check_mode:
            after = wait(module, runner, name, desired, params)
    except _ses.SesError as exc:
        _ses.fail(module, exc)
    result = dict(
        changed=bool(ops),
        identity=after or {},
        dns_records=_identity.dns_records(after, region, public_key, params["record_ttl"]),
        api_calls=runner.api_calls(),
        operations=[op for op, _kwargs in ops],
    )
    if public_key:
        result["public_key"] = public_key
    if module._diff:
        result["diff"] = {"before": current or {}, "after": after or {},
                          "before_header": "%s (SES %s)" % (name, region), "after_header": "%s (SES %s)" % (name, region)}
    module.exit_json(**result)


def apply(runner, name, ops):
    arn = None
    for operation, kwargs in ops:
        if operation in ("tag_resource", "untag_resource"):
            if arn is None:  # the ARN needs the account id, looked up only when tags change
                arn = "arn:aws:ses:%s:%s:identity/%s" % (runner.module.region, runner.account_id(), name)
            kwargs = dict(kwargs, ResourceArn=arn)
        if operation == "verify_domain_identity":
            runner.v1(operation, **kwargs)
        else:
            runner.ses(operation, **kwargs)


def wait(module, runner, name, desired, params):
    """Poll until DKIM, verification and MAIL FROM are SUCCESS; fail on FAILED or timeout, naming the record."""
    deadline = time.time() + params["wait_timeout"]
    while True:
        state, _response = runner.read(name, desired["kind"], params["verification_txt"])
        pending, failed = missing_records(state, module.region)
        if failed:
            module.fail_json(msg="SES reports FAILED for %s: %s" % (name, "; ".join(failed)), identity=state,
                             api_calls=runner.api_calls())
        if not pending:
            return state
        if time.time() >= deadline:
            module.fail_json(msg="timed out after %d s waiting for SES to verify %s; still pending: %s"
                             % (params["wait_timeout"], name, "; ".join(pending)), identity=state, api_calls=runner.api_calls())
        time.sleep(params["wait_delay"])


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
        else:
            what = "DKIM CNAMEs %s" % ", ".join("%s._domainkey.%s" % (t, state["identity"]) for t in state["dkim"]["tokens"])
        (failed if dkim_status == "FAILED" else pending).append("%s (status %s)" % (what, dkim_status))
    if state["mail_from_domain"] and state["mail_from_status"] != "SUCCESS":
        what = "MAIL FROM MX %s -> 10 feedback-smtp.%s.amazonses.com" % (state["mail_from_domain"], region)
        (failed if state["mail_from_status"] == "FAILED" else pending).append("%s (status %s)" % (what, state["mail_from_status"]))
    return pending, failed


if __name__ == "__main__":
    main()
