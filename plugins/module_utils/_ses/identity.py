# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SES email identities, pure: validate options, view the API state, plan the calls, predict the result.

``plan(current, desired)`` returns the exact SES calls a run makes, in order, so
check mode can predict the real run and a run with nothing to do makes no write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import datetime
import json
import re

from ansible_collections.mailops.ses.plugins.module_utils._aws import arns as _arns
from ansible_collections.mailops.ses.plugins.module_utils._aws import tags as _tags
from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _render
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordError, absolute
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError
from ansible_collections.mailops.ses.plugins.module_utils._ses import dkim_keys as _dkim_keys

KEY_LENGTHS = ("RSA_1024_BIT", "RSA_2048_BIT")
MX_FAILURE = ("USE_DEFAULT_VALUE", "REJECT_MESSAGE")
FINGERPRINT_TAG = "mailops:dkim-key-fingerprint"
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@([^@\s]+)$")
KEY_CHANGE_INTERVAL = datetime.timedelta(hours=24)
DKIM_MODES = ("easy", "byodkim", "replica")
REPLICA_ORIGIN_RE = re.compile(r"^AWS_SES_([A-Z0-9_]+)$")


class IdentityError(ProblemsError):
    """Invalid identity input."""


def replica_origin(parent_region):
    """The SigningAttributesOrigin of a Deterministic Easy DKIM replica: us-east-1 -> ``AWS_SES_US_EAST_1``."""
    return "AWS_SES_" + parent_region.upper().replace("-", "_")


def parent_region_of(origin):
    """The parent region a DKIM origin names (``AWS_SES_US_EAST_1`` -> us-east-1), None for AWS_SES and EXTERNAL."""
    match = REPLICA_ORIGIN_RE.match(origin or "")
    return match.group(1).lower().replace("_", "-") if match else None


def is_replica(state):
    """Whether an identity view is a DEED replica (it signs with its parent's key and publishes no DKIM records)."""
    return bool(state and (state.get("dkim") or {}).get("parent_region"))


def identity_kind(identity, where="identity"):
    """(kind, domain) of an identity; raises IdentityError naming the input."""
    text = (identity or "").strip()
    match = EMAIL_RE.match(text)
    domain = match.group(1) if match else text
    try:
        normalised = absolute(domain, where=where)[:-1]
    except RecordError:
        normalised = None
    if normalised is None or "." not in normalised or "_" in normalised or "*" in normalised:
        raise IdentityError(["%s '%s' is neither a domain (example.com) nor an email address (sender@example.com)" % (where, identity)])
    if match:
        return "EMAIL_ADDRESS", normalised
    return "DOMAIN", normalised


def _policy_text(value, where):
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    try:
        json.loads(value)
    except (TypeError, ValueError):
        raise IdentityError(["%s is not valid JSON" % where])
    return value


def canonical_name(identity):
    """``(kind, name)``: a domain in lower case, an address with its domain part in lower case."""
    kind, domain = identity_kind(identity)
    return kind, domain if kind == "DOMAIN" else "%s@%s" % (identity.strip().rsplit("@", 1)[0], domain)


def desired_from_params(params, region=None):
    """Normalise and validate module options; every problem is reported together.

    Returns ``(desired, key)`` where ``key`` is the BYODKIM private key object or None
    (kept out of ``desired`` so that it can never end up in output).  ``region`` (the identity's
    own region, when known) is checked against a replica's ``parent_region``.
    """
    problems = []
    kind, name = canonical_name(params.get("identity"))
    domain = name.rpartition("@")[2]
    desired = {
        "identity": name,
        "kind": kind,
        "domain": domain,
        "dkim": None,
        "mail_from": None,
        "configuration_set": params.get("configuration_set"),
        "feedback_forwarding": params.get("feedback_forwarding"),
        "policies": None,
        "purge_policies": params.get("purge_policies", True),
        "tags": _tags.strings(params.get("tags")),
        "purge_tags": params.get("purge_tags", True),
    }
    key = None
    dkim = params.get("dkim")
    if dkim:
        if kind != "DOMAIN":
            problems.append("dkim: DKIM settings apply to domain identities only; '%s' is an email address" % name)
        mode = dkim.get("mode") or "easy"
        spec = {"mode": mode, "signing_enabled": dkim.get("signing_enabled")}
        if dkim.get("parent_region") and mode != "replica":
            problems.append("dkim.parent_region belongs to mode=replica (a Deterministic Easy DKIM replica), not mode=%s" % mode)
        if mode == "easy":
            if dkim.get("selector") or dkim.get("private_key") or dkim.get("private_key_path"):
                problems.append("dkim: selector and private_key belong to mode=byodkim, not mode=easy")
            spec["key_length"] = dkim.get("key_length")
        elif mode == "byodkim":
            problems.extend(_dkim_keys.check_selector(dkim.get("selector")))
            if dkim.get("key_length"):
                problems.append("dkim.key_length applies to mode=easy; a BYODKIM key has the length you generated")
            text = dkim.get("private_key")
            if "private_key_problem" in dkim:
                # checked and redacted on the controller (inventory checks never see the key itself)
                if dkim["private_key_problem"]:
                    problems.append(dkim["private_key_problem"])
            elif not text:
                problems.append("dkim.private_key is required for mode=byodkim (or set private_key_path with generate_key)")
            else:
                try:
                    key = _dkim_keys.load_private_key(text)
                except _dkim_keys.DkimKeyError as exc:
                    problems.append(str(exc))
            spec["selector"] = dkim.get("selector")
            if key is not None:
                spec["public_key"] = _dkim_keys.public_key_b64(key)
                spec["fingerprint"] = _dkim_keys.fingerprint(spec["public_key"])
        elif mode == "replica":
            problems.extend(_replica_problems(dkim, region))
            spec["parent_region"] = (dkim.get("parent_region") or "").strip().lower() or None
            spec["origin"] = replica_origin(spec["parent_region"]) if _arns.is_region(spec["parent_region"]) else None
        else:
            problems.append("dkim.mode '%s' is not one of %s" % (mode, ", ".join(DKIM_MODES)))
        desired["dkim"] = spec
    mail_from = params.get("mail_from")
    if mail_from is not None:
        if kind != "DOMAIN":
            problems.append("mail_from: a custom MAIL FROM applies to domain identities only")
        target = (mail_from.get("domain") or "").strip().lower().rstrip(".")
        if target:
            if target == domain:
                problems.append("mail_from.domain '%s' is the identity itself; use a subdomain that does not receive mail, e.g. mail.%s" % (target, domain))
            elif not target.endswith("." + domain):
                problems.append("mail_from.domain '%s' is not a subdomain of %s; use e.g. mail.%s" % (target, domain, domain))
            else:
                try:
                    absolute(target, where="mail_from.domain")
                except RecordError as exc:
                    problems.extend(exc.problems)
                else:
                    # record names may hold '_' and '*', a MAIL FROM host name may not (SES refuses it)
                    if "_" in target or "*" in target:
                        problems.append("mail_from.domain '%s' must be a host name (letters, digits and '-' only), e.g. mail.%s" % (target, domain))
        desired["mail_from"] = {"domain": target, "behavior_on_mx_failure": mail_from.get("behavior_on_mx_failure") or "USE_DEFAULT_VALUE"}
    if params.get("policies") is not None:
        policies = {}
        for policy_name, value in params["policies"].items():
            try:
                policies[policy_name] = _policy_text(value, "policies.%s" % policy_name)
            except IdentityError as exc:
                problems.extend(exc.problems)
        desired["policies"] = policies
    if desired["tags"] is not None and FINGERPRINT_TAG in desired["tags"]:
        problems.append("tags: '%s' is managed by this module; remove it from tags" % FINGERPRINT_TAG)
    if problems:
        raise IdentityError(problems)
    return desired, key


def _replica_problems(dkim, region):
    """What a Deterministic Easy DKIM replica may not say: it signs with its parent's key, of its parent's length."""
    problems = []
    parent = (dkim.get("parent_region") or "").strip().lower()
    if dkim.get("key_length"):
        problems.append(
            "dkim.key_length: a replica signs with the Easy DKIM key of its parent identity, whose key length it follows; "
            "set the key length on the parent in %s" % (parent or "its parent region")
        )
    byodkim = [option for option in ("selector", "private_key", "private_key_path", "generate_key") if dkim.get(option)]
    if byodkim:
        problems.append("dkim: %s belong to mode=byodkim; a replica signs with its parent's Easy DKIM key" % ", ".join(byodkim))
    if not parent:
        problems.append("dkim.parent_region is required for mode=replica: the region of the parent identity in the same account, e.g. us-east-1")
    elif not _arns.is_region(parent):
        problems.append("dkim.parent_region '%s' is not an AWS region name such as us-east-1" % parent)
    elif region and parent == region:
        problems.append("dkim.parent_region %s is this identity's own region; the parent of a replica is in another region of the same account" % parent)
    elif region and _arns.partition_for_region(parent) != _arns.partition_for_region(region):
        problems.append("dkim.parent_region %s is in another partition than %s; DKIM replication stays within one partition" % (parent, region))
    return problems


def view(name, response, verification_token=None):
    """The snake_case identity state returned by the modules, from GetEmailIdentity."""
    if response is None:
        return None
    dkim = response.get("DkimAttributes") or {}
    origin = dkim.get("SigningAttributesOrigin") or "AWS_SES"
    external = origin == "EXTERNAL"
    error = (response.get("VerificationInfo") or {}).get("ErrorType") or ""
    tags = {t["Key"]: t.get("Value", "") for t in response.get("Tags") or []}
    mail_from = response.get("MailFromAttributes") or {}
    last = dkim.get("LastKeyGenerationTimestamp")
    return {
        "identity": name,
        "identity_type": response.get("IdentityType"),
        "verified_for_sending": bool(response.get("VerifiedForSendingStatus")),
        "verification_status": response.get("VerificationStatus"),
        "feedback_forwarding": response.get("FeedbackForwardingStatus", True),
        "configuration_set": response.get("ConfigurationSetName"),
        "dkim": {
            # AWS_SES (Easy DKIM), EXTERNAL (BYODKIM) or AWS_SES_<PARENT_REGION> (a Deterministic Easy DKIM replica)
            "origin": origin,
            "parent_region": parent_region_of(origin),
            "replication_error": error if error.startswith("REPLICATION_") else None,
            "status": dkim.get("Status"),
            "signing_enabled": dkim.get("SigningEnabled"),
            "tokens": [] if external else list(dkim.get("Tokens") or []),
            "selector": (dkim.get("Tokens") or [None])[0] if external else None,
            "signing_hosted_zone": dkim.get("SigningHostedZone"),
            "current_key_length": dkim.get("CurrentSigningKeyLength"),
            "next_key_length": dkim.get("NextSigningKeyLength"),
            "last_key_generation": last.isoformat() if hasattr(last, "isoformat") else last,
            "key_fingerprint": tags.get(FINGERPRINT_TAG),
        },
        "mail_from_domain": mail_from.get("MailFromDomain"),
        "mail_from_status": mail_from.get("MailFromDomainStatus"),
        "behavior_on_mx_failure": mail_from.get("BehaviorOnMxFailure"),
        "policies": dict(response.get("Policies") or {}),
        "tags": {k: v for k, v in tags.items() if k != FINGERPRINT_TAG},
        "verification_token": verification_token,
    }


def _same_policy(a, b):
    try:
        return json.loads(a) == json.loads(b)
    except (TypeError, ValueError):
        return a == b


def plan(current, desired, key=None, now=None):
    """The SES calls, in order, that take ``current`` (a view or None) to ``desired``.

    Each item is ``(operation, kwargs)``; ``kwargs`` may hold the BYODKIM private
    key and must never be returned.  Raises IdentityError for a change SES refuses
    (a second key-length change within 24 hours).
    """
    name = desired["identity"]
    ops = []
    dkim = desired["dkim"]
    byodkim = dkim is not None and dkim["mode"] == "byodkim"
    if current is None:
        kwargs = {"EmailIdentity": name}
        if desired["tags"] or byodkim:
            tags = dict(desired["tags"] or {})
            if byodkim:
                tags[FINGERPRINT_TAG] = dkim["fingerprint"]
            kwargs["Tags"] = _tags.as_list(tags)
        if desired["configuration_set"]:
            kwargs["ConfigurationSetName"] = desired["configuration_set"]
        if byodkim:
            kwargs["DkimSigningAttributes"] = {"DomainSigningSelector": dkim["selector"], "DomainSigningPrivateKey": _dkim_keys.ses_private_key(key)}
        elif dkim and dkim["mode"] == "replica":
            kwargs["DkimSigningAttributes"] = {"DomainSigningAttributesOrigin": dkim["origin"]}
        elif dkim and dkim.get("key_length"):
            kwargs["DkimSigningAttributes"] = {"NextSigningKeyLength": dkim["key_length"]}
        ops.append(("create_email_identity", kwargs))
        current = predict_created(desired)
        if dkim and dkim.get("signing_enabled") is False:
            ops.append(("put_email_identity_dkim_attributes", {"EmailIdentity": name, "SigningEnabled": False}))
    else:
        ops.extend(_dkim_ops(current, desired, key, now))
        tag_ops = _tag_ops(current, desired)
        ops.extend(tag_ops)
        if desired["configuration_set"] is not None and (desired["configuration_set"] or None) != current["configuration_set"]:
            kwargs = {"EmailIdentity": name}
            if desired["configuration_set"]:
                kwargs["ConfigurationSetName"] = desired["configuration_set"]
            ops.append(("put_email_identity_configuration_set_attributes", kwargs))
    mail_from = desired["mail_from"]
    if mail_from is not None:
        want_domain = mail_from["domain"] or None
        behaviour = mail_from["behavior_on_mx_failure"]
        if want_domain != current.get("mail_from_domain") or (want_domain and behaviour != (current.get("behavior_on_mx_failure") or "USE_DEFAULT_VALUE")):
            kwargs = {"EmailIdentity": name, "BehaviorOnMxFailure": behaviour}
            if want_domain:
                kwargs["MailFromDomain"] = want_domain
            ops.append(("put_email_identity_mail_from_attributes", kwargs))
    if desired["feedback_forwarding"] is not None and desired["feedback_forwarding"] != current["feedback_forwarding"]:
        kwargs = {"EmailIdentity": name, "EmailForwardingEnabled": desired["feedback_forwarding"]}
        ops.append(("put_email_identity_feedback_attributes", kwargs))
    if desired["policies"] is not None:
        have = current["policies"]
        for policy_name, text in sorted(desired["policies"].items()):
            if policy_name not in have:
                ops.append(("create_email_identity_policy", {"EmailIdentity": name, "PolicyName": policy_name, "Policy": text}))
            elif not _same_policy(have[policy_name], text):
                ops.append(("update_email_identity_policy", {"EmailIdentity": name, "PolicyName": policy_name, "Policy": text}))
        if desired["purge_policies"]:
            for policy_name in sorted(set(have) - set(desired["policies"])):
                ops.append(("delete_email_identity_policy", {"EmailIdentity": name, "PolicyName": policy_name}))
    return ops


def _dkim_ops(current, desired, key, now):
    dkim = desired["dkim"]
    if not dkim or desired["kind"] != "DOMAIN":
        return []
    name = desired["identity"]
    have = current["dkim"]
    ops = []
    if dkim["mode"] == "byodkim":
        if have["origin"] != "EXTERNAL" or have["selector"] != dkim["selector"] or have["key_fingerprint"] != dkim["fingerprint"]:
            ops.append(
                (
                    "put_email_identity_dkim_signing_attributes",
                    {
                        "EmailIdentity": name,
                        "SigningAttributesOrigin": "EXTERNAL",
                        "SigningAttributes": {"DomainSigningSelector": dkim["selector"], "DomainSigningPrivateKey": _dkim_keys.ses_private_key(key)},
                    },
                )
            )
    elif dkim["mode"] == "replica":
        # replica <- Easy DKIM or BYODKIM (or another parent region): SES gives it the parent's tokens
        if have["origin"] != dkim["origin"]:
            ops.append(("put_email_identity_dkim_signing_attributes", {"EmailIdentity": name, "SigningAttributesOrigin": dkim["origin"]}))
    else:
        want = dkim.get("key_length")
        if have["origin"] != "AWS_SES":  # from BYODKIM, or a replica that gets its own key (three new tokens)
            attributes = {"NextSigningKeyLength": want} if want else {}
            ops.append(
                ("put_email_identity_dkim_signing_attributes", {"EmailIdentity": name, "SigningAttributesOrigin": "AWS_SES", "SigningAttributes": attributes})
            )
        elif want and want != have["next_key_length"]:
            _check_key_change_interval(name, have.get("last_key_generation"), now)
            ops.append(
                (
                    "put_email_identity_dkim_signing_attributes",
                    {"EmailIdentity": name, "SigningAttributesOrigin": "AWS_SES", "SigningAttributes": {"NextSigningKeyLength": want}},
                )
            )
    if dkim.get("signing_enabled") is not None and dkim["signing_enabled"] != have["signing_enabled"]:
        ops.append(("put_email_identity_dkim_attributes", {"EmailIdentity": name, "SigningEnabled": dkim["signing_enabled"]}))
    return ops


def _check_key_change_interval(name, last, now):
    if not last or now is None:
        return
    if isinstance(last, str):
        try:
            last = datetime.datetime.fromisoformat(last)
        except ValueError:
            return
    utc = datetime.timezone.utc
    last = last.replace(tzinfo=utc) if last.tzinfo is None else last
    now = now.replace(tzinfo=utc) if now.tzinfo is None else now
    if now - last < KEY_CHANGE_INTERVAL:
        allowed = (last + KEY_CHANGE_INTERVAL).strftime("%Y-%m-%d %H:%M UTC")
        raise IdentityError(
            [
                "dkim.key_length: the DKIM key of %s was generated at %s, less than 24 hours ago; SES allows one key "
                "length change per 24 hours, so run again after %s" % (name, last.strftime("%Y-%m-%d %H:%M UTC"), allowed)
            ]
        )


def _tag_ops(current, desired):
    """Tag changes; the ARN is filled in by the module (it needs the account id)."""
    have = dict(current["tags"])
    if current["dkim"]["key_fingerprint"]:
        have[FINGERPRINT_TAG] = current["dkim"]["key_fingerprint"]
    dkim = desired["dkim"]
    managed = {FINGERPRINT_TAG: dkim["fingerprint"]} if dkim and dkim["mode"] == "byodkim" else {}
    unmanage = [FINGERPRINT_TAG] if dkim and dkim["mode"] in ("easy", "replica") else []  # no BYODKIM key any more
    return _tags.tag_ops(have, desired["tags"], desired["purge_tags"], managed, unmanage)


def predict_created(desired):
    """The view of an identity right after CreateEmailIdentity (tokens are not known yet)."""
    dkim = desired["dkim"] or {"mode": "easy"}
    byodkim = dkim["mode"] == "byodkim"
    replica = dkim["mode"] == "replica"
    own_key_length = None if byodkim or replica else (dkim.get("key_length") or "RSA_2048_BIT")
    return {
        "identity": desired["identity"],
        "identity_type": desired["kind"],
        "verified_for_sending": False,
        "verification_status": "PENDING",
        "feedback_forwarding": True,
        "configuration_set": desired["configuration_set"] or None,
        "dkim": {
            "origin": "EXTERNAL" if byodkim else (dkim["origin"] if replica else "AWS_SES"),
            "parent_region": dkim["parent_region"] if replica else None,
            "replication_error": None,
            "status": "PENDING" if desired["kind"] == "DOMAIN" else "NOT_STARTED",
            "signing_enabled": desired["kind"] == "DOMAIN",
            "tokens": [],
            "selector": dkim.get("selector") if byodkim else None,
            "signing_hosted_zone": None,
            "current_key_length": own_key_length,  # a replica's follows its parent's (read after the run)
            "next_key_length": own_key_length,
            "last_key_generation": None,
            "key_fingerprint": dkim.get("fingerprint") if byodkim else None,
        },
        "mail_from_domain": None,
        "mail_from_status": None,
        "behavior_on_mx_failure": "USE_DEFAULT_VALUE",
        "policies": {},
        "tags": dict(desired["tags"] or {}),
        "verification_token": None,
    }


def predict(current, desired, ops):
    """The identity view after ``ops`` run (for check mode and diff)."""
    state = copy.deepcopy(current) if current is not None else None
    for operation, kwargs in ops:
        if operation == "create_email_identity":
            state = predict_created(desired)
        elif operation == "put_email_identity_dkim_signing_attributes":
            origin = kwargs["SigningAttributesOrigin"]
            attributes = kwargs.get("SigningAttributes") or {}
            if origin == "EXTERNAL":
                state["dkim"].update(
                    {
                        "origin": "EXTERNAL",
                        "parent_region": None,
                        "replication_error": None,
                        "status": "PENDING",
                        "tokens": [],
                        "selector": attributes["DomainSigningSelector"],
                        "key_fingerprint": desired["dkim"]["fingerprint"],
                        "current_key_length": None,
                        "next_key_length": None,
                    }
                )
            elif parent_region_of(origin):
                state["dkim"].update(
                    {
                        "origin": origin,
                        "parent_region": parent_region_of(origin),
                        "replication_error": None,
                        "status": "PENDING",
                        "tokens": [],
                        "selector": None,
                        "key_fingerprint": None,
                        "current_key_length": None,
                        "next_key_length": None,
                    }
                )
            else:
                if state["dkim"]["origin"] != "AWS_SES":
                    state["dkim"].update(
                        {
                            "origin": "AWS_SES",
                            "parent_region": None,
                            "replication_error": None,
                            "status": "PENDING",
                            "tokens": [],
                            "selector": None,
                            "key_fingerprint": None,
                        }
                    )
                if attributes.get("NextSigningKeyLength"):
                    state["dkim"]["next_key_length"] = attributes["NextSigningKeyLength"]
        elif operation == "put_email_identity_dkim_attributes":
            state["dkim"]["signing_enabled"] = kwargs["SigningEnabled"]
        elif operation == "put_email_identity_mail_from_attributes":
            domain = kwargs.get("MailFromDomain")
            if domain != state["mail_from_domain"]:
                state["mail_from_status"] = "PENDING" if domain else None
            state["mail_from_domain"] = domain
            state["behavior_on_mx_failure"] = kwargs["BehaviorOnMxFailure"]
        elif operation == "put_email_identity_configuration_set_attributes":
            state["configuration_set"] = kwargs.get("ConfigurationSetName")
        elif operation == "put_email_identity_feedback_attributes":
            state["feedback_forwarding"] = kwargs["EmailForwardingEnabled"]
        elif operation in ("create_email_identity_policy", "update_email_identity_policy"):
            state["policies"][kwargs["PolicyName"]] = kwargs["Policy"]
        elif operation == "delete_email_identity_policy":
            state["policies"].pop(kwargs["PolicyName"], None)
        elif operation == "tag_resource":
            for tag in kwargs["Tags"]:
                if tag["Key"] == FINGERPRINT_TAG:
                    state["dkim"]["key_fingerprint"] = tag["Value"]
                else:
                    state["tags"][tag["Key"]] = tag["Value"]
        elif operation == "untag_resource":
            for tag_key in kwargs["TagKeys"]:
                state["tags"].pop(tag_key, None)
        elif operation == "verify_domain_identity":
            state["verification_token"] = state.get("verification_token") or "pending-verification-token"
    return state


def dns_records(state, region, public_key=None, ttl=300):
    """The record sets an identity needs, from its view (placeholders while tokens are unknown).

    A Deterministic Easy DKIM replica needs no DKIM records: its parent's CNAMEs serve it, so the domain
    publishes them once; MAIL FROM (its MX names the replica's region) and the legacy TXT are its own.
    """
    if state is None:
        return []
    dkim = dict(state["dkim"])
    if public_key and dkim.get("origin") == "EXTERNAL":
        dkim["public_key"] = public_key
    records = _render.identity_records(
        {
            "identity": state["identity"],
            "identity_type": state["identity_type"],
            "dkim": dkim,
            "mail_from_domain": state["mail_from_domain"],
            "verification_token": state.get("verification_token"),
        },
        region,
        ttl,
    )
    for record in records:
        if "pending-" in " ".join([record["name"]] + list(record["values"])):
            record["placeholder"] = True
    return records
