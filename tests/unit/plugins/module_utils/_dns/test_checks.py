"""Table tests for the email-authentication verdicts, with a scripted ``lookup`` and ``resolve``."""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns import checks as _checks
from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf

PUBLISH = "publish it (mailops.ses.dns_record_sets) and wait for every server to serve it"
MX_US = "10 feedback-smtp.us-east-1.amazonses.com."
MAIL_FROM_SPF = "v=spf1 include:amazonses.com ~all"


def served(*values, **kwargs):
    return {"server": kwargs.get("server", "ns1:53"), "status": kwargs.get("status", "NOERROR" if values else "NODATA"), "values": list(values)}


def nxdomain(server="ns1:53"):
    return {"server": server, "status": "NXDOMAIN", "values": []}


class Lookup:
    """``lookup(name, type)`` answering from a table; every call is recorded, unknown names are NXDOMAIN on both servers."""

    def __init__(self, table):
        self.table = table
        self.calls = []

    def __call__(self, name, rtype):
        self.calls.append((name, rtype))
        return self.table.get((name, rtype), [nxdomain("ns1:53"), nxdomain("ns2:53")])


class Resolve:
    """``resolve(domain)`` for SPF lookup counting, answering from a table; unknown names do not exist (None)."""

    def __init__(self, table):
        self.table = table
        self.calls = []

    def __call__(self, domain):
        self.calls.append(domain)
        return self.table.get(domain)


# ---------------------------------------------------------------- verdict and summary


@pytest.mark.parametrize(
    "status, fix, result",
    [
        ("pass", "do x", {"check": "c", "name": "n", "status": "pass", "evidence": "e"}),
        ("warn", "do x", {"check": "c", "name": "n", "status": "warn", "evidence": "e", "fix": "do x"}),
        ("fail", "do x", {"check": "c", "name": "n", "status": "fail", "evidence": "e", "fix": "do x"}),
        ("fail", None, {"check": "c", "name": "n", "status": "fail", "evidence": "e"}),
    ],
)
def test_verdict(status, fix, result):
    assert _checks.verdict("c", "n", status, "e", fix) == result


@pytest.mark.parametrize(
    "statuses, counts",
    [
        ([], {"pass": 0, "warn": 0, "fail": 0}),
        (["pass", "pass", "warn"], {"pass": 2, "warn": 1, "fail": 0}),
        (["fail", "warn", "fail", "pass"], {"pass": 1, "warn": 1, "fail": 2}),
    ],
)
def test_summary(statuses, counts):
    assert _checks.summary([{"status": status} for status in statuses]) == counts


# ---------------------------------------------------------------- check_expected


def test_check_expected_pass_fail_and_placeholders():
    lookup = Lookup(
        {
            ("t1._domainkey.example.com.", "CNAME"): [served("t1.dkim.amazonses.com.", server="ns1:53"), served("t1.dkim.amazonses.com.", server="ns2:53")],
            ("mail.example.com.", "MX"): [served(MX_US, server="ns1:53"), served(server="ns2:53")],
            ("mail.example.com.", "TXT"): [served(MAIL_FROM_SPF, "other", server="ns1:53"), served("other", server="ns2:53")],
            ("_amazonses.example.com.", "TXT"): [served("tokA", "tokB")],
            ("_dmarc.example.com.", "TXT"): [served("v=DMARC1; p=none")],
            ("www.example.com.", "A"): [served("192.0.2.1")],
        }
    )
    records = [
        {"name": "t1._domainkey.example.com.", "type": "CNAME", "values": ["t1.dkim.amazonses.com."]},
        {"name": "pending-dkim-token-1._domainkey.example.com.", "type": "CNAME", "values": ["pending-dkim-token-1.dkim.amazonses.com."], "placeholder": True},
        {"name": "mail.example.com.", "type": "MX", "values": [MX_US]},
        {"name": "mail.example.com.", "type": "TXT", "values": [MAIL_FROM_SPF]},
        {"name": "_amazonses.example.com.", "type": "TXT", "values": ["tokB", "tokA"]},
        {"name": "_dmarc.example.com.", "type": "TXT", "values": ["v=DMARC1; p=reject"]},
        {"name": "www.example.com.", "type": "A", "values": ["192.0.2.1"]},
        {"name": "gone.example.com.", "type": "TXT", "values": ["x"]},
    ]
    assert _checks.check_expected(records, lookup) == [
        {"check": "dkim", "name": "t1._domainkey.example.com.", "status": "pass", "evidence": "t1._domainkey.example.com. CNAME served by ns1:53, ns2:53"},
        {
            "check": "record",
            "name": "pending-dkim-token-1._domainkey.example.com.",
            "status": "warn",
            "evidence": "pending-dkim-token-1._domainkey.example.com. CNAME has placeholder values (SES has not generated tokens yet)",
            "fix": "run again after the identity exists",
        },
        {
            "check": "mail_from_mx",
            "name": "mail.example.com.",
            "status": "fail",
            "evidence": "expected mail.example.com. MX ['%s']; seen ns2:53: NODATA" % MX_US,
            "fix": PUBLISH,
        },
        {
            "check": "spf_record",
            "name": "mail.example.com.",
            "status": "fail",
            "evidence": "expected mail.example.com. TXT ['%s']; seen ns2:53: NOERROR ['other']" % MAIL_FROM_SPF,
            "fix": PUBLISH,
        },
        {"check": "verification", "name": "_amazonses.example.com.", "status": "pass", "evidence": "_amazonses.example.com. TXT served by ns1:53"},
        {
            "check": "dmarc_record",
            "name": "_dmarc.example.com.",
            "status": "fail",
            "evidence": "expected _dmarc.example.com. TXT ['v=DMARC1; p=reject']; seen ns1:53: NOERROR ['v=DMARC1; p=none']",
            "fix": PUBLISH,
        },
        {"check": "record", "name": "www.example.com.", "status": "pass", "evidence": "www.example.com. A served by ns1:53"},
        {
            "check": "record",
            "name": "gone.example.com.",
            "status": "fail",
            "evidence": "expected gone.example.com. TXT ['x']; seen ns1:53: NXDOMAIN; ns2:53: NXDOMAIN",
            "fix": PUBLISH,
        },
    ]
    # a placeholder is never looked up
    assert lookup.calls == [
        ("t1._domainkey.example.com.", "CNAME"),
        ("mail.example.com.", "MX"),
        ("mail.example.com.", "TXT"),
        ("_amazonses.example.com.", "TXT"),
        ("_dmarc.example.com.", "TXT"),
        ("www.example.com.", "A"),
        ("gone.example.com.", "TXT"),
    ]


@pytest.mark.parametrize(
    "name, rtype, values, check",
    [
        ("s1._domainkey.example.com.", "TXT", ["v=DKIM1; k=rsa; p=PUB"], "dkim"),
        ("_amazonses.example.com.", "TXT", ["tok"], "verification"),
        ("_dmarc.example.com.", "TXT", ["v=DMARC1; p=none"], "dmarc_record"),
        ("default._bimi.example.com.", "TXT", ["v=BIMI1; l=https://example.com/logo.svg"], "bimi_record"),
        ("mail.example.com.", "MX", [MX_US], "mail_from_mx"),
        ("mail.example.com.", "MX", ["10 mx.example.net."], "record"),
        ("example.com.", "TXT", ["hello", "V=SPF1 -all"], "spf_record"),
        ("example.com.", "TXT", ["v=spf10 -all"], "record"),
        ("example.com.", "MX", ["v=spf1 -all"], "record"),
    ],
)
def test_record_check_names(name, rtype, values, check):
    result = _checks.check_expected([{"name": name, "type": rtype, "values": values}], Lookup({(name, rtype): [served(*values)]}))
    assert [(r["check"], r["status"]) for r in result] == [(check, "pass")]


# ---------------------------------------------------------------- check_dmarc

DMARC = "_dmarc.example.com."
SPF_FIX = "use aspf=r (relaxed) so a MAIL FROM subdomain aligns, or send From the MAIL FROM domain"
DKIM_FIX = "sign with a domain identity for the From domain (an address identity signs as amazonses.com)"


def test_check_dmarc_without_a_record():
    lookup = Lookup({(DMARC, "TXT"): [served("not dmarc", server="ns1:53"), nxdomain("ns2:53")]})
    assert _checks.check_dmarc("example.com", ["mail.example.com"], ["example.com"], lookup) == [
        {
            "check": "dmarc",
            "name": DMARC,
            "status": "fail",
            "evidence": "no v=DMARC1 record at _dmarc.example.com. (ns1:53: NOERROR ['not dmarc']; ns2:53: NXDOMAIN)",
            "fix": "publish one, p=none to start: mailops_domains['example.com'].dmarc.policy",
        }
    ]
    assert lookup.calls == [(DMARC, "TXT")]


def test_check_dmarc_with_two_records_across_servers():
    lookup = Lookup({(DMARC, "TXT"): [served("v=DMARC1; p=reject", server="ns1:53"), served("v=DMARC1; p=none", server="ns2:53")]})
    assert _checks.check_dmarc("example.com", [], [], lookup) == [
        {
            "check": "dmarc",
            "name": DMARC,
            "status": "fail",
            "evidence": "2 DMARC records at _dmarc.example.com.: ['v=DMARC1; p=none', 'v=DMARC1; p=reject']",
            "fix": "keep exactly one DMARC record",
        }
    ]


@pytest.mark.parametrize(
    "record, evidence",
    [
        # the record name ends with a dot, so the tag name follows a doubled dot
        ("v=DMARC1; p=bogus", "_dmarc.example.com..p 'bogus' is not one of none, quarantine, reject"),
        (
            "v=DMARC1; rua=x",
            "_dmarc.example.com. has no p tag; add one of p=none, p=quarantine, p=reject; "
            "_dmarc.example.com..rua 'x' is not a mailto: URI; write mailto:address@example.com",
        ),
    ],
)
def test_check_dmarc_with_an_invalid_record(record, evidence):
    lookup = Lookup({(DMARC, "TXT"): [served(record)]})
    assert _checks.check_dmarc("example.com", ["mail.example.com"], [], lookup) == [
        {"check": "dmarc", "name": DMARC, "status": "fail", "evidence": evidence, "fix": "fix the DMARC record"}
    ]


def test_check_dmarc_p_none_warns_and_relaxed_alignment_passes():
    lookup = Lookup({(DMARC, "TXT"): [served("v=DMARC1; p=none", "other")]})
    assert _checks.check_dmarc("example.com", ["mail.example.com."], ["example.com"], lookup) == [
        {
            "check": "dmarc",
            "name": DMARC,
            "status": "warn",
            "evidence": "p=none: receivers only report, they do not act (v=DMARC1; p=none)",
            "fix": "once reports show all mail aligned, move to p=quarantine, then p=reject",
            "record": "v=DMARC1; p=none",
        },
        {
            "check": "spf_alignment",
            "name": "mail.example.com.",
            "status": "pass",
            "evidence": "MAIL FROM mail.example.com. vs From domain example.com under aspf=r: aligned",
        },
        {
            "check": "dkim_alignment",
            "name": "example.com",
            "status": "pass",
            "evidence": "DKIM d=example.com vs From domain example.com under adkim=r: aligned",
        },
    ]


def test_check_dmarc_strict_alignment_fails_a_mail_from_subdomain():
    lookup = Lookup({(DMARC, "TXT"): [served("v=DMARC1; p=reject; adkim=s; aspf=s")]})
    assert _checks.check_dmarc("example.com", ["mail.example.com", "example.com"], ["example.com", "other.example.net"], lookup) == [
        {"check": "dmarc", "name": DMARC, "status": "pass", "evidence": "v=DMARC1; p=reject; adkim=s; aspf=s", "record": "v=DMARC1; p=reject; adkim=s; aspf=s"},
        {
            "check": "spf_alignment",
            "name": "mail.example.com",
            "status": "fail",
            "evidence": "MAIL FROM mail.example.com vs From domain example.com under aspf=s: not aligned",
            "fix": SPF_FIX,
        },
        {
            "check": "spf_alignment",
            "name": "example.com",
            "status": "pass",
            "evidence": "MAIL FROM example.com vs From domain example.com under aspf=s: aligned",
        },
        {
            "check": "dkim_alignment",
            "name": "example.com",
            "status": "pass",
            "evidence": "DKIM d=example.com vs From domain example.com under adkim=s: aligned",
        },
        {
            "check": "dkim_alignment",
            "name": "other.example.net",
            "status": "fail",
            "evidence": "DKIM d=other.example.net vs From domain example.com under adkim=s: not aligned",
            "fix": DKIM_FIX,
        },
    ]


def test_check_dmarc_finds_a_lower_case_record():
    lookup = Lookup({(DMARC, "TXT"): [served("v=dmarc1; p=quarantine")]})
    result = _checks.check_dmarc("example.com", [], [], lookup)
    assert result == [
        {
            "check": "dmarc",
            "name": DMARC,
            "status": "fail",
            "evidence": "_dmarc.example.com. must start with v=DMARC1, not 'v=dmarc1'",
            "fix": "fix the DMARC record",
        }
    ]


# ---------------------------------------------------------------- check_spf


def test_check_spf_missing_records_fail_where_required_and_warn_elsewhere():
    lookup = Lookup({("example.com.", "TXT"): [served("hello")]})
    assert _checks.check_spf(["mail.example.com.", "example.com."], lookup, None, required=("mail.example.com.",)) == [
        {
            "check": "spf",
            "name": "mail.example.com.",
            "status": "fail",
            "evidence": "no v=spf1 record at mail.example.com.",
            "fix": "publish v=spf1 include:amazonses.com ~all at mail.example.com.",
        },
        {
            "check": "spf",
            "name": "example.com.",
            "status": "warn",
            "evidence": "no v=spf1 record at example.com.",
            "fix": "publish v=spf1 include:amazonses.com ~all at example.com.",
        },
    ]
    assert lookup.calls == [("mail.example.com.", "TXT"), ("example.com.", "TXT")]


@pytest.mark.parametrize(
    "values, resolve, result",
    [
        (
            [MAIL_FROM_SPF],
            None,
            {"status": "pass", "evidence": "v=spf1 include:amazonses.com ~all (1 DNS lookups of 10)"},
        ),
        (
            ["v=spf1 ip4:192.0.2.1 -all"],
            {},
            {"status": "pass", "evidence": "v=spf1 ip4:192.0.2.1 -all (0 DNS lookups of 10)"},
        ),
        # nested lookups are counted through resolve
        (
            ["v=spf1 include:amazonses.com mx ~all"],
            {"amazonses.com": ["v=spf1 include:a.example.net include:b.example.net -all"], "a.example.net": ["v=spf1 -all"], "b.example.net": ["v=spf1 -all"]},
            {"status": "pass", "evidence": "v=spf1 include:amazonses.com mx ~all (4 DNS lookups of 10)"},
        ),
        # a target resolve cannot answer is counted once and named
        (
            ["v=spf1 include:amazonses.com include:_spf.google.com ~all"],
            {"amazonses.com": ["v=spf1 ip4:192.0.2.0/24 -all"], "_spf.google.com": _spf.UNKNOWN},
            {
                "status": "pass",
                "evidence": "v=spf1 include:amazonses.com include:_spf.google.com ~all "
                "(2 DNS lookups of 10; nested lookups of _spf.google.com not counted (not answerable here))",
            },
        ),
        (
            ["v=spf1 include:nowhere.example.com ~all"],
            {},
            {
                "status": "fail",
                "evidence": "spf at example.com.: include:nowhere.example.com points at nowhere.example.com, which has no SPF record; "
                "receivers return permerror",
                "fix": "fix the SPF record at example.com.",
            },
        ),
        (
            [MAIL_FROM_SPF, "v=spf1 -all"],
            None,
            {
                "status": "fail",
                "evidence": "example.com. has 2 v=spf1 records; receivers treat that as a permanent error (RFC 7208 3.2); merge them into one",
                "fix": "fix the SPF record at example.com.",
            },
        ),
        (
            ["v=spf1 foo ~all"],
            None,
            {
                "status": "fail",
                "evidence": "example.com. term 'foo' is not a known mechanism; use one of all, include, a, mx, ptr, ip4, ip6, exists",
                "fix": "fix the SPF record at example.com.",
            },
        ),
        (
            ["v=spf1 " + " ".join("a:h%d.example.com" % n for n in range(11)) + " -all"],
            None,
            {
                "status": "fail",
                "evidence": "spf at example.com.: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes",
                "fix": "fix the SPF record at example.com.",
            },
        ),
    ],
)
def test_check_spf_one_name(values, resolve, result):
    lookup = Lookup({("example.com.", "TXT"): [served(*(values + ["unrelated"]))]})
    assert _checks.check_spf(["example.com."], lookup, Resolve(resolve) if resolve is not None else None) == [
        dict({"check": "spf", "name": "example.com."}, **result)
    ]


def test_check_spf_each_walk_asks_resolve_once_per_name():
    resolve = Resolve({"amazonses.com": ["v=spf1 ip4:192.0.2.0/24 -all"]})
    lookup = Lookup({("example.com.", "TXT"): [served("v=spf1 include:amazonses.com include:AmazonSES.com. ~all")]})
    assert [r["status"] for r in _checks.check_spf(["example.com."], lookup, resolve)] == ["pass"]
    # validate, count_lookups and unresolved_targets each walk once; each walk asks once per name
    assert resolve.calls == ["amazonses.com", "amazonses.com", "amazonses.com"]


# ---------------------------------------------------------------- facts_from_records


@pytest.mark.parametrize(
    "records, facts",
    [
        ([], ([], [], [])),
        (
            [
                {"name": "t1._domainkey.example.com.", "type": "CNAME", "values": ["t1.dkim.amazonses.com."]},
                {"name": "mail.example.com.", "type": "MX", "values": [MX_US]},
                {"name": "mail.example.com.", "type": "TXT", "values": [MAIL_FROM_SPF]},
                {"name": "mail2.example.com.", "type": "MX", "values": ["10 feedback-smtp.eu-west-1.amazonses.com."]},
                {"name": "mail.example.com.", "type": "MX", "values": [MX_US]},
                {"name": "example.com.", "type": "TXT", "values": ["hello", "v=spf1 -all"]},
                {"name": "_amazonses.example.com.", "type": "TXT", "values": ["tok"]},
                {"name": "other.example.com.", "type": "MX", "values": ["10 mx.example.net."]},
            ],
            (["mail.example.com", "mail2.example.com"], ["example.com"], ["example.com.", "mail.example.com."]),
        ),
        (
            [{"name": "s1._domainkey.example.com.", "type": "TXT", "values": ["v=DKIM1; k=rsa; p=PUB"]}],
            ([], ["example.com"], []),
        ),
    ],
)
def test_facts_from_records(records, facts):
    assert _checks.facts_from_records("example.com", records) == facts


# ---------------------------------------------------------------- BIMI and DMARC report authorizations

BIMI_NAME = "default._bimi.example.com."
BIMI_RECORD = {"name": BIMI_NAME, "type": "TXT", "values": ["v=BIMI1; l=https://example.com/logo.svg"], "placeholder": False}
ENFORCEMENT = "mailbox providers show a BIMI logo only with p=quarantine or p=reject, pct=100 or no pct, and no sp=none"
BIMI_FIX = "raise mailops_domains['example.com'].dmarc to policy quarantine or reject, with pct 100 (or none) and no subdomain_policy none"


@pytest.mark.parametrize(
    "results, record",
    [
        ([], None),
        ([{"check": "dmarc", "status": "fail"}], None),
        ([{"check": "record"}, {"check": "dmarc", "status": "warn", "record": "v=DMARC1; p=none"}], "v=DMARC1; p=none"),
    ],
)
def test_served_dmarc_record(results, record):
    assert _checks.served_dmarc_record(results) == record


@pytest.mark.parametrize(
    "dmarc_record, result",
    [
        (
            "v=DMARC1; p=reject",
            {"check": "bimi", "name": BIMI_NAME, "status": "pass", "evidence": "DMARC of example.com is at enforcement (v=DMARC1; p=reject)"},
        ),
        (
            "v=DMARC1; p=quarantine; pct=100",
            {"check": "bimi", "name": BIMI_NAME, "status": "pass", "evidence": "DMARC of example.com is at enforcement (v=DMARC1; p=quarantine; pct=100)"},
        ),
        (
            "v=DMARC1; p=none; rua=mailto:d@example.com",
            {
                "check": "bimi",
                "name": BIMI_NAME,
                "status": "fail",
                "evidence": "_dmarc.example.com serves p=none (v=DMARC1; p=none; rua=mailto:d@example.com); " + ENFORCEMENT,
                "fix": BIMI_FIX,
            },
        ),
        (
            "v=DMARC1; p=reject; sp=none; pct=50",
            {
                "check": "bimi",
                "name": BIMI_NAME,
                "status": "fail",
                "evidence": "_dmarc.example.com serves pct=50, sp=none (v=DMARC1; p=reject; sp=none; pct=50); " + ENFORCEMENT,
                "fix": BIMI_FIX,
            },
        ),
        (
            None,
            {
                "check": "bimi",
                "name": BIMI_NAME,
                "status": "fail",
                "evidence": "no valid DMARC record served at _dmarc.example.com; " + ENFORCEMENT,
                "fix": BIMI_FIX,
            },
        ),
    ],
)
def test_check_bimi(dmarc_record, result):
    records = [{"name": "x._domainkey.example.com.", "type": "CNAME", "values": ["x.dkim.amazonses.com."]}, BIMI_RECORD]
    assert _checks.check_bimi("example.com", records, dmarc_record) == [result]


def test_check_bimi_without_a_bimi_record_says_nothing():
    assert _checks.check_bimi("example.com", [{"name": "_dmarc.example.com.", "type": "TXT", "values": ["v=DMARC1; p=none"]}], "v=DMARC1; p=none") == []


AUTH = "example.com._report._dmarc.reports.example.net."
UNAUTHORIZED = "the DMARC record of example.com sends reports to reports.example.net, outside its organizational domain, but no v=DMARC1 TXT at " + AUTH
AUTH_FIX = (
    'publish TXT "v=DMARC1" at example.com._report._dmarc.reports.example.net. (the collection does when a zone of mailops_dns_zones holds '
    "reports.example.net; otherwise ask its owner), or send rua/ruf to an address in example.com; until then receivers send reports.example.net no reports"
)


@pytest.mark.parametrize(
    "dmarc_record, table, results",
    [
        (None, {}, []),
        ("v=DMARC1; p=none", {}, []),
        # the same organizational domain needs no authorization, and nothing is asked
        ("v=DMARC1; p=none; rua=mailto:d@example.com,mailto:e@reports.example.com", {}, []),
        (
            "v=DMARC1; p=none; rua=mailto:d@reports.example.net",
            {(AUTH, "TXT"): [served("v=DMARC1", server="ns1:53"), served("v=DMARC1; rua=mailto:x@reports.example.net", server="ns2:53")]},
            [
                {
                    "check": "dmarc_report_authorization",
                    "name": AUTH,
                    "status": "pass",
                    "evidence": AUTH + " TXT v=DMARC1 served by ns1:53, ns2:53: reports.example.net accepts the DMARC reports of example.com",
                }
            ],
        ),
        (
            "v=DMARC1; p=none; rua=mailto:d@reports.example.net",
            {},
            [
                {
                    "check": "dmarc_report_authorization",
                    "name": AUTH,
                    "status": "warn",
                    "evidence": UNAUTHORIZED + " (seen ns1:53: NXDOMAIN; ns2:53: NXDOMAIN)",
                    "fix": AUTH_FIX,
                }
            ],
        ),
        (
            "v=DMARC1; p=none; ruf=mailto:d@reports.example.net",
            {(AUTH, "TXT"): [served("v=DMARC1", server="ns1:53"), served("v=spf1 -all", server="ns2:53")]},
            [
                {
                    "check": "dmarc_report_authorization",
                    "name": AUTH,
                    "status": "warn",
                    "evidence": UNAUTHORIZED + " (seen ns2:53: NOERROR ['v=spf1 -all'])",
                    "fix": AUTH_FIX,
                }
            ],
        ),
        (
            "v=DMARC1; p=none; rua=mailto:d@reports.example.net",
            {(AUTH, "TXT"): [{"server": "127.0.0.1:53", "status": "ERROR", "values": []}]},
            [
                {
                    "check": "dmarc_report_authorization",
                    "name": AUTH,
                    "status": "warn",
                    "evidence": UNAUTHORIZED + " (seen 127.0.0.1:53: ERROR)",
                    "fix": AUTH_FIX,
                }
            ],
        ),
    ],
)
def test_check_report_authorization(dmarc_record, table, results):
    lookup = Lookup(table)
    assert _checks.check_report_authorization("example.com", dmarc_record, lookup) == results
    assert lookup.calls == [(r["name"], "TXT") for r in results]


def test_check_report_authorization_asks_once_per_destination_in_name_order():
    lookup = Lookup({})
    record = "v=DMARC1; p=reject; rua=mailto:a@z.example.org,mailto:b@reports.example.net; ruf=mailto:c@reports.example.net!1m,mailto:d@news.example.com"
    results = _checks.check_report_authorization("news.example.com", record, lookup)
    assert [(r["name"], r["status"]) for r in results] == [
        ("news.example.com._report._dmarc.reports.example.net.", "warn"),
        ("news.example.com._report._dmarc.z.example.org.", "warn"),
    ]
    assert len(lookup.calls) == 2
