"""When a module may run inside Ansible's worker (plugin_utils/direct.py) and when it must run as its own process."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext
from ansible.template import Templar

from ansible_collections.mailops.ses.plugins.modules import account
from ansible_collections.mailops.ses.plugins.plugin_utils import direct
from ansible_collections.mailops.ses.plugins.plugin_utils.direct import DirectModuleAction


class Action(DirectModuleAction):
    MODULE = account


def action(connection="ansible.builtin.local", become=False, async_val=0, environment=None, module=account):
    task = mock.MagicMock(async_val=async_val, environment=environment, action="mailops.ses.account", args={})
    conn = mock.MagicMock(_load_name=connection)
    conn._shell.env_prefix = lambda **env: " ".join("%s=%s" % item for item in sorted(env.items()))
    play_context = PlayContext()
    play_context.become = become
    loader = DataLoader()
    plugin = Action(task, conn, play_context, loader, Templar(loader=loader), None)
    plugin.MODULE = module
    return plugin


HERE = {"ansible_python_interpreter": sys.executable}


@pytest.mark.parametrize(
    "plugin, task_vars, blocker",
    [
        (action(), HERE, None),
        (action(connection="local"), HERE, None),
        (action(connection="ansible.builtin.ssh"), HERE, "the connection is not local"),
        (action(become=True), HERE, "become"),
        (action(async_val=30), HERE, "async"),
        (action(environment=[{"AWS_PROFILE": "x"}]), HERE, "the task sets environment variables"),
        (action(environment=[{}]), HERE, None),
        (action(), {}, "no ansible_python_interpreter (interpreter discovery)"),
        (action(), {"ansible_python_interpreter": "/usr/bin/python3.9"}, "ansible_python_interpreter is not the controller's Python"),
        (action(module=None), HERE, "no module"),
    ],
)
def test_when_the_module_runs_in_the_worker(plugin, task_vars, blocker, monkeypatch):
    monkeypatch.setattr(direct, "HAS_PROFILES", True)  # the decision alone, on any ansible-core
    assert plugin.direct_blocker(task_vars) == blocker


def test_an_ansible_core_without_serialization_profiles_runs_modules_as_processes(monkeypatch):
    monkeypatch.setattr(direct, "HAS_PROFILES", False)
    assert action().direct_blocker(HERE) == "ansible-core before 2.19"


def test_the_switch_turns_it_off(monkeypatch):
    monkeypatch.setattr(direct, "HAS_PROFILES", True)
    monkeypatch.setenv("MAILOPS_DIRECT_MODULES", "0")
    assert action().direct_blocker(HERE) == "MAILOPS_DIRECT_MODULES is off"


FORKED = """
import gc, os, sys
sys.path.insert(0, sys.argv[1])
from ansible_collections.mailops.ses.plugins.action import account  # imports it as Ansible does, in the controller
garbage = [[] for _ in range(1000)]
read, write = os.pipe()
child = os.fork()  # as multiprocessing's fork context starts a worker
if child == 0:
    os.write(write, str(gc.get_freeze_count()).encode())
    os._exit(0)
os.waitpid(child, 0)
print(gc.get_freeze_count(), int(os.read(read, 64)))
"""


@pytest.mark.parametrize("switch, frozen_in_worker", [("1", True), ("0", False)])
def test_a_worker_keeps_the_garbage_collector_off_what_it_inherits(switch, frozen_in_worker):
    """A full collection in a worker walked (and un-shared) the controller's whole heap; forks freeze it at once."""
    from tests.conftest import COLLECTIONS

    env = dict(os.environ, MAILOPS_DIRECT_MODULES=switch)
    out = subprocess.run([sys.executable, "-c", FORKED, COLLECTIONS], env=env, capture_output=True, text=True, check=True).stdout
    in_controller, in_worker = map(int, out.split())
    assert in_controller == 0  # the controller itself is left alone
    assert (in_worker > 1000) is frozen_in_worker
