"""The last step: the family sign (or decline, or sign later), then the chair signs off.

Everyone's answer is listed against the record as it is now: a signature given
before a later edit says "signed an earlier version" until that person signs
again. The chair's own signature comes last and makes the minutes final; anyone
asked who has not answered by then is marked "to sign later", never left blank.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from cinchair.app.files import CannotWrite
from cinchair.domain.agenda import AgendaStep
from cinchair.domain.bidi import isolate
from cinchair.domain.dates import format_moment
from cinchair.meetings import signing, views
from cinchair.meetings.draft import MeetingDraft
from cinchair.model import SignatureStatus, SignedDocument
from cinchair.profiles import Profile
from cinchair.store.backup import take_backup
from cinchair.ui.meeting.missing import MissingList
from cinchair.ui.meeting.pages import Page, _guide
from cinchair.ui.widgets.duties import DutiesPanel
from cinchair.ui.widgets.signature_pad import Answer, SignatureDialog

COLUMN_FOR = {SignedDocument.MINUTES: "Minutes", SignedDocument.PLAN: "Plan"}


def answer_words(state: signing.DocumentState | None, signer: signing.Signer) -> str:
    """One cell: "Signed 14:05", "⚠ Signed an earlier version (14:05)", "Declined: …"."""
    if state is None:
        if signer.is_chair:
            return "Signs last, to sign off"
        return "Not yet" if signer.required else "May sign (not asked)"
    if state.status is SignatureStatus.SIGNED:
        when = format_moment(state.signed_at) if state.signed_at else ""
        if state.earlier_version:
            return f"⚠ Signed an earlier version ({when}): the record has changed since"
        return f"Signed {when}".strip()
    if state.status is SignatureStatus.DECLINED:
        return f"Declined: {state.reason}"
    return f"To sign later: {state.reason}" if state.reason else "To sign later"


class SignOffPage(Page):
    """Who signs, what each has answered, and the buttons to sign, decline or defer."""

    def __init__(self, draft: MeetingDraft, profile: Profile, step: AgendaStep) -> None:
        super().__init__(draft, profile, step)
        self.layout_.addWidget(
            _guide(
                "Turn the screen to the family. Each parent or carer (and the child, where "
                "right) signs, declines with a reason, or is marked to sign later. An edit "
                "made after someone signed shows against their signature until they sign "
                "again. The chair signs last: that signs off the minutes.",
                self,
            )
        )
        # required items still empty, each a way to its step (``missing_list.chosen``)
        self.missing_list = MissingList(draft, profile, self)
        self.layout_.addWidget(self.missing_list)
        # the council's tasks after the meeting: minutes and plan to whom, by when, and why
        self.duties = DutiesPanel("After the meeting: who receives &what, by when", self)
        self.duties.setMaximumHeight(self.fontMetrics().lineSpacing() * 12)
        self.layout_.addWidget(self.duties)
        self.table = QTableWidget(self)
        self.table.setAccessibleName("Who signs")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 12)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemActivated.connect(lambda _item: self.sign_selected())
        self.layout_.addWidget(self.table, 1)

        self.sign_person = QPushButton("&Sign…", self)
        self.sign_person.clicked.connect(self.sign_selected)
        self.decline = QPushButton("&Declined to sign…", self)
        self.decline.clicked.connect(lambda: self.sign_selected(start_with_reason=True))
        self.later = QPushButton("To sign &later…", self)
        self.later.clicked.connect(lambda: self.sign_selected(start_with_reason=True))
        self.sign = QPushButton("Sign off as cha&ir…", self)
        self.sign.clicked.connect(self.sign_off)
        row = QHBoxLayout()
        for button in (self.sign_person, self.decline, self.later):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.sign)
        self.layout_.addLayout(row)
        self.state = _guide("", self)
        self.state.setAccessibleName("Sign-off state")
        self.layout_.addWidget(self.state)
        self.states: list[signing.SignerState] = []
        self.refresh()

    def first_focus(self) -> QWidget:
        return self.table

    # -- showing --------------------------------------------------------------------------

    def refresh(self) -> None:
        now = self.draft.read(views.signing_state)
        self.states, documents, signed = now.states, now.documents, now.signed
        chair, at = now.chair_name, now.signed_at
        self.signed = signed
        self.missing_list.refresh()
        self.duties.show_items(
            self.draft.read(views.tasks_after(self.profile, date.today())),
            "The council's procedure names no task after this meeting.",
        )
        current = self.table.currentRow()
        self.table.clear()
        self.table.setColumnCount(1 + len(documents))
        self.table.setHorizontalHeaderLabels(["Who", *(COLUMN_FOR[d] for d in documents)])
        self.table.setRowCount(len(self.states))
        for row, state in enumerate(self.states):
            signer = state.signer
            cells = [signer.described] + [
                answer_words(state.documents[d], signer) for d in documents
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column and "⚠" in text:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column in range(self.table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        if self.states:
            self.table.selectRow(min(max(current, 0), len(self.states) - 1))
        owing = [isolate(s.signer.name) for s in self.states if s.owes and not s.signer.is_chair]
        earlier = [isolate(s.signer.name) for s in self.states if s.signed_earlier_version]
        if signed and at is not None:
            text = (
                f"Signed off by {isolate(chair)} on {format_moment(at)}. "
                "The record is final; a correction makes a new version."
            )
            if owing:
                text += " Still to sign: " + ", ".join(owing) + "."
        else:
            text = f"When everything is recorded, {isolate(chair)} signs off as chair, last."
            if owing:
                text += " Not yet signed: " + ", ".join(owing) + "."
        if earlier:
            text += " ⚠ Signed an earlier version: " + ", ".join(earlier) + "."
        self.state.setText(text)
        self._enable()

    def selected(self) -> signing.SignerState | None:
        row = self.table.currentRow()
        return self.states[row] if 0 <= row < len(self.states) else None

    def _enable(self) -> None:
        state = self.selected()
        family = state is not None and not state.signer.is_chair
        if family and self.signed:
            # signed minutes are final; only a "to sign later" may still be answered
            family = any(
                a is None or a.status is SignatureStatus.TO_SIGN_LATER
                for a in state.documents.values()  # type: ignore[union-attr]
            )
        for button in (self.sign_person, self.decline, self.later):
            button.setEnabled(family)
        self.sign.setEnabled(not self.signed)

    # -- signing --------------------------------------------------------------------------

    def dialog_for(self, state: signing.SignerState, start_with_reason: bool) -> SignatureDialog:
        signer = state.signer
        documents = [
            doc
            for doc, answer in state.documents.items()
            if not self.signed or answer is None or answer.status is SignatureStatus.TO_SIGN_LATER
        ]

        def save(answer: Answer) -> None:
            self.draft.change(
                partial(
                    signing.record_answer,
                    signer_key=signer.key,
                    documents=answer.documents,
                    status=answer.status,
                    name=answer.name,
                    role=answer.role,
                    strokes=answer.strokes,
                    reason=answer.reason,
                )
            )

        return SignatureDialog(
            name=signer.name,
            role=signer.role,
            documents=documents,
            save=save,
            start_with_reason=start_with_reason,
            parent=self,
        )

    def sign_selected(self, start_with_reason: bool = False) -> None:
        state = self.selected()
        if state is None:
            return
        if state.signer.is_chair:
            self.sign_off()
            return
        if not self.sign_person.isEnabled():
            return
        self.dialog_for(state, start_with_reason).exec()
        self.refresh()

    def chair_dialog(self) -> SignatureDialog | None:
        """The chair's pad, with who is still to sign said first; None if not ready."""
        problems = self.draft.read(views.sign_off_problems(self.profile))
        if problems:
            QMessageBox.warning(
                self, "Sign-off", "Not ready to sign off:\n- " + "\n- ".join(problems)
            )
            return None
        chair = next(s.signer for s in self.states if s.signer.is_chair)
        unanswered = [
            s.signer.name
            for s in self.states
            if s.signer.required and not s.signer.is_chair and not s.answered
        ]
        earlier = [isolate(s.signer.name) for s in self.states if s.signed_earlier_version]
        notes = []
        if unanswered:
            notes.append(
                "Not yet signed, so marked “to sign later” when you sign off: "
                + ", ".join(unanswered)
                + "."
            )
        if earlier:
            notes.append(
                "⚠ Signed an earlier version (the record changed after they signed): "
                + ", ".join(earlier)
                + ". Ask them to sign again first, or the documents will say so."
            )

        def save(answer: Answer) -> None:
            self.draft.change(
                partial(
                    signing.sign_off,
                    profile=self.profile,
                    strokes=answer.strokes,
                    name=answer.name,
                    role=answer.role,
                )
            )

        return SignatureDialog(
            name=chair.name,
            role=chair.role,
            documents=list(self.states[-1].documents),
            save=save,
            chair=True,
            note="\n".join(notes),
            parent=self,
        )

    def sign_off(self) -> None:
        dialog = self.chair_dialog()
        if dialog is None or dialog.exec() != SignatureDialog.DialogCode.Accepted:
            return
        try:  # an encrypted snapshot at every sign-off; the signed record is already safe
            take_backup(self.draft.store)
        except CannotWrite as exc:
            QMessageBox.warning(self, "Backup", f"Signed and saved, but no backup was made: {exc}")
        self.refresh()
