"""Starting a meeting: type, date, venue, chair and role, with the council's chair rules.

The chair's name and role start as the settings say (first-run setup, Preferences):
most meetings on a laptop are chaired by its owner. They can be changed per meeting.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.settings import load_settings
from cinchair.domain import vocabulary as words
from cinchair.meetings import lifecycle as meetings
from cinchair.model import Case, ChairRole, MeetingKind
from cinchair.profiles import get_profile
from cinchair.store.facade import Store
from cinchair.ui import theme


class StartMeetingDialog(QDialog):
    """Asks what the meeting is; shows where the chosen chair does not meet the rules."""

    def __init__(self, store: Store, case_id: str, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.store, self.case_id = store, case_id
        self.meeting_id: str | None = None
        with store.reading() as session:
            case = session.get(Case, case_id)
            self.profile = get_profile(case.profile_id)
            self.circumstances = case.active_circumstances(today)
            has_meetings = bool(case.meetings)
            child = case.child_name
        self.setWindowTitle("Start a meeting")
        self.kind = QComboBox(self)
        for kind, label in words.MEETING_KIND.items():
            self.kind.addItem(label, kind)
        if has_meetings:
            self.kind.setCurrentIndex(self.kind.findData(MeetingKind.REVIEW))
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.day.setDate(QDate(today.year, today.month, today.day))
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
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(theme.text_style(theme.warning_colour(), bold=True))
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
        self.problem.setStyleSheet(theme.text_style(theme.error_colour()))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"{child}: {self.profile.council} ({self.profile.framework_name})"))
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._check)
        self.role.currentIndexChanged.connect(self._check)
        self._check()
        (self.venue if settings.chair_name else self.chair).setFocus()

    def _check(self) -> None:
        warnings = self.profile.chair_warnings(
            self.kind.currentData(), self.role.currentData(), self.circumstances
        )
        self.warning.setText("\n".join(f"Warning: {w}" for w in warnings))

    def start(self) -> None:
        try:
            with self.store.transaction() as session:
                case = session.get(Case, self.case_id)
                started = meetings.start_meeting(
                    session,
                    case,
                    self.profile,
                    kind=MeetingKind(self.kind.currentData()),
                    held_on=self.day.date().toPython(),
                    chair_name=self.chair.text(),
                    chair_role=ChairRole(self.role.currentData()),
                    venue=self.venue.text().strip() or None,
                )
                session.flush()
                self.meeting_id = started.meeting.id
        except ValueError as exc:
            self.problem.setText(str(exc).capitalize())
            self.chair.setFocus()
            return
        self.accept()
