import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns.merge import MergeError, merge
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordSet


def identity(source, tokens, region, mail_from="mail.example.com", token=None):
    records = [{"name": "%s._domainkey.example.com" % t, "type": "CNAME", "values": ["%s.dkim.amazonses.com" % t]} for t in tokens]
    records.append({"name": mail_from, "type": "MX", "values": ["10 feedback-smtp.%s.amazonses.com" % region]})
    records.append({"name": mail_from, "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all"]})
    if token:
        records.append({"name": "_amazonses.example.com", "type": "TXT", "values": [token]})
    return {"source": source, "records": records}


DMARC = {
    "source": "mailops_domains[example.com]",
    "records": [{"name": "_dmarc.example.com", "type": "TXT", "values": ["v=DMARC1; p=none; rua=mailto:d@example.com"]}],
}


def by_key(sets):
    return {s.key: s for s in sets}


def test_seed_matrix_two_accounts_same_region_and_a_third_region():
    merged = by_key(
        merge(
            [
                identity("acct-a", ["a1", "a2", "a3"], "us-east-1", token="tokA"),
                identity("acct-b", ["b1", "b2", "b3"], "us-east-1", token="tokB"),
                identity("acct-c", ["c1", "c2", "c3"], "eu-west-1", mail_from="mail2.example.com", token="tokC"),
                DMARC,
            ]
        )
    )
    assert merged[("_amazonses.example.com.", "TXT")].values == ("tokA", "tokB", "tokC")
    assert len([k for k in merged if k[1] == "CNAME"]) == 9
    assert merged[("mail.example.com.", "MX")].values == ("10 feedback-smtp.us-east-1.amazonses.com.",)
    assert merged[("mail2.example.com.", "MX")].values == ("10 feedback-smtp.eu-west-1.amazonses.com.",)
    assert merged[("mail.example.com.", "TXT")].values == ("v=spf1 include:amazonses.com ~all",)
    assert merged[("_dmarc.example.com.", "TXT")].values == ("v=DMARC1; p=none; rua=mailto:d@example.com",)


def test_every_conflict_is_reported_at_once_with_a_fix():
    other_dmarc = {"source": "acct-x", "records": [{"name": "_dmarc.example.com", "type": "TXT", "values": ["v=DMARC1; p=reject"]}]}
    cname_clash = {"source": "acct-y", "records": [{"name": "mail.example.com", "type": "CNAME", "values": ["somewhere.example.net"]}]}
    with pytest.raises(MergeError) as exc:
        merge([identity("acct-a", ["a1"], "us-east-1"), identity("acct-c", ["c1"], "eu-west-1"), DMARC, other_dmarc, cname_clash], zones=["example.com"])
    problems = exc.value.problems
    assert len(problems) == 3
    assert problems[0] == (
        "_dmarc.example.com.: two different DMARC policies for one domain ('v=DMARC1; p=none; "
        "rua=mailto:d@example.com' from mailops_domains[example.com]; 'v=DMARC1; p=reject' from acct-x); "
        "a domain has one DMARC record, so set dmarc once in mailops_domains"
    )
    assert problems[1].startswith("mail.example.com.: MAIL FROM is claimed by 2 regions (eu-west-1 from acct-c; us-east-1 from acct-a)")
    assert "mail-eu-west-1.example.com, mail-us-east-1.example.com" in problems[1]
    assert "a CNAME (from acct-y) beside MX, TXT records" in problems[2]


def test_spf_values_at_one_name_become_one_record():
    merged = merge(
        [
            {"source": "a", "records": [{"name": "example.com", "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all"]}]},
            {"source": "b", "records": [{"name": "example.com", "type": "TXT", "values": ["v=spf1 ip4:192.0.2.0/24 -all", "hello"]}]},
        ]
    )
    assert merged == [RecordSet("example.com.", "TXT", 300, ["hello", "v=spf1 include:amazonses.com ip4:192.0.2.0/24 -all"])]


def test_cname_at_apex_and_two_targets_and_two_dkim_keys():
    with pytest.raises(MergeError) as exc:
        merge(
            [
                {"source": "a", "records": [{"name": "example.com", "type": "CNAME", "values": ["x.example.net"]}]},
                {"source": "b", "records": [{"name": "t._domainkey.example.com", "type": "CNAME", "values": ["1.example.net"]}]},
                {"source": "c", "records": [{"name": "t._domainkey.example.com", "type": "CNAME", "values": ["2.example.net"]}]},
                {"source": "d", "records": [{"name": "s._domainkey.example.com", "type": "TXT", "values": ["v=DKIM1; p=AAA"]}]},
                {"source": "e", "records": [{"name": "s._domainkey.example.com", "type": "TXT", "values": ["v=DKIM1; p=BBB"]}]},
            ],
            zones=["example.com"],
        )
    text = str(exc.value)
    assert "at the zone apex is not allowed" in text
    assert "CNAME t._domainkey.example.com. gets 2 different targets" in text
    assert "2 different DKIM keys for one selector from d, e" in text


def test_invalid_records_are_named_with_their_source():
    with pytest.raises(MergeError) as exc:
        merge([{"source": "tenant-1", "records": [{"name": "mail.example.com", "type": "MX", "values": ["nonsense"]}]}])
    assert exc.value.problems[0].startswith("tenant-1: records[0].values[0] 'nonsense' is not an MX value")


def test_ttls_take_the_minimum():
    merged = merge(
        [
            {"source": "a", "records": [{"name": "_amazonses.example.com", "type": "TXT", "ttl": 600, "values": ["a"]}]},
            {"source": "b", "records": [{"name": "_amazonses.example.com", "type": "TXT", "ttl": 60, "values": ["b"]}]},
        ]
    )
    assert merged[0].ttl == 60


def test_report_authorizations_are_not_read_as_dmarc_policies():
    authorization = {"name": "example.com._report._dmarc.reports.example.net", "type": "TXT", "values": ["v=DMARC1"]}
    other = {"name": "example.com._report._dmarc.reports.example.net", "type": "TXT", "values": ["v=DMARC1; rua=mailto:other@reports.example.net"]}
    merged = merge([{"source": "a", "records": [authorization]}, {"source": "b", "records": [authorization, other]}])
    assert [(s.name, s.values) for s in merged] == [
        ("example.com._report._dmarc.reports.example.net.", ("v=DMARC1", "v=DMARC1; rua=mailto:other@reports.example.net"))
    ]


def test_two_bimi_records_for_one_selector_are_a_conflict():
    bimi = {"name": "default._bimi.example.com", "type": "TXT", "values": ["v=BIMI1; l=https://example.com/a.svg"]}
    other = dict(bimi, values=["v=BIMI1; l=https://example.com/b.svg"])
    with pytest.raises(MergeError) as exc:
        merge([{"source": "mailops_domains['example.com']", "records": [bimi, other]}, {"source": "x", "records": [bimi]}])
    assert exc.value.problems == [
        "default._bimi.example.com.: two different BIMI records for one selector "
        "('v=BIMI1; l=https://example.com/a.svg' from mailops_domains['example.com'], x; "
        "'v=BIMI1; l=https://example.com/b.svg' from mailops_domains['example.com']); "
        "receivers ignore a selector with more than one, so set bimi once in mailops_domains"
    ]
