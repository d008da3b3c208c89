#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: tenant
short_description: Manage an Amazon SES tenant, its resource associations and its reputation policy
version_added: 0.2.0
description:
  - Creates, updates and deletes an SES v2 tenant in one account and region, with its tags and suppression
    attributes; associates email identities, configuration sets and templates with it; sets its SES-managed
    reputation policy and its customer-managed sending status.
  - An SES tenant gives the mail of the resources associated with it its own reputation inside the account. With
    the V(standard) or V(strict) reputation policy SES pauses the tenant by itself on reputation findings (V(strict)
    on any, V(standard) on high-impact ones), V(none) never. SES gives a new tenant V(standard).
  - An SES tenant is not the collection's tenant (an inventory host, that is one AWS account in one region); an
    inventory host may hold one SES tenant (C(mailops_ses_tenant)), whose resources are that host's identities and
    configuration sets.
  - Associations are added for the resources listed and removed only for those listed with C(state=absent) (or,
    with O(purge_resources=true), every one not listed), so associations made by anyone else stay.
author:
  - mailops.ses maintainers (@mailops)
options:
  name:
    description: The tenant's name (C(TenantName)), 1-64 letters, digits, C(_) or C(-).
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the tenant; V(absent) deletes it, and SES removes its associations with it (the
        resources stay). A missing tenant is not an error.
    type: str
    choices: [present, absent]
    default: present
  reputation_policy:
    description:
      - The SES-managed reputation policy, C(arn:<partition>:ses:<region>:aws:reputation-policy/<policy>) of the
        module's region and partition. Unset leaves the policy alone (V(standard) for a new tenant).
    type: str
    choices: [none, standard, strict]
  sending_status:
    description:
      - The customer-managed sending status. V(DISABLED) pauses the tenant by hand, V(ENABLED) lifts that,
        V(REINSTATED) lets it send despite active reputation findings. SES's own status can still pause it. Unset
        leaves the status alone.
    type: str
    choices: [ENABLED, REINSTATED, DISABLED]
  suppression_reasons:
    description: The tenant's suppression reasons (V(BOUNCE), V(COMPLAINT)); V([]) turns suppression off. Unset leaves them alone.
    type: list
    elements: str
  suppression_scope:
    description: Whether suppressed addresses are kept on the account's list (V(ACCOUNT), SES's default) or the tenant's own (V(TENANT)).
    type: str
    choices: [ACCOUNT, TENANT]
  resources:
    description:
      - Resources of the same account and region to associate with the tenant (C(state=present)) or to disassociate
        (C(state=absent)). A resource must exist before it is associated; delete an association before deleting its
        resource (SES refuses to delete an associated one).
    type: list
    elements: dict
    suboptions:
      type:
        description: The kind of resource.
        type: str
        choices: [identity, configuration_set, template]
        required: true
      name:
        description: The identity (domain or address), configuration set or template name.
        type: str
        required: true
      state:
        description: V(present) associates the resource, V(absent) removes its association.
        type: str
        choices: [present, absent]
        default: present
  purge_resources:
    description: Remove the associations of resources not listed in O(resources).
    type: bool
    default: false
  tags:
    description: Tags of the tenant.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description: Remove tags not listed in O(tags) (when O(tags) is set).
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
notes:
  - Every option is validated before any API call. A run with nothing to change makes three reads (C(GetTenant),
    C(ListTenantResources), C(GetReputationEntity)) and no write.
  - Send as the tenant with C(SendEmail(TenantName=...)); the sender's identity and the configuration set must both be
    associated with it.
seealso:
  - module: mailops.ses.email_identity
  - module: mailops.ses.configuration_set
"""

EXAMPLES = r"""
- name: The marketing business unit as an SES tenant with its own reputation
  mailops.ses.tenant:
    name: marketing
    reputation_policy: standard
    suppression_reasons: [BOUNCE, COMPLAINT]
    tags:
      team: marketing
    resources:
      - {type: identity, name: marketing.example.com}
      - {type: configuration_set, name: marketing}

- name: Before deleting an identity, take it out of the tenant
  mailops.ses.tenant:
    name: marketing
    resources:
      - {type: identity, name: old.example.com, state: absent}

- name: Pause it by hand
  mailops.ses.tenant:
    name: marketing
    sending_status: DISABLED

- name: Delete it (its associations go with it, the resources stay)
  mailops.ses.tenant:
    name: marketing
    state: absent
"""

RETURN = r"""
tenant:
  description: The tenant after the run (predicted in check mode, where a new tenant has no id or ARN yet); empty when absent.
  returned: always
  type: dict
  contains:
    name:
      description: The tenant's name.
      type: str
      sample: marketing
    tenant_id:
      description: The id SES gave it.
      type: str
    arn:
      description: Its ARN (C(arn:<partition>:ses:<region>:<account>:tenant/<name>/<id>)).
      type: str
    created:
      description: When it was created (ISO 8601).
      type: str
    tags:
      description: Its tags.
      type: dict
    suppression_reasons:
      description: Its suppression reasons.
      type: list
      elements: str
    suppression_scope:
      description: C(ACCOUNT) or C(TENANT).
      type: str
    resources:
      description: Every resource associated with it (by anyone), as C({type, name}).
      type: list
      elements: dict
      sample: [{type: configuration_set, name: marketing}, {type: identity, name: marketing.example.com}]
    reputation_policy:
      description: C(none), C(standard) or C(strict) (the ARN for a policy that is not SES-managed).
      type: str
      sample: standard
    sending_status:
      description: The customer-managed sending status (what O(sending_status) sets).
      type: str
      sample: ENABLED
    aws_managed_status:
      description: SES's own sending status of the tenant.
      type: str
      sample: ENABLED
    sending_status_aggregate:
      description: Whether SES lets the tenant send, from both statuses and the reputation policy.
      type: str
      sample: ENABLED
    reputation_impact:
      description: The highest impact (C(LOW), C(HIGH)) of an active reputation finding, if any.
      type: str
operations:
  description: The SES operations the run made (or would make in check mode), in order.
  returned: always
  type: list
  elements: str
  sample: [create_tenant, create_tenant_resource_association, create_tenant_resource_association]
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
  sample: {reads: 3, writes: 0}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._ses import tenant as _tenant


def read(ses, name):
    """The tenant's view from GetTenant, every page of ListTenantResources and GetReputationEntity (None when missing)."""
    found = ses("get_tenant", missing_ok=True, TenantName=name)
    if found is None:
        return None
    arns, token = [], None
    while True:
        page = ses("list_tenant_resources", TenantName=name, **({"NextToken": token} if token else {}))
        arns.extend(item["ResourceArn"] for item in page.get("TenantResources") or [])
        token = page.get("NextToken")
        if not token:
            break
    entity = ses("get_reputation_entity", missing_ok=True, ReputationEntityType="RESOURCE", ReputationEntityReference=found["Tenant"]["TenantArn"])
    return _tenant.view(found["Tenant"], arns, (entity or {}).get("ReputationEntity"))


def main():
    module = AnsibleAWSModule(argument_spec=_tenant.argument_spec(), supports_check_mode=True)
    try:
        desired = _tenant.desired_from_params(module.params)
    except _tenant.TenantError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
    run = ModuleRun(module)
    ses = run.client("sesv2")
    name = desired["name"]
    try:
        current = read(ses, name)
        ops = _tenant.plan(current, desired, module.region, lambda kind, resource: run.ses_arn("%s/%s" % (_tenant.RESOURCE_KINDS[kind], resource)))
        after = _tenant.predict(current, desired, ops)
        if run.apply(ops, arn=lambda: ses("get_tenant", TenantName=name)["Tenant"]["TenantArn"]) and desired["state"] == "present":
            after = read(ses, name)
    except AwsError as exc:
        run.fail(exc)
    run.exit(ops, "tenant", current or {}, after or {}, diff_header="SES tenant %s (%s)" % (name, module.region))


if __name__ == "__main__":
    main()
