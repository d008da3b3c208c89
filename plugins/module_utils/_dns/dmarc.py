# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""DMARC records (RFC 7489): build, parse and check them, and decide identifier alignment, without any I/O.

Every checker collects all the problems it finds and reports them together,
each message starting with ``where`` (the option or record name the input came
from) and the user's option name (``dmarc.policy``) or the record's tag name
(``dmarc.p``).  ``build``, ``build_from_options`` and ``parse`` raise
``DmarcError``; ``validate`` returns the problems as a list.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

POLICIES = ("none", "quarantine", "reject")
ALIGNMENT_MODES = ("r", "s")
FAILURE_OPTIONS = ("0", "1", "d", "s")
REPORT_FORMATS = ("afrf",)
MAX_RI = 4294967295  # a 32-bit unsigned integer (RFC 7489 6.3)

# User option -> record tag, in the order build writes the tags.
OPTIONS = (
    ("policy", "p"),
    ("subdomain_policy", "sp"),
    ("pct", "pct"),
    ("rua", "rua"),
    ("ruf", "ruf"),
    ("adkim", "adkim"),
    ("aspf", "aspf"),
    ("fo", "fo"),
    ("ri", "ri"),
)
# The tags of RFC 7489 6.3; rf is read but never written.
TAGS = ("v",) + tuple(tag for option, tag in OPTIONS) + ("rf",)

# Multi-label public suffixes under which organisations register names.  A tiny
# stand-in for the Public Suffix List (https://publicsuffix.org/), which this
# module does not ship: enough for the common cases, not an exact match.
MULTI_LABEL_SUFFIXES = frozenset(
    (
        "co.uk",
        "org.uk",
        "ac.uk",
        "gov.uk",
        "me.uk",
        "ltd.uk",
        "plc.uk",
        "com.au",
        "net.au",
        "org.au",
        "edu.au",
        "gov.au",
        "co.nz",
        "org.nz",
        "co.jp",
        "ne.jp",
        "or.jp",
        "co.kr",
        "co.in",
        "co.za",
        "com.br",
        "com.mx",
        "com.ar",
        "com.cn",
        "com.tr",
        "com.sg",
        "com.hk",
        "com.tw",
    )
)

_HINT = "write mailto:address@example.com"
_DIGITS_RE = re.compile(r"[0-9]+\Z")
_SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_MAILTO_ADDRESS_RE = re.compile(r"[^\s@,;!:]+@(?:%s\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:![0-9]+[kmgt]?)?\Z" % _LABEL, re.IGNORECASE)
_TAG_NAME_RE = re.compile(r"[A-Za-z]+\Z")


class DmarcError(ProblemsError):
    """One or more problems with DMARC input; ``problems`` lists them all."""


# ---------------------------------------------------------------- tag values


def _choice(value, label, choices):
    """``(value, problems)``: ``value`` must be one of ``choices``."""
    if value in choices:
        return value, []
    return None, ["%s %r is not one of %s" % (label, value, ", ".join(choices))]


def _whole_number(value, label, high):
    """``(text, problems)``: an int or a string of digits from 0 to ``high``; booleans are refused."""
    if isinstance(value, str) and _DIGITS_RE.match(value):
        number = int(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        number = -1
    if 0 <= number <= high:
        return str(number), []
    return None, ["%s %r is not a whole number from 0 to %d" % (label, value, high)]


def _items(value, separator):
    """A string split at ``separator``; a list or tuple as a list; anything else as a one-item list."""
    if isinstance(value, str):
        return value.split(separator)
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _failure_options(value, label):
    """``(text, problems)``: a colon-separated string or a list of distinct ``0``, ``1``, ``d``, ``s``."""
    items = [str(item) if isinstance(item, int) and not isinstance(item, bool) else item for item in _items(value, ":")]
    problems = ["%s %r is not one of %s" % (label, item, ", ".join(FAILURE_OPTIONS)) for item in items if item not in FAILURE_OPTIONS]
    problems.extend("%s lists %r more than once" % (label, option) for option in FAILURE_OPTIONS if items.count(option) > 1)
    return (None if problems else ":".join(items)), problems


def _report_uri(item, label, allow_bare):
    """``(uri, problem)`` for one report address: a ``mailto:`` URI, or (``allow_bare``) a bare address."""
    text = item.strip() if isinstance(item, str) else ""
    scheme = _SCHEME_RE.match(text)
    if scheme and scheme.group(1).lower() == "mailto":
        address = text[scheme.end() :]
    elif not scheme and allow_bare and "@" in text:
        address = text
    else:
        return None, "%s %r is not a mailto: URI; %s" % (label, item, _HINT)
    if not _MAILTO_ADDRESS_RE.match(address):
        return None, "%s %r is not a valid mailto: URI; %s" % (label, item, _HINT)
    return "mailto:" + address, None


def _report_uris(value, label, allow_bare):
    """``(uris, problems)`` for a comma-separated string or a list of report addresses."""
    results = [_report_uri(item, label, allow_bare) for item in _items(value, ",")]
    problems = [problem for uri, problem in results if problem]
    return (None if problems else [uri for uri, problem in results]), problems


def _check(tag, value, label, in_record):
    """``(rendered, problems)`` for one tag value; ``in_record`` values come from record text, not options."""
    if tag in ("p", "sp"):
        return _choice(value, label, POLICIES)
    if tag in ("adkim", "aspf"):
        return _choice(value, label, ALIGNMENT_MODES)
    if tag == "pct":
        return _whole_number(value, label, 100)
    if tag == "ri":
        return _whole_number(value, label, MAX_RI)
    if tag == "fo":
        return _failure_options(value, label)
    if tag == "rf":
        return _choice(value, label, REPORT_FORMATS)
    return _report_uris(value, label, allow_bare=not in_record)


# ---------------------------------------------------------------- build


def _absent(value):
    """True for an option that was not given: None or an empty list."""
    return value is None or (isinstance(value, (list, tuple)) and not value)


def build(policy, subdomain_policy=None, pct=None, rua=(), ruf=(), adkim=None, aspf=None, fo=None, ri=None, where="dmarc"):
    """The DMARC record for the given options; raise ``DmarcError`` listing every problem.

    ``rua``/``ruf`` take bare addresses or ``mailto:`` URIs (``!size`` suffix
    allowed), as a list or a comma-separated string; ``fo`` takes a list or a
    colon-separated string; ``pct`` (0-100) and ``ri`` (seconds) take ints or
    digit strings.  Tags come in the order v, p, sp, pct, rua, ruf, adkim, aspf, fo, ri.
    """
    values = {"policy": policy, "subdomain_policy": subdomain_policy, "pct": pct, "rua": rua, "ruf": ruf, "adkim": adkim, "aspf": aspf, "fo": fo, "ri": ri}
    tags, problems = ["v=DMARC1"], []
    if policy is None:
        problems.append("%s.policy is required; use one of %s" % (where, ", ".join(POLICIES)))
    for option, tag in OPTIONS:
        if _absent(values[option]):
            continue
        rendered, found = _check(tag, values[option], "%s.%s" % (where, option), in_record=False)
        problems.extend(found)
        if not found:
            tags.append("%s=%s" % (tag, ",".join(rendered) if tag in ("rua", "ruf") else rendered))
    if problems:
        raise DmarcError(problems)
    return "; ".join(tags)


def build_from_options(options, where="dmarc"):
    """``build`` from a dict of options (``policy`` required; None values count as not given)."""
    if not isinstance(options, dict):
        raise DmarcError(["%s must be a dict of options, not %r" % (where, options)])
    allowed = [option for option, tag in OPTIONS]
    unknown = sorted((key for key in options if key not in allowed), key=str)
    problems = []
    if unknown:
        problems.append("%s has unknown option(s) %s; allowed: %s" % (where, ", ".join(repr(key) for key in unknown), ", ".join(allowed)))
    given = {key: value for key, value in options.items() if key in allowed and value is not None}
    given.setdefault("policy", None)
    try:
        record = build(where=where, **given)
    except DmarcError as error:
        problems.extend(error.problems)
    if problems:
        raise DmarcError(problems)
    return record


# ---------------------------------------------------------------- parse


def _pairs(text, where):
    """``(pairs, problems)``: the ``(tag, value)`` pairs of a record, tags lower-cased; one trailing ``;`` allowed."""
    pairs, problems = [], []
    parts = [part.strip() for part in text.split(";")]
    for index, part in enumerate(parts):
        if not part:
            if index < len(parts) - 1:
                problems.append("%s has an empty tag (;;); remove the extra ;" % where)
            continue
        tag, equals, value = part.partition("=")
        if not equals or not _TAG_NAME_RE.match(tag.strip()):
            problems.append("%s part %r is not tag=value" % (where, part))
            continue
        pairs.append((tag.strip().lower(), value.strip()))
    return pairs, problems


def _order_problems(text, pairs, where):
    """``v=DMARC1`` must come first and ``p`` second (RFC 7489 6.4)."""
    problems = []
    first = text.split(";")[0].strip()
    if not pairs or pairs[0] != ("v", "DMARC1"):
        problems.append("%s must start with v=DMARC1, not %r" % (where, first))
    tags = [tag for tag, value in pairs]
    if "p" not in tags:
        problems.append("%s has no p tag; add one of p=%s" % (where, ", p=".join(POLICIES)))
    elif tags.index("p") != 1:
        problems.append("%s tag p must follow v directly (RFC 7489 6.4)" % where)
    return problems


def _read(text, where):
    """``(tags, problems)`` for record text; ``tags`` holds every readable, valid tag."""
    if not isinstance(text, str):
        return {}, ["%s must be a string, not %r" % (where, text)]
    pairs, problems = _pairs(text, where)
    problems.extend(_order_problems(text, pairs, where))
    tags = {}
    for tag, value in pairs:
        if tag not in TAGS:
            problems.append("%s tag %r is unknown; use one of %s" % (where, tag, ", ".join(TAGS)))
        elif tag in tags:
            problems.append("%s has tag %r more than once" % (where, tag))
        elif tag == "v":
            tags[tag] = value
        else:
            rendered, found = _check(tag, value if tag in ("rua", "ruf") else value.lower(), "%s.%s" % (where, tag), in_record=True)
            problems.extend(found)
            tags[tag] = rendered
    return tags, problems


def parse(text, where="dmarc"):
    """The tags of a DMARC record as ``{tag: value}`` (strings; rua/ruf as lists of URIs).

    Keyword values (p, sp, adkim, aspf, fo, rf) come back lower-cased.  Raise
    ``DmarcError`` listing every problem.
    """
    tags, problems = _read(text, where)
    if problems:
        raise DmarcError(problems)
    return tags


def validate(text, where="dmarc"):
    """Every problem with DMARC record text; [] when it is fine."""
    return _read(text, where)[1]


# ---------------------------------------------------------------- alignment


def alignment(record_text):
    """``{'adkim': 'r'|'s', 'aspf': 'r'|'s'}`` of a record, with the RFC 7489 default ``r``."""
    tags = parse(record_text)
    return {"adkim": tags.get("adkim", "r"), "aspf": tags.get("aspf", "r")}


def _normalise(domain):
    """Lower case, without the trailing dot."""
    return domain.lower().rstrip(".")


def organizational_domain(domain):
    """The organizational domain of ``domain`` (RFC 7489 3.2), approximately.

    The last two labels, or three under a suffix in ``MULTI_LABEL_SUFFIXES``:
    an approximation of the Public Suffix List, which this module does not ship.
    """
    labels = _normalise(domain).split(".")
    size = 3 if ".".join(labels[-2:]) in MULTI_LABEL_SUFFIXES else 2
    return ".".join(labels[-size:])


def aligned(from_domain, auth_domain, mode):
    """Whether ``auth_domain`` (DKIM d= or SPF MAIL FROM) aligns with the From domain.

    ``mode`` ``s`` (strict) needs the same name, any case; ``r`` (relaxed) the
    same organizational domain.
    """
    if mode not in ALIGNMENT_MODES:
        raise DmarcError(["dmarc alignment mode %r is not one of %s" % (mode, ", ".join(ALIGNMENT_MODES))])
    from_domain, auth_domain = _normalise(from_domain), _normalise(auth_domain)
    if not from_domain or not auth_domain:
        return False
    if mode == "s":
        return from_domain == auth_domain
    return organizational_domain(from_domain) == organizational_domain(auth_domain)


# ---------------------------------------------------------------- external report destinations


def report_domains(record_text):
    """The hosts of the ``rua`` and ``ruf`` mailto: URIs of a DMARC record, lower case, sorted, once each."""
    tags = parse(record_text)
    hosts = set()
    for uri in (tags.get("rua") or []) + (tags.get("ruf") or []):
        address = uri.split(":", 1)[1]
        hosts.add(_normalise(address.rpartition("@")[2].split("!")[0]))
    return sorted(hosts)


def external_report_domains(domain, record_text):
    """The report destinations of ``domain``'s DMARC record that must authorize its reports (RFC 7489 7.1).

    Those whose organizational domain differs from that of ``domain`` (the domain the record is published
    for); a destination in the same organizational domain (``dmarc@example.com`` for ``news.example.com``)
    needs no authorization.
    """
    own = organizational_domain(domain)
    return [host for host in report_domains(record_text) if organizational_domain(host) != own]


def report_authorization_name(domain, report_domain):
    """``<domain>._report._dmarc.<report_domain>.``: where ``report_domain`` authorizes reports about ``domain``."""
    return "%s._report._dmarc.%s." % (_normalise(domain), _normalise(report_domain))


REPORT_AUTHORIZATION = "v=DMARC1"


def is_report_authorization_name(name):
    """Whether ``name`` is a report authorization name (``<domain>._report._dmarc.<report domain>``)."""
    return "._report._dmarc." in _normalise(name) + "."


def authorizes_reports(value):
    """Whether a TXT value at a report authorization name authorizes the reports: its first tag is ``v=DMARC1``."""
    tag, equals, version = value.split(";")[0].partition("=")
    return bool(equals) and tag.strip().lower() == "v" and version.strip() == "DMARC1"
