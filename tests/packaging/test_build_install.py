"""The collection as users get it: the built tarball, installed on its own, documents and runs.

* ``ansible-galaxy collection build`` ships what users need and nothing of the repository's tooling;
* installed with ``ansible-galaxy collection install`` (plus amazon.aws copied from the ``ansible``
  package, since Galaxy is not reachable) into an otherwise empty collections path,
  ``ansible-doc`` renders every module, filter and role, and ``ansible-playbook mailops.ses.site``
  runs against the local AWS sandbox;
* ``ansible-builder create`` turns an EE definition that installs the tarball into a build context
  whose collections bring boto3, botocore, dnspython and cryptography along;
* the lowest supported ansible-core (``requires_ansible`` in meta/runtime.yml) runs the unit tests
  and the same playbook, from a second virtualenv cached in ``.cache/``.

The module, filter and role names come from the source tree, so new plugins are covered at once.
"""

import ast
import concurrent.futures
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import time

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
SERVICES = os.path.join(ROOT, "tools", "mailops-services")
with open(os.path.join(ROOT, "galaxy.yml")) as _handle:
    GALAXY = yaml.safe_load(_handle)
NAMESPACE, NAME, VERSION = GALAXY["namespace"], GALAXY["name"], GALAXY["version"]
FQCN = "%s.%s" % (NAMESPACE, NAME)
TARBALL = "%s-%s-%s.tar.gz" % (NAMESPACE, NAME, VERSION)

from testkit import core_low as core_low_env  # noqa: E402
from testkit.core_low import CORE_LOW  # noqa: E402

# Paths (prefixes) that must never ship, and ones that must.
NOT_SHIPPED = (
    "tests/",
    "tools/",
    "benchmarks/",
    "scripts/",
    ".ci/",
    "examples/output/",
    "extensions/molecule/",
    ".venv/",
    ".build/",
    ".cache/",
    ".git/",
    ".pytest_cache/",
    ".ansible/",
    "demo-output/",
    "context/",
    "Makefile",
    "requirements-test.txt",
    ".gitignore",
)
SHIPPED_DIRS = ("plugins/", "roles/", "playbooks/", "meta/", "docs/")
SHIPPED_FILES = (
    "README.md",
    "COPYING",
    "requirements.txt",
    "bindep.txt",
    "MANIFEST.json",
    "FILES.json",
    "meta/runtime.yml",
    "meta/execution-environment.yml",
    "playbooks/site.yml",
    "docs/execution-environment.yml",
)
# Sane bounds: a stray virtualenv or test output would blow past them.
MAX_BYTES = 1024 * 1024
MAX_FILES = 500
MIN_FILES = 50


# -- names from the source tree -------------------------------------------------------------------
def module_names():
    return sorted(
        os.path.basename(path)[:-3] for path in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")) if not os.path.basename(path).startswith("_")
    )


def filter_names():
    """Every name a ``FilterModule.filters()`` in plugins/filter/*.py returns (read with ast, not imported)."""
    names = []
    for path in sorted(glob.glob(os.path.join(ROOT, "plugins", "filter", "*.py"))):
        with open(path) as handle:
            tree = ast.parse(handle.read(), path)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name == "FilterModule":
                for method in node.body:
                    if isinstance(method, ast.FunctionDef) and method.name == "filters":
                        for ret in ast.walk(method):
                            if isinstance(ret, ast.Return) and isinstance(ret.value, ast.Dict):
                                names.extend(key.value for key in ret.value.keys if isinstance(key, ast.Constant))
    return sorted(names)


def role_names():
    """Every role; one without meta/argument_specs.yml has no documentation, which the ansible-doc test reports."""
    return sorted(os.path.basename(os.path.dirname(os.path.dirname(path))) for path in glob.glob(os.path.join(ROOT, "roles", "*", "tasks", "main.yml")))


# -- helpers --------------------------------------------------------------------------------------
def clean_env(collections_path=None, bin_dir=VENV_BIN, **extra):
    """The caller's environment without Ansible, AWS or Molecule settings; only ``collections_path`` for collections."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "AWS_", "MOLECULE_", "MAILOPS_")) and key not in ("PYTHONPATH",)}
    env["PATH"] = os.pathsep.join([bin_dir, env.get("PATH", "/usr/bin:/bin")])
    env.update(ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", PY_COLORS="0")
    if collections_path:
        env.update(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="False")
    env.update(extra)
    return env


def run(argv, timeout=300, **kwargs):
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout, check=False, **kwargs)


def explain(result):
    return "rc=%s\n--- stdout (tail)\n%s\n--- stderr (tail)\n%s" % (result.returncode, result.stdout[-6000:], result.stderr[-4000:])


def bundled_collection(fqcn):
    """A collection from the installed ``ansible`` package (the offline stand-in for Galaxy)."""
    path = os.path.join(sysconfig.get_paths()["purelib"], "ansible_collections", *fqcn.split("."))
    assert os.path.isfile(os.path.join(path, "MANIFEST.json")), "%s not found in %s (the ansible package)" % (fqcn, path)
    return path


def add_dependencies(collections_path):
    """Copy every collection galaxy.yml declares as a dependency into ``collections_path``; returns their versions."""
    versions = {}
    for fqcn in sorted(GALAXY.get("dependencies") or {}):
        source = bundled_collection(fqcn)
        shutil.copytree(source, os.path.join(str(collections_path), "ansible_collections", *fqcn.split(".")))
        versions[fqcn] = manifest_version(source)
    return versions


def manifest_version(collection_dir):
    with open(os.path.join(collection_dir, "MANIFEST.json")) as handle:
        return json.load(handle)["collection_info"]["version"]


# -- fixtures -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    result = run([os.path.join(VENV_BIN, "ansible-galaxy"), "collection", "build", "--output-path", str(out), ROOT], cwd=ROOT, env=clean_env())
    assert result.returncode == 0, explain(result)
    path = out / TARBALL
    assert path.is_file(), "ansible-galaxy did not write %s: %s" % (TARBALL, os.listdir(out))
    return str(path)


@pytest.fixture(scope="module")
def collections(tarball, tmp_path_factory):
    """An otherwise empty collections path: the installed tarball, plus amazon.aws from the ansible package."""
    base = tmp_path_factory.mktemp("installed") / "collections"
    result = run(
        [os.path.join(VENV_BIN, "ansible-galaxy"), "collection", "install", tarball, "-p", str(base), "--offline", "--no-deps"],
        cwd=str(base.parent),
        env=clean_env(),
    )
    assert result.returncode == 0, explain(result)
    installed = base / "ansible_collections" / NAMESPACE / NAME
    assert installed.is_dir() and not installed.is_symlink(), explain(result)
    print("\ninstalled %s from %s; dependencies copied from the ansible package: %s" % (FQCN, os.path.basename(tarball), add_dependencies(base)))
    return str(base)


@pytest.fixture(scope="module")
def core_low():
    """A second virtualenv with the lowest supported ansible-core, reused while its inputs stay the same."""
    return ensure_core_low_venv()


def ensure_core_low_venv():
    try:
        return core_low_env.ensure()
    except RuntimeError as exc:
        pytest.fail(str(exc))


# -- the sandbox run of site.yml ------------------------------------------------------------------
def one_tenant_inventory(endpoint, dns):
    """One tenant, its zone in the sandbox's Route 53 (like extensions/molecule/default, values inlined)."""
    return {
        "all": {
            "vars": {
                "mailops_aws_endpoint_url": endpoint,
                "mailops_verify_timeout": 30,
                "mailops_verify_delay": 1,
                "mailops_domains": {"shop.example": {"dmarc": {"policy": "none", "rua": ["dmarc@shop.example"]}}},
                "mailops_dns_zones": {"shop.example": {"provider": "route53", "check_server": dns}},
            },
            "children": {
                "ses_tenants": {
                    "hosts": {
                        "shop": {
                            "mailops_ses_region": "us-east-1",
                            "mailops_ses_identities": [
                                {"identity": "shop.example", "mail_from": "mail.shop.example", "verification_txt": True, "configuration_set": "orders"}
                            ],
                            "mailops_ses_configuration_sets": [
                                {
                                    "name": "orders",
                                    "event_destinations": [
                                        {
                                            "name": "per-domain",
                                            "matching_event_types": ["SEND", "DELIVERY", "BOUNCE", "COMPLAINT"],
                                            "cloudwatch": {"dimensions": [{"name": "ses:from-domain", "default": "shop.example"}]},
                                        }
                                    ],
                                }
                            ],
                        }
                    }
                }
            },
        }
    }


def aws_client(service, endpoint):
    import boto3
    from botocore.config import Config

    return boto3.client(
        service,
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 2}),
    )


def run_site(tmp_path, bin_dir, collections_path, label):
    """Start the sandbox, create the zone, run ``ansible-playbook mailops.ses.site`` from ``collections_path``."""
    state = str(tmp_path / "services.json")
    start = run([sys.executable, SERVICES, "start", "--state", state, "--no-bind", "--log", str(tmp_path / "sandbox.log")], timeout=60, env=clean_env())
    try:
        assert start.returncode == 0, explain(start)
        with open(state) as handle:
            sandbox = json.load(handle)["sandbox"]
        aws_client("route53", sandbox["endpoint"]).create_hosted_zone(Name="shop.example", CallerReference=label)
        inventory = tmp_path / "inventory.yml"
        inventory.write_text(json.dumps(one_tenant_inventory(sandbox["endpoint"], sandbox["dns"]), indent=2))
        started = time.monotonic()
        result = run(
            [os.path.join(bin_dir, "ansible-playbook"), "%s.site" % FQCN, "-i", str(inventory)],
            cwd=str(tmp_path),
            timeout=600,
            env=clean_env(
                collections_path,
                bin_dir=bin_dir,
                AWS_ACCESS_KEY_ID="testing",
                AWS_SECRET_ACCESS_KEY="testing",
                AWS_DEFAULT_REGION="us-east-1",
                AWS_REGION="us-east-1",
            ),
        )
        recap = result.stdout[result.stdout.rfind("PLAY RECAP") :]
        print("\n[%s] ansible-playbook %s.site: rc %d in %.1f s\n%s" % (label, FQCN, result.returncode, time.monotonic() - started, recap.strip()))
        assert result.returncode == 0, explain(result)
        assert "PLAY RECAP" in result.stdout and "failed=0" in recap, explain(result)
        assert not re.search(r"failed=[1-9]|unreachable=[1-9]", recap), explain(result)
        assert re.search(r"shop\s+: ok=\d+\s+changed=[1-9]", recap), "the first run changed nothing:\n" + recap
        # what the installed collection did, seen through boto3
        identity = aws_client("sesv2", sandbox["endpoint"]).get_email_identity(EmailIdentity="shop.example")
        assert identity["DkimAttributes"]["Status"] == "SUCCESS", identity
        r53 = aws_client("route53", sandbox["endpoint"])
        zone_id = r53.list_hosted_zones_by_name(DNSName="shop.example")["HostedZones"][0]["Id"]
        names = {(r["Name"], r["Type"]) for r in r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]}
        for wanted in (("_dmarc.shop.example.", "TXT"), ("mail.shop.example.", "MX"), ("mail.shop.example.", "TXT")):
            assert wanted in names, "%s missing from Route 53: %s" % (wanted, sorted(names))
        assert any(t == "CNAME" and "._domainkey." in n for n, t in names), sorted(names)
        return result
    finally:
        run([sys.executable, SERVICES, "stop", "--state", state], timeout=60, env=clean_env())


# -- the tarball ----------------------------------------------------------------------------------
def test_tarball_ships_the_collection_and_nothing_else(tarball):
    with tarfile.open(tarball) as archive:
        members = archive.getmembers()
        manifest = json.load(archive.extractfile("MANIFEST.json"))
        ee_meta = yaml.safe_load(archive.extractfile("meta/execution-environment.yml"))
    files = sorted(m.name for m in members if m.isfile())
    size = os.path.getsize(tarball)
    print("\n%s: %d bytes (%.1f KiB), %d files, %d members" % (TARBALL, size, size / 1024.0, len(files), len(members)))
    top = {}
    for name in files:
        top[name.split("/", 1)[0]] = top.get(name.split("/", 1)[0], 0) + 1
    print("files per top-level entry: %s" % ", ".join("%s %d" % item for item in sorted(top.items())))

    leaked = [
        name for name in files if name.startswith(NOT_SHIPPED) or name in NOT_SHIPPED or "/__pycache__/" in name or name.endswith((".pyc", ".tar.gz", ".log"))
    ]
    assert not leaked, "must not ship: %s" % leaked
    for prefix in SHIPPED_DIRS:
        assert any(name.startswith(prefix) for name in files), "%s is missing from the tarball" % prefix
    missing = [name for name in SHIPPED_FILES if name not in files]
    missing += ["plugins/modules/%s.py" % m for m in module_names() if "plugins/modules/%s.py" % m not in files]
    missing += ["roles/%s/tasks/main.yml" % r for r in role_names() if "roles/%s/tasks/main.yml" % r not in files]
    missing += [
        os.path.relpath(p, ROOT)
        for p in glob.glob(os.path.join(ROOT, "plugins", "filter", "*"))
        if os.path.isfile(p) and not p.endswith(".pyc") and os.path.relpath(p, ROOT) not in files
    ]
    missing += [os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True) if os.path.relpath(p, ROOT) not in files]
    assert not missing, "missing from the tarball: %s" % missing

    assert MIN_FILES <= len(files) <= MAX_FILES, "%d files: outside %d..%d" % (len(files), MIN_FILES, MAX_FILES)
    assert 10 * 1024 <= size <= MAX_BYTES, "%d bytes: outside 10 KiB..%d" % (size, MAX_BYTES)

    info = manifest["collection_info"]
    assert (info["namespace"], info["name"], info["version"]) == (NAMESPACE, NAME, VERSION)
    assert "amazon.aws" in info["dependencies"], info["dependencies"]
    # ansible-builder finds the collection's Python and system requirements through this file
    assert ee_meta["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}, ee_meta


def test_bindep_file_parses():
    result = run([os.path.join(VENV_BIN, "bindep"), "--file", os.path.join(ROOT, "bindep.txt"), "--brief"])
    # rc 1 only means "a listed package is not installed here"; a syntax error is rc 2
    assert result.returncode in (0, 1) and "error" not in (result.stdout + result.stderr).lower(), explain(result)


# -- the installed copy ---------------------------------------------------------------------------
def test_installed_copy_documents_every_module_filter_and_role(collections):
    env = clean_env(collections)
    modules, filters, roles = module_names(), filter_names(), role_names()
    print("\nfrom the source tree: %d modules %s, %d filters %s, %d roles %s" % (len(modules), modules, len(filters), filters, len(roles), roles))
    assert modules and filters and roles

    where = run([os.path.join(VENV_BIN, "ansible-galaxy"), "collection", "list", FQCN, "--format", "json"], env=env)
    assert where.returncode == 0, explain(where)
    assert list(json.loads(where.stdout)) == [os.path.join(collections, "ansible_collections")], where.stdout

    listed = run([os.path.join(VENV_BIN, "ansible-doc"), "-t", "module", "-l", FQCN], env=env)
    assert listed.returncode == 0 and "ERROR" not in listed.stdout + listed.stderr, explain(listed)
    found = sorted(line.split()[0][len(FQCN) + 1 :] for line in listed.stdout.splitlines() if line.startswith(FQCN + "."))
    assert found == modules, "ansible-doc -l lists %s; plugins/modules has %s" % (found, modules)

    def render(kind, names):
        """One ansible-doc run renders every plugin of a kind (a run per plugin paid Ansible's start-up 30 times);
        its output is cut at each plugin's heading ("> MODULE mailops.ses.x (path)", "> ROLE: *mailops.ses.x* (path)")."""
        result = run([os.path.join(VENV_BIN, "ansible-doc"), "-t", kind] + ["%s.%s" % (FQCN, name) for name in names], env=env, timeout=300)
        sections, current = {}, None
        for line in result.stdout.splitlines():
            heading = re.match(r"^> %s:? \*?%s\.(\S+?)\*? \((.*)\)$" % (kind.upper(), re.escape(FQCN)), line)
            if heading:
                current = heading.group(1)
                sections[current] = [line]
            elif current:
                sections[current].append(line)
        failures = []
        if result.returncode != 0:
            failures.append("ansible-doc -t %s: rc %d: %s" % (kind, result.returncode, " ".join(result.stderr.split())[:400]))
        for problem in ("ERROR", "was not found", "UNDOCUMENTED"):
            if problem in result.stderr:
                failures.append("ansible-doc -t %s: %s" % (kind, " ".join(result.stderr.split())[:400]))
        for name in names:
            text = "\n".join(sections.get(name, []))
            if not text or collections not in text.splitlines()[0]:
                failures.append("ansible-doc -t %s %s.%s: no documentation from the installed copy" % (kind, FQCN, name))
            elif "ERROR" in text or "UNDOCUMENTED" in text:
                failures.append("ansible-doc -t %s %s.%s: %s" % (kind, FQCN, name, " ".join(text.split())[:400]))
        return failures

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        failures = sum(pool.map(lambda job: render(*job), [("module", modules), ("filter", filters), ("role", roles)]), [])
    print("ansible-doc rendered %d plugins and roles in %.1f s" % (len(modules) + len(filters) + len(roles), time.monotonic() - started))
    assert not failures, "\n".join(failures)


def test_installed_copy_runs_site_yml_against_the_sandbox(collections, tmp_path):
    run_site(tmp_path, VENV_BIN, collections, "ansible-core %s" % ansible_core_version(VENV_BIN))


# -- ansible-builder ------------------------------------------------------------------------------
def test_ansible_builder_context_installs_the_tarball_and_its_requirements(tarball, tmp_path):
    with open(os.path.join(ROOT, "docs", "execution-environment.yml")) as handle:
        definition = yaml.safe_load(handle)
    assert definition["version"] == 3
    names = [c["name"] for c in definition["dependencies"]["galaxy"]["collections"]]
    assert FQCN in names and "amazon.aws" in names, names
    # the user-facing example, but with mailops.ses from the tarball built above
    collections = []
    for item in definition["dependencies"]["galaxy"]["collections"]:
        if item["name"] == FQCN:
            item = {"name": "/build/collections/%s" % TARBALL, "type": "file"}
        collections.append(item)
    definition["dependencies"]["galaxy"] = {"collections": collections}
    definition["additional_build_files"] = [{"src": tarball, "dest": "collections"}]
    ee_file = tmp_path / "execution-environment.yml"
    ee_file.write_text(yaml.safe_dump(definition, sort_keys=False))
    context = tmp_path / "context"

    result = run(
        [
            os.path.join(VENV_BIN, "ansible-builder"),
            "create",
            "--file",
            str(ee_file),
            "--context",
            str(context),
            "--output-filename",
            "Containerfile",
            "-v",
            "2",
        ],
        cwd=str(tmp_path),
        env=clean_env(),
        timeout=120,
    )
    assert result.returncode == 0, explain(result)
    build = context / "_build"
    containerfile = (context / "Containerfile").read_text()
    requirements_yml = yaml.safe_load((build / "requirements.yml").read_text())
    print(
        "\nansible-builder context: %s" % sorted(os.path.relpath(p, str(context)) for p in glob.glob(str(context / "**"), recursive=True) if os.path.isfile(p))
    )
    shipped = build / "collections" / TARBALL
    assert shipped.is_file(), "the tarball is not in the build context"
    with open(tarball, "rb") as one, open(str(shipped), "rb") as two:
        assert one.read() == two.read(), "the context holds a different tarball"
    wanted = [c["name"] for c in requirements_yml["collections"]]
    assert "/build/collections/%s" % TARBALL in wanted and "amazon.aws" in wanted, requirements_yml
    for step in ("COPY _build /build", "ansible-galaxy collection install", "introspect.py introspect", "/output/scripts/assemble", "install-from-bindep"):
        assert step in containerfile, "Containerfile lacks %r" % step

    # what the image build's introspect step will find: install the tarball from the context the
    # way the galaxy stage does, then run the same introspection offline
    tree = tmp_path / "ee-collections"
    install = run([os.path.join(VENV_BIN, "ansible-galaxy"), "collection", "install", str(shipped), "-p", str(tree), "--offline", "--no-deps"], env=clean_env())
    assert install.returncode == 0, explain(install)
    add_dependencies(tree)
    pip_out, bindep_out = tmp_path / "requirements.txt", tmp_path / "bindep.txt"
    introspect = run(
        [os.path.join(VENV_BIN, "ansible-builder"), "introspect", str(tree), "--write-pip", str(pip_out), "--write-bindep", str(bindep_out)], env=clean_env()
    )
    assert introspect.returncode == 0, explain(introspect)
    python_reqs, system_reqs = pip_out.read_text(), bindep_out.read_text()
    print("introspected Python requirements:\n%s\nintrospected system requirements:\n%s" % (python_reqs, system_reqs))
    for package in ("boto3", "botocore", "dnspython", "cryptography"):
        assert re.search(r"^%s\b.*# from collection %s" % (package, re.escape(FQCN)), python_reqs, re.M), package
    assert re.search(r"# from collection %s" % re.escape(FQCN), system_reqs), system_reqs


# -- the lowest supported ansible-core ------------------------------------------------------------
def ansible_core_version(bin_dir):
    result = run([os.path.join(bin_dir, "python"), "-c", "import ansible.release as r; print(r.__version__)"])
    assert result.returncode == 0, explain(result)
    return result.stdout.strip()


def test_requires_ansible_is_the_tested_lower_bound():
    with open(os.path.join(ROOT, "meta", "runtime.yml")) as handle:
        requires = yaml.safe_load(handle)["requires_ansible"]
    match = re.match(r"^>=\s*(\d+)\.(\d+)", requires)
    assert match, requires
    assert (int(match.group(1)), int(match.group(2))) == tuple(int(p) for p in CORE_LOW.split(".")[:2]), (
        "meta/runtime.yml requires_ansible %r, but the lowest ansible-core tested here is %s" % (requires, CORE_LOW)
    )
    for role in role_names():
        meta = os.path.join(ROOT, "roles", role, "meta", "main.yml")
        if not os.path.isfile(meta):
            continue
        with open(meta) as handle:
            minimum = str(((yaml.safe_load(handle) or {}).get("galaxy_info") or {}).get("min_ansible_version", ""))
        assert minimum in ("", CORE_LOW.rsplit(".", 1)[0]), "roles/%s min_ansible_version %r" % (role, minimum)


def test_unit_tests_pass_on_the_lowest_ansible_core(core_low, tmp_path):
    bin_dir = os.path.join(core_low, "bin")
    versions = run(
        [
            os.path.join(bin_dir, "python"),
            "-c",
            "import sys, ansible.release, boto3, botocore, dns.version, cryptography, moto; "
            "print('python %s.%s.%s' % sys.version_info[:3], 'ansible-core', ansible.release.__version__, "
            "'boto3', boto3.__version__, 'botocore', botocore.__version__, 'dnspython', dns.version.version, "
            "'cryptography', cryptography.__version__, 'moto', moto.__version__)",
        ]
    )
    assert versions.returncode == 0, explain(versions)
    print("\n%s: %s" % (core_low, versions.stdout.strip()))
    assert "ansible-core %s " % CORE_LOW in versions.stdout
    # the module tests (botocore Stubber) import amazon.aws: the dependencies on PYTHONPATH, as ansible would find them
    add_dependencies(tmp_path / "dependencies")
    result = run(
        [os.path.join(bin_dir, "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "tests/unit"],
        cwd=ROOT,
        env=clean_env(bin_dir=bin_dir, PYTHONPATH=str(tmp_path / "dependencies")),
        timeout=600,
    )
    print("tests/unit on ansible-core %s: %s" % (CORE_LOW, (result.stdout.strip().splitlines() or [""])[-1]))
    assert result.returncode == 0, explain(result)
    assert " skipped" not in result.stdout.strip().splitlines()[-1], "unit tests skipped on %s:\n%s" % (CORE_LOW, result.stdout[-3000:])


def test_site_yml_runs_on_the_lowest_ansible_core(core_low, collections, tmp_path):
    bin_dir = os.path.join(core_low, "bin")
    assert ansible_core_version(bin_dir) == CORE_LOW
    versions = [
        "%s %s" % (fqcn, manifest_version(os.path.join(collections, "ansible_collections", *fqcn.split("."))))
        for fqcn in sorted(GALAXY.get("dependencies") or {})
    ]
    print("\nwith %s" % ", ".join(versions))
    doc = run([os.path.join(bin_dir, "ansible-doc"), "-t", "module", "%s.email_identity" % FQCN], env=clean_env(collections, bin_dir=bin_dir))
    assert doc.returncode == 0 and "ERROR" not in doc.stdout + doc.stderr, explain(doc)
    run_site(tmp_path, bin_dir, collections, "ansible-core %s" % CORE_LOW)
