import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _render
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordSet
from ansible_collections.mailops.ses.plugins.module_utils._dns.zones import ZoneError, route, zone_for


def test_identity_records_easy_dkim_mail_from_and_legacy_token():
    records = _render.identity_records(
        {
            "identity": "example.com",
            "identity_type": "DOMAIN",
            "dkim": {"origin": "AWS_SES", "tokens": ["t1", "t2", "t3"], "signing_hosted_zone": "dkim.amazonses.com"},
            "mail_from_domain": "mail.example.com",
            "verification_token": "TOKEN=",
        },
        "eu-west-1",
    )
    assert records == [
        {"name": "t1._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["t1.dkim.amazonses.com."]},
        {"name": "t2._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["t2.dkim.amazonses.com."]},
        {"name": "t3._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["t3.dkim.amazonses.com."]},
        {"name": "mail.example.com.", "type": "MX", "ttl": 300, "values": ["10 feedback-smtp.eu-west-1.amazonses.com."]},
        {"name": "mail.example.com.", "type": "TXT", "ttl": 300, "values": ["v=spf1 include:amazonses.com ~all"]},
        {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": ["TOKEN="]},
    ]


@pytest.mark.parametrize(
    "region, reported, zone",
    [
        ("us-east-1", None, "dkim.amazonses.com"),
        ("af-south-1", None, "dkim.af-south-1.amazonses.com"),
        ("af-south-1", "dkim.custom.example.", "dkim.custom.example"),
    ],
)
def test_signing_zone_prefers_what_ses_reports(region, reported, zone):
    assert _render.signing_hosted_zone(region, reported) == zone


def test_byodkim_placeholders_and_address_identities():
    byo = _render.identity_records(
        {"identity": "example.com", "identity_type": "DOMAIN", "dkim": {"origin": "EXTERNAL", "selector": "s1", "public_key": "PUB"}}, "us-east-1"
    )
    assert byo == [{"name": "s1._domainkey.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DKIM1; k=rsa; p=PUB"]}]
    pending = _render.identity_records({"identity": "example.com", "identity_type": "DOMAIN", "dkim": {}}, "us-east-1")
    assert pending[0]["name"] == "pending-dkim-token-1._domainkey.example.com."
    assert _render.identity_records({"identity": "a@example.com", "identity_type": "EMAIL_ADDRESS"}, "us-east-1") == []


def test_domain_records_and_their_errors():
    records = _render.domain_records(
        "example.com",
        {
            "dmarc": {"policy": "none", "rua": ["d@example.com"]},
            "spf": {"include": ["amazonses.com"], "all": "-all"},
            "records": [{"name": "@", "type": "TXT", "values": ["google-site-verification=xyz"]}],
        },
    )
    assert records[0] == {"name": "_dmarc.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1; p=none; rua=mailto:d@example.com"]}
    assert records[1]["values"] == ["v=spf1 include:amazonses.com -all"]
    assert records[2]["name"] == "example.com."
    with pytest.raises(_render.RenderError) as exc:
        _render.domain_records("example.com", {"dmarc": {"policy": "block", "pct": 101}, "spf": {"includes": ["x"]}})
    problems = exc.value.problems
    assert "mailops_domains['example.com'].dmarc.policy 'block' is not one of none, quarantine, reject" in problems
    assert any("pct" in p for p in problems)
    assert any(p.startswith("mailops_domains['example.com'].spf:") and "includes" in p for p in problems)


def test_zone_routing_longest_suffix_and_missing_zone():
    zones = ["example.com", "mkt.example.com"]
    assert zone_for("x.mkt.example.com.", zones) == "mkt.example.com"
    assert zone_for("mkt2.example.com.", zones) == "example.com"
    routed = route([RecordSet("a.mkt.example.com.", "TXT", 300, ["x"]), RecordSet("example.com.", "TXT", 300, ["y"])], zones)
    assert [r.name for r in routed["mkt.example.com"]] == ["a.mkt.example.com."]
    with pytest.raises(ZoneError) as exc:
        route([RecordSet("mail.other.org.", "MX", 300, ["10 a.example.com."])], zones)
    assert "mail.other.org. record has no zone in mailops_dns_zones (known zones: example.com, mkt.example.com)" in str(exc.value)


BIMI = {"logo_url": "https://brand.example/logo.svg", "authority_url": "https://brand.example/vmc.pem"}
BIMI_VALUE = "v=BIMI1; l=https://brand.example/logo.svg; a=https://brand.example/vmc.pem"
ZONES = ["brand.example", "reports.example.net"]


def txt(name, value, ttl=300):
    return {"name": name, "type": "TXT", "ttl": ttl, "values": [value]}


@pytest.mark.parametrize(
    "domain, policy, zones, records",
    [
        (
            "brand.example",
            {"dmarc": {"policy": "reject"}, "bimi": BIMI},
            None,
            [txt("_dmarc.brand.example.", "v=DMARC1; p=reject"), txt("default._bimi.brand.example.", BIMI_VALUE)],
        ),
        (
            "brand.example",
            {"dmarc": {"policy": "quarantine", "pct": 100}, "bimi": {"logo_url": "https://brand.example/logo.svg", "selector": "Spring"}},
            None,
            [
                txt("_dmarc.brand.example.", "v=DMARC1; p=quarantine; pct=100"),
                txt("spring._bimi.brand.example.", "v=BIMI1; l=https://brand.example/logo.svg"),
            ],
        ),
        # rua in a zone of ours: the report domain authorizes the reports; ruf outside our zones: nothing published
        (
            "brand.example",
            {"dmarc": {"policy": "none", "rua": ["dmarc@reports.example.net", "d@brand.example"], "ruf": ["f@reports.example.net", "f@elsewhere.example.org"]}},
            ZONES,
            [
                txt(
                    "_dmarc.brand.example.",
                    "v=DMARC1; p=none; rua=mailto:dmarc@reports.example.net,mailto:d@brand.example; "
                    "ruf=mailto:f@reports.example.net,mailto:f@elsewhere.example.org",
                ),
                txt("brand.example._report._dmarc.reports.example.net.", "v=DMARC1"),
            ],
        ),
        # a report domain held by a parent zone of ours
        (
            "brand.example",
            {"dmarc": {"policy": "none", "rua": ["dmarc@dmarc.reports.example.net"]}},
            ZONES,
            [
                txt("_dmarc.brand.example.", "v=DMARC1; p=none; rua=mailto:dmarc@dmarc.reports.example.net"),
                txt("brand.example._report._dmarc.dmarc.reports.example.net.", "v=DMARC1"),
            ],
        ),
        # the same organizational domain needs no authorization (RFC 7489 7.1)
        (
            "news.brand.example",
            {"dmarc": {"policy": "none", "rua": ["dmarc@brand.example"]}},
            ZONES,
            [txt("_dmarc.news.brand.example.", "v=DMARC1; p=none; rua=mailto:dmarc@brand.example")],
        ),
        # without zones (the filter), no authorization is rendered
        (
            "brand.example",
            {"dmarc": {"policy": "none", "rua": ["dmarc@reports.example.net"]}},
            None,
            [txt("_dmarc.brand.example.", "v=DMARC1; p=none; rua=mailto:dmarc@reports.example.net")],
        ),
        # the extra records come last
        (
            "brand.example",
            {"records": [{"name": "@", "type": "TXT", "values": ["x"]}], "bimi": BIMI, "dmarc": {"policy": "reject", "rua": ["d@reports.example.net"]}},
            ZONES,
            [
                txt("_dmarc.brand.example.", "v=DMARC1; p=reject; rua=mailto:d@reports.example.net"),
                txt("default._bimi.brand.example.", BIMI_VALUE),
                txt("brand.example._report._dmarc.reports.example.net.", "v=DMARC1"),
                txt("brand.example.", "x"),
            ],
        ),
    ],
)
def test_domain_records_bimi_and_report_authorizations(domain, policy, zones, records):
    assert _render.domain_records(domain, policy, zones=zones) == records


def test_domain_records_bimi_uses_the_organizational_domain_dmarc():
    domains = {"brand.example": {"dmarc": {"policy": "reject"}}, "news.brand.example": {"bimi": BIMI}}
    assert _render.domain_records("news.brand.example", domains["news.brand.example"], domains=domains) == [
        txt("default._bimi.news.brand.example.", BIMI_VALUE)
    ]


@pytest.mark.parametrize(
    "policy, problems",
    [
        (
            {"dmarc": {"policy": "none"}, "bimi": BIMI},
            [
                "mailops_domains['brand.example'].bimi needs DMARC at enforcement, but mailops_domains['brand.example'].dmarc has p=none; mailbox providers "
                "show a BIMI logo only with p=quarantine or p=reject, pct=100 or no pct, and no sp=none: set mailops_domains['brand.example'].dmarc.policy "
                "to quarantine or reject once the aggregate reports show all mail aligned"
            ],
        ),
        (
            {"dmarc": {"policy": "reject"}, "bimi": {"logo_url": "http://brand.example/logo.svg", "authority_url": "https://brand.example/vmc.cer"}},
            [
                "mailops_domains['brand.example'].bimi.logo_url 'http://brand.example/logo.svg' is not an https:// URL; BIMI fetches it over HTTPS only",
                "mailops_domains['brand.example'].bimi.authority_url 'https://brand.example/vmc.cer' does not end in .pem; the authority must be the "
                "https://.../*.pem URL of the mark certificate (VMC or CMC)",
            ],
        ),
        (
            {"dmarc": {"policy": "block"}, "bimi": "https://brand.example/logo.svg"},
            [
                "mailops_domains['brand.example'].dmarc.policy 'block' is not one of none, quarantine, reject",
                "mailops_domains['brand.example'].bimi must be a dict {logo_url, authority_url, selector}, not 'https://brand.example/logo.svg'",
            ],
        ),
    ],
)
def test_domain_records_refuses_bimi_before_anything_is_published(policy, problems):
    with pytest.raises(_render.RenderError) as exc:
        _render.domain_records("brand.example", policy, zones=ZONES)
    assert exc.value.problems == problems


def test_report_authorization_records():
    assert _render.report_authorization_records("a.example", "v=DMARC1; p=none; rua=mailto:x@r.example.net,mailto:y@other.example", ["example.net"], 60) == [
        txt("a.example._report._dmarc.r.example.net.", "v=DMARC1", 60)
    ]
    assert _render.report_authorization_records("a.example", "v=DMARC1; p=none; rua=mailto:x@r.example.net", []) == []
