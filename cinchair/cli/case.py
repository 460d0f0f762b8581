"""``cinchair case new|edit|list|close|reopen``: cases from a terminal, for IT and admin scripts.

The same checks as the window's New case and Case details dialogs
(:mod:`cinchair.cases.editing`): bad input exits with status 2 and one line per
problem naming the option it is about; nothing is saved unless everything is
right. Dates are typed the UK way (15/01/2027, 15 Jan 2027, 2027-01-15). The
store is the chair's own, unlocked with their passphrase like the other store
commands (``--passphrase-file`` for scripts).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

from cinchair.cli.common import Fail, laptop_store, plain_failures

# CaseDetails attribute -> the option that sets it, so a refusal names what to retype
OPTION_OF = {
    "case_ref": "--ref",
    "profile_id": "--council",
    "given_name": "--given",
    "family_name": "--family",
    "preferred_name": "--preferred",
    "date_of_birth": "--born",
    "gender": "--gender",
    "first_language": "--language",
    "assessment_completed_on": "--assessment-completed",
    "decision_on": "--decision",
    "opened_on": "--opened",
    "allocated_on": "--allocated",
    "first_visit_on": "--visited",
    "cre_risk_assessed_on": "--cre-assessed",
    "circumstances": "--circumstance",
    "closed_on": "--on",
    "reason": "--reason",
}


# The case's own dates that start (or end) a council's clock, each an option of its own.
_EVENT_DATES = ("opened_on", "allocated_on", "first_visit_on", "cre_risk_assessed_on")


def _option(field_name: str) -> str:
    return OPTION_OF.get(field_name.split(".")[0], field_name)


def _day(value: str | None, option: str) -> date | None:
    from cinchair.domain.dates import UkDateError, parse_uk_date

    if value is None or not value.strip():
        return None
    try:
        return parse_uk_date(value)
    except UkDateError as exc:
        raise Fail(f"{option}: {exc}") from None


def _circumstances(values: list[str]) -> tuple[Any, ...]:
    """``KIND`` or ``KIND:SINCE`` or ``KIND:SINCE:UNTIL`` (dates the UK way)."""
    from cinchair.cases.editing import CircumstanceDates
    from cinchair.model import Circumstance

    found = []
    for value in values:
        kind, *dates = value.split(":")
        try:
            circumstance = Circumstance(kind.strip())
        except ValueError:
            known = ", ".join(c.value for c in Circumstance)
            raise Fail(f"--circumstance: {kind!r} is not one of {known}") from None
        if len(dates) > 2:
            raise Fail(f"--circumstance: {value!r} has more than KIND:SINCE:UNTIL")
        since = _day(dates[0], "--circumstance (since)") if dates else None
        until = _day(dates[1], "--circumstance (until)") if len(dates) > 1 else None
        found.append(CircumstanceDates(circumstance, since, until))
    return tuple(found)


def _refused(exc: Any) -> Fail:
    lines = [f"{_option(p.field)}: {p.message}" for p in exc.problems]
    return Fail("nothing saved:\n  " + "\n  ".join(lines))


def _cmd_new(args: argparse.Namespace) -> int:
    from cinchair.cases.editing import CaseDetails, CaseInvalid, new_case

    details = CaseDetails(
        case_ref=args.ref or "",
        profile_id=args.council or "",
        given_name=args.given or "",
        family_name=args.family or "",
        preferred_name=args.preferred or "",
        date_of_birth=_day(args.born, "--born"),
        gender=args.gender or "",
        first_language=args.language or "",
        assessment_completed_on=_day(args.assessment_completed, "--assessment-completed"),
        decision_on=_day(args.decision, "--decision"),
        circumstances=_circumstances(args.circumstance),
        **{name: _day(getattr(args, name), OPTION_OF[name]) for name in _EVENT_DATES},
    )
    with laptop_store(args) as store:
        try:
            with store.transaction() as session:
                case_id = new_case(session, details, date.today())
        except CaseInvalid as exc:
            raise _refused(exc) from None
    print(f"case {details.case_ref.strip()} opened ({case_id})")
    return 0


def _cmd_edit(args: argparse.Namespace) -> int:
    from cinchair.cases.editing import CaseInvalid, case_details, find_case, update_case

    changes: dict[str, Any] = {}
    texts = {
        "case_ref": args.new_ref,
        "given_name": args.given,
        "family_name": args.family,
        "preferred_name": args.preferred,
        "gender": args.gender,
        "first_language": args.language,
    }
    changes.update({name: value for name, value in texts.items() if value is not None})
    for name, value, option in (
        ("date_of_birth", args.born, "--born"),
        ("assessment_completed_on", args.assessment_completed, "--assessment-completed"),
        ("decision_on", args.decision, "--decision"),
        *((name, getattr(args, name), OPTION_OF[name]) for name in _EVENT_DATES),
    ):
        if value is not None:  # an empty value ("") clears the date
            changes[name] = _day(value, option)
    if args.circumstance or args.no_circumstances:
        changes["circumstances"] = _circumstances(args.circumstance)
    if not changes:
        raise Fail("nothing to change: give at least one option (see --help)")
    with laptop_store(args) as store:
        try:
            with store.transaction() as session:
                case_id = _found(session, args.ref, args.council, find_case)
                details = dataclasses.replace(case_details(session, case_id), **changes)
                update_case(session, case_id, details, date.today())
        except CaseInvalid as exc:
            raise _refused(exc) from None
    print(f"case {args.ref} corrected: {', '.join(_option(n) for n in changes)}")
    return 0


def _found(session: Any, ref: str, council: str | None, find_case: Any) -> str:
    try:
        return str(find_case(session, ref, council))
    except KeyError as exc:
        raise Fail(f"--ref: {exc.args[0]}") from None


def _cmd_list(args: argparse.Namespace) -> int:
    from cinchair.cases.editing import list_cases
    from cinchair.domain.dates import format_day

    with laptop_store(args) as store, store.reading() as session:
        cases = list_cases(session, include_closed=args.closed)
    if args.json:
        rows = [
            {
                "id": c.case_id,
                "reference": c.case_ref,
                "council": c.profile_id,
                "child": c.child_name,
                "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
                "closed_on": c.closed_on.isoformat() if c.closed_on else None,
                "closure_reason": c.closure_reason or None,
            }
            for c in cases
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not cases:
        print("no cases" if args.closed else "no open cases (--closed shows closed ones too)")
    for c in cases:
        closed = f"  closed {format_day(c.closed_on)}: {c.closure_reason}" if c.closed_on else ""
        born = format_day(c.date_of_birth, "no date of birth")
        print(f"{c.case_ref:16} {c.profile_id:16} {c.child_name} (born {born}){closed}")
    return 0


def _cmd_close(args: argparse.Namespace) -> int:
    from cinchair.cases.closing import CaseClosure, close_case
    from cinchair.cases.editing import CaseInvalid, find_case

    closure = CaseClosure(_day(args.on, "--on"), args.reason or "")
    with laptop_store(args) as store:
        try:
            with store.transaction() as session:
                close_case(
                    session,
                    _found(session, args.ref, args.council, find_case),
                    closure,
                    date.today(),
                )
        except CaseInvalid as exc:
            raise _refused(exc) from None
    print(f"case {args.ref} closed")
    return 0


def _cmd_reopen(args: argparse.Namespace) -> int:
    from cinchair.cases.closing import reopen_case
    from cinchair.cases.editing import CaseInvalid, find_case

    with laptop_store(args) as store:
        try:
            with store.transaction() as session:
                reopen_case(session, _found(session, args.ref, args.council, find_case))
        except CaseInvalid as exc:
            raise _refused(exc) from None
    print(f"case {args.ref} reopened")
    return 0


def _store_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    parser.add_argument(
        "--passphrase-file", type=Path, help="read your store's passphrase from this file"
    )


def _detail_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--given", help="the child's given name")
    parser.add_argument("--family", help="the child's family name")
    parser.add_argument("--preferred", help="the name the child likes to be called")
    parser.add_argument("--born", help="date of birth, e.g. 14/03/2018 (expected date if unborn)")
    parser.add_argument("--gender", help="as the council's system records it")
    parser.add_argument("--language", help="the child's first language")
    parser.add_argument("--assessment-completed", help="the date the assessment was completed")
    parser.add_argument("--decision", help="the date of the council's decision (e.g. Derby's VCM)")
    parser.add_argument(
        "--opened",
        dest="opened_on",
        help="the date the case was opened (Derby's 12-month escalation counts from it)",
    )
    parser.add_argument(
        "--allocated",
        dest="allocated_on",
        help="the date the case was allocated to a social worker (starts the visit's clock)",
    )
    parser.add_argument(
        "--visited",
        dest="first_visit_on",
        help="the date of the social worker's first visit after allocation",
    )
    parser.add_argument(
        "--cre-assessed",
        dest="cre_risk_assessed_on",
        help="the date the CRE (exploitation) risk assessment was completed",
    )
    parser.add_argument(
        "--circumstance",
        action="append",
        default=[],
        metavar="KIND[:SINCE[:UNTIL]]",
        help="a specific circumstance, e.g. supervision-order:01/05/2026 (repeatable)",
    )


def add_parsers(sub: Any) -> None:
    case = sub.add_parser(
        "case",
        help="open, correct, list and close cases",
        description="Cases in your store, with the same checks as the window. Dates as "
        "15/01/2027, 15 Jan 2027 or 2027-01-15. Exit status 2 names the option that is wrong.",
    )
    actions = case.add_subparsers(dest="case_action", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="open a new case")
    new.add_argument("--ref", help="the case reference as the council's system holds it")
    new.add_argument("--council", help="the council's profile id (cinchair profiles lists them)")
    _detail_options(new)
    _store_options(new)
    new.set_defaults(func=plain_failures(_cmd_new))

    edit = actions.add_parser("edit", help="correct a case's details (audited)")
    edit.add_argument("ref", help="the case reference")
    edit.add_argument("--council", help="which council's case, if several have this reference")
    edit.add_argument("--new-ref", help="a corrected case reference")
    _detail_options(edit)
    edit.add_argument(
        "--no-circumstances", action="store_true", help="remove every specific circumstance"
    )
    _store_options(edit)
    edit.set_defaults(func=plain_failures(_cmd_edit))

    listing = actions.add_parser("list", help="the open cases (--closed for all)")
    listing.add_argument("--closed", action="store_true", help="closed cases too")
    listing.add_argument("--json", action="store_true", help="as JSON")
    _store_options(listing)
    listing.set_defaults(func=plain_failures(_cmd_list))

    close = actions.add_parser("close", help="close a case with the date and the reason")
    close.add_argument("ref", help="the case reference")
    close.add_argument("--council", help="which council's case, if several have this reference")
    close.add_argument("--on", help="the date the case closed")
    close.add_argument("--reason", help="the council's reason for closing it")
    _store_options(close)
    close.set_defaults(func=plain_failures(_cmd_close))

    reopen = actions.add_parser("reopen", help="reopen a case closed in error")
    reopen.add_argument("ref", help="the case reference")
    reopen.add_argument("--council", help="which council's case, if several have this reference")
    _store_options(reopen)
    reopen.set_defaults(func=plain_failures(_cmd_reopen))


__all__ = ["add_parsers"]
