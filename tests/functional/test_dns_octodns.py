"""The octoDNS provider on a real PowerDNS (HTTP API, gsqlite3), through the pipeline and through dns_record_sets.

Every result is checked twice: over DNS (dnspython, TCP to PowerDNS) and through PowerDNS's HTTP API.
1. Create, merge (a foreign value in our set kept; foreign types and names never touched), replace, absent.
2. The delete threshold and force; octoDNS's own thresholds never block.  3. Check mode writes nothing (serial and
   records unchanged, write counter 0); a rerun writes nothing.  4. TXT exact on the wire.  5. A writer between our
   read and our write is detected and re-planned.  6. PowerDNS down / a wrong API key: a clear error, nothing
   half-applied, a rerun finishes.  7. The octodns option (api_key) never shows in any output.
"""

import sys
import textwrap

import pytest
import yaml
from testkit.modules import run_module
from testkit.playbook import run_playbook
from testkit.powerdns import PowerDns, PowerDnsApiError, pdns_binary

from ansible_collections.mailops.ses.plugins.module_utils._dns.plan import PlanError, make_plan
from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.octodns import OctodnsProvider
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ConcurrentChange, ProviderError, publish
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import record_sets_from_input

pytest.importorskip("octodns_powerdns")

ZONE = "example.com."
CLASS = "octodns_powerdns.PowerDnsProvider"
# what another tool (or a person) put in the zone: kept whatever we do
FOREIGN = [
    ("example.com.", "TXT", 300, ['"google-site-verification=abc123"', '"v=spf1 include:_spf.google.com -all"']),
    ("example.com.", "CAA", 300, ['0 issue "letsencrypt.org"']),
    ("example.com.", "HINFO", 300, ['"PC" "Linux"']),  # a type octoDNS cannot read at all
    ("www.example.com.", "A", 300, ["192.0.2.80"]),
    ("_amazonses.example.com.", "TXT", 300, ['"token-of-another-account"']),
]
DKIM_LONG = "v=DKIM1; k=rsa; p=" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" * 9  # 414 bytes
OURS = [
    {"name": "_amazonses", "type": "TXT", "values": ["token-account-a"]},
    {"name": "mail", "type": "MX", "values": ["10 feedback-smtp.us-east-1.amazonses.com"]},
    {"name": "mail", "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all"]},
    {"name": "_dmarc", "type": "TXT", "values": ["v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; pct=100"]},
    {"name": "t1._domainkey", "type": "CNAME", "values": ["t1.dkim.amazonses.com"]},
    {"name": "s1._domainkey", "type": "TXT", "values": [DKIM_LONG]},
]


def require_powerdns():
    if not pdns_binary():
        pytest.fail("PowerDNS is required: the test command installs it with apt-get install pdns-server pdns-backend-sqlite3 sqlite3")


@pytest.fixture(scope="session")
def powerdns_server():
    """One PowerDNS per test session (per xdist worker); tests that stop a server start their own."""
    require_powerdns()
    server = PowerDns().start()
    yield server
    server.stop()


@pytest.fixture
def pdns(powerdns_server):
    powerdns_server.reset_zone(ZONE, FOREIGN)
    return powerdns_server


def settings(pdns, **overrides):
    return dict({"class": CLASS, "host": "127.0.0.1", "port": pdns.api_port, "api_key": pdns.api_key}, **overrides)


def provider(pdns, **overrides):
    return OctodnsProvider(ZONE, settings(pdns, **overrides))


def desired(items):
    return record_sets_from_input(items, zone=ZONE)


def module_args(pdns, **extra):
    return dict({"provider": "octodns", "zone": "example.com", "octodns": settings(pdns), "record_sets": OURS}, **extra)


def api_state(pdns):
    """The zone through the API: {(name, type): (ttl, contents)}, SOA left out (its serial moves with every write)."""
    return {key: value for key, value in pdns.rrsets(ZONE).items() if key[1] != "SOA"}


def foreign_untouched(pdns):
    """Every foreign record set except _amazonses (which we merge into) is exactly as it was; SOA and NS too."""
    state = pdns.rrsets(ZONE)
    for name, rtype, ttl, contents in FOREIGN:
        if name.startswith("_amazonses"):
            continue
        if (name, rtype) == ("example.com.", "TXT"):
            continue  # the apex SPF may be merged by a test that publishes one
        assert state[(name, rtype)] == (ttl, sorted(contents)), (name, rtype, state.get((name, rtype)))
    assert state[("example.com.", "NS")] == (3600, ["ns1.example.com."])
    assert state[("ns1.example.com.", "A")] == (300, ["127.0.0.1"])
    soa = state[("example.com.", "SOA")][1][0].split()
    assert soa[:2] == ["ns1.example.com.", "hostmaster.example.com."] and soa[3:] == ["10800", "3600", "604800", "300"]
    assert pdns.query("www.example.com.", "A") == ["192.0.2.80"]
    assert pdns.query("example.com.", "CAA") == ['0 issue "letsencrypt.org"']
    assert pdns.query("example.com.", "HINFO") == ['"PC" "Linux"']
    return True


def joined_txt(pdns, name):
    return sorted(b"".join(strings).decode() for strings in pdns.txt(name))


# -- the pipeline -------------------------------------------------------------------------------------


def test_create_keeps_foreign_records_and_rerun_writes_nothing(pdns):
    serial = pdns.serial(ZONE)
    first = provider(pdns)
    result = publish(first, ZONE, desired(OURS))
    assert result.plan.summary() == {"create": 5, "update": 1, "delete": 0}
    assert (result.attempts, result.writes, first.reads, first.writes) == (1, 1, 3, 1)
    assert pdns.serial(ZONE) > serial
    assert joined_txt(pdns, "_amazonses.example.com.") == ["token-account-a", "token-of-another-account"]
    assert pdns.query("mail.example.com.", "MX") == ["10 feedback-smtp.us-east-1.amazonses.com."]
    assert pdns.query("t1._domainkey.example.com.", "CNAME") == ["t1.dkim.amazonses.com."]
    assert foreign_untouched(pdns)
    assert joined_txt(pdns, "example.com.") == ["google-site-verification=abc123", "v=spf1 include:_spf.google.com -all"]
    serial, state = pdns.serial(ZONE), api_state(pdns)
    again = provider(pdns)
    rerun = publish(again, ZONE, desired(OURS))
    assert not rerun.plan and (rerun.writes, again.reads, again.writes) == (0, 1, 0)
    assert pdns.serial(ZONE) == serial and api_state(pdns) == state


def test_merge_into_a_foreign_spf_then_absent_takes_only_ours_out(pdns):
    spf = [{"name": "@", "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all"]}]
    publish(provider(pdns), ZONE, desired(spf))
    assert joined_txt(pdns, "example.com.") == ["google-site-verification=abc123", "v=spf1 include:_spf.google.com include:amazonses.com -all"]
    publish(provider(pdns), ZONE, desired(spf), mode="absent")
    assert joined_txt(pdns, "example.com.") == ["google-site-verification=abc123", "v=spf1 include:_spf.google.com -all"]
    assert foreign_untouched(pdns)


def test_replace_and_absent_touch_only_what_is_listed(pdns):
    publish(provider(pdns), ZONE, desired(OURS))
    publish(provider(pdns), ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["only-this"]}]), mode="replace")
    assert joined_txt(pdns, "_amazonses.example.com.") == ["only-this"]
    result = publish(provider(pdns), ZONE, desired([OURS[1], OURS[2], {"name": "_amazonses", "type": "TXT", "values": ["not-there"]}]), mode="absent")
    assert result.plan.summary() == {"create": 0, "update": 0, "delete": 2}
    state = api_state(pdns)
    assert ("mail.example.com.", "MX") not in state and ("mail.example.com.", "TXT") not in state
    assert state[("_amazonses.example.com.", "TXT")] == (300, ['"only-this"'])
    assert pdns.query("mail.example.com.", "MX") == [] and pdns.query("t1._domainkey.example.com.", "CNAME") == ["t1.dkim.amazonses.com."]
    assert foreign_untouched(pdns)


def test_delete_threshold_refuses_then_force_applies_and_octodns_does_not_object(pdns):
    many = desired([{"name": "r%d" % i, "type": "TXT", "values": ["v%d" % i]} for i in range(12)])
    publish(provider(pdns), ZONE, many)
    before = api_state(pdns)
    with pytest.raises(PlanError, match="more than the safety threshold of 30%"):
        publish(provider(pdns), ZONE, many, mode="absent")
    assert api_state(pdns) == before
    forced = provider(pdns, update_pcent_threshold=0.01, delete_pcent_threshold=0.01)  # octoDNS's own: relaxed anyway
    result = publish(forced, ZONE, many, mode="absent", force=True)
    assert result.plan.summary()["delete"] == 12 and forced.writes == 1
    assert not [key for key in api_state(pdns) if key[0].startswith("r")]
    assert foreign_untouched(pdns)


def test_check_mode_writes_nothing(pdns):
    serial, state = pdns.serial(ZONE), api_state(pdns)
    checking = provider(pdns)
    result = publish(checking, ZONE, desired(OURS), check_mode=True)
    assert result.plan.summary() == {"create": 5, "update": 1, "delete": 0}
    assert (result.writes, checking.reads, checking.writes) == (0, 1, 0)
    assert pdns.serial(ZONE) == serial and api_state(pdns) == state


def test_txt_values_are_exact_on_the_wire(pdns):
    values = {
        "_dmarc": "v=DMARC1; p=reject; sp=none; adkim=s; aspf=r; rua=mailto:a@example.com,mailto:b@example.net; fo=1",
        "mail": "v=spf1 ip4:192.0.2.0/24 include:amazonses.com -all",
        "quotes": 'say "hello"; then \\ leave',
        "unicode": "café; ünïcödé",
    }
    items = [{"name": name, "type": "TXT", "values": [value]} for name, value in values.items()]
    items.append({"name": "s1._domainkey", "type": "TXT", "values": [DKIM_LONG]})
    items.append({"name": "t1._domainkey", "type": "CNAME", "values": ["t1.dkim.amazonses.com"]})
    items.append({"name": "mail", "type": "MX", "values": ["10 feedback-smtp.eu-west-1.amazonses.com"]})
    publish(provider(pdns), ZONE, desired(items))
    for name, value in values.items():
        assert joined_txt(pdns, name + ".example.com.") == [value], name
        assert [len(s) for s in pdns.txt(name + ".example.com.")[0]] == [len(value.encode())]  # one string each
    strings = pdns.txt("s1._domainkey.example.com.")[0]
    assert len(DKIM_LONG) > 255 and [len(s) for s in strings] == [255, len(DKIM_LONG) - 255]
    assert b"".join(strings).decode() == DKIM_LONG
    assert pdns.query("t1._domainkey.example.com.", "CNAME") == ["t1.dkim.amazonses.com."]
    assert pdns.query("mail.example.com.", "MX") == ["10 feedback-smtp.eu-west-1.amazonses.com."]
    api = api_state(pdns)
    assert api[("_dmarc.example.com.", "TXT")][1] == ['"%s"' % values["_dmarc"].replace(";", "\\;")]
    assert api[("t1._domainkey.example.com.", "CNAME")][1] == ["t1.dkim.amazonses.com."]
    assert api[("mail.example.com.", "MX")][1] == ["10 feedback-smtp.eu-west-1.amazonses.com."]
    # read back: the same values, so nothing to do
    rerun = publish(provider(pdns), ZONE, desired(items))
    assert not rerun.plan


def test_txt_written_by_another_tool_in_any_spelling_is_read_exactly(pdns):
    pdns.replace_rrset("_dmarc.example.com.", "TXT", 300, ['"v=DMARC1; p=none"'], ZONE)  # ';' not escaped
    pdns.replace_rrset("split.example.com.", "TXT", 300, ['"v=DKIM1; k=rsa; " "p=ABC"'], ZONE)  # two strings
    current = provider(pdns).read({("_dmarc.example.com.", "TXT")})
    assert current[("_dmarc.example.com.", "TXT")].values == ("v=DMARC1; p=none",)
    assert current[("split.example.com.", "TXT")].values == ("v=DKIM1; k=rsa; p=ABC",)
    assert current[("example.com.", "CAA")].values == ('0 issue "letsencrypt.org"',)
    assert ("example.com.", "HINFO") not in current  # octoDNS does not read it, so it is never in a write
    same = [{"name": "_dmarc", "type": "TXT", "values": ["v=DMARC1; p=none"]}, {"name": "split", "type": "TXT", "values": ["v=DKIM1; k=rsa; p=ABC"]}]
    assert not publish(provider(pdns), ZONE, desired(same)).plan


def test_a_writer_between_read_and_apply_is_detected_and_nothing_is_lost(pdns):
    """B reads, another tool writes the same set through the API, B applies: B sees it, re-plans, and all values stay."""
    writer_b = provider(pdns)
    real_read = writer_b.read
    state = {"raced": False}

    def read_then_let_another_tool_write(keys=None):
        current = real_read(keys)
        if not state["raced"]:
            state["raced"] = True
            pdns.replace_rrset("_amazonses.example.com.", "TXT", 300, ['"token-of-another-account"', '"token-account-c"'], ZONE)
        return current

    writer_b.read = read_then_let_another_tool_write
    result = publish(writer_b, ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["token-account-b"]}]))
    assert result.attempts == 2 and writer_b.writes == 1
    assert joined_txt(pdns, "_amazonses.example.com.") == ["token-account-b", "token-account-c", "token-of-another-account"]


def test_a_writer_changing_another_set_is_not_reverted(pdns):
    """octoDNS diffs the whole zone: a desired zone built from a stale read would undo the other writer's change."""
    writer = provider(pdns)
    current = writer.read({("_amazonses.example.com.", "TXT")})
    plan = make_plan(ZONE, current, desired([{"name": "_amazonses", "type": "TXT", "values": ["mine"]}]))
    pdns.replace_rrset("www.example.com.", "A", 300, ["192.0.2.81"], ZONE)
    with pytest.raises(ConcurrentChange, match="www.example.com. A changed since it was read"):
        writer.apply(plan)
    assert writer.writes == 0 and pdns.query("www.example.com.", "A") == ["192.0.2.81"]
    assert joined_txt(pdns, "_amazonses.example.com.") == ["token-of-another-account"]
    result = publish(provider(pdns), ZONE, desired([{"name": "_amazonses", "type": "TXT", "values": ["mine"]}]))
    assert result.attempts == 1 and pdns.query("www.example.com.", "A") == ["192.0.2.81"]


def test_a_touched_set_changed_before_apply_raises_concurrent_change(pdns):
    writer = provider(pdns)
    current = writer.read({("_amazonses.example.com.", "TXT")})
    plan = make_plan(ZONE, current, desired([{"name": "_amazonses", "type": "TXT", "values": ["mine"]}]))
    serial = pdns.serial(ZONE)
    pdns.replace_rrset("_amazonses.example.com.", "TXT", 600, ['"token-of-another-account"'], ZONE)  # only the TTL moved
    with pytest.raises(ConcurrentChange, match="_amazonses.example.com. TXT changed since it was read"):
        writer.apply(plan)
    assert writer.writes == 0 and pdns.serial(ZONE) == serial + 1


@pytest.fixture
def own_pdns():
    """A PowerDNS of its own, for tests that stop it."""
    require_powerdns()
    server = PowerDns([ZONE]).start()
    for name, rtype, ttl, contents in FOREIGN:
        server.replace_rrset(name, rtype, ttl, contents, ZONE)
    yield server
    server.stop()


def test_powerdns_down_is_a_clear_error_nothing_half_applied_and_a_rerun_finishes(own_pdns):
    pdns = own_pdns
    state = api_state(pdns)
    writer = provider(pdns)
    real_apply = writer.target.apply

    def stop_then_apply(plan):
        pdns.stop(remove=False)  # after octoDNS planned, before its PATCH
        return real_apply(plan)

    writer.target.apply = stop_then_apply
    with pytest.raises(ProviderError) as exc:
        publish(writer, ZONE, desired(OURS))
    message = str(exc.value)
    assert message.startswith("zone example.com. through octoDNS provider PowerDnsProvider (octodns-powerdns): writing 6 record sets failed")
    assert "the provider's API did not answer: is it up, and are its host and port in octodns right?" in message
    assert pdns.api_key not in message and str(pdns.api_port) not in message and "127.0.0.1" not in message
    pdns.start()
    assert api_state(pdns) == state
    pdns.stop(remove=False)
    with pytest.raises(ProviderError, match="reading the zone failed"):
        publish(provider(pdns), ZONE, desired(OURS))
    down = run_module("dns_record_sets", module_args(pdns), expect_failure=True)
    assert "reading the zone failed" in down["msg"] and "did not answer" in down["msg"]
    assert down["api_calls"] == {"reads": 1, "writes": 0}
    assert_no_secret(pdns, down)
    pdns.start()
    assert api_state(pdns) == state
    rerun = run_module("dns_record_sets", module_args(pdns))
    assert rerun["summary"] == {"create": 5, "update": 1, "delete": 0} and rerun["api_calls"]["writes"] == 1
    assert joined_txt(pdns, "_amazonses.example.com.") == ["token-account-a", "token-of-another-account"]


def test_powerdns_applies_a_patch_whole_or_not_at_all(pdns):
    """What "nothing half-applied" rests on: PowerDNS rejects a PATCH with one bad record set as a whole."""
    state = api_state(pdns)
    good = {"name": "ok.example.com.", "type": "TXT", "ttl": 300, "changetype": "REPLACE", "records": [{"content": '"fine"', "disabled": False}]}
    bad = {"name": "bad.example.com.", "type": "MX", "ttl": 300, "changetype": "REPLACE", "records": [{"content": "not an mx", "disabled": False}]}
    with pytest.raises(PowerDnsApiError) as exc:
        pdns.api("PATCH", "zones/" + ZONE, {"rrsets": [good, bad]})
    assert exc.value.status == 422 and api_state(pdns) == state


def test_wrong_api_key_is_a_clear_error_and_writes_nothing(pdns):
    state, serial = api_state(pdns), pdns.serial(ZONE)
    with pytest.raises(ProviderError) as exc:
        publish(provider(pdns, api_key="wrong-key-0123456789"), ZONE, desired(OURS))
    message = str(exc.value)
    assert "reading the zone failed" in message and "the credentials were refused: check the api_key/token keys of octodns" in message
    assert "wrong-key-0123456789" not in message
    # the key refused at the write itself: the PATCH fails whole
    writer = provider(pdns)
    real_apply = writer.target.apply

    def apply_with_a_wrong_key(plan):
        writer.target._sess.headers["X-API-Key"] = "wrong-key-0123456789"
        return real_apply(plan)

    writer.target.apply = apply_with_a_wrong_key
    with pytest.raises(ProviderError, match="writing 6 record sets failed .*401"):
        publish(writer, ZONE, desired(OURS))
    assert api_state(pdns) == state and pdns.serial(ZONE) == serial
    assert publish(provider(pdns), ZONE, desired(OURS)).writes == 1


def test_unsupported_record_type_and_missing_zone_fail_before_any_write(pdns, tmp_path, monkeypatch):
    (tmp_path / "no_caa_provider.py").write_text(
        textwrap.dedent("""\
        from octodns_powerdns import PowerDnsProvider


        class NoCaaProvider(PowerDnsProvider):
            SUPPORTS = PowerDnsProvider.SUPPORTS - {"CAA"}
        """)
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    serial = pdns.serial(ZONE)
    limited = OctodnsProvider(ZONE, settings(pdns, **{"class": "no_caa_provider.NoCaaProvider"}))
    with pytest.raises(ProviderError, match="does not support record type CAA, which this plan needs"):
        publish(limited, ZONE, desired([{"name": "@", "type": "CAA", "values": ['0 issue "amazon.com"']}]))
    assert limited.reads == 0 and pdns.serial(ZONE) == serial
    elsewhere = OctodnsProvider("missing.example.", settings(pdns))
    with pytest.raises(ProviderError, match="does not exist at the provider; create it there first"):
        publish(elsewhere, "missing.example.", record_sets_from_input(OURS[:1], zone="missing.example."))
    assert elsewhere.writes == 0 and not pdns.zone_exists("missing.example.")


# -- the module ---------------------------------------------------------------------------------------


def assert_no_secret(pdns, *results):
    for result in results:
        for text in (result["_stdout"], result["_stderr"], repr(result)):
            assert pdns.api_key not in text
            assert "wrong-key-0123456789" not in text


def test_module_check_mode_diff_apply_rerun_and_counts(pdns):
    serial, state = pdns.serial(ZONE), api_state(pdns)
    checked = run_module("dns_record_sets", module_args(pdns), check_mode=True, diff=True)
    assert checked["changed"] and checked["summary"] == {"create": 5, "update": 1, "delete": 0}
    assert checked["api_calls"] == {"reads": 1, "writes": 0}
    assert pdns.serial(ZONE) == serial and api_state(pdns) == state
    diff = checked["diff"]
    assert diff["before"] == '_amazonses.example.com. 300 IN TXT "token-of-another-account"\n'
    assert '_amazonses.example.com. 300 IN TXT "token-account-a"\n_amazonses.example.com. 300 IN TXT "token-of-another-account"\n' in diff["after"]
    assert "mail.example.com. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com.\n" in diff["after"]
    assert '_dmarc.example.com. 300 IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; pct=100"\n' in diff["after"]
    assert "t1._domainkey.example.com. 300 IN CNAME t1.dkim.amazonses.com.\n" in diff["after"]
    applied = run_module("dns_record_sets", module_args(pdns), diff=True)
    assert applied["changed"] and applied["api_calls"] == {"reads": 3, "writes": 1} and applied["attempts"] == 1
    assert applied["diff"] == diff
    assert pdns.serial(ZONE) > serial and foreign_untouched(pdns)
    assert joined_txt(pdns, "_dmarc.example.com.") == ["v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com; pct=100"]
    serial = pdns.serial(ZONE)
    rerun = run_module("dns_record_sets", module_args(pdns), diff=True)
    assert not rerun["changed"] and rerun["api_calls"] == {"reads": 1, "writes": 0} and rerun["changes"] == []
    assert rerun["diff"]["before"] == rerun["diff"]["after"] == ""
    assert pdns.serial(ZONE) == serial
    assert_no_secret(pdns, checked, applied, rerun)


def test_module_state_absent_and_threshold(pdns):
    run_module("dns_record_sets", module_args(pdns))
    gone = run_module("dns_record_sets", module_args(pdns, state="absent"), expect_failure=True)
    assert "more than the safety threshold of 30%" in gone["msg"]
    assert gone["api_calls"] == {"reads": 1, "writes": 0}
    forced = run_module("dns_record_sets", module_args(pdns, state="absent", force=True))
    assert forced["summary"] == {"create": 0, "update": 1, "delete": 5} and forced["api_calls"]["writes"] == 1
    assert joined_txt(pdns, "_amazonses.example.com.") == ["token-of-another-account"]
    assert foreign_untouched(pdns)
    assert_no_secret(pdns, gone, forced)


def test_module_errors_name_the_package_class_or_type_and_never_the_options(pdns, tmp_path):
    missing = run_module(
        "dns_record_sets", module_args(pdns, octodns=settings(pdns, **{"class": "octodns_cloudflare.CloudflareProvider"})), expect_failure=True
    )
    assert "pip install octodns-cloudflare" in missing["msg"] and "CloudflareProvider" in missing["msg"]
    not_provider = run_module(
        "dns_record_sets", module_args(pdns, octodns=settings(pdns, **{"class": "octodns.source.envvar.EnvVarSource"})), expect_failure=True
    )
    assert "not a subclass of octodns.provider.base.BaseProvider" in not_provider["msg"]
    no_class = run_module("dns_record_sets", module_args(pdns, octodns={"api_key": pdns.api_key}), expect_failure=True)
    assert "octodns.class is required with provider=octodns" in no_class["msg"]
    wrong_key = run_module("dns_record_sets", module_args(pdns, octodns=settings(pdns, api_key="wrong-key-0123456789")), expect_failure=True)
    assert "through octoDNS provider PowerDnsProvider (octodns-powerdns): reading the zone failed" in wrong_key["msg"]
    assert "credentials were refused" in wrong_key["msg"]
    (tmp_path / "no_caa_provider.py").write_text(
        "from octodns_powerdns import PowerDnsProvider\n\n\nclass NoCaaProvider(PowerDnsProvider):\n    SUPPORTS = PowerDnsProvider.SUPPORTS - {'CAA'}\n"
    )
    caa = [{"name": "@", "type": "CAA", "values": ['0 issue "amazon.com"']}]
    no_caa = run_module(
        "dns_record_sets",
        module_args(pdns, record_sets=caa, octodns=settings(pdns, **{"class": "no_caa_provider.NoCaaProvider"})),
        env={"PYTHONPATH": str(tmp_path)},
        expect_failure=True,
    )
    assert "does not support record type CAA" in no_caa["msg"] and no_caa["api_calls"] == {"reads": 0, "writes": 0}
    assert_no_secret(pdns, missing, not_provider, no_class, wrong_key, no_caa)
    assert foreign_untouched(pdns) and ("_dmarc.example.com.", "TXT") not in api_state(pdns)


def test_module_secret_is_not_in_a_vvv_playbook_run_even_when_it_fails(pdns, tmp_path):
    playbook = tmp_path / "publish.yml"
    playbook.write_text(
        textwrap.dedent("""\
        - hosts: localhost
          gather_facts: false
          tasks:
            - name: Publish through octoDNS
              mailops.ses.dns_record_sets:
                provider: octodns
                zone: example.com
                octodns: "{{ octodns_settings }}"
                record_sets: "{{ ours }}"
              diff: true
            - name: Fail through octoDNS (wrong key)
              mailops.ses.dns_record_sets:
                provider: octodns
                zone: example.com
                octodns: "{{ octodns_settings | combine({'api_key': 'wrong-key-0123456789'}) }}"
                record_sets: "{{ ours }}"
              ignore_errors: true
        """)
    )
    variables = tmp_path / "vars.yml"
    variables.write_text(yaml.safe_dump({"octodns_settings": settings(pdns), "ours": OURS}))
    result = run_playbook(
        "localhost,",
        playbook=str(playbook),
        args=["-c", "local", "-vvv", "-e", "@%s" % variables, "-e", "ansible_python_interpreter=%s" % sys.executable],
    )
    assert result.rc == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.changed == 1 and "credentials were refused" in result.stdout
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in result.stdout  # -vvv printed the invocation, masked
    for text in (result.stdout, result.stderr):
        assert pdns.api_key not in text and "wrong-key-0123456789" not in text
    assert joined_txt(pdns, "_amazonses.example.com.") == ["token-account-a", "token-of-another-account"]
