"""The inventory_check action plugin, run without a playbook: every problem at once, no secret in the result."""

import copy

import pytest

from ansible_collections.mailops.ses.plugins.action.inventory_check import ActionModule
from ansible_collections.mailops.ses.plugins.module_utils._ses import dkim_keys as _dkim_keys

from .running import run, task_vars

SEE_DOCS = " (see docs/inventory.md for every variable)"
TSIG_SECRET = "c2VjcmV0LXRzaWcta2V5LW9mLWV4YW1wbGUtb3Jn"
BAD_KEY = "-----BEGIN PRIVATE KEY-----\nTHIS-IS-THE-SECRET-KEY-TEXT\n-----END PRIVATE KEY-----\n"
MASK = "********"
SHARED = {
    "mailops_domains": {"example.com": {"dmarc": {"policy": "none"}}},
    "mailops_dns_zones": {
        "example.com": {"provider": "route53"},
        "example.org": {"provider": "rfc2136", "server": "192.0.2.53", "key_name": "mailops", "key_secret": TSIG_SECRET},
    },
}


@pytest.fixture(scope="module")
def pem():
    return _dkim_keys.pem(_dkim_keys.generate_private_key(1024))


def inventory(pem):
    """hostvars of two valid tenants; the shared variables are group variables every host sees."""
    hosts = {
        "tenant-eu": {
            "mailops_ses_region": "eu-west-1",
            "mailops_aws_profile": "eu",
            "mailops_ses_identities": [
                {"identity": "example.com", "mail_from": "mail.example.com", "dkim": {"mode": "byodkim", "selector": "eu1", "private_key": pem}}
            ],
        },
        "tenant-us": {
            "mailops_ses_region": "us-east-1",
            "mailops_aws_profile": "us",
            "mailops_ses_identities": [{"identity": "example.org", "mail_from": "bounce.example.org"}],
        },
    }
    for variables in hosts.values():
        variables.update(copy.deepcopy(SHARED))
        variables["ansible_host"] = "localhost"
    return hosts


def check(hostvars, args=None, host="tenant-eu", groups=None):
    return run(ActionModule, args or {}, task_vars(hostvars, host, groups=groups))


def assert_no_secret(result, *secrets):
    text = repr(result)
    for secret in secrets:
        assert secret not in text
        for line in secret.splitlines():
            if len(line) > 8 and not line.startswith("-----"):
                assert line not in text


def test_a_valid_inventory(pem):
    result = check(inventory(pem))
    assert result == {
        "changed": False,
        "problems": [],
        "summary": {
            "tenants": ["tenant-eu", "tenant-us"],
            "domains": ["example.com", "example.org"],
            "zones": {
                "example.com": ["_dmarc.example.com.", "_domainkey.example.com.", "mail.example.com."],
                "example.org": ["_dmarc.example.org.", "_domainkey.example.org.", "bounce.example.org."],
            },
        },
        "msg": "the inventory is valid: 2 tenant(s), 2 domain(s), 2 zone(s)",
        "phase_groups": {},
    }
    assert_no_secret(result, pem, TSIG_SECRET)


def test_an_inventory_with_problems_fails_and_lists_them_all(pem):
    hostvars = inventory(pem)
    hostvars["tenant-us"]["mailops_ses_identites"] = hostvars["tenant-us"].pop("mailops_ses_identities")
    hostvars["tenant-eu"]["mailops_ses_identities"][0]["dkim"]["private_key"] = BAD_KEY
    for variables in hostvars.values():
        variables["mailops_dns_zones"]["example.org"].pop("key_name")
    result = check(hostvars)
    problems = [
        "tenant-us: mailops_ses_identites is not a mailops.ses variable; did you mean mailops_ses_identities?" + SEE_DOCS,
        "tenant-eu: mailops_ses_identities[0].dkim.private_key is not a readable private key: give a PEM block or its base64 body",
        "mailops_dns_zones['example.org']: key_name and key_secret (a TSIG key) are required for provider rfc2136; generate one with tsig-keygen",
    ]
    assert result == {
        "changed": False,
        "failed": True,
        "problems": problems,
        # an identity with a problem is left out of the summary; the domain policy is still routed
        "summary": {"tenants": ["tenant-eu", "tenant-us"], "domains": [], "zones": {"example.com": ["_dmarc.example.com.", "_domainkey.example.com."]}},
        "msg": "the inventory has 3 problem(s); nothing was changed:\n- " + "\n- ".join(problems),
        "phase_groups": {},
    }
    assert_no_secret(result, BAD_KEY, TSIG_SECRET)


def test_a_secret_pasted_into_another_setting_is_masked(pem):
    hostvars = inventory(pem)
    for variables in hostvars.values():
        variables["mailops_dns_zones"]["example.com"]["aws_role_arn"] = TSIG_SECRET
    # the same key given to a second identity as if it were a path
    hostvars["tenant-eu"]["mailops_ses_identities"].append({"identity": "example.net", "dkim": {"mode": "byodkim", "selector": "eu2", "private_key_path": pem}})
    result = check(hostvars)
    assert result["failed"] is True
    assert result["problems"][0] == (
        "tenant-eu: mailops_ses_identities[1].dkim.private_key_path holds a private key, not a path; put the key in dkim.private_key (vaulted) or in a file"
    )
    assert "mailops_dns_zones['example.com'].aws_role_arn '%s' is not an IAM role ARN" % MASK in result["problems"]
    assert result["msg"].startswith("the inventory has %d problem(s); nothing was changed:\n- " % len(result["problems"]))
    assert_no_secret(result, pem, TSIG_SECRET)


def test_a_key_pasted_into_the_path_is_never_shown(pem):
    hostvars = inventory(pem)
    hostvars["tenant-eu"]["mailops_ses_identities"][0]["dkim"] = {"mode": "byodkim", "selector": "eu1", "private_key_path": pem}
    result = check(hostvars)
    assert result["failed"] is True
    assert_no_secret(result, pem)


def test_an_unknown_group_variable_is_reported_once(pem):
    hostvars = inventory(pem)
    for variables in hostvars.values():
        variables["mailops_dns_zone"] = {}
    result = check(hostvars)
    assert result["problems"] == ["every tenant: mailops_dns_zone is not a mailops.ses variable; did you mean mailops_dns_zones?" + SEE_DOCS]
    assert result["msg"] == "the inventory has 1 problem(s); nothing was changed:\n- " + result["problems"][0]


def test_only_the_hosts_of_the_group_or_the_argument_are_checked(pem):
    hostvars = inventory(pem)
    hostvars["bastion"] = {"mailops_ses_regoin": "x", "mailops_domains": {}}
    groups = {"all": sorted(hostvars), "ses_tenants": ["tenant-eu", "tenant-us"]}
    assert check(hostvars, groups=groups)["summary"]["tenants"] == ["tenant-eu", "tenant-us"]
    result = check(hostvars, {"hosts": ["tenant-us", "missing-host"]}, groups=groups)
    assert (result["problems"], result["summary"]["tenants"]) == ([], ["tenant-us"])
    assert check(hostvars, groups={"all": sorted(hostvars)})["summary"]["tenants"] == []


def test_domains_and_zones_as_arguments_replace_the_inventory(pem):
    result = check(inventory(pem), {"domains": {"example.com": {"dmarc": {"policy": "maybe"}}}, "zones": {"example.com": {"provider": "route53"}}})
    assert result["problems"] == [
        "mailops_domains['example.com'].dmarc.policy 'maybe' is not one of none, quarantine, reject",
        "_domainkey.example.org. (DKIM records of example.org) has no zone in mailops_dns_zones (known zones: example.com); add the zone that holds it",
        "_dmarc.example.org. (DMARC of example.org) has no zone in mailops_dns_zones (known zones: example.com); add the zone that holds it",
        "bounce.example.org. (MAIL FROM bounce.example.org) has no zone in mailops_dns_zones (known zones: example.com); add the zone that holds it",
    ]


def test_tenants_as_data(pem):
    tenants = {
        "eu": {
            "region": "eu-west-1",
            "aws_profile": "eu",
            "identities": [{"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "s1", "private_key": BAD_KEY}}],
        },
        "us": {"region": "us-east-1", "identities": [{"identity": "example.com", "mail_from": "mail.example.com"}]},
    }
    zones = {"example.com": {"provider": "rfc2136", "server": "192.0.2.53", "key_name": "k", "key_secret": TSIG_SECRET, "aws_role_arn": TSIG_SECRET}}
    result = check(inventory(pem), {"tenants": tenants, "domains": {}, "zones": zones})
    assert result["problems"] == [
        "eu: mailops_ses_identities[0].dkim.private_key is not a readable private key: give a PEM block or its base64 body",
        "mailops_dns_zones['example.com']: unknown settings aws_role_arn for provider rfc2136 (allowed: provider, server, port, key_name, key_secret, "
        "key_algorithm, check_server)",
        "mailops_dns_zones['example.com'].aws_role_arn '%s' is not an IAM role ARN" % MASK,
    ]
    assert result["summary"] == {
        "tenants": ["eu", "us"],
        "domains": ["example.com"],
        "zones": {"example.com": ["_dmarc.example.com.", "_domainkey.example.com.", "mail.example.com."]},
    }
    assert_no_secret(result, BAD_KEY, TSIG_SECRET)


def test_tenants_as_data_without_domains_and_zones():
    result = check({"h": {}}, {"tenants": {"eu": {"region": "eu-west-1"}}})
    assert result == {
        "changed": False,
        "problems": [],
        "summary": {"tenants": ["eu"], "domains": [], "zones": {}},
        "msg": "the inventory is valid: 1 tenant(s), 0 domain(s), 0 zone(s)",
        "phase_groups": {},
    }


def test_phase_groups_name_the_later_plays_each_tenant_takes_part_in(pem):
    hostvars = inventory(pem)
    hostvars["tenant-eu"]["mailops_ses_identities"].append({"identity": "old.example.com", "state": "absent"})
    hostvars["tenant-eu"]["mailops_monitoring"] = {"enabled": "yes"}  # as `| bool` reads it
    hostvars["tenant-eu"]["mailops_smoke_test"] = {"enabled": True}
    hostvars["tenant-us"]["mailops_report"] = {"enabled": True}
    hostvars["tenant-us"]["mailops_smoke_test"] = {"enabled": "false"}
    hostvars["offboarded"] = dict(copy.deepcopy(SHARED), mailops_ses_region="eu-central-1", mailops_tenant_state="absent", mailops_smoke_test={"enabled": True})
    groups = {"all": sorted(hostvars), "ses_tenants": sorted(hostvars)}
    result = check(hostvars, groups=groups)
    assert result["problems"] == []
    assert result["phase_groups"] == {
        # an offboarded tenant retires everything and sends no smoke test
        "offboarded": ["mailops_ses_retiring"],
        "tenant-eu": ["mailops_ses_retiring", "mailops_ses_monitoring", "mailops_ses_smoke_test"],
        "tenant-us": ["mailops_ses_report"],
    }


def test_check_mode_checks_the_same(pem):
    assert (
        run(ActionModule, {}, task_vars(inventory(pem), "tenant-eu"), check_mode=True)["msg"] == "the inventory is valid: 2 tenant(s), 2 domain(s), 2 zone(s)"
    )
