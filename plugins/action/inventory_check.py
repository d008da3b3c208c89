# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Controller side of mailops.ses.inventory_check: reads the inventory itself and checks it (no module is run)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.plugins.action import ActionBase

from ansible_collections.mailops.ses.plugins.module_utils._inventory import contract as _contract
from ansible_collections.mailops.ses.plugins.module_utils._inventory.check import check_hosts, check_inventory
from ansible_collections.mailops.ses.plugins.plugin_utils.inventory import host_variables, scrub, secrets, shared_variables

ARGUMENT_SPEC = dict(
    hosts=dict(type="list", elements="str"),
    tenants=dict(type="dict"),
    domains=dict(type="dict"),
    zones=dict(type="dict"),
)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        _validation, args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)
        if args["tenants"] is not None:
            # the tenants given as data (the 0.1 interface): {host: {region, identities, ...}}
            tenants, domains, zones = args["tenants"], args["domains"] or {}, args["zones"] or {}
            problems, summary = check_inventory(tenants, domains, zones)
            hidden = secrets(list(tenants.values()), zones)
            groups = {}
        else:
            hosts = args["hosts"] if args["hosts"] is not None else task_vars.get("groups", {}).get(_contract.GROUP, [])
            variables = host_variables(task_vars, hosts, self._templar)
            shared = shared_variables(task_vars, self._templar)
            if args["domains"] is not None:
                shared["mailops_domains"] = args["domains"]
            if args["zones"] is not None:
                shared["mailops_dns_zones"] = args["zones"]
            problems, summary = check_hosts(variables, shared)
            hidden = secrets([_contract.tenant_view(v) for v in variables.values()], shared.get("mailops_dns_zones"))
            groups = {host: _contract.phase_groups(v) for host, v in sorted(variables.items())}
        problems = [scrub(problem, hidden) for problem in problems]
        result.update(changed=False, problems=problems, summary=summary, phase_groups={h: g for h, g in groups.items() if g})
        if problems:
            result["failed"] = True
            result["msg"] = "the inventory has %d problem(s); nothing was changed:\n- %s" % (len(problems), "\n- ".join(problems))
        else:
            result["msg"] = "the inventory is valid: %d tenant(s), %d domain(s), %d zone(s)" % (
                len(summary["tenants"]),
                len(summary["domains"]),
                len(summary["zones"]),
            )
        return result
