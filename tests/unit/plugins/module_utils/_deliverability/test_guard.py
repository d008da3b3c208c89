"""Table tests for the complaint-rate guard's verdict."""

import pytest

from ansible_collections.mailops.ses.plugins.module_utils._deliverability import guard as _guard


def stats(sets=None, domains=None):
    return {
        "configuration_sets": {name: {"bounce_rate": None, "complaint_rate": rate} for name, rate in (sets or {}).items()},
        "domains": {name: {"send": 1000, "complaint_rate": rate} for name, rate in (domains or {}).items()},
    }


@pytest.mark.parametrize(
    "sets, domains, by_set, limit, found",
    [
        # the set's own rate
        ({"bulk": 0.5}, {}, {"bulk": []}, 0.3, [{"name": "bulk", "complaint_rate": 0.5, "threshold": 0.3, "source": "Reputation.ComplaintRate of bulk"}]),
        # a domain's rate above the set's
        (
            {"bulk": 0.2},
            {"example.com": 0.45, "example.org": 0.1},
            {"bulk": ["example.org", "example.com"]},
            0.3,
            [{"name": "bulk", "complaint_rate": 0.45, "threshold": 0.3, "source": "complaints from example.com"}],
        ),
        # the set's rate above its domains'
        (
            {"bulk": 0.6},
            {"example.com": 0.4},
            {"bulk": ["example.com"]},
            0.3,
            [{"name": "bulk", "complaint_rate": 0.6, "threshold": 0.3, "source": "Reputation.ComplaintRate of bulk"}],
        ),
        # no rate for the set: the domain's counts
        (
            {"bulk": None},
            {"example.com": 0.31},
            {"bulk": ["example.com"]},
            0.3,
            [{"name": "bulk", "complaint_rate": 0.31, "threshold": 0.3, "source": "complaints from example.com"}],
        ),
        (
            {},
            {"example.com": 0.31},
            {"bulk": ["example.com"]},
            0.3,
            [{"name": "bulk", "complaint_rate": 0.31, "threshold": 0.3, "source": "complaints from example.com"}],
        ),
        # the limit itself is not above the limit
        ({"bulk": 0.3}, {"example.com": 0.3}, {"bulk": ["example.com"]}, 0.3, []),
        ({"bulk": 0.30001}, {}, {"bulk": []}, 0.3, [{"name": "bulk", "complaint_rate": 0.3, "threshold": 0.3, "source": "Reputation.ComplaintRate of bulk"}]),
        (
            {"bulk": 0.123456},
            {},
            {"bulk": []},
            0.1,
            [{"name": "bulk", "complaint_rate": 0.1235, "threshold": 0.1, "source": "Reputation.ComplaintRate of bulk"}],
        ),
        # a zero limit pauses on any complaint, not on none
        (
            {"a": 0.0, "b": 0.0001},
            {},
            {"a": [], "b": []},
            0,
            [{"name": "b", "complaint_rate": 0.0001, "threshold": 0, "source": "Reputation.ComplaintRate of b"}],
        ),
        # nothing known: nobody is paused
        ({"bulk": None}, {"example.com": None}, {"bulk": ["example.com", "unknown.example"]}, 0.3, []),
        # only the sets in domains_by_set are judged, in name order
        (
            {"zeta": 0.9, "alpha": 0.8, "ignored": 5.0},
            {},
            {"zeta": [], "alpha": []},
            0.3,
            [
                {"name": "alpha", "complaint_rate": 0.8, "threshold": 0.3, "source": "Reputation.ComplaintRate of alpha"},
                {"name": "zeta", "complaint_rate": 0.9, "threshold": 0.3, "source": "Reputation.ComplaintRate of zeta"},
            ],
        ),
        # the highest domain wins; a tie keeps the first
        (
            {},
            {"a.example": 0.5, "b.example": 0.7, "c.example": 0.7},
            {"bulk": ["a.example", "b.example", "c.example"]},
            0.3,
            [{"name": "bulk", "complaint_rate": 0.7, "threshold": 0.3, "source": "complaints from b.example"}],
        ),
    ],
)
def test_offenders(sets, domains, by_set, limit, found):
    assert _guard.offenders(stats(sets, domains), by_set, limit) == found


@pytest.mark.parametrize("by_set", [None, {}])
def test_offenders_without_sets(by_set):
    assert _guard.offenders(stats({"bulk": 5.0}), by_set, 0.3) == []


def test_offenders_with_missing_stats_sections():
    assert _guard.offenders({}, {"bulk": ["example.com"]}, 0.3) == []
    assert _guard.offenders({"configuration_sets": None, "domains": None}, {"bulk": ["example.com"]}, 0.3) == []
