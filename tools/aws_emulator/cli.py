"""``tools/aws-emulator``: run the sandbox in the foreground."""

import argparse
import logging
import signal
import sys
import threading

from werkzeug.serving import make_server

from .server import SandboxApp, configure, warm_up


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="aws-emulator",
        description="Local AWS sandbox for mailops.ses (moto + SES v2, strict Route 53, faults, accounting).",
    )
    parser.add_argument("--port", type=int, required=True, help="TCP port on 127.0.0.1 (0 picks a free one)")
    parser.add_argument(
        "--dns-server", metavar="HOST:PORT", action="append", default=[], help="also treat records served by this DNS server as visible to SES (repeatable)"
    )
    parser.add_argument("--dns-port", type=int, help="also answer DNS (UDP+TCP on 127.0.0.1) for the sandbox's public Route 53 zones")
    parser.add_argument("--throttle-rate", type=float, default=0.0, help="fraction of requests answered with the service's throttling error")
    parser.add_argument("--latency-ms", type=int, default=0, help="delay added to every request")
    parser.add_argument("--verify-delay", type=float, default=0.0, help="seconds a DNS record must be visible before SES reports SUCCESS (0 = instant)")
    parser.add_argument("--pending-timeout", type=float, default=259200.0, help="seconds a PENDING status may last before it becomes FAILED (default 72 h)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument("--no-warm-up", action="store_true", help="skip the read per service sent before ready (see server.warm_up)")
    parser.add_argument("--seed", type=int, help="seed for the throttling dice, for repeatable runs")
    args = parser.parse_args(argv)
    if not 0.0 <= args.throttle_rate <= 1.0:
        parser.error("--throttle-rate must be between 0 and 1")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
    configure(args.dns_server, args.verify_delay, args.pending_timeout)
    app = SandboxApp(throttle_rate=args.throttle_rate, latency_ms=args.latency_ms, seed=args.seed)
    from moto.moto_server.werkzeug_app import MotoRequestHandler

    server = make_server("127.0.0.1", args.port, app, threaded=True, request_handler=MotoRequestHandler)

    def stop(_signum, _frame):
        # shutdown() waits for serve_forever() to return, so it must run in another thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    dns_server = None
    if args.dns_port is not None:
        from .dnsserver import Route53DnsServer

        dns_server = Route53DnsServer(args.dns_port).start()
    host, port = server.server_address[:2]
    extra = f" (Route 53 zones served by DNS on 127.0.0.1:{dns_server.port})" if dns_server else ""

    def ready():
        if not args.no_warm_up:
            faults = app.latency_ms, app.throttle_rate
            app.latency_ms, app.throttle_rate = 0, 0.0
            try:
                warm_up(f"http://{host}:{port}")
            except Exception as exc:  # noqa: BLE001 - a cold sandbox is slower, not wrong
                print(f"aws-emulator: warm-up failed ({exc}); serving cold", file=sys.stderr, flush=True)
            finally:
                app.latency_ms, app.throttle_rate = faults
                app.reset_counts()
        print(f"aws-emulator ready on http://{host}:{port}{extra}", flush=True)

    threading.Thread(target=ready, daemon=True).start()  # it talks to the server, which serves in this thread
    try:
        server.serve_forever()
    finally:
        server.server_close()
        if dns_server:
            dns_server.stop()
    try:
        print("aws-emulator stopped", flush=True)
    except BrokenPipeError:  # whoever started it (tools/mailops-services) stopped reading once it was ready
        sys.stdout = None  # nothing left to flush at exit either
    return 0
