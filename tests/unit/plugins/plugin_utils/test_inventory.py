"""How the action plugins read the inventory, and keep its secrets out of their results."""

import pytest

from ansible_collections.mailops.ses.plugins.plugin_utils import inventory as _inventory


class Lazy(dict):
    """A mapping whose values come out as another type, as Ansible's templated variables may."""


class Text(str):
    pass


class Number(int):
    pass


class Templar:
    """Renders ``{{ name }}`` from its variables, as Ansible's templar would; counts what it was asked to render."""

    def __init__(self, variables):
        self.available_variables = variables
        self.rendered = []

    def is_possibly_template(self, value):
        return isinstance(value, str) and "{{" in value

    def template(self, value):
        self.rendered.append(value)
        return Text(self.available_variables[value.strip("{} ")])

    def copy_with_new_env(self, available_variables):
        copy = Templar(available_variables)
        copy.rendered = self.rendered
        return copy


class HostVars(dict):
    """Ansible's hostvars: raw_get gives a host's variables as set, not templated."""

    def raw_get(self, host):
        return self[host]


def test_host_variables_takes_the_mailops_variables_of_the_given_hosts():
    hostvars = HostVars(
        a={
            "mailops_ses_region": Text("eu-west-1"),
            "ansible_host": "x",
            "mailops_ses_identities": (Lazy(identity=Text("example.com"), mail_from="{{ a_mail_from }}", record_ttl=Number(60)),),
            "other_mailops": 1,
            "a_mail_from": "bounce.example.com",
        },
        b={"mailops_tenant_state": "absent", "tenant_dns_records": [{"name": "x"}]},
        c={"mailops_ses_region": "us-east-1"},
    )
    templar = Templar({})
    result = _inventory.host_variables({"hostvars": hostvars}, ["a", "b", "missing"], templar)
    assert result == {
        "a": {
            "mailops_ses_region": "eu-west-1",
            "mailops_ses_identities": [{"identity": "example.com", "mail_from": "bounce.example.com", "record_ttl": 60}],
        },
        "b": {"mailops_tenant_state": "absent"},
    }
    assert templar.rendered == ["{{ a_mail_from }}"]  # in the context of its own host; nothing else went through the templar
    assert result["a"]["mailops_ses_region"].__class__ is str  # plain types, not Ansible's tagged subclasses
    assert result["a"]["mailops_ses_identities"][0].__class__ is dict
    assert result["a"]["mailops_ses_identities"][0]["identity"].__class__ is str
    assert result["a"]["mailops_ses_identities"][0]["mail_from"].__class__ is str
    assert result["a"]["mailops_ses_identities"][0]["record_ttl"].__class__ is int
    assert _inventory.host_variables({"hostvars": hostvars}, ["b"], templar, extra=("tenant_dns_records",)) == {
        "b": {"mailops_tenant_state": "absent", "tenant_dns_records": [{"name": "x"}]}
    }
    assert _inventory.host_variables({}, ["a"], templar) == {}
    assert _inventory.host_variables({"hostvars": None}, ["a"], templar) == {}


def test_host_variables_reads_the_current_host_from_the_task_variables():
    task_vars = {"inventory_hostname": "a", "hostvars": HostVars(), "mailops_ses_region": "{{ region }}", "region": "eu-west-1"}
    templar = Templar(task_vars)
    assert _inventory.host_variables(task_vars, ["a"], templar) == {"a": {"mailops_ses_region": "eu-west-1"}}


def test_shared_variables_are_read_from_the_current_host():
    task_vars = {
        "inventory_hostname": "a",
        "mailops_domains": {"example.com": {"dmarc": {"policy": "{{ policy }}"}}},
        "mailops_dns_zones": {},
        "mailops_monitoring": {"enabled": True},
        "mailops_verify": False,
        "mailops_ses_region": "x",
        "policy": "reject",
    }
    assert _inventory.shared_variables(task_vars, Templar(task_vars)) == {
        "mailops_domains": {"example.com": {"dmarc": {"policy": "reject"}}},
        "mailops_dns_zones": {},
        "mailops_monitoring": {"enabled": True},
        "mailops_verify": False,
    }


def test_rendered_hands_other_values_to_the_templar():
    class Vaulted:
        pass

    secret = Vaulted()

    class Decrypting(Templar):
        def template(self, value):
            return Text("s3cret") if value is secret else super().template(value)

    assert _inventory.rendered({"key_secret": secret, "ok": None, "on": True, "ratio": 0.5}, Decrypting({})) == {
        "key_secret": "s3cret",
        "ok": None,
        "on": True,
        "ratio": 0.5,
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
