"""Offline stand-in for the get-pip script that ``ansible-test --venv`` downloads.

ansible-test runs it with pip's install arguments; ensurepip provides pip, then pip installs them.
"""

import ensurepip
import os
import subprocess
import sys

ensurepip.bootstrap(upgrade=True)
# ensurepip points PIP_CONFIG_FILE at /dev/null, which hides the machine's pip configuration.
os.environ.pop("PIP_CONFIG_FILE", None)
# get-pip.py's own options, which ``pip install`` does not know
args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + args))
