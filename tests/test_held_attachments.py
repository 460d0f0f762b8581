"""A record held as a conflict keeps what the child gave: stored at the council, byte for
byte, got back with ``cinchair conflicts show --out``, and pictured when it is rendered.

The receipt names a held record as received, so its laptop may clear its copy; these tests
check the child's drawings and letters then exist at the council alone. Tests taking
``council_store`` run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import base64
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select, text

from cinchair.cli.main import main
from cinchair.model import AuditEntry, ChildAttachment, HeldAttachment, SyncConflict
from cinchair.record import attachment_file_name, attachment_files, build_record
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.conflicts import ConflictProblem, held_files, held_record
from cinchair.sync.importer import import_bundles
from tests.docs_reading import docx_text, pdf_text
from tests.sync_kit import (
    ATTACHED,
    EXPORTED,
    Council,
    Demo,
    fresh_ids,
)

# Text in several scripts, markup-like characters and an emoji: it must come out as typed.
TITLE = "Amelia's Three Houses <&{{ }}> — Дом, 家, بيت, 🏠"
CHILD = "Amélie-Zoë 李 دانيا"


def _import(store: Store, council: Council, *paths: Path, **options: Any) -> Any:
    return import_bundles(store, list(paths), desk=council.desk, imported_by="Ann Admin", **options)


def _laptop_b_review(demo: Demo) -> dict[str, Any]:
    """Laptop B's own review of the same child on the same day, its drawing retitled."""
    [review] = fresh_ids(demo.review)
    review["attachments"][0]["title"] = TITLE
    review["case"]["child"]["given_name"] = CHILD
    return review


def _held_review(
    store: Store, council: Council, demo: Demo, folder: Path
) -> tuple[dict[str, Any], list[Path]]:
    """Laptop A's two meetings filed, laptop B's review held; B's record and every bundle."""
    laptop_a, laptop_b = council.laptop("Laptop A"), council.laptop("Laptop B")
    b_review = _laptop_b_review(demo)
    paths = [
        council.bundle(demo.planning, laptop_a, folder, "1.cinsync"),
        council.bundle(demo.review, laptop_a, folder, "2.cinsync"),
        council.bundle(b_review, laptop_b, folder, "3.cinsync"),
    ]
    summary = _import(store, council, *paths)
    assert [i.outcome for i in summary.items] == ["imported", "imported", "conflict"]
    assert "with the 2 file(s) the child gave" in summary.items[2].message
    return b_review, paths


def _conflict_id(store: Store) -> str:
    with store.reading() as session:
        [conflict] = session.scalars(select(SyncConflict)).all()
        return conflict.id


def _held_rows(store: Store) -> list[tuple[str, str, str, bytes]]:
    with store.reading() as session:
        rows = session.scalars(select(HeldAttachment).order_by(HeldAttachment.file_name))
        return [(r.attachment_id, r.file_name, r.sha256, bytes(r.data)) for r in rows]


# --- storing -------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_held_record_keeps_what_the_child_gave_byte_for_byte(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    b_review, _ = _held_review(council_store, council, demo, tmp_path / "in")
    sent = b_review["attachments"]
    expected = [
        (a["id"], attachment_file_name(a), a["sha256"], ATTACHED[a["sha256"]]) for a in sent
    ]
    assert _held_rows(council_store) == sorted(expected, key=lambda row: row[1])
    conflict_id = _conflict_id(council_store)
    with council_store.reading() as session:
        files = held_files(session, conflict_id[:8])
        # in the record's order, under the names the bundle carried them by
        assert list(files) == [attachment_file_name(a) for a in sent]
        assert list(files.values()) == [ATTACHED[a["sha256"]] for a in sent]
        assert json.loads(held_record(session, conflict_id))["attachments"][0]["title"] == TITLE
        # audited like any row; the trail holds each file's digest, not a second copy
        logged = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "held_attachments")
        ).all()
        assert len(logged) == 2 and {e.actor for e in logged} == {"import:Ann Admin"}
        assert all(e.changes["data"][1] == f"sha256:{e.changes['sha256'][1]}" for e in logged)
        assert verify_chain(session) == []


def test_the_same_held_record_again_stores_its_files_once(
    council_store: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    b_review, paths = _held_review(council_store, council, demo, tmp_path / "in")
    later = council.bundle(
        b_review,
        council.devices["Laptop B"],
        tmp_path / "in",
        "4.cinsync",
        exported_at=EXPORTED + timedelta(days=3),
    )
    before = _held_rows(council_store)
    summary = _import(council_store, council, paths[2], later)
    assert [(i.outcome, i.note) for i in summary.items] == [("duplicate", ""), ("duplicate", "")]
    assert _held_rows(council_store) == before
    with council_store.reading() as session:
        assert verify_chain(session) == []


def test_a_held_record_without_attachments_stores_nothing(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    laptop_a, laptop_b = council.laptop("Laptop A"), council.laptop("Laptop B")
    [b_planning] = fresh_ids(demo.planning)
    assert "attachments" not in b_planning
    summary = _import(
        sqlite_council,
        council,
        council.bundle(demo.planning, laptop_a, tmp_path / "in"),
        council.bundle(b_planning, laptop_b, tmp_path / "in"),
    )
    assert [i.outcome for i in summary.items] == ["imported", "conflict"]
    assert "file(s)" not in summary.items[1].message
    assert _held_rows(sqlite_council) == []
    with sqlite_council.reading() as session:
        assert held_files(session, _conflict_id(sqlite_council)) == {}
    out = tmp_path / "show" / "held.json"
    assert _show(tmp_path, _conflict_id(sqlite_council), "--out", out) == 0
    assert out.exists() and not (out.parent / "held-attachments").exists()


def test_a_record_held_before_the_council_kept_files_gets_them_from_a_reimport(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    """A store migrated to 0006 holds older held records without their files: importing
    the bundle again (a duplicate) keeps them, and says so."""
    _, paths = _held_review(sqlite_council, council, demo, tmp_path / "in")
    kept = _held_rows(sqlite_council)
    with sqlite_council.transaction() as session:
        for row in session.scalars(select(HeldAttachment)):
            session.delete(row)
    summary = _import(sqlite_council, council, paths[2])
    [item] = summary.items
    assert item.outcome == "duplicate"
    assert item.note == "kept the 2 file(s) the child gave, not kept before"
    assert [r[1:] for r in _held_rows(sqlite_council)] == [r[1:] for r in kept]
    with sqlite_council.reading() as session:
        assert verify_chain(session) == []


@pytest.mark.slow
def test_a_damaged_kept_file_is_said_not_handed_on(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    _held_review(sqlite_council, council, demo, tmp_path / "in")
    with sqlite_council.engine.begin() as conn:
        conn.execute(text("UPDATE held_attachments SET data = :d"), {"d": b"not the drawing"})
    with sqlite_council.reading() as session:
        with pytest.raises(ConflictProblem, match="no longer matches its SHA-256"):
            held_files(session, _conflict_id(sqlite_council))
        with pytest.raises(ConflictProblem, match="no conflict with id"):
            held_files(session, "ffffffff")


# --- the laptop clears its copy ------------------------------------------------------------


@pytest.mark.slow
def test_the_files_outlive_the_laptop_clearing_its_copy(
    sqlite_council: Store, council: Council, demo: Demo, tmp_path: Path
) -> None:
    """Laptop B (its own store of the same child) exports, its meetings are held, the
    receipt comes back, B clears them, the USB stick is wiped: the council still has
    every file the child gave on B's laptop."""
    from cinchair.demo import build_demo
    from cinchair.sync import DeviceKey
    from cinchair.sync.clear import clear_synced
    from cinchair.sync.export import export_meetings
    from cinchair.sync.receipts import load_receipt_file

    laptop_a = council.laptop("Laptop A")
    for n, record in enumerate((demo.planning, demo.review)):
        council.bundle(record, laptop_a, tmp_path / "a", f"{n}.cinsync")
    assert _import(sqlite_council, council, tmp_path / "a").counts["imported"] == 2

    b_demo = build_demo(tmp_path / "laptop-b.sqlite3")
    device_b = DeviceKey.generate()
    council.trust(device_b, "Laptop B")
    with Store.open(sqlite_url(b_demo.store_path), actor="chair") as laptop_b:
        with laptop_b.reading() as session:
            on_b = {m: attachment_files(session, m) for m in b_demo.meeting_ids}
        assert sum(len(files) for files in on_b.values()) == 2
        export_meetings(
            laptop_b, tmp_path / "usb", device=device_b, council=council.desk.sealing.public
        )
        summary = _import(sqlite_council, council, tmp_path / "usb", receipts_dir=tmp_path / "r")
        assert [i.outcome for i in summary.items] == ["conflict", "conflict"]
        [receipt] = [r for r in summary.receipts if device_b.device_id in r.name]
        load_receipt_file(laptop_b, receipt, council.desk.public, device_b)
        assert sorted(clear_synced(laptop_b).cleared) == sorted(b_demo.meeting_ids)
        with laptop_b.reading() as session:
            assert session.scalars(select(ChildAttachment)).all() == []
    for bundle in (tmp_path / "usb").iterdir():
        bundle.unlink()
    b_demo.store_path.unlink()

    with sqlite_council.reading() as session:
        by_meeting = {
            c.held_meeting_id: held_files(session, c.id)
            for c in session.scalars(select(SyncConflict))
        }
        assert by_meeting == on_b
        assert verify_chain(session) == []


# --- getting them out, and rendering -------------------------------------------------------


def _show(tmp_path: Path, conflict_id: str, *extra: str | Path) -> int:
    """``cinchair conflicts show`` on the ``sqlite_council`` store."""
    db = sqlite_url(tmp_path / "council.sqlite3")
    return main(["conflicts", "show", conflict_id, "--db", db, *map(str, extra)])


def _pdf_images(path: Path) -> list[tuple[int, int]]:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return [image.image.size for page in reader.pages for image in page.images]


def _render(record_file: Path, out: Path, *extra: str) -> int:
    """The family's minutes of a record file (``--format`` and more in ``extra``)."""
    argv = ["render", "--record", str(record_file), "--out", str(out), "--copy", "family"]
    return main([*argv, "--document", "minutes", *extra])


@pytest.mark.slow
def test_conflicts_show_writes_the_files_and_the_render_pictures_them(
    sqlite_council: Store,
    council: Council,
    demo: Demo,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    b_review, _ = _held_review(sqlite_council, council, demo, tmp_path / "in")
    conflict_id = _conflict_id(sqlite_council)
    out = tmp_path / "desk" / "held.json"
    capsys.readouterr()
    assert _show(tmp_path, conflict_id[:8], "--out", out) == 0
    shown = capsys.readouterr().out
    folder = tmp_path / "desk" / "held-attachments"
    assert f"are in {folder}" in shown and "render --record" in shown
    assert json.loads(out.read_text(encoding="utf-8")) == b_review
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        attachment_file_name(a) for a in b_review["attachments"]
    )
    for a in b_review["attachments"]:
        assert (folder / attachment_file_name(a)).read_bytes() == ATTACHED[a["sha256"]]

    # Without --out the record goes to the screen, and the files are pointed to.
    assert _show(tmp_path, conflict_id[:8]) == 0
    screen = capsys.readouterr()
    assert json.loads(screen.out) == b_review and "give --out FILE" in screen.err

    # The held record renders with the child's picture, as the same record filed does.
    assert _render(out, tmp_path / "held-docs", "--format", "both") == 0
    rendered = capsys.readouterr()
    assert f"the 2 file(s) the child gave are in {folder}" in rendered.err
    [held_pdf] = (tmp_path / "held-docs").glob("*.pdf")
    [held_docx] = (tmp_path / "held-docs").glob("*.docx")
    with sqlite_council.reading() as session:
        filed = build_record(session, demo.review_id)
    filed_file = tmp_path / "filed.json"
    filed_file.write_text(json.dumps(filed, ensure_ascii=False), encoding="utf-8")
    assert _render(filed_file, tmp_path / "filed-docs", "--format", "pdf") == 0
    [filed_pdf] = (tmp_path / "filed-docs").glob("*.pdf")
    picture = b_review["attachments"][0]
    assert picture["child_agreed_to_share"] and picture["picture_jpeg"]
    with Image.open(io.BytesIO(base64.b64decode(picture["picture_jpeg"]))) as drawing:
        assert drawing.size in _pdf_images(held_pdf)
    assert sorted(_pdf_images(held_pdf)) == sorted(_pdf_images(filed_pdf))
    for document in (pdf_text(held_pdf), docx_text(held_docx)):
        assert "<&{{ }}>" in document and "Amélie-Zoë" in document
    assert TITLE in docx_text(held_docx) and CHILD in docx_text(held_docx)


def test_render_says_which_of_the_childs_files_are_missing_or_wrong(
    sqlite_council: Store,
    council: Council,
    demo: Demo,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    b_review, _ = _held_review(sqlite_council, council, demo, tmp_path / "in")
    out = tmp_path / "held.json"
    assert _show(tmp_path, _conflict_id(sqlite_council), "--out", out) == 0
    drawing, letter = (attachment_file_name(a) for a in b_review["attachments"])
    folder = tmp_path / "held-attachments"
    (folder / drawing).unlink()
    (folder / letter).write_bytes(b"%PDF-1.7 something else")
    capsys.readouterr()
    assert _render(out, tmp_path / "docs", "--format", "pdf") == 0  # the pictures are in the record
    err = " ".join(capsys.readouterr().err.split())
    assert f"the record lists 1 file(s) the child gave that are not in {folder}" in err
    assert drawing in err
    assert f"{folder / letter} is not the file the record describes" in err
    # the files found elsewhere: --attachments names the folder
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    for a in b_review["attachments"]:
        (moved / attachment_file_name(a)).write_bytes(ATTACHED[a["sha256"]])
    assert _render(out, tmp_path / "docs2", "--format", "pdf", "--attachments", str(moved)) == 0
    assert f"the 2 file(s) the child gave are in {moved}" in capsys.readouterr().err
    assert _render(out, tmp_path / "docs3", "--attachments", str(tmp_path / "nowhere")) == 2
    assert "there is no folder" in capsys.readouterr().err
