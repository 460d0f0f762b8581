"""The chair's own spelling words: kept inside the store, or in memory when there is none.

Why in the store: the words a chair adds ("Hartcliffe", "Nanna", a school's or a
street's name, a child's nickname) are identifying details. Everything else the chair
keeps is inside the SQLCipher-encrypted store, so these are too (``OwnWord``); the old
clear ``my-words.txt`` in the data folder is moved in at the first start with the
chair's own store (``move_old_word_list``) and removed once the words are committed.

Why not audited: the audit log is the hash-chained history of the *record*: who changed
what in a child's case. A spelling word changes no record, and the log is append-only,
so a name added by mistake could never be taken back out of it; here "Remove" really
removes. So words are written on a bare connection under the store's writer lock
(``Store.writing``), which the audit hook does not see, and read through
``Store.reading``. Nothing here touches a case, so finality has nothing to refuse.

Without a store (the demo, an explicit ``--store`` URL, tests) ``MemoryWords`` keeps
the words for this run only, starting from any old word list file, which it reads and
never writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import SQLAlchemyError

from cinchair.app.errors import ActionableError
from cinchair.app.failures import explain
from cinchair.app.files import staging_files
from cinchair.model import OwnWord, new_id, utcnow
from cinchair.model.personal_dictionary import MAX_WORD_LENGTH
from cinchair.store.facade import Store

OLD_LIST_NAME = "my-words.txt"

__all__ = [
    "MAX_WORD_LENGTH",
    "OLD_LIST_NAME",
    "MemoryWords",
    "OldList",
    "StoreWords",
    "WordKeeper",
    "WordListProblem",
    "clean_word",
    "move_old_word_list",
    "read_old_word_list",
]


class WordListProblem(ActionableError, ValueError):
    """The chair's word list cannot be read or changed; the message says why, in words.

    Nothing was changed when it is raised: a failed add leaves the word out, a failed
    remove leaves it in.
    """


def clean_word(word: str) -> str:
    """``word`` as the list keeps it (trimmed, typographic apostrophe made plain), or why not."""
    word = word.strip().replace("’", "'")
    if not word:
        raise WordListProblem("there is no word to add")
    if any(ch.isspace() for ch in word):
        raise WordListProblem(f"add one word at a time, not {word!r}")
    if len(word) > MAX_WORD_LENGTH:
        raise WordListProblem(f"a word is at most {MAX_WORD_LENGTH} letters long")
    return word


class WordKeeper(Protocol):
    """Where the checker's own words are kept: the store, or memory."""

    @property
    def kept(self) -> bool:
        """True when the words outlast this run (in the store)."""
        ...

    def read(self) -> set[str]: ...

    def add(self, words: Iterable[str]) -> list[str]:
        """Keep ``words`` (already cleaned); the ones that were new, as kept."""
        ...

    def remove(self, word: str) -> bool:
        """Forget ``word`` exactly as spelt; False if it was not there."""
        ...


def _new_words(existing: Iterable[str], words: Iterable[str]) -> list[str]:
    """``words`` not already in ``existing`` when compared case-folded, first spelling kept."""
    seen = {w.casefold() for w in existing}
    fresh = []
    for word in words:
        if word.casefold() not in seen:
            seen.add(word.casefold())
            fresh.append(word)
    return fresh


def _store_problem(exc: BaseException) -> WordListProblem | None:
    """A store failure in the words ``cinchair.app.failures`` uses for any save; None if unknown.

    An unknown failure is a fault in the program, not something the chair can put right:
    it goes on up to the error reporter.
    """
    explained = explain(exc)
    if explained is None:
        return None
    reason = explained.title.removeprefix("Not saved: ")
    return WordListProblem(f"{reason}. Nothing was changed; try again once that is put right.")


class StoreWords:
    """The chair's words in their store's ``own_words`` table; one transaction per call."""

    kept = True

    def __init__(self, store: Store) -> None:
        self.store = store

    def read(self) -> set[str]:
        try:
            with self.store.reading() as session:
                return set(session.scalars(select(OwnWord.word)))
        except SQLAlchemyError as exc:
            problem = _store_problem(exc)
            if problem is None:
                raise
            raise problem from exc

    def add(self, words: Iterable[str]) -> list[str]:
        words = list(words)
        if not words:
            return []
        try:
            with self.store.writing() as connection:
                existing = connection.scalars(select(OwnWord.word)).all()
                fresh = _new_words(existing, words)
                if fresh:
                    now = utcnow()
                    connection.execute(
                        insert(OwnWord),
                        [{"id": new_id(), "word": w, "added_at": now} for w in fresh],
                    )
        except SQLAlchemyError as exc:
            problem = _store_problem(exc)
            if problem is None:
                raise
            raise problem from exc
        return fresh

    def remove(self, word: str) -> bool:
        try:
            with self.store.writing() as connection:
                gone = connection.execute(delete(OwnWord).where(OwnWord.word == word))
        except SQLAlchemyError as exc:
            problem = _store_problem(exc)
            if problem is None:
                raise
            raise problem from exc
        return bool(gone.rowcount)


class MemoryWords:
    """Words for this run only: the demo, a store given by URL, tests."""

    kept = False

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._words: set[str] = set(words)
        self._lock = threading.Lock()

    def read(self) -> set[str]:
        return set(self._words)

    def add(self, words: Iterable[str]) -> list[str]:
        with self._lock:
            fresh = _new_words(self._words, words)
            self._words.update(fresh)
        return fresh

    def remove(self, word: str) -> bool:
        with self._lock:
            if word not in self._words:
                return False
            self._words.discard(word)
            return True


@dataclass(frozen=True)
class OldList:
    """What became of an old clear word list file.

    ``left`` holds the words read from a file that is still there (not moved, or not
    removed), so the checker can use them this run; ``problem`` says in words why the
    file is still there, for the chair to put right.
    """

    moved: tuple[str, ...] = ()
    left: frozenset[str] = frozenset()
    problem: str | None = None


def read_old_word_list(path: Path) -> tuple[list[str], list[str], str | None]:
    """The words of an old ``my-words.txt``: (usable words, entries refused, problem).

    A missing file is an empty list. A file that is not UTF-8 is reported, not guessed
    at: its words could come out wrong, and the file is the only copy.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return [], [], None
    except UnicodeDecodeError:
        return (
            [],
            [],
            f"{path} is not UTF-8 text; it was left as it is and its words are not used. "
            "Open it in a text editor and save it as UTF-8: its words then move into your "
            "store at the next start.",
        )
    except OSError as exc:
        return [], [], f"{path} cannot be read: {exc.strerror}"
    words, refused = [], []
    for entry in text.split():  # one word a line; a hand-edited line may hold several
        try:
            words.append(clean_word(entry))
        except WordListProblem:
            refused.append(entry)
    return words, refused, None


def move_old_word_list(keeper: StoreWords, path: Path) -> OldList:
    """Move the words of the clear file at ``path`` into the store, then remove the file.

    The words are committed first and the file removed after: a crash in between leaves
    both, and the next start simply moves the same words again (nothing doubles). A file
    that cannot be read, or holds an entry that is not a word the list can take, stays
    where it is with the reason in ``problem``, its good words moved in meanwhile.
    """
    words, refused, problem = read_old_word_list(path)
    if problem is not None:
        return OldList(problem=problem)
    if not path.exists():
        for part in staging_files(path):
            part.unlink(missing_ok=True)
        return OldList()
    try:
        moved = keeper.add(words)
    except WordListProblem as exc:
        return OldList(
            left=frozenset(words),
            problem=f"The words in {path} could not be moved into your store yet: {exc} "
            "The file was left as it is and is tried again at the next start.",
        )
    if refused:
        shown = ", ".join(repr(r[:20] + "…" if len(r) > 20 else r) for r in refused[:3])
        return OldList(
            moved=tuple(moved),
            left=frozenset(words),
            problem=f"{path} was left as it is: {len(refused)} of its entries ({shown}) are "
            f"not single words of at most {MAX_WORD_LENGTH} letters. Its other words are in "
            "your store now; correct or delete those lines, then start cinchair again.",
        )
    try:
        path.unlink()
        for part in staging_files(path):
            part.unlink(missing_ok=True)
    except OSError as exc:
        return OldList(
            moved=tuple(moved),
            left=frozenset(words),
            problem=f"Your words are in your encrypted store now, but the old clear file "
            f"{path} could not be removed ({exc.strerror}). Delete it yourself.",
        )
    return OldList(moved=tuple(moved))
