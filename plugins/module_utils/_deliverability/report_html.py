# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The readiness report as a self-contained HTML page, JSON for tools, and JUnit XML for CI gates."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from xml.sax.saxutils import escape, quoteattr

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:2rem;color:#1f2933;background:#fff}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #d9e2ec;padding-bottom:.3rem}
h3{font-size:1rem;margin:1.2rem 0 .4rem}.meta{color:#52606d;font-size:.9rem}
.cards{display:flex;gap:1rem;margin:1rem 0}.card{border-radius:8px;padding:.8rem 1.2rem;min-width:7rem;text-align:center}
.card b{display:block;font-size:1.8rem}.pass{background:#e3f9e5;color:#0e5e1c}.warn{background:#fff3c4;color:#7a4d00}
.fail{background:#ffe3e3;color:#8a1c1c}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e4e7eb;vertical-align:top}th{background:#f5f7fa}
td.status{font-weight:600;text-transform:uppercase;width:4rem}td.check{white-space:nowrap;width:12rem}
.badge{display:inline-block;border-radius:4px;padding:.05rem .4rem;font-size:.8rem;margin-left:.3rem}
.fix{color:#52606d}
"""


def digest_payload(report):
    """The part of the report that decides whether the files must be rewritten (no timestamp)."""
    return json.dumps({"summary": report["summary"], "tenants": report["tenants"], "days": report["days"]}, sort_keys=True)


def to_json(report):
    return json.dumps(report, indent=2, sort_keys=True) + "\n"


def to_html(report):
    total = report["summary"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Bulk-sender readiness</title><style>%s</style></head><body>" % STYLE,
        "<h1>Bulk-sender readiness</h1>",
        '<p class="meta">Gmail/Yahoo bulk-sender rules and Amazon SES guidance, per SES instance and sending domain. '
        "Generated %s by mailops.ses; rates over the last %d days.</p>" % (escape(report.get("generated", "")), report["days"]),
        '<div class="cards" id="summary">',
    ]
    for status in ("pass", "warn", "fail"):
        parts.append('<div class="card %s"><b>%d</b>%s</div>' % (status, total[status], status))
    parts.append("</div>")
    for tenant in report["tenants"]:
        parts.append('<h2>%s <span class="meta">(%s)</span></h2>' % (escape(tenant["tenant"]), escape(tenant.get("region") or "")))
        if tenant.get("ses_tenant"):
            ses_tenant = tenant["ses_tenant"]
            parts.append(
                '<p class="meta">SES tenant %s: reputation policy %s, sending %s</p>'
                % tuple(escape(str(ses_tenant.get(k))) for k in ("name", "reputation_policy", "sending_status_aggregate"))
            )
        for endpoint in tenant.get("multi_region_endpoints") or []:
            parts.append(
                '<p class="meta">Multi-region endpoint %s (%s and %s): %s, EndpointId %s</p>'
                % tuple(escape(str(endpoint.get(k))) for k in ("name", "primary_region", "secondary_region", "status", "endpoint_id"))
            )
        if not tenant["domains"]:
            parts.append('<p class="meta">No sending domains.</p>')
        for domain in tenant["domains"]:
            counts = domain["summary"]
            parts.append(
                "<h3>%s%s</h3>"
                % (escape(domain["domain"]), "".join('<span class="badge %s">%d %s</span>' % (s, counts[s], s) for s in ("pass", "warn", "fail") if counts[s]))
            )
            parts.append("<table><thead><tr><th>Status</th><th>Check</th><th>Evidence</th><th>Fix</th></tr></thead><tbody>")
            for entry in domain["items"]:
                parts.append(
                    '<tr class="%s"><td class="status">%s</td><td class="check">%s</td><td>%s</td><td class="fix">%s</td></tr>'
                    % (entry["status"], entry["status"], escape(entry["check"].replace("_", " ")), escape(entry["evidence"]), escape(entry.get("fix", "")))
                )
            parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def to_junit(report):
    """One testsuite per tenant and domain, one testcase per check; fail is a failure, warn passes with output."""
    suites = []
    total_tests = total_failures = 0
    for tenant in report["tenants"]:
        for domain in tenant["domains"]:
            cases = []
            failures = 0
            for entry in domain["items"]:
                name = quoteattr(entry["check"])
                classname = quoteattr("%s.%s" % (tenant["tenant"], domain["domain"]))
                if entry["status"] == "fail":
                    failures += 1
                    body = "<failure message=%s>%s</failure>" % (quoteattr(entry["evidence"]), escape(entry.get("fix", "")))
                elif entry["status"] == "warn":
                    body = "<system-out>%s</system-out>" % escape("WARN: %s. %s" % (entry["evidence"], entry.get("fix", "")))
                else:
                    body = ""
                cases.append("    <testcase classname=%s name=%s>%s</testcase>" % (classname, name, body))
            total_tests += len(cases)
            total_failures += failures
            suites.append(
                '  <testsuite name=%s tests="%d" failures="%d" errors="0" skipped="0">\n%s\n  </testsuite>'
                % (quoteattr("%s %s" % (tenant["tenant"], domain["domain"])), len(cases), failures, "\n".join(cases))
            )
    return '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mailops.ses bulk-sender readiness" tests="%d" failures="%d">\n%s\n</testsuites>\n' % (
        total_tests,
        total_failures,
        "\n".join(suites),
    )
