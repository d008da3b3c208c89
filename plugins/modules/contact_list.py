#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: contact_list
short_description: Manage the Amazon SES v2 contact list (subscription management, one-click unsubscribe)
version_added: 0.1.0
description:
  - Manages the account's SES contact list and its topics. SES subscription management adds the
    C(List-Unsubscribe) and C(List-Unsubscribe-Post) (C(List-Unsubscribe=One-Click)) headers (RFC 8058) to mail sent
    with a topic, which the Gmail and Yahoo bulk-sender rules require.
  - SES allows one contact list per account and region, with at most 20 topics.
author:
  - mailops.ses maintainers (@mailops)
options:
  name:
    description: Name of the contact list.
    type: str
    required: true
  state:
    description: V(present) or V(absent).
    type: str
    choices: [present, absent]
    default: present
  description:
    description: Description of the list.
    type: str
  topics:
    description: Topics recipients can subscribe to. Unset leaves topics alone.
    type: list
    elements: dict
    suboptions:
      name:
        description: Topic name (as used in the C(TopicName) of a send).
        type: str
        required: true
      display_name:
        description: Name shown on the unsubscribe page.
        type: str
        required: true
      description:
        description: Description shown on the unsubscribe page.
        type: str
      default_subscription_status:
        description: Whether contacts are in or out of the topic until they choose.
        type: str
        choices: [OPT_IN, OPT_OUT]
        default: OPT_OUT
  purge_topics:
    description: Remove topics not listed in O(topics).
    type: bool
    default: true
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
notes:
  - Check mode and diff mode are supported.
"""

EXAMPLES = r"""
- name: One-click unsubscribe for newsletters and offers
  mailops.ses.contact_list:
    name: customers
    description: Everyone who bought something
    topics:
      - name: newsletter
        display_name: Monthly newsletter
        default_subscription_status: OPT_IN
      - name: offers
        display_name: Special offers
"""

RETURN = r"""
contact_list:
  description: The contact list after the run; empty when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name.
      type: str
    description:
      description: Description.
      type: str
    topics:
      description: Topics, in the module's option format.
      type: list
      elements: dict
operations:
  description: The SES operations the run made (or would make in check mode).
  returned: always
  type: list
  elements: str
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.mailops.ses.plugins.module_utils._aws import calls as _ses

MAX_TOPICS = 20


def topics_api(topics):
    result = []
    for topic in topics:
        api = {
            "TopicName": topic["name"],
            "DisplayName": topic["display_name"],
            "DefaultSubscriptionStatus": topic.get("default_subscription_status") or "OPT_OUT",
        }
        if topic.get("description") is not None:
            api["Description"] = topic["description"]
        result.append(api)
    return result


def topics_view(api):
    return [
        dict(
            name=t["TopicName"],
            display_name=t.get("DisplayName"),
            description=t.get("Description"),
            default_subscription_status=t.get("DefaultSubscriptionStatus"),
        )
        for t in api
    ]


def desired_topics(current, params):
    """Topics after the run, as API dicts sorted by name."""
    have = {t["TopicName"]: t for t in (current or {}).get("Topics") or []}
    if params["topics"] is None:
        return sorted(have.values(), key=lambda t: t["TopicName"])
    want = {t["TopicName"]: t for t in topics_api(params["topics"])}
    if not params["purge_topics"]:
        for name, topic in have.items():
            want.setdefault(name, topic)
    return sorted(want.values(), key=lambda t: t["TopicName"])


def validate(params):
    problems = []
    names = [t["name"] for t in params["topics"] or []]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append("topics: the name '%s' is used twice" % name)
    if len(set(names)) > MAX_TOPICS:
        problems.append("topics: %d topics; SES allows at most %d per contact list" % (len(set(names)), MAX_TOPICS))
    return problems


def main():
    module = AnsibleAWSModule(
        argument_spec=dict(
            name=dict(type="str", required=True),
            state=dict(type="str", choices=["present", "absent"], default="present"),
            description=dict(type="str"),
            topics=dict(
                type="list",
                elements="dict",
                options=dict(
                    name=dict(type="str", required=True),
                    display_name=dict(type="str", required=True),
                    description=dict(type="str"),
                    default_subscription_status=dict(type="str", choices=["OPT_IN", "OPT_OUT"], default="OPT_OUT"),
                ),
            ),
            purge_topics=dict(type="bool", default=True),
        ),
        supports_check_mode=True,
    )
    params = module.params
    problems = validate(params)
    if problems:
        module.fail_json(msg="; ".join(problems), problems=problems)
    ses = _ses.Recorder(module.client("sesv2", retry_decorator=_ses.retry_decorator()))
    name = params["name"]
    try:
        current = ses("get_contact_list", missing_ok=True, ContactListName=name)
        if params["state"] == "absent":
            ops = [("delete_contact_list", {"ContactListName": name})] if current else []
            after = {}
        else:
            topics = desired_topics(current, params)
            description = params["description"] if params["description"] is not None else (current or {}).get("Description")
            kwargs = {"ContactListName": name, "Topics": topics}
            if description is not None:
                kwargs["Description"] = description
            if current is None:
                ops = [("create_contact_list", kwargs)]
            else:
                have = sorted(current.get("Topics") or [], key=lambda t: t["TopicName"])
                changed = have != topics or description != current.get("Description")
                ops = [("update_contact_list", kwargs)] if changed else []
            after = dict(name=name, description=description, topics=topics_view(topics))
        if not module.check_mode:
            for operation, kwargs in ops:
                ses(operation, **kwargs)
    except _ses.SesError as exc:
        _ses.fail(module, exc)
    before = dict(name=name, description=current.get("Description"), topics=topics_view(current.get("Topics") or [])) if current else {}
    result = dict(changed=bool(ops), contact_list=after, operations=[op for op, _k in ops], api_calls={"reads": ses.reads, "writes": ses.writes})
    if module._diff:
        result["diff"] = {"before": before, "after": after}
    module.exit_json(**result)


if __name__ == "__main__":
    main()
