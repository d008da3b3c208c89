#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: email_identity_info
short_description: Read Amazon SES v2 email identities and the DNS records they need
version_added: 0.1.0
description:
  - Lists the identities of an SES instance (account and region), or returns one identity with its DKIM,
    MAIL FROM and verification status, policies, default configuration set and RV(dns_records).
  - Read-only; makes no write call.
author:
  - mailops.ses maintainers (@mailops)
options:
  identity:
    description: One identity to describe. Unset lists every identity.
    type: str
  verification_txt:
    description: Also read the legacy C(_amazonses) verification token (SES v1) for a domain.
    type: bool
    default: false
  record_ttl:
    description: TTL of the records in RV(dns_records).
    type: int
    default: 300
  wait:
    description:
      - With O(identity), poll until SES has decided about DKIM and the custom MAIL FROM domain (C(SUCCESS) or
        C(FAILED); an address until it is confirmed), and fail when O(wait_timeout) passes first, naming the records
        SES has not found. A C(FAILED) status is returned, not failed on (M(mailops.ses.email_identity) fails on it).
    type: bool
    default: false
    version_added: 0.2.0
  wait_timeout:
    description: Seconds to wait with O(wait).
    type: int
    default: 600
    version_added: 0.2.0
  wait_delay:
    description: Seconds between two reads with O(wait).
    type: int
    default: 10
    version_added: 0.2.0
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.read_only
notes:
  - SES does not return a BYODKIM public key, so the BYODKIM TXT record is absent from RV(dns_records) here;
    M(mailops.ses.email_identity) returns it.
"""

EXAMPLES = r"""
- name: Every identity of this SES instance
  mailops.ses.email_identity_info:
    region: eu-west-1
  register: all_identities

- name: What example.com still needs in DNS
  mailops.ses.email_identity_info:
    identity: example.com
    verification_txt: true
  register: info

- name: Show it
  ansible.builtin.debug:
    var: info.dns_records

- name: Wait until SES has verified DKIM and MAIL FROM of example.com (at most 10 minutes)
  mailops.ses.email_identity_info:
    identity: example.com
    wait: true
    wait_timeout: 600
"""

RETURN = r"""
identities:
  description: Identity summaries when O(identity) is unset.
  returned: when O(identity) is unset
  type: list
  elements: dict
  contains:
    identity:
      description: Name.
      type: str
    identity_type:
      description: C(DOMAIN) or C(EMAIL_ADDRESS).
      type: str
    verification_status:
      description: Verification status.
      type: str
    sending_enabled:
      description: Whether sending is enabled.
      type: bool
identity:
  description: The identity (same format as M(mailops.ses.email_identity) returns); empty when it does not exist.
  returned: when O(identity) is set
  type: dict
exists:
  description: Whether the identity exists.
  returned: when O(identity) is set
  type: bool
dns_records:
  description: The record sets the identity needs in DNS.
  returned: when O(identity) is set
  type: list
  elements: dict
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
  sample: {reads: 1, writes: 0}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity
from ansible_collections.mailops.ses.plugins.module_utils._ses import runner as _identity_runner


def argument_spec():
    return dict(
        identity=dict(type="str"),
        verification_txt=dict(type="bool", default=False),
        record_ttl=dict(type="int", default=300),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        wait_delay=dict(type="int", default=10),
    )


def list_identities(runner):
    identities, token = [], None
    while True:
        page = runner.ses("list_email_identities", PageSize=1000, **({"NextToken": token} if token else {}))
        for item in page.get("EmailIdentities", []):
            identities.append(
                dict(
                    identity=item["IdentityName"],
                    identity_type=item.get("IdentityType"),
                    verification_status=item.get("VerificationStatus"),
                    sending_enabled=item.get("SendingEnabled"),
                )
            )
        token = page.get("NextToken")
        if not token:
            return identities


def main():
    module = AnsibleAWSModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    runner = _identity_runner.IdentityRunner(module)
    try:
        if not params["identity"]:
            module.exit_json(changed=False, identities=list_identities(runner), api_calls=runner.api_calls())
        try:
            kind, name = _identity.canonical_name(params["identity"])
        except _identity.IdentityError as exc:
            module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
        state, _response = runner.read(name, kind, params["verification_txt"])
        if state is not None and params["wait"] and _identity_runner.missing_records(state, module.region)[0]:
            state = _identity_runner.wait(runner, name, kind, params, fail_on_failed=False)
    except _identity_runner.WaitError as exc:
        module.fail_json(msg=str(exc), identity=exc.state, api_calls=runner.api_calls())
    except AwsError as exc:
        runner.fail(exc)
    records = _identity.dns_records(state, module.region, ttl=params["record_ttl"])
    module.exit_json(changed=False, exists=state is not None, identity=state or {}, dns_records=records, api_calls=runner.api_calls())


if __name__ == "__main__":
    main()
