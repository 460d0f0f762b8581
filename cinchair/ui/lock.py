"""Locking the window: the passphrase at start, the idle lock, and the quick-hide.

The laptop sits open on a kitchen table. After a spell without a key or a pointer
moving (five minutes unless the settings say otherwise), or at Ctrl+L, every record
disappears behind a lock page until the passphrase is given again; the meeting
stays exactly as it was behind it, and record text copied to the clipboard is
cleared. F12 blanks the window at once when someone walks in, and F12 again brings
it back: the chair is still in the room, so no passphrase is asked for that.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.security.backoff import Backoff
from cinchair.security.vault import MIN_PASSPHRASE, VaultProblem, WrongPassphrase
from cinchair.ui import theme

Check = Callable[[str], None]  # raises WrongPassphrase (or VaultProblem) when it is not

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class PassphraseForm(QWidget):
    """A passphrase box with an Unlock button that slows down after wrong tries."""

    accepted = Signal()

    def __init__(self, check: Check, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.backoff = Backoff()
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.unlock_button = QPushButton("&Unlock", self)
        self.unlock_button.setDefault(True)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Unlock message")
        self.message.setStyleSheet(theme.text_style(theme.error_colour()))
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._count_down)

    def try_unlock(self) -> None:
        if self.backoff.wait_left() > 0:
            return
        try:
            self.check(self.passphrase.text())
        except WrongPassphrase:
            delay = self.backoff.failed()
            self.passphrase.selectAll()
            self.message.setText("That passphrase is not right.")
            if delay:
                self._tick.start()
                self._count_down()
            return
        except VaultProblem as exc:
            self.message.setText(str(exc))
            return
        self.backoff.succeeded()
        self.passphrase.clear()
        self.message.clear()
        self.accepted.emit()

    def _count_down(self) -> None:
        left = self.backoff.wait_left()
        waiting = left > 0
        self.unlock_button.setEnabled(not waiting)
        self.passphrase.setReadOnly(waiting)
        if waiting:
            self.message.setText(
                f"That passphrase is not right. Try again in {int(left) + 1} s "
                "(each wrong try waits longer)."
            )
        else:
            self._tick.stop()
            self.message.setText("That passphrase is not right. Try again.")


PASSPHRASE_RULE = (
    f"At least {MIN_PASSPHRASE} characters. A few ordinary words together (e.g. four words "
    "that mean something only to you) are easy to remember and hard to guess. If it is "
    "forgotten, your council's admin can recover the store; nobody else can."
)


class NewPassphraseFields(QWidget):
    """A new passphrase typed twice, with the rule shown and what is still missing.

    Used by the first-run setup, by encrypting an old store and by changing the
    passphrase, so the rule reads the same everywhere. ``problem()`` is None when
    the two entries match and follow the rule.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, label: str = "&New passphrase:") -> None:
        super().__init__(parent)
        self.rule = QLabel(PASSPHRASE_RULE, self)
        self.rule.setWordWrap(True)
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("New passphrase")
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("New passphrase again")
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Passphrase check")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(label, self.first)
        form.addRow("The same &again:", self.second)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rule)
        layout.addLayout(form)
        layout.addWidget(self.state)
        for box in (self.first, self.second):
            box.textChanged.connect(self._show_state)
        self._show_state()

    @property
    def passphrase(self) -> str:
        return self.first.text()

    def problem(self) -> str | None:
        typed = self.first.text()
        if len(typed) < MIN_PASSPHRASE:
            return f"{MIN_PASSPHRASE - len(typed)} more characters needed."
        if self.second.text() != typed:
            return "Type the same passphrase again in the second box."
        return None

    def _show_state(self) -> None:
        problem = self.problem()
        self.state.setText(problem or "✓ The passphrase follows the rule and both match.")
        colour = theme.warning_colour() if problem else theme.good_colour()
        self.state.setStyleSheet(theme.text_style(colour))
        self.changed.emit()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()


class UnlockDialog(QDialog):
    """Asked at start for an encrypted store: the passphrase, or cancel to quit."""

    def __init__(self, check: Check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: unlock")
        self.form = PassphraseForm(
            check,
            "Your case store is encrypted. Type your passphrase to open it.\n"
            "Forgotten it? Ask your council's admin: they can open your store again "
            "with the council's key and help you set a new passphrase. Nothing is lost.",
            self,
        )
        self.form.setMinimumWidth(440)  # the prompt in a few lines, not a narrow column
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.form.accepted.connect(self.accept)
        self.form.passphrase.setFocus()


class LockPage(QWidget):
    """What the window shows while locked: no record, only the way back in."""

    def __init__(self, check: Check, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Locked")
        title = QLabel("cinchair is locked", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.form = PassphraseForm(check, "Type your passphrase to carry on where you were.", self)
        # A width of its own: centred by alignment, a form with a word-wrapped prompt
        # shrinks to its narrowest and the prompt is cut short ("Type your passphrase…").
        self.form.setMinimumWidth(420)
        self.form.setMaximumWidth(520)
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self.form, 4)
        centred.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(centred)
        layout.addStretch(2)


class BlankPage(QWidget):
    """The quick-hide: a plain, empty window, nothing to read over a shoulder."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Hidden")
        self.setAutoFillBackground(True)
        hint = QLabel("F12", self)
        theme.set_role(hint, "hint")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(hint, 0, Qt.AlignmentFlag.AlignRight)


class IdleWatch(QObject):
    """Calls ``on_idle`` after ``minutes`` with no key, pointer or touch in the app."""

    def __init__(self, minutes: float, on_idle: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(max(1, int(minutes * 60_000)))
        self.timer.timeout.connect(on_idle)
        self.timer.start()
        self._watching = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.timer.start()
        return False

    def watch_application(self) -> None:
        """Hear activity anywhere in the app (a dialog over the window counts too).

        The filter sits on the whole application, so it must come off when its window
        closes (``stop_watching``): one left behind runs for every event of every later
        window in the process, and a second window crawls.
        """
        app = QGuiApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        if not self.timer.isActive():
            self.timer.start()

    def stop_watching(self) -> None:
        """Take the filter off the application and stop the countdown (the window closed)."""
        app = QGuiApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
        self._watching = False
        self.timer.stop()


def clear_clipboard() -> None:
    """Forget record text the app put on the clipboard (another app's text is left)."""
    clipboard = QGuiApplication.clipboard()
    if clipboard.ownsClipboard() or clipboard.ownsSelection() or clipboard.text():
        clipboard.clear()
