# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Filters for per-domain deliverability monitoring: the event destination and the alarm definitions."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.mailops.ses.plugins.module_utils import _monitoring


def ses_monitoring_destination(default_domain):
    """The CloudWatch event destination (ses:from-domain dimension) for a configuration set."""
    return _monitoring.event_destination(default_domain)


def ses_alarms(domains, configuration_sets=None, thresholds=None):
    """amazon.aws.cloudwatch_metric_alarm definitions: rate alarms per domain, reputation alarms per configuration set."""
    try:
        alarms = []
        for domain in domains or []:
            alarms.extend(_monitoring.domain_alarms(domain, thresholds))
        for name in configuration_sets or []:
            alarms.extend(_monitoring.configuration_set_alarms(name, thresholds))
        return alarms
    except ValueError as exc:
        raise AnsibleFilterError(str(exc))


def ses_guard_offenders(stats, domains_by_set, thresholds=None):
    """Configuration sets whose complaint rate (SES reputation metric, or a domain sending through it) is above
    ``pause_complaint_rate``: ``[{name, complaint_rate, source}]``."""
    try:
        limit = _monitoring.thresholds(thresholds)["pause_complaint_rate"]
    except ValueError as exc:
        raise AnsibleFilterError(str(exc))
    offenders = []
    for name, domains in sorted((domains_by_set or {}).items()):
        rate = ((stats.get("configuration_sets") or {}).get(name) or {}).get("complaint_rate")
        source = "Reputation.ComplaintRate of %s" % name
        for domain in domains:
            domain_rate = ((stats.get("domains") or {}).get(domain) or {}).get("complaint_rate")
            if domain_rate is not None and (rate is None or domain_rate > rate):
                rate, source = domain_rate, "complaints from %s" % domain
        if rate is not None and rate > limit:
            offenders.append({"name": name, "complaint_rate": round(rate, 4), "threshold": limit, "source": source})
    return offenders


def identities_using(configuration_set, identities):
    """Domains of ``identities`` (mailops_ses_identities) whose default configuration set is ``configuration_set``."""
    return sorted(set(i["identity"] for i in identities or []
                      if i.get("configuration_set") == configuration_set and "@" not in i.get("identity", "@")))


class FilterModule(object):
    def filters(self):
        return {
            "ses_monitoring_destination": ses_monitoring_destination,
            "ses_alarms": ses_alarms,
            "ses_guard_offenders": ses_guard_offenders,
            "identities_using": identities_using,
        }
