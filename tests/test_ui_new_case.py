"""New case, Case details, Close case and practice from the window, on an empty store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea
from pytestqt.qtbot import QtBot

from cinchair.cases.editing import case_details, list_cases
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.case_list_bar import EMPTY_NOTE
from cinchair.ui.dialogs.case_form import CaseForm
from cinchair.ui.dialogs.close_case import CloseCaseDialog
from cinchair.ui.main_window import MainWindow, make_main_window

TODAY = date(2026, 12, 3)


@pytest.fixture
def own_store(tmp_path: Path) -> Any:
    with Store.open(sqlite_url(tmp_path / "own.sqlite3"), actor="chair") as store:
        yield store


@pytest.fixture
def window(qtbot: QtBot, own_store: Store) -> MainWindow:
    shown = make_main_window(own_store, today=TODAY, lock_after_minutes=60)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _open_form(qtbot: QtBot, window: MainWindow) -> CaseForm:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.case_list.table.setFocus()
    qtbot.keyClick(window.case_list.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaseForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, CaseForm)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form


def _fill(
    qtbot: QtBot, form: CaseForm, *, ref: str = "LCS-40412", born: str = "14/03/2018"
) -> None:
    qtbot.keyClicks(form.given, "Maya")
    qtbot.keyClicks(form.family, "Okafor")
    qtbot.keyClicks(form.preferred, "May")
    qtbot.keyClicks(form.born.line, born)
    form.gender.setCurrentText("Female")
    form.language.setCurrentText("English")
    qtbot.keyClicks(form.case_ref, ref)
    form.council.setCurrentIndex(form.council.findData("north-tyneside"))
    qtbot.keyClicks(form.assessed.line, "20 Nov 2026")


def test_an_empty_list_says_what_to_do_first(window: MainWindow) -> None:
    assert window.case_list.bar.empty_note.isVisible()
    assert window.case_list.bar.empty_note.text() == EMPTY_NOTE
    assert window.case_list.bar.new_case.isDefault()


def test_ctrl_n_opens_new_case_and_saving_lists_it(
    qtbot: QtBot, window: MainWindow, own_store: Store
) -> None:
    form = _open_form(qtbot, window)
    _fill(qtbot, form)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible())
    with own_store.reading() as session:
        (case,) = list_cases(session)
        details = case_details(session, case.case_id)
    assert (details.given_name, details.date_of_birth) == ("Maya", date(2018, 3, 14))
    assert details.assessment_completed_on == date(2026, 11, 20)
    assert window.case_list.selected_case().case_id == case.case_id  # type: ignore[union-attr]
    assert not window.case_list.bar.empty_note.isVisible()


def test_bad_fields_are_shown_beside_them_and_nothing_typed_is_lost(
    qtbot: QtBot, window: MainWindow, own_store: Store
) -> None:
    form = _open_form(qtbot, window)
    qtbot.keyClicks(form.family, "Okafor")
    qtbot.keyClicks(form.born.line, "31/02/2018")
    form.accept()
    assert form.isVisible()
    assert form.errors["given_name"].text() == "Type the child's given name."
    assert "not a real day" in form.born.error_label.text()
    assert form.born.text() == "31/02/2018"  # kept as typed, never turned into another date
    assert form.family.text() == "Okafor"
    assert form.summary.isVisible()
    with own_store.reading() as session:
        assert list_cases(session) == []
    form.reject()


def test_a_duplicate_reference_offers_to_open_the_existing_case(
    qtbot: QtBot, window: MainWindow, own_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = _open_form(qtbot, window)
    _fill(qtbot, form)
    form.accept()
    qtbot.waitUntil(lambda: not form.isVisible())
    asked: list[str] = []

    def answer(*args: Any) -> QMessageBox.StandardButton:
        asked.append(args[2])
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)
    second = _open_form(qtbot, window)
    _fill(qtbot, second)
    second.accept()
    assert "already has case LCS-40412" in asked[0]
    assert second.open_existing_id is not None
    with own_store.reading() as session:
        assert len(list_cases(session)) == 1
    assert window.case_list.selected_case().case_id == second.open_existing_id  # type: ignore[union-attr]


def test_case_details_corrects_and_close_case_hides_it_until_asked(
    qtbot: QtBot, window: MainWindow, own_store: Store
) -> None:
    from cinchair.ui import case_actions

    form = _open_form(qtbot, window)
    _fill(qtbot, form)
    form.accept()
    qtbot.waitUntil(lambda: not form.isVisible())
    details = case_actions.edit_case(window)
    assert details is not None and details.given.text() == "Maya"
    details.given.setText("Maia")
    details.accept()
    with own_store.reading() as session:
        (case,) = list_cases(session)
    assert case.child_name == "Maia Okafor"
    closing = case_actions.close_case(window)
    assert isinstance(closing, CloseCaseDialog)
    qtbot.keyClicks(closing.closed_on.line, "1/12/26")
    closing.accept()
    assert closing.reason_error.text() == "Give the council's reason for closing the case."
    closing.reason.setCurrentText("Stepped down to Early Help")
    closing.accept()
    qtbot.waitUntil(lambda: not closing.isVisible())
    assert window.case_list.proxy.rowCount() == 0
    assert not window.case_list.bar.empty_note.isVisible()  # a closed case is still a case
    window.case_list.bar.closed_toggle.setChecked(True)
    assert window.case_list.proxy.rowCount() == 1
    assert window.case_list.model.row_at(0).state == "closed"


def test_practice_opens_the_demo_in_its_own_store_and_window(
    qtbot: QtBot, window: MainWindow, own_store: Store
) -> None:
    from cinchair.ui import case_actions

    practice = case_actions.practise_on_demo(window)
    qtbot.addWidget(practice)
    assert practice is not window
    assert practice.demo_banner is not None and practice.demo_banner.isVisible()
    assert "practice" in practice.windowTitle()
    assert practice.store is not own_store
    assert practice.case_list.proxy.rowCount() == 1
    with own_store.reading() as session:
        assert list_cases(session, include_closed=True) == []
    assert case_actions.practise_on_demo(window) is practice  # one at a time
    help_menu = [a for a in window.menuBar().actions() if a.text() == "&Help"]
    assert [a.text() for a in help_menu[0].menu().actions()] == [
        "&Practise on the demo case",
        "&Check the record's integrity…",
    ]


def test_the_cases_opening_allocation_visit_and_cre_dates_saved_and_checked(
    qtbot: QtBot, window: MainWindow, own_store: Store
) -> None:
    form = _open_form(qtbot, window)
    _fill(qtbot, form)
    form.council.setCurrentIndex(form.council.findData("derby"))
    qtbot.keyClicks(form.opened.line, "2 Nov 2026")
    qtbot.keyClicks(form.allocated.line, "25/11/2026")
    qtbot.keyClicks(form.visited.line, "20/11/2026")
    qtbot.keyClicks(form.cre_assessed.line, "1 Dec 2026")
    form.accept()
    # A first visit before the allocation is refused beside the field; nothing is saved.
    assert form.isVisible()
    assert "before the allocation" in form.visited.error_label.text()
    with own_store.reading() as session:
        assert list_cases(session) == []
    form.visited.line.clear()
    qtbot.keyClicks(form.visited.line, "27/11/2026")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible())
    with own_store.reading() as session:
        (case,) = list_cases(session)
        details = case_details(session, case.case_id)
    assert (
        details.opened_on,
        details.allocated_on,
        details.first_visit_on,
        details.cre_risk_assessed_on,
    ) == (date(2026, 11, 2), date(2026, 11, 25), date(2026, 11, 27), date(2026, 12, 1))


def test_circumstance_dates_are_readable_with_no_sideways_scrolling(
    qtbot: QtBot, own_store: Store
) -> None:
    form = CaseForm(own_store, TODAY)
    qtbot.addWidget(form)
    laptop_type = form.font()
    laptop_type.setPointSizeF(11)  # the type a Linux laptop's desktop gives it
    form.setFont(laptop_type)
    form.show()  # as it opens on a 1366x768 laptop: 720 pixels wide
    qtbot.waitExposed(form)
    longest = max(form.circumstance_rows, key=lambda row: len(row.tick.text()))
    assert not longest.since.isVisible()  # unticked: one line each
    longest.tick.setChecked(True)
    QApplication.processEvents()
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    body = scroll.widget()
    assert body.width() <= scroll.viewport().width()  # nothing hides to the right
    assert not scroll.horizontalScrollBar().isVisible()
    for field in (longest.since, longest.until):
        assert field.isVisible()
        typed = field.line.fontMetrics().horizontalAdvance("15 Jan 2027")
        assert field.line.width() > typed  # not "d…"
        assert field.line.mapTo(form, field.line.rect().topRight()).x() < form.width()
    qtbot.keyClicks(longest.since.line, "01/06/2026")
    assert longest.since.date() == date(2026, 6, 1)
