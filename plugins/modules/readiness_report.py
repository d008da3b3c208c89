#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: readiness_report
short_description: Evaluate bulk-sender readiness and write the report data (JSON, JUnit XML)
version_added: 0.1.0
description:
  - Evaluates each tenant's sending domains against the Gmail/Yahoo bulk-sender rules and Amazon SES guidance -
    domain identity (DKIM alignment), DKIM status, custom MAIL FROM and its alignment under the domain's DMARC
    C(aspf), DMARC with C(p=) (noting when C(p=none) could move on), SPF lookup limits, one-click unsubscribe for
    configuration sets marked C(bulk), complaint and bounce rates, production access, account suppression and the
    separation of marketing and transactional mail.
  - Writes C(readiness.json) (the whole report) and C(readiness.xml) (JUnit, so a CI pipeline can gate a rollout on
    it) into O(dir), and returns the report in RV(report). The P(mailops.ses.report#role) role renders the
    self-contained HTML page C(readiness.html) from it with a Jinja2 template that teams can replace.
  - Files are rewritten only when the findings change, so a rerun reports no change.
author:
  - mailops.ses maintainers (@mailops)
options:
  tenants:
    description:
      - Per tenant C({region, identities, account, contact_list, configuration_sets, inventory_identities,
        auth_checks, stats, ses_tenant, multi_region_endpoints}) as the report role gathers them (identity and account
        views as the mailops.ses modules return them, C(auth_checks) from M(mailops.ses.email_auth_check), C(stats) from
        M(mailops.ses.deliverability_stats), C(ses_tenant) from M(mailops.ses.tenant), C(multi_region_endpoints) from
        M(mailops.ses.multi_region_endpoint)).
      - A Deterministic Easy DKIM replica's DKIM item names its parent region; a domain associated with the SES tenant
        gets an C(ses_tenant) item (fail while SES has the tenant paused); the SES tenant and the endpoints are listed
        under their tenant.
      - Either a dict by inventory host, or a list of tenants that each name their C(host).
      - C(auth_checks) is a dict by domain, or the list of M(mailops.ses.email_auth_check) results (each names its
        C(domain)).
    type: raw
    required: true
  dir:
    description: Directory for the three files (created when missing).
    type: path
    required: true
  days:
    description: The window the rates cover, in days (for the wording).
    type: int
    default: 7
  fail_on:
    description: Fail the task when an item is at least this bad (after writing the files).
    type: str
    choices: [fail, warn, never]
    default: never
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
notes:
  - The files are the only thing it changes; the diff shows the summary of the report before and after.
"""

EXAMPLES = r"""
- name: Write the report (the report role gathers the data)
  mailops.ses.readiness_report:
    tenants: "{{ report_tenants }}"
    dir: /var/www/mail-readiness
"""

RETURN = r"""
summary:
  description: Number of items per status.
  returned: always
  type: dict
  sample: {pass: 30, warn: 4, fail: 1}
files:
  description: Paths of the JSON (C(json)) and JUnit (C(xml)) files.
  returned: always
  type: dict
report:
  description:
    - The findings, per tenant and domain, with C(summary), C(days), C(digest) and C(generated) (when the findings
      were first written, kept while they do not change, so that a page rendered from the report is stable too).
  returned: always
  type: dict
"""

import datetime
import hashlib
import json
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import readiness as _readiness
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import report_files as _report_files

SEVERITY = {"pass": 0, "warn": 1, "fail": 2}


def main():
    module = AnsibleModule(
        argument_spec=dict(
            tenants=dict(type="raw", required=True),
            dir=dict(type="path", required=True),
            days=dict(type="int", default=7),
            fail_on=dict(type="str", choices=["fail", "warn", "never"], default="never"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    report = _readiness.evaluate(params["tenants"], params["days"])
    digest = hashlib.sha256(_report_files.digest_payload(report).encode("utf-8")).hexdigest()
    report["digest"] = digest
    files = {kind: os.path.join(params["dir"], "readiness.%s" % kind) for kind in ("json", "xml")}
    previous, before = None, {}
    if os.path.exists(files["json"]):
        try:
            with open(files["json"]) as handle:
                before = json.load(handle)
            previous = before.get("digest")
        except ValueError:
            previous = None
    changed = previous != digest or not all(os.path.exists(p) for p in files.values())
    report["generated"] = before.get("generated") if not changed else datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    if changed and not module.check_mode:
        if not os.path.isdir(params["dir"]):
            os.makedirs(params["dir"])
        for kind, render in (("json", _report_files.to_json), ("xml", _report_files.to_junit)):
            temp = files[kind] + ".tmp"
            with open(temp, "w") as handle:
                handle.write(render(report))
            os.rename(temp, files[kind])
    result = dict(changed=changed, summary=report["summary"], files=files, report=report)
    if module._diff:
        result["diff"] = {"before": before.get("summary", {}), "after": report["summary"], "before_header": files["json"], "after_header": files["json"]}
    if params["fail_on"] != "never":
        bad = [
            (t["tenant"], d["domain"], i)
            for t in report["tenants"]
            for d in t["domains"]
            for i in d["items"]
            if SEVERITY[i["status"]] >= SEVERITY[params["fail_on"]]
        ]
        if bad:
            module.fail_json(
                msg="readiness: %d item(s) at or above '%s': %s"
                % (len(bad), params["fail_on"], "; ".join("%s %s %s: %s" % (t, d, i["check"], i["evidence"]) for t, d, i in bad)),
                **result,
            )
    module.exit_json(**result)


if __name__ == "__main__":
    main()
