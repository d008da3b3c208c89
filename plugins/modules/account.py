#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: account
short_description: Manage Amazon SES v2 account settings, including the production-access request
version_added: 0.1.0
description:
  - Requests production access (out of the SES sandbox) with the details AWS reviews, per region.
    The request is sent only when none exists yet or when its details differ; once AWS has decided, SES refuses
    changes with C(ConflictException) and the module says so.
  - Manages account-level sending, suppression reasons, Auto Validation and Virtual Deliverability Manager.
  - Returns whether the account is still in the sandbox, its send quota and its enforcement status.
author:
  - mailops.ses maintainers (@mailops)
options:
  production_access:
    description: Details of the production-access request. Unset leaves the request alone.
    type: dict
    suboptions:
      mail_type:
        description: What you send.
        type: str
        choices: [MARKETING, TRANSACTIONAL]
        required: true
      website_url:
        description: Your website.
        type: str
        required: true
      use_case_description:
        description: How you collect addresses, what you send and how you handle bounces and complaints.
        type: str
      contact_language:
        description: Language AWS uses to contact you.
        type: str
        choices: [EN, JA]
        default: EN
      additional_contact_email_addresses:
        description: Up to four more addresses AWS informs about the request.
        type: list
        elements: str
  sending_enabled:
    description: Enable or disable sending for the whole account in this region.
    type: bool
  suppression_reasons:
    description: Account-level suppression list reasons (V(BOUNCE), V(COMPLAINT)); V([]) turns suppression off.
    type: list
    elements: str
  validation:
    description:
      - Auto Validation of the account in this region (C(ValidationAttributes) of the account's suppression settings).
        SES checks each recipient address and does not send to those below the confidence threshold. Unset leaves it as
        SES has it.
      - SES keeps it together with the suppression reasons and replaces both in one call; the module always sends both,
        so setting one keeps the other (O(suppression_reasons) unset sends the reasons SES has).
      - Configuration sets can override it, see O(mailops.ses.configuration_set#module:validation).
    type: dict
    version_added: 0.2.0
    suboptions:
      enabled:
        description: Turn Auto Validation on or off.
        type: bool
        required: true
      confidence_threshold:
        description:
          - V(MEDIUM) sends to addresses with a medium or high delivery likelihood, V(HIGH) only to those with a high
            one, V(MANAGED) lets SES choose.
          - Unset keeps the threshold SES has (none on the first run, which leaves the choice to SES).
        type: str
        choices: [MEDIUM, HIGH, MANAGED]
  vdm:
    description: Virtual Deliverability Manager.
    type: dict
    suboptions:
      enabled:
        description: Turn VDM on or off.
        type: bool
        required: true
      engagement_metrics:
        description: Engagement metrics (opens, clicks).
        type: bool
      optimized_shared_delivery:
        description: Optimized shared delivery.
        type: bool
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
"""

EXAMPLES = r"""
- name: Ask for production access and keep suppression on
  mailops.ses.account:
    region: eu-west-1
    production_access:
      mail_type: TRANSACTIONAL
      website_url: https://example.com
      use_case_description: >-
        Order confirmations and password resets for customers who signed up on example.com.
        We process bounces and complaints through SNS and stop sending to those addresses.
      additional_contact_email_addresses: [mail-ops@example.com]
    suppression_reasons: [BOUNCE, COMPLAINT]
    vdm:
      enabled: true
      engagement_metrics: true
  register: account

- name: Do not send to addresses SES rates unlikely to be delivered (keeps the suppression reasons as they are)
  mailops.ses.account:
    validation:
      enabled: true
      confidence_threshold: MANAGED

- name: Still in the sandbox?
  ansible.builtin.debug:
    msg: "{{ 'sandboxed' if account.account.sandbox else 'in production' }} ({{ account.account.review_status }})"
"""

RETURN = r"""
account:
  description: The account settings after the run (predicted in check mode).
  returned: always
  type: dict
  contains:
    sandbox:
      description: True while the account is in the SES sandbox in this region.
      type: bool
    production_access_enabled:
      description: The opposite of RV(account.sandbox).
      type: bool
    review_status:
      description: Status of the production-access request (C(PENDING), C(GRANTED), C(DENIED), C(FAILED)), or null.
      type: str
    case_id:
      description: Support case of the request.
      type: str
    send_quota:
      description: C(max_24_hour_send), C(max_send_rate), C(sent_last_24_hours).
      type: dict
    enforcement_status:
      description: C(HEALTHY), C(PROBATION) or C(SHUTDOWN).
      type: str
    sending_enabled:
      description: Whether the account can send.
      type: bool
    suppression_reasons:
      description: Account-level suppression reasons.
      type: list
      elements: str
    validation:
      description:
        - Auto Validation, C({enabled, confidence_threshold}) (the threshold null when SES has none); null when it was
          never set in this region.
      type: dict
      version_added: 0.2.0
      sample: {enabled: true, confidence_threshold: MANAGED}
    vdm:
      description: VDM state.
      type: dict
    details:
      description: Production-access request details.
      type: dict
operations:
  description: The SES operations the run made (or would make in check mode).
  returned: always
  type: list
  elements: str
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
  sample: {reads: 1, writes: 0}
"""

import copy

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._ses import account as _account

DECIDED = (
    "SES refused the production-access details for %s: the request was already decided (review status %s, case %s). "
    "Changes after a decision go through AWS Support; remove or restore production_access to match the decided request."
)


def main():
    module = AnsibleAWSModule(argument_spec=_account.argument_spec(), supports_check_mode=True)
    problems = _account.validate(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems), problems=problems)
    run = ModuleRun(module)
    ses = run.client("sesv2")
    operation = None
    try:
        current = _account.view(ses("get_account"))
        ops = _account.plan(current, module.params)
        after = _account.predict(current, ops)
        for operation, kwargs, _effect in ops if not module.check_mode else ():
            ses(operation, **kwargs)
        if ops and not module.check_mode:
            after = _account.view(ses("get_account"))
    except AwsError as exc:
        if exc.code == "ConflictException" and operation == "put_account_details":
            message = DECIDED % (module.region, current["review_status"], current["case_id"])
            run.fail(exc, msg=message, account=current)
        run.fail(exc)
    run.exit(ops, "account", copy.deepcopy(current), after)


if __name__ == "__main__":
    main()
