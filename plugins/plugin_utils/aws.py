# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""AWS credentials on the controller: the module options every AWS task of a tenant (or a DNS zone) uses.

One mechanism for every AWS call of a tenant: the roles put the options this returns into
``module_defaults`` for ``group/mailops.ses.aws`` and ``group/amazon.aws.aws``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

try:
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError

    HAS_BOTO3 = True
except ImportError:
    HAS_BOTO3 = False

from ansible_collections.mailops.ses.plugins.module_utils._aws import clients as _clients

DEFAULT_AWS_CONFIG = {"retries": {"mode": "standard", "max_attempts": 10}}


class SessionError(Exception):
    """Credentials could not be obtained; the message names the role or profile and the AWS error."""


def module_options(region, profile=None, endpoint_url=None, aws_config=None, credentials=None):
    """The options of AWS modules (amazon.aws and mailops.ses) for these credentials."""
    options = {"region": region, "aws_config": aws_config if aws_config is not None else DEFAULT_AWS_CONFIG}
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if credentials:
        options.update(access_key=credentials["AccessKeyId"], secret_key=credentials["SecretAccessKey"], session_token=credentials["SessionToken"])
    elif profile:
        options["profile"] = profile
    return options


def assume_role(role_arn, region, session_name="mailops-ses", external_id=None, profile=None, endpoint_url=None, aws_config=None):
    """Temporary credentials of ``role_arn`` (``sts:AssumeRole`` with the controller's own credentials)."""
    if not HAS_BOTO3:
        raise SessionError("assuming %s needs boto3 on the controller: pip install boto3" % role_arn)
    config = Config(**(aws_config if aws_config is not None else DEFAULT_AWS_CONFIG))
    try:
        sts = _clients.session_client("sts", profile, region_name=region, endpoint_url=endpoint_url or None, config=config)
        kwargs = {"RoleArn": role_arn, "RoleSessionName": session_name}
        if external_id:
            kwargs["ExternalId"] = external_id
        return sts.assume_role(**kwargs)["Credentials"]
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise SessionError("cannot assume %s: %s: %s" % (role_arn, error.get("Code"), error.get("Message")))
    except BotoCoreError as exc:
        raise SessionError("cannot assume %s: %s" % (role_arn, exc))


def session_options(region, role_arn=None, session_name=None, external_id=None, profile=None, endpoint_url=None, aws_config=None):
    """Module options for a tenant or zone: assume ``role_arn`` when given, else use ``profile`` (or the default chain)."""
    credentials = None
    if role_arn:
        credentials = assume_role(role_arn, region, session_name or "mailops-ses", external_id, profile, endpoint_url, aws_config)
        profile = None
    return module_options(region, profile, endpoint_url, aws_config, credentials)
