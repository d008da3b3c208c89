#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: account
short_description: Manage Amazon SES v2 account settings, including the production-access request
version_added: 0.1.0
description:
  - Requests production access (out of the SES sandbox) with the details AWS reviews, per region.
    The request is sent only when none exists yet or when its details differ; once AWS has decided, SES refuses
    changes with C(ConflictException) and the module says so.
  - Manages account-level sending, suppression reasons and Virtual Deliverability Manager.
  - Returns whether the account is still in the sandbox, its send quota and its enforcement status.
author:
  - mailops.ses maintainers (@mailops)
options:
  production_access:
    description: Details of the production-access request. Unset leaves the request alone.
    type: dict
    suboptions:
      mail_type:
        description: What you send.
        type: str
        choices: [MARKETING, TRANSACTIONAL]
        required: true
      website_url:
        description: Your website.
        type: str
        required: true
      use_case_description:
        description: How you collect addresses, what you send and how you handle bounces and complaints.
        type: str
      contact_language:
        description: Language AWS uses to contact you.
        type: str
        choices: [EN, JA]
        default: EN
      additional_contact_email_addresses:
        description: Up to four more addresses AWS informs about the request.
        type: list
        elements: str
  sending_enabled:
    description: Enable or disable sending for the whole account in this region.
    type: bool
  suppression_reasons:
    description: Account-level suppression list reasons (V(BOUNCE), V(COMPLAINT)); V([]) turns suppression off.
    type: list
    elements: str
  vdm:
    description: Virtual Deliverability Manager.
    type: dict
    suboptions:
      enabled:
        description: Turn VDM on or off.
        type: bool
        required: true
      engagement_metrics:
        description: Engagement metrics (opens, clicks).
        type: bool
      optimized_shared_delivery:
        description: Optimized shared delivery.
        type: bool
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - Check mode and diff mode are supported.
"""

EXAMPLES = r"""
- name: Ask for production access and keep suppression on
  mailops.ses.account:
    region: eu-west-1
    production_access:
      mail_type: TRANSACTIONAL
      website_url: https://example.com
      use_case_description: >-
        Order confirmations and password resets for customers who signed up on example.com.
        We process bounces and complaints through SNS and stop sending to those addresses.
      additional_contact_email_addresses: [mail-ops@example.com]
    suppression_reasons: [BOUNCE, COMPLAINT]
    vdm:
      enabled: true
      engagement_metrics: true
  register: account

- name: Still in the sandbox?
  ansible.builtin.debug:
    msg: "{{ 'sandboxed' if account.account.sandbox else 'in production' }} ({{ account.account.review_status }})"
"""

RETURN = r"""
account:
  description: The account settings after the run (predicted in check mode).
  returned: always
  type: dict
  contains:
    sandbox:
      description: True while the account is in the SES sandbox in this region.
      type: bool
    production_access_enabled:
      description: The opposite of RV(account.sandbox).
      type: bool
    review_status:
      description: Status of the production-access request (C(PENDING), C(GRANTED), C(DENIED), C(FAILED)), or null.
      type: str
    case_id:
      description: Support case of the request.
      type: str
    send_quota:
      description: C(max_24_hour_send), C(max_send_rate), C(sent_last_24_hours).
      type: dict
    enforcement_status:
      description: C(HEALTHY), C(PROBATION) or C(SHUTDOWN).
      type: str
    sending_enabled:
      description: Whether the account can send.
      type: bool
    suppression_reasons:
      description: Account-level suppression reasons.
      type: list
      elements: str
    vdm:
      description: VDM state.
      type: dict
    details:
      description: Production-access request details.
      type: dict
operations:
  description: The SES operations the run made (or would make in check mode).
  returned: always
  type: list
  elements: str
"""

import copy

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws import calls as _ses


def feature(flag):
    return "ENABLED" if flag else "DISABLED"


def view(response):
    details = response.get("Details") or {}
    review = details.get("ReviewDetails") or {}
    quota = response.get("SendQuota") or {}
    vdm = response.get("VdmAttributes") or {}
    return {
        "sandbox": not response.get("ProductionAccessEnabled", False),
        "production_access_enabled": bool(response.get("ProductionAccessEnabled", False)),
        "review_status": review.get("Status"),
        "case_id": review.get("CaseId"),
        "send_quota": {
            "max_24_hour_send": quota.get("Max24HourSend"),
            "max_send_rate": quota.get("MaxSendRate"),
            "sent_last_24_hours": quota.get("SentLast24Hours"),
        },
        "enforcement_status": response.get("EnforcementStatus"),
        "sending_enabled": response.get("SendingEnabled", True),
        "suppression_reasons": sorted((response.get("SuppressionAttributes") or {}).get("SuppressedReasons") or []),
        "vdm": {
            "enabled": vdm.get("VdmEnabled") == "ENABLED",
            "engagement_metrics": (vdm.get("DashboardAttributes") or {}).get("EngagementMetrics") == "ENABLED",
            "optimized_shared_delivery": (vdm.get("GuardianAttributes") or {}).get("OptimizedSharedDelivery") == "ENABLED",
        },
        "details": {
            "mail_type": details.get("MailType"),
            "website_url": details.get("WebsiteURL"),
            "use_case_description": details.get("UseCaseDescription"),
            "contact_language": details.get("ContactLanguage"),
            "additional_contact_email_addresses": details.get("AdditionalContactEmailAddresses") or [],
        },
    }


def plan(current, params):
    ops = []
    wanted = params["production_access"]
    if wanted:
        want = {
            "mail_type": wanted["mail_type"],
            "website_url": wanted["website_url"],
            "use_case_description": wanted.get("use_case_description"),
            "contact_language": wanted.get("contact_language") or "EN",
            "additional_contact_email_addresses": wanted.get("additional_contact_email_addresses") or [],
        }
        if current["review_status"] is None or want != current["details"]:
            kwargs = {
                "MailType": want["mail_type"],
                "WebsiteURL": want["website_url"],
                "ContactLanguage": want["contact_language"],
                "ProductionAccessEnabled": True,
            }
            if want["use_case_description"]:
                kwargs["UseCaseDescription"] = want["use_case_description"]
            if want["additional_contact_email_addresses"]:
                kwargs["AdditionalContactEmailAddresses"] = want["additional_contact_email_addresses"]
            ops.append(("put_account_details", kwargs, {"details": want, "review_status": current["review_status"] or "PENDING"}))
    if params["sending_enabled"] is not None and params["sending_enabled"] != current["sending_enabled"]:
        ops.append(("put_account_sending_attributes", {"SendingEnabled": params["sending_enabled"]}, {"sending_enabled": params["sending_enabled"]}))
    if params["suppression_reasons"] is not None:
        reasons = sorted({r.upper() for r in params["suppression_reasons"]})
        if reasons != current["suppression_reasons"]:
            ops.append(("put_account_suppression_attributes", {"SuppressedReasons": reasons}, {"suppression_reasons": reasons}))
    vdm = params["vdm"]
    if vdm:
        want = {
            "enabled": vdm["enabled"],
            "engagement_metrics": current["vdm"]["engagement_metrics"] if vdm.get("engagement_metrics") is None else vdm["engagement_metrics"],
            "optimized_shared_delivery": current["vdm"]["optimized_shared_delivery"]
            if vdm.get("optimized_shared_delivery") is None
            else vdm["optimized_shared_delivery"],
        }
        if want != current["vdm"]:
            ops.append(
                (
                    "put_account_vdm_attributes",
                    {
                        "VdmAttributes": {
                            "VdmEnabled": feature(want["enabled"]),
                            "DashboardAttributes": {"EngagementMetrics": feature(want["engagement_metrics"])},
                            "GuardianAttributes": {"OptimizedSharedDelivery": feature(want["optimized_shared_delivery"])},
                        }
                    },
                    {"vdm": want},
                )
            )
    return ops


def validate(params):
    problems = []
    for reason in params["suppression_reasons"] or []:
        if reason.upper() not in ("BOUNCE", "COMPLAINT"):
            problems.append("suppression_reasons: '%s' is not one of BOUNCE, COMPLAINT" % reason)
    extra = (params["production_access"] or {}).get("additional_contact_email_addresses") or []
    if len(extra) > 4:
        problems.append("production_access.additional_contact_email_addresses: at most 4 addresses, got %d" % len(extra))
    for address in extra:
        if "@" not in address:
            problems.append("production_access.additional_contact_email_addresses: '%s' is not an email address" % address)
    url = (params["production_access"] or {}).get("website_url")
    if url is not None and not url.startswith(("http://", "https://")):
        problems.append("production_access.website_url '%s' must start with https:// or http://" % url)
    return problems


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            production_access=dict(
                type="dict",
                options=dict(
                    mail_type=dict(type="str", choices=["MARKETING", "TRANSACTIONAL"], required=True),
                    website_url=dict(type="str", required=True),
                    use_case_description=dict(type="str"),
                    contact_language=dict(type="str", choices=["EN", "JA"], default="EN"),
                    additional_contact_email_addresses=dict(type="list", elements="str"),
                ),
            ),
            sending_enabled=dict(type="bool"),
            suppression_reasons=dict(type="list", elements="str"),
            vdm=dict(
                type="dict",
                options=dict(
                    enabled=dict(type="bool", required=True),
                    engagement_metrics=dict(type="bool"),
                    optimized_shared_delivery=dict(type="bool"),
                ),
            ),
        ),
        supports_check_mode=True,
    )
    problems = validate(module.params)
    if problems:
        module.fail_json(msg="; ".join(problems), problems=problems)
    ses = _ses.Recorder(module.client("sesv2", retry_decorator=_ses.retry_decorator()))
    try:
        current = view(ses("get_account"))
        ops = plan(current, module.params)
        after = copy.deepcopy(current)
        for _operation, _kwargs, effect in ops:
            after.update(effect)
        if ops and not module.check_mode:
            for operation, kwargs, _effect in ops:
                try:
                    ses(operation, **kwargs)
                except _ses.SesError as exc:
                    if exc.code == "ConflictException" and operation == "put_account_details":
                        module.fail_json(
                            msg="SES refused the production-access details for %s: the request was already decided "
                            "(review status %s, case %s). Changes after a decision go through AWS Support; remove or "
                            "restore production_access to match the decided request." % (module.region, current["review_status"], current["case_id"]),
                            error={"code": exc.code, "message": exc.aws_message},
                            account=current,
                        )
                    raise
            after = view(ses("get_account"))
    except _ses.SesError as exc:
        _ses.fail(module, exc)
    result = dict(changed=bool(ops), account=after, operations=[op[0] for op in ops], api_calls={"reads": ses.reads, "writes": ses.writes})
    if module._diff:
        result["diff"] = {"before": current, "after": after}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
