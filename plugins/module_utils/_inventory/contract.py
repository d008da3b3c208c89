# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The inventory contract: every ``mailops_*`` variable the collection reads, the keys inside each, and the
tenant view the roles and the inventory check work from (pure).

A variable or key that is not in the contract is reported with the closest known name, so a typo such as
``mailops_ses_identites`` fails the inventory check instead of being dropped without a word.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import difflib

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.mailops.ses.plugins.module_utils._ses import account as _account
from ansible_collections.mailops.ses.plugins.module_utils._ses import configuration_set as _configuration_set
from ansible_collections.mailops.ses.plugins.module_utils._ses import contact_list as _contact_list
from ansible_collections.mailops.ses.plugins.module_utils._ses import dedicated_ip_pool as _dedicated_ip_pool
from ansible_collections.mailops.ses.plugins.module_utils._ses import multi_region_endpoint as _multi_region_endpoint
from ansible_collections.mailops.ses.plugins.module_utils._ses import runner as _identity_runner
from ansible_collections.mailops.ses.plugins.module_utils._ses import tenant as _ses_tenant

PREFIX = "mailops_"
GROUP = "ses_tenants"

# host variable -> key of the tenant view
HOST_VARIABLES = {
    "mailops_ses_region": "region",
    "mailops_aws_profile": "aws_profile",
    "mailops_aws_role_arn": "aws_role_arn",
    "mailops_aws_external_id": "aws_external_id",
    "mailops_aws_session_name": "aws_session_name",
    "mailops_ses_identities": "identities",
    "mailops_ses_configuration_sets": "configuration_sets",
    "mailops_ses_dedicated_ip_pools": "dedicated_ip_pools",
    "mailops_ses_contact_list": "contact_list",
    "mailops_ses_account": "account",
    "mailops_ses_multi_region_endpoints": "multi_region_endpoints",
    "mailops_ses_tenant": "ses_tenant",
    "mailops_tenant_state": "state",
}
SHARED_VARIABLES = (
    "mailops_domains",
    "mailops_dns_zones",
    "mailops_dns_region",
    "mailops_aws_endpoint_url",
    "mailops_aws_config",
    "mailops_concurrency",
    "mailops_record_ttl",
)
SWITCHES = (
    "mailops_dns_delete_threshold",
    "mailops_dns_force",
    "mailops_serial",
    "mailops_verify",
    "mailops_verify_wait",
    "mailops_verify_timeout",
    "mailops_verify_delay",
    "mailops_verify_fail_on",
)
PHASES = {
    "mailops_monitoring": dict(
        enabled=dict(type="bool"),
        thresholds=dict(
            type="dict",
            options=dict(
                bounce_rate=dict(type="float"),
                complaint_rate_warning=dict(type="float"),
                complaint_rate_critical=dict(type="float"),
                pause_complaint_rate=dict(type="float"),
            ),
        ),
        sns_subscriptions=dict(type="list", elements="dict", options=dict(protocol=dict(type="str"), endpoint=dict(type="str"))),
        guard_days=dict(type="int"),
    ),
    "mailops_smoke_test": dict(enabled=dict(type="bool"), timeout=dict(type="int"), message_source=dict(type="str")),
    "mailops_report": dict(enabled=dict(type="bool"), dir=dict(type="path"), days=dict(type="int"), fail_on=dict(type="str"), template=dict(type="path")),
}
KNOWN_VARIABLES = frozenset(HOST_VARIABLES) | frozenset(SHARED_VARIABLES) | frozenset(SWITCHES) | frozenset(PHASES)


def _identity_spec():
    spec = _identity_runner.identity_options()
    spec["mail_from"] = dict(spec["mail_from"], type="raw")  # a string (the domain) or the module's dict
    spec["use"] = dict(type="str")  # what the domain sends; read by the readiness report
    for option in ("record_ttl", "purge_policies", "purge_tags"):
        spec.pop(option)
    return spec


def _configuration_set_spec():
    spec = _configuration_set.argument_spec()
    spec["bulk"] = dict(type="bool")  # marketing mail that needs one-click unsubscribe; read by the readiness report
    spec.pop("pause_reason")  # set by the complaint-rate guard, not by the inventory
    return spec


def _endpoint_spec():
    spec = _multi_region_endpoint.argument_spec()
    for option in ("wait", "wait_timeout", "wait_delay"):  # the tenant role waits for READY
        spec.pop(option)
    return spec


# an inventory host's SES tenant: its resources are the host's identities and configuration sets (the role says so)
SES_TENANT_KEYS = ("name", "state", "reputation_policy", "suppression_reasons", "tags")


# the keys inside each tenant variable, in the terms of the module that takes them
TENANT_SPECS = {
    "mailops_ses_identities": dict(type="list", elements="dict", options=_identity_spec()),
    "mailops_ses_configuration_sets": dict(type="list", elements="dict", options=_configuration_set_spec()),
    "mailops_ses_dedicated_ip_pools": dict(
        type="list", elements="dict", options={k: v for k, v in _dedicated_ip_pool.argument_spec().items() if k != "purge_tags"}
    ),
    "mailops_ses_contact_list": dict(type="dict", options={k: v for k, v in _contact_list.argument_spec().items() if k != "state"}),
    "mailops_ses_account": dict(type="dict", options=_account.argument_spec()),
    "mailops_ses_multi_region_endpoints": dict(type="list", elements="dict", options=_endpoint_spec()),
    "mailops_ses_tenant": dict(type="dict", options={k: v for k, v in _ses_tenant.argument_spec().items() if k in SES_TENANT_KEYS}),
}


def closest(name, known):
    found = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return found[0] if found else None


def _did_you_mean(name, known):
    match = closest(name, known)
    return "; did you mean %s?" % match if match else ""


def unknown_variables(where, names):
    """Problems for the ``mailops_*`` names that are not part of the contract, each with the closest known name."""
    problems = []
    for name in sorted(n for n in names if n.startswith(PREFIX) and n not in KNOWN_VARIABLES):
        problems.append(
            "%s: %s is not a mailops.ses variable%s (see docs/inventory.md for every variable)" % (where, name, _did_you_mean(name, KNOWN_VARIABLES))
        )
    return problems


def unknown_keys(value, spec, where):
    """Problems for keys of ``value`` that ``spec`` (an Ansible argument spec entry) does not know, at any depth."""
    options = spec.get("options")
    if not options:
        return []
    if isinstance(value, list) and spec.get("type") == "list":
        return [p for index, item in enumerate(value) for p in unknown_keys(item, dict(spec, type="dict"), "%s[%d]" % (where, index))]
    if not isinstance(value, dict):
        return []
    problems = []
    for key in sorted(str(k) for k in value):
        if key not in options:
            problems.append("%s: unknown key %s%s (allowed: %s)" % (where, key, _did_you_mean(key, options), ", ".join(sorted(options))))
    for key, sub in sorted(options.items()):
        if key in value and sub.get("options"):
            problems.extend(unknown_keys(value[key], sub, "%s.%s" % (where, key)))
    return problems


def tenant_view(variables):
    """The tenant as the inventory check and the roles see it, from one host's variables (a deep copy)."""
    tenant = {}
    for variable, key in HOST_VARIABLES.items():
        if variables.get(variable) is not None:
            tenant[key] = copy.deepcopy(variables[variable])
    return tenant


def present(tenant):
    return (tenant.get("state") or "present") == "present"


def identities(tenant, private_keys=False):
    """The tenant's identity items with ``state`` filled in (every identity of an offboarded tenant is absent) and
    ``mail_from`` as the module's dict; BYODKIM private keys are left out unless ``private_keys``."""
    result = []
    for item in tenant.get("identities") or []:
        if not isinstance(item, dict):
            continue
        item = dict(item)
        item["state"] = (item.get("state") or "present") if present(tenant) else "absent"
        if isinstance(item.get("mail_from"), str):
            item["mail_from"] = {"domain": item["mail_from"]}
        if not private_keys and isinstance(item.get("dkim"), dict) and "private_key" in item["dkim"]:
            item["dkim"] = {k: v for k, v in item["dkim"].items() if k != "private_key"}
        result.append(item)
    return result


def dedicated_ip_pools(tenant):
    """The tenant's dedicated IP pool items with ``state`` filled in (every pool of an offboarded tenant is absent)."""
    result = []
    for item in tenant.get("dedicated_ip_pools") or []:
        if isinstance(item, dict):
            result.append(dict(item, state=(item.get("state") or "present") if present(tenant) else "absent"))
    return result


def is_replica(item):
    """Whether an identity item is a Deterministic Easy DKIM replica (``dkim: {mode: replica, parent_region}``)."""
    return isinstance(item, dict) and isinstance(item.get("dkim"), dict) and item["dkim"].get("mode") == "replica"


def _state(item, tenant):
    return (item.get("state") or "present") if present(tenant) else "absent"


def ses_tenant(tenant):
    """The host's SES tenant with ``state`` filled in (absent when the host is offboarded), or None."""
    item = tenant.get("ses_tenant")
    if not isinstance(item, dict) or not item.get("name"):
        return None
    return dict(item, state=_state(item, tenant))


def multi_region_endpoints(tenant):
    """The host's multi-region endpoints with ``state`` filled in (all absent when the host is offboarded)."""
    items = tenant.get("multi_region_endpoints") or []
    return [dict(item, state=_state(item, tenant)) for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def retires(tenant):
    """Whether the tenant has anything for ``tasks/retire.yml`` of the tenant role to delete: it is offboarded, or an
    identity, multi-region endpoint, dedicated IP pool, configuration set or its SES tenant has state absent."""
    sets = [s for s in tenant.get("configuration_sets") or [] if isinstance(s, dict)]
    ses = ses_tenant(tenant)
    return (
        not present(tenant)
        or any(i["state"] == "absent" for i in identities(tenant))
        or any(e["state"] == "absent" for e in multi_region_endpoints(tenant))
        or any(p["state"] == "absent" for p in dedicated_ip_pools(tenant))
        or any((s.get("state") or "present") != "present" for s in sets)
        or (bool(ses) and ses["state"] == "absent")
    )


# The groups site.yml puts each tenant host in (ansible.builtin.add_host, in its first play) for the plays that only
# some tenants take part in: such a play runs on its group only, so the other hosts pay no skipped task for it.
PHASE_GROUPS = ("mailops_ses_retiring", "mailops_ses_monitoring", "mailops_ses_smoke_test", "mailops_ses_report")


def _enabled(variables, phase):
    """``<phase>.enabled`` as ``| bool`` reads it (false when the phase variable is not a dict)."""
    settings = variables.get(phase)
    return isinstance(settings, dict) and boolean(settings.get("enabled") or False, strict=False)


def phase_groups(variables):
    """The groups of ``PHASE_GROUPS`` one tenant host belongs in, from its ``mailops_*`` variables."""
    tenant = tenant_view(variables)
    groups = []
    if retires(tenant):
        groups.append("mailops_ses_retiring")
    if _enabled(variables, "mailops_monitoring"):  # an offboarded tenant's monitoring is retired there
        groups.append("mailops_ses_monitoring")
    if _enabled(variables, "mailops_smoke_test") and present(tenant):
        groups.append("mailops_ses_smoke_test")
    if _enabled(variables, "mailops_report"):
        groups.append("mailops_ses_report")
    return groups


IDENTITY_MODULE_OPTIONS = ("identity", "state", "dkim", "mail_from", "configuration_set", "feedback_forwarding", "policies", "verification_txt", "tags")


def identity_module_options(item, record_ttl):
    """One inventory identity as the options of mailops.ses.email_identities (``use`` is the report's, not SES's)."""
    options = {k: v for k, v in item.items() if k in IDENTITY_MODULE_OPTIONS}
    options["record_ttl"] = int(record_ttl)
    return options


def is_domain(name):
    return "@" not in (name or "")
