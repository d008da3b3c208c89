# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Per-domain deliverability monitoring, pure: the event destination, the dashboard, the alarms.

As in the AWS blog on tracking deliverability per domain: a configuration set's
CloudWatch event destination publishes Send, Delivery, Bounce and Complaint with
the ``ses:from-domain`` dimension (taken from SES's auto-tag), a dashboard per
domain shows them with bounce and complaint rates (metric math), and alarms fire
on the rates. Rates here are percentages; SES's own ``Reputation.*`` metrics are
fractions, and the alarms on them use fractions.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

EVENT_METRICS = ("Send", "Delivery", "Bounce", "Complaint")
DESTINATION_NAME = "mailops-domain-metrics"
DIMENSION = "ses:from-domain"
# A second dimension keeps test traffic (the mailbox-simulator smoke test tags its mail
# mailops-traffic=smoke-test) out of the live rates, dashboards and alarms.
TRAFFIC_DIMENSION = "mailops-traffic"
LIVE = "live"
SMOKE_TEST = "smoke-test"
DEFAULT_THRESHOLDS = {
    "bounce_rate": 5.0,  # percent of sends, per domain
    "complaint_rate_warning": 0.1,  # percent; Gmail's recommended ceiling
    "complaint_rate_critical": 0.3,  # percent; the Gmail/Yahoo bulk-sender limit
    "pause_complaint_rate": 0.3,  # percent; the guard pauses a configuration set above this
}
PERIOD = 3600


def thresholds(overrides=None):
    """Defaults merged with ``mailops_monitoring.thresholds``; unknown keys are an error."""
    overrides = dict(overrides or {})
    unknown = sorted(set(overrides) - set(DEFAULT_THRESHOLDS))
    if unknown:
        raise ValueError("mailops_monitoring.thresholds: unknown keys %s (allowed: %s)" % (", ".join(unknown), ", ".join(sorted(DEFAULT_THRESHOLDS))))
    result = dict(DEFAULT_THRESHOLDS)
    for key, value in overrides.items():
        try:
            result[key] = float(value)
        except (TypeError, ValueError):
            raise ValueError("mailops_monitoring.thresholds.%s '%s' is not a number (percent)" % (key, value))
        if not 0 <= result[key] <= 100:
            raise ValueError("mailops_monitoring.thresholds.%s %s is not a percentage between 0 and 100" % (key, value))
    return result


def slug(text):
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")


def event_destination(default_domain):
    """The CloudWatch event destination every monitored configuration set gets."""
    return {
        "name": DESTINATION_NAME,
        "enabled": True,
        "matching_event_types": ["SEND", "DELIVERY", "BOUNCE", "COMPLAINT"],
        "cloudwatch": {
            "dimensions": [
                {"name": DIMENSION, "source": "message_tag", "default": default_domain},
                {"name": TRAFFIC_DIMENSION, "source": "message_tag", "default": LIVE},
            ]
        },
    }


def _metric(name, domain, metric_id, visible=True):
    options = {"id": metric_id}
    if not visible:
        options["visible"] = False
    return ["AWS/SES", name, DIMENSION, domain, TRAFFIC_DIMENSION, LIVE, options]


def dimensions(domain, traffic=LIVE, as_module_options=False):
    """The CloudWatch dimensions of one domain's events (API shape, or amazon.aws module option shape)."""
    pairs = [(DIMENSION, domain), (TRAFFIC_DIMENSION, traffic)]
    if as_module_options:
        return [{"name": n, "value": v} for n, v in pairs]
    return [{"Name": n, "Value": v} for n, v in pairs]


def dashboard_name(domain):
    return "mailops-ses-%s" % slug(domain)


# the last line of every dashboard the collection writes: how it tells its own dashboards from anyone else's
DASHBOARD_MARKER = "Managed by mailops.ses: edits here are overwritten on the next run."


def _intro(domain, region, limits):
    return "## %s\nSES events published with the `%s` dimension (region %s). Complaint rate must stay below %.1f%% (aim for %.1f%%).\n\n%s" % (
        domain,
        DIMENSION,
        region,
        limits["complaint_rate_critical"],
        limits["complaint_rate_warning"],
        DASHBOARD_MARKER,
    )


def dashboard_body(domain, region, limits=None):
    """A CloudWatch dashboard (console JSON) for one sending domain."""
    limits = thresholds(limits)
    counts = [_metric(name, domain, name.lower()) for name in EVENT_METRICS]
    hidden = [_metric(name, domain, name.lower(), visible=False) for name in ("Send", "Bounce", "Complaint")]
    rates = [
        [{"expression": "IF(send > 0, 100 * bounce / send, 0)", "label": "Bounce rate (%)", "id": "bounce_rate"}],
        [{"expression": "IF(send > 0, 100 * complaint / send, 0)", "label": "Complaint rate (%)", "id": "complaint_rate"}],
    ] + hidden
    return {
        "widgets": [
            {"type": "text", "x": 0, "y": 0, "width": 24, "height": 2, "properties": {"markdown": _intro(domain, region, limits)}},
            {
                "type": "metric",
                "x": 0,
                "y": 2,
                "width": 12,
                "height": 6,
                "properties": {
                    "title": "%s: Send, Delivery, Bounce, Complaint" % domain,
                    "region": region,
                    "view": "singleValue",
                    "stat": "Sum",
                    "period": 86400,
                    "metrics": counts,
                },
            },
            {
                "type": "metric",
                "x": 12,
                "y": 2,
                "width": 12,
                "height": 6,
                "properties": {
                    "title": "%s: events per hour" % domain,
                    "region": region,
                    "view": "timeSeries",
                    "stacked": False,
                    "stat": "Sum",
                    "period": PERIOD,
                    "metrics": [_metric(name, domain, name.lower() + "_ts") for name in EVENT_METRICS],
                },
            },
            {
                "type": "metric",
                "x": 0,
                "y": 8,
                "width": 24,
                "height": 6,
                "properties": {
                    "title": "%s: bounce and complaint rates (%%)" % domain,
                    "region": region,
                    "view": "timeSeries",
                    "stat": "Sum",
                    "period": PERIOD,
                    "metrics": rates,
                    "yAxis": {"left": {"min": 0, "label": "%", "showUnits": False}},
                    "annotations": {
                        "horizontal": [
                            {
                                "label": "complaint critical %.1f%%" % limits["complaint_rate_critical"],
                                "value": limits["complaint_rate_critical"],
                                "color": "#d62728",
                            },
                            {
                                "label": "complaint warning %.1f%%" % limits["complaint_rate_warning"],
                                "value": limits["complaint_rate_warning"],
                                "color": "#ff7f0e",
                            },
                            {"label": "bounce %.1f%%" % limits["bounce_rate"], "value": limits["bounce_rate"], "color": "#9467bd"},
                        ]
                    },
                },
            },
        ]
    }


def _rate_query(domain, numerator):
    def stat(name):
        return {
            "id": name.lower(),
            "return_data": False,
            "metric_stat": {
                "metric": {"namespace": "AWS/SES", "metric_name": name, "dimensions": dimensions(domain, as_module_options=True)},
                "period": PERIOD,
                "stat": "Sum",
            },
        }

    return [
        stat("Send"),
        stat(numerator),
        {"id": "rate", "return_data": True, "label": "%s rate (%%)" % numerator, "expression": "IF(send > 0, 100 * %s / send, 0)" % numerator.lower()},
    ]


def domain_alarms(domain, limits=None):
    """Alarm definitions (amazon.aws.cloudwatch_metric_alarm options) for one domain."""
    limits = thresholds(limits)
    base = "mailops-ses-%s" % slug(domain)
    alarms = []
    for suffix, numerator, threshold, severity in (
        ("bounce-rate", "Bounce", limits["bounce_rate"], "critical"),
        ("complaint-rate-warning", "Complaint", limits["complaint_rate_warning"], "warning"),
        ("complaint-rate-critical", "Complaint", limits["complaint_rate_critical"], "critical"),
    ):
        alarms.append(
            {
                "name": "%s-%s" % (base, suffix),
                "description": "%s %s rate of %s above %s%% (%s)" % (severity, numerator.lower(), domain, threshold, "mailops.ses"),
                "metrics": _rate_query(domain, numerator),
                "comparison": "GreaterThanThreshold",
                "threshold": threshold,
                "evaluation_periods": 1,
                "treat_missing_data": "notBreaching",
            }
        )
    return alarms


def configuration_set_alarms(configuration_set, limits=None):
    """Alarms on SES's reputation metrics of a configuration set (fractions, not percentages)."""
    limits = thresholds(limits)
    dims = {"ses:configuration-set": configuration_set}
    base = "mailops-ses-cs-%s" % slug(configuration_set)
    alarms = []
    for suffix, metric, threshold in (
        ("reputation-bounce", "Reputation.BounceRate", limits["bounce_rate"] / 100),
        ("reputation-complaint-warning", "Reputation.ComplaintRate", limits["complaint_rate_warning"] / 100),
        ("reputation-complaint-critical", "Reputation.ComplaintRate", limits["complaint_rate_critical"] / 100),
    ):
        alarms.append(
            {
                "name": "%s-%s" % (base, suffix),
                "description": "%s of configuration set %s above %s (mailops.ses)" % (metric, configuration_set, threshold),
                "namespace": "AWS/SES",
                "metric_name": metric,
                "dimensions": dims,
                "statistic": "Maximum",
                "period": PERIOD,
                "comparison": "GreaterThanThreshold",
                "threshold": threshold,
                "evaluation_periods": 1,
                "treat_missing_data": "notBreaching",
            }
        )
    return alarms


def rates(send, bounce, complaint):
    """Bounce and complaint rates in percent (None without sends)."""
    if not send:
        return None, None
    return 100.0 * bounce / send, 100.0 * complaint / send
