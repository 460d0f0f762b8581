"""What the Case and Help menus do with cases: new, details, close, reopen, and practice.

Kept out of ``cinchair.ui.main_window`` (the window, its pages and its lock) so each
command reads in one place: open the form, and on success reload the list and select
the case. The checks and the writing are ``cinchair.cases``'s; nothing here decides
what is valid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cinchair.cases.closing import reopen_case
from cinchair.cases.editing import CaseInvalid
from cinchair.ui.dialogs.case_form import CaseForm
from cinchair.ui.dialogs.close_case import CloseCaseDialog

if TYPE_CHECKING:
    from cinchair.ui.main_window import MainWindow

PRACTICE_TITLE = "cinchair (practice)"


def new_case(window: MainWindow) -> CaseForm:
    """Case > New case… (Ctrl+N): the form; the new (or the existing) case selected after."""
    form = CaseForm(window.store, window.today, window)
    form.finished.connect(lambda _result: _after_form(window, form))
    form.open()
    return form


def edit_case(window: MainWindow) -> CaseForm | None:
    """Case > Case details…: correct the selected case (audited; signed minutes keep theirs)."""
    row = window.case_list.selected_case()
    if row is None:
        _choose_first(window, "see or correct its details")
        return None
    if window.meeting is not None:
        window.meeting.flush()
    form = CaseForm(window.store, window.today, window, case_id=row.case_id)
    form.finished.connect(lambda _result: _after_form(window, form))
    form.open()
    return form


def close_case(window: MainWindow) -> CloseCaseDialog | None:
    """Case > Close case…: the date and the council's reason for the selected case."""
    row = window.case_list.selected_case()
    if row is None:
        _choose_first(window, "close it")
        return None
    dialog = CloseCaseDialog(window.store, row.case_id, row.child_name, window.today, window)

    def closed(result: int) -> None:
        if result == CloseCaseDialog.DialogCode.Accepted:
            window.case_list.reload()
            window.case_list.choose_first()
            window.statusBar().showMessage(
                f"Case {row.case_ref} closed. Show closed cases brings it back.", 8000
            )

    dialog.finished.connect(closed)
    dialog.open()
    return dialog


def reopen(window: MainWindow) -> None:
    """Case > Reopen case: undo a closure made in error."""
    row = window.case_list.selected_case()
    if row is None:
        _choose_first(window, "reopen it")
        return
    try:
        window.store.apply(reopen_case, row.case_id)
    except CaseInvalid as invalid:
        QMessageBox.information(
            window, "Reopen case", " ".join(p.message for p in invalid.problems)
        )
        return
    window.case_list.reload()
    window.case_list.select_case(row.case_id)


def _choose_first(window: MainWindow, to_do: str) -> None:
    QMessageBox.information(
        window, "Choose a case", f"Choose a case in the list first, to {to_do}."
    )


def _after_form(window: MainWindow, form: CaseForm) -> None:
    chosen = form.saved_case_id or form.open_existing_id
    if chosen is None:
        return
    window.case_list.reload()
    window.case_list.select_case(chosen)
    window.case_list.table.setFocus(Qt.FocusReason.OtherFocusReason)
    if form.saved_case_id is None:
        return
    if form.case_id is None:  # a new case has no meeting yet
        window.statusBar().showMessage("Case saved. Ctrl+M starts its first meeting.", 8000)
    else:  # corrected details: the case may well have meetings already
        window.statusBar().showMessage("Case details saved.", 8000)


def practise_on_demo(window: MainWindow) -> MainWindow:
    """Help > Practise on the demo case: a second window on a fresh demo store.

    The demo lives in a store of its own, made anew (never written into the chair's
    store), under the practice banner and a title that says practice; closing the
    window throws the practice store away. Only one practice window at a time.
    """
    if window.demo_banner is not None:  # this window is the practice already
        window.raise_()
        window.activateWindow()
        return window
    existing = window.practice_window
    if existing is not None and existing.isVisible():
        existing.raise_()
        existing.activateWindow()
        return existing
    from cinchair.ui.app import make_main_window, open_demo_store
    from cinchair.ui.widgets.busy import run_busy

    store = run_busy(window, "Making the practice case…", open_demo_store)
    practice = make_main_window(store, today=window.today, demo=True)
    practice.setWindowTitle(PRACTICE_TITLE)
    practice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    practice.destroyed.connect(lambda _obj=None: store.close())
    window.practice_window = practice
    practice.show_for_screen()  # as big as the chair's own: at 1100x650 its columns were cut
    return practice
