# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The DNS providers, each one file with the same contract (``read(keys)``, ``apply(plan)``, ``describe()``,
``reads``/``writes``), and how to make one from dns_record_sets options.

Provider modules are imported only when used, so a zone file or an RFC 2136 server works on a controller
without boto3, and Route 53 without dnspython.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

PROVIDERS = ("route53", "rfc2136", "zonefile", "octodns")
TSIG_ALGORITHMS = ("hmac-md5", "hmac-sha1", "hmac-sha224", "hmac-sha256", "hmac-sha384", "hmac-sha512")


def make(params, route53_client=None):
    """The provider for dns_record_sets ``params``; ``route53_client()`` makes the boto3 client when needed."""
    provider = params["provider"]
    if provider == "route53":
        from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.route53 import Route53Provider

        return Route53Provider(route53_client(), params["zone"], params["hosted_zone_id"], params["private_zone"], params["wait"], params["wait_timeout"])
    if provider == "rfc2136":
        from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.rfc2136 import Rfc2136Provider

        return Rfc2136Provider(
            params["zone"], params["server"], params["port"], params["key_name"], params["key_secret"], params["key_algorithm"], params["timeout"]
        )
    if provider == "octodns":
        from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.octodns import OctodnsProvider

        return OctodnsProvider(params["zone"], params["octodns"])
    from ansible_collections.mailops.ses.plugins.module_utils._dns.providers.zonefile import ZoneFileProvider

    return ZoneFileProvider(params["zone"], params["path"], params["bump_serial"])
