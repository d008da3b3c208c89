# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bounded concurrency inside one module run (reads of many identities, DNS checks of many domains)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from concurrent.futures import ThreadPoolExecutor

DEFAULT_CONCURRENCY = 4


def in_parallel(func, items, concurrency=DEFAULT_CONCURRENCY):
    """``[func(item) for item in items]`` with at most ``concurrency`` calls at once, results in order.

    AWS calls made this way still go through the clients' retries (throttling backs off), so a small pool stays
    within the service's rate; the first exception is raised once the running calls are done.
    """
    items = list(items)
    if len(items) <= 1 or concurrency <= 1:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return list(pool.map(func, items))
