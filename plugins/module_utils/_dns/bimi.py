# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""BIMI assertion records and the DMARC enforcement they need, without any I/O.

Follows draft-brand-indicators-for-message-identification-10 (the BIMI draft, September 2025):

* the record is a TXT at ``<selector>._bimi.<domain>`` (section 4.3), ``default`` being the default
  selector; a selector is one or more DNS labels separated by dots (section 4.4);
* ``v=BIMI1`` comes first; ``l=`` is the logo, an HTTPS URI (sections 4.3 and 7.3) of an SVG or SVGZ
  file (section 4.3.2); ``a=`` is optional, the HTTPS URI of the evidence document (a VMC or CMC,
  served as PEM), and a record without ``a=`` means the same as ``a=`` with an empty value (section 4.3);
  a URI must name a fully qualified host, and a comma in it must be percent-encoded (section 4.3);
* receivers skip BIMI when the DMARC policy of the domain or of its organizational domain is
  ``p=none``, when it has ``sp=none``, or when ``p=quarantine`` comes with a ``pct`` other than 100
  (section 7.1). This module also asks ``pct=100`` (or no pct) of ``p=reject``: a reject policy
  applied to a part of the mail only is not what mailbox providers call enforcement.

Every checker collects all the problems it finds, each message starting with ``where``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.mailops.ses.plugins.module_utils._dns import dmarc as _dmarc
from ansible_collections.mailops.ses.plugins.module_utils._problems import ProblemsError

VERSION = "BIMI1"
DEFAULT_SELECTOR = "default"
OPTIONS = ("logo_url", "authority_url", "selector")
LOGO_SUFFIXES = (".svg", ".svgz")
AUTHORITY_SUFFIXES = (".pem",)
ENFORCING_POLICIES = ("quarantine", "reject")

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SELECTOR_RE = re.compile(r"%s(?:\.%s)*\Z" % (_LABEL, _LABEL))
_URL_RE = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<path>[^?#]*)")
_HOST_RE = re.compile(r"(?:%s\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\Z" % _LABEL)
# characters a URI in a tag=value record cannot hold as they are: ';' ends the tag, ',' must be
# percent-encoded (section 4.3), white space and quotes are not URI characters
_ENCODE = ((";", "%3B"), (",", "%2C"), (" ", "%20"), ('"', "%22"))


class BimiError(ProblemsError):
    """One or more problems with BIMI input; ``problems`` lists them all."""


def record_name(domain, selector=DEFAULT_SELECTOR):
    """``<selector>._bimi.<domain>.``, lower case."""
    return "%s._bimi.%s." % (selector.lower(), domain.lower().rstrip("."))


def _https_url(value, label, suffixes, what):
    """Problems with one URL of the record: https, a fully qualified host, nothing to encode, the right file type."""
    if not isinstance(value, str) or not value.strip():
        return ["%s is required (%s)" % (label, what)]
    if value != value.strip():
        return ["%s %r has white space around it; remove it" % (label, value)]
    parts = _URL_RE.match(value)
    if not parts or parts.group("scheme").lower() != "https":
        return ["%s %r is not an https:// URL; BIMI fetches it over HTTPS only" % (label, value)]
    problems = []
    host = parts.group("authority").rpartition("@")[2]
    host = re.sub(r":[0-9]*\Z", "", host)
    if not _HOST_RE.match(host):
        problems.append("%s %r has no fully qualified host name; write https://<host.example>/..." % (label, value))
    for character, encoded in _ENCODE:
        if character in value:
            problems.append("%s %r contains %r; percent-encode it as %s" % (label, value, character, encoded))
    if not parts.group("path").lower().endswith(suffixes):
        problems.append("%s %r does not end in %s; %s" % (label, value, " or ".join(suffixes), what))
    return problems


def build(logo_url, authority_url=None, where="bimi"):
    """The record text ``v=BIMI1; l=<logo_url>[; a=<authority_url>]``; raise ``BimiError`` listing every problem."""
    problems = _https_url(logo_url, where + ".logo_url", LOGO_SUFFIXES, "the logo must be an https://.../logo.svg URL (SVG Tiny PS)")
    if authority_url is not None:
        problems.extend(
            _https_url(
                authority_url,
                where + ".authority_url",
                AUTHORITY_SUFFIXES,
                "the authority must be the https://.../*.pem URL of the mark certificate (VMC or CMC)",
            )
        )
    if problems:
        raise BimiError(problems)
    tags = ["v=%s" % VERSION, "l=%s" % logo_url]
    if authority_url is not None:
        tags.append("a=%s" % authority_url)
    return "; ".join(tags)


def build_from_options(options, where="bimi"):
    """``(selector, record text)`` from ``{logo_url, authority_url, selector}``; raise ``BimiError`` listing every problem."""
    if not isinstance(options, dict):
        raise BimiError(["%s must be a dict {logo_url, authority_url, selector}, not %r" % (where, options)])
    problems = []
    unknown = sorted((key for key in options if key not in OPTIONS), key=str)
    if unknown:
        problems.append("%s has unknown key(s) %s; allowed: %s" % (where, ", ".join(repr(key) for key in unknown), ", ".join(OPTIONS)))
    selector = options.get("selector")
    if selector is None:
        selector = DEFAULT_SELECTOR
    elif not isinstance(selector, str) or not _SELECTOR_RE.match(selector):
        problems.append(
            "%s.selector %r is not a BIMI selector: DNS labels of letters, digits and '-', separated by dots (e.g. default, brand2026)" % (where, selector)
        )
    try:
        record = build(options.get("logo_url"), options.get("authority_url"), where=where)
    except BimiError as error:
        problems.extend(error.problems)
    if problems:
        raise BimiError(problems)
    return selector.lower(), record


# ---------------------------------------------------------------- DMARC enforcement


def enforcement_gaps(tags):
    """What keeps DMARC tags (``{p, sp, pct}`` as ``dmarc.parse`` returns them) from the enforcement BIMI needs.

    ``[]`` when the policy is at enforcement, else the offending tags, e.g. ``['p=none']``, ``['pct=50']``, ``['sp=none']``.
    """
    gaps = []
    if tags.get("p") not in ENFORCING_POLICIES:
        gaps.append("p=%s" % tags.get("p"))
    if tags.get("pct") is not None and str(tags["pct"]) != "100":
        gaps.append("pct=%s" % tags["pct"])
    if tags.get("sp") == "none":
        gaps.append("sp=none")
    return gaps


ENFORCEMENT = "mailbox providers show a BIMI logo only with p=quarantine or p=reject, pct=100 or no pct, and no sp=none"
_FIXES = {
    "p": "set %s.policy to quarantine or reject once the aggregate reports show all mail aligned",
    "pct": "set %s.pct to 100 or remove it",
    "sp": "set %s.subdomain_policy to quarantine or reject, or remove it",
}


def _options_gaps(options):
    """``enforcement_gaps`` of DMARC options (``mailops_domains[...].dmarc``), or None when they do not build a record."""
    try:
        return enforcement_gaps(_dmarc.parse(_dmarc.build_from_options(options)))
    except _dmarc.DmarcError:
        return None  # reported by the DMARC checks


def enforcement_problems(domain, policy, domains=None, where=None):
    """Problems that keep the BIMI of ``domain`` from being shown, from the DMARC options of the inventory.

    ``policy`` is the domain's entry of ``mailops_domains``; ``domains`` the whole of it, so the DMARC of the
    organizational domain counts too (BIMI section 7.1). Invalid DMARC options are left to the DMARC checks.
    """
    domain = domain.lower().rstrip(".")
    where = where or "mailops_domains['%s']" % domain
    organizational = _dmarc.organizational_domain(domain)
    records = []
    if (policy or {}).get("dmarc"):
        records.append((where + ".dmarc", policy["dmarc"]))
    parent = (domains or {}).get(organizational) if organizational != domain else None
    if isinstance(parent, dict) and parent.get("dmarc"):
        records.append(("mailops_domains['%s'].dmarc" % organizational, parent["dmarc"]))
    if not records:
        unset = "%s.dmarc is not set" % where
        if organizational != domain:
            unset = "neither %s.dmarc nor mailops_domains['%s'].dmarc is set" % (where, organizational)
        return ["%s.bimi needs DMARC at enforcement, but %s; %s: set %s.dmarc with policy quarantine or reject" % (where, unset, ENFORCEMENT, where)]
    problems = []
    for label, options in records:
        gaps = _options_gaps(options)
        if gaps:
            fixes = " and ".join(_FIXES[gap.split("=")[0]] % label for gap in gaps)
            problems.append("%s.bimi needs DMARC at enforcement, but %s has %s; %s: %s" % (where, label, ", ".join(gaps), ENFORCEMENT, fixes))
    return problems
