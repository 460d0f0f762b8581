"""Setting a machine up as the admin desk, and the desk's own screens on a SQLite store.

The first run asks what the computer is for; the admin desk alone makes no chair's store
and the app then opens into the desk. The council store dialog names the field that is
wrong. The due list filters, sorts by true values and saves what shows.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from cinchair.app.first_run import needs_setup
from cinchair.app.settings import load_settings, settings_path
from cinchair.cases.report import AdminReport, CaseLine
from cinchair.ui.admin.due import DuePage
from cinchair.ui.admin.store_setup import CouncilStoreDialog, open_configured_store
from cinchair.ui.app import admin_desk_only
from cinchair.ui.dialogs.first_run import FirstRunWizard

WORK = 2**12


def test_the_first_run_sets_up_the_admin_desk_alone_without_a_chairs_store(
    qtbot: Any, tmp_path: Path
) -> None:
    own_store = tmp_path / "own.sqlite3"
    wizard = FirstRunWizard(store_path=own_store, work=WORK)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.council.picker.list.setCurrentRow(0)
    wizard.council.work_as.setCurrentIndex(wizard.council.work_as.findData("admin"))
    wizard.next()
    assert wizard.currentPage() is wizard.finish
    assert "admin desk" in wizard.finish.summary.text()
    assert not wizard.finish.demo.isEnabled()
    wizard.accept()
    assert wizard.done_setup is not None and wizard.done_setup.store is None
    settings = load_settings()
    assert settings.work_as == "admin" and settings.setup_complete
    assert not own_store.exists()
    assert not needs_setup(own_store)
    assert admin_desk_only()


def test_the_desk_sets_up_a_new_sqlite_council_store_and_names_a_wrong_field(
    qtbot: Any, tmp_path: Path
) -> None:
    dialog = CouncilStoreDialog()
    qtbot.addWidget(dialog)
    dialog.sqlite.setChecked(True)
    dialog.file.setText("council.sqlite3")  # not a full path
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text().startswith("File:")
    target = tmp_path / "council.sqlite3"
    dialog.file.setText(str(target))
    qtbot.mouseClick(dialog.test, Qt.MouseButton.LeftButton)
    assert "no council store at" in dialog.error.text() and not target.exists()
    dialog.make_new.setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.store is not None
    dialog.store.close()
    saved = load_settings()
    assert saved.council_store_kind == "sqlite" and saved.council_store_file == str(target)
    reopened = open_configured_store(None, saved)  # next start: no dialog, no password
    assert reopened is not None
    reopened.close()
    assert "password" not in settings_path().read_text(encoding="utf-8").lower()


def _line(ref: str, state: str, due: date | None, late: int, chair: str) -> CaseLine:
    return CaseLine(ref, "North Tyneside", state, due, "review", late, None, chair, 1, 0)


def test_the_due_list_filters_sorts_by_date_and_saves_what_shows(
    qtbot: Any, tmp_path: Path
) -> None:
    page = DuePage()
    qtbot.addWidget(page)
    cases = [
        _line("C-1", "overdue", date(2027, 1, 2), 58, "Priya"),
        _line("C-2", "due soon", date(2027, 3, 9), 0, "Sam"),
        _line("C-3", "on track", date(2027, 10, 1), 0, "Priya"),
        _line("C-4", "overdue", date(2026, 12, 1), 90, "Sam"),
    ]
    page.show_report(AdminReport(date(2027, 3, 1), cases))
    assert page.model.rowCount() == 3  # needing action, by default
    page.chair.setCurrentIndex(page.chair.findData("Sam"))
    assert {c.case_reference for c in page.visible_cases()} == {"C-2", "C-4"}
    page.state.setCurrentIndex(page.state.findData(""))
    page.chair.setCurrentIndex(page.chair.findData(""))
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # "Next due", as dates
    assert [c.case_reference for c in page.visible_cases()] == ["C-4", "C-1", "C-2", "C-3"]
    assert page.proxy.index(0, 2).data() == "01/12/2026"  # shown the UK way
    page.search.setText("c-3")
    out = page.write_csv(tmp_path / "due.csv")
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["C-3"]


def test_a_chairs_store_is_recovered_step_by_step(qtbot: Any, tmp_path: Path) -> None:
    from cinchair.security.vault import create_encrypted, open_encrypted
    from cinchair.sync.council import CouncilDesk
    from cinchair.ui.admin.recovery import RecoveryPage

    keys = tmp_path / "council"
    desk = CouncilDesk.create(keys, "council passphrase here", work=WORK)
    chair_store = tmp_path / "cinchair.sqlite3"
    create_encrypted(
        chair_store, "forgotten passphrase", council=desk.sealing.public, work=WORK
    ).close()
    page = RecoveryPage(keys, work=WORK)
    qtbot.addWidget(page)
    assert not page.council_passphrase.isEnabled() and not page.recover.isEnabled()
    page.store_file.setText(str(tmp_path / "elsewhere.sqlite3"))
    assert "There is no file" in page.outcome.text()
    page.store_file.setText(str(chair_store))
    assert page.council_passphrase.isEnabled() and not page.new_passphrase.isEnabled()
    page.council_passphrase.setText("wrong council passphrase")
    page.new_passphrase.first.setText("a brand new passphrase")
    page.new_passphrase.second.setText("a brand new passphrase")
    page.recover.click()
    assert page.outcome.text().startswith("Not recovered:")
    page.council_passphrase.setText("council passphrase here")
    page.recover.click()
    assert page.outcome.text().startswith("Recovered:"), page.outcome.text()
    open_encrypted(chair_store, "a brand new passphrase").close()
