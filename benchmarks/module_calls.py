#!/usr/bin/env python3
"""API calls the SES modules make for one domain with MAIL FROM, Easy DKIM and a configuration set with
CloudWatch and SNS event destinations: a first run and a no-op rerun, counted by the sandbox.

  .venv/bin/python benchmarks/module_calls.py
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

from testkit.modules import run_module  # noqa: E402
from testkit.sandbox import Sandbox  # noqa: E402

CONFIGURATION_SET = {
    "name": "marketing",
    "event_destinations": [
        {
            "name": "per-domain",
            "matching_event_types": ["SEND", "DELIVERY", "BOUNCE", "COMPLAINT"],
            "cloudwatch": {"dimensions": [{"name": "ses:from-domain", "default": "example.com"}]},
        },
        {"name": "feedback", "matching_event_types": ["BOUNCE", "COMPLAINT"], "sns": {"topic_arn": "arn:aws:sns:us-east-1:123456789012:ses-feedback"}},
    ],
}
IDENTITY = {"identity": "example.com", "mail_from": {"domain": "mail.example.com"}, "dkim": {"key_length": "RSA_2048_BIT"}, "configuration_set": "marketing"}


def main():
    with Sandbox() as sandbox:
        for label in ("first run", "no-op rerun"):
            sandbox.reset_calls()
            run_module("configuration_set", CONFIGURATION_SET, env=sandbox.env())
            run_module("email_identity", IDENTITY, env=sandbox.env())
            calls = sandbox.calls()
            print("%s: %d calls, %d writes" % (label, calls["total"], calls["writes"]))
            for operation, count in sorted(calls["services"].get("sesv2", {}).items()):
                print("  sesv2 %-45s %d" % (operation, count))


if __name__ == "__main__":
    main()
