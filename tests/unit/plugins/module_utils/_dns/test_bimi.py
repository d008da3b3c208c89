"""Table tests for BIMI assertion records (draft-brand-indicators-for-message-identification-10) and the DMARC
enforcement they need."""

import ast

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns import bimi as _bimi

LOGO = "https://brand.example/logo.svg"
VMC = "https://brand.example/vmc.pem"
LOGO_HINT = "the logo must be an https://.../logo.svg URL (SVG Tiny PS)"
VMC_HINT = "the authority must be the https://.../*.pem URL of the mark certificate (VMC or CMC)"
ENFORCEMENT = "mailbox providers show a BIMI logo only with p=quarantine or p=reject, pct=100 or no pct, and no sp=none"
RAISE_POLICY = "set mailops_domains['brand.example'].dmarc.policy to quarantine or reject once the aggregate reports show all mail aligned"


def problems_of(call, *args, **kwargs):
    with pytest.raises(_bimi.BimiError) as raised:
        call(*args, **kwargs)
    assert str(raised.value) == "; ".join(raised.value.problems)
    return raised.value.problems


# ---------------------------------------------------------------- names and records


@pytest.mark.parametrize(
    "domain, selector, name",
    [
        ("brand.example", "default", "default._bimi.brand.example."),
        ("Brand.Example.", "default", "default._bimi.brand.example."),
        ("news.brand.example", "Spring2026", "spring2026._bimi.news.brand.example."),
        ("brand.example", "a.b", "a.b._bimi.brand.example."),
    ],
)
def test_record_name(domain, selector, name):
    assert _bimi.record_name(domain, selector) == name


def test_record_name_defaults_to_the_default_selector():
    assert _bimi.record_name("brand.example") == "default._bimi.brand.example."


@pytest.mark.parametrize(
    "logo, authority, record",
    [
        (LOGO, VMC, "v=BIMI1; l=https://brand.example/logo.svg; a=https://brand.example/vmc.pem"),
        # no authority: no a= tag, which the draft reads as an empty a= (section 4.3)
        (LOGO, None, "v=BIMI1; l=https://brand.example/logo.svg"),
        ("https://cdn.brand.example/logos/brand.svgz", None, "v=BIMI1; l=https://cdn.brand.example/logos/brand.svgz"),
        (
            "HTTPS://brand.example/LOGO.SVG",
            "https://certs.example.net:443/brand/vmc.PEM",
            "v=BIMI1; l=HTTPS://brand.example/LOGO.SVG; a=https://certs.example.net:443/brand/vmc.PEM",
        ),
        ("https://brand.example/logo.svg?v=2#top", None, "v=BIMI1; l=https://brand.example/logo.svg?v=2#top"),
        ("https://brand.example/logo%3Bdark.svg", None, "v=BIMI1; l=https://brand.example/logo%3Bdark.svg"),
    ],
)
def test_build(logo, authority, record):
    assert _bimi.build(logo, authority) == record


@pytest.mark.parametrize(
    "logo, authority, problems",
    [
        (None, None, ["bimi.logo_url is required (%s)" % LOGO_HINT]),
        ("", VMC, ["bimi.logo_url is required (%s)" % LOGO_HINT]),
        (42, None, ["bimi.logo_url is required (%s)" % LOGO_HINT]),
        (LOGO, "", ["bimi.authority_url is required (%s)" % VMC_HINT]),
        ("http://brand.example/logo.svg", None, ["bimi.logo_url 'http://brand.example/logo.svg' is not an https:// URL; BIMI fetches it over HTTPS only"]),
        ("brand.example/logo.svg", None, ["bimi.logo_url 'brand.example/logo.svg' is not an https:// URL; BIMI fetches it over HTTPS only"]),
        (" %s" % LOGO, None, ["bimi.logo_url ' https://brand.example/logo.svg' has white space around it; remove it"]),
        ("https://brand.example/logo.png", None, ["bimi.logo_url 'https://brand.example/logo.png' does not end in .svg or .svgz; %s" % LOGO_HINT]),
        ("https://brand.example/logo.svg.png", None, ["bimi.logo_url 'https://brand.example/logo.svg.png' does not end in .svg or .svgz; %s" % LOGO_HINT]),
        ("https://brand.example/?f=logo.svg", None, ["bimi.logo_url 'https://brand.example/?f=logo.svg' does not end in .svg or .svgz; %s" % LOGO_HINT]),
        ("https://localhost/logo.svg", None, ["bimi.logo_url 'https://localhost/logo.svg' has no fully qualified host name; write https://<host.example>/..."]),
        ("https://192.0.2.1/logo.svg", None, ["bimi.logo_url 'https://192.0.2.1/logo.svg' has no fully qualified host name; write https://<host.example>/..."]),
        (
            "https://brand.example/a,b;c.svg",
            None,
            [
                "bimi.logo_url 'https://brand.example/a,b;c.svg' contains ';'; percent-encode it as %3B",
                "bimi.logo_url 'https://brand.example/a,b;c.svg' contains ','; percent-encode it as %2C",
            ],
        ),
        ("https://brand.example/my logo.svg", None, ["bimi.logo_url 'https://brand.example/my logo.svg' contains ' '; percent-encode it as %20"]),
        (LOGO, "http://brand.example/vmc.pem", ["bimi.authority_url 'http://brand.example/vmc.pem' is not an https:// URL; BIMI fetches it over HTTPS only"]),
        (LOGO, "https://brand.example/vmc.crt", ["bimi.authority_url 'https://brand.example/vmc.crt' does not end in .pem; %s" % VMC_HINT]),
        (LOGO, "https://brand.example/logo.svg", ["bimi.authority_url 'https://brand.example/logo.svg' does not end in .pem; %s" % VMC_HINT]),
        (
            "ftp://brand.example/logo.gif",
            "self",
            [
                "bimi.logo_url 'ftp://brand.example/logo.gif' is not an https:// URL; BIMI fetches it over HTTPS only",
                "bimi.authority_url 'self' is not an https:// URL; BIMI fetches it over HTTPS only",
            ],
        ),
    ],
)
def test_build_refuses_what_the_draft_does_not_allow(logo, authority, problems):
    assert problems_of(_bimi.build, logo, authority) == problems


@pytest.mark.parametrize(
    "options, result",
    [
        ({"logo_url": LOGO}, ("default", "v=BIMI1; l=%s" % LOGO)),
        ({"logo_url": LOGO, "authority_url": VMC}, ("default", "v=BIMI1; l=%s; a=%s" % (LOGO, VMC))),
        ({"logo_url": LOGO, "authority_url": None, "selector": None}, ("default", "v=BIMI1; l=%s" % LOGO)),
        ({"logo_url": LOGO, "selector": "Spring-2026"}, ("spring-2026", "v=BIMI1; l=%s" % LOGO)),
        ({"logo_url": LOGO, "selector": "brand.eu"}, ("brand.eu", "v=BIMI1; l=%s" % LOGO)),
    ],
)
def test_build_from_options(options, result):
    assert _bimi.build_from_options(options) == result


@pytest.mark.parametrize(
    "options, problems",
    [
        ("https://brand.example/logo.svg", ["x.bimi must be a dict {logo_url, authority_url, selector}, not 'https://brand.example/logo.svg'"]),
        (None, ["x.bimi must be a dict {logo_url, authority_url, selector}, not None"]),
        ({}, ["x.bimi.logo_url is required (%s)" % LOGO_HINT]),
        (
            {"logo": LOGO, "vmc": VMC},
            ["x.bimi has unknown key(s) 'logo', 'vmc'; allowed: logo_url, authority_url, selector", "x.bimi.logo_url is required (%s)" % LOGO_HINT],
        ),
        (
            {"logo_url": LOGO, "selector": "brand_2026"},
            ["x.bimi.selector 'brand_2026' is not a BIMI selector: DNS labels of letters, digits and '-', separated by dots (e.g. default, brand2026)"],
        ),
        (
            {"logo_url": LOGO, "selector": "-x"},
            ["x.bimi.selector '-x' is not a BIMI selector: DNS labels of letters, digits and '-', separated by dots (e.g. default, brand2026)"],
        ),
        (
            {"logo_url": LOGO, "selector": "a..b"},
            ["x.bimi.selector 'a..b' is not a BIMI selector: DNS labels of letters, digits and '-', separated by dots (e.g. default, brand2026)"],
        ),
        (
            {"logo_url": LOGO, "selector": 7},
            ["x.bimi.selector 7 is not a BIMI selector: DNS labels of letters, digits and '-', separated by dots (e.g. default, brand2026)"],
        ),
        (
            {"logo_url": "http://brand.example/logo.png", "authority_url": "https://brand.example/vmc", "selector": ""},
            [
                "x.bimi.selector '' is not a BIMI selector: DNS labels of letters, digits and '-', separated by dots (e.g. default, brand2026)",
                "x.bimi.logo_url 'http://brand.example/logo.png' is not an https:// URL; BIMI fetches it over HTTPS only",
                "x.bimi.authority_url 'https://brand.example/vmc' does not end in .pem; %s" % VMC_HINT,
            ],
        ),
    ],
)
def test_build_from_options_reports_every_problem(options, problems):
    assert problems_of(_bimi.build_from_options, options, where="x.bimi") == problems


# ---------------------------------------------------------------- DMARC enforcement


@pytest.mark.parametrize(
    "tags, gaps",
    [
        ({"p": "reject"}, []),
        ({"p": "quarantine"}, []),
        ({"p": "quarantine", "pct": "100"}, []),
        ({"p": "reject", "pct": "100", "sp": "quarantine"}, []),
        ({"p": "none"}, ["p=none"]),
        ({}, ["p=None"]),
        ({"p": "quarantine", "pct": "99"}, ["pct=99"]),
        ({"p": "reject", "pct": "0"}, ["pct=0"]),
        ({"p": "reject", "sp": "none"}, ["sp=none"]),
        ({"p": "none", "pct": "50", "sp": "none"}, ["p=none", "pct=50", "sp=none"]),
    ],
)
def test_enforcement_gaps(tags, gaps):
    assert _bimi.enforcement_gaps(tags) == gaps


def _problem(domain, record, gaps, fixes):
    return "mailops_domains['%s'].bimi needs DMARC at enforcement, but mailops_domains['%s'].dmarc has %s; %s: %s" % (domain, record, gaps, ENFORCEMENT, fixes)


@pytest.mark.parametrize(
    "domain, domains, problems",
    [
        ("brand.example", {"brand.example": {"dmarc": {"policy": "reject"}}}, []),
        ("brand.example", {"brand.example": {"dmarc": {"policy": "quarantine", "pct": 100}}}, []),
        ("brand.example", {"brand.example": {"dmarc": {"policy": "quarantine", "pct": "100", "subdomain_policy": "reject"}}}, []),
        (
            "brand.example",
            {"brand.example": {"dmarc": {"policy": "none", "rua": ["d@brand.example"]}}},
            [_problem("brand.example", "brand.example", "p=none", RAISE_POLICY)],
        ),
        (
            "brand.example",
            {"brand.example": {"dmarc": {"policy": "quarantine", "pct": 50}}},
            [_problem("brand.example", "brand.example", "pct=50", "set mailops_domains['brand.example'].dmarc.pct to 100 or remove it")],
        ),
        (
            "brand.example",
            {"brand.example": {"dmarc": {"policy": "reject", "pct": 20, "subdomain_policy": "none"}}},
            [
                _problem(
                    "brand.example",
                    "brand.example",
                    "pct=20, sp=none",
                    "set mailops_domains['brand.example'].dmarc.pct to 100 or remove it and "
                    "set mailops_domains['brand.example'].dmarc.subdomain_policy to quarantine or reject, or remove it",
                )
            ],
        ),
        (
            "brand.example",
            {"brand.example": {"spf": {"include": ["amazonses.com"]}}},
            [
                "mailops_domains['brand.example'].bimi needs DMARC at enforcement, but mailops_domains['brand.example'].dmarc is not set; "
                "%s: set mailops_domains['brand.example'].dmarc with policy quarantine or reject" % ENFORCEMENT
            ],
        ),
        # a subdomain: the DMARC of its organizational domain counts as well (BIMI draft section 7.1)
        ("news.brand.example", {"news.brand.example": {}, "brand.example": {"dmarc": {"policy": "reject"}}}, []),
        ("news.brand.example", {"news.brand.example": {"dmarc": {"policy": "quarantine"}}, "brand.example": {"dmarc": {"policy": "reject"}}}, []),
        (
            "news.brand.example",
            {"news.brand.example": {"dmarc": {"policy": "reject"}}, "brand.example": {"dmarc": {"policy": "none"}}},
            [
                _problem(
                    "news.brand.example",
                    "brand.example",
                    "p=none",
                    RAISE_POLICY,
                )
            ],
        ),
        (
            "news.brand.example",
            {"news.brand.example": {}, "brand.example": {"dmarc": {"policy": "reject", "subdomain_policy": "none"}}},
            [
                _problem(
                    "news.brand.example",
                    "brand.example",
                    "sp=none",
                    "set mailops_domains['brand.example'].dmarc.subdomain_policy to quarantine or reject, or remove it",
                )
            ],
        ),
        (
            "news.brand.example",
            {"news.brand.example": {"dmarc": {"policy": "none"}}, "brand.example": {"dmarc": {"policy": "quarantine", "pct": 10}}},
            [
                _problem(
                    "news.brand.example",
                    "news.brand.example",
                    "p=none",
                    "set mailops_domains['news.brand.example'].dmarc.policy to quarantine or reject once the aggregate reports show all mail aligned",
                ),
                _problem("news.brand.example", "brand.example", "pct=10", "set mailops_domains['brand.example'].dmarc.pct to 100 or remove it"),
            ],
        ),
        (
            "news.brand.example",
            {"news.brand.example": {}},
            [
                "mailops_domains['news.brand.example'].bimi needs DMARC at enforcement, but neither mailops_domains['news.brand.example'].dmarc "
                "nor mailops_domains['brand.example'].dmarc is set; %s: set mailops_domains['news.brand.example'].dmarc with policy quarantine or reject"
                % ENFORCEMENT
            ],
        ),
        # invalid DMARC options are the DMARC checks' to report
        ("brand.example", {"brand.example": {"dmarc": {"policy": "block"}}}, []),
    ],
)
def test_enforcement_problems(domain, domains, problems):
    assert _bimi.enforcement_problems(domain, domains[domain], domains) == problems


def test_enforcement_problems_without_the_other_domains_sees_only_the_domain_itself():
    assert _bimi.enforcement_problems("news.brand.example", {"dmarc": {"policy": "reject"}}) == []
    assert _bimi.enforcement_problems("Brand.Example.", {"dmarc": {"policy": "none"}}, where="w") == [
        "w.bimi needs DMARC at enforcement, but w.dmarc has p=none; %s: "
        "set w.dmarc.policy to quarantine or reject once the aggregate reports show all mail aligned" % ENFORCEMENT
    ]


def test_module_imports_only_stdlib_and_the_core_in_python38_syntax():
    with open(_bimi.__file__) as handle:
        tree = ast.parse(handle.read(), feature_version=(3, 8))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {
        "__future__",
        "re",
        "ansible_collections.mailops.ses.plugins.module_utils._dns",
        "ansible_collections.mailops.ses.plugins.module_utils._problems",
    }
