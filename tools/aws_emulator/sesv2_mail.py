"""The message SES would send for ``SendEmail``: MIME, subscription-management headers, DKIM.

``SendEmail`` keeps its answer and its checks (``sesv2.send_email``); this module wraps it:

* ``ListManagementOptions`` must name an existing contact list and, when given, a topic of it
  (``NotFoundException`` otherwise), checked before anything is sent.
* The sandbox builds the MIME message SES would deliver for ``Simple`` and ``Raw`` content,
  adds what SES adds (``Message-ID``, ``Date``, ``List-Unsubscribe`` + ``List-Unsubscribe-Post``
  with subscription management, ``X-SES-CONFIGURATION-SET``, ``Feedback-ID``) and signs it with
  a ``DKIM-Signature`` that verifies with the key the identity publishes.
* Every message is recorded per account and region; the control API serves them
  (``GET /mailops-sandbox/messages``) and clears them (``POST /mailops-sandbox/messages/reset``).

The layout of the message is documented in docs/sandbox.md ("The message SES would send").
"""

import base64
import hashlib
import html
import json
import secrets
import time
from email.utils import format_datetime
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from . import mime, sesv2
from .errors import bad_request, not_found

PLACEHOLDER = "{{amazonSESUnsubscribeUrl}}"
ONE_CLICK = "List-Unsubscribe=One-Click"
_AMAZONSES_KEYS = {}  # region -> (selector, private key): SES's own d=amazonses.com signature


class Mailbox:
    """Per account+region: the messages SES sent, unsubscribe tokens and the one-click opt-outs."""

    def __init__(self):
        self.messages = []
        self.tokens = {}
        self.unsubscribes = []


def mailbox(state):
    found = getattr(state, "mailbox", None)
    if found is None:
        found = state.mailbox = Mailbox()
    return found


def _wrap(name):
    def register(func):
        original = sesv2.HANDLERS[name]

        def wrapped(state, params, ctx):
            return func(original, state, params, ctx)

        wrapped.__wrapped__ = original
        sesv2.HANDLERS[name] = wrapped
        return func

    return register


# ---------------------------------------------------------------------------
# keys
# ---------------------------------------------------------------------------


def _new_key(bits):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def public_record(private_key):
    der = private_key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode("ascii")


def _remember_byodkim_key(identity, signing):
    private = (signing or {}).get("DomainSigningPrivateKey")
    if identity is not None and identity.dkim_origin == "EXTERNAL" and private:
        identity.byodkim_key = serialization.load_der_private_key(base64.b64decode(private), password=None)


@_wrap("CreateEmailIdentity")
def create_email_identity(original, state, params, ctx):
    result = original(state, params, ctx)
    name = params["EmailIdentity"]
    _remember_byodkim_key(state.identities.get(name.lower() if "@" not in name else name), params.get("DkimSigningAttributes"))
    return result


@_wrap("PutEmailIdentityDkimSigningAttributes")
def put_dkim_signing(original, state, params, ctx):
    result = original(state, params, ctx)
    name = params["EmailIdentity"]
    _remember_byodkim_key(state.identities.get(name.lower() if "@" not in name else name), params.get("SigningAttributes"))
    return result


def easy_dkim_key(identity, token):
    keys = getattr(identity, "easy_dkim_keys", None)
    if keys is None:
        keys = identity.easy_dkim_keys = {}
    if token not in keys:
        keys[token] = _new_key(1024 if identity.current_key_length == "RSA_1024_BIT" else 2048)
    return keys[token]


def amazonses_key(region):
    if region not in _AMAZONSES_KEYS:
        _AMAZONSES_KEYS[region] = (sesv2._token(), _new_key(2048))
    return _AMAZONSES_KEYS[region]


def signing_identity(state, sender):
    """(d=, s=, key) SES signs with: the sender's verified domain identity, else amazonses.com."""
    labels = sender.rpartition("@")[2].lower().split(".")
    for start in range(len(labels) - 1):
        identity = state.identities.get(".".join(labels[start:]))
        if identity is None or identity.kind != "DOMAIN":
            continue
        identity.refresh()
        if identity.dkim.status != "SUCCESS" or not identity.signing_enabled:
            continue
        if identity.dkim_origin == "EXTERNAL":
            key = getattr(identity, "byodkim_key", None)
            if key is not None:
                return identity.name, identity.selector, key
            continue
        if identity.dkim_tokens:
            token = identity.dkim_tokens[0]
            return identity.name, token, easy_dkim_key(identity, token)
    selector, key = amazonses_key(state.region)
    return "amazonses.com", selector, key


def dkim_records(state):
    """Every DKIM public key the sandbox signs with for this SES instance, as DNS would publish it."""
    records = {}
    for identity in state.identities.values():
        if getattr(identity, "byodkim_key", None) is not None and identity.selector:
            records[f"{identity.selector}._domainkey.{identity.name}"] = public_record(identity.byodkim_key)
        for token, key in (getattr(identity, "easy_dkim_keys", None) or {}).items():
            # Easy DKIM: <token>._domainkey.<domain> is a CNAME to <token>.<SigningHostedZone>, which serves this
            records[f"{token}._domainkey.{identity.name}"] = public_record(key)
    selector, key = amazonses_key(state.region)
    records[f"{selector}._domainkey.amazonses.com"] = public_record(key)
    return records


# ---------------------------------------------------------------------------
# SendEmail
# ---------------------------------------------------------------------------


def _check_list_management(state, options):
    name = options["ContactListName"]
    contact_list = state.contact_lists.get(name)
    if contact_list is None:
        raise not_found(f"List with name: {name} doesn't exist.")
    topic = options.get("TopicName")
    if topic is not None and topic not in [t["TopicName"] for t in contact_list.topics]:
        raise not_found(f"Topic {topic} does not exist in list {name}.")


def _recipients(params):
    destination = params.get("Destination") or {}
    return [sesv2._address(a) for key in ("ToAddresses", "CcAddresses", "BccAddresses") for a in destination.get(key, [])]


def _applied_configuration_set(state, params, sender):
    if params.get("ConfigurationSetName"):
        return params["ConfigurationSetName"]
    for candidate in (sender, sender.rpartition("@")[2].lower()):
        identity = state.identities.get(candidate)
        if identity is not None and identity.configuration_set:
            return identity.configuration_set
    return None


def _raw_message(params):
    data = params["Content"]["Raw"]["Data"]
    if isinstance(data, str):
        data = base64.b64decode(data)
    message = mime.Message(data)
    names = message.names()
    for field in mime.SINGLE_FIELDS:
        if names.count(field) > 1:
            raise bad_request(f"Duplicate header '{field}'.")
    return message


def _replace_placeholder(text, url):
    # SES replaces at most the first two occurrences
    return text.replace(PLACEHOLDER, url, 2)


@_wrap("SendEmail")
def send_email(original, state, params, ctx):
    options = params.get("ListManagementOptions")
    if options:
        _check_list_management(state, options)
    content = params.get("Content") or {}
    raw = _raw_message(params) if content.get("Raw") else None
    result = original(state, params, ctx)
    try:
        record(state, params, result["MessageId"], raw, _host(ctx))
    except Exception as exc:  # noqa: BLE001 - the mail was accepted; a rendering gap must not fail the call
        mailbox(state).messages.append(
            {
                "message_id": result["MessageId"],
                "from": params.get("FromEmailAddress"),
                "to": _recipients(params),
                "configuration_set": None,
                "list_management": params.get("ListManagementOptions"),
                "raw": None,
                "error": f"{exc.__class__.__name__}: {exc}",
            }
        )
    return result


def _host(ctx):
    headers = getattr(ctx, "headers", None) or {}
    return headers.get("Host") or "127.0.0.1"


def record(state, params, message_id, raw, host):
    sender = sesv2._address(params.get("FromEmailAddress") or "")
    recipients = _recipients(params)
    options = params.get("ListManagementOptions")
    configuration_set = _applied_configuration_set(state, params, sender)
    box = mailbox(state)
    # SES adds the List-Unsubscribe pair only for a single recipient, and cannot for mail the
    # sender signed itself (developer guide, "Using subscription management").
    presigned = raw is not None and "dkim-signature" in raw.names()
    unsubscribe_url = None
    if options and len(recipients) == 1 and not presigned:
        token = secrets.token_urlsafe(24)
        box.tokens[token] = {"contact_list": options["ContactListName"], "topic": options.get("TopicName"), "address": recipients[0]}
        unsubscribe_url = f"https://{host}/mailops-sandbox/unsubscribe/{token}"
    message = None
    content = params.get("Content") or {}
    if content.get("Simple"):
        simple_params = params
        if unsubscribe_url:
            simple = json.loads(json.dumps(content["Simple"]))
            for part in (simple.get("Body") or {}).values():
                part["Data"] = _replace_placeholder(part["Data"], unsubscribe_url)
            simple_params = dict(params, Content={"Simple": simple})
        message = mime.simple_message(simple_params)
    elif raw is not None:
        message = raw
        if unsubscribe_url:
            message.body = message.body.replace(PLACEHOLDER.encode(), unsubscribe_url.encode(), 2)
    entry = {
        "message_id": message_id,
        "from": params.get("FromEmailAddress"),
        "to": recipients,
        "configuration_set": configuration_set,
        "list_management": options or None,
        "raw": None,
    }
    if message is not None:
        moment = sesv2.now()
        if not message.get("MIME-Version"):
            message.set("MIME-Version", "1.0")
        domain = "email.amazonses.com" if state.region == "us-east-1" else f"{state.region}.amazonses.com"
        message.set("Message-ID", f"<{message_id}@{domain}>")
        message.set("Date", format_datetime(moment.replace(microsecond=0)))
        if unsubscribe_url:
            message.set("List-Unsubscribe", f"<{unsubscribe_url}>")
            message.set("List-Unsubscribe-Post", ONE_CLICK)
        if configuration_set:
            message.set("X-SES-CONFIGURATION-SET", configuration_set)
        message.set("Feedback-ID", feedback_id(state, configuration_set))
        d, s, key = signing_identity(state, sender)
        mime.sign(message, d, s, key, moment.timestamp())
        entry["raw"] = message.as_bytes().decode("utf-8", "replace")
    box.messages.append(entry)


def feedback_id(state, configuration_set):
    """SES's ``Feedback-ID: 1.<region>.<opaque>:AmazonSES`` (the opaque part names the sending account)."""
    digest = hashlib.sha256(f"{state.account}/{state.region}/{configuration_set or ''}".encode()).digest()
    return f"1.{state.region}.{base64.b64encode(digest).decode('ascii')}:AmazonSES"


# ---------------------------------------------------------------------------
# control API: /mailops-sandbox/messages, /messages/reset, /dkim-keys, /unsubscribe/<token>
# ---------------------------------------------------------------------------


def _json(status, payload):
    return status, "application/json", json.dumps(payload, sort_keys=True).encode()


def control(method, path, query, body):
    """(status, content type, bytes) for the control paths this module owns, else None."""
    args = {k: v[0] for k, v in parse_qs(query or "").items()}
    account, region = args.get("account", "123456789012"), args.get("region", "us-east-1")
    if path == "messages" and method == "GET":
        with sesv2.LOCK:
            return _json(200, list(mailbox(sesv2.state_for(account, region)).messages))
    if path == "messages/reset" and method == "POST":
        with sesv2.LOCK:
            for state in sesv2.iter_states():
                mailbox(state).messages.clear()
        return _json(200, {"messages": 0})
    if path == "unsubscribes" and method == "GET":
        with sesv2.LOCK:
            return _json(200, list(mailbox(sesv2.state_for(account, region)).unsubscribes))
    if path == "dkim-keys" and method == "GET":
        with sesv2.LOCK:
            return _json(200, dkim_records(sesv2.state_for(account, region)))
    if path.startswith("unsubscribe/"):
        return _unsubscribe(method, path.split("/", 1)[1], body)
    return None


def _unsubscribe(method, token, body):
    with sesv2.LOCK:
        for state in sesv2.iter_states():
            found = mailbox(state).tokens.get(token)
            if found is not None:
                break
        else:
            return 404, "text/html; charset=utf-8", b"<!doctype html><title>Not found</title><p>Unknown link.</p>"
        if method == "POST":
            # RFC 8058: the one-click POST carries exactly "List-Unsubscribe=One-Click"
            if parse_qs(body.decode("utf-8", "replace")).get("List-Unsubscribe") != ["One-Click"]:
                return 400, "text/plain; charset=utf-8", b"expected List-Unsubscribe=One-Click"
            mailbox(state).unsubscribes.append(dict(found, at=time.time()))
            return 200, "text/plain; charset=utf-8", b""
    what = html.escape(found["topic"] or "all topics")
    page = (
        f"<!doctype html><title>Unsubscribe</title><p>Unsubscribe {html.escape(found['address'])} "
        f"from {what} of {html.escape(found['contact_list'])}?</p>"
        f"<form method=post><input type=hidden name=List-Unsubscribe value=One-Click>"
        f"<button>Unsubscribe</button></form>"
    )
    return 200, "text/html; charset=utf-8", page.encode()
