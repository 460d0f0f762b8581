"""A chair's first day, through the real window only, from an empty data folder.

No demo, no factories and no writing to the store behind the window: the first-run
setup, New case, a whole initial planning meeting for a new child, signatures and
sign-off, the minutes and plan, then a review of the same case that carries the plan
forward. The app is closed and opened again (the passphrase typed into the unlock
dialog, as at every start) after every step, and what the store holds is read back
through the core's own record builder; the documents are read with python-docx and
pypdf. The setup and the new case are done from the keyboard alone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget, QWizard
from pytestqt.qtbot import QtBot

from cinchair.app import paths
from cinchair.cases.editing import case_details, list_cases
from cinchair.model import MeetingKind
from cinchair.record import build_record
from cinchair.sync.council import CouncilPublic, install_council_public
from cinchair.sync.keys.keys import CouncilKeys
from cinchair.ui.app import choose_store, make_main_window, reopen_meeting
from cinchair.ui.dialogs.case_form import CaseForm
from cinchair.ui.dialogs.first_run import FirstRunWizard
from cinchair.ui.lock import UnlockDialog
from cinchair.ui.meeting.cell_editors import GrowingTextEditor
from cinchair.ui.meeting.start import StartMeetingDialog
from cinchair.ui.widgets.signature_pad import SignatureDialog
from tests.docs_reading import docx_text

TODAY = date(2026, 12, 3)
PASSPHRASE = "river kettle purple lamp"
WORK = 2**12  # a cheap key derivation for tests; the real one takes half a second
POINTS = {
    "worried": "Leo has missed 9 mornings of school since September",
    "working-well": "Grandad Ron takes Leo to football every Saturday",
    "needs-to-happen": "Leo gets to school on time every day",
}
OUTCOMES = [
    ("Leo misses school", "Leo is at school by 8:45 every day", "Attendance of 95% over 6 weeks"),
    ("Mornings are chaotic", "Leo has breakfast before school", "Mum's diary shows 5 of 5 days"),
]
ACTIONS = [  # (outcome row, what, who, by when as typed)
    (
        0,
        "Walk Leo to breakfast club at 8:00 on Monday, Wednesday and Friday",
        "Ron Marsh",
        "15/01/2027",
    ),
    (0, "Send Mum the school's attendance figures every Friday", "Ms Patel", "19 Dec 2026"),
    (1, "Make a picture chart of the morning routine with Leo", "Sam Reid", "10/12/26"),
]


@pytest.fixture
def council_key_deployed() -> None:
    """IT puts the council's public key on the laptop before the chair's first start."""
    install_council_public(CouncilPublic(CouncilKeys.generate().public, None))


# -- the app's start and stop, as a chair meets them -------------------------------------------


class App:
    """The running app: its window over the store it opened."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        QTimer.singleShot(0, self._type_passphrase)
        chosen = choose_store(TODAY)
        assert chosen is not None
        self.store, demo, check, path = chosen.store, chosen.demo, chosen.check, chosen.own_path
        assert not demo
        self.window = make_main_window(
            self.store, today=TODAY, check_passphrase=check, lock_after_minutes=60
        )
        self.window.own_store_path = path
        reopen_meeting(self.window)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window)
        DRIVEN.append(self.window)

    def _type_passphrase(self) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        QTest.keyClicks(dialog.form.passphrase, PASSPHRASE)
        QTest.keyClick(dialog.form.passphrase, Qt.Key.Key_Return)

    def record(self, meeting_id: str) -> dict[str, Any]:
        with self.store.reading() as session:
            return build_record(session, meeting_id)

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        self.store.close()
        QApplication.processEvents()


def _reopen(qtbot: QtBot, app: App) -> App:
    app.close()
    return App(qtbot)


DRIVEN: list[QWidget] = []  # the window being driven from the keyboard; keys go to its focus


def _focused() -> QWidget:
    widget = DRIVEN[-1].focusWidget()
    assert widget is not None
    return widget


def _keys(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(_focused(), text)


def _key(qtbot: QtBot, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


# -- table cells, as the meeting pages edit them ------------------------------------------------


def _add(qtbot: QtBot, table: Any) -> int:
    qtbot.mouseClick(table.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(table.view, Qt.Key.Key_Escape)  # leave the new row's first cell
    return int(table.model.rowCount()) - 1


def _type(qtbot: QtBot, table: Any, row: int, column: int, text: str) -> None:
    view = table.view
    view.setFocus()
    view.setCurrentIndex(table.model.index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit | GrowingTextEditor), editor
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)


def _choose(qtbot: QtBot, table: Any, row: int, column: int, text: str) -> None:
    view = table.view
    view.setCurrentIndex(table.model.index(row, column))
    view.edit(view.currentIndex())
    box = view.indexWidget(view.currentIndex())
    assert isinstance(box, QComboBox), box
    found = box.findText(text, Qt.MatchFlag.MatchStartsWith)
    assert found >= 0, (text, [box.itemText(i) for i in range(box.count())])
    box.setCurrentIndex(found)
    box.activated.emit(found)  # as choosing from the list does
    qtbot.wait(20)


def _draw_and_accept(qtbot: QtBot) -> None:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, SignatureDialog), dialog
    pad = dialog.pad
    left, top = int(pad.pad_rect().left()), int(pad.pad_rect().top())
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(left + 30, top + 60))
    QTest.mouseMove(pad, QPoint(left + 120, top + 30))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(left + 200, top + 80))
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)


# -- the day -------------------------------------------------------------------------------------


def _first_run_by_keyboard(qtbot: QtBot) -> None:
    wizard = FirstRunWizard(store_path=paths.default_store_path(), work=WORK)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    DRIVEN.append(wizard)
    qtbot.waitUntil(lambda: wizard.focusWidget() is wizard.council.picker.list)
    picker = wizard.council.picker
    while picker.profile_id != "north-tyneside":
        _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Return)
    _keys(qtbot, "Sam Reid")
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.documents
    wizard.documents.folder_field.path.selectAll()
    _keys(qtbot, str(paths.data_dir().parent / "Documents"))
    _key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _focused() is wizard.store.passphrase.first)
    _keys(qtbot, PASSPHRASE)
    _key(qtbot, Qt.Key.Key_Tab)
    _keys(qtbot, PASSPHRASE)
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.finish
    assert wizard.finish.demo.isChecked()  # offered practice first
    _key(qtbot, Qt.Key.Key_Space)  # this chair goes straight to the real case
    _key(qtbot, Qt.Key.Key_Return)  # Finish
    assert wizard.result() == QWizard.DialogCode.Accepted
    done = wizard.done_setup
    assert done is not None and done.store is not None and not done.open_demo
    done.store.close()


def _new_case_by_keyboard(qtbot: QtBot, app: App) -> None:
    assert app.window.case_list.bar.empty_note.isVisible()
    app.window.case_list.table.setFocus()
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CaseForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, CaseForm)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)  # Ctrl+S goes to it
    DRIVEN.append(form)
    qtbot.waitUntil(lambda: _focused() is form.given)
    for text in ("Leo", "Marsh", "Lee"):  # given, family, preferred
        _keys(qtbot, text)
        _key(qtbot, Qt.Key.Key_Tab)
    _keys(qtbot, "14/5/19")  # date of birth (its calendar button is not in the Tab order)
    _key(qtbot, Qt.Key.Key_Tab)
    _keys(qtbot, "Male")
    _key(qtbot, Qt.Key.Key_Tab)
    _keys(qtbot, "English")
    _key(qtbot, Qt.Key.Key_Tab)
    _keys(qtbot, "LCS-771204")
    _key(qtbot, Qt.Key.Key_Tab)  # the council: the one chosen at setup
    _key(qtbot, Qt.Key.Key_Tab)
    _keys(qtbot, "27 Nov 2026")  # assessment completed
    _key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert form.saved_case_id is not None, form.summary.text()


def _start_meeting(qtbot: QtBot, app: App, kind: MeetingKind) -> str:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StartMeetingDialog)
        assert dialog.kind.currentData() == kind
        assert dialog.chair.text() == "Sam Reid"  # from the setup
        qtbot.keyClicks(dialog.venue, "Family home")
        qtbot.keyClick(dialog.venue, Qt.Key.Key_Return)

    table = app.window.case_list.table
    table.setFocus()
    QTimer.singleShot(0, answer)
    qtbot.keyClick(table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    page = app.window.meeting
    assert page is not None
    return str(page.draft.meeting_id)


def _page(app: App, kind_name: str, heading: str | None = None) -> Any:
    page = app.window.meeting
    assert page is not None
    kind = getattr(page.steps[0].kind, kind_name)
    index = page.step_index(kind, heading)
    page.go(index)
    return page.page(index)


@pytest.mark.slow
def test_a_chairs_first_day(qtbot: QtBot, council_key_deployed: None, tmp_path: Path) -> None:
    # 1. first-run setup, keyboard only
    _first_run_by_keyboard(qtbot)

    # 2. the empty list says what to do; New case, keyboard only
    app = App(qtbot)
    _new_case_by_keyboard(qtbot, app)
    app = _reopen(qtbot, app)
    with app.store.reading() as session:
        (case,) = list_cases(session)
        details = case_details(session, case.case_id)
    assert (details.given_name, details.family_name, details.preferred_name) == (
        "Leo",
        "Marsh",
        "Lee",
    )
    assert (details.date_of_birth, details.gender, details.first_language) == (
        date(2019, 5, 14),
        "Male",
        "English",
    )
    assert (details.case_ref, details.profile_id) == ("LCS-771204", "north-tyneside")
    assert details.assessment_completed_on == date(2026, 11, 27)
    assert not app.window.case_list.bar.empty_note.isVisible()

    # 3. the initial planning meeting: who is here
    meeting_id = _start_meeting(qtbot, app, MeetingKind.INITIAL_PLANNING)
    people = _page(app, "PEOPLE").table
    for name, kind, role in (
        ("Kelly Marsh", "Parent or carer", "Mother"),
        ("Ron Marsh", "Family and network", "Grandfather"),
        ("Ms Patel", "Professional", "Class teacher"),
        ("Sam Reid", "Professional", "Social worker"),
    ):
        row = _add(qtbot, people)
        _type(qtbot, people, row, 0, name)
        _choose(qtbot, people, row, 1, kind)
        _type(qtbot, people, row, 2, role)
    app = _reopen(qtbot, app)
    record = app.record(meeting_id)
    assert [(p["name"], p["role"]) for p in record["participants"]] == [
        ("Kelly Marsh", "Mother"),
        ("Ron Marsh", "Grandfather"),
        ("Ms Patel", "Class teacher"),
        ("Sam Reid", "Social worker"),
    ]
    assert app.window.meeting is not None  # the unfinished meeting reopened by itself

    # 4. consent and the child's voice
    consents, voice = _page(app, "CONSENT_VOICE").tables
    row = _add(qtbot, consents)
    _type(qtbot, consents, row, 0, "Kelly Marsh")
    _type(qtbot, consents, row, 2, "3/12/26")
    row = _add(qtbot, voice)
    _type(qtbot, voice, row, 1, "Three Houses")
    _type(qtbot, voice, row, 2, "I like it when Grandad walks me to school")
    app = _reopen(qtbot, app)
    record = app.record(meeting_id)
    assert [(c["given_by"], c["recorded_on"]) for c in record["consents"]] == [
        ("Kelly Marsh", "2026-12-03")
    ]
    assert [(v["tool"], v["content"]) for v in record["child_voice"]] == [
        ("Three Houses", "I like it when Grandad walks me to school")
    ]

    # 5. every agenda heading: a point, said by Kelly
    page = app.window.meeting
    assert page is not None
    headings = [s.heading_key for s in page.steps if s.kind is s.kind.HEADING]
    for key in headings:
        points = _page(app, "HEADING", key).tables[0]
        row = _add(qtbot, points)
        _choose(qtbot, points, row, 0, "Kelly Marsh")
        _type(qtbot, points, row, 1, POINTS.get(key, f"Kelly's point on {key}"))
    app = _reopen(qtbot, app)
    said = {a["key"]: a for a in app.record(meeting_id)["agenda"]}
    for key in headings:
        texts = [p["text"] for p in said[key]["points"]]
        assert texts == [POINTS.get(key, f"Kelly's point on {key}")], key

    # 6. scaling: Kelly scores 4
    scores = _page(app, "SCALING").tables[0]
    row = _add(qtbot, scores)
    _choose(qtbot, scores, row, 0, "Kelly Marsh")
    _type(qtbot, scores, row, 1, "4")
    _type(qtbot, scores, row, 2, "Mornings are still hard")
    app = _reopen(qtbot, app)
    scaling = app.record(meeting_id)["scaling"]
    assert [(s["score"], s["reason"]) for s in scaling["scores"]] == [
        (4, "Mornings are still hard")
    ]

    # 7. the plan: two outcomes, three actions, the particulars
    plan = _page(app, "PLAN")
    for row_values in OUTCOMES:
        row = _add(qtbot, plan.outcomes)
        for column, text in enumerate(row_values):
            _type(qtbot, plan.outcomes, row, column, text)
    for outcome_row, what, who, when in ACTIONS:
        plan.outcomes.view.setCurrentIndex(plan.outcomes.model.index(outcome_row, 0))
        row = _add(qtbot, plan.action_table)
        _type(qtbot, plan.action_table, row, 0, what)
        _choose(qtbot, plan.action_table, row, 1, who)
        _type(qtbot, plan.action_table, row, 3, when)
    plan.lead.setFocus()
    qtbot.keyClicks(plan.lead, "Sam Reid")
    qtbot.keyClicks(plan.lead_role, "Social worker")
    plan.visits.setFocus()
    plan.visits.selectAll()
    qtbot.keyClicks(plan.visits, "10")
    qtbot.keyClicks(plan.contingency, "If mornings slip, a family network meeting within a week.")
    app = _reopen(qtbot, app)
    saved_plan = app.record(meeting_id)["plan"]
    assert [
        (o["need"], o["outcome"], o["progress_measure"]) for o in saved_plan["outcomes"]
    ] == OUTCOMES
    actions = [
        (a["what"], a["owner_name"], a["due_on"])
        for o in saved_plan["outcomes"]
        for a in o["actions"]
    ]
    assert actions == [
        (ACTIONS[0][1], "Ron Marsh", "2027-01-15"),
        (ACTIONS[1][1], "Ms Patel", "2026-12-19"),
        (ACTIONS[2][1], "Sam Reid", "2026-12-10"),
    ]
    assert saved_plan["lead_professional"] == {"name": "Sam Reid", "role": "Social worker"}
    assert saved_plan["visit_every_days"] == 10
    assert (
        saved_plan["contingency_plan"]
        == "If mornings slip, a family network meeting within a week."
    )

    # 8. the outcome and the next review
    outcome = _page(app, "OUTCOME")
    continue_at = next(i for i, o in enumerate(outcome.options) if o.key == "continue")
    outcome.group.button(continue_at).click()
    qtbot.keyClicks(outcome.rationale, "A plan is in place; review in six weeks.")
    app = _reopen(qtbot, app)  # closed straight after typing: nothing typed is lost
    decision = app.record(meeting_id)["decision"]
    assert decision["option_key"] == "continue"
    assert decision["rationale"] == "A plan is in place; review in six weeks."
    assert decision["next_review_on"]

    # 9. Kelly signs, then the chair signs off
    sign = _page(app, "SIGN_OFF")
    kelly = next(i for i, s in enumerate(sign.states) if s.signer.name == "Kelly Marsh")
    sign.table.selectRow(kelly)
    QTimer.singleShot(0, lambda: _draw_and_accept(qtbot))
    qtbot.mouseClick(sign.sign_person, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, lambda: _draw_and_accept(qtbot))
    qtbot.mouseClick(sign.sign, Qt.MouseButton.LeftButton)
    app = _reopen(qtbot, app)
    record = app.record(meeting_id)
    assert record["signing"]["status"] == "signed"
    signed_by = {s["signer_name"]: s["status"] for s in record["signatures"]}
    assert signed_by["Kelly Marsh"] == "signed" and signed_by["Sam Reid"] == "signed"
    assert app.window.meeting is None  # a signed meeting is not reopened as unfinished

    # 10. the minutes and the plan, read back
    out = tmp_path / "documents"
    page = app.window.open_meeting(meeting_id)
    dialog = page.write_documents()
    dialog.folder.setText(str(out))
    dialog.write()
    app = _reopen(qtbot, app)
    written = sorted(out.iterdir())
    minutes = next(p for p in written if "minutes" in p.name and p.name.endswith("agencies.docx"))
    text = docx_text(minutes)
    for expected in ("Leo Marsh", "LCS-771204", "14 May 2019", *POINTS.values(), "Sam Reid"):
        assert expected in text, expected
    assert "Draft: not yet signed" not in text
    from pypdf import PdfReader

    plan_pdf = next(p for p in written if "plan" in p.name and p.name.endswith("family.pdf"))
    plan_text = " ".join((page_.extract_text() or "") for page_ in PdfReader(plan_pdf).pages)
    plan_text = " ".join(plan_text.split())
    for _row, what, _who, _when in ACTIONS:
        assert " ".join(what.split()) in plan_text, what

    # a misspelt name corrected afterwards: the signed minutes keep what was signed
    from cinchair.ui import case_actions

    app.window.case_list.choose_first()
    details_form = case_actions.edit_case(app.window)
    assert details_form is not None
    details_form.given.setText("Leon")
    details_form.accept()
    app = _reopen(qtbot, app)
    assert app.record(meeting_id)["case"]["child"]["given_name"] == "Leo"
    with app.store.reading() as session:
        assert list_cases(session)[0].child_name == "Leon Marsh"

    # 11. the review carries the plan forward: where each action stands, the plan as v2
    app.window.case_list.choose_first()
    review_id = _start_meeting(qtbot, app, MeetingKind.REVIEW)
    _page(app, "PROGRESS")
    _page(app, "PLAN")
    outcome = _page(app, "OUTCOME")
    continue_at = next(i for i, o in enumerate(outcome.options) if o.key == "continue")
    outcome.group.button(continue_at).click()
    qtbot.keyClicks(outcome.rationale, "Attendance is up; keep the plan going.")
    qtbot.wait(700)
    app = _reopen(qtbot, app)
    review = app.record(review_id)
    whats = [what for _row, what, _who, _when in ACTIONS]
    assert [a["what"] for a in review["progress"]] == whats
    assert review["plan"]["number"] == 2 and review["plan"]["previous_number"] == 1
    assert [o["outcome"] for o in review["plan"]["outcomes"]] == [o[1] for o in OUTCOMES]
    carried = [(a["what"], a["mark"]) for o in review["plan"]["outcomes"] for a in o["actions"]]
    assert carried == [(what, "unchanged") for what in whats]
    sign = _page(app, "SIGN_OFF")
    QTimer.singleShot(0, lambda: _draw_and_accept(qtbot))
    qtbot.mouseClick(sign.sign, Qt.MouseButton.LeftButton)
    app = _reopen(qtbot, app)
    review = app.record(review_id)
    assert review["signing"]["status"] == "signed"
    assert review["decision"]["rationale"] == "Attendance is up; keep the plan going."
    with app.store.reading() as session:
        (case,) = list_cases(session)
    assert case.child_name == "Leon Marsh"  # the same case, never a second one
    assert review["case"]["child"]["given_name"] == "Leon"  # a new meeting has the correction
    app.close()
