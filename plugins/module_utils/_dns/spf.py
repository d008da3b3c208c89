# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""SPF records (RFC 7208): parse, build, merge and check them, without any I/O.

Every checker collects all the problems it finds and reports them together,
each message starting with ``where`` (the option or record name the text came
from).  ``parse``, ``build`` and ``merge`` raise ``SpfError``; ``validate``,
``check_limits`` and ``check_single_record`` return the problems as a list.

DNS is never queried here.  Lookup counting can follow ``include`` and
``redirect`` targets through a caller-supplied ``resolve(domain)`` that
returns the TXT strings at a name, or ``None`` when the name does not exist.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import re

from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

ALL_QUALIFIERS = ("-", "~", "?", "+")  # strictest first
MECHANISMS = ("all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists")
MAX_LOOKUPS = 10
MAX_VOID_LOOKUPS = 2

# Expanding stops once this many lookups are counted: the record is far over
# the limit by then, and a hostile DNS tree cannot make the walk explode.
_WALK_CAP = 100

_LOOKUP_KINDS = ("include", "a", "mx", "ptr", "exists", "redirect=")  # RFC 7208 4.6.4
_TERM_RE = re.compile(r"([^A-Za-z]*)([A-Za-z][A-Za-z0-9_.-]*)(.*)\Z", re.DOTALL)
_DUAL_CIDR_RE = re.compile(r"(?:/(0|[1-9][0-9]*))?(?://(0|[1-9][0-9]*))?\Z")
_PREFIX_RE = re.compile(r"(0|[1-9][0-9]*)\Z")
_MACRO_STRING_RE = re.compile(r"(?:%\{[slodiphcrtv][0-9]*r?[.+,/_=-]*\}|%[%_-]|[!-$&-~])+\Z", re.IGNORECASE)
_LABEL_RE = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\Z")
_IP_FAMILIES = {"ip4": ("IPv4", ipaddress.IPv4Address, 32), "ip6": ("IPv6", ipaddress.IPv6Address, 128)}


class SpfError(ProblemsError):
    """One or more problems with SPF input; ``problems`` lists them all."""


class SpfRecord:
    """A parsed SPF record: ``terms`` in order (mechanisms and modifiers, not ``all``) and ``all`` (or None)."""

    def __init__(self, terms, all=None):
        self.terms = list(terms)
        self.all = all

    def __str__(self):
        return " ".join(["v=spf1"] + self.terms + ([self.all] if self.all else []))

    def __repr__(self):
        return "SpfRecord(%r)" % str(self)

    def __eq__(self, other):
        return isinstance(other, SpfRecord) and (self.terms, self.all) == (other.terms, other.all)


# ---------------------------------------------------------------- terms


def _split_term(term):
    """``(qualifier, kind, argument)`` of a term.

    ``kind`` is the lower-case mechanism name (``include``) or modifier name with
    its ``=`` (``redirect=``), and '' when the term has no name at all.
    """
    match = _TERM_RE.match(term)
    if not match:
        return term, "", ""
    qualifier, name, rest = match.groups()
    if rest.startswith("="):
        return qualifier, name.lower() + "=", rest[1:]
    return qualifier, name.lower(), rest


def _kind(term):
    """``include``, ``all``, ``redirect=``, ...: see ``_split_term``."""
    return _split_term(term)[1]


def _term_target(term):
    """The domain-spec a term points at (``include:x`` -> ``x``), or None when it names none."""
    kind, rest = _split_term(term)[1:]
    if kind.endswith("="):
        return rest
    if kind in ("a", "mx"):
        rest = rest[: _DUAL_CIDR_RE.search(rest).start()]
    return rest[1:] if rest.startswith(":") else None


def _domain_problem(domain):
    """Why ``domain`` is not a valid domain-spec, or None when it is."""
    if not domain:
        return "needs a domain"
    if not _MACRO_STRING_RE.match(domain):
        return "has an invalid domain %r" % domain
    if "%" in domain:
        return None  # expanded by receivers; only the macro syntax can be checked here
    labels = (domain[:-1] if domain.endswith(".") else domain).split(".")
    if len(domain) > 253 or len(labels) < 2 or labels[-1].isdigit() or not all(_LABEL_RE.match(label) for label in labels):
        return "has an invalid domain %r" % domain
    return None


def _cidr_problem(rest):
    """Why an ``a``/``mx`` argument (``:domain/24//64``, ``/24``, '') is malformed, or None."""
    cidr = _DUAL_CIDR_RE.search(rest)
    head = rest[: cidr.start()]
    if head and not head.startswith(":"):
        return "has a malformed argument %r" % rest
    if int(cidr.group(1) or 0) > 32 or int(cidr.group(2) or 0) > 128:
        return "has a bad CIDR length; IPv4 lengths are 0-32, IPv6 lengths 0-128"
    return _domain_problem(head[1:]) if head else None


def _ip_problem(kind, rest):
    """Why an ``ip4``/``ip6`` argument (``:address[/length]``) is malformed, or None."""
    label, family, bits = _IP_FAMILIES[kind]
    address, slash, length = rest[1:].partition("/")
    try:
        family(address)
        valid = rest.startswith(":") and "%" not in address and (not slash or (_PREFIX_RE.match(length) and int(length) <= bits))
    except ValueError:
        valid = False
    return None if valid else "is not a valid %s address or network" % label


def _mechanism_problem(kind, rest):
    """Why the argument of a known mechanism is wrong, or None."""
    if kind == "all":
        return "takes no argument" if rest else None
    if kind in _IP_FAMILIES:
        return _ip_problem(kind, rest)
    if kind in ("a", "mx"):
        return _cidr_problem(rest)
    if not rest:
        return "needs a domain" if kind in ("include", "exists") else None
    if not rest.startswith(":"):
        return "has a malformed argument %r" % rest
    return _domain_problem(rest[1:])


def _modifier_problem(kind, qualifier, value):
    """Why a modifier term is wrong, or None; unknown modifiers are allowed (RFC 7208 6)."""
    if qualifier:
        return "is a modifier; modifiers take no qualifier"
    if kind == "v=":
        return "repeats the version; one TXT value holds one SPF record"
    return _domain_problem(value) if kind in ("redirect=", "exp=") else None


def _term_problem(term):
    """Why one term (anything but the leading version) is invalid, or None."""
    qualifier, kind, rest = _split_term(term)
    if kind.endswith("="):
        return _modifier_problem(kind, qualifier, rest)
    if kind not in MECHANISMS:
        return "is not a known mechanism; use one of %s" % ", ".join(MECHANISMS)
    if qualifier and qualifier not in ALL_QUALIFIERS:
        return "has an unknown qualifier %r; use one of %s" % (qualifier, ", ".join(ALL_QUALIFIERS))
    return _mechanism_problem(kind, rest)


# ---------------------------------------------------------------- records


def _version_problems(tokens, where):
    """``(problems, terms)``: whether the version token is right, and the tokens to read as terms."""
    if tokens and tokens[0].lower() == "v=spf1":
        return [], tokens[1:]
    found = tokens[0] if tokens else ""
    return ["%s must start with v=spf1, not %r" % (where, found)], (tokens[1:] if found.lower().startswith("v=") else tokens)


def _structure_problems(terms, where):
    """Record-level problems: several ``all``, mechanisms after ``all``, redirect with all, repeated modifiers."""
    problems = []
    kinds = [_kind(term) for term in terms]
    if kinds.count("all") > 1:
        problems.append("%s has %d all terms; keep one" % (where, kinds.count("all")))
    if "all" in kinds:
        first_all = kinds.index("all")
        late = [term for term, kind in zip(terms[first_all + 1 :], kinds[first_all + 1 :]) if kind in MECHANISMS and kind != "all"]
        if late:
            problems.append(
                "%s has %s after %s; terms after all are ignored by receivers; put all last" % (where, ", ".join(repr(term) for term in late), terms[first_all])
            )
        if "redirect=" in kinds:
            problems.append("%s uses redirect= together with all; receivers ignore redirect when all is present (RFC 7208 6.1); remove one" % where)
    for modifier in ("redirect=", "exp="):
        if kinds.count(modifier) > 1:
            problems.append("%s has %d %s modifiers; keep one" % (where, kinds.count(modifier), modifier))
    return problems


def _canonical_all(term):
    """``all`` -> ``+all``, ``~ALL`` -> ``~all``."""
    return (term[0] if term[0] in ALL_QUALIFIERS else "+") + "all"


def _analyse(text, where):
    """Read ``text`` leniently: ``(SpfRecord, problems)``, the record holding every term, valid or not."""
    if not isinstance(text, str):
        return SpfRecord([]), ["%s must be a string, not %r" % (where, text)]
    problems, tokens = _version_problems(text.split(), where)
    for term in tokens:
        reason = _term_problem(term)
        if reason:
            problems.append("%s term %r %s" % (where, term, reason))
    problems.extend(_structure_problems(tokens, where))
    alls = [term for term in tokens if _kind(term) == "all"]
    terms = [term for term in tokens if _kind(term) != "all"]
    return SpfRecord(terms, _canonical_all(alls[0]) if alls else None), problems


def is_spf(text):
    """True when ``text`` is an SPF record: ``v=spf1`` (any case) followed by a space or the end."""
    return isinstance(text, str) and text[:6].lower() == "v=spf1" and text[6:7] in ("", " ")


def parse(text, where="spf"):
    """Parse an SPF record into an ``SpfRecord``; raise ``SpfError`` listing every syntax problem.

    Modifiers may stand anywhere (``exp=`` after ``all`` is fine); ``str()`` of the
    result is canonical: ``v=spf1``, the terms in order, then ``all`` with its qualifier.
    """
    record, problems = _analyse(text, where)
    if problems:
        raise SpfError(problems)
    return record


def validate(text, where="spf", resolve=None):
    """Every problem with ``text``: syntax first, then limits (see ``check_limits``); [] when it is fine."""
    return _analyse(text, where)[1] + check_limits(text, resolve, where)


def _checked(text, where):
    """``text`` in canonical form once ``validate`` finds nothing; else raise ``SpfError``."""
    problems = validate(text, where)
    if problems:
        raise SpfError(problems)
    return str(parse(text, where))


def _as_list(value):
    """A single string as a one-item list; None as []; any other iterable as a list."""
    return [value] if isinstance(value, str) else list(value or ())


def build(include=(), ip4=(), ip6=(), a=False, mx=False, extra=(), all="~all", where="spf"):
    """The canonical SPF record for the given parts; raise ``SpfError`` with every problem.

    Terms come in evaluation-friendly order: ``ip4``, ``ip6``, ``a``, ``mx``,
    ``include``, ``extra`` (raw terms), then ``all`` (``-all``, ``~all``, ``?all``,
    ``+all``, or None for none).  The result must also stay within 10 lookups.
    """
    parts = {"include": _as_list(include), "ip4": _as_list(ip4), "ip6": _as_list(ip6), "extra": _as_list(extra)}
    problems = [
        "%s.%s %r must be a non-empty string without spaces" % (where, option, value)
        for option, values in sorted(parts.items())
        for value in values
        if not isinstance(value, str) or not value or value.split() != [value]
    ]
    if all is not None and all not in [qualifier + "all" for qualifier in ALL_QUALIFIERS]:
        problems.append("%s.all %r is not one of -all, ~all, ?all, +all" % (where, all))
    if problems:
        raise SpfError(problems)
    terms = (
        ["ip4:" + value for value in parts["ip4"]]
        + ["ip6:" + value for value in parts["ip6"]]
        + (["a"] if a else [])
        + (["mx"] if mx else [])
        + ["include:" + value for value in parts["include"]]
        + parts["extra"]
    )
    return _checked(str(SpfRecord(terms, all)), where)


def _dedupe_key(term):
    """One key for terms that mean the same: implicit ``+`` qualifier, any case."""
    qualifier = term[0] if term[0] in ALL_QUALIFIERS else "+"
    return qualifier + term.lstrip("".join(ALL_QUALIFIERS)).lower()


def _strictest(alls):
    """The strictest of several ``all`` terms (None entries ignored), or None."""
    present = [term for term in alls if term]
    return min(present, key=lambda term: ALL_QUALIFIERS.index(term[0])) if present else None


def _merge_problems(records, where):
    """``(problems, redirects, all)`` for records about to be merged."""
    redirects = [term for record in records for term in record.terms if _kind(term) == "redirect="]
    merged_all = _strictest(record.all for record in records)
    problems = []
    if len(redirects) > 1:
        problems.append("%s: %d records use redirect=; a merged record can follow only one" % (where, len(redirects)))
    if redirects and merged_all:
        problems.append(
            "%s: cannot merge %s with records that have %s; receivers ignore redirect when all is present (RFC 7208 6.1)" % (where, redirects[0], merged_all)
        )
    return problems, redirects, merged_all


def merge(texts, where="spf"):
    """Several SPF records that must share one name, as one record; raise ``SpfError`` on any problem.

    Terms are united in first-seen order (case-insensitive duplicates keep their
    first spelling); ``all`` is the strictest of the inputs' ``all`` terms (none
    when no input has one); ``redirect=`` is kept, last, only when exactly one
    input has it and none has ``all``.  The result is validated, lookups included.
    """
    texts = _as_list(texts)
    if not texts:
        raise SpfError(["%s: nothing to merge" % where])
    records, found = zip(*[_analyse(text, "%s[%d]" % (where, index)) for index, text in enumerate(texts)])
    problems = [problem for listed in found for problem in listed]
    if problems:
        raise SpfError(problems)
    problems, redirects, merged_all = _merge_problems(records, where)
    if problems:
        raise SpfError(problems)
    terms, seen = [], set()
    for term in (term for record in records for term in record.terms if _kind(term) != "redirect="):
        if _dedupe_key(term) not in seen:
            seen.add(_dedupe_key(term))
            terms.append(term)
    return _checked(str(SpfRecord(terms + redirects, merged_all)), where)


def remove_terms(text, ours):
    """``text`` without the terms of the SPF record ``ours`` (for removing only our part of a merged record).

    Returns the remaining record, or None when no term but ``all`` is left.  A
    record that does not parse is returned unchanged: it is not ours to rewrite.
    """
    try:
        record = parse(text)
        remove = {_dedupe_key(term) for term in parse(ours).terms}
    except SpfError:
        return text
    kept = [term for term in record.terms if _dedupe_key(term) not in remove]
    if len(kept) == len(record.terms):
        return text
    if not kept:
        return None
    return str(SpfRecord(kept, record.all))


def check_single_record(values, where="spf"):
    """Problems with all the TXT values at one name: more than one ``v=spf1`` value is a permanent error."""
    count = len([value for value in values if is_spf(value)])
    if count > 1:
        return ["%s has %d v=spf1 records; receivers treat that as a permanent error (RFC 7208 3.2); merge them into one" % (where, count)]
    return []


# ---------------------------------------------------------------- lookups


def lookup_terms(record):
    """The terms of ``record`` that cost a DNS lookup (RFC 7208 4.6.4): include, a, mx, ptr, exists, redirect.

    ``record`` is an ``SpfRecord`` or text; text is read leniently (syntax is ``validate``'s job).
    """
    if not isinstance(record, SpfRecord):
        record = _analyse(record, "spf")[0]
    return [term for term in record.terms if _kind(term) in _LOOKUP_KINDS]


def _resolvable(kind, target):
    """True for a lookup target that can be resolved as written: a literal name, not a ptr's."""
    return kind != "ptr" and bool(target) and "%" not in target


UNKNOWN = object()
"""What ``resolve`` returns for a name it cannot ask about: the term counts, its target is not expanded."""


class _Walk:
    """Counts lookups and void lookups, following include/redirect targets when it has ``resolve``."""

    def __init__(self, resolve, where):
        self.resolve = resolve
        self.where = where
        self.answers = {}
        self.lookups = 0
        self.voids = 0
        self.problems = []
        self.unresolved = []

    def answer(self, domain):
        """``resolve(domain)``, asked once per name."""
        if domain not in self.answers:
            self.answers[domain] = self.resolve(domain)
        return self.answers[domain]

    def walk(self, record, path=()):
        """Count the lookup terms of ``record`` and, with ``resolve``, those of the records they lead to.

        Only literal targets are resolved: bare ``a``/``mx`` name the record's own
        domain, macros expand per message, and ``ptr`` answers depend on the sender.
        """
        for term in lookup_terms(record):
            self.lookups += 1
            kind, target = _kind(term), _term_target(term)
            if self.resolve is None or self.lookups > _WALK_CAP or not _resolvable(kind, target):
                continue
            target = target.lower().rstrip(".")
            answer = self.answer(target)
            if answer is UNKNOWN:
                self.unresolved.append(target)
                continue
            if not answer:
                self.voids += 1
            if kind in ("include", "redirect="):
                self.follow(term, target, answer or [], path)

    def follow(self, term, target, answer, path):
        """Walk the SPF record at an include/redirect target, or report why receivers cannot use it."""
        prefix = "spf at %s: %s" % (self.where, term)
        records = [value for value in answer if is_spf(value)]
        if target in path:
            self.problems.append("%s loops (%s); receivers return permerror" % (prefix, " -> ".join(path + (target,))))
        elif not records:
            self.problems.append("%s points at %s, which has no SPF record; receivers return permerror" % (prefix, target))
        elif len(records) > 1:
            self.problems.append("%s points at %s, which has %d v=spf1 records; receivers return permerror" % (prefix, target, len(records)))
        else:
            nested, problems = _analyse(records[0], target)
            if problems:
                self.problems.append("%s leads to an invalid SPF record: %s" % (prefix, "; ".join(problems)))
            self.walk(nested, path + (target,))


def _walked(text, resolve, where):
    """A finished ``_Walk`` over ``text``."""
    walk = _Walk(resolve, where)
    walk.walk(text)
    return walk


def count_lookups(text, resolve=None):
    """The DNS lookups ``text`` costs.

    Without ``resolve`` each lookup term counts 1.  With ``resolve(domain)``
    (TXT strings at ``domain``, or None when it does not exist) the records behind
    include/redirect count too, recursively; a loop is followed once.
    """
    return _walked(text, resolve, "spf").lookups


def unresolved_targets(text, resolve):
    """Targets ``resolve`` answered with ``UNKNOWN``: their nested lookups were not counted."""
    return sorted(set(_walked(text, resolve, "spf").unresolved))


def check_limits(text, resolve=None, where="spf"):
    """Problems with the RFC 7208 4.6.4 limits (10 lookups; 2 void lookups, countable only with ``resolve``).

    With ``resolve`` it also reports include/redirect targets without exactly one
    valid SPF record, and include loops.  A void lookup is a target that
    ``resolve`` answers with None or [].
    """
    walk = _walked(text, resolve, where)
    problems = list(walk.problems)
    if walk.lookups > MAX_LOOKUPS:
        problems.append("spf at %s: %d DNS lookups; the limit is %d (RFC 7208 4.6.4); flatten or remove includes" % (where, walk.lookups, MAX_LOOKUPS))
    if walk.voids > MAX_VOID_LOOKUPS:
        problems.append(
            "spf at %s: %d void DNS lookups; the limit is %d (RFC 7208 4.6.4); remove terms that point "
            "at names that do not exist" % (where, walk.voids, MAX_VOID_LOOKUPS)
        )
    return problems
