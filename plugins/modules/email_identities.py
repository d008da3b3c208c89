#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: email_identities
short_description: Manage all the SES v2 identities of one SES instance in one task
version_added: 0.1.0
description:
  - Does what M(mailops.ses.email_identity) does, for a list of identities of one account and region, in one
    module run. Every identity is validated before the first API call, so one bad item means nothing is written.
  - This is what the P(mailops.ses.tenant#role) role uses; one run per tenant instead of one per identity keeps a
    rollout of hundreds of identities fast.
  - Waiting for verification is not part of this module; use M(mailops.ses.email_identity) with O(mailops.ses.email_identity#module:wait)
    or the P(mailops.ses.verify#role) role.
author:
  - mailops.ses maintainers (@mailops)
options:
  identities:
    description:
      - The identities, each with the options of M(mailops.ses.email_identity) (C(identity), C(state), C(dkim),
        C(mail_from), C(configuration_set), C(feedback_forwarding), C(policies), C(purge_policies),
        C(verification_txt), C(record_ttl), C(tags), C(purge_tags)).
    type: list
    elements: dict
    required: true
    suboptions:
      identity:
        description:
          - A domain (V(example.com)) or an email address (V(sender@example.com)).
        type: str
        required: true
      state:
        description:
          - V(present) creates or updates the identity; V(absent) deletes it (a missing identity is not an error).
        type: str
        choices:
          - present
          - absent
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
              - V(replica) for a Deterministic Easy DKIM replica of the identity of the same name in
                O(identities[].dkim.parent_region) of the same account (no DKIM records of its own), as with
                M(mailops.ses.email_identity). Its parent must exist first, so converge parents in an earlier task.
            type: str
            choices:
              - easy
              - byodkim
              - replica
            default: easy
          parent_region:
            description:
              - With O(identities[].dkim.mode=replica), the region of the parent identity, for example V(us-east-1).
            type: str
            version_added: 0.2.0
          key_length:
            description:
              - Easy DKIM key length. SES allows one change per 24 hours; the module refuses a second change early.
              - Refused with O(identities[].dkim.mode=replica).
            type: str
            choices:
              - RSA_1024_BIT
              - RSA_2048_BIT
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
              - With O(identities[].dkim.generate_key=true) a new 2048-bit key is written there (mode 0600) when the file is missing.
            type: path
          generate_key:
            description: Generate the BYODKIM key pair into O(identities[].dkim.private_key_path) when the file does not exist.
            type: bool
            default: false
          signing_enabled:
            description: Whether SES signs mail from this identity with DKIM.
            type: bool
      mail_from:
        description:
          - Custom MAIL FROM domain, so that SPF aligns with the From domain. An empty O(identities[].mail_from.domain) removes it.
        type: dict
        suboptions:
          domain:
            description: A subdomain of the identity's domain that does not receive mail, for example V(mail.example.com).
            type: str
            required: true
          behavior_on_mx_failure:
            description: What SES does when the MAIL FROM MX record is missing.
            type: str
            choices:
              - USE_DEFAULT_VALUE
              - REJECT_MESSAGE
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
        description: Delete policies not listed in O(identities[].policies).
        type: bool
        default: true
      verification_txt:
        description:
          - Also obtain the legacy TXT verification token (SES v1 C(VerifyDomainIdentity)) and return the C(_amazonses)
            record, for organisations that verify that way (one value per SES instance).
          - The tokens SES already has are read for all such domains of the run at once, in one SES v1
            C(GetIdentityVerificationAttributes) call per 100 domains (SES documents that call at one request per
            second).
        type: bool
        default: false
      record_ttl:
        description: TTL of the records in RV(mailops.ses.email_identity#module:dns_records). Default O(record_ttl).
        type: int
      tags:
        description:
          - Tags, as with M(mailops.ses.email_identity) (O(mailops.ses.email_identity#module:tags)).
        type: dict
        aliases:
          - resource_tags
      purge_tags:
        description:
          - Purge tags not in C(tags).
        type: bool
        default: true
  record_ttl:
    description: TTL of the records of the identities that do not set their own O(identities[].record_ttl).
    type: int
    default: 300
    version_added: 0.2.0
  concurrency:
    description:
      - How many identities are converged at once. Every call still backs off on throttling; lower it for an account
        with a low SES request rate.
    type: int
    default: 4
    version_added: 0.2.0
  defer_removal:
    description:
      - Do not delete the identities with C(state=absent) yet; read them and return their records in
        RV(retired_records), so that DNS can be cleaned up first and the identities deleted by a later run
        (an identity deleted first takes its DKIM and verification tokens with it, and nobody could tell its
        values in the zone from anyone else's any more).
    type: bool
    default: false
    version_added: 0.2.0
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
notes:
  - The C(invocation) of a successful run gives O(identities) as a count of their items (the whole arguments are in
    the result at C(-vvv) and after a failure), since at a thousand identities the echo of these inputs was a fifth
    of the data Ansible moves and copies per task, and of every job event AWX stores.
  - BYODKIM private keys (C(dkim.private_key)) are never logged or returned.
seealso:
  - module: mailops.ses.email_identity
"""

EXAMPLES = r"""
- name: Every identity of the marketing business unit
  mailops.ses.email_identities:
    region: us-east-1
    identities:
      - identity: example.com
        mail_from: {domain: mail.example.com}
        verification_txt: true
      - identity: marketing.example.com
        dkim: {key_length: RSA_2048_BIT}
        mail_from: {domain: bounce.marketing.example.com}
        configuration_set: marketing
  register: identities

- name: The records they need
  ansible.builtin.debug:
    msg: "{{ identities.results | map(attribute='dns_records') | flatten }}"
"""

RETURN = r"""
results:
  description:
    - One entry per identity, in the order given, each with C(identity), C(dns_records), C(operations),
      C(changed) and (BYODKIM) C(public_key), as M(mailops.ses.email_identity) returns them.
    - With O(defer_removal=true), an identity with C(state=absent) has C(deferred=true) and the records it has now.
  returned: always
  type: list
  elements: dict
dns_records:
  description: The records every present identity needs, all in one list.
  returned: always
  type: list
  elements: dict
  version_added: 0.2.0
records_by_identity:
  description: The records each present identity needs, by identity.
  returned: always
  type: dict
  version_added: 0.2.0
retired_records:
  description: With O(defer_removal=true), the records of the identities with C(state=absent), to take out of DNS.
  returned: always
  type: list
  elements: dict
  version_added: 0.2.0
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
  sample: {reads: 6, writes: 0}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils import _invocation
from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._parallel import in_parallel
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity
from ansible_collections.mailops.ses.plugins.module_utils._ses import runner as _identity_runner


def argument_spec():
    options = _identity_runner.identity_options()
    options["record_ttl"] = dict(type="int")
    return dict(
        identities=dict(type="list", elements="dict", required=True, options=options),
        record_ttl=dict(type="int", default=300),
        defer_removal=dict(type="bool", default=False),
        concurrency=dict(type="int", default=4),
    )


def prepare_all(module):
    """(identity params, desired, key) of every item, or a failure listing every problem before any call."""
    prepared, problems, seen = [], [], set()
    for index, params in enumerate(module.params["identities"]):
        params = dict(params, record_ttl=params["record_ttl"] if params["record_ttl"] is not None else module.params["record_ttl"])
        try:
            desired, key = _identity_runner.prepare(params, module.check_mode, module.region)
        except _identity.IdentityError as exc:
            problems.extend("identities[%d] (%s): %s" % (index, params.get("identity"), p) for p in exc.problems)
            continue
        if desired["identity"] in seen:
            problems.append("identities[%d]: %s is listed twice" % (index, desired["identity"]))
        seen.add(desired["identity"])
        prepared.append((params, desired, key))
    if problems:
        module.fail_json(msg="; ".join(problems), problems=problems)
    return prepared


def main():
    module = AnsibleAWSModule(argument_spec=argument_spec(), supports_check_mode=True)
    prepared = prepare_all(module)
    runner = _identity_runner.IdentityRunner(module)

    def one(prepared_item):
        params, desired, key = prepared_item
        try:
            if params["state"] == "absent" and module.params["defer_removal"]:
                return _identity_runner.deferred(runner, params, desired), None
            return _identity_runner.converge(runner, params, desired, key, module.check_mode), None
        except (_identity.IdentityError, AwsError) as exc:
            return None, exc

    runner.expect_tokens(desired["identity"] for params, desired, _key in prepared if params["verification_txt"] and desired["kind"] == "DOMAIN")
    outcomes = in_parallel(one, prepared, module.params["concurrency"])
    results = [result for result, _exc in outcomes if result is not None]
    for (_params, desired, _key), (_result, exc) in zip(prepared, outcomes):
        if isinstance(exc, _identity.IdentityError):
            problems = ["%s: %s" % (desired["identity"], p) for p in exc.problems]
            module.fail_json(msg="; ".join(problems), problems=exc.problems, results=results, api_calls=runner.api_calls())
        if exc is not None:
            runner.fail(exc, msg="%s: %s" % (desired["identity"], exc), results=results)
    diffs = []
    for (_params, desired, _key), result in zip(prepared, results):
        before = result.pop("before")
        if before != result["identity"]:
            header = "%s (SES %s)" % (desired["identity"], module.region)
            diffs.append({"before": before, "after": result["identity"], "before_header": header, "after_header": header})
    present = [r for r in results if r["identity"] and not r.get("deferred")]
    output = dict(
        changed=any(r["changed"] for r in results),
        results=results,
        dns_records=[record for r in present for record in r["dns_records"]],
        records_by_identity={r["identity"]["identity"]: r["dns_records"] for r in present},
        retired_records=[record for r in results if r.get("deferred") for record in r["dns_records"]],
        api_calls=runner.api_calls(),
    )
    if module._diff:
        output["diff"] = diffs
    module.exit_json(**dict(output, **_invocation.compact(module, ("identities",))))


if __name__ == "__main__":
    main()
