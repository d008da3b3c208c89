"""Table tests for tags as AWS takes them and the calls that bring them to the wanted ones."""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._aws import tags as _tags


@pytest.mark.parametrize(
    "tags, result",
    [
        (None, None),
        ({}, {}),
        (
            {"team": "mail", "count": 3, "on": True, "off": False, "empty": None, "ratio": 0.5},
            {"team": "mail", "count": "3", "on": "True", "off": "False", "empty": "", "ratio": "0.5"},
        ),
        ({1: "one"}, {"1": "one"}),
    ],
)
def test_strings(tags, result):
    assert _tags.strings(tags) == result


def test_as_list_and_from_list():
    assert _tags.as_list({"b": "2", "a": "1"}) == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    assert _tags.as_list({"b": "2"}, key="TagKey", value="TagValue") == [{"TagKey": "b", "TagValue": "2"}]
    assert _tags.as_list({}) == []
    assert _tags.from_list([{"Key": "a", "Value": "1"}, {"Key": "b"}]) == {"a": "1", "b": ""}
    assert _tags.from_list([{"TagKey": "a", "TagValue": "1"}], key="TagKey", value="TagValue") == {"a": "1"}
    assert _tags.from_list(None) == {}


def tag(*pairs):
    return ("tag_resource", {"ResourceArn": None, "Tags": [{"Key": k, "Value": v} for k, v in pairs]})


def untag(*keys):
    return ("untag_resource", {"ResourceArn": None, "TagKeys": list(keys)})


CURRENT = {"team": "mail", "old": "x", "mailops:paused-by-guard": "why", "mailops:dkim-key-fingerprint": "abc"}


@pytest.mark.parametrize(
    "current, wanted, purge, managed, unmanage, ops",
    [
        # None: the user's tags are left alone
        (CURRENT, None, True, None, (), []),
        (CURRENT, {"team": "mail", "old": "x"}, True, None, (), []),
        (CURRENT, {"team": "ops", "new": "1"}, True, None, (), [tag(("new", "1"), ("team", "ops")), untag("old")]),
        (CURRENT, {"team": "ops"}, False, None, (), [tag(("team", "ops"))]),
        # purging everything leaves the markers
        (CURRENT, {}, True, None, (), [untag("old", "team")]),
        ({}, {}, True, None, (), []),
        # managed markers are set only when they differ, whatever wanted is
        (CURRENT, None, True, {"mailops:dkim-key-fingerprint": "abc"}, (), []),
        (CURRENT, None, True, {"mailops:dkim-key-fingerprint": "def"}, (), [tag(("mailops:dkim-key-fingerprint", "def"))]),
        (
            {"team": "mail"},
            {"team": "mail", "b": "2"},
            True,
            {"mailops:paused-by-guard": "why"},
            (),
            [tag(("b", "2"), ("mailops:paused-by-guard", "why"))],
        ),
        # markers taken away, only when present
        (CURRENT, None, True, None, ["mailops:paused-by-guard"], [untag("mailops:paused-by-guard")]),
        ({"team": "mail"}, None, True, None, ["mailops:paused-by-guard"], []),
        (CURRENT, {}, True, None, ["mailops:paused-by-guard"], [untag("mailops:paused-by-guard", "old", "team")]),
        # a key both added and removed is added
        ({"a": "1"}, {"a": "2"}, True, None, ["a"], [tag(("a", "2"))]),
        # a user may set a tag that looks like a marker; it is not purged either
        ({"mailops:note": "x"}, {"mailops:note": "y"}, True, None, (), [tag(("mailops:note", "y"))]),
        ({"mailops:note": "x", "team": "mail"}, {"team": "mail"}, True, None, (), []),
    ],
)
def test_tag_ops(current, wanted, purge, managed, unmanage, ops):
    assert _tags.tag_ops(current, wanted, purge, managed, unmanage) == ops


def test_tag_ops_defaults_purge():
    assert _tags.tag_ops({"a": "1", "b": "2"}, {"a": "1"}) == [untag("b")]
    assert _tags.MANAGED_PREFIX == "mailops:"
