#!/usr/bin/env python3
"""Benchmark the main job against the sandbox, and a baseline done the way people do it today.

  .venv/bin/python benchmarks/rollout.py [--sizes 1x10] [--latency-ms 50] [--no-baseline] [--separate-processes] [--profile]
  .venv/bin/python benchmarks/rollout.py --sizes 1x1,10x20 --no-baseline --repeat 3  # how the main job scales (medians)
  .venv/bin/python benchmarks/rollout.py --also ../mailops-0.1.0 --no-baseline  # this checkout against another one

Starts its own sandbox (``--latency-ms`` on every request, to look like a real round trip),
generates an inventory of T tenants (one account each, us-east-1) with D domain identities each
(custom MAIL FROM, Easy DKIM, a configuration set, legacy TXT verification) and one Route 53 zone per
tenant, served over DNS by the sandbox (``check_server``), then runs ``site.yml`` twice (first run,
no-op rerun), verify phase included. The baseline runs ``community.aws.ses_identity`` for each domain
and one ``amazon.aws.route53`` task per record (the DKIM tokens are read with email_identity_info, as a
console user would copy them), twice. Prints wall time, peak memory and API calls per service and
operation, the CPU time of ansible-playbook with its workers and of the sandbox (what emulating AWS costs
this machine, which real AWS does not), and the ratios (baseline / mailops.ses, and each size against the first). With
``--profile``, the ten slowest tasks of each run (ansible.posix.profile_tasks).
"""

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

from testkit.playbook import COLLECTIONS, write_inventory  # noqa: E402
from testkit.sandbox import Sandbox  # noqa: E402

BASELINE = """
- name: Baseline - SES identities and DNS records, one task per record
  hosts: ses_tenants
  gather_facts: false
  connection: local
  vars:
    ansible_python_interpreter: "{{ ansible_playbook_python }}"
  tasks:
    - name: Assume the tenant's role
      amazon.aws.sts_assume_role:
        role_arn: "{{ mailops_aws_role_arn }}"
        role_session_name: baseline
        endpoint_url: "{{ mailops_aws_endpoint_url }}"
      register: creds
      changed_when: false
      no_log: true
    - name: Identities with community.aws.ses_identity
      community.aws.ses_identity:
        identity: "{{ item.identity }}"
        state: present
        region: "{{ mailops_ses_region }}"
        access_key: "{{ creds.sts_creds.access_key }}"
        secret_key: "{{ creds.sts_creds.secret_key }}"
        session_token: "{{ creds.sts_creds.session_token }}"
        endpoint_url: "{{ mailops_aws_endpoint_url }}"
      loop: "{{ mailops_ses_identities }}"
      register: identities
    - name: DKIM tokens, copied from SES
      mailops.ses.email_identity_info:
        identity: "{{ item.identity }}"
        region: "{{ mailops_ses_region }}"
        access_key: "{{ creds.sts_creds.access_key }}"
        secret_key: "{{ creds.sts_creds.secret_key }}"
        session_token: "{{ creds.sts_creds.session_token }}"
        endpoint_url: "{{ mailops_aws_endpoint_url }}"
      loop: "{{ mailops_ses_identities }}"
      register: infos
    - name: One amazon.aws.route53 task per record
      amazon.aws.route53:
        state: present
        zone: "{{ tenant_zone }}"
        record: "{{ item.name }}"
        type: "{{ item.type }}"
        ttl: 300
        value: "{{ item['values'] }}"
        overwrite: true
        endpoint_url: "{{ mailops_aws_endpoint_url }}"
      loop: "{{ infos.results | baseline_records(identities.results) }}"
"""


def inventory(directory, sandbox, tenants, domains):
    hosts, zones, policy = {}, {}, {}
    for t in range(tenants):
        zone = "t%d.bench.example" % t
        zones[zone] = {"provider": "route53", "check_server": sandbox.route53_dns}
        identities = []
        for d in range(domains):
            domain = "d%d.%s" % (d, zone)
            identities.append({"identity": domain, "mail_from": "mail." + domain, "configuration_set": "bulk", "verification_txt": True})
            policy[domain] = {"dmarc": {"policy": "none", "rua": ["dmarc@" + domain]}}
        hosts["tenant%02d" % t] = {
            "mailops_ses_region": "us-east-1",
            "mailops_aws_role_arn": "arn:aws:iam::%012d:role/mailops" % (100000000000 + t),
            "mailops_ses_identities": identities,
            "mailops_ses_configuration_sets": [{"name": "bulk", "reputation_metrics": True}],
            "tenant_zone": zone,
        }
    return write_inventory(
        directory,
        hosts,
        {
            "mailops_aws_endpoint_url": sandbox.endpoint,
            "mailops_domains": policy,
            "mailops_dns_zones": zones,
            "mailops_verify_timeout": 60,
            "mailops_verify_delay": 1,
        },
    ), sorted(zones)


PROFILE_RE = re.compile(r"^(.+?) -+ (\d+\.\d+)s$", re.M)


def slowest(output, count=10):
    """The ``count`` slowest tasks of a run, from ansible.posix.profile_tasks' summary."""
    summary = output[output.rfind("=" * 20) :] if "=" * 20 in output else output
    return [(name.strip(), float(seconds)) for name, seconds in PROFILE_RE.findall(summary)][:count]


def run(playbook, inv, env, forks, keep=None):
    started = time.monotonic()
    completed = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), playbook, "-i", inv, "-f", str(forks)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.monotonic() - started
    if keep:
        os.makedirs(os.path.dirname(keep), exist_ok=True)
        with open(keep, "w") as handle:
            handle.write(completed.stdout)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-6000:])
        raise SystemExit("%s failed (rc %d)" % (playbook, completed.returncode))
    return wall, completed.stdout


def measure(label, playbook, inv, env, sandbox, forks, keep_dir=None):
    sandbox.reset_calls()
    keep = os.path.join(keep_dir, label.replace(" ", "-") + ".log") if keep_dir else None
    sandbox_cpu, children = sandbox.cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    wall, output = run(playbook, inv, env, forks, keep)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    calls = sandbox.calls()
    return {
        "label": label,
        "wall_s": round(wall, 2),
        # CPU of ansible-playbook and its workers, and of the sandbox (which real AWS does not cost this machine)
        "ansible_cpu_s": round(after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime, 2),
        "sandbox_cpu_s": round(sandbox.cpu_seconds() - sandbox_cpu, 2),
        "api_calls": calls["total"],
        "writes": calls["writes"],
        "by_operation": calls["services"],
        "slowest_tasks": slowest(output),
    }


def collections_of(checkout, work):
    """An ANSIBLE_COLLECTIONS_PATH whose mailops.ses is ``checkout`` (another clone of this repository)."""
    tree = os.path.join(work, "collections-%s" % os.path.basename(os.path.abspath(checkout)))
    os.makedirs(os.path.join(tree, "ansible_collections", "mailops"), exist_ok=True)
    link = os.path.join(tree, "ansible_collections", "mailops", "ses")
    if not os.path.islink(link):
        os.symlink(os.path.abspath(checkout), link)
    return tree


def bench(kind, tenants, domains, args, env, work):
    """First run and no-op rerun of ``kind`` (mailops.ses, baseline or ``other:<path>``) at one size, on a fresh sandbox."""
    shown = "mailops.ses@%s" % os.path.basename(os.path.abspath(kind.split(":", 1)[1])) if kind.startswith("other:") else kind
    label = "%s %dx%d" % (shown, tenants, domains)
    if kind == "baseline":  # its email_identity_info tasks run as modules always did, not in Ansible's worker
        env = dict(env, MAILOPS_DIRECT_MODULES="0")
    elif args.separate_processes:
        env = dict(env, MAILOPS_DIRECT_MODULES="0")
    if kind.startswith("other:"):  # another checkout's site.yml and plugins, everything else the same
        checkout = kind.split(":", 1)[1]
        env = dict(env, ANSIBLE_COLLECTIONS_PATH=collections_of(checkout, work))
    with Sandbox(extra_args=["--latency-ms", str(args.latency_ms)]) as sandbox:
        inv, zones = inventory(os.path.join(work, label.replace(" ", "-")), sandbox, tenants, domains)
        r53 = sandbox.client("route53")
        for zone in zones:
            r53.create_hosted_zone(Name=zone, CallerReference=zone)
        if kind == "mailops.ses":
            playbook = os.path.join(ROOT, "playbooks", "site.yml")
        elif kind.startswith("other:"):
            playbook = os.path.join(kind.split(":", 1)[1], "playbooks", "site.yml")
        else:
            playbook = os.path.join(work, "baseline.yml")
            with open(playbook, "w") as handle:
                handle.write(BASELINE)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        first = measure("%s first run" % label, playbook, inv, env, sandbox, args.forks, args.keep_output)
        rerun = measure("%s no-op rerun" % label, playbook, inv, env, sandbox, args.forks, args.keep_output)
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        for result, which in ((first, "first run"), (rerun, "no-op rerun")):
            result.update(kind=kind, run=which, tenants=tenants, domains=domains, peak_rss_mb=round(peak / 1024.0, 1))
        return first, rerun


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1x10", help="comma-separated TENANTSxDOMAINS, e.g. 1x1,10x20")
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--forks", type=int, default=10)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--also", metavar="CHECKOUT", help="also run site.yml of another checkout of mailops.ses (e.g. 0.1.0) the same way")
    parser.add_argument(
        "--separate-processes", action="store_true", help="run mailops.ses's modules as separate processes (MAILOPS_DIRECT_MODULES=0), as before 0.2"
    )
    parser.add_argument("--profile", action="store_true", help="print the slowest tasks of each run")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each size this many times, each on a fresh sandbox; the ratios compare the median wall times"
    )
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--keep-output", help="write the ansible-playbook output of each run into this directory")
    args = parser.parse_args()
    env = dict(
        os.environ,
        ANSIBLE_COLLECTIONS_PATH=COLLECTIONS,
        ANSIBLE_NOCOLOR="1",
        AWS_ACCESS_KEY_ID="testing",
        ANSIBLE_FILTER_PLUGINS=os.path.join(ROOT, "benchmarks", "filter_plugins"),
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
        AWS_REGION="us-east-1",
        ANSIBLE_CALLBACKS_ENABLED="ansible.posix.profile_tasks",
        PROFILE_TASKS_TASK_OUTPUT_LIMIT="all",
    )
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    results = {"latency_ms": args.latency_ms, "forks": args.forks, "runs": []}
    work = tempfile.mkdtemp(prefix="mailops-bench-")
    for tenants, domains in sizes:
        for kind in ["mailops.ses"] + (["other:" + args.also] if args.also else []) + ([] if args.no_baseline else ["baseline"]):
            for repeat in range(args.repeat):
                for run_result in bench(kind, tenants, domains, args, env, work):
                    if args.repeat > 1:
                        run_result["label"] += " #%d" % (repeat + 1)
                    results["runs"].append(dict(run_result, repeat=repeat))
    print("\n%d ms per request, %d forks, verify phase on, a DNS server answering for every zone" % (args.latency_ms, args.forks))
    print("%-36s %9s %10s %8s %12s %10s %10s" % ("run", "wall (s)", "API calls", "writes", "peak RSS MB", "CPU (s)", "AWS CPU"))
    for run_result in results["runs"]:
        print(
            "%-36s %9.1f %10d %8d %12.1f %10.1f %10.1f"
            % (
                run_result["label"],
                run_result["wall_s"],
                run_result["api_calls"],
                run_result["writes"],
                run_result["peak_rss_mb"],
                run_result["ansible_cpu_s"],
                run_result["sandbox_cpu_s"],
            )
        )
    ours = [r for r in results["runs"] if r["kind"] == "mailops.ses"]
    for run_result in [r for r in ours if r["repeat"] == 0]:
        identities = run_result["tenants"] * run_result["domains"]
        print("\n%s, API calls by operation:" % run_result["label"])
        for service, operations in sorted(run_result["by_operation"].items()):
            for operation, count in sorted(operations.items()):
                print("  %-10s %-45s %6d  (%.2f per identity)" % (service, operation, count, count / float(identities)))
    if args.profile:
        for run_result in results["runs"]:
            print("\n%s, slowest tasks:" % run_result["label"])
            for name, seconds in run_result["slowest_tasks"]:
                print("  %7.2f s  %s" % (seconds, name))
    ratios = results["ratios"] = {}
    if args.repeat > 1:
        print("\nratios of the median wall times of %d runs each" % args.repeat)

    def wall(kind, which, size):
        """The median wall time of ``kind``'s ``which`` run at ``size`` over the repeats."""
        return statistics.median(r["wall_s"] for r in results["runs"] if (r["kind"], r["run"], (r["tenants"], r["domains"])) == (kind, which, size))

    for size in sizes:
        kinds = {r["kind"] for r in results["runs"] if (r["tenants"], r["domains"]) == size}
        if "baseline" in kinds:
            first = wall("baseline", "first run", size) / wall("mailops.ses", "first run", size)
            noop = wall("baseline", "no-op rerun", size) / wall("mailops.ses", "no-op rerun", size)
            ratios["%dx%d baseline / mailops.ses" % size] = {"first_run": round(first, 2), "noop": round(noop, 2)}
            print("\n%dx%d: baseline / mailops.ses - first run %.1fx, no-op rerun %.1fx" % (size + (first, noop)))
        for kind in sorted(k for k in kinds if k.startswith("other:")):
            first = wall(kind, "first run", size) / wall("mailops.ses", "first run", size)
            noop = wall(kind, "no-op rerun", size) / wall("mailops.ses", "no-op rerun", size)
            ratios["%dx%d %s / mailops.ses" % (size + (kind,))] = {"first_run": round(first, 2), "noop": round(noop, 2)}
            print("%dx%d: %s / this checkout - first run %.1fx, no-op rerun %.1fx" % (size + (kind, first, noop)))
    for size in sizes[1:]:
        first = wall("mailops.ses", "first run", size) / wall("mailops.ses", "first run", sizes[0])
        noop = wall("mailops.ses", "no-op rerun", size) / wall("mailops.ses", "no-op rerun", sizes[0])
        ratios["%dx%d / %dx%d" % (size + sizes[0])] = {"first_run": round(first, 2), "noop": round(noop, 2)}
        print("%dx%d against %dx%d: first run %.1fx, no-op rerun %.1fx" % (size + sizes[0] + (first, noop)))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
