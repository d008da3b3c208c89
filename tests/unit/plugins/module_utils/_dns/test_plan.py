import pytest

from ansible_collections.mailops.ses.plugins.module_utils._dns.plan import PlanError, make_plan
from ansible_collections.mailops.ses.plugins.module_utils._dns.records import RecordSet

Z = "example.com."


def rs(name, rtype, values, ttl=300, raw=None):
    return RecordSet(name, rtype, ttl, values, raw)


def current_of(*sets):
    return {s.key: s for s in sets}


FOREIGN_APEX = rs(Z, "TXT", ["google-site-verification=abc", "v=spf1 include:_spf.google.com -all"])


def test_merge_adds_our_value_and_keeps_theirs_with_their_raw_spelling():
    have = rs("_amazonses.example.com.", "TXT", ["tok1"], raw={"tok1": '"tok" "1"'})
    plan = make_plan(Z, current_of(have, FOREIGN_APEX), [rs("_amazonses.example.com.", "TXT", ["tok2"])])
    (change,) = plan.changes
    assert change.action == "update"
    assert change.before is have
    assert change.after.values == ("tok1", "tok2")
    assert change.after.raw_value("tok1") == '"tok" "1"'


def test_merge_is_a_no_op_when_our_values_are_there():
    have = rs("_amazonses.example.com.", "TXT", ["tok1", "tok2"])
    assert not make_plan(Z, current_of(have), [rs("_amazonses.example.com.", "TXT", ["tok2"])])


def test_merge_unites_spf_into_the_existing_record_keeping_the_strictest_all():
    plan = make_plan(Z, current_of(FOREIGN_APEX), [rs(Z, "TXT", ["v=spf1 include:amazonses.com ~all"])])
    (change,) = plan.changes
    assert change.after.values == ("google-site-verification=abc", "v=spf1 include:_spf.google.com include:amazonses.com -all")


@pytest.mark.parametrize(
    "name, have, ours, after",
    [
        # a DMARC policy raised for BIMI replaces the old one: two DMARC records would void both
        ("_dmarc.example.com.", ["v=DMARC1; p=none"], ["v=DMARC1; p=reject"], ("v=DMARC1; p=reject",)),
        ("_dmarc.example.com.", ["V=DMARC1; p=none", "some-note"], ["v=DMARC1; p=reject"], ("some-note", "v=DMARC1; p=reject")),
        ("_dmarc.example.com.", ["v=DMARC1; p=reject"], ["v=DMARC1; p=reject"], None),
        # a new logo replaces the old assertion; other TXT values at the name are kept
        (
            "default._bimi.example.com.",
            ["v=BIMI1; l=https://example.com/old.svg", "unrelated"],
            ["v=BIMI1; l=https://example.com/new.svg"],
            ("unrelated", "v=BIMI1; l=https://example.com/new.svg"),
        ),
        ("spring._bimi.example.com.", ["v=BIMI1; l=; a=;"], ["v=BIMI1; l=https://example.com/a.svg"], ("v=BIMI1; l=https://example.com/a.svg",)),
        # report authorizations are not policies: several v=DMARC1 values may stand side by side
        (
            "a.example._report._dmarc.example.com.",
            ["v=DMARC1; rua=mailto:x@example.com"],
            ["v=DMARC1"],
            ("v=DMARC1", "v=DMARC1; rua=mailto:x@example.com"),
        ),
        # elsewhere a v=DMARC1 or v=BIMI1 value is a value like any other
        ("x.example.com.", ["v=DMARC1; p=none"], ["v=DMARC1; p=reject"], ("v=DMARC1; p=none", "v=DMARC1; p=reject")),
        # a value of ours that is not a policy leaves the policy there alone
        ("_dmarc.example.com.", ["v=DMARC1; p=none"], ["note"], ("note", "v=DMARC1; p=none")),
    ],
)
def test_merge_keeps_one_dmarc_and_one_bimi_value_per_name(name, have, ours, after):
    plan = make_plan(Z, current_of(rs(name, "TXT", have)), [rs(name, "TXT", ours)])
    if after is None:
        assert not plan
    else:
        (change,) = plan.changes
        assert (change.action, change.after.values) == ("update", after)


def test_merge_refuses_to_repoint_someone_elses_cname():
    have = rs("tok._domainkey.example.com.", "CNAME", ["elsewhere.example.net."])
    with pytest.raises(PlanError) as exc:
        make_plan(Z, current_of(have), [rs("tok._domainkey.example.com.", "CNAME", ["tok.dkim.amazonses.com."])])
    assert "already points to elsewhere.example.net." in str(exc.value)
    assert "mode=replace" in str(exc.value)


def test_replace_makes_the_set_exactly_ours():
    have = rs("_amazonses.example.com.", "TXT", ["tok1", "stale"])
    (change,) = make_plan(Z, current_of(have), [rs("_amazonses.example.com.", "TXT", ["tok1"])], mode="replace").changes
    assert change.after.values == ("tok1",)


def test_absent_removes_only_listed_values_and_deletes_empty_sets():
    shared = rs("_amazonses.example.com.", "TXT", ["tok1", "tok2"])
    mx = rs("mail.example.com.", "MX", ["10 feedback-smtp.us-east-1.amazonses.com."])
    plan = make_plan(
        Z,
        current_of(shared, mx, FOREIGN_APEX),
        [
            rs("_amazonses.example.com.", "TXT", ["tok2"]),
            rs("mail.example.com.", "MX", ["10 feedback-smtp.us-east-1.amazonses.com."]),
            rs("gone.example.com.", "TXT", ["x"]),
        ],
        mode="absent",
    )
    assert [(c.action, c.key[0]) for c in plan.changes] == [("delete", "mail.example.com."), ("update", "_amazonses.example.com.")]
    assert plan.changes[1].after.values == ("tok1",)


def test_absent_takes_our_mechanisms_out_of_a_merged_spf():
    merged = rs(Z, "TXT", ["v=spf1 include:_spf.google.com include:amazonses.com -all"])
    (change,) = make_plan(Z, current_of(merged), [rs(Z, "TXT", ["v=spf1 include:amazonses.com ~all"])], mode="absent").changes
    assert change.after.values == ("v=spf1 include:_spf.google.com -all",)


def test_ttl_change_is_an_update():
    have = rs("mail.example.com.", "MX", ["10 a.example.com."], ttl=3600)
    (change,) = make_plan(Z, current_of(have), [rs("mail.example.com.", "MX", ["10 a.example.com."], ttl=300)]).changes
    assert change.action == "update" and change.after.ttl == 300


def test_cname_next_to_existing_data_is_a_conflict():
    with pytest.raises(PlanError) as exc:
        make_plan(Z, current_of(rs("x.example.com.", "TXT", ["hello"])), [rs("x.example.com.", "CNAME", ["y.example.net."])])
    assert "would hold a CNAME beside TXT records" in str(exc.value)


def test_safety_threshold_refuses_mass_deletes_unless_forced():
    current = current_of(*[rs("r%d.example.com." % i, "TXT", ["v%d" % i]) for i in range(10)])
    doomed = [rs("r%d.example.com." % i, "TXT", ["v%d" % i]) for i in range(4)]
    with pytest.raises(PlanError) as exc:
        make_plan(Z, current, doomed, mode="absent")
    assert "deletes 4 of its 10 values, more than the safety threshold of 30%" in str(exc.value)
    assert len(make_plan(Z, current, doomed, mode="absent", force=True)) == 4
    assert len(make_plan(Z, current, doomed[:3], mode="absent")) == 3


def test_changes_are_ordered_deletes_first_and_diff_shows_zone_lines():
    current = current_of(rs("a.example.com.", "TXT", ["old"]), rs("b.example.com.", "TXT", ["keep"]))
    plan = make_plan(
        Z, current, [rs("a.example.com.", "TXT", ["old"]), rs("c.example.com.", "TXT", ["new"]), rs("b.example.com.", "TXT", ["more"])], mode="merge"
    )
    assert [c.action for c in plan.changes] == ["update", "create"]
    diff = plan.diff()
    assert diff["before"] == 'b.example.com. 300 IN TXT "keep"\n'
    assert diff["after"] == 'b.example.com. 300 IN TXT "keep"\nb.example.com. 300 IN TXT "more"\nc.example.com. 300 IN TXT "new"\n'
    assert plan.summary() == {"create": 1, "update": 1, "delete": 0}


def test_unknown_mode():
    with pytest.raises(PlanError):
        make_plan(Z, {}, [], mode="overwrite")


# ---------------------------------------------------------------- values kept while claimed

CLAIMS = "_mailops-claims.mail.example.com."
MX = RecordSet("mail.example.com.", "MX", 300, ["10 feedback-smtp.us-east-1.amazonses.com."])


def shared_mx():
    return RecordSet(MX.name, "MX", 300, MX.values, keep_while_claimed=CLAIMS)


def test_a_claimed_value_stays_while_another_claim_is_left():
    current = {MX.key: MX, (CLAIMS, "TXT"): RecordSet(CLAIMS, "TXT", 300, ["claimed-by=a", "claimed-by=b"])}
    plan = make_plan("example.com.", current, [], removals=[shared_mx(), RecordSet(CLAIMS, "TXT", 300, ["claimed-by=a"])])
    assert [c.to_dict() for c in plan.changes] == [
        {
            "action": "update",
            "name": CLAIMS,
            "type": "TXT",
            "before": {"name": CLAIMS, "type": "TXT", "ttl": 300, "values": ["claimed-by=a", "claimed-by=b"]},
            "after": {"name": CLAIMS, "type": "TXT", "ttl": 300, "values": ["claimed-by=b"]},
        }
    ]


def test_a_claimed_value_goes_with_the_last_claim():
    current = {MX.key: MX, (CLAIMS, "TXT"): RecordSet(CLAIMS, "TXT", 300, ["claimed-by=a"])}
    plan = make_plan("example.com.", current, [], removals=[shared_mx(), RecordSet(CLAIMS, "TXT", 300, ["claimed-by=a"])])
    assert sorted((c.action, c.key) for c in plan.changes) == [("delete", (CLAIMS, "TXT")), ("delete", MX.key)]


def test_a_claimed_value_goes_when_nobody_ever_claimed_it():
    plan = make_plan("example.com.", {MX.key: MX}, [], removals=[shared_mx()])
    assert [(c.action, c.key) for c in plan.changes] == [("delete", MX.key)]


def test_a_claim_published_in_the_same_plan_keeps_the_value():
    current = {MX.key: MX, (CLAIMS, "TXT"): RecordSet(CLAIMS, "TXT", 300, ["claimed-by=a"])}
    desired = [RecordSet(CLAIMS, "TXT", 300, ["claimed-by=c"])]
    plan = make_plan("example.com.", current, desired, removals=[shared_mx(), RecordSet(CLAIMS, "TXT", 300, ["claimed-by=a"])])
    assert [(c.action, c.key, c.after.values) for c in plan.changes] == [("update", (CLAIMS, "TXT"), ("claimed-by=c",))]


US_MX = "10 feedback-smtp.us-east-1.amazonses.com."
EU_MX = "10 feedback-smtp.eu-west-1.amazonses.com."


def test_a_feedback_mx_of_another_region_at_a_name_the_zone_routes_elsewhere_is_refused():
    # another run (an AWX job slice that cannot see this tenant) already routes mail.example.com's bounces to us-east-1
    current = current_of(rs("mail.example.com.", "MX", [US_MX]))
    with pytest.raises(PlanError) as failure:
        make_plan(Z, current, [rs("mail.example.com.", "MX", [EU_MX])])
    assert failure.value.problems == [
        "mail.example.com. would route bounces to SES in eu-west-1 and us-east-1 at once: the zone already holds MX "
        "10 feedback-smtp.us-east-1.amazonses.com. and this run adds 10 feedback-smtp.eu-west-1.amazonses.com.; SES sends a "
        "MAIL FROM domain's bounces to one region, so give each region its own MAIL FROM name (for example mail-eu-west-1.example.com.)"
    ]


def test_the_same_region_again_and_a_move_between_regions_are_not_conflicts():
    current = current_of(rs("mail.example.com.", "MX", [US_MX, "20 backup.example.net."]))
    assert not make_plan(Z, current, [rs("mail.example.com.", "MX", [US_MX])])
    # the old region's value leaves in the same plan: what the zone ends with has one region
    plan = make_plan(Z, current, [rs("mail.example.com.", "MX", [EU_MX])], removals=[rs("mail.example.com.", "MX", [US_MX])])
    (change,) = plan.changes
    assert sorted(change.after.values) == sorted([EU_MX, "20 backup.example.net."])
