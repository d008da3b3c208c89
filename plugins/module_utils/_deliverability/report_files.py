# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The readiness report as JSON for tools and JUnit XML for CI gates (the HTML page is a Jinja2 template of the
report role, which teams can replace)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from xml.sax.saxutils import escape, quoteattr


def digest_payload(report):
    """The part of the report that decides whether the files must be rewritten (no timestamp)."""
    return json.dumps({"summary": report["summary"], "tenants": report["tenants"], "days": report["days"]}, sort_keys=True)


def to_json(report):
    return json.dumps(report, indent=2, sort_keys=True) + "\n"


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
