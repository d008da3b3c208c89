"""Table tests for the SPF module (RFC 7208): parse, build, merge, lookup limits, and checkdmarc as an offline oracle."""

import ast
import socket

import dns.resolver
import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf

KNOWN = "use one of all, include, a, mx, ptr, ip4, ip6, exists"
AFTER_ALL = "terms after all are ignored by receivers; put all last"


def problems_of(call, *args, **kwargs):
    """The problems an ``SpfError`` raised by ``call`` carries (the test fails if nothing is raised)."""
    with pytest.raises(_spf.SpfError) as raised:
        call(*args, **kwargs)
    assert str(raised.value) == "; ".join(raised.value.problems)
    return raised.value.problems


# ---------------------------------------------------------------- parse


@pytest.mark.parametrize(
    "text, terms, all_term, canonical",
    [
        ("v=spf1 include:amazonses.com ~all", ["include:amazonses.com"], "~all", None),
        ("v=spf1 -all", [], "-all", None),
        ("v=spf1", [], None, None),
        ("V=SPF1 all", [], "+all", "v=spf1 +all"),
        ("v=spf1 ?ALL", [], "?all", "v=spf1 ?all"),
        ("v=spf1   mx\ta  ~all ", ["mx", "a"], "~all", "v=spf1 mx a ~all"),
        (
            "v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.1 ip6:2001:db8::/32 ip6:::1 -all",
            ["ip4:192.0.2.0/24", "ip4:192.0.2.1", "ip6:2001:db8::/32", "ip6:::1"],
            "-all",
            None,
        ),
        ("v=spf1 a:mail.example.com/24 mx/24//64 a//128 mx:example.com -all", ["a:mail.example.com/24", "mx/24//64", "a//128", "mx:example.com"], "-all", None),
        (
            "v=spf1 ptr ptr:example.com exists:%{i}._spf.%{d} include:_spf.example.com. ~all",
            ["ptr", "ptr:example.com", "exists:%{i}._spf.%{d}", "include:_spf.example.com."],
            "~all",
            None,
        ),
        ("v=spf1 +mx -a ?ip4:192.0.2.1 ~include:example.net", ["+mx", "-a", "?ip4:192.0.2.1", "~include:example.net"], None, None),
        ("v=spf1 redirect=_spf.example.com", ["redirect=_spf.example.com"], None, None),
        ("v=spf1 -all exp=explain.example.com", ["exp=explain.example.com"], "-all", "v=spf1 exp=explain.example.com -all"),
        ("v=spf1 ra=postmaster rp=100 -all", ["ra=postmaster", "rp=100"], "-all", None),
        ("v=spf1 INCLUDE:Example.COM -ALL", ["INCLUDE:Example.COM"], "-all", "v=spf1 INCLUDE:Example.COM -all"),
    ],
)
def test_parse_valid(text, terms, all_term, canonical):
    record = _spf.parse(text)
    assert (record.terms, record.all) == (terms, all_term)
    assert str(record) == (canonical or text)
    assert _spf.parse(str(record)) == record
    assert _spf.validate(text) == []


def t(term, reason):
    """The message for one bad term with the default ``where``."""
    return "spf term %r %s" % (term, reason)


@pytest.mark.parametrize(
    "text, problems",
    [
        ("include:example.com ~all", ["spf must start with v=spf1, not 'include:example.com'"]),
        ("", ["spf must start with v=spf1, not ''"]),
        ("v=spf2 ~all", ["spf must start with v=spf1, not 'v=spf2'"]),
        ("v=spf1x -all", ["spf must start with v=spf1, not 'v=spf1x'"]),
        ("v=spf1 foo ~all", [t("foo", "is not a known mechanism; " + KNOWN)]),
        ("v=spf1 1.2.3.4 ~all", [t("1.2.3.4", "is not a known mechanism; " + KNOWN)]),
        ("v=spf1 mx.example.com ~all", [t("mx.example.com", "is not a known mechanism; " + KNOWN)]),
        ("v=spf1 !all", [t("!all", "has an unknown qualifier '!'; use one of -, ~, ?, +")]),
        ("v=spf1 --all", [t("--all", "has an unknown qualifier '--'; use one of -, ~, ?, +")]),
        ("v=spf1 all:x", [t("all:x", "takes no argument")]),
        ("v=spf1 all/24", [t("all/24", "takes no argument")]),
        ("v=spf1 ip4:300.1.1.1 -all", [t("ip4:300.1.1.1", "is not a valid IPv4 address or network")]),
        ("v=spf1 ip4:192.0.2.1/33 -all", [t("ip4:192.0.2.1/33", "is not a valid IPv4 address or network")]),
        ("v=spf1 ip4:192.0.2.0/024 -all", [t("ip4:192.0.2.0/024", "is not a valid IPv4 address or network")]),
        ("v=spf1 ip4:192.0.2.0/ -all", [t("ip4:192.0.2.0/", "is not a valid IPv4 address or network")]),
        ("v=spf1 ip4 -all", [t("ip4", "is not a valid IPv4 address or network")]),
        ("v=spf1 ip4:2001:db8::1 -all", [t("ip4:2001:db8::1", "is not a valid IPv4 address or network")]),
        ("v=spf1 ip6:192.0.2.1 -all", [t("ip6:192.0.2.1", "is not a valid IPv6 address or network")]),
        ("v=spf1 ip6:2001:db8::/129 -all", [t("ip6:2001:db8::/129", "is not a valid IPv6 address or network")]),
        ("v=spf1 ip6:fe80::1%eth0 -all", [t("ip6:fe80::1%eth0", "is not a valid IPv6 address or network")]),
        ("v=spf1 ip4:192.0.2.1-all", [t("ip4:192.0.2.1-all", "is not a valid IPv4 address or network")]),
        ("v=spf1 a/33 -all", [t("a/33", "has a bad CIDR length; IPv4 lengths are 0-32, IPv6 lengths 0-128")]),
        ("v=spf1 mx//129 -all", [t("mx//129", "has a bad CIDR length; IPv4 lengths are 0-32, IPv6 lengths 0-128")]),
        ("v=spf1 a/x -all", [t("a/x", "has a malformed argument '/x'")]),
        ("v=spf1 a:bad_ -all", [t("a:bad_", "has an invalid domain 'bad_'")]),
        ("v=spf1 include: -all", [t("include:", "needs a domain")]),
        ("v=spf1 include -all", [t("include", "needs a domain")]),
        ("v=spf1 exists -all", [t("exists", "needs a domain")]),
        ("v=spf1 include:localhost -all", [t("include:localhost", "has an invalid domain 'localhost'")]),
        ("v=spf1 include:example..com -all", [t("include:example..com", "has an invalid domain 'example..com'")]),
        ("v=spf1 include:192.0.2.1 -all", [t("include:192.0.2.1", "has an invalid domain '192.0.2.1'")]),
        ("v=spf1 include:%{z}.example.com -all", [t("include:%{z}.example.com", "has an invalid domain '%{z}.example.com'")]),
        ("v=spf1 ptr/24 -all", [t("ptr/24", "has a malformed argument '/24'")]),
        ("v=spf1 redirect= ", [t("redirect=", "needs a domain")]),
        ("v=spf1 -redirect=example.com", [t("-redirect=example.com", "is a modifier; modifiers take no qualifier")]),
        ("v=spf1 include:a.example v=spf1 -all", [t("v=spf1", "repeats the version; one TXT value holds one SPF record")]),
        ("v=spf1 -all ~all", ["spf has 2 all terms; keep one"]),
        ("v=spf1 -all mx a:example.com", ["spf has 'mx', 'a:example.com' after -all; " + AFTER_ALL]),
        (
            "v=spf1 redirect=example.com -all",
            ["spf uses redirect= together with all; receivers ignore redirect when all is present (RFC 7208 6.1); remove one"],
        ),
        ("v=spf1 redirect=a.example redirect=b.example", ["spf has 2 redirect= modifiers; keep one"]),
        ("v=spf1 exp=a.example exp=b.example -all", ["spf has 2 exp= modifiers; keep one"]),
    ],
)
def test_parse_invalid(text, problems):
    assert problems_of(_spf.parse, text) == problems
    assert _spf.validate(text) == problems


def test_parse_collects_every_problem_with_the_where_prefix():
    text = "v=spf1 foo ip4:1.2.3 -all -all mx"
    assert problems_of(_spf.parse, text, where="example.com TXT") == [
        "example.com TXT term 'foo' is not a known mechanism; " + KNOWN,
        "example.com TXT term 'ip4:1.2.3' is not a valid IPv4 address or network",
        "example.com TXT has 2 all terms; keep one",
        "example.com TXT has 'mx' after -all; " + AFTER_ALL,
    ]


def test_parse_refuses_non_strings():
    assert problems_of(_spf.parse, None) == ["spf must be a string, not None"]


def test_records_compare_by_terms_and_all():
    assert _spf.SpfRecord(["mx"], "-all") == _spf.parse("v=spf1 mx -all")
    assert _spf.SpfRecord(["mx"], "-all") != _spf.parse("v=spf1 mx ~all")
    assert _spf.SpfRecord(["mx"]) != "v=spf1 mx"
    assert repr(_spf.SpfRecord(["mx"], "~all")) == "SpfRecord('v=spf1 mx ~all')"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("v=spf1 -all", True),
        ("v=spf1", True),
        ("V=SPF1 include:example.com", True),
        ("v=spf10 -all", False),
        ("v=spf1\t-all", False),
        (" v=spf1 -all", False),
        ("v=DMARC1; p=none", False),
        ("", False),
        (None, False),
    ],
)
def test_is_spf(text, expected):
    assert _spf.is_spf(text) is expected


# ---------------------------------------------------------------- build


@pytest.mark.parametrize(
    "kwargs, expected",
    [
        ({"include": ["amazonses.com"]}, "v=spf1 include:amazonses.com ~all"),
        ({"include": "amazonses.com", "all": "-all"}, "v=spf1 include:amazonses.com -all"),
        ({}, "v=spf1 ~all"),
        ({"all": None, "mx": True}, "v=spf1 mx"),
        (
            {
                "include": ["amazonses.com", "_spf.example.net"],
                "ip4": ["192.0.2.0/24"],
                "ip6": ["2001:db8::/32"],
                "a": True,
                "mx": True,
                "extra": ["exists:%{i}._spf.example.com", "exp=explain.example.com"],
                "all": "?all",
            },
            "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx include:amazonses.com include:_spf.example.net "
            "exists:%{i}._spf.example.com exp=explain.example.com ?all",
        ),
        ({"extra": ["redirect=_spf.example.com"], "all": None}, "v=spf1 redirect=_spf.example.com"),
        ({"ip4": None, "include": None}, "v=spf1 ~all"),
    ],
)
def test_build(kwargs, expected):
    record = _spf.build(**kwargs)
    assert record == expected
    assert str(_spf.parse(record)) == record


@pytest.mark.parametrize(
    "kwargs, problems",
    [
        ({"all": "all"}, ["spf.all 'all' is not one of -all, ~all, ?all, +all"]),
        ({"all": "-"}, ["spf.all '-' is not one of -all, ~all, ?all, +all"]),
        (
            {"include": ["a.example b.example"], "ip4": [""], "extra": [7]},
            [
                "spf.extra 7 must be a non-empty string without spaces",
                "spf.include 'a.example b.example' must be a non-empty string without spaces",
                "spf.ip4 '' must be a non-empty string without spaces",
            ],
        ),
        (
            {"ip4": ["192.0.2.300"], "ip6": ["2001:db8::/200"], "include": ["include:example.com"]},
            [
                "spf term 'ip4:192.0.2.300' is not a valid IPv4 address or network",
                "spf term 'ip6:2001:db8::/200' is not a valid IPv6 address or network",
                "spf term 'include:include:example.com' has an invalid domain 'include:example.com'",
            ],
        ),
        ({"extra": ["-all"]}, ["spf has 2 all terms; keep one"]),
        (
            {"extra": ["redirect=example.com"]},
            [
                "spf uses redirect= together with all; receivers ignore redirect when all is present (RFC 7208 6.1); remove one",
            ],
        ),
        (
            {"include": ["i%d.example.com" % n for n in range(11)]},
            [
                "spf at spf: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes",
            ],
        ),
    ],
)
def test_build_errors(kwargs, problems):
    assert problems_of(_spf.build, **kwargs) == problems


def test_build_messages_use_where():
    assert problems_of(_spf.build, ip4=["x"], all="*all", where="domains[0].spf") == [
        "domains[0].spf.all '*all' is not one of -all, ~all, ?all, +all",
    ]
    assert problems_of(_spf.build, ip4=["x"], where="domains[0].spf") == [
        "domains[0].spf term 'ip4:x' is not a valid IPv4 address or network",
    ]


# ---------------------------------------------------------------- merge


@pytest.mark.parametrize(
    "texts, expected",
    [
        (["v=spf1 include:amazonses.com ~all"], "v=spf1 include:amazonses.com ~all"),
        ("v=spf1 mx -all", "v=spf1 mx -all"),
        (["v=spf1 include:a.example ~all", "v=spf1 include:b.example include:A.EXAMPLE -all"], "v=spf1 include:a.example include:b.example -all"),
        (["v=spf1 +include:a.example", "v=spf1 include:a.example mx"], "v=spf1 +include:a.example mx"),
        (["v=spf1 -include:a.example", "v=spf1 include:a.example"], "v=spf1 -include:a.example include:a.example"),
        (["v=spf1 ip6:2001:DB8::1", "v=spf1 ip6:2001:db8::1 ip4:192.0.2.1"], "v=spf1 ip6:2001:DB8::1 ip4:192.0.2.1"),
        (["v=spf1 mx ?all", "v=spf1 a ~all"], "v=spf1 mx a ~all"),
        (["v=spf1 mx +all", "v=spf1 a ?all"], "v=spf1 mx a ?all"),
        (["v=spf1 mx ~all", "v=spf1 a -all", "v=spf1 ptr +all"], "v=spf1 mx a ptr -all"),
        (["v=spf1 mx", "v=spf1 a"], "v=spf1 mx a"),
        (["v=spf1 mx", "v=spf1 a ~ALL"], "v=spf1 mx a ~all"),
        (["v=spf1 redirect=_spf.example.com", "v=spf1 ip4:192.0.2.1"], "v=spf1 ip4:192.0.2.1 redirect=_spf.example.com"),
        (["v=spf1 exp=x.example -all", "v=spf1 exp=X.example mx"], "v=spf1 exp=x.example mx -all"),
    ],
)
def test_merge(texts, expected):
    assert _spf.merge(texts) == expected


@pytest.mark.parametrize(
    "texts, problems",
    [
        ([], ["spf: nothing to merge"]),
        (
            ["v=spf1 mx", "v=spf1 foo", "v=DMARC1; p=none"],
            [
                "spf[1] term 'foo' is not a known mechanism; " + KNOWN,
                "spf[2] must start with v=spf1, not 'v=DMARC1;'",
            ],
        ),
        (
            ["v=spf1 redirect=a.example", "v=spf1 redirect=b.example"],
            [
                "spf: 2 records use redirect=; a merged record can follow only one",
            ],
        ),
        (
            ["v=spf1 redirect=a.example", "v=spf1 redirect=a.example"],
            [
                "spf: 2 records use redirect=; a merged record can follow only one",
            ],
        ),
        (
            ["v=spf1 redirect=a.example", "v=spf1 mx ~all"],
            [
                "spf: cannot merge redirect=a.example with records that have ~all; receivers ignore redirect when all is present (RFC 7208 6.1)",
            ],
        ),
        (["v=spf1 exp=a.example", "v=spf1 exp=b.example"], ["spf has 2 exp= modifiers; keep one"]),
        (
            [
                "v=spf1 " + " ".join("include:i%d.example.com" % n for n in range(6)) + " ~all",
                "v=spf1 " + " ".join("include:j%d.example.com" % n for n in range(5)) + " -all",
            ],
            [
                "spf at spf: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes",
            ],
        ),
    ],
)
def test_merge_errors(texts, problems):
    assert problems_of(_spf.merge, texts) == problems


def test_merge_messages_use_where():
    assert problems_of(_spf.merge, ["v=spf1 mx", "v=spf1 !mx"], where="example.com") == [
        "example.com[1] term '!mx' has an unknown qualifier '!'; use one of -, ~, ?, +",
    ]


# ---------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    "text, terms",
    [
        ("v=spf1 ip4:192.0.2.1 ip6:::1 -all exp=x.example", []),
        (
            "v=spf1 include:a.example a mx:b.example/24 ptr exists:%{i}.x.example ip4:192.0.2.1 redirect=c.example",
            ["include:a.example", "a", "mx:b.example/24", "ptr", "exists:%{i}.x.example", "redirect=c.example"],
        ),
        ("v=spf1 -INCLUDE:a.example ?MX", ["-INCLUDE:a.example", "?MX"]),
    ],
)
def test_lookup_terms(text, terms):
    assert _spf.lookup_terms(text) == terms
    assert _spf.lookup_terms(_spf.parse(text)) == terms
    assert _spf.count_lookups(text) == len(terms)


DNS = {
    "a.example": ["v=spf1 include:b.example ip4:192.0.2.1 -all"],
    "b.example": ["v=spf1 a mx ~all", "google-site-verification=abc"],
    "c.example": ["v=spf1 include:a.example include:b.example ptr -all"],
    "hosts.example": ["some text"],
    "loop1.example": ["v=spf1 include:loop2.example -all"],
    "loop2.example": ["v=spf1 include:loop1.example -all"],
    "self.example": ["v=spf1 include:self.example -all"],
    "redirect.example": ["v=spf1 redirect=c.example"],
    "nospf.example": ["google-site-verification=abc"],
    "empty.example": [],
    "two.example": ["v=spf1 -all", "v=spf1 ~all"],
    "bad.example": ["v=spf1 foo -all"],
    "ten.example": ["v=spf1 " + " ".join("a:h%d.example" % n for n in range(9)) + " -all"],
}
for _level in range(30):  # each level includes the next one twice: 2**30 paths without the walk's cap
    DNS["d%d.example" % _level] = ["v=spf1 include:d{0}.example include:d{0}.example -all".format(_level + 1)]
for _n in range(9):
    DNS["h%d.example" % _n] = ["host"]


@pytest.mark.parametrize(
    "text, lookups",
    [
        ("v=spf1 include:a.example -all", 4),  # a.example 1 + b.example 1 + b's a and mx 2
        ("v=spf1 include:c.example -all", 9),  # c 1 + (a 1 + b 1 + 2) + (b 1 + 2) + ptr 1
        ("v=spf1 redirect=redirect.example", 10),  # redirect 1 + redirect=c 1 + 8 below c
        ("v=spf1 include:loop1.example -all", 3),  # loop1, loop2, and loop1 again, not followed
        ("v=spf1 include:self.example -all", 2),
        ("v=spf1 include:ten.example -all", 10),
        ("v=spf1 include:ten.example mx -all", 11),
        ("v=spf1 include:%{d}.example a mx:hosts.example -all", 3),
        ("v=spf1 include:A.Example. -all", 4),
    ],
)
def test_count_lookups_follows_includes(text, lookups):
    assert _spf.count_lookups(text, DNS.get) == lookups


def test_count_lookups_asks_each_name_once_and_stops_on_huge_trees():
    asked = []

    def resolve(domain):
        asked.append(domain)
        return DNS.get(domain)

    assert _spf.count_lookups("v=spf1 include:a.example include:a.example include:b.example -all", resolve) == 11
    assert sorted(asked) == ["a.example", "b.example"]
    # 2**31 lookups in full; the walk stops expanding past 100 and only counts the terms it has open
    assert 100 < _spf.count_lookups("v=spf1 include:d0.example -all", DNS.get) < 200


@pytest.mark.parametrize(
    "text, problems",
    [
        ("v=spf1 include:a.example include:b.example -all", []),
        (
            "v=spf1 include:ten.example mx -all",
            [
                "spf at example.com: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes",
            ],
        ),
        (
            "v=spf1 include:loop1.example -all",
            [
                "spf at example.com: include:loop1.example loops (loop1.example -> loop2.example -> loop1.example); receivers return permerror",
            ],
        ),
        (
            "v=spf1 include:nospf.example redirect=empty.example",
            [
                "spf at example.com: include:nospf.example points at nospf.example, which has no SPF record; receivers return permerror",
                "spf at example.com: redirect=empty.example points at empty.example, which has no SPF record; receivers return permerror",
            ],
        ),
        (
            "v=spf1 include:two.example -all",
            [
                "spf at example.com: include:two.example points at two.example, which has 2 v=spf1 records; receivers return permerror",
            ],
        ),
        (
            "v=spf1 include:bad.example -all",
            [
                "spf at example.com: include:bad.example leads to an invalid SPF record: bad.example term 'foo' is not a known mechanism; " + KNOWN,
            ],
        ),
        ("v=spf1 a:gone1.example mx:gone2.example -all", []),
        (
            "v=spf1 a:gone1.example mx:gone2.example/24 exists:gone3.example -all",
            [
                "spf at example.com: 3 void DNS lookups; the limit is 2 (RFC 7208 4.6.4); remove terms that point at names that do not exist",
            ],
        ),
        (
            "v=spf1 include:gone1.example a:empty.example ptr:gone2.example exists:gone3.example -all",
            [
                "spf at example.com: include:gone1.example points at gone1.example, which has no SPF record; receivers return permerror",
                "spf at example.com: 3 void DNS lookups; the limit is 2 (RFC 7208 4.6.4); remove terms that point at names that do not exist",
            ],
        ),
    ],
)
def test_check_limits_with_resolve(text, problems):
    assert _spf.check_limits(text, DNS.get, where="example.com") == problems


@pytest.mark.parametrize(
    "text, problems",
    [
        ("v=spf1 " + "include:i.example " * 10 + "-all", []),
        (
            "v=spf1 " + "include:i.example " * 8 + "a mx ptr -all",
            [
                "spf at spf: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes",
            ],
        ),
        ("v=spf1 a:gone1.example a:gone2.example a:gone3.example -all", []),  # void lookups need resolve
    ],
)
def test_check_limits_without_resolve(text, problems):
    assert _spf.check_limits(text) == problems


def test_validate_reports_syntax_then_limits():
    text = "v=spf1 foo " + "include:i.example " * 11 + "-all"
    assert _spf.validate(text, where="example.com") == [
        "example.com term 'foo' is not a known mechanism; " + KNOWN,
        "spf at example.com: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes",
    ]
    assert _spf.validate("v=spf1 include:nospf.example -all", resolve=DNS.get) == [
        "spf at spf: include:nospf.example points at nospf.example, which has no SPF record; receivers return permerror",
    ]


@pytest.mark.parametrize(
    "values, problems",
    [
        ([], []),
        (["v=spf1 -all", "google-site-verification=abc"], []),
        (
            ["v=spf1 -all", "V=SPF1 include:amazonses.com ~all", "other"],
            [
                "example.com has 2 v=spf1 records; receivers treat that as a permanent error (RFC 7208 3.2); merge them into one",
            ],
        ),
        (
            ["v=spf1 -all"] * 3,
            [
                "example.com has 3 v=spf1 records; receivers treat that as a permanent error (RFC 7208 3.2); merge them into one",
            ],
        ),
    ],
)
def test_check_single_record(values, problems):
    assert _spf.check_single_record(values, "example.com") == problems


def test_error_is_a_value_error_with_all_problems():
    error = _spf.SpfError(["one", "two"])
    assert isinstance(error, ValueError)
    assert error.problems == ["one", "two"]
    assert str(error) == "one; two"


def test_module_imports_only_stdlib_and_the_core_error_type_in_python38_syntax():
    path = _spf.__file__
    with open(path) as handle:
        tree = ast.parse(handle.read(), feature_version=(3, 8))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"__future__", "ipaddress", "re", "ansible_collections.mailops.ses.plugins.module_utils._problems"}


# ---------------------------------------------------------------- checkdmarc as an oracle (offline)


@pytest.fixture
def checkdmarc_spf(monkeypatch):
    """``checkdmarc.spf`` with every route to the network closed: any DNS query or connection fails the test."""
    checkdmarc_spf = pytest.importorskip("checkdmarc.spf")

    def no_network(*args, **kwargs):
        raise AssertionError("checkdmarc tried to use the network")

    monkeypatch.setattr(dns.resolver.Resolver, "resolve", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    return checkdmarc_spf


@pytest.mark.parametrize(
    "text, valid",
    [
        ("v=spf1 -all", True),
        ("v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 ~all", True),
        ("v=spf1 ip4:192.0.2.1 -ip4:192.0.2.2 ?all", True),
        ("v=spf1 foo=bar -all", True),
        ("v=spf1 ip4:300.0.0.1 -all", False),
        ("v=spf1 ip4:192.0.2.1/33 ~all", False),
        ("v=spf1 ip4:192.0.2.0/024 -all", False),
        ("v=spf1 ip6:zz::1 -all", False),
        ("v=spf1 foo -all", False),
        ("v=spf1 !all", False),
        ("v=spf1 all:x", False),
        ("v=spf1 ip4:192.0.2.1-all", False),
    ],
)
def test_agrees_with_checkdmarc_on_lookup_free_records(checkdmarc_spf, text, valid):
    try:
        checkdmarc_spf.parse_spf_record(text, "example.com")
        oracle = True
    except checkdmarc_spf.SPFError:
        oracle = False
    assert oracle is valid
    assert (_spf.validate(text) == []) is valid
