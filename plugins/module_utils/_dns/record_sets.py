# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The options of module dns_record_sets and their validation, before any I/O (pure)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf
from ansible_collections.mailops.ses.plugins.module_utils._dns.providers import PROVIDERS, TSIG_ALGORITHMS
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import (
    RecordError,
    absolute,
    in_zone,
    record_set_from_input,
    record_sets_from_input,
)


def argument_spec():
    return dict(
        provider=dict(type="str", choices=list(PROVIDERS), required=True),
        zone=dict(type="str", required=True),
        record_sets=dict(type="list", elements="dict", required=True),
        remove_record_sets=dict(type="list", elements="dict", default=[]),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        mode=dict(type="str", choices=["merge", "replace"], default="merge"),
        delete_threshold=dict(type="int", default=30),
        force=dict(type="bool", default=False),
        conflict_retries=dict(type="int", default=3),
        hosted_zone_id=dict(type="str"),
        private_zone=dict(type="bool", default=False),
        wait=dict(type="bool", default=False),
        wait_timeout=dict(type="int", default=300),
        server=dict(type="str"),
        port=dict(type="int", default=53),
        key_name=dict(type="str", no_log=False),
        key_secret=dict(type="str", no_log=True),
        key_algorithm=dict(type="str", choices=list(TSIG_ALGORITHMS), default="hmac-sha256"),
        timeout=dict(type="int", default=10),
        path=dict(type="path"),
        bump_serial=dict(type="bool", default=True),
        octodns=dict(type="dict", no_log=True),
    )


def validate(params):
    """Every problem with the input, before any I/O."""
    problems = []
    zone = params["zone"]
    try:
        absolute(zone, where="zone")
    except RecordError as exc:
        return exc.problems, [], []
    try:
        record_sets = record_sets_from_input(params["record_sets"], zone=zone)
    except RecordError as exc:
        problems.extend(exc.problems)
        record_sets = _valid_alone(params["record_sets"], zone, "record_sets")
    try:
        removals = record_sets_from_input(params["remove_record_sets"], zone=zone, where="remove_record_sets")
    except RecordError as exc:
        problems.extend(exc.problems)
        removals = _valid_alone(params["remove_record_sets"], zone, "remove_record_sets")
    for index, record_set in enumerate(record_sets):
        spf_problems, record_sets[index] = _one_spf_record(record_set)
        problems.extend("record_sets: %s" % problem for problem in spf_problems)
    for option, sets in (("record_sets", record_sets), ("remove_record_sets", removals)):
        for record_set in sets:
            if not in_zone(record_set.name, zone):
                problems.append("%s: %s is outside zone %s; publish it with its own zone" % (option, record_set.name, absolute(zone)))
    provider = params["provider"]
    if provider == "rfc2136":
        if not params["server"]:
            problems.append("server is required with provider=rfc2136")
        if not params["key_name"] or not params["key_secret"]:
            problems.append(
                "key_name and key_secret (a TSIG key) are required with provider=rfc2136; generate one with tsig-keygen and allow it in the zone's allow-update"
            )
    if provider == "zonefile" and not params["path"]:
        problems.append("path is required with provider=zonefile")
    if provider == "octodns" and not (params["octodns"] or {}).get("class"):
        problems.append(
            "octodns.class is required with provider=octodns: the dotted path of an octoDNS provider class (for example "
            "octodns_powerdns.PowerDnsProvider), its options as the other keys of octodns"
        )
    if not 0 <= params["delete_threshold"] <= 100:
        problems.append("delete_threshold %s must be a percentage between 0 and 100" % params["delete_threshold"])
    return problems, record_sets, removals


def _valid_alone(items, zone, where):
    """The items that are valid on their own, so that they are checked too when another item is not."""
    valid = []
    for index, item in enumerate(items or []):
        try:
            valid.append(record_set_from_input(item, zone, "%s[%d]" % (where, index)))
        except RecordError:
            pass
    return valid


def _one_spf_record(record_set):
    """(problems, record set): SPF values checked (syntax, 10 lookups) and several at one name merged into one."""
    spf = [value for value in record_set.values if _spf.is_spf(value)] if record_set.type == "TXT" else []
    where = "%s TXT" % record_set.name
    problems = [problem for value in spf for problem in _spf.validate(value, where=where)]
    if len(spf) > 1 and not problems:
        try:
            merged = _spf.merge(spf, where=where)
        except _spf.SpfError as exc:
            problems = exc.problems
        else:
            record_set = record_set.with_values([value for value in record_set.values if value not in spf] + [merged])
    return problems, record_set
