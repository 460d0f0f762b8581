"""No two controls on one screen share an access key (the underlined Alt+letter).

When two visible controls share a letter, Qt does not press either: Alt+letter only
moves the focus between them. A chair who pressed Alt+A for "Add person" and typed a
name found the focus on "Quick add agency", the first word typed into nothing and the
space bar pressing the button: "Anna Kowalska" was saved as "Kowalska". The menu bar's
letters count too, since Alt+C opens the Case menu from anywhere in the window.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QWidget

from cinchair.meetings.starting import start_new_meeting
from cinchair.model import ChairRole, MeetingKind
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.dialogs.case_form import CaseForm
from cinchair.ui.dialogs.first_run import FirstRunWizard
from cinchair.ui.main_window import make_main_window

TODAY = date(2026, 11, 23)
_KEY = re.compile(r"(?<!&)&([^&\s])")


def access_key(text: str) -> str | None:
    """The letter after a single '&' in a control's text, lower case ('&&' is a real &)."""
    found = _KEY.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _labelled(widget: QWidget) -> str | None:
    if isinstance(widget, QAbstractButton):
        return widget.text()
    if isinstance(widget, QLabel) and widget.buddy() is not None:
        return widget.text()
    if isinstance(widget, QGroupBox) and widget.isCheckable():
        return widget.title()
    return None


def access_key_clashes(window: QWidget) -> list[str]:
    """Each access key that more than one control showing in ``window`` answers to."""
    owners: dict[str, list[str]] = {}
    for widget in [window, *window.findChildren(QWidget)]:
        if widget is not window and not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QMenuBar):
            texts = [action.text() for action in widget.actions() if action.isVisible()]
        else:
            text = _labelled(widget)
            texts = [text] if text else []
        for text in texts:
            key = access_key(text)
            if key:
                owners.setdefault(key, []).append(text.replace("&", ""))
    return [
        f"Alt+{key.upper()}: {', '.join(names)}"
        for key, names in sorted(owners.items())
        if len(names) > 1
    ]


pytestmark = pytest.mark.usefixtures("fresh_checker")


def test_the_access_key_reader() -> None:
    assert access_key("&Add person") == "a"
    assert access_key("Quick &add agency") == "a"
    assert access_key("Salt && pepper") is None
    assert access_key("No key") is None


def test_every_meeting_step_and_the_case_list_have_distinct_keys(qtbot, demo_store) -> None:
    store, demo = demo_store
    window = make_main_window(store, today=TODAY, lock_after_minutes=60)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitExposed(window)
    clashes = [f"case list: {c}" for c in access_key_clashes(window)]
    review = start_new_meeting(
        store,
        demo.case_id,
        kind=MeetingKind.REVIEW,
        held_on=TODAY,
        chair_name="Priya Shah",
        chair_role=ChairRole.SOCIAL_WORKER,
        venue="The family home",
    )
    page = window.open_meeting(review)
    for index, step in enumerate(page.steps):
        page.step_list.setCurrentRow(index)
        qtbot.wait(10)
        clashes += [f"{step.title}: {c}" for c in access_key_clashes(window)]
    assert clashes == [], "\n".join(clashes)


def test_every_page_of_the_first_run_setup_has_distinct_keys(qtbot, tmp_path: Path) -> None:
    wizard = FirstRunWizard(store_path=tmp_path / "own.sqlite3", work=2**12)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    clashes = []
    for page_id in wizard.pageIds():
        page = wizard.page(page_id)
        wizard.setStartId(page_id)
        wizard.restart()
        qtbot.wait(10)
        clashes += [f"{page.title()}: {c}" for c in access_key_clashes(wizard)]
    assert clashes == [], "\n".join(clashes)


def test_the_new_case_form_has_distinct_keys(qtbot, tmp_path: Path) -> None:
    store = Store.open(sqlite_url(tmp_path / "cases.sqlite3"))
    try:
        form = CaseForm(store, TODAY)
        qtbot.addWidget(form)
        form.show()
        qtbot.waitExposed(form)
        assert access_key_clashes(form) == []
    finally:
        store.close()
