import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns.records import (
    RecordError,
    RecordSet,
    absolute,
    canonical_value,
    record_sets_from_input,
    relative,
)


@pytest.mark.parametrize(
    "name, zone, expected",
    [
        ("Example.COM", None, "example.com."),
        ("example.com.", None, "example.com."),
        ("mail", "example.com", "mail.example.com."),
        ("mail.example.com", "example.com", "mail.example.com."),
        ("MAIL.Example.com.", "example.com", "mail.example.com."),
        ("@", "example.com.", "example.com."),
        ("_dmarc", "example.com", "_dmarc.example.com."),
        ("mail.other.org.", "example.com", "mail.other.org."),
        ("bücher.example", None, "xn--bcher-kva.example."),
    ],
)
def test_absolute(name, zone, expected):
    assert absolute(name, zone) == expected


@pytest.mark.parametrize("name", ["-bad.example.com", "a..b.com", "x" * 64 + ".com", "sp ace.com", ""])
def test_absolute_rejects(name):
    with pytest.raises(RecordError):
        absolute(name)


def test_relative():
    assert relative("example.com.", "example.com") == "@"
    assert relative("mail.example.com.", "example.com") == "mail"


@pytest.mark.parametrize(
    "rtype, value, expected",
    [
        ("MX", "10 Feedback-SMTP.us-east-1.amazonses.com", "10 feedback-smtp.us-east-1.amazonses.com."),
        ("MX", "010 a.example.com.", "10 a.example.com."),
        ("CNAME", "Tok.DKIM.amazonses.com", "tok.dkim.amazonses.com."),
        ("TXT", '"v=spf1 " "~all"', "v=spf1 ~all"),
        ("TXT", "plain", "plain"),
        ("A", "192.0.2.1", "192.0.2.1"),
        ("AAAA", "2001:DB8::1", "2001:db8::1"),
        ("CAA", '0 issue "amazon.com"', '0 issue "amazon.com"'),
        ("SRV", "10 5 443 host.example.com", "10 5 443 host.example.com."),
    ],
)
def test_canonical_values(rtype, value, expected):
    assert canonical_value(rtype, value) == expected


@pytest.mark.parametrize(
    "rtype, value, message",
    [
        ("MX", "mail.example.com", "is not an MX value"),
        ("A", "2001:db8::1", "is not an IPv4 address"),
        ("A", "nope", "is not an IP address"),
        ("TXT", '"bad \\12 escape"', "must be three digits"),
    ],
)
def test_canonical_value_errors(rtype, value, message):
    with pytest.raises(RecordError) as exc:
        canonical_value(rtype, value)
    assert message in str(exc.value)


def test_record_sets_from_input_joins_normalises_and_reports_everything():
    sets = record_sets_from_input(
        [
            {"name": "_amazonses", "type": "txt", "ttl": 600, "values": ["tok1"]},
            {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": ["tok2", "tok1"]},
            {"name": "mail", "type": "MX", "values": "10 feedback-smtp.us-east-1.amazonses.com"},
        ],
        zone="example.com",
    )
    assert sets == [
        RecordSet("_amazonses.example.com.", "TXT", 300, ["tok1", "tok2"]),
        RecordSet("mail.example.com.", "MX", 300, ["10 feedback-smtp.us-east-1.amazonses.com."]),
    ]
    with pytest.raises(RecordError) as exc:
        record_sets_from_input(
            [
                {"name": "a", "type": "BOGUS", "values": ["x"]},
                {"name": "b", "type": "MX", "ttl": -1, "values": ["nope"]},
                {"name": "c", "type": "CNAME", "values": ["x.example.net", "y.example.net"]},
                {"name": "@", "type": "CNAME", "values": ["x.example.net"]},
                {"name": "d", "type": "CNAME", "values": ["x.example.net"]},
                {"name": "d", "type": "TXT", "values": ["x"]},
                {"name": "e", "type": "TXT", "values": [], "colour": "red"},
            ],
            zone="example.com",
        )
    problems = exc.value.problems
    assert "record_sets[0].type 'BOGUS' is not one of A, AAAA, CAA, CNAME, MX, NS, SRV, TXT" in problems
    assert "record_sets[1].ttl '-1' is not a number of seconds between 0 and 2147483647" in problems
    assert any(p.startswith("record_sets[1].values[0] 'nope' is not an MX value") for p in problems)
    assert "record_sets[2]: a CNAME record set holds exactly one value, got 2" in problems
    assert "record_sets[3]: a CNAME is not allowed at the zone apex example.com." in problems
    assert "record_sets: d.example.com. has a CNAME beside TXT records; a CNAME cannot share its name with other data" in problems
    assert "record_sets[6]: unknown keys colour (allowed: name, type, ttl, values, keep_while_claimed)" in problems
    assert "record_sets[6].values: at least one value is required" in problems


def test_record_set_keeps_raw_spelling_for_write_back():
    rs = RecordSet("x.example.com.", "TXT", 300, ["ab"], raw={"ab": '"a" "b"'})
    assert rs.raw_value("ab") == '"a" "b"'
    assert rs.with_values(["ab", "c"]).raw_value("c") == '"c"'
    assert rs.lines() == ['x.example.com. 300 IN TXT "ab"']
