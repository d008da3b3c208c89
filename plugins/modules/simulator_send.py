#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: simulator_send
short_description: Smoke-test SES sending with the mailbox simulator
version_added: 0.1.0
description:
  - Sends one message from O(from_address) through O(configuration_set) to each of the SES mailbox simulator
    addresses (V(success), V(bounce), V(complaint) by default), as the AWS blog suggests, so that Send, Delivery,
    Bounce and Complaint events are published without touching the account's reputation.
  - With O(wait_for_metrics), then waits until CloudWatch shows those events with the C(ses:from-domain)
    dimension of the sending domain, and fails naming the ones that did not arrive.
  - The messages carry the tag C(mailops-traffic=smoke-test), so the monitoring destination keeps them apart from
    live traffic (C(mailops-traffic=live)) and they never count in rates, dashboards or alarms.
  - Always reports a change (it sends mail); in check mode it sends nothing. A paused configuration set is reported
    (RV(paused)) and skipped, not an error.
author:
  - mailops.ses maintainers (@mailops)
options:
  from_address:
    description: A verified sender, for example V(smoke-test@marketing.example.com).
    type: str
    required: true
  configuration_set:
    description: The configuration set to send through.
    type: str
  recipients:
    description: Which simulator mailboxes to send to.
    type: list
    elements: str
    choices: [success, bounce, complaint, ooto, suppressionlist]
    default: [success, bounce, complaint]
  wait_for_metrics:
    description: Wait until the events are visible in CloudWatch.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for the metrics.
    type: int
    default: 300
  list_management:
    description:
      - Send the V(success) message through SES subscription management (C(ListManagementOptions)), which adds the
        RFC 8058 C(List-Unsubscribe) and C(List-Unsubscribe-Post) headers, to prove one-click unsubscribe.
    type: dict
    version_added: 0.2.0
    suboptions:
      contact_list:
        description: The contact list (it must exist).
        type: str
        required: true
      topic:
        description: A topic of the contact list.
        type: str
  message_source:
    description:
      - Where the message SES sent can be read back, to check its headers - an http(s) URL answering with the raw
        MIME, with JSON C({raw}), or with a JSON list of C({message_id, raw}) (the local sandbox's
        C(/mailops-sandbox/messages)). C({message_id}), C({region}) and C({account}) in it are filled in.
      - Without it the one-click check says it is not proven (SES has no API that returns a sent message).
    type: str
    version_added: 0.2.0
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.sends
"""

EXAMPLES = r"""
- name: Send through the marketing configuration set and check the metrics
  mailops.ses.simulator_send:
    from_address: smoke-test@marketing.example.com
    configuration_set: marketing
"""

RETURN = r"""
message_ids:
  description: SES message ids by simulator mailbox.
  returned: when not in check mode
  type: dict
paused:
  description: True when the configuration set is paused, so nothing was sent.
  returned: when the configuration set is paused
  type: bool
metrics:
  description: Event counts seen in CloudWatch for the sending domain (C(Send), C(Delivery), C(Bounce), C(Complaint)).
  returned: with O(wait_for_metrics)
  type: dict
unsubscribe:
  description:
    - With O(list_management), whether the message carries RFC 8058 one-click unsubscribe - C(verdict) (V(pass),
      V(fail), or V(unproven) without O(message_source)), C(problems), C(list_unsubscribe), C(list_unsubscribe_post),
      C(dkim_domains) (signatures covering both headers), C(message_id), C(configuration_set).
  returned: with O(list_management), when something was sent
  type: dict
  version_added: 0.2.0
"""

import datetime
import json
import time

from ansible.module_utils.urls import open_url
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import unsubscribe as _unsubscribe

EXPECTED = {
    "success": ["Send", "Delivery"],
    "bounce": ["Send", "Bounce"],
    "complaint": ["Send", "Delivery", "Complaint"],
    "ooto": ["Send", "Delivery"],
    "suppressionlist": ["Send", "Bounce"],
}


def counts(cloudwatch, domain, start):
    end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    dims = _monitoring.dimensions(domain, traffic=_monitoring.SMOKE_TEST)
    queries = [
        {
            "Id": name.lower(),
            "ReturnData": True,
            "MetricStat": {"Metric": {"Namespace": "AWS/SES", "MetricName": name, "Dimensions": dims}, "Period": 60, "Stat": "Sum"},
        }
        for name in _monitoring.EVENT_METRICS
    ]
    page = cloudwatch("get_metric_data", MetricDataQueries=queries, StartTime=start, EndTime=end)
    return {r["Id"].capitalize(): float(sum(r.get("Values", []))) for r in page.get("MetricDataResults", [])}


def read_back(module, run, message_id):
    """The raw MIME of ``message_id`` from O(message_source), or None."""
    template = module.params["message_source"]
    url = template.replace("{message_id}", message_id).replace("{region}", module.region or "")
    if "{account}" in url:
        url = url.replace("{account}", run.caller().account)
    try:
        text = open_url(url, timeout=30).read().decode("utf-8")
    except Exception as exc:  # noqa: BLE001 - any failure to read back is reported, not raised
        module.fail_json(msg="cannot read the sent message %s back from message_source: %s" % (message_id, exc))
    try:
        payload = json.loads(text)
    except ValueError:
        payload = text
    return _unsubscribe.find_raw(payload, message_id)


def one_click_proof(module, run, message_id):
    params = module.params
    if not params["message_source"]:
        proof = {"verdict": "unproven", "problems": ["no message_source: SES has no API that returns a sent message"], "message_id": message_id}
    else:
        raw = read_back(module, run, message_id)
        if raw is None:
            proof = {"verdict": "fail", "problems": ["message %s not found at message_source" % message_id], "message_id": message_id}
        else:
            proof = dict(_unsubscribe.one_click(raw), message_id=message_id)
    proof["configuration_set"] = params["configuration_set"]
    return proof


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            from_address=dict(type="str", required=True),
            configuration_set=dict(type="str"),
            recipients=dict(type="list", elements="str", default=["success", "bounce", "complaint"], choices=sorted(EXPECTED)),
            wait_for_metrics=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=300),
            list_management=dict(type="dict", options=dict(contact_list=dict(type="str", required=True), topic=dict(type="str"))),
            message_source=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if "@" not in params["from_address"]:
        module.fail_json(msg="from_address '%s' is not an email address" % params["from_address"])
    domain = params["from_address"].rsplit("@", 1)[1].lower()
    if module.check_mode:
        module.exit_json(changed=True, message_ids={})
    run = ModuleRun(module)
    ses = run.client("sesv2")
    cloudwatch = run.client("cloudwatch")
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    message_ids = {}
    proof_mailbox = "success" if "success" in params["recipients"] else params["recipients"][0]
    try:
        baseline = counts(cloudwatch, domain, start) if params["wait_for_metrics"] else {}
        for mailbox in params["recipients"]:
            kwargs = {
                "FromEmailAddress": params["from_address"],
                "Destination": {"ToAddresses": ["%s@simulator.amazonses.com" % mailbox]},
                "Content": {
                    "Simple": {"Subject": {"Data": "mailops.ses smoke test (%s)" % mailbox}, "Body": {"Text": {"Data": "Sent by mailops.ses.simulator_send."}}}
                },
                "EmailTags": [{"Name": _monitoring.TRAFFIC_DIMENSION, "Value": _monitoring.SMOKE_TEST}],
            }
            if params["configuration_set"]:
                kwargs["ConfigurationSetName"] = params["configuration_set"]
            if params["list_management"] and mailbox == proof_mailbox:
                options = {"ContactListName": params["list_management"]["contact_list"]}
                if params["list_management"]["topic"]:
                    options["TopicName"] = params["list_management"]["topic"]
                kwargs["ListManagementOptions"] = options
            try:
                message_ids[mailbox] = ses("send_email", **kwargs)["MessageId"]
            except AwsError as exc:
                if exc.code != "SendingPausedException":
                    raise
                module.warn("not sent: configuration set %s is paused (%s)" % (params["configuration_set"], exc.aws_message))
                module.exit_json(changed=False, paused=True, message_ids={})
        result = dict(changed=True, message_ids=message_ids)
        if params["list_management"]:
            result["unsubscribe"] = one_click_proof(module, run, message_ids[proof_mailbox])
        if params["wait_for_metrics"]:
            wanted = {}
            for mailbox in params["recipients"]:
                for metric in EXPECTED[mailbox]:
                    wanted[metric] = wanted.get(metric, 0) + 1
            deadline = time.time() + params["wait_timeout"]
            while True:
                seen = counts(cloudwatch, domain, start)
                missing = {m: n for m, n in wanted.items() if seen.get(m, 0) - baseline.get(m, 0) < n}
                if not missing:
                    break
                if time.time() >= deadline:
                    module.fail_json(
                        msg="after %d s CloudWatch still lacks %s for ses:from-domain=%s; check that the "
                        "configuration set has a CloudWatch event destination with that dimension"
                        % (params["wait_timeout"], ", ".join("%s (%d)" % i for i in sorted(missing.items())), domain),
                        message_ids=message_ids,
                        metrics=seen,
                    )
                time.sleep(5)
            result["metrics"] = {m: seen.get(m, 0) - baseline.get(m, 0) for m in _monitoring.EVENT_METRICS}
    except AwsError as exc:
        run.fail(exc)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
