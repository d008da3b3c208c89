"""Helpers for ``make demo``: prepare the pre-existing DNS of the example organisation, then report.

python tools/demo.py setup --state STATE [--zone-file PATH] [--net-zone-file PATH]
python tools/demo.py report --state STATE [--zone-file PATH] [--net-zone-file PATH]

example.org is on BIND when it runs (else in the zone file --zone-file), example.net on PowerDNS through
octoDNS when it runs (else in the zone file --net-zone-file).
"""

import argparse
import json
import os
import sys

import boto3
import dns.rdata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

DNS_ACCOUNT = "333333333333"
TENANTS = {  # host: (account, region), as in examples/inventory/hosts.yml
    "marketing-us": ("111111111111", "us-east-1"),
    "operations-us": ("222222222222", "us-east-1"),
    "operations-eu": ("222222222222", "eu-west-1"),
}
FOREIGN = ['"v=spf1 include:_spf.google.com ~all"', '"apple-domain-verification=kept-as-is"']
ORG_FOREIGN = [("@", "TXT", 300, ['"v=spf1 mx ~all"'])]
NET_FOREIGN = [("example.net.", "MX", 300, ["10 mx1.example.net."]), ("example.net.", "TXT", 300, ['"v=spf1 mx ~all"'])]


def zone_file_text(zone, records):
    lines = ["$ORIGIN %s" % zone, "$TTL 300", "@   IN SOA ns1.%s hostmaster.%s ( 2024010101 3600 600 86400 300 )" % (zone, zone), "    IN NS  ns1.%s" % zone]
    lines.append("ns1 IN A   192.0.2.53")
    lines.extend("%s IN %s %s" % (name, rtype, value) for name, rtype, _ttl, values in records for value in values)
    return "\n".join(lines) + "\n"


def powerdns(state):
    from testkit.powerdns import PowerDns

    found = state["powerdns"]
    return PowerDns(port=found["port"], api_port=found["api_port"], api_key=found["api_key"])


def client(endpoint, service, account, region="us-east-1"):
    sts = boto3.client("sts", endpoint_url=endpoint, region_name=region)
    creds = sts.assume_role(RoleArn="arn:aws:iam::%s:role/demo" % account, RoleSessionName="demo")["Credentials"]
    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )


def setup(state, zone_file, net_zone_file=None):
    r53 = client(state["sandbox"]["endpoint"], "route53", DNS_ACCOUNT)
    zone_id = r53.create_hosted_zone(Name="example.com", CallerReference="demo")["HostedZone"]["Id"]
    r53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "CREATE",
                    "ResourceRecordSet": {"Name": "example.com", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": v} for v in FOREIGN]},
                }
            ]
        },
    )
    if not state.get("bind") and zone_file:
        with open(zone_file, "w") as handle:
            handle.write(zone_file_text("example.org.", ORG_FOREIGN))
    if state.get("powerdns"):  # what another tool already keeps in example.net
        pdns = powerdns(state)
        for name, rtype, ttl, values in NET_FOREIGN:
            pdns.replace_rrset(name, rtype, ttl, values, "example.net")
    elif net_zone_file:
        with open(net_zone_file, "w") as handle:
            handle.write(zone_file_text("example.net.", NET_FOREIGN))


def report(state, zone_file, net_zone_file=None):
    endpoint = state["sandbox"]["endpoint"]
    print("\n=== SES (local AWS sandbox at %s) ===" % endpoint)
    for host, (account, region) in TENANTS.items():
        ses = client(endpoint, "sesv2", account, region)
        print("%s  (account %s, %s)" % (host, account, region))
        for item in ses.list_email_identities()["EmailIdentities"]:
            got = ses.get_email_identity(EmailIdentity=item["IdentityName"])
            mail_from = got.get("MailFromAttributes", {})
            origin = got["DkimAttributes"].get("SigningAttributesOrigin", "AWS_SES")
            replica = " (DEED replica of %s)" % origin[len("AWS_SES_") :].lower().replace("_", "-") if origin.startswith("AWS_SES_") else ""
            print(
                "  identity %-24s DKIM %-8s MAIL FROM %-30s %s%s"
                % (
                    item["IdentityName"],
                    got["DkimAttributes"]["Status"],
                    mail_from.get("MailFromDomain", "-"),
                    mail_from.get("MailFromDomainStatus", ""),
                    replica,
                )
            )
        for name in ses.list_configuration_sets()["ConfigurationSets"]:
            destinations = ses.get_configuration_set_event_destinations(ConfigurationSetName=name)["EventDestinations"]
            print("  configuration set %s (event destinations: %s)" % (name, ", ".join(d["Name"] for d in destinations) or "none"))
        for contact_list in ses.list_contact_lists()["ContactLists"]:
            print("  contact list %s" % contact_list["ContactListName"])
        for mre in ses.list_multi_region_endpoints()["MultiRegionEndpoints"]:
            print("  multi-region endpoint %s (%s) %s, EndpointId %s" % (mre["EndpointName"], " + ".join(mre["Regions"]), mre["Status"], mre["EndpointId"]))
        for found in ses.list_tenants()["Tenants"]:
            entity = ses.get_reputation_entity(ReputationEntityType="RESOURCE", ReputationEntityReference=found["TenantArn"])["ReputationEntity"]
            resources = [r["ResourceArn"].split(":", 5)[5] for r in ses.list_tenant_resources(TenantName=found["TenantName"])["TenantResources"]]
            print(
                "  SES tenant %s: reputation policy %s, sending %s; %s"
                % (found["TenantName"], entity["ReputationManagementPolicy"].rsplit("/", 1)[1], found["SendingStatus"], ", ".join(resources) or "no resources")
            )
    print("\n=== Monitoring (CloudWatch dashboards and alarms, SNS topics) ===")
    for host, (account, region) in TENANTS.items():
        cloudwatch, sns = client(endpoint, "cloudwatch", account, region), client(endpoint, "sns", account, region)
        print("%s  (account %s, %s)" % (host, account, region))
        for topic in sns.list_topics()["Topics"]:
            print("  topic     %s" % topic["TopicArn"].rsplit(":", 1)[-1])
        for dashboard in cloudwatch.list_dashboards()["DashboardEntries"]:
            print("  dashboard %s" % dashboard["DashboardName"])
        for alarm in cloudwatch.describe_alarms(AlarmNamePrefix="mailops-ses-")["MetricAlarms"]:
            print("  alarm     %-60s %s %s" % (alarm["AlarmName"], alarm["ComparisonOperator"].replace("GreaterThanThreshold", ">"), alarm["Threshold"]))

    r53 = client(endpoint, "route53", DNS_ACCOUNT)
    print("\n=== DNS: example.com in Route 53 (account %s) ===" % DNS_ACCOUNT)
    zone_id = r53.list_hosted_zones_by_name(DNSName="example.com")["HostedZones"][0]["Id"]
    for rrset in r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]:
        if rrset["Type"] in ("SOA", "NS"):
            continue
        for record in rrset.get("ResourceRecords", []):
            print("  %-55s %-5s %s" % (rrset["Name"], rrset["Type"], record["Value"][:90]))
    if state.get("bind"):
        from testkit.bind import Bind

        bind = Bind({}, key_name=state["bind"]["key_name"], port=state["bind"]["port"])
        bind.secret = state["bind"]["key_secret"]
        print("\n=== DNS: example.org on BIND 127.0.0.1:%d (RFC 2136 + TSIG) ===" % bind.port)
        for name, rtype, _ttl, value in bind.dump("example.org"):
            if rtype not in ("SOA", "NS", "A"):
                print("  %-55s %-5s %s" % (name, rtype, value[:90]))
    elif zone_file:
        print("\n=== DNS: example.org in the zone file %s ===" % zone_file)
        with open(zone_file) as handle:
            sys.stdout.write(handle.read())
    if state.get("powerdns"):
        pdns = powerdns(state)
        print("\n=== DNS: example.net on PowerDNS 127.0.0.1:%d, written through octoDNS (octodns_powerdns.PowerDnsProvider) ===" % pdns.port)
        for (name, rtype), (_ttl, values) in sorted(pdns.rrsets("example.net").items()):
            if rtype not in ("SOA", "NS") and name != "ns1.example.net.":
                for value in values:  # TXT as DNS serves it (PowerDNS stores octoDNS's "\\;" escapes)
                    shown = dns.rdata.from_text("IN", rtype, value).to_text() if rtype == "TXT" else value
                    print("  %-55s %-5s %s" % (name, rtype, shown[:90]))
    elif net_zone_file:
        print("\n=== DNS: example.net in the zone file %s ===" % net_zone_file)
        with open(net_zone_file) as handle:
            sys.stdout.write(handle.read())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["setup", "report"])
    parser.add_argument("--state", required=True)
    parser.add_argument("--zone-file")
    parser.add_argument("--net-zone-file")
    args = parser.parse_args()
    with open(args.state) as handle:
        state = json.load(handle)
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    (setup if args.command == "setup" else report)(state, args.zone_file, args.net_zone_file)


if __name__ == "__main__":
    main()
