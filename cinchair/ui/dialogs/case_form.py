"""New case and Case details: the child's case typed in, checked field by field.

One form for both. What is checked, and the words of every refusal, come from
``cinchair.cases.editing`` (the same checks as ``cinchair case new``); the form
shows each message under the field it is about and keeps everything typed, so a
mistake costs one correction, never retyping. A case reference the council
already has on this laptop is refused with the offer to open the existing case.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cinchair.cases.editing import (
    GENDER_SUGGESTIONS,
    LANGUAGE_SUGGESTIONS,
    CaseDetails,
    CaseInvalid,
    CaseProblem,
    CircumstanceDates,
    DuplicateCase,
    blank_details,
    case_details,
    check_details,
    circumstance_label,
    councils,
    new_case,
    update_case,
)
from cinchair.domain.dates import UkDateError
from cinchair.model import Circumstance
from cinchair.store.facade import Store
from cinchair.ui import theme
from cinchair.ui.widgets.date_field import DateField


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    theme.set_role(label, "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class _CircumstanceRow:
    """A tick for one specific circumstance, and under it, once ticked, its two dates.

    The dates sit under the name, not beside it, sharing the form's width: beside the
    longer names they were crushed to "d…" on a 1366x768 laptop. Unticked, a
    circumstance is one line, so the long list stays short to read.
    """

    def __init__(self, circumstance: Circumstance, parent: QWidget) -> None:
        label = circumstance_label(circumstance)
        self.circumstance = circumstance
        self.tick = QCheckBox(label, parent)
        self.dates = QWidget(parent)
        self.since = DateField(self.dates, accessible_name=f"{label}: since")
        self.until = DateField(
            self.dates, accessible_name=f"{label}: until (empty if it still applies)"
        )
        row = QHBoxLayout(self.dates)
        row.setContentsMargins(24, 0, 0, 4)  # set in under the tick they belong to
        for caption, field in (("Since", self.since), ("Until (empty: still applies)", self.until)):
            words = QLabel(caption, self.dates)
            words.setBuddy(field.line)
            row.addWidget(words)
            row.addWidget(field, 1)
        self.error = _error_label(parent)
        self.tick.toggled.connect(self._enable)
        self._enable(False)

    def _enable(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.dates.setVisible(on)


class CaseForm(QDialog):
    """New case (``case_id`` None) or the details of an existing case, to correct."""

    def __init__(
        self,
        store: Store,
        today: date,
        parent: QWidget | None = None,
        *,
        case_id: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.today, self.case_id = store, today, case_id
        self.saved_case_id: str | None = None
        self.open_existing_id: str | None = None  # the duplicate the chair chose to open
        # never the child's name in a title: titles show on taskbars
        self.setWindowTitle("New case" if case_id is None else "Case details")
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}

        body = QWidget(self)
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        intro = QLabel(
            "Fields marked * are needed. Dates as 15/01/2027 or 15 Jan 2027 (F4 opens a calendar).",
            body,
        )
        intro.setWordWrap(True)
        form.addRow(intro)

        self.given = self._line(form, "given_name", "Child's &given name *")
        self.family = self._line(form, "family_name", "Child's &family name *")
        self.preferred = self._line(form, "preferred_name", "&Preferred name")
        self.born = DateField(body, accessible_name="Date of birth")
        self.born.setToolTip("For an unborn baby, the expected date of birth.")
        self._row(form, "date_of_birth", "Date of &birth", self.born)
        self.gender = self._choice(form, "gender", "G&ender", GENDER_SUGGESTIONS)
        self.language = self._choice(
            form, "first_language", "First &language", LANGUAGE_SUGGESTIONS
        )
        self.case_ref = self._line(form, "case_ref", "Case &reference *")
        self.case_ref.setToolTip("The identifier exactly as the council's case system holds it.")
        self.council = QComboBox(body)
        self.council.setAccessibleName("Council")
        # the longest council's name would set the form's least width (the list opens wide)
        self.council.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.council.setMinimumContentsLength(24)
        for council in councils():
            self.council.addItem(council.name, council.profile_id)
        self._row(form, "profile_id", "&Council *", self.council)
        self.assessed = DateField(body, accessible_name="Assessment completed on")
        self._row(form, "assessment_completed_on", "&Assessment completed", self.assessed)
        self.decided = DateField(body, accessible_name="Decision made on")
        self.decided.setToolTip("The council's decision the clock starts from, e.g. Derby's VCM.")
        self._row(form, "decision_on", "&Decision made", self.decided)
        self.opened = DateField(body, accessible_name="Case opened on")
        self.opened.setToolTip(
            "The day the case was opened: Derby's 12-month escalation counts from it "
            "(without it, from the decision or the assessment)."
        )
        self._row(form, "opened_on", "Case &opened", self.opened)
        self.allocated = DateField(body, accessible_name="Allocated to a social worker on")
        self.allocated.setToolTip("Derby: the social worker visits within 5 working days of it.")
        self._row(form, "allocated_on", "Allocated &to a social worker", self.allocated)
        self.visited = DateField(body, accessible_name="First visit after allocation on")
        self.visited.setToolTip("Recording it marks the visit after allocation done.")
        self._row(form, "first_visit_on", "First &visit after allocation", self.visited)
        self.cre_assessed = DateField(body, accessible_name="CRE risk assessment completed on")
        self.cre_assessed.setToolTip(
            "Derby: a child at medium risk of exploitation held in Early Help has a CRE risk "
            "assessment within 2 weeks of the risk being identified (the circumstance's Since)."
        )
        self._row(form, "cre_risk_assessed_on", "CRE risk assess&ment done", self.cre_assessed)

        group = QGroupBox("Specific circumstances (tick any that apply, with their dates)", body)
        rows = QVBoxLayout(group)
        rows.setSpacing(2)
        self.circumstance_rows: list[_CircumstanceRow] = []
        for circumstance in Circumstance:
            row = _CircumstanceRow(circumstance, group)
            rows.addWidget(row.tick)
            rows.addWidget(row.dates)
            rows.addWidget(row.error)
            self.circumstance_rows.append(row)
        form.addRow(group)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # down only: the form fits its width, so nothing hides to the right
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary = _error_label(self)
        self.summary.setAccessibleName("What to put right")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("&Save case" if case_id is None else "&Save corrections")
        save.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(720, 640)

        if case_id is None:
            self._show(blank_details())
        else:
            self._show(store.ask(case_details, case_id))
        self.given.setFocus()

    # Building ---------------------------------------------------------------------

    def _row(self, form: QFormLayout, field_name: str, label: str, widget: QWidget) -> None:
        self.inputs[field_name] = widget
        caption = QLabel(label, widget.parentWidget())
        caption.setBuddy(widget)
        holder = QWidget(widget.parentWidget())
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if not isinstance(widget, DateField):  # a date field has its own error line
            error = _error_label(holder)
            column.addWidget(error)
            self.errors[field_name] = error
        form.addRow(caption, holder)

    def _line(self, form: QFormLayout, field_name: str, label: str) -> QLineEdit:
        line = QLineEdit(form.parentWidget())
        line.setAccessibleName(label.replace("&", "").rstrip(" *"))
        self._row(form, field_name, label, line)
        return line

    def _choice(
        self, form: QFormLayout, field_name: str, label: str, suggestions: tuple[str, ...]
    ) -> QComboBox:
        box = QComboBox(form.parentWidget())
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.addItems(["", *suggestions])
        box.setAccessibleName(label.replace("&", ""))
        self._row(form, field_name, label, box)
        return box

    def _show(self, details: CaseDetails) -> None:
        self.given.setText(details.given_name)
        self.family.setText(details.family_name)
        self.preferred.setText(details.preferred_name)
        self.born.set_date(details.date_of_birth)
        self.gender.setCurrentText(details.gender)
        self.language.setCurrentText(details.first_language)
        self.case_ref.setText(details.case_ref)
        found = self.council.findData(details.profile_id)
        self.council.setCurrentIndex(found if found >= 0 else 0)
        self.assessed.set_date(details.assessment_completed_on)
        self.decided.set_date(details.decision_on)
        self.opened.set_date(details.opened_on)
        self.allocated.set_date(details.allocated_on)
        self.visited.set_date(details.first_visit_on)
        self.cre_assessed.set_date(details.cre_risk_assessed_on)
        given = {c.circumstance: c for c in details.circumstances}
        for row in self.circumstance_rows:
            entry = given.get(row.circumstance)
            row.tick.setChecked(entry is not None)
            row.since.set_date(entry.since if entry else None)
            row.until.set_date(entry.until if entry else None)

    # Saving -----------------------------------------------------------------------

    def _read_date(self, field: DateField, name: str, unreadable: list[CaseProblem]) -> date | None:
        try:
            return field.date()
        except UkDateError as problem:
            unreadable.append(CaseProblem(name, str(problem)))
            return None

    def details(self) -> tuple[CaseDetails, list[CaseProblem]]:
        """What the form holds, and the dates it could not read (left empty in the details)."""
        unreadable: list[CaseProblem] = []
        circumstances = []
        # numbered among the ticked rows, as cinchair.cases.editing numbers them
        for index, row in enumerate(self._ticked()):
            where = f"circumstances.{index}"
            since = self._read_date(row.since, where, unreadable)
            until = self._read_date(row.until, where, unreadable)
            circumstances.append(CircumstanceDates(row.circumstance, since, until))
        details = CaseDetails(
            case_ref=self.case_ref.text(),
            profile_id=str(self.council.currentData() or ""),
            given_name=self.given.text(),
            family_name=self.family.text(),
            preferred_name=self.preferred.text(),
            date_of_birth=self._read_date(self.born, "date_of_birth", unreadable),
            gender=self.gender.currentText(),
            first_language=self.language.currentText(),
            assessment_completed_on=self._read_date(
                self.assessed, "assessment_completed_on", unreadable
            ),
            decision_on=self._read_date(self.decided, "decision_on", unreadable),
            circumstances=tuple(circumstances),
            opened_on=self._read_date(self.opened, "opened_on", unreadable),
            allocated_on=self._read_date(self.allocated, "allocated_on", unreadable),
            first_visit_on=self._read_date(self.visited, "first_visit_on", unreadable),
            cre_risk_assessed_on=self._read_date(
                self.cre_assessed, "cre_risk_assessed_on", unreadable
            ),
        )
        return details, unreadable

    def _ticked(self) -> list[_CircumstanceRow]:
        return [row for row in self.circumstance_rows if row.tick.isChecked()]

    def accept(self) -> None:
        self._clear_errors()
        details, unreadable = self.details()
        if unreadable:  # every field's problem at once, the unreadable dates' first
            named = {p.field for p in unreadable}
            others = [p for p in check_details(details, self.today) if p.field not in named]
            self._show_problems(CaseInvalid(unreadable + others))
            return
        try:
            if self.case_id is None:
                self.saved_case_id = self.store.apply(new_case, details, self.today)
            else:
                self.store.apply(update_case, self.case_id, details, self.today)
                self.saved_case_id = self.case_id
        except DuplicateCase as duplicate:
            self._show_problems(duplicate)
            answer = QMessageBox.question(
                self,
                "Case already here",
                f"{duplicate.message_for('case_ref')}\n\nOpen that case instead?",
                QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            )
            if answer == QMessageBox.StandardButton.Open:
                self.open_existing_id = duplicate.existing_id
                super().reject()  # nothing saved; the window selects the existing case
            return
        except CaseInvalid as invalid:
            self._show_problems(invalid)
            return
        super().accept()

    def _clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)
        for row in self.circumstance_rows:
            row.error.clear()
            row.error.setVisible(False)
        self.summary.setVisible(False)

    def _show_problems(self, invalid: CaseInvalid) -> None:
        dates = {
            "date_of_birth": self.born,
            "assessment_completed_on": self.assessed,
            "decision_on": self.decided,
            "opened_on": self.opened,
            "allocated_on": self.allocated,
            "first_visit_on": self.visited,
            "cre_risk_assessed_on": self.cre_assessed,
        }
        first: QWidget | None = None
        for problem in invalid.problems:
            name = problem.field
            if name in dates:
                dates[name].show_error(problem.message)
                widget: QWidget = dates[name]
            elif name.startswith("circumstances."):
                row = self._ticked()[int(name.split(".")[1])]
                row.error.setText(problem.message)
                row.error.setVisible(True)
                widget = row.since
            else:
                label = self.errors[name]
                label.setText(problem.message)
                label.setVisible(True)
                widget = self.inputs[name]
            first = first or widget
        count = len(invalid.problems)
        self.summary.setText(
            "Nothing saved yet: "
            + ("one thing" if count == 1 else f"{count} things")
            + " to put right, shown in red by the field."
        )
        self.summary.setVisible(True)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)
