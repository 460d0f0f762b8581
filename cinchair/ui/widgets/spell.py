"""Spell checking and the council's phrases in the long text fields of a meeting.

``install_spelling(edit, draft)`` gives a text box (a QPlainTextEdit or QTextEdit on a
page, or the QLineEdit a table opens for a cell of free text):

- red wavy underlines under words the British English dictionary does not know,
  redrawn only for the paragraph being typed (``cinchair.app.spelling`` caches words);
- a right-click (or Menu key, Shift+F10) menu with up to six suggestions, "Add to my
  word list" (kept inside the chair's encrypted store for next time; see
  ``cinchair.app.personal_dictionary``) and "Ignore" (until the app closes), above the usual
  Cut/Copy/Paste;
- "Insert phrase": the council's common wording from its profile, from the same
  menu or with Ctrl+Shift+P, inserted at the cursor.

The names of the child and of everyone at the meeting are never flagged: they are
read from the draft, and read again after each saved edit only when next needed.
A line edit has no QSyntaxHighlighter, so its underlines are given to it as input
method formats, the one public way to format part of a QLineEdit's text.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QInputMethodEvent,
    QKeySequence,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.personal_dictionary import WordListProblem
from cinchair.app.spelling import (
    Misspelling,
    OwnWordList,
    SpellChecker,
    name_words,
    own_word_list,
    shared_checker,
)
from cinchair.meetings import views
from cinchair.meetings.draft import MeetingDraft
from cinchair.profiles import get_profile
from cinchair.ui import theme

PHRASE_KEYS = QKeySequence("Ctrl+Shift+P")
TextBox = QPlainTextEdit | QTextEdit


class SpellContext:
    """What a meeting's text is checked with: its people's names and its council's phrases.

    Names come from every meeting of the case, not only this one: the plan carried
    forward from the last review names people who may not be here today.
    """

    def __init__(self, draft: MeetingDraft) -> None:
        self.draft = draft
        self.phrases: tuple[str, ...] = ()
        self._names: frozenset[str] | None = None
        profile_id = draft.read(views.profile_id)
        try:
            self.phrases = get_profile(profile_id).phrases
        except (KeyError, ValueError):
            self.phrases = ()  # the meeting page says what is wrong with the profile
        draft.listeners.append(self._forget_names)

    def _forget_names(self) -> None:
        self._names = None

    @property
    def names(self) -> frozenset[str]:
        if self._names is None:
            self._names = name_words(self.draft.read(views.names_in_case))
        return self._names


_contexts: weakref.WeakKeyDictionary[MeetingDraft, SpellContext] = weakref.WeakKeyDictionary()
# every installed text box, to redraw them all when a word is added or ignored
_installed: weakref.WeakSet[_Spelling] = weakref.WeakSet()


def context_for(draft: MeetingDraft) -> SpellContext:
    if draft not in _contexts:
        _contexts[draft] = SpellContext(draft)
    return _contexts[draft]


def _underline() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(theme.spelling_underline())
    return fmt


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines misspelt words, one paragraph (block) at a time as Qt asks."""

    def __init__(self, document: QTextDocument, checker: SpellChecker, ctx: SpellContext) -> None:
        super().__init__(document)
        self.checker, self.ctx = checker, ctx

    def highlightBlock(self, text: str) -> None:
        if not text:
            return
        fmt = _underline()
        for found in self.checker.misspellings(text, self.ctx.names):
            self.setFormat(found.start, found.length, fmt)


class _Spelling(QObject):
    """The menu, the phrase key and the redraws for one text box; base for both kinds."""

    def __init__(self, edit: QWidget, checker: SpellChecker, ctx: SpellContext) -> None:
        super().__init__(edit)
        self.edit, self.checker, self.ctx = edit, checker, ctx
        edit.installEventFilter(self)
        _installed.add(self)

    # -- what the kinds differ in --------------------------------------------------------

    def read_only(self) -> bool:
        return bool(self.edit.isReadOnly())  # type: ignore[attr-defined]

    def word_at(self, pos: QPoint | None) -> tuple[Misspelling, Callable[[str], None]] | None:
        """The misspelling at ``pos`` (None: at the text cursor), and how to replace it."""
        raise NotImplementedError

    def insert(self, text: str) -> None:
        raise NotImplementedError

    def standard_menu(self, pos: QPoint) -> QMenu:
        raise NotImplementedError

    def recheck(self) -> None:
        raise NotImplementedError

    def cursor_point(self) -> QPoint:
        rect = self.edit.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle)
        point: QPoint = self.edit.mapToGlobal(rect.toRect().bottomLeft())
        return point

    # -- the menu ------------------------------------------------------------------------

    def context_menu(self, pos: QPoint | None = None) -> QMenu:
        """The right-click menu for ``pos`` (widget coordinates; None: the text cursor)."""
        menu = self.standard_menu(pos or QPoint(0, 0))
        first = menu.actions()[0] if menu.actions() else None
        found = self.word_at(pos)
        if found is not None:
            wrong, replace = found
            added = []
            if not self.read_only():
                suggestions = self.checker.suggestions(wrong.word)
                for word in suggestions:
                    action = menu.addAction(word)
                    action.triggered.connect(lambda _c=False, w=word: replace(w))
                    font = action.font()
                    font.setBold(True)
                    action.setFont(font)
                    added.append(action)
                if not suggestions:
                    none = menu.addAction("(no suggestions)")
                    none.setEnabled(False)
                    added.append(none)
            add = menu.addAction(f"Add “{wrong.word}” to my word list")
            add.triggered.connect(lambda _c=False, w=wrong.word: self.add_word(w))
            ignore = menu.addAction(f"Ignore “{wrong.word}”")
            ignore.triggered.connect(lambda _c=False, w=wrong.word: self.ignore(w))
            added += [add, ignore]
            for action in added:
                menu.removeAction(action)
                if first is None:
                    menu.addAction(action)
                else:
                    menu.insertAction(first, action)
            if first is not None:
                menu.insertSeparator(first)
        if self.ctx.phrases and not self.read_only():
            menu.addSeparator()
            menu.addMenu(self.phrase_menu(menu))
        return menu

    def phrase_menu(self, parent: QWidget | None = None) -> QMenu:
        menu = QMenu("Insert &phrase (Ctrl+Shift+P)", parent or self.edit)
        menu.setAccessibleName("The council's phrases")
        for phrase in self.ctx.phrases:
            shown = phrase if len(phrase) <= 80 else phrase[:77] + "…"
            action = menu.addAction(shown.replace("&", "&&"))
            action.setToolTip(phrase)
            action.triggered.connect(lambda _c=False, p=phrase: self.insert(p))
        return menu

    def add_word(self, word: str) -> None:
        try:
            self.checker.add_word(word)
        except WordListProblem as exc:
            QMessageBox.warning(self.edit, "My word list", f"“{word}” was not added: {exc}")
            return
        redraw_all()
        tell_word_list_problem(self.checker, self.edit)

    def ignore(self, word: str) -> None:
        self.checker.ignore(word)
        redraw_all()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
            pos = None if keyboard else self._edit_point(watched, event.pos())
            self.show_menu(
                self.context_menu(pos), self.cursor_point() if keyboard else event.globalPos()
            )
            return True
        if (
            kind == QEvent.Type.KeyPress
            and event.keyCombination().toCombined() == PHRASE_KEYS[0].toCombined()  # type: ignore[attr-defined,index]
        ):
            if self.ctx.phrases and not self.read_only():
                self.show_menu(self.phrase_menu(), self.cursor_point())
            return True
        return super().eventFilter(watched, event)

    def show_menu(self, menu: QMenu, at: QPoint) -> None:
        """Run ``menu`` at ``at`` (screen coordinates) until it closes."""
        menu.exec(at)
        menu.deleteLater()

    def _edit_point(self, watched: QObject, pos: QPoint) -> QPoint:
        return pos


class _TextBoxSpelling(_Spelling):
    """A QPlainTextEdit or QTextEdit: a highlighter on its document."""

    def __init__(self, edit: TextBox, checker: SpellChecker, ctx: SpellContext) -> None:
        super().__init__(edit, checker, ctx)
        edit.viewport().installEventFilter(self)
        self.highlighter = SpellHighlighter(edit.document(), checker, ctx)

    def _edit_point(self, watched: QObject, pos: QPoint) -> QPoint:
        if watched is self.edit.viewport():  # type: ignore[attr-defined]
            return pos
        mapped: QPoint = self.edit.viewport().mapFrom(self.edit, pos)  # type: ignore[attr-defined]
        return mapped

    def word_at(self, pos: QPoint | None) -> tuple[Misspelling, Callable[[str], None]] | None:
        edit: Any = self.edit
        cursor = edit.textCursor() if pos is None else edit.cursorForPosition(pos)
        block = cursor.block()
        column = cursor.positionInBlock()
        for found in self.checker.misspellings(block.text(), self.ctx.names):
            if found.start <= column <= found.end:

                def replace(word: str, f: Misspelling = found, at: int = block.position()) -> None:
                    change = edit.textCursor()
                    change.setPosition(at + f.start)
                    change.setPosition(at + f.end, change.MoveMode.KeepAnchor)
                    change.insertText(word)
                    edit.setTextCursor(change)

                return found, replace
        return None

    def insert(self, text: str) -> None:
        self.edit.textCursor().insertText(text)  # type: ignore[attr-defined]

    def standard_menu(self, pos: QPoint) -> QMenu:
        menu: QMenu = self.edit.createStandardContextMenu(pos)  # type: ignore[attr-defined]
        return menu

    def recheck(self) -> None:
        self.highlighter.rehighlight()


class _LineSpelling(_Spelling):
    """A QLineEdit (a table cell being edited): underlines as input method formats."""

    def __init__(self, edit: QLineEdit, checker: SpellChecker, ctx: SpellContext) -> None:
        super().__init__(edit, checker, ctx)
        self.misspelt: list[Misspelling] = []
        edit.textChanged.connect(self.recheck)
        self.recheck()

    def recheck(self) -> None:
        edit: Any = self.edit
        text = edit.text()
        self.misspelt = self.checker.misspellings(text, self.ctx.names) if text else []
        fmt = _underline()
        cursor = edit.cursorPosition()
        kind = QInputMethodEvent.AttributeType.TextFormat
        attributes = [
            QInputMethodEvent.Attribute(kind, m.start - cursor, m.length, fmt)
            for m in self.misspelt
        ]
        QCoreApplication.sendEvent(edit, QInputMethodEvent("", attributes))

    def word_at(self, pos: QPoint | None) -> tuple[Misspelling, Callable[[str], None]] | None:
        edit: Any = self.edit
        column = edit.cursorPosition() if pos is None else edit.cursorPositionAt(pos)
        for found in self.misspelt:
            if found.start <= column <= found.end:

                def replace(word: str, f: Misspelling = found) -> None:
                    edit.setSelection(f.start, f.length)
                    edit.insert(word)
                    edit.textEdited.emit(edit.text())  # the table saves after a typing pause

                return found, replace
        return None

    def insert(self, text: str) -> None:
        edit: Any = self.edit
        edit.insert(text)
        edit.textEdited.emit(edit.text())

    def standard_menu(self, pos: QPoint) -> QMenu:
        menu: QMenu = self.edit.createStandardContextMenu()  # type: ignore[attr-defined]
        return menu


def install_spelling(edit: QWidget, draft: MeetingDraft) -> _Spelling | None:
    """Spell checking and phrases for ``edit``; None (the box as it was) without a dictionary."""
    checker = shared_checker()
    if checker is None:
        return None
    ctx = context_for(draft)
    edit.setProperty("cinchairSpelling", True)
    if isinstance(edit, QLineEdit):
        helper: _Spelling = _LineSpelling(edit, checker, ctx)
    elif isinstance(edit, QPlainTextEdit | QTextEdit):
        helper = _TextBoxSpelling(edit, checker, ctx)
    else:
        raise TypeError(f"no spell checking for a {type(edit).__name__}")
    hint = "Right-click a word for spelling; Ctrl+Shift+P inserts one of the council's phrases."
    if not edit.accessibleDescription():
        edit.setAccessibleDescription(hint)
    return helper


_told: set[str] = set()  # word list problems already shown this run


def tell_word_list_problem(checker: SpellChecker, parent: QWidget | None) -> None:
    """Say once a run why an old word list file is still in the data folder.

    The chair hears of it when they add a word, as before the words moved into the
    store, but the word is added all the same: the store does not depend on the file.
    """
    problem = checker.word_list_problem
    if problem is None or problem in _told:
        return
    _told.add(problem)
    QMessageBox.information(parent, "My word list", problem)


def spelling_of(edit: QWidget) -> _Spelling | None:
    """The spell checking installed on ``edit``, if any (tests, and redraws)."""
    return next((h for h in list(_installed) if h.edit is edit), None)


def redraw_all() -> None:
    """Check every open text box again (after a word was added or ignored)."""
    for helper in list(_installed):
        try:
            helper.recheck()
        except RuntimeError:  # its widget has gone (a closed cell editor)
            _installed.discard(helper)


class OwnWordsBox(QGroupBox):
    """The chair's own spelling words in Preferences, each removable (Remove or Delete).

    For taking back a word added by mistake: a removal acts at once, in the store, like
    the passphrase change, and every open text box is checked again. Words are added
    where they are met, from the right-click menu, so there is no Add here.
    """

    def __init__(self, parent: QWidget | None = None, words: OwnWordList | None = None) -> None:
        super().__init__("My &spelling words", parent)
        self.words = words or own_word_list()
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("My spelling words")
        self.list.setAccessibleDescription("Delete removes the selected word")
        rows = self.list.fontMetrics().lineSpacing()  # room for about four words: the
        self.list.setFixedHeight(rows * 4 + 2 * self.list.frameWidth() + 4)  # box stays small
        self.remove_button = QPushButton("Re&move word", self)
        self.remove_button.setAccessibleName("Remove the selected word")
        self.remove_button.clicked.connect(self.remove_selected)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Spelling words problem")
        self.problem.setStyleSheet(theme.text_style(theme.warning_colour(), bold=True))
        self.list.installEventFilter(self)
        self.list.currentItemChanged.connect(lambda *_: self._enable())

        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(row)
        layout.addWidget(self.problem)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for word in self.words.sorted():
            item = QListWidgetItem(word, self.list)
            item.setData(Qt.ItemDataRole.UserRole, word)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._say()
        self._enable()

    def _say(self, problem: str | None = None) -> None:
        if not self.list.count():
            told = (
                "None yet: right-click a word underlined in red and choose “Add to my word list”."
            )
        elif self.words.kept:
            told = "Kept inside your case store, with your records."
        else:
            told = "Kept for this session only, until cinchair closes."
        self.note.setText(told)
        problem = problem or self.words.problem
        self.problem.setText(problem or "")
        self.problem.setVisible(bool(problem))

    def _enable(self) -> None:
        self.remove_button.setEnabled(self.list.currentItem() is not None)

    def remove_selected(self) -> bool:
        """Remove the selected word; False (and why, in words) if it could not be."""
        if self.list.currentRow() < 0:
            return False
        item = self.list.currentItem()
        word = item.data(Qt.ItemDataRole.UserRole)
        try:
            self.words.remove(word)
        except WordListProblem as exc:
            self._say(f"“{word}” was not removed: {exc}")
            return False
        row = self.list.row(item)
        self.list.takeItem(row)
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._say()
        self._enable()
        self.list.setFocus()
        redraw_all()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)  # type: ignore[attr-defined]
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)
