"""The case list window, driven with real keys and clicks offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from cinchair.cases.rows import case_rows
from cinchair.demo import DemoCase
from cinchair.model import Case
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import DEMO_BANNER, MainWindow, make_main_window, open_store
from cinchair.ui.case_list import Column

TODAY = date(2026, 11, 23)


@pytest.fixture
def demo_laptop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_case: DemoCase
) -> Iterator[Store]:
    """The demo's store, open, with the data folder beside it (as on a chair's laptop)."""
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(tmp_path))
    with Store.open(sqlite_url(demo_case.store_path)) as store:
        yield store


def _window(qtbot, store: Store, *, demo: bool = True) -> MainWindow:
    window = make_main_window(store, today=TODAY, demo=demo)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, demo_laptop: Store) -> MainWindow:
    return _window(qtbot, demo_laptop)


def _shown(window: MainWindow, column: Column) -> list[str]:
    proxy = window.case_list.proxy
    return [proxy.index(row, column).data() for row in range(proxy.rowCount())]


def _add_zoe(store: Store) -> None:
    with store.transaction() as s:
        s.add(
            Case(
                case_ref="X1", profile_id="generic", child_given_name="Zoë", child_family_name="Ng"
            )
        )


def test_the_demo_case_is_listed_with_its_state_in_words(window: MainWindow) -> None:
    assert _shown(window, Column.CHILD) == ["Amelia Nowak"]
    assert _shown(window, Column.CASE_REF) == ["LCS-482913"]
    assert _shown(window, Column.NEXT_DUE) == ["30 Nov 2026"]
    # Daniel sent apologies and is still to sign the review's minutes; no bundle sent yet
    assert _shown(window, Column.STATE) == ["due soon · 1 to sign later · not yet synced"]
    state = window.case_list.proxy.index(0, Column.STATE)
    assert state.data(Qt.ItemDataRole.BackgroundRole) is not None  # colour as well as words
    assert window.summary_label.text() == "1 case · 1 due soon · 0 overdue"


def test_typing_filters_as_you_type_and_escape_clears(qtbot, window: MainWindow) -> None:
    search = window.case_list.search
    qtbot.keyClicks(search, "zzz")
    assert window.case_list.proxy.rowCount() == 0
    assert "showing 0 of 1" in window.summary_label.text()

    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""
    assert _shown(window, Column.CHILD) == ["Amelia Nowak"]

    qtbot.keyClicks(search, "NOWAK")
    assert window.case_list.proxy.rowCount() == 1
    search.clear()
    qtbot.keyClicks(search, "482913")
    assert window.case_list.proxy.rowCount() == 1


def test_search_ignores_case_and_accents(qtbot, demo_laptop: Store) -> None:
    _add_zoe(demo_laptop)
    window = _window(qtbot, demo_laptop)
    qtbot.keyClicks(window.case_list.search, "zoe")
    assert _shown(window, Column.CHILD) == ["Zoë Ng"]


def test_ctrl_f_focuses_search_and_tab_reaches_the_table(qtbot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    table, search = window.case_list.table, window.case_list.search
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)

    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(search.hasFocus)

    qtbot.keyClick(search, Qt.Key.Key_Tab)
    qtbot.waitUntil(table.hasFocus)


def test_choosing_a_row_shows_the_case_details(qtbot, window: MainWindow) -> None:
    page = window.case_list
    assert page.details.isReadOnly()
    assert "LCS-482913" in page.details.toPlainText()  # the top case is chosen on start
    page.table.clearSelection()
    assert page.details.toPlainText() == ""
    cell = page.table.visualRect(page.proxy.index(0, Column.CHILD)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert "LCS-482913" in page.details.toPlainText()
    assert "30 Nov 2026" in page.details.toPlainText()

    qtbot.keyClicks(page.search, "zzz")  # the chosen case is filtered out of sight
    assert page.details.toPlainText() == ""


def test_the_window_title_names_no_child(window: MainWindow) -> None:
    assert window.windowTitle() == "cinchair"
    for name in ("Amelia", "Nowak", "LCS-482913"):
        assert name not in window.windowTitle()


def test_the_demo_banner_shows_only_for_the_demo(qtbot, window: MainWindow) -> None:
    assert window.demo_banner is not None
    assert window.demo_banner.isVisible()
    assert window.demo_banner.text() == DEMO_BANNER

    real = _window(qtbot, window.case_list.store, demo=False)
    assert real.demo_banner is None


def test_sorting_by_next_due_puts_cases_with_nothing_due_last(qtbot, demo_laptop: Store) -> None:
    _add_zoe(demo_laptop)
    window = _window(qtbot, demo_laptop)
    table = window.case_list.table

    table.sortByColumn(Column.NEXT_DUE, Qt.SortOrder.AscendingOrder)
    assert _shown(window, Column.CHILD) == ["Amelia Nowak", "Zoë Ng"]
    assert _shown(window, Column.NEXT_DUE) == ["30 Nov 2026", "not set"]

    header = table.horizontalHeader()
    x = header.sectionViewportPosition(Column.NEXT_DUE) + header.sectionSize(Column.NEXT_DUE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert _shown(window, Column.CHILD) == ["Zoë Ng", "Amelia Nowak"]


def test_next_due_sorts_by_date_not_by_text(qtbot, demo_laptop: Store) -> None:
    # Derby: 15 working days from the assessment, so due 7 Oct 2026, which is
    # before 30 Nov though "7 Oct" comes after "30 Nov" as text.
    with demo_laptop.transaction() as s:
        s.add(
            Case(
                case_ref="DBY-1",
                profile_id="derby",
                child_given_name="Oliwer",
                child_family_name="Kowal",
                assessment_completed_on=date(2026, 9, 16),
            )
        )
    window = _window(qtbot, demo_laptop)
    window.case_list.table.sortByColumn(Column.NEXT_DUE, Qt.SortOrder.AscendingOrder)
    due = _shown(window, Column.NEXT_DUE)
    assert due[0].endswith("Oct 2026") and due[1] == "30 Nov 2026"
    assert _shown(window, Column.CHILD) == ["Oliwer Kowal", "Amelia Nowak"]
    assert _shown(window, Column.STATE)[0].startswith("overdue by ")
    assert window.summary_label.text() == "2 cases · 1 due soon · 1 overdue"


def test_an_empty_own_store_opens_the_demo_without_touching_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CINCHAIR_DATA_DIR", str(tmp_path))
    store, demo = open_store(None, TODAY)
    with store:
        assert demo
        assert store.url.endswith("demo.sqlite3")
    own_url = sqlite_url(tmp_path / "cinchair.sqlite3")
    with Store.open(own_url) as own:
        with own.reading() as session:
            assert case_rows(session, TODAY) == []  # no demo data mixed in
        _add_zoe(own)

    store, demo = open_store(None, TODAY)
    with store:
        assert not demo
        assert store.url.endswith("cinchair.sqlite3")


def test_an_explicit_store_is_never_swapped_for_the_demo(tmp_path: Path) -> None:
    store, demo = open_store(sqlite_url(tmp_path / "empty.sqlite3"), TODAY)
    with store:
        assert not demo
        assert store.url.endswith("empty.sqlite3")


def test_the_chosen_case_stays_chosen_when_the_list_is_resorted(qtbot, demo_laptop: Store) -> None:
    _add_zoe(demo_laptop)
    window = _window(qtbot, demo_laptop)
    page = window.case_list
    page.table.sortByColumn(Column.CHILD, Qt.SortOrder.AscendingOrder)
    page.table.selectRow(0)
    chosen = page.selected_case()
    assert chosen is not None and chosen.child_name == "Amelia Nowak"

    page.table.sortByColumn(Column.CHILD, Qt.SortOrder.DescendingOrder)
    assert _shown(window, Column.CHILD) == ["Zoë Ng", "Amelia Nowak"]
    assert page.selected_case() == chosen
    assert "LCS-482913" in page.details.toPlainText()
