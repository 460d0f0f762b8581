"""Case > Receive cases…: take in a case pack the council made for this laptop.

The chair chooses the ``.cinpack`` file; the core checks it (sealed to this laptop, signed
by this laptop's council, nothing changed) and takes its cases in
(``cinchair.sync.packs.laptop_receive.receive_pack_file``, as ``cinchair receive``). The
dialog then says, in words, which cases are new, which gained meetings, and any clash,
where this laptop's own copy was kept. A refused pack changes nothing, and says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.store.facade import Store
from cinchair.sync.keys.keys import KeyProblem
from cinchair.sync.packs.format import PackRefused
from cinchair.sync.packs.laptop_receive import receive_pack_file
from cinchair.sync.packs.receive import ReceiveResult
from cinchair.ui import theme

if TYPE_CHECKING:
    from cinchair.ui.main_window import MainWindow


class ReceiveCasesDialog(QDialog):
    """Choose the pack; see what was added, what was gained and what clashed."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: receive cases from the council")
        self.setAccessibleName("Receive cases from the council")
        self.store = store
        self.received: ReceiveResult | None = None
        intro = QLabel(
            "The council admin makes a case pack for this laptop when a case comes to you. "
            "Choose the .cinpack file: new cases appear in your list, and cases you hold "
            "gain what they lack. Nothing you have typed is overwritten.",
            self,
        )
        intro.setWordWrap(True)
        self.choose = QPushButton("&Choose the case pack file…", self)
        self.choose.setAccessibleName("Choose the case pack file")
        self.choose.clicked.connect(self.choose_file)
        self.outcome = QLabel("No case pack taken in yet.", self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("What the case pack did")
        self.clashes = QLabel("", self)
        self.clashes.setWordWrap(True)
        self.clashes.setAccessibleName("Clashes with what is on this laptop")
        theme.set_role(self.clashes, "error")
        self.clashes.hide()
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Case by case: added, gained and clashes")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.choose)
        layout.addWidget(self.outcome)
        layout.addWidget(self.clashes)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(660, 440)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "The case pack from the council", "", "Case packs (*.cinpack);;All files (*)"
        )
        if name:
            self.receive(Path(name))

    def receive(self, path: Path) -> bool:
        """Check and take in the pack at ``path``; what happened is shown in words."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = receive_pack_file(self.store, path)
        except PackRefused as exc:
            self._refused(f"The case pack was not taken in: {exc.message}")
            return False
        except KeyProblem as exc:
            self._refused(f"The case pack was not taken in: {exc}.")
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.received = result
        new, gained = len(result.new_cases), len(result.gained)
        self.outcome.setText(
            f"Taken in from {result.made_by}: {new} new case(s), {gained} case(s) gained "
            "meetings they lacked."
        )
        if result.clashes:
            self.clashes.setText(
                f"{len(result.clashes)} clash(es) with what is on this laptop: "
                + " ".join(result.clashes)
            )
            self.clashes.show()
        else:
            self.clashes.hide()
        self.details.setPlainText("\n".join(result.lines()))
        return True

    def _refused(self, words: str) -> None:
        self.received = None
        self.outcome.setText(words)
        self.clashes.hide()
        self.details.setPlainText("Nothing on this laptop was changed.")


def receive_cases(window: MainWindow) -> None:
    """Case > Receive cases…: the dialog, then the case list shows what arrived."""
    ReceiveCasesDialog(window.store, window).exec()
    window.case_list.reload()
