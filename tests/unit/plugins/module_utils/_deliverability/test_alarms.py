"""Table tests for the tenant's CloudWatch alarms: PutMetricAlarm arguments and the plan against DescribeAlarms."""

import copy
import datetime

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import alarms as _alarms

TOPIC = "arn:aws:sns:eu-west-1:123456789012:mailops-alerts"
OTHER_TOPIC = "arn:aws:sns:eu-west-1:123456789012:pager"
LIVE = [{"Name": "ses:from-domain", "Value": "example.com"}, {"Name": "mailops-traffic", "Value": "live"}]
DOMAIN_ALARMS = ["mailops-ses-example-com-bounce-rate", "mailops-ses-example-com-complaint-rate-critical", "mailops-ses-example-com-complaint-rate-warning"]
SET_ALARMS = ["mailops-ses-cs-bulk-reputation-bounce", "mailops-ses-cs-bulk-reputation-complaint-critical", "mailops-ses-cs-bulk-reputation-complaint-warning"]


def stat(metric_id, metric_name):
    return {
        "Id": metric_id,
        "ReturnData": False,
        "MetricStat": {"Metric": {"Namespace": "AWS/SES", "MetricName": metric_name, "Dimensions": LIVE}, "Period": 3600, "Stat": "Sum"},
    }


BOUNCE_KWARGS = {
    "AlarmName": "mailops-ses-example-com-bounce-rate",
    "AlarmDescription": "critical bounce rate of example.com above 5.0% (mailops.ses)",
    "ActionsEnabled": True,
    "AlarmActions": [TOPIC],
    "ComparisonOperator": "GreaterThanThreshold",
    "Threshold": 5.0,
    "EvaluationPeriods": 1,
    "TreatMissingData": "notBreaching",
    "Metrics": [
        stat("send", "Send"),
        stat("bounce", "Bounce"),
        {"Id": "rate", "ReturnData": True, "Label": "Bounce rate (%)", "Expression": "IF(send > 0, 100 * bounce / send, 0)"},
    ],
}
SET_BOUNCE_KWARGS = {
    "AlarmName": "mailops-ses-cs-bulk-reputation-bounce",
    "AlarmDescription": "Reputation.BounceRate of configuration set bulk above 0.05 (mailops.ses)",
    "ActionsEnabled": True,
    "AlarmActions": [TOPIC],
    "ComparisonOperator": "GreaterThanThreshold",
    "Threshold": 0.05,
    "EvaluationPeriods": 1,
    "TreatMissingData": "notBreaching",
    "Namespace": "AWS/SES",
    "MetricName": "Reputation.BounceRate",
    "Dimensions": [{"Name": "ses:configuration-set", "Value": "bulk"}],
    "Statistic": "Maximum",
    "Period": 3600,
}


def described(kwargs, **changes):
    """A DescribeAlarms MetricAlarms entry as CloudWatch returns it for an alarm put with ``kwargs``."""
    entry = {
        "AlarmName": kwargs["AlarmName"],
        "AlarmArn": "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:%s" % kwargs["AlarmName"],
        "AlarmDescription": kwargs["AlarmDescription"],
        "AlarmConfigurationUpdatedTimestamp": datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc),
        "ActionsEnabled": kwargs["ActionsEnabled"],
        "OKActions": [],
        "AlarmActions": list(kwargs["AlarmActions"]),
        "InsufficientDataActions": [],
        "StateValue": "OK",
        "StateReason": "Threshold Crossed",
        "StateUpdatedTimestamp": datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc),
        "EvaluationPeriods": kwargs["EvaluationPeriods"],
        "Threshold": float(kwargs["Threshold"]),
        "ComparisonOperator": kwargs["ComparisonOperator"],
        "TreatMissingData": kwargs["TreatMissingData"],
        "StateTransitionedTimestamp": datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc),
    }
    if "Metrics" in kwargs:
        entry["Dimensions"] = []
        entry["Metrics"] = copy.deepcopy(kwargs["Metrics"])
    else:
        entry.update(
            Namespace=kwargs["Namespace"],
            MetricName=kwargs["MetricName"],
            Statistic=kwargs["Statistic"],
            Dimensions=list(reversed(kwargs["Dimensions"])),
            Period=kwargs["Period"],
        )
    entry.update(changes)
    return entry


# ---------------------------------------------------------------- is_ours, put_kwargs, desired


@pytest.mark.parametrize(
    "alarm, ours",
    [
        ({"AlarmName": "mailops-ses-x", "AlarmDescription": "something (mailops.ses)"}, True),
        ({"AlarmName": "mailops-ses-x", "AlarmDescription": "something"}, False),
        ({"AlarmName": "mailops-ses-x", "AlarmDescription": "(mailops.ses) at the start"}, False),
        ({"AlarmName": "mailops-ses-x"}, False),
        ({"AlarmName": "mailops-ses-x", "AlarmDescription": None}, False),
        ({"AlarmName": "team-alarm", "AlarmDescription": "copied (mailops.ses)"}, False),
        ({"AlarmName": "Mailops-ses-x", "AlarmDescription": "x (mailops.ses)"}, False),
        ({"AlarmDescription": "x (mailops.ses)"}, False),
    ],
)
def test_is_ours(alarm, ours):
    assert _alarms.is_ours(alarm) is ours


def test_put_kwargs_of_a_metric_math_alarm():
    definition = {
        "name": "mailops-ses-example-com-bounce-rate",
        "description": "critical bounce rate of example.com above 5.0% (mailops.ses)",
        "metrics": [
            {
                "id": "send",
                "return_data": False,
                "metric_stat": {
                    "metric": {
                        "namespace": "AWS/SES",
                        "metric_name": "Send",
                        "dimensions": [{"name": "ses:from-domain", "value": "example.com"}, {"name": "mailops-traffic", "value": "live"}],
                    },
                    "period": 3600,
                    "stat": "Sum",
                },
            },
            {
                "id": "bounce",
                "return_data": False,
                "metric_stat": {
                    "metric": {
                        "namespace": "AWS/SES",
                        "metric_name": "Bounce",
                        "dimensions": [{"name": "ses:from-domain", "value": "example.com"}, {"name": "mailops-traffic", "value": "live"}],
                    },
                    "period": 3600,
                    "stat": "Sum",
                },
            },
            {"id": "rate", "label": "Bounce rate (%)", "expression": "IF(send > 0, 100 * bounce / send, 0)"},
        ],
        "comparison": "GreaterThanThreshold",
        "threshold": 5,
        "evaluation_periods": "1",
        "treat_missing_data": "notBreaching",
    }
    assert _alarms.put_kwargs(definition, {TOPIC}) == BOUNCE_KWARGS


def test_put_kwargs_of_a_plain_alarm():
    definition = {
        "name": "mailops-ses-cs-bulk-reputation-bounce",
        "description": "Reputation.BounceRate of configuration set bulk above 0.05 (mailops.ses)",
        "namespace": "AWS/SES",
        "metric_name": "Reputation.BounceRate",
        "dimensions": {"ses:configuration-set": "bulk"},
        "statistic": "Maximum",
        "period": "3600",
        "comparison": "GreaterThanThreshold",
        "threshold": 0.05,
        "evaluation_periods": 1,
        "treat_missing_data": "notBreaching",
    }
    assert _alarms.put_kwargs(definition, [TOPIC]) == SET_BOUNCE_KWARGS
    two = _alarms.put_kwargs(dict(definition, dimensions={"b": "2", "a": "1"}), [OTHER_TOPIC, TOPIC])
    assert (two["Dimensions"], two["AlarmActions"]) == ([{"Name": "a", "Value": "1"}, {"Name": "b", "Value": "2"}], [TOPIC, OTHER_TOPIC])
    assert _alarms.put_kwargs(definition, [])["AlarmActions"] == []


def test_desired_names_every_alarm_of_the_domains_and_sets():
    wanted = _alarms.desired(["example.com"], ["bulk"], None, [TOPIC])
    assert sorted(wanted) == sorted(DOMAIN_ALARMS + SET_ALARMS)
    assert wanted["mailops-ses-example-com-bounce-rate"] == BOUNCE_KWARGS
    assert wanted["mailops-ses-cs-bulk-reputation-bounce"] == SET_BOUNCE_KWARGS
    assert {name: kwargs["Threshold"] for name, kwargs in wanted.items()} == {
        "mailops-ses-example-com-bounce-rate": 5.0,
        "mailops-ses-example-com-complaint-rate-warning": 0.1,
        "mailops-ses-example-com-complaint-rate-critical": 0.3,
        "mailops-ses-cs-bulk-reputation-bounce": 0.05,
        "mailops-ses-cs-bulk-reputation-complaint-warning": 0.001,
        "mailops-ses-cs-bulk-reputation-complaint-critical": 0.003,
    }
    assert all(kwargs["AlarmDescription"].endswith("(mailops.ses)") for kwargs in wanted.values())
    assert _alarms.desired(None, None, None, [TOPIC]) == {}


def test_desired_with_thresholds():
    wanted = _alarms.desired(["example.com"], ["bulk"], {"bounce_rate": 2, "complaint_rate_critical": "0.25"}, [TOPIC])
    assert wanted["mailops-ses-example-com-bounce-rate"]["Threshold"] == 2.0
    assert wanted["mailops-ses-example-com-bounce-rate"]["AlarmDescription"] == "critical bounce rate of example.com above 2.0% (mailops.ses)"
    assert wanted["mailops-ses-example-com-complaint-rate-critical"]["Threshold"] == 0.25
    assert wanted["mailops-ses-cs-bulk-reputation-bounce"]["Threshold"] == 0.02


# ---------------------------------------------------------------- plan


@pytest.fixture
def wanted():
    return _alarms.desired(["example.com"], ["bulk"], None, [TOPIC])


def test_plan_creates_every_missing_alarm(wanted):
    ops, before, after = _alarms.plan(wanted, [])
    assert ops == [("put_metric_alarm", wanted[name]) for name in sorted(wanted)]
    assert (before, after) == ([], sorted(wanted))


def test_plan_identical_alarms_as_cloudwatch_describes_them_need_nothing(wanted):
    existing = [described(kwargs) for kwargs in wanted.values()]
    assert _alarms.plan(wanted, existing) == ([], sorted(wanted), sorted(wanted))


@pytest.mark.parametrize(
    "name, changes",
    [
        ("mailops-ses-example-com-bounce-rate", {"Threshold": 4.0}),
        ("mailops-ses-example-com-bounce-rate", {"AlarmActions": [TOPIC, OTHER_TOPIC]}),
        ("mailops-ses-example-com-bounce-rate", {"AlarmActions": []}),
        ("mailops-ses-example-com-bounce-rate", {"ActionsEnabled": False}),
        ("mailops-ses-example-com-bounce-rate", {"EvaluationPeriods": 3}),
        ("mailops-ses-example-com-bounce-rate", {"TreatMissingData": "missing"}),
        ("mailops-ses-example-com-bounce-rate", {"ComparisonOperator": "GreaterThanOrEqualToThreshold"}),
        (
            "mailops-ses-example-com-bounce-rate",
            {"Metrics": BOUNCE_KWARGS["Metrics"][:2] + [dict(BOUNCE_KWARGS["Metrics"][2], Expression="100 * bounce / send")]},
        ),
        (
            "mailops-ses-example-com-bounce-rate",
            {"Metrics": [dict(stat("send", "Send"), MetricStat=dict(stat("send", "Send")["MetricStat"], Period=300))] + BOUNCE_KWARGS["Metrics"][1:]},
        ),
        ("mailops-ses-example-com-bounce-rate", {"Metrics": BOUNCE_KWARGS["Metrics"][:2]}),
        ("mailops-ses-cs-bulk-reputation-bounce", {"Threshold": 0.5}),
        ("mailops-ses-cs-bulk-reputation-bounce", {"Statistic": "Average"}),
        ("mailops-ses-cs-bulk-reputation-bounce", {"Period": 300}),
        ("mailops-ses-cs-bulk-reputation-bounce", {"Dimensions": [{"Name": "ses:configuration-set", "Value": "other"}]}),
        ("mailops-ses-cs-bulk-reputation-bounce", {"AlarmDescription": "edited by hand (mailops.ses)"}),
    ],
)
def test_plan_updates_only_the_alarm_that_differs(wanted, name, changes):
    existing = [described(kwargs, **(changes if kwargs["AlarmName"] == name else {})) for kwargs in wanted.values()]
    assert _alarms.plan(wanted, existing) == ([("put_metric_alarm", wanted[name])], sorted(wanted), sorted(wanted))


def test_plan_takes_a_threshold_as_an_int_and_actions_in_any_order(wanted):
    two = _alarms.desired(["example.com"], [], None, [TOPIC, OTHER_TOPIC])
    existing = [described(kwargs, AlarmActions=[TOPIC, OTHER_TOPIC]) for kwargs in two.values()]
    existing[0]["Threshold"] = int(existing[0]["Threshold"])
    assert _alarms.plan(two, existing)[0] == []


def test_plan_purges_only_alarms_with_the_prefix_and_the_marker(wanted):
    existing = [described(kwargs) for kwargs in wanted.values()] + [
        described(BOUNCE_KWARGS, AlarmName="mailops-ses-old-example-com-bounce-rate"),
        described(BOUNCE_KWARGS, AlarmName="mailops-ses-hand-made", AlarmDescription="made by the team"),
        described(BOUNCE_KWARGS, AlarmName="team-bounce-rate", AlarmDescription="copied from mailops (mailops.ses)"),
        described(BOUNCE_KWARGS, AlarmName="mailops-ses-cs-retired-reputation-bounce"),
    ]
    ops, before, after = _alarms.plan(wanted, existing)
    assert ops == [("delete_alarms", {"AlarmNames": ["mailops-ses-cs-retired-reputation-bounce", "mailops-ses-old-example-com-bounce-rate"]})]
    assert before == sorted(list(wanted) + ["mailops-ses-cs-retired-reputation-bounce", "mailops-ses-old-example-com-bounce-rate"])
    assert after == sorted(wanted)
    assert _alarms.plan(wanted, existing, purge=False) == ([], before, before)


def test_plan_never_overwrites_an_alarm_of_someone_else(wanted):
    foreign = described(wanted["mailops-ses-example-com-bounce-rate"], AlarmDescription="the team's own", Threshold=1.0)
    existing = [foreign] + [described(kwargs) for name, kwargs in wanted.items() if name != "mailops-ses-example-com-bounce-rate"]
    ops, before, after = _alarms.plan(wanted, existing)
    assert ops == []
    assert before == sorted(n for n in wanted if n != "mailops-ses-example-com-bounce-rate")
    assert after == before
    assert _alarms.foreign_conflicts(wanted, existing) == ["mailops-ses-example-com-bounce-rate"]


def test_plan_of_nothing_wanted_deletes_all_of_ours(wanted):
    existing = [described(kwargs) for kwargs in wanted.values()]
    assert _alarms.plan({}, existing) == ([("delete_alarms", {"AlarmNames": sorted(wanted)})], sorted(wanted), [])
    assert _alarms.plan({}, None) == ([], [], [])


def test_plan_mixed(wanted):
    existing = [
        described(wanted["mailops-ses-cs-bulk-reputation-bounce"], Threshold=0.1),
        described(wanted["mailops-ses-example-com-bounce-rate"]),
        described(BOUNCE_KWARGS, AlarmName="mailops-ses-gone"),
    ]
    ops, before, after = _alarms.plan(wanted, existing)
    assert [(op, kwargs.get("AlarmName", kwargs.get("AlarmNames"))) for op, kwargs in ops] == [
        ("put_metric_alarm", "mailops-ses-cs-bulk-reputation-bounce"),
        ("put_metric_alarm", "mailops-ses-cs-bulk-reputation-complaint-critical"),
        ("put_metric_alarm", "mailops-ses-cs-bulk-reputation-complaint-warning"),
        ("put_metric_alarm", "mailops-ses-example-com-complaint-rate-critical"),
        ("put_metric_alarm", "mailops-ses-example-com-complaint-rate-warning"),
        ("delete_alarms", ["mailops-ses-gone"]),
    ]
    assert before == ["mailops-ses-cs-bulk-reputation-bounce", "mailops-ses-example-com-bounce-rate", "mailops-ses-gone"]
    assert after == sorted(wanted)


@pytest.mark.parametrize(
    "existing, conflicts",
    [
        ([], []),
        (None, []),
        ([{"AlarmName": "mailops-ses-example-com-bounce-rate", "AlarmDescription": "(mailops.ses)"}], []),
        ([{"AlarmName": "mailops-ses-example-com-bounce-rate"}, {"AlarmName": "unrelated"}], ["mailops-ses-example-com-bounce-rate"]),
        (
            [
                {"AlarmName": "mailops-ses-cs-bulk-reputation-bounce", "AlarmDescription": "x"},
                {"AlarmName": "mailops-ses-example-com-bounce-rate", "AlarmDescription": "y"},
            ],
            ["mailops-ses-cs-bulk-reputation-bounce", "mailops-ses-example-com-bounce-rate"],
        ),
    ],
)
def test_foreign_conflicts(wanted, existing, conflicts):
    assert _alarms.foreign_conflicts(wanted, existing) == conflicts
