"""An inventory written the way people write them: values built from other variables with Jinja, per host
(inventory_hostname) and from group_vars, and a vaulted value. The controller-side steps (inventory check, DNS
plan, the tenant's facts) read the inventory raw and render only what looks like a template; what they see must
be exactly what Ansible renders."""

import os
import subprocess
import sys
import textwrap

from testkit.aws import zone_dump
from testkit.playbook import run_playbook

DOMAIN = "templated.example"
PASSWORD = "not-a-real-vault-password"


def vaulted(tmp_path, value):
    """``value`` encrypted with ansible-vault, as YAML (``!vault |`` and the indented text)."""
    password_file = tmp_path / "vault-password"
    password_file.write_text(PASSWORD)
    binary = os.path.join(os.path.dirname(sys.executable), "ansible-vault")
    completed = subprocess.run([binary, "encrypt_string", "--vault-password-file", str(password_file), value], capture_output=True, text=True, check=True)
    return completed.stdout.strip(), str(password_file)


def write(tmp_path, sandbox, policy_yaml):
    directory = tmp_path / "inventory"
    (directory / "group_vars").mkdir(parents=True, exist_ok=True)
    (directory / "hosts.yml").write_text(
        textwrap.dedent(
            """\
            ses_tenants:
              hosts:
                unit-a:
                  mailops_aws_role_arn: "arn:aws:iam::{{ accounts[inventory_hostname] }}:role/ses"
                unit-b:
                  mailops_aws_role_arn: "arn:aws:iam::{{ accounts[inventory_hostname] }}:role/ses"
                  mailops_ses_identities: "{{ shared_identities + [{'identity': 'b.' ~ domain, 'mail_from': bounce ~ '.b.' ~ domain}] }}"
            """
        )
    )
    (directory / "group_vars" / "all.yml").write_text(
        textwrap.dedent(
            """\
            domain: %(domain)s
            bounce: bounces
            accounts: {unit-a: "111111111111", unit-b: "222222222222"}
            region_of_all: us-east-1
            shared_identities:
              - identity: "{{ domain }}"
                mail_from: "{{ bounce }}.{{ domain }}"
            mailops_aws_endpoint_url: %(endpoint)s
            mailops_ses_region: "{{ region_of_all }}"
            mailops_ses_identities: "{{ shared_identities }}"
            mailops_verify: false
            mailops_dns_zones:
              "%(domain)s": {provider: route53}
            mailops_domains:
              "%(domain)s":
                dmarc:
                  policy: %(policy)s
                  rua: ["dmarc@{{ domain }}"]
            """
        )
        % {"domain": DOMAIN, "endpoint": sandbox.endpoint, "policy": policy_yaml}
    )
    return str(directory)


def test_templated_and_vaulted_inventory_values_reach_ses_and_dns_as_ansible_renders_them(clean_sandbox, tmp_path):
    r53 = clean_sandbox.client("route53")
    zone_id = r53.create_hosted_zone(Name=DOMAIN, CallerReference="templates")["HostedZone"]["Id"]
    policy, password_file = vaulted(tmp_path, "quarantine")
    inventory = write(tmp_path, clean_sandbox, policy.replace("\n", "\n    "))
    result = run_playbook(inventory, clean_sandbox.env(), args=["--vault-password-file", password_file])
    assert result.rc == 0 and result.failed == 0, result.stdout[-4000:]

    published = {(name, rtype): values for name, rtype, _ttl, values in zone_dump(r53, zone_id)}
    # the vaulted policy and the templated report address
    assert published[("_dmarc.%s." % DOMAIN, "TXT")] == ('"v=DMARC1; p=quarantine; rua=mailto:dmarc@%s"' % DOMAIN,)
    # MAIL FROM names built from group_vars, for the shared identity and unit-b's own one
    assert published[("bounces.%s." % DOMAIN, "MX")] == ("10 feedback-smtp.us-east-1.amazonses.com.",)
    assert published[("bounces.b.%s." % DOMAIN, "MX")] == ("10 feedback-smtp.us-east-1.amazonses.com.",)
    # each tenant in the account its inventory_hostname picked
    for account, identities in (("111111111111", [DOMAIN]), ("222222222222", sorted([DOMAIN, "b." + DOMAIN]))):
        ses = clean_sandbox.client("sesv2", region="us-east-1", account=account)
        assert sorted(i["IdentityName"] for i in ses.list_email_identities()["EmailIdentities"]) == identities
        assert ses.get_email_identity(EmailIdentity=DOMAIN)["MailFromAttributes"]["MailFromDomain"] == "bounces." + DOMAIN

    # a wrong value behind a template is caught by the inventory check, named, before any write
    clean_sandbox.reset_calls()
    bad = write(tmp_path, clean_sandbox, "\"{{ 'strict' }}\"")
    refused = run_playbook(bad, clean_sandbox.env())
    assert refused.rc != 0
    assert "- mailops_domains['%s'].dmarc.policy 'strict' is not one of none, quarantine, reject" % DOMAIN in refused.stdout, refused.stdout[-3000:]
    assert clean_sandbox.writes() == {}
