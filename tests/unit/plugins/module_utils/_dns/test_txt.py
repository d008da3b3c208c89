import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns import txt as _txt


@pytest.mark.parametrize(
    "text, presentation",
    [
        ("v=spf1 include:amazonses.com ~all", '"v=spf1 include:amazonses.com ~all"'),
        ('say "hi"', r'"say \"hi\""'),
        ("back\\slash", r'"back\\slash"'),
        ("tab\there", r'"tab\009here"'),
        ("", '""'),
        ("é", r'"\195\169"'),
    ],
)
def test_encode(text, presentation):
    assert _txt.encode(text) == presentation
    assert _txt.decode(presentation) == text


def test_long_values_split_into_255_byte_strings_and_round_trip():
    text = "v=DKIM1; k=rsa; p=" + "A" * 600
    encoded = _txt.encode(text)
    strings = _txt.decode_strings(encoded)
    assert [len(s) for s in strings] == [255, 255, 108]
    assert _txt.decode(encoded) == text


def test_split_never_cuts_a_utf8_character():
    text = "a" * 254 + "é" + "b"
    strings = _txt.split_strings(text)
    assert strings[0] == b"a" * 254
    assert strings[1].decode("utf-8") == "éb"
    assert _txt.decode(_txt.encode(text)) == text


@pytest.mark.parametrize(
    "presentation, text",
    [
        ('"a" "b"', "ab"),
        ("bare words", "barewords"),
        ('"x"  "y"', "xy"),
        (r'"\065"', "A"),
        (r'"a\;b"', "a;b"),
    ],
)
def test_decode_variants(presentation, text):
    assert _txt.decode(presentation) == text


@pytest.mark.parametrize(
    "presentation, message",
    [
        ('"unterminated', "unterminated quoted string"),
        ('"ends with \\', "lone backslash"),
        (r'"\12x"', "must be three digits"),
        (r'"\300"', "above \\255"),
        ('"' + "a" * 256 + '"', "256 bytes; the limit is 255"),
    ],
)
def test_decode_errors_say_where(presentation, message):
    with pytest.raises(_txt.TxtError) as exc:
        _txt.decode(presentation)
    assert message in str(exc.value)


def test_from_user_takes_plain_text_or_presentation():
    assert _txt.from_user("google-site-verification=abc") == "google-site-verification=abc"
    assert _txt.from_user('"part one" "part two"') == "part onepart two"
