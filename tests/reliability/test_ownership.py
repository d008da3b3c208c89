"""Ownership and safety: offboarding removes exactly what it owned, big deletions need force, foreign records stay.

Two SES instances in one region (accounts 111111111111 and 222222222222, us-east-1) send from example.com
(a Route 53 zone in the central DNS account 333333333333) and example.org (a zone on a real BIND); they
share the MAIL FROM names mail.example.com and mail.example.org. marketing also sends from
news.example.com, whose MAIL FROM (mail.news.example.com) nobody else uses. Each zone also holds records
the collection does not manage (``FOREIGN_LINES``).

Every check compares full zone dumps (Route 53 API, BIND AXFR) taken before and after a run: the values
that disappeared must be exactly the ones computed from what SES held for the offboarded identities, minus
the values another present SES instance of the same region still needs, and nothing may appear.
"""

import copy

import pytest
from testkit.modules import run_module
from testkit.playbook import run_playbook

from .test_faults import (
    BindZone,
    Route53Zone,
    Tenant,
    assert_identities,
    assert_zone,
    domains_policy,
    expected_zone,
    fatal_messages,
    identity,
    identity_records,
    inventory,
    record,
    ses_state,
)

DOMAINS = ["example.com", "example.org"]


def tenants(**changes):
    """The two tenants; ``changes``: {tenant: {identity: state}} or {tenant: 'absent'} (mailops_tenant_state)."""
    made = [
        Tenant(
            "marketing", "111111111111", "us-east-1", [identity("example.com"), identity("example.org"), identity("news.example.com", verification_txt=False)]
        ),
        Tenant("operations", "222222222222", "us-east-1", [identity("example.com"), identity("example.org")]),
    ]
    for tenant in made:
        change = changes.get(tenant.name)
        if change == "absent":
            tenant.host_vars["mailops_tenant_state"] = "absent"
        elif change:
            tenant.identities = [
                dict(item, state=change[item["identity"]]) if item["identity"] in change else item for item in copy.deepcopy(tenant.identities)
            ]
    return made


@pytest.fixture
def rolled_out(clean_sandbox, tmp_path):
    """Both zones with foreign records, then a first rollout of both tenants; yields (zones, write inventory, SES)."""
    zones = {"example.com": Route53Zone(clean_sandbox, "example.com"), "example.org": BindZone("example.org")}
    settings = {name: zone.settings() for name, zone in zones.items()}
    counter = iter(range(100))

    def write(made, **group_vars):
        return inventory(tmp_path / ("inventory-%d" % next(counter)), clean_sandbox, made, settings, domains_policy(*DOMAINS), **group_vars)

    first = run_playbook(write(tenants()), clean_sandbox.env())
    assert first.rc == 0, first.stdout[-4000:]
    states = ses_state(clean_sandbox, tenants())
    assert_identities(states, tenants())
    for zone in zones.values():
        assert_zone(zone, expected_zone(zone, tenants(), states, DOMAINS))
    try:
        yield zones, write, states
    finally:
        zones["example.org"].close()


def dumps(zones):
    return {name: zone.dump() for name, zone in zones.items()}


def owned(made, states, leaving):
    """The values of the ``leaving`` (tenant, identity) pairs, by zone, minus what a present identity of the same
    region still needs (the shared MAIL FROM MX and SPF)."""
    regions = {t.name: t.region for t in made}
    gone, kept = set(), set()
    for tenant_name, state in states.items():
        for name, identity_state in state.items():
            values = identity_records(name, identity_state, regions[tenant_name], tenant_name)
            (gone if (tenant_name, name) in leaving else kept).update(values)
    gone -= kept
    return {zone: {r for r in gone if r[0].rstrip(".").endswith(zone)} for zone in DOMAINS}


def assert_removed_exactly(before, after, removed, zones):
    for name in DOMAINS:
        assert after[name] - before[name] == set(), (name, "appeared", sorted(after[name] - before[name]))
        assert before[name] - after[name] == removed[name], (
            name,
            "removed but not owned",
            sorted((before[name] - after[name]) - removed[name]),
            "owned but kept",
            sorted(removed[name] - (before[name] - after[name])),
        )
        assert zones[name].foreign() <= after[name], name  # foreign records survive


def shared_mail_from(zone):
    return {record("mail.%s" % zone, "MX", "10 feedback-smtp.us-east-1.amazonses.com"), record("mail.%s" % zone, "TXT", "v=spf1 include:amazonses.com ~all")}


def test_offboarding_one_identity_per_zone_removes_exactly_its_values(rolled_out, clean_sandbox):
    """operations drops example.org (BIND) and marketing drops news.example.com (Route 53), in one run.

    example.org's MAIL FROM MX and SPF stay (marketing's example.org still uses them in the same region);
    mail.news.example.com's go (no one else uses them)."""
    zones, write, states = rolled_out
    before = dumps(zones)
    made = tenants(operations={"example.org": "absent"}, marketing={"news.example.com": "absent"})
    result = run_playbook(write(made), clean_sandbox.env())
    assert result.rc == 0, result.stdout[-4000:]

    removed = owned(made, states, {("operations", "example.org"), ("marketing", "news.example.com")})
    assert shared_mail_from("example.org") & removed["example.org"] == set()
    assert shared_mail_from("news.example.com") <= removed["example.com"]
    after = dumps(zones)
    assert_removed_exactly(before, after, removed, zones)
    assert shared_mail_from("example.org") <= after["example.org"]

    now = ses_state(clean_sandbox, made)
    assert_identities(now, made)
    for tenant, state in now.items():  # the other identities are untouched
        for name, identity_state in state.items():
            assert identity_state == states[tenant][name], (tenant, name)


def test_offboarding_a_tenant_with_limit_keeps_shared_values_and_needs_force_past_the_threshold(rolled_out, clean_sandbox):
    """marketing (mailops_tenant_state: absent) is offboarded with --limit marketing.

    The plan for example.com deletes 11 of its 27 values (41 %), the one for example.org 5 of 19 (26 %), each
    counting marketing's claims on the MAIL FROM names (``_mailops-claims.<name>``):
    with mailops_dns_delete_threshold 20 the run refuses both zones before any DNS write, naming each zone,
    the numbers and the way out (every zone is checked, so all refusals are reported in one run); SES still
    holds marketing's identities, so nothing is lost. With mailops_dns_force the same run removes exactly
    marketing's values; the MAIL FROM MX and SPF that operations (not in the run) still needs stay.
    """
    zones, write, states = rolled_out
    before = dumps(zones)
    made = tenants(marketing="absent")
    inv = write(made, mailops_dns_delete_threshold=20)

    refused = run_playbook(inv, clean_sandbox.env(), args=["--limit", "marketing"])
    assert refused.rc != 0
    messages = fatal_messages(refused)
    assert len(messages) == 2, "\n".join(messages)
    for message, (zone, deleted, total) in zip(messages, [("example.com", 11, 27), ("example.org", 5, 19)]):
        assert ("the plan for zone %s. deletes %d of its %d values, more than the safety threshold of 20%%" % (zone, deleted, total)) in message, message
        assert "mailops_dns_force: true" in message, message
    assert dumps(zones) == before
    assert ses_state(clean_sandbox, tenants()) == states, "SES changed although DNS was refused"

    forced = run_playbook(inv, clean_sandbox.env(), args=["--limit", "marketing", "-e", '{"mailops_dns_force": true}'])
    assert forced.rc == 0, forced.stdout[-4000:]
    removed = owned(made, states, {("marketing", name) for name in states["marketing"]})
    after = dumps(zones)
    assert_removed_exactly(before, after, removed, zones)
    for zone in DOMAINS:
        assert shared_mail_from(zone) <= after[zone], zone
    assert shared_mail_from("news.example.com") <= removed["example.com"]

    now = ses_state(clean_sandbox, made)
    assert now["marketing"] == {}
    assert now["operations"] == states["operations"]


# ------------------------------------------------------------------------------ the module's threshold

MANAGED = [{"name": "t%d" % n, "type": "TXT", "values": ["managed-%d" % n]} for n in range(6)]


@pytest.fixture(params=["route53", "rfc2136"])
def module_zone(request, clean_sandbox):
    """(module arguments, environment, zone) for example.net with the foreign records and six managed TXT sets."""
    if request.param == "route53":
        zone = Route53Zone(clean_sandbox, "example.net")
        args, env = {"provider": "route53", "zone": "example.net"}, clean_sandbox.env()
        credentials = clean_sandbox.assume("333333333333")
        env = dict(
            env,
            AWS_ACCESS_KEY_ID=credentials["aws_access_key_id"],
            AWS_SECRET_ACCESS_KEY=credentials["aws_secret_access_key"],
            AWS_SESSION_TOKEN=credentials["aws_session_token"],
        )
    else:
        zone = BindZone("example.net")
        args, env = dict(zone.settings(), zone="example.net"), {}
    run_module("dns_record_sets", dict(args, record_sets=MANAGED), env=env)
    yield args, env, zone
    if request.param == "rfc2136":
        zone.close()


def test_module_refuses_a_plan_past_the_delete_threshold_unless_forced(module_zone):
    args, env, zone = module_zone
    before = zone.dump()
    total = len(before) + (5 if zone.provider == "route53" else 2)  # + SOA and NS values
    refused = run_module("dns_record_sets", dict(args, record_sets=MANAGED, state="absent"), env=env, expect_failure=True)
    assert (
        "the plan for zone example.net. deletes 6 of its %d values, more than the safety threshold of 30%%; "
        "check the input, then run again with force=true (or raise delete_threshold) if this is intended" % total
    ) == refused["msg"]
    assert zone.dump() == before

    forced = run_module("dns_record_sets", dict(args, record_sets=MANAGED, state="absent", force=True), env=env)
    assert forced["changed"] and forced["summary"]["delete"] == 6
    assert zone.dump() == zone.foreign()
