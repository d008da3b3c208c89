"""mailops.ses.identity_summary: the verify role's line per identity."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.mailops.ses.plugins.filter.mailops_verify import FilterModule, identity_summary

RESULTS = [
    {"identity": "example.com", "state": {"dkim": {"status": "SUCCESS", "parent_region": None}, "mail_from_status": "SUCCESS"}},
    {"identity": "example.org", "state": {"dkim": {"status": "SUCCESS", "parent_region": "us-east-1"}, "mail_from_status": "PENDING"}},
    {"identity": "sender@example.com", "state": {"dkim": {}, "mail_from_status": None}},
]
CHECKS = [
    {"domain": "example.com", "summary": {"pass": 9, "warn": 1, "fail": 0}},
    {"domain": "example.org", "summary": {"pass": 6, "warn": 0, "fail": 2}},
]


def test_one_line_per_identity_with_its_dns_checks():
    assert identity_summary(RESULTS, "marketing-eu", "eu-west-1", CHECKS) == [
        "example.com (marketing-eu, eu-west-1): DKIM SUCCESS, MAIL FROM SUCCESS, DNS checks 9 pass / 1 warn / 0 fail",
        "example.org (marketing-eu, eu-west-1): DKIM SUCCESS (DEED replica of us-east-1), MAIL FROM PENDING, DNS checks 6 pass / 0 warn / 2 fail",
        "sender@example.com (marketing-eu, eu-west-1): DKIM n/a, MAIL FROM none, DNS checks - pass / - warn / - fail",
    ]


def test_without_dns_checks_every_count_is_a_dash():
    assert identity_summary(RESULTS[:1], "h", "us-east-1") == [
        "example.com (h, us-east-1): DKIM SUCCESS, MAIL FROM SUCCESS, DNS checks - pass / - warn / - fail"
    ]


def test_anything_but_the_results_list_is_refused():
    with pytest.raises(AnsibleFilterError, match="identity_summary: expected the results list of mailops.ses.email_identity_info, got dict"):
        identity_summary({"results": RESULTS}, "h", "us-east-1")


def test_registered_as_identity_summary():
    assert FilterModule().filters() == {"identity_summary": identity_summary}
