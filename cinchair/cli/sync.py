"""Commands for sync: export, receipts and clearing (laptop); import, conflicts and the
report (council); the keys are ``cinchair.cli.keys``. Every failure a person can cause
prints one plain line naming the file and the reason, and exits non-zero; none prints a
traceback (``cinchair.cli.common``).

Exit status: 0 done; 1 done with refusals (import) or a write failure; 2 bad input (a key,
passphrase, file or id that cannot be used).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path
from typing import Any

from cinchair.cli.common import (
    Fail,
    council_public_key,
    device_key_of,
    iso_date,
    keys_folder,
    laptop_store,
    open_store,
    passphrase_arg,
    plain_failures,
    refuse_not_a_store,
)


def add_parsers(sub: Any) -> None:
    export = sub.add_parser(
        "export",
        help="write each signed meeting not yet acknowledged as a sealed bundle",
        description="Write one .cinsync bundle per signed meeting the council has not "
        "acknowledged (record, minutes and plan), sealed to the council's key and signed by "
        "this laptop. Exporting again is harmless: the council imports each meeting once. "
        "The signing key is the device key kept inside the store (made at first use; your own "
        "store takes in an old clear device-key.pem, the same key). Another SQLite store "
        "given with --db (the demo, a copy) signs with a key of its own, which the council "
        "trusts only if its admin trusted that key ('cinchair keys device --db URL').",
    )
    export.add_argument("--out", type=Path, help="folder to write the bundles into")
    export.add_argument(
        "--db",
        help="SQLAlchemy URL of a SQLite store (default: your own store); its own device "
        "key signs the bundles",
    )
    export.add_argument(
        "--council-key",
        help="the council's council.pub file or key text (default: the one installed)",
    )
    export.add_argument("--status", action="store_true", help="list sync states; export nothing")
    export.add_argument(
        "--passphrase-file", type=Path, help="an encrypted store's passphrase, from this file"
    )
    export.set_defaults(func=plain_failures(cmd_export))

    imp = sub.add_parser(
        "import",
        help="import bundles into the council's store",
        description="Open, check and file bundles (files, or folders searched for *.cinsync). "
        "Each bundle is filed whole or not at all. Prints a summary; --summary also writes it "
        "as CSV, --receipts writes a signed receipt per laptop.",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    imp.add_argument("--db", required=True, help="SQLAlchemy URL of the council's store")
    imp.add_argument("--keys", type=Path, help="the council key folder (default: data folder)")
    imp.add_argument("--passphrase-file", type=Path, help="read the passphrase from this file")
    imp.add_argument("--summary", type=Path, help="write the summary as CSV here")
    imp.add_argument("--receipts", type=Path, help="write receipts for the laptops here")
    imp.add_argument("--documents", type=Path, help="save the bundles' documents here")
    imp.add_argument("--by", help="who is importing (default: your login name)")
    imp.add_argument(
        "--create",
        action="store_true",
        help="make the council store if --db names none yet (without it a mistyped --db is "
        "refused, never made into a new store)",
    )
    imp.set_defaults(func=plain_failures(cmd_import))

    receipt = sub.add_parser("receipt", help="load the council's receipt on this laptop")
    receipt.add_argument("action", choices=["load"])
    receipt.add_argument("file", type=Path)
    receipt.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    receipt.add_argument("--council-key", help="council.pub file or text (default: installed)")
    receipt.add_argument(
        "--passphrase-file", type=Path, help="an encrypted store's passphrase, from this file"
    )
    receipt.set_defaults(func=plain_failures(cmd_receipt))

    clear = sub.add_parser(
        "clear",
        help="remove meetings the council has acknowledged from this laptop",
        description="Remove synced meetings (acknowledged by a council receipt) from this "
        "laptop. Meetings not yet acknowledged are never removed.",
    )
    clear.add_argument("--synced", action="store_true", required=True, help="(required)")
    clear.add_argument("--meeting", action="append", help="only this meeting id (repeatable)")
    clear.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    clear.add_argument(
        "--passphrase-file", type=Path, help="an encrypted store's passphrase, from this file"
    )
    clear.set_defaults(func=plain_failures(cmd_clear))

    report = sub.add_parser(
        "report",
        help="reviews due and overdue, conflicts waiting, meetings per chair",
        description="The admin's report. --csv writes one row per case for the case "
        "management system; --chairs-csv the meetings received per chair.",
    )
    report.add_argument("--db", required=True, help="SQLAlchemy URL of the council's store")
    report.add_argument("--csv", type=Path, help="write the cases as CSV here")
    report.add_argument(
        "--xlsx", type=Path, help="write the cases as an Excel workbook here (as the admin desk)"
    )
    report.add_argument(
        "--team", default="", help="only the cases whose last meeting's chair is in this team"
    )
    report.add_argument("--chairs-csv", type=Path, help="write meetings per chair as CSV here")
    report.add_argument("--today", type=iso_date, default=None, help="YYYY-MM-DD")
    report.set_defaults(func=plain_failures(cmd_report))

    conflicts = sub.add_parser("conflicts", help="list, show or resolve sync conflicts")
    conflicts.add_argument("action", choices=["list", "show", "resolve"])
    conflicts.add_argument("id", nargs="?", help="the conflict id (or its start)")
    conflicts.add_argument("--db", required=True, help="SQLAlchemy URL of the council's store")
    conflicts.add_argument("--all", action="store_true", help="list resolved ones too")
    conflicts.add_argument(
        "--out",
        type=Path,
        help="show: write the held record (JSON) here, and the files the child gave in "
        "the folder <name>-attachments beside it",
    )
    conflicts.add_argument("--note", help="resolve: what was decided")
    conflicts.add_argument("--by", help="resolve: who decided (default: your login name)")
    conflicts.set_defaults(func=plain_failures(cmd_conflicts))


# --- laptop: export, receipt, clear --------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from cinchair.sync.export import export_meetings, sync_status

    if args.status:
        with laptop_store(args) as store, store.reading() as session:
            rows = sync_status(session)
        for row in rows:
            print(f"{row.held_on}  {row.case_reference:16}  {row.meeting_id[:8]}  {row.state}")
        if not rows:
            print("no signed meetings on this laptop")
        return 0
    if not args.out:
        raise Fail("say where to write the bundles: --out FOLDER")
    council = council_public_key(args.council_key)
    with laptop_store(args) as store:
        device = device_key_of(store)
        summary = export_meetings(store, args.out, device=device, council=council.sealing)
    for line in summary.lines():
        print(line)
    return 1 if summary.problems else 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from cinchair.sync.receipts import ReceiptProblem, load_receipt_file

    council = council_public_key(args.council_key)
    with laptop_store(args) as store:
        device = device_key_of(store)
        try:
            result = load_receipt_file(store, args.file, council, device)
        except ReceiptProblem as exc:
            raise Fail(str(exc)) from None
    for line in result.lines():
        print(line)
    return 0


def cmd_clear(args: argparse.Namespace) -> int:
    from cinchair.sync.clear import NotSynced, clear_synced

    with laptop_store(args) as store:
        try:
            summary = clear_synced(store, meeting_ids=_full_ids(store, args.meeting))
        except NotSynced as exc:
            raise Fail(str(exc)) from None
    for line in summary.lines():
        print(line)
    return 0


def _full_ids(store: Any, starts: list[str] | None) -> list[str] | None:
    """Meeting ids from the starts a person typed (``None`` stays: clear all synced)."""
    if starts is None:
        return None
    from cinchair.model import SyncState
    from cinchair.store.id_start import IdNotFound, id_from_start

    with store.reading() as session:
        try:
            return [
                id_from_start(session, SyncState.meeting_id, start, "exported meeting")
                for start in starts
            ]
        except IdNotFound as exc:
            raise Fail(f"{exc}; nothing was cleared") from None


# --- council: import, conflicts, report ----------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    """Refuse before asking: a --db that names no store is refused first, every file is
    checked for a bundle's shape before the passphrase is asked (by ``import_bundles``,
    which opens the desk only if one passes), and the store is opened only when a bundle
    is to be filed."""
    from contextlib import ExitStack

    from cinchair.store.facade import Store
    from cinchair.sync.council import CouncilDesk
    from cinchair.sync.importer import import_bundles

    refuse_not_a_store(args.db, create=args.create)
    by = args.by or getpass.getuser()
    show = sys.stderr.isatty()
    opened_desks: list[CouncilDesk] = []

    def open_desk() -> CouncilDesk:
        opened_desks.append(CouncilDesk.open(keys_folder(args), passphrase_arg(args)))
        return opened_desks[-1]

    def progress(done: int, total: int, name: str) -> None:
        if show:
            print(f"\r{done}/{total} {name[:60]:60}", end="", file=sys.stderr, flush=True)

    with ExitStack() as stack:

        def open_council_store() -> Store:
            store: Store = stack.enter_context(
                open_store(args.db, f"import:{by}", create=args.create)
            )
            return store

        summary = import_bundles(
            open_council_store,
            args.paths,
            desk=open_desk,
            imported_by=by,
            progress=progress,
            receipts_dir=args.receipts,
            documents_dir=args.documents,
        )
    if show:
        print(file=sys.stderr)
    for line in summary.lines():
        print(line)
    if args.summary:
        print(f"summary written to {summary.write_csv(args.summary)}")
    for path in summary.receipts:
        print(f"receipt: {path}")
    for desk in opened_desks:  # an old key file that could not be upgraded here: a hint only
        for note in desk.notes:
            print(f"note: {note}", file=sys.stderr)
    return 1 if summary.count("refused") or summary.cancelled else 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from cinchair.sync.conflicts import ConflictProblem, list_conflicts, resolve_conflict

    with open_store(args.db, "admin") as store:
        try:
            if args.action == "list":
                with store.reading() as session:
                    rows = list_conflicts(session, waiting_only=not args.all)
                for c in rows:
                    state = f"resolved by {c.resolved_by}: {c.note}" if c.resolved_at else "waiting"
                    print(f"{c.id[:8]}  {c.case_reference:16}  {c.kind:20}  {state}")
                    print(f"          {c.detail}")
                if not rows:
                    print("no conflicts waiting")
                return 0
            if not args.id:
                raise Fail(f"give the conflict id to {args.action}")
            if args.action == "show":
                return _show_conflict(store, args.id, args.out)
            row = resolve_conflict(
                store, args.id, resolved_by=args.by or getpass.getuser(), note=args.note or ""
            )
        except ConflictProblem as exc:
            raise Fail(str(exc)) from None
    print(f"conflict {row.id[:8]} resolved by {row.resolved_by}")
    return 0


def _show_conflict(store: Any, conflict_id: str, out: Path | None) -> int:
    """The held record, to the screen or to ``out`` with the files the child gave.

    The files go in their own folder beside the record (``attachments_folder``), under
    the names the bundle carried them by, which is where ``cinchair render --record``
    looks. The record is written last, so a record file on disk means its files are too.
    """
    from cinchair.app.files import write_atomically
    from cinchair.cli.documents import attachments_folder
    from cinchair.sync.conflicts import held_files, held_record, listed_file_names

    with store.reading() as session:
        text = held_record(session, conflict_id)
        files = held_files(session, conflict_id) if out else {}
    listed = listed_file_names(text)
    not_kept = [name for name in listed if name not in files]
    if out is None:
        print(text)
        if listed:
            print(
                f"(the record lists {len(listed)} file(s) the child gave: give --out FILE "
                "to write them beside it)",
                file=sys.stderr,
            )
        return 0
    folder = attachments_folder(out)
    for name, data in files.items():
        if Path(name).name != name or name.startswith("."):
            raise Fail(f"the kept file name {name!r} is not a plain file name; nothing written")
        write_atomically(folder / name, data)
    write_atomically(out, text.encode("utf-8"))
    print(f"the held record is in {out}; 'cinchair render --record {out}' makes its documents")
    if files:
        print(f"the {len(files)} file(s) the child gave with it are in {folder}")
    if not_kept:
        print(
            f"the council does not hold {len(not_kept)} file(s) the record lists "
            f"({', '.join(not_kept)}): it was held before the council kept them. Import its "
            "bundle again (it is a duplicate; its files are kept then), or ask the laptop.",
        )
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from cinchair.cases.report import admin_report

    today = args.today or date.today()
    with open_store(args.db, "admin") as store, store.reading() as session:
        report = admin_report(session, today)
    if args.team:  # the same filter as the admin desk's Team list
        from cinchair.sync.admin_desk import filter_cases

        report.cases = filter_cases(report.cases, team=args.team.strip())
    for line in report.lines():
        print(line)
    if args.csv:
        print(f"cases written to {report.write_cases_csv(args.csv)}")
    if args.xlsx:
        from cinchair.cases.report_xlsx import write_cases_xlsx

        print(f"cases written to {write_cases_xlsx(report.cases, args.xlsx)}")
    if args.chairs_csv:
        print(f"chairs written to {report.write_chairs_csv(args.chairs_csv)}")
    return 0
