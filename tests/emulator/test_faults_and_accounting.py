"""Fault injection and API accounting of the sandbox."""

import time

import pytest
from botocore.exceptions import ClientError
from testkit.aws import error_code, http_status


def test_accounting_names_operations_of_every_protocol(clean_sandbox):
    clean_sandbox.client("sesv2").list_email_identities()
    clean_sandbox.client("sesv2").create_configuration_set(ConfigurationSetName="a")
    clean_sandbox.client("route53").list_hosted_zones()
    clean_sandbox.client("sts").get_caller_identity()
    clean_sandbox.client("sns").create_topic(Name="t")
    clean_sandbox.client("cloudwatch").list_metrics()
    clean_sandbox.client("ses").verify_domain_identity(Domain="example.com")
    calls = clean_sandbox.calls()
    assert calls["services"] == {
        "sesv2": {"ListEmailIdentities": 1, "CreateConfigurationSet": 1},
        "route53": {"ListHostedZones": 1},
        "sts": {"GetCallerIdentity": 1},
        "sns": {"CreateTopic": 1},
        "cloudwatch": {"ListMetrics": 1},
        "ses": {"VerifyDomainIdentity": 1},
    }
    assert calls["total"] == 7 and calls["writes"] == 3
    assert clean_sandbox.writes() == {"sesv2:CreateConfigurationSet": 1, "sns:CreateTopic": 1, "ses:VerifyDomainIdentity": 1}
    clean_sandbox.reset_calls()
    assert clean_sandbox.calls() == {"services": {}, "total": 0, "writes": 0}


def test_reset_clears_state_and_counters(clean_sandbox):
    clean_sandbox.client("sesv2").create_configuration_set(ConfigurationSetName="a")
    clean_sandbox.reset()
    assert clean_sandbox.calls()["total"] == 0
    assert clean_sandbox.client("sesv2").list_configuration_sets()["ConfigurationSets"] == []


@pytest.mark.parametrize(
    "service, call, expected_code, expected_status",
    [
        ("sesv2", lambda c: c.list_email_identities(), "TooManyRequestsException", 429),
        ("route53", lambda c: c.list_hosted_zones(), "Throttling", 400),
        ("sts", lambda c: c.get_caller_identity(), "Throttling", 400),
        ("cloudwatch", lambda c: c.list_metrics(), "Throttling", 400),
        ("sns", lambda c: c.list_topics(), "Throttling", 400),
    ],
)
def test_throttling_uses_each_services_error(clean_sandbox, service, call, expected_code, expected_status):
    clean_sandbox.configure(throttle_rate=1.0)
    with pytest.raises(ClientError) as exc:
        call(clean_sandbox.client(service))
    assert error_code(exc) == expected_code
    assert http_status(exc) == expected_status


def test_partial_throttling_is_absorbed_by_botocore_retries(clean_sandbox):
    clean_sandbox.configure(throttle_rate=0.3)
    ses = clean_sandbox.client("sesv2", retries=10)
    for index in range(20):
        ses.create_configuration_set(ConfigurationSetName=f"cs{index}")
    clean_sandbox.configure(throttle_rate=0.0)
    assert len(ses.list_configuration_sets()["ConfigurationSets"]) == 20
    assert clean_sandbox.calls()["services"]["sesv2"]["CreateConfigurationSet"] > 20


def test_latency_is_added_to_every_request(clean_sandbox):
    ses = clean_sandbox.client("sesv2")
    clean_sandbox.configure(latency_ms=200)
    started = time.monotonic()
    ses.list_email_identities()
    assert time.monotonic() - started >= 0.2


def test_fail_after_nth_write(clean_sandbox):
    ses = clean_sandbox.client("sesv2")
    clean_sandbox.configure(fail_after_writes=2)
    ses.create_configuration_set(ConfigurationSetName="a")
    ses.list_configuration_sets()
    ses.create_configuration_set(ConfigurationSetName="b")
    with pytest.raises(ClientError) as exc:
        ses.create_configuration_set(ConfigurationSetName="c")
    assert error_code(exc) == "ServiceUnavailable" and http_status(exc) == 503
    with pytest.raises(ClientError):
        ses.list_configuration_sets()
    clean_sandbox.configure(fail_after_writes=None)
    assert ses.list_configuration_sets()["ConfigurationSets"] == ["a", "b"]
