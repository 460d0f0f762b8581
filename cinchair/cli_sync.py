"""Commands for sync: keys, export, receipts and clearing (laptop); import, conflicts and
the report (council). Every failure a person can cause prints one plain line naming the
file and the reason, and exits non-zero; none prints a traceback.

Exit status: 0 done; 1 done with refusals (import) or a write failure; 2 bad input (a key,
passphrase, file or id that cannot be used).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any


class _Fail(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def add_parsers(sub: Any) -> None:
    _keys_parsers(sub)

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
    export.set_defaults(func=_run(cmd_export))

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
    imp.set_defaults(func=_run(cmd_import))

    receipt = sub.add_parser("receipt", help="load the council's receipt on this laptop")
    receipt.add_argument("action", choices=["load"])
    receipt.add_argument("file", type=Path)
    receipt.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    receipt.add_argument("--council-key", help="council.pub file or text (default: installed)")
    receipt.add_argument(
        "--passphrase-file", type=Path, help="an encrypted store's passphrase, from this file"
    )
    receipt.set_defaults(func=_run(cmd_receipt))

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
    clear.set_defaults(func=_run(cmd_clear))

    report = sub.add_parser(
        "report",
        help="reviews due and overdue, conflicts waiting, meetings per chair",
        description="The admin's report. --csv writes one row per case for the case "
        "management system; --chairs-csv the meetings received per chair.",
    )
    report.add_argument("--db", required=True, help="SQLAlchemy URL of the council's store")
    report.add_argument("--csv", type=Path, help="write the cases as CSV here")
    report.add_argument("--chairs-csv", type=Path, help="write meetings per chair as CSV here")
    report.add_argument("--today", type=_iso_date, default=None, help="YYYY-MM-DD")
    report.set_defaults(func=_run(cmd_report))

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
    conflicts.set_defaults(func=_run(cmd_conflicts))


KEY_ACTIONS = (
    "council-new",
    "council-status",
    "council-upgrade",
    "council-public",
    "install-council",
    "device",
    "trust",
    "revoke",
    "list",
)


def _keys_parsers(sub: Any) -> None:
    keys = sub.add_parser(
        "keys",
        help="council keys, this laptop's key, and the council's trust list",
        description="council-new: make the council's keys (once). council-status: how the "
        "private key files are protected (no passphrase needed). council-upgrade: rewrite "
        "key files from the older PEM format with scrypt now (any command that opens the keys "
        "does it too). council-public: print the council.pub text for laptops. "
        "install-council: put council.pub on this laptop. "
        "device: print the public device key kept inside your own store (asks for its "
        "passphrase; an old clear device-key.pem is moved in, the same key), or inside the "
        "SQLite store given with --db; the council's PostgreSQL store keeps none. "
        "trust / revoke / list: the council's trust list of laptops.",
    )
    keys.add_argument(
        "action",
        choices=KEY_ACTIONS,
    )
    keys.add_argument(
        "value",
        nargs="?",
        help="trust: the device key text; revoke: its id; "
        "install-council: the council.pub file or text",
    )
    keys.add_argument("--out", type=Path, help="council-new: the folder for the keys")
    keys.add_argument("--keys", type=Path, help="the council key folder (default: data folder)")
    keys.add_argument(
        "--passphrase-file",
        type=Path,
        help="read the passphrase from this file (the council keys'; for device, your store's)",
    )
    keys.add_argument(
        "--db", help="device: SQLAlchemy URL of the store whose key to print (default: your own)"
    )
    keys.add_argument("--label", help="trust: whose laptop (e.g. 'Priya Shah, laptop 7')")
    keys.add_argument("--reason", help="revoke: why (e.g. 'laptop stolen')")
    keys.set_defaults(func=_run(cmd_keys))


def _run(command: Any) -> Any:
    """Turn the failures people cause into one plain line and an exit status."""

    def run(args: argparse.Namespace) -> int:
        from cinchair.files import CannotWrite
        from cinchair.sync.keys import KeyProblem

        name = args.command
        try:
            return command(args)
        except _Fail as exc:
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return exc.code
        except KeyProblem as exc:
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return 2
        except CannotWrite as exc:
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print(f"cinchair {name}: stopped", file=sys.stderr)
            return 130

    return run


# --- shared helpers ------------------------------------------------------------------------


def _hidden(url: str | None) -> str:
    """The URL as it may be shown: never with its password (messages get pasted)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if url is None:
        return "(your own store)"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(that URL)"


@contextmanager
def _store(url: str | None, actor: str) -> Iterator[Any]:
    from sqlalchemy.exc import ArgumentError, OperationalError

    from cinchair.store import Store

    shown = _hidden(url)
    try:
        store = Store.open(url, actor=actor)
    except ModuleNotFoundError as exc:
        raise _Fail(
            f"the store {shown} needs the {exc.name} package, which is not installed "
            "(for PostgreSQL: pip install 'psycopg[binary]')"
        ) from None
    except ArgumentError:
        raise _Fail(f"{shown!r} is not a database URL (e.g. postgresql+psycopg://...)") from None
    except OperationalError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
        raise _Fail(f"cannot open the store {shown}: {detail}") from None
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _laptop_store(args: argparse.Namespace) -> Iterator[Any]:
    """The chair's store: an encrypted one (key file beside it) is unlocked with the chair's
    passphrase, from --passphrase-file or asked for; any other URL opens as it is."""
    from sqlalchemy.engine import make_url

    from cinchair import paths
    from cinchair.vault import KeyFile, VaultProblem, open_encrypted

    path: Path | None = paths.default_store_path() if not args.db else None
    if args.db:
        url = make_url(args.db)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database)
    if path is None or not KeyFile.beside(path).exists():
        with _store(args.db, "chair") as store:
            yield store
        return
    try:
        store = open_encrypted(path, _passphrase(args, prompt="Your store's passphrase: "))
    except VaultProblem as exc:
        raise _Fail(str(exc)) from None
    try:
        yield store
    finally:
        store.close()


def _passphrase(
    args: argparse.Namespace, *, confirm: bool = False, prompt: str = "Council key passphrase: "
) -> str:
    from cinchair.cli_store import read_passphrase

    try:
        return read_passphrase(args.passphrase_file, prompt, confirm=confirm)
    except ValueError as exc:
        raise _Fail(str(exc)) from None


def _keys_dir(args: argparse.Namespace) -> Path:
    from cinchair.sync.council import default_keys_dir

    return args.keys or default_keys_dir()


def _council_public(value: str | None) -> Any:
    from cinchair.sync.council import CouncilPublic, laptop_council_public

    return CouncilPublic.from_file_or_text(value) if value else laptop_council_public()


def _now() -> datetime:
    return datetime.now(UTC)


def _device_key(store: Any) -> Any:
    """The device key kept in ``store`` (``cinchair.sync.device``); a note about an old
    clear key file goes to stderr, so the key text on stdout stays one clean line."""
    from cinchair.sync.device import laptop_device_key

    kept = laptop_device_key(store)
    if kept.moved_in:
        print(
            f"This laptop's device key (device {kept.device_id}) was moved from its clear "
            "file into your store; the council still knows it by the same id.",
            file=sys.stderr,
        )
    if kept.note:
        print(f"cinchair: {kept.note}", file=sys.stderr)
    return kept.key


# --- keys ----------------------------------------------------------------------------------


def cmd_keys(args: argparse.Namespace) -> int:
    from cinchair.sync import TrustList
    from cinchair.sync.council import (
        CouncilDesk,
        CouncilPublic,
        install_council_public,
        public_of_folder,
    )

    action = args.action
    if action == "council-new":
        if not args.out:
            raise _Fail("say where to keep the council keys: --out FOLDER")
        desk = CouncilDesk.create(args.out, _passphrase(args, confirm=True))
        print(f"Council keys made in {desk.folder} (key {desk.sealing.key_id}).")
        print("Keep the .pem files and the passphrase safe: without them no bundle opens.")
        print(f"Send {desk.folder / 'council.pub'} to every chair's laptop:")
        print(desk.public.text(), end="")
        return 0
    if action == "council-status":
        return _council_status(_keys_dir(args))
    if action == "council-upgrade":
        return _council_upgrade(_keys_dir(args), _passphrase(args))
    if action == "council-public":
        print(public_of_folder(_keys_dir(args)).text(), end="")
        return 0
    if action == "install-council":
        if not args.value:
            raise _Fail("give the council.pub file (or its text)")
        path = install_council_public(CouncilPublic.from_file_or_text(args.value))
        print(f"council key installed at {path}")
        return 0
    if action == "device":
        from cinchair import paths

        if not args.db and not paths.default_store_path().exists():
            raise _Fail(
                "this laptop has no store of its own yet, and its device key is kept inside "
                "it: run 'cinchair store init' (or open cinchair) first"
            )
        with _laptop_store(args) as store:
            device = _device_key(store)
        print(device.public_text())
        print(f"(device id {device.device_id}: read it out to the admin to check)", file=sys.stderr)
        return 0
    trust_path = _keys_dir(args) / "trusted-devices.json"
    trust = TrustList.load(trust_path)
    if action == "list":
        for d in trust:
            state = f"REVOKED {d.revoked_at} ({d.revoke_reason})" if d.revoked else "trusted"
            print(f"{d.device_id}  {d.label:32}  since {d.trusted_at}  {state}")
        if not len(trust):
            print(f"no devices trusted yet ({trust_path})")
        return 0
    if action == "trust":
        if not args.value or not args.label:
            raise _Fail("give the device's key text and --label 'whose laptop'")
        entry = trust.trust(args.value, args.label, _now())
        trust.save(trust_path)
        print(f"trusted {entry.device_id} ({entry.label})")
        return 0
    # revoke
    if not args.value or not args.reason:
        raise _Fail("give the device id and --reason (e.g. 'laptop stolen')")
    entry = trust.revoke(args.value, args.reason, _now())
    trust.save(trust_path)
    print(
        f"revoked {entry.device_id} ({entry.label}) on {entry.revoked_at}: every bundle it "
        "signed is refused from now on"
    )
    return 0


def _council_status(folder: Path) -> int:
    """Say how each council key file is protected; nothing is opened or changed."""
    from cinchair.sync.council import key_folder_protection

    states = key_folder_protection(folder)
    for state in states:
        print(f"{state.path}: {state.summary}")
    if all(state.current for state in states):
        print("Both keys are protected with scrypt at the app's full cost.")
    return 0


def _council_upgrade(folder: Path, passphrase: str) -> int:
    """Open the keys (which upgrades old PEM files) and say what became of each file."""
    from cinchair.sync.council import CouncilDesk

    desk = CouncilDesk.open(folder, passphrase)
    for opened in desk.opened:
        if opened.upgraded:
            print(f"{opened.path}: rewritten with scrypt (the same key; laptops need nothing)")
        elif not opened.was_old_pem:
            print(f"{opened.path}: already protected with scrypt")
    for note in desk.notes:
        print(f"cinchair keys: {note}", file=sys.stderr)
    return 1 if desk.notes else 0


# --- laptop: export, receipt, clear --------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from cinchair.sync.export import export_meetings, sync_status

    if args.status:
        with _laptop_store(args) as store, store.reading() as session:
            rows = sync_status(session)
        for row in rows:
            print(f"{row.held_on}  {row.case_reference:16}  {row.meeting_id[:8]}  {row.state}")
        if not rows:
            print("no signed meetings on this laptop")
        return 0
    if not args.out:
        raise _Fail("say where to write the bundles: --out FOLDER")
    council = _council_public(args.council_key)
    with _laptop_store(args) as store:
        device = _device_key(store)
        summary = export_meetings(store, args.out, device=device, council=council.sealing)
    for line in summary.lines():
        print(line)
    return 1 if summary.problems else 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from cinchair.sync.receipts import ReceiptProblem, load_receipt_file

    council = _council_public(args.council_key)
    with _laptop_store(args) as store:
        device = _device_key(store)
        try:
            result = load_receipt_file(store, args.file, council, device)
        except ReceiptProblem as exc:
            raise _Fail(str(exc)) from None
    for line in result.lines():
        print(line)
    return 0


def cmd_clear(args: argparse.Namespace) -> int:
    from cinchair.sync.clear import NotSynced, clear_synced

    with _laptop_store(args) as store:
        try:
            summary = clear_synced(store, meeting_ids=_full_ids(store, args.meeting))
        except NotSynced as exc:
            raise _Fail(str(exc)) from None
    for line in summary.lines():
        print(line)
    return 0


def _full_ids(store: Any, starts: list[str] | None) -> list[str] | None:
    """Meeting ids from the starts a person typed (``None`` stays: clear all synced)."""
    if starts is None:
        return None
    from sqlalchemy import select

    from cinchair.model import SyncState

    with store.reading() as session:
        known = list(session.scalars(select(SyncState.meeting_id)))
    ids = []
    for start in starts:
        found = [m for m in known if m.startswith(start)]
        if len(found) != 1:
            raise _Fail(
                f"no exported meeting with id {start!r}; nothing was cleared"
                if not found
                else f"{len(found)} meetings start with {start!r}; give more of the id"
            )
        ids.append(found[0])
    return ids


# --- council: import, conflicts, report ----------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    from cinchair.sync.council import CouncilDesk
    from cinchair.sync.importer import import_bundles

    desk = CouncilDesk.open(_keys_dir(args), _passphrase(args))
    by = args.by or getpass.getuser()
    show = sys.stderr.isatty()

    def progress(done: int, total: int, name: str) -> None:
        if show:
            print(f"\r{done}/{total} {name[:60]:60}", end="", file=sys.stderr, flush=True)

    with _store(args.db, f"import:{by}") as store:
        summary = import_bundles(
            store,
            args.paths,
            desk=desk,
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
    for note in desk.notes:  # an old key file that could not be upgraded here: a hint only
        print(f"note: {note}", file=sys.stderr)
    return 1 if summary.count("refused") or summary.cancelled else 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from cinchair.sync.conflicts import ConflictProblem, list_conflicts, resolve_conflict

    with _store(args.db, "admin") as store:
        try:
            if args.action == "list":
                with store.reading() as session:
                    rows = list_conflicts(session, waiting_only=not args.all)
                for c in rows:
                    state = f"resolved by {c.resolved_by}: {c.note}" if c.resolved_at else "waiting"
                    print(f"{c.id[:8]}  {c.case_reference:16}  {c.kind:17}  {state}")
                    print(f"          {c.detail}")
                if not rows:
                    print("no conflicts waiting")
                return 0
            if not args.id:
                raise _Fail(f"give the conflict id to {args.action}")
            if args.action == "show":
                return _show_conflict(store, args.id, args.out)
            row = resolve_conflict(
                store, args.id, resolved_by=args.by or getpass.getuser(), note=args.note or ""
            )
        except ConflictProblem as exc:
            raise _Fail(str(exc)) from None
    print(f"conflict {row.id[:8]} resolved by {row.resolved_by}")
    return 0


def _show_conflict(store: Any, conflict_id: str, out: Path | None) -> int:
    """The held record, to the screen or to ``out`` with the files the child gave.

    The files go in their own folder beside the record (``attachments_folder``), under
    the names the bundle carried them by, which is where ``cinchair render --record``
    looks. The record is written last, so a record file on disk means its files are too.
    """
    from cinchair.cli_documents import attachments_folder
    from cinchair.files import write_atomically
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
            raise _Fail(f"the kept file name {name!r} is not a plain file name; nothing written")
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
    from cinchair.report import admin_report

    today = args.today or date.today()
    with _store(args.db, "admin") as store, store.reading() as session:
        report = admin_report(session, today)
    for line in report.lines():
        print(line)
    if args.csv:
        print(f"cases written to {report.write_cases_csv(args.csv)}")
    if args.chairs_csv:
        print(f"chairs written to {report.write_chairs_csv(args.chairs_csv)}")
    return 0
