#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: configuration_set
short_description: Manage an Amazon SES v2 configuration set and its event destinations
version_added: 0.1.0
description:
  - Creates, updates and deletes an SES v2 configuration set with its sending (pause/resume), reputation metrics,
    suppression reasons, open/click tracking, delivery options, Virtual Deliverability Manager options, tags and
    event destinations (CloudWatch, SNS, Kinesis Firehose, EventBridge, Pinpoint).
  - Only what differs is updated; an option left unset is left as SES has it.
author:
  - mailops.ses maintainers (@mailops)
options:
  name:
    description: Name of the configuration set.
    type: str
    required: true
  state:
    description: V(present) or V(absent).
    type: str
    choices: [present, absent]
    default: present
  sending_enabled:
    description: V(false) pauses sending through this configuration set; V(true) resumes it.
    type: bool
  reputation_metrics:
    description: Publish bounce and complaint rates of this configuration set to CloudWatch.
    type: bool
  suppression_reasons:
    description:
      - Reasons (V(BOUNCE), V(COMPLAINT)) that add a recipient to the suppression list for mail sent through this set.
      - V([]) really clears them (no suppression for this set); unset leaves them as SES has them (the account's for
        a set without suppression options of its own).
      - Sent together with O(validation) in one call, which replaces both; the one the run does not set is sent as
        the set has it.
    type: list
    elements: str
  validation:
    description:
      - Auto Validation for mail sent through this set (C(SuppressionOptions.ValidationOptions)), overriding the
        account's (see O(mailops.ses.account#module:validation)). Unset leaves it as SES has it.
      - SES keeps it in the set's own suppression options, together with the suppression reasons. A set without
        suppression options of its own (a new set, or one that uses the account's reasons) needs O(suppression_reasons)
        in the same run; without them the module fails before any write, because the set would get options with no
        reasons, that is no suppression.
    type: dict
    version_added: 0.2.0
    suboptions:
      enabled:
        description: Turn Auto Validation on or off for this set.
        type: bool
        required: true
      confidence_threshold:
        description:
          - V(MEDIUM) sends to addresses with a medium or high delivery likelihood, V(HIGH) only to those with a high
            one, V(MANAGED) lets SES choose.
          - Unset keeps the threshold the set has (none on the first run, which leaves the choice to SES).
        type: str
        choices: [MEDIUM, HIGH, MANAGED]
  tracking:
    description: Open and click tracking; an empty O(tracking.custom_redirect_domain) removes the custom domain.
    type: dict
    suboptions:
      custom_redirect_domain:
        description: Domain that wraps tracked links.
        type: str
      https_policy:
        description: Whether tracked links use HTTPS.
        type: str
        choices: [REQUIRE, REQUIRE_OPEN_ONLY, OPTIONAL]
        default: OPTIONAL
  delivery:
    description: Delivery options.
    type: dict
    suboptions:
      tls_policy:
        description: V(REQUIRE) refuses to deliver without TLS.
        type: str
        choices: [REQUIRE, OPTIONAL]
        default: OPTIONAL
      sending_pool:
        description:
          - Dedicated IP pool of the account (see M(mailops.ses.dedicated_ip_pool)), or SES's own V(ses-shared-pool) or
            V(ses-default-dedicated-pool).
        type: str
      max_delivery_seconds:
        description: Give up delivering after this many seconds (300-50400).
        type: int
  vdm:
    description: Virtual Deliverability Manager options of this set.
    type: dict
    suboptions:
      engagement_metrics:
        description: Engagement tracking.
        type: str
        choices: [ENABLED, DISABLED]
      optimized_shared_delivery:
        description: Optimized shared delivery.
        type: str
        choices: [ENABLED, DISABLED]
  event_destinations:
    description:
      - Event destinations, each with exactly one target. Unset leaves destinations alone.
    type: list
    elements: dict
    suboptions:
      name:
        description: Name of the destination.
        type: str
        required: true
      enabled:
        description: Whether events are published.
        type: bool
        default: true
      matching_event_types:
        description:
          - Events to publish, from SEND, REJECT, BOUNCE, COMPLAINT, DELIVERY, OPEN, CLICK, RENDERING_FAILURE,
            DELIVERY_DELAY, SUBSCRIPTION.
        type: list
        elements: str
        required: true
      cloudwatch:
        description: CloudWatch metrics with these dimensions.
        type: dict
        suboptions:
          dimensions:
            description: Dimensions, for example C(ses:from-domain) from the message tag, default the domain.
            type: list
            elements: dict
            required: true
            suboptions:
              name:
                description: Dimension name.
                type: str
                required: true
              source:
                description: Where the value comes from.
                type: str
                choices: [message_tag, email_header, link_tag]
                default: message_tag
              default:
                description: Value when the source has none.
                type: str
                required: true
      sns:
        description: An SNS topic.
        type: dict
        suboptions:
          topic_arn:
            description: Topic ARN.
            type: str
            required: true
      firehose:
        description: A Kinesis Data Firehose stream.
        type: dict
        suboptions:
          delivery_stream_arn:
            description: Stream ARN.
            type: str
            required: true
          iam_role_arn:
            description: Role SES assumes to write to the stream.
            type: str
            required: true
      eventbridge:
        description: An EventBridge bus.
        type: dict
        suboptions:
          event_bus_arn:
            description: Bus ARN.
            type: str
            required: true
      pinpoint:
        description: An Amazon Pinpoint project.
        type: dict
        suboptions:
          application_arn:
            description: Project ARN.
            type: str
            required: true
  purge_event_destinations:
    description: Delete destinations not listed in O(event_destinations).
    type: bool
    default: true
  pause_reason:
    description:
      - With O(sending_enabled=false), record why in the C(mailops:paused-by-guard) tag. A set paused this way stays
        paused when O(sending_enabled=true) is asked for, until O(resume_paused=true). C(playbooks/guard.yml) uses it.
    type: str
  resume_paused:
    description: Resume a configuration set that the complaint-rate guard paused (see O(pause_reason)).
    type: bool
    default: false
extends_documentation_fragment:
  - amazon.aws.tags
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
"""

EXAMPLES = r"""
- name: Marketing mail, tracked per sending domain in CloudWatch as in the AWS blog
  mailops.ses.configuration_set:
    name: marketing
    reputation_metrics: true
    suppression_reasons: [BOUNCE, COMPLAINT]
    delivery:
      tls_policy: REQUIRE
    event_destinations:
      - name: per-domain-metrics
        matching_event_types: [SEND, DELIVERY, BOUNCE, COMPLAINT]
        cloudwatch:
          dimensions:
            - name: ses:from-domain
              source: message_tag
              default: marketing.example.com
      - name: bounces-to-sns
        matching_event_types: [BOUNCE, COMPLAINT]
        sns:
          topic_arn: arn:aws:sns:us-east-1:123456789012:ses-feedback

- name: Pause sending (resume with sending_enabled=true)
  mailops.ses.configuration_set:
    name: marketing
    sending_enabled: false

- name: No suppression at all for this set
  mailops.ses.configuration_set:
    name: transactional
    suppression_reasons: []

- name: Auto Validation for marketing mail only, with its own suppression reasons
  mailops.ses.configuration_set:
    name: marketing
    suppression_reasons: [BOUNCE, COMPLAINT]
    validation:
      enabled: true
      confidence_threshold: HIGH

- name: Remove it
  mailops.ses.configuration_set:
    name: old-campaigns
    state: absent
"""

RETURN = r"""
configuration_set:
  description: The configuration set after the run (predicted in check mode); empty when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name.
      type: str
    sending_enabled:
      description: Whether sending is enabled.
      type: bool
    reputation_metrics:
      description: Whether reputation metrics are published.
      type: bool
    suppression_reasons:
      description: Suppression reasons of the set, or null when it uses the account's.
      type: list
      elements: str
    validation:
      description: Auto Validation of the set, C({enabled, confidence_threshold}), or null when it uses the account's.
      type: dict
      version_added: 0.2.0
      sample: {enabled: true, confidence_threshold: HIGH}
    tracking:
      description: Tracking options.
      type: dict
    delivery:
      description: Delivery options.
      type: dict
    vdm:
      description: VDM options.
      type: dict
    event_destinations:
      description: Event destinations in the module's option format.
      type: list
      elements: dict
    tags:
      description: Tags.
      type: dict
operations:
  description: The SES operations the run made (or would make in check mode).
  returned: always
  type: list
  elements: str
api_calls:
  description: Calls the module made (reads and writes).
  returned: always
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._ses import configuration_set as _cs


def main():
    module = AnsibleAWSModule(argument_spec=_cs.argument_spec(), supports_check_mode=True)
    params = module.params
    try:
        desired = _cs.desired_from_params(params)
    except _cs.ConfigurationSetError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
    run = ModuleRun(module)
    ses = run.client("sesv2")
    name = desired["name"]
    try:
        response = ses("get_configuration_set", missing_ok=True, ConfigurationSetName=name)
        current = _cs.current_options(response)
        tags = {t["Key"]: t.get("Value", "") for t in (response or {}).get("Tags") or []}
        dests = {}
        if response is not None and desired["destinations"] is not None:
            dests = _cs.current_destinations(ses("get_configuration_set_event_destinations", ConfigurationSetName=name))
        if params["state"] == "absent":
            ops, after = ([("delete_configuration_set", {"ConfigurationSetName": name})] if response is not None else []), {}
        else:
            ops, warnings = _cs.plan_all(current, dests, tags, desired, params["pause_reason"], params["resume_paused"])
            for warning in warnings:
                module.warn(warning)
            after = _cs.view(name, *_cs.predict(current, dests, tags, desired, ops))
        run.apply(ops, arn=lambda: run.ses_arn("configuration-set/%s" % name))
    except AwsError as exc:
        run.fail(exc)
    except _cs.ConfigurationSetError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems, api_calls=run.api_calls())
    run.exit(ops, "configuration_set", _cs.view(name, current, dests, tags), after)


if __name__ == "__main__":
    main()
