"""The demo is practice data made like the real thing, and says so wherever it goes.

Before, ``cinchair demo`` left a plain SQLite store, mode 0644, with the device's private
key readable in it, and its documents and bundles carried no practice marking.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from cinchair.cli.main import main
from cinchair.store.facade import Store
from cinchair.sync.importer import import_bundles
from tests.sync_kit import Council

SQLITE_HEADER = b"SQLite format 3\x00"


@pytest.mark.slow
def test_cinchair_demo_makes_an_encrypted_private_store_and_marked_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_path, out = tmp_path / "demo.sqlite3", tmp_path / "docs"
    assert main(["demo", "--store", str(store_path), "--out", str(out)]) == 0
    assert "practice data" in capsys.readouterr().out
    data = store_path.read_bytes()
    assert not data.startswith(SQLITE_HEADER)  # encrypted: not even the header is plain
    assert b"Amelia" not in data and b"Nowak" not in data
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600
    pdfs = sorted(out.glob("*.pdf"))
    docx = sorted(out.glob("*.docx"))
    assert pdfs and docx
    for pdf in pdfs:
        for page in PdfReader(pdf).pages:
            assert "PRACTICE DATA" in page.extract_text(), pdf.name
    for document in docx:
        with zipfile.ZipFile(document) as archive:
            headers = [n for n in archive.namelist() if n.startswith("word/header")]
            assert any("PRACTICE DATA" in archive.read(n).decode("utf-8") for n in headers)


def test_the_practice_record_and_bundle_are_flagged_and_a_council_refuses_them(
    council_store: Store, council: Council, tmp_path: Path
) -> None:
    import json

    from cinchair.demo.practice import make_practice_store
    from cinchair.record import build_record
    from cinchair.sync.bundle.sealing import unseal

    demo = make_practice_store(tmp_path / "practice.sqlite3")
    with demo.store as store, store.reading() as session:
        record = build_record(session, demo.meeting_ids[0])
    assert record["practice"] is True
    laptop = council.laptop("Laptop 7")  # even from a trusted laptop
    path = council.bundle(record, laptop, tmp_path / "in")
    inner = unseal(path.read_bytes(), council.desk.sealing)
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        assert json.loads(archive.read("manifest.json"))["practice"] is True
    summary = import_bundles(council_store, [path], desk=council.desk, imported_by="Ann")
    item = summary.items[0]
    assert (item.outcome, item.reason) == ("refused", "practice-data")
    assert "practice data" in item.message and "not a real family" in item.message
    with council_store.reading() as session:
        from sqlalchemy import func, select

        from cinchair.model import ImportedBundle, Meeting

        assert session.scalar(select(func.count()).select_from(Meeting)) == 0
        assert session.scalar(select(func.count()).select_from(ImportedBundle)) == 0


def test_the_demos_store_cannot_be_read_afterwards_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_path = tmp_path / "demo.sqlite3"
    assert main(["demo", "--store", str(store_path), "--out", str(tmp_path / "docs")]) == 0
    capsys.readouterr()
    url = f"sqlite:///{store_path}"
    assert main(["render", "--case", "LCS-482913", "--db", url, "--out", str(tmp_path / "x")]) == 2
    assert "cannot be read: it is encrypted" in capsys.readouterr().err
