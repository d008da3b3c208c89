# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How the collection's action plugins read the inventory on the controller, and keep its secrets out of results."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.mailops.ses.plugins.module_utils._inventory import contract as _contract

MASK = "********"


def _plain(value):
    """Templated inventory data as plain dicts, lists and strings (Ansible may hand out its own lazy types)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def host_variables(task_vars, hosts):
    """``{host: {mailops_* variable: templated value}}`` of the given inventory hosts."""
    hostvars = task_vars.get("hostvars") or {}
    result = {}
    for host in hosts:
        if host not in hostvars:
            continue
        variables = hostvars[host]
        result[host] = {name: _plain(variables[name]) for name in list(variables.keys()) if str(name).startswith(_contract.PREFIX)}
    return result


def shared_variables(task_vars):
    """The shared ``mailops_*`` variables as the current host sees them, templated (the check and the plan run once,
    on one host; these belong in group_vars so that every host sees the same)."""
    variables = task_vars["hostvars"][task_vars["inventory_hostname"]]
    names = list(_contract.SHARED_VARIABLES) + list(_contract.PHASES) + list(_contract.SWITCHES)
    return {name: _plain(variables[name]) for name in names if name in variables}


def secrets(tenants, zones):
    """Secret strings in the inventory: BYODKIM private keys, TSIG secrets and every octoDNS provider option."""
    found = set()
    for tenant in tenants or []:
        for item in (tenant or {}).get("identities") or [] if isinstance(tenant, dict) else []:
            dkim = item.get("dkim") if isinstance(item, dict) else None
            if not isinstance(dkim, dict):
                continue
            if isinstance(dkim.get("private_key"), str) and dkim["private_key"].strip():
                found.add(dkim["private_key"])
            if "PRIVATE KEY" in str(dkim.get("private_key_path") or ""):  # a key pasted into the path
                found.add(str(dkim["private_key_path"]))
    for settings in (zones or {}).values():
        if not isinstance(settings, dict):
            continue
        if isinstance(settings.get("key_secret"), str) and settings["key_secret"].strip():
            found.add(settings["key_secret"])
        octodns = settings.get("octodns")
        if isinstance(octodns, dict):
            found.update(v for k, v in octodns.items() if k != "class" and isinstance(v, str) and len(v) > 3)
    return found


def scrub(text, hidden):
    """``text`` with every secret replaced by a mask (longest first, so no part of a secret survives)."""
    for secret in sorted(hidden, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text
