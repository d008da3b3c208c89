"""Run a controller-side action plugin without a playbook.

With ansible-core 2.19 an ``ActionModule`` is built from mocks, as ansible-core's own unit tests of
action plugins do: ``ActionBase.__init__`` only stores task, connection, play context, loader and
templar (``shared_loader_obj`` is ignored and replaced by ``ansible.plugins.loader``), and
``ActionBase.run`` only reads ``task.async_val``, ``task.check_mode``, ``task.args`` and
``connection._shell.tmpdir`` (a mock, so no remote temporary directory is made).
"""

from unittest.mock import MagicMock

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar


def action(module_class, args, check_mode=False, name="mailops.ses.test", task_vars=None):
    task = MagicMock()
    task.args = dict(args)
    task.async_val = 0
    task.check_mode = check_mode
    task.action = name
    # a real templar over the task variables, as the task executor hands one to the plugin
    templar = Templar(loader=DataLoader(), variables=task_vars or {})
    module = module_class(task, MagicMock(), MagicMock(), MagicMock(), templar, MagicMock())
    module._load_name = name  # the plugin loader sets it; validate_argument_spec names the action with it
    return module


def run(module_class, args, task_vars, check_mode=False):
    """The result of one run of the action plugin with ``args`` and ``task_vars``."""
    return action(module_class, args, check_mode, task_vars=task_vars).run(task_vars=task_vars)


def task_vars(hostvars, host=None, groups=None, play_hosts=None):
    """Task variables as the strategy passes them: ``hostvars`` of every host, the current host's own variables on top."""
    host = host or sorted(hostvars)[0]
    result = dict(hostvars.get(host, {}))
    result.update(
        hostvars=hostvars,
        groups=groups if groups is not None else {"all": sorted(hostvars), "ses_tenants": sorted(hostvars)},
        inventory_hostname=host,
        ansible_play_hosts=play_hosts if play_hosts is not None else sorted(hostvars),
    )
    return result
