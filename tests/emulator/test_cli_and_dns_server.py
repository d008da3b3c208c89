"""The ``tools/aws-emulator`` command itself, and verification through a real DNS server."""

import signal
import socket
import subprocess
import sys

import dns.query
import dns.tsigkeyring
import dns.update
import pytest
from testkit.bind import Bind
from testkit.sandbox import EMULATOR, Sandbox

from ..conftest import require_bind


def listening_addresses(port):
    """IPv4 addresses with a listening TCP socket on ``port``, read from /proc/net/tcp."""
    found = set()
    with open("/proc/net/tcp") as table:
        for line in table.readlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_binds_loopback_prints_ready_and_stops_on_sigterm():
    sandbox = Sandbox().start()
    try:
        with socket.create_connection(("127.0.0.1", sandbox.port), timeout=2):
            pass
        assert listening_addresses(sandbox.port) == {"127.0.0.1"}
        sandbox.process.send_signal(signal.SIGTERM)
        assert sandbox.process.wait(timeout=10) == 0
        assert b"stopped" in sandbox.process.stdout.read()
    finally:
        sandbox.stop()


@pytest.mark.parametrize("extra_args", [[], ["--no-warm-up"]])
def test_a_ready_sandbox_is_empty_whether_it_warmed_up_or_not(extra_args):
    """The warm-up's reads (one per service, before ``ready``) leave no call counted and no state behind."""
    with Sandbox(extra_args=["--throttle-rate", "1.0", "--latency-ms", "20"] + extra_args) as sandbox:
        assert sandbox.calls() == {"services": {}, "total": 0, "writes": 0}
        view = sandbox.configure()
        assert (view["throttle_rate"], view["latency_ms"]) == (1.0, 20)  # the faults it was started with, kept
        sandbox.configure(throttle_rate=0.0)
        assert sandbox.client("sesv2").list_email_identities()["EmailIdentities"] == []
        assert sandbox.client("sns").list_topics()["Topics"] == []
        assert sandbox.client("route53").list_hosted_zones()["HostedZones"] == []
        assert sandbox.calls()["total"] == 3


def test_bad_arguments_are_refused():
    result = subprocess.run([sys.executable, EMULATOR, "--port", "1", "--throttle-rate", "2"], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "--throttle-rate must be between 0 and 1" in result.stderr


def test_verification_through_dns_server():
    require_bind()
    with Bind({"example.com": ""}) as bind, Sandbox(dns_server=bind.server) as sandbox:
        ses = sandbox.client("sesv2")
        tokens = ses.create_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Tokens"]
        ses.put_email_identity_mail_from_attributes(EmailIdentity="example.com", MailFromDomain="mail.example.com")
        assert ses.get_email_identity(EmailIdentity="example.com")["DkimAttributes"]["Status"] == "PENDING"
        keyring = dns.tsigkeyring.from_text({bind.key_name: (bind.algorithm, bind.secret)})
        update = dns.update.UpdateMessage("example.com", keyring=keyring, keyname=bind.key_name)
        for token in tokens:
            update.add(f"{token}._domainkey", 300, "CNAME", f"{token}.dkim.amazonses.com.")
        update.add("mail", 300, "MX", "10 feedback-smtp.us-east-1.amazonses.com.")
        assert dns.query.tcp(update, "127.0.0.1", port=bind.port, timeout=5).rcode() == 0
        got = ses.get_email_identity(EmailIdentity="example.com")
        assert got["DkimAttributes"]["Status"] == "SUCCESS"
        assert got["MailFromAttributes"]["MailFromDomainStatus"] == "SUCCESS"


def test_route53_zones_are_served_over_dns(clean_sandbox):
    import dns.message
    import dns.query
    import dns.rcode
    from testkit.aws import add_records

    r53 = clean_sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name="example.com", CallerReference="dns")["HostedZone"]["Id"]
    add_records(
        r53,
        zone_id,
        [
            ("_amazonses.example.com", "TXT", ['"tok1"', '"tok2"']),
            ("t1._domainkey.example.com", "CNAME", ["t1.dkim.amazonses.com"]),
            ("mail.example.com", "MX", ["10 feedback-smtp.us-east-1.amazonses.com"]),
        ],
    )
    host, port = clean_sandbox.route53_dns.split(":")

    def ask(name, rtype, tcp=False):
        query = dns.message.make_query(name, rtype)
        send = dns.query.tcp if tcp else dns.query.udp
        return send(query, host, port=int(port), timeout=2)

    txt = ask("_amazonses.example.com", "TXT")
    assert sorted(r.to_text() for r in txt.answer[0]) == ['"tok1"', '"tok2"']
    assert ask("mail.example.com", "MX", tcp=True).answer[0][0].to_text() == "10 feedback-smtp.us-east-1.amazonses.com."
    assert ask("t1._domainkey.example.com", "CNAME").answer[0][0].to_text() == "t1.dkim.amazonses.com."
    assert ask("nothing.example.com", "TXT").rcode() == dns.rcode.NXDOMAIN
    nodata = ask("mail.example.com", "TXT")
    assert nodata.rcode() == dns.rcode.NOERROR and not nodata.answer
    assert ask("example.org", "TXT").rcode() == dns.rcode.REFUSED


def _clone_without_venv(tmp_path):
    """The files a fresh clone has: tools/ and the requirement pins, no .venv."""
    import os
    import shutil

    root = os.path.dirname(os.path.dirname(EMULATOR))
    shutil.copytree(os.path.join(root, "tools"), tmp_path / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(os.path.join(root, "requirements-test.txt"), tmp_path / "requirements-test.txt")
    return tmp_path / "tools" / "aws-emulator"


def test_a_python_without_moto_and_no_venv_gets_one_line_saying_what_to_run(tmp_path):
    emulator = _clone_without_venv(tmp_path)
    # -S: no site-packages, so neither moto nor werkzeug can be imported
    done = subprocess.run([sys.executable, "-S", str(emulator), "--port", "1"], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == ("aws-emulator needs moto[server]: run `make test` once (it creates .venv), or `pip install -r requirements-test.txt`\n")


def test_a_python_without_moto_uses_the_projects_venv(tmp_path):
    import os

    emulator = _clone_without_venv(tmp_path)
    os.symlink(os.path.dirname(os.path.dirname(sys.executable)), tmp_path / ".venv")  # the venv the tests run in
    port = Sandbox().port
    process = subprocess.Popen([sys.executable, "-S", str(emulator), "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "ready" in process.stdout.readline().decode()
    finally:
        process.terminate()
        process.wait(timeout=10)
