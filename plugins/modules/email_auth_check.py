#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: email_auth_check
short_description: Check what DNS really serves for a sending domain (DKIM, MAIL FROM, SPF, DMARC, alignment)
version_added: 0.1.0
description:
  - Read-only. Queries the domain's authoritative name servers (or one given server) directly and checks that
    the DKIM CNAMEs or BYODKIM TXT, the MAIL FROM MX and SPF, and the legacy verification TXT are served as expected;
    that DMARC exists with C(p=) and that its C(aspf)/C(adkim) modes allow the alignment actually configured; that
    SPF at each name is a single record within 10 DNS lookups and 2 void lookups; that every C(rua)/C(ruf) destination
    outside the domain's organizational domain authorizes the reports (RFC 7489 section 7.1); and, with O(bimi), that
    the BIMI record is served and DMARC is at enforcement.
  - Returns one verdict per check (C(pass), C(warn) or C(fail)) with the evidence (what was seen, on which server)
    and the fix.
  - Can wait until every expected record is visible on every server.
author:
  - mailops.ses maintainers (@mailops)
options:
  domain:
    description: The From domain to check (a domain identity). One of O(domain) and O(domains) is required.
    type: str
  domains:
    description:
      - Check several domains in one run, each C({domain, expected_records, mail_from_domains, spf_names, bimi, server,
        port}) with the meaning of the options of the same name (unset ones default to those options), at most
        O(concurrency) at a time. The result is in RV(results), one entry per domain in the order given, each as the
        module returns for O(domain).
    type: list
    elements: dict
    version_added: 0.2.0
  expected_records_by_domain:
    description:
      - With O(domains), the expected records of each domain, by domain, for the items that do not give their own
        C(expected_records) (for example RV(mailops.ses.email_identities#module:records_by_identity)).
    type: dict
    default: {}
    version_added: 0.2.0
  concurrency:
    description: With O(domains), how many domains are checked at once.
    type: int
    default: 4
    version_added: 0.2.0
  expected_records:
    description:
      - Record sets that must be served, typically RV(mailops.ses.email_identity#module:dns_records) of one or more
        SES instances. MAIL FROM domains and DKIM signing are inferred from them.
    type: list
    elements: dict
    default: []
  mail_from_domains:
    description: MAIL FROM domains to check alignment for, in addition to those inferred from O(expected_records).
    type: list
    elements: str
    default: []
  spf_names:
    description: Extra names whose SPF record to check (the MAIL FROM domains are always checked).
    type: list
    elements: str
    default: []
  bimi:
    description:
      - The domain's BIMI settings, as in C(mailops_domains.<domain>.bimi) of the inventory. The BIMI record they render
        must be served (check C(bimi_record)), and the DMARC record served for the domain must be at enforcement
        (check C(bimi)).
    type: dict
    version_added: 0.2.0
    suboptions:
      logo_url:
        description: HTTPS URL of the SVG logo.
        type: str
        required: true
      authority_url:
        description: HTTPS URL of the PEM mark certificate (VMC or CMC).
        type: str
      selector:
        description: BIMI selector.
        type: str
        default: default
  server:
    description: Ask this server instead of the domain's authoritative servers.
    type: str
  port:
    description: Port of O(server).
    type: int
    default: 53
  timeout:
    description: Seconds per query.
    type: float
    default: 3
  wait:
    description: Wait until every expected record is served by every server.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true).
    type: int
    default: 300
  wait_delay:
    description: Seconds between rounds with O(wait=true).
    type: float
    default: 5
  fail_on:
    description: Fail the task when a verdict (of any domain) is at least this bad; V(never) only reports.
    type: str
    choices: [fail, warn, never]
    default: never
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.read_only
notes:
  - The C(invocation) of a successful run gives O(domains), O(expected_records_by_domain) and O(expected_records) as
    a count of their items (the whole arguments are in the result at C(-vvv) and after a failure), since at a
    thousand identities the echo of these inputs was a fifth of the data Ansible moves and copies per task, and of
    every job event AWX stores.
  - Supports check mode (it never changes anything).
"""

EXAMPLES = r"""
- name: Check a domain against what SES needs
  mailops.ses.email_auth_check:
    domain: example.com
    expected_records: "{{ identity.dns_records }}"
    wait: true
    fail_on: fail
  register: auth

- name: With the domain's BIMI record (and DMARC at enforcement)
  mailops.ses.email_auth_check:
    domain: example.com
    bimi:
      logo_url: https://example.com/brand/logo.svg
      authority_url: https://example.com/brand/vmc.pem

- name: Against a specific server (e.g. a hidden primary)
  mailops.ses.email_auth_check:
    domain: example.com
    server: 192.0.2.53
    mail_from_domains: [mail.example.com]
"""

RETURN = r"""
results:
  description: With O(domains), one entry per domain in the order given, each with C(domain), C(checks), C(summary), C(ok) and C(queries).
  returned: with O(domains)
  type: list
  elements: dict
  version_added: 0.2.0
domain:
  description: The domain checked.
  returned: with O(domain)
  type: str
  sample: example.com
  version_added: 0.2.0
checks:
  description: One verdict per check.
  returned: with O(domain)
  type: list
  elements: dict
  contains:
    check:
      description: C(dkim), C(mail_from_mx), C(spf_record), C(verification), C(dmarc_record), C(bimi_record), C(record),
        C(dmarc), C(spf_alignment), C(dkim_alignment), C(spf), C(bimi) (DMARC at enforcement for BIMI) or
        C(dmarc_report_authorization) (a warning when a report destination outside the domain's organizational domain
        serves no C(v=DMARC1) TXT at C(<domain>._report._dmarc.<destination>)).
      type: str
    name:
      description: The DNS name concerned.
      type: str
    status:
      description: C(pass), C(warn) or C(fail).
      type: str
    evidence:
      description: What was seen, and where.
      type: str
    fix:
      description: How to fix it (not for C(pass)).
      type: str
summary:
  description: Number of verdicts per status (of every domain with O(domains)).
  returned: always
  type: dict
  sample: {pass: 8, warn: 1, fail: 0}
ok:
  description: True when no verdict is C(fail).
  returned: always
  type: bool
queries:
  description: DNS queries made.
  returned: always
  type: int
"""

import time

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.mailops.ses.plugins.module_utils import _invocation
from ansible_collections.mailops.ses.plugins.module_utils._dns import bimi as _bimi
from ansible_collections.mailops.ses.plugins.module_utils._dns import checks as _auth_checks
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordError, absolute, record_set_from_input
from ansible_collections.mailops.ses.plugins.module_utils._dns.resolver import Resolver, ResolverError
from ansible_collections.mailops.ses.plugins.module_utils._parallel import in_parallel

SEVERITY = {"pass": 0, "warn": 1, "fail": 2}
# verdicts about policy, not about a record to wait for
POLICY_CHECKS = ("dmarc", "spf", "spf_alignment", "dkim_alignment", "bimi", "dmarc_report_authorization")


# large inputs, summarised in the invocation of a successful run (plugins/module_utils/_invocation.py)
INPUTS = ("domains", "expected_records_by_domain", "expected_records")


def normalise_records(module, records):
    result, problems = [], []
    for index, item in enumerate(records):
        placeholder = bool(item.get("placeholder"))
        try:
            record_set = record_set_from_input(item, where="expected_records[%d]" % index)
        except RecordError as exc:
            problems.extend(exc.problems)
            continue
        result.append(dict(record_set.to_dict(), placeholder=placeholder))
    if problems:
        module.fail_json(msg="; ".join(problems), problems=problems)
    return result


def run_checks(resolver, domain, records, extra_mail_from, extra_spf):
    cache = {}

    def lookup(name, rtype):
        key = (absolute(name), rtype)
        if key not in cache:
            cache[key] = [a.to_dict() for a in resolver.lookup(name, rtype)]
        return cache[key]

    mail_from, dkim_domains, spf_names = _auth_checks.facts_from_records(domain, records)
    mail_from = sorted(set(mail_from) | {m.rstrip(".").lower() for m in extra_mail_from})
    spf_names = sorted(set(spf_names) | {absolute(n) for n in extra_spf} | {absolute(m) for m in mail_from})
    results = _auth_checks.check_expected(records, lookup)
    results.extend(_auth_checks.check_dmarc(domain, mail_from, dkim_domains, lookup))
    dmarc_record = _auth_checks.served_dmarc_record(results)
    results.extend(_auth_checks.check_bimi(domain, records, dmarc_record))
    results.extend(_auth_checks.check_report_authorization(domain, dmarc_record, lookup))
    required = {absolute(m) for m in mail_from}
    results.extend(_auth_checks.check_spf(spf_names, lookup, resolver.txt_resolver(zone=domain), required=required))
    return results, lookup


class CheckFailed(Exception):
    def __init__(self, message, output):
        super(CheckFailed, self).__init__(message)
        self.output = output


def check_one(spec, common):
    """The output for one domain (``domain``, ``checks``, ``summary``, ``ok``, ``queries``); CheckFailed on a timeout."""
    resolver = Resolver(spec.get("server") or common["server"], spec.get("port") or common["port"], common["timeout"])
    domain, records = spec["domain"], spec["records"]
    deadline = time.time() + common["wait_timeout"]
    while True:
        results, _lookup = run_checks(resolver, domain, records, spec.get("mail_from_domains") or [], spec.get("spf_names") or [])
        missing = [r for r in results if r["status"] == "fail" and r["check"] not in POLICY_CHECKS]
        if not common["wait"] or not missing:
            break
        if time.time() >= deadline:
            raise CheckFailed(
                "%s: timed out after %d s; still not served: %s" % (domain, common["wait_timeout"], "; ".join(r["evidence"] for r in missing)),
                dict(domain=domain, checks=results, queries=resolver.queries),
            )
        time.sleep(common["wait_delay"])
    summary = _auth_checks.summary(results)
    return dict(domain=domain, checks=results, summary=summary, ok=summary["fail"] == 0, queries=resolver.queries)


def _domain_spec(module, item, where):
    try:
        domain = absolute(item.get("domain"), where="%s.domain" % where if where else "domain")[:-1]
    except RecordError as exc:
        module.fail_json(msg="; ".join(exc.problems))
    records = normalise_records(module, item.get("expected_records") or [])
    if item.get("bimi"):
        try:
            selector, value = _bimi.build_from_options(item["bimi"])
        except _bimi.BimiError as exc:
            module.fail_json(msg="; ".join(exc.problems), problems=exc.problems)
        records.append(dict(name=_bimi.record_name(domain, selector), type="TXT", ttl=300, values=[value], placeholder=False))
    return dict(item, domain=domain, records=records)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            domain=dict(type="str"),
            domains=dict(type="list", elements="dict"),
            concurrency=dict(type="int", default=4),
            expected_records_by_domain=dict(type="dict", default={}),
            expected_records=dict(type="list", elements="dict", default=[]),
            bimi=dict(
                type="dict",
                options=dict(logo_url=dict(type="str", required=True), authority_url=dict(type="str"), selector=dict(type="str", default="default")),
            ),
            mail_from_domains=dict(type="list", elements="str", default=[]),
            spf_names=dict(type="list", elements="str", default=[]),
            server=dict(type="str"),
            port=dict(type="int", default=53),
            timeout=dict(type="float", default=3),
            wait=dict(type="bool", default=False),
            wait_timeout=dict(type="int", default=300),
            wait_delay=dict(type="float", default=5),
            fail_on=dict(type="str", choices=["fail", "warn", "never"], default="never"),
        ),
        supports_check_mode=True,
        required_one_of=[["domain", "domains"]],
        mutually_exclusive=[["domain", "domains"]],
    )
    params = module.params
    single = params["domains"] is None
    if single:
        items = [{k: params[k] for k in ("domain", "expected_records", "mail_from_domains", "spf_names", "bimi")}]
    else:
        by_domain = params["expected_records_by_domain"]
        items = [dict(item, expected_records=item.get("expected_records") or by_domain.get(item.get("domain")) or []) for item in params["domains"]]
    specs = [_domain_spec(module, item, None if single else "domains[%d]" % index) for index, item in enumerate(items)]
    try:
        outputs = list(in_parallel(lambda spec: check_one(spec, params), specs, params["concurrency"]))
    except ResolverError as exc:
        module.fail_json(msg=str(exc))
    except CheckFailed as exc:
        module.fail_json(msg=str(exc) if not single else str(exc).split(": ", 1)[1], **exc.output)
    results = [check for output in outputs for check in output["checks"]]
    if single:
        output = dict(changed=False, **outputs[0])
    else:
        summary = _auth_checks.summary(results)
        output = dict(changed=False, results=outputs, summary=summary, ok=summary["fail"] == 0, queries=sum(o["queries"] for o in outputs))
    if params["fail_on"] != "never":
        threshold = SEVERITY[params["fail_on"]]
        bad = [r for r in results if SEVERITY[r["status"]] >= threshold]
        if bad:
            module.fail_json(
                msg="%d check(s) at or above '%s': %s"
                % (len(bad), params["fail_on"], "; ".join("%s %s: %s" % (r["check"], r["name"], r["evidence"]) for r in bad)),
                **output,
            )
    module.exit_json(**dict(output, **_invocation.compact(module, INPUTS)))


if __name__ == "__main__":
    main()
