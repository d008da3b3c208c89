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
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value


def rendered(value, templar):
    """``value`` (raw inventory data) with every template in it rendered by ``templar``, as plain types.

    Only strings that look like templates go through the templar: rendering a whole variable at once walks and copies
    every element of it, which at a thousand identities was most of the time a tenant's run spent on the controller."""
    if isinstance(value, str):
        return _plain(templar.template(value)) if templar.is_possibly_template(value) else str(value)
    if isinstance(value, dict):
        return {rendered(k, templar) if isinstance(k, str) else k: rendered(v, templar) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [rendered(v, templar) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return _plain(value)
    return _plain(templar.template(value))  # e.g. a vaulted value, which templating decrypts


def _raw(hostvars, host):
    """The variables of ``host`` as the inventory and the play set them, not templated (None if there is no such host)."""
    if not hostvars or host not in hostvars:
        return None
    raw_get = getattr(hostvars, "raw_get", None)
    return raw_get(host) if raw_get is not None else hostvars[host]


def host_variables(task_vars, hosts, templar, extra=()):
    """``{host: {mailops_* variable: templated value}}`` of the given inventory hosts, with the variables named in
    ``extra`` too (e.g. facts a role set)."""
    hostvars = task_vars.get("hostvars")
    result = {}
    for host in hosts:
        if host == task_vars.get("inventory_hostname"):
            raw, host_templar = task_vars, templar
        else:
            raw = _raw(hostvars, host)
            if raw is None:
                continue
            host_templar = templar.copy_with_new_env(available_variables=raw)
        wanted = [name for name in raw if str(name).startswith(_contract.PREFIX) or name in extra]
        result[host] = {str(name): rendered(raw[name], host_templar) for name in wanted}
    return result


def shared_variables(task_vars, templar):
    """The shared ``mailops_*`` variables as the current host sees them, templated (the check and the plan run once,
    on one host; these belong in group_vars so that every host sees the same)."""
    names = list(_contract.SHARED_VARIABLES) + list(_contract.PHASES) + list(_contract.SWITCHES)
    return {name: rendered(task_vars[name], templar) for name in names if name in task_vars}


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
