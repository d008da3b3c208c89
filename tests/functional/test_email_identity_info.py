"""mailops.ses.email_identity_info against the sandbox: read-only, same view and records as email_identity."""

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from testkit.aws import add_records
from testkit.modules import run_module

DOMAIN = "example.com"


def info(sandbox, args, **kwargs):
    sandbox.reset_calls()
    return run_module("email_identity_info", args, env=sandbox.env(), **kwargs)


def identity(sandbox, args, **kwargs):
    return run_module("email_identity", args, env=sandbox.env(), **kwargs)


def test_lists_identities_without_writing(clean_sandbox):
    ses = clean_sandbox.client("sesv2")
    ses.create_email_identity(EmailIdentity="b.example.com")
    ses.create_email_identity(EmailIdentity="alerts@example.com")
    ses.create_email_identity(EmailIdentity="a.example.com")
    clean_sandbox.client("sesv2", region="eu-west-1").create_email_identity(EmailIdentity="eu.example.com")

    result = info(clean_sandbox, {})
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"ListEmailIdentities": 1}}
    assert result["changed"] is False
    assert sorted(result["identities"], key=lambda i: i["identity"]) == [
        {"identity": "a.example.com", "identity_type": "DOMAIN", "verification_status": "PENDING", "sending_enabled": True},
        {"identity": "alerts@example.com", "identity_type": "EMAIL_ADDRESS", "verification_status": "SUCCESS", "sending_enabled": True},
        {"identity": "b.example.com", "identity_type": "DOMAIN", "verification_status": "PENDING", "sending_enabled": True},
    ]
    assert "dns_records" not in result

    eu = info(clean_sandbox, {"region": "eu-west-1"}, check_mode=True)
    assert [i["identity"] for i in eu["identities"]] == ["eu.example.com"]
    assert clean_sandbox.writes() == {}


def test_one_identity_matches_email_identity(clean_sandbox):
    args = {
        "identity": DOMAIN,
        "mail_from": {"domain": "mail.example.com"},
        "verification_txt": True,
        "tags": {"team": "payments"},
        "policies": {"p": {"Version": "2012-10-17", "Statement": []}},
    }
    managed = identity(clean_sandbox, args)

    result = info(clean_sandbox, {"identity": DOMAIN, "verification_txt": True})
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 1}, "ses": {"GetIdentityVerificationAttributes": 1}}
    assert result["changed"] is False and result["exists"] is True
    assert result["identity"] == managed["identity"]
    assert result["dns_records"] == managed["dns_records"]
    tokens = clean_sandbox.client("sesv2").get_email_identity(EmailIdentity=DOMAIN)["DkimAttributes"]["Tokens"]
    legacy = clean_sandbox.client("ses").get_identity_verification_attributes(Identities=[DOMAIN])["VerificationAttributes"][DOMAIN]["VerificationToken"]
    assert result["dns_records"] == [
        {"name": "%s._domainkey.example.com." % t, "type": "CNAME", "ttl": 300, "values": ["%s.dkim.amazonses.com." % t]} for t in tokens
    ] + [
        {"name": "mail.example.com.", "type": "MX", "ttl": 300, "values": ["10 feedback-smtp.us-east-1.amazonses.com."]},
        {"name": "mail.example.com.", "type": "TXT", "ttl": 300, "values": ["v=spf1 include:amazonses.com ~all"]},
        {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": [legacy]},
    ]

    # without verification_txt: no SES v1 call and no _amazonses record; the TTL option applies
    plain = info(clean_sandbox, {"identity": "Example.COM", "record_ttl": 3600})
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 1}}
    assert plain["identity"]["verification_token"] is None
    assert [r["ttl"] for r in plain["dns_records"]] == [3600] * 5
    assert [r["name"] for r in plain["dns_records"]] == [r["name"] for r in result["dns_records"][:5]]


def test_byodkim_identity_and_missing_identity(clean_sandbox):
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    clean_sandbox.client("sesv2").create_email_identity(
        EmailIdentity=DOMAIN, DkimSigningAttributes={"DomainSigningSelector": "s1", "DomainSigningPrivateKey": base64.b64encode(der).decode()}
    )

    result = info(clean_sandbox, {"identity": DOMAIN})
    assert result["exists"] is True
    assert result["identity"]["dkim"]["origin"] == "EXTERNAL" and result["identity"]["dkim"]["selector"] == "s1"
    assert result["dns_records"] == []  # SES does not return the public key (documented)

    missing = info(clean_sandbox, {"identity": "other.example.com", "verification_txt": True})
    assert clean_sandbox.writes() == {}
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 1}}
    assert missing["exists"] is False and missing["identity"] == {} and missing["dns_records"] == []


def test_bad_identity_fails_before_any_call(clean_sandbox):
    failed = info(clean_sandbox, {"identity": "not a domain"}, expect_failure=True)
    assert "identity 'not a domain'" in failed["msg"]
    assert clean_sandbox.calls()["total"] == 0


def test_assumed_role_reads_its_own_account(clean_sandbox):
    creds = clean_sandbox.assume("111111111111")
    clean_sandbox.client("sesv2", **creds).create_email_identity(EmailIdentity=DOMAIN)
    clean_sandbox.client("sesv2").create_email_identity(EmailIdentity="home.example.com")
    auth = {"access_key": creds["aws_access_key_id"], "secret_key": creds["aws_secret_access_key"], "session_token": creds["aws_session_token"]}
    listed = info(clean_sandbox, auth)
    assert [i["identity"] for i in listed["identities"]] == [DOMAIN]
    one = info(clean_sandbox, dict(auth, identity=DOMAIN))
    tokens = clean_sandbox.client("sesv2", **creds).get_email_identity(EmailIdentity=DOMAIN)["DkimAttributes"]["Tokens"]
    assert one["identity"]["dkim"]["tokens"] == tokens


def test_throttled_reads_still_answer(clean_sandbox):
    ses = clean_sandbox.client("sesv2")
    for name in ("a.example.com", "b.example.com"):
        ses.create_email_identity(EmailIdentity=name)
    tokens = ses.get_email_identity(EmailIdentity="a.example.com")["DkimAttributes"]["Tokens"]
    clean_sandbox.configure(throttle_rate=0.3)
    listed = info(clean_sandbox, {})
    one = info(clean_sandbox, {"identity": "a.example.com", "verification_txt": True})
    assert clean_sandbox.writes() == {}
    clean_sandbox.configure(throttle_rate=0.0)
    assert sorted(i["identity"] for i in listed["identities"]) == ["a.example.com", "b.example.com"]
    assert one["identity"]["dkim"]["tokens"] == tokens
    assert [r["name"] for r in one["dns_records"]] == ["%s._domainkey.a.example.com." % t for t in tokens]


def test_identities_already_seen_verified_are_not_read_again(clean_sandbox):
    r53 = clean_sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=DOMAIN, CallerReference="known")["HostedZone"]["Id"]
    created = identity(clean_sandbox, {"identity": DOMAIN, "mail_from": {"domain": "mail.example.com"}})
    quoted = [(r["name"], r["type"], ['"%s"' % v if r["type"] == "TXT" else v for v in r["values"]]) for r in created["dns_records"]]
    add_records(r53, zone_id, quoted)
    settled = info(clean_sandbox, {"identities": [DOMAIN], "wait": True, "wait_timeout": 30, "wait_delay": 1})["results"][0]
    assert (settled["state"]["dkim"]["status"], settled["state"]["mail_from_status"]) == ("SUCCESS", "SUCCESS")

    # what the tenant role saw in this run: verified, so the verify role needs no read
    again = info(clean_sandbox, {"identities": [DOMAIN], "wait": True, "known_states": [settled["state"]]})
    assert clean_sandbox.calls()["total"] == 0
    assert again["results"] == [settled]
    # still pending when the tenant role read it (just created): read (and waited for) as usual
    fresh = info(clean_sandbox, {"identities": [DOMAIN], "wait": True, "known_states": [created["identity"]]})
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 1}}
    assert fresh["results"] == [settled]
    # a view without the legacy token it is asked for: read
    info(clean_sandbox, {"identities": [DOMAIN], "verification_txt": True, "known_states": [settled["state"]]})
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 1}, "ses": {"GetIdentityVerificationAttributes": 1}}
    # several domains to read: their legacy tokens in one call (the settled one is not asked about)
    more = info(clean_sandbox, {"identities": [DOMAIN, "b.example.com", "c.example.com"], "verification_txt": True, "known_states": [settled["state"]]})
    assert clean_sandbox.calls()["services"] == {"sesv2": {"GetEmailIdentity": 3}, "ses": {"GetIdentityVerificationAttributes": 1}}
    assert [r["exists"] for r in more["results"]] == [True, False, False]
