"""The MIME message SES would send, and its DKIM signature (RFC 6376, rsa-sha256, relaxed/relaxed).

Messages are handled as bytes with CRLF line ends; headers are kept as raw blocks
(name, the whole folded field) so that the signature covers exactly the bytes that
are recorded.
"""

import base64
import hashlib
import re
from email.message import EmailMessage
from email.policy import SMTP

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

# Header fields that must appear at most once (SES developer guide, "Amazon SES header fields"),
# the ones this sandbox checks in a raw message.
SINGLE_FIELDS = (
    "content-transfer-encoding",
    "content-type",
    "date",
    "dkim-signature",
    "from",
    "in-reply-to",
    "list-unsubscribe",
    "message-id",
    "mime-version",
    "references",
    "reply-to",
    "return-path",
    "sender",
    "subject",
)

# The fields the signature covers, in this order, when present (RFC 8058 section 4 asks for the
# List-Unsubscribe pair to be covered).
SIGNED_FIELDS = (
    "From",
    "To",
    "Cc",
    "Reply-To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
)


def crlf(data):
    return re.sub(rb"\r?\n", b"\r\n", data)


class Message:
    """A header list of ``[name, raw field bytes incl. CRLF]`` and a body."""

    def __init__(self, data):
        data = crlf(data)
        head, sep, body = data.partition(b"\r\n\r\n")
        if not sep:
            head, body = data.rstrip(b"\r\n"), b""
        self.headers = []
        for line in head.split(b"\r\n"):
            if not line:
                continue
            if line[:1] in (b" ", b"\t") and self.headers:
                self.headers[-1][1] += line + b"\r\n"
                continue
            name = line.split(b":", 1)[0].decode("ascii", "replace").strip()
            self.headers.append([name, line + b"\r\n"])
        self.body = body

    def names(self):
        return [name.lower() for name, _raw in self.headers]

    def get(self, name):
        for field, raw in self.headers:
            if field.lower() == name.lower():
                return raw.split(b":", 1)[1].decode("utf-8", "replace").strip()
        return None

    def remove(self, name):
        self.headers = [h for h in self.headers if h[0].lower() != name.lower()]

    def set(self, name, value, after=None):
        """Replace every ``name`` field with one; placed after the last field named in ``after``."""
        self.remove(name)
        field = [name, f"{name}: {value}\r\n".encode("utf-8")]
        position = len(self.headers)
        for index, (existing, _raw) in enumerate(self.headers):
            if after and existing.lower() in after:
                position = index + 1
        self.headers.insert(position, field)

    def prepend(self, name, raw):
        self.headers.insert(0, [name, raw])

    def as_bytes(self):
        return b"".join(raw for _name, raw in self.headers) + b"\r\n" + self.body


def simple_message(params):
    """MIME of ``Content.Simple``: From, To, Cc, Reply-To, Subject, custom headers, the body parts."""
    simple = params["Content"]["Simple"]
    destination = params.get("Destination") or {}
    message = EmailMessage(policy=SMTP)
    message["From"] = params.get("FromEmailAddress") or ""
    if destination.get("ToAddresses"):
        message["To"] = ", ".join(destination["ToAddresses"])
    if destination.get("CcAddresses"):
        message["Cc"] = ", ".join(destination["CcAddresses"])
    if params.get("ReplyToAddresses"):
        message["Reply-To"] = ", ".join(params["ReplyToAddresses"])
    message["Subject"] = simple["Subject"]["Data"]
    for header in simple.get("Headers") or []:
        message[header["Name"]] = header["Value"]
    body = simple.get("Body") or {}
    text, html = body.get("Text"), body.get("Html")
    if text:
        message.set_content(text["Data"], charset=text.get("Charset") or "utf-8")
    if html:
        if text:
            message.add_alternative(html["Data"], subtype="html", charset=html.get("Charset") or "utf-8")
        else:
            message.set_content(html["Data"], subtype="html", charset=html.get("Charset") or "utf-8")
    if not text and not html:
        message.set_content("")
    for part in message.iter_parts():
        del part["MIME-Version"]  # only the top level carries it
    return Message(message.as_bytes(policy=SMTP))


# ---------------------------------------------------------------------------
# DKIM (RFC 6376)
# ---------------------------------------------------------------------------


def relaxed_header(raw):
    """Relaxed header canonicalisation of one raw field (section 3.4.2)."""
    name, _sep, value = raw.decode("utf-8", "surrogateescape").partition(":")
    value = re.sub(r"\r\n(?=[ \t])", "", value)
    value = re.sub(r"[ \t]+", " ", value.replace("\r\n", "")).strip()
    return f"{name.strip().lower()}:{value}".encode("utf-8", "surrogateescape")


def relaxed_body(body):
    """Relaxed body canonicalisation (section 3.4.4)."""
    lines = [re.sub(rb"[ \t]+", b" ", line).rstrip(b" ") for line in crlf(body).split(b"\r\n")]
    while lines and lines[-1] == b"":
        lines.pop()
    return b"".join(line + b"\r\n" for line in lines)


def _fold(tags):
    """``tag=value`` pairs joined with '; ', folded; ``b=`` last and split into 76-character pieces."""
    parts = [f"{k}={v}" for k, v in tags if k != "b"]
    text = "DKIM-Signature: " + ";\r\n\t".join(parts) + ";\r\n\tb="
    b_value = dict(tags)["b"]
    pieces = [b_value[i : i + 76] for i in range(0, len(b_value), 76)] or [""]
    return (text + "\r\n\t ".join(pieces) + "\r\n").encode("ascii")


def sign(message, domain, selector, private_key, timestamp):
    """Prepend a DKIM-Signature over ``SIGNED_FIELDS`` present in ``message``."""
    body_hash = base64.b64encode(hashlib.sha256(relaxed_body(message.body)).digest()).decode("ascii")
    present = set(message.names())
    signed = [name for name in SIGNED_FIELDS if name.lower() in present]
    tags = [
        ("v", "1"),
        ("a", "rsa-sha256"),
        ("q", "dns/txt"),
        ("c", "relaxed/relaxed"),
        ("s", selector),
        ("d", domain),
        ("t", str(int(timestamp))),
        ("h", ":".join(signed)),
        ("bh", body_hash),
        ("b", ""),
    ]
    data = b""
    used = {}
    for name in signed:
        # the last occurrence not yet used (section 5.4.2)
        matches = [raw for field, raw in message.headers if field.lower() == name.lower()]
        index = used.get(name.lower(), 0)
        data += relaxed_header(matches[len(matches) - 1 - index]) + b"\r\n"
        used[name.lower()] = index + 1
    unsigned = _fold(tags)
    data += relaxed_header(unsigned.rstrip(b"\r\n"))
    signature = private_key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    tags[-1] = ("b", base64.b64encode(signature).decode("ascii"))
    message.prepend("DKIM-Signature", _fold(tags))
    return message
