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
    description: One identity to describe. Unset (and no O(identities)) lists every identity.
    type: str
  identities:
    description:
      - Describe several identities in one run (each as O(identity) would, at most O(concurrency) at a time, waiting
        for all of them with O(wait)); the result is in RV(results), in the order given.
    type: list
    elements: str
    version_added: 0.2.0
  known_states:
    description:
      - Identity views read earlier in the same run, as RV(mailops.ses.email_identities#module:results) hold them in
        C(identity). With O(identities), an identity whose known view is already decided for good (DKIM and the
        custom MAIL FROM domain C(SUCCESS), an address confirmed) is returned from that view without reading SES
        again; any other is read (and waited for) as usual. Saves one read per identity on a rerun.
      - A view that asks for the legacy token (O(verification_txt)) but has none is read again.
    type: list
    elements: dict
    default: []
    version_added: 0.2.0
  concurrency:
    description: With O(identities), how many identities are read (or waited for) at once.
    type: int
    default: 4
    version_added: 0.2.0
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
  - The C(invocation) of a successful run gives O(identities) and O(known_states) as a count of their items (the
    whole arguments are in the result at C(-vvv) and after a failure), since at a thousand identities the echo of
    these inputs was a fifth of the data Ansible moves and copies per task, and of every job event AWX stores.
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
records_by_identity:
  description: With O(identities), the records each identity needs, by identity (what RV(results) holds, keyed).
  returned: with O(identities)
  type: dict
  version_added: 0.2.0
results:
  description:
    - With O(identities), one entry per identity in the order given, each with C(identity) (the name), C(exists),
      C(state) (the identity as RV(identity) shows one) and C(dns_records).
  returned: with O(identities)
  type: list
  elements: dict
  version_added: 0.2.0
identities:
  description: Identity summaries when neither O(identity) nor O(identities) is set.
  returned: when neither O(identity) nor O(identities) is set
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

from ansible_collections.mailops.ses.plugins.module_utils import _invocation
from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._parallel import in_parallel
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
        identities=dict(type="list", elements="str"),
        known_states=dict(type="list", elements="dict", default=[]),
        concurrency=dict(type="int", default=4),
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


def settled(view, params, region):
    """Whether a view read earlier can stand for a read now: nothing pending or failed, the token when asked for."""
    if not isinstance(view, dict) or not view.get("identity") or "dkim" not in view or "identity_type" not in view:
        return False
    if params["verification_txt"] and view["identity_type"] == "DOMAIN" and not view.get("verification_token"):
        return False
    return _identity_runner.missing_records(view, region) == ([], [])


def describe(runner, name, params, known=None):
    """(state, dns records) of one identity, waited for with O(wait); raises IdentityError, WaitError, AwsError."""
    kind, name = _identity.canonical_name(name)
    if known is not None and settled(known, params, runner.module.region):
        return known, _identity.dns_records(known, runner.module.region, ttl=params["record_ttl"])
    state, _response = runner.read(name, kind, params["verification_txt"])
    if state is not None and params["wait"] and _identity_runner.missing_records(state, runner.module.region)[0]:
        state = _identity_runner.wait(runner, name, kind, params, fail_on_failed=False)
    return state, _identity.dns_records(state, runner.module.region, ttl=params["record_ttl"])


def main():
    module = AnsibleAWSModule(argument_spec=argument_spec(), supports_check_mode=True, mutually_exclusive=[["identity", "identities"]])
    params = module.params
    runner = _identity_runner.IdentityRunner(module)
    try:
        if not params["identity"] and params["identities"] is None:
            module.exit_json(changed=False, identities=list_identities(runner), api_calls=runner.api_calls())
        if params["identities"] is not None:
            known = {view.get("identity"): view for view in params["known_states"] if isinstance(view, dict)}
            if params["verification_txt"]:
                names = [_identity.canonical_name(name) for name in params["identities"]]
                runner.expect_tokens(name for kind, name in names if kind == "DOMAIN" and not (name in known and settled(known[name], params, module.region)))
            described = in_parallel(
                lambda name: describe(runner, name, params, known.get(_identity.canonical_name(name)[1])), params["identities"], params["concurrency"]
            )
            results = [
                dict(identity=name, exists=state is not None, state=state or {}, dns_records=records)
                for name, (state, records) in zip(params["identities"], described)
            ]
            by_identity = {r["state"]["identity"]: r["dns_records"] for r in results if r["exists"]}
            module.exit_json(
                changed=False,
                results=results,
                records_by_identity=by_identity,
                api_calls=runner.api_calls(),
                **_invocation.compact(module, ("identities", "known_states")),
            )
        state, records = describe(runner, params["identity"], params)
    except _identity.IdentityError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
    except _identity_runner.WaitError as exc:
        module.fail_json(msg=str(exc), identity=exc.state, api_calls=runner.api_calls())
    except AwsError as exc:
        runner.fail(exc)
    module.exit_json(changed=False, exists=state is not None, identity=state or {}, dns_records=records, api_calls=runner.api_calls())


if __name__ == "__main__":
    main()
