#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: aws_session
short_description: Assume an IAM role (or take a profile) and return the options of AWS modules
version_added: 0.2.0
description:
  - Runs on the controller. With O(role_arn), calls C(sts:AssumeRole) with the controller's own credentials (or
    O(profile)'s) and returns the temporary credentials as the C(access_key), C(secret_key) and C(session_token)
    options AWS modules take, with O(region), O(endpoint_url) and O(aws_config); without it, returns the profile.
  - The zones role uses it for the account that holds a Route 53 zone (for example a central DNS account); the
    tenant's own credentials come from M(mailops.ses.tenant_facts).
  - The result holds temporary credentials; run the task with C(no_log=true).
author:
  - mailops.ses maintainers (@mailops)
options:
  region:
    description: Region of the STS call and of the returned options.
    type: str
    required: true
  role_arn:
    description: IAM role to assume.
    type: str
  role_session_name:
    description: Session name of the assumed role (shows in CloudTrail).
    type: str
    default: mailops-ses
  external_id:
    description: External id the role's trust policy asks for.
    type: str
  profile:
    description: AWS profile to use (without O(role_arn)), or to assume O(role_arn) with.
    type: str
  endpoint_url:
    description: Send the STS call (and the later AWS calls) here instead of AWS, for example the local sandbox.
    type: str
  aws_config:
    description: botocore settings; default standard retries with 10 attempts.
    type: dict
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.controller
seealso:
  - module: mailops.ses.tenant_facts
"""

EXAMPLES = r"""
- name: The central DNS account
  mailops.ses.aws_session:
    region: us-east-1
    role_arn: arn:aws:iam::333333333333:role/dns-admin
  register: dns_account
  no_log: true

- name: Publish with it
  mailops.ses.dns_record_sets:
    provider: route53
    zone: example.com
    record_sets: [{name: _dmarc, type: TXT, values: ["v=DMARC1; p=none"]}]
  module_defaults:
    group/mailops.ses.aws: "{{ dns_account.aws }}"
"""

RETURN = r"""
aws:
  description: The options of AWS modules - C(region), C(aws_config), and C(endpoint_url), C(profile) or the credentials.
  returned: success
  type: dict
assumed:
  description: Whether a role was assumed.
  returned: success
  type: bool
"""
