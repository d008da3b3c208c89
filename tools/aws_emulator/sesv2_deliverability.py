"""SES v2 deliverability features: VDM recommendations, dedicated IP pools, Auto Validation.

Registered into ``sesv2.HANDLERS`` on import (new operations) or wrapped around the
existing handlers (configuration sets, account), so ``sesv2.py`` stays as it is.
Rules and choices are documented in docs/sandbox.md.
"""

import re

from . import sesv2
from .errors import already_exists, bad_request, not_found

RESERVED_POOLS = ("ses-default-dedicated-pool", "ses-shared-pool")
COMPLAINT_LIMIT = 0.001  # 0.1 %
BOUNCE_LIMIT = 0.02  # 2 %
FILTER_COMBINATIONS = ({"TYPE"}, {"IMPACT"}, {"STATUS"}, {"RESOURCE_ARN"}, {"STATUS", "IMPACT"}, {"STATUS", "TYPE"})
FILTER_VALUES = {
    "TYPE": ("DKIM", "DMARC", "SPF", "BIMI", "COMPLAINT", "BOUNCE", "FEEDBACK_3P", "IP_LISTING"),
    "IMPACT": ("LOW", "HIGH"),
    "STATUS": ("OPEN", "FIXED"),
}


class Deliverability:
    """Per account+region state of this module."""

    def __init__(self):
        self.pools = {}  # name -> {"ScalingMode", "Tags"}
        self.recommendations = {}  # (resource arn, type) -> recommendation dict
        self.domain_counters = {}  # from-domain -> {"sends", "bounces", "complaints"} (live traffic only)
        self.validation = None  # account SuppressionAttributes.ValidationAttributes


def extra(state):
    found = getattr(state, "deliverability", None)
    if found is None:
        found = state.deliverability = Deliverability()
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
# dedicated IP pools
# ---------------------------------------------------------------------------


@sesv2.handler("CreateDedicatedIpPool")
def create_pool(state, params, ctx):
    name = params["PoolName"]
    pools = extra(state).pools
    if name in pools or name in RESERVED_POOLS:
        raise already_exists(f"The pool {name} already exists.")
    pools[name] = {"ScalingMode": params.get("ScalingMode") or "STANDARD", "Tags": sesv2._tags(params.get("Tags"))}
    return {}


def _pool(state, name):
    if name in RESERVED_POOLS:
        raise bad_request("Pool name describes either a shared or default dedicated ip pool")
    found = extra(state).pools.get(name)
    if found is None:
        raise not_found(f"The requested pool {name} does not exist.")
    return found


@sesv2.handler("GetDedicatedIpPool")
def get_pool(state, params, ctx):
    found = _pool(state, params["PoolName"])
    return {"DedicatedIpPool": {"PoolName": params["PoolName"], "ScalingMode": found["ScalingMode"]}}


@sesv2.handler("PutDedicatedIpPoolScalingAttributes")
def put_pool_scaling(state, params, ctx):
    found = _pool(state, params["PoolName"])
    if found["ScalingMode"] == "MANAGED" and params["ScalingMode"] == "STANDARD":
        raise bad_request("Changing the scaling mode from MANAGED to STANDARD is not supported.")
    found["ScalingMode"] = params["ScalingMode"]
    return {}


@sesv2.handler("ListDedicatedIpPools")
def list_pools(state, params, ctx):
    if params.get("PageSize") is not None and params["PageSize"] < 1:
        raise bad_request("PageSize must be at least 1.")
    chunk, token = _page(sorted(extra(state).pools), params)
    result = {"DedicatedIpPools": chunk}
    if token:
        result["NextToken"] = token
    return result


@sesv2.handler("DeleteDedicatedIpPool")
def delete_pool(state, params, ctx):
    name = params["PoolName"]
    _pool(state, name)
    users = sorted(c.name for c in state.configuration_sets.values() if (c.delivery or {}).get("SendingPoolName") == name)
    if users:
        raise bad_request(f"The pool {name} is used by the configuration sets {', '.join(users)}; change their delivery options first.")
    del extra(state).pools[name]
    return {}


def _pool_by_arn(state, arn):
    prefix = f"arn:aws:ses:{state.region}:{state.account}:dedicated-ip-pool/"
    if not arn.startswith(prefix):
        return None
    found = extra(state).pools.get(arn[len(prefix) :])
    if found is None:
        raise not_found(f"Resource {arn} does not exist.")
    return found


@_wrap("TagResource")
def tag_resource(original, state, params, ctx):
    found = _pool_by_arn(state, params["ResourceArn"])
    if found is None:
        return original(state, params, ctx)
    tags = {t["Key"]: t.get("Value", "") for t in found["Tags"]}
    tags.update({t["Key"]: t.get("Value", "") for t in params["Tags"]})
    if len(tags) > 50:
        raise bad_request("A resource can have at most 50 tags.")
    found["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    return {}


@_wrap("UntagResource")
def untag_resource(original, state, params, ctx):
    found = _pool_by_arn(state, params["ResourceArn"])
    if found is None:
        return original(state, params, ctx)
    found["Tags"] = [t for t in found["Tags"] if t["Key"] not in set(params["TagKeys"])]
    return {}


@_wrap("ListTagsForResource")
def list_tags(original, state, params, ctx):
    found = _pool_by_arn(state, params["ResourceArn"])
    if found is None:
        return original(state, params, ctx)
    return {"Tags": found["Tags"]}


def _check_sending_pool(state, name):
    if name and name not in RESERVED_POOLS and name not in extra(state).pools:
        raise not_found(f"SendingPool <{name}> doesn't exist.")


@_wrap("CreateConfigurationSet")
def create_configuration_set(original, state, params, ctx):
    if params["ConfigurationSetName"] not in state.configuration_sets:
        _check_sending_pool(state, (params.get("DeliveryOptions") or {}).get("SendingPoolName"))
    return original(state, params, ctx)


@_wrap("PutConfigurationSetDeliveryOptions")
def put_delivery_options(original, state, params, ctx):
    sesv2._configuration_set(state, params["ConfigurationSetName"])
    _check_sending_pool(state, params.get("SendingPoolName"))
    return original(state, params, ctx)


def _page(items, params, default=100):
    size = params.get("PageSize") or default
    try:
        start = int(params.get("NextToken") or 0)
    except ValueError:
        raise bad_request("Invalid NextToken.") from None
    if start < 0 or start > len(items):
        raise bad_request("Invalid NextToken.")
    chunk = items[start : start + size]
    token = str(start + size) if start + size < len(items) else None
    return chunk, token


# ---------------------------------------------------------------------------
# Auto Validation
# ---------------------------------------------------------------------------


@_wrap("PutAccountSuppressionAttributes")
def put_account_suppression(original, state, params, ctx):
    result = original(state, params, ctx)
    extra(state).validation = params.get("ValidationAttributes")
    return result


@_wrap("GetAccount")
def get_account(original, state, params, ctx):
    result = original(state, params, ctx)
    validation = extra(state).validation
    if validation:
        result["SuppressionAttributes"]["ValidationAttributes"] = validation
    return result


# ---------------------------------------------------------------------------
# reputation per sending domain (for the COMPLAINT and BOUNCE recommendations)
# ---------------------------------------------------------------------------

_ORIGINAL_PUBLISH = sesv2.publish_events


def publish_events(state, config, events, tags, message_id, sender, recipients):
    _ORIGINAL_PUBLISH(state, config, events, tags, message_id, sender, recipients)
    live = [r for r in recipients if r.lower() not in sesv2.SIMULATOR_EVENTS]
    if not live:
        return  # mailbox-simulator mail does not count towards reputation
    domain = tags.get("ses:from-domain") or sender.rpartition("@")[2].lower()
    counters = extra(state).domain_counters.setdefault(domain, {"sends": 0, "bounces": 0, "complaints": 0})
    counters["sends"] += len(live)
    counters["bounces"] += events.count("BOUNCE")
    counters["complaints"] += events.count("COMPLAINT")


sesv2.publish_events = publish_events


# ---------------------------------------------------------------------------
# VDM recommendations
# ---------------------------------------------------------------------------


def _tags_of(text):
    return {k.strip().lower(): v.strip() for k, _sep, v in (part.partition("=") for part in text.split(";")) if k.strip()}


def dmarc_policy(domain):
    """(the DMARC policy that applies to ``domain``, the record's domain) or (None, None).

    The record at ``_dmarc.<domain>``; without one, the parent domains' records (their ``sp=``,
    else ``p=``), up to the two-label domain (the sandbox has no public-suffix list).
    """
    view = sesv2.Settings.dns_view
    labels = domain.split(".")
    for start in range(max(1, len(labels) - 1)):
        name = ".".join(labels[start:])
        for value in view.values(f"_dmarc.{name}", "TXT"):
            if not re.match(r"^\s*v\s*=\s*DMARC1\s*(;|$)", value):
                continue
            tags = _tags_of(value)
            policy = tags.get("sp") if start and tags.get("sp") else tags.get("p")
            return (policy or "").lower(), name
    return None, None


def _has_bimi(domain):
    return any(re.match(r"^\s*v\s*=\s*BIMI1\s*(;|$)", value) for value in sesv2.Settings.dns_view.values(f"default._bimi.{domain}", "TXT"))


def _rates(state, domain):
    sends = bounces = complaints = 0
    for from_domain, counters in extra(state).domain_counters.items():
        if from_domain == domain or from_domain.endswith("." + domain):
            owner = _owning_identity(state, from_domain)
            if owner == domain:
                sends += counters["sends"]
                bounces += counters["bounces"]
                complaints += counters["complaints"]
    if not sends:
        return 0.0, 0.0
    return bounces / sends, complaints / sends


def _owning_identity(state, domain):
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        name = ".".join(labels[start:])
        identity = state.identities.get(name)
        if identity is not None and identity.kind == "DOMAIN":
            return name
    return None


def findings(state, identity):
    """{type: (impact, description)} of the recommendations that apply to a domain identity now."""
    identity.refresh()
    found = {}
    domain = identity.name
    if identity.dkim.status != "SUCCESS":
        found["DKIM"] = (
            "HIGH",
            f"DKIM is not set up for {domain}: its DKIM status is {identity.dkim.status}. Publish the DKIM records so that SES can sign with your domain.",
        )
    policy, record_domain = dmarc_policy(domain)
    if policy is None:
        found["DMARC"] = ("HIGH", f"No DMARC record was found for {domain}. Publish a TXT record at _dmarc.{domain} (v=DMARC1; p=none to start).")
    elif policy not in ("quarantine", "reject"):
        found["DMARC"] = (
            "LOW",
            f"The DMARC policy for {domain} (at _dmarc.{record_domain}) is p={policy or 'none'}; move to p=quarantine or p=reject once your mail passes DMARC.",
        )
    elif not _has_bimi(domain):
        found["BIMI"] = ("LOW", f"DMARC is at enforcement for {domain} but no BIMI record was found at default._bimi.{domain}.")
    if not identity.mail_from_domain or identity.mail_from.status != "SUCCESS":
        state_text = "not set" if not identity.mail_from_domain else f"{identity.mail_from.status}"
        found["SPF"] = (
            "LOW",
            f"The custom MAIL FROM domain of {domain} is {state_text}; with a verified custom MAIL FROM domain SPF aligns with your From domain.",
        )
    bounce_rate, complaint_rate = _rates(state, domain)
    if complaint_rate > COMPLAINT_LIMIT:
        found["COMPLAINT"] = ("HIGH", f"The complaint rate of mail from {domain} is {complaint_rate:.2%}, above {COMPLAINT_LIMIT:.1%}.")
    if bounce_rate > BOUNCE_LIMIT:
        found["BOUNCE"] = ("HIGH", f"The bounce rate of mail from {domain} is {bounce_rate:.2%}, above {BOUNCE_LIMIT:.0%}.")
    return found


def refresh_recommendations(state):
    records = extra(state).recommendations
    moment = sesv2.now()
    current = {}
    for identity in list(state.identities.values()):
        if identity.kind != "DOMAIN":
            continue
        arn = identity.arn(state.account, state.region)
        for kind, (impact, description) in findings(state, identity).items():
            current[(arn, kind)] = (impact, description)
    for key, (impact, description) in current.items():
        existing = records.get(key)
        if existing is None:
            records[key] = {
                "ResourceArn": key[0],
                "Type": key[1],
                "Description": description,
                "Status": "OPEN",
                "CreatedTimestamp": moment,
                "LastUpdatedTimestamp": moment,
                "Impact": impact,
            }
        elif (existing["Status"], existing["Impact"], existing["Description"]) != ("OPEN", impact, description):
            existing.update(Status="OPEN", Impact=impact, Description=description, LastUpdatedTimestamp=moment)
    for key, existing in records.items():
        if key not in current and existing["Status"] == "OPEN":
            existing.update(Status="FIXED", LastUpdatedTimestamp=moment)


def _check_filter(raw):
    if raw is None:
        return {}
    if set(raw) not in FILTER_COMBINATIONS:
        raise bad_request("Filter must be one key, or STATUS with IMPACT, or STATUS with TYPE.")
    for key, value in raw.items():
        allowed = FILTER_VALUES.get(key)
        if allowed and value not in allowed:
            raise bad_request(f"Invalid {key} filter value <{value}>: it must be one of {', '.join(allowed)}.")
    return raw


@sesv2.handler("ListRecommendations")
def list_recommendations(state, params, ctx):
    wanted = _check_filter(params.get("Filter"))
    size = params.get("PageSize")
    if size is not None and not 1 <= size <= 100:
        raise bad_request("PageSize must be between 1 and 100.")
    if state.account_settings.vdm.get("VdmEnabled") != "ENABLED":
        return {"Recommendations": []}
    refresh_recommendations(state)
    fields = {"TYPE": "Type", "IMPACT": "Impact", "STATUS": "Status", "RESOURCE_ARN": "ResourceArn"}
    items = [dict(r) for _key, r in sorted(extra(state).recommendations.items()) if all(r[fields[k]] == v for k, v in wanted.items())]
    chunk, token = _page(items, params)
    result = {"Recommendations": chunk}
    if token:
        result["NextToken"] = token
    return result
