"""Pages that use the screen: two tables side by side on a wide page, stacked on a laptop."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cinchair.domain.agenda import StepKind
from cinchair.store.facade import Store
from cinchair.ui.app import make_main_window
from cinchair.ui.widgets.wide import WIDE_PAGE, SideBySide
from tests.factories import make_case, make_meeting

TODAY = date(2026, 11, 23)


def test_parts_go_side_by_side_only_while_the_page_is_wide(qtbot: QtBot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    splitter = QSplitter(Qt.Orientation.Vertical, page)
    splitter.addWidget(QWidget())
    splitter.addWidget(QWidget())
    QVBoxLayout(page).addWidget(splitter)
    follow = SideBySide(page, splitter)
    page.show()
    page.resize(WIDE_PAGE + 100, 700)
    qtbot.waitUntil(lambda: follow.wide)
    page.resize(WIDE_PAGE - 300, 700)
    qtbot.waitUntil(lambda: not follow.wide)
    assert splitter.orientation() == Qt.Orientation.Vertical


def test_the_plan_and_the_consents_use_a_wide_screen(qtbot: QtBot, store: Store) -> None:
    with store.transaction() as session:
        case = make_case(session, ref="NT-22", given="Zofia", family="Kowalska")
        meeting_id = make_meeting(session, case, held_on=TODAY).id
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.resize(1920, 1050)
    window.show()
    qtbot.waitExposed(window)
    page = window.open_meeting(meeting_id)
    for kind in (StepKind.PLAN, StepKind.CONSENT_VOICE):
        index = next(i for i, step in enumerate(page.steps) if step.kind == kind)
        page.go(index)
        shown = page.page(index)
        qtbot.waitUntil(lambda shown=shown: shown.side_by_side.wide)
    window.resize(1300, 760)
    qtbot.waitUntil(lambda: not page.page(index).side_by_side.wide)


def test_a_row_of_controls_stacks_on_a_narrow_page(qtbot: QtBot) -> None:
    """At 200% on a laptop the people page's agency row ran past the page's edge."""
    from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QPushButton

    from cinchair.ui.widgets.wide import RowThatStacks

    page = QWidget()
    qtbot.addWidget(page)
    row = QHBoxLayout()
    for words in ("Quick add agency", "Start from last meeting's people"):
        row.addWidget(QPushButton(words, page))
    column = QVBoxLayout(page)
    column.addLayout(row)
    follow = RowThatStacks(page, row, 800)
    page.show()
    page.resize(1000, 300)
    qtbot.waitUntil(lambda: not follow.stacked)
    page.resize(500, 300)
    qtbot.waitUntil(lambda: follow.stacked)
    assert row.direction() == QBoxLayout.Direction.TopToBottom


def test_a_signed_plan_reads_from_the_start_and_looks_read_only(
    qtbot: QtBot, tmp_path: object
) -> None:
    """Seen on screen: a signed plan's role read 'ker, North Tyneside Children's
    Services' (the field scrolled to its end) and its visits box stayed white."""
    from pathlib import Path

    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QApplication

    from cinchair.demo import build_demo
    from cinchair.store.facade import sqlite_url
    from cinchair.ui import theme
    from cinchair.ui.tokens import LIGHT

    assert isinstance(tmp_path, Path)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, "light")
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path), actor="test") as store:
        window = make_main_window(store, today=TODAY, demo=True)
        qtbot.addWidget(window)
        window.resize(1366, 740)
        window.show()
        qtbot.waitExposed(window)
        page = window.open_meeting(demo.meeting_ids[-1])
        index = next(i for i, step in enumerate(page.steps) if step.kind == StepKind.PLAN)
        page.go(index)
        plan = page.page(index)
        assert plan.lead_role.text() and plan.lead_role.cursorPosition() == 0
        image = plan.visits.grab().toImage()
        inside = QColor(image.pixel(4, image.height() // 2)).name()
        assert inside == QColor(LIGHT.surface_alt).name()
        window.close_meeting()
