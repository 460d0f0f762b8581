"""Spell checking, phrases, the chair's own words and the count of required items, for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from cinchair.app import spelling
from cinchair.app.personal_dictionary import StoreWords
from cinchair.demo import build_demo
from cinchair.domain.agenda import StepKind
from cinchair.model import Case
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.dialogs.preferences import PreferencesDialog
from cinchair.ui.meeting.cell_editors import GrowingTextEditor
from cinchair.ui.meeting.start import StartMeetingDialog
from cinchair.ui.meeting.window import MeetingPage
from cinchair.ui.widgets.spell import OwnWordsBox, redraw_all, spelling_of
from tests.test_ui_accessibility import unnamed_controls

TODAY = date(2026, 11, 23)


pytestmark = pytest.mark.usefixtures("fresh_checker")


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
    opened = page.page(index)
    if kind is StepKind.OUTCOME:
        opened.group.button(0).click()  # the reasons open once an outcome is chosen
    return opened


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
    page, store = review
    spelling.keep_words_in(store)  # as the app does for the chair's own store
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
    assert StoreWords(store).read() == {"Hartcliffe"}  # in the store, not in a clear file
    assert not (private_data_dir / "my-words.txt").exists()

    spelling.forget_shared_checker()  # as if the app started again: the list is read back
    spelling.keep_words_in(store)
    assert "Hartcliffe" in spelling.shared_checker().own_words


def test_ignore_clears_the_underline_for_this_session_only(qtbot, review, private_data_dir):
    page, store = review
    spelling.keep_words_in(store)
    box = _open(page, StepKind.PLAN).contingency
    box.setFocus()
    box.selectAll()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    qtbot.keyClicks(box, "If Zorbek moves out, call the duty team.")
    assert _underlined(box) == ["Zorbek"]
    spelling_of(box).ignore("Zorbek")
    assert _underlined(box) == []
    assert not (private_data_dir / "my-words.txt").exists()
    assert StoreWords(store).read() == set()


def _add_from_menu(box: QPlainTextEdit, at: int, word: str) -> None:
    cursor = box.textCursor()
    cursor.setPosition(at)
    box.setTextCursor(cursor)
    menu = spelling_of(box).context_menu()
    next(a for a in menu.actions() if a.text().startswith(f"Add “{word}”")).trigger()


def test_a_word_the_store_cannot_take_is_not_added_and_the_chair_is_told_why(
    qtbot, review, monkeypatch
) -> None:
    import sqlite3
    from contextlib import contextmanager

    from sqlalchemy.exc import OperationalError

    page, store = review
    spelling.keep_words_in(store)
    box = _open(page, StepKind.OUTCOME).rationale
    box.setFocus()
    qtbot.keyClicks(box, "Hartcliffe youth club")
    warned = []
    monkeypatch.setattr(
        "cinchair.ui.widgets.spell.QMessageBox.warning", lambda _p, title, text: warned.append(text)
    )

    @contextmanager
    def busy():
        raise OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
        yield

    store.writing = busy  # this store only: fails as a full or busy disk would
    _add_from_menu(box, 3, "Hartcliffe")
    assert warned == [
        "“Hartcliffe” was not added: the store is busy. "
        "Nothing was changed; try again once that is put right."
    ]
    assert _underlined(box) == ["Hartcliffe"]
    del store.writing  # the store writes again
    assert StoreWords(store).read() == set()


def test_an_old_list_left_in_place_is_told_once_when_a_word_is_added(
    qtbot, review, private_data_dir, monkeypatch
) -> None:
    page, store = review
    old = private_data_dir / "my-words.txt"
    old.write_bytes(b"Knowle\n\xff broken\n")
    spelling.keep_words_in(store)
    box = _open(page, StepKind.OUTCOME).rationale
    box.setFocus()
    qtbot.keyClicks(box, "Hartcliffe and Zorbek")
    told = []
    monkeypatch.setattr(
        "cinchair.ui.widgets.spell.QMessageBox.information",
        lambda _p, title, text: told.append(text),
    )
    monkeypatch.setattr("cinchair.ui.widgets.spell._told", set())
    _add_from_menu(box, 3, "Hartcliffe")
    _add_from_menu(box, len("Hartcliffe and Zo"), "Zorbek")
    assert len(told) == 1 and "is not UTF-8 text; it was left as it is" in told[0]
    assert _underlined(box) == []
    assert StoreWords(store).read() == {"Hartcliffe", "Zorbek"}
    assert old.read_bytes() == b"Knowle\n\xff broken\n"


def test_preferences_list_the_chairs_words_and_remove_one_with_the_keyboard(qtbot, review) -> None:
    page, store = review
    spelling.keep_words_in(store)
    box = _open(page, StepKind.OUTCOME).rationale
    box.setFocus()
    qtbot.keyClicks(box, "Hartcliffe youth club")
    for word in ("Hartcliffe", "Ньютон", "مريم", "<&{{Nan}}>", "knowle"):
        spelling.own_word_list().add(word)
    redraw_all()
    assert _underlined(box) == []

    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    words = dialog.own_words
    listed = [words.list.item(i).text() for i in range(words.list.count())]
    assert listed == ["<&{{Nan}}>", "Hartcliffe", "knowle", "Ньютон", "مريم"]
    assert words.note.text() == "Kept inside your case store, with your records."
    assert words.problem.isHidden()

    dialog.show()
    chain, widget = [], dialog.chair_name  # Tab from the name reaches the list, then Remove
    while widget is not words.remove_button and len(chain) < 100:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(dialog):
            chain.append(widget)
    assert chain[-2:] == [words.list, words.remove_button]
    words.list.setFocus()
    qtbot.keyClick(words.list, Qt.Key.Key_Down)
    qtbot.keyClick(words.list, Qt.Key.Key_Delete)
    assert StoreWords(store).read() == {"Ньютон", "مريم", "<&{{Nan}}>", "knowle"}
    assert _underlined(box) == ["Hartcliffe"]  # the open text box is checked again
    assert words.list.currentItem().text() == "knowle"  # the next word, ready for another
    qtbot.mouseClick(words.remove_button, Qt.MouseButton.LeftButton)
    assert StoreWords(store).read() == {"Ньютон", "مريم", "<&{{Nan}}>"}
    dialog.reject()  # Cancel: the settings are untouched, the removals stand
    assert StoreWords(store).read() == {"Ньютон", "مريم", "<&{{Nan}}>"}


def test_the_word_list_in_preferences_says_when_a_removal_fails(qtbot, review):
    import sqlite3
    from contextlib import contextmanager

    from sqlalchemy.exc import OperationalError

    _page, store = review
    spelling.keep_words_in(store)
    spelling.own_word_list().add("Hartcliffe")
    words = OwnWordsBox()
    qtbot.addWidget(words)
    words.show()

    @contextmanager
    def full():
        raise OperationalError("DELETE", {}, sqlite3.OperationalError("database or disk is full"))
        yield

    store.writing = full  # this store only: fails as a full or busy disk would
    assert not words.remove_selected()
    assert words.problem.isVisible()
    assert words.problem.text().startswith("“Hartcliffe” was not removed: the disk is full")
    assert words.list.count() == 1
    del store.writing  # the store writes again
    assert StoreWords(store).read() == {"Hartcliffe"}


def test_in_the_demo_the_word_list_says_plainly_it_lasts_this_session(qtbot) -> None:
    spelling.own_word_list().add("Zorbek")
    words = OwnWordsBox()
    qtbot.addWidget(words)
    words.show()
    assert unnamed_controls(words) == []
    assert words.note.text() == "Kept for this session only, until cinchair closes."
    assert words.list.item(0).text() == "Zorbek"
    assert words.remove_selected() and words.list.count() == 0
    assert words.note.text().startswith("None yet: right-click a word underlined in red")
    assert not words.remove_button.isEnabled()


def test_a_table_cell_of_free_text_is_checked_while_it_is_typed(qtbot, review) -> None:
    page, _store = review
    points = _open(page, StepKind.HEADING).tables[0]
    points.add()
    view = points.view
    view.closePersistentEditor(view.currentIndex())
    view.setCurrentIndex(points.model.index(0, 1))  # the Point column
    view.edit(view.currentIndex())
    editor = view.indexWidget(view.currentIndex())
    assert isinstance(editor, GrowingTextEditor)  # a point is long free text
    qtbot.keyClicks(editor, "The schol says attendance is up")
    helper = spelling_of(editor)
    assert _underlined(editor) == ["schol"]
    editor.setCursorPosition(6)
    menu = helper.context_menu()
    school = next(a for a in menu.actions() if a.text() == "school")
    assert menu.actions().index(school) < 6  # among the suggestions, above Add and Ignore
    school.trigger()
    assert editor.text() == "The school says attendance is up"
    assert _underlined(editor) == []
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
        "cinchair.ui.widgets.spell._Spelling.show_menu",
        lambda _h, menu, _at: shown.append(menu.title()),
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


_STARTED = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from cinchair.app import paths

from cinchair.app import spelling
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui import app as app_module

app = QApplication(sys.argv)
old = paths.data_dir() / "my-words.txt"
old.write_text("Hartcliffe\\nНьютон\\n", encoding="utf-8")
own = paths.default_store_path()


def chosen(_today):
    if {demo}:
        return app_module.open_demo_store(), True, None, None
    return Store.open(sqlite_url(own)), False, None, own


def look():
    if not any(isinstance(w, QMainWindow) and w.isVisible() for w in app.topLevelWidgets()):
        QTimer.singleShot(20, look)
        return
    words = spelling.own_word_list()
    print(json.dumps({{"file": old.exists(), "kept": words.kept, "words": words.sorted()}}))
    app.quit()


app_module.choose_store = chosen
QTimer.singleShot(0, look)
sys.exit(app_module.run())
"""


def _start(tmp_path: Path, *, demo: bool) -> dict:
    """Start the real app in a process of its own, the chair's own store (or the demo) chosen."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CINCHAIR_DATA_DIR=str(tmp_path / "d"))
    done = subprocess.run(
        [sys.executable, "-c", _STARTED.format(demo=demo)],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_started_app_moves_an_old_word_list_into_the_chairs_own_store(tmp_path) -> None:
    seen = _start(tmp_path, demo=False)
    assert seen == {"file": False, "kept": True, "words": ["Hartcliffe", "Ньютон"]}
    with Store.open(sqlite_url(tmp_path / "d" / "cinchair.sqlite3")) as store:
        assert StoreWords(store).read() == {"Hartcliffe", "Ньютон"}


@pytest.mark.slow
def test_the_started_demo_leaves_the_old_word_list_alone(tmp_path) -> None:
    seen = _start(tmp_path, demo=True)
    assert seen == {"file": True, "kept": False, "words": ["Hartcliffe", "Ньютон"]}
