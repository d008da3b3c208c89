"""site.yml run the way AWX / Ansible Automation Platform runs jobs: ansible-runner with a private data directory
(inventory, env, extra vars), and job slicing - the tenants split into slices, each slice a separate run that only
sees its own hosts, all slices at once."""

import json
import os
import threading

import ansible_runner
import pytest
import yaml
from testkit.aws import zone_dump
from testkit.playbook import COLLECTIONS

ZONE = "shop.example"
# two accounts share one MAIL FROM name in us-east-1 (one MX serves both); a third tenant sends from eu-west-1
TENANTS = {
    "unit-a": {"account": "111111111111", "region": "us-east-1", "mail_from": "mail." + ZONE},
    "unit-b": {"account": "222222222222", "region": "us-east-1", "mail_from": "mail." + ZONE},
    "unit-c": {"account": "333333333333", "region": "eu-west-1", "mail_from": "mail-eu." + ZONE},
}
PROJECT = "- name: The main job, as an AWX project would hold it\n  ansible.builtin.import_playbook: mailops.ses.site\n"


def host_vars(name, state="present"):
    tenant = TENANTS[name]
    return {
        "mailops_ses_region": tenant["region"],
        "mailops_aws_role_arn": "arn:aws:iam::%s:role/mailops-ses" % tenant["account"],
        "mailops_tenant_state": state,
        "mailops_ses_identities": [{"identity": ZONE, "mail_from": tenant["mail_from"], "verification_txt": True}],
    }


def group_vars(sandbox):
    return {
        "mailops_aws_endpoint_url": sandbox.endpoint,
        "mailops_domains": {ZONE: {"dmarc": {"policy": "none"}}},
        "mailops_dns_zones": {ZONE: {"provider": "route53", "check_server": sandbox.route53_dns}},
        "mailops_verify_timeout": 20,
        "mailops_verify_delay": 1,
        "mailops_dns_delete_threshold": 100,
    }


def job(sandbox, base, hosts, states=None):
    """A private data directory as AWX lays it out for one job (or one slice of it): only ``hosts`` are in it."""
    states = states or {}
    os.makedirs(os.path.join(base, "project"), exist_ok=True)
    os.makedirs(os.path.join(base, "inventory", "group_vars"), exist_ok=True)
    os.makedirs(os.path.join(base, "env"), exist_ok=True)
    with open(os.path.join(base, "project", "site.yml"), "w") as handle:
        handle.write(PROJECT)
    inventory = {"ses_tenants": {"hosts": {name: host_vars(name, states.get(name, "present")) for name in hosts}}}
    with open(os.path.join(base, "inventory", "hosts.yml"), "w") as handle:
        yaml.safe_dump(inventory, handle)
    with open(os.path.join(base, "inventory", "group_vars", "all.yml"), "w") as handle:
        yaml.safe_dump(group_vars(sandbox), handle)
    env = dict(sandbox.env(), ANSIBLE_COLLECTIONS_PATH=COLLECTIONS, ANSIBLE_NOCOLOR="1")
    with open(os.path.join(base, "env", "envvars"), "w") as handle:
        yaml.safe_dump(env, handle)
    with open(os.path.join(base, "env", "extravars"), "w") as handle:
        yaml.safe_dump({"awx_job_id": 42}, handle)
    return base


def run_job(directory):
    runner = ansible_runner.run(private_data_dir=directory, playbook="site.yml", quiet=True)
    stats = [e for e in runner.events if e.get("event") == "playbook_on_stats"]
    return runner, stats[-1]["event_data"] if stats else {}


def run_slices(sandbox, tmp_path, slices, states=None, label="slice"):
    """Every slice at once, each an ansible-runner job that sees only its hosts (as AWX runs a sliced job)."""
    results = [None] * len(slices)

    def one(index):
        results[index] = run_job(job(sandbox, str(tmp_path / ("%s-%d" % (label, index))), slices[index], states))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(slices))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def slices_of(hosts, count):
    """AWX deals the hosts out over the slices in turn."""
    return [hosts[i::count] for i in range(count)]


def end_state(sandbox, zone_id, owners=False):
    """SES identities and the zone; with ``owners``, every DKIM and verification token replaced by its tenant's name
    (tokens are random per identity, so two sandboxes differ in them and in nothing else)."""
    ses, tokens = {}, {}
    for name, tenant in sorted(TENANTS.items()):
        client = sandbox.client("sesv2", region=tenant["region"], account=tenant["account"])
        v1 = sandbox.client("ses", region=tenant["region"], account=tenant["account"])
        for identity in client.list_email_identities()["EmailIdentities"]:
            got = client.get_email_identity(EmailIdentity=identity["IdentityName"])
            dkim = got["DkimAttributes"]["Tokens"]
            ses[(name, identity["IdentityName"])] = (sorted(dkim), got["MailFromAttributes"].get("MailFromDomain"))
            tokens.update(dict.fromkeys(dkim, "%s-dkim" % name))
            attrs = v1.get_identity_verification_attributes(Identities=[identity["IdentityName"]])["VerificationAttributes"]
            token = attrs.get(identity["IdentityName"], {}).get("VerificationToken")
            if token:
                tokens[token] = "%s-verification" % name
    records = zone_dump(sandbox.client("route53"), zone_id)
    if not owners:
        return ses, records

    def mask(text):
        for token, owner in tokens.items():
            text = text.replace(token, owner)
        return text

    ses = {key: (sorted(mask(t) for t in dkim), mail_from) for key, (dkim, mail_from) in ses.items()}
    return ses, sorted((mask(name), rtype, ttl, tuple(sorted(mask(v) for v in values))) for name, rtype, ttl, values in records)


@pytest.fixture
def zone(clean_sandbox):
    return clean_sandbox.client("route53").create_hosted_zone(Name=ZONE, CallerReference="awx")["HostedZone"]["Id"]


@pytest.mark.long
def test_one_job_through_ansible_runner_reports_its_events_and_converges(clean_sandbox, zone, tmp_path):
    runner, stats = run_job(job(clean_sandbox, str(tmp_path / "job"), sorted(TENANTS)))
    assert runner.status == "successful" and runner.rc == 0
    assert sorted(stats["ok"]) == sorted(TENANTS) and stats["failures"] == {}
    tasks = {e["event_data"].get("task") for e in runner.events if e.get("event") == "runner_on_ok"}
    assert {"Validate every tenant, domain and zone together", "Plan every zone once (merge, retire, assign a writer)"} <= tasks
    ses, records = end_state(clean_sandbox, zone)
    assert sorted(ses) == [(name, ZONE) for name in sorted(TENANTS)]
    mx = [r for r in records if r[1] == "MX"]
    assert mx == [
        ("mail-eu.%s." % ZONE, "MX", 300, ("10 feedback-smtp.eu-west-1.amazonses.com.",)),
        ("mail.%s." % ZONE, "MX", 300, ("10 feedback-smtp.us-east-1.amazonses.com.",)),
    ]
    claims = {r[0]: r[3] for r in records if r[0].startswith("_mailops-claims.")}
    assert claims == {
        "_mailops-claims.mail-eu.%s." % ZONE: ('"claimed-by=unit-c"',),
        "_mailops-claims.mail.%s." % ZONE: ('"claimed-by=unit-a"', '"claimed-by=unit-b"'),
    }


@pytest.mark.long
def test_sliced_jobs_converge_exactly_like_one_job(clean_sandbox, zone, tmp_path):
    results = run_slices(clean_sandbox, tmp_path, slices_of(sorted(TENANTS), 2))
    assert [r.status for r, _stats in results] == ["successful", "successful"]
    sliced = end_state(clean_sandbox, zone, owners=True)
    rerun = run_slices(clean_sandbox, tmp_path, slices_of(sorted(TENANTS), 2), label="rerun")
    assert all(stats["changed"] == {} for _r, stats in rerun), [stats["changed"] for _r, stats in rerun]

    clean_sandbox.reset()
    zone_id = clean_sandbox.client("route53").create_hosted_zone(Name=ZONE, CallerReference="awx-one")["HostedZone"]["Id"]
    runner, _stats = run_job(job(clean_sandbox, str(tmp_path / "one"), sorted(TENANTS)))
    assert runner.status == "successful"
    assert end_state(clean_sandbox, zone_id, owners=True) == sliced


@pytest.mark.long
def test_a_sliced_offboarding_never_removes_what_a_tenant_of_another_slice_still_needs(clean_sandbox, zone, tmp_path):
    runner, _stats = run_job(job(clean_sandbox, str(tmp_path / "rollout"), sorted(TENANTS)))
    assert runner.status == "successful"
    _ses, before = end_state(clean_sandbox, zone)
    shared = {r for r in before if r[0] == "mail.%s." % ZONE}  # the MX and SPF that unit-a and unit-b both send with
    assert {r[1] for r in shared} == {"MX", "TXT"}

    # unit-a leaves; its slice does not see unit-b. It runs first and alone here (in AWX the slices run at once,
    # and the other slice, which publishes the shared MX again, could not be relied on to hide a loss)
    ((runner, _stats),) = run_slices(clean_sandbox, tmp_path, [["unit-a"]], states={"unit-a": "absent"}, label="offboard")
    assert runner.status == "successful", runner.stdout.read()[-3000:]
    ses, after = end_state(clean_sandbox, zone)
    assert sorted(ses) == [("unit-b", ZONE), ("unit-c", ZONE)]
    assert shared <= set(after), "a value another slice's tenant still needs was removed"
    claims = {r[0]: r[3] for r in after if r[0].startswith("_mailops-claims.")}
    assert claims["_mailops-claims.mail.%s." % ZONE] == ('"claimed-by=unit-b"',)
    gone = {r for r in before if any("unit-a" in str(v) for v in r[3])}
    assert not gone & set(after)

    # the last tenant of the MAIL FROM name leaves: now the MX and SPF go, with its claim
    results = run_slices(clean_sandbox, tmp_path, [["unit-b"], ["unit-c"]], states={"unit-b": "absent"}, label="last")
    assert [r.status for r, _stats in results] == ["successful", "successful"]
    _ses, last = end_state(clean_sandbox, zone)
    assert not {r for r in last if r[0] in ("mail.%s." % ZONE, "_mailops-claims.mail.%s." % ZONE)}
    assert json.dumps(sorted(r[0] for r in last if r[0].startswith("mail-eu"))) == json.dumps(["mail-eu.%s." % ZONE, "mail-eu.%s." % ZONE])


@pytest.mark.long
def test_a_slice_that_would_route_a_shared_mail_from_to_a_second_region_is_refused(clean_sandbox, zone, tmp_path):
    # unit-a (us-east-1) owns mail.shop.example; a slice that cannot see unit-a gives unit-c the same MAIL FROM name
    # in eu-west-1. The inventory check of that slice cannot know; the DNS plan sees unit-a's MX in the zone.
    runner, _stats = run_job(job(clean_sandbox, str(tmp_path / "rollout"), ["unit-a"]))
    assert runner.status == "successful"
    _ses, before = end_state(clean_sandbox, zone)
    TENANTS["unit-c"]["mail_from"] = "mail." + ZONE
    try:
        ((runner, _stats),) = run_slices(clean_sandbox, tmp_path, [["unit-c"]], label="conflict")
    finally:
        TENANTS["unit-c"]["mail_from"] = "mail-eu." + ZONE
    assert runner.status == "failed"
    output = runner.stdout.read()
    assert (
        "mail.shop.example. would route bounces to SES in eu-west-1 and us-east-1 at once: the zone already holds MX "
        "10 feedback-smtp.us-east-1.amazonses.com. and this run adds 10 feedback-smtp.eu-west-1.amazonses.com." in output
    )
    _ses, after = end_state(clean_sandbox, zone)
    assert after == before, "the refused zone was written"
