#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: dedicated_ip_pool
short_description: Manage an Amazon SES v2 dedicated IP pool (standard or managed)
version_added: 0.2.0
description:
  - Creates, converts, tags and deletes a dedicated IP pool of the account in one region. A configuration set sends
    through it when its O(mailops.ses.configuration_set#module:delivery.sending_pool) names it.
  - In a V(MANAGED) pool SES manages the number of dedicated IPs and their reputation; a V(STANDARD) pool holds the
    dedicated IPs you lease and put into it (the module does not move IP addresses between pools).
  - SES converts a V(STANDARD) pool to V(MANAGED) in place, but never a V(MANAGED) pool back to V(STANDARD); the module
    refuses that change before any write and says how to proceed.
  - The account's own pools V(ses-shared-pool) and V(ses-default-dedicated-pool) need no pool of their own; the module
    refuses their names.
author:
  - mailops.ses maintainers (@mailops)
options:
  name:
    description: Name of the pool, 1-64 lowercase letters, digits, C(_) or C(-).
    type: str
    required: true
  state:
    description:
      - V(present) or V(absent).
      - SES refuses to delete a V(STANDARD) pool that still holds dedicated IP addresses; move or release them first.
        Change the configuration sets that send through the pool before deleting it.
    type: str
    choices: [present, absent]
    default: present
  scaling_mode:
    description:
      - V(STANDARD) (you manage the dedicated IPs in the pool) or V(MANAGED) (SES does).
      - Unset creates a V(STANDARD) pool (SES's default) and leaves an existing pool's mode alone.
      - Changing an existing V(STANDARD) pool to V(MANAGED) converts it (C(PutDedicatedIpPoolScalingAttributes)); this
        cannot be undone.
    type: str
    choices: [STANDARD, MANAGED]
extends_documentation_fragment:
  - amazon.aws.tags
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
"""

EXAMPLES = r"""
- name: A managed pool for marketing mail
  mailops.ses.dedicated_ip_pool:
    name: marketing-ips
    scaling_mode: MANAGED
    tags:
      team: growth

- name: Send marketing mail through it
  mailops.ses.configuration_set:
    name: marketing
    delivery:
      tls_policy: REQUIRE
      sending_pool: marketing-ips

- name: Remove a pool no configuration set uses any more
  mailops.ses.dedicated_ip_pool:
    name: old-ips
    state: absent
"""

RETURN = r"""
dedicated_ip_pool:
  description: The pool after the run (predicted in check mode); empty when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the pool.
      type: str
      sample: marketing-ips
    scaling_mode:
      description: C(STANDARD) or C(MANAGED).
      type: str
      sample: MANAGED
    tags:
      description: Tags of the pool.
      type: dict
      sample: {team: growth}
operations:
  description: The SES operations the run made (or would make in check mode).
  returned: always
  type: list
  elements: str
  sample: [create_dedicated_ip_pool]
api_calls:
  description: Calls the module made (reads and writes).
  returned: always
  type: dict
  sample: {reads: 1, writes: 1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws import tags as _tags
from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._ses import dedicated_ip_pool as _pool


def main():
    module = AnsibleAWSModule(argument_spec=_pool.argument_spec(), supports_check_mode=True)
    try:
        desired = _pool.desired_from_params(module.params)
    except _pool.DedicatedIpPoolError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
    run = ModuleRun(module)
    ses = run.client("sesv2")

    def arn():
        return run.ses_arn("dedicated-ip-pool/%s" % desired["name"])

    current, tags = None, {}
    try:
        current = _pool.current_pool(ses("get_dedicated_ip_pool", missing_ok=True, PoolName=desired["name"]))
        if current is not None:
            tags = _tags.from_list(ses("list_tags_for_resource", ResourceArn=arn()).get("Tags"))
        ops = _pool.plan(current, tags, desired)
        after = _pool.view(*_pool.predict(current, tags, desired, ops))
        run.apply(ops, arn=arn)
    except AwsError as exc:
        run.fail(exc)
    except _pool.DedicatedIpPoolError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems, dedicated_ip_pool=_pool.view(current, tags), api_calls=run.api_calls())
    run.exit(ops, "dedicated_ip_pool", _pool.view(current, tags), after)


if __name__ == "__main__":
    main()
