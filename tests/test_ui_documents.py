"""Minutes and plan from the meeting window: written where asked, or a clear refusal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from cinchair.demo import build_demo
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import make_main_window

TODAY = date(2026, 11, 23)


@pytest.fixture
def signed_meeting(qtbot, tmp_path: Path):
    demo = build_demo(tmp_path / "demo.sqlite3")
    store = Store.open(sqlite_url(demo.store_path))
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    page = window.open_meeting(demo.meeting_ids[-1])  # the signed review
    yield page
    store.close()


def test_the_chair_writes_both_copies_in_both_formats(qtbot, signed_meeting, tmp_path) -> None:
    dialog = signed_meeting.write_documents()
    qtbot.addWidget(dialog)
    out = tmp_path / "out"
    dialog.folder.setText(str(out))
    qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 8  # minutes and plan, family and agencies, DOCX and PDF
    assert all(name.startswith("LCS-482913_") for name in names)  # no names in file names
    assert dialog.files.count() == 8 and dialog.message.text().startswith("✓ 8 files")
    assert dialog.open_button.isEnabled()


def test_only_the_family_pdf_when_that_is_all_that_is_ticked(qtbot, signed_meeting, tmp_path):
    dialog = signed_meeting.write_documents()
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_path))
    dialog.agencies.setChecked(False)
    dialog.docx.setChecked(False)
    dialog.write()
    written = sorted(p.name for p in tmp_path.glob("LCS-*"))
    assert written and all(n.endswith("_family.pdf") for n in written)
    dialog.pdf.setChecked(False)
    assert not dialog.write_button.isEnabled()  # nothing chosen, nothing to write


def test_a_folder_that_cannot_be_written_says_so_and_writes_nothing(
    qtbot, signed_meeting, tmp_path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    dialog = signed_meeting.write_documents()
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(blocker / "inside"))
    dialog.write()
    assert dialog.message.text().startswith("⚠ Nothing was written")
    assert dialog.files.count() == 0
    assert blocker.read_text() == "not a folder"


def test_every_file_written_is_in_view_in_the_list(
    qtbot, dressed, signed_meeting, tmp_path
) -> None:
    dialog = signed_meeting.write_documents()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.folder.setText(str(tmp_path / "out"))
    dialog.write()
    qtbot.wait(20)
    shown = dialog.files.viewport().rect()
    assert dialog.files.count() == 8
    for row in range(dialog.files.count()):  # all eight, none below the list's foot
        assert shown.contains(dialog.files.visualItemRect(dialog.files.item(row)))
    assert dialog.files.verticalScrollBar().maximum() == 0
