#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: dns_record_sets
short_description: Publish DNS record sets to Route 53, an RFC 2136 server, a zone file or an octoDNS provider, without clobbering others
version_added: 0.1.0
description:
  - Brings the listed record sets of one zone to the wanted state on Route 53, on any RFC 2136 server (BIND, Knot,
    PowerDNS) with TSIG, in a BIND-format zone file, or through an octoDNS provider class (PowerDNS's HTTP API,
    Cloudflare, Azure DNS, Google Cloud DNS, NS1...).
  - Ownership is explicit. O(mode=merge) (the default) adds the listed values and never removes a value it did not
    list, so several SES accounts can share C(_amazonses) or one SPF record. O(mode=replace) makes each listed set
    exactly what is listed. O(state=absent) removes only the listed values.
  - Every record is validated before any write; each zone is changed atomically where the provider allows
    (one Route 53 batch, one RFC 2136 UPDATE, one file rename). Writes carry the exact values read, so a concurrent
    writer makes the write fail and the module re-reads and re-plans instead of overwriting.
  - A plan that would delete more than O(delete_threshold) percent of the zone's values is refused unless O(force=true).
author:
  - mailops.ses maintainers (@mailops)
options:
  provider:
    description: Where the zone lives.
    type: str
    choices: [route53, rfc2136, zonefile, octodns]
    required: true
  zone:
    description: The zone (for example V(example.com)). Relative record names are relative to it.
    type: str
    required: true
  record_sets:
    description:
      - Record sets C({name, type, ttl, values}). A record name may be absolute (trailing dot, or ending with
        the zone) or relative to the zone; V(@) is the apex.
      - TXT values are plain text (C(v=spf1 include:amazonses.com ~all)); a value starting with a double quote is read
        as zone-file presentation format (quoted strings, C(\\DDD) escapes). Long values are split into 255-byte strings.
      - SPF values (C(v=spf1 ...)) are checked before any I/O (syntax, at most 10 DNS lookups); several SPF values at
        one name are merged into one record, as receivers treat two as a permanent error.
    type: list
    elements: dict
    required: true
  remove_record_sets:
    description:
      - Values to take out in the same plan, after O(record_sets) are applied (absent semantics, only the listed
        values). Lets one run publish one tenant's values and retire another's in a single atomic write.
    type: list
    elements: dict
    default: []
  state:
    description: V(present) publishes the values; V(absent) removes only the listed values.
    type: str
    choices: [present, absent]
    default: present
  mode:
    description: Ownership for O(state=present) (see the description).
    type: str
    choices: [merge, replace]
    default: merge
  delete_threshold:
    description: Refuse a plan that deletes more than this percentage of the zone's values (zones of 10+ values).
    type: int
    default: 30
  force:
    description: Apply a plan even when it passes O(delete_threshold).
    type: bool
    default: false
  conflict_retries:
    description: How many times to re-read and re-plan when a concurrent writer changed the zone.
    type: int
    default: 3
  hosted_zone_id:
    description: Route 53 hosted zone id; found by name when unset.
    type: str
  private_zone:
    description: With O(provider=route53), use the private hosted zone of that name instead of the public one.
    type: bool
    default: false
  wait:
    description: With O(provider=route53), wait until Route 53 reports the change INSYNC.
    type: bool
    default: false
  wait_timeout:
    description: Seconds to wait with O(wait=true).
    type: int
    default: 300
  server:
    description: RFC 2136 server address (IP or host name).
    type: str
  port:
    description: RFC 2136 server port (TCP).
    type: int
    default: 53
  key_name:
    description: TSIG key name (RFC 2136). Required with O(provider=rfc2136).
    type: str
  key_secret:
    description: TSIG key secret, base64 (RFC 2136). Never logged.
    type: str
  key_algorithm:
    description: TSIG algorithm.
    type: str
    choices: [hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512]
    default: hmac-sha256
  timeout:
    description: Seconds to wait for an RFC 2136 server to answer.
    type: int
    default: 10
  path:
    description: Zone file (O(provider=zonefile)). Managed values live in a marked block; other lines are kept.
    type: path
  bump_serial:
    description: Increment the SOA serial of the zone file when it changes.
    type: bool
    default: true
  octodns:
    description:
      - With O(provider=octodns), the octoDNS provider class to write through and its options. Required with
        O(provider=octodns).
      - C(class) is the dotted path of an octoDNS provider class, for example C(octodns_powerdns.PowerDnsProvider);
        every other key is passed to that class as a keyword argument, as in an entry of octoDNS's C(providers) map
        (C(octodns_powerdns.PowerDnsProvider) takes C(host), C(port), C(api_key), and optionally C(scheme), C(ssl_verify),
        C(timeout)). See docs/dns.md for the classes and keys of Cloudflare, Azure DNS, Google Cloud DNS, NS1 and PowerDNS.
      - The whole option is secret (C(no_log)); none of its values appears in the output, the diff, C(-vvv) or error
        messages, which name the class and its pip package only. Ansible masks every text that contains one of its
        values, so a record value holding one (for example an A record with the API host's address) shows as C(********).
      - Needs C(octodns) and the class's package (C(pip install octodns octodns-powerdns)) on the host that runs the module.
        A class that is not installed, is not an octoDNS provider, or does not support a record type the plan needs
        fails before any write, naming the package or the type.
      - octoDNS's own update/delete safety thresholds do not apply; O(delete_threshold) and O(force) do.
    type: dict
    version_added: 0.2.0
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - mailops.ses.attributes
  - mailops.ses.attributes.writes
notes:
  - The C(invocation) of a successful run gives O(record_sets) and O(remove_record_sets) as a count of their items
    (the whole arguments are in the result at C(-vvv) and after a failure), since at a thousand identities the echo
    of these inputs was a fifth of the data Ansible moves and copies per task, and of every job event AWX stores.
  - Check mode and diff mode are supported; check mode makes no write call.
  - The AWS options matter only for O(provider=route53), and only then is boto3 needed; O(provider=rfc2136) and
    O(provider=zonefile) need dnspython only. For a zone in a central DNS account, pass that account's credentials
    (for example from M(mailops.ses.aws_session)).
  - With O(provider=octodns) there is no compare-and-set (octoDNS and PowerDNS's HTTP API have none). The module re-reads
    the touched record sets right before the write and re-plans when they changed, and checks them after the write; a
    writer in the milliseconds between that re-read and the write is not detected.
seealso:
  - module: mailops.ses.email_identity
  - module: mailops.ses.email_auth_check
"""

EXAMPLES = r"""
- name: Publish what an SES identity needs, next to whatever else the zone holds
  mailops.ses.dns_record_sets:
    provider: route53
    zone: example.com
    record_sets: "{{ identity.dns_records }}"

- name: DMARC and the legacy verification value of a second account (merged, nothing lost)
  mailops.ses.dns_record_sets:
    provider: route53
    zone: example.com
    record_sets:
      - name: _dmarc
        type: TXT
        values: ["{{ 'quarantine' | mailops.ses.dmarc_record(rua=['dmarc@example.com']) }}"]
      - name: _amazonses
        type: TXT
        values: [QTKknzFg2J4ygwa+XvHAxUl1hyHoY0gVfZdfjIedHZ0=]

- name: The same on BIND with TSIG
  mailops.ses.dns_record_sets:
    provider: rfc2136
    zone: example.com
    server: ns1.example.com
    key_name: ddns-key
    key_secret: "{{ vault_tsig_secret }}"
    record_sets:
      - name: mail
        type: MX
        values: ["10 feedback-smtp.eu-west-1.amazonses.com"]

- name: Keep a zone file in Git up to date
  mailops.ses.dns_record_sets:
    provider: zonefile
    zone: example.com
    path: /srv/dns/zones/example.com.db
    record_sets:
      - name: _dmarc
        type: TXT
        values: ["v=DMARC1; p=none; rua=mailto:dmarc@example.com"]

- name: The same through octoDNS on PowerDNS's HTTP API (the octodns option is secret)
  mailops.ses.dns_record_sets:
    provider: octodns
    zone: example.com
    octodns:
      class: octodns_powerdns.PowerDnsProvider
      host: pdns.example.com
      port: 8081
      api_key: "{{ vault_powerdns_api_key }}"
    record_sets:
      - name: _dmarc
        type: TXT
        values: ["v=DMARC1; p=none; rua=mailto:dmarc@example.com"]

- name: Offboarding - remove only this account's values
  mailops.ses.dns_record_sets:
    provider: route53
    zone: example.com
    state: absent
    record_sets:
      - name: _amazonses
        type: TXT
        values: [QTKknzFg2J4ygwa+XvHAxUl1hyHoY0gVfZdfjIedHZ0=]
"""

RETURN = r"""
changes:
  description: The planned changes (applied unless check mode), each with the exact record set before and after.
  returned: always
  type: list
  elements: dict
  sample:
    - action: update
      name: _amazonses.example.com.
      type: TXT
      before: {name: _amazonses.example.com., type: TXT, ttl: 300, values: [token-one]}
      after: {name: _amazonses.example.com., type: TXT, ttl: 300, values: [token-one, token-two]}
summary:
  description: Number of record sets created, updated and deleted.
  returned: always
  type: dict
  sample: {create: 3, update: 1, delete: 0}
record_sets:
  description: The validated, normalised record sets that were asked for.
  returned: always
  type: list
  elements: dict
attempts:
  description: Read-plan-write rounds needed (more than 1 when a concurrent writer was detected).
  returned: always
  type: int
api_calls:
  description:
    - Provider reads and writes made by this run.
    - With O(provider=octodns), reads are octoDNS C(populate) calls (one to plan, one inside the provider's C(plan) and
      one to verify after a write) and writes are C(apply) calls (one per plan; one HTTP PATCH with PowerDNS).
  returned: always
  type: dict
  sample: {reads: 2, writes: 1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.botocore import HAS_BOTO3
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils import _invocation
from ansible_collections.mailops.ses.plugins.module_utils._aws import clients
from ansible_collections.mailops.ses.plugins.module_utils._aws.calls import route53_retry_decorator
from ansible_collections.mailops.ses.plugins.module_utils._dns import providers
from ansible_collections.mailops.ses.plugins.module_utils._dns.plan import PlanError
from ansible_collections.mailops.ses.plugins.module_utils._dns.publish import ProviderError, publish
from ansible_collections.mailops.ses.plugins.module_utils._dns.record_sets import argument_spec, validate
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import absolute


def main():
    # boto3 is checked only for Route 53: a zone file or an RFC 2136 server needs dnspython alone
    module = AnsibleAWSModule(argument_spec=argument_spec(), supports_check_mode=True, check_boto3=False)
    params = module.params
    problems, record_sets, removals = validate(params)
    if params["provider"] == "route53" and not HAS_BOTO3:
        problems.append("provider=route53 needs boto3 and botocore on the host that runs the module: pip install boto3")
    if problems:
        module.fail_json(msg="; ".join(problems), problems=problems)
    mode = "absent" if params["state"] == "absent" else params["mode"]
    provider = None
    try:
        provider = providers.make(params, lambda: clients.client(module, "route53", retry_decorator=route53_retry_decorator()))
        result = publish(
            provider, absolute(params["zone"]), record_sets, mode, module.check_mode, params["delete_threshold"], params["force"],
            max_attempts=params["conflict_retries"] + 1, removals=removals,
        )  # fmt: skip
    except PlanError as exc:
        module.fail_json(msg="; ".join(exc.problems), problems=exc.problems, api_calls=_calls(provider))
    except ProviderError as exc:
        module.fail_json(msg=str(exc), api_calls=_calls(provider))
    output = dict(
        changed=bool(result.plan),
        changes=result.plan.to_list(),
        summary=result.plan.summary(),
        record_sets=[r.to_dict() for r in record_sets],
        attempts=result.attempts,
        api_calls=_calls(provider),
    )
    if module._diff:
        output["diff"] = result.plan.diff()
    module.exit_json(**dict(output, **_invocation.compact(module, ("record_sets", "remove_record_sets"))))


def _calls(provider):
    return {"reads": provider.reads, "writes": provider.writes} if provider else {"reads": 0, "writes": 0}


if __name__ == "__main__":
    main()
