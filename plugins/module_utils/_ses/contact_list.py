# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SES contact lists (subscription management, one-click unsubscribe): options, view, plan (pure)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

MAX_TOPICS = 20


def argument_spec():
    return dict(
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
    )


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


def view(name, response):
    """The module's view of a contact list from GetContactList (``{}`` when there is none)."""
    if not response:
        return {}
    return dict(name=name, description=response.get("Description"), topics=topics_view(response.get("Topics") or []))


def plan(current, params):
    """``(ops, after)``: the calls that bring the list to ``params`` and the view after them."""
    name = params["name"]
    if params["state"] == "absent":
        return ([("delete_contact_list", {"ContactListName": name})] if current else []), {}
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
    return ops, dict(name=name, description=description, topics=topics_view(topics))
