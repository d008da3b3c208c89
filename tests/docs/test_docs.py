"""Documentation checks: plugin and role docs (antsibull-docs), changelog fragments (antsibull-changelog)
and the Markdown guides (every relative link and anchor resolves)."""

import fnmatch
import glob
import os
import re
import shutil
import subprocess
import sys
import sysconfig

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VENV_BIN = os.path.dirname(sys.executable)
COLLECTION_TREE = os.path.join(ROOT, ".build", "collections", "ansible_collections", "mailops", "ses")
with open(os.path.join(ROOT, "galaxy.yml")) as _handle:
    GALAXY = yaml.safe_load(_handle)


def run(argv, **kwargs):
    kwargs.setdefault("timeout", 300)
    return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False, **kwargs)


def explain(result):
    return "rc=%s\n--- stdout\n%s\n--- stderr\n%s" % (result.returncode, result.stdout[-8000:], result.stderr[-4000:])


def dependencies_outside_the_repository(tmp_path):
    """The collections galaxy.yml depends on, copied from the ``ansible`` package to a directory outside any git tree.

    antsibull-docs copies each collection it lints; for a collection inside a git work tree it copies only
    the files git lists. .venv sits inside this repository and is ignored by git, so amazon.aws found there
    would arrive empty (and every amazon.aws doc fragment would be reported missing). ``env_with`` also turns
    off the scan of sys.path, or antsibull-docs could still pick that empty copy: it takes the last of the
    copies ``ansible-galaxy collection list`` prints, and their order follows the paths, that is, where the
    repository happens to be cloned.
    """
    base = tmp_path / "dependencies"
    for fqcn in sorted(GALAXY.get("dependencies") or {}):
        source = os.path.join(sysconfig.get_paths()["purelib"], "ansible_collections", *fqcn.split("."))
        assert os.path.isdir(source), "%s is not in the ansible package (%s)" % (fqcn, source)
        shutil.copytree(source, str(base / "ansible_collections" / fqcn.split(".")[0] / fqcn.split(".")[1]))
    return str(base)


def env_with(collections_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=collections_path,
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        PATH=os.pathsep.join([VENV_BIN, os.environ.get("PATH", "/usr/bin:/bin")]),
    )
    return env


# -- plugin and role documentation ------------------------------------------------------------
def test_antsibull_docs_lint_plugin_and_role_docs(tmp_path):
    if not os.path.lexists(COLLECTION_TREE):  # tests/conftest.py creates it; be independent of that
        os.makedirs(os.path.dirname(COLLECTION_TREE), exist_ok=True)
        os.symlink(ROOT, COLLECTION_TREE)
    deps = dependencies_outside_the_repository(tmp_path)
    result = run(
        [
            os.path.join(VENV_BIN, "antsibull-docs"),
            "lint-collection-docs",
            "--plugin-docs",
            "--validate-collection-refs",
            "dependent",
            "--disallow-unknown-collection-refs",
            COLLECTION_TREE,
        ],
        cwd=COLLECTION_TREE,
        env=env_with(os.pathsep.join([deps, os.path.join(ROOT, ".build", "collections")])),
    )
    assert result.returncode == 0 and not result.stdout.strip(), explain(result)


# -- changelog --------------------------------------------------------------------------------
def test_changelog_fragments_lint():
    result = run([os.path.join(VENV_BIN, "antsibull-changelog"), "lint"], cwd=ROOT)
    assert result.returncode == 0 and not result.stdout.strip(), explain(result)


def released():
    with open(os.path.join(ROOT, "changelogs", "changelog.yaml")) as handle:
        return str(GALAXY["version"]) in ((yaml.safe_load(handle) or {}).get("releases") or {})


def test_changelog_release(tmp_path):
    """The version in galaxy.yml is released in CHANGELOG.rst with every module, or a release on a copy would be."""
    if released():
        check_released_changelog()
    else:
        release_dry_run(tmp_path)


def check_released_changelog():
    """Once a version is released, CHANGELOG.rst lists every module."""
    with open(os.path.join(ROOT, "CHANGELOG.rst")) as handle:
        changelog = handle.read()
    assert "v%s" % GALAXY["version"] in changelog
    modules = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")))
    missing = [m for m in modules if "%s.%s.%s - " % (GALAXY["namespace"], GALAXY["name"], m) not in changelog]
    assert not missing, "modules missing from CHANGELOG.rst: %s" % missing


def release_dry_run(tmp_path):
    """``antsibull-changelog release`` on a copy (the real one consumes the fragments): it must succeed
    and list every module and the text of every fragment."""
    copy = tmp_path / "ansible_collections" / GALAXY["namespace"] / GALAXY["name"]
    for item in ("galaxy.yml", "changelogs", "meta", "plugins", "roles"):
        source = os.path.join(ROOT, item)
        if os.path.isdir(source):
            shutil.copytree(source, str(copy / item), ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            os.makedirs(str(copy), exist_ok=True)
            shutil.copy2(source, str(copy / item))
    fragments = sorted(glob.glob(os.path.join(ROOT, "changelogs", "fragments", "*.y*ml")))
    deps = dependencies_outside_the_repository(tmp_path)
    result = run(
        [os.path.join(VENV_BIN, "antsibull-changelog"), "release", "--version", str(GALAXY["version"])],
        cwd=str(copy),
        env=env_with(os.pathsep.join([deps, str(tmp_path)])),
    )
    assert result.returncode == 0, explain(result)
    changelog = (copy / "CHANGELOG.rst").read_text()
    flat = " ".join(changelog.replace("\\", "").split())
    assert "v%s" % GALAXY["version"] in changelog, changelog
    modules = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(ROOT, "plugins", "modules", "*.py")) if not os.path.basename(p).startswith("_"))
    missing = [m for m in modules if "%s.%s.%s - " % (GALAXY["namespace"], GALAXY["name"], m) not in changelog]
    assert not missing, "modules missing from the release notes: %s\n%s" % (missing, changelog)
    for fragment in fragments:
        with open(fragment) as handle:
            sections = yaml.safe_load(handle) or {}
        for entries in sections.values():
            for entry in entries if isinstance(entries, list) else [entries]:
                text = " ".join(str(entry).replace("``", "").split())[:60]
                assert text in flat.replace("``", ""), "%s: %r not in the release notes" % (fragment, text)
    print("\nrelease %s would consume %d fragments and write %d lines of CHANGELOG.rst" % (GALAXY["version"], len(fragments), len(changelog.splitlines())))


# -- Markdown guides ------------------------------------------------------------------------------
LINK_RE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.M)
HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.M)
HTML_ANCHOR_RE = re.compile(r"<a\s+(?:name|id)=\"([^\"]+)\"", re.I)
EXTERNAL = ("http://", "https://", "mailto:", "ftp://", "tel:")


def markdown_files():
    files = [os.path.join(ROOT, "README.md")]
    files += sorted(glob.glob(os.path.join(ROOT, "docs", "**", "*.md"), recursive=True))
    files += sorted(glob.glob(os.path.join(ROOT, "roles", "*", "README.md")))
    return [f for f in files if os.path.isfile(f)]


def strip_code(text):
    """Text without fenced code blocks and inline code spans (links there are examples, not links)."""
    text = re.sub(r"^( {0,3})(```|~~~).*?^\1\2[^\n]*$", "", text, flags=re.M | re.S)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", text)


def github_anchors(text):
    """Anchors GitHub generates for the headings of a Markdown file (with -1, -2 for repeats)."""
    anchors, seen = set(HTML_ANCHOR_RE.findall(text)), {}
    text = re.sub(r"^( {0,3})(```|~~~).*?^\1\2[^\n]*$", "", text, flags=re.M | re.S)
    for _level, title in HEADING_RE.findall(text):
        title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)  # a link in a heading keeps its text
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else "%s-%d" % (slug, count))
    return anchors


def shipped(path):
    """Whether ``ansible-galaxy collection build`` keeps ``path`` (galaxy.yml build_ignore)."""
    relative = os.path.relpath(path, ROOT)
    parts = relative.split(os.sep)
    for pattern in GALAXY.get("build_ignore") or []:
        for depth in range(1, len(parts) + 1):
            if fnmatch.fnmatch("/".join(parts[:depth]), pattern):
                return False
    return True


def test_markdown_links_resolve():
    problems = []
    checked = 0
    for path in markdown_files():
        with open(path) as handle:
            text = handle.read()
        where = os.path.relpath(path, ROOT)
        body = strip_code(text)
        for target in LINK_RE.findall(body) + REFERENCE_RE.findall(body):
            if target.startswith(EXTERNAL):
                continue
            checked += 1
            file_part, _hash, anchor = target.partition("#")
            file_part = file_part.split("?", 1)[0]
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            if not resolved.startswith(ROOT + os.sep) and resolved != ROOT:
                problems.append("%s: %s leaves the repository" % (where, target))
                continue
            if not os.path.exists(resolved):
                problems.append("%s: %s does not exist" % (where, target))
                continue
            if where != "README.md" and not shipped(resolved):
                problems.append("%s: %s is not shipped in the collection tarball (galaxy.yml build_ignore)" % (where, target))
            if anchor and resolved.endswith(".md"):
                with open(resolved) as handle:
                    anchors = github_anchors(handle.read())
                if anchor.lower() not in anchors:
                    problems.append("%s: %s: no heading with anchor #%s in %s" % (where, target, anchor, os.path.relpath(resolved, ROOT)))
    print("\nchecked %d relative links in %d Markdown files" % (checked, len(markdown_files())))
    assert not problems, "\n".join(problems)


def test_docs_cover_every_inventory_variable():
    """docs/inventory.md names every variable of the inventory contract, and the roles and playbooks read no
    mailops_* variable that the contract (which the inventory check enforces) does not know."""
    from ansible_collections.mailops.ses.plugins.module_utils._inventory.contract import KNOWN_VARIABLES, PHASE_GROUPS

    with open(os.path.join(ROOT, "docs", "inventory.md")) as handle:
        documented = set(re.findall(r"\bmailops_[a-z0-9_]+", handle.read()))
    assert sorted(KNOWN_VARIABLES - documented) == [], "docs/inventory.md does not mention these contract variables"
    used = set()
    for pattern in ("roles/*/defaults/*.yml", "roles/*/tasks/*.yml", "roles/*/meta/argument_specs.yml", "playbooks/*.yml", "examples/inventory/**/*.yml"):
        for path in glob.glob(os.path.join(ROOT, pattern), recursive=True):
            with open(path) as handle:
                used.update(re.findall(r"\bmailops_[a-z0-9_]+", handle.read()))
    used -= set(PHASE_GROUPS)  # the groups site.yml puts tenants in, not variables
    missing = sorted(name for name in used - KNOWN_VARIABLES if not name.endswith("_"))  # "mailops_dns_*" in prose
    assert not missing, "not in the inventory contract (plugins/module_utils/_inventory/contract.py): %s" % ", ".join(missing)
