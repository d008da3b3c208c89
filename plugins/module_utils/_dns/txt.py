# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""TXT record codec: decoded text inside, presentation format (quoted strings) at the edges.

A TXT record's data is a sequence of character strings of at most 255 bytes each;
SPF, DKIM and DMARC read them concatenated.  Inside the collection a TXT value is
the decoded, concatenated text.  ``encode`` turns it into presentation format,
split into strings of at most 255 bytes on UTF-8 character boundaries, with
``"``, ``\\`` and non-printable bytes escaped; ``decode`` reverses it exactly.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

MAX_STRING_BYTES = 255


class TxtError(ValueError):
    """A TXT value in presentation format that cannot be decoded."""


def _escape(chunk):
    out = []
    for byte in bytearray(chunk):
        if byte in (0x22, 0x5C):  # " and \
            out.append("\\" + chr(byte))
        elif 0x20 <= byte < 0x7F:
            out.append(chr(byte))
        else:
            out.append("\\%03d" % byte)
    return "".join(out)


def split_strings(text, limit=MAX_STRING_BYTES):
    """Split ``text`` into UTF-8 byte strings of at most ``limit`` bytes, never inside a character."""
    data = text.encode("utf-8")
    if not data:
        return [b""]
    strings = []
    start = 0
    while start < len(data):
        end = min(start + limit, len(data))
        # step back over UTF-8 continuation bytes (10xxxxxx) so a character is never cut
        while end < len(data) and end > start and (bytearray(data[end : end + 1])[0] & 0xC0) == 0x80:
            end -= 1
        strings.append(data[start:end])
        start = end
    return strings


def encode(text, limit=MAX_STRING_BYTES):
    """Presentation format of ``text``: one or more quoted strings separated by spaces."""
    return " ".join('"%s"' % _escape(chunk) for chunk in split_strings(text, limit))


def decode_strings(presentation, max_bytes=MAX_STRING_BYTES):
    """The byte strings of a TXT value in presentation format (quoted or bare words).

    ``max_bytes=None`` accepts strings longer than DNS allows, for sources that join a value's
    strings before handing it over (octoDNS does).
    """
    strings = []
    index = 0
    length = len(presentation)
    while index < length:
        char = presentation[index]
        if char in " \t":
            index += 1
            continue
        quoted = char == '"'
        if quoted:
            index += 1
        current = bytearray()
        while True:
            if index >= length:
                if quoted:
                    raise TxtError("unterminated quoted string in TXT value %r" % presentation)
                break
            char = presentation[index]
            if char == "\\":
                following = presentation[index + 1 : index + 4]
                if len(following) == 3 and following.isdigit():
                    value = int(following)
                    if value > 255:
                        raise TxtError("escape \\%s is above \\255 in TXT value %r" % (following, presentation))
                    current.append(value)
                    index += 4
                    continue
                if index + 1 >= length:
                    raise TxtError("TXT value %r ends with a lone backslash" % presentation)
                if presentation[index + 1].isdigit():
                    raise TxtError("escape \\%s in TXT value %r must be three digits (\\DDD)" % (presentation[index + 1 : index + 4], presentation))
                current.extend(presentation[index + 1].encode("utf-8"))
                index += 2
                continue
            if quoted and char == '"':
                index += 1
                break
            if not quoted and char in ' \t"':
                break
            current.extend(char.encode("utf-8"))
            index += 1
        if max_bytes is not None and len(current) > max_bytes:
            raise TxtError("a string in TXT value %r is %d bytes; the limit is %d" % (presentation, len(current), max_bytes))
        strings.append(bytes(current))
    return strings


def decode(presentation, max_bytes=MAX_STRING_BYTES):
    """Decoded text of a TXT value in presentation format (``max_bytes``: see ``decode_strings``)."""
    try:
        return b"".join(decode_strings(presentation, max_bytes)).decode("utf-8")
    except UnicodeDecodeError:
        raise TxtError("TXT value %r is not valid UTF-8 once decoded" % presentation)


def from_user(value):
    """A TXT value as users write it: plain text, or presentation format when it starts with a quote."""
    value = value.strip() if value.strip().startswith('"') else value
    if value.startswith('"'):
        return decode(value)
    return value
