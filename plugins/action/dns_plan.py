# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Controller side of mailops.ses.dns_plan: the rollout's DNS plan from the tenants' facts and the inventory."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.mailops.ses.plugins.module_utils._dns.zone_plan import ZonePlanError, plan_zones
from ansible_collections.mailops.ses.plugins.module_utils._inventory import contract as _contract
from ansible_collections.mailops.ses.plugins.module_utils._inventory.check import still_needed
from ansible_collections.mailops.ses.plugins.plugin_utils.inventory import host_variables, shared_variables

ARGUMENT_SPEC = dict(
    hosts=dict(type="list", elements="str"),
    writers=dict(type="list", elements="str"),
    record_ttl=dict(type="int"),
)


FACTS = ("tenant_dns_records", "tenant_retired_records")


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        hosts = args["hosts"] if args["hosts"] is not None else task_vars.get("ansible_play_hosts", [])
        writers = args["writers"] if args["writers"] is not None else task_vars.get("ansible_play_hosts", [])
        tenants = task_vars.get("groups", {}).get(_contract.GROUP, [])
        # every host read once: the facts of the hosts in this run, the mailops_* variables of every tenant
        variables = host_variables(task_vars, sorted(set(hosts) | set(tenants)), self._templar, extra=FACTS)
        missing = [host for host in hosts if "tenant_dns_records" not in variables.get(host, {})]
        if missing:
            return dict(
                result,
                failed=True,
                msg="%s: no tenant_dns_records; run role mailops.ses.tenant on these hosts first (playbooks/site.yml does)" % ", ".join(missing),
            )
        contributions, retired = [], []
        for host in hosts:
            contributions.extend(variables[host]["tenant_dns_records"] or [])
            retired.extend(variables[host].get("tenant_retired_records") or [])
        # what the whole inventory still needs, including tenants outside this run (--limit)
        inventory = {host: {k: v for k, v in variables[host].items() if k not in FACTS} for host in tenants if host in variables}
        needed = still_needed({host: _contract.tenant_view(v) for host, v in inventory.items()})
        shared = shared_variables(task_vars, self._templar)
        ttl = args["record_ttl"] if args["record_ttl"] is not None else int(shared.get("mailops_record_ttl") or 300)
        zones = shared.get("mailops_dns_zones") or {}
        try:
            plan = plan_zones(contributions, retired, shared.get("mailops_domains") or {}, list(zones), needed, writers, ttl)
        except ZonePlanError as exc:
            result.update(failed=True, msg="the DNS plan has %d problem(s):\n- %s" % (len(exc.problems), "\n- ".join(exc.problems)), problems=exc.problems)
            return result
        result.update(
            changed=False,
            zones=plan,
            writers={host: sorted(zone for zone, entry in plan.items() if entry["writer"] == host) for host in writers},
            msg="%d zone(s) to write" % len(plan),
        )
        return result
