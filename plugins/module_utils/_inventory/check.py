# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Validate a whole mailops.ses inventory before any write, and say which records it will publish where.

Pure: the input is what the inventory holds (tenants by host, domain policy,
DNS zones); every problem names the host or group variable at fault and how to
fix it, and all problems are reported together.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc
from ansible_collections.mailops.ses.plugins.module_utils._dns import merge as _merge
from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _render
from ansible_collections.mailops.ses.plugins.module_utils._dns import spf as _spf
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ProviderError
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordError, absolute, record_set_from_input
from ansible_collections.mailops.ses.plugins.module_utils._dns.zones import server_and_port, zone_for
from ansible_collections.mailops.ses.plugins.module_utils._inventory import contract as _contract
from ansible_collections.mailops.ses.plugins.module_utils._ses import auto_validation as _auto_validation
from ansible_collections.mailops.ses.plugins.module_utils._ses import configuration_set as _configuration_set
from ansible_collections.mailops.ses.plugins.module_utils._ses import dedicated_ip_pool as _dedicated_ip_pool
from ansible_collections.mailops.ses.plugins.module_utils._ses import dkim_keys as _dkim_keys
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity
from ansible_collections.mailops.ses.plugins.module_utils._ses import multi_region_endpoint as _multi_region_endpoint
from ansible_collections.mailops.ses.plugins.module_utils._ses import tenant as _ses_tenant

REGION_RE = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$")
ROLE_ARN_RE = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/[\w+=,.@/-]+$")
PROVIDERS = ("route53", "rfc2136", "zonefile", "octodns")
TENANT_KEYS = (
    "region",
    "aws_profile",
    "aws_role_arn",
    "aws_external_id",
    "aws_session_name",
    "identities",
    "configuration_sets",
    "dedicated_ip_pools",
    "contact_list",
    "account",
    "multi_region_endpoints",
    "ses_tenant",
    "state",
)
ZONE_KEYS = {
    "route53": ("provider", "hosted_zone_id", "private_zone", "aws_role_arn", "aws_profile", "aws_external_id", "check_server", "wait"),
    "rfc2136": ("provider", "server", "port", "key_name", "key_secret", "key_algorithm", "check_server"),
    "zonefile": ("provider", "path", "bump_serial", "check_server"),
    "octodns": ("provider", "octodns", "check_server"),
}
DOMAIN_KEYS = ("dmarc", "spf", "records", "bimi")


def _suggestions(unknown, known):
    found = ["%s for %s" % (_contract.closest(name, known), name) for name in unknown if _contract.closest(name, known)]
    return "; did you mean %s?" % ", ".join(found) if found else ""


def _var(host, name):
    return "%s: mailops_%s" % (host, name)


def instance_key(tenant):
    """What makes two tenants the same SES instance: account (from the role ARN, else the profile) and region."""
    match = ROLE_ARN_RE.match(tenant.get("aws_role_arn") or "")
    account = ("account", match.group(1)) if match else ("profile", tenant.get("aws_profile") or "(default credentials)")
    return account, tenant.get("region")


def _checked_dkim(dkim):
    """The dkim settings with a BYODKIM private key replaced by the verdict of checking it (never the key itself)."""
    if not isinstance(dkim, dict) or dkim.get("mode") != "byodkim":
        return dkim
    dkim = dict(dkim)
    text = dkim.pop("private_key", None)
    path = dkim.get("private_key_path")
    problem = None
    if path and "PRIVATE KEY" in str(path):
        dkim["private_key_path"] = "(a private key)"
        problem = "dkim.private_key_path holds a private key, not a path; put the key in dkim.private_key (vaulted) or in a file"
    elif not text and path:
        if os.path.exists(path):
            with open(path) as handle:
                text = handle.read()
        elif not dkim.get("generate_key"):
            problem = "dkim.private_key_path %s does not exist; create it or set generate_key: true" % path
    if text:
        try:
            _dkim_keys.load_private_key(text, where="dkim.private_key")
        except _dkim_keys.DkimKeyError as exc:
            problem = str(exc)
    elif not path and problem is None:
        problem = "dkim.private_key is required for mode: byodkim (or private_key_path)"
    dkim["private_key_problem"] = problem
    return dkim


def _identity_params(item, region):
    mail_from = item.get("mail_from")
    if isinstance(mail_from, str):
        mail_from = {"domain": mail_from}
    return {
        "identity": item.get("identity"),
        "dkim": _checked_dkim(item.get("dkim")),
        "mail_from": mail_from,
        "configuration_set": item.get("configuration_set"),
        "tags": item.get("tags"),
        "feedback_forwarding": item.get("feedback_forwarding"),
        "policies": item.get("policies"),
    }


def check_tenant(host, tenant, problems):
    """Problems of one tenant; returns its present domain identities as (domain, mail_from, region, item)."""
    unknown = sorted(set(tenant) - set(TENANT_KEYS))
    if unknown:
        problems.append("%s: unknown tenant settings %s" % (host, ", ".join("mailops_ses_%s" % k for k in unknown)))
    region = tenant.get("region")
    if not region:
        problems.append("%s: mailops_ses_region is required (the SES region of this business unit, e.g. eu-west-1)" % host)
    elif not REGION_RE.match(str(region)):
        problems.append("%s: mailops_ses_region '%s' is not an AWS region name such as us-east-1" % (host, region))
    if tenant.get("aws_profile") and tenant.get("aws_role_arn"):
        problems.append("%s: set either mailops_aws_profile or mailops_aws_role_arn, not both" % host)
    if tenant.get("aws_role_arn") and not ROLE_ARN_RE.match(tenant["aws_role_arn"]):
        problems.append("%s: mailops_aws_role_arn '%s' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)" % (host, tenant["aws_role_arn"]))
    if tenant.get("state", "present") not in ("present", "absent"):
        problems.append("%s: mailops_tenant_state '%s' is not one of present, absent" % (host, tenant.get("state")))
    tenant_present = tenant.get("state", "present") == "present"
    pools = check_pools(host, tenant.get("dedicated_ip_pools"), problems)

    config_sets = tenant.get("configuration_sets") or []
    known_sets = set()
    if not isinstance(config_sets, list):
        problems.append("%s: must be a list" % _var(host, "ses_configuration_sets"))
        config_sets = []
    for index, item in enumerate(config_sets):
        where = "%s[%d]" % (_var(host, "ses_configuration_sets"), index)
        if not isinstance(item, dict):
            problems.append("%s: must be a dict in the configuration_set module's terms" % where)
            continue
        try:
            _configuration_set.desired_from_params(dict(item, tags=item.get("tags")))
        except _configuration_set.ConfigurationSetError as exc:
            problems.extend("%s: %s" % (where, p) for p in exc.problems)
        if item.get("name") in known_sets:
            problems.append("%s: configuration set '%s' is listed twice" % (where, item.get("name")))
        known_sets.add(item.get("name"))
        if tenant_present and item.get("state", "present") == "present":
            problems.extend(_set_uses(where, item, pools))

    domains = []
    identities = tenant.get("identities") or []
    if not isinstance(identities, list):
        problems.append("%s: must be a list" % _var(host, "ses_identities"))
        identities = []
    seen = set()
    for index, item in enumerate(identities):
        where = "%s[%d]" % (_var(host, "ses_identities"), index)
        if not isinstance(item, dict):
            problems.append("%s: must be a dict with at least 'identity'" % where)
            continue
        if item.get("mail_from") is not None and not isinstance(item["mail_from"], (str, dict)):
            problems.append("%s.mail_from must be a domain name such as mail.<identity>, or a dict with domain" % where)
            continue
        if item.get("dkim") is not None and not isinstance(item["dkim"], dict):
            problems.append("%s.dkim must be a dict such as {mode: byodkim, selector: ..., private_key: ...}" % where)
            continue
        if item.get("state", "present") not in ("present", "absent"):
            problems.append("%s.state '%s' is not one of present, absent" % (where, item.get("state")))
        try:
            desired, _key = _identity.desired_from_params(_identity_params(item, region), region if REGION_RE.match(str(region or "")) else None)
        except _identity.IdentityError as exc:
            problems.extend("%s.%s" % (where, p) if not p.startswith("identity ") else "%s: %s" % (where, p) for p in exc.problems)
            continue
        if desired["identity"] in seen:
            problems.append("%s: identity '%s' is listed twice for this tenant" % (where, desired["identity"]))
        seen.add(desired["identity"])
        configuration_set = item.get("configuration_set")
        if configuration_set and configuration_set not in known_sets:
            problems.append("%s.configuration_set '%s' is not defined in %s; add it there" % (where, configuration_set, _var(host, "ses_configuration_sets")))
        if tenant_present and item.get("state", "present") == "present" and desired["kind"] == "DOMAIN":
            mail_from = (desired["mail_from"] or {}).get("domain") or None
            domains.append((desired["domain"], mail_from, region, item))

    contact_list = tenant.get("contact_list")
    if contact_list and (
        not isinstance(contact_list, dict)
        or not isinstance(contact_list.get("topics") or [], list)
        or not all(isinstance(t, dict) for t in contact_list.get("topics") or [])
    ):
        problems.append("%s must be a dict {name, description, topics} with topics a list of dicts {name, display_name}" % _var(host, "ses_contact_list"))
    elif contact_list:
        topics = contact_list.get("topics") or []
        names = [t.get("name") for t in topics]
        if not contact_list.get("name"):
            problems.append("%s.name is required" % _var(host, "ses_contact_list"))
        if len(set(names)) > 20:
            problems.append("%s.topics: %d topics; SES allows at most 20" % (_var(host, "ses_contact_list"), len(set(names))))
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.append("%s.topics: the name '%s' is used twice" % (_var(host, "ses_contact_list"), name))
    account = tenant.get("account") or {}
    reasons = account.get("suppression_reasons") if isinstance(account, dict) else None
    if not isinstance(account, dict) or not isinstance(reasons or [], list):
        problems.append("%s must be a dict with suppression_reasons a list such as [BOUNCE, COMPLAINT]" % _var(host, "ses_account"))
        reasons = []
    for reason in reasons or []:
        if str(reason).upper() not in ("BOUNCE", "COMPLAINT"):
            problems.append("%s.suppression_reasons: '%s' is not one of BOUNCE, COMPLAINT" % (_var(host, "ses_account"), reason))
    if isinstance(account, dict):
        problems.extend(_auto_validation.problems(account.get("validation"), _var(host, "ses_account") + ".validation"))
    check_endpoints(host, tenant.get("multi_region_endpoints"), region, problems)
    check_ses_tenant(host, tenant.get("ses_tenant"), problems)
    return domains


def check_pools(host, pools, problems):
    """Problems of the tenant's dedicated IP pools; returns ``{name: state}`` of the valid ones."""
    variable = _var(host, "ses_dedicated_ip_pools")
    if pools is None:
        return {}
    if not isinstance(pools, list):
        problems.append("%s: must be a list of {name, scaling_mode, tags}" % variable)
        return {}
    found = {}
    for index, item in enumerate(pools):
        where = "%s[%d]" % (variable, index)
        if not isinstance(item, dict):
            problems.append("%s: must be a dict {name, scaling_mode, tags} in the dedicated_ip_pool module's terms" % where)
            continue
        try:
            desired = _dedicated_ip_pool.desired_from_params(item, where)
        except _dedicated_ip_pool.DedicatedIpPoolError as exc:
            problems.extend(exc.problems)
            if isinstance(item.get("name"), str):  # reported here; a set that names it needs no second problem
                found.setdefault(item["name"], "present")
            continue
        if desired["name"] in found:
            problems.append("%s: dedicated IP pool '%s' is listed twice" % (where, desired["name"]))
        found[desired["name"]] = desired["state"]
    return found


def _set_uses(where, item, pools):
    """Problems of what a configuration set that stays relies on: its sending pool, its suppression options."""
    problems = []
    name = item.get("name")
    delivery = item.get("delivery") if isinstance(item.get("delivery"), dict) else {}
    pool = delivery.get("sending_pool") if isinstance(delivery.get("sending_pool"), str) else None
    if pool and pool in pools and pools[pool] != "present":
        problems.append(
            "%s: configuration set '%s' sends through delivery.sending_pool '%s', which mailops_ses_dedicated_ip_pools "
            "removes (state: absent); point the set at another pool, or keep this one" % (where, name, pool)
        )
    elif pool and pool not in pools and pool not in _dedicated_ip_pool.SES_POOLS:
        problems.append(
            "%s: configuration set '%s' sends through delivery.sending_pool '%s', which is neither one of this host's "
            "mailops_ses_dedicated_ip_pools (%s) nor SES's own %s; add the pool to mailops_ses_dedicated_ip_pools"
            % (where, name, pool, ", ".join(sorted(pools)) or "none", " or ".join(_dedicated_ip_pool.SES_POOLS))
        )
    if item.get("validation") is not None and item.get("suppression_reasons") is None:
        problems.append(
            "%s: configuration set '%s' sets validation without suppression_reasons; SES keeps a set's Auto Validation in "
            "its own suppression options, which replace the account's reasons for the set, so give both (for example "
            "suppression_reasons: [BOUNCE, COMPLAINT] to suppress as the account does by default, or [] for no suppression)" % (where, name)
        )
    return problems


def check_endpoints(host, endpoints, region, problems):
    """One host's mailops_ses_multi_region_endpoints in the multi_region_endpoint module's terms."""
    variable = _var(host, "ses_multi_region_endpoints")
    if endpoints is None:
        return
    if not isinstance(endpoints, list) or not all(isinstance(item, dict) for item in endpoints):
        problems.append("%s must be a list of dicts {name, secondary_region, tags}" % variable)
        return
    names = set()
    for index, item in enumerate(endpoints):
        where = "%s[%d]" % (variable, index)
        if item.get("state", "present") not in ("present", "absent"):
            problems.append("%s.state '%s' is not one of present, absent" % (where, item.get("state")))
        try:
            _multi_region_endpoint.desired_from_params(dict(item, state=item.get("state") or "present"), region)
        except _multi_region_endpoint.EndpointError as exc:
            problems.extend("%s.%s" % (where, p) for p in exc.problems)
        if item.get("name") in names:
            problems.append("%s: multi-region endpoint '%s' is listed twice" % (where, item.get("name")))
        names.add(item.get("name"))


def check_ses_tenant(host, item, problems):
    """One host's mailops_ses_tenant in the tenant module's terms (its resources are the host's own)."""
    variable = _var(host, "ses_tenant")
    if item is None:
        return
    if not isinstance(item, dict) or not isinstance(item.get("suppression_reasons") or [], list):
        problems.append("%s must be a dict {name, reputation_policy, suppression_reasons, tags} with suppression_reasons a list" % variable)
        return
    if not item.get("name"):
        problems.append("%s.name is required (the SES tenant's name, 1-64 letters, digits, '_' or '-')" % variable)
        return
    if item.get("state", "present") not in ("present", "absent"):
        problems.append("%s.state '%s' is not one of present, absent" % (variable, item.get("state")))
    if item.get("reputation_policy") is not None and item["reputation_policy"] not in _ses_tenant.POLICIES:
        problems.append("%s.reputation_policy '%s' is not one of %s" % (variable, item["reputation_policy"], ", ".join(_ses_tenant.POLICIES)))
    try:
        _ses_tenant.desired_from_params({"name": item.get("name"), "suppression_reasons": item.get("suppression_reasons"), "tags": item.get("tags")})
    except _ses_tenant.TenantError as exc:
        problems.extend("%s.%s" % (variable, p) for p in exc.problems)


def check_zones(zones, problems):
    for zone, settings in sorted((zones or {}).items()):
        where = "mailops_dns_zones['%s']" % zone
        try:
            absolute(zone, where=where)
        except RecordError as exc:
            problems.extend(exc.problems)
        if not isinstance(settings, dict):
            problems.append("%s must be a dict with a provider" % where)
            continue
        provider = settings.get("provider")
        if provider not in PROVIDERS:
            problems.append("%s.provider '%s' is not one of %s" % (where, provider, ", ".join(PROVIDERS)))
            continue
        unknown = sorted(set(settings) - set(ZONE_KEYS[provider]))
        if unknown:
            problems.append(
                "%s: unknown settings %s for provider %s (allowed: %s)%s"
                % (where, ", ".join(unknown), provider, ", ".join(ZONE_KEYS[provider]), _suggestions(unknown, ZONE_KEYS[provider]))
            )
        if provider == "rfc2136":
            if not settings.get("server"):
                problems.append("%s.server is required for provider rfc2136" % where)
            if not settings.get("key_name") or not settings.get("key_secret"):
                problems.append("%s: key_name and key_secret (a TSIG key) are required for provider rfc2136; generate one with tsig-keygen" % where)
        if settings.get("check_server") is not None:
            try:
                server_and_port(settings["check_server"])
            except ValueError:
                problems.append(
                    "%s.check_server '%s' is not a DNS server as host or host:port (an IPv6 address with a port as [address]:port)"
                    % (where, settings["check_server"])
                )
        if provider == "zonefile" and not settings.get("path"):
            problems.append("%s.path is required for provider zonefile" % where)
        if provider == "octodns":
            problems.extend(octodns_problems(zone, settings.get("octodns"), where))
        if settings.get("aws_role_arn") and not ROLE_ARN_RE.match(settings["aws_role_arn"]):
            problems.append("%s.aws_role_arn '%s' is not an IAM role ARN" % (where, settings["aws_role_arn"]))


def octodns_problems(zone, options, where):
    """Problems of an octodns zone's options: a dict whose ``class`` is an installed octoDNS provider class.

    The class is imported here, on the controller that runs the modules, so that a missing package fails the
    whole run before any zone is written, not only its own zone. The other keys are the class's own options
    (and secret): only the class checks them.
    """
    example = "for example {class: octodns_powerdns.PowerDnsProvider, host: 127.0.0.1, port: 8081, api_key: ...}"
    if not isinstance(options, dict):
        return ["%s.octodns is required for provider octodns: a dict with class (an octoDNS provider class) and its options, %s" % (where, example)]
    class_path = options.get("class")
    if not isinstance(class_path, str) or "." not in class_path.strip(".") or " " in class_path:
        return ["%s.octodns.class must be the dotted path of an octoDNS provider class, %s" % (where, example)]
    # imported here, not with this module: octoDNS's import costs every run 0.04 s, and most inventories have no such zone
    from ansible_collections.mailops.ses.plugins.module_utils._dns.providers import octodns as _octodns

    try:
        _octodns.load_class(class_path, zone)
    except ProviderError as exc:
        return ["%s: %s" % (where, exc)]
    return []


def check_domain_records(domain, policy, records, zone_names, problems):
    """Problems of a domain's extra records, then of all its records together as the zones role merges them."""
    where = "mailops_domains['%s']" % domain
    extras = records[len(records) - len(policy.get("records") or []) :]
    found = []
    for index, item in enumerate(extras):
        label = "%s.records[%d]" % (where, index)
        try:
            record_set = record_set_from_input(item, where=label)
        except RecordError as exc:
            found.extend(exc.problems)
            continue
        for value in record_set.values if record_set.type == "TXT" else ():
            if _spf.is_spf(value):
                found.extend(_spf.validate(value, where=label))
            elif value.lower().startswith("v=dmarc1") and not _dmarc.is_report_authorization_name(record_set.name):
                found.extend(_dmarc.validate(value, where=label))
    if not found:
        try:
            _merge.merge([{"source": where, "records": records}], zones=zone_names)
        except _merge.MergeError as exc:
            found.extend(p if where in p else "%s: %s" % (where, p) for p in exc.problems)
    problems.extend(found)


def valid_zone_names(zones):
    """The zone names that are names (check_zones reports the others), so one bad name spoils nothing else."""
    valid = []
    for zone in sorted(zones or {}):
        try:
            absolute(zone)
        except RecordError:
            continue
        valid.append(zone)
    return valid


def check_inventory(tenants, domains_policy, zones):
    """(problems, summary) for the whole inventory; ``summary`` lists tenants, domains and zones in use."""
    problems = []
    instances = {}
    mail_from_regions = {}
    used_domains = set()
    byodkim = {}
    for host in sorted(tenants):
        tenant = tenants[host] or {}
        key = instance_key(tenant)
        if key[1] and tenant.get("state", "present") == "present":
            instances.setdefault(key, []).append(host)
        for domain, mail_from, region, item in check_tenant(host, tenant, problems):
            used_domains.add(domain)
            if mail_from:
                mail_from_regions.setdefault(mail_from, {}).setdefault(region, []).append(host)
            dkim = item.get("dkim") or {}
            if dkim.get("mode") == "byodkim" and dkim.get("selector"):
                byodkim.setdefault((domain, dkim["selector"]), []).append(host)
    for (account, region), hosts in sorted(instances.items()):
        if len(hosts) > 1:
            problems.append(
                "%s describe the same SES instance (%s %s, region %s); one host per account and region, "
                "merge their settings into one host" % (", ".join(hosts), account[0], account[1], region)
            )
    for mail_from, regions in sorted(mail_from_regions.items()):
        if len(regions) > 1:
            label, _dot, parent = mail_from.partition(".")
            problems.append(
                "MAIL FROM %s is claimed by %d regions (%s); an MX sends bounces to one region, so give each region its "
                "own MAIL FROM subdomain, e.g. %s"
                % (
                    mail_from,
                    len(regions),
                    "; ".join("%s from %s" % (r, ", ".join(h)) for r, h in sorted(regions.items())),
                    ", ".join("%s-%s.%s" % (label, r, parent) for r in sorted(regions)),
                )
            )
    for (domain, selector), hosts in sorted(byodkim.items()):
        if len(hosts) > 1:
            problems.append("BYODKIM selector %s of %s is used by %s; each SES instance needs its own selector" % (selector, domain, ", ".join(hosts)))
    check_regions(tenants, problems)
    for domain, policy in sorted((domains_policy or {}).items()):
        extras = (policy or {}).get("records") if isinstance(policy, dict) else None
        if (
            (policy is not None and not isinstance(policy, dict))
            or not isinstance(extras or [], list)
            or not all(isinstance(item, dict) for item in extras or [])
        ):
            problems.append("mailops_domains['%s'] must be a dict {dmarc, spf, records} with records a list of {name, type, ttl, values}" % domain)
            continue
        unknown = sorted(set(policy or {}) - set(DOMAIN_KEYS))
        if unknown:
            problems.append(
                "mailops_domains['%s']: unknown keys %s (allowed: %s)%s"
                % (domain, ", ".join(unknown), ", ".join(DOMAIN_KEYS), _suggestions(unknown, DOMAIN_KEYS))
            )
        try:
            records = _render.domain_records(domain, policy or {}, domains=domains_policy, zones=valid_zone_names(zones))
        except (_render.RenderError, RecordError) as exc:
            problems.extend(exc.problems)
        else:
            check_domain_records(domain, policy or {}, records, valid_zone_names(zones), problems)
    check_zones(zones, problems)
    names = []
    for domain in sorted(used_domains | set(domains_policy or {})):
        names.append(("_domainkey.%s" % domain, "DKIM records of %s" % domain))
        names.append(("_dmarc.%s" % domain, "DMARC of %s" % domain))
    for mail_from in sorted(mail_from_regions):
        names.append((mail_from, "MAIL FROM %s" % mail_from))
    zone_names = valid_zone_names(zones)
    routed = {}
    for name, label in names:
        try:
            zone = zone_for(absolute(name), zone_names)
        except RecordError:
            continue
        if zone is None:
            problems.append(
                "%s (%s) has no zone in mailops_dns_zones (known zones: %s); add the zone that holds it"
                % (absolute(name), label, ", ".join(zone_names) or "none")
            )
        else:
            routed.setdefault(zone, []).append(absolute(name))
    summary = {"tenants": sorted(tenants), "domains": sorted(used_domains), "zones": {z: sorted(set(n)) for z, n in routed.items()}}
    return problems, summary


def _account_label(account):
    """How the check tells accounts apart: the account id of mailops_aws_role_arn, else mailops_aws_profile."""
    kind, value = account
    if kind == "account":
        return "account %s" % value
    return "the default credentials" if value == "(default credentials)" else "profile %s" % value


def _identity_items(tenant):
    """``(index, item)`` of a tenant's identity dicts."""
    items = tenant.get("identities")
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []


def _domain_item(tenant, domain):
    """The tenant's identity item for ``domain`` (None when it has none)."""
    for _index, item in _identity_items(tenant):
        try:
            if _identity.canonical_name(item.get("identity")) == ("DOMAIN", domain):
                return item
        except _identity.IdentityError:
            continue
    return None


def _region_host(tenants, account, region):
    """The host of ``account`` in ``region`` (one at most: two are refused as the same SES instance)."""
    for host in sorted(tenants):
        tenant = tenants[host] or {}
        if tenant.get("region") == region and instance_key(tenant)[0] == account:
            return host
    return None


def _replica_parent_problem(tenants, parent_host, domain, region):
    """Why ``parent_host`` cannot be the DEED parent of ``domain`` in ``region``, or None."""
    parent = tenants[parent_host] or {}
    where = "%s (the host of that account in %s)" % (parent_host, region)
    item = _domain_item(parent, domain)
    if parent.get("state", "present") != "present":
        return (
            "%s is offboarded (mailops_tenant_state: absent); remove the replica first, or make it an Easy DKIM identity of its own (dkim.mode: easy)" % where
        )
    if item is None:
        return "%s has no identity %s; add it there with Easy DKIM, the parent signs for its replicas" % (where, domain)
    if item.get("state", "present") != "present":
        return "%s has %s with state: absent; remove the replica first, or make it an Easy DKIM identity of its own (dkim.mode: easy)" % (where, domain)
    dkim = item.get("dkim") if isinstance(item.get("dkim"), dict) else {}
    if dkim.get("mode") == "byodkim":
        return "%s signs %s with BYODKIM; a parent must use Easy DKIM (SES: REPLICATION_PRIMARY_BYO_DKIM_NOT_SUPPORTED)" % (where, domain)
    if dkim.get("mode") == "replica":
        return "%s has %s as a replica itself; a parent must have its own Easy DKIM key (SES: REPLICATION_REPLICA_AS_PRIMARY_NOT_SUPPORTED)" % (where, domain)
    return None


def check_regions(tenants, problems):
    """Rules across hosts for several regions of one account: a DEED replica's parent, a multi-region endpoint's
    secondary region. Each problem names both hosts (or the host that is missing)."""
    for host in sorted(tenants):
        tenant = tenants[host] or {}
        if tenant.get("state", "present") != "present" or not REGION_RE.match(str(tenant.get("region") or "")):
            continue
        account = instance_key(tenant)[0]
        for index, item in _identity_items(tenant):
            dkim = item.get("dkim")
            if item.get("state", "present") != "present" or not _contract.is_replica(item) or not _arns_region(dkim.get("parent_region")):
                continue
            try:
                kind, domain = _identity.canonical_name(item.get("identity"))
            except _identity.IdentityError:
                continue
            region = dkim["parent_region"].strip().lower()
            if kind != "DOMAIN" or region == tenant.get("region"):
                continue
            label = "%s: mailops_ses_identities[%d] %s is a Deterministic Easy DKIM replica of the identity in %s, but " % (host, index, domain, region)
            parent_host = _region_host(tenants, account, region)
            if parent_host is not None:
                problem = _replica_parent_problem(tenants, parent_host, domain, region)
                if problem:
                    problems.append(label + problem)
                continue
            others = [other for other in sorted(tenants) if (tenants[other] or {}).get("region") == region and _domain_item(tenants[other] or {}, domain)]
            if others:
                problems.append(
                    label + "%s, which has %s in %s, is another account (%s, not %s); DEED replicates within one account only: add a host of %s in %s "
                    "with %s (Easy DKIM), or make the replica an identity of its own (dkim.mode: easy)"
                    % (
                        others[0],
                        domain,
                        region,
                        _account_label(instance_key(tenants[others[0]] or {})[0]),
                        _account_label(account),
                        _account_label(account),
                        region,
                        domain,
                    )
                )
            else:
                problems.append(
                    label
                    + "no host of %s in %s has it; add that host with %s (Easy DKIM), or make the replica an identity of its own (dkim.mode: easy)"
                    % (_account_label(account), region, domain)
                )
        endpoints = tenant.get("multi_region_endpoints")
        for index, item in enumerate(endpoints if isinstance(endpoints, list) else []):
            if not isinstance(item, dict) or item.get("state", "present") != "present" or not _arns_region(item.get("secondary_region")):
                continue
            region = item["secondary_region"].strip().lower()
            if region == tenant.get("region"):
                continue
            label = "%s: mailops_ses_multi_region_endpoints[%d] (%s) also sends through %s, but " % (host, index, item.get("name"), region)
            other = _region_host(tenants, account, region)
            if other is None:
                problems.append(
                    label
                    + "no host of %s in %s is in the inventory; add it, with the endpoint's sending identities (DEED replicas of %s's)"
                    % (_account_label(account), region, host)
                )
            elif (tenants[other] or {}).get("state", "present") != "present":
                problems.append(
                    label
                    + "%s (the host of that account in %s) is offboarded (mailops_tenant_state: absent); remove the endpoint first (state: absent)"
                    % (other, region)
                )


def _arns_region(name):
    return isinstance(name, str) and bool(REGION_RE.match(name.strip().lower()))


def still_needed(tenants):
    """MAIL FROM values still needed by the inventory's present identities: {(mail_from., region)}.

    Offboarding must not remove an MX or SPF value another tenant in the same region still uses,
    even when that tenant is not part of this run (``--limit``).
    """
    needed = set()
    for host in tenants:
        tenant = tenants[host] or {}
        if tenant.get("state", "present") != "present":
            continue
        for item in tenant.get("identities") or []:
            if not isinstance(item, dict) or item.get("state", "present") != "present":
                continue
            mail_from = item.get("mail_from")
            if isinstance(mail_from, dict):
                mail_from = mail_from.get("domain")
            if mail_from:
                needed.add((absolute(mail_from), tenant.get("region")))
    return needed


def _where(hosts, all_hosts):
    if len(hosts) == 1:
        return hosts[0]
    if set(hosts) == set(all_hosts):
        return "every tenant"
    return ", ".join(hosts)


def check_hosts(host_variables, shared):
    """(problems, summary) for the tenants' variables ``{host: {variable: value}}`` and the shared variables.

    Besides ``check_inventory``'s rules: every ``mailops_*`` variable and every key inside the tenant and
    phase variables must be part of the contract (a typo is reported with the closest known name).
    """
    problems = []
    hosts = sorted(host_variables)
    unknown = {}
    for host in hosts:
        variables = host_variables[host]
        for problem in _contract.unknown_variables("", variables):
            unknown.setdefault(problem, []).append(host)
        for variable, spec in sorted(_contract.TENANT_SPECS.items()):
            if variables.get(variable) is not None:
                problems.extend(_contract.unknown_keys(variables[variable], spec, "%s: %s" % (host, variable)))
    for problem, where in sorted(unknown.items()):
        problems.append(_where(where, hosts) + problem)
    for variable, options in sorted(_contract.PHASES.items()):
        if isinstance(shared.get(variable), dict):
            problems.extend(_contract.unknown_keys(shared[variable], dict(type="dict", options=options), variable))
        elif shared.get(variable) is not None:
            problems.append("%s must be a dict such as {enabled: true}" % variable)
    tenants = {host: _contract.tenant_view(host_variables[host]) for host in hosts}
    found, summary = check_inventory(tenants, shared.get("mailops_domains") or {}, shared.get("mailops_dns_zones") or {})
    return problems + found, summary
