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
