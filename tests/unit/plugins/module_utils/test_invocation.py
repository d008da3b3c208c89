"""The invocation the batch modules return: large inputs summarised, unless -vvv."""

from ansible_collections.mailops.ses.plugins.module_utils import _invocation


class FakeModule:
    def __init__(self, params, verbosity=0):
        self.params = params
        self._verbosity = verbosity


def test_large_inputs_are_summarised_and_the_rest_is_kept():
    module = FakeModule({"identities": [{"identity": "a.example"}, {"identity": "b.example"}], "known": {"a": 1}, "concurrency": 4, "one": [1]})
    assert _invocation.compact(module, ("identities", "known", "one", "missing", "concurrency")) == {
        "invocation": {
            "module_args": {
                "identities": "2 items (the whole argument is in the result at -vvv)",
                "known": "1 key (the whole argument is in the result at -vvv)",
                "concurrency": 4,  # not a list or a dict
                "one": "1 item (the whole argument is in the result at -vvv)",
            }
        }
    }
    assert module.params["identities"] == [{"identity": "a.example"}, {"identity": "b.example"}]  # the module's own arguments are untouched


def test_at_vvv_ansible_adds_the_whole_invocation():
    assert _invocation.compact(FakeModule({"identities": [1, 2]}, verbosity=3), ("identities",)) == {}
    assert _invocation.compact(FakeModule({"identities": [1, 2]}, verbosity=2), ("identities",))["invocation"]["module_args"]["identities"].startswith(
        "2 items"
    )
