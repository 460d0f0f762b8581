"""Signing in UI tests: the chair's signature drawn on the pad of the modal sign-off dialog."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from cinchair.ui.widgets.signature_pad import SignatureDialog


def sign_off_as_chair(qtbot, sign_page) -> None:
    """Click "Sign off as chair", draw a mark with the mouse and accept it."""

    def draw_and_accept() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignatureDialog), dialog
        pad = dialog.pad
        left, top = int(pad.pad_rect().left()), int(pad.pad_rect().top())
        qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(left + 30, top + 60))
        QTest.mouseMove(pad, QPoint(left + 120, top + 30))
        qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(left + 200, top + 80))
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, draw_and_accept)
    qtbot.mouseClick(sign_page.sign, Qt.MouseButton.LeftButton)
