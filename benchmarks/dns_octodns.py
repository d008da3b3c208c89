#!/usr/bin/env python3
"""50 domains x 7 records in one PowerDNS zone through the octoDNS provider: HTTP requests and wall time.

  .venv/bin/python benchmarks/dns_octodns.py [--domains 50] [--repeat 3]

Starts a PowerDNS (tools/testkit/powerdns.py) and a counting proxy in front of its HTTP API: octoDNS talks to the
proxy, which forwards every request and counts it by method, so the numbers are the requests PowerDNS really got.
Runs dns_record_sets (a module process, as Ansible runs it) for a first run and a no-op rerun, then the same
pipeline in-process on a fresh zone (no module start-up), each --repeat times on a fresh zone, and prints one
table (median wall time; the counts must be the same every time).
"""

import argparse
import collections
import http.client
import http.server
import os
import statistics
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, ".build", "collections"))

from dns_zone import records  # noqa: E402  (the same 7 records per domain as benchmarks/dns_zone.py)
from testkit.modules import run_module  # noqa: E402
from testkit.powerdns import PowerDns  # noqa: E402

from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.octodns import OctodnsProvider  # noqa: E402
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import publish  # noqa: E402
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import record_sets_from_input  # noqa: E402

ZONE = "bench.example."


class CountingProxy:
    """A loopback HTTP proxy to PowerDNS's API that counts requests by method."""

    def __init__(self, upstream_port):
        self.counts = collections.Counter()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def forward(self):
                proxy.counts[self.command] += 1
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                data = response.read()
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                upstream.close()

            do_GET = do_PATCH = do_PUT = do_POST = do_DELETE = forward

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def take(self):
        counts = dict(self.counts)
        self.counts.clear()
        return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--domains", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each row; the wall time printed is the median")
    args = parser.parse_args()
    wanted = records(args.domains)
    print("%d domains x 7 records = %d record sets in one PowerDNS zone, through octodns_powerdns.PowerDnsProvider" % (args.domains, len(wanted)))
    header = "%-24s %-12s %7s %6s %7s %9s %11s %12s %8s" % ("how", "run", "wall s", "reads", "writes", "HTTP GET", "HTTP PATCH", "HTTP total", "changed")
    print(header)
    print("-" * len(header))
    with PowerDns([ZONE]) as pdns, CountingProxy(pdns.api_port) as proxy:
        settings = {"class": "octodns_powerdns.PowerDnsProvider", "host": "127.0.0.1", "port": proxy.port, "api_key": pdns.api_key}
        module_args = {"provider": "octodns", "zone": ZONE, "octodns": settings, "record_sets": wanted}
        desired = record_sets_from_input(wanted, zone=ZONE)

        def module_run():
            result = run_module("dns_record_sets", module_args)
            return result["api_calls"]["reads"], result["api_calls"]["writes"], result["changed"]

        def pipeline_run():
            provider = OctodnsProvider(ZONE, settings)
            result = publish(provider, ZONE, desired)
            return provider.reads, provider.writes, bool(result.plan)

        rows = collections.OrderedDict()
        for _repeat in range(args.repeat):
            for how, run in (("dns_record_sets module", module_run), ("pipeline in-process", pipeline_run)):
                pdns.reset_zone(ZONE)
                for label in ("first run", "no-op rerun"):
                    proxy.take()
                    started = time.monotonic()
                    reads, writes, changed = run()
                    wall = time.monotonic() - started
                    counts = proxy.take()
                    line = rows.setdefault((how, label), {"walls": [], "counts": (reads, writes, counts, changed)})
                    if line["counts"] != (reads, writes, counts, changed):
                        raise SystemExit(
                            "the counts of %s %s differ between repetitions: %s, %s" % (how, label, line["counts"], (reads, writes, counts, changed))
                        )
                    line["walls"].append(wall)
        for (how, label), line in rows.items():
            reads, writes, counts, changed = line["counts"]
            print(
                "%-24s %-12s %7.2f %6d %7d %9d %11d %12d %8s"
                % (how, label, statistics.median(line["walls"]), reads, writes, counts.get("GET", 0), counts.get("PATCH", 0), sum(counts.values()), changed)
            )
        served = len(pdns.rrsets(ZONE))
    print("(zone holds %d record sets afterwards, SOA and NS included)" % served)


if __name__ == "__main__":
    main()
