"""Monitoring follows the inventory: dashboards (global per account) and alarms (regional) of two regions of one
account that send from one domain, retired with the domain or the tenant, and nothing the collection did not make
is ever touched."""

import json

import pytest
from testkit.playbook import run_playbook, write_inventory

ACCOUNT = "222222222222"
ROLE = "arn:aws:iam::%s:role/mailops-ses" % ACCOUNT
DOMAIN = "example.com"
DASHBOARD = {"us": "mailops-ses-example-com-us-east-1", "eu": "mailops-ses-example-com-eu-west-1"}
ALARMS = ["mailops-ses-example-com-bounce-rate", "mailops-ses-example-com-complaint-rate-critical", "mailops-ses-example-com-complaint-rate-warning"]
FOREIGN_BODY = {"widgets": [{"type": "text", "x": 0, "y": 0, "width": 6, "height": 2, "properties": {"markdown": "not ours"}}]}


def tenant(region, mail_from, state="present", identity_state="present"):
    return {
        "mailops_ses_region": region,
        "mailops_aws_role_arn": ROLE,
        "mailops_tenant_state": state,
        "mailops_ses_identities": [{"identity": DOMAIN, "mail_from": mail_from, "state": identity_state}],
    }


@pytest.fixture
def write(clean_sandbox, tmp_path):
    clean_sandbox.client("route53").create_hosted_zone(Name=DOMAIN, CallerReference="monitoring")

    def inventory(us=None, eu=None):
        tenants = {"operations-us": us or tenant("us-east-1", "mail." + DOMAIN), "operations-eu": eu or tenant("eu-west-1", "mail-eu." + DOMAIN)}
        return write_inventory(
            str(tmp_path / "inventory"),
            tenants,
            {
                "mailops_aws_endpoint_url": clean_sandbox.endpoint,
                "mailops_domains": {DOMAIN: {"dmarc": {"policy": "none"}}},
                "mailops_dns_zones": {DOMAIN: {"provider": "route53"}},
                "mailops_verify": False,
                "mailops_dns_delete_threshold": 50,  # a region leaving takes 5 of the zone's 16 values
                "mailops_monitoring": {"enabled": True},
            },
        )

    return inventory


def account(sandbox, region):
    return sandbox.client("cloudwatch", region=region, account=ACCOUNT), sandbox.client("sns", region=region, account=ACCOUNT)


def dashboards(cloudwatch):
    return sorted(d["DashboardName"] for d in cloudwatch.list_dashboards()["DashboardEntries"])


def alarms(cloudwatch):
    return sorted(a["AlarmName"] for a in cloudwatch.describe_alarms()["MetricAlarms"])


def topics(sns):
    return sorted(t["TopicArn"].rsplit(":", 1)[1] for t in sns.list_topics()["Topics"])


@pytest.mark.long
def test_two_regions_of_one_account_then_a_region_retires_then_the_tenant_leaves(clean_sandbox, write):
    us_cloudwatch, us_sns = account(clean_sandbox, "us-east-1")
    eu_cloudwatch, eu_sns = account(clean_sandbox, "eu-west-1")
    # what the collection did not make: a dashboard, an alarm with our prefix but no marker, a topic
    us_cloudwatch.put_dashboard(DashboardName="mailops-ses-handmade", DashboardBody=json.dumps(FOREIGN_BODY))
    eu_cloudwatch.put_metric_alarm(AlarmName="mailops-ses-handmade", MetricName="Bounce", Namespace="AWS/SES", Statistic="Sum", Period=60,
                                   EvaluationPeriods=1, Threshold=1.0, ComparisonOperator="GreaterThanThreshold")  # fmt: skip
    eu_sns.create_topic(Name="team-alerts")

    first = run_playbook(write(), clean_sandbox.env())
    assert first.rc == 0, first.stdout[-4000:]
    # one dashboard per domain and region, in the account's one dashboard namespace; alarms per region
    assert dashboards(us_cloudwatch) == sorted(DASHBOARD.values()) + ["mailops-ses-handmade"]
    assert dashboards(eu_cloudwatch) == dashboards(us_cloudwatch)
    for region, cloudwatch in (("us-east-1", us_cloudwatch), ("eu-west-1", eu_cloudwatch)):
        body = json.loads(cloudwatch.get_dashboard(DashboardName=DASHBOARD[region[:2]])["DashboardBody"])
        assert {w["properties"]["region"] for w in body["widgets"] if w["type"] == "metric"} == {region}
    assert alarms(us_cloudwatch) == ALARMS
    assert alarms(eu_cloudwatch) == sorted(ALARMS + ["mailops-ses-handmade"])
    assert topics(eu_sns) == ["mailops-ses-alerts", "team-alerts"]

    # a rerun is a no-op: no region overwrites the other's dashboard
    clean_sandbox.reset_calls()
    rerun = run_playbook(write(), clean_sandbox.env())
    assert rerun.rc == 0 and rerun.changed == 0, rerun.stdout[-4000:]
    assert clean_sandbox.writes() == {}

    # eu stops sending from example.com: check mode first (no write), then for real
    retired = write(eu=tenant("eu-west-1", "mail-eu." + DOMAIN, identity_state="absent"))
    clean_sandbox.reset_calls()
    check = run_playbook(retired, clean_sandbox.env(), args=["--check", "--diff"])
    assert check.rc == 0, check.stdout[-4000:]
    assert clean_sandbox.writes() == {}
    assert DASHBOARD["eu"] in check.stdout, check.stdout[check.stdout.find("TASK [mailops.ses.monitoring") :][:6000]
    assert run_playbook(retired, clean_sandbox.env()).rc == 0
    assert dashboards(us_cloudwatch) == [DASHBOARD["us"], "mailops-ses-handmade"]
    assert alarms(us_cloudwatch) == ALARMS
    assert alarms(eu_cloudwatch) == ["mailops-ses-handmade"]
    assert topics(eu_sns) == ["team-alerts"]  # nothing of the collection uses its topic any more
    assert topics(us_sns) == ["mailops-ses-alerts"]
    clean_sandbox.reset_calls()
    assert run_playbook(retired, clean_sandbox.env()).changed == 0
    assert clean_sandbox.writes() == {}

    # offboarding us with --limit: only us is touched
    gone = write(us=tenant("us-east-1", "mail." + DOMAIN, state="absent"), eu=tenant("eu-west-1", "mail-eu." + DOMAIN, identity_state="absent"))
    limited = run_playbook(gone, clean_sandbox.env(), args=["--limit", "operations-us"])
    assert limited.rc == 0, limited.stdout[-4000:]
    assert dashboards(us_cloudwatch) == ["mailops-ses-handmade"]
    assert alarms(us_cloudwatch) == []
    assert topics(us_sns) == []
    assert alarms(eu_cloudwatch) == ["mailops-ses-handmade"]
    assert topics(eu_sns) == ["team-alerts"]


def test_a_dashboard_name_taken_by_someone_else_is_reported_not_overwritten(clean_sandbox, write):
    us_cloudwatch, _sns = account(clean_sandbox, "us-east-1")
    us_cloudwatch.put_dashboard(DashboardName=DASHBOARD["us"], DashboardBody=json.dumps(FOREIGN_BODY))
    result = run_playbook(write(), clean_sandbox.env())
    assert result.rc != 0
    assert "dashboards %s exist but were not made by mailops.ses; rename or delete them" % DASHBOARD["us"] in result.stdout
    assert json.loads(us_cloudwatch.get_dashboard(DashboardName=DASHBOARD["us"])["DashboardBody"]) == FOREIGN_BODY


def test_a_topic_of_that_name_made_by_someone_else_is_not_taken_over(clean_sandbox, write):
    us_cloudwatch, us_sns = account(clean_sandbox, "us-east-1")
    arn = us_sns.create_topic(Name="mailops-ses-alerts")["TopicArn"]
    us_sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:%s:team-alerts" % ACCOUNT)
    result = run_playbook(write(), clean_sandbox.env())
    assert result.rc != 0
    assert (
        "SNS topic %s exists but was not made by mailops.ses (no tag mailops:managed-by); the collection does not take it over. "
        "Set monitoring_topic_name to another name, or tag the topic mailops:managed-by=mailops.ses" % arn
    ) in result.stdout, result.stdout[-4000:]
    # the topic is as it was, and nothing of the collection notifies it
    assert [s["Endpoint"] for s in us_sns.list_subscriptions_by_topic(TopicArn=arn)["Subscriptions"]] == ["arn:aws:sqs:us-east-1:%s:team-alerts" % ACCOUNT]
    assert us_sns.list_tags_for_resource(ResourceArn=arn)["Tags"] == []
    assert us_sns.get_topic_attributes(TopicArn=arn)["Attributes"].get("DisplayName", "") == ""
    assert alarms(us_cloudwatch) == [] and DASHBOARD["us"] not in dashboards(us_cloudwatch)

    # handed over with the tag: the collection converges it and its alarms notify it
    us_sns.tag_resource(ResourceArn=arn, Tags=[{"Key": "mailops:managed-by", "Value": "mailops.ses"}])
    handed = run_playbook(write(), clean_sandbox.env())
    assert handed.rc == 0, handed.stdout[-4000:]
    assert alarms(us_cloudwatch) == ALARMS
    assert {a["AlarmActions"][0] for a in us_cloudwatch.describe_alarms()["MetricAlarms"]} == {arn}
