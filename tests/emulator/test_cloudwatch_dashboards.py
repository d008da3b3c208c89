"""CloudWatch in the sandbox: dashboards are global per account, alarms stay regional."""

import json

import pytest
from botocore.exceptions import ClientError
from testkit.aws import error_code as code
from testkit.aws import http_status

MARKER = "managed-by: mailops.ses"
BODY = json.dumps(
    {
        "widgets": [
            {"type": "text", "x": 0, "y": 0, "width": 24, "height": 1, "properties": {"markdown": MARKER}},
            {
                "type": "metric",
                "x": 0,
                "y": 1,
                "width": 12,
                "height": 6,
                "properties": {"metrics": [["AWS/SES", "Send", "ses:from-domain", "example.com"]], "region": "us-east-1"},
            },
        ]
    },
    sort_keys=True,
)


def _dashboards(client, **kwargs):
    return [(d["DashboardName"], d["DashboardArn"]) for d in client.list_dashboards(**kwargs)["DashboardEntries"]]


def test_two_regions_of_one_account_share_one_dashboard(clean_sandbox):
    east = clean_sandbox.client("cloudwatch", region="us-east-1")
    west = clean_sandbox.client("cloudwatch", region="eu-west-1")
    east.put_dashboard(DashboardName="mailops-ses-example-com", DashboardBody=BODY)
    other = BODY.replace('"us-east-1"', '"eu-west-1"')
    assert west.put_dashboard(DashboardName="mailops-ses-example-com", DashboardBody=other)["DashboardValidationMessages"] == []
    arn = "arn:aws:cloudwatch::123456789012:dashboard/mailops-ses-example-com"
    for client in (east, west, clean_sandbox.client("cloudwatch", region="ap-southeast-2")):
        assert _dashboards(client) == [("mailops-ses-example-com", arn)]
        got = client.get_dashboard(DashboardName="mailops-ses-example-com")
        assert got["DashboardArn"] == arn  # no region in a dashboard ARN
        assert got["DashboardBody"] == other  # the last write wins, byte for byte
    west.delete_dashboards(DashboardNames=["mailops-ses-example-com"])
    assert _dashboards(east) == []
    with pytest.raises(ClientError) as exc:
        east.get_dashboard(DashboardName="mailops-ses-example-com")
    assert code(exc) == "ResourceNotFound" and http_status(exc) == 404


def test_list_prefix_and_delete_errors(clean_sandbox):
    east = clean_sandbox.client("cloudwatch", region="us-east-1")
    west = clean_sandbox.client("cloudwatch", region="us-west-2")
    east.put_dashboard(DashboardName="mailops-ses-a", DashboardBody=BODY)
    west.put_dashboard(DashboardName="mailops-ses-b", DashboardBody=BODY)
    west.put_dashboard(DashboardName="other", DashboardBody=BODY)
    east.put_dashboard(DashboardName="mailops-ses-0", DashboardBody=BODY)
    east.delete_dashboards(DashboardNames=["mailops-ses-0"])
    west.put_dashboard(DashboardName="mailops-ses-0", DashboardBody=BODY)  # listed by name, whoever wrote first
    assert [n for n, _arn in _dashboards(east, DashboardNamePrefix="mailops-ses-")] == ["mailops-ses-0", "mailops-ses-a", "mailops-ses-b"]
    assert [n for n, _arn in _dashboards(west)] == ["mailops-ses-0", "mailops-ses-a", "mailops-ses-b", "other"]
    with pytest.raises(ClientError) as exc:
        east.delete_dashboards(DashboardNames=["mailops-ses-a", "missing"])
    assert code(exc) == "ResourceNotFound" and http_status(exc) == 404
    assert "missing" in exc.value.response["Error"]["Message"]
    assert len(_dashboards(west)) == 4, "a failed delete deletes nothing"
    with pytest.raises(ClientError) as exc:
        east.put_dashboard(DashboardName="broken", DashboardBody="{not json")
    assert code(exc) == "InvalidParameterInput"


def test_accounts_are_separate(clean_sandbox):
    mine = clean_sandbox.client("cloudwatch", region="us-east-1")
    theirs = clean_sandbox.client("cloudwatch", region="eu-west-1", **clean_sandbox.assume("111111111111", role="x"))
    mine.put_dashboard(DashboardName="shared-name", DashboardBody=BODY)
    theirs.put_dashboard(DashboardName="shared-name", DashboardBody=BODY.replace(MARKER, "theirs"))
    assert _dashboards(mine) == [("shared-name", "arn:aws:cloudwatch::123456789012:dashboard/shared-name")]
    assert _dashboards(theirs) == [("shared-name", "arn:aws:cloudwatch::111111111111:dashboard/shared-name")]
    assert MARKER in mine.get_dashboard(DashboardName="shared-name")["DashboardBody"]
    theirs.delete_dashboards(DashboardNames=["shared-name"])
    assert _dashboards(theirs) == [] and len(_dashboards(mine)) == 1


def test_reset_clears_dashboards_and_the_patch_survives(clean_sandbox):
    east = clean_sandbox.client("cloudwatch", region="us-east-1")
    east.put_dashboard(DashboardName="d", DashboardBody=BODY)
    clean_sandbox.reset()
    west = clean_sandbox.client("cloudwatch", region="eu-west-1")
    assert _dashboards(east) == [] and _dashboards(west) == []
    west.put_dashboard(DashboardName="d", DashboardBody=BODY)
    assert _dashboards(east) == [("d", "arn:aws:cloudwatch::123456789012:dashboard/d")]


def test_alarms_stay_regional_and_their_tags_round_trip(clean_sandbox):
    east = clean_sandbox.client("cloudwatch", region="us-east-1")
    west = clean_sandbox.client("cloudwatch", region="eu-west-1")
    alarm = dict(
        AlarmName="mailops-ses-example-com-complaints",
        Namespace="AWS/SES",
        MetricName="Complaint",
        Dimensions=[{"Name": "ses:from-domain", "Value": "example.com"}],
        Statistic="Sum",
        Period=3600,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanOrEqualToThreshold",
    )
    east.put_metric_alarm(**alarm, Tags=[{"Key": "mailops:managed-by", "Value": "mailops.ses"}])
    west.put_metric_alarm(**dict(alarm, Threshold=5.0))
    east_alarm = east.describe_alarms()["MetricAlarms"]
    west_alarm = west.describe_alarms()["MetricAlarms"]
    assert [(a["AlarmArn"], a["Threshold"]) for a in east_alarm] == [
        ("arn:aws:cloudwatch:us-east-1:123456789012:alarm:mailops-ses-example-com-complaints", 1.0)
    ]
    assert [(a["AlarmArn"], a["Threshold"]) for a in west_alarm] == [
        ("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:mailops-ses-example-com-complaints", 5.0)
    ]
    east_arn, west_arn = east_alarm[0]["AlarmArn"], west_alarm[0]["AlarmArn"]
    assert east.list_tags_for_resource(ResourceARN=east_arn)["Tags"] == [{"Key": "mailops:managed-by", "Value": "mailops.ses"}]
    assert west.list_tags_for_resource(ResourceARN=west_arn)["Tags"] == []
    west.tag_resource(ResourceARN=west_arn, Tags=[{"Key": "mailops:managed-by", "Value": "mailops.ses"}])
    assert west.list_tags_for_resource(ResourceARN=west_arn)["Tags"] == [{"Key": "mailops:managed-by", "Value": "mailops.ses"}]
    with pytest.raises(ClientError) as exc:
        west.tag_resource(ResourceARN=east_arn, Tags=[{"Key": "k", "Value": "v"}])  # not an alarm of eu-west-1
    assert code(exc) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:  # only alarms and Contributor Insights rules take tags: a dashboard's marker is in its body
        east.tag_resource(ResourceARN="arn:aws:cloudwatch::123456789012:dashboard/d", Tags=[{"Key": "k", "Value": "v"}])
    assert code(exc) == "ResourceNotFoundException"
    east.delete_alarms(AlarmNames=["mailops-ses-example-com-complaints"])
    assert west.describe_alarms()["MetricAlarms"][0]["AlarmArn"] == west_arn
