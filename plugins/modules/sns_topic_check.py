#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: sns_topic_check
short_description: Refuse to take over an SNS topic the collection did not make
version_added: 0.2.0
description:
  - Looks for the SNS topic O(name) in one account and region. Fails, naming the topic and the two ways on, when the
    topic exists without the tag C(mailops:managed-by) that role P(mailops.ses.monitoring#role) sets on the topic it
    creates; succeeds when the topic does not exist or carries the tag.
  - The monitoring role runs it before it converges its alert topic with M(community.aws.sns_topic), which would
    otherwise adopt someone else's topic of the same name, replace its subscriptions with the inventory's and, once the
    collection's alarms are gone, delete it.
  - Makes no change.
author:
  - mailops.ses maintainers (@mailops)
options:
  name:
    description: The topic's name.
    type: str
    required: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.read_only
seealso:
  - module: mailops.ses.deliverability_alarms
"""

EXAMPLES = r"""
- name: Only a topic the collection made is used for its alarms
  mailops.ses.sns_topic_check:
    region: us-east-1
    name: mailops-ses-alerts
"""

RETURN = r"""
arn:
  description: The topic's ARN (whether it exists or not).
  returned: always
  type: str
  sample: arn:aws:sns:us-east-1:111111111111:mailops-ses-alerts
exists:
  description: Whether the topic exists.
  returned: always
  type: bool
managed:
  description: Whether the topic exists and carries the tag C(mailops:managed-by).
  returned: always
  type: bool
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
  sample: {reads: 3, writes: 0}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import alarms as _alarms
from ansible_collections.mailops.ses.plugins.module_utils._deliverability.topics import find_topic


def main():
    module = AnsibleAWSModule(argument_spec=dict(name=dict(type="str", required=True)), supports_check_mode=True)
    run = ModuleRun(module)
    try:
        arn, exists, managed = find_topic(run, module.params["name"])
    except AwsError as exc:
        run.fail(exc)
    result = dict(changed=False, arn=arn, exists=exists, managed=managed, api_calls=run.api_calls())
    if exists and not managed:
        module.fail_json(
            msg="SNS topic %s exists but was not made by mailops.ses (no tag %s); the collection does not take it over. "
            "Set monitoring_topic_name to another name, or tag the topic %s=mailops.ses to hand it to the collection "
            "(which then sets its subscriptions and deletes it when no alarm of the collection is left)" % (arn, _alarms.TOPIC_MARKER, _alarms.TOPIC_MARKER),
            **result,
        )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
