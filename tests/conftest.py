"""Shared pytest set-up: import paths for the collection and the test kit, and the services."""

import os
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = os.path.join(ROOT, "tools")
COLLECTIONS = os.path.join(ROOT, ".build", "collections")


def _collection_tree():
    """``.build/collections/ansible_collections/mailops/ses`` -> this repository."""
    link = os.path.join(COLLECTIONS, "ansible_collections", "mailops", "ses")
    if not os.path.lexists(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(ROOT, link)


_collection_tree()
for path in (TOOLS, COLLECTIONS):
    if path not in sys.path:
        sys.path.insert(0, path)

from testkit.bind import named_binary  # noqa: E402
from testkit.sandbox import Sandbox  # noqa: E402


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory):
    """One sandbox per test session; ``clean_sandbox`` resets it per test."""
    log = tmp_path_factory.mktemp("sandbox") / "aws-emulator.log"
    with Sandbox(log_path=str(log)) as running:
        yield running


@pytest.fixture
def clean_sandbox(sandbox):
    sandbox.reset()
    yield sandbox


def require_bind():
    if not named_binary():
        pytest.fail("BIND (named) is required: the test command installs it with apt-get install bind9")


def pytest_configure(config):
    config.addinivalue_line("markers", "long: a test that takes a minute or more; it is started first")


def pytest_collection_modifyitems(config, items):
    """Start the long tests first, so that with ``-n 2`` none of them is left alone at the end of a stage."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)
