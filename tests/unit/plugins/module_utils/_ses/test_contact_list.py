"""Table tests for SES contact lists: validation, the topics after a run, the plan and the view."""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import contact_list as _contact_list


def params(**options):
    result = {"name": "newsletter", "state": "present", "description": None, "topics": None, "purge_topics": True}
    result.update(options)
    return result


def topic(name, display=None, description=None, status=None):
    return {"name": name, "display_name": display or name.title(), "description": description, "default_subscription_status": status}


def api(name, display=None, description=None, status="OPT_OUT"):
    result = {"TopicName": name, "DisplayName": display or name.title(), "DefaultSubscriptionStatus": status}
    if description is not None:
        result["Description"] = description
    return result


CURRENT = {
    "ContactListName": "newsletter",
    "Description": "Our news",
    "Topics": [api("weekly", description="Every week"), api("alerts", status="OPT_IN")],
}


def test_argument_spec():
    spec = _contact_list.argument_spec()
    assert spec["topics"]["options"]["default_subscription_status"] == dict(type="str", choices=["OPT_IN", "OPT_OUT"], default="OPT_OUT")
    assert spec["purge_topics"] == dict(type="bool", default=True)


def test_topics_api_and_view():
    topics = [topic("weekly", "Weekly", "Every week", "OPT_IN"), topic("alerts")]
    assert _contact_list.topics_api(topics) == [api("weekly", "Weekly", "Every week", "OPT_IN"), api("alerts")]
    assert _contact_list.topics_view([api("weekly", "Weekly", "Every week", "OPT_IN"), {"TopicName": "bare"}]) == [
        {"name": "weekly", "display_name": "Weekly", "description": "Every week", "default_subscription_status": "OPT_IN"},
        {"name": "bare", "display_name": None, "description": None, "default_subscription_status": None},
    ]


# ---------------------------------------------------------------- validate


@pytest.mark.parametrize(
    "topics, problems",
    [
        (None, []),
        ([], []),
        ([topic("a"), topic("b")], []),
        ([topic("a"), topic("b"), topic("a"), topic("b"), topic("a")], ["topics: the name 'a' is used twice", "topics: the name 'b' is used twice"]),
        ([topic("t%02d" % n) for n in range(20)], []),
        ([topic("t%02d" % n) for n in range(21)], ["topics: 21 topics; SES allows at most 20 per contact list"]),
        ([topic("t%02d" % n) for n in range(20)] + [topic("t00")], ["topics: the name 't00' is used twice"]),
    ],
)
def test_validate(topics, problems):
    assert _contact_list.validate(params(topics=topics)) == problems


# ---------------------------------------------------------------- desired_topics


@pytest.mark.parametrize(
    "current, topics, purge, result",
    [
        (None, None, True, []),
        (CURRENT, None, True, [api("alerts", status="OPT_IN"), api("weekly", description="Every week")]),
        (CURRENT, [], True, []),
        (CURRENT, [], False, [api("alerts", status="OPT_IN"), api("weekly", description="Every week")]),
        (CURRENT, [topic("weekly", "Weekly news")], True, [api("weekly", "Weekly news")]),
        # without purge_topics the topics not listed stay, the listed ones are replaced
        (CURRENT, [topic("weekly", "Weekly news"), topic("deals")], False, [api("alerts", status="OPT_IN"), api("deals"), api("weekly", "Weekly news")]),
        (None, [topic("b"), topic("a", status="OPT_IN")], False, [api("a", status="OPT_IN"), api("b")]),
    ],
)
def test_desired_topics(current, topics, purge, result):
    assert _contact_list.desired_topics(current, params(topics=topics, purge_topics=purge)) == result


# ---------------------------------------------------------------- plan


def test_plan_create():
    ops, after = _contact_list.plan(None, params(description="Our news", topics=[topic("weekly", description="Every week"), topic("alerts", status="OPT_IN")]))
    assert ops == [
        (
            "create_contact_list",
            {"ContactListName": "newsletter", "Topics": [api("alerts", status="OPT_IN"), api("weekly", description="Every week")], "Description": "Our news"},
        )
    ]
    assert after == {
        "name": "newsletter",
        "description": "Our news",
        "topics": [
            {"name": "alerts", "display_name": "Alerts", "description": None, "default_subscription_status": "OPT_IN"},
            {"name": "weekly", "display_name": "Weekly", "description": "Every week", "default_subscription_status": "OPT_OUT"},
        ],
    }


def test_plan_create_bare():
    assert _contact_list.plan(None, params()) == (
        [("create_contact_list", {"ContactListName": "newsletter", "Topics": []})],
        {"name": "newsletter", "description": None, "topics": []},
    )


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"description": "Our news"},
        {"topics": [topic("alerts", status="OPT_IN"), topic("weekly", description="Every week")]},
        {"topics": [topic("weekly", description="Every week")], "purge_topics": False},
    ],
)
def test_plan_nothing_to_do(options):
    ops, after = _contact_list.plan(CURRENT, params(**options))
    assert ops == []
    assert after == _contact_list.view("newsletter", dict(CURRENT, Topics=sorted(CURRENT["Topics"], key=lambda t: t["TopicName"])))


@pytest.mark.parametrize(
    "options, kwargs",
    [
        (
            {"description": "New"},
            {"ContactListName": "newsletter", "Topics": [api("alerts", status="OPT_IN"), api("weekly", description="Every week")], "Description": "New"},
        ),
        (
            {"description": ""},
            {"ContactListName": "newsletter", "Topics": [api("alerts", status="OPT_IN"), api("weekly", description="Every week")], "Description": ""},
        ),
        ({"topics": []}, {"ContactListName": "newsletter", "Topics": [], "Description": "Our news"}),
        (
            {"topics": [topic("alerts", status="OPT_OUT")], "purge_topics": False},
            {"ContactListName": "newsletter", "Topics": [api("alerts"), api("weekly", description="Every week")], "Description": "Our news"},
        ),
    ],
)
def test_plan_update_sends_the_whole_list(options, kwargs):
    ops, after = _contact_list.plan(CURRENT, params(**options))
    assert ops == [("update_contact_list", kwargs)]
    assert after == {"name": "newsletter", "description": kwargs["Description"], "topics": _contact_list.topics_view(kwargs["Topics"])}


@pytest.mark.parametrize("current, ops", [(CURRENT, [("delete_contact_list", {"ContactListName": "newsletter"})]), (None, []), ({}, [])])
def test_plan_absent(current, ops):
    assert _contact_list.plan(current, params(state="absent", topics=[topic("a")])) == (ops, {})


# ---------------------------------------------------------------- view


def test_view():
    assert _contact_list.view("newsletter", None) == {}
    assert _contact_list.view("newsletter", {}) == {}
    assert _contact_list.view("newsletter", CURRENT) == {
        "name": "newsletter",
        "description": "Our news",
        "topics": [
            {"name": "weekly", "display_name": "Weekly", "description": "Every week", "default_subscription_status": "OPT_OUT"},
            {"name": "alerts", "display_name": "Alerts", "description": None, "default_subscription_status": "OPT_IN"},
        ],
    }
    assert _contact_list.view("newsletter", {"ContactListName": "newsletter"}) == {"name": "newsletter", "description": None, "topics": []}
