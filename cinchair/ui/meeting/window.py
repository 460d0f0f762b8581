"""The meeting page: the step list, the current step, and whether everything is saved.

The chair moves through the agenda with the step list (or Ctrl+PgDown / Ctrl+PgUp);
steps with nothing recorded yet are marked "(empty)" in words, not colour alone.
Every edit is saved as it is made; the line at the foot says so, with the time.
Undo and redo (Ctrl+Z, Ctrl+Shift+Z outside a text box) cover structural edits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.failures import explain
from cinchair.app.resume_steps import remember_step, step_to_resume
from cinchair.app.settings import load_settings
from cinchair.domain.agenda import AgendaStep, StepKind, agenda_steps
from cinchair.domain.bidi import isolate
from cinchair.domain.dates import format_day, format_moment
from cinchair.domain.required import MissingItem, count_words
from cinchair.meetings import views
from cinchair.meetings.draft import MeetingDraft
from cinchair.profiles import get_profile
from cinchair.store.facade import Store
from cinchair.ui import theme
from cinchair.ui.dialogs.documents import DocumentsDialog
from cinchair.ui.family.view import FamilyViewControl
from cinchair.ui.meeting.decide import PlanPage
from cinchair.ui.meeting.outcome_page import OutcomePage
from cinchair.ui.meeting.pages import (
    ConsentVoicePage,
    HeadingPage,
    Page,
    PeoplePage,
    ProgressPage,
    ScalingPage,
)
from cinchair.ui.meeting.sign_off import SignOffPage
from cinchair.ui.tokens import GRID
from cinchair.ui.widgets.stepper import Stepper

PAGE_FOR = {
    StepKind.PEOPLE: PeoplePage,
    StepKind.CONSENT_VOICE: ConsentVoicePage,
    StepKind.HEADING: HeadingPage,
    StepKind.SCALING: ScalingPage,
    StepKind.PROGRESS: ProgressPage,
    StepKind.PLAN: PlanPage,
    StepKind.OUTCOME: OutcomePage,
    StepKind.SIGN_OFF: SignOffPage,
}


class MeetingPage(QWidget):
    """One meeting, step by step. ``closed`` asks the main window to go back to the list."""

    closed = Signal()

    def __init__(self, store: Store, meeting_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = MeetingDraft(store, meeting_id)
        header = self.draft.read(views.meeting_header)
        profile_id, kind, signed_at = header.profile_id, header.kind, header.signed_at
        self.profile = get_profile(profile_id)
        self.steps: list[AgendaStep] = agenda_steps(self.profile, kind)
        self.pages: dict[int, Page] = {}
        self.missing: list[MissingItem] = []

        heading = QLabel(
            f"{header.kind_words}, {format_day(header.held_on)}: "
            f"{isolate(header.child_name)} ({isolate(header.case_ref)})",
            self,
        )
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        back = QPushButton("&Back to cases", self)
        back.clicked.connect(self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(back)

        self.step_list = Stepper(self)
        self.step_list.setAccessibleName("Agenda steps")
        self.stepper_width = self.step_list.width_for([s.title for s in self.steps])
        self.step_list.setFixedWidth(self.stepper_width)
        self.step_progress = QLabel(self)  # "6 of 10 steps recorded"
        self.step_progress.setAccessibleName("Steps recorded")
        theme.set_role(self.step_progress, "hint")
        self.stack = QStackedWidget(self)
        for _ in self.steps:
            self.stack.addWidget(QWidget(self.stack))  # built when first shown
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        # under the steps, always in view: how many required items are still empty
        self.missing_button = QPushButton(self)
        self.missing_button.setToolTip("Go to the first required item still empty")
        self.missing_button.clicked.connect(self.go_to_missing)
        steps_column = QWidget(self)
        column = QVBoxLayout(steps_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.step_progress)
        column.addWidget(self.step_list, 1)
        column.addWidget(self.missing_button)
        splitter.addWidget(steps_column)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.saved = QLabel(self)
        self.saved.setAccessibleName("Save state")
        self.signed_at = signed_at
        self.layout_ = layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.signed_notice: QLabel | None = None
        if signed_at is not None:
            self.signed_notice = _signed_notice(signed_at, header.chair_name, self)
            layout.addWidget(self.signed_notice)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.saved)

        self.undo_action = QAction("&Undo", self)
        self.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.undo)
        self.redo_action = QAction("&Redo", self)
        # the platform's own keys only: Redo already holds Ctrl+Shift+Z where that is the
        # custom, and binding it twice makes Qt ignore it as an ambiguous shortcut
        self.redo_action.setShortcuts(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(self.redo)
        next_step = QAction("Next step", self)
        next_step.setShortcut(QKeySequence("Ctrl+PgDown"))
        next_step.triggered.connect(lambda: self.go(self.step_list.currentRow() + 1))
        previous_step = QAction("Previous step", self)
        previous_step.setShortcut(QKeySequence("Ctrl+PgUp"))
        previous_step.triggered.connect(lambda: self.go(self.step_list.currentRow() - 1))
        back_action = QAction("&Back to cases", self)
        back_action.setShortcut(QKeySequence("Ctrl+W"))
        back_action.triggered.connect(self.closed.emit)
        back.setToolTip("Back to the case list (Ctrl+W); everything is already saved")
        documents_action = QAction("&Minutes and plan (DOCX, PDF)…", self)
        documents_action.setShortcut(QKeySequence("Ctrl+D"))
        documents_action.triggered.connect(self.write_documents)
        actions = (
            self.undo_action,
            self.redo_action,
            next_step,
            previous_step,
            back_action,
            documents_action,
        )
        for action in actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.addAction(action)
        # F10: the meeting in large type for the family; hides with this page (lock, F12)
        self.family = FamilyViewControl(self.draft, self.profile, self)
        # for the main window's Meeting menu, so the shortcuts can be seen there
        self.step_actions = [
            next_step,
            previous_step,
            back_action,
            documents_action,
            self.family.action,
        ]

        self.step_list.currentRowChanged.connect(self._show_step)
        self.draft.listeners.append(self._on_change)
        self.draft.failure_listeners.append(self._on_failure)
        self._fill_steps()
        # where the chair was when this meeting was last open, else its first step
        resume = step_to_resume(meeting_id)
        first = next((i for i, s in enumerate(self.steps) if s.key == resume), 0)
        self.step_list.setCurrentRow(first)
        self._show_step(first)
        self._mark_saved(None)
        self._show_signed_state()

    # -- steps ---------------------------------------------------------------------------

    def _fill_steps(self) -> None:
        progress = self.draft.read(views.progress(self.profile, self.steps))
        empties, self.missing = progress.empty, list(progress.missing)
        self._show_missing()
        current = self.step_list.currentRow()
        self.step_list.blockSignals(True)
        self.step_list.clear()
        short = {item.step_key for item in self.missing}
        missing = {i for i, step in enumerate(self.steps) if step.key in short}
        self.step_list.set_steps([s.title for s in self.steps], list(empties), missing)
        self.step_progress.setText(self.step_list.progress_text)
        self.step_list.setCurrentRow(max(current, 0))
        self.step_list.blockSignals(False)

    def _show_missing(self) -> None:
        """The count under the step list; signed meetings have nothing left to fill in."""
        if self.signed_at is not None:
            self.missing_button.hide()
            return
        text = count_words(len(self.missing))
        self.missing_button.setText(("⚠ " if self.missing else "✓ ") + text)
        self.missing_button.setAccessibleName(text)
        self.missing_button.setAccessibleDescription(
            "; ".join(item.label for item in self.missing) or "Nothing required is empty"
        )
        self.missing_button.setEnabled(bool(self.missing))

    def _go_to_step(self, key: str) -> None:
        self.go(next(i for i, s in enumerate(self.steps) if s.key == key))

    def go_to_missing(self) -> None:
        """Show the step of the first required item still empty."""
        if self.missing:
            self._go_to_step(self.missing[0].step_key)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The steps take what their titles need, but never more than a quarter of a
        narrow window (200% on a laptop): the page keeps the room, a long title is
        shortened with "…" and said whole in its tooltip and to a screen reader."""
        super().resizeEvent(event)
        self.step_list.setFixedWidth(min(self.stepper_width, max(GRID * 20, self.width() // 4)))

    def page(self, index: int) -> Page:
        if index not in self.pages:
            step = self.steps[index]
            page = PAGE_FOR[step.kind](self.draft, self.profile, step)
            old = self.stack.widget(index)
            if old is not None:  # the placeholder standing in until the page is made
                self.stack.removeWidget(old)
                old.deleteLater()
            # a page fills the space it has and scrolls when the screen is too small
            # for it (125% scaling on 1366x768), rather than crushing its tables
            scroller = QScrollArea(self.stack)
            scroller.setWidgetResizable(True)
            scroller.setFrameShape(QFrame.Shape.NoFrame)
            scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroller.setWidget(page)
            scroller.setAccessibleName(step.title)  # a screen reader names the region
            self.stack.insertWidget(index, scroller)
            self.pages[index] = page
            page.unsaved_changed.connect(self._show_save_state)
            for table in page.tables:
                table.problem_changed.connect(self._show_save_state)
            if isinstance(page, SignOffPage):  # its list of what is missing leads there
                page.missing_list.chosen.connect(self._go_to_step)
        return self.pages[index]

    def step_index(self, kind: StepKind, heading_key: str | None = None) -> int:
        return next(
            i
            for i, s in enumerate(self.steps)
            if s.kind is kind and (heading_key is None or s.heading_key == heading_key)
        )

    def go(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            self.step_list.setCurrentRow(index)

    def flush(self) -> None:
        """Save whatever any page holds unsaved (before leaving the meeting)."""
        for page in self.pages.values():
            page.flush()

    def _show_step(self, index: int) -> None:
        if index < 0:
            return
        self.flush()
        page = self.page(index)
        page.refresh()
        self.stack.setCurrentIndex(index)
        page.first_focus().setFocus(Qt.FocusReason.OtherFocusReason)
        remember_step(self.draft.meeting_id, self.steps[index].key)

    def write_documents(self) -> DocumentsDialog:
        """The minutes and plan of this meeting, signed or as a marked draft."""
        self.flush()
        dialog = DocumentsDialog(
            self.draft.store,
            self.draft.meeting_id,
            load_settings().documents_folder,
            signed=self.draft.read(views.is_signed),
            parent=self,
        )
        dialog.open()
        return dialog

    # -- saving and undo -------------------------------------------------------------------

    def _on_change(self) -> None:
        if self.signed_at is None:
            header = self.draft.read(views.meeting_header)
            if header.signed_at is not None:  # just signed off: final from here on
                self.signed_at = header.signed_at
                self.signed_notice = _signed_notice(header.signed_at, header.chair_name, self)
                self.layout_.insertWidget(1, self.signed_notice)
        self._mark_saved(datetime.now())
        self._show_signed_state()
        self.undo_action.setEnabled(self.draft.undo_label is not None)
        self.redo_action.setEnabled(self.draft.redo_label is not None)
        self.undo_action.setText(f"&Undo {self.draft.undo_label or ''}".strip())
        self.redo_action.setText(f"&Redo {self.draft.redo_label or ''}".strip())
        self._fill_steps()

    def _show_signed_state(self) -> None:
        """Signed minutes: nothing to undo or redo, and the foot line says why."""
        if self.signed_at is not None:
            self.undo_action.setEnabled(False)
            self.redo_action.setEnabled(False)
            self._show_missing()

    def _mark_saved(self, when: datetime | None) -> None:
        self._saved_at = when
        if self.signed_at is not None:
            self.saved.setText("Signed: nothing here can be changed.")
            return
        refused = [problem for page in self.pages.values() for problem in page.unsaved()]
        if refused:  # typed but not saved: never "All changes saved" over it
            self.saved.setStyleSheet(theme.text_style(theme.error_colour(), bold=True))
            self.saved.setText(
                f"⚠ Not saved: {_sentence(refused[0])} Still as typed, to correct; "
                "the rest is saved."
            )
            return
        text = "All changes saved" + (f" at {when:%H:%M:%S}" if when else "")
        self.saved.setStyleSheet("")
        self.saved.setText(f"✓ {text}. Ctrl+Z undoes adding, removing or moving a row.")

    def _show_save_state(self) -> None:
        self._mark_saved(getattr(self, "_saved_at", None))

    def _on_failure(self, exc: BaseException) -> None:
        """A save failed: the line at the foot must stop saying everything is saved."""
        known = explain(exc)
        title = known.title if known else "Not saved: an unexpected error"
        self.saved.setStyleSheet(theme.text_style(theme.error_colour(), bold=True))
        self.saved.setText(
            f"⚠ {title} ({datetime.now():%H:%M:%S}). What you typed is still here and "
            "will be saved when you carry on; earlier changes are safe."
        )

    def undo(self) -> None:
        self._after(self.draft.undo())

    def redo(self) -> None:
        self._after(self.draft.redo())

    def _after(self, label: Any) -> None:
        if label is None:
            return
        current = self.step_list.currentRow()
        for page in self.pages.values():
            page.refresh()
        self.step_list.setCurrentRow(current)


def _sentence(words: str) -> str:
    """A refusal as one whole sentence, so the next one does not run on from it."""
    words = words.rstrip()
    return words if words.endswith((".", "!", "?")) else f"{words}."


def _signed_notice(signed_at: datetime, chair: str, parent: QWidget) -> QLabel:
    """Says why nothing on a signed meeting can be edited, and what to do instead."""
    when = format_moment(signed_at)
    notice = QLabel(
        f"Signed off by {isolate(chair)} on {when}. Signed minutes are final, so this meeting is "
        "shown read-only; a correction is made as a new, linked version.",
        parent,
    )
    notice.setObjectName("signedNotice")
    notice.setAccessibleName("Signed meeting notice")
    notice.setWordWrap(True)
    notice.setTextFormat(Qt.TextFormat.PlainText)
    notice.setStyleSheet(theme.notice_style("signedNotice"))  # light, dark or high contrast
    return notice
