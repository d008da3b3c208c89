"""The dns_plan action plugin, run without a playbook: zones and writers from the tenants' facts and the inventory."""

import pytest

from ansible_collections.mailops.ses.plugins.action.dns_plan import ActionModule
from ansible_collections.mailops.ses.plugins.module_utils._dns import ses_records as _render

from .running import run, task_vars

MX_US = "10 feedback-smtp.us-east-1.amazonses.com."
MAIL_FROM_SPF = "v=spf1 include:amazonses.com ~all"


def claims(name, *hosts):
    return {"name": "_mailops-claims.%s." % name, "type": "TXT", "ttl": 300, "values": ["claimed-by=%s" % h for h in hosts]}


def shared_removal(name, rtype, value):
    """A MAIL FROM value that goes only when no claim on the name is left."""
    return {"name": name, "type": rtype, "ttl": 300, "values": [value], "keep_while_claimed": "_mailops-claims.%s" % name}


SHARED = {
    "mailops_domains": {"example.com": {"dmarc": {"policy": "none"}}},
    "mailops_dns_zones": {
        "example.com": {"provider": "route53"},
        "example.org": {"provider": "route53"},
        "example.net": {"provider": "zonefile", "path": "/z"},
    },
}


def records(tokens, domain="example.com", mail_from="mail.example.com", region="us-east-1", token=None):
    view = {
        "identity": domain,
        "identity_type": "DOMAIN",
        "dkim": {"origin": "AWS_SES", "tokens": tokens, "signing_hosted_zone": "dkim.amazonses.com"},
        "mail_from_domain": mail_from,
        "verification_token": token,
    }
    return _render.identity_records(view, region)


def tenant(region, identities, dns_records=None, retired=None, **variables):
    result = dict({"mailops_ses_region": region, "mailops_ses_identities": identities}, **SHARED)
    result.update(variables)
    if dns_records is not None:
        result["tenant_dns_records"] = dns_records
    if retired is not None:
        result["tenant_retired_records"] = retired
    return result


def two_tenants():
    return {
        "tenant-a": tenant(
            "us-east-1",
            [{"identity": "example.com", "mail_from": "mail.example.com"}],
            [{"source": "tenant-a", "region": "us-east-1", "records": records(["a1"], token="tokA")}],
        ),
        "tenant-b": tenant(
            "us-east-1",
            [{"identity": "example.com", "mail_from": "mail.example.com"}, {"identity": "example.org", "state": "absent"}],
            [{"source": "tenant-b", "region": "us-east-1", "records": records(["b1"], token="tokB")}],
            [{"source": "tenant-b", "region": "us-east-1", "records": records(["o1"], domain="example.org", mail_from="mail.example.org")}],
            mailops_aws_profile="b",
        ),
    }


def test_two_tenants_sharing_a_domain():
    result = run(ActionModule, {}, task_vars(two_tenants(), "tenant-a"))
    assert result == {
        "changed": False,
        "msg": "2 zone(s) to write",
        "zones": {
            "example.com": {
                "records": [
                    {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": ["tokA", "tokB"]},
                    {"name": "_dmarc.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DMARC1; p=none"]},
                    claims("mail.example.com", "tenant-a", "tenant-b"),
                    {"name": "a1._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["a1.dkim.amazonses.com."]},
                    {"name": "b1._domainkey.example.com.", "type": "CNAME", "ttl": 300, "values": ["b1.dkim.amazonses.com."]},
                    {"name": "mail.example.com.", "type": "MX", "ttl": 300, "values": [MX_US]},
                    {"name": "mail.example.com.", "type": "TXT", "ttl": 300, "values": [MAIL_FROM_SPF]},
                ],
                "retire": [],
                "writer": "tenant-a",
            },
            "example.org": {
                "records": [],
                "retire": [
                    shared_removal("mail.example.org.", "MX", MX_US),
                    shared_removal("mail.example.org.", "TXT", MAIL_FROM_SPF),
                    {"name": "o1._domainkey.example.org.", "type": "CNAME", "ttl": 300, "values": ["o1.dkim.amazonses.com."]},
                    claims("mail.example.org", "tenant-b"),
                ],
                "writer": "tenant-b",
            },
        },
        "writers": {"tenant-a": ["example.com"], "tenant-b": ["example.org"]},
    }


def test_hosts_writers_and_ttl_as_arguments():
    hostvars = two_tenants()
    result = run(ActionModule, {"hosts": ["tenant-a"], "writers": ["tenant-b", "tenant-a"], "record_ttl": 60}, task_vars(hostvars, "tenant-a"))
    assert result["writers"] == {"tenant-b": ["example.com"], "tenant-a": []}
    assert [r["name"] for r in result["zones"]["example.com"]["records"]] == [
        "_amazonses.example.com.",
        "_dmarc.example.com.",
        "_mailops-claims.mail.example.com.",
        "a1._domainkey.example.com.",
        "mail.example.com.",
        "mail.example.com.",
    ]
    # the TTL argument is the domain records'; the tenants' records keep the TTL they were rendered with
    assert {r["name"]: r["ttl"] for r in result["zones"]["example.com"]["records"]}["_dmarc.example.com."] == 60
    assert list(result["zones"]) == ["example.com"]


def test_the_ttl_of_the_inventory():
    hostvars = two_tenants()
    for variables in hostvars.values():
        variables["mailops_record_ttl"] = "120"
    result = run(ActionModule, {}, task_vars(hostvars, "tenant-a"))
    assert {r["name"]: r["ttl"] for r in result["zones"]["example.com"]["records"]}["_dmarc.example.com."] == 120


def test_a_tenant_outside_the_run_keeps_its_mail_from():
    hostvars = two_tenants()
    hostvars["tenant-b"]["tenant_retired_records"] = [
        {"source": "tenant-b", "region": "us-east-1", "records": records(["b0"], domain="example.net", mail_from="mail.example.net")}
    ]
    # tenant-c is in the inventory but not in this run (--limit); it still sends with mail.example.net in us-east-1
    hostvars["tenant-c"] = tenant("us-east-1", [{"identity": "example.net", "mail_from": "mail.example.net"}], mailops_aws_profile="c")
    result = run(ActionModule, {}, task_vars(hostvars, "tenant-a", play_hosts=["tenant-a", "tenant-b"]))
    assert result["zones"]["example.net"] == {
        "records": [],
        "retire": [
            {"name": "b0._domainkey.example.net.", "type": "CNAME", "ttl": 300, "values": ["b0.dkim.amazonses.com."]},
            claims("mail.example.net", "tenant-b"),
        ],
        "writer": "tenant-b",
    }


def test_a_tenant_outside_the_group_does_not_keep_anything():
    hostvars = two_tenants()
    hostvars["tenant-b"]["tenant_retired_records"] = [
        {"source": "tenant-b", "region": "us-east-1", "records": records(["b0"], domain="example.net", mail_from="mail.example.net")}
    ]
    hostvars["other"] = tenant("us-east-1", [{"identity": "example.net", "mail_from": "mail.example.net"}])
    groups = {"all": sorted(hostvars), "ses_tenants": ["tenant-a", "tenant-b"]}
    result = run(ActionModule, {}, task_vars(hostvars, "tenant-a", groups=groups, play_hosts=["tenant-a", "tenant-b"]))
    assert [r["name"] for r in result["zones"]["example.net"]["retire"]] == [
        "b0._domainkey.example.net.",
        "mail.example.net.",
        "mail.example.net.",
        "_mailops-claims.mail.example.net.",
    ]


@pytest.mark.parametrize(
    "remove, play_hosts, missing",
    [
        (["tenant-b"], None, "tenant-b"),
        (["tenant-a", "tenant-b"], None, "tenant-a, tenant-b"),
        ([], ["tenant-a", "tenant-x"], "tenant-x"),
    ],
)
def test_hosts_without_tenant_dns_records_fail(remove, play_hosts, missing):
    hostvars = two_tenants()
    for host in remove:
        del hostvars[host]["tenant_dns_records"]
    result = run(ActionModule, {}, task_vars(hostvars, "tenant-a", play_hosts=play_hosts))
    assert result == {"failed": True, "msg": "%s: no tenant_dns_records; run role mailops.ses.tenant on these hosts first (playbooks/site.yml does)" % missing}


def test_a_merge_conflict_fails():
    hostvars = two_tenants()
    hostvars["tenant-b"]["tenant_dns_records"] = [{"source": "tenant-b", "region": "eu-west-1", "records": records(["b1"], region="eu-west-1")}]
    result = run(ActionModule, {}, task_vars(hostvars, "tenant-a"))
    problems = [
        "mail.example.com.: MAIL FROM is claimed by 2 regions (eu-west-1 from tenant-b; us-east-1 from tenant-a); an MX can send bounces to one region only, "
        "so give each region its own MAIL FROM subdomain, e.g. mail-eu-west-1.example.com, mail-us-east-1.example.com",
    ]
    assert result == {"failed": True, "msg": "the DNS plan has 1 problem(s):\n- " + problems[0], "problems": problems}


def test_a_record_without_a_zone_fails():
    hostvars = two_tenants()
    hostvars["tenant-b"]["tenant_dns_records"] = [
        {"source": "tenant-b", "region": "us-east-1", "records": records(["x1"], domain="example.io", mail_from=None)}
    ]
    result = run(ActionModule, {}, task_vars(hostvars, "tenant-a"))
    problem = (
        "x1._domainkey.example.io. record has no zone in mailops_dns_zones (known zones: example.com, example.net, example.org); "
        "add its zone to mailops_dns_zones"
    )
    assert result == {"failed": True, "msg": "the DNS plan has 1 problem(s):\n- " + problem, "problems": [problem]}


def test_no_writer_fails():
    result = run(ActionModule, {"writers": []}, task_vars(two_tenants(), "tenant-a"))
    assert result == {
        "failed": True,
        "msg": "the DNS plan has 1 problem(s):\n- no host to write zones example.com, example.org",
        "problems": ["no host to write zones example.com, example.org"],
    }


def test_nothing_to_write():
    hostvars = {"tenant-a": tenant("us-east-1", [], [], mailops_domains={})}
    assert run(ActionModule, {}, task_vars(hostvars, "tenant-a")) == {"changed": False, "msg": "0 zone(s) to write", "zones": {}, "writers": {"tenant-a": []}}
