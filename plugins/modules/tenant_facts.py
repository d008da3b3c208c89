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
  - Runs on the controller for the current host (a tenant - one SES instance, one account in one region) and sets
    three facts from its C(mailops_*) variables (see C(docs/inventory.md)), so every role can run on its own.
  - C(tenant) - the tenant without secrets - C(host), C(region), C(present) (from C(mailops_tenant_state)),
    C(identities) (normalised, C(state) filled in, C(mail_from) as a dict, BYODKIM private keys left out),
    C(domains) (present domain identities), C(retiring) (identities with C(state=absent), as items of
    M(mailops.ses.email_identities)), C(configuration_sets), C(reputation_sets), C(sets_in_use), C(domains_by_set),
    C(sending) (domain and configuration set pairs for the smoke test), C(monitoring_destination) and
    C(check_servers) (the DNS server the verify role asks about each domain, V(null) for an unserved zone file).
  - C(tenant_aws) - the options every AWS task of the tenant takes (C(region), C(aws_config) from
    C(mailops_aws_config), C(endpoint_url) from C(mailops_aws_endpoint_url), and the temporary credentials of
    C(mailops_aws_role_arn) or the profile C(mailops_aws_profile)); the roles use it as C(module_defaults) for
    C(group/mailops.ses.aws).
  - C(tenant_identity_options) - the identities as options of M(mailops.ses.email_identities), BYODKIM private keys
    included.
  - C(tenant_aws) and C(tenant_identity_options) hold secrets; run the task with C(no_log=true).
author:
  - mailops.ses maintainers (@mailops)
options:
  credentials:
    description: Assume C(mailops_aws_role_arn) and set C(tenant_aws). V(false) sets the other facts only, without any AWS call.
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
  no_log: true

- name: Every AWS task of the tenant with its credentials
  module_defaults:
    group/mailops.ses.aws: "{{ tenant_aws }}"
  block:
    - name: Its identities
      mailops.ses.email_identities:
        identities: "{{ tenant_identity_options }}"
"""

RETURN = r"""
ansible_facts:
  description: The facts C(tenant), C(tenant_aws) (with O(credentials)) and C(tenant_identity_options).
  returned: success
  type: dict
"""
