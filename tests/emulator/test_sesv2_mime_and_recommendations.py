"""SendEmail's MIME message (subscription management, DKIM) and VDM recommendations in the sandbox."""

import base64
import hashlib
import json
import re
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from testkit.aws import add_records
from testkit.aws import error_code as code

SIMULATOR = "success@simulator.amazonses.com"
TOPICS = [
    {"TopicName": "news", "DisplayName": "News", "DefaultSubscriptionStatus": "OPT_IN"},
    {"TopicName": "offers", "DisplayName": "Offers", "DefaultSubscriptionStatus": "OPT_OUT"},
]


@pytest.fixture
def ses(clean_sandbox):
    clean_sandbox._request("/mailops-sandbox/messages/reset", {})
    return clean_sandbox.client("sesv2")


def _get(sandbox, path):
    with urllib.request.urlopen(sandbox.endpoint + path, timeout=10) as response:
        return json.loads(response.read())


def messages(sandbox, account="123456789012", region="us-east-1"):
    return _get(sandbox, f"/mailops-sandbox/messages?account={account}&region={region}")


def _zone(sandbox, domain):
    r53 = sandbox.client("route53")
    return r53, r53.create_hosted_zone(Name=domain, CallerReference=domain)["HostedZone"]["Id"]


def easy_dkim_domain(sandbox, ses, domain="example.com"):
    r53, zone_id = _zone(sandbox, domain)
    tokens = ses.create_email_identity(EmailIdentity=domain)["DkimAttributes"]["Tokens"]
    add_records(r53, zone_id, [(f"{t}._domainkey.{domain}", "CNAME", [f"{t}.dkim.amazonses.com"]) for t in tokens])
    assert ses.get_email_identity(EmailIdentity=domain)["DkimAttributes"]["Status"] == "SUCCESS"
    return r53, zone_id, tokens


def send(ses, to, sender="news@example.com", subject="Hello", text="Hi", **extra):
    return ses.send_email(
        FromEmailAddress=sender, Destination={"ToAddresses": to}, Content={"Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": text}}}}, **extra
    )["MessageId"]


# -- a small, independent DKIM verifier (RFC 6376 relaxed/relaxed, rsa-sha256) --------------------


def split(raw):
    head, _sep, body = raw.replace("\r\n", "\n").partition("\n\n")
    fields = []
    for line in head.split("\n"):
        if line[:1] in (" ", "\t"):
            fields[-1] += "\r\n" + line
        else:
            fields.append(line)
    return fields, body.replace("\n", "\r\n")


def header_value(fields, name):
    values = [f.split(":", 1)[1].strip() for f in fields if f.split(":", 1)[0].strip().lower() == name.lower()]
    return values


def canon_header(field):
    name, value = field.split(":", 1)
    value = re.sub(r"\s+", " ", value.replace("\r\n", "")).strip()
    return f"{name.strip().lower()}:{value}"


def canon_body(body):
    lines = [re.sub(r"[ \t]+", " ", line).rstrip() for line in body.split("\r\n")]
    while lines and not lines[-1]:
        lines.pop()
    return "".join(line + "\r\n" for line in lines)


def dkim_verify(raw, public_key_b64):
    fields, body = split(raw)
    signature_field = next(f for f in fields if f.lower().startswith("dkim-signature:"))
    tags = dict(t.strip().split("=", 1) for t in re.sub(r"\s+", "", signature_field.split(":", 1)[1]).split(";") if t)
    assert tags["a"] == "rsa-sha256" and tags["c"] == "relaxed/relaxed"
    assert base64.b64encode(hashlib.sha256(canon_body(body).encode()).digest()).decode() == tags["bh"], "body hash"
    data = ""
    seen = {}
    for name in tags["h"].split(":"):
        instances = [f for f in fields if f.split(":", 1)[0].strip().lower() == name.lower()]
        index = seen.get(name.lower(), 0)
        seen[name.lower()] = index + 1
        data += canon_header(instances[-1 - index]) + "\r\n"
    without_b = re.sub(r"(b\s*=)[^;]*$", r"\1", signature_field, flags=re.S)
    data += canon_header(without_b)
    key = serialization.load_der_public_key(base64.b64decode(public_key_b64))
    key.verify(base64.b64decode(tags["b"]), data.encode(), padding.PKCS1v15(), hashes.SHA256())
    return tags


def published_key(record):
    return re.search(r"p=([A-Za-z0-9+/=]+)", record).group(1)


# -- MIME and subscription management ----------------------------------------------------------------


def test_simple_message_with_subscription_management_is_signed_by_the_domain(clean_sandbox, ses):
    _r53, _zone_id, tokens = easy_dkim_domain(clean_sandbox, ses)
    ses.create_contact_list(ContactListName="customers", Topics=TOPICS)
    ses.create_configuration_set(ConfigurationSetName="marketing")
    message_id = send(
        ses,
        [SIMULATOR],
        sender="News <news@example.com>",
        subject="Our news",
        text="Read on. Unsubscribe: {{amazonSESUnsubscribeUrl}} {{amazonSESUnsubscribeUrl}} {{amazonSESUnsubscribeUrl}}",
        ConfigurationSetName="marketing",
        ListManagementOptions={"ContactListName": "customers", "TopicName": "news"},
    )
    [sent] = messages(clean_sandbox)
    assert {k: v for k, v in sent.items() if k != "raw"} == {
        "message_id": message_id,
        "from": "News <news@example.com>",
        "to": [SIMULATOR],
        "configuration_set": "marketing",
        "list_management": {"ContactListName": "customers", "TopicName": "news"},
    }
    fields, body = split(sent["raw"])
    assert fields[0].startswith("DKIM-Signature:")
    assert header_value(fields, "From") == ["News <news@example.com>"]
    assert header_value(fields, "To") == [SIMULATOR]
    assert header_value(fields, "Subject") == ["Our news"]
    assert header_value(fields, "MIME-Version") == ["1.0"]
    assert header_value(fields, "Message-ID") == [f"<{message_id}@email.amazonses.com>"]
    assert re.fullmatch(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000", header_value(fields, "Date")[0])
    [unsubscribe] = header_value(fields, "List-Unsubscribe")
    url = re.fullmatch(r"<(https://127\.0\.0\.1:\d+/mailops-sandbox/unsubscribe/[A-Za-z0-9_-]{20,})>", unsubscribe).group(1)
    assert header_value(fields, "List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"]
    assert header_value(fields, "X-SES-CONFIGURATION-SET") == ["marketing"]
    assert re.fullmatch(r"1\.us-east-1\.[A-Za-z0-9+/]{43}=:AmazonSES", header_value(fields, "Feedback-ID")[0])
    decoded = body.replace("=\r\n", "")
    assert decoded.count(url) == 2 and decoded.count("{{amazonSESUnsubscribeUrl}}") == 1  # the first two only
    records = _get(clean_sandbox, "/mailops-sandbox/dkim-keys")
    tags = dkim_verify(sent["raw"], published_key(records[f"{tokens[0]}._domainkey.example.com"]))
    assert tags["d"] == "example.com" and tags["s"] == tokens[0] and tags["v"] == "1"
    for name in ("From", "To", "Subject", "Date", "Message-ID", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert name in tags["h"].split(":"), name
    from cryptography.exceptions import InvalidSignature

    for tampered in (
        sent["raw"].replace("Subject: Our news", "Subject: Our newz"),
        sent["raw"].replace("List-Unsubscribe-Post: List-Unsubscribe=One-Click", "List-Unsubscribe-Post: x"),
    ):
        with pytest.raises(InvalidSignature):
            dkim_verify(tampered, published_key(records[f"{tokens[0]}._domainkey.example.com"]))


def test_the_unsubscribe_page_takes_a_one_click_post(clean_sandbox, ses):
    easy_dkim_domain(clean_sandbox, ses)
    ses.create_contact_list(ContactListName="customers", Topics=TOPICS)
    send(ses, [SIMULATOR], ListManagementOptions={"ContactListName": "customers", "TopicName": "offers"})
    fields, _body = split(messages(clean_sandbox)[0]["raw"])
    url = header_value(fields, "List-Unsubscribe")[0].strip("<>").replace("https://", "http://")
    with urllib.request.urlopen(url, timeout=10) as page:
        assert page.status == 200 and b"offers" in page.read()
    request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST", headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
    [unsubscribed] = _get(clean_sandbox, "/mailops-sandbox/unsubscribes")
    assert {k: unsubscribed[k] for k in ("contact_list", "topic", "address")} == {"contact_list": "customers", "topic": "offers", "address": SIMULATOR}
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(url.rsplit("/", 1)[0] + "/not-a-token", timeout=10)
    assert exc.value.code == 404


def test_list_management_errors_and_rules(clean_sandbox, ses):
    easy_dkim_domain(clean_sandbox, ses)
    with pytest.raises(ClientError) as exc:
        send(ses, [SIMULATOR], ListManagementOptions={"ContactListName": "customers"})
    assert code(exc) == "NotFoundException"
    ses.create_contact_list(ContactListName="customers", Topics=TOPICS)
    with pytest.raises(ClientError) as exc:
        send(ses, [SIMULATOR], ListManagementOptions={"ContactListName": "customers", "TopicName": "missing"})
    assert code(exc) == "NotFoundException"
    assert messages(clean_sandbox) == [], "a rejected send sends nothing"
    # without a topic: the whole list; two recipients: SES adds no List-Unsubscribe header at all
    send(ses, [SIMULATOR], text="x {{amazonSESUnsubscribeUrl}}", ListManagementOptions={"ContactListName": "customers"})
    send(ses, [SIMULATOR, "ooto@simulator.amazonses.com"], text="x {{amazonSESUnsubscribeUrl}}", ListManagementOptions={"ContactListName": "customers"})
    one, two = messages(clean_sandbox)
    assert one["list_management"] == {"ContactListName": "customers"}
    assert len(header_value(split(one["raw"])[0], "List-Unsubscribe")) == 1
    assert header_value(split(two["raw"])[0], "List-Unsubscribe") == []
    assert "{{amazonSESUnsubscribeUrl}}" in two["raw"] and "{{amazonSESUnsubscribeUrl}}" not in one["raw"]


def test_raw_message_gets_ses_headers_and_overrides(clean_sandbox, ses):
    _r53, _zone_id, tokens = easy_dkim_domain(clean_sandbox, ses)
    ses.create_contact_list(ContactListName="customers", Topics=TOPICS)
    ses.create_configuration_set(ConfigurationSetName="default-set")
    ses.put_email_identity_configuration_set_attributes(EmailIdentity="example.com", ConfigurationSetName="default-set")
    raw = (
        "From: Shop <shop@example.com>\nTo: success@simulator.amazonses.com\nSubject: Raw one\n"
        "Message-ID: <mine@example.com>\nDate: Mon, 01 Jan 2001 00:00:00 +0000\n"
        "List-Unsubscribe: <https://example.com/mine>\nMIME-Version: 1.0\nContent-Type: text/plain\n\nHello\n"
    )
    message_id = ses.send_email(
        FromEmailAddress="shop@example.com",
        Destination={"ToAddresses": [SIMULATOR]},
        Content={"Raw": {"Data": raw.encode()}},
        ListManagementOptions={"ContactListName": "customers", "TopicName": "news"},
    )["MessageId"]
    [sent] = messages(clean_sandbox)
    assert sent["configuration_set"] == "default-set"  # the identity's default configuration set
    fields, body = split(sent["raw"])
    assert header_value(fields, "Message-ID") == [f"<{message_id}@email.amazonses.com>"]
    assert header_value(fields, "Date") != ["Mon, 01 Jan 2001 00:00:00 +0000"]
    [unsubscribe] = header_value(fields, "List-Unsubscribe")
    assert "/mailops-sandbox/unsubscribe/" in unsubscribe  # SES overrides the sender's own
    assert header_value(fields, "X-SES-CONFIGURATION-SET") == ["default-set"]
    assert body == "Hello\r\n"
    records = _get(clean_sandbox, "/mailops-sandbox/dkim-keys")
    assert dkim_verify(sent["raw"], published_key(records[f"{tokens[0]}._domainkey.example.com"]))["d"] == "example.com"
    with pytest.raises(ClientError) as exc:
        ses.send_email(
            FromEmailAddress="shop@example.com",
            Destination={"ToAddresses": [SIMULATOR]},
            Content={"Raw": {"Data": b"From: shop@example.com\nSubject: a\nSubject: b\n\nx\n"}},
        )
    assert code(exc) == "BadRequestException"
    # mail the sender signed itself cannot get the unsubscribe headers (SES developer guide)
    presigned = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=x; h=from; bh=x; b=x\n" + raw
    ses.send_email(
        FromEmailAddress="shop@example.com",
        Destination={"ToAddresses": [SIMULATOR]},
        Content={"Raw": {"Data": presigned.encode()}},
        ListManagementOptions={"ContactListName": "customers", "TopicName": "news"},
    )
    fields, _body = split(messages(clean_sandbox)[-1]["raw"])
    assert header_value(fields, "List-Unsubscribe") == ["<https://example.com/mine>"]
    assert header_value(fields, "List-Unsubscribe-Post") == []


def test_byodkim_signature_verifies_with_the_published_key(clean_sandbox, ses):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = base64.b64encode(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())).decode()
    public = base64.b64encode(key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)).decode()
    r53, zone_id = _zone(clean_sandbox, "example.org")
    ses.create_email_identity(EmailIdentity="example.org", DkimSigningAttributes={"DomainSigningSelector": "mailops1", "DomainSigningPrivateKey": private})
    record = f"v=DKIM1; k=rsa; p={public}"
    add_records(r53, zone_id, [("mailops1._domainkey.example.org", "TXT", [" ".join(f'"{record[i : i + 255]}"' for i in range(0, len(record), 255))])])
    assert ses.get_email_identity(EmailIdentity="example.org")["DkimAttributes"]["Status"] == "SUCCESS"
    send(ses, [SIMULATOR], sender="billing@mail.example.org")  # a subdomain is covered by the domain
    tags = dkim_verify(messages(clean_sandbox)[0]["raw"], public)
    assert (tags["d"], tags["s"]) == ("example.org", "mailops1")


def test_unverified_domain_mail_is_signed_by_amazonses(clean_sandbox, ses):
    ses.create_email_identity(EmailIdentity="ops@example.net")  # address identities verify at once here
    send(ses, [SIMULATOR], sender="ops@example.net")
    [sent] = messages(clean_sandbox)
    records = _get(clean_sandbox, "/mailops-sandbox/dkim-keys")
    [(name, record)] = [(n, r) for n, r in records.items() if n.endswith("._domainkey.amazonses.com")]
    tags = dkim_verify(sent["raw"], published_key(record))
    assert tags["d"] == "amazonses.com" and name == f"{tags['s']}._domainkey.amazonses.com"
    assert header_value(split(sent["raw"])[0], "X-SES-CONFIGURATION-SET") == []


def test_messages_are_kept_per_account_and_region_and_reset(clean_sandbox, ses):
    easy_dkim_domain(clean_sandbox, ses)
    send(ses, [SIMULATOR])
    west = clean_sandbox.client("sesv2", region="eu-west-1")
    west.create_email_identity(EmailIdentity="ops@example.net")
    west_id = send(west, [SIMULATOR], sender="ops@example.net")
    other = clean_sandbox.client("sesv2", **clean_sandbox.assume("111111111111", role="x"))
    other.create_email_identity(EmailIdentity="ops@example.net")
    send(other, [SIMULATOR], sender="ops@example.net")
    assert len(messages(clean_sandbox)) == 1
    [west_message] = messages(clean_sandbox, region="eu-west-1")
    assert west_message["message_id"] == west_id
    assert header_value(split(west_message["raw"])[0], "Message-ID") == [f"<{west_id}@eu-west-1.amazonses.com>"]
    assert len(messages(clean_sandbox, account="111111111111")) == 1
    clean_sandbox._request("/mailops-sandbox/messages/reset", {})
    assert messages(clean_sandbox) == [] and messages(clean_sandbox, region="eu-west-1") == []


# -- VDM recommendations ---------------------------------------------------------------------------


def recommendations(ses, **kwargs):
    return {(r["ResourceArn"].rsplit("/", 1)[1], r["Type"]): (r["Status"], r["Impact"]) for r in ses.list_recommendations(**kwargs)["Recommendations"]}


def test_recommendations_need_vdm(clean_sandbox, ses):
    ses.create_email_identity(EmailIdentity="example.com")
    assert ses.list_recommendations()["Recommendations"] == []
    ses.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED"})
    assert recommendations(ses) == {
        ("example.com", "DKIM"): ("OPEN", "HIGH"),
        ("example.com", "DMARC"): ("OPEN", "HIGH"),
        ("example.com", "SPF"): ("OPEN", "LOW"),
    }
    ses.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "DISABLED"})
    assert ses.list_recommendations()["Recommendations"] == []


def test_recommendations_follow_dns_and_reputation(clean_sandbox, ses):
    ses.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED"})
    ses.create_email_identity(EmailIdentity="ops@example.com")  # address identities get none
    r53, zone_id, _tokens = easy_dkim_domain(clean_sandbox, ses)
    first = ses.list_recommendations()["Recommendations"]
    assert {(r["Type"], r["Status"], r["Impact"]) for r in first} == {("DMARC", "OPEN", "HIGH"), ("SPF", "OPEN", "LOW")}
    dmarc = next(r for r in first if r["Type"] == "DMARC")
    assert dmarc["ResourceArn"] == "arn:aws:ses:us-east-1:123456789012:identity/example.com"
    assert dmarc["Description"] and dmarc["CreatedTimestamp"] == dmarc["LastUpdatedTimestamp"]
    add_records(r53, zone_id, [("_dmarc.example.com", "TXT", ['"v=DMARC1; p=none; rua=mailto:d@example.com"'])])
    assert recommendations(ses)[("example.com", "DMARC")] == ("OPEN", "LOW")
    ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com", MailFromDomain="mail.example.com")
    add_records(r53, zone_id, [("mail.example.com", "MX", ["10 feedback-smtp.us-east-1.amazonses.com"])])
    add_records(r53, zone_id, [("_dmarc.example.com", "TXT", ['"v=DMARC1; p=reject"'])], action="UPSERT")
    got = recommendations(ses)
    assert got == {("example.com", "DMARC"): ("FIXED", "LOW"), ("example.com", "SPF"): ("FIXED", "LOW"), ("example.com", "BIMI"): ("OPEN", "LOW")}
    add_records(r53, zone_id, [("default._bimi.example.com", "TXT", ['"v=BIMI1; l=https://example.com/logo.svg; a="'])])
    assert recommendations(ses)[("example.com", "BIMI")] == ("FIXED", "LOW")
    fixed = next(r for r in ses.list_recommendations()["Recommendations"] if r["Type"] == "DMARC")
    assert fixed["LastUpdatedTimestamp"] >= fixed["CreatedTimestamp"]
    ses.create_configuration_set(ConfigurationSetName="marketing")
    clean_sandbox.feedback("marketing", "example.com", sends=1000, bounces=10, complaints=2)  # 0.2 % complaints
    got = recommendations(ses)
    assert got[("example.com", "COMPLAINT")] == ("OPEN", "HIGH") and ("example.com", "BOUNCE") not in got
    clean_sandbox.feedback("marketing", "news.example.com", sends=1000, bounces=60)  # a subdomain counts for its domain
    got = recommendations(ses)
    assert got[("example.com", "BOUNCE")] == ("OPEN", "HIGH")
    clean_sandbox.feedback("marketing", "example.com", sends=100000)
    got = recommendations(ses)
    assert got[("example.com", "COMPLAINT")] == ("FIXED", "HIGH") and got[("example.com", "BOUNCE")] == ("FIXED", "HIGH")


def test_recommendation_filters_and_pages(clean_sandbox, ses):
    ses.put_account_vdm_attributes(VdmAttributes={"VdmEnabled": "ENABLED"})
    for domain in ("a.example", "b.example"):
        ses.create_email_identity(EmailIdentity=domain)
    assert len(recommendations(ses)) == 6
    assert set(recommendations(ses, Filter={"TYPE": "DKIM"})) == {("a.example", "DKIM"), ("b.example", "DKIM")}
    assert set(recommendations(ses, Filter={"STATUS": "OPEN", "IMPACT": "LOW"})) == {("a.example", "SPF"), ("b.example", "SPF")}
    assert set(recommendations(ses, Filter={"STATUS": "OPEN", "TYPE": "DMARC"})) == {("a.example", "DMARC"), ("b.example", "DMARC")}
    arn = "arn:aws:ses:us-east-1:123456789012:identity/b.example"
    assert set(recommendations(ses, Filter={"RESOURCE_ARN": arn})) == {("b.example", t) for t in ("DKIM", "DMARC", "SPF")}
    assert recommendations(ses, Filter={"STATUS": "FIXED"}) == {}
    first = ses.list_recommendations(PageSize=4)
    second = ses.list_recommendations(PageSize=4, NextToken=first["NextToken"])
    assert len(first["Recommendations"]) == 4 and len(second["Recommendations"]) == 2 and "NextToken" not in second
    for bad in (
        {"Filter": {"TYPE": "DKIM", "IMPACT": "LOW"}},  # only STATUS combines with another key
        {"Filter": {"Type": "DKIM"}},  # keys are TYPE, IMPACT, STATUS, RESOURCE_ARN
        {"Filter": {"TYPE": "SPAM"}},
        {"PageSize": 101},
    ):
        with pytest.raises(ClientError) as exc:
            ses.list_recommendations(**bad)
        assert code(exc) == "BadRequestException", bad
