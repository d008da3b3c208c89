#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: contact_list
short_description: Manage the Amazon SES v2 contact list (subscription management, one-click unsubscribe)
version_added: 0.1.0
description:
  - Manages the account's SES contact list and its topics. SES subscription management adds the
    C(List-Unsubscribe) and C(List-Unsubscribe-Post) (C(List-Unsubscribe=One-Click)) headers (RFC 8058) to mail sent
    with a topic, which the Gmail and Yahoo bulk-sender rules require.
  - SES allows one contact list per account and region, with at most 20 topics.
author:
  - mailops.ses maintainers (@mailops)
options:
  name:
    description: Name of the contact list.
    type: str
    required: true
  state:
    description: V(present) or V(absent).
    type: str
    choices: [present, absent]
    default: present
  description:
    description: Description of the list.
    type: str
  topics:
    description: Topics recipients can subscribe to. Unset leaves topics alone.
    type: list
    elements: dict
    suboptions:
      name:
        description: Topic name (as used in the C(TopicName) of a send).
        type: str
        required: true
      display_name:
        description: Name shown on the unsubscribe page.
        type: str
        required: true
      description:
        description: Description shown on the unsubscribe page.
        type: str
      default_subscription_status:
        description: Whether contacts are in or out of the topic until they choose.
        type: str
        choices: [OPT_IN, OPT_OUT]
        default: OPT_OUT
  purge_topics:
    description: Remove topics not listed in O(topics).
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
"""

EXAMPLES = r"""
- name: One-click unsubscribe for newsletters and offers
  mailops.ses.contact_list:
    name: customers
    description: Everyone who bought something
    topics:
      - name: newsletter
        display_name: Monthly newsletter
        default_subscription_status: OPT_IN
      - name: offers
        display_name: Special offers
"""

RETURN = r"""
contact_list:
  description: The contact list after the run; empty when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name.
      type: str
    description:
      description: Description.
      type: str
    topics:
      description: Topics, in the module's option format.
      type: list
      elements: dict
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

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._ses import contact_list as _contact_list


def main():
    module = AnsibleAWSModule(argument_spec=_contact_list.argument_spec(), supports_check_mode=True)
    problems = _contact_list.validate(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems), problems=problems)
    run = ModuleRun(module)
    name = module.params["name"]
    try:
        current = run.client("sesv2")("get_contact_list", missing_ok=True, ContactListName=name)
        ops, after = _contact_list.plan(current, module.params)
        run.apply(ops)
    except AwsError as exc:
        run.fail(exc)
    run.exit(ops, "contact_list", _contact_list.view(name, current), after)


if __name__ == "__main__":
    main()
