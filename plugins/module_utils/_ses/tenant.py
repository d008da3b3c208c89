# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SES tenants, pure: options, view, plan, predict.

An SES tenant is a container inside one account and region (an SES instance): the identities, configuration
sets and templates associated with it send as that tenant, with its own reputation (an SES-managed reputation
policy ``none``/``standard``/``strict`` decides whether SES pauses it on reputation findings) and its own
sending status. It is not the collection's "tenant" (an inventory host = one account and region): one host may
hold one SES tenant for the business unit it describes.

Associations are only ever added for the resources named, and removed only for those named ``state: absent``
(or, with ``purge_resources``, every one not named): associations made by anyone else stay.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.mailops.ses.plugins.module_utils._aws import arns as _arns
from ansible_collections.mailops.ses.plugins.module_utils._aws import tags as _tags
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity

NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
POLICIES = ("none", "standard", "strict")
DEFAULT_POLICY = "standard"  # what SES gives a new tenant
SENDING_STATUSES = ("ENABLED", "REINSTATED", "DISABLED")
SUPPRESSION_REASONS = ("BOUNCE", "COMPLAINT")
SUPPRESSION_SCOPES = ("ACCOUNT", "TENANT")
# resource type -> the ARN's resource kind
RESOURCE_KINDS = {"identity": "identity", "configuration_set": "configuration-set", "template": "template"}
POLICY_ARN_RE = re.compile(r"^arn:[a-z-]+:ses:[a-z0-9-]*:aws:reputation-policy/([a-z]+)$")


class TenantError(ProblemsError):
    """Invalid SES tenant input."""


def argument_spec():
    return dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        reputation_policy=dict(type="str", choices=list(POLICIES)),
        sending_status=dict(type="str", choices=list(SENDING_STATUSES)),
        suppression_reasons=dict(type="list", elements="str"),
        suppression_scope=dict(type="str", choices=list(SUPPRESSION_SCOPES)),
        resources=dict(
            type="list",
            elements="dict",
            options=dict(
                type=dict(type="str", choices=list(RESOURCE_KINDS), required=True),
                name=dict(type="str", required=True),
                state=dict(type="str", choices=["present", "absent"], default="present"),
            ),
        ),
        purge_resources=dict(type="bool", default=False),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )


def policy_arn(region, level):
    """The ARN of an SES-managed reputation policy, in the partition of ``region`` (never a hard-coded ``aws``)."""
    return _arns.arn(_arns.partition_for_region(region), "ses", region, "aws", "reputation-policy/%s" % level)


def policy_level(arn):
    """``standard`` from an SES-managed policy ARN; a policy that is not SES-managed is named by its ARN."""
    match = POLICY_ARN_RE.match(arn or "")
    return match.group(1) if match else arn


def _resource_name(kind, name, where, problems):
    text = str(name or "").strip()
    if kind == "identity":
        try:
            return _identity.canonical_name(text)[1]
        except _identity.IdentityError as exc:
            problems.extend("%s: %s" % (where, p) for p in exc.problems)
            return text
    if not NAME_RE.match(text):
        problems.append("%s: %s name '%s' must be 1-64 letters, digits, '_' or '-'" % (where, kind.replace("_", " "), text))
    return text


def desired_from_params(params):
    """The SES tenant the options describe; every problem is reported together."""
    problems = []
    name = params.get("name") or ""
    if not NAME_RE.match(name):
        problems.append("name '%s' must be 1-64 letters, digits, '_' or '-'" % name)
    reasons = params.get("suppression_reasons")
    if reasons is not None:
        reasons = sorted({str(r).upper() for r in reasons})
        for reason in reasons:
            if reason not in SUPPRESSION_REASONS:
                problems.append("suppression_reasons: '%s' is not one of %s" % (reason, ", ".join(SUPPRESSION_REASONS)))
    resources = {}
    for index, item in enumerate(params.get("resources") or []):
        where = "resources[%d]" % index
        kind = item.get("type")
        if kind not in RESOURCE_KINDS:
            problems.append("%s.type '%s' is not one of %s" % (where, kind, ", ".join(RESOURCE_KINDS)))
            continue
        key = (kind, _resource_name(kind, item.get("name"), where, problems))
        state = item.get("state") or "present"
        if resources.get(key, state) != state:
            problems.append("%s: %s %s is listed both present and absent" % (where, kind.replace("_", " "), key[1]))
        resources[key] = state
    if problems:
        raise TenantError(problems)
    return {
        "name": name,
        "state": params.get("state") or "present",
        "reputation_policy": params.get("reputation_policy"),
        "sending_status": params.get("sending_status"),
        "suppression_reasons": reasons,
        "suppression_scope": params.get("suppression_scope"),
        "resources": resources,
        "purge_resources": bool(params.get("purge_resources")),
        "tags": _tags.strings(params.get("tags")),
        "purge_tags": params.get("purge_tags", True),
    }


def resource_of(arn):
    """``{type, name}`` of an associated resource's ARN (the type as the module names it)."""
    parsed = _arns.parse(arn)
    kind, _sep, name = (parsed[4] if parsed else "").partition("/")
    types = {v: k for k, v in RESOURCE_KINDS.items()}
    return {"type": types.get(kind, kind), "name": name}


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def view(tenant, resource_arns, entity):
    """The module's view from GetTenant's ``Tenant``, the ARNs of ListTenantResources and GetReputationEntity's
    ``ReputationEntity`` (None when there is no tenant)."""
    if tenant is None:
        return None
    entity = entity or {}
    suppression = tenant.get("SuppressionAttributes") or {}
    return {
        "name": tenant.get("TenantName"),
        "tenant_id": tenant.get("TenantId"),
        "arn": tenant.get("TenantArn"),
        "created": _iso(tenant.get("CreatedTimestamp")),
        "tags": _tags.from_list(tenant.get("Tags")),
        "suppression_reasons": sorted(suppression.get("SuppressedReasons") or []),
        "suppression_scope": suppression.get("SuppressionScope"),
        "resources": sorted((resource_of(arn) for arn in resource_arns), key=lambda r: (r["type"], r["name"])),
        "reputation_policy": policy_level(entity.get("ReputationManagementPolicy")),
        "sending_status": (entity.get("CustomerManagedStatus") or {}).get("Status"),
        "aws_managed_status": (entity.get("AwsSesManagedStatus") or {}).get("Status"),
        "sending_status_aggregate": entity.get("SendingStatusAggregate") or tenant.get("SendingStatus"),
        "reputation_impact": entity.get("ReputationImpact"),
    }


def _entity_op(operation, reference, **kwargs):
    return (operation, dict({"ReputationEntityType": "RESOURCE", "ReputationEntityReference": reference}, **kwargs))


def plan(current, desired, region, arn_of):
    """The calls that take ``current`` (a view or None) to ``desired``, in order.

    ``arn_of(type, name)`` gives a resource's ARN. A new tenant's ARN holds an id SES makes up: its reputation calls
    carry ``ReputationEntityReference: None``, which ``ModuleRun.apply`` fills in once the tenant exists.
    """
    name = desired["name"]
    if desired["state"] == "absent":
        return [("delete_tenant", {"TenantName": name})] if current is not None else []
    ops = []
    if current is None:
        kwargs = {"TenantName": name}
        if desired["tags"]:
            kwargs["Tags"] = _tags.as_list(desired["tags"])
        if desired["suppression_reasons"] is not None or desired["suppression_scope"]:
            kwargs["SuppressionAttributes"] = {
                "SuppressedReasons": desired["suppression_reasons"] or [],
                "SuppressionScope": desired["suppression_scope"] or "ACCOUNT",
            }
        ops.append(("create_tenant", kwargs))
        have = {"arn": None, "resources": [], "reputation_policy": DEFAULT_POLICY, "sending_status": "ENABLED"}
    else:
        have = current
        reasons = desired["suppression_reasons"] if desired["suppression_reasons"] is not None else current["suppression_reasons"]
        scope = desired["suppression_scope"] or current["suppression_scope"] or "ACCOUNT"
        if reasons != current["suppression_reasons"] or scope != (current["suppression_scope"] or "ACCOUNT"):
            ops.append(("put_tenant_suppression_attributes", {"TenantName": name, "SuppressedReasons": reasons, "SuppressionScope": scope}))
        for operation, kwargs in _tags.tag_ops(current["tags"], desired["tags"], desired["purge_tags"]):
            ops.append((operation, dict(kwargs, ResourceArn=current["arn"])))
    associated = {(r["type"], r["name"]) for r in have["resources"]}
    for key, state in sorted(desired["resources"].items()):
        if state == "present" and key not in associated:
            ops.append(("create_tenant_resource_association", {"TenantName": name, "ResourceArn": arn_of(*key)}))
    for key in sorted(associated):
        state = desired["resources"].get(key)
        if state == "absent" or (state is None and desired["purge_resources"]):
            ops.append(("delete_tenant_resource_association", {"TenantName": name, "ResourceArn": arn_of(*key)}))
    if desired["reputation_policy"] and desired["reputation_policy"] != have["reputation_policy"]:
        ops.append(_entity_op("update_reputation_entity_policy", have["arn"], ReputationEntityPolicy=policy_arn(region, desired["reputation_policy"])))
    if desired["sending_status"] and desired["sending_status"] != have["sending_status"]:
        ops.append(_entity_op("update_reputation_entity_customer_managed_status", have["arn"], SendingStatus=desired["sending_status"]))
    return ops


def _aggregate(state):
    """Whether SES lets the tenant send, from both statuses, the policy and the active finding (SES's own rule)."""
    statuses = (state["sending_status"], state["aws_managed_status"])
    if "DISABLED" in statuses:
        return "DISABLED"
    if "REINSTATED" in statuses:
        return "REINSTATED"  # sending goes on despite findings
    impact, level = state["reputation_impact"], state["reputation_policy"]
    if impact and (level == "strict" or (level == "standard" and impact == "HIGH")):
        return "DISABLED"  # paused by the policy
    return "ENABLED"


def predict(current, desired, ops):
    """The view after ``ops`` (check mode and diff). A new tenant has no id or ARN yet."""
    state = copy.deepcopy(current) if current is not None else None
    for operation, kwargs in ops:
        if operation == "create_tenant":
            suppression = kwargs.get("SuppressionAttributes") or {}
            state = {
                "name": desired["name"],
                "tenant_id": None,
                "arn": None,
                "created": None,
                "tags": dict(desired["tags"] or {}),
                "suppression_reasons": sorted(suppression.get("SuppressedReasons") or []),
                "suppression_scope": suppression.get("SuppressionScope") or "ACCOUNT",
                "resources": [],
                "reputation_policy": DEFAULT_POLICY,
                "sending_status": "ENABLED",
                "aws_managed_status": "ENABLED",
                "sending_status_aggregate": "ENABLED",
                "reputation_impact": None,
            }
        elif operation == "delete_tenant":
            state = None
        elif operation == "put_tenant_suppression_attributes":
            state["suppression_reasons"] = sorted(kwargs["SuppressedReasons"])
            state["suppression_scope"] = kwargs["SuppressionScope"]
        elif operation == "tag_resource":
            state["tags"].update(_tags.from_list(kwargs["Tags"]))
        elif operation == "untag_resource":
            for key in kwargs["TagKeys"]:
                state["tags"].pop(key, None)
        elif operation == "create_tenant_resource_association":
            state["resources"] = sorted(state["resources"] + [resource_of(kwargs["ResourceArn"])], key=lambda r: (r["type"], r["name"]))
        elif operation == "delete_tenant_resource_association":
            gone = resource_of(kwargs["ResourceArn"])
            state["resources"] = [r for r in state["resources"] if r != gone]
        elif operation == "update_reputation_entity_policy":
            state["reputation_policy"] = policy_level(kwargs["ReputationEntityPolicy"])
            state["sending_status_aggregate"] = _aggregate(state)
        elif operation == "update_reputation_entity_customer_managed_status":
            state["sending_status"] = kwargs["SendingStatus"]
            state["sending_status_aggregate"] = _aggregate(state)
    return state
