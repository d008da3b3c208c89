"""dnspython is imported without the HTTP client stack it would load for DNS over HTTPS."""

import pytest

from tests.unit.fresh_python import python_output

# httpx and its helpers are in the test environment (checkdmarc needs them): there dns.query would import them
HTTP_STACK = ("httpx", "httpx2", "httpcore", "httpcore2", "h2", "anyio")


@pytest.mark.parametrize("importer", ["resolver", "providers.rfc2136"])
def test_dns_query_is_imported_without_an_http_stack(importer):
    code = (
        "import sys\n"
        "import ansible_collections.mailops.ses.plugins.module_utils._dns.%s\n"
        "import dns._features, dns.query\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in %r), dns._features.have('doh'), dns._features.have('doq'))\n"
    ) % (importer, HTTP_STACK)
    assert python_output(code).split() == ["[]", "False", "False"]


def test_plain_dnspython_here_would_import_it():
    # the premise of the test above: without the collection's switch, this environment's dns.query loads an HTTP stack
    code = "import sys, dns.query\nprint(sorted(m for m in sys.modules if m.split('.')[0] in %r) != [])\n" % (HTTP_STACK,)
    assert python_output(code).strip() == "True"
