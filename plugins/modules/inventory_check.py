#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: inventory_check
short_description: Validate a whole mailops.ses inventory before any change
version_added: 0.1.0
description:
  - Checks every tenant (SES instance), every domain policy and every DNS zone of an inventory together, with the
    collection's own validators, and reports all problems at once, each naming the host or group variable at fault
    and how to fix it.
  - Catches what per-host argument specs cannot see, such as two regions claiming one MAIL FROM name, two hosts for
    one account and region, a BYODKIM selector used twice, or a record with no zone.
  - Makes no API call. C(playbooks/site.yml) runs it first, so a bad inventory fails before any write.
author:
  - mailops.ses maintainers (@mailops)
options:
  tenants:
    description:
      - Tenants by inventory host, each C({region, aws_profile, aws_role_arn, identities, configuration_sets,
        contact_list, account, state}) as the C(mailops_*) host variables hold them. May contain BYODKIM private keys,
        so it is never logged.
    type: dict
    required: true
  domains:
    description: C(mailops_domains), policy per domain.
    type: dict
    default: {}
  zones:
    description: C(mailops_dns_zones), DNS zones by name. May contain TSIG secrets, so it is never logged.
    type: dict
    default: {}
notes:
  - Supports check mode; it never changes anything.
"""

EXAMPLES = r"""
- name: Fail before any write when the inventory is wrong
  mailops.ses.inventory_check:
    tenants: "{{ dict(groups['ses_tenants'] | zip(groups['ses_tenants'] | map('extract', hostvars, 'mailops_tenant'))) }}"
    domains: "{{ mailops_domains | default({}) }}"
    zones: "{{ mailops_dns_zones | default({}) }}"
"""

RETURN = r"""
problems:
  description: Every problem found (the task fails when there is one).
  returned: always
  type: list
  elements: str
summary:
  description: Tenants, domains in use, and for each zone the names the rollout will publish there.
  returned: always
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mailops.ses.plugins.module_utils._inventory import check_inventory


def secrets(tenants, zones):
    """The secret strings in the input: BYODKIM private keys and TSIG secrets (the inventory filters replace them)."""
    found = set()
    for tenant in (tenants or {}).values():
        identities = (tenant or {}).get("identities") if isinstance(tenant, dict) else None
        for item in identities if isinstance(identities, list) else []:
            dkim = item.get("dkim") if isinstance(item, dict) else None
            if isinstance(dkim, dict) and isinstance(dkim.get("private_key"), str) and dkim["private_key"].strip():
                found.add(dkim["private_key"])
    for settings in (zones or {}).values():
        secret = settings.get("key_secret") if isinstance(settings, dict) else None
        if isinstance(secret, str) and secret.strip() and secret != "<set>":
            found.add(secret)
    return found


def main():
    module = AnsibleModule(
        argument_spec=dict(
            tenants=dict(type="dict", required=True, no_log=True),
            domains=dict(type="dict", default={}),
            zones=dict(type="dict", default={}, no_log=True),
        ),
        supports_check_mode=True,
    )
    # no_log on a dict masks every string in it wherever it appears in the output, so host, domain, zone and region
    # names would turn into ******** in the very messages that must name them: mask only the secrets, and keep the
    # two options out of the returned invocation.
    module.no_log_values = secrets(module.params["tenants"], module.params["zones"])
    invocation = {
        "module_args": {"tenants": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", "domains": module.params["domains"], "zones": "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"}
    }
    problems, summary = check_inventory(module.params["tenants"], module.params["domains"], module.params["zones"])
    if problems:
        module.fail_json(
            msg="the inventory has %d problem(s); nothing was changed:\n- %s" % (len(problems), "\n- ".join(problems)),
            problems=problems,
            summary=summary,
            invocation=invocation,
        )
    module.exit_json(changed=False, problems=[], summary=summary, invocation=invocation)


if __name__ == "__main__":
    main()
