"""The outcome step: the council's options, the reasons, and the next review.

Saved as it is typed, like every other page: choosing an option saves it at once, and
the reasons, the lead professional and the review's date follow after each pause in
typing (and when the chair leaves the page or the meeting). What the outcome still
lacks is said under it, in words, from the core's own count; the sign-off waits for it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from cinchair.domain import vocabulary as words
from cinchair.domain.agenda import AgendaStep
from cinchair.meetings import outcome
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.outcome import OutcomeAsTyped, OutcomeView
from cinchair.profiles import LeadsTo, Profile
from cinchair.ui import theme
from cinchair.ui.meeting.pages import Page, _guide
from cinchair.ui.widgets.date_field import DateField
from cinchair.ui.widgets.spell import install_spelling

SAVE_DELAY_MS = 400  # typing pauses this long, then what is typed is saved


class _OptionHeading(QLabel):
    """An option's heading, wrapping as a radio button's text cannot; a click chooses it."""

    def __init__(self, text: str, button: QRadioButton, parent: QWidget) -> None:
        super().__init__(text, parent)
        self.button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.setBuddy(button)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.button.isEnabled():
            self.button.click()
        super().mousePressEvent(event)


class OutcomePage(Page):
    """The council's outcome options, reasons, and the next review date."""

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        view = draft.read(outcome.outcome_view(profile))
        self.options = view.options
        self.proposed_day = view.proposed_review
        self.group = QButtonGroup(self)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for index, (option, (heading, more)) in enumerate(
            zip(self.options, outcome.option_texts(self.options), strict=True)
        ):
            button = QRadioButton(self)
            button.setAccessibleName(option.label)
            button.setAccessibleDescription(words.LEADS_TO[option.leads_to])
            self.group.addButton(button, index)
            label = _OptionHeading(heading, button, self)
            leads = _guide(
                (f"{more}\n" if more else "") + f"→ {words.LEADS_TO[option.leads_to]}", self
            )
            leads.setContentsMargins(0, 0, 0, 6)
            grid.addWidget(button, 2 * index, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, 2 * index, 1)
            grid.addWidget(leads, 2 * index + 1, 1)
        self.layout_.addLayout(grid)
        # Hillingdon records its outcome 3 "in addition to" another: offered beside the
        # chosen outcome, and saved with it at once
        self.extra = outcome.in_addition_option(self.options)
        self.also = QCheckBox(self)
        if self.extra is not None:
            heading = outcome.option_texts(self.options)[self.options.index(self.extra)][0]
            clause = re.sub(r"\s*\(.*\)$", "", heading.partition(". ")[2])
            self.also.setText(
                f"&In addition to the outcome chosen: {clause[:1].lower()}{clause[1:]}"
            )
            self.also.setAccessibleName(f"In addition: {self.extra.label}")
        self.also.setVisible(False)
        self.layout_.addWidget(self.also)
        self.alarm = QLabel(self)
        self.alarm.setWordWrap(True)
        theme.set_role(self.alarm, "alarm")
        self.alarm.setText(
            "Risk of significant harm: a strategy discussion is needed NOW. Contact the team "
            "manager and the MASH/front door today; this note goes on the record."
        )
        self.alarm.hide()
        self.layout_.addWidget(self.alarm)
        self.first_choose = _guide(
            "Choose one of the council's outcomes: it is saved at once, and the reasons "
            "as you type them.",
            self,
        )
        self.layout_.addWidget(self.first_choose)
        form = QFormLayout()
        self.rationale = QPlainTextEdit(self)
        self.rationale.setTabChangesFocus(True)
        self.rationale.setAccessibleName("Reasons for the outcome")
        # room for a paragraph; longer reasons scroll, keeping the date in view
        self.rationale.setMaximumHeight(self.fontMetrics().lineSpacing() * 7 + 12)
        install_spelling(self.rationale, draft)
        self.lead = QLineEdit(self)
        self.lead.setAccessibleName("Lead professional after step down")
        self.next_review = DateField(self, accessible_name="Next review")
        self.review_reason = QLineEdit(self)
        self.review_reason.setAccessibleName("Why a different date")
        self.proposed = _guide("", self)
        form.addRow("&Reasons (required):", self.rationale)
        form.addRow("Lead professional after step &down:", self.lead)
        form.addRow("&Next review:", self.next_review)
        form.addRow("", self.proposed)
        form.addRow("&Why a different date:", self.review_reason)
        self.layout_.addLayout(form)
        self.gaps = QLabel(self)
        self.gaps.setWordWrap(True)
        self.gaps.setAccessibleName("What the outcome still needs")
        self.layout_.addWidget(self.gaps)
        self.layout_.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self._loading = False
        self.group.idToggled.connect(self._chosen)
        self.also.toggled.connect(self._also_toggled)
        self.rationale.textChanged.connect(self._typed)
        self.lead.textEdited.connect(self._typed)
        self.review_reason.textEdited.connect(self._typed)
        self.next_review.line.textEdited.connect(self._typed)
        self.next_review.date_committed.connect(self._typed)
        if self.final:
            for choice in self.group.buttons():
                choice.setEnabled(choice.isChecked())
            self.also.setEnabled(False)
            for widget in (self.rationale, self.lead, self.next_review.line, self.review_reason):
                widget.setReadOnly(True)
            self.next_review.calendar_button.setEnabled(False)
        self._show(view)

    # -- showing ----------------------------------------------------------------------

    def refresh(self) -> None:
        self._show(self.draft.read(outcome.outcome_view(self.profile)))

    def _show(self, view: OutcomeView) -> None:
        self._loading = True
        rule = view.proposed_rule
        self.proposed.setText(f"Proposed by the council's rules: {rule}" if rule else "")
        saved = view.saved
        day = view.proposed_review
        if saved is not None:
            for index, option in enumerate(self.options):
                if option.key == saved.option_key:
                    self.group.button(index).setChecked(True)
            if not self.rationale.hasFocus():
                self.rationale.setPlainText(saved.rationale)
            if not self.review_reason.hasFocus():
                self.review_reason.setText(saved.next_review_reason)
                self.review_reason.setCursorPosition(0)
            if not self.lead.hasFocus():
                self.lead.setText(saved.step_down_lead_professional)
            self.also.setChecked(bool(saved.in_addition_key))
            day = saved.next_review_on or day
        if not self.next_review.line.hasFocus():
            self.next_review.set_date(day)
        self._loading = False
        self._enable()
        self._show_gaps(view.gaps if saved is not None else ())

    def _show_gaps(self, gaps: tuple[str, ...]) -> None:
        if self.final or self.group.checkedId() < 0:
            self.gaps.hide()
            return
        self.gaps.show()
        if gaps:
            self.gaps.setStyleSheet(theme.text_style(theme.warning_colour(), bold=True))
            self.gaps.setText("Still needed before sign-off: " + "; ".join(gaps) + ".")
        else:
            self.gaps.setStyleSheet(theme.text_style(theme.good_colour()))
            self.gaps.setText("✓ The outcome is recorded.")

    def _enable(self) -> None:
        """Nothing to type until an option is chosen, so nothing typed waits unsaved."""
        index = self.group.checkedId()
        chosen = index >= 0
        self.first_choose.setVisible(chosen is False and not self.final)
        option = self.options[index] if chosen else None
        extra = self.extra if self.extra is not None and option not in (None, self.extra) else None
        self.also.setVisible(extra is not None)
        also = extra is not None and self.also.isChecked()
        self.alarm.setVisible(
            (option is not None and option.leads_to is LeadsTo.STRATEGY_DISCUSSION)
            or (also and extra is not None and extra.leads_to is LeadsTo.STRATEGY_DISCUSSION)
        )
        continues = option is not None and option.leads_to is LeadsTo.PLAN_CONTINUES
        self.rationale.setEnabled(chosen)
        self.lead.setEnabled(option is not None and option.needs_lead_professional)
        for widget in (self.next_review, self.review_reason, self.proposed):
            widget.setEnabled(continues)

    # -- saving -----------------------------------------------------------------------

    def _chosen(self, _index: int, checked: bool) -> None:
        if not checked or self._loading:
            return
        self._enable()
        self._timer.stop()
        self.save()  # a choice is saved at once

    def _also_toggled(self, _checked: bool) -> None:
        if self._loading:
            return
        self._enable()
        self._timer.stop()
        self.save()  # like a choice, saved at once

    def _typed(self, *_args: object) -> None:
        if not self._loading and self.group.checkedId() >= 0:
            self._timer.start()

    def unsaved(self) -> list[str]:
        problem = self.next_review.error()
        return super().unsaved() + ([f"Next review: {problem}"] if problem else [])

    def flush(self) -> None:
        """Save now anything typed and not yet saved (leaving the page or the meeting)."""
        if self._timer.isActive():
            self._timer.stop()
            self.save()

    def save(self) -> None:
        index = self.group.checkedId()
        if index < 0 or self.final:
            return
        option = self.options[index]
        day = self.next_review.date() if not self.next_review.error() else None
        if self.next_review.error() and not self.next_review.line.hasFocus():
            self.next_review.show_error(self.next_review.error())
        typed = OutcomeAsTyped(
            option_key=option.key,
            rationale=self.rationale.toPlainText(),
            next_review_on=day,
            next_review_reason=self.review_reason.text(),
            step_down_lead_professional=self.lead.text(),
            in_addition_key=(
                self.extra.key
                if self.extra is not None and not self.also.isHidden() and self.also.isChecked()
                else ""
            ),
        )
        self.draft.change(outcome.save_outcome(self.profile, typed))
        self.unsaved_changed.emit()
        view = self.draft.read(outcome.outcome_view(self.profile))
        self._show_gaps(view.gaps)
        typing_date = self.next_review.line.hasFocus() or bool(self.next_review.error())
        if view.saved is not None and not typing_date:
            self.next_review.set_date(view.saved.next_review_on)
