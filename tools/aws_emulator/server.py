"""The sandbox server: moto's WSGI dispatcher plus mailops.ses's handlers, faults and accounting.

Control API (JSON, under ``/mailops-sandbox/``):

``GET  /mailops-sandbox/calls``          requests per service and operation since the last reset,
                                          plus ``writes`` (every operation that is not a read)
``POST /mailops-sandbox/calls/reset``    zero the counters
``GET|POST /mailops-sandbox/config``     read or change ``throttle_rate``, ``latency_ms``,
                                          ``verify_delay``, ``pending_timeout``, ``fail_after_writes``,
                                          ``clock_offset`` (seconds SES time runs ahead),
                                          ``endpoint_delay`` (seconds a multi-region endpoint is CREATING)
``POST /mailops-sandbox/review``         decide a production-access request:
                                          ``{"account": "...", "region": "...", "status": "GRANTED"}``
``POST /mailops-sandbox/feedback``       live traffic with bounces and complaints from real recipients:
                                          ``{"account", "region", "configuration_set", "domain", "sends",
                                          "bounces", "complaints", "traffic"}`` (events and reputation metrics)
``POST /mailops-sandbox/reputation``     SES's side of a tenant's reputation: ``{"account", "region", "tenant",
                                          "impact": "LOW"|"HIGH"|null, "aws_managed_status", "cause"}``
``GET  /mailops-sandbox/messages``       the messages SendEmail sent (``?account=&region=``); ``POST .../messages/reset``
``GET  /mailops-sandbox/dkim-keys``      the DKIM public keys the sandbox signs with (``?account=&region=``)
``GET|POST /mailops-sandbox/unsubscribe/<token>``  the List-Unsubscribe page; ``GET .../unsubscribes`` the opt-outs

``POST /moto-api/reset`` clears all AWS state and the counters.
"""

import io
import json
import random
import re
import threading
import time
import urllib.request
from collections import Counter
from urllib.parse import parse_qs

from moto.core.exceptions import ServiceException
from moto.core.model import OperationModel
from moto.core.request import Request, determine_request_protocol
from moto.core.responses import ActionContext, ActionResult
from moto.core.routing import get_service_router
from moto.core.serialize import get_serializer_class
from moto.core.utils import get_service_model
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from . import cloudwatch, route53, sesv2, sesv2_mail, sesv2_multiregion, sesv2_templates, sesv2_tenants
from .dnsview import DnsView

# imported for the handlers they register into sesv2.HANDLERS and moto (sesv2_mail wraps handlers of sesv2 only)
HANDLER_MODULES = (cloudwatch, route53, sesv2, sesv2_mail, sesv2_multiregion, sesv2_templates, sesv2_tenants)
CONTROL_PREFIX = "/mailops-sandbox/"
READ_PREFIXES = ("Get", "List", "Describe", "Test", "BatchGet")
READ_OPERATIONS = {"AssumeRole", "GetCallerIdentity", "AssumeRoleWithWebIdentity"}
BOTO3_NAMES = {
    "sesv2": "sesv2",
    "ses": "ses",
    "route53": "route53",
    "sts": "sts",
    "cloudwatch": "cloudwatch",
    "sns": "sns",
    "iam": "iam",
    "logs": "logs",
    "events": "events",
    "firehose": "firehose",
}
THROTTLE = {
    # service: (error code, HTTP status)
    "sesv2": ("TooManyRequestsException", 429),
    "ses": ("Throttling", 400),
    "route53": ("Throttling", 400),
    "sts": ("Throttling", 400),
    "cloudwatch": ("Throttling", 400),
    "sns": ("Throttling", 400),
}
CBOR_PATH = re.compile(r"^/service/[^/]+/operation/([A-Za-z0-9]+)$")


def is_write(operation):
    if operation in READ_OPERATIONS:
        return False
    return not operation.startswith(READ_PREFIXES)


def install_handlers():
    """Register the sandbox's handlers into moto before any service app is built."""
    import importlib

    import moto.ses.urls
    import moto.sesv2.urls

    importlib.import_module(".sesv2_deliverability", __package__)  # registers its SES v2 handlers on import

    from .ses_v1 import SandboxEmailResponse

    for pattern in list(moto.sesv2.urls.url_paths):
        moto.sesv2.urls.url_paths[pattern] = sesv2.SandboxSESV2Response.dispatch
    # moto routes only some SES v2 paths; route every operation of the service model.  Labels may
    # hold slashes here: the server decodes an ARN's %2F in PATH_INFO (GetReputationEntity's
    # reference is a tenant ARN); moto then finds the operation from the still-encoded RAW_URI.
    model = get_service_model("sesv2")
    for name in model.operation_names:
        uri = model.operation_model(name).http["requestUri"].split("?", 1)[0]
        regex = re.sub(r"\{([A-Za-z0-9]+)\+?\}", lambda m: f"(?P<{m.group(1)}>.+)", uri)
        moto.sesv2.urls.url_paths["{0}" + regex + "$"] = sesv2.SandboxSESV2Response.dispatch
    moto.ses.urls.url_paths["{0}/$"] = SandboxEmailResponse.dispatch
    route53.install()
    cloudwatch.install()


class InjectedError(ServiceException):
    def __init__(self, code, message):
        super().__init__(code, message)


class SandboxApp(DomainDispatcherApplication):
    def __init__(self, throttle_rate=0.0, latency_ms=0, seed=None):
        install_handlers()
        self._backend_by_host = {}
        super().__init__(create_backend_app)
        self.calls = Counter()
        self.writes = 0
        self.count_lock = threading.Lock()
        self.throttle_rate = throttle_rate
        self.latency_ms = latency_ms
        self.fail_after_writes = None
        self.random = random.Random(seed)

    def get_backend_for_host(self, host):
        """moto's answer, remembered per host: moto lists its package directory (a stat per service) to answer,
        three times per request, which was the sandbox's largest CPU cost per call; the answer never changes."""
        try:
            return self._backend_by_host[host]
        except KeyError:
            backend = self._backend_by_host[host] = super().get_backend_for_host(host)
            return backend
        except AttributeError:  # before __init__ finished
            return super().get_backend_for_host(host)

    # -- classification ---------------------------------------------------
    def classify(self, environ, body):
        path = environ.get("PATH_INFO", "")
        host = self.infer_service_region_host(environ, path)
        backend = self.get_backend_for_host(host) if host else None
        service = backend if isinstance(backend, str) else "unknown"
        operation = None
        content_type = environ.get("CONTENT_TYPE", "")
        if content_type.startswith("application/x-www-form-urlencoded") and body:
            operation = (parse_qs(body.decode("utf-8", "replace")).get("Action") or [None])[0]
        if not operation and environ.get("HTTP_X_AMZ_TARGET"):
            operation = environ["HTTP_X_AMZ_TARGET"].split(".")[-1]
        if not operation:
            match = CBOR_PATH.match(path)
            if match:
                operation = match.group(1)
        if not operation and service in BOTO3_NAMES:
            try:
                op_model, _params = get_service_router(BOTO3_NAMES[service]).match(Request(environ))
                operation = op_model.name
            except Exception:  # noqa: BLE001 - an unroutable request is counted as unknown
                operation = None
        return service, operation or "Unknown"

    # -- WSGI -------------------------------------------------------------
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(CONTROL_PREFIX):
            return self.control(environ, start_response)
        if path.startswith("/moto-api"):
            if path.rstrip("/") == "/moto-api/reset":
                self.reset_counts()
            return super().__call__(environ, start_response)
        body = self._read_body(environ)
        sesv2_multiregion.route_sigv4a(environ, body)
        service, operation = self.classify(environ, body)
        environ["wsgi.input"] = io.BytesIO(body)
        write = is_write(operation)
        with self.count_lock:
            self.calls[(service, operation)] += 1
            if write:
                self.writes += 1
            writes_so_far = self.writes
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000.0)
        if self.fail_after_writes is not None and writes_so_far > self.fail_after_writes:
            return self.error(
                environ,
                start_response,
                service,
                operation,
                "ServiceUnavailable",
                f"injected interruption: the sandbox fails every call after write #{self.fail_after_writes}",
                503,
            )
        if self.throttle_rate and service in THROTTLE and self.random.random() < self.throttle_rate:
            code, status = THROTTLE[service]
            return self.error(environ, start_response, service, operation, code, "Rate exceeded", status)
        return super().__call__(environ, start_response)

    @staticmethod
    def _read_body(environ):
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    def error(self, environ, start_response, service, operation, code, message, status):
        """An error body produced by moto's serializer for the service's protocol."""
        headers = [("Content-Type", "text/plain")]
        payload = f"{code}: {message}".encode()
        if service in BOTO3_NAMES:
            service_model = get_service_model(BOTO3_NAMES[service])
            protocol = determine_request_protocol(service_model, environ.get("CONTENT_TYPE", ""))
            try:
                op_model = service_model.operation_model(operation)
            except Exception:  # noqa: BLE001
                op_model = OperationModel({}, service_model)
            serializer = get_serializer_class(service_model.service_name, protocol)
            result = ActionResult(InjectedError(code, message))
            _status, serialized_headers, body = result.execute_result(ActionContext(service_model, op_model, serializer, None))
            headers = [(k, str(v)) for k, v in serialized_headers.items() if k.lower() != "status"]
            payload = body.encode() if isinstance(body, str) else body
        start_response(f"{status} Error", headers + [("Content-Length", str(len(payload)))])
        return [payload]

    # -- control API ------------------------------------------------------
    def reset_counts(self):
        with self.count_lock:
            self.calls.clear()
            self.writes = 0

    def snapshot(self):
        with self.count_lock:
            services = {}
            for (service, operation), count in sorted(self.calls.items()):
                services.setdefault(service, {})[operation] = count
            return {"services": services, "total": sum(self.calls.values()), "writes": self.writes}

    def config_view(self):
        return {
            "throttle_rate": self.throttle_rate,
            "latency_ms": self.latency_ms,
            "fail_after_writes": self.fail_after_writes,
            "verify_delay": sesv2.Settings.verify_delay,
            "pending_timeout": sesv2.Settings.pending_timeout,
            "clock_offset": sesv2.Settings.clock_offset,
            "endpoint_delay": sesv2.Settings.endpoint_delay,
        }

    def control(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ["PATH_INFO"][len(CONTROL_PREFIX) :].strip("/")
        body = self._read_body(environ)
        handled = sesv2_mail.control(method, path, environ.get("QUERY_STRING", ""), body)
        if handled:
            status, content_type, payload = handled
            start_response(f"{status} {'OK' if status == 200 else 'Error'}", [("Content-Type", content_type), ("Content-Length", str(len(payload)))])
            return [payload]
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return self._json(start_response, 400, {"error": "body is not JSON"})
        if path == "calls" and method == "GET":
            return self._json(start_response, 200, self.snapshot())
        if path == "calls/reset" and method == "POST":
            self.reset_counts()
            return self._json(start_response, 200, self.snapshot())
        if path == "config":
            if method == "POST":
                unknown = set(data) - set(self.config_view())
                if unknown:
                    return self._json(start_response, 400, {"error": f"unknown settings: {sorted(unknown)}"})
                self.throttle_rate = float(data.get("throttle_rate", self.throttle_rate))
                self.latency_ms = int(data.get("latency_ms", self.latency_ms))
                if "fail_after_writes" in data:
                    value = data["fail_after_writes"]
                    self.fail_after_writes = None if value is None else int(value)
                    self.reset_counts()
                sesv2.Settings.verify_delay = float(data.get("verify_delay", sesv2.Settings.verify_delay))
                sesv2.Settings.pending_timeout = float(data.get("pending_timeout", sesv2.Settings.pending_timeout))
                sesv2.Settings.clock_offset = float(data.get("clock_offset", sesv2.Settings.clock_offset))
                sesv2.Settings.endpoint_delay = float(data.get("endpoint_delay", sesv2.Settings.endpoint_delay))
            return self._json(start_response, 200, self.config_view())
        if path == "feedback" and method == "POST":
            state = sesv2.state_for(str(data.get("account", "123456789012")), data.get("region", "us-east-1"))
            try:
                with sesv2.LOCK:
                    sesv2.feedback(
                        state,
                        data["configuration_set"],
                        data["domain"],
                        int(data["sends"]),
                        int(data.get("bounces", 0)),
                        int(data.get("complaints", 0)),
                        data.get("traffic"),
                    )
            except (KeyError, ValueError, sesv2.SandboxError) as exc:
                return self._json(start_response, 400, {"error": str(exc)})
            return self._json(start_response, 200, {"published": True})
        if path == "reputation" and method == "POST":
            state = sesv2.state_for(str(data.get("account", "123456789012")), data.get("region", "us-east-1"))
            try:
                with sesv2.LOCK:
                    entity = sesv2_tenants.reputation(state, data["tenant"], data.get("impact", False), data.get("aws_managed_status"), data.get("cause"))
            except (KeyError, sesv2.SandboxError) as exc:
                return self._json(start_response, 400, {"error": str(exc)})
            return self._json(
                start_response, 200, {"ReputationImpact": entity.get("ReputationImpact"), "SendingStatusAggregate": entity["SendingStatusAggregate"]}
            )
        if path == "review" and method == "POST":
            status = data.get("status", "GRANTED")
            if status not in ("GRANTED", "DENIED", "PENDING", "FAILED"):
                return self._json(start_response, 400, {"error": f"unknown review status {status}"})
            state = sesv2.state_for(str(data.get("account", "123456789012")), data.get("region", "us-east-1"))
            with sesv2.LOCK:
                sesv2.decide_review(state, status)
            return self._json(start_response, 200, {"status": status})
        return self._json(start_response, 404, {"error": f"no control endpoint {method} {path}"})

    @staticmethod
    def _json(start_response, status, payload):
        body = json.dumps(payload, sort_keys=True).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Error'}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


# one read per service the collection calls, made by the sandbox to itself before it says it is ready
WARM_UP_CALLS = (
    ("sesv2", "get_account", {}),
    ("sesv2", "list_email_identities", {}),
    ("ses", "get_identity_verification_attributes", {"Identities": ["example.com"]}),
    ("route53", "list_hosted_zones", {}),
    ("sts", "get_caller_identity", {}),
    ("cloudwatch", "list_dashboards", {}),
    ("sns", "list_topics", {}),
)


def warm_up(endpoint):
    """Send one read per service through the running server, then reset every backend and the call counts.

    moto builds each service's Flask app, URL map, request router and botocore model on its first request, and
    caches them without a lock: when ten workers' first calls arrive together (an ``ansible-playbook -f 10``
    run), each of them builds them again, which made a fresh sandbox use 7-13 CPU-s during a 10 x 20 first run
    and competed for the machine's cores with what the tests and benchmarks measure. Real AWS costs the
    caller's machine nothing of the sort. Done once, before ``ready``; the reset leaves no state and no counts.
    """
    import botocore.session
    from botocore.config import Config

    session = botocore.session.Session()
    config = Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30)
    for service, method, params in WARM_UP_CALLS:
        client = session.create_client(
            service, region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="warmup", aws_secret_access_key="warmup", config=config
        )
        getattr(client, method)(**params)
    urllib.request.urlopen(urllib.request.Request(endpoint + "/moto-api/reset", data=b"", method="POST"), timeout=30).close()


def configure(dns_servers=None, verify_delay=0.0, pending_timeout=259200.0):
    sesv2.Settings.dns_view = DnsView(dns_servers)
    sesv2.Settings.verify_delay = verify_delay
    sesv2.Settings.pending_timeout = pending_timeout
