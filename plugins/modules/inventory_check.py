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
  - Reads the inventory itself on the controller (the C(mailops_*) variables of the hosts of group C(ses_tenants)
    and the shared variables as the current host sees them); no module is run and no API is called.
  - Every C(mailops_*) variable and every key inside the tenant and phase variables must be part of the inventory
    contract (C(docs/inventory.md)); a typo such as C(mailops_ses_identites) is reported with the closest known name.
  - Secrets (BYODKIM private keys, TSIG secrets, octoDNS provider options) never appear in the result.
author:
  - mailops.ses maintainers (@mailops)
options:
  hosts:
    description: The tenant hosts to check. Default is every host of group C(ses_tenants), whatever C(--limit) says.
    type: list
    elements: str
    version_added: 0.2.0
  tenants:
    description:
      - Tenants given as data instead of read from the inventory (the 0.1 interface), by host, each
        C({region, aws_profile, aws_role_arn, identities, configuration_sets, contact_list, account, state}).
      - The contract of C(mailops_*) variable names is not checked in this form.
    type: dict
  domains:
    description: C(mailops_domains), policy per domain. Default is the variable of that name.
    type: dict
  zones:
    description: C(mailops_dns_zones), DNS zones by name. Default is the variable of that name.
    type: dict
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.controller
seealso:
  - module: mailops.ses.dns_plan
"""

EXAMPLES = r"""
- name: Fail before any write when the inventory is wrong (run once; --limit still checks every tenant)
  mailops.ses.inventory_check:
  run_once: true

- name: Check only two tenants
  mailops.ses.inventory_check:
    hosts: [marketing-us, operations-us]
  run_once: true

# as site.yml does: a later play with hosts "{{ groups.mailops_ses_monitoring | default([]) }}" runs only where needed
- name: Check every tenant
  mailops.ses.inventory_check:
  run_once: true
  register: checked

- name: Put each tenant in the groups of the phases it takes part in
  ansible.builtin.add_host:
    name: "{{ item.key }}"
    groups: "{{ item.value }}"
  loop: "{{ checked.phase_groups | dict2items }}"
  loop_control:
    label: "{{ item.key }}"
  run_once: true
  changed_when: false
"""

RETURN = r"""
msg:
  description: The problems, one per line, or a one-line summary when there are none.
  returned: always
  type: str
problems:
  description: Every problem found (the task fails when there is one).
  returned: always
  type: list
  elements: str
summary:
  description: Tenants, domains in use, and for each zone the names the rollout will publish there.
  returned: always
  type: dict
  contains:
    tenants:
      description: The tenant hosts checked.
      type: list
      elements: str
    domains:
      description: Domain identities in use.
      type: list
      elements: str
    zones:
      description: For each zone, the names the rollout publishes there.
      type: dict
phase_groups:
  description:
    - For each tenant host read from the inventory, the groups of the later plays of C(site.yml) it takes part in
      (C(mailops_ses_retiring) when it has something to delete, C(mailops_ses_monitoring), C(mailops_ses_smoke_test)
      and C(mailops_ses_report) when the phase is enabled for it); hosts in none of them are left out.
    - C(site.yml) adds the hosts to these groups with M(ansible.builtin.add_host), so that a host does not run, and
      skip, a play it takes no part in. Empty when the tenants are given as data.
  returned: always
  type: dict
  sample: {"tenant-a": ["mailops_ses_monitoring", "mailops_ses_report"]}
  version_added: 0.2.0
"""
