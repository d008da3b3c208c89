"""The modules run inside Ansible's worker process (plugin_utils/direct.py) give exactly the results of a normal
module run: the same registered results (check mode and diff included), the same failures, no secret in the
output; and they really run in the worker (no AnsiballZ file is executed)."""

import json
import re

from testkit.playbook import run_playbook

SECRET = "tsig-secret-that-must-never-show"
PLAYBOOK = """
- name: Modules of the collection, each result saved
  hosts: t
  gather_facts: false
  connection: local
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  module_defaults:
    group/mailops.ses.aws:
      region: us-east-1
      endpoint_url: "%(endpoint)s"
  tasks:
    - name: Account settings, read
      mailops.ses.account:
      register: account
    - name: A wrong identity is refused
      mailops.ses.email_identity:
        identity: "bad..example"
      register: refused
      ignore_errors: true
    - name: A DNS plan in check mode with diff
      mailops.ses.dns_record_sets:
        provider: route53
        zone: direct.example
        record_sets: [{name: _dmarc, type: TXT, values: ["v=DMARC1; p=none"]}]
      check_mode: true
      diff: true
      register: plan
    - name: A secret option and a server that does not answer
      mailops.ses.dns_record_sets:
        provider: rfc2136
        zone: direct.example
        server: 127.0.0.1
        port: 9
        key_name: k
        key_secret: "%(secret)s"
        record_sets: [{name: _dmarc, type: TXT, values: ["v=DMARC1; p=none"]}]
      register: unreachable
      ignore_errors: true
    - name: Save the results
      ansible.builtin.copy:
        content: "{{ {'account': account, 'refused': refused, 'plan': plan, 'unreachable': unreachable} | to_json }}"
        dest: "%(out)s"
        mode: "0600"
"""


def run(sandbox, tmp_path, direct):
    out = tmp_path / ("results-%d.json" % direct)
    playbook = tmp_path / ("play-%d.yml" % direct)
    playbook.write_text(PLAYBOOK % {"endpoint": sandbox.endpoint, "secret": SECRET, "out": out})
    inventory = tmp_path / "hosts"
    inventory.write_text("t\n")
    result = run_playbook(str(inventory), dict(sandbox.env(), MAILOPS_DIRECT_MODULES=str(direct)), playbook=str(playbook), args=["-vvv"])
    assert result.rc == 0, result.stdout[-3000:]
    return result, json.loads(out.read_text())


def test_in_worker_results_equal_separate_process_results(clean_sandbox, tmp_path):
    clean_sandbox.client("route53").create_hosted_zone(Name="direct.example", CallerReference="direct")
    direct, in_worker = run(clean_sandbox, tmp_path, 1)
    separate, in_process = run(clean_sandbox, tmp_path, 0)
    ours = re.compile(r"AnsiballZ_(account|email_identity|dns_record_sets)\.py")
    assert len(set(ours.findall(separate.stdout))) == 3 and not ours.search(direct.stdout)
    assert in_worker == in_process
    assert in_worker["refused"]["failed"] is True and "bad..example" in in_worker["refused"]["msg"]
    assert in_worker["plan"]["changed"] is True and in_worker["plan"]["diff"]
    assert in_worker["unreachable"]["failed"] is True
    for output in (direct.stdout, direct.stderr, json.dumps(in_worker)):
        assert SECRET not in output
