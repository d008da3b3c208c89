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
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + sys.argv[1:]))
