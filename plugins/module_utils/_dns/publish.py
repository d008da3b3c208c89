# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one pipeline every DNS provider runs through: read, plan, (apply), re-plan on a race.

A provider implements ``read(keys)`` and ``apply(plan)``; this module owns
check mode, the safety limit and the retry when a concurrent writer changed the
zone between our read and our write (the provider's write carries the exact
values it read, so such a race fails instead of being lost).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.module_utils._dns.plan import make_plan


class ProviderError(Exception):
    """An operational failure: the message names the zone, the server and the likely fix."""


class ConcurrentChange(Exception):
    """The zone changed between read and write; the write was rejected as a whole."""


class PublishResult:
    def __init__(self, plan, attempts, writes):
        self.plan = plan
        self.attempts = attempts
        self.writes = writes


def publish(provider, zone, desired, mode="merge", check_mode=False, delete_threshold=30, force=False, max_attempts=4, removals=()):
    """Bring ``zone`` to ``desired`` under ``mode``; returns a PublishResult.

    In check mode nothing is written and the plan predicts the real run.
    PlanError (conflicts, safety limit) and ProviderError propagate unchanged.
    """
    keys = {record_set.key for record_set in list(desired) + list(removals)}
    last = None
    for attempt in range(1, max_attempts + 1):
        current = provider.read(keys)
        plan = make_plan(zone, current, desired, mode, delete_threshold=delete_threshold, force=force, removals=removals)
        if check_mode or not plan:
            return PublishResult(plan, attempt, 0)
        try:
            writes = provider.apply(plan)
        except ConcurrentChange as exc:
            last = exc
            continue
        return PublishResult(plan, attempt, writes)
    raise ProviderError(
        "%s changed under us %d times in a row (%s); another writer is busy with the same records, run again "
        "when it is done" % (provider.describe(), max_attempts, last)
    )
