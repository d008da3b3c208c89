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
        description:
          - V(easy) for Easy DKIM (SES keys, three CNAMEs), V(byodkim) for your own key (one TXT).
          - V(replica) for a Deterministic Easy DKIM (DEED) replica of the identity of the same name in
            O(dkim.parent_region) of the same account. It signs with its parent's Easy DKIM key, so it needs no DKIM
            records of its own (RV(dns_records) has none; the parent's three CNAMEs serve every region). Create the
            parent first. Turning a replica into an Easy DKIM or BYODKIM identity of its own, or the other way
            round, is a planned change like any other.
        type: str
        choices: [easy, byodkim, replica]
        default: easy
      parent_region:
        description:
          - With O(dkim.mode=replica), the region of the parent identity (same account, same partition, another region),
            for example V(us-east-1). The parent must use Easy DKIM and must not be a replica itself.
        type: str
        version_added: 0.2.0
      key_length:
        description:
          - Easy DKIM key length. SES allows one change per 24 hours; the module refuses a second change early.
          - Refused with O(dkim.mode=replica), whose key length follows its parent's.
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
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
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

- name: The same domain in a second region, signing with the us-east-1 identity's key (DEED, no DKIM records)
  mailops.ses.email_identity:
    identity: example.com
    region: eu-west-1
    dkim:
      mode: replica
      parent_region: us-east-1
    mail_from:
      domain: mail-eu.example.com

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
      description:
        - DKIM origin, status, tokens, selector, signing hosted zone and key lengths.
        - C(origin) is C(AWS_SES) (Easy DKIM), C(EXTERNAL) (BYODKIM) or C(AWS_SES_<PARENT_REGION>) for a
          Deterministic Easy DKIM replica, whose C(parent_region) is set (its tokens, key lengths and status are
          its parent's) and whose C(replication_error) is the C(REPLICATION_*) error SES reports, if any.
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
operations:
  description: The SES operations the run made (or would make in check mode), in order.
  returned: always
  type: list
  elements: str
  sample: [create_email_identity, put_email_identity_mail_from_attributes]
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity
from ansible_collections.mailops.ses.plugins.module_utils._ses import runner as _identity_runner


def argument_spec():
    spec = _identity_runner.identity_options()
    spec.update(
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        wait_delay=dict(type="int", default=10),
    )
    return spec


def main():
    module = AnsibleAWSModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    try:
        desired, key = _identity_runner.prepare(params, module.check_mode, module.region)
    except _identity.IdentityError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
    runner = _identity_runner.IdentityRunner(module)
    try:
        result = _identity_runner.converge(runner, params, desired, key, module.check_mode)
        # wait also when nothing changed: the usual flow is create, publish the records, rerun with wait=true
        if params["state"] == "present" and params["wait"] and not module.check_mode:
            result["identity"] = _identity_runner.wait(runner, desired["identity"], desired["kind"], params)
    except _identity.IdentityError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems, api_calls=runner.api_calls())
    except _identity_runner.WaitError as exc:
        module.fail_json(msg=str(exc), identity=exc.state, api_calls=runner.api_calls())
    except AwsError as exc:
        runner.fail(exc)
    before = result.pop("before")
    result["api_calls"] = runner.api_calls()
    if module._diff:
        header = "%s (SES %s)" % (desired["identity"], module.region)
        result["diff"] = {"before": before, "after": result["identity"], "before_header": header, "after_header": header}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
