# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Tags as AWS takes them, and the calls that bring a resource's tags to the desired ones.

Tags whose key starts with ``mailops:`` are the collection's own markers (who paused a
configuration set, which BYODKIM key is installed, what the collection created): they are set
by the modules and never purged together with the user's tags.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

MANAGED_PREFIX = "mailops:"


def strings(tags):
    """Tags with string values (YAML gives ints and booleans too; null is an empty value); None stays None."""
    if tags is None:
        return None
    return {str(k): "" if v is None else str(v) for k, v in tags.items()}


def as_list(tags, key="Key", value="Value"):
    return [{key: k, value: v} for k, v in sorted(tags.items())]


def from_list(items, key="Key", value="Value"):
    return {t[key]: t.get(value, "") for t in items or []}


def tag_ops(current, wanted, purge=True, managed=None, unmanage=()):
    """``tag_resource`` / ``untag_resource`` operations (ResourceArn filled in by the caller).

    ``wanted`` are the user's tags (None: leave the user's tags alone); ``managed`` are markers the
    module sets itself and ``unmanage`` markers it takes away. Markers are never purged as user tags.
    """
    add = dict(managed or {})
    add = {k: v for k, v in add.items() if current.get(k) != v}
    remove = list(unmanage)
    if wanted is not None:
        add.update({k: v for k, v in wanted.items() if current.get(k) != v})
        if purge:
            remove.extend(k for k in set(current) - set(wanted) if not k.startswith(MANAGED_PREFIX))
    remove = sorted({k for k in remove if k in current} - set(add))
    ops = []
    if add:
        ops.append(("tag_resource", {"ResourceArn": None, "Tags": as_list(add)}))
    if remove:
        ops.append(("untag_resource", {"ResourceArn": None, "TagKeys": remove}))
    return ops
