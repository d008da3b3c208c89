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
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
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
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws import calls as _ses
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            identity=dict(type="str"),
            verification_txt=dict(type="bool", default=False),
            record_ttl=dict(type="int", default=300),
        ),
        supports_check_mode=True,
    )
    client = module.client("sesv2", retry_decorator=_ses.retry_decorator())
    params = module.params
    try:
        if not params["identity"]:
            identities, token = [], None
            while True:
                kwargs = {"PageSize": 1000}
                if token:
                    kwargs["NextToken"] = token
                page = _ses.call(client, "list_email_identities", **kwargs)
                identities.extend(
                    dict(
                        identity=i["IdentityName"],
                        identity_type=i.get("IdentityType"),
                        verification_status=i.get("VerificationStatus"),
                        sending_enabled=i.get("SendingEnabled"),
                    )
                    for i in page.get("EmailIdentities", [])
                )
                token = page.get("NextToken")
                if not token:
                    break
            module.exit_json(changed=False, identities=identities)
        try:
            kind, domain = _identity.identity_kind(params["identity"])
        except _identity.IdentityError as exc:
            module.fail_json(msg="; ".join(exc.problems))
        name = domain if kind == "DOMAIN" else "%s@%s" % (params["identity"].strip().rsplit("@", 1)[0], domain)
        response = _ses.call(client, "get_email_identity", missing_ok=True, EmailIdentity=name)
        token = None
        if response is not None and params["verification_txt"] and kind == "DOMAIN":
            v1 = module.client("ses", retry_decorator=_ses.retry_decorator())
            attrs = _ses.call(v1, "get_identity_verification_attributes", Identities=[name])["VerificationAttributes"]
            token = (attrs.get(name) or {}).get("VerificationToken")
        state = _identity.view(name, response, token)
    except _ses.SesError as exc:
        _ses.fail(module, exc)
    module.exit_json(
        changed=False, exists=state is not None, identity=state or {}, dns_records=_identity.dns_records(state, module.region, ttl=params["record_ttl"])
    )


if __name__ == "__main__":
    main()
