"""The second virtual environment with the lowest ansible-core the collection supports (meta/runtime.yml).

Standard library only: ``scripts/test`` builds it with the system Python on the core that is idle while pip
fills the main environment (``python3 tools/testkit/core_low.py``); the packaging tests call ``ensure()`` and
reuse it while its inputs stay the same.
"""

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The lowest ansible-core line meta/runtime.yml accepts, at its newest patch release on PyPI.
CORE_LOW = "2.17.14"
CORE_LOW_VENV = os.path.join(ROOT, ".cache", "ansible-core-2.17")
# Test-only packages the second virtualenv needs too, at the versions requirements-test.txt pins.
CORE_LOW_TEST_PACKAGES = ("pytest", "pytest-xdist", "checkdmarc", "moto", "jinja2", "octodns", "octodns-powerdns")


def pins():
    """``{name: 'name[extras]==version'}`` from requirements-test.txt."""
    found = {}
    with open(os.path.join(ROOT, "requirements-test.txt")) as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            match = re.match(r"^([A-Za-z0-9_.-]+)(\[[^\]]*\])?==\S+$", line)
            if match:
                found[match.group(1).lower()] = line
    return found


def _run(argv, timeout=900):
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise RuntimeError(
            "%s: rc=%s\n--- stdout (tail)\n%s\n--- stderr (tail)\n%s" % (" ".join(argv[:4]), result.returncode, result.stdout[-6000:], result.stderr[-4000:])
        )
    return result


def ensure(python=sys.executable):
    """The environment's directory, created (with ``python -m venv``) when missing or when its inputs changed."""
    test_pins = pins()
    missing = [name for name in CORE_LOW_TEST_PACKAGES if name not in test_pins]
    if missing:
        raise RuntimeError("requirements-test.txt pins none of %s" % missing)
    packages = ["ansible-core==%s" % CORE_LOW] + [test_pins[name] for name in CORE_LOW_TEST_PACKAGES]
    with open(os.path.join(ROOT, "requirements.txt"), "rb") as handle:
        digest = hashlib.sha256(handle.read() + "\n".join(packages).encode()).hexdigest()
    stamp = os.path.join(CORE_LOW_VENV, ".mailops-requirements.sha256")
    venv_python = os.path.join(CORE_LOW_VENV, "bin", "python")
    os.makedirs(os.path.dirname(CORE_LOW_VENV), exist_ok=True)
    with open(CORE_LOW_VENV + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one creator at a time (parallel test runs, the early build)
        if os.path.isfile(stamp) and open(stamp).read().strip() == digest and os.access(venv_python, os.X_OK):
            print("reusing %s" % CORE_LOW_VENV)
            return CORE_LOW_VENV
        started = time.monotonic()
        shutil.rmtree(CORE_LOW_VENV, ignore_errors=True)
        _run([python, "-m", "venv", CORE_LOW_VENV])
        # not byte-compiled: scripts/test keeps byte code of what is imported in its cache (scripts/lib.sh)
        _run(
            [venv_python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-compile", "-r", os.path.join(ROOT, "requirements.txt")] + packages
        )
        with open(stamp, "w") as handle:
            handle.write(digest + "\n")
        print("created %s in %.0f s" % (CORE_LOW_VENV, time.monotonic() - started))
    return CORE_LOW_VENV


if __name__ == "__main__":
    ensure()
