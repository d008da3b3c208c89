# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run one of this collection's modules inside Ansible's worker process instead of a new Python.

Every task of ``site.yml`` runs on the controller (``connection: local``, the playbook's own Python), yet a
module run normally starts a new interpreter, unpacks the module and imports Ansible and boto3 again: about
half a second of CPU per task, which is most of a no-op run's time and what made every added tenant cost the
whole task list again. Ansible forks a worker per task from the controller process, and the linear strategy
imports each task's action plugin in the controller first; so a module imported by its action plugin is
already in memory in every worker. ``DirectModuleAction.run`` then calls the module's ``main()`` right there,
with the arguments Ansible would have sent (``_update_module_args``, serialised and read back through the
same module JSON profile), and parses what it prints as Ansible parses a module's output. This is the
direct execution ansible.netcommon uses for network modules.

It is used only when the result cannot differ from a normal run (ansible-core 2.19 or later, whose module
argument and result serialisation it reuses), a local connection, the controller's own
Python as the interpreter, no ``become``, no ``async`` and no task ``environment`` (which would change the
module's environment variables). Otherwise, or with ``MAILOPS_DIRECT_MODULES=0`` in the environment, the
module runs as usual.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gc
import io
import json
import os
import sys

from ansible.module_utils import basic
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.vars.clean import remove_internal_keys

from ansible_collections.mailops.ses.plugins.module_utils._aws import clients as _clients

try:  # ansible-core 2.19+: module arguments and results go through serialization profiles
    from ansible.module_utils.common.json import Direction, get_module_encoder

    HAS_PROFILES = True
except ImportError:  # older ansible-core: modules run as their own process, as before
    HAS_PROFILES = False

display = Display()
PROFILE = "legacy"  # the serialization profile of modules without metadata, as module_common uses for them
SWITCH = "MAILOPS_DIRECT_MODULES"
_FREEZE_REGISTERED = False


def _switch_off():
    return os.environ.get(SWITCH, "1").lower() in ("0", "false", "no", "off")


def switched_on():
    """Whether modules may run in the worker at all (the other conditions depend on the task)."""
    return HAS_PROFILES and not _switch_off()


def _freeze_inherited_objects():
    """In every process forked from this one from now on (Ansible's workers), keep the garbage collector off the
    objects the fork inherited.

    A worker starts with the controller's whole heap (inventory, variables, plugins, parsed botocore data) and with
    its collection counters. When a worker's allocations trigger a full collection, the collector walks every one
    of those objects and writes to each, which also un-shares their memory pages: measured at 10 tenants x 20
    domains, one full collection cost a worker about 0.1 s, and which task's workers paid it (10 at once) depended
    only on where the controller's counters stood when it forked them. ``gc.freeze()`` moves the inherited objects
    out of the collector's reach in constant time, as the ``gc`` documentation advises for fork without exec; what
    the worker itself makes is collected as usual, and a worker ends with its task.
    """
    global _FREEZE_REGISTERED
    if not _FREEZE_REGISTERED and hasattr(os, "register_at_fork") and hasattr(gc, "freeze"):
        os.register_at_fork(after_in_child=gc.freeze)
        _FREEZE_REGISTERED = True


def prepare_clients(services):
    """Parse the botocore data of ``services`` in this process (the controller, at import) for the workers' clients.

    Called when Ansible imports an action plugin, which it does in the controller before forking the workers; a
    failure costs nothing but the speed-up (the clients then parse the data themselves). Also keeps the workers'
    garbage collector off what they inherit (``_freeze_inherited_objects``).
    """
    if _switch_off():
        return
    _freeze_inherited_objects()  # also where modules run as their own process: the workers still template
    if not switched_on():
        return
    try:
        _clients.prepare(services)
    except Exception as exc:  # pylint: disable=broad-except
        display.vvvv("mailops.ses: botocore data not prepared for %s (%s)" % (", ".join(services), exc))


class DirectModuleAction(ActionBase):
    """Action plugin of a module of this collection; subclasses set ``MODULE`` (the imported module)."""

    MODULE = None
    SERVICES = ()  # the AWS services the module's clients talk to: their botocore data is parsed once, in the controller
    TRANSFERS_FILES = False

    def __init_subclass__(cls, **kwargs):
        super(DirectModuleAction, cls).__init_subclass__(**kwargs)
        prepare_clients(cls.SERVICES)

    def run(self, tmp=None, task_vars=None):
        result = super(DirectModuleAction, self).run(tmp, task_vars)
        del tmp
        task_vars = task_vars or {}
        why_not = self.direct_blocker(task_vars)
        if why_not:
            display.vvvv("mailops.ses: %s runs as a separate process (%s)" % (self._task.action, why_not))
            result.update(self._execute_module(task_vars=task_vars))
            return result
        result.update(self._run_in_worker(task_vars))
        return result

    def direct_blocker(self, task_vars):
        """Why the module cannot run in the worker (None when it can)."""
        if self.MODULE is None:
            return "no module"
        if not HAS_PROFILES:
            return "ansible-core before 2.19"
        if not switched_on():
            return "%s is off" % SWITCH
        if getattr(self._connection, "_load_name", "").rpartition(".")[2] != "local":
            return "the connection is not local"
        if self._task.async_val:
            return "async"
        if self._play_context.become:
            return "become"
        environment = {}
        self._compute_environment_string(raw_environment_out=environment)
        if environment:
            return "the task sets environment variables"
        interpreter = task_vars.get("ansible_python_interpreter")
        if interpreter is None:
            return "no ansible_python_interpreter (interpreter discovery)"
        interpreter = self._templar.template(interpreter)
        if not isinstance(interpreter, str) or os.path.realpath(interpreter) != os.path.realpath(sys.executable):
            return "ansible_python_interpreter is not the controller's Python"
        return None

    def _run_in_worker(self, task_vars):
        module_args = dict(self._task.args)
        self._update_module_args(self._task.action, module_args, task_vars)
        encoder = get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)
        basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": module_args}, cls=encoder).encode()
        basic._ANSIBLE_PROFILE = PROFILE
        stdout, stderr = io.StringIO(), io.StringIO()
        saved = sys.stdout, sys.stderr
        rc = 0
        try:
            sys.stdout, sys.stderr = stdout, stderr
            with _clients.direct_run():
                self.MODULE.main()
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        finally:
            sys.stdout, sys.stderr = saved
            basic._ANSIBLE_ARGS = None
        data = self._parse_returned_data({"rc": rc, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}, PROFILE)
        # as _execute_module does after a module ran
        data.pop("_ansible_suppress_tmpdir_delete", None)
        remove_internal_keys(data)
        return data
