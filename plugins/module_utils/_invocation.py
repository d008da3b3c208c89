# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The ``invocation`` a module returns when some of its arguments are large, per-identity or per-record data.

Ansible adds ``invocation.module_args`` (the module's arguments) to every result. For the collection's batch
modules those arguments are every identity, record set or expected record of a tenant or zone: at a thousand
identities they made a fifth of all the data the workers send and the controller copies and walks per task,
and of every job event AWX stores, for an echo that only ``-vvv`` shows. A successful run of such a module
returns its arguments with each of those inputs summarised ("20 items"); at ``-vvv``, and on failure, the
whole invocation is returned as usual (with ``no_log`` values masked either way).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

FULL_AT_VERBOSITY = 3  # where Ansible's callbacks print a result's invocation


def summary(value):
    """One line for a large input: how many items (a list) or keys (a dict) it had."""
    noun = "key" if isinstance(value, dict) else "item"
    return "%d %s%s (the whole argument is in the result at -vvv)" % (len(value), noun, "" if len(value) == 1 else "s")


def compact(module, names):
    """``{"invocation": ...}`` with the list and dict arguments among ``names`` summarised, to pass to
    ``exit_json``; ``{}`` (Ansible's full invocation) at ``-vvv``."""
    if getattr(module, "_verbosity", 0) >= FULL_AT_VERBOSITY:
        return {}
    args = dict(module.params)
    for name in names:
        if isinstance(args.get(name), (list, dict)):
            args[name] = summary(args[name])
    return {"invocation": {"module_args": args}}
