"""Signing on the sign-off page with simulated pointers: mouse, pen and finger."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cinchair.domain.agenda import StepKind
from cinchair.domain.bidi import plain
from cinchair.meetings.lifecycle import record_decision
from cinchair.model import Contribution, Meeting, MeetingStatus, SignatureStatus, SignedDocument
from cinchair.profiles import get_profile
from cinchair.record import content_fingerprint
from cinchair.ui.app import make_main_window
from cinchair.ui.widgets.signature_pad import SignatureDialog
from tests.test_signing import PARENT
from tests.test_signing import draft as signing_draft  # noqa: F401  (the fixture)

TODAY = date(2026, 9, 8)


@pytest.fixture
def sign_off(qtbot, store, signing_draft):  # noqa: F811
    window = make_main_window(store, today=TODAY)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    page = window.open_meeting(signing_draft.meeting_id)
    index = page.step_index(StepKind.SIGN_OFF)
    page.go(index)
    return window, page, page.page(index)


def _row(sign_off, name: str) -> int:
    return next(i for i, s in enumerate(sign_off.states) if s.signer.name == name)


def _draw(qtbot, pad, points: list[tuple[int, int]]) -> None:
    """A stroke with the mouse: press, moves, release, as QTest sends them."""
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        QTest.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


def _pen(pad, points: list[tuple[int, int]]) -> None:
    """A stroke with a pen: tablet press, moves and release."""
    device = QPointingDevice.primaryPointingDevice()
    kinds = [QEvent.Type.TabletPress] + [QEvent.Type.TabletMove] * (len(points) - 2)
    for kind, (x, y) in zip([*kinds, QEvent.Type.TabletRelease], points, strict=True):
        local = QPointF(x, y)
        event = QTabletEvent(
            kind,
            device,
            local,
            QPointF(pad.mapToGlobal(local)),
            0.6,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton
            if kind != QEvent.Type.TabletRelease
            else Qt.MouseButton.NoButton,
        )
        QApplication.sendEvent(pad, event)


def _finger(pad, points: list[tuple[int, int]]) -> None:
    """A stroke with a finger: touch begin, updates and end (points given on the pad)."""
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(*points[0]), pad).commit()
    for x, y in points[1:]:
        QTest.touchEvent(pad, device).move(0, QPoint(x, y), pad).commit()
    QTest.touchEvent(pad, device).release(0, QPoint(*points[-1]), pad).commit()


def test_a_parent_signs_with_mouse_pen_and_finger(qtbot, store, sign_off) -> None:
    _window, page, sign = sign_off
    sign.table.selectRow(_row(sign, PARENT))
    dialog = sign.dialog_for(sign.selected(), start_with_reason=False)
    qtbot.addWidget(dialog)
    dialog.resize(900, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    pad = dialog.pad
    assert not dialog.accept_button.isEnabled()  # nothing drawn: nothing to accept

    rect = pad.pad_rect()
    mouse = [(int(rect.left() + 40), int(rect.top() + 60)), (int(rect.left() + 160), 90)]
    mouse.append((int(rect.left() + 260), int(rect.top() + 140)))
    _draw(qtbot, pad, mouse)
    assert dialog.accept_button.isEnabled()
    # Clear and Undo before accepting
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert pad.is_empty() and not dialog.accept_button.isEnabled()
    _draw(qtbot, pad, mouse)
    _pen(pad, [(int(rect.left() + 300), 100), (int(rect.left() + 330), 120), (450, 130)])
    _finger(pad, [(int(rect.left() + 100), 150), (int(rect.left() + 200), 160)])
    assert len(pad.strokes()) == 3
    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)  # the finger's stroke
    assert len(pad.strokes()) == 2
    _finger(pad, [(int(rect.left() + 100), 150), (int(rect.left() + 200), 160)])
    expected = pad.strokes()
    assert expected[0][0] == pytest.approx(pad.to_pad(QPointF(*mouse[0])))
    assert all(0 <= x <= 600 and 0 <= y <= 200 for stroke in expected for x, y in stroke)
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SignatureDialog.DialogCode.Accepted

    def read(session, meeting):
        return content_fingerprint(session, meeting.id), [
            (s.document, s.status, s.strokes, s.image_png, s.content_sha256)
            for s in meeting.signatures
        ]

    now, rows = page.draft.read(read)
    assert sorted(r[0] for r in rows) == [SignedDocument.MINUTES, SignedDocument.PLAN]
    for _doc, status, strokes, png, fingerprint in rows:
        assert status is SignatureStatus.SIGNED and fingerprint == now
        assert len(strokes) == 3
        for stored, drawn in zip(strokes, expected, strict=True):
            assert stored == [
                [pytest.approx(x, abs=0.06), pytest.approx(y, abs=0.06)] for x, y in drawn
            ]
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.getchannel("A").getextrema()[1] == 255
    sign.refresh()
    cells = [sign.table.item(_row(sign, PARENT), c).text() for c in (1, 2)]
    assert all(text.startswith("Signed ") for text in cells)

    # a change to the record after signing shows against the signature
    point = page.draft.read(lambda _s, m: m.contributions[0].id)
    page.draft.set(Contribution, point, text="Mornings are calmer <most> days & {{ all }}")
    sign.refresh()
    cell = sign.table.item(_row(sign, PARENT), 1).text()
    assert "Signed an earlier version" in cell and cell.startswith("⚠")
    assert f"Signed an earlier version: {PARENT}" in plain(sign.state.text())


def test_declined_needs_a_reason_and_later_shows_on_the_case_list(qtbot, store, sign_off) -> None:
    window, page, sign = sign_off
    sign.table.selectRow(_row(sign, PARENT))
    dialog = sign.dialog_for(sign.selected(), start_with_reason=True)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.decline_button, Qt.MouseButton.LeftButton)
    assert "Say why" in dialog.message.text() and dialog.result() == 0
    assert page.draft.read(lambda _s, m: m.signatures) == []
    qtbot.keyClicks(dialog.reason, "Does not agree with action 1.1")
    dialog.reason.setText(dialog.reason.text() + " 😟")  # QTest cannot type astral characters
    qtbot.mouseClick(dialog.decline_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SignatureDialog.DialogCode.Accepted

    sign.table.selectRow(_row(sign, "Tom Nowak"))
    later = sign.dialog_for(sign.selected(), start_with_reason=True)
    qtbot.addWidget(later)
    later.document_boxes[SignedDocument.PLAN].setChecked(False)
    qtbot.mouseClick(later.later_button, Qt.MouseButton.LeftButton)
    sign.refresh()
    tom = _row(sign, "Tom Nowak")
    assert sign.table.item(tom, 1).text() == "To sign later"
    assert sign.table.item(tom, 2).text() == "Not yet"
    assert sign.table.item(_row(sign, PARENT), 1).text() == (
        "Declined: Does not agree with action 1.1 😟"
    )

    window.close_meeting()
    model = window.case_list.model
    (row,) = model.rows
    assert row.to_sign_later == ("Tom Nowak",)
    text = model.data(model.index(0, 6))
    assert text.endswith("1 to sign later")
    assert "Tom Nowak" in model.data(model.index(0, 6), Qt.ItemDataRole.ToolTipRole)


def test_the_chair_signs_last_and_that_signs_off(qtbot, store, sign_off) -> None:
    _window, page, sign = sign_off
    profile = get_profile("north-tyneside")
    assert sign.sign.isEnabled()
    page.draft.change(
        lambda _s, m: record_decision(
            m, profile, option_key="continue", rationale="Steady", decided_by="Chair Person"
        )
    )
    sign.refresh()
    seen: dict[str, str] = {}

    def chair_signs() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignatureDialog)
        seen["note"] = dialog.note.text()
        assert not dialog.decline_button.isVisible()  # the chair signs; no refusing here
        rect = dialog.pad.pad_rect()
        _draw(qtbot, dialog.pad, [(int(rect.left()) + 30, 80), (int(rect.left()) + 200, 120)])
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, chair_signs)
    qtbot.mouseClick(sign.sign, Qt.MouseButton.LeftButton)
    assert PARENT in seen["note"] and "to sign later" in seen["note"]
    with store.reading() as session:
        meeting = session.get(Meeting, page.draft.meeting_id)
        assert meeting.status is MeetingStatus.SIGNED and meeting.plan_version.is_agreed
        answers = {(s.signer_name, s.document): s.status for s in meeting.signatures}
    assert answers[("Chair Person", SignedDocument.MINUTES)] is SignatureStatus.SIGNED
    assert answers[(PARENT, SignedDocument.PLAN)] is SignatureStatus.TO_SIGN_LATER
    assert "Signed off by Chair Person" in plain(sign.state.text())
    assert not sign.sign.isEnabled()
    # after sign-off, someone marked later can still sign; the chair's row cannot
    sign.table.selectRow(_row(sign, PARENT))
    assert sign.sign_person.isEnabled()
    sign.table.selectRow(_row(sign, "Chair Person"))
    assert not sign.sign_person.isEnabled()


def test_once_signed_off_the_meeting_page_and_documents_say_signed(qtbot, store, sign_off) -> None:
    from PySide6.QtWidgets import QLabel

    from tests.signing_kit import sign_off_as_chair

    _window, page, sign = sign_off
    page.draft.change(
        lambda _s, m: record_decision(
            m,
            get_profile("north-tyneside"),
            option_key="continue",
            rationale="Steady",
            decided_by="Chair Person",
        )
    )
    sign.refresh()
    assert "Ctrl+Z" in page.saved.text()
    sign_off_as_chair(qtbot, sign)
    assert "Ctrl+Z" not in page.saved.text()
    assert "Signed" in page.saved.text()
    assert not page.undo_action.isEnabled() and not page.redo_action.isEnabled()
    dialog = page.write_documents()
    qtbot.addWidget(dialog)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Not signed yet" not in said
    assert "Signed: these are the final minutes" in said
    dialog.reject()
