"""Table tests for the rollout's DNS plan across tenants: contributions, placeholders, retirement, writers."""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _render
from ansible_collections.mailops.ses.plugins.module_utils._dns import zone_plan as _zone_plan
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordError, RecordSet

INVALID_LABEL = "(letters, digits, '-' and '_' only, 1-63 characters, no '-' at either end)"
MX_US = "10 feedback-smtp.us-east-1.amazonses.com."
MX_EU = "10 feedback-smtp.eu-west-1.amazonses.com."
MAIL_FROM_SPF = "v=spf1 include:amazonses.com ~all"


def tenant(source, tokens, region, mail_from="mail.example.com", token=None, domain="example.com"):
    """What one tenant contributes for one domain identity, as the email_identities module renders it."""
    view = {
        "identity": domain,
        "identity_type": "DOMAIN",
        "dkim": {"origin": "AWS_SES", "tokens": tokens, "signing_hosted_zone": "dkim.amazonses.com"},
        "mail_from_domain": mail_from,
        "verification_token": token,
    }
    return {"source": source, "region": region, "records": _render.identity_records(view, region)}


def problems_of(call, *args, **kwargs):
    with pytest.raises(_zone_plan.ZonePlanError) as raised:
        call(*args, **kwargs)
    assert str(raised.value) == "; ".join(raised.value.problems)
    return raised.value.problems


# ---------------------------------------------------------------- domain_contributions


@pytest.mark.parametrize(
    "domains, ttl, result",
    [
        (None, 300, []),
        ({}, 300, []),
        (
            {"example.com": None, "example.org": {}},
            300,
            [{"source": "mailops_domains['example.com']", "records": []}, {"source": "mailops_domains['example.org']", "records": []}],
        ),
        (
            {
                "example.org": {"dmarc": {"policy": "reject"}},
                "example.com": {
                    "dmarc": {"policy": "none", "rua": ["d@example.com"]},
                    "spf": {"include": ["amazonses.com"], "all": "-all"},
                    "records": [
                        {"name": "@", "type": "TXT", "values": ["google-site-verification=xyz"]},
                        {"name": "www", "type": "A", "values": ["192.0.2.1"], "ttl": 60},
                    ],
                },
            },
            120,
            [
                {
                    "source": "mailops_domains['example.com']",
                    "records": [
                        {"name": "_dmarc.example.com.", "type": "TXT", "ttl": 120, "values": ["v=DMARC1; p=none; rua=mailto:d@example.com"]},
                        {"name": "example.com.", "type": "TXT", "ttl": 120, "values": ["v=spf1 include:amazonses.com -all"]},
                        {"name": "example.com.", "type": "TXT", "ttl": 120, "values": ["google-site-verification=xyz"]},
                        {"name": "www.example.com.", "type": "A", "ttl": 60, "values": ["192.0.2.1"]},
                    ],
                },
                {
                    "source": "mailops_domains['example.org']",
                    "records": [{"name": "_dmarc.example.org.", "type": "TXT", "ttl": 120, "values": ["v=DMARC1; p=reject"]}],
                },
            ],
        ),
    ],
)
def test_domain_contributions(domains, ttl, result):
    assert _zone_plan.domain_contributions(domains, ttl) == result


@pytest.mark.parametrize(
    "domains, problems",
    [
        (
            {"example.com": {"dmarc": {"policy": "x"}, "spf": {"bogus": 1}}, "example.org": {"dmarc": {"pct": 200, "policy": "none"}}},
            [
                "mailops_domains['example.com'].dmarc.policy 'x' is not one of none, quarantine, reject",
                "mailops_domains['example.com'].spf: build() got an unexpected keyword argument 'bogus' (allowed keys: include, ip4, ip6, a, mx, extra, all)",
                "mailops_domains['example.org'].dmarc.pct 200 is not a whole number from 0 to 100",
            ],
        ),
        (
            {"example.com": {"spf": {"include": ["example"]}}},
            ["mailops_domains['example.com'].spf: spf term 'include:example' has an invalid domain 'example'"],
        ),
        (
            {"example.com": {"records": [{"name": "bad name", "type": "TXT", "values": ["x"]}]}},
            ["mailops_domains['example.com'].records[0].name 'bad name.example.com.' has an invalid label 'bad name' " + INVALID_LABEL],
        ),
    ],
)
def test_domain_contributions_report_every_problem(domains, problems):
    assert problems_of(_zone_plan.domain_contributions, domains) == problems


# ---------------------------------------------------------------- unique_placeholders


@pytest.mark.parametrize(
    "source, mark",
    [
        ("host-a", "pending-host-a-"),
        ("Tenant EU/1", "pending-tenant-eu-1-"),
        ("mailops_domains['example.com']", "pending-mailops-domains-example-com-"),
        ("", "pending-tenant-"),
        ("!!!", "pending-tenant-"),
    ],
)
def test_unique_placeholders_marks_names_and_values_with_the_source(source, mark):
    records = [
        {
            "name": "pending-dkim-token-1._domainkey.example.com.",
            "type": "CNAME",
            "ttl": 300,
            "values": ["pending-dkim-token-1.dkim.amazonses.com."],
            "placeholder": True,
        },
        {"name": "_amazonses.example.com.", "type": "TXT", "values": ["pending-verification-token"]},
        {"name": "mail.example.com.", "type": "MX", "values": [MX_US]},
    ]
    result = _zone_plan.unique_placeholders({"source": source, "region": "us-east-1", "records": records})
    assert result == {
        "source": source,
        "region": "us-east-1",
        "records": [
            {
                "name": mark + "dkim-token-1._domainkey.example.com.",
                "type": "CNAME",
                "ttl": 300,
                "values": [mark + "dkim-token-1.dkim.amazonses.com."],
                "placeholder": True,
            },
            {"name": "_amazonses.example.com.", "type": "TXT", "values": [mark + "verification-token"]},
            {"name": "mail.example.com.", "type": "MX", "values": [MX_US]},
        ],
    }
    # the input is left as it was
    assert records[0]["name"] == "pending-dkim-token-1._domainkey.example.com."


def test_unique_placeholders_without_a_source_or_records():
    assert _zone_plan.unique_placeholders({}) == {"records": []}
    assert _zone_plan.unique_placeholders({"source": "a", "records": None}) == {"source": "a", "records": []}


# ---------------------------------------------------------------- merged


def test_merged_keeps_placeholders_of_two_tenants_apart_and_merges_the_rest():
    result = _zone_plan.merged([tenant("host-a", [], "us-east-1"), tenant("host-b", [], "us-east-1")], zones=["example.com"])
    assert result == [
        RecordSet("mail.example.com.", "MX", 300, [MX_US]),
        RecordSet("mail.example.com.", "TXT", 300, [MAIL_FROM_SPF]),
    ] + [
        RecordSet(
            "pending-host-%s-dkim-token-%d._domainkey.example.com." % (host, n), "CNAME", 300, ["pending-host-%s-dkim-token-%d.dkim.amazonses.com." % (host, n)]
        )
        for host in ("a", "b")
        for n in (1, 2, 3)
    ]


def test_merged_of_nothing():
    assert _zone_plan.merged(None) == []
    assert _zone_plan.merged([]) == []


# ---------------------------------------------------------------- retired_values


def retiring(source, region, *records):
    return {"source": source, "region": region, "records": list(records)}


def rec(name, rtype, *values, **extra):
    return dict({"name": name, "type": rtype, "ttl": 300, "values": list(values)}, **extra)


def test_retired_values_removes_only_what_nothing_else_needs():
    desired = [RecordSet("_amazonses.example.com.", "TXT", 300, ["tokA"]), RecordSet("a1._domainkey.example.com.", "CNAME", 300, ["a1.dkim.amazonses.com."])]
    retired = [
        retiring(
            "host-b",
            "us-east-1",
            rec("_amazonses.example.com", "TXT", "tokA", "tokB"),
            rec("b1._domainkey.example.com", "CNAME", "b1.dkim.amazonses.com"),
            rec("a1._domainkey.example.com", "CNAME", "a1.dkim.amazonses.com"),
            rec("pending-dkim-token-1._domainkey.example.com", "CNAME", "pending-dkim-token-1.dkim.amazonses.com", placeholder=True),
        )
    ]
    assert _zone_plan.retired_values(retired, desired) == [
        RecordSet("_amazonses.example.com.", "TXT", 300, ["tokB"]),
        RecordSet("b1._domainkey.example.com.", "CNAME", 300, ["b1.dkim.amazonses.com."]),
    ]


@pytest.mark.parametrize(
    "region, still_needed, removals",
    [
        # nobody needs the MAIL FROM any more: both values go
        ("us-east-1", [], [RecordSet("mail.example.com.", "MX", 300, [MX_US]), RecordSet("mail.example.com.", "TXT", 300, [MAIL_FROM_SPF])]),
        # another tenant of the same region (maybe outside this run) shares the MX: both stay
        ("us-east-1", [("mail.example.com.", "us-east-1")], []),
        # a tenant of another region uses the name: this region's MX goes, the TXT at the still-needed name stays
        ("us-east-1", [("mail.example.com.", "eu-west-1")], [RecordSet("mail.example.com.", "MX", 300, [MX_US])]),
        # a MAIL FROM elsewhere is no reason to keep this one
        (
            "us-east-1",
            [("mail2.example.com.", "us-east-1")],
            [RecordSet("mail.example.com.", "MX", 300, [MX_US]), RecordSet("mail.example.com.", "TXT", 300, [MAIL_FROM_SPF])],
        ),
        ("us-east-1", {("mail.example.com.", "us-east-1"), ("mail.example.com.", "eu-west-1")}, []),
        ("us-east-1", None, [RecordSet("mail.example.com.", "MX", 300, [MX_US]), RecordSet("mail.example.com.", "TXT", 300, [MAIL_FROM_SPF])]),
    ],
)
def test_retired_values_keeps_a_mail_from_still_needed(region, still_needed, removals):
    retired = [retiring("host-b", region, rec("mail.example.com", "MX", MX_US), rec("mail.example.com", "TXT", MAIL_FROM_SPF))]
    got = _zone_plan.retired_values(retired, [], still_needed)
    # the leaving tenant's claim goes in any case; the shared values only while no claim is left in the zone
    assert got == removals + [CLAIM_B]
    assert [r.keep_while_claimed for r in got] == ["_mailops-claims.mail.example.com."] * len(removals) + [None]


CLAIM_B = RecordSet("_mailops-claims.mail.example.com.", "TXT", 300, ["claimed-by=host-b"])


def test_retired_values_keeps_any_txt_at_a_still_needed_name_and_other_records_elsewhere_go():
    retired = [
        retiring(
            "host-b",
            "eu-west-1",
            rec("mail.example.com", "TXT", "v=spf1 ip4:192.0.2.1 ~all", "note"),
            rec("mail.example.com", "MX", MX_EU),
            rec("b1._domainkey.example.com", "CNAME", "b1.dkim.amazonses.com"),
        )
    ]
    got = _zone_plan.retired_values(retired, [], [("mail.example.com.", "us-east-1")])
    assert got == [
        RecordSet("b1._domainkey.example.com.", "CNAME", 300, ["b1.dkim.amazonses.com."]),
        RecordSet("mail.example.com.", "MX", 300, [MX_EU]),
        CLAIM_B,
    ]
    assert [r.keep_while_claimed for r in got] == [None, "_mailops-claims.mail.example.com.", None]


def test_retired_values_of_nothing():
    assert _zone_plan.retired_values(None, None) == []
    assert _zone_plan.retired_values([{"source": "a", "records": None}], []) == []


def test_retired_values_report_invalid_records_with_their_source():
    with pytest.raises(RecordError) as raised:
        _zone_plan.retired_values([retiring("host-b", "us-east-1", rec("x.example.com", "A", "nope"), rec("y.example.com", "BOGUS", "1"))], [])
    assert raised.value.problems == [
        "host-b: retired records[0].values[0] 'nope' is not an IP address",
        "host-b: retired records[1].type 'BOGUS' is not one of A, AAAA, CAA, CNAME, MX, NS, SRV, TXT",
    ]
    with pytest.raises(RecordError) as raised:
        _zone_plan.retired_values([{"records": [rec("x.example.com", "A", "nope")]}], [])
    assert raised.value.problems == ["?: retired records[0].values[0] 'nope' is not an IP address"]


# ---------------------------------------------------------------- spread_over


@pytest.mark.parametrize(
    "items, hosts, shares",
    [
        (["a", "b", "c", "d", "e"], ["h1", "h2"], {"h1": ["a", "c", "e"], "h2": ["b", "d"]}),
        (["a"], ["h1", "h2", "h3"], {"h1": ["a"], "h2": [], "h3": []}),
        ([], ["h1", "h2"], {"h1": [], "h2": []}),
        ([], [], {}),
        (["a", "b"], ("h2", "h1"), {"h2": ["a"], "h1": ["b"]}),
        (["a", "b", "c"], iter(["h1"]), {"h1": ["a", "b", "c"]}),
    ],
)
def test_spread_over(items, hosts, shares):
    assert _zone_plan.spread_over(items, hosts) == shares


# ---------------------------------------------------------------- plan_zones

ZONES = {"example.com": {"provider": "route53"}, "example.org": {"provider": "zonefile"}, "example.net": {"provider": "route53"}}


def test_plan_zones_two_tenants_sharing_a_domain():
    plan = _zone_plan.plan_zones(
        [tenant("host-a", ["a1"], "us-east-1", token="tokA"), tenant("host-b", ["b1"], "us-east-1", token="tokB")],
        [retiring("host-c", "us-east-1", rec("c1._domainkey.example.org", "CNAME", "c1.dkim.amazonses.com"))],
        {"example.com": {"dmarc": {"policy": "none"}}},
        ZONES,
        still_needed=[("mail.example.com.", "us-east-1")],
        writers=["host-a", "host-b"],
    )
    assert plan == {
        "example.com": {
            "records": [
                {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": ["tokA", "tokB"]},
                {"name": "_dmarc.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1; p=none"]},
                # who uses the shared MAIL FROM, kept in the zone for runs that see only some tenants
                {"name": "_mailops-claims.mail.example.com.", "type": "TXT", "ttl": 300, "values": ["claimed-by=host-a", "claimed-by=host-b"]},
                {"name": "a1._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["a1.dkim.amazonses.com."]},
                {"name": "b1._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["b1.dkim.amazonses.com."]},
                {"name": "mail.example.com.", "type": "MX", "ttl": 300, "values": [MX_US]},
                {"name": "mail.example.com.", "type": "TXT", "ttl": 300, "values": [MAIL_FROM_SPF]},
            ],
            "retire": [],
            "writer": "host-a",
        },
        "example.org": {
            "records": [],
            "retire": [{"name": "c1._domainkey.example.org.", "type": "CNAME", "ttl": 300, "values": ["c1.dkim.amazonses.com."]}],
            "writer": "host-b",
        },
    }


@pytest.mark.parametrize(
    "writers, expected",
    [
        (["h1"], {"a.test": "h1", "b.test": "h1", "c.test": "h1"}),
        (["h1", "h2"], {"a.test": "h1", "b.test": "h2", "c.test": "h1"}),
        (["h2", "h1", "h3", "h4"], {"a.test": "h2", "b.test": "h1", "c.test": "h3"}),
    ],
)
def test_plan_zones_deals_the_busy_zones_in_name_order_over_the_writers(writers, expected):
    zones = ["c.test", "quiet.test", "a.test", "b.test"]
    contributions = [{"source": "s", "records": [rec("x.%s" % zone, "A", "192.0.2.1") for zone in ("b.test", "c.test", "a.test")]}]
    plan = _zone_plan.plan_zones(contributions, [], {}, zones, writers=writers)
    assert {zone: entry["writer"] for zone, entry in plan.items()} == expected
    assert list(plan) == ["a.test", "b.test", "c.test"]


def test_plan_zones_passes_the_ttl_to_the_domain_records():
    plan = _zone_plan.plan_zones([], [], {"example.com": {"dmarc": {"policy": "reject"}}}, ["example.com"], writers=["h1"], ttl=3600)
    assert plan == {
        "example.com": {
            "records": [{"name": "_dmarc.example.com.", "type": "TXT", "ttl": 3600, "values": ["v=DMARC1; p=reject"]}],
            "retire": [],
            "writer": "h1",
        }
    }


@pytest.mark.parametrize(
    "writers",
    [
        (),
        [],
        None,
    ],
)
def test_plan_zones_with_nothing_to_do_needs_no_writer(writers):
    assert _zone_plan.plan_zones([], [], {}, ZONES, writers=writers) == {}
    assert _zone_plan.plan_zones(None, None, None, None, writers=writers) == {}


def test_plan_zones_retires_nothing_a_tenant_of_the_same_region_still_needs_but_the_leaving_claim():
    plan = _zone_plan.plan_zones(
        [],
        [retiring("host-b", "us-east-1", rec("mail.example.com", "MX", MX_US), rec("mail.example.com", "TXT", MAIL_FROM_SPF))],
        {},
        ZONES,
        still_needed={("mail.example.com.", "us-east-1")},
        writers=["host-a"],
    )
    assert plan == {"example.com": {"records": [], "retire": [CLAIM_B.to_dict()], "writer": "host-a"}}


def test_plan_zones_retires_shared_values_on_condition_of_no_claim_left():
    plan = _zone_plan.plan_zones(
        [],
        [retiring("host-b", "us-east-1", rec("mail.example.com", "MX", MX_US), rec("mail.example.com", "TXT", MAIL_FROM_SPF))],
        {},
        ZONES,
        writers=["host-a"],
    )
    condition = {"keep_while_claimed": "_mailops-claims.mail.example.com."}
    assert plan["example.com"]["retire"] == [
        dict({"name": "mail.example.com.", "type": "MX", "ttl": 300, "values": [MX_US]}, **condition),
        dict({"name": "mail.example.com.", "type": "TXT", "ttl": 300, "values": [MAIL_FROM_SPF]}, **condition),
        CLAIM_B.to_dict(),
    ]


@pytest.mark.parametrize(
    "contributions, retired, domains, zones, writers, problems",
    [
        (
            [tenant("host-a", ["a1"], "us-east-1"), tenant("host-b", ["b1"], "eu-west-1")],
            [],
            {},
            ZONES,
            ["host-a"],
            [
                "mail.example.com.: MAIL FROM is claimed by 2 regions (eu-west-1 from host-b; us-east-1 from host-a); an MX can send bounces to one "
                "region only, so give each region its own MAIL FROM subdomain, e.g. mail-eu-west-1.example.com, mail-us-east-1.example.com"
            ],
        ),
        (
            [tenant("host-a", ["a1"], "us-east-1", domain="example.io", mail_from=None)],
            [],
            {},
            ZONES,
            ["host-a"],
            [
                "a1._domainkey.example.io. record has no zone in mailops_dns_zones (known zones: example.com, example.net, example.org); "
                "add its zone to mailops_dns_zones"
            ],
        ),
        (
            [],
            [retiring("host-b", "us-east-1", rec("x.example.io", "A", "192.0.2.1"))],
            {},
            ["example.com"],
            ["host-a"],
            ["x.example.io. record has no zone in mailops_dns_zones (known zones: example.com); add its zone to mailops_dns_zones"],
        ),
        (
            [],
            [retiring("host-b", "us-east-1", rec("x.example.com", "A", "nope"))],
            {},
            ["example.com"],
            ["host-a"],
            ["host-b: retired records[0].values[0] 'nope' is not an IP address"],
        ),
        (
            [{"source": "host-a", "records": [rec("x.example.com", "A", "nope")]}],
            [],
            {"example.com": {"dmarc": {"policy": "x"}}},
            ["example.com"],
            ["host-a"],
            ["mailops_domains['example.com'].dmarc.policy 'x' is not one of none, quarantine, reject"],
        ),
        (
            [{"source": "host-a", "records": [rec("x.example.com", "A", "192.0.2.1"), rec("y.example.org", "A", "192.0.2.1")]}],
            [],
            {},
            ZONES,
            [],
            ["no host to write zones example.com, example.org"],
        ),
        (
            [],
            [retiring("host-b", "us-east-1", rec("x.example.net", "A", "192.0.2.1"))],
            {},
            ZONES,
            None,
            ["no host to write zones example.net"],
        ),
    ],
)
def test_plan_zones_errors(contributions, retired, domains, zones, writers, problems):
    assert problems_of(_zone_plan.plan_zones, contributions, retired, domains, zones, writers=writers) == problems


def test_plan_zones_reports_merge_conflicts_and_names_without_a_zone_together():
    contributions = [
        tenant("host-a", ["a1"], "us-east-1"),
        tenant("host-b", ["b1"], "eu-west-1"),
        tenant("host-c", ["c1"], "us-east-1", domain="example.io", mail_from=None),
    ]
    assert problems_of(_zone_plan.plan_zones, contributions, [], {}, ["example.com"], writers=["host-a"]) == [
        "mail.example.com.: MAIL FROM is claimed by 2 regions (eu-west-1 from host-b; us-east-1 from host-a); an MX can send bounces to one "
        "region only, so give each region its own MAIL FROM subdomain, e.g. mail-eu-west-1.example.com, mail-us-east-1.example.com",
        "c1._domainkey.example.io. record has no zone in mailops_dns_zones (known zones: example.com); add its zone to mailops_dns_zones",
    ]


# ---------------------------------------------------------------- BIMI and DMARC report authorizations

BIMI = {"logo_url": "https://brand.example/logo.svg", "authority_url": "https://brand.example/vmc.pem"}


def test_several_domains_sharing_one_report_domain_each_get_their_authorization():
    domains = {
        "brand.example": {"dmarc": {"policy": "reject", "rua": ["dmarc@reports.example.net"]}, "bimi": BIMI},
        "news.brand.example": {"dmarc": {"policy": "quarantine", "rua": ["dmarc@reports.example.net"], "ruf": ["forensic@reports.example.net"]}},
        "shop.example.org": {"dmarc": {"policy": "none", "rua": ["dmarc@reports.example.net", "dmarc@example.org"]}},
        "outside.example.org": {"dmarc": {"policy": "none", "rua": ["dmarc@dmarc.thirdparty.example"]}},
    }
    zones = ["brand.example", "example.org", "reports.example.net"]
    plan = _zone_plan.plan_zones([], [], domains, zones, writers=["h1", "h2"])
    assert plan["reports.example.net"] == {
        "records": [
            {"name": "brand.example._report._dmarc.reports.example.net.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1"]},
            {"name": "news.brand.example._report._dmarc.reports.example.net.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1"]},
            {"name": "shop.example.org._report._dmarc.reports.example.net.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1"]},
        ],
        "retire": [],
        "writer": "h1",
    }
    assert plan["brand.example"]["records"] == [
        {"name": "_dmarc.brand.example.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1; p=reject; rua=mailto:dmarc@reports.example.net"]},
        {
            "name": "_dmarc.news.brand.example.",
            "type": "TXT",
            "ttl": 300,
            "values": ["v=DMARC1; p=quarantine; rua=mailto:dmarc@reports.example.net; ruf=mailto:forensic@reports.example.net"],
        },
        {
            "name": "default._bimi.brand.example.",
            "type": "TXT",
            "ttl": 300,
            "values": ["v=BIMI1; l=https://brand.example/logo.svg; a=https://brand.example/vmc.pem"],
        },
    ]
    # dmarc.thirdparty.example is no zone of ours: its owner publishes the authorization, the plan has nothing for it
    assert sorted(plan) == ["brand.example", "example.org", "reports.example.net"]
    assert [r["name"] for r in plan["example.org"]["records"]] == ["_dmarc.outside.example.org.", "_dmarc.shop.example.org."]


def test_domain_contributions_publish_authorizations_only_for_report_domains_in_the_zones():
    domains = {"a.example": {"dmarc": {"policy": "none", "rua": ["d@reports.example.net"]}}}
    with_zone = _zone_plan.domain_contributions(domains, 300, ["reports.example.net"])
    assert with_zone[0]["records"][1] == {"name": "a.example._report._dmarc.reports.example.net.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1"]}
    assert len(_zone_plan.domain_contributions(domains, 300, ["example.com"])[0]["records"]) == 1
    assert len(_zone_plan.domain_contributions(domains)[0]["records"]) == 1


def test_plan_zones_refuses_bimi_without_enforcement_before_any_write():
    problems = problems_of(_zone_plan.plan_zones, [], [], {"brand.example": {"dmarc": {"policy": "none"}, "bimi": BIMI}}, ["brand.example"], writers=["h1"])
    assert problems == [
        "mailops_domains['brand.example'].bimi needs DMARC at enforcement, but mailops_domains['brand.example'].dmarc has p=none; mailbox providers show "
        "a BIMI logo only with p=quarantine or p=reject, pct=100 or no pct, and no sp=none: set mailops_domains['brand.example'].dmarc.policy to "
        "quarantine or reject once the aggregate reports show all mail aligned"
    ]
