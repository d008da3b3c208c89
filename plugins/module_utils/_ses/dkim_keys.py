# -*- coding: utf-8 -*-
# Copyright: mailops.ses contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""BYODKIM keys: parse PEM or bare base64, check them, derive what SES and DNS need.

SES takes the RSA private key base64-encoded without PEM armour; DNS publishes the
public key (SubjectPublicKeyInfo, base64) in ``p=``.  Keys are handled with the
``cryptography`` library.  Nothing here ever returns or logs a private key except
``ses_private_key``, whose result goes straight into the SES API call.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import hashlib
import re

try:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    HAS_CRYPTOGRAPHY = True
except ImportError:
    HAS_CRYPTOGRAPHY = False

SELECTOR_RE = re.compile(r"^[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$")
MIN_BITS = 1024
MAX_BITS = 2048


class DkimKeyError(ValueError):
    """A BYODKIM key or selector problem (the message never contains key material)."""


def check_selector(selector, where="dkim.selector"):
    if not selector or len(selector) > 63 or not SELECTOR_RE.match(selector):
        return ["%s '%s' must be 1-63 letters, digits or '-', not starting or ending with '-'" % (where, selector)]
    return []


def load_private_key(text, where="dkim.private_key"):
    """An RSA private key object from PEM (PKCS#1 or PKCS#8) or bare base64 DER."""
    if not HAS_CRYPTOGRAPHY:
        raise DkimKeyError("BYODKIM needs the 'cryptography' Python library on the host that runs the module")
    data = (text or "").strip()
    if not data:
        raise DkimKeyError("%s is empty" % where)
    try:
        if data.startswith("-----BEGIN"):
            if "ENCRYPTED" in data.split("\n", 1)[0]:
                raise DkimKeyError("%s is encrypted; give SES an unencrypted key" % where)
            key = serialization.load_pem_private_key(data.encode("ascii"), password=None)
        else:
            der = base64.b64decode("".join(data.split()), validate=True)
            key = serialization.load_der_private_key(der, password=None)
    except DkimKeyError:
        raise
    except (ValueError, TypeError, binascii.Error, UnicodeEncodeError):
        raise DkimKeyError("%s is not a readable private key: give a PEM block or its base64 body" % where)
    except Exception:  # noqa: BLE001 - e.g. cryptography.exceptions.UnsupportedAlgorithm
        raise DkimKeyError("%s is not a readable private key: give a PEM block or its base64 body" % where)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise DkimKeyError("%s is not an RSA key; SES BYODKIM accepts RSA keys only" % where)
    if not MIN_BITS <= key.key_size <= MAX_BITS:
        raise DkimKeyError("%s is %d bits; SES BYODKIM accepts RSA keys of %d to %d bits" % (where, key.key_size, MIN_BITS, MAX_BITS))
    return key


def generate_private_key(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode("ascii")


def ses_private_key(key):
    """The private key as SES wants it: base64 of the PKCS#1 DER, no PEM armour."""
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    return base64.b64encode(der).decode("ascii")


def public_key_b64(key):
    der = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(der).decode("ascii")


def fingerprint(public_key):
    """A short, non-secret fingerprint of a public key, kept in an identity tag to detect key changes."""
    return hashlib.sha256(public_key.encode("ascii")).hexdigest()[:32]
