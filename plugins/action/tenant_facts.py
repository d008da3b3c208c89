# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Controller side of mailops.ses.tenant_facts: one tenant's view and AWS options from its mailops_* variables.

The roles register the result as ``tenant``. It is returned, not set as facts: facts go to the fact cache (a
persistent cache, or AWX's fact storage, would keep the temporary credentials and the BYODKIM private keys), every
later task of the host deep-copies them, and ansible-core 2.20 deprecates reading facts as top-level variables.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import monitoring as _monitoring
from ansible_collections.mailops.ses.plugins.module_utils._dns import zones as _zones
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import absolute
from ansible_collections.mailops.ses.plugins.module_utils._inventory import contract as _contract
from ansible_collections.mailops.ses.plugins.plugin_utils.aws import SessionError, session_options
from ansible_collections.mailops.ses.plugins.plugin_utils.direct import prepare_clients
from ansible_collections.mailops.ses.plugins.plugin_utils.inventory import host_variables, shared_variables

prepare_clients(("sts",))  # a role is assumed in the worker: its STS client reads data parsed once, here

ARGUMENT_SPEC = dict(credentials=dict(type="bool", default=True))


def check_servers(domains, zones):
    """``{domain: {server, port} | {} | None}``: the DNS server the verify role asks about each domain.

    ``check_server`` of the domain's zone when set; the RFC 2136 server itself for an rfc2136 zone; ``{}`` (the
    domain's authoritative servers) otherwise; None (no check) for a zone file that nobody serves.
    """
    result = {}
    for domain in domains:
        zone = _zones.zone_for(absolute(domain), list(zones or {}))
        settings = (zones or {}).get(zone) or {} if zone else {}
        if settings.get("check_server"):
            host, port = _zones.server_and_port(settings["check_server"])
            result[domain] = {"server": host, "port": port}
        elif settings.get("provider") == "rfc2136":
            result[domain] = {"server": settings.get("server"), "port": int(settings.get("port") or 53)}
        else:
            result[domain] = None if settings.get("provider") == "zonefile" else {}
    return result


def tenant_facts(host, variables, zones=None, policies=None):
    """What the roles need to know about one tenant, without any secret (the result registered as ``tenant``)."""
    policies = {d: p for d, p in (policies or {}).items() if isinstance(p, dict)}
    view = _contract.tenant_view(variables)
    identities = _contract.identities(view)
    present = [i for i in identities if i["state"] == "present"]
    sets = [s for s in view.get("configuration_sets") or [] if isinstance(s, dict)]
    domains = [i["identity"] for i in present if _contract.is_domain(i.get("identity"))]
    ses_tenant = _contract.ses_tenant(view)
    ses_tenant_present = bool(ses_tenant) and ses_tenant["state"] == "present"
    endpoints = _contract.multi_region_endpoints(view)
    leaving_sets = [s.get("name") for s in sets if not _contract.present(view) or (s.get("state") or "present") != "present"]
    pools = _contract.dedicated_ip_pools(view)
    return {
        "host": host,
        "region": view.get("region"),
        "present": _contract.present(view),
        "identities": identities,
        "domains": domains,
        # Deterministic Easy DKIM replicas: converged after every parent exists, deleted before any parent
        "replicas": [i["identity"] for i in identities if _contract.is_replica(i)],
        # as items of mailops.ses.email_identities, for retire.yml
        "retiring": [{"identity": i["identity"], "state": "absent"} for i in identities if i["state"] == "absent" and not _contract.is_replica(i)],
        "retiring_replicas": [{"identity": i["identity"], "state": "absent"} for i in identities if i["state"] == "absent" and _contract.is_replica(i)],
        # the SES tenant (mailops_ses_tenant) of this host, which holds exactly this host's identities and configuration sets
        "ses_tenant": ses_tenant,
        "ses_tenant_present": ses_tenant_present,
        "ses_tenant_retiring": bool(ses_tenant) and ses_tenant["state"] == "absent",
        "ses_tenant_resources": [{"type": "identity", "name": i["identity"]} for i in present]
        + [{"type": "configuration_set", "name": s.get("name")} for s in sets if s.get("name") not in leaving_sets],
        # what leaves a present SES tenant: out of it before SES is asked to delete it (SES refuses an associated resource)
        "ses_tenant_leaving_resources": [{"type": "identity", "name": i["identity"], "state": "absent"} for i in identities if i["state"] == "absent"]
        + [{"type": "configuration_set", "name": name, "state": "absent"} for name in leaving_sets]
        if ses_tenant_present
        else [],
        # SES pauses such a tenant by itself (reputation policy standard, its default, or strict): the guard leaves it alone
        "reputation_by_ses": ses_tenant_present and (ses_tenant.get("reputation_policy") or "standard") != "none",
        # whether retire.yml has anything to delete (site.yml runs it only for such hosts)
        "retires": _contract.retires(view),
        "multi_region_endpoints": [e for e in endpoints if e["state"] == "present"],
        "retiring_endpoints": [{"name": e.get("name"), "state": "absent"} for e in endpoints if e["state"] == "absent"],
        "configuration_sets": [s.get("name") for s in sets],
        # dedicated IP pools: those to converge before the configuration sets, those retire.yml deletes after them
        "dedicated_ip_pools": [{k: v for k, v in p.items() if k != "state"} for p in pools if p["state"] == "present"],
        "retiring_pools": [p.get("name") for p in pools if p["state"] == "absent"],
        "reputation_sets": [s.get("name") for s in sets if s.get("reputation_metrics")],
        "bulk_sets": [s.get("name") for s in sets if s.get("bulk")],
        # the domains whose default configuration set each set is (the complaint-rate guard reads their rates)
        "domains_by_set": {
            s.get("name"): sorted({i["identity"] for i in identities if i.get("configuration_set") == s.get("name") and _contract.is_domain(i["identity"])})
            for s in sets
        },
        "sets_in_use": sorted({i["configuration_set"] for i in view.get("identities") or [] if isinstance(i, dict) and i.get("configuration_set")}),
        "monitoring_destination": _monitoring.event_destination(domains[0] if domains else "unknown"),
        "check_servers": check_servers(domains, zones),
        # what the verify role asks DNS about: every domain whose zone is served somewhere, with that server (and its BIMI)
        "dns_checks": [
            dict(server, domain=domain, **({"bimi": policies[domain]["bimi"]} if (policies.get(domain) or {}).get("bimi") else {}))
            for domain, server in sorted(check_servers(domains, zones).items())
            if server is not None
        ],
        # present domain identities with a default configuration set: what the smoke test sends through
        "sending": [
            {"identity": i["identity"], "configuration_set": i["configuration_set"]}
            for i in present
            if _contract.is_domain(i.get("identity")) and i.get("configuration_set")
        ],
    }


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        host = task_vars["inventory_hostname"]
        variables = host_variables(task_vars, [host], self._templar).get(host, {})
        shared = shared_variables(task_vars, self._templar)
        tenant = tenant_facts(host, variables, shared.get("mailops_dns_zones"), shared.get("mailops_domains"))
        if not tenant["region"]:
            return dict(result, failed=True, msg="%s: mailops_ses_region is required (the SES region of this tenant, e.g. eu-west-1)" % host)
        record_ttl = variables.get("mailops_record_ttl") or 300
        # the options of mailops.ses.email_identities, BYODKIM private keys included (hence no_log on the task)
        options = [_contract.identity_module_options(item, record_ttl) for item in _contract.identities(_contract.tenant_view(variables), private_keys=True)]
        aws = None
        if args["credentials"]:
            try:
                aws = session_options(
                    tenant["region"],
                    variables.get("mailops_aws_role_arn"),
                    variables.get("mailops_aws_session_name"),
                    variables.get("mailops_aws_external_id"),
                    variables.get("mailops_aws_profile"),
                    variables.get("mailops_aws_endpoint_url") or shared.get("mailops_aws_endpoint_url") or None,
                    shared.get("mailops_aws_config"),
                )
            except SessionError as exc:
                return dict(result, failed=True, msg="%s: %s" % (host, exc))
        result.update(tenant, changed=False, identity_options=options)
        if aws is not None:
            result["aws"] = aws
        return result
