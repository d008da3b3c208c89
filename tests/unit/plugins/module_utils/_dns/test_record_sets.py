"""Table tests for the options of dns_record_sets: every problem found before any I/O, and SPF values merged."""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns import record_sets as _record_sets
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordSet

INVALID_LABEL = "(letters, digits, '-' and '_' only, 1-63 characters, no '-' at either end)"
TSIG = "key_name and key_secret (a TSIG key) are required with provider=rfc2136; generate one with tsig-keygen and allow it in the zone's allow-update"
TOO_MANY = "spf at example.com. TXT: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes"
SIX = "v=spf1 " + " ".join("include:i%d.example.com" % n for n in range(6)) + " ~all"
FIVE = "v=spf1 " + " ".join("include:j%d.example.com" % n for n in range(5)) + " -all"
ELEVEN = "v=spf1 " + " ".join("include:i%d.example.com" % n for n in range(11)) + " ~all"


def params(**options):
    """Module parameters as AnsibleModule hands them over: every option, with its default."""
    result = {name: spec.get("default") for name, spec in _record_sets.argument_spec().items()}
    result.update(options)
    return result


def a(name, *values):
    return {"name": name, "type": "A", "values": list(values)}


def txt(name, *values):
    return {"name": name, "type": "TXT", "values": list(values)}


def test_argument_spec_defaults():
    assert params(provider="route53", zone="example.com", record_sets=[]) == {
        "provider": "route53",
        "zone": "example.com",
        "record_sets": [],
        "remove_record_sets": [],
        "state": "present",
        "mode": "merge",
        "delete_threshold": 30,
        "force": False,
        "conflict_retries": 3,
        "hosted_zone_id": None,
        "private_zone": False,
        "wait": False,
        "wait_timeout": 300,
        "server": None,
        "port": 53,
        "key_name": None,
        "key_secret": None,
        "key_algorithm": "hmac-sha256",
        "timeout": 10,
        "path": None,
        "bump_serial": True,
        "octodns": None,
    }
    spec = _record_sets.argument_spec()
    assert spec["key_secret"]["no_log"] is True
    assert spec["provider"]["choices"] == ["route53", "rfc2136", "zonefile", "octodns"]


def test_valid_input_comes_back_as_record_sets():
    problems, record_sets, removals = _record_sets.validate(
        params(
            provider="route53",
            zone="example.com",
            record_sets=[a("www", "192.0.2.1"), a("www.example.com.", "192.0.2.2"), txt("@", "hello")],
            remove_record_sets=[a("old", "192.0.2.9")],
        )
    )
    assert problems == []
    assert record_sets == [RecordSet("example.com.", "TXT", 300, ["hello"]), RecordSet("www.example.com.", "A", 300, ["192.0.2.1", "192.0.2.2"])]
    assert removals == [RecordSet("old.example.com.", "A", 300, ["192.0.2.9"])]


@pytest.mark.parametrize(
    "options, problems",
    [
        (dict(provider="rfc2136"), ["server is required with provider=rfc2136", TSIG]),
        (dict(provider="rfc2136", server="192.0.2.53"), [TSIG]),
        (dict(provider="rfc2136", server="192.0.2.53", key_name="k"), [TSIG]),
        (dict(provider="rfc2136", server="192.0.2.53", key_secret="c2VjcmV0"), [TSIG]),
        (dict(provider="rfc2136", server="", key_name="k", key_secret="c2VjcmV0"), ["server is required with provider=rfc2136"]),
        (dict(provider="rfc2136", server="192.0.2.53", key_name="k", key_secret="c2VjcmV0"), []),
        (dict(provider="zonefile"), ["path is required with provider=zonefile"]),
        (dict(provider="zonefile", path="/srv/zones/example.com.zone"), []),
        (dict(provider="route53"), []),
        (dict(provider="route53", delete_threshold=-1), ["delete_threshold -1 must be a percentage between 0 and 100"]),
        (dict(provider="route53", delete_threshold=101), ["delete_threshold 101 must be a percentage between 0 and 100"]),
        (dict(provider="route53", delete_threshold=0), []),
        (dict(provider="route53", delete_threshold=100), []),
        (
            dict(provider="rfc2136", delete_threshold=500),
            ["server is required with provider=rfc2136", TSIG, "delete_threshold 500 must be a percentage between 0 and 100"],
        ),
    ],
)
def test_provider_settings_and_delete_threshold(options, problems):
    assert _record_sets.validate(params(zone="example.com", record_sets=[], **options))[0] == problems


@pytest.mark.parametrize(
    "zone, problem",
    [
        ("bad zone", "zone 'bad zone.' has an invalid label 'bad zone' " + INVALID_LABEL),
        ("", "zone: a record name is required"),
        (".", "zone: the root name is not allowed"),
    ],
)
def test_a_bad_zone_is_the_only_problem(zone, problem):
    # nothing else can be checked against a zone that is not a name
    assert _record_sets.validate(params(provider="rfc2136", zone=zone, record_sets=[a("x.example.org.", "nope")], delete_threshold=500)) == ([problem], [], [])


def test_records_outside_the_zone():
    problems, record_sets, removals = _record_sets.validate(
        params(provider="route53", zone="example.com", record_sets=[a("x.example.org.", "192.0.2.1"), a("in", "192.0.2.2")])
    )
    assert problems == ["record_sets: x.example.org. is outside zone example.com.; publish it with its own zone"]
    assert record_sets == [RecordSet("in.example.com.", "A", 300, ["192.0.2.2"]), RecordSet("x.example.org.", "A", 300, ["192.0.2.1"])]
    assert removals == []


def test_removals_outside_the_zone_name_remove_record_sets():
    problems = _record_sets.validate(params(provider="route53", zone="example.com", record_sets=[], remove_record_sets=[a("y.example.org.", "192.0.2.1")]))[0]
    assert problems == ["remove_record_sets: y.example.org. is outside zone example.com.; publish it with its own zone"]


def test_the_valid_items_are_still_checked_when_another_item_is_invalid():
    problems, record_sets, removals = _record_sets.validate(
        params(
            provider="route53",
            zone="example.com",
            record_sets=[a("x.example.org.", "192.0.2.1"), a("y", "nope"), txt("@", "v=spf1 foo ~all")],
            remove_record_sets=[{"name": "z", "type": "BOGUS", "values": ["1"]}, a("gone", "192.0.2.3")],
        )
    )
    assert problems == [
        "record_sets[1].values[0] 'nope' is not an IP address",
        "remove_record_sets[0].type 'BOGUS' is not one of A, AAAA, CAA, CNAME, MX, NS, SRV, TXT",
        "record_sets: example.com. TXT term 'foo' is not a known mechanism; use one of all, include, a, mx, ptr, ip4, ip6, exists",
        "record_sets: x.example.org. is outside zone example.com.; publish it with its own zone",
    ]
    assert record_sets == [RecordSet("x.example.org.", "A", 300, ["192.0.2.1"]), RecordSet("example.com.", "TXT", 300, ["v=spf1 foo ~all"])]
    assert removals == [RecordSet("gone.example.com.", "A", 300, ["192.0.2.3"])]


@pytest.mark.parametrize(
    "record_sets, problems, result",
    [
        # two SPF values at one name become one record; other TXT values stay
        (
            [txt("@", "v=spf1 include:amazonses.com ~all", "v=spf1 ip4:192.0.2.1 -all", "hello")],
            [],
            [RecordSet("example.com.", "TXT", 300, ["hello", "v=spf1 include:amazonses.com ip4:192.0.2.1 -all"])],
        ),
        # also when they come from two items for the same name
        (
            [txt("@", "v=spf1 include:amazonses.com ~all"), txt("example.com.", "v=spf1 mx -all")],
            [],
            [RecordSet("example.com.", "TXT", 300, ["v=spf1 include:amazonses.com mx -all"])],
        ),
        (
            [txt("@", "v=spf1 redirect=a.example.com", "v=spf1 redirect=b.example.com")],
            ["record_sets: example.com. TXT: 2 records use redirect=; a merged record can follow only one"],
            [RecordSet("example.com.", "TXT", 300, ["v=spf1 redirect=a.example.com", "v=spf1 redirect=b.example.com"])],
        ),
        (
            # each within the limit, not once merged
            [txt("@", SIX, FIVE)],
            ["record_sets: " + TOO_MANY],
            [RecordSet("example.com.", "TXT", 300, [SIX, FIVE])],
        ),
        ([txt("@", ELEVEN)], ["record_sets: " + TOO_MANY], [RecordSet("example.com.", "TXT", 300, [ELEVEN])]),
        # a bad value is reported and nothing is merged
        (
            [txt("@", "v=spf1 include:amazonses.com ~all", "v=spf1 -all ~all")],
            ["record_sets: example.com. TXT has 2 all terms; keep one"],
            [RecordSet("example.com.", "TXT", 300, ["v=spf1 -all ~all", "v=spf1 include:amazonses.com ~all"])],
        ),
        # SPF rules are for TXT values only
        ([{"name": "@", "type": "CAA", "values": ['0 issue "letsencrypt.org"']}], [], [RecordSet("example.com.", "CAA", 300, ['0 issue "letsencrypt.org"'])]),
    ],
)
def test_spf_values(record_sets, problems, result):
    found, checked, _removals = _record_sets.validate(params(provider="route53", zone="example.com", record_sets=record_sets))
    assert found == problems
    assert checked == result
