# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SES account settings of one account in one region: options, view, validation, plan (pure).

``plan`` returns ``(operation, kwargs, effect)`` triples: the call to make and what it changes in
the view, so the module predicts the state after the run without calling SES in check mode.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

from ansible_collections.mailops.ses.plugins.module_utils._ses import auto_validation as _auto_validation

SUPPRESSION_REASONS = ("BOUNCE", "COMPLAINT")
MAX_CONTACT_EMAILS = 4


def argument_spec():
    return dict(
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
        validation=_auto_validation.option(),
        vdm=dict(
            type="dict",
            options=dict(
                enabled=dict(type="bool", required=True),
                engagement_metrics=dict(type="bool"),
                optimized_shared_delivery=dict(type="bool"),
            ),
        ),
    )


def feature(flag):
    return "ENABLED" if flag else "DISABLED"


def view(response):
    details = response.get("Details") or {}
    review = details.get("ReviewDetails") or {}
    quota = response.get("SendQuota") or {}
    vdm = response.get("VdmAttributes") or {}
    suppression = response.get("SuppressionAttributes") or {}
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
        "suppression_reasons": sorted(suppression.get("SuppressedReasons") or []),
        "validation": _auto_validation.view(suppression.get("ValidationAttributes")),
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


def predict(current, ops):
    """The view after ``ops`` are applied."""
    after = copy.deepcopy(current)
    for _operation, _kwargs, effect in ops:
        after.update(effect)
    return after


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
    suppression = _suppression_op(current, params)
    if suppression:
        ops.append(suppression)
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


def _suppression_op(current, params):
    """The one ``PutAccountSuppressionAttributes`` for the reasons and Auto Validation, or None.

    The call replaces both: what the run does not set is sent as SES has it, so changing one keeps the other.
    """
    reasons = current["suppression_reasons"]
    if params.get("suppression_reasons") is not None:
        reasons = sorted({r.upper() for r in params["suppression_reasons"]})
    validation = _auto_validation.wanted(current.get("validation"), params.get("validation"))
    if reasons == current["suppression_reasons"] and validation == current.get("validation"):
        return None
    kwargs = {"SuppressedReasons": reasons}
    if validation is not None:
        kwargs["ValidationAttributes"] = _auto_validation.to_api(validation)
    return ("put_account_suppression_attributes", kwargs, {"suppression_reasons": reasons, "validation": validation})


def validate(params):
    problems = []
    for reason in params["suppression_reasons"] or []:
        if reason.upper() not in SUPPRESSION_REASONS:
            problems.append("suppression_reasons: '%s' is not one of BOUNCE, COMPLAINT" % reason)
    extra = (params["production_access"] or {}).get("additional_contact_email_addresses") or []
    if len(extra) > MAX_CONTACT_EMAILS:
        problems.append("production_access.additional_contact_email_addresses: at most %d addresses, got %d" % (MAX_CONTACT_EMAILS, len(extra)))
    for address in extra:
        if "@" not in address:
            problems.append("production_access.additional_contact_email_addresses: '%s' is not an email address" % address)
    url = (params["production_access"] or {}).get("website_url")
    if url is not None and not url.startswith(("http://", "https://")):
        problems.append("production_access.website_url '%s' must start with https:// or http://" % url)
    return problems
