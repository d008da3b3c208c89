"""email_identities documents the same per-identity options as email_identity (the docs are not generated)."""

import re

import yaml

from ansible_collections.mailops.ses.plugins.module_utils._ses import runner as _identity_runner
from ansible_collections.mailops.ses.plugins.modules import email_identities, email_identity


def _strip(value):
    """Option docs without wording that differs only because of nesting (option references)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "description"}
    return value


def test_suboptions_match_email_identity():
    single = yaml.safe_load(email_identity.DOCUMENTATION)["options"]
    bulk = yaml.safe_load(email_identities.DOCUMENTATION)["options"]["identities"]["suboptions"]
    names = set(_identity_runner.identity_options())
    assert set(bulk) == names
    for name in names - {"tags", "purge_tags", "record_ttl"}:
        assert _strip(bulk[name]) == _strip(single[name]), name
    # an item's record_ttl defaults to the module's own record_ttl
    assert bulk["record_ttl"] == {"description": bulk["record_ttl"]["description"], "type": "int"}
    assert yaml.safe_load(email_identities.DOCUMENTATION)["options"]["record_ttl"]["default"] == single["record_ttl"]["default"]
    assert re.search(r"O\((dkim|mail_from)\.", email_identities.DOCUMENTATION) is None
