"""site.yml as users run it: --check --diff writes nothing, a rerun is a no-op, --limit leaves other tenants alone."""

import pytest
from testkit.aws import zone_dump
from testkit.playbook import run_playbook, write_inventory

DOMAIN = "shop.example"


def tenants(extra_identity=False):
    identities_b = [{"identity": DOMAIN, "mail_from": "mail." + DOMAIN, "verification_txt": True}]
    if extra_identity:
        identities_b.append({"identity": "new." + DOMAIN, "mail_from": "mail.new." + DOMAIN})
    return {
        "unit-a": {
            "mailops_ses_region": "us-east-1",
            "mailops_aws_role_arn": "arn:aws:iam::111111111111:role/ses",
            "mailops_ses_identities": [{"identity": DOMAIN, "mail_from": "mail." + DOMAIN, "verification_txt": True}],
        },
        "unit-b": {"mailops_ses_region": "us-east-1", "mailops_aws_role_arn": "arn:aws:iam::222222222222:role/ses", "mailops_ses_identities": identities_b},
    }


def inventory(sandbox, path, extra_identity=False):
    return write_inventory(
        str(path),
        tenants(extra_identity),
        {
            "mailops_aws_endpoint_url": sandbox.endpoint,
            "mailops_domains": {DOMAIN: {"dmarc": {"policy": "none"}}},
            "mailops_dns_zones": {DOMAIN: {"provider": "route53", "check_server": sandbox.route53_dns}},
            "mailops_verify_timeout": 20,
            "mailops_verify_delay": 1,
        },
    )


@pytest.mark.long
def test_check_mode_then_run_then_noop_then_limit(clean_sandbox, tmp_path):
    r53 = clean_sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=DOMAIN, CallerReference="rollout")["HostedZone"]["Id"]
    inv = inventory(clean_sandbox, tmp_path / "inventory")
    env = clean_sandbox.env()

    clean_sandbox.reset_calls()
    check = run_playbook(inv, env, args=["--check", "--diff"])
    assert check.rc == 0, check.stdout[-3000:]
    assert clean_sandbox.writes() == {}, clean_sandbox.writes()
    assert check.changed > 0
    # the planned zone shows every instance, with placeholders for tokens SES has not generated yet
    assert "+pending-unit-a-dkim-token-1._domainkey.shop.example. 300 IN CNAME" in check.stdout
    assert "+pending-unit-b-dkim-token-1._domainkey.shop.example. 300 IN CNAME" in check.stdout
    assert '+_dmarc.shop.example. 300 IN TXT "v=DMARC1; p=none"' in check.stdout
    assert "+mail.shop.example. 300 IN MX 10 feedback-smtp.us-east-1.amazonses.com." in check.stdout

    first = run_playbook(inv, env)
    assert first.rc == 0 and first.failed == 0, first.stdout[-3000:]
    published = zone_dump(r53, zone_id)
    amazonses = [r for r in published if r[0] == "_amazonses.shop.example."]
    assert len(amazonses) == 1 and len(amazonses[0][3]) == 2  # one record, a value per SES instance
    assert len([r for r in published if r[1] == "CNAME"]) == 6

    clean_sandbox.reset_calls()
    rerun = run_playbook(inv, env)
    assert rerun.rc == 0 and rerun.changed == 0, rerun.stdout[-3000:]
    assert clean_sandbox.writes() == {}
    ses = clean_sandbox.calls()["services"]
    # per identity on a no-op run: one GetEmailIdentity (the verify role reuses the tenant role's view) and the legacy
    # token; at most 2 SES reads per identity in all
    assert ses["sesv2"].get("GetEmailIdentity") == 2
    assert ses["sesv2"].get("GetEmailIdentity", 0) + ses.get("ses", {}).get("GetIdentityVerificationAttributes", 0) <= 2 * 2

    # unit-b gets a new identity and is rolled out alone: unit-a's values stay exactly as they were
    before = {(name, rtype): values for name, rtype, _ttl, values in zone_dump(r53, zone_id)}
    limited = run_playbook(inventory(clean_sandbox, tmp_path / "inventory", extra_identity=True), env, args=["--limit", "unit-b"])
    assert limited.rc == 0, limited.stdout[-3000:]
    assert "unit-a" not in limited.recap
    after = {(name, rtype): values for name, rtype, _ttl, values in zone_dump(r53, zone_id)}
    assert set(before.items()) <= set(after.items()), "a value was changed or removed"
    added = set(after) - set(before)
    assert ("mail.new.shop.example.", "MX") in added and len([k for k in added if k[1] == "CNAME"]) == 3
