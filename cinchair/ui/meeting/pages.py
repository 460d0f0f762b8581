"""The agenda's pages: who is here, consent and voice, the headings, scaling, progress.

Each page is built from the draft and the council's profile and edits through the
draft only; ``refresh()`` re-reads after an undo or redo.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cinchair.domain import vocabulary as words
from cinchair.domain.agenda import AgendaStep
from cinchair.domain.dates import format_day
from cinchair.meetings import plans
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.scaling_history import case_history
from cinchair.model import (
    ActionStatus,
    Attendance,
    ChildVoice,
    Consent,
    ConsentStatus,
    Contribution,
    Meeting,
    Participant,
    ParticipantKind,
    PlanAction,
    ScalingScore,
    VoiceMethod,
)
from cinchair.profiles import Profile
from cinchair.ui.meeting.attachments_view import AttachmentsView
from cinchair.ui.meeting.rows import Field, RowTable
from cinchair.ui.meeting.scaling_chart import ScalingChart

# The agencies most often round the table; quick add fills in the agency and role.
USUAL_AGENCIES = [
    ("School: Designated Safeguarding Lead", "Designated Safeguarding Lead", "School"),
    ("School nurse", "School Nurse", "0-19 Public Health Service"),
    ("Health visitor", "Health Visitor", "0-19 Public Health Service"),
    ("GP", "GP", "GP practice"),
    ("Early Help", "Family Practitioner", "Early Help"),
    ("Social worker", "Social Worker", "Children's Services"),
    ("Police", "Police Officer", "Police"),
    ("Housing", "Housing Officer", "Housing"),
    ("Child and adolescent mental health", "Practitioner", "CAMHS"),
]


def _choices(table: dict) -> Any:
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

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__()
        self.draft, self.profile, self.step = draft, profile, step
        # signed minutes are final: every page shows them, none changes them
        self.final: bool = draft.read(lambda _s, m: m.signed_at is not None)
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

    def first_focus(self) -> QWidget:
        return self.tables[0].view if self.tables else self

    def people(self) -> list[tuple[str, str | None]]:
        """Participants as (label, id) for "who said it" pickers; None is the meeting."""

        def read(_s: Any, meeting: Meeting) -> list[tuple[str, str | None]]:
            return [("The meeting", None)] + [
                (f"{p.name} ({p.role})" if p.role else p.name, p.id) for p in meeting.participants
            ]

        return self.draft.read(read)


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

        def make(_s: Any, meeting: Meeting) -> Participant:
            return Participant(
                meeting_id=meeting.id,
                name="",
                kind=ParticipantKind.PROFESSIONAL,
                attendance=Attendance.PRESENT,
                sort_order=len(meeting.participants),
            )

        self.table = RowTable(
            draft,
            Participant,
            fields,
            lambda _s, m: list(m.participants),
            make,
            noun="person",
            parent=self,
        )
        self.tables.append(self.table)
        self.layout_.addWidget(self.table, 1)

        quick = QHBoxLayout()
        self.agency = QComboBox(self)
        self.agency.setAccessibleName("Usual agencies")
        for label, role, agency in USUAL_AGENCIES:
            self.agency.addItem(label, (role, agency))
        add_agency = self.add_agency_button = QPushButton("Quick &add agency", self)
        add_agency.clicked.connect(self.add_agency)
        self.copy_button = QPushButton("Start from last meeting's &people", self)
        self.copy_button.clicked.connect(self.copy_previous)
        quick.addWidget(QLabel("Usual agencies:", self))
        quick.addWidget(self.agency)
        quick.addWidget(add_agency)
        quick.addStretch(1)
        quick.addWidget(self.copy_button)
        self.layout_.addLayout(quick)
        self.refresh()

    def refresh(self) -> None:
        super().refresh()
        final = self.table.model.final
        self.add_agency_button.setEnabled(not final)
        self.agency.setEnabled(not final)
        self.copy_button.setEnabled(
            not final and bool(self.draft.read(lambda s, m: _previous_people(s, m)))
        )

    def add_agency(self) -> None:
        role, agency = self.agency.currentData()

        def make(_s: Any, meeting: Meeting) -> Participant:
            return Participant(
                meeting_id=meeting.id,
                name="",
                kind=ParticipantKind.PROFESSIONAL,
                role=role,
                agency=agency,
                attendance=Attendance.PRESENT,
                sort_order=len(meeting.participants),
            )

        row_id = self.draft.add(f"Add {self.agency.currentText()}", make)
        self.table.model.reload()
        self.table.select(row_id, 0)
        self.table.view.setFocus()
        self.table.view.edit(self.table.view.currentIndex())

    def copy_previous(self) -> None:
        """Offer last meeting's people as a start: same names and roles, attendance reset."""
        previous = self.draft.read(lambda s, m: _previous_people(s, m))
        have = self.draft.read(lambda _s, m: {p.name.casefold() for p in m.participants})
        for name, kind, role, agency, relation, interpreter, copy in previous:
            if name.casefold() in have:
                continue

            def make(
                _s: Any,
                meeting: Meeting,
                row: tuple = (name, kind, role, agency, relation, interpreter, copy),
            ) -> Participant:
                return Participant(
                    meeting_id=meeting.id,
                    name=row[0],
                    kind=row[1],
                    role=row[2],
                    agency=row[3],
                    relationship_to_child=row[4],
                    interpreter_language=row[5],
                    receives_copy=row[6],
                    attendance=Attendance.PRESENT,
                    sort_order=len(meeting.participants),
                )

            self.draft.add(f"Add {name}", make)
        self.refresh()


def _previous_people(session: Any, meeting: Meeting) -> list[tuple]:
    earlier = [m for m in meeting.case.meetings if m.held_on < meeting.held_on]
    if not earlier:
        return []
    last = max(earlier, key=lambda m: m.held_on)
    return [
        (
            p.name,
            p.kind,
            p.role,
            p.agency,
            p.relationship_to_child,
            p.interpreter_language,
            p.receives_copy,
        )
        for p in last.participants
    ]


class ConsentVoicePage(Page):
    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        self.layout_.addWidget(
            _guide("Consent to the work: who gave (or refused) it, and when.", self)
        )

        def make_consent(_s: Any, meeting: Meeting) -> Consent:
            return Consent(
                meeting_id=meeting.id,
                status=ConsentStatus.GIVEN,
                given_by="",
                recorded_on=meeting.held_on,
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
            lambda _s, m: list(m.consents),
            make_consent,
            noun="consent",
            parent=self,
        )
        self.layout_.addWidget(consents, 1)
        self.layout_.addWidget(
            _guide(
                "The child's voice: how their wishes and feelings were gathered, and what "
                "they said, in their own words where they can be quoted.",
                self,
            )
        )

        def make_voice(_s: Any, meeting: Meeting) -> ChildVoice:
            return ChildVoice(
                meeting_id=meeting.id,
                method=VoiceMethod.MET_CHAIR_BEFORE,
                content="",
                sort_order=len(meeting.child_voice),
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
            lambda _s, m: list(m.child_voice),
            make_voice,
            noun="view",
            parent=self,
        )
        self.layout_.addWidget(voice, 1)
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
        def read(_s: Any, meeting: Meeting) -> tuple[str, list[str]]:
            given = meeting.case.child_preferred_name or meeting.case.child_given_name
            return given, [v.content for v in meeting.child_voice if v.in_own_words and v.content]

        given, said = self.draft.read(read)
        quoted = "".join(
            f'<p style="margin:2px 0 2px 12px; font-style:italic;">“{html.escape(text)}”'
            f'<span style="font-style:normal; color:palette(mid);"> in {html.escape(given)}\'s '
            "own words</span></p>"
            for text in said
        )
        self.quotes.setText(quoted)
        self.quotes.setVisible(bool(said))


class HeadingPage(Page):
    """One framework heading, in the council's words: points, each attributed."""

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        key = step.heading_key or ""

        def make(_s: Any, meeting: Meeting) -> Contribution:
            return Contribution(
                meeting_id=meeting.id,
                heading_key=key,
                text="",
                sort_order=len(meeting.contributions_under(key)),
            )

        table = RowTable(
            draft,
            Contribution,
            [
                Field("participant_id", "Said by", "choice", self.people),
                Field("text", "Point", stretch=True),
                CONFIDENTIAL,
            ],
            lambda _s, m: sorted(m.contributions_under(key), key=lambda c: c.sort_order),
            make,
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

        def make(_s: Any, meeting: Meeting) -> ScalingScore:
            scored = {s.participant_id for s in meeting.scaling_scores}
            unscored = [p for p in meeting.participants if p.id not in scored]
            if not unscored:
                raise ValueError("everyone here already has a score")
            return ScalingScore(meeting_id=meeting.id, participant_id=unscored[0].id, score=5)

        table = RowTable(
            draft,
            ScalingScore,
            [
                Field("participant_id", "Who", "choice", lambda: self.people()[1:]),
                Field("score", "Score (0-10)", "score"),
                Field("reason", "Why (one line)", stretch=True),
            ],
            lambda _s, m: list(m.scaling_scores),
            make,
            noun="score",
            parent=self,
        )
        self.tables.append(table)
        self.layout_.addWidget(table, 1)
        self.chart = ScalingChart(self)
        self.layout_.addWidget(self.chart, 1)
        draft.listeners.append(self._show_chart)
        self.refresh()

    def _show_chart(self) -> None:
        """This meeting's scores beside the case's earlier ones, as typed."""
        self.chart.show_history(
            self.draft.read(lambda s, m: case_history(s, m.case_id, up_to=m.id))
        )

    def refresh(self) -> None:
        super().refresh()
        self._show_chart()

        def read(session: Any, meeting: Meeting) -> str:
            earlier = [m for m in meeting.case.meetings if m.held_on < meeting.held_on]
            if not earlier:
                return "No earlier scores: this is the first meeting."
            last = max(earlier, key=lambda m: m.held_on)
            if not last.scaling_scores:
                return "No scores were recorded last time."
            parts = [f"{s.participant.name} {s.score}" for s in last.scaling_scores]
            return f"Last time ({format_day(last.held_on)}): " + ", ".join(parts)

        self.last_time.setText(self.draft.read(read))


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
            lambda _s, m: m.plan_version.actions if m.plan_version else [],
            lambda _s, m: PlanAction(status=ActionStatus.NOT_STARTED),
            noun="action",
            parent=self,
        )
        for button in (table.add_button, table.remove_button, table.up_button, table.down_button):
            button.hide()  # actions are added and removed on the plan page
        self.tables.append(table)
        self.layout_.addWidget(table, 1)


def ensure_plan(draft: MeetingDraft, profile: Profile) -> None:
    """The meeting's draft plan version, made on first need from the last agreed one.

    A first plan is given the council's target length as its end, which the chair
    can change; an empty end would otherwise show as the meeting's own date.
    """

    def make(session: Any, meeting: Meeting) -> None:
        if meeting.plan_version is None:
            plans.start_version(
                session,
                meeting.case,
                meeting,
                starts_on=meeting.held_on,
                end_target=(
                    profile.plan.target.after(meeting.held_on) if profile.plan.target else None
                ),
            )

    if draft.read(lambda _s, m: m.plan_version is None and m.signed_at is None):
        draft.change(make)
