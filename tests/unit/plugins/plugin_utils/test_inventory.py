"""How the action plugins read the inventory, and keep its secrets out of their results."""

import pytest

from ansible_collections.mailops.ses.plugins.plugin_utils import inventory as _inventory


class Lazy(dict):
    """A mapping whose values come out as another type, as Ansible's templated variables may."""


class Text(str):
    pass


def test_host_variables_takes_the_mailops_variables_of_the_given_hosts():
    hostvars = {
        "a": {
            "mailops_ses_region": Text("eu-west-1"),
            "ansible_host": "x",
            "mailops_ses_identities": (Lazy(identity=Text("example.com")),),
            "other_mailops": 1,
        },
        "b": {"mailops_tenant_state": "absent"},
        "c": {"mailops_ses_region": "us-east-1"},
    }
    result = _inventory.host_variables({"hostvars": hostvars}, ["a", "b", "missing"])
    assert result == {
        "a": {"mailops_ses_region": "eu-west-1", "mailops_ses_identities": [{"identity": "example.com"}]},
        "b": {"mailops_tenant_state": "absent"},
    }
    assert result["a"]["mailops_ses_region"].__class__ is str  # plain types, not Ansible's tagged subclasses
    assert result["a"]["mailops_ses_identities"][0].__class__ is dict
    assert result["a"]["mailops_ses_identities"][0]["identity"].__class__ is str
    assert _inventory.host_variables({}, ["a"]) == {}
    assert _inventory.host_variables({"hostvars": None}, ["a"]) == {}


def test_shared_variables_are_read_from_the_current_host():
    hostvars = {
        "a": {
            "mailops_domains": {"example.com": {}},
            "mailops_dns_zones": {},
            "mailops_monitoring": {"enabled": True},
            "mailops_verify": False,
            "mailops_ses_region": "x",
        },
        "b": {"mailops_domains": {"other.example": {}}},
    }
    assert _inventory.shared_variables({"hostvars": hostvars, "inventory_hostname": "a"}) == {
        "mailops_domains": {"example.com": {}},
        "mailops_dns_zones": {},
        "mailops_monitoring": {"enabled": True},
        "mailops_verify": False,
    }


def test_secrets():
    tenants = [
        {
            "identities": [
                {"identity": "a", "dkim": {"mode": "byodkim", "private_key": "PEM-ONE"}},
                {"identity": "b", "dkim": {"private_key": "   "}},
                "junk",
                {"dkim": "easy"},
            ]
        },
        {"identities": [{"identity": "c", "dkim": {"private_key": 42}}]},
        None,
        "junk",
    ]
    zones = {
        "a.example": {"provider": "rfc2136", "key_secret": "TSIG-SECRET"},
        "b.example": {"provider": "rfc2136", "key_secret": ""},
        "c.example": "route53",
        "d.example": {"octodns": {"class": "octodns_powerdns.PowerDnsProvider", "api_key": "API-KEY", "host": "pdns", "port": 8081}},
    }
    assert _inventory.secrets(tenants, zones) == {"PEM-ONE", "TSIG-SECRET", "API-KEY", "pdns"}
    assert _inventory.secrets(None, None) == set()


@pytest.mark.parametrize(
    "text, hidden, result",
    [
        ("key SECRET in text", {"SECRET"}, "key ******** in text"),
        ("no secret here", {"SECRET"}, "no secret here"),
        ("SECRET and SECRET-LONGER", {"SECRET", "SECRET-LONGER"}, "******** and ********"),
        ("abc", set(), "abc"),
    ],
)
def test_scrub(text, hidden, result):
    assert _inventory.scrub(text, hidden) == result
