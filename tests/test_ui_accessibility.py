"""Every control a screen reader reaches has a name, in every window; dark mode keeps contrast.

The name checked is the one Qt gives assistive technology (``QAccessibleInterface``
text), so a button's own text, a form label's buddy or ``setAccessibleName`` all
count, as they do for NVDA, Narrator or Orca.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QScrollBar,
    QWidget,
)

from cinchair.domain.agenda import StepKind
from cinchair.model import Case
from cinchair.store.facade import Store
from cinchair.ui import theme
from cinchair.ui.case_list import CaseListPage
from cinchair.ui.dialogs.admin_import import ImportWindow
from cinchair.ui.lock import LockPage, UnlockDialog
from cinchair.ui.meeting.start import StartMeetingDialog
from cinchair.ui.meeting.window import MeetingPage

TODAY = date(2026, 11, 23)


def unnamed_controls(root: QWidget) -> list[str]:
    """Each control under ``root`` that takes keyboard focus and has no accessible name."""
    missing = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or isinstance(widget, QScrollBar):
            continue
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        parent = widget.parentWidget()
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            continue  # the text part of a spin box or combo box: named through its owner
        if parent is not None and parent.focusProxy() is widget:
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            where = widget.objectName() or type(widget).__name__
            missing.append(f"{where} in {type(parent).__name__ if parent else 'nothing'}")
    return missing


pytestmark = pytest.mark.usefixtures("fresh_checker")


def _review(qtbot, store: Store) -> MeetingPage:
    with store.reading() as session:
        case_id = session.query(Case).one().id
    dialog = StartMeetingDialog(store, case_id, TODAY)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
    qtbot.keyClicks(dialog.chair, "Priya Shah")
    dialog.start()
    page = MeetingPage(store, dialog.meeting_id)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    return page


def test_every_control_of_every_meeting_page_has_a_name(qtbot, demo_store) -> None:
    store, _demo = demo_store
    page = _review(qtbot, store)
    for index, step in enumerate(page.steps):
        page.go(index)
        QApplication.processEvents()
        assert unnamed_controls(page) == [], step.title


def test_a_signed_meeting_is_as_readable_by_a_screen_reader(qtbot, demo_store) -> None:
    store, demo = demo_store
    page = MeetingPage(store, demo.meeting_ids[-1])
    qtbot.addWidget(page)
    page.show()
    for index, step in enumerate(page.steps):
        page.go(index)
        QApplication.processEvents()
        assert unnamed_controls(page) == [], step.title


def test_the_case_list_lock_and_import_windows_name_every_control(qtbot, demo_store) -> None:
    store, _demo = demo_store
    case_list = CaseListPage(store, TODAY)
    qtbot.addWidget(case_list)
    case_list.show()
    assert unnamed_controls(case_list) == []

    def check(_typed: str) -> None:
        return None

    for widget in (LockPage(check), UnlockDialog(check), ImportWindow(store)):
        qtbot.addWidget(widget)
        widget.show()
        assert unnamed_controls(widget) == [], type(widget).__name__


def test_a_table_cell_editor_is_named_after_its_column(qtbot, demo_store) -> None:
    store, _demo = demo_store
    page = _review(qtbot, store)
    people = page.page(0).table
    people.add()
    editor = people.view.indexWidget(people.view.currentIndex())
    interface = QAccessible.queryAccessibleInterface(editor)
    assert interface.text(QAccessible.Text.Name) == "Name"
    qtbot.keyClicks(editor, "Zofia Lis")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)


@pytest.fixture
def dark():
    app = QApplication.instance()
    theme.apply_theme(app, "dark")
    yield
    theme.apply_theme(app, "light")


def _background(widget: QWidget) -> QColor:
    image = widget.grab().toImage()
    return image.pixelColor(3, 3)


def test_in_dark_mode_no_light_boxes_remain_and_text_keeps_contrast(qtbot, demo_store, dark):
    store, demo = demo_store
    signed = MeetingPage(store, demo.meeting_ids[-1])
    qtbot.addWidget(signed)
    signed.resize(1200, 760)
    signed.show()
    QApplication.processEvents()
    notice = signed.findChild(QLabel, "signedNotice")
    assert notice is not None
    assert _background(notice).lightness() < 100  # the notice box follows the dark palette
    text = QApplication.palette().color(theme.Role.Text)
    assert theme.contrast_ratio(_background(notice), text) >= 4.5

    # the steps marked "(empty)" stay readable on the dark list
    base = QApplication.palette().color(theme.Role.Base)
    muted = [
        signed.step_list.item(i).foreground().color()
        for i in range(signed.step_list.count())
        if signed.step_list.item(i).text().endswith("(empty)")
    ]
    assert all(theme.contrast_ratio(c, base) >= 4.5 for c in muted)

    # the amber of a row with SMART findings is dark, under light text
    plan_index = signed.step_index(StepKind.PLAN)
    plan = signed.page(plan_index)
    plan.outcomes.model.set_findings({plan.outcomes.model.row_id(0): ["Problem: no date"]})
    amber = plan.outcomes.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert theme.contrast_ratio(amber, text) >= 4.5
    for colour in (theme.error_colour(), theme.warning_colour(), theme.spelling_underline()):
        assert theme.contrast_ratio(colour, base) >= 4.5


def test_light_mode_colours_keep_contrast_too(qtbot) -> None:
    theme.apply_theme(QApplication.instance(), "light")
    base = QApplication.palette().color(theme.Role.Base)
    text = QApplication.palette().color(theme.Role.Text)
    for colour in (theme.error_colour(), theme.warning_colour(), theme.muted_colour()):
        assert theme.contrast_ratio(colour, base) >= 4.5
    assert theme.contrast_ratio(theme.finding_background(), text) >= 4.5


def test_high_contrast_is_black_white_and_yellow(qtbot) -> None:
    app = QApplication.instance()
    try:
        assert theme.apply_theme(app, "high-contrast") == "high-contrast"
        assert theme.is_high_contrast() and theme.is_dark()
        assert QApplication.palette().color(theme.Role.Highlight) == QColor("#ffff00")
        base = QApplication.palette().color(theme.Role.Base)
        assert theme.contrast_ratio(theme.error_colour(), base) >= 7
    finally:
        theme.apply_theme(app, "light")
    assert not theme.is_high_contrast()
