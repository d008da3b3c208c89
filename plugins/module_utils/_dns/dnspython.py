# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""dnspython as the collection uses it: plain DNS over UDP and TCP, never DNS over HTTPS or QUIC.

Wherever an HTTP client stack is installed (httpx and its helpers come with many Python tools), ``dns.query``
imports all of it on its first import, only to offer DNS over HTTPS: 0.15-0.2 s of CPU in every process that
asks DNS anything, three quarters of ``dns.query``'s import.  The modules of the collection that import
``dns.query`` (the resolver, the RFC 2136 provider) import this module first; dnspython's ``dns._features.force``
switches the transports off before ``dns.query`` looks for them.  Nothing else changes (IDNA and DNSSEC stay as dnspython finds them).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

UNUSED_TRANSPORTS = ("doh", "doq", "trio")

try:
    import dns._features
except ImportError:  # dnspython missing (the importers say so), or a release without this module
    pass
else:
    _force = getattr(dns._features, "force", None)
    if _force is not None:
        for _feature in UNUSED_TRANSPORTS:
            _force(_feature, False)
