"""Route 53 change batches in the sandbox are as strict as the real API."""

import pytest
from botocore.exceptions import ClientError
from testkit.aws import add_records, error_code, zone_dump


@pytest.fixture
def zone(clean_sandbox):
    r53 = clean_sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name="example.com", CallerReference="z")["HostedZone"]["Id"]
    add_records(r53, zone_id, [("_amazonses.example.com", "TXT", ['"token-one"'])])
    return r53, zone_id


def change(r53, zone_id, *changes):
    r53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {"Action": action, "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": ttl, "ResourceRecords": [{"Value": v} for v in values]}}
                for action, name, rtype, ttl, values in changes
            ]
        },
    )


def rejected(r53, zone_id, *changes):
    before = zone_dump(r53, zone_id)
    with pytest.raises(ClientError) as exc:
        change(r53, zone_id, *changes)
    assert error_code(exc) == "InvalidChangeBatch"
    assert zone_dump(r53, zone_id) == before, "a rejected batch must change nothing"
    return str(exc.value)


def test_delete_with_stale_values_rejects_the_whole_batch(zone):
    r53, zone_id = zone
    message = rejected(
        r53,
        zone_id,
        ("CREATE", "mail.example.com", "MX", 300, ["10 feedback-smtp.us-east-1.amazonses.com"]),
        ("DELETE", "_amazonses.example.com", "TXT", 300, ['"stale-value"']),
    )
    assert "values provided do not match the current values" in message


def test_delete_with_wrong_ttl_or_missing_set_is_rejected(zone):
    r53, zone_id = zone
    assert "do not match" in rejected(r53, zone_id, ("DELETE", "_amazonses.example.com", "TXT", 60, ['"token-one"']))
    assert "not found" in rejected(r53, zone_id, ("DELETE", "nothing.example.com", "TXT", 300, ['"x"']))


def test_delete_with_exact_values_in_any_order_succeeds(zone):
    r53, zone_id = zone
    change(r53, zone_id, ("UPSERT", "_amazonses.example.com", "TXT", 300, ['"b"', '"a"']))
    change(r53, zone_id, ("DELETE", "_amazonses.example.com", "TXT", 300, ['"a"', '"b"']))
    assert not [r for r in zone_dump(r53, zone_id) if r[0].startswith("_amazonses")]


def test_create_of_existing_set_fails(zone):
    r53, zone_id = zone
    assert "already exists" in rejected(r53, zone_id, ("CREATE", "_amazonses.example.com", "TXT", 300, ['"token-two"']))


def test_cname_beside_other_data_and_at_apex(zone):
    r53, zone_id = zone
    assert "conflicts with other records" in rejected(r53, zone_id, ("CREATE", "_amazonses.example.com", "CNAME", 300, ["target.example.net"]))
    assert "at apex" in rejected(r53, zone_id, ("CREATE", "example.com", "CNAME", 300, ["target.example.net"]))


def test_txt_string_longer_than_255_is_rejected_but_split_strings_pass(zone):
    r53, zone_id = zone
    long_value = "p=" + "A" * 300
    assert "TXTRDATATooLong" in rejected(r53, zone_id, ("CREATE", "s._domainkey.example.com", "TXT", 300, [f'"{long_value}"']))
    split = f'"{long_value[:255]}" "{long_value[255:]}"'
    change(r53, zone_id, ("CREATE", "s._domainkey.example.com", "TXT", 300, [split]))
    assert ("s._domainkey.example.com.", "TXT", 300, (split,)) in zone_dump(r53, zone_id)


def test_batches_above_1000_records_are_rejected(zone):
    r53, zone_id = zone
    changes = [("CREATE", f"r{i}.example.com", "TXT", 300, [f'"v{i}"']) for i in range(1001)]
    assert "limit of 1000" in rejected(r53, zone_id, *changes)
    change(r53, zone_id, *changes[:1000])
    assert len(zone_dump(r53, zone_id)) == 1000 + 3  # plus SOA, NS and the _amazonses TXT


def test_every_problem_is_listed(zone):
    r53, zone_id = zone
    message = rejected(
        r53,
        zone_id,
        ("CREATE", "_amazonses.example.com", "TXT", 300, ['"x"']),
        ("DELETE", "gone.example.com", "MX", 300, ["10 a.example.com"]),
    )
    assert "already exists" in message and "not found" in message
