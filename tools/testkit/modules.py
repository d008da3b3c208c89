"""Run one of the collection's modules the way Ansible does (JSON args on stdin), but without a playbook.

Used by the module integration tests: it exercises the real module code against the
sandbox at a fraction of ``ansible-playbook``'s start-up cost.
"""

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COLLECTIONS = os.path.join(ROOT, ".build", "collections")


class ModuleFailed(AssertionError):
    def __init__(self, result):
        self.result = result
        super().__init__(result.get("msg"))


def run_module(name, args, env=None, check_mode=False, diff=False, expect_failure=False):
    payload = dict(args)
    payload["_ansible_check_mode"] = check_mode
    payload["_ansible_diff"] = diff
    payload["_ansible_remote_tmp"] = "/tmp"
    payload["_ansible_keep_remote_files"] = False
    code = "from ansible_collections.mailops.ses.plugins.modules import %s as m; m.main()" % name
    child_env = dict(os.environ)
    child_env.update(env or {})
    child_env["PYTHONPATH"] = COLLECTIONS + os.pathsep + child_env.get("PYTHONPATH", "")
    completed = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps({"ANSIBLE_MODULE_ARGS": payload}),
        capture_output=True,
        text=True,
        env=child_env,
        timeout=300,
        check=False,
    )
    try:
        result = json.loads(completed.stdout)
    except ValueError:
        raise AssertionError("module %s printed no JSON (rc %s):\nstdout: %s\nstderr: %s" % (name, completed.returncode, completed.stdout, completed.stderr))
    result["_stdout"] = completed.stdout
    result["_stderr"] = completed.stderr
    failed = bool(result.get("failed"))
    if failed and not expect_failure:
        raise ModuleFailed(result)
    if expect_failure and not failed:
        raise AssertionError("module %s was expected to fail but returned %s" % (name, result))
    return result
