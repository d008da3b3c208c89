# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Controller side of mailops.ses.aws_session: assume a role (or take a profile) and return module options."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.mailops.ses.plugins.plugin_utils.aws import SessionError, session_options
from ansible_collections.mailops.ses.plugins.plugin_utils.direct import prepare_clients

prepare_clients(("sts",))  # a role is assumed in the worker: its STS client reads data parsed once, here

ARGUMENT_SPEC = dict(
    region=dict(type="str", required=True),
    role_arn=dict(type="str"),
    role_session_name=dict(type="str", default="mailops-ses"),
    external_id=dict(type="str", no_log=True),
    profile=dict(type="str"),
    endpoint_url=dict(type="str"),
    aws_config=dict(type="dict"),
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        if args["role_arn"] and args["profile"]:
            return dict(result, failed=True, msg="set either role_arn or profile, not both")
        try:
            options = session_options(
                args["region"], args["role_arn"], args["role_session_name"], args["external_id"], args["profile"], args["endpoint_url"], args["aws_config"]
            )
        except SessionError as exc:
            return dict(result, failed=True, msg=str(exc))
        result.update(changed=False, aws=options, assumed=bool(args["role_arn"]))
        return result
