# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Filters for per-domain deliverability monitoring: the event destination and the alarm definitions."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring


def ses_monitoring_destination(default_domain):
    """The CloudWatch event destination (ses:from-domain dimension) for a configuration set."""
    return _monitoring.event_destination(default_domain)


def ses_alarms(domains, configuration_sets=None, thresholds=None):
    """amazon.aws.cloudwatch_metric_alarm definitions: rate alarms per domain, reputation alarms per configuration set."""
    try:
        alarms = []
        for domain in domains or []:
            alarms.extend(_monitoring.domain_alarms(domain, thresholds))
        for name in configuration_sets or []:
            alarms.extend(_monitoring.configuration_set_alarms(name, thresholds))
        return alarms
    except ValueError as exc:
        raise AnsibleFilterError(str(exc))


def ses_guard_offenders(stats, domains_by_set, thresholds=None):
    """Configuration sets whose complaint rate (SES reputation metric, or a domain sending through it) is above
    ``pause_complaint_rate``: ``[{name, complaint_rate, source}]``."""
    try:
        limit = _monitoring.thresholds(thresholds)["pause_complaint_rate"]
    except ValueError as exc:
        raise AnsibleFilterError(str(exc))
    offenders = []
    for name, domains in sorted((domains_by_set or {}).items()):
        rate = ((stats.get("configuration_sets") or {}).get(name) or {}).get("complaint_rate")
        source = "Reputation.ComplaintRate of %s" % name
        for domain in domains:
            domain_rate = ((stats.get("domains") or {}).get(domain) or {}).get("complaint_rate")
            if domain_rate is not None and (rate is None or domain_rate > rate):
                rate, source = domain_rate, "complaints from %s" % domain
        if rate is not None and rate > limit:
            offenders.append({"name": name, "complaint_rate": round(rate, 4), "threshold": limit, "source": source})
    return offenders


def identities_using(configuration_set, identities):
    """Domains of ``identities`` (mailops_ses_identities) whose default configuration set is ``configuration_set``."""
    return sorted({i["identity"] for i in identities or [] if i.get("configuration_set") == configuration_set and "@" not in i.get("identity", "@")})


def _query_key(query):
    stat = query.get("metric_stat") or {}
    metric = stat.get("metric") or {}
    dims = tuple(sorted((d.get("name"), d.get("value")) for d in metric.get("dimensions") or []))
    return (
        query.get("id"),
        query.get("expression"),
        bool(query.get("return_data", True)),
        query.get("label"),
        metric.get("namespace"),
        metric.get("metric_name"),
        dims,
        stat.get("period"),
        stat.get("stat"),
    )


def _alarm_key(alarm, actions):
    """The settings an alarm definition fixes, from a definition or from cloudwatch_metric_alarm_info's view."""
    dimensions = alarm.get("dimensions") or {}
    if isinstance(dimensions, list):
        dimensions = {d.get("name"): d.get("value") for d in dimensions}
    evaluation = alarm.get("evaluation_periods", alarm.get("evaluation_period"))
    return (
        alarm.get("description", alarm.get("alarm_description")),
        float(alarm["threshold"]),
        alarm.get("comparison", alarm.get("comparison_operator")),
        int(evaluation) if evaluation is not None else None,
        alarm.get("treat_missing_data"),
        tuple(sorted(actions if actions is not None else alarm.get("alarm_actions") or [])),
        alarm.get("namespace"),
        alarm.get("metric_name"),
        alarm.get("statistic"),
        int(alarm["period"]) if alarm.get("period") else None,
        tuple(sorted(dimensions.items())),
        tuple(_query_key(q) for q in alarm.get("metrics") or []),
    )


def ses_alarms_to_update(desired, existing, alarm_actions):
    """The alarm definitions that differ from what CloudWatch has (cloudwatch_metric_alarm_info's metric_alarms).

    amazon.aws.cloudwatch_metric_alarm reports a change on every run for metric-math alarms, so the monitoring
    role only calls it for alarms that are missing or different.
    """
    have = {a.get("alarm_name"): _alarm_key(a, None) for a in existing or []}
    return [a for a in desired or [] if have.get(a["name"]) != _alarm_key(a, list(alarm_actions or []))]


class FilterModule(object):
    def filters(self):
        return {
            "ses_monitoring_destination": ses_monitoring_destination,
            "ses_alarms": ses_alarms,
            "ses_guard_offenders": ses_guard_offenders,
            "identities_using": identities_using,
            "ses_alarms_to_update": ses_alarms_to_update,
        }
