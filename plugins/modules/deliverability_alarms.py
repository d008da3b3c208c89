#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: deliverability_alarms
short_description: CloudWatch alarms on the bounce and complaint rates of an SES tenant's domains and configuration sets
version_added: 0.2.0
description:
  - Converges the alarms of one SES instance (account and region) in one run - for every sending domain, a bounce-rate
    alarm and a warning and a critical complaint-rate alarm (metric math over the C(ses:from-domain) events); for every
    configuration set with reputation metrics, alarms on SES's C(Reputation.BounceRate) and C(Reputation.ComplaintRate).
  - Creates what is missing, updates what differs, and (O(purge=true)) deletes the alarms it created for domains and
    configuration sets that are no longer listed, so a retired domain or an offboarded tenant stops alarming.
  - The alarms it creates are named C(mailops-ses-...) and their description ends with C((mailops.ses)); an alarm
    without both is never changed or deleted, and a name taken by such an alarm is reported, not overwritten.
author:
  - mailops.ses maintainers (@mailops)
options:
  domains:
    description: Sending domains to watch.
    type: list
    elements: str
    default: []
  configuration_sets:
    description: Configuration sets with reputation metrics to watch.
    type: list
    elements: str
    default: []
  thresholds:
    description:
      - Thresholds in percent - C(bounce_rate) (5.0), C(complaint_rate_warning) (0.1), C(complaint_rate_critical) (0.3);
        C(pause_complaint_rate) is the guard's and is accepted here too.
    type: dict
    default: {}
  alarm_actions:
    description: ARNs notified when an alarm fires (for example an SNS topic).
    type: list
    elements: str
    default: []
  purge:
    description: Delete the alarms this module created that are not wanted any more.
    type: bool
    default: true
  retire_topic:
    description:
      - The name of the SNS topic the alarms notify. When no alarm of the collection is left in this account and
        region after the run, the topic is deleted too - only when it carries the tag C(mailops:managed-by) that
        the monitoring role sets on the topic it creates (a topic without it is never deleted).
    type: str
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
seealso:
  - module: mailops.ses.cloudwatch_dashboard
"""

EXAMPLES = r"""
- name: Alarms for two domains and the marketing configuration set
  mailops.ses.deliverability_alarms:
    region: us-east-1
    domains: [example.com, marketing.example.com]
    configuration_sets: [marketing]
    thresholds: {complaint_rate_critical: 0.3}
    alarm_actions: [arn:aws:sns:us-east-1:111111111111:mailops-ses-alerts]

- name: Offboarding - remove every alarm the collection made in this account and region, then its topic
  mailops.ses.deliverability_alarms:
    region: us-east-1
    domains: []
    retire_topic: mailops-ses-alerts
"""

RETURN = r"""
alarms:
  description: Names of the collection's alarms after the run (predicted in check mode).
  returned: always
  type: list
  elements: str
  sample: [mailops-ses-example-com-bounce-rate]
topic_deleted:
  description: Whether the O(retire_topic) topic is deleted by the run (predicted in check mode).
  returned: always
  type: bool
operations:
  description: The CloudWatch (and SNS) calls made (or that would be made in check mode).
  returned: always
  type: list
  elements: str
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import alarms as _alarms
from ansible_collections.mailops.ses.plugins.module_utils._deliverability.topics import find_topic


def existing_alarms(cloudwatch):
    found, token = [], None
    while True:
        kwargs = {"AlarmNamePrefix": _alarms.PREFIX, "AlarmTypes": ["MetricAlarm"]}
        if token:
            kwargs["NextToken"] = token
        page = cloudwatch("describe_alarms", **kwargs)
        found.extend(page.get("MetricAlarms", []))
        token = page.get("NextToken")
        if not token:
            return found


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            domains=dict(type="list", elements="str", default=[]),
            configuration_sets=dict(type="list", elements="str", default=[]),
            thresholds=dict(type="dict", default={}),
            alarm_actions=dict(type="list", elements="str", default=[]),
            purge=dict(type="bool", default=True),
            retire_topic=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    try:
        wanted = _alarms.desired(params["domains"], params["configuration_sets"], params["thresholds"], params["alarm_actions"])
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    run = ModuleRun(module)
    try:
        existing = existing_alarms(run.client("cloudwatch"))
        taken = _alarms.foreign_conflicts(wanted, existing)
        if taken:
            module.fail_json(msg="alarms %s exist but were not made by mailops.ses; rename or delete them" % ", ".join(taken), api_calls=run.api_calls())
        ops, before, after = _alarms.plan(wanted, existing, params["purge"])
        topic = None
        if params["retire_topic"] and not after:
            arn, _exists, managed = find_topic(run, params["retire_topic"])
            topic = arn if managed else None
        run.apply(ops, service="cloudwatch")
        topic_ops = [("delete_topic", {"TopicArn": topic})] if topic else []
        run.apply(topic_ops, service="sns")
    except AwsError as exc:
        run.fail(exc)
    run.exit(ops + topic_ops, "alarms", before, after, topic_deleted=bool(topic))


if __name__ == "__main__":
    main()
