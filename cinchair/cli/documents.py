"""``cinchair render`` and ``cinchair record``: documents and record files without a screen.

A CPM producing minutes at the office, or an admin checking a record that came
in by sync, can turn any stored meeting, or a record file, into the minutes and
the plan; ``record`` writes a meeting's record file in the documented format.

The documents need nothing but the record: the picture of each thing the child gave
(where they agreed it may be shown) travels inside it. The files themselves (the
drawing, the form, the letter) sit beside a record file only where something put them
there, such as ``cinchair conflicts show --out`` for a held record; ``render --record``
checks them against the record and says which are missing, so an admin never takes a
record file for everything the child gave when it is not.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cinchair.cli.common import laptop_store, plain_failures


def add_parsers(sub: Any) -> None:
    render = sub.add_parser(
        "render",
        help="write a meeting's minutes and plan as DOCX and/or PDF",
        description="Render a stored meeting (--meeting or --case) or a record file "
        "(--record) to --out. Each document is written as a family copy (confidential "
        "points left out) and an agencies' copy unless --copy says otherwise.",
    )
    source = render.add_mutually_exclusive_group(required=True)
    source.add_argument("--meeting", help="a stored meeting's id (or a unique start of it)")
    source.add_argument("--case", help="a case reference: render its latest meeting")
    source.add_argument("--record", type=Path, help="a meeting record file (JSON)")
    render.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    render.add_argument(
        "--passphrase-file", type=Path, help="an encrypted store's passphrase, from this file"
    )
    render.add_argument("--out", required=True, type=Path, help="folder to write into")
    render.add_argument("--format", choices=["docx", "pdf", "both"], default="both")
    render.add_argument("--copy", choices=["family", "agencies", "both"], default="both")
    render.add_argument("--document", choices=["minutes", "plan", "both"], default="both")
    render.add_argument(
        "--attachments",
        type=Path,
        help="with --record: the folder holding the files the child gave (default: "
        "<record name>-attachments beside the record, else the record's own folder)",
    )
    render.set_defaults(func=plain_failures(cmd_render))

    record = sub.add_parser(
        "record",
        help="write a stored meeting's record file (JSON)",
        description="Write the meeting record in the format of "
        "resources/schema/meeting-record.schema.json.",
    )
    source = record.add_mutually_exclusive_group(required=True)
    source.add_argument("--meeting", help="a stored meeting's id (or a unique start of it)")
    source.add_argument("--case", help="a case reference: its latest meeting")
    record.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    record.add_argument(
        "--passphrase-file", type=Path, help="an encrypted store's passphrase, from this file"
    )
    record.add_argument("--out", required=True, type=Path, help="file to write")
    record.set_defaults(func=plain_failures(cmd_record))


def attachments_folder(record_file: Path) -> Path:
    """Where the files the child gave are kept beside a record file written for people.

    ``held.json`` keeps them in ``held-attachments/``: a folder of their own, so writing
    a record to the desktop does not scatter the child's files across it.
    """
    record_file = Path(record_file)
    return record_file.with_name(f"{record_file.stem}-attachments")


def _attachment_lines(record: dict[str, Any], record_file: Path, given: Path | None) -> list[str]:
    """What the admin should know about the files the child gave, listed by ``record``.

    Each listed file is looked for in ``given``, or else in the record's attachments
    folder and then beside the record, and checked against the size and SHA-256 the
    record holds for it. Nothing here stops the documents: their pictures are in the
    record.
    """
    import hashlib

    from cinchair.record import attachment_file_name

    listed = record.get("attachments", [])
    if not listed:
        return []
    folders = [given] if given else [attachments_folder(record_file), record_file.parent]
    found: dict[str, Path] = {}
    wrong: list[Path] = []
    missing: list[str] = []
    for a in listed:
        name = attachment_file_name(a)
        path = next((f / name for f in folders if (f / name).is_file()), None)
        if path is None:
            missing.append(name)
            continue
        data = path.read_bytes()
        if len(data) == a["size"] and hashlib.sha256(data).hexdigest() == a["sha256"]:
            found[name] = path
        else:
            wrong.append(path)
    lines = []
    if found:
        where = sorted({str(p.parent) for p in found.values()})
        lines.append(
            f"the {len(found)} file(s) the child gave are in {', '.join(where)} "
            "and each matches the record"
        )
    lines += [
        f"{path} is not the file the record describes (its size or SHA-256 differs): "
        "do not take it for what the child gave"
        for path in wrong
    ]
    if missing:
        looked = " or ".join(str(f) for f in folders)
        lines.append(
            f"the record lists {len(missing)} file(s) the child gave that are not in "
            f"{looked}: {', '.join(missing)}. The documents show the pictures the record "
            "carries; the files themselves are in the store the record came from (for a "
            "held record: cinchair conflicts show ID --out FILE writes them)."
        )
    return lines


def _fail(command: str, message: str, code: int = 2) -> int:
    print(f"cinchair {command}: {message}", file=sys.stderr)
    return code


def _stored_record(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import select

    from cinchair.model import Case, Meeting
    from cinchair.record import build_record
    from cinchair.store.id_start import id_from_start

    with laptop_store(args, actor="render") as store, store.reading() as session:
        if args.meeting:
            meeting_id = id_from_start(session, Meeting.id, args.meeting, "meeting")
        else:
            latest = session.scalars(
                select(Meeting.id)
                .join(Case)
                .where(Case.case_ref == args.case)
                .order_by(Meeting.held_on.desc())
                .limit(1)
            ).first()
            if latest is None:
                raise LookupError(f"no case {args.case!r} with a meeting in this store")
            meeting_id = latest
        return build_record(session, meeting_id)


def cmd_render(args: argparse.Namespace) -> int:
    from cinchair.app.files import CannotWrite
    from cinchair.documents import Copy, Document, Format, TemplateProblem, render_record
    from cinchair.record import RecordError, load_record

    if args.attachments is not None:
        if not args.record:
            return _fail("render", "--attachments goes with --record; a stored meeting has its own")
        if not args.attachments.is_dir():
            return _fail("render", f"there is no folder {args.attachments}")
    try:
        record = load_record(args.record) if args.record else _stored_record(args)
    except (RecordError, LookupError) as exc:
        return _fail("render", str(exc.args[0]) if exc.args else str(exc))
    formats = list(Format) if args.format == "both" else [Format(args.format)]
    copies = list(Copy) if args.copy == "both" else [Copy(args.copy)]
    documents = list(Document) if args.document == "both" else [Document(args.document)]
    if documents == [Document.PLAN] and record["plan"] is None:
        return _fail("render", "this meeting made no plan; render --document minutes")
    try:
        written = render_record(
            record, args.out, formats=formats, copies=copies, documents=documents
        )
    except TemplateProblem as exc:
        return _fail("render", str(exc))
    except CannotWrite as exc:
        return _fail("render", str(exc), code=1)
    for item in written:
        print(item.path)
    if Document.PLAN in documents and record["plan"] is None:
        print("(no plan document: this meeting made no plan)", file=sys.stderr)
    if args.record:
        try:
            lines = _attachment_lines(record, Path(args.record), args.attachments)
        except OSError as exc:
            lines = [f"the files the child gave could not be checked ({exc.strerror or exc})"]
        for line in lines:
            print(f"({line})", file=sys.stderr)
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    from cinchair.app.files import CannotWrite, write_atomically

    try:
        record = _stored_record(args)
    except LookupError as exc:
        return _fail("record", str(exc.args[0]) if exc.args else str(exc))
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomically(args.out, text.encode("utf-8"))
    except CannotWrite as exc:
        return _fail("record", str(exc), code=1)
    print(args.out)
    return 0
