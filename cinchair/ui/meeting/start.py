"""Starting a meeting: type, date, venue, chair and role, with the council's chair rules.

The chair's name and role start as the settings say (first-run setup, Preferences):
most meetings on a laptop are chaired by its owner. They can be changed per meeting.
Where the chosen chair does not meet the council's rules the dialog says so in one
line, with the policy behind it a "Why?" away: a warning, not a wall of text.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.errors import ActionableError
from cinchair.app.settings import load_settings
from cinchair.domain import vocabulary as words
from cinchair.domain.bidi import isolate
from cinchair.domain.dates import UkDateError
from cinchair.meetings.starting import (
    ChairWarning,
    chair_warnings,
    start_choices,
    start_new_meeting,
)
from cinchair.model import ChairRole, MeetingKind
from cinchair.profiles.labels import council_with_approach
from cinchair.store.facade import Store
from cinchair.ui import theme
from cinchair.ui.widgets.date_field import DateField


class StartMeetingDialog(QDialog):
    """Asks what the meeting is; shows where the chosen chair does not meet the rules."""

    def __init__(self, store: Store, case_id: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.case_id = store, case_id
        self.meeting_id: str | None = None
        choices = start_choices(store, case_id, today)
        self.profile, self.circumstances = choices.profile, choices.circumstances
        self.warnings: list[ChairWarning] = []
        self.setWindowTitle("Start a meeting")
        self.kind = QComboBox(self)
        for kind, label in words.MEETING_KIND.items():
            self.kind.addItem(label, kind)
        self.kind.setCurrentIndex(self.kind.findData(choices.suggested_kind))
        self.day = DateField(self, optional=False, accessible_name="Meeting date")
        self.day.set_date(today)
        self.venue = QLineEdit(self)
        self.venue.setPlaceholderText("e.g. the family home")
        settings = load_settings()
        self.chair = QLineEdit(settings.chair_name, self)
        self.chair.setAccessibleName("Chair's name")
        self.role = QComboBox(self)
        self.role.setAccessibleName("Chair's role")
        for role, label in words.CHAIR_ROLE.items():
            self.role.addItem(label, role)
        if settings.role is not None:
            self.role.setCurrentIndex(self.role.findData(settings.role))
        # one line in the warning colour, and the policy behind it on request
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(theme.text_style(theme.warning_colour()))
        self.why = QPushButton("&Why?", self)
        self.why.setAutoDefault(False)
        self.why.setToolTip("The council's rule and the words of its procedure")
        self.why.clicked.connect(self.explain)
        warning_row = QHBoxLayout()
        warning_row.addWidget(self.warning, 1)
        warning_row.addWidget(self.why)
        form = QFormLayout()
        form.addRow("&Meeting:", self.kind)
        form.addRow("&Date:", self.day)
        form.addRow("&Venue:", self.venue)
        form.addRow("&Chair's name:", self.chair)
        form.addRow("Chair's &role:", self.role)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start meeting")
        buttons.accepted.connect(self.start)
        buttons.rejected.connect(self.reject)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(theme.text_style(theme.error_colour()))
        layout = QVBoxLayout(self)
        # the name isolated: a right-to-left name must not pull the colon and council along
        header = QLabel(f"{isolate(choices.child_name)}: {council_with_approach(self.profile)}")
        header.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(header)
        layout.addLayout(form)
        layout.addLayout(warning_row)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._check)
        self.role.currentIndexChanged.connect(self._check)
        self._check()
        (self.venue if settings.chair_name else self.chair).setFocus()

    def _check(self) -> None:
        self.warnings = chair_warnings(
            self.profile,
            MeetingKind(self.kind.currentData()),
            ChairRole(self.role.currentData()),
            self.circumstances,
        )
        self.warning.setText(" ".join(f"⚠ {w.line}" for w in self.warnings))
        self.warning.setVisible(bool(self.warnings))
        self.why.setVisible(any(w.why for w in self.warnings))

    def explain(self) -> QMessageBox:
        """The policy behind the warning, in the council's own words."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Who chairs this meeting",
            "\n\n".join(w.line for w in self.warnings),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setInformativeText("\n\n".join(w.why for w in self.warnings if w.why))
        box.open()
        return box

    def start(self) -> None:
        try:
            held_on = self.day.date()
        except UkDateError as problem:
            self.day.show_error(str(problem))
            self.problem.setText(f"Date: {problem}")
            self.day.setFocus()
            return
        if held_on is None:
            return  # a required field: date() raises rather than returning None
        try:
            self.meeting_id = start_new_meeting(
                self.store,
                self.case_id,
                kind=MeetingKind(self.kind.currentData()),
                held_on=held_on,
                chair_name=self.chair.text(),
                chair_role=ChairRole(self.role.currentData()),
                venue=self.venue.text(),
            )
        except ActionableError as exc:  # MeetingRefused: what to put right, in words
            message = str(exc)
            self.problem.setText(message[:1].upper() + message[1:])
            self.chair.setFocus()
            return
        self.accept()
