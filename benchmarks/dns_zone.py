#!/usr/bin/env python3
"""One dns_record_sets run for 50 domains x 7 records in one zone, on the sandbox's Route 53 and on BIND.

  .venv/bin/python benchmarks/dns_zone.py [--domains 50] [--latency-ms 0]

Reports provider reads and writes (from the module's own accounting, cross-checked with the sandbox's
API accounting) and the wall time of the module run, for the first run and the no-op rerun.
"""

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

from testkit.bind import Bind  # noqa: E402
from testkit.modules import run_module  # noqa: E402
from testkit.sandbox import Sandbox  # noqa: E402


def records(domains):
    result = []
    for index in range(domains):
        domain = "d%d.bench.example" % index
        for token in range(3):
            name = "tok%d%02dxxxxxxxxxxxxxxxxxxxxxxxxxx" % (token, index)
            result.append({"name": "%s._domainkey.%s" % (name, domain), "type": "CNAME", "values": ["%s.dkim.amazonses.com" % name]})
        result.append({"name": "mail." + domain, "type": "MX", "values": ["10 feedback-smtp.us-east-1.amazonses.com"]})
        result.append({"name": "mail." + domain, "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all"]})
        result.append({"name": "_dmarc." + domain, "type": "TXT", "values": ["v=DMARC1; p=none; rua=mailto:dmarc@" + domain]})
        result.append({"name": "_amazonses." + domain, "type": "TXT", "values": ["VerificationToken%04d=" % index]})
    return result


def timed(args, env=None):
    started = time.monotonic()
    result = run_module("dns_record_sets", args, env=env)
    return time.monotonic() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domains", type=int, default=50)
    parser.add_argument("--latency-ms", type=int, default=0)
    args = parser.parse_args()
    wanted = records(args.domains)
    print("%d domains x 7 records = %d record sets in one zone" % (args.domains, len(wanted)))
    print("%-10s %-14s %8s %7s %7s %8s" % ("provider", "run", "wall s", "reads", "writes", "changed"))
    with Sandbox(extra_args=["--latency-ms", str(args.latency_ms)]) as sandbox:
        sandbox.client("route53").create_hosted_zone(Name="bench.example", CallerReference="bench")
        module_args = {"provider": "route53", "zone": "bench.example", "record_sets": wanted}
        for label in ("first run", "no-op rerun"):
            sandbox.reset_calls()
            wall, result = timed(module_args, sandbox.env())
            calls = sandbox.calls()["services"].get("route53", {})
            line = ("route53", label, wall, result["api_calls"]["reads"], result["api_calls"]["writes"], result["changed"], calls)
            print("%-10s %-14s %8.2f %7d %7d %8s   sandbox saw %s" % line)
    with Bind({"bench.example": ""}) as bind:
        host, port = bind.server.split(":")
        module_args = {
            "provider": "rfc2136",
            "zone": "bench.example",
            "server": host,
            "port": int(port),
            "key_name": bind.key_name,
            "key_secret": bind.secret,
            "record_sets": wanted,
        }
        for label in ("first run", "no-op rerun"):
            serial = bind.serial("bench.example")
            wall, result = timed(module_args)
            line = (
                "rfc2136",
                label,
                wall,
                result["api_calls"]["reads"],
                result["api_calls"]["writes"],
                result["changed"],
                serial,
                bind.serial("bench.example"),
            )
            print("%-10s %-14s %8.2f %7d %7d %8s   SOA serial %d -> %d" % line)


if __name__ == "__main__":
    main()
