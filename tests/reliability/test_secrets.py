"""No secret reaches the output: a whole rollout with -vvv, --diff and the readiness report, with every kind of secret.

Nor the fact cache: the run keeps a persistent one (jsonfile), and reads no fact as a plain variable.

The inventory holds a BYODKIM private key (PEM), a TSIG secret (an RFC 2136 zone on a real BIND), and makes
the roles assume a role (``mailops_aws_role_arn``), so every SES and STS call carries session credentials
the sandbox's STS handed out; the base credentials of the automation identity are in the environment, as
AWX injects them. After the run, the assumed-role credentials are read back from the sandbox
(``/moto-api/data.json`` lists every AssumedRole with its secret key and session token) and every secret
is searched for, verbatim, in stdout, stderr and every file the report phase wrote. A second run, with
the DNS server down, does the same for a failure (module arguments are printed with -vvv when a task
fails).

What counts as the private key's secret text: the base64 DER of the key (PKCS#1 and PKCS#8 forms) and
every line of its PEM that is not public. The PEM lines that encode the modulus are public: they appear,
with the same base64 alignment, in the DKIM public key the run publishes in DNS (``s1._domainkey``), so
they are left out of the search on purpose.

Molecule logs are not searched: a Molecule scenario takes minutes and runs the same site.yml; its
no_log handling is the playbook's. ansible-test's sanity stage (validate-modules) checks separately that
module options holding secrets are declared no_log.
"""

import base64
import json
import os
import secrets
import urllib.request

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from testkit.playbook import run_playbook

from .test_faults import BindZone, Tenant, domains_policy, fatal_messages, identity, inventory, ses_state

MOTO_SESSION_TOKEN_PREFIX = "FQoGZXIvYXdzE"  # every session token moto's STS makes starts with it


def private_key_secrets(key):
    """(PEM to put in the inventory, [secret strings]) for an RSA key."""
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode()
    ders = [
        key.private_bytes(serialization.Encoding.DER, form, serialization.NoEncryption())
        for form in (serialization.PrivateFormat.TraditionalOpenSSL, serialization.PrivateFormat.PKCS8)
    ]
    public = [
        base64.b64encode(key.public_key().public_bytes(serialization.Encoding.DER, form)).decode()
        for form in (serialization.PublicFormat.SubjectPublicKeyInfo, serialization.PublicFormat.PKCS1)
    ]
    lines = []
    for der in ders:
        body = base64.b64encode(der).decode()
        lines.extend(body[i : i + 64] for i in range(0, len(body), 64))
    secret_lines = [line for line in lines if len(line) >= 16 and not any(line in text for text in public)]
    assert len(secret_lines) >= 30, "too few private lines to search for: %d" % len(secret_lines)
    return pem, [base64.b64encode(der).decode() for der in ders] + secret_lines


def assumed_role_secrets(sandbox):
    with urllib.request.urlopen(sandbox.endpoint + "/moto-api/data.json", timeout=10) as response:
        roles = json.loads(response.read())["sts"]["AssumedRole"]
    return [role["secret_access_key"] for role in roles] + [role["session_token"] for role in roles]


def outputs(result, report_dir):
    """{where: text} of everything the run wrote: stdout, stderr, each report file."""
    found = {"stdout": result.stdout, "stderr": result.stderr}
    for root, _dirs, files in os.walk(report_dir):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                found[path] = handle.read().decode("utf-8", "replace")
    return found


def assert_no_secret(texts, named_secrets):
    """Each secret is absent from each text; a leak is reported with the task that printed it."""
    leaks = set()
    for label, values in named_secrets.items():
        for value in values:
            for where, text in texts.items():
                at = text.find(value)
                while at >= 0:
                    task = text.rfind("TASK [", 0, at)
                    leaks.add("%s in %s, %s" % (label, where, text[task : text.find("]", task) + 1] if task >= 0 else "?"))
                    at = text.find(value, at + 1)
    assert not leaks, "\n".join(sorted(leaks))


def test_rollout_with_vvv_diff_and_report_shows_no_secret(clean_sandbox, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem, key_secrets = private_key_secrets(key)
    external_id = "external-" + secrets.token_hex(12)  # "may be a secret" (docs/inventory.md)
    tenant = Tenant(
        "marketing",
        "111111111111",
        "us-east-1",
        [identity("example.org", dkim={"mode": "byodkim", "selector": "s1", "private_key": pem})],
        mailops_aws_external_id=external_id,
    )
    zone = BindZone("example.org")
    base = {
        "AWS_ACCESS_KEY_ID": "AKIA" + secrets.token_hex(8).upper(),
        "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(30),
        "AWS_SESSION_TOKEN": "base-" + secrets.token_urlsafe(60),
    }
    # a persistent fact cache, as AWX's fact storage or a jsonfile cache keeps one: the tenant's credentials and keys
    # are registered, never facts, so nothing of them may land there; and no role reads a fact as a plain variable
    # (ansible-core 2.20 deprecates that, INJECT_FACTS_AS_VARS=false is what it moves to)
    fact_cache = tmp_path / "fact-cache"
    cache = {"ANSIBLE_CACHE_PLUGIN": "jsonfile", "ANSIBLE_CACHE_PLUGIN_CONNECTION": str(fact_cache), "ANSIBLE_INJECT_FACT_VARS": "false"}
    env = dict(clean_sandbox.env(), **base, **cache)
    report_dir = tmp_path / "report"
    try:
        inv = inventory(
            tmp_path / "inventory",
            clean_sandbox,
            [tenant],
            {"example.org": zone.settings()},
            domains_policy("example.org"),
            mailops_verify=True,
            mailops_verify_wait=False,
            mailops_report={"enabled": True, "dir": str(report_dir)},
        )
        result = run_playbook(inv, env, args=["-vvv", "--diff"])
        assert result.rc == 0, result.stdout[-4000:]
        # the run did what carries the secrets: BYODKIM set up with the key, the zone written with TSIG,
        # SES reached with assumed-role credentials, the report written
        state = ses_state(clean_sandbox, [tenant])["marketing"]["example.org"]
        assert state["dkim_origin"] == "EXTERNAL", state
        assert any(name.startswith("s1._domainkey.") for name, _t, _v in zone.dump())
        assert (report_dir / "readiness.json").exists() and (report_dir / "readiness.html").exists()
        assert "ESTABLISH LOCAL CONNECTION" in result.stdout and '"invocation": {' in result.stdout  # -vvv
        assert "+++ after: example.org. (planned)" in result.stdout  # --diff
        assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in result.stdout  # secrets were passed, and masked

        zone.bind.stop(remove=False)  # and a failure: the DNS step fails with its module arguments printed
        failed = run_playbook(inv, env, args=["-vvv", "--diff"])
        (message,) = fatal_messages(failed)
        assert failed.rc != 0 and "is it up and listening" in message, failed.stdout[-3000:]

        assumed = assumed_role_secrets(clean_sandbox)
        assert len(assumed) >= 4, assumed  # tenant and report credentials, both runs
        named = {
            "BYODKIM private key": key_secrets + ["PRIVATE KEY-----"],
            "TSIG secret": [zone.bind.secret],
            "assumed-role secret key or session token": assumed + [MOTO_SESSION_TOKEN_PREFIX],
            "base secret key or session token": [base["AWS_SECRET_ACCESS_KEY"], base["AWS_SESSION_TOKEN"]],
            "external id": [external_id],
        }
        texts = outputs(result, report_dir)
        texts.update(("failed run " + where, text) for where, text in outputs(failed, tmp_path / "none").items())
        cached = {"fact cache " + path: text for path, text in outputs(failed, fact_cache).items() if path not in ("stdout", "stderr")}
        assert all("tenant" not in json.loads(text) for text in cached.values()), sorted(cached)  # no fact of the collection at all
        texts.update(cached)
        assert_no_secret(texts, named)
    finally:
        zone.close()
