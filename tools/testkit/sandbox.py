"""Run ``tools/aws-emulator`` as a child process and talk to its control API."""

import json
import os
import subprocess
import sys
import time
import urllib.request

from .ports import free_port

TOOLS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EMULATOR = os.path.join(TOOLS, "aws-emulator")
DEFAULT_ACCOUNT = "123456789012"


class Sandbox:
    def __init__(self, port=None, dns_server=None, extra_args=(), log_path=None, serve_dns=True):
        """``dns_server``: a ``host:port`` (or a list of them) whose answers SES sees, besides the sandbox's Route 53."""
        self.port = port or free_port()
        self.dns_server = dns_server
        self.dns_port = free_port() if serve_dns else None
        self.extra_args = list(extra_args)
        self.log_path = log_path
        self.process = None
        self._log = None
        self._clients = {}

    @property
    def route53_dns(self):
        """host:port of the DNS server answering for the sandbox's public Route 53 zones."""
        return "127.0.0.1:%d" % self.dns_port

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=30):
        args = [sys.executable, EMULATOR, "--port", str(self.port)] + self.extra_args
        for server in [self.dns_server] if isinstance(self.dns_server, str) else self.dns_server or []:
            args += ["--dns-server", server]
        if self.dns_port:
            args += ["--dns-port", str(self.dns_port)]
        self._log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=self._log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stdout.readline().decode()
            if "ready" in line:
                return self
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"aws-emulator did not become ready: {' '.join(args)}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stdout:
            self.process.stdout.close()
        if self._log not in (None, subprocess.DEVNULL):
            self._log.close()
        self.process = None

    def cpu_seconds(self):
        """CPU time (user + system) the sandbox process used so far: what emulating AWS costs the machine."""
        with open("/proc/%d/stat" % self.process.pid) as handle:
            fields = handle.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / float(os.sysconf("SC_CLK_TCK"))

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- control API ------------------------------------------------------
    def _request(self, path, payload=None):
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method="POST" if data is not None else "GET")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read() or b"{}")

    def calls(self):
        return self._request("/mailops-sandbox/calls")

    def reset_calls(self):
        return self._request("/mailops-sandbox/calls/reset", {})

    def configure(self, **settings):
        return self._request("/mailops-sandbox/config", settings)

    def review(self, status="GRANTED", account=DEFAULT_ACCOUNT, region="us-east-1"):
        return self._request("/mailops-sandbox/review", {"status": status, "account": account, "region": region})

    def feedback(self, configuration_set, domain, sends, bounces=0, complaints=0, account=DEFAULT_ACCOUNT, region="us-east-1", traffic=None):
        payload = {
            "configuration_set": configuration_set,
            "domain": domain,
            "sends": sends,
            "bounces": bounces,
            "complaints": complaints,
            "account": account,
            "region": region,
        }
        if traffic:
            payload["traffic"] = traffic
        return self._request("/mailops-sandbox/feedback", payload)

    def reputation(self, tenant, account=DEFAULT_ACCOUNT, region="us-east-1", **changes):
        """SES's side of a tenant's reputation: ``impact`` (LOW/HIGH/None), ``aws_managed_status``, ``cause``."""
        return self._request("/mailops-sandbox/reputation", dict(changes, tenant=tenant, account=account, region=region))

    def reset(self):
        request = urllib.request.Request(self.endpoint + "/moto-api/reset", data=b"", method="POST")
        urllib.request.urlopen(request, timeout=10).close()
        self.configure(
            throttle_rate=0.0, latency_ms=0, fail_after_writes=None, verify_delay=0.0, pending_timeout=259200.0, clock_offset=0.0, endpoint_delay=1.0
        )

    def writes(self):
        """(service, operation) -> count of every write call since the last reset."""
        from aws_emulator.server import is_write

        result = {}
        for service, operations in self.calls()["services"].items():
            for operation, count in operations.items():
                if is_write(operation):
                    result[f"{service}:{operation}"] = count
        return result

    # -- clients ----------------------------------------------------------
    def env(self):
        """Environment for a child process (ansible-playbook) aimed at the sandbox."""
        return {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
            "AWS_URL": self.endpoint,
            "AWS_ENDPOINT_URL": self.endpoint,
        }

    def client(self, service, region="us-east-1", account=None, retries=1, validate=True, **credentials):
        """A boto3 client of the sandbox; ``validate=False`` sends what botocore would refuse to send.

        One client per set of arguments, made on first use: building a botocore client costs 30-50 ms of CPU, and the
        tests ask for the same few clients thousands of times (botocore clients are thread-safe; nobody changes them).
        """
        key = (service, region, account, retries, validate, tuple(sorted(credentials.items())))
        if key not in self._clients:
            self._clients[key] = self._new_client(service, region, account, retries, validate, **credentials)
        return self._clients[key]

    def _new_client(self, service, region, account, retries, validate, **credentials):
        import boto3
        from botocore.config import Config

        kwargs = {
            "endpoint_url": self.endpoint,
            "region_name": region,
            "aws_access_key_id": credentials.get("aws_access_key_id", "testing"),
            "aws_secret_access_key": credentials.get("aws_secret_access_key", "testing"),
            "config": Config(retries={"total_max_attempts": retries, "mode": "standard"}, parameter_validation=validate),
        }
        if credentials.get("aws_session_token"):
            kwargs["aws_session_token"] = credentials["aws_session_token"]
        client = boto3.client(service, **kwargs)
        if account:

            def add_header(request, **_kwargs):
                request.headers["x-moto-account-id"] = account

            client.meta.events.register("before-sign.*.*", add_header)
        return client

    def assume(self, account, region="us-east-1", role="mailops"):
        """Credentials for ``account``, as STS AssumeRole gives them."""
        sts = self.client("sts", region=region)
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}", RoleSessionName="tests")["Credentials"]
        return {
            "aws_access_key_id": creds["AccessKeyId"],
            "aws_secret_access_key": creds["SecretAccessKey"],
            "aws_session_token": creds["SessionToken"],
        }
