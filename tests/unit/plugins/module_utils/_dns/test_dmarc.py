"""Table tests for the DMARC module (RFC 7489): build, parse, validate, alignment, and checkdmarc as an offline oracle."""

import ast
import socket

import dns.resolver
import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc

HINT = "write mailto:address@example.com"
POLICIES = "none, quarantine, reject"
TAGS = "v, p, sp, pct, rua, ruf, adkim, aspf, fo, ri, rf"


def problems_of(call, *args, **kwargs):
    """The problems a ``DmarcError`` raised by ``call`` carries (the test fails if nothing is raised)."""
    with pytest.raises(_dmarc.DmarcError) as raised:
        call(*args, **kwargs)
    assert str(raised.value) == "; ".join(raised.value.problems)
    return raised.value.problems


def options_of(tags):
    """Build options that recreate parsed ``tags`` (the inverse of ``build``)."""
    return {option: tags[tag] for option, tag in _dmarc.OPTIONS if tag in tags}


# ---------------------------------------------------------------- build


@pytest.mark.parametrize(
    "kwargs, record",
    [
        ({"policy": "none"}, "v=DMARC1; p=none"),
        ({"policy": "reject", "rua": ["dmarc@example.com"]}, "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"),
        (
            {
                "policy": "quarantine",
                "subdomain_policy": "reject",
                "pct": 50,
                "rua": ["dmarc@example.com", "mailto:agg@example.net!10m"],
                "ruf": ["MAILTO:forensic@example.com"],
                "adkim": "s",
                "aspf": "r",
                "fo": ["1", "d"],
                "ri": 86400,
            },
            "v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:dmarc@example.com,mailto:agg@example.net!10m; "
            "ruf=mailto:forensic@example.com; adkim=s; aspf=r; fo=1:d; ri=86400",
        ),
        # the tag order is fixed, whatever order the keywords come in
        (
            {
                "ri": "3600",
                "fo": "0:s",
                "aspf": "s",
                "adkim": "r",
                "ruf": "f@example.com",
                "rua": "a@example.com, b@example.com",
                "pct": "100",
                "subdomain_policy": "none",
                "policy": "reject",
            },
            "v=DMARC1; p=reject; sp=none; pct=100; rua=mailto:a@example.com,mailto:b@example.com; ruf=mailto:f@example.com; adkim=r; aspf=s; fo=0:s; ri=3600",
        ),
        ({"policy": "none", "pct": 0, "ri": 0, "fo": 1}, "v=DMARC1; p=none; pct=0; fo=1; ri=0"),
        ({"policy": "none", "fo": [0, "s"], "rua": [], "ruf": None}, "v=DMARC1; p=none; fo=0:s"),
        (
            {"policy": "none", "rua": ["a@example.com!5k", "mailto:b@mail.example.co.uk!1g"]},
            "v=DMARC1; p=none; rua=mailto:a@example.com!5k,mailto:b@mail.example.co.uk!1g",
        ),
        ({"policy": "none", "ri": 4294967295}, "v=DMARC1; p=none; ri=4294967295"),
    ],
)
def test_build(kwargs, record):
    assert _dmarc.build(**kwargs) == record
    assert _dmarc.build(**options_of(_dmarc.parse(record))) == record
    assert _dmarc.validate(record) == []


def r(option, value, reason):
    """The message for one bad option with the default ``where``."""
    return "dmarc.%s %r %s" % (option, value, reason)


@pytest.mark.parametrize(
    "kwargs, problems",
    [
        ({"policy": "block"}, ["dmarc.policy 'block' is not one of none, quarantine, reject"]),
        ({"policy": None}, ["dmarc.policy is required; use one of " + POLICIES]),
        ({"policy": "Reject"}, [r("policy", "Reject", "is not one of " + POLICIES)]),
        ({"policy": "none", "subdomain_policy": "all"}, [r("subdomain_policy", "all", "is not one of " + POLICIES)]),
        ({"policy": "none", "pct": 101}, [r("pct", 101, "is not a whole number from 0 to 100")]),
        ({"policy": "none", "pct": -1}, [r("pct", -1, "is not a whole number from 0 to 100")]),
        ({"policy": "none", "pct": True}, [r("pct", True, "is not a whole number from 0 to 100")]),
        ({"policy": "none", "pct": "50%"}, [r("pct", "50%", "is not a whole number from 0 to 100")]),
        ({"policy": "none", "pct": " 50"}, [r("pct", " 50", "is not a whole number from 0 to 100")]),
        ({"policy": "none", "pct": 50.0}, [r("pct", 50.0, "is not a whole number from 0 to 100")]),
        ({"policy": "none", "pct": "\u00b2"}, [r("pct", "\u00b2", "is not a whole number from 0 to 100")]),
        ({"policy": "none", "rua": ["https://x.example"]}, ["dmarc.rua 'https://x.example' is not a mailto: URI; " + HINT]),
        ({"policy": "none", "rua": ["x.example"]}, [r("rua", "x.example", "is not a mailto: URI; " + HINT)]),
        ({"policy": "none", "rua": [None]}, [r("rua", None, "is not a mailto: URI; " + HINT)]),
        ({"policy": "none", "ruf": ["mailto:nobody"]}, [r("ruf", "mailto:nobody", "is not a valid mailto: URI; " + HINT)]),
        ({"policy": "none", "ruf": ["a@localhost"]}, [r("ruf", "a@localhost", "is not a valid mailto: URI; " + HINT)]),
        ({"policy": "none", "ruf": ["a@example.com!10x"]}, [r("ruf", "a@example.com!10x", "is not a valid mailto: URI; " + HINT)]),
        ({"policy": "none", "ruf": ["a,b@example.com"]}, [r("ruf", "a,b@example.com", "is not a valid mailto: URI; " + HINT)]),
        ({"policy": "none", "ruf": "a@example.com,b"}, [r("ruf", "b", "is not a mailto: URI; " + HINT)]),
        ({"policy": "none", "adkim": "strict"}, [r("adkim", "strict", "is not one of r, s")]),
        ({"policy": "none", "aspf": "S"}, [r("aspf", "S", "is not one of r, s")]),
        ({"policy": "none", "fo": "1:x"}, [r("fo", "x", "is not one of 0, 1, d, s")]),
        ({"policy": "none", "fo": ""}, [r("fo", "", "is not one of 0, 1, d, s")]),
        ({"policy": "none", "fo": ["d", "d", True]}, [r("fo", True, "is not one of 0, 1, d, s"), "dmarc.fo lists 'd' more than once"]),
        ({"policy": "none", "ri": -5}, [r("ri", -5, "is not a whole number from 0 to 4294967295")]),
        ({"policy": "none", "ri": 4294967296}, [r("ri", 4294967296, "is not a whole number from 0 to 4294967295")]),
        ({"policy": "none", "ri": False}, [r("ri", False, "is not a whole number from 0 to 4294967295")]),
    ],
)
def test_build_errors(kwargs, problems):
    assert problems_of(_dmarc.build, **kwargs) == problems


def test_build_collects_every_problem_in_tag_order_under_where():
    assert problems_of(
        _dmarc.build,
        "block",
        subdomain_policy="x",
        pct="many",
        rua=["https://r.example"],
        ruf=["f@"],
        adkim="x",
        aspf="y",
        fo="2",
        ri="soon",
        where="domains[1].dmarc",
    ) == [
        "domains[1].dmarc.policy 'block' is not one of " + POLICIES,
        "domains[1].dmarc.subdomain_policy 'x' is not one of " + POLICIES,
        "domains[1].dmarc.pct 'many' is not a whole number from 0 to 100",
        "domains[1].dmarc.rua 'https://r.example' is not a mailto: URI; " + HINT,
        "domains[1].dmarc.ruf 'f@' is not a valid mailto: URI; " + HINT,
        "domains[1].dmarc.adkim 'x' is not one of r, s",
        "domains[1].dmarc.aspf 'y' is not one of r, s",
        "domains[1].dmarc.fo '2' is not one of 0, 1, d, s",
        "domains[1].dmarc.ri 'soon' is not a whole number from 0 to 4294967295",
    ]


@pytest.mark.parametrize(
    "options, record",
    [
        ({"policy": "reject"}, "v=DMARC1; p=reject"),
        ({"policy": "none", "rua": ["dmarc@example.com"], "pct": None, "fo": None}, "v=DMARC1; p=none; rua=mailto:dmarc@example.com"),
        ({"policy": "quarantine", "subdomain_policy": "reject", "adkim": "s", "aspf": "s"}, "v=DMARC1; p=quarantine; sp=reject; adkim=s; aspf=s"),
    ],
)
def test_build_from_options(options, record):
    assert _dmarc.build_from_options(options) == record


@pytest.mark.parametrize(
    "options, problems",
    [
        ({}, ["dmarc.policy is required; use one of " + POLICIES]),
        ({"policy": None}, ["dmarc.policy is required; use one of " + POLICIES]),
        (
            {"policy": "none", "p": "reject", "rua_addresses": []},
            [
                "dmarc has unknown option(s) 'p', 'rua_addresses'; allowed: policy, subdomain_policy, pct, rua, ruf, adkim, aspf, fo, ri",
            ],
        ),
        (
            {"sp": "none", "pct": 200},
            [
                "dmarc has unknown option(s) 'sp'; allowed: policy, subdomain_policy, pct, rua, ruf, adkim, aspf, fo, ri",
                "dmarc.policy is required; use one of " + POLICIES,
                "dmarc.pct 200 is not a whole number from 0 to 100",
            ],
        ),
        ("p=none", ["dmarc must be a dict of options, not 'p=none'"]),
    ],
)
def test_build_from_options_errors(options, problems):
    assert problems_of(_dmarc.build_from_options, options) == problems


def test_build_from_options_uses_where():
    assert problems_of(_dmarc.build_from_options, {"policy": "x", 1: 2}, where="domains[0].dmarc") == [
        "domains[0].dmarc has unknown option(s) 1; allowed: policy, subdomain_policy, pct, rua, ruf, adkim, aspf, fo, ri",
        "domains[0].dmarc.policy 'x' is not one of " + POLICIES,
    ]


# ---------------------------------------------------------------- parse


@pytest.mark.parametrize(
    "text, tags",
    [
        ("v=DMARC1; p=none", {"v": "DMARC1", "p": "none"}),
        ("v=DMARC1;p=reject;", {"v": "DMARC1", "p": "reject"}),
        ("V = DMARC1 ;  P = Quarantine ; SP=REJECT", {"v": "DMARC1", "p": "quarantine", "sp": "reject"}),
        ("v=DMARC1; p=reject; pct=050; ri=0", {"v": "DMARC1", "p": "reject", "pct": "50", "ri": "0"}),
        (
            "v=DMARC1; p=none; rua=mailto:a@example.com, MAILTO:B@Example.com!10M; ruf=mailto:f@example.com",
            {"v": "DMARC1", "p": "none", "rua": ["mailto:a@example.com", "mailto:B@Example.com!10M"], "ruf": ["mailto:f@example.com"]},
        ),
        ("v=DMARC1; p=none; adkim=S; aspf=r; fo=1:D; rf=afrf", {"v": "DMARC1", "p": "none", "adkim": "s", "aspf": "r", "fo": "1:d", "rf": "afrf"}),
    ],
)
def test_parse(text, tags):
    assert _dmarc.parse(text) == tags
    assert _dmarc.validate(text) == []


@pytest.mark.parametrize(
    "text, problems",
    [
        ("v=DMARC1; p=block", ["dmarc.p 'block' is not one of " + POLICIES]),
        ("v=DMARC2; p=none", ["dmarc must start with v=DMARC1, not 'v=DMARC2'"]),
        ("v=dmarc1; p=none", ["dmarc must start with v=DMARC1, not 'v=dmarc1'"]),
        ("p=none; v=DMARC1", ["dmarc must start with v=DMARC1, not 'p=none'", "dmarc tag p must follow v directly (RFC 7489 6.4)"]),
        ("v=DMARC1; sp=none; p=none", ["dmarc tag p must follow v directly (RFC 7489 6.4)"]),
        ("v=DMARC1", ["dmarc has no p tag; add one of p=none, p=quarantine, p=reject"]),
        ("", ["dmarc must start with v=DMARC1, not ''", "dmarc has no p tag; add one of p=none, p=quarantine, p=reject"]),
        ("v=DMARC1 p=none", ["dmarc must start with v=DMARC1, not 'v=DMARC1 p=none'", "dmarc has no p tag; add one of p=none, p=quarantine, p=reject"]),
        ("v=DMARC1;; p=none", ["dmarc has an empty tag (;;); remove the extra ;"]),
        ("v=DMARC1; p=none; p=reject", ["dmarc has tag 'p' more than once"]),
        ("v=DMARC1; p=none; foo=bar", ["dmarc tag 'foo' is unknown; use one of " + TAGS]),
        ("v=DMARC1; p=none; np=reject", ["dmarc tag 'np' is unknown; use one of " + TAGS]),
        ("v=DMARC1; p=none; junk", ["dmarc part 'junk' is not tag=value"]),
        ("v=DMARC1; p=none; r-a=x", ["dmarc part 'r-a=x' is not tag=value"]),
        ("v=DMARC1; p=none; sp=all", ["dmarc.sp 'all' is not one of " + POLICIES]),
        ("v=DMARC1; p=none; pct=101", ["dmarc.pct '101' is not a whole number from 0 to 100"]),
        ("v=DMARC1; p=none; pct=", ["dmarc.pct '' is not a whole number from 0 to 100"]),
        ("v=DMARC1; p=none; ri=-1", ["dmarc.ri '-1' is not a whole number from 0 to 4294967295"]),
        ("v=DMARC1; p=none; rua=dmarc@example.com", ["dmarc.rua 'dmarc@example.com' is not a mailto: URI; " + HINT]),
        ("v=DMARC1; p=none; rua=https://x.example", ["dmarc.rua 'https://x.example' is not a mailto: URI; " + HINT]),
        ("v=DMARC1; p=none; ruf=mailto:a@example.com,", ["dmarc.ruf '' is not a mailto: URI; " + HINT]),
        ("v=DMARC1; p=none; ruf=mailto:foo", ["dmarc.ruf 'mailto:foo' is not a valid mailto: URI; " + HINT]),
        ("v=DMARC1; p=none; adkim=x", ["dmarc.adkim 'x' is not one of r, s"]),
        ("v=DMARC1; p=none; aspf=", ["dmarc.aspf '' is not one of r, s"]),
        ("v=DMARC1; p=none; fo=1:1", ["dmarc.fo lists '1' more than once"]),
        ("v=DMARC1; p=none; fo=2", ["dmarc.fo '2' is not one of 0, 1, d, s"]),
        ("v=DMARC1; p=none; rf=iodef", ["dmarc.rf 'iodef' is not one of afrf"]),
        ("v=spf1 -all", ["dmarc must start with v=DMARC1, not 'v=spf1 -all'", "dmarc has no p tag; add one of p=none, p=quarantine, p=reject"]),
    ],
)
def test_parse_invalid(text, problems):
    assert problems_of(_dmarc.parse, text) == problems
    assert _dmarc.validate(text) == problems


def test_parse_collects_every_problem_under_where():
    text = "v=DMARC1; sp=x; p=block; pct=x; p=none; bogus=1; =x"
    assert _dmarc.validate(text, where="_dmarc.example.com") == [
        "_dmarc.example.com part '=x' is not tag=value",
        "_dmarc.example.com tag p must follow v directly (RFC 7489 6.4)",
        "_dmarc.example.com.sp 'x' is not one of " + POLICIES,
        "_dmarc.example.com.p 'block' is not one of " + POLICIES,
        "_dmarc.example.com.pct 'x' is not a whole number from 0 to 100",
        "_dmarc.example.com has tag 'p' more than once",
        "_dmarc.example.com tag 'bogus' is unknown; use one of " + TAGS,
    ]


def test_parse_refuses_non_strings():
    assert problems_of(_dmarc.parse, None) == ["dmarc must be a string, not None"]


def test_error_is_a_value_error_with_all_problems():
    error = _dmarc.DmarcError(["one", "two"])
    assert isinstance(error, ValueError)
    assert error.problems == ["one", "two"]
    assert str(error) == "one; two"


# ---------------------------------------------------------------- alignment


@pytest.mark.parametrize(
    "text, expected",
    [
        ("v=DMARC1; p=none", {"adkim": "r", "aspf": "r"}),
        ("v=DMARC1; p=none; adkim=s", {"adkim": "s", "aspf": "r"}),
        ("v=DMARC1; p=none; aspf=S", {"adkim": "r", "aspf": "s"}),
        ("v=DMARC1; p=reject; adkim=r; aspf=s", {"adkim": "r", "aspf": "s"}),
    ],
)
def test_alignment(text, expected):
    assert _dmarc.alignment(text) == expected


def test_alignment_of_an_invalid_record_raises():
    assert problems_of(_dmarc.alignment, "v=DMARC1; p=none; adkim=x") == ["dmarc.adkim 'x' is not one of r, s"]


@pytest.mark.parametrize(
    "domain, organizational",
    [
        ("example.com", "example.com"),
        ("mail.example.com", "example.com"),
        ("a.b.c.Example.COM.", "example.com"),
        ("example.co.uk", "example.co.uk"),
        ("bounce.mail.example.co.uk", "example.co.uk"),
        ("shop.example.com.au", "example.com.au"),
        ("news.example.co.jp", "example.co.jp"),
        ("loja.example.com.br", "example.com.br"),
        ("co.uk", "co.uk"),
        ("com", "com"),
        ("example.uk", "example.uk"),
    ],
)
def test_organizational_domain(domain, organizational):
    assert _dmarc.organizational_domain(domain) == organizational


@pytest.mark.parametrize(
    "from_domain, auth_domain, mode, expected",
    [
        ("example.com", "example.com", "s", True),
        ("Example.COM", "example.com.", "s", True),
        ("example.com", "mail.example.com", "s", False),
        ("example.com", "mail.example.com", "r", True),
        ("news.example.com", "bounce.example.com", "r", True),
        ("example.com", "example.net", "r", False),
        ("a.example.co.uk", "b.example.co.uk", "r", True),
        ("example.co.uk", "other.co.uk", "r", False),
        ("example.com", "amazonses.com", "r", False),
        ("example.com", "", "r", False),
    ],
)
def test_aligned(from_domain, auth_domain, mode, expected):
    assert _dmarc.aligned(from_domain, auth_domain, mode) is expected


def test_aligned_refuses_unknown_modes():
    assert problems_of(_dmarc.aligned, "example.com", "example.com", "relaxed") == [
        "dmarc alignment mode 'relaxed' is not one of r, s",
    ]


def test_module_imports_only_stdlib_and_the_core_error_type_in_python38_syntax():
    path = _dmarc.__file__
    with open(path) as handle:
        tree = ast.parse(handle.read(), feature_version=(3, 8))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"__future__", "re", "ansible_collections.mailops.ses.plugins.module_utils._problems"}


# ---------------------------------------------------------------- checkdmarc as an oracle (offline)


@pytest.fixture
def checkdmarc_dmarc(monkeypatch):
    """``checkdmarc.dmarc`` with every route to the network closed.

    ``parse_dmarc_record`` checks that report domains have MX records and
    authorise outside destinations; those checks get canned answers, and any
    other DNS query or connection fails the test.
    """
    checkdmarc_dmarc = pytest.importorskip("checkdmarc.dmarc")

    def no_network(*args, **kwargs):
        raise AssertionError("checkdmarc tried to use the network")

    monkeypatch.setattr(dns.resolver.Resolver, "resolve", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(checkdmarc_dmarc, "get_mx_records", lambda *args, **kwargs: [{"hostname": "mx.example.com"}])
    monkeypatch.setattr(checkdmarc_dmarc, "verify_dmarc_report_destination", lambda *args, **kwargs: None)
    return checkdmarc_dmarc


@pytest.mark.parametrize(
    "text, valid",
    [
        ("v=DMARC1; p=none", True),
        ("v=DMARC1;p=reject;", True),
        ("V = DMARC1 ; p = REJECT", True),
        ("v=DMARC1; p=reject; rua=mailto:dmarc@example.com", True),
        (
            "v=DMARC1; p=quarantine; sp=reject; pct=50; rua=mailto:a@example.com,mailto:b@example.net!10m; "
            "ruf=mailto:f@example.com; adkim=s; aspf=r; fo=1:d; ri=3600",
            True,
        ),
        ("v=DMARC1; p=none; ruf=mailto:a@example.com, mailto:b@example.com; rf=afrf", True),
        ("v=DMARC1; p=block", False),
        ("v=DMARC1; p=none; sp=maybe", False),
        ("v=DMARC1; p=none; fo=x", False),
        ("v=DMARC1; p=none; p=reject", False),
        ("v=DMARC2; p=none", False),
        ("v=dmarc1; p=none", False),
        ("p=none; v=DMARC1", False),
        ("v=DMARC1 p=none", False),
        ("v=DMARC1;; p=none", False),
        ("v=DMARC1; p=none; aspf=", False),
        ("v=DMARC1; p=none; rua=dmarc@example.com", False),
        ("v=DMARC1; p=none; rua=mailto:foo", False),
    ],
)
def test_agrees_with_checkdmarc(checkdmarc_dmarc, text, valid):
    try:
        checkdmarc_dmarc.parse_dmarc_record(text, "example.com")
        oracle = True
    except checkdmarc_dmarc.DMARCError:
        oracle = False
    assert oracle is valid
    assert (_dmarc.validate(text) == []) is valid


@pytest.mark.parametrize(
    "kwargs",
    [
        {"policy": "none"},
        {
            "policy": "reject",
            "subdomain_policy": "quarantine",
            "rua": ["dmarc@example.com", "agg@example.net!10m"],
            "ruf": ["f@example.com"],
            "adkim": "s",
            "aspf": "s",
            "fo": "1:d:s",
        },
    ],
)
def test_checkdmarc_accepts_what_build_writes(checkdmarc_dmarc, kwargs):
    checkdmarc_dmarc.parse_dmarc_record(_dmarc.build(**kwargs), "example.com")


# ---------------------------------------------------------------- external report destinations (RFC 7489 7.1)


@pytest.mark.parametrize(
    "text, hosts",
    [
        ("v=DMARC1; p=none", []),
        ("v=DMARC1; p=none; rua=mailto:d@example.com", ["example.com"]),
        (
            "v=DMARC1; p=none; rua=mailto:d@Reports.Example.NET!10m,mailto:e@example.com; ruf=mailto:f@reports.example.net",
            ["example.com", "reports.example.net"],
        ),
        ("v=DMARC1; p=none; ruf=mailto:f@forensics.example.org", ["forensics.example.org"]),
    ],
)
def test_report_domains(text, hosts):
    assert _dmarc.report_domains(text) == hosts


@pytest.mark.parametrize(
    "domain, text, external",
    [
        ("example.com", "v=DMARC1; p=none", []),
        ("example.com", "v=DMARC1; p=none; rua=mailto:dmarc@example.com", []),
        # the organizational domain decides: a subdomain reporting to its parent needs no authorization
        ("news.example.com", "v=DMARC1; p=none; rua=mailto:dmarc@example.com", []),
        ("news.example.com", "v=DMARC1; p=none; rua=mailto:dmarc@reports.example.com", []),
        ("example.com", "v=DMARC1; p=none; rua=mailto:dmarc@reports.example.net", ["reports.example.net"]),
        ("shop.example.co.uk", "v=DMARC1; p=none; rua=mailto:d@example.co.uk,mailto:d@other.co.uk", ["other.co.uk"]),
        (
            "example.com",
            "v=DMARC1; p=reject; rua=mailto:a@reports.example.net,mailto:b@example.com; ruf=mailto:c@forensics.example.org!5m,mailto:d@reports.example.net",
            ["forensics.example.org", "reports.example.net"],
        ),
    ],
)
def test_external_report_domains(domain, text, external):
    assert _dmarc.external_report_domains(domain, text) == external


@pytest.mark.parametrize(
    "domain, report_domain, name",
    [
        ("example.com", "reports.example.net", "example.com._report._dmarc.reports.example.net."),
        ("News.Example.COM.", "Reports.Example.net.", "news.example.com._report._dmarc.reports.example.net."),
    ],
)
def test_report_authorization_name(domain, report_domain, name):
    assert _dmarc.report_authorization_name(domain, report_domain) == name
    assert _dmarc.is_report_authorization_name(name)


@pytest.mark.parametrize("name", ["_dmarc.example.com.", "_report._dmarc.example.com", "example.com.", "x._report.example.com."])
def test_is_report_authorization_name_is_false_elsewhere(name):
    assert not _dmarc.is_report_authorization_name(name)


@pytest.mark.parametrize(
    "value, authorizes",
    [
        ("v=DMARC1", True),
        ("v=DMARC1;", True),
        (" v = DMARC1 ; rua=mailto:other@reports.example.net", True),
        ("V=DMARC1", True),
        ("v=DMARC1; p=none", True),
        ("v=dmarc1", False),
        ("v=DMARC2", False),
        ("v=spf1 -all", False),
        ("DMARC1", False),
        ("", False),
    ],
)
def test_authorizes_reports(value, authorizes):
    assert _dmarc.authorizes_reports(value) is authorizes


@pytest.fixture
def checkdmarc_destination(monkeypatch):
    """``(source, destination, served) -> authorized`` by checkdmarc's own check, with DNS answered from ``served``."""
    checkdmarc_dmarc = pytest.importorskip("checkdmarc.dmarc")
    monkeypatch.setattr(dns.resolver.Resolver, "resolve", lambda *args, **kwargs: pytest.fail("checkdmarc tried to use the network"))
    monkeypatch.setattr(checkdmarc_dmarc, "check_wildcard_dmarc_report_authorization", lambda *args, **kwargs: False)

    def verdict(source, destination, served):
        def query_dns(name, rtype, **kwargs):
            assert (name, rtype) == ("%s._report._dmarc.%s" % (source, destination), "TXT")
            if not served:
                raise dns.resolver.NXDOMAIN()
            return served

        monkeypatch.setattr(checkdmarc_dmarc, "query_dns", query_dns)
        try:
            checkdmarc_dmarc.verify_dmarc_report_destination(source, destination)
        except checkdmarc_dmarc.UnverifiedDMARCURIDestination:
            return False
        return True

    return verdict


@pytest.mark.parametrize(
    "source, destination, served",
    [
        ("example.com", "example.com", []),
        ("news.example.com", "example.com", []),
        ("news.example.com", "reports.example.com", []),
        ("example.com", "reports.example.net", []),
        ("example.com", "reports.example.net", ["v=DMARC1"]),
        ("example.com", "reports.example.net", ["v=DMARC1; rua=mailto:other@reports.example.net"]),
        ("example.com", "reports.example.net", ["v=spf1 -all"]),
        ("example.com", "reports.example.net", ["v=spf1 -all", "v=DMARC1"]),
        ("shop.example.co.uk", "example.co.uk", []),
        ("shop.example.co.uk", "other.co.uk", []),
    ],
)
def test_report_authorization_agrees_with_checkdmarc(checkdmarc_destination, source, destination, served):
    ours = destination not in _dmarc.external_report_domains(source, "v=DMARC1; p=none; rua=mailto:d@%s" % destination) or any(
        _dmarc.authorizes_reports(value) for value in served
    )
    assert ours is checkdmarc_destination(source, destination, served)
