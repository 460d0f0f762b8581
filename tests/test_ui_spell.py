"""Spell checking, phrases and the count of required items, through the real widgets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from cinchair import spelling
from cinchair.agenda import StepKind
from cinchair.demo import build_demo
from cinchair.model import Case
from cinchair.store import Store, sqlite_url
from cinchair.ui.meeting.start import StartMeetingDialog
from cinchair.ui.meeting.window import MeetingPage
from cinchair.ui.spell import spelling_of

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def fresh_checker():
    """Each test's own data folder, so its word list starts empty."""
    spelling.forget_shared_checker()
    yield
    spelling.forget_shared_checker()


@pytest.fixture
def review(qtbot, tmp_path: Path):
    """An unsigned review of the demo case, open on its meeting page."""
    demo = build_demo(tmp_path / "demo.sqlite3")
    store = Store.open(sqlite_url(demo.store_path))
    with store.reading() as session:
        case_id = session.query(Case).one().id
    dialog = StartMeetingDialog(store, case_id, TODAY)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.chair, "Priya Shah")
    dialog.start()
    page = MeetingPage(store, dialog.meeting_id)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    yield page, store
    store.close()


def _open(page: MeetingPage, kind: StepKind):
    index = page.step_index(kind)
    page.go(index)
    QApplication.processEvents()
    return page.page(index)


def _underlined(edit: QPlainTextEdit) -> list[str]:
    """The words the highlighter has marked, read from the document's layout."""
    out = []
    block = edit.document().firstBlock()
    while block.isValid():
        for fmt in block.layout().formats():
            style = fmt.format.underlineStyle()
            if style == fmt.format.UnderlineStyle.SpellCheckUnderline:
                out.append(block.text()[fmt.start : fmt.start + fmt.length])
        block = block.next()
    return out


def test_a_misspelt_word_is_underlined_offered_corrections_and_an_added_word_passes(
    qtbot, review, private_data_dir
) -> None:
    page, _store = review
    outcome = _open(page, StepKind.OUTCOME)
    box = outcome.rationale
    box.setFocus()
    qtbot.keyClicks(box, "Amelia and her famly agreed. Hartcliffe youth club helps.")
    assert _underlined(box) == ["famly", "Hartcliffe"]  # the child's name is not flagged

    helper = spelling_of(box)
    cursor = box.textCursor()
    cursor.setPosition(len("Amelia and her fa"))
    box.setTextCursor(cursor)
    menu = helper.context_menu()  # as the Menu key opens it, at the text cursor
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "family"
    assert "Add “famly” to my word list" in texts and "Ignore “famly”" in texts
    next(a for a in menu.actions() if a.text() == "family").trigger()
    assert box.toPlainText().startswith("Amelia and her family agreed.")

    cursor.setPosition(len("Amelia and her family agreed. Hartc"))
    box.setTextCursor(cursor)
    menu = helper.context_menu()
    next(a for a in menu.actions() if a.text().startswith("Add “Hartcliffe”")).trigger()
    assert _underlined(box) == []
    assert (private_data_dir / "my-words.txt").read_text(encoding="utf-8") == "Hartcliffe\n"

    spelling.forget_shared_checker()  # as if the app started again: the list is read back
    assert "Hartcliffe" in spelling.shared_checker().own_words


def test_ignore_clears_the_underline_for_this_session_only(qtbot, review, private_data_dir):
    page, _store = review
    box = _open(page, StepKind.PLAN).contingency
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, "If Zorbek moves out, call the duty team.")
    assert _underlined(box) == ["Zorbek"]
    spelling_of(box).ignore("Zorbek")
    assert _underlined(box) == []
    assert not (private_data_dir / "my-words.txt").exists()


def test_a_table_cell_of_free_text_is_checked_while_it_is_typed(qtbot, review) -> None:
    page, _store = review
    points = _open(page, StepKind.HEADING).tables[0]
    points.add()
    view = points.view
    view.closePersistentEditor(view.currentIndex())
    view.setCurrentIndex(points.model.index(0, 1))  # the Point column
    view.edit(view.currentIndex())
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "The schol says attendance is up")
    helper = spelling_of(editor)
    assert [m.word for m in helper.misspelt] == ["schol"]
    editor.setCursorPosition(6)
    menu = helper.context_menu()
    school = next(a for a in menu.actions() if a.text() == "school")
    assert menu.actions().index(school) < 6  # among the suggestions, above Add and Ignore
    school.trigger()
    assert editor.text() == "The school says attendance is up"
    assert helper.misspelt == []
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)
    assert points.model.index(0, 1).data() == "The school says attendance is up"


def test_a_name_column_is_not_spell_checked(qtbot, review) -> None:
    page, _store = review
    people = _open(page, StepKind.PEOPLE).table
    people.add()
    editor = people.view.indexWidget(people.view.currentIndex())
    assert isinstance(editor, QLineEdit)  # the Name column opens first
    assert spelling_of(editor) is None
    qtbot.keyClicks(editor, "Zofia Lis")  # a name, so closing the cell saves a valid row
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(20)


def test_a_phrase_goes_in_at_the_cursor_and_is_saved(qtbot, review) -> None:
    page, _store = review
    plan = _open(page, StepKind.PLAN)
    box = plan.contingency
    box.setFocus()
    box.selectAll()  # the plan carried forward has one: start afresh
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, "Agreed. ")
    helper = spelling_of(box)
    phrases = page.profile.phrases
    assert phrases, "every shipped profile has phrases"
    menu = helper.context_menu()
    submenu = next(a.menu() for a in menu.actions() if a.menu() is not None)
    assert submenu.title().startswith("Insert &phrase")
    assert [a.toolTip() for a in submenu.actions()] == list(phrases)
    submenu.actions()[0].trigger()
    assert box.toPlainText() == "Agreed. " + phrases[0]
    plan.flush()
    saved = plan.draft.read(lambda _s, m: m.plan_version.contingency_plan)
    assert saved == "Agreed. " + phrases[0]


def test_ctrl_shift_p_opens_the_phrases_at_the_cursor(qtbot, review, monkeypatch) -> None:
    page, _store = review
    box = _open(page, StepKind.OUTCOME).rationale
    box.setFocus()
    shown = []
    monkeypatch.setattr(
        "cinchair.ui.spell._Spelling.show_menu", lambda _h, menu, _at: shown.append(menu.title())
    )
    qtbot.keyClick(
        box, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert shown == ["Insert &phrase (Ctrl+Shift+P)"]
    assert box.toPlainText() == ""  # the key itself typed nothing


def test_the_count_of_required_items_follows_the_typing_and_leads_to_the_first(
    qtbot, review
) -> None:
    page, _store = review
    button = page.missing_button
    first = page.missing[0]
    before = len(page.missing)
    assert button.text() == f"⚠ {before} required items still empty"
    assert first.step_key == "people"

    plan = _open(page, StepKind.PLAN)
    lead = plan.lead
    lead.setFocus()
    lead.selectAll()
    qtbot.keyClick(lead, Qt.Key.Key_Delete)  # the carried-forward lead professional, gone
    wanted = "The plan: the lead professional"
    qtbot.waitUntil(lambda: wanted in [m.label for m in page.missing])
    assert button.text() == f"⚠ {before + 1} required items still empty"
    qtbot.keyClicks(lead, "Priya Shah")
    qtbot.waitUntil(lambda: wanted not in [m.label for m in page.missing])
    assert button.text() == f"⚠ {before} required items still empty"

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.step_list.currentRow() == 0  # Who is here: the first still empty
    people = page.page(0)
    people.copy_previous()
    assert "Who is here" not in [m.label for m in page.missing]
    assert button.text().startswith(f"⚠ {len(page.missing)} required item")

    signoff = _open(page, StepKind.SIGN_OFF)
    listed = [signoff.missing_list.item(i).text() for i in range(signoff.missing_list.count())]
    assert listed[0].startswith("Still empty before sign-off")
    assert listed[1:] == [f"• {m.label}" for m in page.missing]
    signoff.missing_list.itemActivated.emit(signoff.missing_list.item(1))
    assert page.steps[page.step_list.currentRow()].key == page.missing[0].step_key
