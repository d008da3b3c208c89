"""SES v2 as the collection depends on it, registered into moto's SES v2 backends.

State lives on moto's per-account, per-region ``SESV2Backend`` objects (as the
attribute ``mailops``), so moto's account handling and ``/moto-api/reset`` apply
to it.  Every request is validated against botocore's model before a handler
runs; handlers return plain dicts that moto serializes against the output
shape, so the wire format is the real one.
"""

import base64
import datetime
import functools
import hashlib
import json
import re
import secrets
import string
import threading
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.core.responses import ActionResult
from moto.sesv2.models import sesv2_backends
from moto.sesv2.responses import SESV2Response
from moto.utilities.utils import get_partition
from werkzeug.http import http_date

from .errors import SandboxError, already_exists, bad_request, conflict, limit_exceeded, not_found
from .validation import request_problems

LOCK = threading.RLock()

REGIONAL_SIGNING_ZONES = {
    "af-south-1",
    "ap-northeast-3",
    "ap-south-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "ca-west-1",
    "eu-central-2",
    "eu-south-1",
    "il-central-1",
    "me-central-1",
    "us-gov-east-1",
}

SIMULATOR_EVENTS = {
    "success@simulator.amazonses.com": ["DELIVERY"],
    "bounce@simulator.amazonses.com": ["BOUNCE"],
    "ooto@simulator.amazonses.com": ["DELIVERY"],
    "complaint@simulator.amazonses.com": ["DELIVERY", "COMPLAINT"],
    "suppressionlist@simulator.amazonses.com": ["BOUNCE"],
}

EVENT_METRIC_NAMES = {
    "SEND": "Send",
    "REJECT": "Reject",
    "BOUNCE": "Bounce",
    "COMPLAINT": "Complaint",
    "DELIVERY": "Delivery",
    "OPEN": "Open",
    "CLICK": "Click",
    "RENDERING_FAILURE": "Rendering Failure",
    "DELIVERY_DELAY": "DeliveryDelay",
    "SUBSCRIPTION": "Subscription",
}

DESTINATION_KEYS = (
    "CloudWatchDestination",
    "SnsDestination",
    "KinesisFirehoseDestination",
    "EventBridgeDestination",
    "PinpointDestination",
)

DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
EMAIL_RE = re.compile(r"^[^@\s]+@([^@\s]+)$")
SELECTOR_RE = re.compile(r"^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$")


class Settings:
    """Run-time knobs, shared by every handler; changed through the control API."""

    verify_delay = 0.0  # seconds a record must be visible before SUCCESS
    pending_timeout = 259200.0  # seconds PENDING may last before FAILED (72 h, as SES)
    clock_offset = 0.0  # seconds the sandbox's clock runs ahead (to test 24 h / 72 h rules)
    endpoint_delay = 1.0  # seconds a multi-region endpoint stays CREATING (and DELETING)
    dns_view = None


def now():
    return datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=Settings.clock_offset)


def signing_hosted_zone(region):
    if region in REGIONAL_SIGNING_ZONES:
        return f"dkim.{region}.amazonses.com"
    return "dkim.amazonses.com"


def _token(length=32):
    alphabet = string.ascii_lowercase + string.digits
    return "".join(secrets.choice(alphabet) for _index in range(length))


def _tags(items):
    return [{"Key": t["Key"], "Value": t.get("Value", "")} for t in items or []]


class Lifecycle:
    """PENDING -> SUCCESS once visible (after ``verify_delay``); FAILED when missing too long."""

    def __init__(self, on_loss="TEMPORARY_FAILURE"):
        self.on_loss = on_loss  # the status when a verified record disappears
        self.reset()

    def reset(self):
        self.status = "PENDING"
        self.started = now()
        self.visible_since = None
        self.last_checked = None
        self.last_success = None

    def observe(self, visible):
        moment = now()
        self.last_checked = moment
        if visible:
            if self.visible_since is None:
                self.visible_since = moment
            if (moment - self.visible_since).total_seconds() >= Settings.verify_delay:
                self.status = "SUCCESS"
                self.last_success = moment
            return self.status
        self.visible_since = None
        if self.status == "SUCCESS":
            self.status = self.on_loss
            self.started = moment
        elif (moment - self.started).total_seconds() >= Settings.pending_timeout:
            self.status = "FAILED"
        return self.status


class Identity:
    def __init__(self, name, kind, region):
        self.name = name
        self.kind = kind
        self.region = region
        self.created = now()
        self.tags = []
        self.policies = {}
        self.configuration_set = None
        self.feedback_forwarding = True
        self.dkim_origin = "AWS_SES"
        self.dkim_tokens = []
        self.selector = None
        self.public_key = None
        self.signing_enabled = kind == "DOMAIN"
        self.replica = None  # a sesv2_multiregion.Replica while DKIM is replicated from a parent (DEED)
        self.current_key_length = None
        self.next_key_length = None
        self.key_generated = None
        self.key_length_changed = None
        self.dkim = Lifecycle()
        self.mail_from_domain = None
        self.mail_from_behavior = "USE_DEFAULT_VALUE"
        self.mail_from = Lifecycle(on_loss="FAILED")
        self.legacy_token = None
        self.legacy = Lifecycle()
        self.email = Lifecycle()

    # -- DNS checks -------------------------------------------------------
    def refresh(self):
        view = Settings.dns_view
        if self.kind == "EMAIL_ADDRESS":
            self.email.observe(True)
        else:
            if self.replica is not None:  # DKIM follows the parent; MAIL FROM and the legacy token stay this region's
                self.replica.refresh(self)
            else:
                self.dkim.observe(self._dkim_visible(view))
            if self.mail_from_domain:
                expected = f"10 feedback-smtp.{self.region}.amazonses.com."
                self.mail_from.observe(expected in view.values(self.mail_from_domain, "MX"))
            if self.legacy_token:
                self.legacy.observe(self.legacy_token in view.values(f"_amazonses.{self.name}", "TXT"))

    def _dkim_visible(self, view):
        if self.dkim_origin == "EXTERNAL":
            for value in view.values(f"{self.selector}._domainkey.{self.name}", "TXT"):
                tags = dict(part.strip().split("=", 1) for part in value.split(";") if "=" in part)
                if re.sub(r"\s", "", tags.get("p", "")) == self.public_key:
                    return True
            return False
        zone = signing_hosted_zone(self.region)
        return all(f"{token}.{zone}." in view.values(f"{token}._domainkey.{self.name}", "CNAME") for token in self.dkim_tokens)

    # -- views ------------------------------------------------------------
    def verification_status(self):
        return self.email.status if self.kind == "EMAIL_ADDRESS" else self.dkim.status

    def arn(self, account, region):
        return f"arn:{get_partition(region)}:ses:{region}:{account}:identity/{self.name}"

    def dkim_attributes(self):
        if self.kind == "EMAIL_ADDRESS":
            return {"SigningEnabled": False, "Status": "NOT_STARTED", "Tokens": [], "SigningAttributesOrigin": "AWS_SES"}
        if self.replica is not None:
            return self.replica.dkim_attributes(self)
        attrs = {
            "SigningEnabled": self.signing_enabled,
            "Status": self.dkim.status,
            "Tokens": list(self.dkim_tokens) if self.dkim_origin == "AWS_SES" else [self.selector],
            "SigningAttributesOrigin": self.dkim_origin,
        }
        if self.dkim_origin == "AWS_SES":
            attrs.update(
                {
                    "SigningHostedZone": signing_hosted_zone(self.region),
                    "CurrentSigningKeyLength": self.current_key_length,
                    "NextSigningKeyLength": self.next_key_length,
                    "LastKeyGenerationTimestamp": self.key_generated,
                }
            )
        return attrs


class ConfigurationSet:
    def __init__(self, name, params):
        self.name = name
        self.tracking = params.get("TrackingOptions")
        self.delivery = params.get("DeliveryOptions") or {"TlsPolicy": "OPTIONAL"}
        self.reputation = params.get("ReputationOptions") or {"ReputationMetricsEnabled": False}
        self.sending = params.get("SendingOptions") or {"SendingEnabled": True}
        self.suppression = params.get("SuppressionOptions")
        self.vdm = params.get("VdmOptions")
        self.archiving = params.get("ArchivingOptions")
        self.tags = _tags(params.get("Tags"))
        self.destinations = {}
        self.counters = {"sends": 0, "bounces": 0, "complaints": 0}

    def view(self):
        result = {
            "ConfigurationSetName": self.name,
            "DeliveryOptions": self.delivery,
            "ReputationOptions": self.reputation,
            "SendingOptions": self.sending,
            "Tags": self.tags,
        }
        for key, value in (
            ("TrackingOptions", self.tracking),
            ("SuppressionOptions", self.suppression),
            ("VdmOptions", self.vdm),
            ("ArchivingOptions", self.archiving),
        ):
            if value:
                result[key] = value
        return result


class ContactList:
    def __init__(self, params):
        self.name = params["ContactListName"]
        self.topics = params.get("Topics") or []
        self.description = params.get("Description")
        self.tags = _tags(params.get("Tags"))
        self.created = self.updated = now()

    def view(self):
        result = {
            "ContactListName": self.name,
            "Topics": self.topics,
            "Tags": self.tags,
            "CreatedTimestamp": self.created,
            "LastUpdatedTimestamp": self.updated,
        }
        if self.description is not None:
            result["Description"] = self.description
        return result


class Account:
    def __init__(self):
        self.production_access = False
        self.sending_enabled = True
        self.suppressed_reasons = ["BOUNCE", "COMPLAINT"]
        self.details = None
        self.vdm = {"VdmEnabled": "DISABLED"}
        self.sent = []

    def quota(self):
        cutoff = now() - datetime.timedelta(days=1)
        self.sent = [moment for moment in self.sent if moment > cutoff]
        if self.production_access:
            return {"Max24HourSend": 50000.0, "MaxSendRate": 14.0, "SentLast24Hours": float(len(self.sent))}
        return {"Max24HourSend": 200.0, "MaxSendRate": 1.0, "SentLast24Hours": float(len(self.sent))}


class SesState:
    """One SES instance: one account in one region."""

    def __init__(self, account, region):
        self.account = account
        self.region = region
        self.identities = {}
        self.configuration_sets = {}
        self.contact_lists = {}
        self.account_settings = Account()
        self.templates = {}  # sesv2_templates
        self.endpoints = {}  # sesv2_multiregion: multi-region endpoints whose primary region this is
        self.tenants = {}  # sesv2_tenants


def state_for(account, region):
    backend = sesv2_backends[account][region]
    with LOCK:
        state = getattr(backend, "mailops", None)
        if state is None:
            state = backend.mailops = SesState(account, region)
        return state


def iter_states():
    for _account, _region, backend in sesv2_backends.iter_backends():
        state = getattr(backend, "mailops", None)
        if state is not None:
            yield state


# ---------------------------------------------------------------------------
# input checks shared by several operations
# ---------------------------------------------------------------------------


def identity_kind(name):
    match = EMAIL_RE.match(name)
    if match:
        if not DOMAIN_RE.match(match.group(1).lower()):
            raise bad_request(f"Invalid email address <{name}>.")
        return "EMAIL_ADDRESS"
    if DOMAIN_RE.match(name.lower()):
        return "DOMAIN"
    raise bad_request(f"Invalid email identity <{name}>: it is neither a domain nor an email address.")


def public_key_of(private_key_b64):
    try:
        der = base64.b64decode(private_key_b64, validate=True)
        key = serialization.load_der_private_key(der, password=None)
    except Exception as exc:  # noqa: BLE001 - any decoding problem is a bad key
        raise bad_request(f"Invalid DKIM private key: {exc.__class__.__name__}.") from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise bad_request("Invalid DKIM private key: only RSA keys are supported.")
    if not 1024 <= key.key_size <= 2048:
        raise bad_request(f"Invalid DKIM private key: the key is {key.key_size} bits; it must be 1024 to 2048 bits.")
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(public).decode("ascii")


def apply_signing_attributes(identity, origin, attributes, creating):
    attributes = attributes or {}
    if identity.kind != "DOMAIN":
        raise bad_request("DKIM signing attributes can only be set on a domain identity.")
    if origin == "EXTERNAL":
        selector = attributes.get("DomainSigningSelector")
        private_key = attributes.get("DomainSigningPrivateKey")
        if not selector or not private_key:
            raise bad_request("DomainSigningSelector and DomainSigningPrivateKey are required for EXTERNAL signing.")
        if not SELECTOR_RE.match(selector) or len(selector) > 63:
            raise bad_request(f"Invalid DKIM selector <{selector}>.")
        public = public_key_of(private_key)
        if identity.dkim_origin != "EXTERNAL" or identity.selector != selector or identity.public_key != public:
            identity.dkim.reset()
        identity.dkim_origin = "EXTERNAL"
        identity.selector = selector
        identity.public_key = public
        identity.dkim_tokens = []
        identity.current_key_length = identity.next_key_length = None
        identity.key_generated = now()
        return
    if origin != "AWS_SES" and not origin.startswith("AWS_SES_"):
        raise bad_request(f"Unsupported signing attributes origin <{origin}>.")
    length = attributes.get("NextSigningKeyLength") or identity.next_key_length or "RSA_2048_BIT"
    if identity.dkim_origin != "AWS_SES" or not identity.dkim_tokens:
        identity.dkim_origin = "AWS_SES"
        identity.selector = identity.public_key = None
        identity.dkim_tokens = [_token() for _index in range(3)]
        identity.current_key_length = identity.next_key_length = length
        identity.key_generated = now()
        identity.dkim.reset()
        return
    if length != identity.next_key_length:
        moment = now()
        if not creating and identity.key_generated and (moment - identity.key_generated) < datetime.timedelta(hours=24):
            raise SandboxError(
                "TooManyRequestsException",
                "The DKIM signing key length was changed less than 24 hours ago; it can be changed once every 24 hours.",
            )
        identity.next_key_length = identity.current_key_length = length
        identity.key_generated = identity.key_length_changed = moment


# ---------------------------------------------------------------------------
# handlers: (state, params, context) -> dict
# ---------------------------------------------------------------------------

HANDLERS = {}


def handler(name):
    def register(func):
        HANDLERS[name] = func
        return func

    return register


def _identity(state, name):
    identity = state.identities.get(name.lower()) if "@" not in name else state.identities.get(name)
    if identity is None:
        raise not_found(f"Email identity {name} does not exist.")
    return identity


def _configuration_set(state, name):
    found = state.configuration_sets.get(name)
    if found is None:
        raise not_found(f"Configuration set <{name}> does not exist.")
    return found


def _page(items, params, key_size="PageSize", default=100):
    size = params.get(key_size) or default
    start = int(params.get("NextToken") or 0)
    chunk = items[start : start + size]
    token = str(start + size) if start + size < len(items) else None
    return chunk, token


@handler("CreateEmailIdentity")
def create_email_identity(state, params, ctx):
    name = params["EmailIdentity"]
    kind = identity_kind(name)
    key = name.lower() if kind == "DOMAIN" else name
    if key in state.identities:
        raise already_exists(f"Email identity {name} already exist.")
    identity = Identity(key, kind, state.region)
    config_set = params.get("ConfigurationSetName")
    if config_set:
        _configuration_set(state, config_set)
        identity.configuration_set = config_set
    if kind == "DOMAIN":
        from . import sesv2_multiregion

        signing = params.get("DkimSigningAttributes") or {}
        origin = signing.get("DomainSigningAttributesOrigin") or ("EXTERNAL" if signing.get("DomainSigningPrivateKey") else "AWS_SES")
        if not sesv2_multiregion.apply_replication(state, identity, origin, signing):
            apply_signing_attributes(identity, origin, signing, True)
    elif params.get("DkimSigningAttributes"):
        raise bad_request("DKIM signing attributes can only be set on a domain identity.")
    identity.tags = _tags(params.get("Tags"))
    state.identities[key] = identity
    identity.refresh()
    return {
        "IdentityType": kind,
        "VerifiedForSendingStatus": identity.verification_status() == "SUCCESS",
        "DkimAttributes": identity.dkim_attributes(),
    }


@handler("GetEmailIdentity")
def get_email_identity(state, params, ctx):
    identity = _identity(state, params["EmailIdentity"])
    identity.refresh()
    result = {
        "IdentityType": identity.kind,
        "FeedbackForwardingStatus": identity.feedback_forwarding,
        "VerifiedForSendingStatus": identity.verification_status() == "SUCCESS",
        "DkimAttributes": identity.dkim_attributes(),
        "Policies": dict(identity.policies),
        "Tags": identity.tags,
        "VerificationStatus": identity.verification_status(),
        "VerificationInfo": {"LastCheckedTimestamp": identity.dkim.last_checked or now()},
    }
    if identity.dkim.last_success:
        result["VerificationInfo"]["LastSuccessTimestamp"] = identity.dkim.last_success
    if identity.replica is not None and identity.replica.error:
        result["VerificationInfo"]["ErrorType"] = identity.replica.error
    elif identity.dkim.status != "SUCCESS" and identity.kind == "DOMAIN":
        result["VerificationInfo"]["ErrorType"] = "TYPE_NOT_FOUND" if identity.dkim.status == "FAILED" else "HOST_NOT_FOUND"
    if identity.kind == "DOMAIN":
        mail_from = {"BehaviorOnMxFailure": identity.mail_from_behavior}
        if identity.mail_from_domain:
            mail_from["MailFromDomain"] = identity.mail_from_domain
            mail_from["MailFromDomainStatus"] = identity.mail_from.status
        result["MailFromAttributes"] = mail_from
    if identity.configuration_set:
        result["ConfigurationSetName"] = identity.configuration_set
    return result


@handler("ListEmailIdentities")
def list_email_identities(state, params, ctx):
    names = sorted(state.identities)
    chunk, token = _page(names, params)
    items = []
    for name in chunk:
        identity = state.identities[name]
        identity.refresh()
        items.append(
            {
                "IdentityType": identity.kind,
                "IdentityName": identity.name,
                "SendingEnabled": True,
                "VerificationStatus": identity.verification_status(),
            }
        )
    result = {"EmailIdentities": items}
    if token:
        result["NextToken"] = token
    return result


@handler("DeleteEmailIdentity")
def delete_email_identity(state, params, ctx):
    from . import sesv2_multiregion, sesv2_tenants

    identity = _identity(state, params["EmailIdentity"])
    sesv2_multiregion.check_no_replicas(state, identity)
    sesv2_tenants.check_not_associated(state, "identity", identity.name)
    del state.identities[identity.name]
    return {}


@handler("PutEmailIdentityDkimSigningAttributes")
def put_dkim_signing(state, params, ctx):
    from . import sesv2_multiregion

    identity = _identity(state, params["EmailIdentity"])
    if (params.get("SigningAttributes") or {}).get("DomainSigningAttributesOrigin"):
        raise bad_request("SigningAttributes.DomainSigningAttributesOrigin is not allowed here: use SigningAttributesOrigin.")
    if not sesv2_multiregion.apply_replication(state, identity, params["SigningAttributesOrigin"], params.get("SigningAttributes")):
        apply_signing_attributes(identity, params["SigningAttributesOrigin"], params.get("SigningAttributes"), False)
    identity.refresh()
    attrs = identity.dkim_attributes()
    return {"DkimStatus": attrs["Status"], "DkimTokens": attrs["Tokens"]}


@handler("PutEmailIdentityDkimAttributes")
def put_dkim(state, params, ctx):
    identity = _identity(state, params["EmailIdentity"])
    if identity.kind != "DOMAIN":
        raise bad_request("DKIM signing can only be enabled for a domain identity.")
    identity.signing_enabled = bool(params.get("SigningEnabled", False))
    return {}


@handler("PutEmailIdentityMailFromAttributes")
def put_mail_from(state, params, ctx):
    identity = _identity(state, params["EmailIdentity"])
    if identity.kind != "DOMAIN":
        raise bad_request("A custom MAIL FROM domain can only be set on a domain identity in this sandbox.")
    domain = (params.get("MailFromDomain") or "").lower().rstrip(".")
    if domain:
        if not DOMAIN_RE.match(domain) or not domain.endswith("." + identity.name):
            raise bad_request(f"Invalid MAIL FROM domain <{domain}>: it must be a subdomain of <{identity.name}>.")
        if domain != identity.mail_from_domain:
            identity.mail_from.reset()
        identity.mail_from_domain = domain
    else:
        identity.mail_from_domain = None
    identity.mail_from_behavior = params.get("BehaviorOnMxFailure") or "USE_DEFAULT_VALUE"
    return {}


@handler("PutEmailIdentityConfigurationSetAttributes")
def put_identity_configuration_set(state, params, ctx):
    identity = _identity(state, params["EmailIdentity"])
    name = params.get("ConfigurationSetName")
    if name:
        _configuration_set(state, name)
    identity.configuration_set = name or None
    return {}


@handler("PutEmailIdentityFeedbackAttributes")
def put_feedback(state, params, ctx):
    identity = _identity(state, params["EmailIdentity"])
    identity.feedback_forwarding = bool(params.get("EmailForwardingEnabled", False))
    return {}


@handler("CreateEmailIdentityPolicy")
def create_policy(state, params, ctx):
    identity = _identity(state, params["EmailIdentity"])
    name = params["PolicyName"]
    if name in identity.policies:
        raise already_exists(f"Policy {name} already exists for {identity.name}.")
    _check_policy(params["Policy"])
    identity.policies[name] = params["Policy"]
    return {}


@handler("UpdateEmailIdentityPolicy")
def update_policy(state, params, ctx):
    identity = _identity(state, params["EmailIdentity"])
    name = params["PolicyName"]
    if name not in identity.policies:
        raise not_found(f"Policy {name} does not exist for {identity.name}.")
    _check_policy(params["Policy"])
    identity.policies[name] = params["Policy"]
    return {}


@handler("DeleteEmailIdentityPolicy")
def delete_policy(state, params, ctx):
    identity = _identity(state, params["EmailIdentity"])
    if params["PolicyName"] not in identity.policies:
        raise not_found(f"Policy {params['PolicyName']} does not exist for {identity.name}.")
    del identity.policies[params["PolicyName"]]
    return {}


@handler("GetEmailIdentityPolicies")
def get_policies(state, params, ctx):
    return {"Policies": dict(_identity(state, params["EmailIdentity"]).policies)}


def _check_policy(text):
    try:
        document = json.loads(text)
    except ValueError:
        raise bad_request("The policy is not valid JSON.") from None
    if not isinstance(document, dict) or "Statement" not in document:
        raise bad_request("The policy must be a JSON object with a Statement.")


# -- configuration sets --------------------------------------------------------


@handler("CreateConfigurationSet")
def create_configuration_set(state, params, ctx):
    name = params["ConfigurationSetName"]
    if name in state.configuration_sets:
        raise already_exists(f"Configuration set <{name}> already exists.")
    _check_suppression(params.get("SuppressionOptions"))
    state.configuration_sets[name] = ConfigurationSet(name, params)
    return {}


@handler("GetConfigurationSet")
def get_configuration_set(state, params, ctx):
    return _configuration_set(state, params["ConfigurationSetName"]).view()


@handler("ListConfigurationSets")
def list_configuration_sets(state, params, ctx):
    chunk, token = _page(sorted(state.configuration_sets), params)
    result = {"ConfigurationSets": chunk}
    if token:
        result["NextToken"] = token
    return result


@handler("DeleteConfigurationSet")
def delete_configuration_set(state, params, ctx):
    from . import sesv2_tenants

    found = _configuration_set(state, params["ConfigurationSetName"])
    sesv2_tenants.check_not_associated(state, "configuration-set", found.name)
    del state.configuration_sets[found.name]
    for identity in state.identities.values():
        if identity.configuration_set == found.name:
            identity.configuration_set = None
    return {}


def _check_suppression(options):
    for reason in (options or {}).get("SuppressedReasons", []):
        if reason not in ("BOUNCE", "COMPLAINT"):
            raise bad_request(f"Invalid suppression reason <{reason}>.")


def _option_setter(attribute, key=None, transform=None):
    def set_option(state, params, ctx):
        found = _configuration_set(state, params["ConfigurationSetName"])
        value = {k: v for k, v in params.items() if k != "ConfigurationSetName"}
        if transform:
            value = transform(found, value)
        setattr(found, attribute, value or None)
        return {}

    return set_option


def _tracking(found, value):
    return value if value.get("CustomRedirectDomain") else None


def _suppression(found, value):
    _check_suppression(value)
    return {"SuppressedReasons": value.get("SuppressedReasons", []), **{k: v for k, v in value.items() if k != "SuppressedReasons"}}


def _reputation(found, value):
    merged = dict(found.reputation or {})
    merged["ReputationMetricsEnabled"] = bool(value.get("ReputationMetricsEnabled", False))
    return merged


def _sending(found, value):
    return {"SendingEnabled": bool(value.get("SendingEnabled", False))}


def _delivery(found, value):
    value.setdefault("TlsPolicy", "OPTIONAL")
    return value


HANDLERS["PutConfigurationSetTrackingOptions"] = _option_setter("tracking", transform=_tracking)
HANDLERS["PutConfigurationSetDeliveryOptions"] = _option_setter("delivery", transform=_delivery)
HANDLERS["PutConfigurationSetReputationOptions"] = _option_setter("reputation", transform=_reputation)
HANDLERS["PutConfigurationSetSendingOptions"] = _option_setter("sending", transform=_sending)
HANDLERS["PutConfigurationSetSuppressionOptions"] = _option_setter("suppression", transform=_suppression)
HANDLERS["PutConfigurationSetVdmOptions"] = _option_setter("vdm", transform=lambda found, value: value.get("VdmOptions"))
HANDLERS["PutConfigurationSetArchivingOptions"] = _option_setter("archiving")


def _check_destination(destination):
    targets = [key for key in DESTINATION_KEYS if destination.get(key)]
    if len(targets) != 1:
        raise bad_request("An event destination needs exactly one of " + ", ".join(DESTINATION_KEYS) + f"; got {len(targets)}.")
    if not destination.get("MatchingEventTypes"):
        raise bad_request("An event destination needs at least one matching event type.")
    return {
        "Enabled": bool(destination.get("Enabled", False)),
        "MatchingEventTypes": list(destination["MatchingEventTypes"]),
        targets[0]: destination[targets[0]],
    }


@handler("CreateConfigurationSetEventDestination")
def create_event_destination(state, params, ctx):
    found = _configuration_set(state, params["ConfigurationSetName"])
    name = params["EventDestinationName"]
    if name in found.destinations:
        raise already_exists(f"Event destination <{name}> already exists in <{found.name}>.")
    if len(found.destinations) >= 10:
        raise limit_exceeded("A configuration set can have at most 10 event destinations.")
    found.destinations[name] = _check_destination(params["EventDestination"])
    return {}


@handler("UpdateConfigurationSetEventDestination")
def update_event_destination(state, params, ctx):
    found = _configuration_set(state, params["ConfigurationSetName"])
    name = params["EventDestinationName"]
    if name not in found.destinations:
        raise not_found(f"Event destination <{name}> does not exist in <{found.name}>.")
    found.destinations[name] = _check_destination(params["EventDestination"])
    return {}


@handler("DeleteConfigurationSetEventDestination")
def delete_event_destination(state, params, ctx):
    found = _configuration_set(state, params["ConfigurationSetName"])
    name = params["EventDestinationName"]
    if name not in found.destinations:
        raise not_found(f"Event destination <{name}> does not exist in <{found.name}>.")
    del found.destinations[name]
    return {}


@handler("GetConfigurationSetEventDestinations")
def get_event_destinations(state, params, ctx):
    found = _configuration_set(state, params["ConfigurationSetName"])
    return {"EventDestinations": [dict(destination, Name=name) for name, destination in sorted(found.destinations.items())]}


# -- contact lists -------------------------------------------------------------


@handler("CreateContactList")
def create_contact_list(state, params, ctx):
    name = params["ContactListName"]
    if name in state.contact_lists:
        raise already_exists(f"List with name: {name} already exists.")
    if state.contact_lists:
        raise limit_exceeded("An account can have only one contact list.")
    if len(params.get("Topics") or []) > 20:
        raise limit_exceeded("A contact list can have at most 20 topics.")
    state.contact_lists[name] = ContactList(params)
    return {}


def _contact_list(state, name):
    found = state.contact_lists.get(name)
    if found is None:
        raise not_found(f"List with name: {name} doesn't exist.")
    return found


@handler("GetContactList")
def get_contact_list(state, params, ctx):
    return _contact_list(state, params["ContactListName"]).view()


@handler("UpdateContactList")
def update_contact_list(state, params, ctx):
    found = _contact_list(state, params["ContactListName"])
    if len(params.get("Topics") or []) > 20:
        raise limit_exceeded("A contact list can have at most 20 topics.")
    found.topics = params.get("Topics") or []
    found.description = params.get("Description")
    found.updated = now()
    return {}


@handler("DeleteContactList")
def delete_contact_list(state, params, ctx):
    found = _contact_list(state, params["ContactListName"])
    del state.contact_lists[found.name]
    return {}


@handler("ListContactLists")
def list_contact_lists(state, params, ctx):
    return {"ContactLists": [{"ContactListName": found.name, "LastUpdatedTimestamp": found.updated} for found in state.contact_lists.values()]}


# -- account -------------------------------------------------------------------


@handler("GetAccount")
def get_account(state, params, ctx):
    account = state.account_settings
    result = {
        "DedicatedIpAutoWarmupEnabled": False,
        "EnforcementStatus": "HEALTHY",
        "ProductionAccessEnabled": account.production_access,
        "SendQuota": account.quota(),
        "SendingEnabled": account.sending_enabled,
        "SuppressionAttributes": {"SuppressedReasons": list(account.suppressed_reasons)},
        "VdmAttributes": account.vdm,
    }
    if account.details:
        result["Details"] = account.details
    return result


@handler("PutAccountDetails")
def put_account_details(state, params, ctx):
    account = state.account_settings
    review = (account.details or {}).get("ReviewDetails", {})
    if review.get("Status") in ("GRANTED", "DENIED"):
        raise conflict(f"The production access request for this account was already {review['Status'].lower()}; open a support case to change it.")
    details = {k: v for k, v in params.items() if k != "ProductionAccessEnabled"}
    details["ReviewDetails"] = {"Status": "PENDING", "CaseId": review.get("CaseId") or str(uuid.uuid4().int)[:10]}
    account.details = details
    return {}


def decide_review(state, status):
    """Control-API hook: AWS's reviewers decide the production-access request."""
    account = state.account_settings
    if not account.details:
        account.details = {"ReviewDetails": {"CaseId": str(uuid.uuid4().int)[:10]}}
    account.details["ReviewDetails"]["Status"] = status
    account.production_access = status == "GRANTED"


@handler("PutAccountSendingAttributes")
def put_account_sending(state, params, ctx):
    state.account_settings.sending_enabled = bool(params.get("SendingEnabled", False))
    return {}


@handler("PutAccountSuppressionAttributes")
def put_account_suppression(state, params, ctx):
    _check_suppression(params)
    state.account_settings.suppressed_reasons = list(params.get("SuppressedReasons") or [])
    return {}


@handler("PutAccountVdmAttributes")
def put_account_vdm(state, params, ctx):
    state.account_settings.vdm = params["VdmAttributes"]
    return {}


# -- tags ----------------------------------------------------------------------


def _resource(state, arn):
    prefix = f"arn:{get_partition(state.region)}:ses:{state.region}:{state.account}:"
    if arn.startswith(prefix):
        kind, _sep, name = arn[len(prefix) :].partition("/")
        if kind == "tenant":  # tenant/<name>/<id>: the id must be the tenant's (a tenant made again has a new one)
            found = state.tenants.get(name.partition("/")[0])
            if found is not None and found.arn == arn:
                return found
            raise not_found(f"Resource {arn} does not exist.")
        table = {"identity": state.identities, "configuration-set": state.configuration_sets, "contact-list": state.contact_lists}.get(kind, {})
        found = table.get(name.lower() if kind == "identity" and "@" not in name else name)
        if found is not None:
            return found
    raise not_found(f"Resource {arn} does not exist.")


@handler("TagResource")
def tag_resource(state, params, ctx):
    found = _resource(state, params["ResourceArn"])
    tags = {t["Key"]: t.get("Value", "") for t in found.tags}
    tags.update({t["Key"]: t.get("Value", "") for t in params["Tags"]})
    if len(tags) > 50:
        raise bad_request("A resource can have at most 50 tags.")
    found.tags = [{"Key": k, "Value": v} for k, v in tags.items()]
    return {}


@handler("UntagResource")
def untag_resource(state, params, ctx):
    found = _resource(state, params["ResourceArn"])
    drop = set(params["TagKeys"])
    found.tags = [t for t in found.tags if t["Key"] not in drop]
    return {}


@handler("ListTagsForResource")
def list_tags(state, params, ctx):
    return {"Tags": _resource(state, params["ResourceArn"]).tags}


# -- sending -------------------------------------------------------------------


def _address(text):
    match = re.search(r"<([^>]+)>", text)
    return (match.group(1) if match else text).strip()


def _verified_sender(state, address):
    identity = state.identities.get(address)
    if identity is not None:
        identity.refresh()
        if identity.verification_status() == "SUCCESS":
            return True
    domain = address.rpartition("@")[2].lower()
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        identity = state.identities.get(".".join(labels[start:]))
        if identity is not None:
            identity.refresh()
            if identity.verification_status() == "SUCCESS":
                return True
    return False


@handler("SendEmail")
def send_email(state, params, ctx):
    from . import sesv2_multiregion, sesv2_tenants

    if params.get("EndpointId"):
        state = sesv2_multiregion.sending_state(params["EndpointId"], ctx.current_account)
    account = state.account_settings
    if not account.sending_enabled:
        raise SandboxError("AccountSuspendedException", "Sending is disabled for this account.")
    sender = _address(params.get("FromEmailAddress") or "")
    if not sender:
        raise bad_request("FromEmailAddress is required in this sandbox.")
    if not _verified_sender(state, sender):
        raise SandboxError(
            "MessageRejected",
            f"Email address is not verified. The following identities failed the check in region {state.region.upper().replace('-', '_')}: {sender}",
        )
    destination = params.get("Destination") or {}
    recipients = [_address(a) for key in ("ToAddresses", "CcAddresses", "BccAddresses") for a in destination.get(key, [])]
    if not recipients:
        raise bad_request("At least one recipient is required.")
    if not account.production_access:
        unverified = [r for r in recipients if r.lower() not in SIMULATOR_EVENTS and not _verified_sender(state, r)]
        if unverified:
            raise SandboxError(
                "MessageRejected",
                "Email address is not verified. The following identities failed the check in region "
                f"{state.region.upper().replace('-', '_')}: {', '.join(unverified)}",
            )
    identity_config = None
    for candidate in (sender, sender.rpartition("@")[2].lower()):
        if candidate in state.identities:
            identity_config = state.identities[candidate].configuration_set
            if identity_config:
                break
    config_name = params.get("ConfigurationSetName") or identity_config
    config = None
    if config_name:
        config = state.configuration_sets.get(config_name)
        if config is None:
            raise not_found(f"Configuration set <{config_name}> does not exist.")
        if not config.sending.get("SendingEnabled", True):
            raise SandboxError("SendingPausedException", f"Sending is paused for configuration set <{config_name}>.")
    if params.get("TenantName"):
        sesv2_tenants.check_send(state, params, sender, config_name)
    account.sent.extend([now()] * len(recipients))
    message_id = f"{uuid.uuid4().hex}-{uuid.uuid4().hex[:8]}-000000"
    if config is not None:
        tags = {t["Name"]: t["Value"] for t in params.get("EmailTags") or []}
        tags.update(
            {
                "ses:from-domain": sender.rpartition("@")[2].lower(),
                "ses:configuration-set": config.name,
                "ses:caller-identity": "sandbox",
                "ses:source-ip": "127.0.0.1",
                "ses:outgoing-ip": "127.0.0.1",
            }
        )
        events = ["SEND"]
        for recipient in recipients:
            events.extend(SIMULATOR_EVENTS.get(recipient.lower(), ["DELIVERY"]))
        publish_events(state, config, events, tags, message_id, sender, recipients)
    return {"MessageId": message_id}


def hash_token(*parts):
    digest = hashlib.sha256("/".join(parts).encode()).digest()
    return base64.b64encode(digest[:30]).decode("ascii")


class SandboxSESV2Response(SESV2Response):
    """Dispatches SES v2 operations to the sandbox's handlers; moto's own for the rest."""

    def __init__(self):
        super().__init__()
        self.automated_parameter_parsing = True
        self._parse_problem = None

    def parse_parameters(self, request):
        try:
            super().parse_parameters(request)
        except Exception as exc:  # noqa: BLE001 - a malformed body is the caller's error
            self.params = {}
            self._parse_problem = f"Malformed request: {exc}"

    def call_action(self):
        operation = self._get_action()
        func = HANDLERS.get(operation)
        if func is None:
            return super().call_action()
        model = service_model().operation_model(operation)
        params = dict(self.params or {})
        problems = [self._parse_problem] if self._parse_problem else request_problems(model, params)
        try:
            if problems:
                raise bad_request("; ".join(problems))
            with LOCK:
                result = func(state_for(self.current_account, self.region), params, self)
            self.response_headers["date"] = http_date(now())  # the sandbox's clock, for clients that read it
            return self.serialized(ActionResult(result))
        except SandboxError as exc:
            return self.serialized(ActionResult(exc))


@functools.lru_cache(maxsize=None)
def service_model():
    """botocore's SES v2 model, loaded once: every request is validated against it (a new session per request
    re-read the model's JSON and scanned botocore's data directories, ~25 ms of CPU per call)."""
    from botocore.session import get_session

    return get_session().get_service_model("sesv2")


def publish_events(state, config, events, tags, message_id, sender, recipients):
    """Publish SES events of one message to the configuration set's event destinations."""
    from moto.cloudwatch.models import cloudwatch_backends

    for destination in config.destinations.values():
        if not destination.get("Enabled"):
            continue
        matching = set(destination["MatchingEventTypes"])
        selected = [event for event in events if event in matching]
        if not selected:
            continue
        cloudwatch = destination.get("CloudWatchDestination")
        if cloudwatch:
            dimensions = []
            for dim in cloudwatch.get("DimensionConfigurations", []):
                value = dim["DefaultDimensionValue"]
                if dim["DimensionValueSource"] == "MESSAGE_TAG":
                    value = tags.get(dim["DimensionName"], value)
                dimensions.append({"Name": dim["DimensionName"], "Value": value})
            data = [
                {
                    "MetricName": EVENT_METRIC_NAMES[event],
                    "Value": 1.0,
                    "Unit": "Count",
                    "Dimensions": dimensions,
                }
                for event in selected
            ]
            cloudwatch_backends[state.account][state.region].put_metric_data("AWS/SES", data)
        sns = destination.get("SnsDestination")
        if sns:
            _publish_sns(state, sns["TopicArn"], selected, message_id, sender, recipients, tags)
    # mailbox-simulator mail does not count towards reputation (as in SES)
    counters = config.counters
    live = [r for r in recipients if r.lower() not in SIMULATOR_EVENTS]
    counters["sends"] += len(live)
    counters["bounces"] += 0 if not live else events.count("BOUNCE")
    counters["complaints"] += 0 if not live else events.count("COMPLAINT")
    if config.reputation.get("ReputationMetricsEnabled") and counters["sends"]:
        dims = [{"Name": "ses:configuration-set", "Value": config.name}]
        cloudwatch_backends[state.account][state.region].put_metric_data(
            "AWS/SES",
            [
                {"MetricName": "Reputation.BounceRate", "Value": counters["bounces"] / counters["sends"], "Dimensions": dims},
                {"MetricName": "Reputation.ComplaintRate", "Value": counters["complaints"] / counters["sends"], "Dimensions": dims},
            ],
        )


def _publish_sns(state, topic_arn, events, message_id, sender, recipients, tags):
    from moto.sns.models import sns_backends

    parts = topic_arn.split(":")
    if len(parts) < 6:
        return
    backend = sns_backends[parts[4]][parts[3]]
    topic = backend.topics.get(topic_arn)
    if topic is None:
        return
    for event in events:
        body = {
            "eventType": EVENT_METRIC_NAMES[event],
            "mail": {"messageId": message_id, "source": sender, "destination": recipients, "tags": {k: [v] for k, v in tags.items()}},
        }
        backend.publish(json.dumps(body), arn=topic_arn)


def feedback(state, configuration_set, domain, sends, bounces=0, complaints=0, traffic=None):
    """Control-API hook: live traffic with real recipients' bounces and complaints, as SES would report it."""
    config = state.configuration_sets.get(configuration_set)
    if config is None:
        raise not_found(f"Configuration set <{configuration_set}> does not exist.")
    # one message per recipient, as bulk mail is sent: a Send event each
    events = ["SEND"] * sends + ["DELIVERY"] * (sends - bounces) + ["BOUNCE"] * bounces + ["COMPLAINT"] * complaints
    tags = {"ses:from-domain": domain, "ses:configuration-set": configuration_set}
    if traffic:
        tags["mailops-traffic"] = traffic
    recipients = [f"recipient{i}@customers.example" for i in range(sends)]
    publish_events(state, config, events, tags, uuid.uuid4().hex, f"news@{domain}", recipients)
