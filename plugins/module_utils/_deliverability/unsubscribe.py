# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""RFC 8058 one-click unsubscribe, proven on a message SES really sent (pure).

A message qualifies when it carries ``List-Unsubscribe`` with an https URI, ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click``, and a DKIM signature whose ``h=`` list covers both headers (RFC 8058 section 4:
"the List-Unsubscribe and List-Unsubscribe-Post headers MUST be covered by the signature"). SES subscription
management adds the two headers when the send names a contact list (``ListManagementOptions``).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email
import email.policy
import re

ONE_CLICK = "List-Unsubscribe=One-Click"
_URI_RE = re.compile(r"<([^<>]*)>")


def _dkim_tags(value):
    tags = {}
    for part in re.sub(r"\s+", "", value or "").split(";"):
        name, sep, text = part.partition("=")
        if sep:
            tags[name.strip().lower()] = text
    return tags


def signed_headers(message):
    """The header names (lower case) covered by each DKIM signature of ``message``, by signing domain."""
    result = {}
    for value in message.get_all("DKIM-Signature") or []:
        tags = _dkim_tags(str(value))
        result[tags.get("d", "")] = [name.strip().lower() for name in tags.get("h", "").split(":") if name.strip()]
    return result


def one_click(raw):
    """``{verdict, problems, list_unsubscribe, list_unsubscribe_post, dkim_domains, message_id}`` of one raw message."""
    message = email.message_from_string(raw, policy=email.policy.compat32)
    problems = []
    header = " ".join((message.get("List-Unsubscribe") or "").split())
    uris = _URI_RE.findall(header)
    https = [uri for uri in uris if uri.lower().startswith("https://")]
    if not header:
        problems.append("no List-Unsubscribe header")
    elif not https:
        problems.append("List-Unsubscribe has no https URI (%s)" % header)
    post = " ".join((message.get("List-Unsubscribe-Post") or "").split())
    if not post:
        problems.append("no List-Unsubscribe-Post header")
    elif post != ONE_CLICK:
        problems.append("List-Unsubscribe-Post is '%s', not '%s'" % (post, ONE_CLICK))
    signatures = signed_headers(message)
    covering = sorted(d for d, names in signatures.items() if {"list-unsubscribe", "list-unsubscribe-post"} <= set(names))
    if not signatures:
        problems.append("the message has no DKIM-Signature")
    elif not covering:
        problems.append("no DKIM signature covers List-Unsubscribe and List-Unsubscribe-Post (h= of %s)" % ", ".join(sorted(signatures)))
    return {
        "verdict": "fail" if problems else "pass",
        "problems": problems,
        "list_unsubscribe": header or None,
        "list_unsubscribe_post": post or None,
        "dkim_domains": covering,
        "message_id": (message.get("Message-ID") or "").strip() or None,
    }


def find_raw(payload, message_id):
    """The raw MIME of ``message_id`` in what a message source answered: the MIME itself, a JSON object with
    ``raw``, or a JSON list of ``{message_id, raw}`` (the local sandbox's ``/mailops-sandbox/messages``)."""
    if isinstance(payload, list):
        for entry in payload:
            if isinstance(entry, dict) and entry.get("message_id") == message_id:
                return entry.get("raw")
        return None
    if isinstance(payload, dict):
        return payload.get("raw")
    return payload or None
