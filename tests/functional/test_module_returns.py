"""Every module returns exactly what its RETURN block documents: each key it returns is documented, and each
documented key shows up in a real result (the scenarios below cover the conditional ones)."""

import importlib

import pytest
import yaml
from testkit.aws import add_records
from testkit.modules import run_module

from ansible_collections.mailops.ses.plugins.module_utils._deliverability.monitoring import event_destination

# one xdist worker runs them all (``--dist loadgroup``), so the scenarios behind them run once, not once per worker
pytestmark = pytest.mark.xdist_group("module_returns")

# what Ansible adds or what every module may return, not the module's own keys
STANDARD = {"changed", "failed", "msg", "invocation", "diff", "warnings", "deprecations", "_stdout", "_stderr", "skipped"}


def documented(module):
    code = importlib.import_module("ansible_collections.mailops.ses.plugins.modules.%s" % module)
    return set(yaml.safe_load(code.RETURN) or {})


def returned(results):
    return set().union(*(set(r) for r in results)) - STANDARD


def run(sandbox, module, args, **kwargs):
    return run_module(module, args, env=sandbox.env(), **kwargs)


def verified_domain(sandbox, domain="returns.example"):
    """A domain identity SES has verified (its DKIM records served by the sandbox's Route 53)."""
    r53 = sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=domain, CallerReference="returns")["HostedZone"]["Id"]
    created = run(sandbox, "email_identity", {"identity": domain})
    add_records(r53, zone_id, [(r["name"], r["type"], r["values"]) for r in created["dns_records"]])
    return domain, zone_id


def scenarios(sandbox, tmp_path):
    domain, _zone_id = verified_domain(sandbox)
    run(sandbox, "configuration_set", {"name": "returns", "reputation_metrics": True, "event_destinations": [event_destination(domain)]})
    run(sandbox, "configuration_set", {"name": "paused", "sending_enabled": False})
    return {
        "account": [run(sandbox, "account", {}, diff=True), run(sandbox, "account", {"suppression_reasons": ["BOUNCE"]})],
        "configuration_set": [run(sandbox, "configuration_set", {"name": "tagged", "tags": {"team": "mail"}}, diff=True)],
        "contact_list": [run(sandbox, "contact_list", {"name": "customers", "topics": [{"name": "news", "display_name": "News"}]})],
        "dedicated_ip_pool": [run(sandbox, "dedicated_ip_pool", {"name": "returns-ips", "scaling_mode": "MANAGED", "tags": {"team": "mail"}}, diff=True)],
        "cloudwatch_dashboard": [
            run(sandbox, "cloudwatch_dashboard", {"ses_domain": domain}),
            run(sandbox, "cloudwatch_dashboard", {"name": "x", "state": "absent"}),
        ],
        "deliverability_alarms": [
            run(sandbox, "deliverability_alarms", {"domains": [domain], "configuration_sets": ["returns"]}, diff=True),
            run(sandbox, "deliverability_alarms", {"domains": [], "retire_topic": "nothing-here"}),
        ],
        "deliverability_dashboards": [run(sandbox, "deliverability_dashboards", {"domains": [domain]}, diff=True)],
        "sns_topic_check": [run(sandbox, "sns_topic_check", {"name": "nothing-here"})],
        "deliverability_stats": [
            run(sandbox, "deliverability_stats", {"domains": [domain], "configuration_sets": ["returns"]}),
            run(sandbox, "deliverability_stats", {"domains": [domain], "guard": {"domains_by_configuration_set": {"returns": [domain]}}}),
            run(sandbox, "deliverability_stats", {"domains": [domain], "recommendations": True}),
        ],
        "dns_record_sets": [
            run(
                sandbox,
                "dns_record_sets",
                {"provider": "route53", "zone": domain, "record_sets": [{"name": "_dmarc", "type": "TXT", "values": ["v=DMARC1; p=none"]}]},
                diff=True,
            )
        ],
        "email_auth_check": [
            run(sandbox, "email_auth_check", {"domain": domain, "server": "127.0.0.1", "port": sandbox.dns_port}),
            run(sandbox, "email_auth_check", {"domains": [{"domain": domain, "server": "127.0.0.1", "port": sandbox.dns_port}]}),
        ],
        "email_identities": [
            run(
                sandbox,
                "email_identities",
                {"identities": [{"identity": domain}, {"identity": "gone.example", "state": "absent"}], "defer_removal": True},
                diff=True,
            )
        ],
        "email_identity": [
            run(sandbox, "email_identity", {"identity": domain, "wait": True, "wait_timeout": 30, "wait_delay": 1}, diff=True),
            run(
                sandbox,
                "email_identity",
                {"identity": "byo." + domain, "dkim": {"mode": "byodkim", "selector": "s1", "private_key_path": str(tmp_path / "k.pem"), "generate_key": True}},
            ),
        ],
        "email_identity_info": [
            run(sandbox, "email_identity_info", {}),
            run(sandbox, "email_identity_info", {"identity": domain, "wait": True, "wait_timeout": 30}),
            run(sandbox, "email_identity_info", {"identities": [domain], "wait": True, "wait_timeout": 30}),
        ],
        "multi_region_endpoint": [run(sandbox, "multi_region_endpoint", {"name": "returns", "secondary_region": "eu-west-1"}, diff=True)],
        "tenant": [run(sandbox, "tenant", {"name": "returns", "reputation_policy": "strict", "resources": [{"type": "identity", "name": domain}]}, diff=True)],
        "readiness_report": [
            run(sandbox, "readiness_report", {"tenants": [{"host": "t", "region": "us-east-1", "identities": []}], "dir": str(tmp_path / "report")}, diff=True)
        ],
        "simulator_send": [
            run(sandbox, "simulator_send", {"from_address": "smoke@" + domain, "configuration_set": "returns", "wait_timeout": 60}),
            run(sandbox, "simulator_send", {"from_address": "smoke@" + domain, "configuration_set": "paused"}),
            run(
                sandbox,
                "simulator_send",
                {
                    "from_address": "smoke@" + domain,
                    "wait_for_metrics": False,
                    "list_management": {"contact_list": "customers", "topic": "news"},
                    "message_source": sandbox.endpoint + "/mailops-sandbox/messages?account={account}&region={region}",
                },
            ),
        ],
    }


@pytest.fixture(scope="session")  # session, not module: xdist may run other modules' tests between these
def results(sandbox, tmp_path_factory):
    sandbox.reset()
    return scenarios(sandbox, tmp_path_factory.mktemp("returns"))


MODULES = [
    "account", "cloudwatch_dashboard", "configuration_set", "contact_list", "dedicated_ip_pool", "deliverability_alarms", "deliverability_dashboards",
    "deliverability_stats", "dns_record_sets", "email_auth_check", "email_identities", "email_identity", "email_identity_info",
    "multi_region_endpoint", "readiness_report", "simulator_send", "sns_topic_check", "tenant",
]  # fmt: skip


@pytest.mark.parametrize("module", MODULES)
def test_every_returned_key_is_documented_and_every_documented_key_is_returned(module, results):
    got, docs = returned(results[module]), documented(module)
    assert got - docs == set(), "returned but not in RETURN"
    assert docs - got == set(), "in RETURN but never returned"
