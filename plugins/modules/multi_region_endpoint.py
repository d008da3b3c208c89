#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: multi_region_endpoint
short_description: Manage an Amazon SES multi-region endpoint (global endpoint)
version_added: 0.2.0
description:
  - Creates and deletes an SES v2 multi-region endpoint. The module's region is the endpoint's primary region;
    O(secondary_region) is the one other region SES sends through (with failover). Send through it with
    C(SendEmail(EndpointId=...)), which AWS signs with SigV4A.
  - An endpoint needs the sending identities in both regions; with Easy DKIM, make the second region's identity a
    Deterministic Easy DKIM replica (M(mailops.ses.email_identity) with O(mailops.ses.email_identity#module:dkim.mode=replica)),
    so that the domain publishes its DKIM records once.
  - SES cannot change an endpoint's regions. A different O(secondary_region) for an existing endpoint fails before any
    write, naming the way out (delete it, create it again, send with the new C(EndpointId)).
author:
  - mailops.ses maintainers (@mailops)
options:
  name:
    description: The endpoint's name (C(EndpointName)), 1-64 letters, digits, C(_) or C(-).
    type: str
    required: true
  secondary_region:
    description:
      - The secondary region, in the same partition as the module's region and not that region. Required with
        O(state=present).
    type: str
  state:
    description:
      - V(present) creates the endpoint; V(absent) deletes it (a missing endpoint is not an error).
    type: str
    choices: [present, absent]
    default: present
  tags:
    description:
      - Tags given to the endpoint when it is created. SES does not return them, and the module does not change the
        tags of an existing endpoint.
    type: dict
    aliases: [resource_tags]
  wait:
    description:
      - Wait until the endpoint is C(READY) (O(state=present)) or gone (O(state=absent)); fails when it is C(FAILED) or
        at O(wait_timeout). An endpoint that is still C(CREATING) is waited for before it is deleted, one that is still
        C(DELETING) before it is made again. No wait in check mode.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true).
    type: int
    default: 600
  wait_delay:
    description: Seconds between reads with O(wait=true).
    type: int
    default: 5
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
notes:
  - Every option is validated before any API call. A run with nothing to change makes one read and no write.
seealso:
  - module: mailops.ses.email_identity
"""

EXAMPLES = r"""
- name: The identity in both regions, the second one a DEED replica of the first
  mailops.ses.email_identity:
    identity: example.com
    region: "{{ item.region }}"
    dkim: "{{ item.dkim }}"
  loop:
    - {region: us-east-1, dkim: {mode: easy}}
    - {region: us-west-2, dkim: {mode: replica, parent_region: us-east-1}}

- name: A global endpoint in us-east-1 that fails over to us-west-2
  mailops.ses.multi_region_endpoint:
    name: transactional-global
    region: us-east-1
    secondary_region: us-west-2
    tags:
      team: payments
    wait: true
  register: endpoint

- name: Remove it
  mailops.ses.multi_region_endpoint:
    name: transactional-global
    region: us-east-1
    state: absent
    wait: true
"""

RETURN = r"""
multi_region_endpoint:
  description:
    - The endpoint after the run (predicted in check mode; a new endpoint is C(CREATING) there and has no id yet);
      empty when there is none.
  returned: always
  type: dict
  contains:
    name:
      description: The endpoint's name.
      type: str
      sample: transactional-global
    endpoint_id:
      description: The C(EndpointId) to send with.
      type: str
      sample: abcdef12.g3h
    status:
      description: C(CREATING), C(READY), C(FAILED) or C(DELETING).
      type: str
      sample: READY
    primary_region:
      description: The primary region (the module's region).
      type: str
      sample: us-east-1
    secondary_region:
      description: The secondary region.
      type: str
      sample: us-west-2
    created:
      description: When SES created it (ISO 8601).
      type: str
    last_updated:
      description: When its status last changed (ISO 8601).
      type: str
operations:
  description: The SES operations the run made (or would make in check mode).
  returned: always
  type: list
  elements: str
  sample: [create_multi_region_endpoint]
api_calls:
  description: Calls made, reads and writes.
  returned: always
  type: dict
  sample: {reads: 1, writes: 0}
"""

import time

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import AwsError
from ansible_collections.mailops.ses.plugins.module_utils._aws.module_run import ModuleRun
from ansible_collections.mailops.ses.plugins.module_utils._ses import multi_region_endpoint as _endpoint


def poll(read, done, name, state, params, what):
    """Read until ``done(state, name)``; EndpointError at the timeout."""
    deadline = time.time() + params["wait_timeout"]
    while not done(state, name):
        if time.time() >= deadline:
            status = state["status"] if state else "gone"
            raise _endpoint.EndpointError(
                ["timed out after %d s waiting for multi-region endpoint %s %s (status %s)" % (params["wait_timeout"], name, what, status)]
            )
        time.sleep(params["wait_delay"])
        state = read()
    return state


def main():
    module = AnsibleAWSModule(argument_spec=_endpoint.argument_spec(), supports_check_mode=True)
    params = module.params
    try:
        desired = _endpoint.desired_from_params(params, module.region)
    except _endpoint.EndpointError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
    run = ModuleRun(module)
    name = desired["name"]
    waiting = params["wait"] and not module.check_mode

    def read():
        return _endpoint.view(run.client("sesv2")("get_multi_region_endpoint", missing_ok=True, EndpointName=name))

    ops = []
    try:
        before = current = read()
        if waiting and not _endpoint.settled(current):  # CREATING before a delete, DELETING before it is made again
            current = poll(read, _endpoint.settled, name, current, params, "to finish %s" % current["status"])
        ops = _endpoint.plan(current, desired)
        after = _endpoint.predict(current, desired, ops, module.region)
        if run.apply(ops):
            after = read()
        if waiting and desired["state"] == "present":
            after = poll(read, _endpoint.ready, name, after, params, "to be READY")
        elif waiting:
            after = poll(read, _endpoint.gone, name, after, params, "to be deleted")
    except _endpoint.EndpointError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems, operations=[op for op, _kwargs in ops], api_calls=run.api_calls())
    except AwsError as exc:
        run.fail(exc)
    run.exit(ops, "multi_region_endpoint", before or {}, after or {}, diff_header="multi-region endpoint %s (SES %s)" % (name, module.region))


if __name__ == "__main__":
    main()
