# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Filters that turn the mailops.ses inventory into module input, with secrets checked and left out."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import os

from ansible_collections.mailops.ses.plugins.module_utils import _inventory
from ansible_collections.mailops.ses.plugins.module_utils._ses import dkim_keys as _dkim_keys

HOST_VARS = {
    "region": "mailops_ses_region",
    "aws_profile": "mailops_aws_profile",
    "aws_role_arn": "mailops_aws_role_arn",
    "aws_external_id": "mailops_aws_external_id",
    "aws_session_name": "mailops_aws_session_name",
    "identities": "mailops_ses_identities",
    "configuration_sets": "mailops_ses_configuration_sets",
    "contact_list": "mailops_ses_contact_list",
    "account": "mailops_ses_account",
    "state": "mailops_tenant_state",
}


def _redact_dkim(dkim, where):
    """The dkim settings with the private key replaced by the verdict of checking it."""
    dkim = dict(dkim)
    if dkim.get("mode") != "byodkim":
        return dkim
    text = dkim.pop("private_key", None)
    path = dkim.get("private_key_path")
    problem = None
    if not text and path:
        if os.path.exists(path):
            with open(path) as handle:
                text = handle.read()
        elif not dkim.get("generate_key"):
            problem = "%s.private_key_path %s does not exist; create it or set generate_key: true" % (where, path)
    if text:
        try:
            _dkim_keys.load_private_key(text, where="%s.private_key" % where)
        except _dkim_keys.DkimKeyError as exc:
            problem = str(exc)
    elif not path and problem is None:
        problem = "%s.private_key is required for mode: byodkim (or private_key_path)" % where
    dkim["private_key_problem"] = problem
    return dkim


def inventory_tenants(hostvars, hosts):
    """``{host: tenant}`` from the ``mailops_*`` host variables; BYODKIM keys are checked, then left out."""
    tenants = {}
    for host in hosts:
        variables = hostvars[host]
        tenant = {}
        for key, variable in HOST_VARS.items():
            if variable in variables and variables[variable] is not None:
                tenant[key] = copy.deepcopy(variables[variable])
        for item in tenant.get("identities") or []:
            if isinstance(item, dict) and isinstance(item.get("dkim"), dict):
                # relative, like every identity problem: the inventory check puts "<host>: mailops_ses_identities[i]." before it
                item["dkim"] = _redact_dkim(item["dkim"], "dkim")
        tenants[host] = tenant
    return tenants


def redact_zones(zones):
    """``mailops_dns_zones`` with TSIG secrets replaced by a marker (their presence is what gets checked)."""
    result = {}
    for zone, settings in (zones or {}).items():
        settings = dict(settings or {})
        if settings.get("key_secret"):
            settings["key_secret"] = "<set>"
        result[zone] = settings
    return result


def still_needed_mail_from(tenants):
    """``[[mail_from., region], ...]`` still used by present identities anywhere in the inventory."""
    return sorted([list(pair) for pair in _inventory.still_needed(tenants)])


def tenant_identities(items, tenant_present=True, private_keys=False):
    """Identity items with ``state`` filled in (every identity of an offboarded tenant is absent).

    A BYODKIM ``dkim.private_key`` is left out unless ``private_keys``: the result becomes a fact that
    set_fact, loop items and later roles print with -v; only the module call that needs the key asks for it.
    """
    result = []
    for item in items or []:
        item = dict(item)
        item["state"] = item.get("state", "present") if tenant_present else "absent"
        if not private_keys and isinstance(item.get("dkim"), dict) and "private_key" in item["dkim"]:
            item["dkim"] = {k: v for k, v in item["dkim"].items() if k != "private_key"}
        result.append(item)
    return result


IDENTITY_OPTIONS = (
    "identity",
    "state",
    "dkim",
    "mail_from",
    "configuration_set",
    "feedback_forwarding",
    "policies",
    "purge_policies",
    "verification_txt",
    "tags",
    "purge_tags",
)


def ses_identity_options(items, record_ttl=300):
    """Inventory identity items as mailops.ses.email_identities options (``mail_from`` may be a string there)."""
    result = []
    for item in items or []:
        options = {k: v for k, v in item.items() if k in IDENTITY_OPTIONS}
        if isinstance(options.get("mail_from"), str):
            options["mail_from"] = {"domain": options["mail_from"]}
        options["record_ttl"] = int(record_ttl)
        result.append(options)
    return result


class FilterModule(object):
    def filters(self):
        return {
            "inventory_tenants": inventory_tenants,
            "redact_zones": redact_zones,
            "still_needed_mail_from": still_needed_mail_from,
            "tenant_identities": tenant_identities,
            "ses_identity_options": ses_identity_options,
        }
