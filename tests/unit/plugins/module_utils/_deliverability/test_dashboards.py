import json

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import dashboards as _dashboards
from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring

FOREIGN = {"widgets": [{"type": "text", "properties": {"markdown": "## a team's own dashboard"}}]}
LEGACY = {
    "widgets": [
        {"type": "text", "properties": {"markdown": "## example.com\nSES events published with the `ses:from-domain` dimension (region us-east-1)."}},
        {"type": "metric", "properties": {"region": "us-east-1"}},
    ]
}


def body(domain, region):
    return _dashboards.body(domain, region)


def test_names_carry_the_region():
    assert _dashboards.name("example.com", "eu-west-1") == "mailops-ses-example-com-eu-west-1"
    assert _dashboards.name("news.example.com", "us-east-1") == "mailops-ses-news-example-com-us-east-1"


def test_the_body_ends_its_first_text_with_the_marker_and_looks_at_its_region():
    made = body("example.com", "eu-west-1")
    assert made["widgets"][0]["properties"]["markdown"].endswith("\n\n" + _monitoring.DASHBOARD_MARKER)
    assert _dashboards.is_ours(made)
    assert _dashboards.region_of(made) == "eu-west-1"


@pytest.mark.parametrize("current, ours", [(FOREIGN, False), (LEGACY, True), ({}, False), (None, False), ({"widgets": []}, False)])
def test_is_ours(current, ours):
    assert _dashboards.is_ours(current) is ours


def test_region_of_is_none_without_exactly_one_region():
    assert _dashboards.region_of(FOREIGN) is None
    mixed = {"widgets": [{"type": "metric", "properties": {"region": "us-east-1"}}, {"type": "metric", "properties": {"region": "eu-west-1"}}]}
    assert _dashboards.region_of(mixed) is None


def test_parse():
    assert _dashboards.parse('{"widgets": []}') == {"widgets": []}
    assert _dashboards.parse("not json") is None


def put(domain, region):
    return ("put_dashboard", {"DashboardName": _dashboards.name(domain, region), "DashboardBody": json.dumps(body(domain, region), sort_keys=True)})


def test_plan_creates_what_is_missing():
    ops, before, after, foreign = _dashboards.plan(["example.com", "b.example"], "us-east-1", {}, {})
    assert ops == [put("b.example", "us-east-1"), put("example.com", "us-east-1")]
    assert (before, after, foreign) == ([], ["mailops-ses-b-example-us-east-1", "mailops-ses-example-com-us-east-1"], [])


def test_plan_is_a_no_op_when_the_bodies_are_equal_and_never_touches_other_regions():
    existing = {
        "mailops-ses-example-com-us-east-1": body("example.com", "us-east-1"),
        "mailops-ses-example-com-eu-west-1": body("example.com", "eu-west-1"),
    }
    assert _dashboards.plan(["example.com"], "us-east-1", {}, existing) == (
        [],
        ["mailops-ses-example-com-us-east-1"],
        ["mailops-ses-example-com-us-east-1"],
        [],
    )


def test_plan_updates_a_different_body_and_purges_retired_domains_of_its_region_only():
    existing = {
        "mailops-ses-example-com-us-east-1": body("example.com", "us-east-1"),
        "mailops-ses-old-example-us-east-1": body("old.example", "us-east-1"),
        "mailops-ses-old-example-eu-west-1": body("old.example", "eu-west-1"),
        "mailops-ses-foreign-us-east-1": FOREIGN,
    }
    limits = {"complaint_rate_critical": 0.2}
    ops, before, after, foreign = _dashboards.plan(["example.com"], "us-east-1", limits, existing)
    new_body = json.dumps(_dashboards.body("example.com", "us-east-1", limits), sort_keys=True)
    assert ops == [
        ("put_dashboard", {"DashboardName": "mailops-ses-example-com-us-east-1", "DashboardBody": new_body}),
        ("delete_dashboards", {"DashboardNames": ["mailops-ses-old-example-us-east-1"]}),
    ]
    assert before == ["mailops-ses-example-com-us-east-1", "mailops-ses-old-example-us-east-1"]
    assert after == ["mailops-ses-example-com-us-east-1"]
    assert foreign == []


def test_plan_without_purge_keeps_retired_domains():
    existing = {"mailops-ses-old-example-us-east-1": body("old.example", "us-east-1")}
    ops, _before, after, _foreign = _dashboards.plan([], "us-east-1", {}, existing, purge=False)
    assert ops == [] and after == ["mailops-ses-old-example-us-east-1"]


def test_plan_deletes_the_legacy_dashboard_its_region_replaces():
    existing = {"mailops-ses-example-com": LEGACY}
    ops, _before, after, _foreign = _dashboards.plan(["example.com"], "us-east-1", {}, existing)
    assert ops == [put("example.com", "us-east-1"), ("delete_dashboards", {"DashboardNames": ["mailops-ses-example-com"]})]
    assert after == ["mailops-ses-example-com-us-east-1"]


def test_plan_reports_a_name_taken_by_someone_else_and_writes_nothing_over_it():
    existing = {"mailops-ses-example-com-us-east-1": FOREIGN, "mailops-ses-example-com": FOREIGN}
    ops, before, after, foreign = _dashboards.plan(["example.com"], "us-east-1", {}, existing)
    assert (ops, before, after, foreign) == ([], [], [], ["mailops-ses-example-com-us-east-1"])
