"""Deterministic Easy DKIM (DEED) replicas and multi-region endpoints (global endpoints).

DEED: ``CreateEmailIdentity`` with ``DkimSigningAttributes.DomainSigningAttributesOrigin =
AWS_SES_<PARENT_REGION>`` (or ``PutEmailIdentityDkimSigningAttributes`` with that
``SigningAttributesOrigin``) makes the identity a *replica* of the identity of the same name in the
parent region of the same account.  A replica has no DKIM key of its own: every read resolves the
parent again, so its tokens, signing zone, key length and status always follow the parent, and a
replication problem shows as ``VerificationInfo.ErrorType`` with DKIM status ``FAILED``.

Multi-region endpoints live in the state of their primary region.  ``CREATING`` turns ``READY`` and
``DELETING`` turns into gone after ``Settings.endpoint_delay`` seconds of the sandbox's clock.
``SendEmail(EndpointId=...)`` sends through the endpoint's primary region.  boto3 signs such a
request with SigV4A, whose credential scope has no region; ``route_sigv4a`` gives moto one.
"""

import base64
import datetime
import functools
import json
import re
import secrets
import string

from botocore.session import get_session
from moto.sesv2.models import sesv2_backends
from moto.utilities.utils import get_partition

from .errors import SandboxError, already_exists, bad_request, not_found
from .sesv2 import LOCK, Settings, apply_signing_attributes, handler, now, signing_hosted_zone

REPLICA_ORIGIN = re.compile(r"^AWS_SES_([A-Z0-9_]+)$")
SIGV4A = re.compile(r"^(AWS4-ECDSA-P256-SHA256\s+Credential=[^/,\s]+/\d{8})/([^/,\s]+)/aws4_request(.*)$", re.S)


def origin_region(origin):
    """``AWS_SES_US_EAST_1`` -> ``us-east-1``."""
    return REPLICA_ORIGIN.match(origin).group(1).lower().replace("_", "-")


def find_state(account, region):
    """The sandbox state of an account and region, without creating one."""
    for candidate_account, candidate_region, backend in sesv2_backends.iter_backends():
        if candidate_account == account and candidate_region == region:
            return getattr(backend, "mailops", None)
    return None


def account_states(account):
    for candidate_account, _region, backend in sesv2_backends.iter_backends():
        state = getattr(backend, "mailops", None)
        if candidate_account == account and state is not None:
            yield state


# ---------------------------------------------------------------------------
# DEED
# ---------------------------------------------------------------------------


class Replica:
    """The DKIM side of a replica identity: everything comes from its parent, read again each time."""

    def __init__(self, account, origin):
        self.account = account
        self.origin = origin
        self.parent_region = origin_region(origin)
        self.error = None  # VerificationInfo.ErrorType while replication fails

    def parent(self, identity):
        """The parent identity, or None with ``self.error`` saying why replication fails."""
        self.error = None
        if self.parent_region == identity.region or get_partition(self.parent_region) != get_partition(identity.region):
            self.error = "REPLICATION_PRIMARY_INVALID_REGION"
            return None
        state = find_state(self.account, self.parent_region)
        parent = state.identities.get(identity.name) if state is not None else None
        if parent is None:
            self.error = "REPLICATION_PRIMARY_NOT_FOUND"
        elif parent.replica is not None:
            self.error = "REPLICATION_REPLICA_AS_PRIMARY_NOT_SUPPORTED"
        elif parent.dkim_origin == "EXTERNAL":
            self.error = "REPLICATION_PRIMARY_BYO_DKIM_NOT_SUPPORTED"
        else:
            return parent
        return None

    def refresh(self, identity):
        parent = self.parent(identity)
        dkim = identity.dkim
        dkim.last_checked = now()
        if parent is None:
            dkim.status = "FAILED"
            return
        parent.refresh()
        dkim.status = parent.dkim.status
        dkim.last_success = parent.dkim.last_success

    def dkim_attributes(self, identity):
        attrs = {
            "SigningEnabled": identity.signing_enabled,
            "Status": identity.dkim.status,
            "Tokens": [],
            "SigningAttributesOrigin": self.origin,
        }
        parent = self.parent(identity)
        if parent is not None:
            attrs.update(
                {
                    "Tokens": list(parent.dkim_tokens),
                    "SigningHostedZone": signing_hosted_zone(parent.region),
                    "CurrentSigningKeyLength": parent.current_key_length,
                    "NextSigningKeyLength": parent.next_key_length,
                    "LastKeyGenerationTimestamp": parent.key_generated,
                }
            )
        return attrs


def apply_replication(state, identity, origin, attributes):
    """DKIM signing changes that involve DEED.  True when handled here, False for plain Easy DKIM/BYODKIM."""
    attributes = attributes or {}
    if not REPLICA_ORIGIN.match(origin):
        if identity.replica is None:
            return False  # plain Easy DKIM / BYODKIM
        # AWS_SES or EXTERNAL on a replica: its own Easy DKIM key (new tokens) or BYODKIM again
        replica, identity.replica = identity.replica, None
        try:
            apply_signing_attributes(identity, origin, attributes, False)
        except SandboxError:
            identity.replica = replica
            raise
        return True
    if identity.kind != "DOMAIN":
        raise bad_request("DKIM replication (Deterministic Easy DKIM) applies only to domain identities.")
    region = origin_region(origin)
    if attributes.get("NextSigningKeyLength"):
        raise bad_request(
            f"A replica identity signs with the DKIM key of its parent identity in {region}: its key length "
            f"follows the parent and cannot be set here. Change NextSigningKeyLength on the parent in {region}."
        )
    if attributes.get("DomainSigningSelector") or attributes.get("DomainSigningPrivateKey"):
        raise bad_request("DomainSigningSelector and DomainSigningPrivateKey are for EXTERNAL (BYODKIM) signing only.")
    if identity.replica is not None and identity.replica.origin == origin:
        return True
    identity.replica = Replica(state.account, origin)
    identity.dkim_origin = origin
    identity.dkim_tokens = []
    identity.selector = identity.public_key = None
    identity.current_key_length = identity.next_key_length = None
    identity.key_generated = identity.key_length_changed = None
    identity.dkim.reset()
    return True


def check_no_replicas(state, identity):
    """AWS: parent identities cannot be deleted until all replica identities are deleted."""
    origin = "AWS_SES_" + state.region.upper().replace("-", "_")
    regions = sorted(
        other.region
        for other in account_states(state.account)
        if other.region != state.region
        and (replica := other.identities.get(identity.name)) is not None
        and replica.replica is not None
        and replica.replica.origin == origin
    )
    if regions:
        raise bad_request(f"Email identity {identity.name} is the parent of replica identities in {', '.join(regions)}: delete the replicas first.")


# ---------------------------------------------------------------------------
# multi-region endpoints
# ---------------------------------------------------------------------------


def _endpoint_id():
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _index in range(8)) + "." + "".join(secrets.choice(alphabet) for _index in range(3))


class Endpoint:
    def __init__(self, name, primary, secondary, tags):
        self.name = name
        self.id = _endpoint_id()
        self.primary = primary
        self.secondary = secondary
        self.tags = tags
        self.created = now()
        self.deleting_since = None

    def _elapsed(self, since):
        return (now() - since).total_seconds() >= Settings.endpoint_delay

    def status(self):
        if self.deleting_since is not None:
            return "DELETING"
        return "READY" if self._elapsed(self.created) else "CREATING"

    def gone(self):
        return self.deleting_since is not None and self._elapsed(self.deleting_since)

    def last_updated(self):
        if self.deleting_since is not None:
            return self.deleting_since
        if self.status() == "READY":
            return self.created + datetime.timedelta(seconds=Settings.endpoint_delay)
        return self.created


def live_endpoints(state):
    """The state's endpoints, once those whose deletion has finished are dropped."""
    for name in [name for name, endpoint in state.endpoints.items() if endpoint.gone()]:
        del state.endpoints[name]
    return state.endpoints


@functools.lru_cache(maxsize=None)
def _regions(partition):
    return frozenset(get_session().get_available_regions("sesv2", partition_name=partition))


def encode_token(offset):
    return base64.b64encode(f"offset:{offset}".encode()).decode("ascii")


def page(items, params, default=1000):
    """One page of ``items`` with base64 NextTokens (the NextTokenV2 pattern); a bad token is a BadRequest."""
    size = params.get("PageSize") or default
    if size < 1:
        raise bad_request(f"PageSize must be at least 1, got {size}.")
    start = 0
    token = params.get("NextToken")
    if token:
        try:
            kind, _sep, value = base64.b64decode(token, validate=True).decode("ascii").partition(":")
            start = int(value)
            if kind != "offset" or start < 0:
                raise ValueError(token)
        except ValueError:
            raise bad_request(f"Invalid NextToken <{token}>.") from None
    chunk = items[start : start + size]
    return chunk, (encode_token(start + size) if start + size < len(items) else None)


@handler("CreateMultiRegionEndpoint")
def create_endpoint(state, params, ctx):
    name = params["EndpointName"]
    routes = params["Details"]["RoutesDetails"]
    if len(routes) != 1:
        raise bad_request(f"Details.RoutesDetails must contain exactly one route (the secondary region); got {len(routes)}.")
    secondary = routes[0]["Region"]
    if secondary == state.region:
        raise bad_request(f"The secondary region must differ from the primary region {state.region}, where the endpoint is created.")
    partition = get_partition(state.region)
    if secondary not in _regions(partition):
        raise bad_request(f"Invalid secondary region <{secondary}>: SES is not available there in partition {partition}.")
    endpoints = live_endpoints(state)
    if name in endpoints:
        raise already_exists(f"Multi-region endpoint {name} already exists.")
    endpoint = endpoints[name] = Endpoint(name, state.region, secondary, [dict(t) for t in params.get("Tags") or []])
    return {"Status": endpoint.status(), "EndpointId": endpoint.id}


def _endpoint(state, name):
    endpoint = live_endpoints(state).get(name)
    if endpoint is None:
        raise not_found(f"Multi-region endpoint {name} does not exist.")
    return endpoint


@handler("GetMultiRegionEndpoint")
def get_endpoint(state, params, ctx):
    endpoint = _endpoint(state, params["EndpointName"])
    return {
        "EndpointName": endpoint.name,
        "EndpointId": endpoint.id,
        "Routes": [{"Region": endpoint.primary}, {"Region": endpoint.secondary}],
        "Status": endpoint.status(),
        "CreatedTimestamp": endpoint.created,
        "LastUpdatedTimestamp": endpoint.last_updated(),
    }


@handler("ListMultiRegionEndpoints")
def list_endpoints(state, params, ctx):
    endpoints = [live_endpoints(state)[name] for name in sorted(live_endpoints(state))]
    chunk, token = page(endpoints, params)
    result = {
        "MultiRegionEndpoints": [
            {
                "EndpointName": endpoint.name,
                "Status": endpoint.status(),
                "EndpointId": endpoint.id,
                "Regions": [endpoint.primary, endpoint.secondary],
                "CreatedTimestamp": endpoint.created,
                "LastUpdatedTimestamp": endpoint.last_updated(),
            }
            for endpoint in chunk
        ]
    }
    if token:
        result["NextToken"] = token
    return result


@handler("DeleteMultiRegionEndpoint")
def delete_endpoint(state, params, ctx):
    endpoint = _endpoint(state, params["EndpointName"])
    status = endpoint.status()
    if status != "READY":
        raise SandboxError(
            "ConcurrentModificationException",
            f"Multi-region endpoint {endpoint.name} is {status}; it can be deleted once it is READY.",
        )
    endpoint.deleting_since = now()
    live_endpoints(state)
    return {"Status": "DELETING"}


def sending_state(endpoint_id, account):
    """The state of the primary region of a READY endpoint of ``account``, for SendEmail(EndpointId=...)."""
    for state in account_states(account):
        for endpoint in live_endpoints(state).values():
            if endpoint.id == endpoint_id:
                status = endpoint.status()
                if status != "READY":
                    raise bad_request(f"Multi-region endpoint {endpoint_id} is {status}; it can send only when READY.")
                return state
    raise not_found(f"Multi-region endpoint {endpoint_id} does not exist.")


def route_sigv4a(environ, body):
    """Give a SigV4A-signed request a region moto can dispatch on.

    boto3 sends ``SendEmail(EndpointId=...)`` signed with SigV4A (``Authorization:
    AWS4-ECDSA-P256-SHA256 Credential=KEY/DATE/ses/aws4_request, ...`` and ``X-Amz-Region-Set: *``)
    to the configured ``endpoint_url``.  moto reads the service and region from the credential
    scope, which SigV4A leaves without a region: the region put in is the primary region of the
    endpoint named in the body (us-east-1 for an unknown one; the handler then answers NotFound).
    """
    auth = environ.get("HTTP_AUTHORIZATION", "")
    match = SIGV4A.match(auth)
    if not match:
        return
    region = "us-east-1"
    try:
        endpoint_id = json.loads(body or b"{}").get("EndpointId")
    except (ValueError, AttributeError):
        endpoint_id = None
    if endpoint_id:
        with LOCK:
            for _account, backend_region, backend in sesv2_backends.iter_backends():
                state = getattr(backend, "mailops", None)
                if state is not None and any(e.id == endpoint_id for e in state.endpoints.values()):
                    region = backend_region
                    break
    environ["HTTP_AUTHORIZATION"] = f"{match.group(1)}/{region}/{match.group(2)}/aws4_request{match.group(3)}"
