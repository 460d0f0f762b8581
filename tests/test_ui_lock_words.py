"""The lock screen's words are whole on a laptop screen, and a forgotten passphrase
sends the chair to a person, not to a terminal."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cinchair.ui.lock import LockPage, UnlockDialog


def _accept_any(_typed: str) -> None:
    """A check that never refuses: only the words are looked at here."""


def test_the_lock_page_prompt_is_not_cut_off(qtbot: QtBot) -> None:
    page = LockPage(_accept_any)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    prompt = page.form.prompt
    needed = prompt.fontMetrics().horizontalAdvance(prompt.text())
    # on one line, or wrapped with the height the wrapped lines need
    assert prompt.width() >= needed or prompt.height() >= prompt.heightForWidth(prompt.width())
    assert prompt.width() >= 320
    assert page.form.passphrase.width() >= 240


def test_a_forgotten_passphrase_is_for_the_councils_admin_not_a_terminal(qtbot: QtBot) -> None:
    dialog = UnlockDialog(_accept_any)
    qtbot.addWidget(dialog)
    words = dialog.form.prompt.text()
    assert "cinchair store" not in words and "command" not in words
    assert "council's admin" in words
    assert "council's key" in words
