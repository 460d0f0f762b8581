"""The laptop takes in a case pack: new cases appear, known ones gain what they lack.

The rule is the council's own, turned round: **nothing already here is overwritten**.
For each case in the pack, in one transaction of its own:

* a case this laptop does not hold is made, with every meeting the pack carries;
* a case it holds (same council profile and case reference) gains the child's details it
  lacks (a detail it holds otherwise is kept, and reported) and the meetings it lacks,
  filed with the council's ids (``cinchair.sync.restore``), so the next review here
  carries the last plan forward, shows last time's people and scores and the scaling
  history, exactly as if those meetings had been held on this laptop;
* a meeting it already holds is left as it is; one it holds with other content, a case
  whose child differs (name or date of birth), or a plan version number this laptop has
  used itself (a review in progress here) is a **clash**: this laptop's copy is kept,
  and the clash is said in words in the result the window shows. After a plan clash the
  case's later meetings are not taken in either, since they build on that plan.

Each meeting taken in gets a ``received_meetings`` row, so it is never exported back as
this laptop's own (``cinchair.sync.export``) and the sync list shows it as received.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from cinchair.domain.dates import format_day
from cinchair.model import (
    Base,
    Case,
    CaseCircumstance,
    Circumstance,
    Meeting,
    MeetingStatus,
    PlanVersion,
    ReceivedMeeting,
    utcnow,
)
from cinchair.record.build import CASE_DATES, content_fingerprint
from cinchair.store.facade import Store
from cinchair.sync.locking import lock_for_writing
from cinchair.sync.meeting_rows import derived_id
from cinchair.sync.packs.open import OpenedPack, PackCase, PackMeeting
from cinchair.sync.restore import find_case, new_case, plan_by_number, restore_meeting


@dataclass
class CaseReceived:
    """What one case of the pack did on this laptop, in words for the chair."""

    reference: str
    child: str
    new_case: bool = False
    added: list[str] = field(default_factory=list)  # "review of 12 Jan 2027"
    already_held: int = 0
    clashes: list[str] = field(default_factory=list)
    dates_gained: list[str] = field(default_factory=list)  # "first visit 6 Aug 2026"

    def lines(self) -> list[str]:
        if self.new_case:
            head = f"Case {self.reference} ({self.child}): new on this laptop"
        elif self.added or self.dates_gained:
            head = f"Case {self.reference} ({self.child}): gained what it lacked"
        else:
            head = f"Case {self.reference} ({self.child}): nothing new"
        out = [head]
        if self.added:
            out.append(f"  added {len(self.added)} meeting(s): {', '.join(self.added)}")
        if self.dates_gained and not self.new_case:
            out.append(f"  gained the case's dates it lacked: {', '.join(self.dates_gained)}")
        if self.already_held:
            out.append(f"  {self.already_held} meeting(s) already on this laptop, left as they are")
        out += [f"  CLASH: {clash}" for clash in self.clashes]
        return out


@dataclass
class ReceiveResult:
    """What a pack brought, case by case."""

    made_by: str
    made_at: datetime
    cases: list[CaseReceived] = field(default_factory=list)

    @property
    def new_cases(self) -> list[CaseReceived]:
        return [c for c in self.cases if c.new_case]

    @property
    def gained(self) -> list[CaseReceived]:
        return [c for c in self.cases if not c.new_case and c.added]

    @property
    def clashes(self) -> list[str]:
        return [f"case {c.reference}: {clash}" for c in self.cases for clash in c.clashes]

    def lines(self) -> list[str]:
        out = [
            f"Case pack from {self.made_by}, made {self.made_at:%d %b %Y %H:%M} UTC: "
            f"{len(self.new_cases)} new case(s), {len(self.gained)} case(s) gained meetings, "
            f"{len(self.clashes)} clash(es)"
        ]
        for case in self.cases:
            out += case.lines()
        if self.clashes:
            out.append(
                "Where there is a clash this laptop's own copy was kept as it is; nothing typed "
                "here was overwritten. Tell the council admin if the council's copy is right."
            )
        return out


def _words(m: dict[str, Any]) -> str:
    kind = str(m["kind"]).replace("_", " ").replace("-", " ")
    held = date.fromisoformat(m["held_on"])
    version = f" (version {m['version']})" if m["version"] > 1 else ""
    return f"{kind} of {held:%d %b %Y}{version}"


def receive_case_pack(
    store: Store, opened: OpenedPack, *, now: datetime | None = None
) -> ReceiveResult:
    """Take ``opened`` (already checked by ``open_case_pack``) into ``store``."""
    moment = now or utcnow()
    result = ReceiveResult(made_by=opened.made_by, made_at=opened.made_at)
    for case in opened.cases:
        with store.transaction() as session:
            session.info["actor"] = f"case pack from the council ({opened.made_by})"[:200]
            lock_for_writing(session)
            result.cases.append(_receive_case(session, opened, case, moment))
    return result


def _child_of(record: dict[str, Any]) -> tuple[str, str, str | None]:
    child = record["case"]["child"]
    return child["given_name"], child["family_name"], child["date_of_birth"]


def _receive_case(
    session: Session, opened: OpenedPack, pack_case: PackCase, moment: datetime
) -> CaseReceived:
    newest = pack_case.meetings[-1].record
    given, family, born = _child_of(newest)
    done = CaseReceived(pack_case.reference, f"{given} {family}".strip())
    case = find_case(session, newest)
    also: list[Base] = []
    if case is None:
        case = new_case(session, newest)
        also = [case, *case.circumstances]
        done.new_case = True
        _gain_case_dates(case, pack_case.dates, done)
    else:
        here = (case.child_given_name, case.child_family_name, _iso(case.date_of_birth))
        if here != (given, family, born):
            done.clashes.append(
                f"this laptop holds the case for {here[0]} {here[1]} (born {here[2] or 'unknown'})"
                f", the council's is for {given} {family} (born {born or 'unknown'}). Nothing "
                "of it was taken in; the council admin should check the case reference."
            )
            return done
        done.clashes += _gain_case_details(case, newest)
        _gain_case_dates(case, pack_case.dates, done)
        session.flush()
    for meeting in pack_case.meetings:
        outcome = _receive_meeting(session, opened, case, meeting, also, moment)
        if outcome == "added":
            done.added.append(_words(meeting.record["meeting"]))
            also = []
        elif outcome == "held":
            done.already_held += 1
        else:
            done.clashes.append(outcome)
            if outcome.endswith(_LATER_SKIPPED):
                break
    if done.new_case and not done.added:
        # nothing went in with the case: it must not go in alone (also was never written)
        done.new_case = False
    return done


_LATER_SKIPPED = "so its later meetings were not taken in either."
_DETAILS = (
    ("child_preferred_name", "preferred_name", "preferred name"),
    ("gender", "gender", "gender"),
    ("first_language", "first_language", "first language"),
)


def _gain_case_details(case: Case, record: dict[str, Any]) -> list[str]:
    """Fill in the child's details the laptop lacks; a detail it holds otherwise is kept
    and reported (the chair may have corrected it here). Circumstances the council's
    newest meeting lists and the laptop does not are added from that meeting's date; none
    is ended here (only a meeting held on the laptop ends one)."""
    child = record["case"]["child"]
    clashes = []
    for attribute, key, words in _DETAILS:
        here, council = getattr(case, attribute), child[key]
        if here is None and council is not None:
            setattr(case, attribute, council)
        elif council is not None and here != council:
            clashes.append(
                f"the child's {words} is {here!r} on this laptop and {council!r} at the "
                "council; this laptop's was kept."
            )
    held_on = date.fromisoformat(record["meeting"]["held_on"])
    active = case.active_circumstances(held_on)
    for value in sorted(set(record["case"]["circumstances"]) - {c.value for c in active}):
        case.circumstances.append(
            CaseCircumstance(
                id=derived_id(case.id, "circumstance", value, held_on.isoformat()),
                case_id=case.id,
                circumstance=Circumstance(value),
                since=held_on,
                notes="Recorded at a meeting received from the council.",
            )
        )
    return clashes


# The case's own dates as the chair reads them, by the name the record and pack give them.
_DATE_WORDS = {
    "assessment_completed_on": "assessment completed",
    "decision_on": "decision",
    "opened_on": "case opened",
    "allocated_on": "allocation to a social worker",
    "first_visit_on": "first visit after allocation",
    "cre_risk_assessed_on": "CRE risk assessment",
}


def _gain_case_dates(
    case: Case, council_dates: Mapping[str, str | None], done: CaseReceived
) -> None:
    """The case's own dates the council holds and this laptop lacks, filled in (a new case
    takes the council's over those of its newest record, which are as they stood when it
    was signed); a date held here that differs is kept and reported, as the child's
    details are: the chair may have corrected it on this laptop."""
    for name in CASE_DATES:
        council_day = _day(council_dates.get(name))
        here = getattr(case, name)
        if council_day is None or here == council_day:
            continue
        words = _DATE_WORDS[name]
        if here is None or done.new_case:
            setattr(case, name, council_day)
            done.dates_gained.append(f"{words} {format_day(council_day)}")
        else:
            done.clashes.append(
                f"the case's {words} date is {format_day(here)} on this laptop and "
                f"{format_day(council_day)} at the council; this laptop's was kept."
            )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _receive_meeting(
    session: Session,
    opened: OpenedPack,
    case: Case,
    meeting: PackMeeting,
    also: list[Base],
    moment: datetime,
) -> str:
    """``"added"``, ``"held"`` (already here, the same) or a clash in words."""
    record = meeting.record
    m = record["meeting"]
    said = _words(m)
    existing = session.get(Meeting, meeting.meeting_id)
    if existing is not None:
        if existing.status is MeetingStatus.SIGNED and (
            content_fingerprint(session, existing.id) == meeting.fingerprint
        ):
            return "held"
        state = "signed" if existing.status is MeetingStatus.SIGNED else "not signed yet"
        return (
            f"the {said} is on this laptop ({state}) with different content from the "
            "council's copy; this laptop's copy was kept."
        )
    previous_id = m["previous_version_id"]
    if previous_id is not None and session.get(Meeting, previous_id) is None:
        return f"the {said} corrects a meeting this laptop lacks, {_LATER_SKIPPED}"
    plan = record["plan"]
    previous_plan_id = None
    if plan is not None and plan["previous_number"] is not None:
        before = plan_by_number(session, case.id, plan["previous_number"])
        if before is None:
            return (
                f"the {said} amends plan version {plan['previous_number']}, which this laptop "
                f"lacks, {_LATER_SKIPPED}"
            )
        previous_plan_id = before.id
    carried = plan is not None and session.get(PlanVersion, plan["id"]) is not None
    if plan is not None and not carried:
        own = plan_by_number(session, case.id, plan["number"])
        if own is not None:
            where = session.get(Meeting, own.made_at_meeting_id) if own.made_at_meeting_id else None
            at = f" at this laptop's {_words_of(where)}" if where is not None else ""
            return (
                f"this laptop has its own plan version {plan['number']}{at}; the council's "
                f"version {plan['number']} from the {said} was not taken in, {_LATER_SKIPPED}"
            )
    restore_meeting(
        session,
        record,
        case.id,
        previous_plan_id,
        with_plan=not carried,
        files=meeting.files,
        also=also,
    )
    session.add(
        ReceivedMeeting(
            meeting_id=meeting.meeting_id,
            case_reference=record["case"]["reference"],
            fingerprint=meeting.fingerprint,
            pack_id=opened.pack_id,
            council_key_id=opened.council_key_id,
            received_at=moment,
        )
    )
    session.flush()
    return "added"


def _words_of(meeting: Meeting) -> str:
    state = "signed" if meeting.status is MeetingStatus.SIGNED else "in progress"
    kind = meeting.kind.value.replace("_", " ").replace("-", " ")
    return f"{kind} of {meeting.held_on:%d %b %Y} ({state})"
