#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: deliverability_stats
short_description: Read SES send, bounce and complaint counts and rates from CloudWatch
version_added: 0.1.0
description:
  - Read-only. For each sending domain, sums the C(Send), C(Delivery), C(Bounce) and C(Complaint) events published
    with the C(ses:from-domain) dimension (live traffic, C(mailops-traffic=live)) over the last O(days) and computes
    bounce and complaint rates (percent). Smoke-test mail is not counted.
  - For each configuration set, reads the highest C(Reputation.BounceRate) and C(Reputation.ComplaintRate) SES
    published over the same window (converted to percent).
  - One C(GetMetricData) call per 500 queries.
author:
  - mailops.ses maintainers (@mailops)
options:
  domains:
    description: Sending domains.
    type: list
    elements: str
    default: []
  configuration_sets:
    description: Configuration sets with reputation metrics.
    type: list
    elements: str
    default: []
  days:
    description: Window, in days, ending now.
    type: int
    default: 7
  recommendations:
    description:
      - Also read the Virtual Deliverability Manager's recommendations (C(ListRecommendations); DKIM, DMARC, SPF,
        BIMI, COMPLAINT, BOUNCE, FEEDBACK_3P, IP_LISTING) and return those of the O(domains) in RV(recommendations).
        SES answers with none while VDM is off for the account.
    type: bool
    default: false
    version_added: 0.2.0
  guard:
    description:
      - The complaint-rate guard's verdict, returned in RV(offenders) - C(domains_by_configuration_set) (the domains
        sending through each configuration set, by set) and C(pause_complaint_rate) (percent, default 0.3).
      - A configuration set is an offender when SES's C(Reputation.ComplaintRate) of the set, or the complaint rate of
        a domain sending through it, is above the limit. Nothing is paused here.
    type: dict
    version_added: 0.2.0
    suboptions:
      domains_by_configuration_set:
        description: Domains by configuration set.
        type: dict
        required: true
      pause_complaint_rate:
        description: Limit in percent.
        type: float
        default: 0.3
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.read_only
notes:
  - Supports check mode (it never changes anything).
"""

EXAMPLES = r"""
- name: Complaint and bounce rates of the last week
  mailops.ses.deliverability_stats:
    domains: [marketing.example.com, receipts.example.com]
    configuration_sets: [marketing]
  register: stats
"""

RETURN = r"""
domains:
  description: Per domain C({send, delivery, bounce, complaint, bounce_rate, complaint_rate}); rates are percent or null.
  returned: always
  type: dict
configuration_sets:
  description: Per configuration set C({bounce_rate, complaint_rate}) in percent, or null without data.
  returned: always
  type: dict
days:
  description: The window, in days.
  returned: always
  type: int
recommendations:
  description:
    - With O(recommendations), the VDM recommendations of each domain, each C({type, status, impact, description}),
      open ones first.
  returned: with O(recommendations)
  type: dict
  sample: {example.com: [{type: DMARC, status: OPEN, impact: LOW, description: "DMARC policy is p=none"}]}
  version_added: 0.2.0
offenders:
  description: With O(guard), the configuration sets above the limit, each C({name, complaint_rate, threshold, source}).
  returned: when O(guard) is set
  type: list
  elements: dict
  version_added: 0.2.0
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
"""

import datetime

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import guard as _guard
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring

MAX_QUERIES = 500


def queries(domains, configuration_sets, period):
    result, index = [], {}
    for d_index, domain in enumerate(domains):
        for metric in _monitoring.EVENT_METRICS:
            query_id = "d%d_%s" % (d_index, metric.lower())
            index[query_id] = ("domain", domain, metric.lower())
            result.append(
                {
                    "Id": query_id,
                    "ReturnData": True,
                    "MetricStat": {
                        "Metric": {"Namespace": "AWS/SES", "MetricName": metric, "Dimensions": _monitoring.dimensions(domain)},
                        "Period": period,
                        "Stat": "Sum",
                    },
                }
            )
    for c_index, name in enumerate(configuration_sets):
        for metric, key in (("Reputation.BounceRate", "bounce_rate"), ("Reputation.ComplaintRate", "complaint_rate")):
            query_id = "c%d_%s" % (c_index, key)
            index[query_id] = ("configuration_set", name, key)
            result.append(
                {
                    "Id": query_id,
                    "ReturnData": True,
                    "MetricStat": {
                        "Metric": {"Namespace": "AWS/SES", "MetricName": metric, "Dimensions": [{"Name": "ses:configuration-set", "Value": name}]},
                        "Period": period,
                        "Stat": "Maximum",
                    },
                }
            )
    return result, index


def recommendations(ses, domains):
    """``{domain: [{type, status, impact, description}]}`` from ListRecommendations (every page), open ones first."""
    found = {domain: [] for domain in domains}
    token = None
    while True:
        page = ses("list_recommendations", PageSize=100, **({"NextToken": token} if token else {}))
        for entry in page.get("Recommendations", []):
            resource = entry.get("ResourceArn", "").split(":", 5)[-1]
            kind, _sep, name = resource.partition("/")
            if kind == "identity" and name.lower() in found:
                found[name.lower()].append(
                    {"type": entry.get("Type"), "status": entry.get("Status"), "impact": entry.get("Impact"), "description": entry.get("Description")}
                )
        token = page.get("NextToken")
        if not token:
            break
    order = {"OPEN": 0, "FIXED": 1}
    return {d: sorted(items, key=lambda r: (order.get(r["status"], 2), r["type"] or "")) for d, items in found.items()}


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            domains=dict(type="list", elements="str", default=[]),
            configuration_sets=dict(type="list", elements="str", default=[]),
            days=dict(type="int", default=7),
            recommendations=dict(type="bool", default=False),
            guard=dict(
                type="dict",
                options=dict(
                    domains_by_configuration_set=dict(type="dict", required=True),
                    pause_complaint_rate=dict(type="float", default=0.3),
                ),
            ),
        ),
        supports_check_mode=True,
    )
    params = module.params
    if params["days"] < 1 or params["days"] > 455:
        module.fail_json(msg="days %s must be between 1 and 455 (CloudWatch's retention of hourly data)" % params["days"])
    end = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=5)
    start = end - datetime.timedelta(days=params["days"])
    period = params["days"] * 86400
    all_queries, index = queries(params["domains"], params["configuration_sets"], period)
    run = ModuleRun(module)
    cloudwatch = run.client("cloudwatch")
    values = {}
    try:
        for offset in range(0, len(all_queries), MAX_QUERIES):
            kwargs = {"MetricDataQueries": all_queries[offset : offset + MAX_QUERIES], "StartTime": start, "EndTime": end}
            while True:
                page = cloudwatch("get_metric_data", **kwargs)
                for result in page.get("MetricDataResults", []):
                    values.setdefault(result["Id"], []).extend(result.get("Values", []))
                if not page.get("NextToken"):
                    break
                kwargs["NextToken"] = page["NextToken"]
    except AwsError as exc:
        run.fail(exc)
    domains = {d: {"send": 0.0, "delivery": 0.0, "bounce": 0.0, "complaint": 0.0} for d in params["domains"]}
    sets = {c: {"bounce_rate": None, "complaint_rate": None} for c in params["configuration_sets"]}
    for query_id, (kind, name, key) in index.items():
        found = values.get(query_id, [])
        if kind == "domain":
            domains[name][key] = float(sum(found))
        elif found:
            sets[name][key] = 100.0 * max(found)
    for stats in domains.values():
        stats["bounce_rate"], stats["complaint_rate"] = _monitoring.rates(stats["send"], stats["bounce"], stats["complaint"])
    result = dict(changed=False, domains=domains, configuration_sets=sets, days=params["days"], api_calls=run.api_calls())
    if params["recommendations"]:
        try:
            result["recommendations"] = recommendations(run.client("sesv2"), [d.lower() for d in params["domains"]])
        except AwsError as exc:
            run.fail(exc)
        result["api_calls"] = run.api_calls()
    if params["guard"]:
        guard = params["guard"]
        result["offenders"] = _guard.offenders(result, guard["domains_by_configuration_set"], guard["pause_complaint_rate"])
    module.exit_json(**result)


if __name__ == "__main__":
    main()
