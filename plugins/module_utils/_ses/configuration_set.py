# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SES v2 configuration sets, pure: validate, convert to API shapes, plan only what differs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mailops.ses.plugins.module_utils._aws import tags as _tags
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError
from ansible_collections.mailops.ses.plugins.module_utils._ses import auto_validation as _auto_validation

NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
EVENT_TYPES = ("SEND", "REJECT", "BOUNCE", "COMPLAINT", "DELIVERY", "OPEN", "CLICK", "RENDERING_FAILURE", "DELIVERY_DELAY", "SUBSCRIPTION")
DIMENSION_SOURCES = {"message_tag": "MESSAGE_TAG", "email_header": "EMAIL_HEADER", "link_tag": "LINK_TAG"}
TARGETS = ("cloudwatch", "sns", "firehose", "eventbridge", "pinpoint")
SUPPRESSION_REASONS = ("BOUNCE", "COMPLAINT")
GUARD_TAG = "mailops:paused-by-guard"


class ConfigurationSetError(ProblemsError):
    """Invalid configuration set input."""


def _destination_api(item, where, problems):
    name = item.get("name")
    if not name or not re.match(r"^[a-zA-Z0-9_-]{1,64}$", name or ""):
        problems.append("%s.name '%s' must be 1-64 letters, digits, '_' or '-'" % (where, name))
    label = "%s (name '%s')" % (where, name)
    targets = [t for t in TARGETS if item.get(t)]
    if len(targets) != 1:
        problems.append("%s: give exactly one of %s; got %d%s" % (label, ", ".join(TARGETS), len(targets), " (%s)" % ", ".join(targets) if targets else ""))
    types = [str(t).upper() for t in item.get("matching_event_types") or []]
    if not types:
        problems.append("%s.matching_event_types: at least one of %s" % (label, ", ".join(EVENT_TYPES)))
    for event in types:
        if event not in EVENT_TYPES:
            problems.append("%s.matching_event_types: '%s' is not one of %s" % (label, event, ", ".join(EVENT_TYPES)))
    api = {"Enabled": bool(item.get("enabled", True)), "MatchingEventTypes": sorted(set(types))}
    if item.get("cloudwatch"):
        dimensions = []
        for index, dim in enumerate(item["cloudwatch"].get("dimensions") or []):
            source = DIMENSION_SOURCES.get(str(dim.get("source", "message_tag")).lower())
            if source is None:
                problems.append("%s.cloudwatch.dimensions[%d].source '%s' is not one of %s" % (label, index, dim.get("source"), ", ".join(DIMENSION_SOURCES)))
            if not dim.get("name") or not dim.get("default"):
                problems.append("%s.cloudwatch.dimensions[%d]: name and default are required" % (label, index))
            dimensions.append({"DimensionName": dim.get("name"), "DimensionValueSource": source, "DefaultDimensionValue": dim.get("default")})
        if not dimensions:
            problems.append("%s.cloudwatch.dimensions: at least one dimension, e.g. ses:from-domain" % label)
        api["CloudWatchDestination"] = {"DimensionConfigurations": dimensions}
    if item.get("sns"):
        api["SnsDestination"] = {"TopicArn": _arn(item["sns"], "topic_arn", label + ".sns", problems)}
    if item.get("firehose"):
        api["KinesisFirehoseDestination"] = {
            "DeliveryStreamArn": _arn(item["firehose"], "delivery_stream_arn", label + ".firehose", problems),
            "IamRoleArn": _arn(item["firehose"], "iam_role_arn", label + ".firehose", problems),
        }
    if item.get("eventbridge"):
        api["EventBridgeDestination"] = {"EventBusArn": _arn(item["eventbridge"], "event_bus_arn", label + ".eventbridge", problems)}
    if item.get("pinpoint"):
        api["PinpointDestination"] = {"ApplicationArn": _arn(item["pinpoint"], "application_arn", label + ".pinpoint", problems)}
    return name, api


def _arn(block, key, where, problems):
    value = (block or {}).get(key)
    if not value or not str(value).startswith("arn:"):
        problems.append("%s.%s '%s' must be an ARN (arn:aws:...)" % (where, key, value))
    return value


_DIMENSION = dict(
    name=dict(type="str", required=True),
    source=dict(type="str", choices=["message_tag", "email_header", "link_tag"], default="message_tag"),
    default=dict(type="str", required=True),
)


def argument_spec():
    return dict(
        name=dict(type="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        sending_enabled=dict(type="bool"),
        reputation_metrics=dict(type="bool"),
        suppression_reasons=dict(type="list", elements="str"),
        validation=_auto_validation.option(),
        tracking=dict(
            type="dict",
            options=dict(
                custom_redirect_domain=dict(type="str"),
                https_policy=dict(type="str", choices=["REQUIRE", "REQUIRE_OPEN_ONLY", "OPTIONAL"], default="OPTIONAL"),
            ),
        ),
        delivery=dict(
            type="dict",
            options=dict(
                tls_policy=dict(type="str", choices=["REQUIRE", "OPTIONAL"], default="OPTIONAL"),
                sending_pool=dict(type="str"),
                max_delivery_seconds=dict(type="int"),
            ),
        ),
        vdm=dict(
            type="dict",
            options=dict(
                engagement_metrics=dict(type="str", choices=["ENABLED", "DISABLED"]),
                optimized_shared_delivery=dict(type="str", choices=["ENABLED", "DISABLED"]),
            ),
        ),
        event_destinations=dict(
            type="list",
            elements="dict",
            options=dict(
                name=dict(type="str", required=True),
                enabled=dict(type="bool", default=True),
                matching_event_types=dict(type="list", elements="str", required=True),
                cloudwatch=dict(type="dict", options=dict(dimensions=dict(type="list", elements="dict", required=True, options=_DIMENSION))),
                sns=dict(type="dict", options=dict(topic_arn=dict(type="str", required=True))),
                firehose=dict(type="dict", options=dict(delivery_stream_arn=dict(type="str", required=True), iam_role_arn=dict(type="str", required=True))),
                eventbridge=dict(type="dict", options=dict(event_bus_arn=dict(type="str", required=True))),
                pinpoint=dict(type="dict", options=dict(application_arn=dict(type="str", required=True))),
            ),
        ),
        purge_event_destinations=dict(type="bool", default=True),
        pause_reason=dict(type="str"),
        resume_paused=dict(type="bool", default=False),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
    )


def desired_from_params(params):
    problems = []
    name = params.get("name") or ""
    if not NAME_RE.match(name):
        problems.append("name '%s' must be 1-64 letters, digits, '_' or '-'" % name)
    desired = {
        "name": name,
        "tags": _tags.strings(params.get("tags")),
        "purge_tags": params.get("purge_tags", True),
        "options": {},
        "destinations": None,
        "purge_event_destinations": params.get("purge_event_destinations", True),
        "validation": None,
    }
    options = desired["options"]
    if params.get("sending_enabled") is not None:
        options["SendingOptions"] = {"SendingEnabled": params["sending_enabled"]}
    if params.get("reputation_metrics") is not None:
        options["ReputationOptions"] = {"ReputationMetricsEnabled": params["reputation_metrics"]}
    if params.get("suppression_reasons") is not None:
        reasons = [str(r).upper() for r in params["suppression_reasons"]]
        for reason in reasons:
            if reason not in SUPPRESSION_REASONS:
                problems.append("suppression_reasons: '%s' is not one of BOUNCE, COMPLAINT" % reason)
        options["SuppressionOptions"] = {"SuppressedReasons": sorted(set(reasons))}
    validation_problems = _auto_validation.problems(params.get("validation"), "validation")
    problems.extend(validation_problems)
    if params.get("validation") is not None and not validation_problems:
        desired["validation"] = _auto_validation.wanted(None, params["validation"])
    tracking = params.get("tracking")
    if tracking is not None:
        domain = (tracking.get("custom_redirect_domain") or "").strip().lower()
        options["TrackingOptions"] = {"CustomRedirectDomain": domain, "HttpsPolicy": tracking.get("https_policy") or "OPTIONAL"} if domain else {}
    delivery = params.get("delivery")
    if delivery is not None:
        api = {"TlsPolicy": delivery.get("tls_policy") or "OPTIONAL"}
        if delivery.get("sending_pool"):
            api["SendingPoolName"] = delivery["sending_pool"]
        if delivery.get("max_delivery_seconds") is not None:
            seconds = delivery["max_delivery_seconds"]
            if not 300 <= seconds <= 50400:
                problems.append("delivery.max_delivery_seconds %s must be between 300 and 50400" % seconds)
            api["MaxDeliverySeconds"] = seconds
        options["DeliveryOptions"] = api
    vdm = params.get("vdm")
    if vdm is not None:
        api = {}
        if vdm.get("engagement_metrics"):
            api["DashboardOptions"] = {"EngagementMetrics": vdm["engagement_metrics"]}
        if vdm.get("optimized_shared_delivery"):
            api["GuardianOptions"] = {"OptimizedSharedDelivery": vdm["optimized_shared_delivery"]}
        options["VdmOptions"] = api
    if params.get("event_destinations") is not None:
        destinations = {}
        for index, item in enumerate(params["event_destinations"]):
            dest_name, api = _destination_api(item, "event_destinations[%d]" % index, problems)
            if dest_name in destinations:
                problems.append("event_destinations[%d]: the name '%s' is used twice" % (index, dest_name))
            destinations[dest_name] = api
        desired["destinations"] = destinations
    if problems:
        raise ConfigurationSetError(problems)
    return desired


def current_options(response):
    """Comparable option blocks from GetConfigurationSet."""
    if response is None:
        return None
    tracking = response.get("TrackingOptions") or {}
    suppression = response.get("SuppressionOptions")
    return {
        "SendingOptions": {"SendingEnabled": (response.get("SendingOptions") or {}).get("SendingEnabled", True)},
        "ReputationOptions": {"ReputationMetricsEnabled": (response.get("ReputationOptions") or {}).get("ReputationMetricsEnabled", False)},
        "SuppressionOptions": _suppression_block(suppression) if suppression is not None else None,
        "TrackingOptions": (
            {"CustomRedirectDomain": tracking["CustomRedirectDomain"], "HttpsPolicy": tracking.get("HttpsPolicy", "OPTIONAL")}
            if tracking.get("CustomRedirectDomain")
            else {}
        ),
        "DeliveryOptions": {
            k: v
            for k, v in (response.get("DeliveryOptions") or {"TlsPolicy": "OPTIONAL"}).items()
            if k in ("TlsPolicy", "SendingPoolName", "MaxDeliverySeconds")
        },
        "VdmOptions": response.get("VdmOptions") or {},
    }


def _suppression_block(suppression):
    """The set's own suppression options, comparable: reasons sorted, Auto Validation normalised, the scope kept."""
    block = {"SuppressedReasons": sorted(suppression.get("SuppressedReasons") or [])}
    validation = _auto_validation.to_api(_auto_validation.view(suppression.get("ValidationOptions")))
    if validation:
        block["ValidationOptions"] = validation
    if suppression.get("SuppressionScope"):
        block["SuppressionScope"] = suppression["SuppressionScope"]
    return block


def resolve_suppression(current, desired):
    """Complete the desired SuppressionOptions from the set's own, in place.

    ``PutConfigurationSetSuppressionOptions`` (and the block given on create) replaces the whole block: the
    suppression reasons, Auto Validation and suppression scope the run does not set are sent as the set has
    them, so changing one keeps the others. A set without suppression options of its own (a new one, or one
    that uses the account's reasons) would get options with no reasons from Auto Validation alone, that is no
    suppression at all for its mail: that is refused, before any write.
    """
    given = desired["options"].get("SuppressionOptions")
    requested = desired.get("validation")
    if given is None and requested is None:
        return
    have = current.get("SuppressionOptions") if current is not None else None
    if given is None and have is None:
        raise ConfigurationSetError(
            "validation: configuration set %s has no suppression options of its own (it is new, or it uses the account's "
            "suppression reasons), and SES keeps a set's Auto Validation in them: validation alone would turn suppression "
            "off for this set. Give suppression_reasons with validation: the account's (for example [BOUNCE, COMPLAINT]) "
            "to keep suppressing, or [] for none" % desired["name"]
        )
    block = dict(have or {})
    block.update(given or {})
    if requested is not None:
        settings = _auto_validation.wanted(_auto_validation.view(block.get("ValidationOptions")), requested)
        block["ValidationOptions"] = _auto_validation.to_api(settings)
    desired["options"]["SuppressionOptions"] = block


def current_destinations(response):
    if response is None:
        return {}
    result = {}
    for item in response.get("EventDestinations") or []:
        api = {k: v for k, v in item.items() if k != "Name"}
        api["MatchingEventTypes"] = sorted(set(api.get("MatchingEventTypes") or []))
        api["Enabled"] = bool(api.get("Enabled", False))
        result[item["Name"]] = api
    return result


PUT_OPERATIONS = {
    "SendingOptions": "put_configuration_set_sending_options",
    "ReputationOptions": "put_configuration_set_reputation_options",
    "SuppressionOptions": "put_configuration_set_suppression_options",
    "TrackingOptions": "put_configuration_set_tracking_options",
    "DeliveryOptions": "put_configuration_set_delivery_options",
    "VdmOptions": "put_configuration_set_vdm_options",
}


def _put_kwargs(name, block, value):
    kwargs = {"ConfigurationSetName": name}
    if block == "VdmOptions":
        kwargs["VdmOptions"] = value
    else:
        kwargs.update(value)
    return kwargs


def plan(current, current_dests, desired):
    """(operation, kwargs) calls, in order; tag calls get their ARN from the module."""
    name = desired["name"]
    ops = []
    if current is None:
        kwargs = {"ConfigurationSetName": name}
        for block, value in sorted(desired["options"].items()):
            if block == "TrackingOptions" and not value:
                continue
            kwargs[block] = value
        if desired["tags"]:
            kwargs["Tags"] = [{"Key": k, "Value": v} for k, v in sorted(desired["tags"].items())]
        ops.append(("create_configuration_set", kwargs))
        current_dests = {}
    else:
        for block, value in sorted(desired["options"].items()):
            if current.get(block) != value:
                ops.append((PUT_OPERATIONS[block], _put_kwargs(name, block, value)))
    if desired["destinations"] is not None:
        for dest_name, api in sorted(desired["destinations"].items()):
            have = current_dests.get(dest_name)
            if have is None:
                ops.append(
                    ("create_configuration_set_event_destination", {"ConfigurationSetName": name, "EventDestinationName": dest_name, "EventDestination": api})
                )
            elif have != api:
                ops.append(
                    ("update_configuration_set_event_destination", {"ConfigurationSetName": name, "EventDestinationName": dest_name, "EventDestination": api})
                )
        if desired["purge_event_destinations"]:
            for dest_name in sorted(set(current_dests) - set(desired["destinations"])):
                ops.append(("delete_configuration_set_event_destination", {"ConfigurationSetName": name, "EventDestinationName": dest_name}))
    return ops


def apply_guard(current, current_tags, desired, pause_reason=None, resume_paused=False):
    """Honour the complaint-rate guard's pause.

    A set the guard paused (tag ``mailops:paused-by-guard``) stays paused even when
    ``sending_enabled: true`` is asked for, unless ``resume_paused`` is set; resuming then
    removes the tag. A pause with ``pause_reason`` records it in that tag. Returns
    ``(tag_changes, warnings)`` where ``tag_changes`` is ``(add, remove)``.
    """
    add, remove, warnings = {}, [], []
    wanted = (desired["options"].get("SendingOptions") or {}).get("SendingEnabled")
    paused_by_guard = current is not None and GUARD_TAG in current_tags and not current["SendingOptions"]["SendingEnabled"]
    if wanted is True and paused_by_guard:
        if resume_paused:
            remove.append(GUARD_TAG)
        else:
            del desired["options"]["SendingOptions"]
            warnings.append(
                "configuration set %s stays paused: the complaint-rate guard paused it (%s); set "
                "resume_paused: true to resume" % (desired["name"], current_tags[GUARD_TAG])
            )
    if wanted is False and pause_reason:
        if current is None or current["SendingOptions"]["SendingEnabled"] or GUARD_TAG not in current_tags:
            add[GUARD_TAG] = pause_reason[:256]
    return (add, remove), warnings


def tag_ops(current_tags, desired, managed=({}, [])):
    """Tag calls; ``mailops:`` tags are the collection's own and are never purged with the user's tags."""
    return _tags.tag_ops(current_tags, desired["tags"], desired["purge_tags"], managed[0], managed[1])


def plan_all(current, current_dests, current_tags, desired, pause_reason=None, resume_paused=False):
    """``(ops, warnings)``: options, event destinations and tags, with the guard's pause honoured.

    Raises ConfigurationSetError when the suppression options cannot be completed (see ``resolve_suppression``).
    """
    resolve_suppression(current, desired)
    managed, warnings = apply_guard(current, current_tags, desired, pause_reason, resume_paused)
    ops = plan(current, current_dests, desired)
    if current is not None:
        ops.extend(tag_ops(current_tags, desired, managed))
    elif managed[0]:
        ops.append(("tag_resource", {"ResourceArn": None, "Tags": _tags.as_list(managed[0])}))
    return ops, warnings


def view(name, options, destinations, tags):
    """Snake_case state returned by the module."""
    if options is None:
        return {}
    tracking = options.get("TrackingOptions") or {}
    delivery = options.get("DeliveryOptions") or {}
    vdm = options.get("VdmOptions") or {}
    suppression = options.get("SuppressionOptions")
    return {
        "name": name,
        "sending_enabled": options["SendingOptions"]["SendingEnabled"],
        "reputation_metrics": options["ReputationOptions"]["ReputationMetricsEnabled"],
        "suppression_reasons": suppression["SuppressedReasons"] if suppression is not None else None,
        "validation": _auto_validation.view((suppression or {}).get("ValidationOptions")),
        "tracking": {"custom_redirect_domain": tracking.get("CustomRedirectDomain"), "https_policy": tracking.get("HttpsPolicy")} if tracking else {},
        "delivery": {
            "tls_policy": delivery.get("TlsPolicy"),
            "sending_pool": delivery.get("SendingPoolName"),
            "max_delivery_seconds": delivery.get("MaxDeliverySeconds"),
        },
        "vdm": {
            "engagement_metrics": (vdm.get("DashboardOptions") or {}).get("EngagementMetrics"),
            "optimized_shared_delivery": (vdm.get("GuardianOptions") or {}).get("OptimizedSharedDelivery"),
        },
        "event_destinations": [_destination_view(n, d) for n, d in sorted(destinations.items())],
        "tags": dict(tags),
    }


def _destination_view(name, api):
    result = {"name": name, "enabled": api.get("Enabled", False), "matching_event_types": list(api.get("MatchingEventTypes") or [])}
    if api.get("CloudWatchDestination"):
        result["cloudwatch"] = {
            "dimensions": [
                {"name": d["DimensionName"], "source": d["DimensionValueSource"].lower(), "default": d["DefaultDimensionValue"]}
                for d in api["CloudWatchDestination"].get("DimensionConfigurations", [])
            ]
        }
    if api.get("SnsDestination"):
        result["sns"] = {"topic_arn": api["SnsDestination"]["TopicArn"]}
    if api.get("KinesisFirehoseDestination"):
        result["firehose"] = {
            "delivery_stream_arn": api["KinesisFirehoseDestination"]["DeliveryStreamArn"],
            "iam_role_arn": api["KinesisFirehoseDestination"]["IamRoleArn"],
        }
    if api.get("EventBridgeDestination"):
        result["eventbridge"] = {"event_bus_arn": api["EventBridgeDestination"]["EventBusArn"]}
    if api.get("PinpointDestination"):
        result["pinpoint"] = {"application_arn": api["PinpointDestination"]["ApplicationArn"]}
    return result


def predict(current, current_dests, current_tags, desired, ops):
    """Options, destinations and tags after ``ops`` (for check mode and diff)."""
    options = dict(current) if current is not None else None
    dests = dict(current_dests)
    tags = dict(current_tags)
    for operation, kwargs in ops:
        if operation == "create_configuration_set":
            options = {
                "SendingOptions": {"SendingEnabled": True},
                "ReputationOptions": {"ReputationMetricsEnabled": False},
                "SuppressionOptions": None,
                "TrackingOptions": {},
                "DeliveryOptions": {"TlsPolicy": "OPTIONAL"},
                "VdmOptions": {},
            }
            options.update(desired["options"])
            tags = dict(desired["tags"] or {})
        elif operation in PUT_OPERATIONS.values():
            block = [b for b, op in PUT_OPERATIONS.items() if op == operation][0]
            options[block] = desired["options"][block]
        elif operation in ("create_configuration_set_event_destination", "update_configuration_set_event_destination"):
            dests[kwargs["EventDestinationName"]] = kwargs["EventDestination"]
        elif operation == "delete_configuration_set_event_destination":
            dests.pop(kwargs["EventDestinationName"], None)
        elif operation == "tag_resource":
            tags.update({t["Key"]: t["Value"] for t in kwargs["Tags"]})
        elif operation == "untag_resource":
            for key in kwargs["TagKeys"]:
                tags.pop(key, None)
    return options, dests, tags
