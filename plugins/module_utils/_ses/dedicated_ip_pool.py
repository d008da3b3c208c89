# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SES v2 dedicated IP pools (standard and managed), pure: options, view, plan, predict.

A pool's scaling mode can go from ``STANDARD`` to ``MANAGED`` (``PutDedicatedIpPoolScalingAttributes``) but not
back: the API reference says "MANAGED pools cannot be converted to STANDARD scaling mode", so such a change is
refused before any write. The account's own pools ``ses-shared-pool`` and ``ses-default-dedicated-pool`` are
never created, changed or deleted: a configuration set names them as they are.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.mailops.ses.plugins.module_utils._aws import tags as _tags
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

# the pattern of AWS::SES::DedicatedIpPool's PoolName (the SES v2 model gives none)
NAME_RE = re.compile(r"^[a-z0-9_-]{1,64}$")
SCALING_MODES = ("STANDARD", "MANAGED")
DEFAULT_SCALING_MODE = "STANDARD"  # what SES uses when CreateDedicatedIpPool names none
SES_POOLS = ("ses-shared-pool", "ses-default-dedicated-pool")


class DedicatedIpPoolError(ProblemsError):
    """Invalid dedicated IP pool input, or a change SES cannot make."""


def argument_spec():
    return dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        scaling_mode=dict(type="str", choices=list(SCALING_MODES)),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )


def name_problems(name, where="name"):
    if name in SES_POOLS:
        return [
            "%s '%s' is one of SES's own pools (%s): it needs no create and cannot be changed or deleted; "
            "name it in a configuration set's delivery.sending_pool as it is" % (where, name, ", ".join(SES_POOLS))
        ]
    if not isinstance(name, str) or not NAME_RE.match(name):
        return ["%s '%s' must be 1-64 lowercase letters, digits, '_' or '-'" % (where, name)]
    return []


def desired_from_params(params, where=""):
    """The desired pool from the module's options (or an inventory item); every problem at once."""
    prefix = where + "." if where else ""
    problems = name_problems(params.get("name"), prefix + "name")
    mode = params.get("scaling_mode")
    if mode is not None and mode not in SCALING_MODES:
        problems.append("%sscaling_mode '%s' is not one of %s" % (prefix, mode, ", ".join(SCALING_MODES)))
    state = params.get("state") or "present"
    if state not in ("present", "absent"):
        problems.append("%sstate '%s' is not one of present, absent" % (prefix, state))
    tags = params.get("tags")
    if tags is not None and not isinstance(tags, dict):
        problems.append("%stags must be a dict of key: value" % prefix)
    if problems:
        raise DedicatedIpPoolError(problems)
    return {
        "name": params["name"],
        "state": state,
        "scaling_mode": mode,
        "tags": _tags.strings(tags),
        "purge_tags": params.get("purge_tags", True) is not False,
    }


def current_pool(response):
    """``{name, scaling_mode}`` from GetDedicatedIpPool, None when the pool does not exist."""
    if response is None:
        return None
    pool = response.get("DedicatedIpPool") or {}
    return {"name": pool.get("PoolName"), "scaling_mode": pool.get("ScalingMode") or DEFAULT_SCALING_MODE}


def plan(current, current_tags, desired):
    """``(operation, kwargs)`` calls, in order; tag calls get their ARN from the module."""
    name = desired["name"]
    if desired["state"] == "absent":
        return [("delete_dedicated_ip_pool", {"PoolName": name})] if current is not None else []
    mode = desired["scaling_mode"]
    if current is None:
        kwargs = {"PoolName": name}
        if mode:
            kwargs["ScalingMode"] = mode
        if desired["tags"]:
            kwargs["Tags"] = _tags.as_list(desired["tags"])
        return [("create_dedicated_ip_pool", kwargs)]
    ops = []
    if mode and mode != current["scaling_mode"]:
        if current["scaling_mode"] == "MANAGED":
            raise DedicatedIpPoolError(
                "scaling_mode: dedicated IP pool %s is MANAGED, and SES cannot convert a managed pool to %s. Keep "
                "scaling_mode: MANAGED (or leave it unset), or make a %s pool under another name, point the "
                "configuration sets at it (delivery.sending_pool) and then delete this one (state: absent)" % (name, mode, mode)
            )
        ops.append(("put_dedicated_ip_pool_scaling_attributes", {"PoolName": name, "ScalingMode": mode}))
    ops.extend(_tags.tag_ops(current_tags, desired["tags"], desired["purge_tags"]))
    return ops


def predict(current, current_tags, desired, ops):
    """The pool and its tags after ``ops`` (for check mode and diff)."""
    pool = copy.deepcopy(current)
    tags = dict(current_tags)
    for operation, kwargs in ops:
        if operation == "create_dedicated_ip_pool":
            pool = {"name": kwargs["PoolName"], "scaling_mode": kwargs.get("ScalingMode") or DEFAULT_SCALING_MODE}
            tags = dict(desired["tags"] or {})
        elif operation == "put_dedicated_ip_pool_scaling_attributes":
            pool["scaling_mode"] = kwargs["ScalingMode"]
        elif operation == "delete_dedicated_ip_pool":
            pool, tags = None, {}
        elif operation == "tag_resource":
            tags.update(_tags.from_list(kwargs["Tags"]))
        elif operation == "untag_resource":
            for key in kwargs["TagKeys"]:
                tags.pop(key, None)
    return pool, tags


def view(pool, tags):
    """Snake_case state returned by the module; empty when the pool does not exist."""
    if pool is None:
        return {}
    return {"name": pool["name"], "scaling_mode": pool["scaling_mode"], "tags": dict(tags)}
