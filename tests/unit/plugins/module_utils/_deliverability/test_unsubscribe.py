import pytest

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import unsubscribe as _unsubscribe

SIGNED = (
    "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=tok1;\r\n"
    " h=From:To:Subject:Date:Message-ID:List-Unsubscribe:List-Unsubscribe-Post; bh=abc=; b=def=\r\n"
)


def message(headers, dkim=SIGNED):
    return dkim + "".join("%s: %s\r\n" % pair for pair in headers) + "\r\nbody\r\n"


GOOD = [
    ("From", "news@example.com"),
    ("To", "success@simulator.amazonses.com"),
    ("Message-ID", "<m1@email.amazonses.com>"),
    ("List-Unsubscribe", "<https://unsubscribe.example/t1>"),
    ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
]


def test_a_message_with_signed_one_click_headers_passes():
    assert _unsubscribe.one_click(message(GOOD)) == {
        "verdict": "pass",
        "problems": [],
        "list_unsubscribe": "<https://unsubscribe.example/t1>",
        "list_unsubscribe_post": "List-Unsubscribe=One-Click",
        "dkim_domains": ["example.com"],
        "message_id": "<m1@email.amazonses.com>",
    }


@pytest.mark.parametrize(
    "headers, dkim, problems",
    [
        (GOOD[:3], SIGNED, ["no List-Unsubscribe header", "no List-Unsubscribe-Post header"]),
        (GOOD[:3] + [("List-Unsubscribe", "<mailto:u@example.com>"), GOOD[4]], SIGNED, ["List-Unsubscribe has no https URI (<mailto:u@example.com>)"]),
        (
            GOOD[:4] + [("List-Unsubscribe-Post", "List-Unsubscribe=Yes")],
            SIGNED,
            ["List-Unsubscribe-Post is 'List-Unsubscribe=Yes', not 'List-Unsubscribe=One-Click'"],
        ),
        (GOOD, "", ["the message has no DKIM-Signature"]),
        (
            GOOD,
            "DKIM-Signature: v=1; d=amazonses.com; s=x; h=From:To:Subject; b=z\r\n",
            ["no DKIM signature covers List-Unsubscribe and List-Unsubscribe-Post (h= of amazonses.com)"],
        ),
    ],
)
def test_what_is_missing_is_named(headers, dkim, problems):
    verdict = _unsubscribe.one_click(message(headers, dkim))
    assert verdict["verdict"] == "fail"
    assert verdict["problems"] == problems


def test_two_signatures_one_covering():
    other = "DKIM-Signature: v=1; d=amazonses.com; s=x; h=From:To; b=z\r\n"
    assert _unsubscribe.one_click(message(GOOD, SIGNED + other))["dkim_domains"] == ["example.com"]


@pytest.mark.parametrize(
    "payload, raw",
    [
        ([{"message_id": "a", "raw": "A"}, {"message_id": "b", "raw": "B"}], "B"),
        ([{"message_id": "a", "raw": "A"}], None),
        ({"raw": "R"}, "R"),
        ("MIME", "MIME"),
        ("", None),
    ],
)
def test_find_raw(payload, raw):
    assert _unsubscribe.find_raw(payload, "b") == raw
