"""The tasks around a meeting, from the council's profile: what, who, to whom, by when.

Before a meeting: reports written, approved and shared with the parents, invitations.
After it: the minutes and the plan to whom and by when, signatures still needed, the
letter saying the plan has ended. Each task comes from a ``[[duties]]`` table of the
profile with its citation, so the case list, the meeting's sign-off page, the admin's
report and the documents' distribution list all say the same and say why.

Everything here is plain: dates and words in, frozen values out. Dates are counted
as the profile says (days, working days, weeks); a date that lands on a weekend or a
bank holiday also gives ``hold_by``, the working day before, so nothing is planned
for a day the office is shut.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cinchair.domain.dates import format_day
from cinchair.domain.schedule import CaseState, DueItem, HeldMeeting, hold_by
from cinchair.model import Circumstance, Meeting, MeetingKind, SignatureStatus
from cinchair.profiles import LeadsTo, Profile, ProfileError, get_profile
from cinchair.profiles.rules import Duty, Stage


@dataclass(frozen=True)
class DutyDue:
    """One task for one meeting, with its date worked out (``None``: no timescale set)."""

    key: str
    stage: str  # "before" or "after" the meeting, or "case": owed by the case itself
    what: str
    who: str
    to: tuple[str, ...]
    due: date | None
    cite: str
    document: str = ""  # "minutes" or "plan" where the task sends one of them
    local_choice: bool = False
    # Names still to act (people marked "to sign later" for a signing task).
    waiting_for: tuple[str, ...] = ()

    @property
    def hold_by(self) -> date | None:
        return hold_by(self.due) if self.due else None

    def late_on(self, today: date) -> bool:
        return self.due is not None and today > self.due

    def when_words(self) -> str:
        """``by 4 Jan 2027`` (with the working day before where it falls on a closed day)."""
        if self.due is None:
            return "the procedure sets no timescale"
        held = self.hold_by
        if held != self.due:
            return f"by {format_day(self.due)} (a non-working day: by {format_day(held)})"
        return f"by {format_day(self.due)}"

    def line(self) -> str:
        """The task in one line: what, who, to whom, when, and whether it is local practice."""
        to = f" to {', '.join(self.to)}" if self.to else ""
        waiting = f" (still to sign: {', '.join(self.waiting_for)})" if self.waiting_for else ""
        local = " [the council's local choice, not its procedure]" if self.local_choice else ""
        return f"{self.what}{to}: {self.who}, {self.when_words()}{waiting}{local}"

    def as_json(self) -> dict[str, Any]:
        held = self.hold_by
        return {
            "key": self.key,
            "stage": self.stage,
            "what": self.what,
            "who": self.who,
            "to": list(self.to),
            "due": self.due.isoformat() if self.due else None,
            "hold_by": held.isoformat() if held else None,
            "document": self.document or None,
            "waiting_for": list(self.waiting_for),
            "local_choice": self.local_choice,
            "cite": self.cite,
        }


def _leads_to(value: str | LeadsTo | None) -> LeadsTo | None:
    if value is None or isinstance(value, LeadsTo):
        return value
    try:
        return LeadsTo(value)
    except ValueError:
        return None


def _due(duty: Duty, held_on: date) -> date | None:
    if duty.within is None:
        return None
    if duty.stage is Stage.BEFORE:
        return duty.within.before(held_on)
    return duty.within.after(held_on)


def meeting_duties(
    profile: Profile,
    kind: MeetingKind,
    held_on: date,
    circumstances: Iterable[Circumstance] = (),
    *,
    leads_to: str | LeadsTo | None = None,
    option_key: str | None = None,
    stage: Stage | None = None,
    to_sign_later: Sequence[str] = (),
) -> list[DutyDue]:
    """Every task the profile sets for a meeting of ``kind`` on ``held_on``, in date order.

    ``leads_to`` and ``option_key`` are the outcome chosen (tasks such as the closure
    letter follow only some outcomes; before one is chosen those tasks are left out).
    ``to_sign_later`` names the people who have still to sign; a signing task carries
    them. Tasks with no timescale come last, in the profile's order.
    """
    present = set(circumstances)
    outcome = _leads_to(leads_to)
    found = []
    for duty in profile.duties:
        if stage is not None and duty.stage is not stage:
            continue
        if not duty.applies(kind, present, outcome, option_key):
            continue
        waiting = tuple(to_sign_later) if duty.awaits_signatures else ()
        found.append(
            DutyDue(
                key=duty.key,
                stage=duty.stage.value,
                what=duty.what,
                who=duty.who,
                to=duty.to,
                due=_due(duty, held_on),
                cite=duty.cite,
                document=duty.document,
                local_choice=duty.local_choice,
                waiting_for=waiting,
            )
        )
    order = {d.key: i for i, d in enumerate(profile.duties)}
    return sorted(found, key=lambda d: (d.due is None, d.due or held_on, order[d.key]))


def distribution(
    profile: Profile,
    kind: MeetingKind,
    held_on: date,
    circumstances: Iterable[Circumstance] = (),
    *,
    leads_to: str | LeadsTo | None = None,
    option_key: str | None = None,
) -> list[DutyDue]:
    """Who must receive the minutes and the plan of this meeting, and by when.

    The documents print it; each entry keeps its citation so the chair can show why.
    """
    return [
        d
        for d in meeting_duties(
            profile,
            kind,
            held_on,
            circumstances,
            leads_to=leads_to,
            option_key=option_key,
            stage=Stage.AFTER,
        )
        if d.document
    ]


def late_duties(duties: Iterable[DutyDue], today: date) -> list[DutyDue]:
    """The tasks whose date has passed (the caller leaves out the ones already done)."""
    return [d for d in duties if d.late_on(today)]


# The meeting a due item stands for, for the tasks before it.
_KIND_DUE = {
    "review": MeetingKind.REVIEW,
    "initial-planning-meeting": MeetingKind.INITIAL_PLANNING,
}


def case_duties(
    profile: Profile,
    state: CaseState,
    latest: HeldMeeting | None,
    circumstances: Iterable[Circumstance] = (),
    *,
    to_sign_later: Sequence[str] = (),
) -> tuple[DutyDue, ...]:
    """What is due next around a case's meetings, most pressing first.

    After the latest meeting, its tasks (minutes and plan to whom, signatures still
    needed, the closure letter) while its minutes are unsigned or someone is still to
    sign: a CPM sees which minutes are late. Before the next meeting, its tasks
    (reports, sharing with parents, invitations), counted back from the day it is to
    be held by. First of all, what the case owes that is not a meeting (the visit after
    allocation, a CRE risk assessment, a review date to agree with the CPM).
    """
    present = set(circumstances)
    found: list[DutyDue] = [
        DutyDue(
            key=task.key,
            stage="case",
            what=task.what,
            who=f"{task.who} ({task.rule})",
            to=(),
            due=task.due,
            cite=task.cite,
        )
        for task in state.tasks
    ]
    if latest is not None and (not latest.signed or to_sign_later):
        found += meeting_duties(
            profile,
            latest.kind,
            latest.held_on,
            present,
            leads_to=latest.leads_to,
            option_key=latest.option_key,
            stage=Stage.AFTER,
            to_sign_later=to_sign_later,
        )
    upcoming = state.next_due
    kind = _KIND_DUE.get(upcoming.what) if upcoming else None
    if upcoming is not None and upcoming.hold_by is not None and kind is not None:
        found += meeting_duties(profile, kind, upcoming.hold_by, present, stage=Stage.BEFORE)
    return tuple(found)


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the short checklist the window shows: what, when, for whom and why."""

    what: str
    when: str
    who: str
    cite: str
    late: bool
    local_choice: bool = False


_NEXT_WORDS = {
    "review": "Next review",
    "initial-planning-meeting": "Initial planning meeting",
    "visit": "Visit to the child",
    "cre-risk-assessment": "CRE risk assessment",
}


def checklist(
    duties: Iterable[DutyDue], today: date, next_due: DueItem | None = None
) -> tuple[ChecklistItem, ...]:
    """The next meeting (with why it is due then) and the tasks around it, late first."""
    items = []
    if next_due is not None:
        if next_due.due is None:
            when = "no date set"  # the line under it says whose procedure sets none
        elif next_due.hold_by != next_due.due:
            when = (
                f"by {format_day(next_due.due)} (a non-working day: hold by "
                f"{format_day(next_due.hold_by)})"
            )
        else:
            when = f"by {format_day(next_due.due)}"
        items.append(
            ChecklistItem(
                what=_NEXT_WORDS.get(next_due.what, next_due.what),
                when=when,
                who=next_due.rule,
                cite=next_due.cite,
                late=next_due.due is not None and today > next_due.due,
            )
        )
    for duty in duties:
        to = f"; to {', '.join(duty.to)}" if duty.to else ""
        waiting = f"; still to sign: {', '.join(duty.waiting_for)}" if duty.waiting_for else ""
        items.append(
            ChecklistItem(
                what=duty.what,
                when=duty.when_words(),
                who=f"{duty.who}{to}{waiting}",
                cite=duty.cite,
                late=duty.late_on(today),
                local_choice=duty.local_choice,
            )
        )
    return tuple(sorted(items, key=lambda item: not item.late))


def meeting_checklist(meeting: Meeting, profile: Profile, today: date) -> tuple[ChecklistItem, ...]:
    """The tasks after this meeting (and what its outcome adds), for its sign-off page."""
    decision = meeting.decision
    waiting = [
        s.signer_name for s in meeting.signatures if s.status is SignatureStatus.TO_SIGN_LATER
    ]
    duties = meeting_duties(
        profile,
        meeting.kind,
        meeting.held_on,
        meeting.case.active_circumstances(meeting.held_on),
        leads_to=decision.leads_to if decision else None,
        option_key=decision.option_key if decision else None,
        stage=Stage.AFTER,
        to_sign_later=waiting,
    )
    return checklist(duties, today)


def record_distribution(record: Mapping[str, Any], document: str) -> list[dict[str, str]]:
    """Who must receive this meeting's ``document`` ("minutes" or "plan") and by when, by
    the council's procedure, from a meeting record: for the documents to print.

    Each entry is plain words: what, who sends it, to whom, when, and the citation. A
    record whose council profile is not on this machine gets none (the documents still
    list the people marked to receive a copy).
    """
    try:
        profile = get_profile(record["council"]["profile_id"])
        kind = MeetingKind(record["meeting"]["kind"])
        held_on = date.fromisoformat(record["meeting"]["held_on"])
    except (KeyError, ValueError, ProfileError):
        return []
    circumstances = []
    for value in record["case"].get("circumstances", []):
        try:
            circumstances.append(Circumstance(value))
        except ValueError:
            continue
    decision = record.get("decision") or {}
    sent = distribution(
        profile,
        kind,
        held_on,
        circumstances,
        leads_to=decision.get("leads_to"),
        option_key=decision.get("option_key"),
    )
    return [
        {
            "what": d.what,
            "who": d.who,
            "to": ", ".join(d.to),
            "when": d.when_words(),
            "cite": d.cite,
        }
        for d in sent
        if d.document == document
    ]
