"""Starting a meeting from the window: what the dialog offers, and the start itself.

The Start-meeting dialog asks these and shows what they return; the case is read, the
chair's fit with the council's rules judged, and the meeting made here, each in one
transaction of its own, so the dialog holds no session and decides nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cinchair.domain import vocabulary as words
from cinchair.meetings import lifecycle
from cinchair.model import Case, ChairRole, Circumstance, MeetingKind
from cinchair.profiles import Profile, get_profile
from cinchair.store.facade import Store


@dataclass(frozen=True)
class StartChoices:
    """What the dialog needs to know of the case before the chair fills it in."""

    child_name: str
    profile: Profile
    circumstances: frozenset[Circumstance]
    suggested_kind: MeetingKind  # a review once the case has had a meeting


def start_choices(store: Store, case_id: str, today: date) -> StartChoices:
    with store.reading() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise lifecycle.MeetingRefused("that case is no longer in this store")
        return StartChoices(
            child_name=case.child_name,
            profile=get_profile(case.profile_id),
            circumstances=frozenset(case.active_circumstances(today)),
            suggested_kind=MeetingKind.REVIEW if case.meetings else MeetingKind.INITIAL_PLANNING,
        )


@dataclass(frozen=True)
class ChairWarning:
    """Where the chosen chair does not meet the council's rules: one line, and why.

    The line is what the chair needs to see in the dialog; the policy behind it (the
    council's note and the words of its procedure) is there for whoever asks "Why?".
    """

    line: str
    why: str


def chair_warnings(
    profile: Profile,
    kind: MeetingKind,
    role: ChairRole,
    circumstances: frozenset[Circumstance],
) -> list[ChairWarning]:
    warnings = []
    for rule in profile.chair_rules_for(kind, circumstances):
        if role in rule.roles:
            continue
        expected = " or ".join(sorted(words.CHAIR_ROLE[r] for r in rule.roles))
        why = "\n\n".join(part for part in (rule.note, rule.cite) if part)
        warnings.append(
            ChairWarning(
                line=f"{profile.council} expects this meeting to be chaired by: {expected}.",
                why=why,
            )
        )
    return warnings


def start_new_meeting(
    store: Store,
    case_id: str,
    *,
    kind: MeetingKind,
    held_on: date,
    chair_name: str,
    chair_role: ChairRole,
    venue: str | None,
    chair_team: str | None = None,
) -> str:
    """Make the draft meeting (one transaction) and return its id.

    ``chair_team`` None means the chair's team from the settings (Preferences): the team
    goes with the chair, as the name does, and the window never decides it."""
    if chair_team is None:
        from cinchair.app.settings import load_settings

        chair_team = load_settings().chair_team
    with store.transaction() as session:
        case = session.get(Case, case_id)
        if case is None:
            raise lifecycle.MeetingRefused("that case is no longer in this store")
        started = lifecycle.start_meeting(
            session,
            case,
            get_profile(case.profile_id),
            kind=kind,
            held_on=held_on,
            chair_name=chair_name,
            chair_role=chair_role,
            venue=(venue or "").strip() or None,
            chair_team=chair_team,
        )
        session.flush()
        return started.meeting.id
