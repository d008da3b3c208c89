"""Run one of the collection's modules the way Ansible does (JSON args in, JSON result out), but without a playbook.

Used by the module integration tests: it exercises the real module code against the sandbox at a fraction of
``ansible-playbook``'s start-up cost. Each run is a separate process, as under Ansible: a fork of the test
process, which imported the module (and boto3) once, so a run does not pay Python's start-up and imports again
(a fresh interpreter per run cost about 0.4 s of CPU). ``MAILOPS_TEST_FORK=0`` starts a new interpreter instead.
"""

import importlib
import io
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
    child_env = dict(os.environ)
    child_env.update(env or {})
    child_env["PYTHONPATH"] = COLLECTIONS + os.pathsep + child_env.get("PYTHONPATH", "")
    run = _forked if os.environ.get("MAILOPS_TEST_FORK", "1") != "0" else _interpreter
    completed = run(name, json.dumps({"ANSIBLE_MODULE_ARGS": payload}), child_env)
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


class _Completed:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def _interpreter(name, args_json, env):
    """The module in a new Python interpreter, its arguments on stdin."""
    code = "from ansible_collections.mailops.ses.plugins.modules import %s as m; m.main()" % name
    completed = subprocess.run([sys.executable, "-c", code], input=args_json, capture_output=True, text=True, env=env, timeout=300, check=False)
    return _Completed(completed.returncode, completed.stdout, completed.stderr)


def _forked(name, args_json, env):
    """The module in a fork of this process: the arguments handed over as AnsiballZ does (``_ANSIBLE_ARGS``),
    stdout and stderr captured in the child and sent back whole through a pipe."""
    if COLLECTIONS not in sys.path:
        sys.path.insert(0, COLLECTIONS)
    from ansible.module_utils import basic

    module = importlib.import_module("ansible_collections.mailops.ses.plugins.modules.%s" % name)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: only os-level calls and objects of its own, whatever the parent's threads held
        os.close(read_end)
        rc = 0
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            os.environ.clear()
            os.environ.update(env)
            # what a new interpreter would take from PYTHONPATH (a test may add a provider class of its own)
            sys.path[:0] = [path for path in env.get("PYTHONPATH", "").split(os.pathsep) if path and path not in sys.path]
            basic._ANSIBLE_ARGS = args_json.encode()
            basic._ANSIBLE_PROFILE = "legacy"
            sys.stdout, sys.stderr = stdout, stderr
            module.main()
        except SystemExit as exc:
            rc = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:  # noqa: BLE001 - reported to the parent like a crashed process
            rc = 1
            stderr.write("%s: %s" % (type(exc).__name__, exc))
        data = json.dumps({"rc": rc, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}).encode()
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view) :]
        os._exit(0)
    os.close(write_end)
    chunks = []
    with os.fdopen(read_end, "rb") as pipe:
        for chunk in iter(lambda: pipe.read(65536), b""):
            chunks.append(chunk)
    os.waitpid(pid, 0)
    if not chunks:
        return _Completed(1, "", "module %s: the forked child died without a result" % name)
    child = json.loads(b"".join(chunks))
    return _Completed(child["rc"], child["stdout"], child["stderr"])
