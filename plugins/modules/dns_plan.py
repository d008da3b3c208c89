#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: dns_plan
short_description: Plan the DNS of a rollout once, for every zone, from what every tenant needs
version_added: 0.2.0
description:
  - Runs on the controller. Reads the records every tenant of the play needs (fact C(tenant_dns_records), set by role
    P(mailops.ses.tenant#role)) and the records of identities that are leaving (C(tenant_retired_records)), adds each
    domain's own policy from C(mailops_domains) (DMARC, apex SPF, extra records), merges them the way the AWS guidance
    for one domain in several SES accounts and regions describes, and routes every record set to its zone of
    C(mailops_dns_zones).
  - Values of leaving identities are retired only when nothing else needs them; a MAIL FROM MX or SPF that a present
    identity anywhere in the inventory still uses (also a tenant outside this run, with C(--limit)) is kept.
  - Deals the zones with changes out over the play's hosts, so each zone is written exactly once, by one host, and
    zones are written in parallel across forks.
  - Every conflict (two regions on one MAIL FROM name, two DMARC policies, a CNAME beside other data) and every name
    without a zone is reported together; nothing is written by this plugin.
author:
  - mailops.ses maintainers (@mailops)
options:
  hosts:
    description:
      - The hosts whose facts contribute records. Default C(ansible_play_hosts).
      - Each must have C(tenant_dns_records); a host without it fails the task, naming it (run role
        P(mailops.ses.tenant#role) first).
    type: list
    elements: str
  writers:
    description: The hosts the zones are dealt out to. Default C(ansible_play_hosts) (hosts that have not failed).
    type: list
    elements: str
  record_ttl:
    description: TTL of the domain policy records. Default C(mailops_record_ttl), else 300.
    type: int
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.controller
seealso:
  - module: mailops.ses.dns_record_sets
  - module: mailops.ses.inventory_check
"""

EXAMPLES = r"""
- name: Plan every zone once
  mailops.ses.dns_plan:
  run_once: true
  register: zones_plan

- name: Publish the zones this host writes
  mailops.ses.dns_record_sets:
    provider: "{{ mailops_dns_zones[item].provider }}"
    zone: "{{ item }}"
    record_sets: "{{ zones_plan.zones[item].records }}"
    remove_record_sets: "{{ zones_plan.zones[item].retire }}"
  loop: "{{ zones_plan.writers[inventory_hostname] | default([]) }}"
"""

RETURN = r"""
zones:
  description: For every zone with something to publish or retire, what and by whom.
  returned: success
  type: dict
  sample:
    example.com:
      records: [{name: _dmarc.example.com., type: TXT, ttl: 300, values: ["v=DMARC1; p=none"]}]
      retire: []
      writer: marketing-us
  contains:
    records:
      description: The merged record sets to publish (merge semantics, other values are kept).
      type: list
      elements: dict
    retire:
      description: Values of leaving identities that nothing needs any more (removed value by value).
      type: list
      elements: dict
    writer:
      description: The host that writes the zone.
      type: str
writers:
  description: The zones each host writes, by host (every writer host is listed, maybe with no zone).
  returned: success
  type: dict
msg:
  description: How many zones are to be written, or every problem, one per line.
  returned: always
  type: str
problems:
  description: Every problem found, when the plan cannot be made.
  returned: failure
  type: list
  elements: str
"""
