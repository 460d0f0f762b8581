"""What the window says once the case form is saved: a new case is offered its first
meeting; corrected details of a case that already has meetings are said to be saved."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot

from cinchair.cases.editing import case_details
from cinchair.demo import DemoCase
from cinchair.store.facade import Store
from cinchair.ui import case_actions
from cinchair.ui.main_window import make_main_window

TODAY = date(2026, 12, 3)


def test_corrected_details_of_a_case_with_meetings_do_not_offer_its_first_meeting(
    qtbot: QtBot, demo_store: tuple[Store, DemoCase]
) -> None:
    store, demo = demo_store
    window = make_main_window(store, today=TODAY, lock_after_minutes=60)
    qtbot.addWidget(window)
    window.show()
    window.case_list.select_case(demo.case_id)
    form = case_actions.edit_case(window)
    assert form is not None
    form.preferred.setText("Millie")
    form.accept()
    qtbot.waitUntil(lambda: not form.isVisible())
    assert store.ask(case_details, demo.case_id).preferred_name == "Millie"
    said = window.statusBar().currentMessage()
    assert said == "Case details saved."
    assert "first meeting" not in said
