# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""octoDNS bridge: any octoDNS provider class (PowerDNS, Cloudflare, Azure, NS1...) behind the one contract.

``OctodnsProvider(zone, {"class": "octodns_powerdns.PowerDnsProvider", "host": ..., "api_key": ...})``
loads the class, builds it with every other key as a keyword argument and then:

read
    ``populate()`` one octoDNS ``Zone`` (one read) and convert every record to a RecordSet:
    absolute names, canonical values, TXT decoded, ``raw`` = octoDNS's own value text.
apply
    octoDNS's ``plan(desired)`` diffs the *whole* zone, so ``desired`` starts as a copy of
    every record read (types and names this collection never writes included) and only the
    plan's Changes are applied to it.  The provider's ``plan()`` populates again: its
    ``existing`` zone is the re-read just before the write.  A touched set that no longer
    equals the plan's ``before`` raises ConcurrentChange (the pipeline re-reads and re-plans);
    an octoDNS change outside the touched sets means the zone changed elsewhere since our read
    (ConcurrentChange too) or that the provider does not write back what it reads
    (ProviderError); either way nothing is written.  Then one ``apply()``, then a verifying
    ``populate()``: every touched set must equal the plan's ``after``, else ProviderError.

Concurrency: octoDNS has no compare-and-set, and neither has PowerDNS's HTTP API (a PATCH
with ``changetype: REPLACE`` overwrites the whole record set).  A writer that changes a set
we touch between the provider's ``plan()`` read and its write (milliseconds: one HTTP round
trip with PowerDNS) is overwritten and not detected; a writer in that window that changes a
set we do not touch is unaffected (its set is not in the write).  Everything before that
window is detected and re-planned, a writer right after it shows in the verification.

Thresholds: octoDNS's own safety checks (``Plan.raise_if_unsafe``: update/delete percentage,
root NS changes) are run by its Manager only; this bridge never calls them and also sets the
provider's ``update_pcent_threshold``/``delete_pcent_threshold`` to 1.0 (100%), so they cannot
block a correct plan.  The collection's own ``delete_threshold`` and ``force`` (``plan.py``)
apply as for every provider.

TXT: octoDNS holds a TXT/SPF value as the text between the quotes of its zone-file form, with
``;`` escaped as ``\\;`` and the character strings of a long value joined into one
(``v=DMARC1\\; p=none``, ``say \\"hi\\"``, ``caf\\195\\169``); octodns-powerdns reads and
writes exactly that.  ``txt_from_octodns``/``txt_to_octodns`` convert it to and from the
decoded text, so a value over 255 bytes is one value here and PowerDNS splits it into
strings on the wire.

Counts: ``reads`` counts populate() calls (ours and the one inside the provider's ``plan()``),
``writes`` counts apply() calls.  octodns-powerdns sends one HTTP request for either; other
octoDNS providers may send several per call (their own pagination and batching).

Secrets: every option value (``api_key``, tokens, host...) is scrubbed from every message;
the provider is named by its class and package only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import logging

try:
    from octodns.provider.base import BaseProvider
    from octodns.record import Record
    from octodns.zone import Zone

    HAS_OCTODNS = True
except ImportError:
    HAS_OCTODNS = False

from ansible_collections.mailops.ses.plugins.module_utils._dns import txt as _txt
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ConcurrentChange, ProviderError
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordError, RecordSet, absolute, canonical_value, relative

PROVIDER_ID = "mailops-ses"
MASK = "********"
MIN_SCRUB_LENGTH = 3  # shorter option values (a port "53" is 2) would shred messages; Ansible masks them anyway
TXT_TYPES = ("TXT", "SPF")
SINGLE_VALUE_TYPES = ("CNAME", "ALIAS", "DNAME")
MISSING_OCTODNS = (
    "the octodns provider needs the octoDNS library on the host that runs the module: pip install octodns "
    "(and the package of the provider class, for example pip install octodns-powerdns)"
)


def pip_name(class_path):
    """The PyPI package of an octoDNS provider class: its top-level module with ``_`` -> ``-``."""
    return class_path.split(".", 1)[0].replace("_", "-")


def load_class(class_path, zone):
    """The octoDNS provider class at dotted ``class_path`` (ProviderError naming the package to install)."""
    if not HAS_OCTODNS:
        raise ProviderError(MISSING_OCTODNS)
    module_name, _dot, class_name = class_path.rpartition(".")
    if not module_name or not class_name:
        raise ProviderError(
            "octodns.class for zone %s must be the dotted path of an octoDNS provider class "
            "(module.Class, for example octodns_powerdns.PowerDnsProvider), got %r" % (zone, class_path)
        )
    top = module_name.split(".", 1)[0]
    shown = "%s from module %s" % (class_name, module_name)  # not the option's exact text, which Ansible masks as secret
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or ""
        if missing and (missing == top or module_name == missing or module_name.startswith(missing + ".")):
            raise ProviderError(
                "octoDNS provider class %s (octodns.class for zone %s) is not installed: pip install %s on the host that runs "
                "the module; nothing was read or written" % (shown, zone, pip_name(class_path))
            )
        raise ProviderError(
            "importing octoDNS provider class %s for zone %s failed: %s; reinstall it: pip install %s" % (shown, zone, exc, pip_name(class_path))
        )
    cls = getattr(module, class_name, None)
    if cls is None:
        raise ProviderError(
            "module %s has no class %s (octodns.class for zone %s); check the spelling in the provider's documentation" % (module_name, class_name, zone)
        )
    if not (isinstance(cls, type) and issubclass(cls, BaseProvider)):
        raise ProviderError(
            "%s (octodns.class for zone %s) is not an octoDNS provider: it is not a subclass of octodns.provider.base.BaseProvider "
            "(a source-only class cannot write); use the provider class of the package; nothing was read or written" % (shown, zone)
        )
    return cls


# -- conversions (pure: octoDNS objects <-> RecordSet) ----------------------------------------------


def txt_from_octodns(value):
    """Decoded text of an octoDNS TXT/SPF value (``v=DMARC1\\; p=none`` -> ``v=DMARC1; p=none``)."""
    text = str(value)
    try:
        return _txt.decode('"%s"' % text, max_bytes=None)
    except _txt.TxtError:
        return text.replace("\\;", ";")


def txt_to_octodns(text):
    """The octoDNS value of decoded TXT ``text``: escaped as between quotes, ``;`` as ``\\;``, one string."""
    size = max(len(text.encode("utf-8")), 1)
    return _txt.encode(text, limit=size)[1:-1].replace(";", "\\;")


def _values(record):
    if record._type in SINGLE_VALUE_TYPES or not hasattr(record, "values"):
        value = getattr(record, "value", None)
        return [value] if value is not None else []
    return list(record.values)


def _value_text(rtype, value):
    """Presentation text of one octoDNS value of a type the collection does not model."""
    to_text = getattr(value, "to_rdata_text", None)
    if callable(to_text):
        try:
            return to_text()
        except Exception:  # noqa: BLE001 - a value type without a text form
            pass
    return str(value)


def canonical_from_octodns(rtype, value):
    """(canonical value, raw text) of one octoDNS value."""
    if rtype in TXT_TYPES:
        return txt_from_octodns(value), str(value)
    if rtype == "MX":
        text = "%s %s" % (value.preference, value.exchange)
    elif rtype == "SRV":
        text = "%s %s %s %s" % (value.priority, value.weight, value.port, value.target)
    elif rtype == "CAA":
        text = '%s %s "%s"' % (value.flags, value.tag, value.value)
    else:
        text = _value_text(rtype, value)
    try:
        return canonical_value(rtype, text), text
    except (RecordError, ValueError):
        return text, text


def record_name(record):
    fqdn = record.fqdn
    try:
        return absolute(fqdn)
    except RecordError:
        return fqdn.lower()


def record_set_from_octodns(record):
    """One octoDNS record as a RecordSet (``raw``: canonical value -> octoDNS's own text)."""
    raw = {}
    for value in _values(record):
        canonical, text = canonical_from_octodns(record._type, value)
        raw[canonical] = text
    name = record_name(record)
    return RecordSet(name, record._type, record.ttl, list(raw), raw)


def record_sets_from_zone(zone):
    """``{(name, type): RecordSet}`` of every record of a populated octoDNS Zone."""
    return {(rs.name, rs.type): rs for rs in (record_set_from_octodns(record) for record in zone.records)}


def originals_of(record):
    """``{canonical value: octoDNS value}`` of a populated record, to write untouched values back as they were."""
    if record is None:
        return {}
    return {canonical_from_octodns(record._type, value)[0]: value for value in _values(record)}


def _octodns_value(rtype, canonical):
    if rtype in TXT_TYPES:
        return txt_to_octodns(canonical)
    if rtype == "MX":
        preference, exchange = canonical.split(None, 1)
        return {"preference": int(preference), "exchange": exchange}
    if rtype == "SRV":
        priority, weight, port, target = canonical.split()
        return {"priority": int(priority), "weight": int(weight), "port": int(port), "target": target}
    if rtype == "CAA":
        flags, tag, value = canonical.split(None, 2)
        return {"flags": int(flags), "tag": tag, "value": _txt.decode(value) if value.startswith('"') else value}
    return canonical


def octodns_data(record_set, originals=None):
    """The ``data`` of ``Record.new`` for a RecordSet; values in ``originals`` are reused as octoDNS read them."""
    originals = originals or {}
    values = [originals[v] if v in originals else _octodns_value(record_set.type, v) for v in record_set.values]
    data = {"type": record_set.type, "ttl": record_set.ttl}
    if record_set.type in SINGLE_VALUE_TYPES:
        data["value"] = values[0]
    else:
        data["values"] = values
    return data


def octodns_record(zone, record_set, originals=None):
    """An octoDNS Record in ``zone`` holding ``record_set``."""
    name = relative(record_set.name, zone.name)
    return Record.new(zone, "" if name == "@" else name, octodns_data(record_set, originals), lenient=True)


# -- the provider ----------------------------------------------------------------------------------


def _secret_texts(settings):
    """Every option value as text (nested dicts and lists too), longest first."""
    found = set()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (list, tuple, set)):
            for item in value:
                walk(item)
        elif value is None or isinstance(value, bool):
            return
        else:
            text = str(value)
            if len(text) >= MIN_SCRUB_LENGTH:
                found.add(text)

    walk(settings)
    return sorted(found, key=len, reverse=True)


class _Notices(logging.Handler):
    """Keeps octoDNS's log warnings (scrubbed) instead of letting Python print them on stderr."""

    def __init__(self, scrub):
        super(_Notices, self).__init__(logging.WARNING)
        self.scrub = scrub
        self.messages = []

    def emit(self, record):
        try:
            self.messages.append(self.scrub("%s: %s" % (record.name, record.getMessage())))
        except Exception:  # noqa: BLE001 - a log record must never break a run
            pass


class OctodnsProvider:
    name = "octodns"

    def __init__(self, zone, settings):
        self.zone = absolute(zone)
        settings = dict(settings or {})
        class_path = settings.pop("class", None)
        self._secrets = _secret_texts(settings)
        if not class_path or not isinstance(class_path, str):
            raise ProviderError(
                "octodns.class is required for zone %s: the dotted path of an octoDNS provider class, for example octodns_powerdns.PowerDnsProvider" % self.zone
            )
        self.class_path = class_path
        self.class_name = class_path.rpartition(".")[2]
        self.package = pip_name(class_path)
        self.reads = 0
        self.writes = 0
        self.notices = _Notices(self.scrub)
        self._snapshot = None
        cls = load_class(class_path, self.zone)
        with self._quiet():
            try:
                self.target = cls(PROVIDER_ID, **settings)
            except Exception as exc:  # noqa: BLE001 - a wrong or missing option of the class
                raise ProviderError(
                    "%s: the provider class refused its options (%s: %s); check the keys of octodns against the documentation of %s"
                    % (self.describe(), exc.__class__.__name__, self.scrub(str(exc)), self.package)
                )
        # octoDNS's own percentage thresholds never block a plan here (see the module docstring)
        self.target.update_pcent_threshold = 1.0
        self.target.delete_pcent_threshold = 1.0

    def describe(self):
        return "zone %s through octoDNS provider %s (%s)" % (self.zone, self.class_name, self.package)

    def scrub(self, text):
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text

    def _quiet(self):
        return _LogCapture(self.notices)

    def _fail(self, exc, action):
        message = self.scrub(str(exc)) or exc.__class__.__name__
        names = {klass.__name__ for klass in exc.__class__.__mro__}
        lowered = message.lower()
        if "unauthorized" in lowered or "401" in message or "403" in message or "forbidden" in lowered:
            hint = "the credentials were refused: check the api_key/token keys of octodns"
        elif names & {"ConnectionError", "ConnectTimeout", "Timeout", "ReadTimeout", "ConnectionRefusedError", "timeout"}:
            hint = "the provider's API did not answer: is it up, and are its host and port in octodns right?"
        elif "SupportsException" in names:
            hint = "the provider cannot hold this data"
        else:
            hint = "see the provider's documentation"
        return ProviderError(
            "%s: %s failed (%s: %s); %s. Run again once this is fixed: the run re-reads the zone and plans only what is still missing"
            % (self.describe(), action, exc.__class__.__name__, message, hint)
        )

    def check_supported(self, types):
        """ProviderError before any I/O when the provider class cannot hold a record type the plan needs."""
        supported = set(getattr(self.target, "SUPPORTS", ()) or ())
        missing = sorted(set(types) - supported)
        if missing:
            raise ProviderError(
                "%s does not support record type %s, which this plan needs (it supports %s); nothing was read or written; "
                "publish these records through another provider" % (self.describe(), ", ".join(missing), ", ".join(sorted(supported)))
            )

    # -- reading ----------------------------------------------------------
    def _populate(self):
        zone = Zone(self.zone, [])
        self.reads += 1
        try:
            exists = self.target.populate(zone, target=True, lenient=True)
        except Exception as exc:  # noqa: BLE001 - network, auth and provider failures become one clear message
            raise self._fail(exc, "reading the zone")
        if exists is False:
            raise ProviderError("%s: the zone does not exist at the provider; create it there first (this module never creates zones)" % self.describe())
        return zone

    def read(self, keys=None):
        self.check_supported({rtype for _name, rtype in keys or ()})
        with self._quiet():
            self._snapshot = self._populate()
            return record_sets_from_zone(self._snapshot)

    # -- writing ----------------------------------------------------------
    def desired_zone(self, plan):
        """Every record read, untouched, plus the plan's changes: what octoDNS's ``plan()`` must see."""
        touched = {change.key: change for change in plan.changes}
        desired = Zone(self.zone, [])
        by_key = {}
        for record in self._snapshot.records:
            key = (record_name(record), record._type)
            by_key[key] = record
            if key in touched:
                continue
            if record._type == "NS" and record.name == "" and not getattr(self.target, "SUPPORTS_ROOT_NS", False):
                continue
            desired.add_record(record, lenient=True)
        for key, change in sorted(touched.items()):
            if change.after is not None:
                desired.add_record(octodns_record(desired, change.after, originals_of(by_key.get(key))), lenient=True)
        return desired

    def apply(self, plan):
        if self._snapshot is None:
            raise ProviderError("%s: apply() before read()" % self.describe())
        self.check_supported({change.key[1] for change in plan.changes})
        with self._quiet():
            return self._apply(plan)

    def _apply(self, plan):
        touched = {change.key: change for change in plan.changes}
        desired = self.desired_zone(plan)
        self.reads += 1  # the provider's plan() populates the zone again
        try:
            octo_plan = self.target.plan(desired)
        except Exception as exc:  # noqa: BLE001
            raise self._fail(exc, "planning with octoDNS")
        if octo_plan is None:
            raise ConcurrentChange("%s already holds everything the plan writes: another writer changed it since it was read" % self.describe())
        existing = record_sets_from_zone(octo_plan.existing)
        for key, change in sorted(touched.items()):
            if existing.get(key) != change.before:
                raise ConcurrentChange(
                    "%s %s %s changed since it was read: planned from %s, now %s"
                    % (self.describe(), key[0], key[1], _show(change.before), _show(existing.get(key)))
                )
        octo_keys = {(record_name(c.record), c.record._type) for c in octo_plan.changes}
        extra = sorted(octo_keys - set(touched))
        if extra:
            read_then = record_sets_from_zone(self._snapshot)
            moved = [key for key in extra if existing.get(key) != read_then.get(key)]
            if moved:
                raise ConcurrentChange("%s: %s changed since it was read" % (self.describe(), ", ".join("%s %s" % k for k in moved)))
            raise ProviderError(
                "%s: octoDNS would also change %s, which this plan does not touch (the provider does not write back what it "
                "reads); nothing was written" % (self.describe(), ", ".join("%s %s" % k for k in extra))
            )
        dropped = sorted(set(touched) - octo_keys)
        if dropped:
            raise ProviderError(
                "%s: the provider left out the changes of %s (its plan filters them, for example a minimum TTL); nothing was written"
                % (self.describe(), ", ".join("%s %s" % k for k in dropped))
            )
        self.writes += 1
        try:
            self.target.apply(octo_plan)
        except Exception as exc:  # noqa: BLE001
            raise self._fail(exc, "writing %d record sets" % len(plan.changes))
        after = record_sets_from_zone(self._populate())
        differ = [
            "%s %s holds %s, not %s" % (key[0], key[1], _show(after.get(key)), _show(change.after))
            for key, change in sorted(touched.items())
            if after.get(key) != change.after
        ]
        if differ:
            raise ProviderError(
                "%s: after the write %s; another writer changed it right after us, or the provider stores other values than it "
                "was given; run again to re-plan" % (self.describe(), "; ".join(differ))
            )
        return 1


def _show(record_set):
    if record_set is None:
        return "(no record set)"
    return "TTL %d %s" % (record_set.ttl, list(record_set.values))


class _LogCapture:
    """While octoDNS runs, its log records go to ``notices`` (the root logger has a handler, so Python's last-resort
    handler prints nothing on stderr)."""

    def __init__(self, handler):
        self.handler = handler

    def __enter__(self):
        logging.getLogger().addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        logging.getLogger().removeHandler(self.handler)
        return False
