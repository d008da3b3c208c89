"""Table tests for the public filters: dmarc_record, spf_record, ses_dns_records, merge_dns_records."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.mailops.ses.plugins.filter import mailops_dns as _filters

DMARC_OPTIONS = "policy, subdomain_policy, pct, rua, ruf, adkim, aspf, fo, ri"
SPF_KEYS = "(allowed: include, ip4, ip6, a, mx, extra, all)"
INVALID_LABEL = "(letters, digits, '-' and '_' only, 1-63 characters, no '-' at either end)"


def filter_error(call, *args, **kwargs):
    """The message of the AnsibleFilterError raised by ``call`` (the test fails if nothing is raised)."""
    with pytest.raises(AnsibleFilterError) as raised:
        call(*args, **kwargs)
    return raised.value.message


def test_filter_module_publishes_exactly_the_four_filters():
    assert _filters.FilterModule().filters() == {
        "dmarc_record": _filters.dmarc_record,
        "spf_record": _filters.spf_record,
        "ses_dns_records": _filters.ses_dns_records,
        "merge_dns_records": _filters.merge_dns_records,
    }


# ---------------------------------------------------------------- dmarc_record


@pytest.mark.parametrize(
    "policy, options, record",
    [
        ("none", {}, "v=DMARC1; p=none"),
        ("quarantine", {"rua": ["dmarc@example.com"]}, "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"),
        ("reject", {"pct": 50, "aspf": "s", "adkim": "r"}, "v=DMARC1; p=reject; pct=50; adkim=r; aspf=s"),
        ({"policy": "reject", "pct": 50}, {"aspf": "s"}, "v=DMARC1; p=reject; pct=50; aspf=s"),
        ({"policy": "none", "pct": 10, "rua": "mailto:a@example.com"}, {"pct": 20}, "v=DMARC1; p=none; pct=20; rua=mailto:a@example.com"),
        ("none", {"fo": ["1", "d"], "ri": 3600, "subdomain_policy": "reject"}, "v=DMARC1; p=none; sp=reject; fo=1:d; ri=3600"),
        ("none", {"pct": None, "rua": []}, "v=DMARC1; p=none"),
    ],
)
def test_dmarc_record(policy, options, record):
    assert _filters.dmarc_record(policy, **options) == record


@pytest.mark.parametrize(
    "policy, options, message",
    [
        ("block", {}, "dmarc_record: dmarc.policy 'block' is not one of none, quarantine, reject"),
        (None, {}, "dmarc_record: dmarc.policy is required; use one of none, quarantine, reject"),
        ({"pct": 10}, {}, "dmarc_record: dmarc.policy is required; use one of none, quarantine, reject"),
        ("none", {"foo": 1}, "dmarc_record: dmarc has unknown option(s) 'foo'; allowed: " + DMARC_OPTIONS),
        ("none", {"rua": "x"}, "dmarc_record: dmarc.rua 'x' is not a mailto: URI; write mailto:address@example.com"),
        (
            "maybe",
            {"pct": 101, "adkim": "x"},
            "dmarc_record: dmarc.policy 'maybe' is not one of none, quarantine, reject; "
            "dmarc.pct 101 is not a whole number from 0 to 100; dmarc.adkim 'x' is not one of r, s",
        ),
    ],
)
def test_dmarc_record_errors(policy, options, message):
    assert filter_error(_filters.dmarc_record, policy, **options) == message


# ---------------------------------------------------------------- spf_record


@pytest.mark.parametrize(
    "include, options, record",
    [
        (["amazonses.com"], {"all": "-all"}, "v=spf1 include:amazonses.com -all"),
        ("amazonses.com", {}, "v=spf1 include:amazonses.com ~all"),
        (("amazonses.com", "_spf.example.net"), {}, "v=spf1 include:amazonses.com include:_spf.example.net ~all"),
        ({"ip4": ["192.0.2.0/24"], "include": "amazonses.com"}, {"all": None}, "v=spf1 ip4:192.0.2.0/24 include:amazonses.com"),
        (None, {"mx": True, "a": True, "ip6": "2001:db8::/32"}, "v=spf1 ip6:2001:db8::/32 a mx ~all"),
        ([], {"extra": ["exists:%{i}._spf.example.com"], "all": "?all"}, "v=spf1 exists:%{i}._spf.example.com ?all"),
    ],
)
def test_spf_record(include, options, record):
    assert _filters.spf_record(include, **options) == record


@pytest.mark.parametrize(
    "include, options, message",
    [
        ([], {"bogus": 1}, "spf_record: build() got an unexpected keyword argument 'bogus' " + SPF_KEYS),
        ({"includes": ["amazonses.com"]}, {}, "spf_record: build() got an unexpected keyword argument 'includes' " + SPF_KEYS),
        (["bad domain"], {}, "spf_record: spf.include 'bad domain' must be a non-empty string without spaces"),
        ([], {"all": "!all"}, "spf_record: spf.all '!all' is not one of -all, ~all, ?all, +all"),
        (
            ["a.example", ""],
            {"ip4": ["1.2.3.4 5"]},
            "spf_record: spf.include '' must be a non-empty string without spaces; spf.ip4 '1.2.3.4 5' must be a non-empty string without spaces",
        ),
        (["example"], {}, "spf_record: spf term 'include:example' has an invalid domain 'example'"),
        (
            ["i%d.example.com" % n for n in range(11)],
            {},
            "spf_record: spf at spf: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes",
        ),
    ],
)
def test_spf_record_errors(include, options, message):
    assert filter_error(_filters.spf_record, include, **options) == message


# ---------------------------------------------------------------- ses_dns_records

EASY = {
    "identity": "example.com",
    "identity_type": "DOMAIN",
    "dkim": {"origin": "AWS_SES", "tokens": ["t1", "t2", "t3"], "signing_hosted_zone": "dkim.amazonses.com"},
    "mail_from_domain": "mail.example.com",
    "verification_token": None,
}
EASY_RECORDS = [
    {"name": "t1._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["t1.dkim.amazonses.com."]},
    {"name": "t2._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["t2.dkim.amazonses.com."]},
    {"name": "t3._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["t3.dkim.amazonses.com."]},
    {"name": "mail.example.com.", "type": "MX", "ttl": 300, "values": ["10 feedback-smtp.eu-west-1.amazonses.com."]},
    {"name": "mail.example.com.", "type": "TXT", "ttl": 300, "values": ["v=spf1 include:amazonses.com ~all"]},
]
DMARC_NONE = {"name": "_dmarc.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1; p=none"]}


def test_ses_dns_records_from_an_identity_view_and_a_region():
    assert _filters.ses_dns_records(EASY, "eu-west-1") == EASY_RECORDS


def test_ses_dns_records_with_the_domain_policy_and_ttl():
    records = _filters.ses_dns_records(
        dict(EASY, mail_from_domain=None), "eu-west-1", ttl=60, domain_policy={"dmarc": {"policy": "none"}, "spf": {"include": ["amazonses.com"]}}
    )
    assert records == [
        {"name": "t1._domainkey.example.com.", "type": "CNAME", "ttl": 60, "values": ["t1.dkim.amazonses.com."]},
        {"name": "t2._domainkey.example.com.", "type": "CNAME", "ttl": 60, "values": ["t2.dkim.amazonses.com."]},
        {"name": "t3._domainkey.example.com.", "type": "CNAME", "ttl": 60, "values": ["t3.dkim.amazonses.com."]},
        {"name": "_dmarc.example.com.", "type": "TXT", "ttl": 60, "values": ["v=DMARC1; p=none"]},
        {"name": "example.com.", "type": "TXT", "ttl": 60, "values": ["v=spf1 include:amazonses.com ~all"]},
    ]


def test_ses_dns_records_from_a_module_result_uses_its_dns_records():
    published = [{"name": "s1._domainkey.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DKIM1; k=rsa; p=PUB"]}]
    result = {"changed": False, "identity": dict(EASY), "dns_records": published}
    assert _filters.ses_dns_records(result) == published
    assert _filters.ses_dns_records(result, domain_policy={"dmarc": {"policy": "none"}}) == published + [DMARC_NONE]
    # the input list is not changed by adding the policy records
    assert result["dns_records"] == published


def test_ses_dns_records_from_a_module_result_with_a_region_renders_again():
    result = {"identity": dict(EASY), "dns_records": [{"name": "stale.example.com.", "type": "TXT", "ttl": 300, "values": ["x"]}]}
    assert _filters.ses_dns_records(result, "eu-west-1") == EASY_RECORDS


def test_ses_dns_records_from_a_result_without_dns_records_needs_a_region():
    result = {"identity": dict(EASY), "dns_records": None}
    assert _filters.ses_dns_records(result, "eu-west-1") == EASY_RECORDS
    assert filter_error(_filters.ses_dns_records, result) == "ses_dns_records: region is required to render MAIL FROM records"


def test_ses_dns_records_of_an_address_identity_is_empty():
    assert _filters.ses_dns_records({"identity": "sender@example.com", "identity_type": "EMAIL_ADDRESS"}, "us-east-1") == []


def test_ses_dns_records_of_an_address_identity_with_a_domain_policy():
    view = {"identity": "sender@example.com", "identity_type": "EMAIL_ADDRESS"}
    assert _filters.ses_dns_records(view, "us-east-1", domain_policy={"dmarc": {"policy": "none"}}) == [DMARC_NONE]


@pytest.mark.parametrize(
    "identity, region, options, message",
    [
        (EASY, None, {}, "ses_dns_records: region is required to render MAIL FROM records"),
        (EASY, "", {}, "ses_dns_records: region is required to render MAIL FROM records"),
        ({"identity_type": "DOMAIN"}, "us-east-1", {}, "ses_dns_records: 'identity'"),
        (
            {"identity": "bad_dom ain", "identity_type": "DOMAIN"},
            "us-east-1",
            {},
            "ses_dns_records: name 'pending-dkim-token-1._domainkey.bad_dom ain.' has an invalid label 'bad_dom ain' " + INVALID_LABEL,
        ),
        (
            EASY,
            "eu-west-1",
            {"domain_policy": {"dmarc": {"policy": "x"}, "spf": {"all": "!all"}}},
            "ses_dns_records: mailops_domains['example.com'].dmarc.policy 'x' is not one of none, quarantine, reject; "
            "mailops_domains['example.com'].spf: spf.all '!all' is not one of -all, ~all, ?all, +all",
        ),
        (
            EASY,
            "eu-west-1",
            {"domain_policy": {"records": [{"name": "bad name", "type": "TXT", "values": ["x"]}]}},
            "ses_dns_records: mailops_domains['example.com'].records[0].name 'bad name.example.com.' has an invalid label 'bad name' " + INVALID_LABEL,
        ),
    ],
)
def test_ses_dns_records_errors(identity, region, options, message):
    assert filter_error(_filters.ses_dns_records, identity, region, **options) == message


# ---------------------------------------------------------------- merge_dns_records


def contribution(source, *records):
    return {"source": source, "records": list(records)}


def rec(name, rtype, *values, **extra):
    return dict({"name": name, "type": rtype, "values": list(values)}, **extra)


def test_merge_dns_records_as_a_list():
    merged = _filters.merge_dns_records(
        [
            contribution("acct-a", rec("_amazonses.example.com", "TXT", "tokA"), rec("mail.example.com", "MX", "10 feedback-smtp.us-east-1.amazonses.com")),
            contribution(
                "acct-b", rec("_amazonses.example.com", "TXT", "tokB", ttl=60), rec("mail.example.com", "MX", "10 feedback-smtp.us-east-1.amazonses.com")
            ),
            contribution("acct-c", rec("example.com", "TXT", "v=spf1 include:amazonses.com ~all"), rec("example.com", "TXT", "v=spf1 ip4:192.0.2.1 -all")),
        ]
    )
    assert merged == [
        {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 60, "values": ["tokA", "tokB"]},
        {"name": "example.com.", "type": "TXT", "ttl": 300, "values": ["v=spf1 include:amazonses.com ip4:192.0.2.1 -all"]},
        {"name": "mail.example.com.", "type": "MX", "ttl": 300, "values": ["10 feedback-smtp.us-east-1.amazonses.com."]},
    ]


def test_merge_dns_records_by_zone_includes_empty_zones_and_takes_the_longest_zone():
    merged = _filters.merge_dns_records(
        [contribution("a", rec("x.example.com", "A", "192.0.2.1"), rec("y.sub.example.com", "A", "192.0.2.2"))],
        ["example.com", "sub.example.com", "example.org"],
    )
    assert merged == {
        "example.com": [{"name": "x.example.com.", "type": "A", "ttl": 300, "values": ["192.0.2.1"]}],
        "sub.example.com": [{"name": "y.sub.example.com.", "type": "A", "ttl": 300, "values": ["192.0.2.2"]}],
        "example.org": [],
    }


def test_merge_dns_records_takes_the_zones_dict_of_the_inventory():
    merged = _filters.merge_dns_records([contribution("a", rec("x.example.com", "A", "192.0.2.1"))], {"example.com": {"provider": "route53"}})
    assert merged == {"example.com": [{"name": "x.example.com.", "type": "A", "ttl": 300, "values": ["192.0.2.1"]}]}


def test_merge_dns_records_keeps_check_mode_placeholders_of_two_sources_apart():
    pending = rec("pending-dkim-token-1._domainkey.example.com.", "CNAME", "pending-dkim-token-1.dkim.amazonses.com.", placeholder=True)
    merged = _filters.merge_dns_records([contribution("host-a", pending), contribution("host-b", pending)])
    assert merged == [
        {
            "name": "pending-host-a-dkim-token-1._domainkey.example.com.",
            "type": "CNAME",
            "ttl": 300,
            "values": ["pending-host-a-dkim-token-1.dkim.amazonses.com."],
        },
        {
            "name": "pending-host-b-dkim-token-1._domainkey.example.com.",
            "type": "CNAME",
            "ttl": 300,
            "values": ["pending-host-b-dkim-token-1.dkim.amazonses.com."],
        },
    ]


@pytest.mark.parametrize("zones", [None, []])
def test_merge_dns_records_of_nothing(zones):
    assert _filters.merge_dns_records([], zones) == ([] if zones is None else {})


@pytest.mark.parametrize(
    "contributions, zones, message",
    [
        (
            [contribution("a", rec("x.example.com", "A", "nope"))],
            None,
            "merge_dns_records found 1 problem(s):\n- a: records[0].values[0] 'nope' is not an IP address",
        ),
        (
            [
                contribution("a", rec("mail.example.com", "MX", "10 feedback-smtp.us-east-1.amazonses.com")),
                contribution("b", rec("mail.example.com", "MX", "10 feedback-smtp.eu-west-1.amazonses.com")),
                contribution("c", rec("example.com", "CNAME", "elsewhere.example.net")),
            ],
            ["example.com"],
            "merge_dns_records found 2 problem(s):\n"
            "- mail.example.com.: MAIL FROM is claimed by 2 regions (eu-west-1 from b; us-east-1 from a); an MX can send bounces to one "
            "region only, so give each region its own MAIL FROM subdomain, e.g. mail-eu-west-1.example.com, mail-us-east-1.example.com\n"
            "- example.com.: a CNAME (from c) at the zone apex is not allowed; the apex holds SOA and NS",
        ),
        (
            [contribution("a", rec("x.example.com", "A", "192.0.2.1"), rec("y.example.net", "A", "192.0.2.2"))],
            ["example.org", "example.com"],
            "merge_dns_records: y.example.net. record has no zone in mailops_dns_zones (known zones: example.com, example.org); "
            "add its zone to mailops_dns_zones",
        ),
        (
            [contribution("a", rec("x.example.com", "A", "192.0.2.1"))],
            [],
            "merge_dns_records: x.example.com. record has no zone in mailops_dns_zones (known zones: none); add its zone to mailops_dns_zones",
        ),
    ],
)
def test_merge_dns_records_errors(contributions, zones, message):
    assert filter_error(_filters.merge_dns_records, contributions, zones) == message
