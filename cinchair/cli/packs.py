"""``cinchair pack`` (the admin: cases to one laptop) and ``cinchair receive`` (the laptop).

Apart from ``cinchair.cli.sync`` because case packs travel the other way: the council
chooses cases and seals them to one laptop; the laptop takes them in. Both sides say what
was chosen, added, already held, or clashed, in words; a refused pack writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from cinchair.cli.common import (
    Fail,
    keys_folder,
    laptop_store,
    now_utc,
    open_store,
    passphrase_arg,
    plain_failures,
)


def add_parsers(sub: Any) -> None:
    """Register ``pack`` and ``receive`` with the main command's subparsers."""
    pack = sub.add_parser(
        "pack",
        help="a case pack: cases from the council store sealed to one laptop",
        description="Choose cases in the council store (by case reference, by the chair of "
        "their last meeting or that chair's team, or the reviews due within N weeks, as "
        "the admin report counts them) and make a case pack for one laptop: every signed "
        "meeting of each case, signed with the council's key and sealed to that laptop's "
        "sealing key from the trust list. Without --out, only lists the cases chosen.",
    )
    pack.add_argument("--db", required=True, help="the council store (SQLAlchemy URL)")
    pack.add_argument("--keys", type=Path, help="the council key folder (default: data folder)")
    pack.add_argument("--laptop", required=True, help="the laptop's device id (trust list)")
    which = pack.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", nargs="+", metavar="REF", help="these case references")
    which.add_argument("--chair", help="the cases whose last meeting this chair chaired")
    which.add_argument("--team", help="the cases whose last meeting was chaired from this team")
    which.add_argument(
        "--due-within", type=int, metavar="WEEKS", help="the reviews due within WEEKS weeks"
    )
    pack.add_argument("--out", type=Path, help="the pack file to write (or a folder for it)")
    pack.add_argument("--today", help="count due dates from this day (YYYY-MM-DD)")
    pack.add_argument(
        "--by", default="council admin", help="who makes the pack (shown to the chair)"
    )
    pack.add_argument("--passphrase-file", type=Path, help="the council keys' passphrase")
    pack.set_defaults(func=plain_failures(cmd_pack))

    receive = sub.add_parser(
        "receive",
        help="take in a case pack the council made for this laptop",
        description="Check the case pack (sealed to this laptop, signed by this laptop's "
        "council, nothing changed) and take its cases in: new cases appear, cases here gain "
        "the meetings they lack, and nothing on this laptop is overwritten (a clash is "
        "listed). Exit status 0, or 1 when something clashed, 2 when the pack is refused.",
    )
    receive.add_argument("file", type=Path, help="the .cinpack file")
    receive.add_argument("--db", help="SQLAlchemy URL of the store (default: your own)")
    receive.add_argument("--passphrase-file", type=Path, help="your store's passphrase")
    receive.set_defaults(func=plain_failures(cmd_receive))


def _today(args: argparse.Namespace) -> date:
    if not args.today:
        return date.today()
    try:
        return date.fromisoformat(args.today)
    except ValueError:
        raise Fail(f"--today: {args.today!r} is not a date like 2027-01-15") from None


def _existing_council_store(url: str) -> None:
    """A mistyped SQLite path must not make an empty council store (and an empty pack)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise Fail(f"--db: {url!r} is not a database URL") from None
    sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (
        None,
        "",
        ":memory:",
    )
    if sqlite_file and not Path(str(parsed.database)).exists():
        raise Fail(f"--db: there is no council store at {parsed.database}")


def cmd_pack(args: argparse.Namespace) -> int:
    from cinchair.sync.council import CouncilDesk
    from cinchair.sync.packs.make import (
        PackProblem,
        PackSelection,
        cases_for_pack,
        make_case_pack,
        pack_file_name,
        write_case_pack,
    )

    if args.due_within is not None and args.due_within < 0:
        raise Fail("--due-within: give a number of weeks, 0 or more")
    selection = PackSelection(
        case_refs=tuple(args.case or ()),
        chair=args.chair,
        team=args.team,
        due_within_weeks=args.due_within,
        today=_today(args),
    )
    _existing_council_store(args.db)
    with open_store(args.db, "admin") as store:
        try:
            cases = cases_for_pack(store, selection)
        except PackProblem as exc:
            raise Fail(str(exc)) from None
        for case in cases:
            due = f"review due {case.next_due:%d %b %Y}" if case.next_due else "no review due"
            last = f"last met {case.last_meeting:%d %b %Y}" if case.last_meeting else "no meeting"
            chair = case.last_chair or "no chair"
            chair += f", {case.last_team}" if case.last_team else ""
            print(
                f"{case.reference:16} {case.signed_meetings} signed meeting(s), {last} "
                f"({chair}), {due} [{case.state}]"
            )
        if not cases:
            raise Fail("no case matches that choice, so there is nothing to pack", code=1)
        if args.out is None:
            print("(give --out FILE to make the pack for these cases)", file=sys.stderr)
            return 0
        desk = CouncilDesk.open(keys_folder(args), passphrase_arg(args))
        made_at = now_utc()
        try:
            sealed = make_case_pack(
                store,
                desk,
                args.laptop,
                [c.reference for c in cases],
                made_by=args.by,
                now=made_at,
            )
        except PackProblem as exc:
            raise Fail(str(exc)) from None
    out = args.out / pack_file_name(args.laptop, made_at) if args.out.is_dir() else args.out
    path = write_case_pack(out, sealed)
    print(f"case pack for laptop {args.laptop}: {len(cases)} case(s), {len(sealed):,} bytes")
    print(f"written to {path}")
    return 0


def cmd_receive(args: argparse.Namespace) -> int:
    from cinchair.app import paths
    from cinchair.sync.packs.format import PackRefused
    from cinchair.sync.packs.laptop_receive import receive_pack_file

    if not args.file.exists():
        raise Fail(f"there is no file {args.file}")
    if not args.db and not paths.default_store_path().exists():
        raise Fail(
            "this laptop has no store of its own yet, and its keys are kept inside it: run "
            "'cinchair store init' (or open cinchair) first"
        )
    with laptop_store(args) as store:
        try:
            result = receive_pack_file(store, args.file)
        except PackRefused as exc:
            raise Fail(f"refused ({exc.reason}): {exc.message}") from None
    for line in result.lines():
        print(line)
    return 1 if result.clashes else 0
