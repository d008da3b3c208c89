# Shared set-up for scripts/test and scripts/demo. Sourced, not run.
# Everything lands inside the repository (.venv, .build), so a fresh clone needs nothing else.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
BUILD="$ROOT/.build"
COLLECTIONS="$BUILD/collections"
PY="$VENV/bin/python"

log() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# System packages the tests start for real: BIND (RFC 2136 server and DNS answers), PowerDNS with its
# SQLite backend (the octoDNS provider's server) and Chromium (renders the readiness report).
# Installed with apt when missing.
ensure_system_packages() {
    local missing=()
    command -v named >/dev/null 2>&1 || missing+=(bind9)
    command -v tsig-keygen >/dev/null 2>&1 || missing+=(bind9-utils)
    command -v dig >/dev/null 2>&1 || missing+=(bind9-dnsutils)
    command -v pdns_server >/dev/null 2>&1 || [ -x /usr/sbin/pdns_server ] || missing+=(pdns-server)
    [ -f /usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql ] || missing+=(pdns-backend-sqlite3)
    command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
    if [ "${MAILOPS_NEEDS_CHROMIUM:-1}" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
        missing+=(chromium)
    fi
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
        || { $sudo apt-get update -q >/dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
    # Debian starts named and pdns as services on install (where systemd runs); the tests run their own.
    if command -v systemctl >/dev/null 2>&1; then
        $sudo systemctl disable --now named >/dev/null 2>&1 || true
        $sudo systemctl disable --now pdns >/dev/null 2>&1 || true
    fi
}

# .venv with the pinned test requirements; reinstalled only when a requirement file changes. Nothing is
# byte-compiled here (see use_bytecode_cache): of the ~125 MB of Python source the install brings (sympy and
# networkx for cfn-lint, pip, sphinx...), the tests import a fraction, and compiling all of it up front cost
# ~25 CPU-seconds and 14 s of the set-up that every stage waits for.
ensure_venv() {
    local stamp="$VENV/.requirements.sha256" want
    want="$(cat "$ROOT/requirements.txt" "$ROOT/requirements-test.txt" | sha256sum | cut -d' ' -f1)"
    if [ -x "$PY" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    log "creating $VENV with the pinned requirements"
    python3 -c 'import sys; assert sys.version_info[:2] >= (3, 11), "Python 3.11+ is required"'
    python3 -m venv "$VENV"
    # (grep drops pip's notes about index locations this machine's pip.conf lists but lacks)
    "$PY" -m pip install -q --upgrade pip 2>&1 | { grep -v '^WARNING: Location' || true; }
    "$PY" -m pip install -q --no-compile -r "$ROOT/requirements-test.txt" 2>&1 | { grep -v '^WARNING: Location' || true; }
    "$PY" -c 'import ansible, moto, dns, boto3'  # fail here, not later, when the install failed
    echo "$want" > "$stamp"
}

# Byte code is compiled on first import and kept in one cache under .build, for every Python process the scripts
# start (pytest and its workers, ansible-playbook, the sandbox, Molecule; both environments). Where
# PYTHONDONTWRITEBYTECODE is set, as on these machines, every process would otherwise compile all it imports
# again; the cache lives outside the source tree, so the repository stays free of __pycache__ directories.
# (ansible-test passes neither variable to its sanity tests, which keep their own environments.)
use_bytecode_cache() {
    export PYTHONPYCACHEPREFIX="$BUILD/pycache"
    unset PYTHONDONTWRITEBYTECODE
}

# .build/collections/ansible_collections/mailops/ses -> the repository (for ansible-playbook and pytest);
# amazon.aws comes from the installed `ansible` package because Galaxy is not reachable.
ensure_collections_tree() {
    local link="$COLLECTIONS/ansible_collections/mailops/ses"
    mkdir -p "$(dirname "$link")"
    [ -L "$link" ] || ln -sfn "$ROOT" "$link"
    export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS"
    export PATH="$VENV/bin:$PATH"
    export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 PY_COLORS=0
}

# A real copy for ansible-test, which needs .../ansible_collections/mailops/ses/ and no symlink.
# It lives outside the repository: inside it, git would report the copy as ignored and
# ansible-test would find no files.
sanity_tree() {
    local dest="${TMPDIR:-/tmp}/mailops-ses-sanity-$(id -u)/ansible_collections"
    rm -rf "$dest/mailops/ses"
    mkdir -p "$dest/mailops/ses" "$dest/amazon"
    (cd "$ROOT" && git ls-files -co --exclude-standard -z | xargs -0 -I{} cp --parents {} "$dest/mailops/ses/")
    local aws
    aws="$("$PY" -c 'import ansible_collections.amazon.aws as m, os; print(os.path.dirname(m.__file__) if m.__file__ else list(m.__path__)[0])')"
    rm -rf "$dest/amazon/aws" && cp -r "$aws" "$dest/amazon/aws"
    echo "$dest/mailops/ses"
}

# ansible-test --venv downloads a get-pip script; offline, a stand-in that uses ensurepip works.
ensure_get_pip_standin() {
    local cache="$HOME/.ansible/test/cache/get_pip_24_2.py"
    [ -f "$cache" ] && return 0
    mkdir -p "$(dirname "$cache")"
    cp "$ROOT/scripts/get_pip_standin.py" "$cache"
}
