"""Table tests for SES identities: options, the view of GetEmailIdentity, the planned calls, the prediction, the records."""

import copy
import datetime
import json

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import dkim_keys as _dkim_keys
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity

INVALID_LABEL = "(letters, digits, '-' and '_' only, 1-63 characters, no '-' at either end)"
FINGERPRINT_TAG = "mailops:dkim-key-fingerprint"
UTC = datetime.timezone.utc
NOW = datetime.datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
TOKENS = ["tok1", "tok2", "tok3"]


@pytest.fixture(scope="module")
def key():
    return _dkim_keys.generate_private_key(1024)


@pytest.fixture(scope="module")
def pem(key):
    return _dkim_keys.pem(key)


def problems_of(call, *args, **kwargs):
    with pytest.raises(_identity.IdentityError) as raised:
        call(*args, **kwargs)
    assert str(raised.value) == "; ".join(raised.value.problems)
    return raised.value.problems


def desired(**changes):
    """``desired_from_params`` of a domain identity with the module's defaults, plus ``changes``."""
    params = {"identity": "example.com", "purge_policies": True, "purge_tags": True}
    params.update(changes)
    return _identity.desired_from_params(params)[0]


# ---------------------------------------------------------------- names


@pytest.mark.parametrize(
    "identity, result",
    [
        ("example.com", ("DOMAIN", "example.com")),
        ("Example.COM.", ("DOMAIN", "example.com")),
        ("  mail.Example.com ", ("DOMAIN", "mail.example.com")),
        ("Sender@Example.COM", ("EMAIL_ADDRESS", "Sender@example.com")),
        (" first.last+tag@sub.example.com ", ("EMAIL_ADDRESS", "first.last+tag@sub.example.com")),
        ("bücher.example", ("DOMAIN", "xn--bcher-kva.example")),
    ],
)
def test_canonical_name(identity, result):
    assert _identity.canonical_name(identity) == result


@pytest.mark.parametrize("identity", ["", "localhost", "a_b.example.com", "*.example.com", "not a domain", "a@b@example.com", "a@localhost", None])
def test_canonical_name_refuses_what_is_neither_a_domain_nor_an_address(identity):
    assert problems_of(_identity.canonical_name, identity) == [
        "identity '%s' is neither a domain (example.com) nor an email address (sender@example.com)" % identity
    ]


# ---------------------------------------------------------------- desired_from_params


def test_desired_from_params_of_a_plain_domain():
    assert _identity.desired_from_params({"identity": "Example.com"}) == (
        {
            "identity": "example.com",
            "kind": "DOMAIN",
            "domain": "example.com",
            "dkim": None,
            "mail_from": None,
            "configuration_set": None,
            "feedback_forwarding": None,
            "policies": None,
            "purge_policies": True,
            "tags": None,
            "purge_tags": True,
        },
        None,
    )


def test_desired_from_params_with_every_option():
    result, key = _identity.desired_from_params(
        {
            "identity": "example.com",
            "dkim": {"mode": "easy", "key_length": "RSA_1024_BIT", "signing_enabled": False},
            "mail_from": {"domain": " Mail.Example.com. ", "behavior_on_mx_failure": "REJECT_MESSAGE"},
            "configuration_set": "transactional",
            "feedback_forwarding": False,
            "policies": {"p1": {"Version": "2012-10-17", "Statement": []}, "p2": '{"Statement": []}'},
            "purge_policies": False,
            "tags": {"team": "mail", "cost": 42, "empty": None},
            "purge_tags": False,
        }
    )
    assert key is None
    assert result == {
        "identity": "example.com",
        "kind": "DOMAIN",
        "domain": "example.com",
        "dkim": {"mode": "easy", "signing_enabled": False, "key_length": "RSA_1024_BIT"},
        "mail_from": {"domain": "mail.example.com", "behavior_on_mx_failure": "REJECT_MESSAGE"},
        "configuration_set": "transactional",
        "feedback_forwarding": False,
        "policies": {"p1": '{"Statement": [], "Version": "2012-10-17"}', "p2": '{"Statement": []}'},
        "purge_policies": False,
        "tags": {"team": "mail", "cost": "42", "empty": ""},
        "purge_tags": False,
    }


def test_desired_from_params_of_an_address():
    result, _key = _identity.desired_from_params({"identity": "Sender@Example.com"})
    assert (result["identity"], result["kind"], result["domain"]) == ("Sender@example.com", "EMAIL_ADDRESS", "example.com")


def test_desired_from_params_of_byodkim(key, pem):
    result, loaded = _identity.desired_from_params({"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "sel1", "private_key": pem}})
    public = _dkim_keys.public_key_b64(key)
    assert result["dkim"] == {
        "mode": "byodkim",
        "signing_enabled": None,
        "selector": "sel1",
        "public_key": public,
        "fingerprint": _dkim_keys.fingerprint(public),
    }
    assert _dkim_keys.public_key_b64(loaded) == public
    # the private key never goes into desired
    assert pem not in json.dumps(result)
    assert _dkim_keys.ses_private_key(loaded) not in json.dumps(result)


@pytest.mark.parametrize(
    "private_key_problem, problems",
    [
        (None, []),
        ("dkim.private_key is not an RSA key; SES BYODKIM accepts RSA keys only", ["dkim.private_key is not an RSA key; SES BYODKIM accepts RSA keys only"]),
    ],
)
def test_desired_from_params_with_a_key_checked_on_the_controller(private_key_problem, problems):
    params = {"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "sel1", "private_key_problem": private_key_problem}}
    if problems:
        assert problems_of(_identity.desired_from_params, params) == problems
    else:
        result, key = _identity.desired_from_params(params)
        assert (result["dkim"], key) == ({"mode": "byodkim", "signing_enabled": None, "selector": "sel1"}, None)


@pytest.mark.parametrize(
    "params, problems",
    [
        (
            {"identity": "a@example.com", "dkim": {"mode": "easy"}, "mail_from": {"domain": "mail.example.com"}},
            [
                "dkim: DKIM settings apply to domain identities only; 'a@example.com' is an email address",
                "mail_from: a custom MAIL FROM applies to domain identities only",
            ],
        ),
        ({"dkim": {"selector": "s1"}}, ["dkim: selector and private_key belong to mode=byodkim, not mode=easy"]),
        ({"dkim": {"mode": "easy", "private_key_path": "/k.pem"}}, ["dkim: selector and private_key belong to mode=byodkim, not mode=easy"]),
        (
            {"dkim": {"mode": "byodkim", "selector": "-bad", "key_length": "RSA_2048_BIT"}},
            [
                "dkim.selector '-bad' must be 1-63 letters, digits or '-', not starting or ending with '-'",
                "dkim.key_length applies to mode=easy; a BYODKIM key has the length you generated",
                "dkim.private_key is required for mode=byodkim (or set private_key_path with generate_key)",
            ],
        ),
        (
            {"dkim": {"mode": "byodkim"}},
            [
                "dkim.selector 'None' must be 1-63 letters, digits or '-', not starting or ending with '-'",
                "dkim.private_key is required for mode=byodkim (or set private_key_path with generate_key)",
            ],
        ),
        (
            {"dkim": {"mode": "byodkim", "selector": "s1", "private_key": "not a key"}},
            ["dkim.private_key is not a readable private key: give a PEM block or its base64 body"],
        ),
        ({"dkim": {"mode": "other"}}, ["dkim.mode 'other' is not one of easy, byodkim, replica"]),
        (
            {"mail_from": {"domain": "example.com"}},
            ["mail_from.domain 'example.com' is the identity itself; use a subdomain that does not receive mail, e.g. mail.example.com"],
        ),
        ({"mail_from": {"domain": "mail.example.org"}}, ["mail_from.domain 'mail.example.org' is not a subdomain of example.com; use e.g. mail.example.com"]),
        ({"mail_from": {"domain": "notexample.com"}}, ["mail_from.domain 'notexample.com' is not a subdomain of example.com; use e.g. mail.example.com"]),
        (
            {"mail_from": {"domain": "bounce_1.example.com"}},
            ["mail_from.domain 'bounce_1.example.com' must be a host name (letters, digits and '-' only), e.g. mail.example.com"],
        ),
        ({"mail_from": {"domain": "-bad.example.com"}}, ["mail_from.domain '-bad.example.com.' has an invalid label '-bad' " + INVALID_LABEL]),
        ({"policies": {"p1": "{not json", "p2": 42, "p3": "{}"}}, ["policies.p1 is not valid JSON", "policies.p2 is not valid JSON"]),
        ({"tags": {FINGERPRINT_TAG: "x"}}, ["tags: 'mailops:dkim-key-fingerprint' is managed by this module; remove it from tags"]),
    ],
)
def test_desired_from_params_problems(params, problems):
    assert problems_of(_identity.desired_from_params, dict({"identity": "example.com"}, **params)) == problems


def test_desired_from_params_an_empty_mail_from_domain_removes_it():
    assert desired(mail_from={"domain": ""})["mail_from"] == {"domain": "", "behavior_on_mx_failure": "USE_DEFAULT_VALUE"}


# ---------------------------------------------------------------- view

EASY_RESPONSE = {
    "IdentityType": "DOMAIN",
    "FeedbackForwardingStatus": True,
    "VerifiedForSendingStatus": True,
    "VerificationStatus": "SUCCESS",
    "DkimAttributes": {
        "SigningEnabled": True,
        "Status": "SUCCESS",
        "Tokens": TOKENS,
        "SigningAttributesOrigin": "AWS_SES",
        "SigningHostedZone": "dkim.amazonses.com",
        "NextSigningKeyLength": "RSA_2048_BIT",
        "CurrentSigningKeyLength": "RSA_2048_BIT",
        "LastKeyGenerationTimestamp": datetime.datetime(2025, 3, 1, 8, 30, tzinfo=UTC),
    },
    "MailFromAttributes": {"MailFromDomain": "mail.example.com", "MailFromDomainStatus": "SUCCESS", "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"},
    "Policies": {"p1": '{"Statement": []}'},
    "Tags": [{"Key": "team", "Value": "mail"}],
    "ConfigurationSetName": "transactional",
}
EASY_VIEW = {
    "identity": "example.com",
    "identity_type": "DOMAIN",
    "verified_for_sending": True,
    "verification_status": "SUCCESS",
    "feedback_forwarding": True,
    "configuration_set": "transactional",
    "dkim": {
        "origin": "AWS_SES",
        "parent_region": None,
        "replication_error": None,
        "status": "SUCCESS",
        "signing_enabled": True,
        "tokens": TOKENS,
        "selector": None,
        "signing_hosted_zone": "dkim.amazonses.com",
        "current_key_length": "RSA_2048_BIT",
        "next_key_length": "RSA_2048_BIT",
        "last_key_generation": "2025-03-01T08:30:00+00:00",
        "key_fingerprint": None,
    },
    "mail_from_domain": "mail.example.com",
    "mail_from_status": "SUCCESS",
    "behavior_on_mx_failure": "USE_DEFAULT_VALUE",
    "policies": {"p1": '{"Statement": []}'},
    "tags": {"team": "mail"},
    "verification_token": "TOKEN=",
}


def test_view_of_easy_dkim():
    assert _identity.view("example.com", EASY_RESPONSE, "TOKEN=") == EASY_VIEW


def test_view_of_byodkim():
    response = {
        "IdentityType": "DOMAIN",
        "VerifiedForSendingStatus": False,
        "VerificationStatus": "PENDING",
        "DkimAttributes": {"SigningEnabled": True, "Status": "PENDING", "Tokens": ["sel1"], "SigningAttributesOrigin": "EXTERNAL"},
        "Tags": [{"Key": FINGERPRINT_TAG, "Value": "abc123"}, {"Key": "team"}],
    }
    assert _identity.view("example.com", response) == {
        "identity": "example.com",
        "identity_type": "DOMAIN",
        "verified_for_sending": False,
        "verification_status": "PENDING",
        "feedback_forwarding": True,
        "configuration_set": None,
        "dkim": {
            "origin": "EXTERNAL",
            "parent_region": None,
            "replication_error": None,
            "status": "PENDING",
            "signing_enabled": True,
            "tokens": [],
            "selector": "sel1",
            "signing_hosted_zone": None,
            "current_key_length": None,
            "next_key_length": None,
            "last_key_generation": None,
            "key_fingerprint": "abc123",
        },
        "mail_from_domain": None,
        "mail_from_status": None,
        "behavior_on_mx_failure": None,
        "policies": {},
        "tags": {"team": ""},
        "verification_token": None,
    }


def test_view_of_an_address():
    response = {
        "IdentityType": "EMAIL_ADDRESS",
        "FeedbackForwardingStatus": False,
        "VerifiedForSendingStatus": False,
        "VerificationStatus": "PENDING",
        "DkimAttributes": {"SigningEnabled": False, "Status": "NOT_STARTED", "SigningAttributesOrigin": "AWS_SES"},
        "Policies": {},
        "Tags": [],
    }
    view = _identity.view("sender@example.com", response)
    assert view["identity_type"] == "EMAIL_ADDRESS"
    assert view["feedback_forwarding"] is False
    assert view["dkim"] == {
        "origin": "AWS_SES",
        "parent_region": None,
        "replication_error": None,
        "status": "NOT_STARTED",
        "signing_enabled": False,
        "tokens": [],
        "selector": None,
        "signing_hosted_zone": None,
        "current_key_length": None,
        "next_key_length": None,
        "last_key_generation": None,
        "key_fingerprint": None,
    }
    assert (view["mail_from_domain"], view["tags"], view["policies"]) == (None, {}, {})


def test_view_of_nothing_and_of_a_timestamp_given_as_text():
    assert _identity.view("example.com", None) is None
    response = copy.deepcopy(EASY_RESPONSE)
    response["DkimAttributes"]["LastKeyGenerationTimestamp"] = "2025-03-01T08:30:00Z"
    assert _identity.view("example.com", response)["dkim"]["last_key_generation"] == "2025-03-01T08:30:00Z"


# ---------------------------------------------------------------- plan: create


def test_plan_create_with_every_setting():
    want = desired(
        dkim={"mode": "easy", "key_length": "RSA_1024_BIT", "signing_enabled": False},
        mail_from={"domain": "mail.example.com"},
        configuration_set="transactional",
        feedback_forwarding=False,
        policies={"p1": '{"Statement": []}'},
        tags={"team": "mail", "a": "1"},
    )
    assert _identity.plan(None, want) == [
        (
            "create_email_identity",
            {
                "EmailIdentity": "example.com",
                "Tags": [{"Key": "a", "Value": "1"}, {"Key": "team", "Value": "mail"}],
                "ConfigurationSetName": "transactional",
                "DkimSigningAttributes": {"NextSigningKeyLength": "RSA_1024_BIT"},
            },
        ),
        ("put_email_identity_dkim_attributes", {"EmailIdentity": "example.com", "SigningEnabled": False}),
        (
            "put_email_identity_mail_from_attributes",
            {"EmailIdentity": "example.com", "BehaviorOnMxFailure": "USE_DEFAULT_VALUE", "MailFromDomain": "mail.example.com"},
        ),
        ("put_email_identity_feedback_attributes", {"EmailIdentity": "example.com", "EmailForwardingEnabled": False}),
        ("create_email_identity_policy", {"EmailIdentity": "example.com", "PolicyName": "p1", "Policy": '{"Statement": []}'}),
    ]


@pytest.mark.parametrize(
    "changes, ops",
    [
        ({}, [("create_email_identity", {"EmailIdentity": "example.com"})]),
        ({"tags": {}, "configuration_set": "", "feedback_forwarding": True, "policies": {}}, [("create_email_identity", {"EmailIdentity": "example.com"})]),
        ({"dkim": {"mode": "easy", "signing_enabled": True}}, [("create_email_identity", {"EmailIdentity": "example.com"})]),
        ({"mail_from": {"domain": ""}}, [("create_email_identity", {"EmailIdentity": "example.com"})]),
        ({"identity": "sender@example.com"}, [("create_email_identity", {"EmailIdentity": "sender@example.com"})]),
    ],
)
def test_plan_create_makes_no_call_that_is_not_needed(changes, ops):
    assert _identity.plan(None, desired(**changes)) == ops


def test_plan_create_byodkim_tags_the_fingerprint(key, pem):
    want, loaded = _identity.desired_from_params(
        {"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "sel1", "private_key": pem}, "tags": {"team": "mail"}}
    )
    assert _identity.plan(None, want, loaded) == [
        (
            "create_email_identity",
            {
                "EmailIdentity": "example.com",
                "Tags": [{"Key": FINGERPRINT_TAG, "Value": want["dkim"]["fingerprint"]}, {"Key": "team", "Value": "mail"}],
                "DkimSigningAttributes": {"DomainSigningSelector": "sel1", "DomainSigningPrivateKey": _dkim_keys.ses_private_key(key)},
            },
        )
    ]


# ---------------------------------------------------------------- plan: update


def current(**changes):
    view = copy.deepcopy(EASY_VIEW)
    for name, value in changes.items():
        if name.startswith("dkim_"):
            view["dkim"][name[5:]] = value
        else:
            view[name] = value
    return view


def test_plan_nothing_to_do():
    want = desired(
        dkim={"mode": "easy", "key_length": "RSA_2048_BIT", "signing_enabled": True},
        mail_from={"domain": "mail.example.com"},
        configuration_set="transactional",
        feedback_forwarding=True,
        policies={"p1": '{ "Statement" : [] }'},
        tags={"team": "mail"},
    )
    assert _identity.plan(current(), want, now=NOW) == []


@pytest.mark.parametrize(
    "have, changes, ops",
    [
        # a change of the key length, more than 24 hours after the last key
        (
            {},
            {"dkim": {"key_length": "RSA_1024_BIT"}},
            [
                (
                    "put_email_identity_dkim_signing_attributes",
                    {"EmailIdentity": "example.com", "SigningAttributesOrigin": "AWS_SES", "SigningAttributes": {"NextSigningKeyLength": "RSA_1024_BIT"}},
                )
            ],
        ),
        # back from BYODKIM to Easy DKIM
        (
            {"dkim_origin": "EXTERNAL", "dkim_selector": "sel1", "dkim_tokens": []},
            {"dkim": {"mode": "easy"}},
            [("put_email_identity_dkim_signing_attributes", {"EmailIdentity": "example.com", "SigningAttributesOrigin": "AWS_SES", "SigningAttributes": {}})],
        ),
        (
            {"dkim_origin": "EXTERNAL"},
            {"dkim": {"mode": "easy", "key_length": "RSA_2048_BIT", "signing_enabled": False}},
            [
                (
                    "put_email_identity_dkim_signing_attributes",
                    {"EmailIdentity": "example.com", "SigningAttributesOrigin": "AWS_SES", "SigningAttributes": {"NextSigningKeyLength": "RSA_2048_BIT"}},
                ),
                ("put_email_identity_dkim_attributes", {"EmailIdentity": "example.com", "SigningEnabled": False}),
            ],
        ),
        ({}, {"dkim": {"signing_enabled": False}}, [("put_email_identity_dkim_attributes", {"EmailIdentity": "example.com", "SigningEnabled": False})]),
        # configuration set: set, change, remove ("" removes; None leaves it alone)
        ({}, {"configuration_set": None}, []),
        (
            {"configuration_set": None},
            {"configuration_set": "bulk"},
            [("put_email_identity_configuration_set_attributes", {"EmailIdentity": "example.com", "ConfigurationSetName": "bulk"})],
        ),
        ({}, {"configuration_set": ""}, [("put_email_identity_configuration_set_attributes", {"EmailIdentity": "example.com"})]),
        ({"configuration_set": None}, {"configuration_set": ""}, []),
        # MAIL FROM: change, behaviour only, removal
        (
            {},
            {"mail_from": {"domain": "bounce.example.com"}},
            [
                (
                    "put_email_identity_mail_from_attributes",
                    {"EmailIdentity": "example.com", "BehaviorOnMxFailure": "USE_DEFAULT_VALUE", "MailFromDomain": "bounce.example.com"},
                )
            ],
        ),
        (
            {},
            {"mail_from": {"domain": "mail.example.com", "behavior_on_mx_failure": "REJECT_MESSAGE"}},
            [
                (
                    "put_email_identity_mail_from_attributes",
                    {"EmailIdentity": "example.com", "BehaviorOnMxFailure": "REJECT_MESSAGE", "MailFromDomain": "mail.example.com"},
                )
            ],
        ),
        ({"behavior_on_mx_failure": None}, {"mail_from": {"domain": "mail.example.com"}}, []),
        (
            {},
            {"mail_from": {"domain": ""}},
            [("put_email_identity_mail_from_attributes", {"EmailIdentity": "example.com", "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"})],
        ),
        ({"mail_from_domain": None, "behavior_on_mx_failure": "REJECT_MESSAGE"}, {"mail_from": {"domain": ""}}, []),
        # feedback forwarding
        ({}, {"feedback_forwarding": False}, [("put_email_identity_feedback_attributes", {"EmailIdentity": "example.com", "EmailForwardingEnabled": False})]),
        # policies: create, update, delete (with purge only)
        (
            {"policies": {"p1": '{"Statement": []}', "old": "{}"}},
            {"policies": {"p1": '{"Statement": [1]}', "p0": "{}"}},
            [
                ("create_email_identity_policy", {"EmailIdentity": "example.com", "PolicyName": "p0", "Policy": "{}"}),
                ("update_email_identity_policy", {"EmailIdentity": "example.com", "PolicyName": "p1", "Policy": '{"Statement": [1]}'}),
                ("delete_email_identity_policy", {"EmailIdentity": "example.com", "PolicyName": "old"}),
            ],
        ),
        ({"policies": {"p1": "{}", "old": "{}"}}, {"policies": {"p1": "{}"}, "purge_policies": False}, []),
        (
            {"policies": {"p1": "not json"}},
            {"policies": {"p1": "{}"}},
            [("update_email_identity_policy", {"EmailIdentity": "example.com", "PolicyName": "p1", "Policy": "{}"})],
        ),
    ],
)
def test_plan_update(have, changes, ops):
    dkim = changes.pop("dkim", None)
    want = desired(**changes)
    if dkim is not None:
        want["dkim"] = dict({"mode": "easy", "signing_enabled": None, "key_length": None}, **dkim)
    assert _identity.plan(current(**have), want, now=NOW) == ops


@pytest.mark.parametrize(
    "last, now, allowed",
    [
        ("2025-03-09T12:00:00+00:00", NOW, True),
        ("2025-03-09T12:00:01+00:00", NOW, False),
        (datetime.datetime(2025, 3, 10, 11, 0), NOW, False),
        (datetime.datetime(2025, 3, 10, 11, 0, tzinfo=UTC), datetime.datetime(2025, 3, 11, 11, 0), True),
        ("2025-03-10T11:00:00+00:00", None, True),
        (None, NOW, True),
        ("not a time", NOW, True),
    ],
)
def test_plan_key_length_change_once_per_24_hours(last, now, allowed):
    have = current(dkim_last_key_generation=last)
    want = desired(dkim={"key_length": "RSA_1024_BIT"})
    if allowed:
        assert [op for op, _kwargs in _identity.plan(have, want, now=now)] == ["put_email_identity_dkim_signing_attributes"]
    else:
        assert problems_of(_identity.plan, have, want, now=now) == [
            "dkim.key_length: the DKIM key of example.com was generated at %s, less than 24 hours ago; SES allows one key length "
            "change per 24 hours, so run again after %s"
            % (
                "2025-03-09 12:00 UTC" if isinstance(last, str) else "2025-03-10 11:00 UTC",
                "2025-03-10 12:00 UTC" if isinstance(last, str) else "2025-03-11 11:00 UTC",
            )
        ]


def test_plan_the_key_length_already_next_is_no_change():
    have = current(dkim_next_key_length="RSA_1024_BIT", dkim_current_key_length="RSA_2048_BIT", dkim_last_key_generation="2025-03-10T11:00:00+00:00")
    assert _identity.plan(have, desired(dkim={"key_length": "RSA_1024_BIT"}), now=NOW) == []


@pytest.mark.parametrize(
    "have_tags, fingerprint, tags, purge, ops",
    [
        ({"team": "mail"}, None, None, True, []),
        ({"team": "mail"}, None, {"team": "mail"}, True, []),
        (
            {"team": "mail", "old": "x"},
            None,
            {"team": "ops", "new": "1"},
            True,
            [
                ("tag_resource", {"ResourceArn": None, "Tags": [{"Key": "new", "Value": "1"}, {"Key": "team", "Value": "ops"}]}),
                ("untag_resource", {"ResourceArn": None, "TagKeys": ["old"]}),
            ],
        ),
        ({"team": "mail", "old": "x"}, None, {"new": "1"}, False, [("tag_resource", {"ResourceArn": None, "Tags": [{"Key": "new", "Value": "1"}]})]),
        # the fingerprint marker is never purged with the user's tags
        ({"team": "mail"}, "abc", {}, True, [("untag_resource", {"ResourceArn": None, "TagKeys": ["team"]})]),
        # nor are other mailops: markers
        ({"mailops:created-by": "x"}, None, {}, True, []),
    ],
)
def test_plan_tags(have_tags, fingerprint, tags, purge, ops):
    have = current(tags=have_tags, dkim_key_fingerprint=fingerprint)
    assert _identity.plan(have, desired(tags=tags, purge_tags=purge), now=NOW) == ops


def byodkim_current(fingerprint, selector="sel1", tags=None):
    return current(dkim_origin="EXTERNAL", dkim_selector=selector, dkim_tokens=[], dkim_key_fingerprint=fingerprint, tags=tags or {})


def test_plan_byodkim_same_key_is_no_change(key, pem):
    want, loaded = _identity.desired_from_params({"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "sel1", "private_key": pem}, "tags": {}})
    assert _identity.plan(byodkim_current(want["dkim"]["fingerprint"]), want, loaded, now=NOW) == []


@pytest.mark.parametrize(
    "have",
    [
        {"fingerprint": "old-fingerprint"},
        {"fingerprint": None},
        {"selector": "sel0"},
    ],
)
def test_plan_byodkim_new_key_or_selector_puts_the_key_and_tags_the_fingerprint(key, pem, have):
    want, loaded = _identity.desired_from_params(
        {"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "sel1", "private_key": pem}, "tags": {"team": "mail"}}
    )
    fingerprint = want["dkim"]["fingerprint"]
    state = byodkim_current(have.get("fingerprint", fingerprint), have.get("selector", "sel1"), tags={"team": "mail"})
    ops = [
        (
            "put_email_identity_dkim_signing_attributes",
            {
                "EmailIdentity": "example.com",
                "SigningAttributesOrigin": "EXTERNAL",
                "SigningAttributes": {"DomainSigningSelector": "sel1", "DomainSigningPrivateKey": _dkim_keys.ses_private_key(key)},
            },
        )
    ]
    if have.get("fingerprint", fingerprint) != fingerprint:
        ops.append(("tag_resource", {"ResourceArn": None, "Tags": [{"Key": FINGERPRINT_TAG, "Value": fingerprint}]}))
    assert _identity.plan(state, want, loaded, now=NOW) == ops


def test_plan_from_easy_to_byodkim(key, pem):
    want, loaded = _identity.desired_from_params({"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "sel1", "private_key": pem}})
    ops = _identity.plan(current(), want, loaded, now=NOW)
    assert [(op, kwargs.get("SigningAttributesOrigin"), kwargs.get("Tags")) for op, kwargs in ops] == [
        ("put_email_identity_dkim_signing_attributes", "EXTERNAL", None),
        ("tag_resource", None, [{"Key": FINGERPRINT_TAG, "Value": want["dkim"]["fingerprint"]}]),
    ]


def test_plan_from_byodkim_to_easy_dkim_removes_the_fingerprint_marker():
    have = byodkim_current("abc", tags={"team": "mail"})
    ops = _identity.plan(have, desired(dkim={"mode": "easy"}, tags={"team": "mail"}), now=NOW)
    assert ops == [
        ("put_email_identity_dkim_signing_attributes", {"EmailIdentity": "example.com", "SigningAttributesOrigin": "AWS_SES", "SigningAttributes": {}}),
        ("untag_resource", {"ResourceArn": None, "TagKeys": [FINGERPRINT_TAG]}),
    ]


def test_plan_of_an_address_ignores_dkim():
    have = current(identity="sender@example.com", identity_type="EMAIL_ADDRESS", mail_from_domain=None)
    want = desired(identity="sender@example.com")
    want["dkim"] = {"mode": "easy", "key_length": "RSA_1024_BIT", "signing_enabled": False}
    assert _identity.plan(have, want, now=NOW) == []


# ---------------------------------------------------------------- predict


def test_predict_created():
    want = desired(configuration_set="transactional", tags={"team": "mail"}, dkim={"mode": "easy", "key_length": "RSA_1024_BIT"})
    assert _identity.predict_created(want) == {
        "identity": "example.com",
        "identity_type": "DOMAIN",
        "verified_for_sending": False,
        "verification_status": "PENDING",
        "feedback_forwarding": True,
        "configuration_set": "transactional",
        "dkim": {
            "origin": "AWS_SES",
            "parent_region": None,
            "replication_error": None,
            "status": "PENDING",
            "signing_enabled": True,
            "tokens": [],
            "selector": None,
            "signing_hosted_zone": None,
            "current_key_length": "RSA_1024_BIT",
            "next_key_length": "RSA_1024_BIT",
            "last_key_generation": None,
            "key_fingerprint": None,
        },
        "mail_from_domain": None,
        "mail_from_status": None,
        "behavior_on_mx_failure": "USE_DEFAULT_VALUE",
        "policies": {},
        "tags": {"team": "mail"},
        "verification_token": None,
    }
    address = _identity.predict_created(desired(identity="sender@example.com"))
    assert (address["identity_type"], address["dkim"]["status"], address["dkim"]["signing_enabled"], address["dkim"]["next_key_length"]) == (
        "EMAIL_ADDRESS",
        "NOT_STARTED",
        False,
        "RSA_2048_BIT",
    )


def test_predict_a_new_identity_equals_the_plan_of_it():
    want = desired(
        dkim={"mode": "easy", "signing_enabled": False},
        mail_from={"domain": "mail.example.com", "behavior_on_mx_failure": "REJECT_MESSAGE"},
        feedback_forwarding=False,
        policies={"p1": "{}"},
    )
    ops = _identity.plan(None, want) + [("verify_domain_identity", {"Domain": "example.com"})]
    after = _identity.predict(None, want, ops)
    assert after["dkim"]["signing_enabled"] is False
    assert (after["mail_from_domain"], after["mail_from_status"], after["behavior_on_mx_failure"]) == ("mail.example.com", "PENDING", "REJECT_MESSAGE")
    assert (after["feedback_forwarding"], after["policies"], after["verification_token"]) == (False, {"p1": "{}"}, "pending-verification-token")
    # once predicted, the plan from the prediction is empty
    assert _identity.plan(after, want, now=NOW) == []


def test_predict_every_update_and_leave_the_current_view_alone(key, pem):
    have = current(policies={"p1": "{}", "old": "{}"}, tags={"team": "mail", "old": "x"})
    before = copy.deepcopy(have)
    want, loaded = _identity.desired_from_params(
        {
            "identity": "example.com",
            "dkim": {"mode": "byodkim", "selector": "sel1", "private_key": pem, "signing_enabled": False},
            "mail_from": {"domain": ""},
            "configuration_set": "",
            "feedback_forwarding": False,
            "policies": {"p1": '{"a": 1}'},
            "tags": {"team": "ops"},
        }
    )
    ops = _identity.plan(have, want, loaded, now=NOW)
    assert [op for op, _kwargs in ops] == [
        "put_email_identity_dkim_signing_attributes",
        "put_email_identity_dkim_attributes",
        "tag_resource",
        "untag_resource",
        "put_email_identity_configuration_set_attributes",
        "put_email_identity_mail_from_attributes",
        "put_email_identity_feedback_attributes",
        "update_email_identity_policy",
        "delete_email_identity_policy",
    ]
    after = _identity.predict(have, want, ops)
    assert have == before
    assert after["dkim"] == dict(
        EASY_VIEW["dkim"],
        origin="EXTERNAL",
        status="PENDING",
        tokens=[],
        selector="sel1",
        key_fingerprint=want["dkim"]["fingerprint"],
        current_key_length=None,
        next_key_length=None,
        signing_enabled=False,
    )
    assert (after["configuration_set"], after["mail_from_domain"], after["mail_from_status"]) == (None, None, None)
    assert (after["feedback_forwarding"], after["policies"], after["tags"]) == (False, {"p1": '{"a": 1}'}, {"team": "ops"})
    assert _identity.plan(after, want, loaded, now=NOW) == []


def test_predict_back_to_easy_dkim_and_a_new_key_length():
    have = current(dkim_origin="EXTERNAL", dkim_selector="sel1", dkim_tokens=[], dkim_key_fingerprint="abc")
    want = desired(dkim={"mode": "easy", "key_length": "RSA_1024_BIT"})
    ops = _identity.plan(have, want, now=NOW)
    after = _identity.predict(have, want, ops)
    assert {k: after["dkim"][k] for k in ("origin", "status", "tokens", "selector", "key_fingerprint", "next_key_length")} == {
        "origin": "AWS_SES",
        "status": "PENDING",
        "tokens": [],
        "selector": None,
        "key_fingerprint": None,
        "next_key_length": "RSA_1024_BIT",
    }
    assert _identity.predict(current(), want, _identity.plan(current(), want, now=NOW))["dkim"]["next_key_length"] == "RSA_1024_BIT"


def test_predict_keeps_a_known_verification_token_and_no_ops_change_nothing():
    assert _identity.predict(current(), desired(), [("verify_domain_identity", {"Domain": "example.com"})])["verification_token"] == "TOKEN="
    assert _identity.predict(current(), desired(), []) == EASY_VIEW
    assert _identity.predict(None, desired(), []) is None


# ---------------------------------------------------------------- dns_records


def test_dns_records_of_easy_dkim_with_mail_from_and_token():
    assert _identity.dns_records(current(), "eu-west-1", ttl=60) == [
        {"name": "tok1._domainkey.example.com.", "type": "CNAME", "ttl": 60, "values": ["tok1.dkim.amazonses.com."]},
        {"name": "tok2._domainkey.example.com.", "type": "CNAME", "ttl": 60, "values": ["tok2.dkim.amazonses.com."]},
        {"name": "tok3._domainkey.example.com.", "type": "CNAME", "ttl": 60, "values": ["tok3.dkim.amazonses.com."]},
        {"name": "mail.example.com.", "type": "MX", "ttl": 60, "values": ["10 feedback-smtp.eu-west-1.amazonses.com."]},
        {"name": "mail.example.com.", "type": "TXT", "ttl": 60, "values": ["v=spf1 include:amazonses.com ~all"]},
        {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 60, "values": ["TOKEN="]},
    ]


def test_dns_records_while_tokens_are_pending_are_placeholders():
    after = _identity.predict(None, desired(), [("create_email_identity", {}), ("verify_domain_identity", {"Domain": "example.com"})])
    assert _identity.dns_records(after, "us-east-1") == [
        {
            "name": "pending-dkim-token-%d._domainkey.example.com." % n,
            "type": "CNAME",
            "ttl": 300,
            "values": ["pending-dkim-token-%d.dkim.amazonses.com." % n],
            "placeholder": True,
        }
        for n in (1, 2, 3)
    ] + [{"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": ["pending-verification-token"], "placeholder": True}]


def test_dns_records_of_byodkim_need_the_public_key():
    state = byodkim_current("abc")
    state.update(mail_from_domain=None, verification_token=None)
    assert _identity.dns_records(state, "us-east-1") == []
    assert _identity.dns_records(state, "us-east-1", public_key="PUB") == [
        {"name": "sel1._domainkey.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DKIM1; k=rsa; p=PUB"]}
    ]
    # a public key is only used for BYODKIM
    assert [r["type"] for r in _identity.dns_records(current(verification_token=None, mail_from_domain=None), "us-east-1", public_key="PUB")] == ["CNAME"] * 3


def test_dns_records_of_nothing_and_of_an_address():
    assert _identity.dns_records(None, "us-east-1") == []
    assert _identity.dns_records(current(identity="sender@example.com", identity_type="EMAIL_ADDRESS"), "us-east-1") == []


# ---------------------------------------------------------------- Deterministic Easy DKIM replicas

REPLICA_RESPONSE = dict(
    EASY_RESPONSE,
    DkimAttributes=dict(EASY_RESPONSE["DkimAttributes"], SigningAttributesOrigin="AWS_SES_US_EAST_1"),
    MailFromAttributes={"MailFromDomain": "mail-eu.example.com", "MailFromDomainStatus": "SUCCESS", "BehaviorOnMxFailure": "USE_DEFAULT_VALUE"},
)


def replica(**changes):
    """The view of a verified replica in eu-west-1 of the us-east-1 identity, with ``changes`` like ``current``."""
    view = _identity.view("example.com", REPLICA_RESPONSE, "TOKEN=")
    for name, value in changes.items():
        if name.startswith("dkim_"):
            view["dkim"][name[5:]] = value
        else:
            view[name] = value
    return view


@pytest.mark.parametrize(
    "origin, parent_region",
    [("AWS_SES_US_EAST_1", "us-east-1"), ("AWS_SES_AP_SOUTHEAST_5", "ap-southeast-5"), ("AWS_SES", None), ("EXTERNAL", None), (None, None)],
)
def test_parent_region_of_and_replica_origin(origin, parent_region):
    assert _identity.parent_region_of(origin) == parent_region
    if parent_region:
        assert _identity.replica_origin(parent_region) == origin


def test_desired_from_params_of_a_replica():
    want = _identity.desired_from_params({"identity": "example.com", "dkim": {"mode": "replica", "parent_region": " US-East-1 "}}, "eu-west-1")[0]
    assert want["dkim"] == {"mode": "replica", "signing_enabled": None, "parent_region": "us-east-1", "origin": "AWS_SES_US_EAST_1"}


@pytest.mark.parametrize(
    "dkim, region, problems",
    [
        (
            {"mode": "replica"},
            "eu-west-1",
            ["dkim.parent_region is required for mode=replica: the region of the parent identity in the same account, e.g. us-east-1"],
        ),
        ({"mode": "replica", "parent_region": "Virginia"}, None, ["dkim.parent_region 'virginia' is not an AWS region name such as us-east-1"]),
        (
            {"mode": "replica", "parent_region": "us-east-1"},
            "us-east-1",
            ["dkim.parent_region us-east-1 is this identity's own region; the parent of a replica is in another region of the same account"],
        ),
        (
            {"mode": "replica", "parent_region": "us-gov-west-1"},
            "us-east-1",
            ["dkim.parent_region us-gov-west-1 is in another partition than us-east-1; DKIM replication stays within one partition"],
        ),
        (
            {"mode": "replica", "parent_region": "us-east-1", "key_length": "RSA_1024_BIT"},
            "eu-west-1",
            [
                "dkim.key_length: a replica signs with the Easy DKIM key of its parent identity, whose key length it follows; "
                "set the key length on the parent in us-east-1"
            ],
        ),
        (
            {"mode": "replica", "parent_region": "us-east-1", "selector": "s1", "private_key_path": "/k.pem", "generate_key": True},
            "eu-west-1",
            ["dkim: selector, private_key_path, generate_key belong to mode=byodkim; a replica signs with its parent's Easy DKIM key"],
        ),
        (
            {"mode": "easy", "parent_region": "us-east-1"},
            "eu-west-1",
            ["dkim.parent_region belongs to mode=replica (a Deterministic Easy DKIM replica), not mode=easy"],
        ),
    ],
)
def test_desired_from_params_replica_problems(dkim, region, problems):
    assert problems_of(_identity.desired_from_params, {"identity": "example.com", "dkim": dkim}, region) == problems


def test_desired_from_params_a_replica_must_be_a_domain():
    assert problems_of(_identity.desired_from_params, {"identity": "a@example.com", "dkim": {"mode": "replica", "parent_region": "us-east-1"}}) == [
        "dkim: DKIM settings apply to domain identities only; 'a@example.com' is an email address"
    ]


def test_view_of_a_replica_reports_its_real_origin_and_its_parent():
    view = replica()
    assert view["dkim"] == dict(EASY_VIEW["dkim"], origin="AWS_SES_US_EAST_1", parent_region="us-east-1")
    failed = dict(REPLICA_RESPONSE, VerificationInfo={"ErrorType": "REPLICATION_PRIMARY_NOT_FOUND"})
    failed["DkimAttributes"] = {"SigningEnabled": True, "Status": "FAILED", "Tokens": [], "SigningAttributesOrigin": "AWS_SES_US_EAST_1"}
    dkim = _identity.view("example.com", failed)["dkim"]
    assert (dkim["status"], dkim["replication_error"], dkim["tokens"]) == ("FAILED", "REPLICATION_PRIMARY_NOT_FOUND", [])
    # other verification errors are not replication errors
    pending = dict(EASY_RESPONSE, VerificationInfo={"ErrorType": "HOST_NOT_FOUND"})
    assert _identity.view("example.com", pending)["dkim"]["replication_error"] is None
    assert _identity.is_replica(view) and not _identity.is_replica(current()) and not _identity.is_replica(None)


def test_plan_create_a_replica_names_its_parent_and_no_key():
    want = desired(dkim={"mode": "replica", "parent_region": "us-east-1"}, mail_from={"domain": "mail-eu.example.com"})
    assert _identity.plan(None, want) == [
        ("create_email_identity", {"EmailIdentity": "example.com", "DkimSigningAttributes": {"DomainSigningAttributesOrigin": "AWS_SES_US_EAST_1"}}),
        (
            "put_email_identity_mail_from_attributes",
            {"EmailIdentity": "example.com", "BehaviorOnMxFailure": "USE_DEFAULT_VALUE", "MailFromDomain": "mail-eu.example.com"},
        ),
    ]


@pytest.mark.parametrize(
    "have, dkim, ops",
    [
        # a replica that stays one: nothing to do, whatever the parent's key length
        (replica(), {"mode": "replica", "parent_region": "us-east-1"}, []),
        (replica(dkim_next_key_length="RSA_1024_BIT"), {"mode": "replica", "parent_region": "us-east-1"}, []),
        # dkim unset keeps what SES has, a replica too
        (replica(), None, []),
        # Easy DKIM -> replica
        (current(), {"mode": "replica", "parent_region": "us-east-1"}, [{"SigningAttributesOrigin": "AWS_SES_US_EAST_1"}]),
        # BYODKIM -> replica
        (
            current(dkim_origin="EXTERNAL", dkim_selector="sel1"),
            {"mode": "replica", "parent_region": "us-east-1"},
            [{"SigningAttributesOrigin": "AWS_SES_US_EAST_1"}],
        ),
        # another parent region
        (replica(), {"mode": "replica", "parent_region": "us-west-2"}, [{"SigningAttributesOrigin": "AWS_SES_US_WEST_2"}]),
        # replica -> its own Easy DKIM key (never a key-length change sent to a replica)
        (replica(), {"mode": "easy"}, [{"SigningAttributesOrigin": "AWS_SES", "SigningAttributes": {}}]),
        (
            replica(),
            {"mode": "easy", "key_length": "RSA_1024_BIT"},
            [{"SigningAttributesOrigin": "AWS_SES", "SigningAttributes": {"NextSigningKeyLength": "RSA_1024_BIT"}}],
        ),
    ],
)
def test_plan_dkim_of_replicas(have, dkim, ops):
    changes = {"mail_from": {"domain": have["mail_from_domain"]}}
    if dkim is not None:
        changes["dkim"] = dkim
    expected = [("put_email_identity_dkim_signing_attributes", dict({"EmailIdentity": "example.com"}, **kwargs)) for kwargs in ops]
    assert _identity.plan(have, desired(**changes), now=NOW) == expected


def test_plan_byodkim_to_replica_removes_the_fingerprint_marker():
    have = current(dkim_origin="EXTERNAL", dkim_selector="sel1", dkim_key_fingerprint="abc")
    ops = _identity.plan(have, desired(dkim={"mode": "replica", "parent_region": "us-east-1"}), now=NOW)
    assert [op for op, _kwargs in ops] == ["put_email_identity_dkim_signing_attributes", "untag_resource"]
    assert ops[1][1]["TagKeys"] == [FINGERPRINT_TAG]


def test_predict_a_new_replica_and_a_replica_made_from_an_identity():
    want = desired(dkim={"mode": "replica", "parent_region": "us-east-1"})
    created = _identity.predict(None, want, _identity.plan(None, want))
    assert {k: created["dkim"][k] for k in ("origin", "parent_region", "status", "tokens", "current_key_length", "next_key_length")} == {
        "origin": "AWS_SES_US_EAST_1",
        "parent_region": "us-east-1",
        "status": "PENDING",
        "tokens": [],
        "current_key_length": None,
        "next_key_length": None,
    }
    assert _identity.plan(created, want, now=NOW) == []
    made = _identity.predict(current(), want, _identity.plan(current(), want, now=NOW))
    assert (made["dkim"]["origin"], made["dkim"]["parent_region"], made["dkim"]["tokens"], made["dkim"]["status"]) == (
        "AWS_SES_US_EAST_1",
        "us-east-1",
        [],
        "PENDING",
    )
    assert _identity.plan(made, want, now=NOW) == []


def test_predict_a_replica_that_gets_its_own_key():
    want = desired(dkim={"mode": "easy", "key_length": "RSA_1024_BIT"})
    after = _identity.predict(replica(), want, _identity.plan(replica(), want, now=NOW))
    assert {k: after["dkim"][k] for k in ("origin", "parent_region", "status", "tokens", "next_key_length")} == {
        "origin": "AWS_SES",
        "parent_region": None,
        "status": "PENDING",
        "tokens": [],
        "next_key_length": "RSA_1024_BIT",
    }


def test_dns_records_of_a_replica_have_no_dkim_records():
    assert _identity.dns_records(replica(), "eu-west-1") == [
        {"name": "mail-eu.example.com.", "type": "MX", "ttl": 300, "values": ["10 feedback-smtp.eu-west-1.amazonses.com."]},
        {"name": "mail-eu.example.com.", "type": "TXT", "ttl": 300, "values": ["v=spf1 include:amazonses.com ~all"]},
        {"name": "_amazonses.example.com.", "type": "TXT", "ttl": 300, "values": ["TOKEN="]},
    ]
    # not even placeholders while a new replica waits for its parent's tokens
    created = _identity.predict(None, desired(dkim={"mode": "replica", "parent_region": "us-east-1"}), [("create_email_identity", {})])
    assert _identity.dns_records(created, "eu-west-1") == []
