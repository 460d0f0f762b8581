"""Whether a plan's action says what will be done that someone could see or count.

"Mum to try harder" has an owner and a date and still tells nobody what will happen.
A child protection manager reads an action for three things: a verb someone could be
seen doing, a measure (how often, how many, by when) where the action repeats or aims
at a change, and none of the stock phrasing that promises effort instead ("engage
with", "work on", "ensure", "monitor", "support the family").

The rules are language rules over a word list kept as data
(``resources/smart/action-language.toml``), so a council can read and extend them and
every flag comes with the advice of the phrase that raised it. Nothing here calls a
network model: the same text gives the same answer on every laptop.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from cinchair.app.paths import resources_dir


class Rule(StrEnum):
    """Why an action was found vague: each has its own advice."""

    VAGUE_PHRASE = "vague-phrase"
    UNMEASURED = "unmeasured"
    NO_FREQUENCY = "no-frequency"
    NOTHING_OBSERVABLE = "nothing-observable"


@dataclass(frozen=True)
class Vagueness:
    """What makes an action vague: the rule, the words that raised it, and what to add."""

    rule: Rule
    words: str
    advice: str

    def message(self, name: str) -> str:
        """The finding in words, for an action called ``name`` ('Action 1.2 "…"')."""
        if self.rule is Rule.NOTHING_OBSERVABLE:
            return f"{name} does not say what will be done: {self.advice}."
        if self.rule is Rule.NO_FREQUENCY:
            return f"{name} does not say how often: {self.advice}."
        return f"{name} is vague ('{self.words}'): {self.advice}."


@dataclass(frozen=True)
class _Phrase:
    pattern: re.Pattern[str]
    always: bool
    advice: str


@dataclass(frozen=True)
class ActionLanguage:
    """The compiled word list: vague phrases, measures, and verbs someone could see."""

    phrases: tuple[_Phrase, ...]
    anchors: re.Pattern[str]
    one_off: re.Pattern[str]
    recurring: re.Pattern[str]

    @classmethod
    def from_toml(cls, text: str, source: str = "action language") -> ActionLanguage:
        """Compile the word list; a broken file is named with the entry that is wrong."""
        try:
            data = tomllib.loads(text)
            phrases = tuple(_phrase(entry) for entry in data["vague"])
            anchors = _any_of(data["anchors"]["patterns"])
            one_off = _any_of(data["observable"]["one_off"], words=True)
            recurring = _any_of(data["observable"]["recurring"], words=True)
        except (tomllib.TOMLDecodeError, KeyError, TypeError, re.error) as error:
            raise ValueError(f"{source}: {error}") from error
        return cls(phrases, anchors, one_off, recurring)

    def assess(self, text: str) -> Vagueness | None:
        """Why ``text`` is vague, or None when it says what will be done."""
        plain = normalise(text)
        if not plain:
            return None
        measured = bool(self.anchors.search(plain))
        for phrase in self.phrases:
            found = phrase.pattern.search(plain)
            if found and (phrase.always or not measured):
                rule = Rule.VAGUE_PHRASE if phrase.always else Rule.UNMEASURED
                return Vagueness(rule, found.group(0), phrase.advice)
        one_off = bool(self.one_off.search(plain))
        recurring = self.recurring.search(plain)
        if recurring and not one_off and not measured:
            return Vagueness(
                Rule.NO_FREQUENCY,
                recurring.group(0),
                "give the days, the times or a number a week",
            )
        if not (one_off or recurring or measured):
            return Vagueness(
                Rule.NOTHING_OBSERVABLE,
                plain,
                "name something a person will do that others could see or count "
                "(what exactly, how often, where, and how everyone will know)",
            )
        return None


def _phrase(entry: dict[str, Any]) -> _Phrase:
    kind = entry.get("kind", "always")
    if kind not in ("always", "unless-measured"):
        raise ValueError(f"kind must be 'always' or 'unless-measured', not {kind!r}")
    return _Phrase(
        re.compile(entry["pattern"], re.IGNORECASE), kind == "always", str(entry["advice"])
    )


def _any_of(patterns: list[str], words: bool = False) -> re.Pattern[str]:
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"\b(?:{body})\b" if words else body, re.IGNORECASE)


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def normalise(text: str) -> str:
    """Straight quotes and single spaces, so the patterns see the words as typed."""
    return " ".join(text.translate(_QUOTES).split())


def language_file() -> Path:
    """The shipped word list."""
    return resources_dir() / "smart" / "action-language.toml"


@lru_cache(maxsize=1)
def shipped() -> ActionLanguage:
    """The shipped word list, compiled once per process."""
    path = language_file()
    return ActionLanguage.from_toml(path.read_text(encoding="utf-8"), str(path))


def assess(text: str) -> Vagueness | None:
    """Why the action ``text`` is vague under the shipped word list, or None."""
    return shipped().assess(text)
