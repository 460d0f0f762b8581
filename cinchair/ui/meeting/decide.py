"""The agenda's closing pages: the SMART plan, the outcome, and the chair's sign-off."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cinchair.domain import vocabulary as words
from cinchair.domain.agenda import AgendaStep
from cinchair.domain.smart import Severity, check_plan
from cinchair.meetings.draft import MeetingDraft
from cinchair.model import Meeting, PlanAction, PlanOutcome, PlanVersion
from cinchair.profiles import Profile
from cinchair.ui.meeting.pages import Page, ensure_plan
from cinchair.ui.meeting.rows import Field, RowTable
from cinchair.ui.widgets.date_field import DateField
from cinchair.ui.widgets.spell import install_spelling

SAVE_DELAY_MS = 400  # typing pauses this long, then the text is saved


class PlanPage(Page):
    """Outcomes and actions, the plan's particulars, and SMART findings as the chair types."""

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        ensure_plan(draft, profile)
        self.plan_id = draft.read(lambda _s, m: m.plan_version.id if m.plan_version else None)

        def make_outcome(_s: Any, meeting: Meeting) -> PlanOutcome:
            return PlanOutcome(
                plan_version_id=meeting.plan_version.id,
                sort_order=len(meeting.plan_version.outcomes),
            )

        self.outcomes = RowTable(
            draft,
            PlanOutcome,
            [
                Field("need", "Need", stretch=True),
                Field("outcome", "Outcome for the child", stretch=True),
                Field("progress_measure", "How we will know", stretch=True),
            ],
            lambda _s, m: list(m.plan_version.outcomes) if m.plan_version else [],
            make_outcome,
            noun="outcome",
            parent=self,
        )

        def make_action(_s: Any, meeting: Meeting) -> PlanAction:
            outcome_id = self.outcomes.current_id()
            if outcome_id is None:
                raise ValueError("choose the outcome this action serves first")
            outcome = next(o for o in meeting.plan_version.outcomes if o.id == outcome_id)
            return PlanAction(outcome_id=outcome_id, what="", sort_order=len(outcome.actions))

        self.actions = RowTable(
            draft,
            PlanAction,
            [
                Field("what", "What will happen", stretch=True),
                Field("owner_name", "Who", "choice", self._owners),
                Field("owner_role", "Role or agency"),
                Field("due_on", "By when", "date"),
                Field(
                    "status",
                    "Status",
                    "choice",
                    lambda: [(v, k) for k, v in words.ACTION_STATUS.items()],
                ),
            ],
            self._actions_of_current,
            make_action,
            noun="action",
            parent=self,
        )
        self.outcomes.view.selectionModel().currentRowChanged.connect(
            lambda *_: self.actions.model.reload()
        )
        self.tables += [self.outcomes, self.actions]

        self.lead = QLineEdit(self)
        self.lead_role = QLineEdit(self)
        self.visits = QSpinBox(self)
        self.visits.setRange(0, 365)
        self.visits.setSpecialValueText("not set")
        self.visits.setSuffix(" days")
        # "every 1 day", not "every 1 days"
        self.visits.valueChanged.connect(
            lambda days: self.visits.setSuffix(" day" if days == 1 else " days")
        )
        self.contingency = QPlainTextEdit(self)
        self.contingency.setTabChangesFocus(True)
        self.contingency.setAccessibleName("Contingency plan")
        install_spelling(self.contingency, draft)
        # typed the UK way and kept as typed: an unreadable date is refused in words
        self.end = DateField(self, accessible_name="Plan end target")
        # the calendar is F4 from the date; Tab goes on down the page
        self.end.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # the plan's particulars in two columns, so the tables keep the height
        left = QFormLayout()
        left.addRow("&Lead professional:", self.lead)
        left.addRow("Their &role:", self.lead_role)
        left.addRow("&Visit the child at least every:", self.visits)
        left.addRow("Plan &end target:", self.end)
        right = QFormLayout()
        right.addRow("&Contingency plan:", self.contingency)
        particulars = QHBoxLayout()
        particulars.addLayout(left, 1)
        particulars.addLayout(right, 1)
        self.findings = QListWidget(self)
        self.findings.setAccessibleName("SMART findings")
        self.findings.setWordWrap(True)

        # outcomes over actions, with a handle the chair can drag
        outcomes_box, actions_box = QWidget(self), QWidget(self)
        for box, caption, table in (
            (outcomes_box, "Outcomes (choose one to see its actions):", self.outcomes),
            (actions_box, "Actions for the chosen outcome:", self.actions),
        ):
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(QLabel(caption, box))
            column.addWidget(table, 1)
        tables = QSplitter(Qt.Orientation.Vertical, self)
        tables.addWidget(outcomes_box)
        tables.addWidget(actions_box)
        tables.setChildrenCollapsible(False)
        tables.setStretchFactor(0, 1)
        tables.setStretchFactor(1, 1)
        self.layout_.addWidget(tables, 1)
        self.layout_.addLayout(particulars)
        self.layout_.addWidget(QLabel("SMART check (fix problems before the plan is agreed):"))
        self.layout_.addWidget(self.findings)
        self.contingency.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        # Tab follows the page as read: down the left column, then the contingency plan
        for first, then in (
            (self.lead, self.lead_role),
            (self.lead_role, self.visits),
            (self.visits, self.end.line),
            (self.end.line, self.contingency),
            (self.contingency, self.findings),
        ):
            QWidget.setTabOrder(first, then)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_fields)
        self._loading = False
        for edit in (self.lead, self.lead_role):
            edit.textEdited.connect(self._typed)
        self.contingency.textChanged.connect(self._typed)
        self.visits.valueChanged.connect(self._typed)
        self.end.date_committed.connect(self._typed)
        self.end.line.textEdited.connect(self._typed)
        # read-only rather than disabled: a signed plan stays readable in a bright room
        for widget in (self.lead, self.lead_role, self.visits, self.end.line, self.contingency):
            widget.setReadOnly(self.final)
        self.end.calendar_button.setEnabled(not self.final)
        draft.listeners.append(self.show_findings)  # re-check after every saved edit
        self.refresh()

    def _typed(self, *_args: object) -> None:
        """A change by the chair (not by loading): save after a short pause."""
        if not self._loading:
            self._timer.start()

    def flush(self) -> None:
        """Save now anything typed and not yet saved (leaving the page or the meeting)."""
        if self._timer.isActive():
            self._timer.stop()
            self.save_fields()

    def _owners(self) -> list[tuple[str, str | None]]:
        """An action's owner is stored by name, so the picker offers the participants' names."""
        names = self.draft.read(lambda _s, m: [p.name for p in m.participants])
        return [("not set", None), *((name, name) for name in names)]

    def _actions_of_current(self, _s: Any, meeting: Meeting) -> list[PlanAction]:
        outcome_id = self.outcomes.current_id()
        if meeting.plan_version is None or outcome_id is None:
            return []
        return next(
            (list(o.actions) for o in meeting.plan_version.outcomes if o.id == outcome_id), []
        )

    def refresh(self) -> None:
        super().refresh()
        if self.outcomes.model.rowCount() and not self.outcomes.view.currentIndex().isValid():
            self.outcomes.view.setCurrentIndex(self.outcomes.model.index(0, 0))

        def read(_s: Any, meeting: Meeting) -> tuple:
            p = meeting.plan_version
            return (
                p.lead_professional_name,
                p.lead_professional_role,
                p.visit_every_days,
                p.contingency_plan,
                p.plan_end_target,
            )

        lead, role, days, contingency, end = self.draft.read(read)
        self._loading = True
        for widget, value in ((self.lead, lead), (self.lead_role, role)):
            if not widget.hasFocus():
                widget.setText(value or "")
        self.visits.setValue(days or 0)
        if not self.contingency.hasFocus():
            self.contingency.setPlainText(contingency or "")
        if not self.end.line.hasFocus():
            self.end.set_date(end)
        self._loading = False
        self.show_findings()

    def save_fields(self) -> None:
        values: dict[str, object] = {
            "lead_professional_name": self.lead.text().strip() or None,
            "lead_professional_role": self.lead_role.text().strip() or None,
            "visit_every_days": self.visits.value() or None,
            "contingency_plan": self.contingency.toPlainText().strip() or None,
        }
        # an end date still being typed, or unreadable, is not saved as some other date:
        # the field says what is wrong and the rest of the plan is saved meanwhile
        if not self.end.error():
            values["plan_end_target"] = self.end.date()
        elif not self.end.line.hasFocus():
            self.end.show_error(self.end.error())
        self.draft.set(PlanVersion, self.plan_id, **values)
        self.show_findings()

    def show_findings(self) -> None:
        """SMART findings: each beside the row it concerns, and all of them in the list."""
        found = self.draft.read(
            lambda _s, m: [
                (f.severity, f.message, f.target_id)
                for f in check_plan(m.plan_version, self.profile, m.held_on)
            ]
        )
        by_row: dict[str, list[str]] = {}
        for severity, message, target in found:
            if target:
                mark = "Problem" if severity is Severity.PROBLEM else "Advice"
                by_row.setdefault(target, []).append(f"{mark}: {message}")
        self.outcomes.model.set_findings(by_row)
        self.actions.model.set_findings(by_row)
        found = [(severity, message) for severity, message, _t in found]
        self.findings.clear()
        if not found:
            self.findings.addItem("No problems: the plan is specific, owned and dated.")
        for severity, message in found:
            mark = "Problem" if severity is Severity.PROBLEM else "Advice"
            self.findings.addItem(f"{mark}: {message}")
        # as tall as what it says (up to four lines), leaving the rest to the tables
        rows = range(min(self.findings.count(), 4))
        height = sum(self.findings.sizeHintForRow(row) for row in rows)
        self.findings.setFixedHeight(height + 2 * self.findings.frameWidth() + 4)
