"""Every shipped profile loads; broken ones are refused naming file, field and problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cinchair.app import paths
from cinchair.model import ChairRole, Circumstance, MeetingKind
from cinchair.profiles import (
    Framework,
    LeadsTo,
    ProfileError,
    get_profile,
    load_profile,
    load_profiles,
)

SHIPPED = ["barnet", "derby", "generic", "hillingdon", "north-tyneside"]


def test_every_shipped_profile_loads() -> None:
    profiles = load_profiles()
    assert sorted(profiles) == SHIPPED
    for profile in profiles.values():
        assert profile.protective_marking == "OFFICIAL-SENSITIVE"
        assert profile.agenda and profile.outcomes and profile.schedule and profile.chairs
        cites = [h.cite for h in profile.agenda] + [o.cite for o in profile.outcomes]
        cites += [r.cite for r in profile.schedule] + [r.cite for r in profile.chairs]
        cites += [profile.plan.contingency_cite, profile.visits.cite]
        cites += [profile.plan.target_cite] if profile.plan.target else []
        cites += [d.cite for d in profile.duties] + [r.cite for r in profile.no_reviews]
        assert all(c.strip() for c in cites)


def test_frameworks_and_headings_follow_each_council() -> None:
    nt = get_profile("north-tyneside")
    assert nt.framework is Framework.SIGNS_OF_SAFETY
    assert [h.key for h in nt.agenda] == ["working-well", "worried", "needs-to-happen"]
    assert nt.heading("worried").heading == "What are we worried about?"
    # The chapter never mentions scaling: offered, not required.
    assert nt.scaling is not None and not nt.scaling.required
    barnet = get_profile("barnet")
    assert barnet.framework is Framework.STRENGTHS_BASED
    assert barnet.framework_name == "Resilience Model"
    assert barnet.visits.minimum_every is not None
    assert barnet.visits.minimum_every.approx_days() == 42
    assert get_profile("derby").framework_name == "Strengths Based Approach"


def test_outcome_options_and_what_they_lead_to() -> None:
    nt = get_profile("north-tyneside")
    assert [o.leads_to for o in nt.outcomes] == [
        LeadsTo.PLAN_CLOSES,
        LeadsTo.PLAN_CONTINUES,  # step-down agreed at the next review, not at this one
        LeadsTo.PLAN_CONTINUES,
        LeadsTo.STRATEGY_DISCUSSION,
    ]
    assert not nt.outcome("step-down-early-help").needs_lead_professional
    hillingdon = get_profile("hillingdon")
    assert [o.leads_to for o in hillingdon.outcomes] == [
        LeadsTo.PLAN_CLOSES,
        LeadsTo.PLAN_CONTINUES,
        LeadsTo.STRATEGY_DISCUSSION,
    ]
    derby = get_profile("derby")
    assert LeadsTo.FURTHER_ASSESSMENT in {o.leads_to for o in derby.outcomes}
    # Derby's closure option exists only for children in specific circumstances.
    assert "closure-specific-circumstances" not in {o.key for o in derby.outcomes_for([])}
    assert "closure-specific-circumstances" in {
        o.key for o in derby.outcomes_for([Circumstance.PRIVATE_FOSTERING])
    }


def test_chair_rules_warn_where_not_met() -> None:
    derby = get_profile("derby")
    warnings = derby.chair_warnings(
        MeetingKind.REVIEW, ChairRole.TEAM_MANAGER, [Circumstance.SUPERVISION_ORDER]
    )
    assert len(warnings) == 1 and "child protection manager" in warnings[0]
    assert derby.chair_warnings(MeetingKind.REVIEW, ChairRole.TEAM_MANAGER, []) == []
    assert (
        derby.chair_warnings(
            MeetingKind.REVIEW, ChairRole.CHILD_PROTECTION_MANAGER, [Circumstance.SUPERVISION_ORDER]
        )
        == []
    )
    hillingdon = get_profile("hillingdon")
    assert hillingdon.chair_warnings(MeetingKind.INITIAL_PLANNING, ChairRole.SOCIAL_WORKER, [])


def test_plan_rules() -> None:
    derby = get_profile("derby").plan
    assert derby.escalation is not None and derby.escalation.words() == "12 months"
    assert "Deputy Head of Service" in derby.escalation_to
    assert derby.critical_issues is not None and derby.critical_issues.words() == "4 months"
    assert get_profile("hillingdon").plan.contingency_required
    assert not get_profile("north-tyneside").plan.contingency_required
    assert get_profile("north-tyneside").plan.target.words() == "6 months"


def test_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known profiles: barnet, derby"):
        get_profile("atlantis")
    with pytest.raises(KeyError):
        get_profile("../secrets")


def test_adding_a_council_is_adding_a_file(tmp_path: Path) -> None:
    text = (paths.profiles_dir() / "generic.toml").read_text(encoding="utf-8")
    new = tmp_path / "newtown.toml"
    new.write_text(text.replace('id = "generic"', 'id = "newtown"'), encoding="utf-8")
    assert "newtown" in load_profiles(tmp_path)
    assert get_profile("newtown", tmp_path).id == "newtown"


GENERIC = (Path(__file__).parent.parent / "resources/profiles/generic.toml").read_text("utf-8")


def _sub(pattern: str, replacement: str, count: int = 1) -> str:
    changed, n = re.subn(pattern, replacement, GENERIC, count=count, flags=re.MULTILINE)
    assert n, f"pattern {pattern!r} not found in generic.toml"
    return changed


BROKEN = [
    ("not toml", "id = generic\n[[", "", "is not valid TOML"),
    ("missing field", _sub(r"^council = .*$", ""), "council", "is missing"),
    (
        "bad framework",
        _sub(r'^framework = ".*"$', 'framework = "vibes"'),
        "framework",
        "'vibes' is not one of: signs-of-safety, strengths-based",
    ),
    (
        "bad leads_to",
        _sub(r'^leads_to = "plan-closes"$', 'leads_to = "closes"'),
        "outcomes[0].leads_to",
        "'closes' is not one of",
    ),
    (
        "two units",
        _sub(r"within = \{ weeks = 8, earliest = 6 \}", "within = { weeks = 8, months = 2 }"),
        "schedule[0].within",
        "exactly one of",
    ),
    (
        "zero interval",
        _sub(r"within = \{ weeks = 8, earliest = 6 \}", "within = { weeks = 0 }"),
        "schedule[0].within.weeks",
        "above zero",
    ),
    (
        "window upside down",
        _sub(r"within = \{ weeks = 8, earliest = 6 \}", "within = { weeks = 6, earliest = 8 }"),
        "schedule[0].within.earliest",
        "from 1 to 5",
    ),
    (
        "typo",
        _sub(r"^framework_name = ", "framework_nmae = "),
        "framework_nmae",
        "unknown field 'framework_nmae': did you mean 'framework_name'?",
    ),
    (
        "unknown field",
        GENERIC.replace('id = "generic"', 'id = "generic"\ncolour = "red"'),
        "colour",
        "unknown field 'colour'",
    ),
    (
        "duplicate key",
        _sub(r'^key = "worries"$', 'key = "working-well"'),
        "agenda[1].key",
        "duplicate agenda key",
    ),
    ("empty cite", _sub(r"^cite = .*$", 'cite = ""'), "agenda[0].cite", "non-empty text"),
    ("id mismatch", _sub(r'^id = "generic"$', 'id = "other"'), "id", "must match"),
    (
        "no review rule",
        _sub(r'^after = "review"$', 'after = "decision"'),
        "schedule",
        "needs a rule with after = 'review'",
    ),
    (
        "bad circumstance",
        _sub(
            r'^leads_to = "plan-closes"$',
            'leads_to = "plan-closes"\nonly_with_circumstances = ["pirates"]',
        ),
        "outcomes[0].only_with_circumstances[0]",
        "'pirates' is not one of",
    ),
    (
        "sos without scaling",
        _sub(r'^framework = ".*"$', 'framework = "signs-of-safety"').replace(
            "[scaling]", "[ignored]"
        ),
        "ignored",
        "unknown field 'ignored'",
    ),
]


@pytest.mark.parametrize(
    ("text", "field", "problem"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN]
)
def test_broken_profile_is_refused_clearly(
    tmp_path: Path, text: str, field: str, problem: str
) -> None:
    path = tmp_path / "generic.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as err:
        load_profile(path)
    assert err.value.file == path
    assert err.value.field == field
    assert problem in err.value.problem
    assert str(err.value).startswith("generic.toml")


def test_signs_of_safety_needs_scaling(tmp_path: Path) -> None:
    text = _sub(r'^framework = ".*"$', 'framework = "signs-of-safety"')
    text = re.sub(r"\[scaling\][^\[]*", "", text, count=1)
    path = tmp_path / "generic.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=r"field 'scaling'.*needs a scaling question"):
        load_profile(path)


def test_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "generic.toml"
    path.write_bytes(GENERIC.encode("utf-8") + b"\n# \xff\xfe")
    with pytest.raises(ProfileError, match="is not UTF-8"):
        load_profile(path)
