# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SES Auto Validation settings, shared by the account and configuration sets (pure).

The account keeps them in ``SuppressionAttributes.ValidationAttributes`` (``PutAccountSuppressionAttributes``), a
configuration set in ``SuppressionOptions.ValidationOptions`` (``PutConfigurationSetSuppressionOptions``). Both
calls are PUTs of the whole suppression block: the suppressed reasons and the validation settings are always
sent together, each taken from the run's options or else from what SES has, so changing one keeps the other.

The module option is ``validation: {enabled, confidence_threshold}``; its view is the same dict, or None when
SES has no validation settings at that level.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

CONFIDENCE_THRESHOLDS = ("MEDIUM", "HIGH", "MANAGED")
# what Ansible's bool conversion takes, as the module will see the value
TRUE_WORDS = ("y", "yes", "on", "1", "true", "t")
BOOLEAN_WORDS = TRUE_WORDS + ("n", "no", "off", "0", "false", "f")


def option():
    """The ``validation`` option of the account and configuration_set modules."""
    return dict(
        type="dict",
        options=dict(
            enabled=dict(type="bool", required=True),
            confidence_threshold=dict(type="str", choices=list(CONFIDENCE_THRESHOLDS)),
        ),
    )


def view(api):
    """``{enabled, confidence_threshold}`` of a ``ValidationAttributes``/``ValidationOptions`` block, None when absent."""
    if not api:
        return None
    condition = api.get("ConditionThreshold") or {}
    return {
        "enabled": condition.get("ConditionThresholdEnabled") == "ENABLED",
        "confidence_threshold": (condition.get("OverallConfidenceThreshold") or {}).get("ConfidenceVerdictThreshold"),
    }


def to_api(settings):
    """The API block of a view; None stays None. Without a threshold, ``OverallConfidenceThreshold`` is left out."""
    if settings is None:
        return None
    condition = {"ConditionThresholdEnabled": "ENABLED" if settings["enabled"] else "DISABLED"}
    if settings.get("confidence_threshold"):
        condition["OverallConfidenceThreshold"] = {"ConfidenceVerdictThreshold": settings["confidence_threshold"]}
    return {"ConditionThreshold": condition}


def wanted(current, requested):
    """The settings after a run: ``requested`` (the option) over ``current`` (a view or None).

    No option keeps the current settings; an option without ``confidence_threshold`` keeps the current threshold.
    """
    if requested is None:
        return current
    threshold = requested.get("confidence_threshold")
    if threshold is None and current is not None:
        threshold = current["confidence_threshold"]
    enabled = requested["enabled"]
    return {"enabled": enabled if isinstance(enabled, bool) else str(enabled).lower() in TRUE_WORDS, "confidence_threshold": threshold}


def problems(value, where):
    """Problems of a ``validation`` value that no argument spec checked (the inventory), each naming ``where``."""
    if value is None:
        return []
    if not isinstance(value, dict):
        return ["%s must be a dict such as {enabled: true, confidence_threshold: MANAGED}" % where]
    found = []
    enabled = value.get("enabled")
    if not isinstance(enabled, bool) and str(enabled).lower() not in BOOLEAN_WORDS:
        found.append("%s.enabled is required: true or false (got %r)" % (where, value.get("enabled")))
    threshold = value.get("confidence_threshold")
    if threshold is not None and threshold not in CONFIDENCE_THRESHOLDS:
        found.append("%s.confidence_threshold '%s' is not one of %s" % (where, threshold, ", ".join(CONFIDENCE_THRESHOLDS)))
    return found
