"""Scenario tests for the inventory check over a small inventory: every problem named with its host, once."""

import copy

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from ansible_collections.mailops.ses.plugins.module_utils._dns.providers import octodns as _octodns
from ansible_collections.mailops.ses.plugins.module_utils._inventory import check as _check
from ansible_collections.mailops.ses.plugins.module_utils._ses import dkim_keys as _dkim_keys
from tests.unit.fresh_python import python_output

SEE_DOCS = " (see docs/inventory.md for every variable)"
IDENTITY_KEYS = "configuration_set, dkim, feedback_forwarding, identity, mail_from, policies, state, tags, use, verification_txt"
BAD_KEY = "-----BEGIN PRIVATE KEY-----\nTHIS-IS-THE-SECRET-KEY-TEXT\n-----END PRIVATE KEY-----\n"

HOSTS = {
    "tenant-eu": {
        "mailops_ses_region": "eu-west-1",
        "mailops_aws_profile": "eu",
        "mailops_ses_identities": [
            {"identity": "example.com", "mail_from": "mail.example.com", "configuration_set": "transactional", "use": "transactional"},
            {"identity": "sender@example.org"},
        ],
        "mailops_ses_configuration_sets": [{"name": "transactional", "sending_enabled": True, "bulk": False}],
        "mailops_ses_contact_list": {"name": "news", "topics": [{"name": "weekly", "display_name": "Weekly"}]},
        "mailops_ses_account": {"suppression_reasons": ["BOUNCE", "COMPLAINT"]},
    },
    "tenant-us": {
        "mailops_ses_region": "us-east-1",
        "mailops_aws_role_arn": "arn:aws:iam::123456789012:role/ses",
        "mailops_ses_identities": [
            {"identity": "example.com", "mail_from": {"domain": "bounce.example.com"}},
            {"identity": "shop.example.net", "state": "absent"},
        ],
    },
}
SHARED = {
    "mailops_domains": {"example.com": {"dmarc": {"policy": "none"}}},
    "mailops_dns_zones": {"example.com": {"provider": "route53"}, "example.net": {"provider": "zonefile", "path": "/srv/zones/example.net"}},
    "mailops_monitoring": {"enabled": True, "thresholds": {"bounce_rate": 4}},
}
LOGO = "https://example.com/logo.svg"
VMC = "https://example.com/vmc.pem"
ENFORCEMENT = "mailbox providers show a BIMI logo only with p=quarantine or p=reject, pct=100 or no pct, and no sp=none"
SUMMARY = {
    "tenants": ["tenant-eu", "tenant-us"],
    "domains": ["example.com"],
    "zones": {"example.com": ["_dmarc.example.com.", "_domainkey.example.com.", "bounce.example.com.", "mail.example.com."]},
}


def hosts(**changes):
    """HOSTS with ``{host: {variable: value}}`` changes (a value of None removes the variable)."""
    result = copy.deepcopy(HOSTS)
    for host, variables in changes.items():
        host = host.replace("_", "-")
        result.setdefault(host, {})
        for name, value in variables.items():
            if value is None:
                result[host].pop(name, None)
            else:
                result[host][name] = value
    return result


def shared(**changes):
    result = copy.deepcopy(SHARED)
    result.update(changes)
    return result


@pytest.fixture(scope="module")
def pem():
    return _dkim_keys.pem(_dkim_keys.generate_private_key(1024))


@pytest.fixture(scope="module")
def ec_pem():
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode("ascii")


# ---------------------------------------------------------------- a valid inventory


def test_a_valid_inventory_has_no_problems_and_the_expected_summary():
    assert _check.check_hosts(copy.deepcopy(HOSTS), copy.deepcopy(SHARED)) == ([], SUMMARY)


def test_the_check_changes_nothing_in_its_input():
    variables, values = copy.deepcopy(HOSTS), copy.deepcopy(SHARED)
    _check.check_hosts(variables, values)
    assert (variables, values) == (HOSTS, SHARED)


def test_a_valid_byodkim_identity(pem, tmp_path):
    path = tmp_path / "dkim.pem"
    path.write_text(pem)
    identities = [
        {"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "eu1", "private_key": pem}},
        {"identity": "example.org", "dkim": {"mode": "byodkim", "selector": "eu1", "private_key_path": str(path)}},
        {"identity": "example.net", "dkim": {"mode": "byodkim", "selector": "eu1", "private_key_path": str(tmp_path / "new.pem"), "generate_key": True}},
    ]
    zones = dict(SHARED["mailops_dns_zones"], **{"example.org": {"provider": "route53"}})
    problems, summary = _check.check_hosts(
        hosts(tenant_eu={"mailops_ses_identities": identities, "mailops_ses_configuration_sets": None}), shared(mailops_dns_zones=zones)
    )
    assert problems == []
    assert summary["domains"] == ["example.com", "example.net", "example.org"]


def test_an_empty_inventory():
    assert _check.check_hosts({}, {}) == ([], {"tenants": [], "domains": [], "zones": {}})


# ---------------------------------------------------------------- the contract


def test_a_typo_in_a_host_variable_is_reported_once_with_its_host():
    variables = hosts(tenant_us={"mailops_ses_identites": [{"identity": "example.io"}]})
    problems, _summary = _check.check_hosts(variables, shared())
    assert problems == ["tenant-us: mailops_ses_identites is not a mailops.ses variable; did you mean mailops_ses_identities?" + SEE_DOCS]


def test_an_unknown_group_variable_seen_by_every_host_is_reported_once():
    variables = hosts(tenant_eu={"mailops_dns_zone": {}}, tenant_us={"mailops_dns_zone": {}})
    problems, _summary = _check.check_hosts(variables, shared())
    assert problems == ["every tenant: mailops_dns_zone is not a mailops.ses variable; did you mean mailops_dns_zones?" + SEE_DOCS]


def test_an_unknown_variable_of_some_hosts_names_them():
    variables = hosts(tenant_eu={"mailops_verfy": True}, tenant_us={"mailops_verfy": True}, tenant_ap={"mailops_ses_region": "ap-south-1"})
    problems, _summary = _check.check_hosts(variables, shared())
    assert problems == ["tenant-eu, tenant-us: mailops_verfy is not a mailops.ses variable; did you mean mailops_verify?" + SEE_DOCS]


def test_unknown_keys_at_every_depth_of_tenant_and_phase_variables():
    identities = copy.deepcopy(HOSTS["tenant-eu"]["mailops_ses_identities"])
    identities[0]["mail_frm"] = "mail.example.com"
    identities[1]["dkim"] = {"mode": "easy", "selectr": "s1"}
    sets = [{"name": "transactional", "event_destinations": [{"name": "m", "matching_event_types": ["SEND"], "cloudwach": {}}]}]
    variables = hosts(tenant_eu={"mailops_ses_identities": identities, "mailops_ses_configuration_sets": sets})
    problems, _summary = _check.check_hosts(variables, shared(mailops_monitoring={"thresholds": {"bouce_rate": 2}}))
    assert problems == [
        "tenant-eu: mailops_ses_configuration_sets[0].event_destinations[0]: unknown key cloudwach; did you mean cloudwatch? "
        "(allowed: cloudwatch, enabled, eventbridge, firehose, matching_event_types, name, pinpoint, sns)",
        "tenant-eu: mailops_ses_identities[0]: unknown key mail_frm; did you mean mail_from? (allowed: %s)" % IDENTITY_KEYS,
        "tenant-eu: mailops_ses_identities[1].dkim: unknown key selectr; did you mean selector? "
        "(allowed: generate_key, key_length, mode, parent_region, private_key, private_key_path, selector, signing_enabled)",
        "mailops_monitoring.thresholds: unknown key bouce_rate; did you mean bounce_rate? "
        "(allowed: bounce_rate, complaint_rate_critical, complaint_rate_warning, pause_complaint_rate)",
        # the event destination is then checked in the module's terms as well
        "tenant-eu: mailops_ses_configuration_sets[0]: event_destinations[0] (name 'm'): give exactly one of "
        "cloudwatch, sns, firehose, eventbridge, pinpoint; got 0",
        "tenant-eu: mailops_ses_identities[1].dkim: DKIM settings apply to domain identities only; 'sender@example.org' is an email address",
    ]


@pytest.mark.parametrize(
    "variable, value, problem",
    [
        ("mailops_monitoring", True, "mailops_monitoring must be a dict such as {enabled: true}"),
        ("mailops_smoke_test", "yes", "mailops_smoke_test must be a dict such as {enabled: true}"),
        ("mailops_report", {"enabled": True, "dir": "/tmp", "days": 7, "fail_on": "fail"}, None),
    ],
)
def test_phase_variables_must_be_dicts(variable, value, problem):
    problems, _summary = _check.check_hosts(copy.deepcopy(HOSTS), shared(**{variable: value}))
    assert problems == ([problem] if problem else [])


# ---------------------------------------------------------------- rules across tenants


def test_two_regions_claiming_one_mail_from():
    identities = [{"identity": "example.com", "mail_from": "mail.example.com"}]
    problems, _summary = _check.check_hosts(hosts(tenant_us={"mailops_ses_identities": identities}), shared())
    assert problems == [
        "MAIL FROM mail.example.com is claimed by 2 regions (eu-west-1 from tenant-eu; us-east-1 from tenant-us); an MX sends bounces to one "
        "region, so give each region its own MAIL FROM subdomain, e.g. mail-eu-west-1.example.com, mail-us-east-1.example.com"
    ]


def test_one_mail_from_shared_in_one_region_is_fine():
    variables = hosts(tenant_us={"mailops_ses_region": "eu-west-1", "mailops_ses_identities": [{"identity": "example.com", "mail_from": "mail.example.com"}]})
    assert _check.check_hosts(variables, shared())[0] == []


def test_an_absent_identity_or_tenant_claims_no_mail_from():
    leaving = hosts(tenant_us={"mailops_ses_identities": [{"identity": "example.com", "mail_from": "mail.example.com", "state": "absent"}]})
    assert _check.check_hosts(leaving, shared())[0] == []
    offboarded = hosts(tenant_us={"mailops_ses_identities": [{"identity": "example.com", "mail_from": "mail.example.com"}], "mailops_tenant_state": "absent"})
    assert _check.check_hosts(offboarded, shared())[0] == []


@pytest.mark.parametrize(
    "changes, problem",
    [
        (
            {"tenant_us": {"mailops_ses_region": "eu-west-1", "mailops_aws_role_arn": None, "mailops_aws_profile": "eu"}},
            "tenant-eu, tenant-us describe the same SES instance (profile eu, region eu-west-1); one host per account and region, "
            "merge their settings into one host",
        ),
        (
            {"tenant_eu": {"mailops_aws_profile": None}, "tenant_us": {"mailops_ses_region": "eu-west-1", "mailops_aws_role_arn": None}},
            "tenant-eu, tenant-us describe the same SES instance (profile (default credentials), region eu-west-1); one host per account and region, "
            "merge their settings into one host",
        ),
        (
            {
                "tenant_eu": {"mailops_aws_profile": None, "mailops_aws_role_arn": "arn:aws:iam::123456789012:role/other"},
                "tenant_us": {"mailops_ses_region": "eu-west-1"},
            },
            "tenant-eu, tenant-us describe the same SES instance (account 123456789012, region eu-west-1); one host per account and region, "
            "merge their settings into one host",
        ),
    ],
)
def test_two_hosts_for_one_account_and_region(changes, problem):
    variables = hosts(**changes)
    for host in variables.values():
        host["mailops_ses_identities"] = []
    assert _check.check_hosts(variables, shared())[0] == [problem]


def test_an_offboarded_tenant_does_not_share_an_instance():
    variables = hosts(
        tenant_us={"mailops_ses_region": "eu-west-1", "mailops_aws_role_arn": None, "mailops_aws_profile": "eu", "mailops_tenant_state": "absent"}
    )
    assert _check.check_hosts(variables, shared())[0] == []


def test_one_byodkim_selector_used_by_two_instances(pem):
    dkim = {"mode": "byodkim", "selector": "s1", "private_key": pem}
    variables = hosts(
        tenant_eu={"mailops_ses_identities": [{"identity": "example.com", "dkim": dkim}], "mailops_ses_configuration_sets": None},
        tenant_us={"mailops_ses_identities": [{"identity": "example.com", "dkim": dkim}]},
    )
    assert _check.check_hosts(variables, shared())[0] == [
        "BYODKIM selector s1 of example.com is used by tenant-eu, tenant-us; each SES instance needs its own selector"
    ]


# ---------------------------------------------------------------- BYODKIM keys never appear in a problem


@pytest.mark.parametrize(
    "dkim, problem",
    [
        ({"mode": "byodkim", "selector": "s1", "private_key": BAD_KEY}, "dkim.private_key is not a readable private key: give a PEM block or its base64 body"),
        (
            {"mode": "byodkim", "selector": "s1", "private_key": "VGhpcyBpcyBub3QgYSBrZXk="},
            "dkim.private_key is not a readable private key: give a PEM block or its base64 body",
        ),
        (
            {"mode": "byodkim", "selector": "s1", "private_key": "-----BEGIN ENCRYPTED PRIVATE KEY-----\nSECRETSECRET\n-----END ENCRYPTED PRIVATE KEY-----"},
            "dkim.private_key is encrypted; give SES an unencrypted key",
        ),
        ({"mode": "byodkim", "selector": "s1"}, "dkim.private_key is required for mode: byodkim (or private_key_path)"),
        ({"mode": "byodkim", "selector": "s1", "private_key": ""}, "dkim.private_key is required for mode: byodkim (or private_key_path)"),
        (
            {"mode": "byodkim", "selector": "s1", "private_key_path": "/nonexistent/mailops/dkim.pem"},
            "dkim.private_key_path /nonexistent/mailops/dkim.pem does not exist; create it or set generate_key: true",
        ),
    ],
)
def test_a_bad_byodkim_key_is_reported_without_the_key(dkim, problem):
    variables = hosts(tenant_eu={"mailops_ses_identities": [{"identity": "example.com", "dkim": dkim}], "mailops_ses_configuration_sets": None})
    problems, _summary = _check.check_hosts(variables, shared())
    assert problems == ["tenant-eu: mailops_ses_identities[0].%s" % problem]
    if dkim.get("private_key"):
        assert all(dkim["private_key"] not in p and "SECRET" not in p for p in problems)


def test_an_ec_key_is_reported_without_the_key(ec_pem, tmp_path):
    path = tmp_path / "ec.pem"
    path.write_text(ec_pem)
    identities = [
        {"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "s1", "private_key": ec_pem}},
        {"identity": "example.net", "dkim": {"mode": "byodkim", "selector": "s1", "private_key_path": str(path)}},
    ]
    problems, _summary = _check.check_hosts(hosts(tenant_eu={"mailops_ses_identities": identities, "mailops_ses_configuration_sets": None}), shared())
    assert problems == [
        "tenant-eu: mailops_ses_identities[0].dkim.private_key is not an RSA key; SES BYODKIM accepts RSA keys only",
        "tenant-eu: mailops_ses_identities[1].dkim.private_key is not an RSA key; SES BYODKIM accepts RSA keys only",
    ]
    body = "".join(ec_pem.splitlines()[1:-1])
    assert all(body[:40] not in p for p in problems)


# ---------------------------------------------------------------- one tenant's settings


@pytest.mark.parametrize(
    "variables, problems",
    [
        ({"mailops_ses_region": None}, ["tenant-eu: mailops_ses_region is required (the SES region of this business unit, e.g. eu-west-1)"]),
        ({"mailops_ses_region": "Europe"}, ["tenant-eu: mailops_ses_region 'Europe' is not an AWS region name such as us-east-1"]),
        ({"mailops_ses_region": "us-gov-west-1"}, []),
        ({"mailops_aws_role_arn": "arn:aws:iam::123456789012:role/x"}, ["tenant-eu: set either mailops_aws_profile or mailops_aws_role_arn, not both"]),
        (
            {"mailops_aws_profile": None, "mailops_aws_role_arn": "arn:aws:iam::1234:role/x"},
            ["tenant-eu: mailops_aws_role_arn 'arn:aws:iam::1234:role/x' is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)"],
        ),
        ({"mailops_tenant_state": "gone"}, ["tenant-eu: mailops_tenant_state 'gone' is not one of present, absent"]),
        (
            {"mailops_ses_configuration_sets": {"name": "transactional"}},
            [
                "tenant-eu: mailops_ses_configuration_sets: must be a list",
                "tenant-eu: mailops_ses_identities[0].configuration_set 'transactional' is not defined in "
                "tenant-eu: mailops_ses_configuration_sets; add it there",
            ],
        ),
        (
            {
                "mailops_ses_configuration_sets": [
                    {"name": "transactional"},
                    "bulk",
                    {"name": "transactional"},
                    {"name": "bad name", "suppression_reasons": ["spam"]},
                ]
            },
            [
                "tenant-eu: mailops_ses_configuration_sets[1]: must be a dict in the configuration_set module's terms",
                "tenant-eu: mailops_ses_configuration_sets[2]: configuration set 'transactional' is listed twice",
                "tenant-eu: mailops_ses_configuration_sets[3]: name 'bad name' must be 1-64 letters, digits, '_' or '-'",
                "tenant-eu: mailops_ses_configuration_sets[3]: suppression_reasons: 'SPAM' is not one of BOUNCE, COMPLAINT",
            ],
        ),
        ({"mailops_ses_identities": "example.com"}, ["tenant-eu: mailops_ses_identities: must be a list"]),
        (
            {
                "mailops_ses_identities": [
                    "example.com",
                    {"identity": "example.com", "mail_from": ["mail.example.com"]},
                    {"identity": "example.com", "dkim": "easy"},
                    {"identity": "example.com", "state": "gone"},
                    {"identity": "Example.com."},
                    {"identity": "not a domain"},
                    {"identity": "example.com", "mail_from": "mail.example.org", "configuration_set": "missing"},
                ]
            },
            [
                "tenant-eu: mailops_ses_identities[0]: must be a dict with at least 'identity'",
                "tenant-eu: mailops_ses_identities[1].mail_from must be a domain name such as mail.<identity>, or a dict with domain",
                "tenant-eu: mailops_ses_identities[2].dkim must be a dict such as {mode: byodkim, selector: ..., private_key: ...}",
                "tenant-eu: mailops_ses_identities[3].state 'gone' is not one of present, absent",
                "tenant-eu: mailops_ses_identities[4]: identity 'example.com' is listed twice for this tenant",
                "tenant-eu: mailops_ses_identities[5]: identity 'not a domain' is neither a domain (example.com) nor an email address (sender@example.com)",
                "tenant-eu: mailops_ses_identities[6].mail_from.domain 'mail.example.org' is not a subdomain of example.com; use e.g. mail.example.com",
            ],
        ),
        (
            {"mailops_ses_identities": [{"identity": "example.com", "configuration_set": "missing"}]},
            ["tenant-eu: mailops_ses_identities[0].configuration_set 'missing' is not defined in tenant-eu: mailops_ses_configuration_sets; add it there"],
        ),
        (
            {"mailops_ses_contact_list": {"name": "news", "topics": "weekly"}},
            ["tenant-eu: mailops_ses_contact_list must be a dict {name, description, topics} with topics a list of dicts {name, display_name}"],
        ),
        (
            {"mailops_ses_contact_list": ["news"]},
            ["tenant-eu: mailops_ses_contact_list must be a dict {name, description, topics} with topics a list of dicts {name, display_name}"],
        ),
        (
            {"mailops_ses_contact_list": {"topics": [{"name": "t%02d" % (n % 21)} for n in range(22)]}},
            [
                "tenant-eu: mailops_ses_contact_list.name is required",
                "tenant-eu: mailops_ses_contact_list.topics: 21 topics; SES allows at most 20",
                "tenant-eu: mailops_ses_contact_list.topics: the name 't00' is used twice",
            ],
        ),
        (
            {"mailops_ses_account": {"suppression_reasons": ["bounce", "spam"]}},
            ["tenant-eu: mailops_ses_account.suppression_reasons: 'spam' is not one of BOUNCE, COMPLAINT"],
        ),
        (
            {"mailops_ses_account": {"suppression_reasons": "BOUNCE"}},
            ["tenant-eu: mailops_ses_account must be a dict with suppression_reasons a list such as [BOUNCE, COMPLAINT]"],
        ),
        (
            {"mailops_ses_account": ["BOUNCE"]},
            ["tenant-eu: mailops_ses_account must be a dict with suppression_reasons a list such as [BOUNCE, COMPLAINT]"],
        ),
    ],
)
def test_tenant_problems(variables, problems):
    assert _check.check_hosts(hosts(tenant_eu=variables), shared())[0] == problems


# ---------------------------------------------------------------- dedicated IP pools and Auto Validation

POOLS_VAR = "tenant-eu: mailops_ses_dedicated_ip_pools"
SETS_VAR = "tenant-eu: mailops_ses_configuration_sets"
SES_OWN = "ses-shared-pool or ses-default-dedicated-pool"


def marketing(**options):
    return dict({"name": "marketing", "suppression_reasons": ["BOUNCE", "COMPLAINT"]}, **options)


def sets(*items):
    """Configuration sets, then the one the fixture's identity uses."""
    return list(items) + [{"name": "transactional"}]


@pytest.mark.parametrize(
    "variables, problems",
    [
        # valid: the tenant's own pool, SES's own pools, Auto Validation with the set's reasons
        (
            {
                "mailops_ses_dedicated_ip_pools": [
                    {"name": "marketing-ips", "scaling_mode": "MANAGED", "tags": {"team": "growth"}},
                    {"name": "old-ips", "state": "absent"},
                ],
                "mailops_ses_configuration_sets": [
                    marketing(delivery={"sending_pool": "marketing-ips"}, validation={"enabled": True, "confidence_threshold": "HIGH"}),
                    {"name": "transactional", "delivery": {"sending_pool": "ses-default-dedicated-pool"}},
                    {"name": "shared", "delivery": {"sending_pool": "ses-shared-pool", "tls_policy": "REQUIRE"}},
                    {"name": "retired", "state": "absent", "delivery": {"sending_pool": "old-ips"}, "validation": {"enabled": True}},
                ],
                "mailops_ses_account": {"validation": {"enabled": True, "confidence_threshold": "MANAGED"}},
            },
            [],
        ),
        (
            {"mailops_ses_configuration_sets": sets(marketing(delivery={"sending_pool": "marketing-ips"}))},
            [
                "%s[0]: configuration set 'marketing' sends through delivery.sending_pool 'marketing-ips', which is neither one of this "
                "host's mailops_ses_dedicated_ip_pools (none) nor SES's own %s; add the pool to mailops_ses_dedicated_ip_pools" % (SETS_VAR, SES_OWN)
            ],
        ),
        (
            {
                "mailops_ses_dedicated_ip_pools": [{"name": "receipts-ips"}, {"name": "marketing-ips", "state": "absent"}],
                "mailops_ses_configuration_sets": sets(
                    marketing(delivery={"sending_pool": "marketing-ips"}),
                    marketing(name="other", delivery={"sending_pool": "x"}),
                ),
            },
            [
                "%s[0]: configuration set 'marketing' sends through delivery.sending_pool 'marketing-ips', which "
                "mailops_ses_dedicated_ip_pools removes (state: absent); point the set at another pool, or keep this one" % SETS_VAR,
                "%s[1]: configuration set 'other' sends through delivery.sending_pool 'x', which is neither one of this host's "
                "mailops_ses_dedicated_ip_pools (marketing-ips, receipts-ips) nor SES's own %s; add the pool to mailops_ses_dedicated_ip_pools"
                % (SETS_VAR, SES_OWN),
            ],
        ),
        (
            {
                "mailops_ses_dedicated_ip_pools": [
                    {"name": "Marketing", "scaling_mode": "AUTO"},
                    "receipts",
                    {"name": "receipts-ips"},
                    {"name": "receipts-ips", "state": "gone"},
                    {"name": "ses-shared-pool"},
                    {"name": "x", "tags": ["a"]},
                ],
                "mailops_ses_configuration_sets": sets(marketing(delivery={"sending_pool": "Marketing"})),
            },
            [
                "%s[0].name 'Marketing' must be 1-64 lowercase letters, digits, '_' or '-'" % POOLS_VAR,
                "%s[0].scaling_mode 'AUTO' is not one of STANDARD, MANAGED" % POOLS_VAR,
                "%s[1]: must be a dict {name, scaling_mode, tags} in the dedicated_ip_pool module's terms" % POOLS_VAR,
                "%s[3].state 'gone' is not one of present, absent" % POOLS_VAR,
                "%s[4].name 'ses-shared-pool' is one of SES's own pools (ses-shared-pool, ses-default-dedicated-pool): it needs no "
                "create and cannot be changed or deleted; name it in a configuration set's delivery.sending_pool as it is" % POOLS_VAR,
                "%s[5].tags must be a dict of key: value" % POOLS_VAR,
            ],
        ),
        (
            {"mailops_ses_dedicated_ip_pools": [{"name": "a-ips"}, {"name": "a-ips", "scaling_mode": "MANAGED"}]},
            ["%s[1]: dedicated IP pool 'a-ips' is listed twice" % POOLS_VAR],
        ),
        ({"mailops_ses_dedicated_ip_pools": {"name": "a-ips"}}, ["%s: must be a list of {name, scaling_mode, tags}" % POOLS_VAR]),
        (
            {"mailops_ses_configuration_sets": sets({"name": "marketing", "validation": {"enabled": True}})},
            [
                "%s[0]: configuration set 'marketing' sets validation without suppression_reasons; SES keeps a set's Auto Validation in "
                "its own suppression options, which replace the account's reasons for the set, so give both (for example "
                "suppression_reasons: [BOUNCE, COMPLAINT] to suppress as the account does by default, or [] for no suppression)" % SETS_VAR
            ],
        ),
        (
            {"mailops_ses_configuration_sets": sets(marketing(validation={"enabled": True, "confidence_threshold": "LOW"}))},
            ["%s[0]: validation.confidence_threshold 'LOW' is not one of MEDIUM, HIGH, MANAGED" % SETS_VAR],
        ),
        (
            {"mailops_ses_account": {"suppression_reasons": [], "validation": {"confidence_threshold": "managed"}}},
            [
                "tenant-eu: mailops_ses_account.validation.enabled is required: true or false (got None)",
                "tenant-eu: mailops_ses_account.validation.confidence_threshold 'managed' is not one of MEDIUM, HIGH, MANAGED",
            ],
        ),
    ],
    ids=["valid", "unknown-pool", "absent-and-unknown-pool", "bad-pools", "pool-twice", "pools-not-a-list", "validation-alone", "bad-threshold", "bad-account"],
)
def test_pool_and_validation_problems(variables, problems):
    assert _check.check_hosts(hosts(tenant_eu=variables), shared())[0] == problems


def test_an_offboarded_tenant_may_name_pools_it_no_longer_lists():
    variables = {"mailops_tenant_state": "absent", "mailops_ses_configuration_sets": sets(marketing(delivery={"sending_pool": "gone-ips"}))}
    assert _check.check_hosts(hosts(tenant_eu=variables), shared())[0] == []


def test_a_typo_in_a_pool_key_is_reported():
    variables = {"mailops_ses_dedicated_ip_pools": [{"name": "a-ips", "scaling": "MANAGED"}]}
    assert _check.check_hosts(hosts(tenant_eu=variables), shared())[0] == [
        "%s[0]: unknown key scaling; did you mean scaling_mode? (allowed: name, scaling_mode, state, tags)" % POOLS_VAR
    ]


# ---------------------------------------------------------------- zones and domains


@pytest.mark.parametrize(
    "zones, problems",
    [
        (
            {"example.com": {"provider": "route53", "hosted_zone_id": "Z1", "hosted_zon_id": "Z1"}},
            [
                "mailops_dns_zones['example.com']: unknown settings hosted_zon_id for provider route53 (allowed: provider, hosted_zone_id, private_zone, "
                "aws_role_arn, aws_profile, aws_external_id, check_server, wait); did you mean hosted_zone_id for hosted_zon_id?"
            ],
        ),
        (
            {"example.com": {"provider": "rfc2136"}},
            [
                "mailops_dns_zones['example.com'].server is required for provider rfc2136",
                "mailops_dns_zones['example.com']: key_name and key_secret (a TSIG key) are required for provider rfc2136; generate one with tsig-keygen",
            ],
        ),
        ({"example.com": {"provider": "rfc2136", "server": "192.0.2.53", "key_name": "k", "key_secret": "c2VjcmV0", "port": 5353}}, []),
        ({"example.com": {"provider": "zonefile"}}, ["mailops_dns_zones['example.com'].path is required for provider zonefile"]),
        ({"example.com": {"provider": "powerdns"}}, ["mailops_dns_zones['example.com'].provider 'powerdns' is not one of route53, rfc2136, zonefile, octodns"]),
        ({"example.com": {"provider": "octodns", "octodns": {"class": "octodns_powerdns.PowerDnsProvider", "host": "h", "api_key": "k"}}}, []),
        (
            {"example.com": {"provider": "octodns"}},
            [
                "mailops_dns_zones['example.com'].octodns is required for provider octodns: a dict with class (an octoDNS provider class) and its "
                "options, for example {class: octodns_powerdns.PowerDnsProvider, host: 127.0.0.1, port: 8081, api_key: ...}"
            ],
        ),
        (
            {"example.com": {"provider": "octodns", "octodns": {"host": "h"}}},
            [
                "mailops_dns_zones['example.com'].octodns.class must be the dotted path of an octoDNS provider class, for example "
                "{class: octodns_powerdns.PowerDnsProvider, host: 127.0.0.1, port: 8081, api_key: ...}"
            ],
        ),
        (
            {"example.com": {"provider": "octodns", "server": "x", "octodns": {"class": "octodns.provider.yaml.YamlProvider"}}},
            [
                "mailops_dns_zones['example.com']: unknown settings server for provider octodns (allowed: provider, octodns, check_server); "
                "did you mean check_server for server?",
            ],
        ),
        ({"example.com": "route53"}, ["mailops_dns_zones['example.com'] must be a dict with a provider"]),
        (
            {"example.com": {"provider": "route53", "aws_role_arn": "role/dns"}},
            ["mailops_dns_zones['example.com'].aws_role_arn 'role/dns' is not an IAM role ARN"],
        ),
        (
            {"example.org": {"provider": "route53"}},
            [
                "_domainkey.example.com. (DKIM records of example.com) has no zone in mailops_dns_zones (known zones: example.org); add the zone that holds it",
                "_dmarc.example.com. (DMARC of example.com) has no zone in mailops_dns_zones (known zones: example.org); add the zone that holds it",
                "bounce.example.com. (MAIL FROM bounce.example.com) has no zone in mailops_dns_zones (known zones: example.org); add the zone that holds it",
                "mail.example.com. (MAIL FROM mail.example.com) has no zone in mailops_dns_zones (known zones: example.org); add the zone that holds it",
            ],
        ),
    ],
)
def test_zone_problems(zones, problems, monkeypatch):
    monkeypatch.setattr(_octodns, "load_class", lambda class_path, zone: object)  # the real import: below
    assert _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_dns_zones=zones))[0] == problems


def test_an_octodns_class_that_is_not_installed_fails_the_check_with_the_package_to_install():
    zones = {"example.com": {"provider": "octodns", "octodns": {"class": "octodns_cloudflare.CloudflareProvider", "token": "t"}}}
    problems = _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_dns_zones=zones))[0]
    if _octodns.HAS_OCTODNS:
        assert problems == [
            "mailops_dns_zones['example.com']: octoDNS provider class CloudflareProvider from module octodns_cloudflare (octodns.class for "
            "zone example.com) is not installed: pip install octodns-cloudflare on the host that runs the module; nothing was read or written"
        ]
    else:  # a controller without octoDNS at all (the oldest ansible-core the packaging stage tests)
        assert problems == ["mailops_dns_zones['example.com']: " + _octodns.MISSING_OCTODNS]


BAD_ZONE = (
    "mailops_dns_zones['bad zone'] 'bad zone.' has an invalid label 'bad zone' (letters, digits, '-' and '_' only, 1-63 characters, no '-' at either end)"
)


def test_a_zone_that_is_not_a_name():
    zones = {"example.com": {"provider": "route53"}, "bad zone": {"provider": "route53"}}
    assert _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_dns_zones=zones, mailops_domains={}))[0] == [BAD_ZONE]


def test_a_zone_that_is_not_a_name_beside_a_domain_policy():
    zones = {"example.com": {"provider": "route53"}, "bad zone": {"provider": "route53"}}
    assert _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_dns_zones=zones))[0] == [BAD_ZONE]


def test_a_check_server_that_is_not_host_or_host_port():
    zones = {"example.com": {"provider": "route53", "check_server": "ns1.example.com:abc"}}
    problems = _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_dns_zones=zones, mailops_domains={}))[0]
    assert [p for p in problems if "check_server" in p] != []


def test_unknown_tenant_settings_given_as_data():
    problems, _summary = _check.check_inventory({"h1": {"region": "eu-west-1", "regoin": "x", "identity": []}}, {}, {})
    assert problems == ["h1: unknown tenant settings mailops_ses_identity, mailops_ses_regoin"]


def test_no_zones_at_all():
    problems, summary = _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_dns_zones=None))
    assert (
        problems[0] == "_domainkey.example.com. (DKIM records of example.com) has no zone in mailops_dns_zones (known zones: none); add the zone that holds it"
    )
    assert len(problems) == 4
    assert summary["zones"] == {}


@pytest.mark.parametrize(
    "domains, problems",
    [
        ({"example.com": None}, []),
        ({"example.com": {"dmarc": {"policy": "reject", "rua": ["d@example.com"]}, "spf": {"include": ["amazonses.com"]}}}, []),
        ({"example.com": "none"}, ["mailops_domains['example.com'] must be a dict {dmarc, spf, records} with records a list of {name, type, ttl, values}"]),
        (
            {"example.com": {"records": {"name": "@"}}},
            ["mailops_domains['example.com'] must be a dict {dmarc, spf, records} with records a list of {name, type, ttl, values}"],
        ),
        (
            {"example.com": {"records": ["x"]}},
            ["mailops_domains['example.com'] must be a dict {dmarc, spf, records} with records a list of {name, type, ttl, values}"],
        ),
        (
            {"example.com": {"dmark": {"policy": "none"}}},
            ["mailops_domains['example.com']: unknown keys dmark (allowed: dmarc, spf, records, bimi); did you mean dmarc for dmark?"],
        ),
        (
            {"example.com": {"dmarc": {"policy": "x"}, "spf": {"all": "!all"}}},
            [
                "mailops_domains['example.com'].dmarc.policy 'x' is not one of none, quarantine, reject",
                "mailops_domains['example.com'].spf: spf.all '!all' is not one of -all, ~all, ?all, +all",
            ],
        ),
        (
            {"example.com": {"records": [{"name": "@", "type": "TXT", "values": ["v=spf1 foo ~all"]}, {"name": "x", "type": "A", "values": ["nope"]}]}},
            [
                "mailops_domains['example.com'].records[0] term 'foo' is not a known mechanism; use one of all, include, a, mx, ptr, ip4, ip6, exists",
                "mailops_domains['example.com'].records[1].values[0] 'nope' is not an IP address",
            ],
        ),
        (
            {"example.com": {"records": [{"name": "_dmarc", "type": "TXT", "values": ["v=DMARC1; p=maybe"]}]}},
            ["mailops_domains['example.com'].records[0].p 'maybe' is not one of none, quarantine, reject"],
        ),
        (
            {"example.com": {"dmarc": {"policy": "none"}, "records": [{"name": "_dmarc", "type": "TXT", "values": ["v=DMARC1; p=reject"]}]}},
            [
                "_dmarc.example.com.: two different DMARC policies for one domain ('v=DMARC1; p=none' from "
                "mailops_domains['example.com']; 'v=DMARC1; p=reject' from mailops_domains['example.com']); a domain has one DMARC record, "
                "so set dmarc once in mailops_domains"
            ],
        ),
        (
            {"example.com": {"records": [{"name": "@", "type": "CNAME", "values": ["elsewhere.example.net"]}]}},
            ["example.com.: a CNAME (from mailops_domains['example.com']) at the zone apex is not allowed; the apex holds SOA and NS"],
        ),
        # BIMI: refused before any write unless DMARC is at enforcement; the URLs as the BIMI draft allows them
        ({"example.com": {"dmarc": {"policy": "reject"}, "bimi": {"logo_url": LOGO, "authority_url": VMC}}}, []),
        ({"example.com": {"dmarc": {"policy": "quarantine", "pct": 100}, "bimi": {"logo_url": LOGO, "selector": "spring"}}}, []),
        ({"example.com": {"dmarc": {"policy": "reject"}}, "news.example.com": {"bimi": {"logo_url": LOGO}}}, []),
        (
            {"example.com": {"dmarc": {"policy": "none", "rua": ["d@example.com"]}, "bimi": {"logo_url": LOGO, "authority_url": VMC}}},
            [
                "mailops_domains['example.com'].bimi needs DMARC at enforcement, but mailops_domains['example.com'].dmarc has p=none; " + ENFORCEMENT + ": "
                "set mailops_domains['example.com'].dmarc.policy to quarantine or reject once the aggregate reports show all mail aligned"
            ],
        ),
        (
            {"example.com": {"dmarc": {"policy": "quarantine", "pct": 25}, "bimi": {"logo_url": LOGO}}},
            [
                "mailops_domains['example.com'].bimi needs DMARC at enforcement, but mailops_domains['example.com'].dmarc has pct=25; " + ENFORCEMENT + ": "
                "set mailops_domains['example.com'].dmarc.pct to 100 or remove it"
            ],
        ),
        (
            {"example.com": {"dmarc": {"policy": "none"}}, "news.example.com": {"dmarc": {"policy": "reject"}, "bimi": {"logo_url": LOGO}}},
            [
                "mailops_domains['news.example.com'].bimi needs DMARC at enforcement, but mailops_domains['example.com'].dmarc has p=none; "
                + ENFORCEMENT
                + ": "
                "set mailops_domains['example.com'].dmarc.policy to quarantine or reject once the aggregate reports show all mail aligned"
            ],
        ),
        (
            {
                "example.com": {
                    "dmarc": {"policy": "reject"},
                    "bimi": {"logo_url": "http://example.com/logo.svg", "authority_url": "https://example.com/vmc.der"},
                }
            },
            [
                "mailops_domains['example.com'].bimi.logo_url 'http://example.com/logo.svg' is not an https:// URL; BIMI fetches it over HTTPS only",
                "mailops_domains['example.com'].bimi.authority_url 'https://example.com/vmc.der' does not end in .pem; "
                "the authority must be the https://.../*.pem URL of the mark certificate (VMC or CMC)",
            ],
        ),
        (
            {"example.com": {"dmarc": {"policy": "reject"}, "bimi": {"logo": LOGO}}},
            [
                "mailops_domains['example.com'].bimi has unknown key(s) 'logo'; allowed: logo_url, authority_url, selector",
                "mailops_domains['example.com'].bimi.logo_url is required (the logo must be an https://.../logo.svg URL (SVG Tiny PS))",
            ],
        ),
        (
            {
                "example.com": {
                    "dmarc": {"policy": "reject"},
                    "bimi": {"logo_url": LOGO},
                    "records": [{"name": "default._bimi", "type": "TXT", "values": ["v=BIMI1; l="]}],
                }
            },
            [
                "default._bimi.example.com.: two different BIMI records for one selector ('v=BIMI1; l=' from mailops_domains['example.com']; "
                "'v=BIMI1; l=https://example.com/logo.svg' from mailops_domains['example.com']); receivers ignore a selector with more than one, "
                "so set bimi once in mailops_domains"
            ],
        ),
        # report authorizations: rendered for the report domains in our zones, and not DMARC policies
        ({"example.com": {"dmarc": {"policy": "none", "rua": ["d@reports.example.net", "d@elsewhere.example.org"]}}}, []),
        ({"example.com": {"records": [{"name": "example.org._report._dmarc", "type": "TXT", "values": ["v=DMARC1"]}]}}, []),
    ],
)
def test_domain_problems(domains, problems):
    assert _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_domains=domains))[0] == problems


def test_a_domain_policy_alone_needs_its_zone():
    problems, summary = _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_domains={"example.io": {"dmarc": {"policy": "none"}}}))
    assert problems == [
        "_domainkey.example.io. (DKIM records of example.io) has no zone in mailops_dns_zones (known zones: example.com, example.net); "
        "add the zone that holds it",
        "_dmarc.example.io. (DMARC of example.io) has no zone in mailops_dns_zones (known zones: example.com, example.net); add the zone that holds it",
    ]
    assert summary["domains"] == ["example.com"]


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    "tenant, key",
    [
        ({"region": "eu-west-1", "aws_role_arn": "arn:aws:iam::123456789012:role/x"}, (("account", "123456789012"), "eu-west-1")),
        ({"region": "eu-west-1", "aws_role_arn": "arn:aws-cn:iam::123456789012:role/x"}, (("account", "123456789012"), "eu-west-1")),
        ({"region": "eu-west-1", "aws_profile": "eu"}, (("profile", "eu"), "eu-west-1")),
        ({"region": "eu-west-1", "aws_role_arn": "not an arn"}, (("profile", "(default credentials)"), "eu-west-1")),
        ({}, (("profile", "(default credentials)"), None)),
    ],
)
def test_instance_key(tenant, key):
    assert _check.instance_key(tenant) == key


def test_still_needed():
    tenants = {
        "a": {
            "region": "eu-west-1",
            "identities": [{"identity": "example.com", "mail_from": "Mail.Example.com"}, {"identity": "example.org", "mail_from": {"domain": "m.example.org"}}],
        },
        "b": {
            "region": "us-east-1",
            "identities": [{"identity": "example.net", "mail_from": "m.example.net", "state": "absent"}, "junk", {"identity": "x.example"}],
        },
        "c": {"region": "us-east-1", "state": "absent", "identities": [{"identity": "example.io", "mail_from": "m.example.io"}]},
        "d": None,
    }
    assert _check.still_needed(tenants) == {("mail.example.com.", "eu-west-1"), ("m.example.org.", "eu-west-1")}


# ---------------------------------------------------------------- several regions of one account: DEED, endpoints, SES tenants

REPLICA = {"mode": "replica", "parent_region": "us-east-1"}
REGIONS = {
    "ops-us": {
        "mailops_ses_region": "us-east-1",
        "mailops_aws_role_arn": "arn:aws:iam::222222222222:role/ses",
        "mailops_ses_identities": [{"identity": "example.com", "mail_from": "mail.example.com"}],
        "mailops_ses_multi_region_endpoints": [{"name": "ops-global", "secondary_region": "eu-west-1", "tags": {"team": "ops"}}],
    },
    "ops-eu": {
        "mailops_ses_region": "eu-west-1",
        "mailops_aws_role_arn": "arn:aws:iam::222222222222:role/ses",
        "mailops_ses_identities": [{"identity": "example.com", "mail_from": "mail-eu.example.com", "dkim": REPLICA}],
    },
    "mkt-us": {
        "mailops_ses_region": "us-east-1",
        "mailops_aws_role_arn": "arn:aws:iam::111111111111:role/ses",
        "mailops_ses_identities": [{"identity": "example.com", "mail_from": "mail.example.com"}],
        "mailops_ses_tenant": {"name": "marketing", "reputation_policy": "standard", "suppression_reasons": ["BOUNCE"], "tags": {"team": "mkt"}},
    },
}
REGION_SHARED = {"mailops_dns_zones": {"example.com": {"provider": "route53"}}}
REPLICA_OF = "ops-eu: mailops_ses_identities[0] example.com is a Deterministic Easy DKIM replica of the identity in us-east-1, but "
OFFBOARDED = "remove the replica first, or make it an Easy DKIM identity of its own (dkim.mode: easy)"


def regions(**changes):
    """REGIONS with ``{host: {variable: value}}`` changes (a host of None is removed, a value of None too)."""
    result = copy.deepcopy(REGIONS)
    for host, variables in changes.items():
        host = host.replace("_", "-")
        if variables is None:
            result.pop(host, None)
            continue
        result.setdefault(host, {})
        for name, value in variables.items():
            if value is None:
                result[host].pop(name, None)
            else:
                result[host][name] = value
    return result


def test_a_replica_its_parent_an_endpoint_and_an_ses_tenant_are_valid():
    problems, summary = _check.check_hosts(regions(), copy.deepcopy(REGION_SHARED))
    assert problems == []
    assert summary["zones"] == {"example.com": ["_dmarc.example.com.", "_domainkey.example.com.", "mail-eu.example.com.", "mail.example.com."]}


def test_an_offboarded_replica_and_its_offboarded_parent_are_valid():
    assert _check.check_hosts(regions(ops_us={"mailops_tenant_state": "absent"}, ops_eu={"mailops_tenant_state": "absent"}), REGION_SHARED)[0] == []
    absent_replica = [{"identity": "example.com", "dkim": REPLICA, "state": "absent"}]
    assert _check.check_hosts(regions(ops_us={"mailops_ses_identities": []}, ops_eu={"mailops_ses_identities": absent_replica}), REGION_SHARED)[0] == []


@pytest.mark.parametrize(
    "changes, problems",
    [
        (
            {"ops_us": {"mailops_tenant_state": "absent", "mailops_ses_multi_region_endpoints": None}},
            [REPLICA_OF + "ops-us (the host of that account in us-east-1) is offboarded (mailops_tenant_state: absent); " + OFFBOARDED],
        ),
        (
            {"ops_us": {"mailops_ses_identities": [{"identity": "example.com", "state": "absent"}]}},
            [REPLICA_OF + "ops-us (the host of that account in us-east-1) has example.com with state: absent; " + OFFBOARDED],
        ),
        (
            {"ops_us": {"mailops_ses_identities": [{"identity": "news.example.com"}]}},
            [
                REPLICA_OF
                + "ops-us (the host of that account in us-east-1) has no identity example.com; add it there with Easy DKIM, the parent signs for its replicas"
            ],
        ),
        (
            {
                "ops_us": {
                    "mailops_ses_identities": [
                        {
                            "identity": "Example.COM",
                            "dkim": {"mode": "byodkim", "selector": "s1", "private_key_path": "/nonexistent/k.pem", "generate_key": True},
                        }
                    ]
                }
            },
            [
                REPLICA_OF + "ops-us (the host of that account in us-east-1) signs example.com with BYODKIM; a parent must use Easy DKIM "
                "(SES: REPLICATION_PRIMARY_BYO_DKIM_NOT_SUPPORTED)"
            ],
        ),
        (
            {
                "ops_us": {"mailops_ses_identities": [{"identity": "example.com", "dkim": {"mode": "replica", "parent_region": "us-west-2"}}]},
                "ops_west": {
                    "mailops_ses_region": "us-west-2",
                    "mailops_aws_role_arn": "arn:aws:iam::222222222222:role/ses",
                    "mailops_ses_identities": [{"identity": "example.com"}],
                },
            },
            [
                REPLICA_OF + "ops-us (the host of that account in us-east-1) has example.com as a replica itself; a parent must have its own Easy DKIM key "
                "(SES: REPLICATION_REPLICA_AS_PRIMARY_NOT_SUPPORTED)"
            ],
        ),
        (
            {"ops_us": None},
            [
                REPLICA_OF + "mkt-us, which has example.com in us-east-1, is another account (account 111111111111, not account 222222222222); "
                "DEED replicates within one account only: add a host of account 222222222222 in us-east-1 with example.com (Easy DKIM), "
                "or make the replica an identity of its own (dkim.mode: easy)"
            ],
        ),
        (
            {"ops_us": None, "mkt_us": None},
            [
                REPLICA_OF + "no host of account 222222222222 in us-east-1 has it; add that host with example.com (Easy DKIM), "
                "or make the replica an identity of its own (dkim.mode: easy)"
            ],
        ),
        (
            {"ops_us": {"mailops_aws_role_arn": None, "mailops_aws_profile": "ops"}, "ops_eu": {"mailops_aws_role_arn": None, "mailops_aws_profile": "ops-eu"}},
            [
                REPLICA_OF + "mkt-us, which has example.com in us-east-1, is another account (account 111111111111, not profile ops-eu); "
                "DEED replicates within one account only: add a host of profile ops-eu in us-east-1 with example.com (Easy DKIM), "
                "or make the replica an identity of its own (dkim.mode: easy)",
                "ops-us: mailops_ses_multi_region_endpoints[0] (ops-global) also sends through eu-west-1, but no host of profile ops in eu-west-1 is "
                "in the inventory; add it, with the endpoint's sending identities (DEED replicas of ops-us's)",
            ],
        ),
        (
            {"ops_eu": {"mailops_ses_identities": [{"identity": "example.com", "dkim": {"mode": "replica", "parent_region": "eu-west-1"}}]}},
            [
                "ops-eu: mailops_ses_identities[0].dkim.parent_region eu-west-1 is this identity's own region; the parent of a replica is in another "
                "region of the same account"
            ],
        ),
        (
            {
                "ops_eu": {
                    "mailops_ses_identities": [
                        {"identity": "example.com", "dkim": {"mode": "replica", "parent_region": "us-east-1", "key_length": "RSA_1024_BIT"}}
                    ]
                }
            },
            [
                "ops-eu: mailops_ses_identities[0].dkim.key_length: a replica signs with the Easy DKIM key of its parent identity, whose key length it "
                "follows; set the key length on the parent in us-east-1"
            ],
        ),
    ],
)
def test_replica_problems_name_both_hosts(changes, problems):
    assert _check.check_hosts(regions(**changes), copy.deepcopy(REGION_SHARED))[0] == problems


@pytest.mark.parametrize(
    "changes, problems",
    [
        (
            {"ops_eu": {"mailops_tenant_state": "absent"}},
            [
                "ops-us: mailops_ses_multi_region_endpoints[0] (ops-global) also sends through eu-west-1, but ops-eu (the host of that account in "
                "eu-west-1) is offboarded (mailops_tenant_state: absent); remove the endpoint first (state: absent)"
            ],
        ),
        (
            {"ops_us": {"mailops_ses_multi_region_endpoints": [{"name": "west", "secondary_region": "us-west-2"}]}},
            [
                "ops-us: mailops_ses_multi_region_endpoints[0] (west) also sends through us-west-2, but no host of account 222222222222 in us-west-2 is "
                "in the inventory; add it, with the endpoint's sending identities (DEED replicas of ops-us's)"
            ],
        ),
        # an endpoint being removed needs nothing
        ({"ops_us": {"mailops_ses_multi_region_endpoints": [{"name": "west", "secondary_region": "us-west-2", "state": "absent"}]}}, []),
        (
            {
                "ops_us": {
                    "mailops_ses_multi_region_endpoints": [
                        {"name": "bad name", "secondary_region": "us-east-1"},
                        {"name": "ok"},
                        {"name": "ok", "secondary_region": "eu-west-1", "state": "gone"},
                    ]
                }
            },
            [
                "ops-us: mailops_ses_multi_region_endpoints[0].name 'bad name' must be 1-64 letters, digits, '_' or '-'",
                "ops-us: mailops_ses_multi_region_endpoints[0].secondary_region us-east-1 is the endpoint's primary region (the module's region); "
                "give another region",
                "ops-us: mailops_ses_multi_region_endpoints[1].secondary_region is required with state=present: the region the endpoint fails over to, "
                "e.g. us-west-2",
                "ops-us: mailops_ses_multi_region_endpoints[2].state 'gone' is not one of present, absent",
                "ops-us: mailops_ses_multi_region_endpoints[2]: multi-region endpoint 'ok' is listed twice",
            ],
        ),
        (
            {"ops_us": {"mailops_ses_multi_region_endpoints": {"name": "x"}}},
            ["ops-us: mailops_ses_multi_region_endpoints must be a list of dicts {name, secondary_region, tags}"],
        ),
    ],
)
def test_endpoint_problems(changes, problems):
    assert _check.check_hosts(regions(**changes), copy.deepcopy(REGION_SHARED))[0] == problems


@pytest.mark.parametrize(
    "ses_tenant, problems",
    [
        ({"name": "marketing", "state": "absent"}, []),
        ("marketing", ["mkt-us: mailops_ses_tenant must be a dict {name, reputation_policy, suppression_reasons, tags} with suppression_reasons a list"]),
        (
            {"name": "marketing", "suppression_reasons": "BOUNCE"},
            ["mkt-us: mailops_ses_tenant must be a dict {name, reputation_policy, suppression_reasons, tags} with suppression_reasons a list"],
        ),
        ({"reputation_policy": "standard"}, ["mkt-us: mailops_ses_tenant.name is required (the SES tenant's name, 1-64 letters, digits, '_' or '-')"]),
        (
            {"name": "mar keting", "reputation_policy": "lenient", "suppression_reasons": ["SPAM"], "state": "gone"},
            [
                "mkt-us: mailops_ses_tenant.state 'gone' is not one of present, absent",
                "mkt-us: mailops_ses_tenant.reputation_policy 'lenient' is not one of none, standard, strict",
                "mkt-us: mailops_ses_tenant.name 'mar keting' must be 1-64 letters, digits, '_' or '-'",
                "mkt-us: mailops_ses_tenant.suppression_reasons: 'SPAM' is not one of BOUNCE, COMPLAINT",
            ],
        ),
        (
            {"name": "marketing", "resources": []},
            ["mkt-us: mailops_ses_tenant: unknown key resources (allowed: name, reputation_policy, state, suppression_reasons, tags)"],
        ),
    ],
)
def test_ses_tenant_problems(ses_tenant, problems):
    assert _check.check_hosts(regions(mkt_us={"mailops_ses_tenant": ses_tenant}), copy.deepcopy(REGION_SHARED))[0] == problems


def test_an_octodns_zone_on_a_controller_without_octodns_fails_the_check(monkeypatch):
    monkeypatch.setattr(_octodns, "HAS_OCTODNS", False)
    zones = {"example.com": {"provider": "octodns", "octodns": {"class": "octodns_powerdns.PowerDnsProvider", "api_key": "k"}}}
    assert _check.check_hosts(copy.deepcopy(HOSTS), shared(mailops_dns_zones=zones))[0] == [
        "mailops_dns_zones['example.com']: the octodns provider needs the octoDNS library on the host that runs the module: pip install octodns "
        "(and the package of the provider class, for example pip install octodns-powerdns)"
    ]


def test_the_check_imports_octodns_only_for_an_octodns_zone():
    # octoDNS's import costs every ansible-playbook run 0.04 s of CPU: an inventory without such a zone never pays it
    code = (
        "import sys\n"
        "from ansible_collections.mailops.ses.plugins.module_utils._inventory import check\n"
        "assert not [m for m in sys.modules if m == 'octodns' or m.endswith('_dns.providers.octodns')], 'imported too early'\n"
        "check.octodns_problems('example.com', {'class': 'octodns_powerdns.PowerDnsProvider'}, 'where')\n"
        "assert 'octodns' in sys.modules\n"
    )
    python_output(code)
