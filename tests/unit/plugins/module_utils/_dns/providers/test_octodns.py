"""The octoDNS bridge without a server: value conversions (octoDNS Record <-> RecordSet), the TXT convention
octodns-powerdns reads and writes, and the apply logic against an in-memory octoDNS provider."""

import logging

import dns.rdata
import pytest

pytest.importorskip("octodns")

from octodns.provider.base import BaseProvider  # noqa: E402
from octodns.record import Record  # noqa: E402
from octodns.zone import Zone  # noqa: E402

from ansible_collections.mailops.ses.plugins.module_utils._dns.plan import PlanError, make_plan  # noqa: E402
from ansible_collections.mailops.ses.plugins.module_utils._dns.providers import octodns as bridge  # noqa: E402
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ConcurrentChange, ProviderError, publish  # noqa: E402
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordSet, record_sets_from_input  # noqa: E402

ZONE = "example.com."

TXT_CASES = [
    # decoded text, octoDNS value
    ("v=spf1 include:amazonses.com ~all", "v=spf1 include:amazonses.com ~all"),
    ("v=DMARC1; p=none; rua=mailto:dmarc@example.com", "v=DMARC1\\; p=none\\; rua=mailto:dmarc@example.com"),
    ('say "hi"', 'say \\"hi\\"'),
    ("back\\slash", "back\\\\slash"),
    ("a\\;b", "a\\\\\\;b"),
    ("café", "caf\\195\\169"),
    ("tab\there", "tab\\009here"),
    ("", ""),
    ("v=DKIM1; k=rsa; p=" + "A" * 400, "v=DKIM1\\; k=rsa\\; p=" + "A" * 400),
]


@pytest.mark.parametrize("text, value", TXT_CASES)
def test_txt_to_and_from_octodns(text, value):
    assert bridge.txt_to_octodns(text) == value
    assert bridge.txt_from_octodns(value) == text


@pytest.mark.parametrize(
    "value, text",
    [
        ('aaa" "bbb', "aaabbb"),  # a multi-string value that was not joined
        ("v=DMARC1; p=none", "v=DMARC1; p=none"),  # an unescaped ';' (lenient input) is still text
        ("x" * 600, "x" * 600),  # joined strings are longer than one DNS string
    ],
)
def test_txt_from_octodns_reads_other_spellings(value, text):
    assert bridge.txt_from_octodns(value) == text


@pytest.mark.parametrize("text, _value", TXT_CASES)
def test_txt_survives_octodns_record_processing(text, _value):
    """Record.new runs the value type's process() (quote stripping, joining of '" "'): the text must come out equal."""
    zone = Zone(ZONE, [])
    record = bridge.octodns_record(zone, RecordSet("t.example.com.", "TXT", 300, [text]))
    assert bridge.record_set_from_octodns(record).values == (text,)


def _powerdns():
    module = pytest.importorskip("octodns_powerdns")
    return module.PowerDnsProvider("unit", host="127.0.0.1", api_key="not-used", port=1)


@pytest.mark.parametrize("text, _value", TXT_CASES)
def test_powerdns_content_written_and_read_back_is_the_text_on_the_wire(text, _value):
    """What octodns-powerdns sends for our value decodes (as DNS would) to the text; what it reads back from that content
    converts to the same text."""
    provider = _powerdns()
    zone = Zone(ZONE, [])
    record = bridge.octodns_record(zone, RecordSet("t.example.com.", "TXT", 300, [text]))
    records, _type = provider._records_for_TXT(record)
    content = records[0]["content"]
    rdata = dns.rdata.from_text("IN", "TXT", _split_long(content))
    assert b"".join(rdata.strings).decode("utf-8") == text
    data = provider._data_for_TXT({"type": "TXT", "ttl": 300, "records": [{"content": content}]})
    read_back = Record.new(zone, "t", data, lenient=True)
    assert bridge.record_set_from_octodns(read_back).values == (text,)


def test_powerdns_multi_string_content_reads_as_one_value():
    provider = _powerdns()
    data = provider._data_for_TXT({"type": "TXT", "ttl": 300, "records": [{"content": '"v=DKIM1\\; k=rsa\\; p=AAA" "BBB"'}, {"content": '"v=DMARC1; p=none"'}]})
    record = Record.new(Zone(ZONE, []), "t", data, lenient=True)
    assert bridge.record_set_from_octodns(record).values == ("v=DKIM1; k=rsa; p=AAABBB", "v=DMARC1; p=none")


def _split_long(content):
    """PowerDNS splits a string over 255 bytes when it serves it; dnspython's parser needs that done first."""
    inner = content[1:-1]
    if len(inner) <= 255:
        return content
    pieces, index = [], 0
    while index < len(inner):
        end = min(index + 255, len(inner))
        while inner[end - 1] == "\\" and end < len(inner):  # never end a piece inside an escape
            end -= 1
        pieces.append(inner[index:end])
        index = end
    return " ".join('"%s"' % piece for piece in pieces)


@pytest.mark.parametrize(
    "rtype, data, values",
    [
        ("A", {"values": ["192.0.2.1", "192.0.2.2"]}, ("192.0.2.1", "192.0.2.2")),
        ("AAAA", {"values": ["2001:DB8::0:1"]}, ("2001:db8::1",)),
        ("CNAME", {"value": "T1.dkim.amazonses.com."}, ("t1.dkim.amazonses.com.",)),
        ("MX", {"values": [{"preference": 10, "exchange": "feedback-smtp.us-east-1.amazonses.com."}]}, ("10 feedback-smtp.us-east-1.amazonses.com.",)),
        ("NS", {"values": ["ns1.example.net.", "ns2.example.net."]}, ("ns1.example.net.", "ns2.example.net.")),
        ("SRV", {"values": [{"priority": 1, "weight": 2, "port": 5060, "target": "sip.example.com."}]}, ("1 2 5060 sip.example.com.",)),
        ("CAA", {"values": [{"flags": 0, "tag": "issue", "value": "amazon.com"}]}, ('0 issue "amazon.com"',)),
        ("TXT", {"values": ["v=DMARC1\\; p=reject"]}, ("v=DMARC1; p=reject",)),
    ],
)
def test_record_to_record_set_and_back(rtype, data, values):
    zone = Zone(ZONE, [])
    record = Record.new(zone, "x", dict(data, type=rtype, ttl=600), lenient=True)
    record_set = bridge.record_set_from_octodns(record)
    assert (record_set.name, record_set.type, record_set.ttl, record_set.values) == ("x.example.com.", rtype, 600, values)
    again = bridge.octodns_record(Zone(ZONE, []), record_set)
    assert again.data == record.data and again._type == rtype and again.name == "x"


def test_apex_and_types_the_collection_does_not_model():
    zone = Zone(ZONE, [])
    apex = Record.new(zone, "", {"type": "NS", "ttl": 3600, "values": ["ns1.example.com."]}, lenient=True)
    ptr = Record.new(zone, "p", {"type": "PTR", "ttl": 300, "value": "host.example.org."}, lenient=True)
    sshfp = Record.new(zone, "s", {"type": "SSHFP", "ttl": 300, "values": [{"algorithm": 1, "fingerprint_type": 1, "fingerprint": "ab" * 20}]}, lenient=True)
    for record in (apex, ptr, sshfp):
        zone.add_record(record, lenient=True)
    sets = bridge.record_sets_from_zone(zone)
    assert sets[("example.com.", "NS")].values == ("ns1.example.com.",)
    assert sets[("p.example.com.", "PTR")].values == ("host.example.org.",)
    assert sets[("s.example.com.", "SSHFP")].values == ("1 1 " + "ab" * 20,)
    assert bridge.octodns_record(Zone(ZONE, []), sets[("example.com.", "NS")]).name == ""


def test_raw_keeps_octodns_text():
    record = Record.new(Zone(ZONE, []), "_dmarc", {"type": "TXT", "ttl": 300, "values": ["v=DMARC1\\; p=none"]}, lenient=True)
    assert bridge.record_set_from_octodns(record).raw == {"v=DMARC1; p=none": "v=DMARC1\\; p=none"}


def test_pip_name():
    assert bridge.pip_name("octodns_cloudflare.CloudflareProvider") == "octodns-cloudflare"
    assert bridge.pip_name("octodns_azure.AzureProvider") == "octodns-azure"


# -- apply logic against an in-memory octoDNS provider -------------------------------------------------

STORE = {}


class MemoryProvider(BaseProvider):
    """An octoDNS provider whose zones live in ``STORE`` (name, type) -> data; ``api_key`` must be "right"."""

    SUPPORTS_GEO = False
    SUPPORTS_ROOT_NS = True
    SUPPORTS = {"A", "AAAA", "CAA", "CNAME", "MX", "NS", "SRV", "TXT", "PTR"}
    log = logging.getLogger("MemoryProvider")

    def __init__(self, id, api_key, zone_store="default", *args, **kwargs):
        super().__init__(id, *args, **kwargs)
        self.api_key = api_key
        self.zone_store = zone_store
        self.applied = []
        self.populated = 0

    def populate(self, zone, target=False, lenient=False):
        self.populated += 1
        if self.api_key != "right":
            raise Exception("401 Unauthorized for key %s" % self.api_key)
        records = STORE.get(zone.name)
        if records is None:
            return False
        for (name, _type), data in records.items():
            zone.add_record(Record.new(zone, name, data, source=self, lenient=True), lenient=True)
        return True

    def _apply(self, plan):
        self.applied.append(plan)
        records = STORE[plan.desired.name]
        for change in plan.changes:
            if change.__class__.__name__ == "Delete":
                records.pop((change.existing.name, change.existing._type))
            else:
                records[(change.new.name, change.new._type)] = dict(change.new.data, type=change.new._type)


class NoCaaProvider(MemoryProvider):
    SUPPORTS = MemoryProvider.SUPPORTS - {"CAA"}


class NotAProvider:
    pass


def stored(key):
    data = STORE[ZONE][key]
    return list(data["values"]) if "values" in data else [data["value"]]


def memory(**extra):
    return dict({"class": __name__ + ".MemoryProvider", "api_key": "right"}, **extra)


@pytest.fixture
def zone_with_foreign_records():
    STORE.clear()
    STORE[ZONE] = {
        ("", "NS"): {"type": "NS", "ttl": 3600, "values": ["ns1.example.com."]},
        ("", "TXT"): {"type": "TXT", "ttl": 300, "values": ["google-site-verification=abc", "v=spf1 include:_spf.google.com -all"]},
        ("", "CAA"): {"type": "CAA", "ttl": 300, "values": [{"flags": 0, "tag": "issue", "value": "letsencrypt.org"}]},
        ("www", "A"): {"type": "A", "ttl": 300, "values": ["192.0.2.80"]},
        ("p", "PTR"): {"type": "PTR", "ttl": 300, "value": "host.example.org."},
    }
    yield STORE[ZONE]
    STORE.clear()


def ours(items):
    return record_sets_from_input(items, zone=ZONE)


def test_merge_keeps_every_foreign_record_and_counts_calls(zone_with_foreign_records):
    provider = bridge.OctodnsProvider(ZONE, memory())
    result = publish(
        provider,
        ZONE,
        ours([{"name": "@", "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all"]}, {"name": "_amazonses", "type": "TXT", "values": ["tok"]}]),
    )
    assert result.plan.summary() == {"create": 1, "update": 1, "delete": 0}
    assert (provider.reads, provider.writes) == (3, 1)
    assert len(provider.target.applied) == 1 and len(provider.target.applied[0].changes) == 2
    store = zone_with_foreign_records
    assert stored(("", "TXT")) == ["google-site-verification=abc", "v=spf1 include:_spf.google.com include:amazonses.com -all"]
    assert stored(("www", "A")) == ["192.0.2.80"] and stored(("p", "PTR")) == ["host.example.org."]
    assert stored(("", "NS")) == ["ns1.example.com."] and ("", "CAA") in store
    again = bridge.OctodnsProvider(ZONE, memory())
    assert not publish(again, ZONE, ours([{"name": "_amazonses", "type": "TXT", "values": ["tok"]}])).plan
    assert (again.reads, again.writes) == (1, 0)


def test_octodns_thresholds_do_not_block_a_forced_plan(zone_with_foreign_records):
    """Deleting most of a zone: the collection's own threshold refuses it, force lets it through, octoDNS does not object."""
    zone_with_foreign_records.update({("t%d" % i, "TXT"): {"type": "TXT", "ttl": 300, "value": "v%d" % i} for i in range(10)})
    gone = ours([{"name": "t%d" % i, "type": "TXT", "values": ["v%d" % i]} for i in range(10)])
    with pytest.raises(PlanError, match="safety threshold"):
        publish(bridge.OctodnsProvider(ZONE, memory()), ZONE, gone, mode="absent")
    provider = bridge.OctodnsProvider(ZONE, memory(update_pcent_threshold=0.01, delete_pcent_threshold=0.01))
    result = publish(provider, ZONE, gone, mode="absent", force=True)
    assert result.plan.summary()["delete"] == 10 and provider.writes == 1
    assert not [key for key in zone_with_foreign_records if key[0].startswith("t")]


def test_a_touched_set_changed_between_read_and_apply_is_a_concurrent_change(zone_with_foreign_records):
    provider = bridge.OctodnsProvider(ZONE, memory())
    current = provider.read({("_amazonses.example.com.", "TXT")})
    plan = make_plan(ZONE, current, ours([{"name": "_amazonses", "type": "TXT", "values": ["mine"]}]))
    zone_with_foreign_records[("_amazonses", "TXT")] = {"type": "TXT", "ttl": 300, "value": "theirs"}
    with pytest.raises(ConcurrentChange, match="_amazonses.example.com. TXT changed since it was read"):
        provider.apply(plan)
    assert provider.writes == 0 and stored(("_amazonses", "TXT")) == ["theirs"]


def test_an_untouched_set_changed_between_read_and_apply_is_not_reverted(zone_with_foreign_records):
    """The desired zone was built from the first read: octoDNS would revert the other writer's change; the bridge re-plans."""
    provider = bridge.OctodnsProvider(ZONE, memory())
    real_read = provider.read
    state = {"raced": False}

    def read_then_race(keys=None):
        current = real_read(keys)
        if not state["raced"]:
            state["raced"] = True
            zone_with_foreign_records[("www", "A")] = {"type": "A", "ttl": 300, "values": ["192.0.2.81"]}
        return current

    provider.read = read_then_race
    result = publish(provider, ZONE, ours([{"name": "_amazonses", "type": "TXT", "values": ["mine"]}]))
    assert result.attempts == 2
    assert stored(("www", "A")) == ["192.0.2.81"] and stored(("_amazonses", "TXT")) == ["mine"]


def test_unsupported_type_fails_before_any_read(zone_with_foreign_records):
    provider = bridge.OctodnsProvider(ZONE, memory(**{"class": __name__ + ".NoCaaProvider"}))
    with pytest.raises(ProviderError) as exc:
        publish(provider, ZONE, ours([{"name": "@", "type": "CAA", "values": ['0 issue "amazon.com"']}]))
    assert "does not support record type CAA" in str(exc.value) and "NoCaaProvider" in str(exc.value)
    assert provider.reads == 0 and provider.writes == 0


@pytest.mark.parametrize(
    "class_path, message",
    [
        ("octodns_cloudflare.CloudflareProvider", "pip install octodns-cloudflare"),
        ("octodns_not_a_package_xyz.Provider", "pip install octodns-not-a-package-xyz"),
        (__name__ + ".NotAProvider", "not a subclass of octodns.provider.base.BaseProvider"),
        ("octodns.source.envvar.EnvVarSource", "not a subclass of octodns.provider.base.BaseProvider"),
        (__name__ + ".Missing", "has no class Missing"),
        ("PowerDnsProvider", "dotted path"),
    ],
)
def test_class_problems_are_named(class_path, message):
    with pytest.raises(ProviderError, match=message.replace(".", r"\.")):
        bridge.OctodnsProvider(ZONE, {"class": class_path, "api_key": "s3cret-key"})


def test_missing_class_and_missing_library(monkeypatch):
    with pytest.raises(ProviderError, match="octodns.class is required"):
        bridge.OctodnsProvider(ZONE, {"api_key": "x"})
    monkeypatch.setattr(bridge, "HAS_OCTODNS", False)
    with pytest.raises(ProviderError, match="needs the octoDNS library .*pip install octodns"):
        bridge.OctodnsProvider(ZONE, memory())


def test_option_values_never_appear_in_errors(zone_with_foreign_records):
    secret = "wrong-key-0123456789"
    provider = bridge.OctodnsProvider(ZONE, memory(api_key=secret, zone_store="store-name-secret"))
    with pytest.raises(ProviderError) as exc:
        publish(provider, ZONE, ours([{"name": "_amazonses", "type": "TXT", "values": ["x"]}]))
    message = str(exc.value)
    assert secret not in message and "********" in message
    assert "zone example.com. through octoDNS provider MemoryProvider" in message and "credentials were refused" in message
    with pytest.raises(ProviderError) as exc:
        bridge.OctodnsProvider(ZONE, memory(unknown_option="another-secret-value"))
    assert "another-secret-value" not in str(exc.value) and "refused its options" in str(exc.value)


def test_zone_missing_at_the_provider_is_not_created():
    STORE.clear()
    provider = bridge.OctodnsProvider(ZONE, memory())
    with pytest.raises(ProviderError, match="does not exist at the provider; create it there first"):
        publish(provider, ZONE, ours([{"name": "_amazonses", "type": "TXT", "values": ["x"]}]))
    assert provider.writes == 0 and ZONE not in STORE


def test_octodns_warnings_are_kept_not_printed(zone_with_foreign_records, capsys):
    provider = bridge.OctodnsProvider(ZONE, memory())
    publish(provider, ZONE, ours([{"name": "_amazonses", "type": "TXT", "values": ["x"]}]))
    assert capsys.readouterr().err == ""
