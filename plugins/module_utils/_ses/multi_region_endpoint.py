# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SES multi-region endpoints (global endpoints), pure: options, view, plan, predict, and when a wait is over.

An endpoint lives in its primary region (the region of the call) and has exactly one secondary region of the
same partition. SES cannot change an endpoint's regions: a different secondary region is refused with the way
out (delete and create again, which gives a new EndpointId that senders must use). Tags are taken at creation;
``GetMultiRegionEndpoint`` does not return them, so the module neither reports nor changes them afterwards.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mailops.ses.plugins.module_utils._aws import arns as _arns
from ansible_collections.mailops.ses.plugins.module_utils._aws import tags as _tags
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

NAME_RE = re.compile(r"^[\w-]{1,64}$")  # the model's ^[\w\-_]+$, 1-64 characters
STATUSES = ("CREATING", "READY", "FAILED", "DELETING")


class EndpointError(ProblemsError):
    """Invalid endpoint input, or a change SES cannot make."""


def argument_spec():
    return dict(
        name=dict(type="str", required=True),
        secondary_region=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=600),
        wait_delay=dict(type="int", default=5),
    )


def desired_from_params(params, region):
    """The endpoint the options describe, in the primary ``region``; every problem is reported together."""
    problems = []
    name = params.get("name") or ""
    if not NAME_RE.match(name):
        problems.append("name '%s' must be 1-64 letters, digits, '_' or '-'" % name)
    state = params.get("state") or "present"
    secondary = (params.get("secondary_region") or "").strip().lower() or None
    if state == "present":
        if not secondary:
            problems.append("secondary_region is required with state=present: the region the endpoint fails over to, e.g. us-west-2")
        elif not _arns.is_region(secondary):
            problems.append("secondary_region '%s' is not an AWS region name such as us-west-2" % secondary)
        elif secondary == region:
            problems.append("secondary_region %s is the endpoint's primary region (the module's region); give another region" % secondary)
        elif _arns.partition_for_region(secondary) != _arns.partition_for_region(region):
            problems.append("secondary_region %s is in another partition than the primary region %s" % (secondary, region))
    if problems:
        raise EndpointError(problems)
    return {"name": name, "state": state, "secondary_region": secondary, "tags": _tags.strings(params.get("tags"))}


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def view(response):
    """The module's view of an endpoint from GetMultiRegionEndpoint (None when there is none)."""
    if response is None:
        return None
    routes = [route.get("Region") for route in response.get("Routes") or []]
    return {
        "name": response.get("EndpointName"),
        "endpoint_id": response.get("EndpointId"),
        "status": response.get("Status"),
        "primary_region": routes[0] if routes else None,
        "secondary_region": routes[1] if len(routes) > 1 else None,
        "created": _iso(response.get("CreatedTimestamp")),
        "last_updated": _iso(response.get("LastUpdatedTimestamp")),
    }


def plan(current, desired):
    """The calls that take ``current`` (a view or None) to ``desired``; EndpointError for what SES cannot change."""
    name = desired["name"]
    if desired["state"] == "absent":
        if current is None or current["status"] == "DELETING":
            return []
        return [("delete_multi_region_endpoint", {"EndpointName": name})]
    if current is None:
        kwargs = {"EndpointName": name, "Details": {"RoutesDetails": [{"Region": desired["secondary_region"]}]}}
        if desired["tags"]:
            kwargs["Tags"] = _tags.as_list(desired["tags"])
        return [("create_multi_region_endpoint", kwargs)]
    if current["status"] == "DELETING":
        raise EndpointError(["multi-region endpoint %s is being deleted (DELETING); run again once it is gone, or with wait=true" % name])
    if current["secondary_region"] != desired["secondary_region"]:
        raise EndpointError(
            [
                "multi-region endpoint %s routes to %s, not %s; SES cannot change an endpoint's regions: delete it (state=absent) "
                "and create it again, then send with its new EndpointId" % (name, current["secondary_region"], desired["secondary_region"])
            ]
        )
    return []


def predict(current, desired, ops, region):
    """The view after ``ops`` (for check mode and diff): a new endpoint is CREATING, a deleted one DELETING."""
    state = dict(current) if current is not None else None
    for operation, _kwargs in ops:
        if operation == "create_multi_region_endpoint":
            state = {
                "name": desired["name"],
                "endpoint_id": None,
                "status": "CREATING",
                "primary_region": region,
                "secondary_region": desired["secondary_region"],
                "created": None,
                "last_updated": None,
            }
        elif operation == "delete_multi_region_endpoint":
            state["status"] = "DELETING"
    return state


def ready(state, name):
    """Whether a wait for READY is over; EndpointError when it never will be."""
    if state is None:
        raise EndpointError(["multi-region endpoint %s does not exist" % name])
    if state["status"] == "FAILED":
        raise EndpointError(["multi-region endpoint %s is FAILED; delete it (state=absent) and create it again" % name])
    return state["status"] == "READY"


def gone(state, _name=None):
    """Whether a wait for a deletion is over."""
    return state is None


def settled(state, _name=None):
    """Whether an endpoint is neither CREATING nor DELETING (so that it can be deleted, or made again)."""
    return state is None or state["status"] not in ("CREATING", "DELETING")
