#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: cloudwatch_dashboard
short_description: Manage a CloudWatch dashboard, for example the per-domain SES deliverability dashboard
version_added: 0.1.0
description:
  - Creates, updates or deletes a CloudWatch dashboard from its body (the console's JSON, as a dict or a string).
  - With O(ses_domain) the body is the collection's per-domain SES dashboard - Send, Delivery, Bounce and Complaint
    with the C(ses:from-domain) dimension, plus bounce and complaint rates as metric math with the alarm thresholds
    drawn in.
  - The body is compared as JSON, so key order and spacing never cause a change.
author:
  - mailops.ses maintainers (@mailops)
options:
  name:
    description: Dashboard name. Defaults to C(mailops-ses-<domain>) with O(ses_domain).
    type: str
  state:
    description: V(present) or V(absent).
    type: str
    choices: [present, absent]
    default: present
  body:
    description: The dashboard body (console JSON). Mutually exclusive with O(ses_domain).
    type: raw
  ses_domain:
    description: Render the per-domain SES deliverability dashboard for this sending domain.
    type: str
  thresholds:
    description:
      - Percentages drawn on the rate graph with O(ses_domain) C({bounce_rate, complaint_rate_warning,
        complaint_rate_critical}).
    type: dict
    default: {}
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
"""

EXAMPLES = r"""
- name: Per-domain deliverability dashboard
  mailops.ses.cloudwatch_dashboard:
    ses_domain: marketing.example.com
    region: us-east-1

- name: Any dashboard from its JSON
  mailops.ses.cloudwatch_dashboard:
    name: my-dashboard
    body: "{{ lookup('ansible.builtin.file', 'dashboard.json') | from_json }}"
"""

RETURN = r"""
name:
  description: The dashboard name.
  returned: always
  type: str
body:
  description: The dashboard body after the run.
  returned: when O(state=present)
  type: dict
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
  sample: {reads: 1, writes: 0}
"""

import json

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            name=dict(type="str"),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            body=dict(type="raw"),
            ses_domain=dict(type="str"),
            thresholds=dict(type="dict", default={}),
        ),
        supports_check_mode=True,
        mutually_exclusive=[["body", "ses_domain"]],
        required_one_of=[["name", "ses_domain"]],
    )
    params = module.params
    try:
        name = params["name"] or _monitoring.dashboard_name(params["ses_domain"])
        if params["ses_domain"]:
            body = _monitoring.dashboard_body(params["ses_domain"], module.region, params["thresholds"])
        else:
            body = params["body"]
            if isinstance(body, str):
                body = json.loads(body)
    except ValueError as exc:
        module.fail_json(msg="body is not valid dashboard JSON: %s" % exc if "thresholds" not in str(exc) else str(exc))
    if params["state"] == "present" and not isinstance(body, dict):
        module.fail_json(msg="body must be a dict (the dashboard JSON) or ses_domain must be set")
    run = ModuleRun(module)
    cloudwatch = run.client("cloudwatch")
    try:
        current = cloudwatch("get_dashboard", missing_ok=True, DashboardName=name)
        before = json.loads(current["DashboardBody"]) if current else None
        if params["state"] == "absent":
            changed = before is not None
            if changed and not module.check_mode:
                cloudwatch("delete_dashboards", DashboardNames=[name])
            after = None
        else:
            changed = before != body
            if changed and not module.check_mode:
                result = cloudwatch("put_dashboard", DashboardName=name, DashboardBody=json.dumps(body, sort_keys=True))
                problems = result.get("DashboardValidationMessages") or []
                if problems:
                    module.warn("CloudWatch reported: %s" % "; ".join(m.get("Message", "") for m in problems))
            after = body
    except AwsError as exc:
        run.fail(exc)
    output = dict(changed=changed, name=name, api_calls=run.api_calls())
    if after is not None:
        output["body"] = after
    if module._diff:
        output["diff"] = {"before": before or {}, "after": after or {}}
    module.exit_json(**output)


if __name__ == "__main__":
    main()
