"""Route 53 change batches as strict as the real API.

moto accepts a DELETE whose values are stale (and deletes the current set),
and a CREATE over an existing set.  The real API rejects the whole batch in
both cases, which is what makes optimistic concurrency possible.  Every change
of a batch is checked against a simulation of the zone before moto applies it,
so a rejected batch changes nothing.
"""

from moto.route53.models import Route53Backend

from .dnsview import drop_index, install_index
from .errors import InvalidChangeBatch

MAX_RECORDS_PER_BATCH = 1000
MAX_VALUE_CHARS_PER_BATCH = 32000


def _name(name):
    return name.rstrip(".").lower() + "."


def _key(record_set):
    return (_name(record_set["Name"]), record_set["Type"], record_set.get("SetIdentifier"))


def _values(record_set):
    records = record_set.get("ResourceRecords") or []
    return sorted(r["Value"] if isinstance(r, dict) else r for r in records)


def _txt_strings(value):
    """Split a TXT value in presentation format into its decoded strings, or raise ValueError."""
    strings, index, length = [], 0, len(value)
    while index < length:
        if value[index] == " ":
            index += 1
            continue
        if value[index] != '"':
            raise ValueError("Value should be enclosed in quotation marks")
        index += 1
        current = bytearray()
        while True:
            if index >= length:
                raise ValueError("unterminated quoted string")
            char = value[index]
            if char == "\\":
                if value[index + 1 : index + 4].isdigit() and len(value[index + 1 : index + 4]) == 3:
                    current.append(int(value[index + 1 : index + 4]))
                    index += 4
                    continue
                if index + 1 >= length:
                    raise ValueError("dangling escape")
                current.extend(value[index + 1].encode())
                index += 2
                continue
            if char == '"':
                index += 1
                break
            current.extend(char.encode())
            index += 1
        strings.append(bytes(current))
    return strings


def _record_problems(record_set):
    problems = []
    rtype = record_set["Type"]
    if rtype in ("TXT", "SPF"):
        for value in _values(record_set):
            try:
                strings = _txt_strings(value)
            except ValueError as exc:
                problems.append(f"Invalid Resource Record: 'FATAL problem: InvalidCharacterString ({exc}) encountered with '{value}''")
                continue
            if any(len(s) > 255 for s in strings):
                problems.append(f"Invalid Resource Record: 'FATAL problem: TXTRDATATooLong encountered at {value[:40]}'")
    if rtype == "CNAME" and len(_values(record_set)) > 1:
        problems.append(f"RRSet of type CNAME with DNS name {_name(record_set['Name'])} has more than one value")
    return problems


def check_change_batch(zone, changes):
    """Return every reason the real Route 53 would reject ``changes`` for ``zone``."""
    problems = []
    # UPSERT counts twice, as in the Route 53 quotas.
    records = sum((len(_values(c["ResourceRecordSet"])) or 1) * (2 if c["Action"] == "UPSERT" else 1) for c in changes)
    if records > MAX_RECORDS_PER_BATCH:
        problems.append(f"Number of records limit of {MAX_RECORDS_PER_BATCH} exceeded: {records}")
    chars = sum(len(v) for c in changes for v in _values(c["ResourceRecordSet"]))
    if chars > MAX_VALUE_CHARS_PER_BATCH:
        problems.append(f"Number of characters in values limit of {MAX_VALUE_CHARS_PER_BATCH} exceeded: {chars}")
    current = {}
    for rrset in zone.rrsets:
        record = {"Name": rrset.name, "Type": rrset.type, "SetIdentifier": rrset.set_identifier}
        current[_key(record)] = (int(rrset.ttl) if rrset.ttl is not None else None, sorted(rrset.records or []), bool(rrset.alias_target))
    zone_name = _name(zone.name)
    for change in changes:
        record_set = change["ResourceRecordSet"]
        key = _key(record_set)
        label = f"[name='{key[0]}', type='{key[1]}'" + (f", set-identifier='{key[2]}'" if key[2] else "") + "]"
        action = change["Action"]
        ttl = record_set.get("TTL")
        ttl = int(ttl) if ttl is not None else None
        values = _values(record_set)
        if not (key[0] == zone_name or key[0].endswith("." + zone_name)):
            problems.append(f"RRSet with DNS name {key[0]} is not permitted in zone {zone_name}")
            continue
        problems.extend(_record_problems(record_set))
        if action == "CREATE":
            if key in current:
                problems.append(f"Tried to create resource record set {label} but it already exists")
            current[key] = (ttl, values, bool(record_set.get("AliasTarget")))
        elif action == "DELETE":
            existing = current.get(key)
            if existing is None:
                problems.append(f"Tried to delete resource record set {label} but it was not found")
            elif record_set.get("AliasTarget") is None and (existing[0] != ttl or existing[1] != values):
                problems.append(f"Tried to delete resource record set {label} but the values provided do not match the current values")
            current.pop(key, None)
        elif action == "UPSERT":
            current[key] = (ttl, values, bool(record_set.get("AliasTarget")))
    by_name = {}
    for name, rtype, _set_id in current:
        by_name.setdefault(name, set()).add(rtype)
    for name, types in sorted(by_name.items()):
        if "CNAME" in types and name == zone_name:
            problems.append(f"RRSet of type CNAME with DNS name {name} is not permitted at apex in zone {zone_name}")
        elif "CNAME" in types and len(types) > 1:
            problems.append(
                f"RRSet of type CNAME with DNS name {name} is not permitted as it conflicts with other records with the same DNS name in zone {zone_name}"
            )
    return problems


def apply_change_batch(zone, changes):
    """Apply an already validated batch; names are stored lower-case and absolute, as Route 53 shows them."""
    for change in changes:
        record_set = dict(change["ResourceRecordSet"])
        record_set["Name"] = _name(record_set["Name"])
        if "ResourceRecords" in record_set:
            record_set["ResourceRecords"] = [r["Value"] if isinstance(r, dict) else r for r in record_set["ResourceRecords"]]
        key = _key(record_set)
        if change["Action"] == "DELETE":
            zone.rrsets = [rrset for rrset in zone.rrsets if _key({"Name": rrset.name, "Type": rrset.type, "SetIdentifier": rrset.set_identifier}) != key]
            drop_index(zone)
        else:
            zone.upsert_rrset(record_set)
        zone.rr_changes.append({"Action": change["Action"], "ResourceRecordSet": dict(change["ResourceRecordSet"])})


def strict_change_resource_record_sets(self, zoneid, change_list):
    zone = self.get_hosted_zone(zoneid)
    problems = check_change_batch(zone, change_list)
    if problems:
        raise InvalidChangeBatch(problems)
    apply_change_batch(zone, change_list)


def install():
    install_index()
    Route53Backend.change_resource_record_sets = strict_change_resource_record_sets
