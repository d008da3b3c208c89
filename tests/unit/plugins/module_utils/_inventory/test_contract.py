"""Table tests for the inventory contract: unknown variables and keys with the closest name, the tenant view."""

import copy

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._inventory import contract as _contract

SEE_DOCS = " (see docs/inventory.md for every variable)"
IDENTITY_KEYS = "configuration_set, dkim, feedback_forwarding, identity, mail_from, policies, state, tags, use, verification_txt"
DKIM_KEYS = "generate_key, key_length, mode, parent_region, private_key, private_key_path, selector, signing_enabled"
DESTINATION_KEYS = "cloudwatch, enabled, eventbridge, firehose, matching_event_types, name, pinpoint, sns"
THRESHOLD_KEYS = "bounce_rate, complaint_rate_critical, complaint_rate_warning, pause_complaint_rate"


# ---------------------------------------------------------------- unknown_variables


@pytest.mark.parametrize(
    "names, problems",
    [
        ([], []),
        (["mailops_ses_region", "mailops_domains", "mailops_dns_force", "mailops_monitoring", "ansible_host", "other_mailops_x"], []),
        (["mailops_ses_identites"], ["h1: mailops_ses_identites is not a mailops.ses variable; did you mean mailops_ses_identities?" + SEE_DOCS]),
        (["mailops_dns_zone"], ["h1: mailops_dns_zone is not a mailops.ses variable; did you mean mailops_dns_zones?" + SEE_DOCS]),
        (["mailops_ses_regoin"], ["h1: mailops_ses_regoin is not a mailops.ses variable; did you mean mailops_ses_region?" + SEE_DOCS]),
        (["mailops_tennant_state"], ["h1: mailops_tennant_state is not a mailops.ses variable; did you mean mailops_tenant_state?" + SEE_DOCS]),
        (["mailops_monitorng"], ["h1: mailops_monitorng is not a mailops.ses variable; did you mean mailops_monitoring?" + SEE_DOCS]),
        (["mailops_qqqqqqqqqqqqqqqqqqqqqqqq"], ["h1: mailops_qqqqqqqqqqqqqqqqqqqqqqqq is not a mailops.ses variable" + SEE_DOCS]),
        # reported in name order
        (
            ["mailops_ses_identites", "mailops_aws_profil"],
            [
                "h1: mailops_aws_profil is not a mailops.ses variable; did you mean mailops_aws_profile?" + SEE_DOCS,
                "h1: mailops_ses_identites is not a mailops.ses variable; did you mean mailops_ses_identities?" + SEE_DOCS,
            ],
        ),
    ],
)
def test_unknown_variables(names, problems):
    assert _contract.unknown_variables("h1", names) == problems


def test_known_variables():
    assert _contract.KNOWN_VARIABLES == frozenset(
        list(_contract.HOST_VARIABLES)
        + list(_contract.SHARED_VARIABLES)
        + list(_contract.SWITCHES)
        + ["mailops_monitoring", "mailops_smoke_test", "mailops_report"]
    )
    assert all(name.startswith(_contract.PREFIX) for name in _contract.KNOWN_VARIABLES)


@pytest.mark.parametrize(
    "name, known, match",
    [
        ("mail_frm", ["mail_from", "identity"], "mail_from"),
        ("selectr", ["selector", "mode"], "selector"),
        ("xyz", ["selector", "mode"], None),
        ("mode", ["mode"], "mode"),
    ],
)
def test_closest(name, known, match):
    assert _contract.closest(name, known) == match


# ---------------------------------------------------------------- unknown_keys


@pytest.mark.parametrize(
    "variable, value, where, problems",
    [
        (
            "mailops_ses_identities",
            [{"identity": "example.com", "mail_from": "mail.example.com", "dkim": {"mode": "easy"}, "use": "transactional"}],
            "h1: v",
            [],
        ),
        (
            "mailops_ses_identities",
            [{"identity": "example.com"}, {"identity": "example.org", "mail_frm": "mail.example.org", "dkim": {"mode": "byodkim", "selectr": "s1"}}],
            "h1: mailops_ses_identities",
            [
                "h1: mailops_ses_identities[1]: unknown key mail_frm; did you mean mail_from? (allowed: %s)" % IDENTITY_KEYS,
                "h1: mailops_ses_identities[1].dkim: unknown key selectr; did you mean selector? (allowed: %s)" % DKIM_KEYS,
            ],
        ),
        # options of the module that the inventory does not take
        (
            "mailops_ses_identities",
            [{"identity": "example.com", "record_ttl": 60, "purge_tags": False}],
            "h1: mailops_ses_identities",
            [
                "h1: mailops_ses_identities[0]: unknown key purge_tags (allowed: %s)" % IDENTITY_KEYS,
                "h1: mailops_ses_identities[0]: unknown key record_ttl (allowed: %s)" % IDENTITY_KEYS,
            ],
        ),
        (
            "mailops_ses_configuration_sets",
            [
                {
                    "name": "bulk",
                    "bulk": True,
                    "event_destinations": [{"name": "e", "cloudwach": {"dimensions": []}, "sns": {"topic_arn": "arn:x", "topic": "y"}}],
                }
            ],
            "h1: mailops_ses_configuration_sets",
            [
                "h1: mailops_ses_configuration_sets[0].event_destinations[0]: unknown key cloudwach; did you mean cloudwatch? (allowed: %s)" % DESTINATION_KEYS,
                "h1: mailops_ses_configuration_sets[0].event_destinations[0].sns: unknown key topic; did you mean topic_arn? (allowed: topic_arn)",
            ],
        ),
        (
            "mailops_ses_configuration_sets",
            [
                {
                    "name": "bulk",
                    "pause_reason": "x",
                    "event_destinations": [{"name": "m", "cloudwatch": {"dimensions": [{"name": "d", "default": "x", "sorce": "message_tag"}]}}],
                }
            ],
            "h1: c",
            [
                "h1: c[0]: unknown key pause_reason (allowed: bulk, delivery, event_destinations, name, purge_event_destinations, purge_tags, "
                "reputation_metrics, resume_paused, sending_enabled, state, suppression_reasons, tags, tracking, validation, vdm)",
                "h1: c[0].event_destinations[0].cloudwatch.dimensions[0]: unknown key sorce; did you mean source? (allowed: default, name, source)",
            ],
        ),
        (
            "mailops_ses_contact_list",
            {"name": "news", "state": "absent", "topics": [{"name": "t", "display": "T"}]},
            "h1: mailops_ses_contact_list",
            [
                "h1: mailops_ses_contact_list: unknown key state (allowed: description, name, purge_topics, topics)",
                "h1: mailops_ses_contact_list.topics[0]: unknown key display; did you mean display_name? "
                "(allowed: default_subscription_status, description, display_name, name)",
            ],
        ),
        (
            "mailops_ses_account",
            {"production_acess": {}, "vdm": {"enabled": True, "engagment_metrics": True}},
            "h1: mailops_ses_account",
            [
                "h1: mailops_ses_account: unknown key production_acess; did you mean production_access? "
                "(allowed: production_access, sending_enabled, suppression_reasons, validation, vdm)",
                "h1: mailops_ses_account.vdm: unknown key engagment_metrics; did you mean engagement_metrics? "
                "(allowed: enabled, engagement_metrics, optimized_shared_delivery)",
            ],
        ),
        # values of the wrong type are the inventory check's to report, not unknown_keys'
        ("mailops_ses_identities", ["example.com", 42, None], "h1: v", []),
        # a single identity instead of a list is read as one item
        (
            "mailops_ses_identities",
            {"identity": "example.com", "mail_frm": "x"},
            "h1: v",
            ["h1: v: unknown key mail_frm; did you mean mail_from? (allowed: %s)" % IDENTITY_KEYS],
        ),
        ("mailops_ses_contact_list", ["news"], "h1: v", []),
        ("mailops_ses_identities", [{"identity": "example.com", "dkim": "easy"}], "h1: v", []),
    ],
)
def test_unknown_keys_of_tenant_variables(variable, value, where, problems):
    assert _contract.unknown_keys(value, _contract.TENANT_SPECS[variable], where) == problems


@pytest.mark.parametrize(
    "variable, value, problems",
    [
        ("mailops_monitoring", {"enabled": True, "thresholds": {"bounce_rate": 2}}, []),
        (
            "mailops_monitoring",
            {"enabled": True, "thresholds": {"bouce_rate": 2}},
            ["mailops_monitoring.thresholds: unknown key bouce_rate; did you mean bounce_rate? (allowed: %s)" % THRESHOLD_KEYS],
        ),
        (
            "mailops_monitoring",
            {"enable": True, "sns_subscriptions": [{"protocol": "email", "endpont": "ops@example.com"}]},
            [
                "mailops_monitoring: unknown key enable; did you mean enabled? (allowed: enabled, guard_days, sns_subscriptions, thresholds)",
                "mailops_monitoring.sns_subscriptions[0]: unknown key endpont; did you mean endpoint? (allowed: endpoint, protocol)",
            ],
        ),
        ("mailops_report", {"enabled": True, "directory": "/tmp"}, ["mailops_report: unknown key directory (allowed: days, dir, enabled, fail_on, template)"]),
        (
            "mailops_smoke_test",
            {"timeout": 60, "timout": 1},
            ["mailops_smoke_test: unknown key timout; did you mean timeout? (allowed: enabled, message_source, timeout)"],
        ),
    ],
)
def test_unknown_keys_of_phase_variables(variable, value, problems):
    assert _contract.unknown_keys(value, dict(type="dict", options=_contract.PHASES[variable]), variable) == problems


def test_unknown_keys_without_options():
    assert _contract.unknown_keys({"anything": 1}, dict(type="dict"), "x") == []
    assert _contract.unknown_keys({"anything": 1}, dict(type="raw", options={}), "x") == []


# ---------------------------------------------------------------- tenant view

VARIABLES = {
    "mailops_ses_region": "eu-west-1",
    "mailops_aws_profile": "eu",
    "mailops_aws_role_arn": None,
    "mailops_ses_identities": [
        {
            "identity": "example.com",
            "mail_from": "mail.example.com",
            "dkim": {"mode": "byodkim", "selector": "s1", "private_key": "PRIVATE"},
            "use": "transactional",
        },
        {"identity": "sender@example.org", "state": "absent"},
        "not a dict",
    ],
    "mailops_ses_configuration_sets": [{"name": "transactional"}],
    "mailops_tenant_state": "present",
    "mailops_domains": {"example.com": {}},
    "ansible_host": "localhost",
}


def test_tenant_view_is_a_deep_copy_of_the_host_variables():
    variables = copy.deepcopy(VARIABLES)
    tenant = _contract.tenant_view(variables)
    assert tenant == {
        "region": "eu-west-1",
        "aws_profile": "eu",
        "identities": VARIABLES["mailops_ses_identities"],
        "configuration_sets": [{"name": "transactional"}],
        "state": "present",
    }
    tenant["identities"][0]["dkim"]["selector"] = "changed"
    assert variables == VARIABLES
    assert _contract.tenant_view({}) == {}


@pytest.mark.parametrize("state, present", [(None, True), ("present", True), ("absent", False), ("", True)])
def test_present(state, present):
    assert _contract.present({"state": state} if state is not None else {}) is present


def test_identities_without_private_keys():
    tenant = _contract.tenant_view(VARIABLES)
    assert _contract.identities(tenant) == [
        {
            "identity": "example.com",
            "mail_from": {"domain": "mail.example.com"},
            "dkim": {"mode": "byodkim", "selector": "s1"},
            "use": "transactional",
            "state": "present",
        },
        {"identity": "sender@example.org", "state": "absent"},
    ]
    # the tenant itself keeps its key and its string MAIL FROM
    assert tenant["identities"][0]["dkim"]["private_key"] == "PRIVATE"
    assert tenant["identities"][0]["mail_from"] == "mail.example.com"


def test_identities_with_private_keys():
    assert _contract.identities(_contract.tenant_view(VARIABLES), private_keys=True)[0]["dkim"] == {
        "mode": "byodkim",
        "selector": "s1",
        "private_key": "PRIVATE",
    }


def test_identities_of_an_offboarded_tenant_are_all_absent():
    tenant = _contract.tenant_view(dict(VARIABLES, mailops_tenant_state="absent"))
    assert [(i["identity"], i["state"]) for i in _contract.identities(tenant)] == [("example.com", "absent"), ("sender@example.org", "absent")]
    assert _contract.identities({}) == []
    assert _contract.identities({"identities": None}) == []


def test_identities_keep_a_dkim_without_a_private_key_and_a_mail_from_dict():
    tenant = {
        "identities": [
            {
                "identity": "example.com",
                "mail_from": {"domain": "m.example.com", "behavior_on_mx_failure": "REJECT_MESSAGE"},
                "dkim": {"mode": "easy"},
                "state": None,
            }
        ]
    }
    assert _contract.identities(tenant) == [
        {
            "identity": "example.com",
            "mail_from": {"domain": "m.example.com", "behavior_on_mx_failure": "REJECT_MESSAGE"},
            "dkim": {"mode": "easy"},
            "state": "present",
        }
    ]


def test_identity_module_options():
    item = {
        "identity": "example.com",
        "state": "present",
        "dkim": {"mode": "easy"},
        "mail_from": {"domain": "mail.example.com"},
        "configuration_set": "transactional",
        "feedback_forwarding": True,
        "policies": {},
        "verification_txt": True,
        "tags": {"team": "mail"},
        "use": "transactional",
        "unknown": 1,
    }
    expected = {k: v for k, v in item.items() if k not in ("use", "unknown")}
    expected["record_ttl"] = 600
    assert _contract.identity_module_options(item, "600") == expected
    assert _contract.identity_module_options({"identity": "example.com"}, 300) == {"identity": "example.com", "record_ttl": 300}


@pytest.mark.parametrize("name, domain", [("example.com", True), ("sender@example.com", False), (None, True), ("", True)])
def test_is_domain(name, domain):
    assert _contract.is_domain(name) is domain


# ---------------------------------------------------------------- several regions and SES tenants


@pytest.mark.parametrize(
    "variable, value, problems",
    [
        ("mailops_ses_multi_region_endpoints", [{"name": "global", "secondary_region": "eu-west-1", "tags": {}, "state": "present"}], []),
        (
            "mailops_ses_multi_region_endpoints",
            [{"name": "global", "secondary": "eu-west-1", "wait": True}],
            [
                "h1: v[0]: unknown key secondary; did you mean secondary_region? (allowed: name, secondary_region, state, tags)",
                "h1: v[0]: unknown key wait (allowed: name, secondary_region, state, tags)",
            ],
        ),
        ("mailops_ses_tenant", {"name": "marketing", "reputation_policy": "standard", "suppression_reasons": [], "tags": {}, "state": "present"}, []),
        (
            "mailops_ses_tenant",
            {"name": "marketing", "reputation": "strict", "resources": []},
            [
                "h1: v: unknown key reputation; did you mean reputation_policy? (allowed: name, reputation_policy, state, suppression_reasons, tags)",
                "h1: v: unknown key resources (allowed: name, reputation_policy, state, suppression_reasons, tags)",
            ],
        ),
    ],
)
def test_unknown_keys_of_the_region_and_ses_tenant_variables(variable, value, problems):
    assert _contract.unknown_keys(value, _contract.TENANT_SPECS[variable], "h1: v") == problems


@pytest.mark.parametrize(
    "item, replica",
    [
        ({"identity": "example.com", "dkim": {"mode": "replica", "parent_region": "us-east-1"}}, True),
        ({"identity": "example.com", "dkim": {"mode": "easy"}}, False),
        ({"identity": "example.com", "dkim": "replica"}, False),
        ({"identity": "example.com"}, False),
        ("example.com", False),
    ],
)
def test_is_replica(item, replica):
    assert _contract.is_replica(item) is replica


def test_ses_tenant_and_endpoints_with_their_state():
    tenant = _contract.tenant_view(
        {
            "mailops_ses_tenant": {"name": "marketing", "reputation_policy": "standard"},
            "mailops_ses_multi_region_endpoints": [{"name": "a", "secondary_region": "eu-west-1"}, {"name": "b", "state": "absent"}, "junk"],
        }
    )
    assert _contract.ses_tenant(tenant) == {"name": "marketing", "reputation_policy": "standard", "state": "present"}
    assert _contract.multi_region_endpoints(tenant) == [
        {"name": "a", "secondary_region": "eu-west-1", "state": "present"},
        {"name": "b", "state": "absent"},
    ]
    gone = dict(tenant, state="absent")
    assert _contract.ses_tenant(gone)["state"] == "absent"
    assert [e["state"] for e in _contract.multi_region_endpoints(gone)] == ["absent", "absent"]
    assert _contract.ses_tenant({}) is None and _contract.ses_tenant({"ses_tenant": {"reputation_policy": "none"}}) is None
    assert _contract.multi_region_endpoints({"multi_region_endpoints": {"name": "a"}}) == []
