# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plan DNS changes from the current and the desired record sets, under explicit ownership rules.

Modes:

``merge`` (default)
    Add our values; never remove a value we did not list.  A TXT set keeps one
    ``v=spf1`` value: ours is merged into an existing one (mechanisms united,
    the strictest ``all`` last).  A TXT set at ``_dmarc.<domain>`` keeps one
    ``v=DMARC1`` value and one at ``<selector>._bimi.<domain>`` one ``v=BIMI1``
    value: ours replaces another one (a second policy would make receivers
    ignore both).  A single-valued CNAME that points elsewhere is a
    conflict, not something to overwrite.
``replace``
    The set becomes exactly ours.
``absent``
    Remove only the values we list (the whole set when none is left).

A plan is a list of ``Change`` values (create, update, delete of whole record
sets, each with the exact ``before``), ordered deletes first, so providers can
apply it atomically and detect concurrent writers.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _ses_records
from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordSet
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

MODES = ("merge", "replace", "absent")
DEFAULT_DELETE_THRESHOLD = 30  # percent of a zone's values one plan may delete without force
DELETE_THRESHOLD_MIN_VALUES = 10  # below this many values in a zone, the threshold does not apply


class PlanError(ProblemsError):
    """The plan cannot be made; ``problems`` lists every reason."""


class Change:
    __slots__ = ("action", "before", "after")
    ORDER = {"delete": 0, "update": 1, "create": 2}

    def __init__(self, action, before=None, after=None):
        self.action = action
        self.before = before
        self.after = after

    @property
    def key(self):
        return (self.after or self.before).key

    def to_dict(self):
        return {
            "action": self.action,
            "name": self.key[0],
            "type": self.key[1],
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict() if self.after else None,
        }

    def __repr__(self):
        return "Change(%r, %r, %r)" % (self.action, self.before, self.after)


class Plan:
    def __init__(self, zone, changes):
        self.zone = zone
        self.changes = sorted(changes, key=lambda c: (Change.ORDER[c.action], c.key))

    def __bool__(self):
        return bool(self.changes)

    __nonzero__ = __bool__

    def __len__(self):
        return len(self.changes)

    def deleted_values(self):
        count = 0
        for change in self.changes:
            before = set(change.before.values) if change.before else set()
            after = set(change.after.values) if change.after else set()
            count += len(before - after)
        return count

    def diff(self):
        """Ansible diff of the affected record sets, in zone-file lines."""
        before, after = [], []
        for change in sorted(self.changes, key=lambda c: c.key):
            if change.before:
                before.extend(change.before.lines())
            if change.after:
                after.extend(change.after.lines())
        return {
            "before": "\n".join(before) + ("\n" if before else ""),
            "after": "\n".join(after) + ("\n" if after else ""),
            "before_header": "%s (current)" % self.zone,
            "after_header": "%s (planned)" % self.zone,
        }

    def summary(self):
        counts = {"create": 0, "update": 0, "delete": 0}
        for change in self.changes:
            counts[change.action] += 1
        return counts

    def to_list(self):
        return [c.to_dict() for c in self.changes]


def _one_per_name(name):
    """How to recognise the TXT values of which the set at ``name`` holds one: DMARC policies, BIMI assertions."""
    if name.startswith("_dmarc."):
        return lambda value: value.lower().startswith("v=dmarc1")
    if "._bimi." in name:
        return lambda value: value.lower().startswith("v=bimi1")
    return None


def _merge_values(current, desired):
    """Values of a merged set: current united with desired, one SPF record kept, our DMARC or BIMI value instead of another."""
    values = list(current.values) if current else []
    if desired.type != "TXT":
        return sorted(set(values) | set(desired.values))
    ours_spf = [v for v in desired.values if _spf.is_spf(v)]
    theirs_spf = [v for v in values if _spf.is_spf(v)]
    result = {v for v in values if not _spf.is_spf(v)} | {v for v in desired.values if not _spf.is_spf(v)}
    spf_inputs = theirs_spf + [v for v in ours_spf if v not in theirs_spf]
    if len(spf_inputs) == 1:
        result.add(spf_inputs[0])
    elif spf_inputs:
        result.add(_spf.merge(spf_inputs, where="%s TXT" % desired.name))
    singular = _one_per_name(desired.name)
    ours = [v for v in desired.values if singular(v)] if singular else []
    if ours:
        result = {v for v in result if not singular(v) or v in ours}
    return sorted(result)


def _absent_values(current, desired):
    remaining = set(current.values) - set(desired.values)
    if desired.type == "TXT":
        ours = [v for v in desired.values if _spf.is_spf(v)]
        for value in [v for v in remaining if _spf.is_spf(v)]:
            for spf in ours:
                reduced = _spf.remove_terms(value, spf)
                if reduced != value:
                    remaining.discard(value)
                    if reduced is not None:
                        remaining.add(reduced)
                    value = reduced
                    if value is None:
                        break
    return sorted(remaining)


def _wanted(have, want, mode, problems):
    """The set at ``want.key`` after applying ``want`` under ``mode`` to ``have`` (None: no set)."""
    if mode == "absent":
        if have is None:
            return None
        values = _absent_values(have, want)
        return have.with_values(values) if values else None
    if mode == "replace" or have is None:
        values = list(want.values)
    else:
        if want.type == "CNAME" and have.values and set(have.values) != set(want.values):
            problems.append(
                "%s CNAME already points to %s, not %s; it is not ours to overwrite in merge mode "
                "(use mode=replace to take it over, or remove it first)" % (want.name, ", ".join(have.values), ", ".join(want.values))
            )
            return have
        try:
            values = _merge_values(have, want)
        except _spf.SpfError as exc:
            problems.extend(exc.problems)
            return have
    return RecordSet(want.name, want.type, want.ttl, values, raw={v: have.raw[v] for v in values if have and v in have.raw})


def make_plan(zone, current, desired, mode="merge", delete_threshold=DEFAULT_DELETE_THRESHOLD, force=False, removals=()):
    """Changes that take ``current`` to ``desired`` under ``mode``, then remove ``removals``.

    ``current`` maps (name, type) to the RecordSet a provider read; ``desired`` and
    ``removals`` are lists of RecordSets.  ``removals`` are taken out in absent mode
    after ``desired`` is applied, so one plan (one atomic write) can publish one
    tenant's values and retire another's. A removal with ``keep_while_claimed`` is
    taken out last, and only when that TXT record holds no value any more.  Raises PlanError listing every conflict,
    or when the plan deletes more than ``delete_threshold`` percent of the zone's
    values and ``force`` is false.
    """
    if mode not in MODES:
        raise PlanError(["mode '%s' is not one of %s" % (mode, ", ".join(MODES))])
    problems = []
    final = dict(current)
    removals = list(removals)
    unconditional = [r for r in removals if not r.keep_while_claimed]
    for rounds_mode, record_sets in ((mode, desired), ("absent", unconditional)):
        for want in record_sets:
            after = _wanted(final.get(want.key), want, rounds_mode, problems)
            if after is None:
                final.pop(want.key, None)
            else:
                final[want.key] = after
    # values shared by several SES instances go only when no claim is left (other instances, maybe of runs that
    # cannot see this one's hosts, keep their claims in that TXT record)
    for want in removals:
        if want.keep_while_claimed and not (final.get((want.keep_while_claimed, "TXT")) or RecordSet(want.name, "TXT", 0, [])).values:
            after = _wanted(final.get(want.key), want, "absent", problems)
            if after is None:
                final.pop(want.key, None)
            else:
                final[want.key] = after
    changes = []
    for key in sorted(set(current) | set(final)):
        before, after = current.get(key), final.get(key)
        if before is None and after is not None:
            changes.append(Change("create", after=after))
        elif after is None and before is not None:
            changes.append(Change("delete", before=before))
        elif before is not after and (before.ttl != after.ttl or before.values != after.values):
            changes.append(Change("update", before=before, after=after))
    problems.extend(_conflicts_with_current(current, changes))
    problems.extend(_mail_from_regions(current, changes))
    if problems:
        raise PlanError(problems)
    plan = Plan(zone, changes)
    total = sum(len(r.values) for r in current.values())
    deleted = plan.deleted_values()
    if not force and total >= DELETE_THRESHOLD_MIN_VALUES and deleted * 100 > delete_threshold * total:
        raise PlanError(
            [
                "the plan for zone %s deletes %d of its %d values, more than the safety threshold of %d%%; "
                "check the input, then run again with force=true (or raise delete_threshold) if this is intended" % (zone, deleted, total, delete_threshold)
            ]
        )
    return plan


def _mail_from_regions(current, changes):
    """An SES feedback MX we add where the zone already routes bounces to another region.

    SES sends a MAIL FROM domain's bounces to one region, so two regions cannot share one MAIL FROM name. The
    inventory check finds that among the hosts it sees; this catches it against the zone itself, where a tenant of
    another run (another AWX job slice, a ``--limit`` run, another inventory) put the other region's MX.
    """
    problems = []
    for change in changes:
        if change.after is None or change.after.type != "MX":
            continue
        before = set(change.before.values) if change.before is not None else set()
        regions = {}  # region -> the feedback MX value naming it
        for value in change.after.values:
            match = _ses_records.FEEDBACK_RE.match(value)
            if match:
                regions.setdefault(match.group(1), value)
        added = sorted(value for value in change.after.values if value not in before and _ses_records.FEEDBACK_RE.match(value))
        if len(regions) > 1 and added:
            kept = sorted(value for value in regions.values() if value not in added)
            parent = change.after.name.split(".", 1)[1] if "." in change.after.name.rstrip(".") else change.after.name
            problems.append(
                "%s would route bounces to SES in %s at once: the zone already holds MX %s and this run adds %s; SES sends a "
                "MAIL FROM domain's bounces to one region, so give each region its own MAIL FROM name (for example mail-%s.%s)"
                % (
                    change.after.name,
                    " and ".join(sorted(regions)),
                    ", ".join(kept) or "-",
                    ", ".join(added),
                    _ses_records.FEEDBACK_RE.match(added[0]).group(1),
                    parent,
                )
            )
    return problems


def _conflicts_with_current(current, changes):
    """A CNAME we add next to existing data, or data we add next to an existing CNAME."""
    final = dict(current)
    for change in changes:
        if change.after is None:
            final.pop(change.key, None)
        else:
            final[change.key] = change.after
    types_by_name = {}
    for name, rtype in final:
        types_by_name.setdefault(name, set()).add(rtype)
    problems = []
    touched = {change.key[0] for change in changes if change.after is not None}
    for name in sorted(touched):
        types = types_by_name.get(name, set())
        if "CNAME" in types and len(types) > 1:
            problems.append(
                "%s would hold a CNAME beside %s records; a CNAME cannot share its name with other data" % (name, ", ".join(sorted(types - {"CNAME"})))
            )
    return problems
