# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The verify role's summary: one line per identity from what SES and DNS said, in one task per tenant."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError


def identity_summary(identities, host, region, checks=None):
    """``verify_status.results | mailops.ses.identity_summary(inventory_hostname, tenant.region, verify_auth.results)``.

    ``identities``: the ``results`` of mailops.ses.email_identity_info; ``checks``: the ``results`` of
    mailops.ses.email_auth_check (its ``summary`` per ``domain``), or none when DNS was not checked.
    """
    if not isinstance(identities, list):
        raise AnsibleFilterError("identity_summary: expected the results list of mailops.ses.email_identity_info, got %s" % type(identities).__name__)
    dns = {c["domain"]: c.get("summary") or {} for c in checks or [] if isinstance(c, dict) and c.get("domain")}
    lines = []
    for item in identities:
        state = item.get("state") or {}
        dkim = state.get("dkim") or {}
        parent = dkim.get("parent_region")
        counts = dns.get(item.get("identity"), {})
        lines.append(
            "%s (%s, %s): DKIM %s%s, MAIL FROM %s, DNS checks %s pass / %s warn / %s fail"
            % (
                item.get("identity"),
                host,
                region,
                dkim.get("status") or "n/a",
                " (DEED replica of %s)" % parent if parent else "",
                state.get("mail_from_status") or "none",
                counts.get("pass", "-"),
                counts.get("warn", "-"),
                counts.get("fail", "-"),
            )
        )
    return lines


class FilterModule(object):
    def filters(self):
        return {"identity_summary": identity_summary}
