"""The chair's pad names the role as a person would: "Social Worker", under "Sign off as chair".

The pad once showed Role: "chair (Social Worker)"; what is stored (and printed on the
documents and the sign-off list) stays "Jo Whitfield, chair (Social Worker)".
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from cinchair.meetings.signing import chair_role, role_as_chair
from cinchair.model import SignatureStatus, SignedDocument
from cinchair.ui.widgets.signature_pad import Answer, SignatureDialog


def test_the_role_words_go_both_ways() -> None:
    assert chair_role("Social Worker") == "chair (Social Worker)"
    assert role_as_chair("chair (Social Worker)") == "Social Worker"
    assert role_as_chair("Team Manager") == "Team Manager"  # typed by hand: left alone


def test_the_chairs_pad_shows_the_role_and_stores_it_as_the_documents_print_it(
    qtbot: QtBot,
) -> None:
    saved: list[Answer] = []
    dialog = SignatureDialog(
        name="Jo Whitfield",
        role="chair (Social Worker)",
        documents=[SignedDocument.MINUTES],
        save=saved.append,
        chair=True,
    )
    qtbot.addWidget(dialog)
    assert dialog.role.text() == "Social Worker"
    assert "chair" not in dialog.role.text().casefold()
    dialog._give(SignatureStatus.SIGNED)
    assert [answer.role for answer in saved] == ["chair (Social Worker)"]


def test_a_parents_pad_keeps_their_role_as_it_is(qtbot: QtBot) -> None:
    saved: list[Answer] = []
    dialog = SignatureDialog(
        name="Anna Kowalska", role="Mother", documents=[SignedDocument.MINUTES], save=saved.append
    )
    qtbot.addWidget(dialog)
    assert dialog.role.text() == "Mother"
    dialog._give(SignatureStatus.SIGNED)
    assert [answer.role for answer in saved] == ["Mother"]
