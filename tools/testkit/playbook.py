"""Run ansible-playbook on a generated inventory, as the tests do for the roles and site.yml."""

import json
import os
import re
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")
RECAP = re.compile(r"^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M)


class Result:
    def __init__(self, completed):
        self.rc = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr
        self.recap = {m.group(1): {"ok": int(m.group(2)), "changed": int(m.group(3)), "failed": int(m.group(5))} for m in RECAP.finditer(completed.stdout)}

    @property
    def changed(self):
        return sum(host["changed"] for host in self.recap.values())

    @property
    def failed(self):
        return sum(host["failed"] for host in self.recap.values())


def write_inventory(directory, tenants, group_vars):
    """``tenants``: {host: host vars}; ``group_vars``: vars of group all."""
    os.makedirs(os.path.join(directory, "group_vars"), exist_ok=True)
    with open(os.path.join(directory, "hosts.yml"), "w") as handle:
        yaml.safe_dump({"ses_tenants": {"hosts": tenants}}, handle, sort_keys=False)
    with open(os.path.join(directory, "group_vars", "all.yml"), "w") as handle:
        yaml.safe_dump(group_vars, handle, sort_keys=False)
    return directory


def run_playbook(inventory, env=None, playbook="site.yml", args=(), timeout=900):
    child_env = dict(os.environ)
    child_env.update(env or {})
    child_env.update(
        {
            "ANSIBLE_COLLECTIONS_PATH": COLLECTIONS,
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_HOST_KEY_CHECKING": "False",
            "ANSIBLE_RETRY_FILES_ENABLED": "False",
            "ANSIBLE_LOCALHOST_WARNING": "False",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "False",
        }
    )
    path = playbook if os.path.isabs(playbook) else os.path.join(ROOT, "playbooks", playbook)
    binary = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    completed = subprocess.run(
        [binary if os.path.exists(binary) else "ansible-playbook", path, "-i", inventory] + list(args),
        capture_output=True,
        text=True,
        env=child_env,
        timeout=timeout,
        check=False,
    )
    return Result(completed)


def dump(data):
    return json.dumps(data, indent=2, sort_keys=True, default=str)
