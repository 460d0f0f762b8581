"""The agenda's closing pages: the SMART plan, the outcome, and the chair's sign-off."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cinchair.domain import vocabulary as words
from cinchair.domain.agenda import AgendaStep
from cinchair.domain.smart import Severity
from cinchair.meetings import new_rows, views
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.tables import RowsOf
from cinchair.model import PlanAction, PlanOutcome, PlanVersion
from cinchair.profiles import Profile
from cinchair.ui.meeting.pages import Page, ensure_plan
from cinchair.ui.meeting.plan_findings import FindingsList, RowFindingsLine
from cinchair.ui.meeting.row_model import Field
from cinchair.ui.meeting.rows import RowTable
from cinchair.ui.widgets.date_field import DateField
from cinchair.ui.widgets.spell import install_spelling
from cinchair.ui.widgets.wide import SideBySide

SAVE_DELAY_MS = 400  # typing pauses this long, then the text is saved


class PlanPage(Page):
    """Outcomes and actions, the plan's particulars, and SMART findings as the chair types."""

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        ensure_plan(draft, profile)
        self.plan_id = draft.read(views.plan_particulars).plan_id

        self.outcomes = RowTable(
            draft,
            PlanOutcome,
            [
                Field("need", "Need", stretch=True),
                Field("outcome", "Outcome for the child", stretch=True),
                Field("progress_measure", "How we will know", stretch=True),
            ],
            lambda: RowsOf("outcomes"),
            new_rows.plan_outcome,
            noun="outcome",
            parent=self,
        )

        self.action_table = RowTable(
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
            lambda: RowsOf("actions", self.outcomes.current_id()),
            new_rows.plan_action(None),
            noun="action",
            add_label="Add ac&tion",
            parent=self,
        )
        self.action_table.model.dataChanged.connect(self._owner_chosen)
        self.outcomes.view.selectionModel().currentRowChanged.connect(self._outcome_chosen)
        self.tables += [self.outcomes, self.action_table]

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
        left.addRow("Plan end tar&get:", self.end)
        right = QFormLayout()
        right.addRow("Conti&ngency plan:", self.contingency)
        particulars = QHBoxLayout()
        particulars.addLayout(left, 1)
        particulars.addLayout(right, 1)
        self.findings = FindingsList(self)
        self.row_findings = RowFindingsLine([self.outcomes, self.action_table], self)

        # outcomes over actions, with a handle the chair can drag
        outcomes_box, actions_box = QWidget(self), QWidget(self)
        for box, caption, table in (
            (outcomes_box, "Outcomes (choose one to see its actions):", self.outcomes),
            (actions_box, "Actions for the chosen outcome:", self.action_table),
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
        # on a wide screen the outcomes sit beside the chosen outcome's actions
        self.side_by_side = SideBySide(self, tables)
        self.layout_.addWidget(tables, 1)
        self.layout_.addWidget(self.row_findings)
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
        # the sheet greys a read-only spin box by its property, read when it is polished
        self.visits.style().unpolish(self.visits)
        self.visits.style().polish(self.visits)
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
        """The people and the chair an action may be given to (the core's list)."""
        return self.draft.read(views.action_owners)

    def _outcome_chosen(self, *_rows: object) -> None:
        """Show the chosen outcome's actions; a new action is added to it."""
        self.action_table.make_row = new_rows.plan_action(self.outcomes.current_id())
        self.action_table.model.reload()

    def _owner_chosen(self, first: Any, _last: Any, *_roles: Any) -> None:
        """A person chosen to own an action lends it their role or agency, unless typed."""
        field = self.action_table.model.fields[first.column()]
        if field.attr != "owner_name":
            return
        action_id = self.action_table.model.row_id(first.row())
        role = self.draft.read(views.role_for_owner(action_id))
        if role:
            self.draft.set(PlanAction, action_id, owner_role=role)
            self.action_table.model.reload()
            self.action_table.select(action_id, first.column())

    def refresh(self) -> None:
        super().refresh()
        if self.outcomes.model.rowCount() and not self.outcomes.view.currentIndex().isValid():
            self.outcomes.view.setCurrentIndex(self.outcomes.model.index(0, 0))

        plan = self.draft.read(views.plan_particulars)
        lead, role = plan.lead_professional_name, plan.lead_professional_role
        days, contingency, end = plan.visit_every_days, plan.contingency_plan, plan.plan_end_target
        self._loading = True
        for widget, value in ((self.lead, lead), (self.lead_role, role)):
            if not widget.hasFocus():
                widget.setText(value or "")
                widget.setCursorPosition(0)  # a long role reads from its start, not its end
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
        if self.plan_id is not None:  # a signed meeting with no plan has nothing to save
            self.draft.set(PlanVersion, self.plan_id, **values)
        self.show_findings()
        self.unsaved_changed.emit()

    def unsaved(self) -> list[str]:
        problem = self.end.error()
        return super().unsaved() + ([f"Plan end target: {problem}"] if problem else [])

    def show_findings(self) -> None:
        """SMART findings: each beside the row it concerns, and all of them in the list."""
        found = [
            (f.severity, f.message, f.target_id)
            for f in self.draft.read(views.smart_findings(self.profile))
        ]
        by_row: dict[str, list[str]] = {}
        for severity, message, target in found:
            if target:
                mark = "Problem" if severity is Severity.PROBLEM else "Advice"
                by_row.setdefault(target, []).append(f"{mark}: {message}")
        self.outcomes.model.set_findings(by_row)
        self.action_table.model.set_findings(by_row)
        lines = [
            f"{'Problem' if severity is Severity.PROBLEM else 'Advice'}: {message}"
            for severity, message, _target in found
        ]
        self.findings.show_lines(lines or ["No problems: the plan is specific, owned and dated."])
        self.row_findings.show_row()
