"""The agenda's pages: who is here, consent and voice, the headings, scaling, progress.

Each page is built from the draft and the council's profile and edits through the
draft only; ``refresh()`` re-reads after an undo or redo.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cinchair.domain import vocabulary as words
from cinchair.domain.agenda import AgendaStep
from cinchair.domain.bidi import isolate
from cinchair.meetings import new_rows, scores, views
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.new_rows import PersonDetails
from cinchair.meetings.tables import RowsOf
from cinchair.model import ChildVoice, Consent, Contribution, Participant, PlanAction, ScalingScore
from cinchair.profiles import Profile
from cinchair.ui.meeting.attachments_view import AttachmentsView
from cinchair.ui.meeting.row_model import Field
from cinchair.ui.meeting.rows import RowTable
from cinchair.ui.meeting.scaling_chart import ScalingChart
from cinchair.ui.tokens import GRID
from cinchair.ui.widgets.any_script import italic_html
from cinchair.ui.widgets.wide import RowThatStacks, SideBySide


def _choices(table: dict[Any, str]) -> Any:
    return lambda: [(label, key) for key, label in table.items()]


def _title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.25)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def _guide(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


# a confidential item stays in the agencies' copy and out of the family's
CONFIDENTIAL = Field(
    "confidential", "Confidential: agencies' copy only", "bool", header="Confidential"
)


class Page(QWidget):
    """A page of the agenda; subclasses add their tables and forms."""

    # something typed could not be saved (a date that is not one), or no longer stands
    unsaved_changed = Signal()

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__()
        self.draft, self.profile, self.step = draft, profile, step
        # signed minutes are final: every page shows them, none changes them
        self.final: bool = draft.read(views.is_signed)
        self.tables: list[RowTable] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(_title(step.title, self))
        if step.prompt:
            self.layout_.addWidget(_guide(step.prompt, self))

    def refresh(self) -> None:
        for table in self.tables:
            table.model.reload()

    def flush(self) -> None:
        """Save anything typed but not yet saved; pages with delayed saves override this."""

    def unsaved(self) -> list[str]:
        """What is typed here but refused, in words: the foot line must not say "saved"."""
        return [t.problem.text().lstrip("⚠ ") for t in self.tables if t.waiting]

    def first_focus(self) -> QWidget:
        return self.tables[0].view if self.tables else self

    def people(self) -> list[tuple[str, str | None]]:
        """Participants as (label, id) for "who said it" pickers; None is the meeting."""
        here: list[tuple[str, str | None]] = [
            (person.label, person.id) for person in self.draft.read(views.people)
        ]
        return [(words.THE_MEETING, None), *here]

    def people_in_full(self) -> list[tuple[str, str | None]]:
        """The same people as ``people``, each with role and agency, for the picker."""
        here: list[tuple[str, str | None]] = [
            (person.in_full, person.id) for person in self.draft.read(views.people)
        ]
        return [(words.THE_MEETING, None), *here]


class PeoplePage(Page):
    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        self.layout_.addWidget(
            _guide(
                "Everyone invited: those here, those who sent apologies or a report, and "
                "those who did not come. Note interpreters, advocates and communication needs.",
                self,
            )
        )
        fields = [
            Field("name", "Name", stretch=True),
            Field("kind", "Who", "choice", _choices(words.PARTICIPANT_KIND)),
            Field("role", "Role"),
            Field("agency", "Agency"),
            Field("attendance", "Attendance", "choice", _choices(words.ATTENDANCE)),
            Field("interpreter_language", "Interpreter (language)", header="Interpreter"),
            Field("advocate_needed", "Advocate needed", "bool", header="Advocate"),
            Field("communication_needs", "Communication needs", header="Needs"),
            Field("receives_copy", "Gets a copy of the minutes", "bool", header="Copy"),
        ]

        self.table = RowTable(
            draft,
            Participant,
            fields,
            lambda: RowsOf("participants"),
            new_rows.participant(),
            noun="person",
            parent=self,
        )
        self.tables.append(self.table)
        self.layout_.addWidget(self.table, 1)

        quick = QHBoxLayout()
        self.agency = QComboBox(self)
        self.agency.setAccessibleName("Usual agencies")
        for label, details in new_rows.USUAL_AGENCIES:
            self.agency.addItem(label, details)
        add_agency = self.add_agency_button = QPushButton("Quick add a&gency", self)
        add_agency.clicked.connect(self.add_agency)
        self.copy_button = QPushButton("Start from last meeting's &people", self)
        self.copy_button.clicked.connect(self.copy_previous)
        quick.addWidget(QLabel("Usual agencies:", self))
        # the box takes the row's spare width up to its longest entry (seen on screen
        # at 1366x768 cut to "School: Designated Safegu"); only a narrow page squeezes it
        quick.addWidget(self.agency, 4)
        quick.addWidget(add_agency)
        quick.addStretch(1)
        quick.addWidget(self.copy_button)
        self.layout_.addLayout(quick)
        # at 200% on a laptop the row would run past the page's edge: it stacks instead
        self.agency.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.agency.setMinimumContentsLength(16)
        whole = QComboBox.SizeAdjustPolicy.AdjustToContents
        shrinking = self.agency.sizeAdjustPolicy()
        self.agency.setSizeAdjustPolicy(whole)
        self.agency.setMaximumWidth(self.agency.sizeHint().width())
        self.agency.setSizeAdjustPolicy(shrinking)
        self.quick_row = RowThatStacks(self, quick, GRID * 110)
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        final = self.table.model.final
        self.add_agency_button.setEnabled(not final)
        self.agency.setEnabled(not final)
        self.copy_button.setEnabled(not final and bool(self.draft.read(views.previous_people)))

    def add_agency(self) -> None:
        make = new_rows.participant(self.agency.currentData())
        row_id = self.draft.add(f"Add {self.agency.currentText()}", make)
        self.table.model.reload()
        self.table.select(row_id, 0)
        self.table.view.setFocus()
        self.table.view.edit(self.table.view.currentIndex())

    def copy_previous(self) -> None:
        """Offer last meeting's people as a start: same names and roles, attendance reset."""
        previous = self.draft.read(views.previous_people)
        have = {person.name.casefold() for person in self.draft.read(views.people)}
        for person in previous:
            if person.name.casefold() in have:
                continue
            details = PersonDetails(
                name=person.name,
                kind=person.kind,
                role=person.role,
                agency=person.agency,
                relationship_to_child=person.relationship_to_child,
                interpreter_language=person.interpreter_language,
                receives_copy=person.receives_copy,
            )
            self.draft.add(f"Add {isolate(person.name)}", new_rows.participant(details))
        self.refresh()


class ConsentVoicePage(Page):
    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        # consents over the child's views on a laptop, side by side on a wide screen
        parts = QSplitter(Qt.Orientation.Vertical, self)
        parts.setChildrenCollapsible(False)
        consent_part, voice_part = QWidget(parts), QWidget(parts)
        consent_column, voice_column = QVBoxLayout(consent_part), QVBoxLayout(voice_part)
        for column in (consent_column, voice_column):
            column.setContentsMargins(0, 0, 0, 0)
        consent_column.addWidget(
            _guide("Consent to the work: who gave (or refused) it, and when.", self)
        )

        consents = RowTable(
            draft,
            Consent,
            [
                Field("given_by", "Given by", stretch=True),
                Field("status", "Consent", "choice", _choices(words.CONSENT)),
                Field("recorded_on", "Date", "date"),
                Field("notes", "Notes", stretch=True),
            ],
            lambda: RowsOf("consents"),
            new_rows.consent,
            noun="consent",
            parent=self,
        )
        consent_column.addWidget(consents, 1)
        voice_column.addWidget(
            _guide(
                "The child's voice: how their wishes and feelings were gathered, and what "
                "they said, in their own words where they can be quoted.",
                self,
            )
        )

        voice = RowTable(
            draft,
            ChildVoice,
            [
                Field("method", "How", "choice", _choices(words.VOICE_METHOD)),
                Field("tool", "Tool (e.g. Three Houses)", header="Tool"),
                Field("content", "What the child said or showed", stretch=True),
                Field(
                    "in_own_words",
                    "In the child's own words (quoted as theirs in the minutes)",
                    "bool",
                    header="Child's own words",
                ),
                CONFIDENTIAL,
            ],
            lambda: RowsOf("child_voice"),
            new_rows.child_voice,
            noun="view",
            add_label="Add the child's &view",
            parent=self,
        )
        voice_column.addWidget(voice, 1)
        parts.addWidget(consent_part)
        parts.addWidget(voice_part)
        parts.setStretchFactor(0, 2)
        parts.setStretchFactor(1, 3)
        self.layout_.addWidget(parts, 1)
        self.side_by_side = SideBySide(self, parts)
        # The child's own words as the minutes will show them: quoted, and said to be theirs.
        self.quotes = QLabel(self)
        self.quotes.setWordWrap(True)
        self.quotes.setTextFormat(Qt.TextFormat.RichText)
        self.quotes.setAccessibleName("The child's own words, as quoted in the minutes")
        self.layout_.addWidget(self.quotes)
        self.attachments = AttachmentsView(draft, self.final, self)
        self.layout_.addWidget(self.attachments)
        self.tables += [consents, voice]
        draft.listeners.append(self._show_quotes)
        self._show_quotes()

    def refresh(self) -> None:
        super().refresh()
        self.attachments.reload()
        self._show_quotes()

    def _show_quotes(self) -> None:
        given, said = self.draft.read(views.childs_own_words)
        # italic only where the italic face has the letters; names and words isolated
        font = self.quotes.font()
        quoted = "".join(
            f'<p style="margin:2px 0 2px 12px;">{italic_html(f"“{isolate(text)}”", font)}'
            f'<span style="font-style:normal; color:palette(mid);"> in '
            f"{html.escape(isolate(given))}'s own words</span></p>"
            for text in said
        )
        self.quotes.setText(quoted)
        self.quotes.setVisible(bool(said))


class HeadingPage(Page):
    """One framework heading, in the council's words: points, each attributed."""

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        key = step.heading_key or ""

        table = RowTable(
            draft,
            Contribution,
            [
                Field(
                    "participant_id", "Said by", "choice", self.people, picker=self.people_in_full
                ),
                Field("text", "Point", stretch=True),
                CONFIDENTIAL,
            ],
            lambda: RowsOf("points", key),
            new_rows.point(key),
            noun="point",
            parent=self,
        )
        self.tables.append(table)
        self.layout_.addWidget(table, 1)
        self.layout_.addWidget(
            _guide(
                "Confidential points (a third party's address, something a parent must not "
                "see) stay in the agencies' copy of the minutes and out of the family's.",
                self,
            )
        )


class ScalingPage(Page):
    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        self.last_time = _guide("", self)
        self.layout_.addWidget(self.last_time)

        table = RowTable(
            draft,
            ScalingScore,
            [
                Field(
                    "participant_id",
                    "Who",
                    "choice",
                    lambda: self.people()[1:],
                    picker=lambda: self.people_in_full()[1:],
                    row_choices=self._people_for_score,
                ),
                Field("score", "Score (0-10; empty until given)", "score", header="Score (0-10)"),
                Field("reason", "Why (one line)", stretch=True),
            ],
            lambda: RowsOf("scores"),
            new_rows.scaling_score,
            noun="score",
            parent=self,
        )
        self.tables.append(table)
        self.layout_.addWidget(table, 1)
        self.chart = ScalingChart(self)
        self.layout_.addWidget(self.chart, 1)
        draft.listeners.append(self._show_chart)
        self.refresh()

    def _people_for_score(self, row_id: str) -> list[tuple[str, str]]:
        """Who this row may name: its own person and those not yet scored (the core's rule)."""
        return self.draft.read(scores.people_for_score(row_id))

    def _show_chart(self) -> None:
        """This meeting's scores beside the case's earlier ones, as typed."""
        history = self.draft.read(views.scaling_history)
        self.chart.show_history(history)
        # the chart shares the page with the table only when it has scores over time to show
        self.layout_.setStretchFactor(self.chart, 1 if history.worth_drawing else 0)

    def refresh(self) -> None:
        super().refresh()
        self._show_chart()
        self.last_time.setText(self.draft.read(views.scores_last_time))


class ProgressPage(Page):
    """Every action of the plan under review, carried forward with its status and a note."""

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        ensure_plan(draft, profile)
        self.layout_.addWidget(
            _guide(
                "Each open action from the current plan is listed: set its status and say "
                "how it is going. Done and no-longer-needed actions are marked so in the "
                "amended plan; nothing drops out silently.",
                self,
            )
        )
        table = RowTable(
            draft,
            PlanAction,
            [
                Field("what", "Action", stretch=True, editable=False),
                Field("owner_name", "Who", editable=False),
                Field("status", "Status", "choice", _choices(words.ACTION_STATUS)),
                Field("progress_note", "How it is going", stretch=True),
            ],
            lambda: RowsOf("plan_actions"),
            new_rows.plan_action(None),  # never called: actions are added on the plan page
            noun="action",
            parent=self,
        )
        for button in (table.add_button, table.remove_button, table.up_button, table.down_button):
            button.hide()  # actions are added and removed on the plan page
        self.tables.append(table)
        self.layout_.addWidget(table, 1)


def ensure_plan(draft: MeetingDraft, profile: Profile) -> None:
    """The meeting's draft plan version, made on first need from the last agreed one."""
    if draft.read(views.needs_plan):
        draft.change(views.start_plan(profile))
