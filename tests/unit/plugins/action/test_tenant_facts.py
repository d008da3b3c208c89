"""The tenant_facts action plugin, run without a playbook: the tenant view (registered as ``tenant``) and its AWS options."""

import pytest

from ansible_collections.mailops.ses.plugins.action import tenant_facts as _tenant_facts
from ansible_collections.mailops.ses.plugins.action.tenant_facts import ActionModule
from ansible_collections.mailops.ses.plugins.plugin_utils import aws as _aws

from .running import run, task_vars

DEFAULT_CONFIG = {"retries": {"mode": "standard", "max_attempts": 10}}
ROLE = "arn:aws:iam::123456789012:role/ses"
PEM = "-----BEGIN RSA PRIVATE KEY-----\nTENANT-FACTS-KEY\n-----END RSA PRIVATE KEY-----\n"
ZONES = {
    "example.com": {"provider": "route53"},
    "example.org": {"provider": "rfc2136", "server": "192.0.2.53", "key_name": "k", "key_secret": "c2VjcmV0"},
    "example.net": {"provider": "zonefile", "path": "/srv/zones/example.net"},
    "served.example.net": {"provider": "zonefile", "path": "/srv/zones/served", "check_server": "192.0.2.54:5353"},
    "example.io": {"provider": "route53", "check_server": "ns.example.io"},
}
TENANT = {
    "mailops_ses_region": "eu-west-1",
    "mailops_aws_profile": "eu",
    "mailops_ses_identities": [
        {"identity": "example.com", "mail_from": "mail.example.com", "configuration_set": "transactional", "use": "transactional"},
        {"identity": "example.org", "configuration_set": "bulk", "dkim": {"mode": "byodkim", "selector": "s1", "private_key": PEM}},
        {"identity": "example.net", "configuration_set": "bulk"},
        {"identity": "served.example.net"},
        {"identity": "example.io"},
        {"identity": "example.biz"},
        {"identity": "sender@example.com", "configuration_set": "transactional"},
        {"identity": "old.example.com", "state": "absent", "configuration_set": "transactional"},
    ],
    "mailops_ses_configuration_sets": [{"name": "transactional", "reputation_metrics": True}, {"name": "bulk"}, {"name": "idle"}, "junk"],
    "mailops_ses_dedicated_ip_pools": [
        {"name": "marketing-ips", "scaling_mode": "MANAGED", "tags": {"team": "growth"}},
        {"name": "receipts-ips", "state": "present"},
        {"name": "old-ips", "state": "absent"},
        "junk",
    ],
}


def facts_of(variables, shared=None, args=None, host="tenant-eu"):
    hostvars = {host: dict(variables, **(shared or {}))}
    return run(ActionModule, args if args is not None else {"credentials": False}, task_vars(hostvars, host))


def view(result):
    """The tenant as the roles read it (``tenant`` without its AWS options and identity options)."""
    return {k: v for k, v in result.items() if k not in ("changed", "identity_options", "aws")}


def test_the_tenant_view():
    result = facts_of(TENANT, {"mailops_dns_zones": ZONES})
    assert result["changed"] is False
    assert "aws" not in result
    tenant = view(result)
    assert tenant == {
        "host": "tenant-eu",
        "region": "eu-west-1",
        "present": True,
        "identities": [
            {
                "identity": "example.com",
                "mail_from": {"domain": "mail.example.com"},
                "configuration_set": "transactional",
                "use": "transactional",
                "state": "present",
            },
            {"identity": "example.org", "configuration_set": "bulk", "dkim": {"mode": "byodkim", "selector": "s1"}, "state": "present"},
            {"identity": "example.net", "configuration_set": "bulk", "state": "present"},
            {"identity": "served.example.net", "state": "present"},
            {"identity": "example.io", "state": "present"},
            {"identity": "example.biz", "state": "present"},
            {"identity": "sender@example.com", "configuration_set": "transactional", "state": "present"},
            {"identity": "old.example.com", "state": "absent", "configuration_set": "transactional"},
        ],
        "domains": ["example.com", "example.org", "example.net", "served.example.net", "example.io", "example.biz"],
        "replicas": [],
        "retiring": [{"identity": "old.example.com", "state": "absent"}],
        "retiring_replicas": [],
        "ses_tenant": None,
        "ses_tenant_present": False,
        "ses_tenant_retiring": False,
        "ses_tenant_resources": [
            {"type": "identity", "name": name}
            for name in ("example.com", "example.org", "example.net", "served.example.net", "example.io", "example.biz", "sender@example.com")
        ]
        + [{"type": "configuration_set", "name": name} for name in ("transactional", "bulk", "idle")],
        "ses_tenant_leaving_resources": [],
        "reputation_by_ses": False,
        "retires": True,
        "multi_region_endpoints": [],
        "retiring_endpoints": [],
        "configuration_sets": ["transactional", "bulk", "idle"],
        "dedicated_ip_pools": [{"name": "marketing-ips", "scaling_mode": "MANAGED", "tags": {"team": "growth"}}, {"name": "receipts-ips"}],
        "retiring_pools": ["old-ips"],
        "reputation_sets": ["transactional"],
        "bulk_sets": [],
        "domains_by_set": {"transactional": ["example.com", "old.example.com"], "bulk": ["example.net", "example.org"], "idle": []},
        "sets_in_use": ["bulk", "transactional"],
        "monitoring_destination": {
            "name": "mailops-domain-metrics",
            "enabled": True,
            "matching_event_types": ["SEND", "DELIVERY", "BOUNCE", "COMPLAINT"],
            "cloudwatch": {
                "dimensions": [
                    {"name": "ses:from-domain", "source": "message_tag", "default": "example.com"},
                    {"name": "mailops-traffic", "source": "message_tag", "default": "live"},
                ]
            },
        },
        "check_servers": {
            "example.com": {},
            "example.org": {"server": "192.0.2.53", "port": 53},
            "example.net": None,
            "served.example.net": {"server": "192.0.2.54", "port": 5353},
            "example.io": {"server": "ns.example.io", "port": 53},
            "example.biz": {},
        },
        # every domain but the unserved zone file, in name order
        "dns_checks": [
            {"domain": "example.biz"},
            {"domain": "example.com"},
            {"domain": "example.io", "server": "ns.example.io", "port": 53},
            {"domain": "example.org", "server": "192.0.2.53", "port": 53},
            {"domain": "served.example.net", "server": "192.0.2.54", "port": 5353},
        ],
        "sending": [
            {"identity": "example.com", "configuration_set": "transactional"},
            {"identity": "example.org", "configuration_set": "bulk"},
            {"identity": "example.net", "configuration_set": "bulk"},
        ],
    }
    # no secret in the tenant fact
    assert PEM not in repr(tenant) and "c2VjcmV0" not in repr(tenant)


REGIONS = {
    "mailops_ses_region": "eu-west-1",
    "mailops_aws_role_arn": ROLE,
    "mailops_ses_identities": [
        {"identity": "example.com", "dkim": {"mode": "replica", "parent_region": "us-east-1"}},
        {"identity": "old.example.com", "dkim": {"mode": "replica", "parent_region": "us-east-1"}, "state": "absent"},
        {"identity": "example.org"},
        {"identity": "gone.example.org", "state": "absent"},
    ],
    "mailops_ses_configuration_sets": [{"name": "marketing"}, {"name": "retired", "state": "absent"}],
    "mailops_ses_tenant": {"name": "marketing", "reputation_policy": "standard", "tags": {"team": "mkt"}},
    "mailops_ses_multi_region_endpoints": [
        {"name": "global", "secondary_region": "us-east-1"},
        {"name": "old", "secondary_region": "us-west-2", "state": "absent"},
    ],
}


def test_replicas_endpoints_and_the_ses_tenant():
    tenant = view(facts_of(REGIONS))
    assert tenant["replicas"] == ["example.com", "old.example.com"]
    assert tenant["retiring"] == [{"identity": "gone.example.org", "state": "absent"}]
    assert tenant["retiring_replicas"] == [{"identity": "old.example.com", "state": "absent"}]
    assert tenant["ses_tenant"] == {"name": "marketing", "reputation_policy": "standard", "tags": {"team": "mkt"}, "state": "present"}
    assert (tenant["ses_tenant_present"], tenant["ses_tenant_retiring"], tenant["reputation_by_ses"]) == (True, False, True)
    assert tenant["ses_tenant_resources"] == [
        {"type": "identity", "name": "example.com"},
        {"type": "identity", "name": "example.org"},
        {"type": "configuration_set", "name": "marketing"},
    ]
    assert tenant["ses_tenant_leaving_resources"] == [
        {"type": "identity", "name": "old.example.com", "state": "absent"},
        {"type": "identity", "name": "gone.example.org", "state": "absent"},
        {"type": "configuration_set", "name": "retired", "state": "absent"},
    ]
    assert tenant["multi_region_endpoints"] == [{"name": "global", "secondary_region": "us-east-1", "state": "present"}]
    assert tenant["retiring_endpoints"] == [{"name": "old", "state": "absent"}]


@pytest.mark.parametrize(
    "changes, present, retiring, by_ses",
    [
        ({"mailops_ses_tenant": {"name": "marketing"}}, True, False, True),  # SES gives a new tenant the standard policy
        ({"mailops_ses_tenant": {"name": "marketing", "reputation_policy": "strict"}}, True, False, True),
        ({"mailops_ses_tenant": {"name": "marketing", "reputation_policy": "none"}}, True, False, False),
        ({"mailops_ses_tenant": {"name": "marketing", "state": "absent"}}, False, True, False),
        ({"mailops_tenant_state": "absent"}, False, True, False),
        ({"mailops_ses_tenant": None}, False, False, False),
    ],
)
def test_ses_tenant_present_and_left_to_ses(changes, present, retiring, by_ses):
    variables = {k: v for k, v in dict(REGIONS, **changes).items() if v is not None}
    tenant = view(facts_of(variables))
    assert (tenant["ses_tenant_present"], tenant["ses_tenant_retiring"], tenant["reputation_by_ses"]) == (present, retiring, by_ses)
    if not present:
        assert tenant["ses_tenant_leaving_resources"] == []


def test_an_offboarded_host_retires_every_replica_endpoint_and_its_ses_tenant():
    tenant = view(facts_of(dict(REGIONS, mailops_tenant_state="absent")))
    assert tenant["retiring_replicas"] == [{"identity": "example.com", "state": "absent"}, {"identity": "old.example.com", "state": "absent"}]
    assert tenant["retiring_endpoints"] == [{"name": "global", "state": "absent"}, {"name": "old", "state": "absent"}]
    assert (tenant["multi_region_endpoints"], tenant["ses_tenant_resources"]) == ([], [])
    assert tenant["ses_tenant"]["state"] == "absent"


def test_the_identity_options_keep_the_private_key_and_take_the_record_ttl():
    options = facts_of(TENANT, {"mailops_dns_zones": ZONES, "mailops_record_ttl": "600"})["identity_options"]
    assert options[0] == {
        "identity": "example.com",
        "mail_from": {"domain": "mail.example.com"},
        "configuration_set": "transactional",
        "state": "present",
        "record_ttl": 600,
    }
    assert options[1] == {
        "identity": "example.org",
        "configuration_set": "bulk",
        "dkim": {"mode": "byodkim", "selector": "s1", "private_key": PEM},
        "state": "present",
        "record_ttl": 600,
    }
    assert [o["record_ttl"] for o in facts_of(TENANT)["identity_options"]] == [300] * 8


def _steady(tenant):
    """TENANT with nothing leaving: no identity, configuration set or dedicated IP pool with state absent."""
    return dict(
        tenant,
        mailops_ses_identities=[i for i in tenant["mailops_ses_identities"] if not isinstance(i, dict) or i.get("state") != "absent"],
        mailops_ses_dedicated_ip_pools=[p for p in tenant["mailops_ses_dedicated_ip_pools"] if not isinstance(p, dict) or p.get("state") != "absent"],
    )


@pytest.mark.parametrize(
    "change, retires",
    [
        ({}, False),
        ({"mailops_tenant_state": "absent"}, True),
        ({"mailops_ses_identities": [{"identity": "old.example.com", "state": "absent"}]}, True),
        ({"mailops_ses_dedicated_ip_pools": [{"name": "old-ips", "state": "absent"}]}, True),
        ({"mailops_ses_configuration_sets": [{"name": "old", "state": "absent"}]}, True),
        ({"mailops_ses_tenant": {"name": "marketing", "state": "absent"}}, True),
        ({"mailops_ses_tenant": {"name": "marketing"}}, False),
        ({"mailops_ses_multi_region_endpoints": [{"name": "global", "secondary_region": "eu-west-1", "state": "absent"}]}, True),
    ],
)
def test_retires_says_whether_retire_yml_has_anything_to_delete(change, retires):
    # site.yml includes retire.yml only on the hosts for which this is true
    assert facts_of(dict(_steady(TENANT), **change))["retires"] is retires


def test_an_offboarded_tenant_retires_every_identity():
    tenant = view(facts_of(dict(TENANT, mailops_tenant_state="absent")))
    assert tenant["present"] is False
    assert (tenant["domains"], tenant["sending"], tenant["check_servers"]) == ([], [], {})
    assert tenant["retiring"] == [{"identity": i["identity"], "state": "absent"} for i in TENANT["mailops_ses_identities"]]
    assert tenant["monitoring_destination"]["cloudwatch"]["dimensions"][0]["default"] == "unknown"
    # every pool goes, after the configuration sets (retire.yml)
    assert (tenant["dedicated_ip_pools"], tenant["retiring_pools"]) == ([], ["marketing-ips", "receipts-ips", "old-ips"])


@pytest.mark.parametrize(
    "domains, zones, servers",
    [
        ([], ZONES, {}),
        (["example.com"], None, {"example.com": {}}),
        (["mail.example.org"], ZONES, {"mail.example.org": {"server": "192.0.2.53", "port": 53}}),
        (
            ["example.org"],
            {"example.org": {"provider": "rfc2136", "server": "ns1.example.org", "port": 5300}},
            {"example.org": {"server": "ns1.example.org", "port": 5300}},
        ),
        (
            ["example.org"],
            {"example.org": {"provider": "rfc2136", "server": "ns1.example.org", "check_server": "ns2.example.org:53"}},
            {"example.org": {"server": "ns2.example.org", "port": 53}},
        ),
        (["a.served.example.net", "b.example.net"], ZONES, {"a.served.example.net": {"server": "192.0.2.54", "port": 5353}, "b.example.net": None}),
    ],
)
def test_check_servers(domains, zones, servers):
    assert _tenant_facts.check_servers(domains, zones) == servers


@pytest.mark.parametrize(
    "zone, server",
    [
        ({"provider": "rfc2136", "server": "::1", "key_name": "k", "key_secret": "s"}, {"server": "::1", "port": 53}),
        ({"provider": "rfc2136", "server": "2001:db8::53", "port": 5353, "key_name": "k", "key_secret": "s"}, {"server": "2001:db8::53", "port": 5353}),
        ({"provider": "route53", "check_server": "2001:db8::53"}, {"server": "2001:db8::53", "port": 53}),
    ],
)
def test_check_servers_with_an_ipv6_server(zone, server):
    assert _tenant_facts.check_servers(["example.com"], {"example.com": zone}) == {"example.com": server}


def test_a_tenant_without_region_fails():
    assert facts_of({"mailops_ses_identities": []}) == {
        "failed": True,
        "msg": "tenant-eu: mailops_ses_region is required (the SES region of this tenant, e.g. eu-west-1)",
    }


def test_only_mailops_variables_are_read():
    tenant = view(facts_of({"mailops_ses_region": "eu-west-1", "ses_identities": [{"identity": "example.com"}], "ansible_host": "x"}))
    assert (tenant["identities"], tenant["domains"]) == ([], [])


# ---------------------------------------------------------------- tenant_aws


@pytest.fixture
def assume_role(monkeypatch):
    calls = []

    def fake(*args):
        calls.append(args)
        return {"AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "secret-key", "SessionToken": "session-token"}

    monkeypatch.setattr(_aws, "assume_role", fake)
    return calls


@pytest.mark.parametrize(
    "variables, shared, aws",
    [
        ({"mailops_aws_profile": "eu"}, {}, {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG, "profile": "eu"}),
        ({}, {}, {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG}),
        (
            {},
            {"mailops_aws_endpoint_url": "http://127.0.0.1:4566", "mailops_aws_config": {"retries": {"max_attempts": 1}}},
            {"region": "eu-west-1", "aws_config": {"retries": {"max_attempts": 1}}, "endpoint_url": "http://127.0.0.1:4566"},
        ),
        (
            {"mailops_aws_profile": "eu", "mailops_aws_endpoint_url": "http://host:1"},
            {},
            {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG, "endpoint_url": "http://host:1", "profile": "eu"},
        ),
        ({}, {"mailops_aws_endpoint_url": ""}, {"region": "eu-west-1", "aws_config": DEFAULT_CONFIG}),
    ],
)
def test_tenant_aws_with_a_profile_or_an_endpoint(assume_role, variables, shared, aws):
    result = facts_of(dict({"mailops_ses_region": "eu-west-1"}, **variables), shared, args={})
    assert result["aws"] == aws
    assert assume_role == []


def test_tenant_aws_with_a_role(assume_role):
    variables = {
        "mailops_ses_region": "eu-west-1",
        "mailops_aws_role_arn": ROLE,
        "mailops_aws_external_id": "ext-1",
        "mailops_aws_session_name": "tenant-eu",
        "mailops_aws_profile": "jump",
    }
    result = facts_of(variables, {"mailops_aws_endpoint_url": "http://sts.local"}, args={"credentials": True})
    assert result["aws"] == {
        "region": "eu-west-1",
        "aws_config": DEFAULT_CONFIG,
        "endpoint_url": "http://sts.local",
        "access_key": "ASIAEXAMPLE",
        "secret_key": "secret-key",
        "session_token": "session-token",
    }
    assert assume_role == [(ROLE, "eu-west-1", "tenant-eu", "ext-1", "jump", "http://sts.local", None)]


def test_tenant_aws_with_a_role_that_cannot_be_assumed(monkeypatch):
    def refuse(role_arn, *_args):
        raise _aws.SessionError("cannot assume %s: AccessDenied: no" % role_arn)

    monkeypatch.setattr(_aws, "assume_role", refuse)
    result = facts_of({"mailops_ses_region": "eu-west-1", "mailops_aws_role_arn": ROLE}, args={})
    assert result == {"failed": True, "msg": "tenant-eu: cannot assume arn:aws:iam::123456789012:role/ses: AccessDenied: no"}


def test_no_credentials_no_role_assumed(assume_role):
    result = facts_of({"mailops_ses_region": "eu-west-1", "mailops_aws_role_arn": ROLE}, args={"credentials": False})
    assert "aws" not in result
    assert assume_role == []
