"""Let boto3 send ``SendEmail(EndpointId=...)`` on machines without awscrt.

botocore's endpoint rules make a call with an ``EndpointId`` (a multi-region endpoint) a SigV4A
call, and SigV4A needs awscrt (``botocore[crt]``): without it boto3 refuses the call with
``MissingDependencyException`` before sending anything.  The pinned test requirements do not
include awscrt.  The sandbox does not check signatures, so this stand-in signer produces the
request boto3 sends with awscrt (same URL, body and headers; seen with awscrt 0.38.0):
``X-Amz-Region-Set: *`` and ``Authorization: AWS4-ECDSA-P256-SHA256 Credential=<key>/<date>/ses/
aws4_request, SignedHeaders=..., Signature=...`` - a credential scope without a region.  Only the
signature value is a placeholder (not ECDSA).
"""

import datetime
import hashlib

import botocore.auth
from botocore.compat import HAS_CRT
from botocore.exceptions import NoCredentialsError


class SigV4AShape(botocore.auth.SigV4Auth):
    def add_auth(self, request):
        if self.credentials is None:
            raise NoCredentialsError()
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        request.context["timestamp"] = stamp
        for name in ("X-Amz-Date", "X-Amz-Region-Set", "X-Amz-Security-Token", "Authorization"):
            if name in request.headers:
                del request.headers[name]
        request.headers["X-Amz-Date"] = stamp
        request.headers["X-Amz-Region-Set"] = self._region_name  # "*" for global endpoints
        if self.credentials.token:
            request.headers["X-Amz-Security-Token"] = self.credentials.token
        signed = self.signed_headers(self.headers_to_sign(request))
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        signature = hashlib.sha256(body + stamp.encode()).hexdigest()
        request.headers["Authorization"] = (
            f"AWS4-ECDSA-P256-SHA256 Credential={self.credentials.access_key}/{stamp[:8]}/"
            f"{self._service_name}/aws4_request, SignedHeaders={signed}, Signature={signature}"
        )


def enable(monkeypatch):
    """Make botocore able to sign SigV4A requests for the rest of a test (a no-op with awscrt)."""
    if not HAS_CRT:
        monkeypatch.setitem(botocore.auth.AUTH_TYPE_MAPS, "v4a", SigV4AShape)
