"""Table tests for the identity runner's pure parts: what SES has not found yet, and BYODKIM keys from a path."""

import copy
import os
import stat
import threading

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._ses import dkim_keys as _dkim_keys
from ansible_collections.mailops.ses.plugins.module_utils._ses import identity as _identity
from ansible_collections.mailops.ses.plugins.module_utils._ses import runner as _runner

TOKENS = ["tok1", "tok2", "tok3"]
EASY_PENDING = "DKIM CNAMEs tok1._domainkey.example.com, tok2._domainkey.example.com, tok3._domainkey.example.com"


def state(**changes):
    view = {
        "identity": "example.com",
        "identity_type": "DOMAIN",
        "verification_status": "SUCCESS",
        "dkim": {"origin": "AWS_SES", "status": "SUCCESS", "tokens": TOKENS, "selector": None},
        "mail_from_domain": "mail.example.com",
        "mail_from_status": "SUCCESS",
    }
    for name, value in changes.items():
        if name.startswith("dkim_"):
            view["dkim"][name[5:]] = value
        else:
            view[name] = value
    return view


def problems_of(call, *args, **kwargs):
    with pytest.raises(_identity.IdentityError) as raised:
        call(*args, **kwargs)
    return raised.value.problems


# ---------------------------------------------------------------- missing_records


@pytest.mark.parametrize(
    "view, pending, failed",
    [
        (state(), [], []),
        (state(mail_from_domain=None, mail_from_status=None), [], []),
        (state(dkim_status="PENDING"), [EASY_PENDING + " (status PENDING)"], []),
        (state(dkim_status="TEMPORARY_FAILURE"), [EASY_PENDING + " (status TEMPORARY_FAILURE)"], []),
        (state(dkim_status="FAILED"), [], [EASY_PENDING + " (status FAILED)"]),
        (
            state(dkim_origin="EXTERNAL", dkim_selector="sel1", dkim_tokens=[], dkim_status="PENDING"),
            ["DKIM TXT sel1._domainkey.example.com (status PENDING)"],
            [],
        ),
        (
            state(dkim_origin="EXTERNAL", dkim_selector="sel1", dkim_tokens=[], dkim_status="FAILED"),
            [],
            ["DKIM TXT sel1._domainkey.example.com (status FAILED)"],
        ),
        (state(mail_from_status="PENDING"), ["MAIL FROM MX mail.example.com -> 10 feedback-smtp.eu-west-1.amazonses.com (status PENDING)"], []),
        (state(mail_from_status=None), ["MAIL FROM MX mail.example.com -> 10 feedback-smtp.eu-west-1.amazonses.com (status None)"], []),
        (state(mail_from_status="FAILED"), [], ["MAIL FROM MX mail.example.com -> 10 feedback-smtp.eu-west-1.amazonses.com (status FAILED)"]),
        (
            state(dkim_status="FAILED", mail_from_status="PENDING"),
            ["MAIL FROM MX mail.example.com -> 10 feedback-smtp.eu-west-1.amazonses.com (status PENDING)"],
            [EASY_PENDING + " (status FAILED)"],
        ),
        # a domain is verified through DKIM: its verification status alone is not waited for
        (state(verification_status="PENDING"), [], []),
        # a DEED replica follows its parent; a replication problem is named with SES's error type
        (
            state(dkim_origin="AWS_SES_US_EAST_1", dkim_parent_region="us-east-1", dkim_status="PENDING"),
            ["DKIM of the Deterministic Easy DKIM replica, which follows its parent example.com in us-east-1 (status PENDING)"],
            [],
        ),
        (
            state(
                dkim_origin="AWS_SES_US_EAST_1", dkim_parent_region="us-east-1", dkim_status="FAILED", dkim_replication_error="REPLICATION_PRIMARY_NOT_FOUND"
            ),
            [],
            [
                "DKIM of the Deterministic Easy DKIM replica, which follows its parent example.com in us-east-1 "
                "(SES: REPLICATION_PRIMARY_NOT_FOUND) (status FAILED)"
            ],
        ),
    ],
)
def test_missing_records_of_a_domain(view, pending, failed):
    assert _runner.missing_records(view, "eu-west-1") == (pending, failed)


@pytest.mark.parametrize(
    "status, pending",
    [
        ("SUCCESS", []),
        ("PENDING", ["the address has not been confirmed (SES sent a verification email)"]),
        ("FAILED", ["the address has not been confirmed (SES sent a verification email)"]),
    ],
)
def test_missing_records_of_an_address(status, pending):
    view = state(
        identity="sender@example.com", identity_type="EMAIL_ADDRESS", verification_status=status, dkim_status="NOT_STARTED", mail_from_status="PENDING"
    )
    assert _runner.missing_records(view, "eu-west-1") == (pending, [])


def test_wait_error_carries_the_state():
    error = _runner.WaitError("timed out", {"identity": "example.com"})
    assert (str(error), error.state) == ("timed out", {"identity": "example.com"})


# ---------------------------------------------------------------- load_key


@pytest.fixture(scope="module")
def pem():
    return _dkim_keys.pem(_dkim_keys.generate_private_key(1024))


@pytest.mark.parametrize(
    "dkim",
    [
        None,
        {},
        {"mode": "easy", "private_key_path": "/nonexistent/never-read.pem"},
        {"mode": "byodkim", "selector": "s1", "private_key": "inline", "private_key_path": "/nonexistent/never-read.pem"},
        {"mode": "byodkim", "selector": "s1"},
    ],
)
def test_load_key_leaves_alone_what_has_no_path_to_read(dkim):
    assert _runner.load_key(dkim, check_mode=False) is dkim


def test_load_key_reads_the_key_file(tmp_path, pem):
    path = tmp_path / "dkim.pem"
    path.write_text(pem)
    dkim = {"mode": "byodkim", "selector": "s1", "private_key_path": str(path), "generate_key": True}
    before = copy.deepcopy(dkim)
    assert _runner.load_key(dkim, check_mode=False) == dict(before, private_key=pem)
    assert dkim == before


def test_load_key_a_missing_file_without_generate_key(tmp_path):
    path = tmp_path / "missing.pem"
    dkim = {"mode": "byodkim", "selector": "s1", "private_key_path": str(path)}
    assert problems_of(_runner.load_key, dkim, check_mode=False) == ["dkim.private_key_path %s does not exist; create it or set dkim.generate_key=true" % path]
    assert problems_of(_runner.load_key, dkim, check_mode=True) == ["dkim.private_key_path %s does not exist; create it or set dkim.generate_key=true" % path]


def test_load_key_generates_and_writes_a_key_readable_by_the_owner_only(tmp_path):
    path = tmp_path / "new.pem"
    dkim = _runner.load_key({"mode": "byodkim", "selector": "s1", "private_key_path": str(path), "generate_key": True}, check_mode=False)
    assert path.read_text() == dkim["private_key"]
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o600
    key = _dkim_keys.load_private_key(dkim["private_key"])
    assert key.key_size == 2048
    # the next run reads the same key
    assert _runner.load_key({"mode": "byodkim", "selector": "s1", "private_key_path": str(path), "generate_key": True}, check_mode=False) == dkim


def test_load_key_generates_in_check_mode_but_writes_nothing(tmp_path):
    path = tmp_path / "new.pem"
    dkim = _runner.load_key({"mode": "byodkim", "selector": "s1", "private_key_path": str(path), "generate_key": True}, check_mode=True)
    assert dkim["private_key"].startswith("-----BEGIN RSA PRIVATE KEY-----\n")
    assert not path.exists()
    assert os.listdir(str(tmp_path)) == []


def test_load_key_into_a_missing_directory(tmp_path):
    path = tmp_path / "nodir" / "new.pem"
    dkim = {"mode": "byodkim", "selector": "s1", "private_key_path": str(path), "generate_key": True}
    assert problems_of(_runner.load_key, dkim, check_mode=False) == ["dkim.private_key_path: directory %s does not exist" % (tmp_path / "nodir")]
    assert not (tmp_path / "nodir").exists()


def test_load_key_into_a_missing_directory_fails_in_check_mode_too(tmp_path):
    path = tmp_path / "nodir" / "new.pem"
    dkim = {"mode": "byodkim", "selector": "s1", "private_key_path": str(path), "generate_key": True}
    assert problems_of(_runner.load_key, dkim, check_mode=True) == ["dkim.private_key_path: directory %s does not exist" % (tmp_path / "nodir")]


def test_load_key_an_existing_file_is_never_overwritten(tmp_path):
    path = tmp_path / "dkim.pem"
    path.write_text("not a key")
    dkim = _runner.load_key({"mode": "byodkim", "selector": "s1", "private_key_path": str(path), "generate_key": True}, check_mode=False)
    assert dkim["private_key"] == "not a key"
    assert path.read_text() == "not a key"


def test_load_key_generate_key_needs_cryptography(tmp_path, monkeypatch):
    monkeypatch.setattr(_dkim_keys, "HAS_CRYPTOGRAPHY", False)
    dkim = {"mode": "byodkim", "selector": "s1", "private_key_path": str(tmp_path / "new.pem"), "generate_key": True}
    assert problems_of(_runner.load_key, dkim, check_mode=False) == ["dkim.generate_key needs the 'cryptography' Python library"]
    assert os.listdir(str(tmp_path)) == []


# ---------------------------------------------------------------- prepare


def test_prepare_loads_the_key_from_its_path(tmp_path, pem):
    path = tmp_path / "dkim.pem"
    path.write_text(pem)
    params = {"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "s1", "private_key_path": str(path)}}
    desired, key = _runner.prepare(params, check_mode=True)
    assert desired["dkim"]["public_key"] == _dkim_keys.public_key_b64(key)
    assert _dkim_keys.pem(key) == pem
    assert "private_key" not in params["dkim"]


def test_prepare_reports_a_bad_key_file_without_its_content(tmp_path):
    path = tmp_path / "dkim.pem"
    path.write_text("SECRET-NOT-A-KEY")
    with pytest.raises(_identity.IdentityError) as raised:
        _runner.prepare({"identity": "example.com", "dkim": {"mode": "byodkim", "selector": "s1", "private_key_path": str(path)}}, check_mode=True)
    assert raised.value.problems == ["dkim.private_key is not a readable private key: give a PEM block or its base64 body"]


def test_identity_options_are_the_modules_options():
    spec = _runner.identity_options()
    assert sorted(spec) == sorted(
        [
            "identity",
            "state",
            "dkim",
            "mail_from",
            "configuration_set",
            "feedback_forwarding",
            "policies",
            "purge_policies",
            "verification_txt",
            "record_ttl",
            "tags",
            "purge_tags",
        ]
    )
    assert spec["dkim"]["options"]["private_key"] == dict(type="str", no_log=True)
    assert spec["dkim"]["options"]["key_length"]["choices"] == ["RSA_1024_BIT", "RSA_2048_BIT"]


# ---------------------------------------------------------------- converge, deferred and wait with a scripted runner


class Module:
    def __init__(self, region="eu-west-1", check_mode=False):
        self.region = region
        self.check_mode = check_mode


class Runner:
    """What converge, deferred and wait use of IdentityRunner: ``module``, ``read`` (scripted) and ``apply_identity`` (recorded)."""

    def __init__(self, reads, check_mode=False, token=None):
        self.module = Module(check_mode=check_mode)
        self.reads = list(reads)
        self.calls = []
        self.token = token  # what VerifyDomainIdentity answers

    def read(self, name, kind, want_token, token=None):
        self.calls.append(("read", name, kind, want_token) + ((token,) if token else ()))
        return self.reads.pop(0)

    def apply_identity(self, name, ops):
        self.calls.append(("apply_identity", name, [op for op, _kwargs in ops]))
        return self.token if any(op == "verify_domain_identity" for op, _kwargs in ops) else None


def options(**changes):
    result = {"identity": "example.com", "state": "present", "verification_txt": False, "record_ttl": 300, "wait_timeout": 60, "wait_delay": 5}
    result.update(changes)
    return result


def converged(params, runner, check_mode):
    desired, key = _runner.prepare(params, check_mode)
    return _runner.converge(runner, params, desired, key, check_mode)


def test_converge_a_new_identity_in_check_mode_predicts_it():
    runner = Runner([(None, None)], check_mode=True)
    result = converged(options(mail_from={"domain": "mail.example.com"}, verification_txt=True), runner, check_mode=True)
    assert runner.calls == [("read", "example.com", "DOMAIN", True)]
    assert result["changed"] is True
    assert result["operations"] == ["create_email_identity", "put_email_identity_mail_from_attributes", "verify_domain_identity"]
    assert result["before"] == {}
    assert (result["identity"]["verification_status"], result["identity"]["mail_from_domain"]) == ("PENDING", "mail.example.com")
    assert [(r["name"], r.get("placeholder", False)) for r in result["dns_records"]] == [
        ("pending-dkim-token-1._domainkey.example.com.", True),
        ("pending-dkim-token-2._domainkey.example.com.", True),
        ("pending-dkim-token-3._domainkey.example.com.", True),
        ("mail.example.com.", False),
        ("mail.example.com.", False),
        ("_amazonses.example.com.", True),
    ]
    assert "public_key" not in result


def test_converge_a_new_identity_applies_then_reads_what_ses_made():
    created = _identity.view("example.com", {"IdentityType": "DOMAIN", "DkimAttributes": {"Tokens": TOKENS, "Status": "PENDING", "SigningEnabled": True}})
    runner = Runner([(None, None), (created, {})])
    result = converged(options(), runner, check_mode=False)
    assert runner.calls == [
        ("read", "example.com", "DOMAIN", False),
        ("apply_identity", "example.com", ["create_email_identity"]),
        ("read", "example.com", "DOMAIN", False),
    ]
    assert result["identity"] == created
    assert [r["name"] for r in result["dns_records"]] == ["tok1._domainkey.example.com.", "tok2._domainkey.example.com.", "tok3._domainkey.example.com."]
    assert result["operations"] == ["create_email_identity"]


def test_converge_reads_again_with_the_legacy_token_ses_just_gave():
    created = _identity.view("example.com", {"IdentityType": "DOMAIN", "DkimAttributes": {"Tokens": TOKENS, "Status": "PENDING"}}, "tok")
    runner = Runner([(None, None), (created, {})], token="tok")
    result = converged(options(verification_txt=True), runner, check_mode=False)
    assert runner.calls == [
        ("read", "example.com", "DOMAIN", True),
        ("apply_identity", "example.com", ["create_email_identity", "verify_domain_identity"]),
        ("read", "example.com", "DOMAIN", True, "tok"),  # not asked again (GetIdentityVerificationAttributes)
    ]
    assert ("_amazonses.example.com.", ["tok"]) in [(r["name"], r["values"]) for r in result["dns_records"]]


def test_converge_nothing_to_do_makes_no_call():
    current = _identity.view("example.com", {"IdentityType": "DOMAIN", "DkimAttributes": {"Tokens": TOKENS, "Status": "SUCCESS", "SigningEnabled": True}})
    runner = Runner([(current, {})])
    result = converged(options(), runner, check_mode=False)
    assert runner.calls == [("read", "example.com", "DOMAIN", False)]
    assert (result["changed"], result["operations"], result["identity"], result["before"]) == (False, [], current, current)


@pytest.mark.parametrize("check_mode", [True, False])
def test_converge_absent(check_mode):
    current = _identity.view("example.com", {"IdentityType": "DOMAIN", "DkimAttributes": {"Tokens": TOKENS}})
    runner = Runner([(current, {})], check_mode=check_mode)
    result = converged(options(state="absent"), runner, check_mode=check_mode)
    assert result == {"changed": True, "identity": {}, "dns_records": [], "operations": ["delete_email_identity"], "before": current}
    assert runner.calls[1:] == ([] if check_mode else [("apply_identity", "example.com", ["delete_email_identity"])])
    assert converged(options(state="absent"), Runner([(None, None)]), check_mode=check_mode)["changed"] is False


def test_converge_returns_the_byodkim_public_key(tmp_path, pem):
    path = tmp_path / "dkim.pem"
    path.write_text(pem)
    runner = Runner([(None, None)], check_mode=True)
    result = converged(options(dkim={"mode": "byodkim", "selector": "s1", "private_key_path": str(path)}), runner, check_mode=True)
    public = _dkim_keys.public_key_b64(_dkim_keys.load_private_key(pem))
    assert result["public_key"] == public
    assert result["dns_records"] == [{"name": "s1._domainkey.example.com.", "type": "TXT", "ttl": 300, "values": ["v=DKIM1; k=rsa; p=%s" % public]}]
    assert pem not in repr(result)


def test_converge_uses_the_clock_of_ses_for_the_24_hour_rule():
    current = _identity.view(
        "example.com",
        {
            "IdentityType": "DOMAIN",
            "DkimAttributes": {"Tokens": TOKENS, "NextSigningKeyLength": "RSA_2048_BIT", "LastKeyGenerationTimestamp": "2025-03-10T08:00:00+00:00"},
        },
    )
    response = {"ResponseMetadata": {"HTTPHeaders": {"date": "Mon, 10 Mar 2025 12:00:00 GMT"}}}
    with pytest.raises(_identity.IdentityError) as raised:
        converged(options(dkim={"mode": "easy", "key_length": "RSA_1024_BIT"}), Runner([(current, response)]), check_mode=True)
    assert raised.value.problems == [
        "dkim.key_length: the DKIM key of example.com was generated at 2025-03-10 08:00 UTC, less than 24 hours ago; SES allows one key length "
        "change per 24 hours, so run again after 2025-03-11 08:00 UTC"
    ]
    later = {"ResponseMetadata": {"HTTPHeaders": {"date": "Tue, 11 Mar 2025 08:00:00 GMT"}}}
    result = converged(options(dkim={"mode": "easy", "key_length": "RSA_1024_BIT"}), Runner([(current, later)], check_mode=True), check_mode=True)
    assert result["operations"] == ["put_email_identity_dkim_signing_attributes"]


def test_deferred_reads_the_records_to_retire():
    current = _identity.view(
        "example.com",
        {"IdentityType": "DOMAIN", "DkimAttributes": {"Tokens": TOKENS}, "MailFromAttributes": {"MailFromDomain": "mail.example.com"}},
        "TOKEN=",
    )
    desired, _key = _runner.prepare(options(), True)
    result = _runner.deferred(Runner([(current, {})]), options(verification_txt=True, record_ttl=60), desired)
    assert result["changed"] is False and result["deferred"] is True
    assert (result["identity"], result["before"], result["operations"]) == (current, current, [])
    assert [(r["name"], r["type"], r["ttl"]) for r in result["dns_records"]] == [
        ("tok1._domainkey.example.com.", "CNAME", 60),
        ("tok2._domainkey.example.com.", "CNAME", 60),
        ("tok3._domainkey.example.com.", "CNAME", 60),
        ("mail.example.com.", "MX", 60),
        ("mail.example.com.", "TXT", 60),
        ("_amazonses.example.com.", "TXT", 60),
    ]
    assert _runner.deferred(Runner([(None, None)]), options(), desired) == {
        "changed": False,
        "deferred": True,
        "identity": {},
        "dns_records": [],
        "operations": [],
        "before": {},
    }


class Clock:
    def __init__(self):
        self.now = 1000.0
        self.sleeps = []

    def time(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(_runner.time, "time", clock.time)
    monkeypatch.setattr(_runner.time, "sleep", clock.sleep)
    return clock


def test_wait_until_everything_is_found(clock):
    runner = Runner([(state(dkim_status="PENDING"), {}), (state(mail_from_status="PENDING"), {}), (state(), {})])
    assert _runner.wait(runner, "example.com", "DOMAIN", options()) == state()
    assert clock.sleeps == [5, 5]


def test_wait_stops_at_a_failure(clock):
    runner = Runner([(state(dkim_status="FAILED", mail_from_status="PENDING"), {})])
    with pytest.raises(_runner.WaitError) as raised:
        _runner.wait(runner, "example.com", "DOMAIN", options())
    assert str(raised.value) == "SES reports FAILED for example.com: %s (status FAILED)" % EASY_PENDING
    assert raised.value.state == state(dkim_status="FAILED", mail_from_status="PENDING")
    assert clock.sleeps == []


def test_wait_without_fail_on_failed_ends_when_only_failures_are_left(clock):
    runner = Runner([(state(dkim_status="FAILED", mail_from_status="PENDING"), {}), (state(dkim_status="FAILED"), {})])
    assert _runner.wait(runner, "example.com", "DOMAIN", options(), fail_on_failed=False) == state(dkim_status="FAILED")
    assert clock.sleeps == [5]


def test_wait_times_out_naming_what_is_pending(clock):
    runner = Runner([(state(mail_from_status="PENDING"), {})] * 20)
    with pytest.raises(_runner.WaitError) as raised:
        _runner.wait(runner, "example.com", "DOMAIN", options(wait_timeout=12, wait_delay=5))
    assert str(raised.value) == (
        "timed out after 12 s waiting for SES to verify example.com; still pending: "
        "MAIL FROM MX mail.example.com -> 10 feedback-smtp.eu-west-1.amazonses.com (status PENDING)"
    )
    assert clock.sleeps == [5, 5, 5]


# ---------------------------------------------------------------- legacy tokens read ahead


class TokenRunner(_runner.IdentityRunner):
    """IdentityRunner with recording SES v1/v2 clients: v2 knows ``exists``, v1 has a token for ``tokens``."""

    def __init__(self, tokens, exists=None):
        self.module = None
        self._clients, self._caller, self._lock = {}, None, threading.RLock()
        self._token_lock, self._token_wanted, self._tokens = threading.Lock(), set(), {}
        self.v1_calls, self.known, self.exists = [], tokens, exists

    def client(self, service):
        def call(operation, missing_ok=False, **kwargs):
            if service == "sesv2":
                if self.exists is not None and kwargs["EmailIdentity"] not in self.exists:
                    return None
                return {"IdentityType": "DOMAIN", "DkimAttributes": {"Tokens": TOKENS, "Status": "SUCCESS"}}
            self.v1_calls.append(kwargs["Identities"])
            return {"VerificationAttributes": {n: {"VerificationToken": self.known[n]} for n in kwargs["Identities"] if n in self.known}}

        return call


def test_legacy_tokens_are_read_ahead_100_domains_per_call_and_not_asked_again():
    domains = ["d%03d.example" % n for n in range(250)]
    runner = TokenRunner({"d000.example": "t0", "d249.example": "t249"})
    runner.expect_tokens(reversed(domains + domains[:3]))  # duplicates asked once, in a stable order
    assert runner.v1_calls == []  # nothing read until a read needs a token
    assert runner.read("d249.example", "DOMAIN", True)[0]["verification_token"] == "t249"
    assert runner.v1_calls == [domains[:100], domains[100:200], domains[200:]]
    assert runner.read("d000.example", "DOMAIN", True)[0]["verification_token"] == "t0"
    assert runner.read("d001.example", "DOMAIN", True)[0]["verification_token"] is None  # SES has none: not asked again
    assert len(runner.v1_calls) == 3
    assert runner.read("other.example", "DOMAIN", True)[0]["verification_token"] is None  # not expected: asked now
    assert runner.v1_calls[3:] == [["other.example"]]
    assert runner.read("d000.example", "DOMAIN", True, token="new")[0]["verification_token"] == "new"  # SES just gave it


def test_no_legacy_token_is_read_while_none_of_the_domains_exists():
    runner = TokenRunner({}, exists=set())
    runner.expect_tokens(["a.example", "b.example"])
    assert [runner.read(name, "DOMAIN", True)[0] for name in ("a.example", "b.example")] == [None, None]
    assert runner.v1_calls == []
