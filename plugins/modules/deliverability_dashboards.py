#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: deliverability_dashboards
short_description: A CloudWatch dashboard per sending domain of an SES tenant, and none for domains it stopped sending from
version_added: 0.2.0
description:
  - Converges the dashboards of one SES instance (account and region) in one run - one per sending domain with its
    Send, Delivery, Bounce and Complaint events (dimension C(ses:from-domain)) and its bounce and complaint rates
    against the thresholds.
  - CloudWatch dashboards are global per account, not regional. Each dashboard is named after the domain and the
    region (C(mailops-ses-example-com-eu-west-1)), so two regions of one account that send from the same domain
    never write the same dashboard, and retiring one region deletes only its own.
  - Deletes (O(purge=true)) the dashboards it made in this region for domains no longer listed, and the 0.1
    dashboard of a listed domain (C(mailops-ses-example-com), which the per-region ones replace).
  - Its dashboards end with a marker line (C(Managed by mailops.ses ...)); a dashboard without it is never changed or
    deleted, and a name taken by one is reported, not overwritten.
author:
  - mailops.ses maintainers (@mailops)
options:
  domains:
    description: Sending domains of this account and region.
    type: list
    elements: str
    default: []
  thresholds:
    description: Thresholds in percent shown on the rate graphs (C(bounce_rate), C(complaint_rate_warning), C(complaint_rate_critical)).
    type: dict
    default: {}
  purge:
    description: Delete the dashboards this module made in this region for domains that are not listed.
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
seealso:
  - module: mailops.ses.deliverability_alarms
  - module: mailops.ses.cloudwatch_dashboard
"""

EXAMPLES = r"""
- name: Dashboards of the domains this tenant sends from
  mailops.ses.deliverability_dashboards:
    region: eu-west-1
    domains: [example.com, news.example.com]

- name: Offboarding - remove the dashboards of this region
  mailops.ses.deliverability_dashboards:
    region: eu-west-1
    domains: []
"""

RETURN = r"""
dashboards:
  description: Names of this region's dashboards after the run (predicted in check mode).
  returned: always
  type: list
  elements: str
  sample: [mailops-ses-example-com-eu-west-1]
operations:
  description: The CloudWatch calls made (or that would be made in check mode).
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
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import dashboards as _dashboards
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring


def existing_dashboards(cloudwatch, relevant):
    """The account's mailops-ses-* dashboards that matter to this region, with their bodies."""
    names, token = [], None
    while True:
        page = cloudwatch("list_dashboards", DashboardNamePrefix=_dashboards.PREFIX, **({"NextToken": token} if token else {}))
        names.extend(entry["DashboardName"] for entry in page.get("DashboardEntries", []))
        token = page.get("NextToken")
        if not token:
            break
    found = {}
    for dashboard in names:
        if relevant(dashboard):
            current = cloudwatch("get_dashboard", missing_ok=True, DashboardName=dashboard)
            found[dashboard] = _dashboards.parse(current["DashboardBody"]) if current else None
    return found


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            domains=dict(type="list", elements="str", default=[]),
            thresholds=dict(type="dict", default={}),
            purge=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    params, region = module.params, module.region
    try:
        _monitoring.thresholds(params["thresholds"])
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    legacy = {_monitoring.dashboard_name(d) for d in params["domains"]}
    wanted = {_dashboards.name(d, region) for d in params["domains"]}
    run = ModuleRun(module)
    try:
        existing = existing_dashboards(run.client("cloudwatch"), lambda n: n.endswith("-" + region) or n in legacy or n in wanted)
        ops, before, after, foreign = _dashboards.plan(params["domains"], region, params["thresholds"], existing, params["purge"])
        if foreign:
            module.fail_json(msg="dashboards %s exist but were not made by mailops.ses; rename or delete them" % ", ".join(foreign), api_calls=run.api_calls())
        run.apply(ops, service="cloudwatch")
    except AwsError as exc:
        run.fail(exc)
    run.exit(ops, "dashboards", before, after)


if __name__ == "__main__":
    main()
