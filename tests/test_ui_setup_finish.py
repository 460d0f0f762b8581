"""The end of the first-run setup, as a new chair meets it.

A chair who has just made their own store at the end of the setup wants to add a real
case right away: Finish opens their own case list, and the practice window over it when
they asked to practise first. The passphrase page says what is on the laptop when it is
shown, not when the setup was built: IT may install the council's key meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from cinchair.app import paths
from cinchair.sync.council import CouncilPublic, install_council_public
from cinchair.sync.keys.keys import CouncilKeys
from cinchair.ui.app import choose_store, show_chosen
from cinchair.ui.case_actions import PRACTICE_TITLE
from cinchair.ui.dialogs.first_run import FirstRunWizard

TODAY = date(2026, 12, 3)
PASSPHRASE = "river kettle purple lamp"


def _when_wizard_open(then: Callable[[FirstRunWizard], None]) -> None:
    """Run ``then`` on the setup once choose_store has it on screen."""

    def look() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, FirstRunWizard):
            QTimer.singleShot(20, look)
            return
        then(wizard)

    QTimer.singleShot(0, look)


def _to_store_page(wizard: FirstRunWizard) -> None:
    wizard.council.picker.select("north-tyneside")
    wizard.next()
    wizard.chair.name.setText("Sam Reid")
    wizard.next()
    wizard.documents.folder_field.path.setText(str(paths.data_dir().parent / "Documents"))
    wizard.next()
    assert wizard.currentPage() is wizard.store


def _finish_practising_first(wizard: FirstRunWizard) -> None:
    _to_store_page(wizard)
    wizard.store.passphrase.first.setText(PASSPHRASE)
    wizard.store.passphrase.second.setText(PASSPHRASE)
    wizard.next()
    assert wizard.currentPage() is wizard.finish
    assert wizard.finish.demo.isChecked()
    wizard.accept()


@pytest.mark.slow
def test_finish_with_practice_opens_the_chairs_own_store_and_the_practice_over_it(
    qtbot: QtBot,
) -> None:
    install_council_public(CouncilPublic(CouncilKeys.generate().public, None))
    _when_wizard_open(_finish_practising_first)
    chosen = choose_store(TODAY)
    assert chosen is not None
    assert not chosen.demo  # the chair's own store, made just now
    assert chosen.own_path == paths.default_store_path()
    assert chosen.practise_first
    window = show_chosen(chosen, TODAY)
    qtbot.addWidget(window)
    try:
        assert window.isVisible() and window.demo_banner is None
        practice = window.practice_window
        assert practice is not None and practice.isVisible()
        assert practice.demo_banner is not None
        assert practice.windowTitle() == PRACTICE_TITLE
        # as big as the chair's own window (at 1100x650 the case list's columns were cut)
        assert practice.isMaximized() and window.isMaximized()  # a 1366x768 laptop, or less
        # the own window is the real one: a new case goes there
        assert window.case_list.bar.empty_note.isVisible()
        own = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
        assert window in own and practice in own
    finally:
        if window.practice_window is not None:
            window.practice_window.close()
        window.close()
        chosen.store.close()


def test_the_passphrase_page_sees_a_key_installed_while_the_setup_is_open(
    qtbot: QtBot,
) -> None:
    wizard = FirstRunWizard(store_path=paths.default_store_path(), work=2**12)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_store_page(wizard)
    assert wizard.store.council_key is None
    assert "not on this laptop yet" in wizard.store.key.state.text()
    wizard.back()  # IT installs the key meanwhile; the chair goes Back and Next
    installed = install_council_public(CouncilPublic(CouncilKeys.generate().public, None))
    wizard.next()
    assert wizard.store.council_key == installed
    assert "found where your IT team put it" in wizard.store.key.state.text()
    assert wizard.store.passphrase.isEnabled()
