"""Opening, correcting and closing a case: the checks a chair's typing must pass.

The window's New case / Case details / Close case dialogs and ``cinchair case``
call the same functions, so a field refused in one is refused in the other with
the same words. Every problem names its field (``CaseProblem.field``) so a form
can show the message beside the field it is about, and all the problems are
found at once rather than one per attempt.

Changes go through the ORM, so the store's audit log records who changed what.
A signed meeting keeps the case's details as they were signed
(:func:`cinchair.record.build.keep_case_as_signed`), so correcting a misspelt name
never rewrites signed minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.app.errors import ActionableError
from cinchair.app.first_run import available_profiles
from cinchair.domain.dates import format_day
from cinchair.model import Case, CaseCircumstance, Circumstance
from cinchair.profiles import ProfileError, get_profile
from cinchair.record.build import keep_case_as_signed

# The column widths of cinchair.model.case, so a long value is refused in words
# instead of failing in the database (or being cut short on PostgreSQL).
NAME_LIMIT = 200
REF_LIMIT = 64
GENDER_LIMIT = 64
LANGUAGE_LIMIT = 100
# A child in need is under 18; a review can fall a little after the 18th birthday,
# but a date of birth older than this is a typing slip (1907 for 2007).
OLDEST_AGE_YEARS = 19
# A pre-birth assessment can open a case for an unborn baby: the expected date of
# birth may be up to this many days ahead.
EXPECTED_BIRTH_DAYS = 300

CIRCUMSTANCE_LABELS: dict[Circumstance, str] = {
    Circumstance.PRIVATE_FOSTERING: "Private fostering",
    Circumstance.SUPERVISION_ORDER: "Supervision order",
    Circumstance.LIVING_INDEPENDENTLY_16_17: "Living independently (16 or 17)",
    Circumstance.SHORT_BREAKS: "Short breaks",
    Circumstance.RISK_OF_EXPLOITATION: "Risk of exploitation",
    Circumstance.COMPLEX_DISABILITY: "Complex disability",
    Circumstance.DISABLED_CHILD: "Disabled child",
    Circumstance.DISABILITY_CPM_CRITERIA: "Disability: meets the CPM criteria",
    Circumstance.SHORT_BREAKS_RESIDENTIAL_S20: "Residential short breaks (section 20)",
    Circumstance.MULTI_AGENCY_TEAM: "Held in a multi-agency team",
    Circumstance.NRPF_ONLY: "No recourse to public funds is the only issue",
    Circumstance.TRANSFERRED_IN: "Transferred in from another area",
    Circumstance.COMPLEX_PACKAGE: "Complex package of support",
    Circumstance.CWD_TEAM: "Meets the Children with Disabilities Team criteria",
    Circumstance.INVOLVED_IN_OFFENDING: "Young person involved in offending",
    Circumstance.YOUNG_CARER: "Young carer (needs not met by an alternative service)",
}


def circumstance_label(circumstance: Circumstance) -> str:
    """The circumstance in words; one added to the model later reads from its value."""
    known = CIRCUMSTANCE_LABELS.get(circumstance)
    return known or circumstance.value.replace("-", " ").capitalize()


@dataclass(frozen=True)
class CircumstanceDates:
    """One specific circumstance and when it applied (``until`` empty: still applies)."""

    circumstance: Circumstance
    since: date | None = None
    until: date | None = None
    notes: str = ""


@dataclass(frozen=True)
class CaseDetails:
    """What a chair types about a case; read back by :func:`case_details`."""

    case_ref: str
    profile_id: str
    given_name: str
    family_name: str
    preferred_name: str = ""
    date_of_birth: date | None = None
    gender: str = ""
    first_language: str = ""
    assessment_completed_on: date | None = None
    decision_on: date | None = None
    circumstances: tuple[CircumstanceDates, ...] = ()
    opened_on: date | None = None
    allocated_on: date | None = None
    first_visit_on: date | None = None
    cre_risk_assessed_on: date | None = None


@dataclass(frozen=True)
class CaseProblem:
    """One field's problem; ``field`` is a ``CaseDetails`` attribute (or ``circumstances.N``)."""

    field: str
    message: str


class CaseInvalid(ActionableError, ValueError):
    """The details cannot be saved; ``problems`` says which fields and why, in words."""

    def __init__(self, problems: list[CaseProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))

    def message_for(self, field_name: str) -> str:
        return " ".join(p.message for p in self.problems if p.field == field_name)


class DuplicateCase(CaseInvalid):
    """The council already has a case with this reference here: ``existing_id`` is it."""

    def __init__(self, existing_id: str, child_name: str, case_ref: str, council: str) -> None:
        self.existing_id = existing_id
        self.child_name = child_name
        super().__init__(
            [
                CaseProblem(
                    "case_ref",
                    f"{council} already has case {case_ref} on this laptop ({child_name}).",
                )
            ]
        )


@dataclass(frozen=True)
class Council:
    profile_id: str
    name: str


def councils() -> list[Council]:
    """The councils a case can be under: the shipped profiles and any the council gave."""
    return [Council(p.id, p.council) for p in available_profiles()]


# Offered in the form's drop-downs; any other wording the council's system uses can be typed.
GENDER_SUGGESTIONS = ("Female", "Male", "Non-binary", "Not known", "Not stated")
LANGUAGE_SUGGESTIONS = (
    "English",
    "Arabic",
    "Bengali",
    "British Sign Language",
    "Polish",
    "Punjabi",
    "Romanian",
    "Somali",
    "Urdu",
    "Welsh",
)


def blank_details() -> CaseDetails:
    """A new case's form as it starts: under the council the chair set up to work for."""
    from cinchair.app.settings import load_settings

    return CaseDetails(
        case_ref="", profile_id=load_settings().profile_id, given_name="", family_name=""
    )


def single_spaced(value: str) -> str:
    return " ".join(value.split())


def _cleaned(details: CaseDetails) -> CaseDetails:
    """Spaces trimmed and runs of spaces made one, so "Leo  " and "Leo" are one name."""
    return CaseDetails(
        case_ref=single_spaced(details.case_ref),
        profile_id=details.profile_id.strip(),
        given_name=single_spaced(details.given_name),
        family_name=single_spaced(details.family_name),
        preferred_name=single_spaced(details.preferred_name),
        date_of_birth=details.date_of_birth,
        gender=single_spaced(details.gender),
        first_language=single_spaced(details.first_language),
        assessment_completed_on=details.assessment_completed_on,
        decision_on=details.decision_on,
        circumstances=tuple(
            CircumstanceDates(c.circumstance, c.since, c.until, c.notes.strip())
            for c in details.circumstances
        ),
        opened_on=details.opened_on,
        allocated_on=details.allocated_on,
        first_visit_on=details.first_visit_on,
        cre_risk_assessed_on=details.cre_risk_assessed_on,
    )


def check_details(details: CaseDetails, today: date) -> list[CaseProblem]:
    """Every problem with ``details``, field by field (empty when they can be saved)."""
    d = _cleaned(details)
    problems: list[CaseProblem] = []

    def need(field_name: str, value: str, what: str, limit: int) -> None:
        if not value:
            problems.append(CaseProblem(field_name, f"Type the {what}."))
        elif len(value) > limit:
            problems.append(
                CaseProblem(
                    field_name, f"The {what} is too long ({len(value)} of {limit} letters)."
                )
            )

    def at_most(field_name: str, value: str, what: str, limit: int) -> None:
        if len(value) > limit:
            problems.append(
                CaseProblem(
                    field_name, f"The {what} is too long ({len(value)} of {limit} letters)."
                )
            )

    need("given_name", d.given_name, "child's given name", NAME_LIMIT)
    need("family_name", d.family_name, "child's family name", NAME_LIMIT)
    at_most("preferred_name", d.preferred_name, "preferred name", NAME_LIMIT)
    need("case_ref", d.case_ref, "case reference as the council's system holds it", REF_LIMIT)
    at_most("gender", d.gender, "gender", GENDER_LIMIT)
    at_most("first_language", d.first_language, "first language", LANGUAGE_LIMIT)
    if not d.profile_id:
        problems.append(CaseProblem("profile_id", "Choose the council whose case this is."))
    else:
        try:
            get_profile(d.profile_id)
        except (KeyError, ProfileError):
            problems.append(
                CaseProblem("profile_id", f"There is no council profile {d.profile_id!r} here.")
            )
    if d.date_of_birth is not None:
        if (d.date_of_birth - today).days > EXPECTED_BIRTH_DAYS:
            problems.append(
                CaseProblem(
                    "date_of_birth",
                    f"{format_day(d.date_of_birth)} is too far ahead, even for an expected "
                    "date of birth.",
                )
            )
        elif today.year - d.date_of_birth.year > OLDEST_AGE_YEARS:
            problems.append(
                CaseProblem(
                    "date_of_birth",
                    f"{format_day(d.date_of_birth)} would make the child over "
                    f"{OLDEST_AGE_YEARS}: check the year.",
                )
            )
    for name, day, what in (
        ("assessment_completed_on", d.assessment_completed_on, "The assessment"),
        ("decision_on", d.decision_on, "The decision"),
        ("opened_on", d.opened_on, "The case's opening"),
        ("allocated_on", d.allocated_on, "The allocation"),
        ("first_visit_on", d.first_visit_on, "The first visit"),
        ("cre_risk_assessed_on", d.cre_risk_assessed_on, "The CRE risk assessment"),
    ):
        if day is not None and day > today:
            problems.append(
                CaseProblem(name, f"{what} cannot be dated after today ({format_day(day)}).")
            )
    if d.first_visit_on and d.allocated_on and d.first_visit_on < d.allocated_on:
        problems.append(
            CaseProblem(
                "first_visit_on",
                f"The first visit after allocation ({format_day(d.first_visit_on)}) is "
                f"before the allocation ({format_day(d.allocated_on)}): check both dates.",
            )
        )
    if d.first_visit_on and not d.allocated_on:
        problems.append(
            CaseProblem(
                "allocated_on",
                "Give the date the case was allocated: the first visit is counted from it.",
            )
        )
    seen: set[Circumstance] = set()
    for index, entry in enumerate(d.circumstances):
        where = f"circumstances.{index}"
        label = circumstance_label(entry.circumstance)
        if entry.circumstance in seen:
            problems.append(
                CaseProblem(where, f"{label} is listed twice: keep one, with its dates.")
            )
        seen.add(entry.circumstance)
        if entry.since and entry.until and entry.until < entry.since:
            problems.append(
                CaseProblem(
                    where,
                    f"{label} ends ({format_day(entry.until)}) before it starts "
                    f"({format_day(entry.since)}).",
                )
            )
    return problems


def _duplicate(session: Session, d: CaseDetails, other_than: str | None) -> DuplicateCase | None:
    query = select(Case).where(Case.profile_id == d.profile_id, Case.case_ref == d.case_ref)
    if other_than is not None:
        query = query.where(Case.id != other_than)
    existing = session.scalars(query).first()
    if existing is None:
        return None
    return DuplicateCase(
        existing.id, existing.child_name, d.case_ref, get_profile(d.profile_id).council
    )


def _apply(case: Case, d: CaseDetails) -> None:
    case.case_ref = d.case_ref
    case.profile_id = d.profile_id
    case.child_given_name = d.given_name
    case.child_family_name = d.family_name
    case.child_preferred_name = d.preferred_name or None
    case.date_of_birth = d.date_of_birth
    case.gender = d.gender or None
    case.first_language = d.first_language or None
    case.assessment_completed_on = d.assessment_completed_on
    case.decision_on = d.decision_on
    case.opened_on = d.opened_on
    case.allocated_on = d.allocated_on
    case.first_visit_on = d.first_visit_on
    case.cre_risk_assessed_on = d.cre_risk_assessed_on
    kept = {c.circumstance: c for c in case.circumstances}
    wanted = {entry.circumstance: entry for entry in d.circumstances}
    for circumstance, row in kept.items():
        if circumstance not in wanted:
            case.circumstances.remove(row)
    for circumstance, entry in wanted.items():
        row = kept.get(circumstance) or CaseCircumstance(circumstance=circumstance)
        if circumstance not in kept:
            case.circumstances.append(row)
        # only real changes are set, so the audit log lists only what was corrected
        if (row.since, row.until, row.notes or "") != (entry.since, entry.until, entry.notes):
            row.since, row.until, row.notes = entry.since, entry.until, entry.notes or None


def new_case(session: Session, details: CaseDetails, today: date) -> str:
    """Open a case; its id. ``CaseInvalid`` (or ``DuplicateCase``) says what to put right."""
    problems = check_details(details, today)
    if problems:
        raise CaseInvalid(problems)
    d = _cleaned(details)
    duplicate = _duplicate(session, d, other_than=None)
    if duplicate is not None:
        raise duplicate
    case = Case(
        case_ref=d.case_ref,
        profile_id=d.profile_id,
        child_given_name=d.given_name,
        child_family_name=d.family_name,
    )
    _apply(case, d)
    session.add(case)
    session.flush()
    return case.id


def case_details(session: Session, case_id: str) -> CaseDetails:
    """The case's details as the forms show them; ``KeyError`` for an unknown id."""
    case = case_by_id(session, case_id)
    return CaseDetails(
        case_ref=case.case_ref,
        profile_id=case.profile_id,
        given_name=case.child_given_name,
        family_name=case.child_family_name,
        preferred_name=case.child_preferred_name or "",
        date_of_birth=case.date_of_birth,
        gender=case.gender or "",
        first_language=case.first_language or "",
        assessment_completed_on=case.assessment_completed_on,
        decision_on=case.decision_on,
        circumstances=tuple(
            CircumstanceDates(c.circumstance, c.since, c.until, c.notes or "")
            for c in case.circumstances
        ),
        opened_on=case.opened_on,
        allocated_on=case.allocated_on,
        first_visit_on=case.first_visit_on,
        cre_risk_assessed_on=case.cre_risk_assessed_on,
    )


def update_case(session: Session, case_id: str, details: CaseDetails, today: date) -> None:
    """Correct a case's details, after the same checks as a new case.

    Signed meetings keep what they were signed with. The council cannot be changed
    once a meeting has been held: those meetings were run under its rules.
    """
    case = case_by_id(session, case_id)
    problems = check_details(details, today)
    d = _cleaned(details)
    if d.profile_id != case.profile_id and case.meetings:
        problems.append(
            CaseProblem(
                "profile_id",
                "The council cannot change once a meeting has been held under its rules; "
                "open a new case under the other council instead.",
            )
        )
    if problems:
        raise CaseInvalid(problems)
    duplicate = _duplicate(session, d, other_than=case_id)
    if duplicate is not None:
        raise duplicate
    for meeting in case.meetings:
        keep_case_as_signed(meeting)
    _apply(case, d)
    session.flush()


@dataclass(frozen=True)
class CaseSummary:
    """One line of ``cinchair case list``."""

    case_id: str
    case_ref: str
    profile_id: str
    child_name: str
    date_of_birth: date | None
    closed_on: date | None
    closure_reason: str


def list_cases(session: Session, *, include_closed: bool = False) -> list[CaseSummary]:
    """Cases by family then given name; closed ones only when asked for."""
    query = select(Case).order_by(Case.child_family_name, Case.child_given_name, Case.case_ref)
    if not include_closed:
        query = query.where(Case.closed_on.is_(None))
    return [
        CaseSummary(
            c.id,
            c.case_ref,
            c.profile_id,
            c.child_name,
            c.date_of_birth,
            c.closed_on,
            c.closure_reason or "",
        )
        for c in session.scalars(query)
    ]


def find_case(session: Session, case_ref: str, profile_id: str | None = None) -> str:
    """The id of the case with ``case_ref`` (under ``profile_id``, if several councils have it)."""
    query = select(Case).where(Case.case_ref == single_spaced(case_ref))
    if profile_id:
        query = query.where(Case.profile_id == profile_id)
    found = list(session.scalars(query))
    if not found:
        raise KeyError(f"there is no case {case_ref!r} on this laptop")
    if len(found) > 1:
        councils_named = ", ".join(sorted(c.profile_id for c in found))
        raise KeyError(
            f"case {case_ref!r} is held under several councils ({councils_named}): name one"
        )
    return found[0].id


def case_by_id(session: Session, case_id: str) -> Case:
    case = session.get(Case, case_id)
    if case is None:
        raise KeyError(f"no case with id {case_id}")
    return case
