#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: tenant_facts
short_description: One SES tenant's view and AWS options, from its mailops_* inventory variables
version_added: 0.2.0
description:
  - Runs on the controller for the current host (a tenant - one SES instance, one account in one region) and returns
    what the roles need to know about it, from its C(mailops_*) variables (see C(docs/inventory.md)), so every role
    can run on its own. The roles register the result as C(tenant).
  - It sets no facts. Facts go to the fact cache, where a persistent cache or AWX's fact storage would keep the
    temporary credentials and BYODKIM private keys below, every later task of the host copies them, and
    ansible-core 2.20 deprecates reading facts as plain variables.
  - The result holds secrets (RV(aws), RV(identity_options)); run the task with C(no_log=true) and never print the
    registered variable whole.
author:
  - mailops.ses maintainers (@mailops)
options:
  credentials:
    description: Assume C(mailops_aws_role_arn) and return RV(aws). V(false) returns the rest only, without any AWS call.
    type: bool
    default: true
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.controller
seealso:
  - module: mailops.ses.aws_session
"""

EXAMPLES = r"""
- name: The tenant and its AWS options
  mailops.ses.tenant_facts:
  register: tenant
  no_log: true

- name: Every AWS task of the tenant with its credentials
  module_defaults:
    group/mailops.ses.aws: "{{ tenant.aws }}"
  when: tenant.present
  block:
    - name: Its identities
      mailops.ses.email_identities:
        identities: "{{ tenant.identity_options }}"
"""

RETURN = r"""
host:
  description: The inventory host.
  returned: success
  type: str
region:
  description: The tenant's SES region (C(mailops_ses_region)).
  returned: success
  type: str
present:
  description: Whether the tenant is onboarded (C(mailops_tenant_state)); false for an offboarded one, whose every resource is retired.
  returned: success
  type: bool
identities:
  description: Its identities, normalised (C(state) filled in, C(mail_from) as a dict), BYODKIM private keys left out.
  returned: success
  type: list
  elements: dict
domains:
  description: Its present domain identities.
  returned: success
  type: list
  elements: str
replicas:
  description: Its Deterministic Easy DKIM replicas (converged after every parent exists, deleted before any parent).
  returned: success
  type: list
  elements: str
retiring:
  description: Its identities with C(state=absent) but replicas, as items of M(mailops.ses.email_identities); C(retiring_replicas) the replicas.
  returned: success
  type: list
  elements: dict
retires:
  description: Whether the tenant role's C(tasks/retire.yml) has anything to delete.
  returned: success
  type: bool
configuration_sets:
  description: The names of its configuration sets; C(reputation_sets), C(bulk_sets), C(sets_in_use) and C(domains_by_set) say more about them.
  returned: success
  type: list
  elements: str
ses_tenant:
  description:
    - Its SES tenant (C(mailops_ses_tenant)) with C(state) filled in, or V(null); C(ses_tenant_present), C(ses_tenant_retiring),
      C(ses_tenant_resources), C(ses_tenant_leaving_resources) and C(reputation_by_ses) say what happens to it.
  returned: success
  type: dict
multi_region_endpoints:
  description: Its present multi-region endpoints; C(retiring_endpoints) those with C(state=absent).
  returned: success
  type: list
  elements: dict
dedicated_ip_pools:
  description: Its present dedicated IP pools; C(retiring_pools) the names of those with C(state=absent).
  returned: success
  type: list
  elements: dict
check_servers:
  description:
    - The DNS server the verify role asks about each domain (V(null) for an unserved zone file).
    - C(dns_checks) has the same as items of M(mailops.ses.email_auth_check).
  returned: success
  type: dict
sending:
  description: The domain and configuration set pairs the smoke test sends through.
  returned: success
  type: list
  elements: dict
monitoring_destination:
  description: The event destination the tenant role adds to every configuration set in use when monitoring is enabled.
  returned: success
  type: dict
identity_options:
  description: The identities as options of M(mailops.ses.email_identities), BYODKIM private keys included (secret).
  returned: success
  type: list
  elements: dict
aws:
  description:
    - The options every AWS task of the tenant takes (C(region), C(aws_config) from C(mailops_aws_config), C(endpoint_url)
      from C(mailops_aws_endpoint_url), and the temporary credentials of C(mailops_aws_role_arn) or the profile
      C(mailops_aws_profile)); the roles use it as C(module_defaults) for C(group/mailops.ses.aws). Secret.
  returned: with O(credentials=true)
  type: dict
"""
