"""Run code in a new Python process that can import what this one can: for what a module imports, or changes,
when it is imported first (``sys.modules`` of the test process already holds everything)."""

import os
import subprocess
import sys


def python_output(code):
    """What ``code`` prints; fails with its standard error when it fails."""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
