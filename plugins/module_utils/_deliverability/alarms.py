# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CloudWatch alarms of a tenant, as PutMetricAlarm calls, compared with what CloudWatch has (pure).

Alarms are regional, like the tenant (one account in one region). The collection marks what it creates:
the name starts with ``mailops-ses-`` and the description ends with ``(mailops.ses)``; only alarms with both
are ever updated or deleted, so alarms of anyone else (other names, or the same prefix without the marker)
are never touched.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring

PREFIX = "mailops-ses-"
MARKER = "(mailops.ses)"
# the tag the monitoring role puts on the SNS topic it creates, so that only that topic is ever deleted
TOPIC_MARKER = "mailops:managed-by"


def is_ours(alarm):
    return alarm.get("AlarmName", "").startswith(PREFIX) and (alarm.get("AlarmDescription") or "").endswith(MARKER)


def _metric_query(query):
    api = {"Id": query["id"], "ReturnData": bool(query.get("return_data", True))}
    if query.get("label"):
        api["Label"] = query["label"]
    if query.get("expression"):
        api["Expression"] = query["expression"]
    else:
        stat = query["metric_stat"]
        metric = stat["metric"]
        api["MetricStat"] = {
            "Metric": {
                "Namespace": metric["namespace"],
                "MetricName": metric["metric_name"],
                "Dimensions": [{"Name": d["name"], "Value": d["value"]} for d in metric["dimensions"]],
            },
            "Period": stat["period"],
            "Stat": stat["stat"],
        }
    return api


def put_kwargs(definition, actions):
    """PutMetricAlarm arguments of one alarm definition (``monitoring.domain_alarms`` and friends)."""
    kwargs = {
        "AlarmName": definition["name"],
        "AlarmDescription": definition["description"],
        "ActionsEnabled": True,
        "AlarmActions": sorted(actions),
        "ComparisonOperator": definition["comparison"],
        "Threshold": float(definition["threshold"]),
        "EvaluationPeriods": int(definition["evaluation_periods"]),
        "TreatMissingData": definition["treat_missing_data"],
    }
    if definition.get("metrics"):
        kwargs["Metrics"] = [_metric_query(q) for q in definition["metrics"]]
    else:
        kwargs.update(
            Namespace=definition["namespace"],
            MetricName=definition["metric_name"],
            Dimensions=[{"Name": k, "Value": v} for k, v in sorted(definition["dimensions"].items())],
            Statistic=definition["statistic"],
            Period=int(definition["period"]),
        )
    return kwargs


def desired(domains, configuration_sets, limits, actions):
    """PutMetricAlarm arguments of every alarm the tenant should have, by name."""
    definitions = []
    for domain in domains or []:
        definitions.extend(_monitoring.domain_alarms(domain, limits))
    for name in configuration_sets or []:
        definitions.extend(_monitoring.configuration_set_alarms(name, limits))
    return {d["name"]: put_kwargs(d, actions) for d in definitions}


def _comparable(alarm):
    """The settings PutMetricAlarm fixes, from its arguments or from a DescribeAlarms entry."""
    keys = ("AlarmDescription", "ComparisonOperator", "EvaluationPeriods", "TreatMissingData", "Namespace", "MetricName", "Statistic", "Period")
    view = {k: alarm.get(k) for k in keys}
    view["Threshold"] = float(alarm["Threshold"]) if alarm.get("Threshold") is not None else None
    view["AlarmActions"] = sorted(alarm.get("AlarmActions") or [])
    view["ActionsEnabled"] = bool(alarm.get("ActionsEnabled", True))
    view["Dimensions"] = sorted((d["Name"], d["Value"]) for d in alarm.get("Dimensions") or [])
    view["Metrics"] = [{k: v for k, v in _metric_query_view(q).items() if v is not None} for q in alarm.get("Metrics") or []]
    return view


def _metric_query_view(query):
    stat = query.get("MetricStat") or {}
    metric = stat.get("Metric") or {}
    return {
        "Id": query.get("Id"),
        "ReturnData": bool(query.get("ReturnData", True)),
        "Label": query.get("Label"),
        "Expression": query.get("Expression"),
        "Namespace": metric.get("Namespace"),
        "MetricName": metric.get("MetricName"),
        "Dimensions": sorted((d["Name"], d["Value"]) for d in metric.get("Dimensions") or []) or None,
        "Period": stat.get("Period"),
        "Stat": stat.get("Stat"),
    }


def plan(wanted, existing, purge=True):
    """``(ops, before, after)``: put the missing or different alarms; with ``purge``, delete the collection's alarms
    that are no longer wanted. ``existing`` are DescribeAlarms MetricAlarms entries (any, ours or not)."""
    ours = {a["AlarmName"]: a for a in existing or [] if is_ours(a)}
    others = {a["AlarmName"] for a in existing or [] if not is_ours(a)}
    ops = []
    for name, kwargs in sorted(wanted.items()):
        if name in others:
            continue  # same name, not marked as ours: not ours to overwrite (reported by the caller)
        if name not in ours or _comparable(ours[name]) != _comparable(kwargs):
            ops.append(("put_metric_alarm", kwargs))
    gone = sorted(set(ours) - set(wanted)) if purge else []
    if gone:
        ops.append(("delete_alarms", {"AlarmNames": gone}))
    before = sorted(ours)
    after = sorted((set(ours) - set(gone)) | (set(wanted) - others))
    return ops, before, after


def foreign_conflicts(wanted, existing):
    """Names the collection wants that an alarm it did not create already uses."""
    return sorted(a["AlarmName"] for a in existing or [] if a["AlarmName"] in wanted and not is_ours(a))
