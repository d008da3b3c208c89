"""site.yml's optional phases on one tenant: monitoring, smoke test, readiness report; then the guard."""

import json
import os
import xml.etree.ElementTree as ET

import pytest
from testkit import browser
from testkit.playbook import run_playbook, write_inventory

DOMAIN = "news.example"


@pytest.fixture
def tenant_inventory(clean_sandbox, tmp_path):
    r53 = clean_sandbox.client("route53")
    r53.create_hosted_zone(Name=DOMAIN, CallerReference="phases")
    clean_sandbox.reset_calls()

    def write(**config_set_extra):
        config_set = {"name": "newsletters", "bulk": True, "reputation_metrics": True}
        config_set.update(config_set_extra)
        return write_inventory(
            str(tmp_path / "inventory"),
            {
                "news": {
                    "mailops_ses_region": "us-east-1",
                    "mailops_ses_identities": [{"identity": DOMAIN, "mail_from": "mail." + DOMAIN, "configuration_set": "newsletters", "use": "marketing"}],
                    "mailops_ses_configuration_sets": [config_set],
                    "mailops_ses_contact_list": {"name": "readers", "topics": [{"name": "weekly", "display_name": "Weekly"}]},
                    "mailops_ses_account": {"suppression_reasons": ["BOUNCE", "COMPLAINT"]},
                }
            },
            {
                "mailops_aws_endpoint_url": clean_sandbox.endpoint,
                "mailops_domains": {DOMAIN: {"dmarc": {"policy": "quarantine", "rua": ["dmarc@" + DOMAIN]}}},
                "mailops_dns_zones": {DOMAIN: {"provider": "route53", "check_server": clean_sandbox.route53_dns}},
                "mailops_verify_timeout": 20,
                "mailops_verify_delay": 1,
                "mailops_monitoring": {"enabled": True, "sns_subscriptions": [{"protocol": "email", "endpoint": "ops@" + DOMAIN}]},
                "mailops_smoke_test": {
                    "enabled": True,
                    "timeout": 30,
                    "message_source": clean_sandbox.endpoint + "/mailops-sandbox/messages?account={account}&region={region}",
                },
                "mailops_report": {"enabled": True, "dir": str(tmp_path / "report")},
            },
        )

    return write


@pytest.mark.long
def test_monitoring_smoke_test_and_report(clean_sandbox, tenant_inventory, tmp_path):
    inventory = tenant_inventory()
    first = run_playbook(inventory, clean_sandbox.env())
    assert first.rc == 0, first.stdout[-4000:]

    cloudwatch = clean_sandbox.client("cloudwatch")
    dashboard = json.loads(cloudwatch.get_dashboard(DashboardName="mailops-ses-news-example-us-east-1")["DashboardBody"])
    assert dashboard["widgets"][1]["properties"]["metrics"][0][:6] == ["AWS/SES", "Send", "ses:from-domain", DOMAIN, "mailops-traffic", "live"]
    alarms = {a["AlarmName"]: a for a in cloudwatch.describe_alarms()["MetricAlarms"]}
    assert sorted(alarms) == [
        "mailops-ses-cs-newsletters-reputation-bounce",
        "mailops-ses-cs-newsletters-reputation-complaint-critical",
        "mailops-ses-cs-newsletters-reputation-complaint-warning",
        "mailops-ses-news-example-bounce-rate",
        "mailops-ses-news-example-complaint-rate-critical",
        "mailops-ses-news-example-complaint-rate-warning",
    ]
    critical = alarms["mailops-ses-news-example-complaint-rate-critical"]
    assert critical["Threshold"] == 0.3
    assert [m["Id"] for m in critical["Metrics"]] == ["send", "complaint", "rate"]
    sns = clean_sandbox.client("sns")
    topic = [t["TopicArn"] for t in sns.list_topics()["Topics"] if t["TopicArn"].endswith(":mailops-ses-alerts")][0]
    assert critical["AlarmActions"] == [topic]
    assert [s["Endpoint"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]] == ["ops@" + DOMAIN]

    destinations = clean_sandbox.client("sesv2").get_configuration_set_event_destinations(ConfigurationSetName="newsletters")["EventDestinations"]
    assert [d["Name"] for d in destinations] == ["mailops-domain-metrics"]
    # the smoke test's events are in CloudWatch, under the smoke-test traffic dimension
    smoke = [m for m in cloudwatch.list_metrics(Namespace="AWS/SES")["Metrics"] if {"Name": "mailops-traffic", "Value": "smoke-test"} in m["Dimensions"]]
    assert sorted({m["MetricName"] for m in smoke}) == ["Bounce", "Complaint", "Delivery", "Send"]
    assert all({"Name": "ses:from-domain", "Value": DOMAIN} in m["Dimensions"] for m in smoke)

    report_dir = tmp_path / "report"
    data = json.loads((report_dir / "readiness.json").read_text())
    items = {i["check"]: i for i in data["tenants"][0]["domains"][0]["items"]}
    assert items["dkim"]["status"] == "pass" and items["one_click_unsubscribe"]["status"] == "pass"
    # proven on the message the smoke test sent through subscription management, as SES signed it
    assert "carried an https List-Unsubscribe and List-Unsubscribe-Post: List-Unsubscribe=One-Click" in items["one_click_unsubscribe"]["evidence"]
    assert "signed by the DKIM key of news.example" in items["one_click_unsubscribe"]["evidence"]
    assert [items[p]["status"] for p in ("gmail", "yahoo", "microsoft")] == ["pass", "pass", "pass"]
    assert items["complaint_rate"]["evidence"].startswith("no mail sent"), "smoke-test mail must not count"
    assert items["production_access"]["status"] == "fail"  # the sandboxed account never asked
    junit = ET.parse(str(report_dir / "readiness.xml")).getroot()
    assert junit.get("failures") == str(data["summary"]["fail"])

    # the HTML renders in a real browser, with its content and colours
    html = str(report_dir / "readiness.html")
    dom = browser.dump_dom(html)
    assert "Bulk-sender readiness" in dom and DOMAIN in dom and "production access" in dom
    png = browser.screenshot(html, str(tmp_path / "report.png"))
    width, height, rows = browser.png_pixels(png)
    assert (width, height) == (1280, 1600)
    colours = {pixel for row in rows[:400] for pixel in row[::4]}
    assert (0xFF, 0xE3, 0xE3) in colours and (0xE3, 0xF9, 0xE5) in colours  # fail and pass cards

    clean_sandbox.reset_calls()
    second = run_playbook(inventory, clean_sandbox.env())
    changed_tasks = [line for line in second.stdout.splitlines() if line.startswith("changed:")]
    assert second.rc == 0 and second.changed == 0, changed_tasks
    writes = clean_sandbox.writes()
    assert set(writes) == {"sesv2:SendEmail"}, writes  # only the smoke test's probe mail

    # fail_on stops the run, after the page is written: the team sees what failed
    os.remove(html)
    strict = {"mailops_report": {"enabled": True, "dir": str(report_dir), "fail_on": "fail"}}
    third = run_playbook(inventory, clean_sandbox.env(), args=("-e", json.dumps(strict)))
    assert third.rc != 0 and third.failed == 1, third.stdout[-3000:]
    assert "readiness: %d item(s) at or above 'fail'" % data["summary"]["fail"] in third.stdout
    assert "production_access" in third.stdout
    assert "Bulk-sender readiness" in open(html).read()


@pytest.mark.long
def test_guard_pauses_and_never_resumes_on_its_own(clean_sandbox, tenant_inventory):
    inventory = tenant_inventory(sending_enabled=True)
    assert run_playbook(inventory, clean_sandbox.env()).rc == 0
    ses = clean_sandbox.client("sesv2")

    quiet = run_playbook(inventory, clean_sandbox.env(), playbook="guard.yml")
    assert quiet.rc == 0 and "nothing to pause" in quiet.stdout
    clean_sandbox.feedback("newsletters", DOMAIN, sends=1000, bounces=10, complaints=5)  # 0.5 % complaints

    guard = run_playbook(inventory, clean_sandbox.env(), playbook="guard.yml")
    assert guard.rc == 0 and "paused: newsletters" in guard.stdout, guard.stdout[-3000:]
    got = ses.get_configuration_set(ConfigurationSetName="newsletters")
    assert got["SendingOptions"]["SendingEnabled"] is False
    tags = {t["Key"]: t["Value"] for t in got["Tags"]}
    assert tags["mailops:paused-by-guard"].startswith("complaint rate 0.5% > 0.3%")
    assert run_playbook(inventory, clean_sandbox.env(), playbook="guard.yml").changed == 0

    # the inventory still says sending_enabled: true, yet site.yml keeps it paused and says why
    rollout = run_playbook(inventory, clean_sandbox.env())
    fatal = [line for line in rollout.stdout.splitlines() if line.startswith(("fatal", "failed"))]
    assert rollout.rc == 0, fatal
    assert "stays paused: the complaint-rate guard paused it" in rollout.stdout + rollout.stderr
    assert ses.get_configuration_set(ConfigurationSetName="newsletters")["SendingOptions"]["SendingEnabled"] is False

    resumed = run_playbook(tenant_inventory(sending_enabled=True, resume_paused=True), clean_sandbox.env())
    assert resumed.rc == 0
    got = ses.get_configuration_set(ConfigurationSetName="newsletters")
    assert got["SendingOptions"]["SendingEnabled"] is True
    assert "mailops:paused-by-guard" not in {t["Key"]: t["Value"] for t in got["Tags"]}
