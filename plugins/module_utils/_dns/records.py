# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The record model: normalised names, canonical values, record sets.

Names are absolute, lower-case and end with a dot.  Values are canonical per type
so that equal data compares equal whatever its spelling: TXT values are decoded
text (see ``_txt``), host names are absolute and lower-case, MX is
``"<preference> <host>."``.  A record set read from a DNS provider also keeps each
value's original spelling in ``raw`` so that it can be written back byte for byte.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.mailops.ses.plugins.module_utils._dns import txt as _txt
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

SUPPORTED_TYPES = ("A", "AAAA", "CAA", "CNAME", "MX", "NS", "SRV", "TXT")
SINGLE_VALUE_TYPES = ("CNAME",)
LABEL_RE = re.compile(r"^(?!-)[a-z0-9_*-]{1,63}(?<!-)$")
DEFAULT_TTL = 300


class RecordError(ProblemsError):
    """Invalid record input; ``problems`` lists every problem found."""


def _idna(name):
    try:
        name.encode("ascii")
        return name
    except UnicodeEncodeError:
        try:
            return ".".join(label.encode("idna").decode("ascii") if label else label for label in name.split("."))
        except UnicodeError:
            raise RecordError("'%s' is not a valid internationalised domain name" % name)


def check_name(name, where="name"):
    """Problems with an absolute, normalised domain name (``example.com.``)."""
    problems = []
    bare = name[:-1] if name.endswith(".") else name
    if not bare:
        return ["%s: the root name is not allowed" % where]
    if len(bare) > 253:
        problems.append("%s '%s' is longer than 253 characters" % (where, name))
    for label in bare.split("."):
        if not LABEL_RE.match(label):
            problems.append(
                "%s '%s' has an invalid label '%s' (letters, digits, '-' and '_' only, 1-63 characters, no '-' at either end)" % (where, name, label)
            )
            break
    return problems


def absolute(name, zone=None, where="name"):
    """Normalise ``name``: absolute, lower-case, trailing dot.

    ``@`` is the zone apex.  A name with a trailing dot is absolute.  A name that
    already ends with the zone is taken as absolute too (so ``mail.example.com``
    in zone ``example.com`` is not doubled); any other name is relative to the zone.
    """
    if not isinstance(name, str) or not name.strip():
        raise RecordError("%s: a record name is required" % where)
    text = _idna(name.strip()).lower()
    if zone:
        zone_abs = absolute(zone, where="zone")
        if text == "@":
            text = zone_abs
        elif not text.endswith("."):
            if text == zone_abs[:-1] or text.endswith("." + zone_abs[:-1]):
                text += "."
            else:
                text = text + "." + zone_abs
    elif text == "@":
        raise RecordError("%s: '@' needs a zone" % where)
    elif not text.endswith("."):
        text += "."
    problems = check_name(text, where)
    if problems:
        raise RecordError(problems)
    return text


def relative(name, zone):
    """``name`` relative to ``zone`` (``@`` for the apex), for display and zone files."""
    zone_abs = absolute(zone)
    if name == zone_abs:
        return "@"
    if name.endswith("." + zone_abs):
        return name[: -len(zone_abs) - 1]
    return name


def in_zone(name, zone):
    zone_abs = absolute(zone)
    return name == zone_abs or name.endswith("." + zone_abs)


def _host(value, where):
    host = absolute(value, where=where)
    return host


def canonical_value(rtype, value, where="value"):
    """The canonical form of one value of type ``rtype`` (raises RecordError)."""
    if not isinstance(value, str):
        if rtype == "MX" and isinstance(value, dict):
            value = "%s %s" % (value.get("preference", value.get("priority")), value.get("host", value.get("exchange")))
        else:
            value = str(value)
    if rtype == "TXT":
        try:
            return _txt.from_user(value)
        except _txt.TxtError as exc:
            raise RecordError("%s: %s" % (where, exc))
    text = value.strip()
    if rtype in ("CNAME", "NS"):
        return _host(text, where)
    if rtype == "MX":
        parts = text.split()
        if len(parts) != 2 or not parts[0].isdigit() or int(parts[0]) > 65535:
            raise RecordError("%s '%s' is not an MX value '<preference 0-65535> <host>'" % (where, value))
        return "%d %s" % (int(parts[0]), _host(parts[1], where))
    if rtype in ("A", "AAAA"):
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise RecordError("%s '%s' is not an IP address" % (where, value))
        if (address.version == 4) != (rtype == "A"):
            raise RecordError("%s '%s' is not an IPv%s address" % (where, value, 4 if rtype == "A" else 6))
        return str(address)
    if rtype == "SRV":
        parts = text.split()
        if len(parts) != 4 or not all(p.isdigit() for p in parts[:3]):
            raise RecordError("%s '%s' is not an SRV value '<priority> <weight> <port> <target>'" % (where, value))
        return "%d %d %d %s" % (int(parts[0]), int(parts[1]), int(parts[2]), _host(parts[3], where))
    if rtype == "CAA":
        parts = text.split(None, 2)
        if len(parts) != 3 or not parts[0].isdigit():
            raise RecordError("%s '%s' is not a CAA value '<flags> <tag> \"<value>\"'" % (where, value))
        tag_value = parts[2]
        if tag_value.startswith('"'):
            tag_value = _txt.decode(tag_value)
        return '%d %s "%s"' % (int(parts[0]), parts[1].lower(), tag_value)
    raise RecordError("%s: record type %s is not supported (%s)" % (where, rtype, ", ".join(SUPPORTED_TYPES)))


def presentation(rtype, value):
    """A canonical value in zone-file presentation format."""
    if rtype == "TXT":
        return _txt.encode(value)
    return value


class RecordSet:
    """All values of one (name, type), with one TTL."""

    __slots__ = ("name", "type", "ttl", "values", "raw", "keep_while_claimed")

    def __init__(self, name, rtype, ttl, values, raw=None, keep_while_claimed=None):
        self.name = name
        self.type = rtype
        self.ttl = ttl
        self.values = tuple(sorted(set(values)))
        self.raw = dict(raw or {})
        # for a removal only: the name of a TXT record of claims; while it holds a value, nothing is removed
        self.keep_while_claimed = keep_while_claimed

    @property
    def key(self):
        return (self.name, self.type)

    def with_values(self, values, ttl=None):
        raw = {v: self.raw[v] for v in values if v in self.raw}
        return RecordSet(self.name, self.type, self.ttl if ttl is None else ttl, values, raw, self.keep_while_claimed)

    def raw_value(self, value):
        """The value as the provider stored it, or its presentation format."""
        return self.raw.get(value) or presentation(self.type, value)

    def to_dict(self):
        result = {"name": self.name, "type": self.type, "ttl": self.ttl, "values": list(self.values)}
        if self.keep_while_claimed:
            result["keep_while_claimed"] = self.keep_while_claimed
        return result

    def lines(self):
        return ["%s %d IN %s %s" % (self.name, self.ttl, self.type, presentation(self.type, v)) for v in self.values]

    def __eq__(self, other):
        return isinstance(other, RecordSet) and (self.name, self.type, self.ttl, self.values) == (other.name, other.type, other.ttl, other.values)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.name, self.type, self.ttl, self.values))

    def __repr__(self):
        return "RecordSet(%r, %r, %r, %r)" % (self.name, self.type, self.ttl, list(self.values))


def record_set_from_input(item, zone=None, where="record_sets", default_ttl=DEFAULT_TTL):
    """Build a RecordSet from a user dict ``{name, type, ttl, values}``; every problem is reported."""
    problems = []
    if not isinstance(item, dict):
        raise RecordError("%s: each item must be a dict with name, type, ttl and values" % where)
    unknown = sorted(set(item) - {"name", "type", "ttl", "values", "placeholder", "keep_while_claimed"})
    if unknown:
        problems.append("%s: unknown keys %s (allowed: name, type, ttl, values, keep_while_claimed)" % (where, ", ".join(unknown)))
    claims = None
    if item.get("keep_while_claimed"):
        try:
            claims = absolute(item["keep_while_claimed"], zone, where="%s.keep_while_claimed" % where)
        except RecordError as exc:
            problems.extend(exc.problems)
    rtype = str(item.get("type") or "").upper()
    if rtype not in SUPPORTED_TYPES:
        problems.append("%s.type '%s' is not one of %s" % (where, item.get("type"), ", ".join(SUPPORTED_TYPES)))
    name = None
    try:
        name = absolute(item.get("name"), zone, where="%s.name" % where)
    except RecordError as exc:
        problems.extend(exc.problems)
    ttl = item.get("ttl")
    if ttl is None:
        ttl = default_ttl
    try:
        ttl = int(ttl)
        if isinstance(item.get("ttl"), bool) or not 0 <= ttl <= 2147483647:
            raise ValueError()
    except (TypeError, ValueError):
        problems.append("%s.ttl '%s' is not a number of seconds between 0 and 2147483647" % (where, item.get("ttl")))
    values = item.get("values")
    if isinstance(values, str):
        values = [values]
    if not values:
        problems.append("%s.values: at least one value is required" % where)
        values = []
    canonical = []
    if rtype in SUPPORTED_TYPES:
        for index, value in enumerate(values):
            try:
                canonical.append(canonical_value(rtype, value, where="%s.values[%d]" % (where, index)))
            except RecordError as exc:
                problems.extend(exc.problems)
    if rtype in SINGLE_VALUE_TYPES and len(set(canonical)) > 1:
        problems.append("%s: a %s record set holds exactly one value, got %d" % (where, rtype, len(set(canonical))))
    if rtype == "CNAME" and name and zone and name == absolute(zone):
        problems.append("%s: a CNAME is not allowed at the zone apex %s" % (where, name))
    if problems:
        raise RecordError(problems)
    return RecordSet(name, rtype, ttl, canonical, keep_while_claimed=claims)


def record_sets_from_input(items, zone=None, where="record_sets", default_ttl=DEFAULT_TTL):
    """Validate a list of user record sets together; sets with the same (name, type) are joined."""
    problems = []
    joined = {}
    for index, item in enumerate(items or []):
        try:
            record_set = record_set_from_input(item, zone, "%s[%d]" % (where, index), default_ttl)
        except RecordError as exc:
            problems.extend(exc.problems)
            continue
        previous = joined.get(record_set.key)
        if previous is not None:
            # a condition on either keeps the joined values while claimed: keeping is the safe side
            claims = previous.keep_while_claimed or record_set.keep_while_claimed
            record_set = RecordSet(
                record_set.name, record_set.type, min(previous.ttl, record_set.ttl), previous.values + record_set.values, keep_while_claimed=claims
            )
        joined[record_set.key] = record_set
    problems.extend(cname_conflicts(joined.values(), where))
    if problems:
        raise RecordError(problems)
    return sorted(joined.values(), key=lambda r: r.key)


def cname_conflicts(record_sets, where="record_sets"):
    """A CNAME cannot share its name with any other data (RFC 1034 3.6.2)."""
    by_name = {}
    for record_set in record_sets:
        by_name.setdefault(record_set.name, set()).add(record_set.type)
    problems = []
    for name, types in sorted(by_name.items()):
        if "CNAME" in types and len(types) > 1:
            problems.append(
                "%s: %s has a CNAME beside %s records; a CNAME cannot share its name with other data" % (where, name, ", ".join(sorted(types - {"CNAME"})))
            )
        if "CNAME" in types and len([r for r in record_sets if r.name == name and r.type == "CNAME" and len(r.values) > 1]):
            problems.append("%s: %s has more than one CNAME value" % (where, name))
    return problems
