"""Small helpers for tests that talk to the sandbox with boto3."""


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


def http_status(excinfo):
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def add_records(r53, zone_id, records, action="CREATE", ttl=300):
    """Apply one batch of ``(name, type, [values])`` changes."""
    changes = [
        {"Action": action, "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": ttl, "ResourceRecords": [{"Value": v} for v in values]}}
        for name, rtype, values in records
    ]
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": changes})


def zone_dump(r53, zone_id):
    """Every record set of a hosted zone as sorted (name, type, ttl, sorted values)."""
    records = []
    for page in r53.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone_id):
        for rrset in page["ResourceRecordSets"]:
            values = tuple(sorted(r["Value"] for r in rrset.get("ResourceRecords", [])))
            records.append((rrset["Name"], rrset["Type"], rrset.get("TTL"), values))
    return sorted(records)
