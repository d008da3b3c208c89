"""Bad inputs: a catalogue of wrong inventories and module arguments, each refused before any write.

For every case in ``CATALOGUE``:

1. nothing is written: the sandbox's API accounting shows no write call (its counters are reset right
   before the run) and every BIND zone of the case keeps its SOA serial;
2. the message names the host or variable at fault and says how to fix it (exact substrings);
3. every problem of one inventory is reported in the one failure.

Playbook cases run ``ansible-playbook playbooks/site.yml`` on an inventory written to a temporary
directory. Cases with the same ``run`` share one inventory: the inventory check reports everything
together, so a few playbook runs cover most of the catalogue, and ``test_run_reports_exactly_its_cases``
proves that each run failed once, in the inventory check, with exactly the catalogued problems (each
expected line matches one problem and each problem is expected by one case). The ``combined-*`` cases
have an inventory of their own with 2-4 problems. Module cases call one module directly.

The runs are shared between pytest-xdist workers through a locked file store, so each inventory is
run once per session whatever the distribution of the cases.
"""

import copy
import fcntl
import functools
import json
import math
import os
import random
import re
import subprocess
import sys
import time

import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from testkit.aws import add_records
from testkit.bind import Bind
from testkit.modules import run_module

from ..conftest import COLLECTIONS, ROOT, require_bind

PLAYBOOK = os.path.join(ROOT, "playbooks", "site.yml")
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
CHECK_TASK = "Validate every tenant, domain and zone together"

# ---------------------------------------------------------------------------------------------- keys
#
# BYODKIM keys are made at run time (no key material in the repository).  Inventories name them with
# the placeholder "<<key:KIND>>"; BIND connection details are "<<bind:server>>" and friends.


def _probable_prime(number, rng):
    if number < 2:
        return False
    for small in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if number % small == 0:
            return number == small
    odd, shifts = number - 1, 0
    while odd % 2 == 0:
        odd, shifts = odd // 2, shifts + 1
    for _round in range(24):
        witness = pow(rng.randrange(2, number - 1), odd, number)
        if witness in (1, number - 1):
            continue
        for _step in range(shifts - 1):
            witness = pow(witness, 2, number)
            if witness == number - 1:
                break
        else:
            return False
    return True


def _weak_rsa_key(bits):
    """An RSA key of ``bits`` bits: cryptography refuses to generate keys under 1024 bits but loads them."""
    rng = random.Random(bits)

    def prime():
        while True:
            candidate = rng.getrandbits(bits // 2) | (3 << (bits // 2 - 2)) | 1
            if _probable_prime(candidate, rng):
                return candidate

    exponent = 65537
    while True:
        p, q = prime(), prime()
        phi = (p - 1) * (q - 1)
        if p != q and math.gcd(exponent, phi) == 1 and (p * q).bit_length() == bits:
            break
    d = pow(exponent, -1, phi)
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), rsa.RSAPublicNumbers(exponent, p * q))
    return numbers.private_key()


@functools.lru_cache(maxsize=None)
def key_pem(kind):
    if kind == "malformed":
        return "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK this is not base64 !!\n-----END RSA PRIVATE KEY-----\n"
    if kind == "ec":
        key = ec.generate_private_key(ec.SECP256R1())
        return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    bits = int(kind.replace("rsa", "").split("-")[0])
    key = _weak_rsa_key(bits) if bits < 1024 else rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode()


def _resolve(value, bind=None):
    """``value`` with every ``<<key:...>>`` / ``<<bind:...>>`` placeholder replaced."""
    if isinstance(value, dict):
        return {k: _resolve(v, bind) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, bind) for v in value]
    if isinstance(value, str) and value.startswith("<<") and value.endswith(">>"):
        kind, _colon, name = value[2:-2].partition(":")
        if kind == "key":
            return key_pem(name)
        host, port = bind.server.split(":")
        return {"server": host, "port": int(port), "key_name": bind.key_name, "key_secret": bind.secret}[name]
    return value


def bind_zone(**settings):
    """An rfc2136 zone on the run's BIND (``key=False``: the TSIG key is left out)."""
    zone = {"provider": "rfc2136", "server": "<<bind:server>>", "port": "<<bind:port>>"}
    if settings.pop("key", True):
        zone.update(key_name="<<bind:key_name>>", key_secret="<<bind:key_secret>>")
    zone.update(settings)
    return zone


def identity(name, **settings):
    return dict({"identity": name}, **settings)


def byodkim(key, selector="s2024"):
    return {"mode": "byodkim", "selector": selector, "private_key": "<<key:%s>>" % key}


CLOUDWATCH = {"dimensions": [{"name": "ses:from-domain", "default": "shop.example"}]}
SNS = {"topic_arn": "arn:aws:sns:us-east-1:999999999999:ses-events"}
SPF_11 = {"include": ["spf%d.example.net" % n for n in range(11)]}
SPF_TEXT_10 = "v=spf1 " + " ".join("include:spf%d.example.net" % n for n in range(10)) + " ~all"
SPF_TEXT_12 = "v=spf1 " + " ".join("include:spf%d.example.net" % n for n in range(12)) + " ~all"
BIMI_LOGO = "https://logo-none.example/logo.svg"
BIMI_VMC = "https://logo-none.example/vmc.pem"
ALLOWED_DMARC = "allowed: policy, subdomain_policy, pct, rua, ruf, adkim, aspf, fo, ri"

# A valid tenant, domain and zone in every inventory: when the inventory check did not stop the run,
# this tenant would write to SES and Route 53 (so "no write" means something).
BASE_HOSTS = {
    "base": {
        "mailops_ses_region": "us-east-1",
        "mailops_aws_role_arn": "arn:aws:iam::999999999999:role/mailops-ses",
        "mailops_ses_identities": [identity("shop.example", mail_from="mail.shop.example", configuration_set="orders")],
        "mailops_ses_configuration_sets": [
            {"name": "orders", "event_destinations": [{"name": "per-domain", "matching_event_types": ["SEND", "BOUNCE"], "cloudwatch": CLOUDWATCH}]}
        ],
    },
}
BASE_DOMAINS = {"shop.example": {"dmarc": {"policy": "none", "rua": ["dmarc@shop.example"]}}}
BASE_ZONES = {"shop.example": {"provider": "route53"}}

# ------------------------------------------------------------------------------------------ catalogue
#
# Playbook case: {id, category, run, hosts?, domains?, zones?, expect: [one substring per problem]}.
# Module case:   {id, category, module, backends?, setup?, args, expect}.

CATALOGUE = [
    # -- identities -------------------------------------------------------------------------------
    {
        "id": "identity-invalid-domain",
        "category": "identity",
        "run": "tenants",
        "hosts": {"bad-domain": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("shop_eu.shop.example")]}},
        "expect": [
            "bad-domain: mailops_ses_identities[0]: identity 'shop_eu.shop.example' is neither a domain (example.com) nor an email address (sender@example.com)"
        ],
    },
    {
        "id": "identity-invalid-email",
        "category": "identity",
        "run": "tenants",
        "hosts": {"bad-email": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("sales@@shop.example")]}},
        "expect": [
            "bad-email: mailops_ses_identities[0]: identity 'sales@@shop.example' is neither a domain (example.com) nor an email address (sender@example.com)"
        ],
    },
    {
        "id": "identity-listed-twice",
        "category": "identity",
        "run": "tenants",
        "hosts": {"twice": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("twice.shop.example"), identity("Twice.Shop.Example")]}},
        "expect": ["twice: mailops_ses_identities[1]: identity 'twice.shop.example' is listed twice for this tenant"],
    },
    {
        "id": "identity-unknown-configuration-set",
        "category": "identity",
        "run": "tenants",
        "hosts": {"no-set": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("noset.shop.example", configuration_set="marketing")]}},
        "expect": ["no-set: mailops_ses_identities[0].configuration_set 'marketing' is not defined in no-set: mailops_ses_configuration_sets; add it there"],
    },
    # -- MAIL FROM ----------------------------------------------------------------------------------
    {
        "id": "mail-from-not-a-subdomain",
        "category": "mail-from",
        "run": "tenants",
        "hosts": {
            "mf-outside": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("news.shop.example", mail_from="mail.shop.example.net")]}
        },
        "expect": [
            "mf-outside: mailops_ses_identities[0].mail_from.domain 'mail.shop.example.net' is not a subdomain of "
            "news.shop.example; use e.g. mail.news.shop.example"
        ],
    },
    {
        "id": "mail-from-is-the-identity",
        "category": "mail-from",
        "run": "tenants",
        "hosts": {
            "mf-self": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("self.shop.example", mail_from={"domain": "self.shop.example"})]}
        },
        "expect": [
            "mf-self: mailops_ses_identities[0].mail_from.domain 'self.shop.example' is the identity itself; "
            "use a subdomain that does not receive mail, e.g. mail.self.shop.example"
        ],
    },
    {
        "id": "mail-from-not-a-host-name",
        "category": "mail-from",
        "run": "tenants",
        "hosts": {
            "mf-underscore": {
                "mailops_ses_region": "us-east-1",
                "mailops_ses_identities": [identity("under.shop.example", mail_from="bounce_1.under.shop.example")],
            }
        },
        "expect": [
            "mf-underscore: mailops_ses_identities[0].mail_from.domain 'bounce_1.under.shop.example' must be a "
            "host name (letters, digits and '-' only), e.g. mail.under.shop.example"
        ],
    },
    {
        "id": "mail-from-shared-by-two-regions",
        "category": "mail-from",
        "run": "tenants",
        "hosts": {
            "bounce-us": {
                "mailops_ses_region": "us-east-1",
                "mailops_ses_identities": [identity("tworegions.shop.example", mail_from="bounce.tworegions.shop.example")],
            },
            "bounce-eu": {
                "mailops_ses_region": "eu-west-1",
                "mailops_ses_identities": [identity("tworegions.shop.example", mail_from="bounce.tworegions.shop.example")],
            },
        },
        "expect": [
            "MAIL FROM bounce.tworegions.shop.example is claimed by 2 regions (eu-west-1 from bounce-eu; us-east-1 "
            "from bounce-us); an MX sends bounces to one region, so give each region its own MAIL FROM subdomain, "
            "e.g. bounce-eu-west-1.tworegions.shop.example, bounce-us-east-1.tworegions.shop.example"
        ],
    },
    # -- BYODKIM --------------------------------------------------------------------------------------
    {
        "id": "byodkim-key-not-rsa",
        "category": "byodkim",
        "run": "tenants",
        "hosts": {"key-ec": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("ec.shop.example", dkim=byodkim("ec"))]}},
        "expect": ["key-ec: mailops_ses_identities[0].dkim.private_key is not an RSA key; SES BYODKIM accepts RSA keys only"],
    },
    {
        "id": "byodkim-key-too-short",
        "category": "byodkim",
        "run": "tenants",
        "hosts": {"key-512": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("short.shop.example", dkim=byodkim("rsa512"))]}},
        "expect": ["key-512: mailops_ses_identities[0].dkim.private_key is 512 bits; SES BYODKIM accepts RSA keys of 1024 to 2048 bits"],
    },
    {
        "id": "byodkim-key-too-long",
        "category": "byodkim",
        "run": "tenants",
        "hosts": {"key-4096": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("long.shop.example", dkim=byodkim("rsa4096"))]}},
        "expect": ["key-4096: mailops_ses_identities[0].dkim.private_key is 4096 bits; SES BYODKIM accepts RSA keys of 1024 to 2048 bits"],
    },
    {
        "id": "byodkim-key-malformed-pem",
        "category": "byodkim",
        "run": "tenants",
        "hosts": {"key-garbled": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("garbled.shop.example", dkim=byodkim("malformed"))]}},
        "expect": ["key-garbled: mailops_ses_identities[0].dkim.private_key is not a readable private key: give a PEM block or its base64 body"],
    },
    {
        "id": "byodkim-key-file-missing",
        "category": "byodkim",
        "run": "tenants",
        "hosts": {
            "key-nofile": {
                "mailops_ses_region": "us-east-1",
                "mailops_ses_identities": [
                    identity("nofile.shop.example", dkim={"mode": "byodkim", "selector": "s2024", "private_key_path": "/nonexistent/mailops/nofile.pem"})
                ],
            }
        },
        "expect": [
            "key-nofile: mailops_ses_identities[0].dkim.private_key_path /nonexistent/mailops/nofile.pem does not exist; create it or set generate_key: true"
        ],
    },
    {
        "id": "byodkim-bad-selector",
        "category": "byodkim",
        "run": "tenants",
        "hosts": {
            "bad-selector": {
                "mailops_ses_region": "us-east-1",
                "mailops_ses_identities": [identity("selector.shop.example", dkim=byodkim("rsa1024", selector="-2024_q1"))],
            }
        },
        "expect": ["bad-selector: mailops_ses_identities[0].dkim.selector '-2024_q1' must be 1-63 letters, digits or '-', not starting or ending with '-'"],
    },
    {
        "id": "byodkim-selector-used-twice",
        "category": "byodkim",
        "run": "tenants",
        "hosts": {
            "sel-a": {
                "mailops_ses_region": "us-east-1",
                "mailops_ses_identities": [identity("samesel.shop.example", dkim=byodkim("rsa1024-a", selector="k1"))],
            },
            "sel-b": {
                "mailops_ses_region": "eu-west-1",
                "mailops_ses_identities": [identity("samesel.shop.example", dkim=byodkim("rsa1024-b", selector="k1"))],
            },
        },
        "expect": ["BYODKIM selector k1 of samesel.shop.example is used by sel-a, sel-b; each SES instance needs its own selector"],
    },
    # -- configuration sets, suppression ------------------------------------------------------------
    {
        "id": "event-destination-two-targets",
        "category": "configuration-set",
        "run": "tenants",
        "hosts": {
            "cs-two": {
                "mailops_ses_region": "us-east-1",
                "mailops_ses_configuration_sets": [
                    {"name": "events", "event_destinations": [{"name": "both", "matching_event_types": ["SEND"], "cloudwatch": CLOUDWATCH, "sns": SNS}]}
                ],
            }
        },
        "expect": [
            "cs-two: mailops_ses_configuration_sets[0]: event_destinations[0] (name 'both'): give exactly one of "
            "cloudwatch, sns, firehose, eventbridge, pinpoint; got 2 (cloudwatch, sns)"
        ],
    },
    {
        "id": "event-destination-no-target",
        "category": "configuration-set",
        "run": "tenants",
        "hosts": {
            "cs-none": {
                "mailops_ses_region": "us-east-1",
                "mailops_ses_configuration_sets": [{"name": "events", "event_destinations": [{"name": "nowhere", "matching_event_types": ["SEND"]}]}],
            }
        },
        "expect": [
            "cs-none: mailops_ses_configuration_sets[0]: event_destinations[0] (name 'nowhere'): give exactly one "
            "of cloudwatch, sns, firehose, eventbridge, pinpoint; got 0"
        ],
    },
    {
        "id": "configuration-set-listed-twice",
        "category": "configuration-set",
        "run": "tenants",
        "hosts": {"cs-twice": {"mailops_ses_region": "us-east-1", "mailops_ses_configuration_sets": [{"name": "events"}, {"name": "events"}]}},
        "expect": ["cs-twice: mailops_ses_configuration_sets[1]: configuration set 'events' is listed twice"],
    },
    {
        "id": "suppression-reason-account",
        "category": "suppression",
        "run": "tenants",
        "hosts": {"acct-reason": {"mailops_ses_region": "us-east-1", "mailops_ses_account": {"suppression_reasons": ["BOUNCE", "UNSUBSCRIBE"]}}},
        "expect": ["acct-reason: mailops_ses_account.suppression_reasons: 'UNSUBSCRIBE' is not one of BOUNCE, COMPLAINT"],
    },
    {
        "id": "suppression-reason-configuration-set",
        "category": "suppression",
        "run": "tenants",
        "hosts": {
            "cs-reason": {
                "mailops_ses_region": "us-east-1",
                "mailops_ses_configuration_sets": [{"name": "events", "suppression_reasons": ["COMPLAINT", "MANUAL"]}],
            }
        },
        "expect": ["cs-reason: mailops_ses_configuration_sets[0]: suppression_reasons: 'MANUAL' is not one of BOUNCE, COMPLAINT"],
    },
    # -- tenants --------------------------------------------------------------------------------------
    {
        "id": "tenant-without-region",
        "category": "tenant",
        "run": "tenants",
        "hosts": {"no-region": {"mailops_ses_identities": [identity("noregion.shop.example")]}},
        "expect": ["no-region: mailops_ses_region is required (the SES region of this business unit, e.g. eu-west-1)"],
    },
    {
        "id": "tenant-region-not-a-region",
        "category": "tenant",
        "run": "tenants",
        "hosts": {"bad-region": {"mailops_ses_region": "Ireland"}},
        "expect": ["bad-region: mailops_ses_region 'Ireland' is not an AWS region name such as us-east-1"],
    },
    {
        "id": "tenant-profile-and-role",
        "category": "tenant",
        "run": "tenants",
        "hosts": {
            "both-creds": {
                "mailops_ses_region": "us-east-1",
                "mailops_aws_profile": "ops",
                "mailops_aws_role_arn": "arn:aws:iam::555555555555:role/mailops-ses",
            }
        },
        "expect": ["both-creds: set either mailops_aws_profile or mailops_aws_role_arn, not both"],
    },
    {
        "id": "tenant-role-arn-malformed",
        "category": "tenant",
        "run": "tenants",
        "hosts": {"bad-arn": {"mailops_ses_region": "us-east-1", "mailops_aws_role_arn": "arn:aws:iam::1234:role/x"}},
        "expect": ["bad-arn: mailops_aws_role_arn 'arn:aws:iam::1234:role/x' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)"],
    },
    {
        "id": "duplicate-tenants-role-arn",
        "category": "tenant",
        "run": "tenants",
        "hosts": {
            "dup-a": {"mailops_ses_region": "eu-central-1", "mailops_aws_role_arn": "arn:aws:iam::444444444444:role/ses-a"},
            "dup-b": {"mailops_ses_region": "eu-central-1", "mailops_aws_role_arn": "arn:aws:iam::444444444444:role/ses-b"},
        },
        "expect": [
            "dup-a, dup-b describe the same SES instance (account 444444444444, region eu-central-1); one host per "
            "account and region, merge their settings into one host"
        ],
    },
    {
        "id": "duplicate-tenants-profile",
        "category": "tenant",
        "run": "tenants",
        "hosts": {
            "prof-a": {"mailops_ses_region": "us-west-2", "mailops_aws_profile": "marketing"},
            "prof-b": {"mailops_ses_region": "us-west-2", "mailops_aws_profile": "marketing"},
        },
        "expect": [
            "prof-a, prof-b describe the same SES instance (profile marketing, region us-west-2); one host per "
            "account and region, merge their settings into one host"
        ],
    },
    # -- wrong types (YAML that parses, but not into what the variable holds) --------------------------
    {
        "id": "type-mail-from-not-a-name",
        "category": "types",
        "run": "tenants",
        "hosts": {"mf-number": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("number.shop.example", mail_from=25)]}},
        "expect": ["mf-number: mailops_ses_identities[0].mail_from must be a domain name such as mail.<identity>, or a dict with domain"],
    },
    {
        "id": "type-dkim-not-a-dict",
        "category": "types",
        "run": "tenants",
        "hosts": {"dkim-word": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("word.shop.example", dkim="byodkim")]}},
        "expect": ["dkim-word: mailops_ses_identities[0].dkim must be a dict such as {mode: byodkim, selector: ..., private_key: ...}"],
    },
    {
        "id": "type-suppression-reasons-not-a-list",
        "category": "types",
        "run": "tenants",
        "hosts": {"reasons-word": {"mailops_ses_region": "us-east-1", "mailops_ses_account": {"suppression_reasons": "BOUNCE"}}},
        "expect": ["reasons-word: mailops_ses_account must be a dict with suppression_reasons a list such as [BOUNCE, COMPLAINT]"],
    },
    {
        "id": "type-contact-list-topics-not-dicts",
        "category": "types",
        "run": "tenants",
        "hosts": {"topics-words": {"mailops_ses_region": "us-east-1", "mailops_ses_contact_list": {"name": "customers", "topics": ["newsletter", "offers"]}}},
        "expect": ["topics-words: mailops_ses_contact_list must be a dict {name, description, topics} with topics a list of dicts {name, display_name}"],
    },
    {
        "id": "type-domain-records-not-a-list",
        "category": "types",
        "run": "policy",
        "domains": {"words.shop.example": {"records": "google-site-verification=abc123"}},
        "expect": ["mailops_domains['words.shop.example'] must be a dict {dmarc, spf, records} with records a list of {name, type, ttl, values}"],
    },
    # -- DMARC ----------------------------------------------------------------------------------------
    {
        "id": "dmarc-unknown-policy",
        "category": "dmarc",
        "run": "policy",
        "domains": {"block.shop.example": {"dmarc": {"policy": "block"}}},
        "expect": ["mailops_domains['block.shop.example'].dmarc.policy 'block' is not one of none, quarantine, reject"],
    },
    {
        "id": "dmarc-unknown-option",
        "category": "dmarc",
        "run": "policy",
        "domains": {"interval.shop.example": {"dmarc": {"policy": "none", "report_interval": 86400}}},
        "expect": ["mailops_domains['interval.shop.example'].dmarc has unknown option(s) 'report_interval'; " + ALLOWED_DMARC],
    },
    {
        "id": "dmarc-rua-not-mailto",
        "category": "dmarc",
        "run": "policy",
        "domains": {"rua.shop.example": {"dmarc": {"policy": "none", "rua": ["https://reports.example.net/dmarc"]}}},
        "expect": ["mailops_domains['rua.shop.example'].dmarc.rua 'https://reports.example.net/dmarc' is not a mailto: URI; write mailto:address@example.com"],
    },
    {
        "id": "dmarc-pct-over-100",
        "category": "dmarc",
        "run": "policy",
        "domains": {"pct.shop.example": {"dmarc": {"policy": "quarantine", "pct": 150}}},
        "expect": ["mailops_domains['pct.shop.example'].dmarc.pct 150 is not a whole number from 0 to 100"],
    },
    {
        "id": "dmarc-raw-record-unknown-tag-value",
        "category": "dmarc",
        "run": "policy",
        "domains": {"rawdmarc.shop.example": {"records": [{"name": "_dmarc", "type": "TXT", "values": ["v=DMARC1; p=block; rua=mailto:d@shop.example"]}]}},
        "expect": ["mailops_domains['rawdmarc.shop.example'].records[0].p 'block' is not one of none, quarantine, reject"],
    },
    {
        "id": "dmarc-unknown-domain-key",
        "category": "dmarc",
        "run": "policy",
        "domains": {"typo.shop.example": {"dmark": {"policy": "none"}}},
        "expect": ["mailops_domains['typo.shop.example']: unknown keys dmark (allowed: dmarc, spf, records, bimi)"],
    },
    # -- BIMI (in zones of their own: shop.example's p=none would refuse the BIMI of its subdomains too) -----
    {
        "id": "bimi-dmarc-not-at-enforcement",
        "category": "bimi",
        "run": "bimi",
        "domains": {
            "logo-none.example": {"dmarc": {"policy": "none", "rua": ["dmarc@logo-none.example"]}, "bimi": {"logo_url": BIMI_LOGO, "authority_url": BIMI_VMC}}
        },
        "zones": {"logo-none.example": {"provider": "route53"}},
        "expect": [
            "mailops_domains['logo-none.example'].bimi needs DMARC at enforcement, but mailops_domains['logo-none.example'].dmarc has p=none; "
            "mailbox providers show a BIMI logo only with p=quarantine or p=reject, pct=100 or no pct, and no sp=none: "
            "set mailops_domains['logo-none.example'].dmarc.policy to quarantine or reject once the aggregate reports show all mail aligned"
        ],
    },
    {
        "id": "bimi-logo-not-https",
        "category": "bimi",
        "run": "bimi",
        "domains": {"logo-http.example": {"dmarc": {"policy": "reject"}, "bimi": {"logo_url": "http://logo-http.example/logo.svg"}}},
        "zones": {"logo-http.example": {"provider": "route53"}},
        "expect": [
            "mailops_domains['logo-http.example'].bimi.logo_url 'http://logo-http.example/logo.svg' is not an https:// URL; BIMI fetches it over HTTPS only"
        ],
    },
    {
        "id": "bimi-authority-not-pem",
        "category": "bimi",
        "run": "bimi",
        "domains": {
            "logo-crt.example": {
                "dmarc": {"policy": "quarantine"},
                "bimi": {"logo_url": "https://logo-crt.example/logo.svg", "authority_url": "https://logo-crt.example/vmc.crt"},
            }
        },
        "zones": {"logo-crt.example": {"provider": "route53"}},
        "expect": [
            "mailops_domains['logo-crt.example'].bimi.authority_url 'https://logo-crt.example/vmc.crt' does not end in .pem; "
            "the authority must be the https://.../*.pem URL of the mark certificate (VMC or CMC)"
        ],
    },
    # -- SPF ------------------------------------------------------------------------------------------
    {
        "id": "spf-eleven-includes",
        "category": "spf",
        "run": "policy",
        "domains": {"spf11.shop.example": {"spf": SPF_11}},
        "expect": ["mailops_domains['spf11.shop.example'].spf: spf at spf: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes"],
    },
    {
        "id": "spf-raw-record-twelve-includes",
        "category": "spf",
        "run": "policy",
        "domains": {"spf12.shop.example": {"records": [{"name": "@", "type": "TXT", "values": [SPF_TEXT_12]}]}},
        "expect": ["spf at mailops_domains['spf12.shop.example'].records[0]: 12 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes"],
    },
    {
        "id": "spf-two-records-cannot-merge",
        "category": "spf",
        "run": "policy",
        "domains": {
            "twospf.shop.example": {
                "spf": {"include": ["amazonses.com"], "all": "-all"},
                "records": [{"name": "@", "type": "TXT", "values": ["v=spf1 redirect=_spf.example.net"]}],
            }
        },
        "expect": [
            "mailops_domains['twospf.shop.example']: twospf.shop.example. TXT: cannot merge "
            "redirect=_spf.example.net with records that have -all; receivers ignore redirect when all is present "
            "(RFC 7208 6.1)"
        ],
    },
    # -- records and zones ----------------------------------------------------------------------------
    {
        "id": "record-with-no-zone",
        "category": "zone",
        "run": "policy",
        "hosts": {"no-zone": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("nozone.example.net")]}},
        "expect": [
            "_domainkey.nozone.example.net. (DKIM records of nozone.example.net) has no zone in mailops_dns_zones "
            "(known zones: bind.example, notsig.example, other.example, shop.example); add the zone that holds it",
            "_dmarc.nozone.example.net. (DMARC of nozone.example.net) has no zone in mailops_dns_zones "
            "(known zones: bind.example, notsig.example, other.example, shop.example); add the zone that holds it",
        ],
    },
    {
        "id": "zone-unknown-provider",
        "category": "zone",
        "run": "policy",
        "zones": {"other.example": {"provider": "powerdns", "server": "192.0.2.53"}},
        "expect": ["mailops_dns_zones['other.example'].provider 'powerdns' is not one of route53, rfc2136, zonefile"],
    },
    {
        "id": "zone-missing-tsig-key",
        "category": "zone",
        "run": "policy",
        "zones": {"notsig.example": bind_zone(key=False)},
        "domains": {"notsig.example": {"dmarc": {"policy": "none"}}},
        "expect": [
            "mailops_dns_zones['notsig.example']: key_name and key_secret (a TSIG key) are required for provider rfc2136; generate one with tsig-keygen"
        ],
    },
    {
        "id": "zone-unknown-setting",
        "category": "zone",
        "run": "policy",
        "zones": {"bind.example": bind_zone(zone_file="/var/lib/bind/bind.example.db")},
        "domains": {"bind.example": {"dmarc": {"policy": "none"}}},
        "expect": [
            "mailops_dns_zones['bind.example']: unknown settings zone_file for provider rfc2136 (allowed: provider, "
            "server, port, key_name, key_secret, key_algorithm, check_server)"
        ],
    },
    {
        "id": "domain-record-txt-bad-escape",
        "category": "record",
        "run": "policy",
        "domains": {"escape.bind.example": {"records": [{"name": "note", "type": "TXT", "values": ['"bad \\12 escape"']}]}},
        "expect": [
            "mailops_domains['escape.bind.example'].records[0].values[0]: escape \\12  in TXT value '\"bad \\\\12 escape\"' must be three digits (\\DDD)"
        ],
    },
    {
        "id": "domain-record-cname-beside-other-data",
        "category": "record",
        "run": "policy",
        "domains": {
            "cname.bind.example": {
                "records": [{"name": "www", "type": "CNAME", "values": ["shop.example.net."]}, {"name": "www", "type": "TXT", "values": ["owner=web-team"]}]
            }
        },
        "expect": [
            "www.cname.bind.example.: a CNAME (from "
            "mailops_domains['cname.bind.example']) beside TXT records (from mailops_domains['cname.bind.example']); "
            "a CNAME cannot share its name with other data"
        ],
    },
    {
        "id": "domain-record-cname-at-zone-apex",
        "category": "record",
        "run": "policy",
        "domains": {"other.example": {"records": [{"name": "@", "type": "CNAME", "values": ["shop.example.net."]}]}},
        "expect": ["other.example.: a CNAME (from mailops_domains['other.example']) at the zone apex is not allowed; the apex holds SOA and NS"],
    },
    # -- several problems in one inventory, all in the one failure ------------------------------------
    {
        "id": "combined-region-dmarc-tsig",
        "category": "combined",
        "run": "combined-region-dmarc-tsig",
        "hosts": {"c1-tenant": {"mailops_ses_identities": [identity("c1.example", mail_from="mail.c1.example")]}},
        "domains": {"c1.example": {"dmarc": {"policy": "block", "rua": ["dmarc@c1.example"]}}},
        "zones": {"c1.example": bind_zone(key=False)},
        "expect": [
            "c1-tenant: mailops_ses_region is required (the SES region of this business unit, e.g. eu-west-1)",
            "mailops_domains['c1.example'].dmarc.policy 'block' is not one of none, quarantine, reject",
            "mailops_dns_zones['c1.example']: key_name and key_secret (a TSIG key) are required for provider rfc2136; generate one with tsig-keygen",
        ],
    },
    {
        "id": "combined-mailfrom-duplicate-key-provider",
        "category": "combined",
        "run": "combined-mailfrom-duplicate-key-provider",
        "hosts": {
            "c2-us": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [identity("c2.shop.example", mail_from="bounce.c2.shop.example")]},
            "c2-eu": {"mailops_ses_region": "eu-west-1", "mailops_ses_identities": [identity("c2.shop.example", mail_from="bounce.c2.shop.example")]},
            "c2-dup-a": {
                "mailops_ses_region": "ap-southeast-2",
                "mailops_aws_role_arn": "arn:aws:iam::777777777777:role/a",
                "mailops_ses_identities": [identity("c2key.shop.example", dkim=byodkim("rsa512"))],
            },
            "c2-dup-b": {"mailops_ses_region": "ap-southeast-2", "mailops_aws_role_arn": "arn:aws:iam::777777777777:role/b"},
        },
        "zones": {"c2.example": {"provider": "bind9"}},
        "expect": [
            "MAIL FROM bounce.c2.shop.example is claimed by 2 regions (eu-west-1 from c2-eu; us-east-1 from c2-us); "
            "an MX sends bounces to one region, so give each region its own MAIL FROM subdomain, e.g. "
            "bounce-eu-west-1.c2.shop.example, bounce-us-east-1.c2.shop.example",
            "c2-dup-a, c2-dup-b describe the same SES instance (account 777777777777, region ap-southeast-2); one "
            "host per account and region, merge their settings into one host",
            "c2-dup-a: mailops_ses_identities[0].dkim.private_key is 512 bits; SES BYODKIM accepts RSA keys of 1024 to 2048 bits",
            "mailops_dns_zones['c2.example'].provider 'bind9' is not one of route53, rfc2136, zonefile",
        ],
    },
    {
        "id": "combined-subdomain-spf",
        "category": "combined",
        "run": "combined-subdomain-spf",
        "hosts": {"c3": {"mailops_ses_region": "eu-west-1", "mailops_ses_identities": [identity("c3.shop.example", mail_from="mail.c3.example.net")]}},
        "domains": {"c3.shop.example": {"dmarc": {"policy": "none"}, "spf": SPF_11}},
        "expect": [
            "c3: mailops_ses_identities[0].mail_from.domain 'mail.c3.example.net' is not a subdomain of c3.shop.example; use e.g. mail.c3.shop.example",
            "mailops_domains['c3.shop.example'].spf: spf at spf: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes",
        ],
    },
    # -- module arguments -----------------------------------------------------------------------------
    {
        "id": "module-spf-merged-into-existing-over-ten-lookups",
        "category": "spf",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {"record_sets": [{"name": "@", "type": "TXT", "values": [SPF_TEXT_10]}]},
        "expect": ["spf at example.org. TXT: 11 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes"],
    },
    {
        "id": "module-spf-twelve-includes",
        "category": "spf",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {"record_sets": [{"name": "mail", "type": "TXT", "values": [SPF_TEXT_12]}]},
        "expect": ["record_sets: spf at mail.example.org. TXT: 12 DNS lookups; the limit is 10 (RFC 7208 4.6.4); flatten or remove includes"],
    },
    {
        "id": "module-two-spf-records-cannot-merge",
        "category": "spf",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {"record_sets": [{"name": "news", "type": "TXT", "values": ["v=spf1 redirect=_spf.example.net", "v=spf1 include:amazonses.com -all"]}]},
        "expect": [
            "record_sets: news.example.org. TXT: cannot merge redirect=_spf.example.net with records that have "
            "-all; receivers ignore redirect when all is present (RFC 7208 6.1)"
        ],
    },
    {
        "id": "module-record-outside-zone",
        "category": "record",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {"record_sets": [{"name": "_dmarc.example.com.", "type": "TXT", "values": ["v=DMARC1; p=none"]}]},
        "expect": ["record_sets: _dmarc.example.com. is outside zone example.org.; publish it with its own zone"],
    },
    {
        "id": "module-cname-beside-existing-data",
        "category": "record",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {"record_sets": [{"name": "www", "type": "CNAME", "values": ["shop.example.net."]}]},
        "expect": ["www.example.org. would hold a CNAME beside A records; a CNAME cannot share its name with other data"],
    },
    {
        "id": "module-cname-beside-other-data",
        "category": "record",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {
            "record_sets": [
                {"name": "shop", "type": "CNAME", "values": ["shop.example.net."]},
                {"name": "shop", "type": "MX", "values": ["10 mx.example.net."]},
            ]
        },
        "expect": ["record_sets: shop.example.org. has a CNAME beside MX records; a CNAME cannot share its name with other data"],
    },
    {
        "id": "module-cname-at-apex",
        "category": "record",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {"record_sets": [{"name": "@", "type": "CNAME", "values": ["shop.example.net."]}]},
        "expect": ["record_sets[0]: a CNAME is not allowed at the zone apex example.org."],
    },
    {
        "id": "module-txt-bad-escape",
        "category": "record",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {"record_sets": [{"name": "note", "type": "TXT", "values": ['"bad \\12 escape"']}]},
        "expect": ["record_sets[0].values[0]: escape \\12  in TXT value '\"bad \\\\12 escape\"' must be three digits (\\DDD)"],
    },
    {
        "id": "module-unknown-provider",
        "category": "zone",
        "module": "dns_record_sets",
        "backends": ["rfc2136"],
        "args": {"provider": "powerdns", "record_sets": [{"name": "note", "type": "TXT", "values": ["hello"]}]},
        "expect": ["value of provider must be one of: route53, rfc2136, zonefile, octodns, got: powerdns"],
    },
    {
        "id": "module-octodns-without-class",
        "category": "zone",
        "module": "dns_record_sets",
        "backends": ["rfc2136"],
        "args": {"provider": "octodns", "octodns": {"api_key": "not-used-here"}, "record_sets": [{"name": "note", "type": "TXT", "values": ["hello"]}]},
        "expect": [
            "octodns.class is required with provider=octodns: the dotted path of an octoDNS provider class (for "
            "example octodns_powerdns.PowerDnsProvider), its options as the other keys of octodns"
        ],
    },
    {
        "id": "module-missing-tsig-key",
        "category": "zone",
        "module": "dns_record_sets",
        "backends": ["rfc2136"],
        "args": {"key_name": None, "key_secret": None, "record_sets": [{"name": "note", "type": "TXT", "values": ["hello"]}]},
        "expect": [
            "key_name and key_secret (a TSIG key) are required with provider=rfc2136; generate one with tsig-keygen and allow it in the zone's allow-update"
        ],
    },
    {
        "id": "module-combined-records",
        "category": "combined",
        "module": "dns_record_sets",
        "backends": ["rfc2136", "route53"],
        "args": {
            "record_sets": [
                {"name": "@", "type": "CNAME", "values": ["shop.example.net."]},
                {"name": "note", "type": "TXT", "values": ['"bad \\12 escape"']},
                {"name": "www.example.com.", "type": "TXT", "values": ["hello"]},
            ]
        },
        "expect": [
            "record_sets[0]: a CNAME is not allowed at the zone apex example.org.",
            "record_sets[1].values[0]: escape \\12  in TXT value",
            "record_sets: www.example.com. is outside zone example.org.; publish it with its own zone",
        ],
    },
    {
        "id": "module-key-length-changed-within-24-hours",
        "category": "identity",
        "module": "email_identity",
        "setup": "identity_rsa_1024",
        "args": {"identity": "keys.example.org", "dkim": {"key_length": "RSA_2048_BIT"}},
        "expect": [
            "dkim.key_length: the DKIM key of keys.example.org was generated at ",
            "less than 24 hours ago; SES allows one key length change per 24 hours, so run again after ",
        ],
    },
    {
        "id": "module-byodkim-key-not-rsa",
        "category": "byodkim",
        "module": "email_identity",
        "args": {"identity": "ec.example.org", "dkim": byodkim("ec")},
        "expect": ["dkim.private_key is not an RSA key; SES BYODKIM accepts RSA keys only"],
    },
    {
        "id": "module-mail-from-is-the-identity",
        "category": "mail-from",
        "module": "email_identity",
        "args": {"identity": "example.org", "mail_from": {"domain": "example.org"}},
        "expect": ["mail_from.domain 'example.org' is the identity itself; use a subdomain that does not receive mail, e.g. mail.example.org"],
    },
    {
        "id": "module-event-destination-two-targets",
        "category": "configuration-set",
        "module": "configuration_set",
        "args": {"name": "events", "event_destinations": [{"name": "both", "matching_event_types": ["SEND"], "cloudwatch": CLOUDWATCH, "sns": SNS}]},
        "expect": ["event_destinations[0] (name 'both'): give exactly one of cloudwatch, sns, firehose, eventbridge, pinpoint; got 2 (cloudwatch, sns)"],
    },
    {
        "id": "module-suppression-reason-account",
        "category": "suppression",
        "module": "account",
        "args": {"suppression_reasons": ["BOUNCE", "UNSUBSCRIBE"]},
        "expect": ["suppression_reasons: 'UNSUBSCRIBE' is not one of BOUNCE, COMPLAINT"],
    },
]

PLAYBOOK_CASES = [case for case in CATALOGUE if "run" in case]
MODULE_CASES = [case for case in CATALOGUE if "module" in case]
RUNS = sorted({case["run"] for case in PLAYBOOK_CASES})


def test_catalogue_is_well_formed():
    ids = [case["id"] for case in CATALOGUE]
    assert len(ids) == len(set(ids)) and len(CATALOGUE) >= 30
    for case in CATALOGUE:
        assert case["expect"] and all(isinstance(text, str) and text for text in case["expect"]), case["id"]
    combined = [case for case in CATALOGUE if case["category"] == "combined"]
    assert len(combined) >= 3 and all(2 <= len(case["expect"]) <= 4 for case in combined)
    for run in RUNS:  # an inventory of its own for every combined case
        cases = [case for case in PLAYBOOK_CASES if case["run"] == run]
        assert len(cases) == 1 or not any(case["category"] == "combined" for case in cases), run


# ---------------------------------------------------------------------------------- playbook runs


def write_inventory(run, directory, endpoint, bind=None):
    """hosts.yml and group_vars/all.yml for ``run``: the base tenant plus every case of the run."""
    hosts, domains, zones = copy.deepcopy(BASE_HOSTS), copy.deepcopy(BASE_DOMAINS), copy.deepcopy(BASE_ZONES)
    accounts = iter(range(100000000001, 100000000999))
    for case in (case for case in PLAYBOOK_CASES if case["run"] == run):
        for target, part in ((hosts, "hosts"), (domains, "domains"), (zones, "zones")):
            overlap = set(target) & set(case.get(part, {}))
            assert not overlap, "%s: %s %s already used in run %s" % (case["id"], part, sorted(overlap), run)
            target.update(copy.deepcopy(case.get(part, {})))
    for variables in hosts.values():
        # every tenant its own account, so only the duplicate-tenant cases describe one SES instance twice
        if "mailops_aws_role_arn" not in variables and "mailops_aws_profile" not in variables:
            variables["mailops_aws_role_arn"] = "arn:aws:iam::%d:role/mailops-ses" % next(accounts)
    os.makedirs(os.path.join(directory, "group_vars"))
    with open(os.path.join(directory, "hosts.yml"), "w") as handle:
        yaml.safe_dump({"ses_tenants": {"hosts": _resolve(hosts, bind)}}, handle, sort_keys=False)
    group_vars = {"mailops_aws_endpoint_url": endpoint, "mailops_verify": False, "mailops_domains": domains, "mailops_dns_zones": _resolve(zones, bind)}
    with open(os.path.join(directory, "group_vars", "all.yml"), "w") as handle:
        yaml.safe_dump(group_vars, handle, sort_keys=False)


def bind_zones(run):
    zones = dict(BASE_ZONES)
    for case in PLAYBOOK_CASES:
        if case["run"] == run:
            zones.update(case.get("zones", {}))
    return sorted(zone for zone, settings in zones.items() if "<<bind:server>>" in json.dumps(settings))


def execute_run(run, directory, sandbox, prepare=None):
    """Run site.yml on the run's inventory against ``sandbox`` (and a BIND for its rfc2136 zones)."""
    zones = bind_zones(run)
    bind = None
    if zones:
        require_bind()
        bind = Bind(dict.fromkeys(zones, "")).start()
    try:
        write_inventory(run, directory, sandbox.endpoint, bind)
        env = dict(os.environ)
        env.update(sandbox.env())
        env.update(
            ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_LOCALHOST_WARNING="0"
        )
        env.pop("ANSIBLE_STDOUT_CALLBACK", None)
        serials = {zone: bind.serial(zone) for zone in zones}
        sandbox.reset()
        if prepare:
            prepare(sandbox)
        sandbox.reset_calls()
        started = time.monotonic()
        completed = subprocess.run([ANSIBLE_PLAYBOOK, PLAYBOOK, "-i", directory], env=env, capture_output=True, text=True, timeout=600, check=False)
        return {
            "run": run,
            "rc": completed.returncode,
            "stdout": completed.stdout,
            "stderr": completed.stderr,
            "seconds": round(time.monotonic() - started, 1),
            "writes": sandbox.writes(),
            "serials_before": serials,
            "serials_after": {zone: bind.serial(zone) for zone in zones},
        }
    finally:
        if bind is not None:
            bind.stop()


@pytest.fixture(scope="session")
def run_store(tmp_path_factory, request):
    """A directory every xdist worker of this session shares (each worker's basetemp is inside it)."""
    base = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):
        base = base.parent
    store = base / "bad-input-runs"
    store.mkdir(exist_ok=True)
    return store


@pytest.fixture
def playbook_run(run_store, clean_sandbox):
    """``get(run)``: the outcome of the run, made once per session under a lock, then read from the store."""

    def get(run):
        path = run_store / ("%s.json" % run)
        with open(run_store / ("%s.lock" % run), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.exists():
                directory = run_store / ("%s.inventory.%d" % (run, os.getpid()))
                outcome = execute_run(run, str(directory), clean_sandbox)
                path.write_text(json.dumps(outcome))
            return json.loads(path.read_text())

    return get


FATAL_RE = re.compile(r"^fatal: \[([^\]]+)\]: FAILED! => ", re.M)


def failures(stdout):
    """``[(host, task, result)]`` for every failed task in ansible-playbook's output."""
    found = []
    for match in FATAL_RE.finditer(stdout):
        result, _end = json.JSONDecoder().raw_decode(stdout, match.end())
        task = re.findall(r"^TASK \[(.*?)\]", stdout[: match.start()], re.M)
        found.append((match.group(1), task[-1] if task else None, result))
    return found


def the_failure(outcome):
    """The one failure of a run: the inventory check (run once, on the controller, for the first tenant host of the
    play, so that --limit still checks everything); no tenant or zone task ever started."""
    assert outcome["rc"] != 0, outcome["stdout"]
    found = failures(outcome["stdout"])
    assert len(found) == 1, outcome["stdout"] + outcome["stderr"]
    host, task, result = found[0]
    assert task == CHECK_TASK and host != "localhost", outcome["stdout"]
    assert "PLAY [Check the inventory before any change]" in outcome["stdout"]
    assert "PLAY [Set up SES for every tenant]" not in outcome["stdout"]
    assert "mailops.ses.zones" not in outcome["stdout"] and "mailops.ses.tenant" not in outcome["stdout"]
    problems = result["problems"]
    assert result["msg"].startswith("the inventory has %d problem(s); nothing was changed:\n- " % len(problems))
    assert result["msg"].endswith("\n- ".join(problems))
    return problems


def assert_nothing_written(outcome):
    assert outcome["writes"] == {}, "writes before the failure: %s" % outcome["writes"]
    assert outcome["serials_after"] == outcome["serials_before"]


def matches(problems, expected):
    """The problem lines that begin with ``expected``: it names the host or variable first, once."""
    return [problem for problem in problems if problem.startswith(expected)]


@pytest.mark.parametrize("case", PLAYBOOK_CASES, ids=[case["id"] for case in PLAYBOOK_CASES])
def test_inventory_case(case, playbook_run):
    outcome = playbook_run(case["run"])
    assert_nothing_written(outcome)
    problems = the_failure(outcome)
    for expected in case["expect"]:
        assert len(matches(problems, expected)) == 1, "%r not reported once in:\n%s" % (expected, "\n".join(problems))
    assert "********" not in "\n".join(problems)  # names are never masked out of the messages


@pytest.mark.parametrize("run", RUNS)
def test_run_reports_exactly_its_cases(run, playbook_run):
    """One failure holds every problem of the inventory, and nothing that the catalogue does not expect."""
    outcome = playbook_run(run)
    assert_nothing_written(outcome)
    problems = the_failure(outcome)
    expected = [text for case in PLAYBOOK_CASES if case["run"] == run for text in case["expect"]]
    for problem in problems:
        assert len([text for text in expected if matches([problem], text)]) == 1, "unexpected or ambiguous: %s" % problem
    assert len(problems) == len(expected), "\n".join(problems)


def test_control_the_same_inventory_without_cases_writes(clean_sandbox, tmp_path):
    """The base tenant alone goes through: so "no write" above is the inventory check's doing, not the harness's."""
    outcome = execute_run(
        "control",
        str(tmp_path / "inventory"),
        clean_sandbox,
        prepare=lambda sandbox: sandbox.client("route53").create_hosted_zone(Name="shop.example", CallerReference="control"),
    )
    assert outcome["rc"] == 0, outcome["stdout"] + outcome["stderr"]
    assert failures(outcome["stdout"]) == []
    assert outcome["writes"].get("sesv2:CreateEmailIdentity") == 1
    assert outcome["writes"].get("route53:ChangeResourceRecordSets") == 1


# ------------------------------------------------------------------------------------ module cases

ZONE_EXTRA = '@ IN TXT "v=spf1 include:_spf.google.com -all"\n@ IN TXT "google-site-verification=abc"\nwww IN A 192.0.2.10\n'


@pytest.fixture(scope="module")
def bind():
    require_bind()
    with Bind({"example.org": ZONE_EXTRA}) as server:
        yield server


def dns_backend(name, bind, sandbox):
    """(module arguments, environment) for example.org on BIND or on the sandbox's Route 53, with the same data."""
    if name == "rfc2136":
        host, port = bind.server.split(":")
        return {
            "provider": "rfc2136",
            "zone": "example.org",
            "server": host,
            "port": int(port),
            "key_name": bind.key_name,
            "key_secret": bind.secret,
        }, sandbox.env()
    r53 = sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name="example.org", CallerReference="bad-inputs")["HostedZone"]["Id"]
    foreign = ['"v=spf1 include:_spf.google.com -all"', '"google-site-verification=abc"']
    add_records(r53, zone_id, [("example.org", "TXT", foreign), ("www.example.org", "A", ["192.0.2.10"])])
    return {"provider": "route53", "zone": "example.org"}, sandbox.env()


SETUPS = {
    "identity_rsa_1024": lambda sandbox: run_module(
        "email_identity", {"identity": "keys.example.org", "dkim": {"key_length": "RSA_1024_BIT"}}, env=sandbox.env()
    ),
}

MODULE_PARAMS = [
    pytest.param(case, backend, id="%s@%s" % (case["id"], backend) if backend else case["id"])
    for case in MODULE_CASES
    for backend in case.get("backends", [None])
]


@pytest.mark.parametrize("case, backend", MODULE_PARAMS)
def test_module_case(case, backend, clean_sandbox, request):
    args, env = {}, clean_sandbox.env()
    serial = None
    if backend:
        server = request.getfixturevalue("bind") if backend == "rfc2136" else None
        args, env = dns_backend(backend, server, clean_sandbox)
        serial = server.serial("example.org") if server else None
    if case.get("setup"):
        SETUPS[case["setup"]](clean_sandbox)
    args.update(_resolve(case["args"]))
    args = {k: v for k, v in args.items() if v is not None}
    clean_sandbox.reset_calls()
    result = run_module(case["module"], args, env=env, expect_failure=True)
    assert clean_sandbox.writes() == {}
    if serial is not None:
        assert server.serial("example.org") == serial
    for expected in case["expect"]:
        assert expected in result["msg"], result["msg"]
    if "problems" in result:  # the first expected text begins a problem: it names the option at fault first
        assert any(problem.startswith(case["expect"][0]) for problem in result["problems"]), result["problems"]
    if case["category"] == "combined":  # every problem in the one failure, and nothing else
        assert len(result["problems"]) == len(case["expect"]), result["problems"]


# ------------------------------------------------------------------- two SPF values at one name


@pytest.mark.parametrize("backend", ["rfc2136", "route53"])
def test_two_spf_values_at_one_name_are_merged_into_one(backend, clean_sandbox, request):
    """Not an error: two v=spf1 values given for one name are published as one record (mechanisms united,
    the strictest all); the cases above show the two-SPF inputs that cannot be merged and are refused."""
    server = request.getfixturevalue("bind") if backend == "rfc2136" else None
    args, env = dns_backend(backend, server, clean_sandbox)
    args["record_sets"] = [
        {"name": "merged", "type": "TXT", "values": ["v=spf1 include:amazonses.com ~all", "v=spf1 ip4:192.0.2.0/24 include:_spf.example.net -all"]}
    ]
    result = run_module("dns_record_sets", args, env=env)
    merged = "v=spf1 include:amazonses.com ip4:192.0.2.0/24 include:_spf.example.net -all"
    assert result["record_sets"] == [{"name": "merged.example.org.", "type": "TXT", "ttl": 300, "values": [merged]}]
    if server:
        assert server.query("merged.example.org", "TXT") == ['"%s"' % merged]
    else:
        r53 = clean_sandbox.client("route53")
        zone_id = r53.list_hosted_zones()["HostedZones"][0]["Id"]
        sets = r53.list_resource_record_sets(HostedZoneId=zone_id, StartRecordName="merged.example.org", StartRecordType="TXT")["ResourceRecordSets"]
        assert [r["ResourceRecords"] for r in sets if r["Name"] == "merged.example.org."] == [[{"Value": '"%s"' % merged}]]
