"""Molecule verifier: the real state, read through boto3 (sandbox), dnspython (sandbox DNS, BIND, PowerDNS) and the PowerDNS API.

  verify_state.py SCENARIO SERVICES_JSON [PHASE]

Exits non-zero with every mismatch listed. Nothing here looks at the playbook's output.
"""

import json
import os
import sys

import boto3
import dns.message
import dns.query
import dns.rdata
import dns.rdatatype

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))

from testkit.bind import Bind  # noqa: E402
from testkit.powerdns import PowerDns  # noqa: E402

PROBLEMS = []


def check(condition, message):
    if not condition:
        PROBLEMS.append(message)


def session(endpoint, account=None, region="us-east-1"):
    kwargs = {"endpoint_url": endpoint, "region_name": region, "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    if account:
        sts = boto3.client("sts", **kwargs)
        creds = sts.assume_role(RoleArn="arn:aws:iam::%s:role/verify" % account, RoleSessionName="verify")["Credentials"]
        kwargs.update(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    return lambda service: boto3.client(service, **kwargs)


def ask(server, name, rtype):
    host, port = server.rsplit(":", 1)
    response = dns.query.tcp(dns.message.make_query(name, rtype), host, port=int(port), timeout=3)
    values = []
    for rrset in response.answer:
        if rrset.rdtype == dns.rdatatype.from_text(rtype):
            values.extend(r.to_text() for r in rrset)
    return sorted(values)


def identity_records(client, domain, region, v1=None, parent_region=None):
    """What SES says this identity needs, checked for SUCCESS on the way (a DEED replica: no DKIM tokens of its own)."""
    got = client("sesv2").get_email_identity(EmailIdentity=domain)
    check(got["DkimAttributes"]["Status"] == "SUCCESS", "%s/%s: DKIM is %s" % (domain, region, got["DkimAttributes"]["Status"]))
    origin = got["DkimAttributes"]["SigningAttributesOrigin"]
    expected_origin = "AWS_SES_" + parent_region.upper().replace("-", "_") if parent_region else "AWS_SES"
    check(origin == expected_origin, "%s/%s: DKIM origin %s, expected %s" % (domain, region, origin, expected_origin))
    mail_from = got.get("MailFromAttributes", {})
    check(
        mail_from.get("MailFromDomainStatus") == "SUCCESS",
        "%s/%s: MAIL FROM %s is %s" % (domain, region, mail_from.get("MailFromDomain"), mail_from.get("MailFromDomainStatus")),
    )
    tokens = [] if parent_region else got["DkimAttributes"]["Tokens"]  # a replica publishes its parent's, once
    token = None
    if v1:
        attrs = client("ses").get_identity_verification_attributes(Identities=[domain])["VerificationAttributes"]
        token = attrs[domain]["VerificationToken"]
    return tokens, mail_from.get("MailFromDomain"), token


def zone_dump_route53(client, zone):
    r53 = client("route53")
    zone_id = r53.list_hosted_zones_by_name(DNSName=zone)["HostedZones"][0]["Id"]
    records = set()
    for rrset in r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]:
        if rrset["Type"] in ("SOA", "NS"):
            continue
        for value in rrset["ResourceRecords"]:
            records.add((rrset["Name"], rrset["Type"], value["Value"]))
    return records


def claim(mail_from, host):
    """Who uses a MAIL FROM name, recorded beside its MX and SPF so that a partial run never removes them."""
    return ("_mailops-claims.%s." % mail_from, "TXT", '"claimed-by=%s"' % host)


def expected_identity(domain, tokens, mail_from, region, token=None):
    records = {("%s._domainkey.%s." % (t, domain), "CNAME", "%s.dkim.amazonses.com." % t) for t in tokens}
    records.add((mail_from + ".", "MX", "10 feedback-smtp.%s.amazonses.com." % region))
    records.add((mail_from + ".", "TXT", '"v=spf1 include:amazonses.com ~all"'))
    if token:
        records.add(("_amazonses.%s." % domain, "TXT", '"%s"' % token))
    return records


def default(services, phase):
    client = session(services["sandbox"]["endpoint"])
    tokens, mail_from, token = identity_records(client, "shop.example", "us-east-1", v1=True)
    check(mail_from == "mail.shop.example", "MAIL FROM is %s" % mail_from)
    cs = client("sesv2").get_configuration_set_event_destinations(ConfigurationSetName="orders")["EventDestinations"]
    check([d["Name"] for d in cs] == ["per-domain"], "event destinations: %s" % cs)
    check(cs and cs[0]["CloudWatchDestination"]["DimensionConfigurations"][0]["DimensionName"] == "ses:from-domain", "CloudWatch dimension: %s" % cs)
    expected = expected_identity("shop.example", tokens, mail_from, "us-east-1", token)
    expected.add(("shop.example.", "TXT", '"google-site-verification=foreign"'))
    expected.add(("_dmarc.shop.example.", "TXT", '"v=DMARC1; p=none; rua=mailto:dmarc@shop.example"'))
    expected.add(claim(mail_from, "shop"))
    actual = zone_dump_route53(client, "shop.example")
    check(actual == expected, "Route 53 zone shop.example differs:\n  missing %s\n  unexpected %s" % (sorted(expected - actual), sorted(actual - expected)))
    served = ask(services["sandbox"]["dns"], "mail.shop.example", "MX")
    check(served == ["10 feedback-smtp.us-east-1.amazonses.com."], "DNS serves MX %s" % served)


def shop_zone_on_a_server(client):
    """What shop.example must hold when its zone is on a DNS server that prepare.yml seeded with a foreign apex TXT
    and SPF (BIND, PowerDNS): the identity's records, the merged SPF, DMARC and the MAIL FROM claim."""
    tokens, mail_from, token = identity_records(client, "shop.example", "us-east-1", v1=True)
    expected = expected_identity("shop.example", tokens, mail_from, "us-east-1", token)
    expected.add(("shop.example.", "TXT", '"google-site-verification=foreign"'))
    expected.add(("shop.example.", "TXT", '"v=spf1 include:_spf.example.net include:amazonses.com -all"'))
    expected.add(("_dmarc.shop.example.", "TXT", '"v=DMARC1; p=none; rua=mailto:dmarc@shop.example"'))
    expected.add(claim(mail_from, "shop"))
    return expected


def rfc2136(services, phase):
    expected = shop_zone_on_a_server(session(services["sandbox"]["endpoint"]))
    bind_state = services["bind"]
    bind = Bind({}, key_name=bind_state["key_name"], port=bind_state["port"])
    bind.secret = bind_state["key_secret"]
    actual = {(n, t, v) for n, t, _ttl, v in bind.dump("shop.example") if t not in ("SOA", "NS", "A")}
    check(actual == expected, "BIND zone shop.example differs:\n  missing %s\n  unexpected %s" % (sorted(expected - actual), sorted(actual - expected)))


def powerdns(services, phase):
    """The zone on PowerDNS, written through octoDNS: read through the PowerDNS API and asked over DNS."""
    expected = shop_zone_on_a_server(session(services["sandbox"]["endpoint"]))
    expected.add(("shop.example.", "CAA", '0 issue "letsencrypt.org"'))
    state = services["powerdns"]
    check(state is not None, "PowerDNS was not started (is pdns-server installed?)")
    if state is None:
        return
    pdns = PowerDns(port=state["port"], api_port=state["api_port"], api_key=state["api_key"])
    # PowerDNS keeps TXT content as octoDNS sends it (";" escaped as "\\;"); compare the wire form, as dnspython prints it
    actual = {
        (name, rtype, dns.rdata.from_text("IN", rtype, value).to_text() if rtype == "TXT" else value)
        for (name, rtype), (_ttl, values) in pdns.rrsets("shop.example").items()
        for value in values
    }
    actual = {record for record in actual if record[1] not in ("SOA", "NS") and record[0] != "ns1.shop.example."}
    check(actual == expected, "PowerDNS zone shop.example differs:\n  missing %s\n  unexpected %s" % (sorted(expected - actual), sorted(actual - expected)))
    server = "%s:%d" % (state["server"], state["port"])
    served = ask(server, "_dmarc.shop.example", "TXT")
    check(served == ['"v=DMARC1; p=none; rua=mailto:dmarc@shop.example"'], "PowerDNS serves _dmarc %s" % served)
    served = ask(server, "mail.shop.example", "MX")
    check(served == ["10 feedback-smtp.us-east-1.amazonses.com."], "PowerDNS serves MX %s" % served)


def multi_tenant(services, phase):
    endpoint = services["sandbox"]["endpoint"]
    tenants = {  # host: account, region, MAIL FROM, DEED parent region
        "marketing": ("111111111111", "us-east-1", "mail.example.com", None),
        "operations": ("222222222222", "us-east-1", "mail.example.com", None),
        "operations-eu": ("222222222222", "eu-west-1", "mail-eu.example.com", "us-east-1"),
    }
    if phase == "offboarded":
        gone = session(endpoint, "111111111111", "us-east-1")("sesv2").list_email_identities()["EmailIdentities"]
        check(gone == [], "the offboarded tenant still has identities: %s" % gone)
        del tenants["marketing"]
    expected = set()
    for name, (account, region, mail_from, parent_region) in tenants.items():
        client = session(endpoint, account, region)
        tokens, got_mail_from, token = identity_records(client, "example.com", region, v1=True, parent_region=parent_region)
        check(got_mail_from == mail_from, "%s: MAIL FROM %s" % (name, got_mail_from))
        expected |= expected_identity("example.com", tokens, mail_from, region, token)
        expected.add(claim(mail_from, name))
    expected |= {
        ("example.com.", "TXT", '"google-site-verification=foreign"'),
        ("example.com.", "TXT", '"v=spf1 include:_spf.google.com ~all"'),
        ("_dmarc.example.com.", "TXT", '"v=DMARC1; p=quarantine; rua=mailto:dmarc@example.com"'),
    }
    actual = zone_dump_route53(session(endpoint, "333333333333"), "example.com")
    check(
        actual == expected,
        "Route 53 zone example.com (%s) differs:\n  missing %s\n  unexpected %s" % (phase, sorted(expected - actual), sorted(actual - expected)),
    )
    amazonses = [r for r in actual if r[0] == "_amazonses.example.com."]
    check(len(amazonses) == len(tenants), "_amazonses holds %d values for %d instances" % (len(amazonses), len(tenants)))
    cnames = [r for r in actual if r[1] == "CNAME"]
    own_keys = [name for name, value in tenants.items() if not value[3]]
    check(len(cnames) == 3 * len(own_keys), "%d DKIM CNAMEs for %d instances with their own key (%s)" % (len(cnames), len(own_keys), ", ".join(own_keys)))
    check(len([r for r in actual if r[0] == "_dmarc.example.com."]) == 1, "exactly one DMARC record")


def main():
    scenario, services_path = sys.argv[1], sys.argv[2]
    phase = sys.argv[3] if len(sys.argv) > 3 else "converged"
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    with open(services_path) as handle:
        services = json.load(handle)
    {"default": default, "rfc2136": rfc2136, "powerdns": powerdns, "multi_tenant": multi_tenant}[scenario](services, phase)
    if PROBLEMS:
        print("verify %s (%s) found %d problem(s):\n- %s" % (scenario, phase, len(PROBLEMS), "\n- ".join(PROBLEMS)))
        sys.exit(1)
    print("verify %s (%s): SES and DNS state as expected" % (scenario, phase))


if __name__ == "__main__":
    main()
