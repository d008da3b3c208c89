"""site.yml publishes a domain's BIMI record and the DMARC report authorizations its report domains owe it.

One tenant, two Route 53 zones in the sandbox: brand.example (the sending domain, BIMI, DMARC p=reject) and
reports.example.net (where brand.example and news.brand.example send their aggregate reports).
"""

import json

import pytest
from testkit.aws import zone_dump
from testkit.playbook import run_playbook, write_inventory

DOMAIN = "brand.example"
NEWS = "news." + DOMAIN
REPORTS = "reports.example.net"
BIMI = {"logo_url": "https://brand.example/brand/logo.svg", "authority_url": "https://brand.example/brand/vmc.pem"}
BIMI_VALUE = "v=BIMI1; l=https://brand.example/brand/logo.svg; a=https://brand.example/brand/vmc.pem"
THIRD_PARTY = "brand.example._report._dmarc.thirdparty.example.org."


def inventory(sandbox, tmp_path, bimi=True, news_policy="quarantine", report=True):
    domain = {"dmarc": {"policy": "reject", "rua": ["dmarc@" + REPORTS], "ruf": ["forensics@thirdparty.example.org"]}}
    if bimi:
        domain["bimi"] = BIMI
    group_vars = {
        "mailops_aws_endpoint_url": sandbox.endpoint,
        "mailops_domains": {DOMAIN: domain, NEWS: {"dmarc": {"policy": news_policy, "rua": ["dmarc@" + REPORTS]}}},
        "mailops_dns_zones": {
            DOMAIN: {"provider": "route53", "check_server": sandbox.route53_dns},
            REPORTS: {"provider": "route53", "check_server": sandbox.route53_dns},
        },
        "mailops_verify_timeout": 20,
        "mailops_verify_delay": 1,
    }
    if report:
        group_vars["mailops_report"] = {"enabled": True, "dir": str(tmp_path / "report")}
    tenants = {"brand": {"mailops_ses_region": "us-east-1", "mailops_ses_identities": [{"identity": DOMAIN, "mail_from": "mail." + DOMAIN}]}}
    return write_inventory(str(tmp_path / "inventory"), tenants, group_vars)


def txt_sets(r53, zone_id, part):
    """``{name: values}`` of the zone's TXT sets whose name contains ``part``, values as Route 53 holds them."""
    return {name: values for name, rtype, _ttl, values in zone_dump(r53, zone_id) if rtype == "TXT" and part in name}


def readiness_items(tmp_path):
    data = json.loads((tmp_path / "report" / "readiness.json").read_text())
    (domain,) = [d for t in data["tenants"] for d in t["domains"] if d["domain"] == DOMAIN]
    return {item["check"]: item for item in domain["items"]}


@pytest.mark.long
def test_bimi_and_report_authorizations_check_mode_run_rerun_and_removal(clean_sandbox, tmp_path):
    r53 = clean_sandbox.client("route53")
    brand = r53.create_hosted_zone(Name=DOMAIN, CallerReference="bimi")["HostedZone"]["Id"]
    reports = r53.create_hosted_zone(Name=REPORTS, CallerReference="rua")["HostedZone"]["Id"]
    env = clean_sandbox.env()

    # check mode: the plan shows both records, nothing is written
    clean_sandbox.reset_calls()
    check = run_playbook(inventory(clean_sandbox, tmp_path, report=False), env, args=["--check", "--diff"])
    assert check.rc == 0, check.stdout[-3000:]
    assert clean_sandbox.writes() == {}, clean_sandbox.writes()
    assert '+default._bimi.brand.example. 300 IN TXT "%s"' % BIMI_VALUE in check.stdout
    assert '+brand.example._report._dmarc.reports.example.net. 300 IN TXT "v=DMARC1"' in check.stdout
    assert '+news.brand.example._report._dmarc.reports.example.net. 300 IN TXT "v=DMARC1"' in check.stdout

    first = run_playbook(inventory(clean_sandbox, tmp_path), env)
    assert first.rc == 0 and first.failed == 0, first.stdout[-4000:]
    # exactly one BIMI record, at the default selector, with the exact value
    assert txt_sets(r53, brand, "._bimi.") == {"default._bimi.brand.example.": ('"%s"' % BIMI_VALUE,)}
    assert txt_sets(r53, brand, "_dmarc.") == {
        "_dmarc.brand.example.": ('"v=DMARC1; p=reject; rua=mailto:dmarc@reports.example.net; ruf=mailto:forensics@thirdparty.example.org"',),
        "_dmarc.news.brand.example.": ('"v=DMARC1; p=quarantine; rua=mailto:dmarc@reports.example.net"',),
    }
    # one authorization per sending domain in the report domain's zone; none for a report domain we do not hold
    assert txt_sets(r53, reports, "._report._dmarc.") == {
        "brand.example._report._dmarc.reports.example.net.": ('"v=DMARC1"',),
        "news.brand.example._report._dmarc.reports.example.net.": ('"v=DMARC1"',),
    }
    items = readiness_items(tmp_path)
    assert items["bimi"]["status"] == "pass", items["bimi"]
    assert "DMARC of brand.example is at enforcement (v=DMARC1; p=reject;" in items["bimi"]["evidence"]
    authorization = items["dmarc_rua_authorization"]
    assert authorization["status"] == "warn"
    assert authorization["evidence"].startswith(
        THIRD_PARTY + ": the DMARC record of brand.example sends reports to thirdparty.example.org, outside its organizational domain, "
        "but no v=DMARC1 TXT at " + THIRD_PARTY
    )
    assert authorization["fix"].startswith('publish TXT "v=DMARC1" at %s (the collection does when a zone of mailops_dns_zones holds' % THIRD_PARTY)
    assert REPORTS not in authorization["evidence"]  # reports.example.net authorizes: it is not among the warnings

    clean_sandbox.reset_calls()
    rerun = run_playbook(inventory(clean_sandbox, tmp_path), env)
    assert rerun.rc == 0 and rerun.changed == 0, rerun.stdout[-3000:]
    assert clean_sandbox.writes() == {}

    # bimi leaves the inventory: like every domain-policy record, the published one stays (nothing retires it)
    clean_sandbox.reset_calls()
    removed = run_playbook(inventory(clean_sandbox, tmp_path, bimi=False), env)
    assert removed.rc == 0 and removed.failed == 0, removed.stdout[-3000:]
    assert clean_sandbox.writes() == {}
    assert txt_sets(r53, brand, "._bimi.") == {"default._bimi.brand.example.": ('"%s"' % BIMI_VALUE,)}
    assert "bimi" not in readiness_items(tmp_path)  # not configured any more, so not checked

    # a raised DMARC policy replaces the old one: the name keeps one DMARC record
    raised = run_playbook(inventory(clean_sandbox, tmp_path, news_policy="reject"), env)
    assert raised.rc == 0 and raised.failed == 0, raised.stdout[-3000:]
    assert txt_sets(r53, brand, "_dmarc.news.") == {"_dmarc.news.brand.example.": ('"v=DMARC1; p=reject; rua=mailto:dmarc@reports.example.net"',)}
