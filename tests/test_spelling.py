"""British English spell checking in the core: what is flagged, what is not, and the word list.

Where the chair's own words are kept (the store, an old file moved in): ``test_own_words.py``.
"""

from __future__ import annotations

import pytest

from cinchair.app import spelling
from cinchair.app.personal_dictionary import MemoryWords, StoreWords
from cinchair.app.spelling import (
    OwnWordList,
    SpellChecker,
    WordListProblem,
    load_hunspell,
    name_words,
)
from cinchair.store.facade import Store


@pytest.fixture(scope="module")
def dictionary() -> spelling.Dictionary:
    return load_hunspell()


@pytest.fixture
def checker(dictionary: spelling.Dictionary) -> SpellChecker:
    return SpellChecker(dictionary)


def flagged(checker: SpellChecker, text: str, names: frozenset[str] = frozenset()) -> list[str]:
    return [m.word for m in checker.misspellings(text, names)]


def test_british_spelling_is_right_and_american_or_wrong_spelling_is_flagged(checker) -> None:
    text = "The colour of the behaviour programme; the color; she will recieve the referal."
    assert flagged(checker, text) == ["color", "recieve", "referal"]


def test_where_a_misspelling_is_says_exactly_which_characters(checker) -> None:
    text = "Mum’s famly said: ‘schol is better’."
    found = checker.misspellings(text)
    assert [(text[m.start : m.end], m.word) for m in found] == [
        ("famly", "famly"),
        ("schol", "schol"),
    ]


def test_acronyms_numbers_addresses_and_care_words_are_not_flagged(checker) -> None:
    text = (
        "CIN, CAMHS and the SENCO met in Y6 at 3pm; see https://example.org/zxqv or "
        "write to jqzx.smythe@council.gov.uk or www.qwzx.nhs.uk. Her wellbeing is better."
    )
    assert flagged(checker, text) == []


def test_the_names_of_the_child_and_participants_are_not_flagged(checker) -> None:
    names = name_words(["Amelia Nowak", "Katarzyna Nowak-Wiśniewska", "Oluwaseun Adébáyọ̀"])
    text = "Amelia's mother Katarzyna Nowak-Wiśniewska and Oluwaseun spoke; Zbigniew did not."
    assert flagged(checker, text, names) == ["Zbigniew"]


def test_suggestions_put_the_likely_word_first(checker) -> None:
    assert checker.suggestions("recieve")[0] == "receive"
    assert "behaviour" in checker.suggestions("behavour")
    assert len(checker.suggestions("qqqqzzzz")) <= spelling.MAX_SUGGESTIONS


def test_an_added_word_passes_and_is_kept_in_the_store_for_next_time(dictionary, store) -> None:
    first = SpellChecker(dictionary, OwnWordList(StoreWords(store)))
    assert flagged(first, "Hartcliffe youth club") == ["Hartcliffe"]
    first.add_word("Hartcliffe")
    first.add_word("Hartcliffe")  # a second time changes nothing
    first.add_word(" hartcliffe ")  # nor does the same word in another case
    assert flagged(first, "Hartcliffe youth club") == []
    assert StoreWords(store).read() == {"Hartcliffe"}
    again = SpellChecker(dictionary, OwnWordList(StoreWords(store)))
    assert flagged(again, "HARTCLIFFE and Hartcliffe's club") == []


def test_a_removed_word_is_flagged_again_and_gone_from_the_store(dictionary, store) -> None:
    words = OwnWordList(StoreWords(store))
    checker = SpellChecker(dictionary, words)
    checker.add_word("Hartcliffe")
    checker.add_word("Knowle")
    words.remove("Hartcliffe")
    assert flagged(checker, "Hartcliffe and Knowle") == ["Hartcliffe"]
    assert StoreWords(store).read() == {"Knowle"}
    assert words.sorted() == ["Knowle"]
    words.remove("Hartcliffe")  # already gone: nothing to do, nothing wrong


def test_ignore_lasts_for_this_checker_only_and_writes_nothing(dictionary, store) -> None:
    checker = SpellChecker(dictionary, OwnWordList(StoreWords(store)))
    checker.ignore("Zorbek")
    assert flagged(checker, "Zorbek said") == []
    assert StoreWords(store).read() == set()
    assert flagged(SpellChecker(dictionary, OwnWordList(StoreWords(store))), "Zorbek said") == [
        "Zorbek"
    ]


@pytest.mark.parametrize("word", ["", "   ", "two words", "x" * 61])
def test_a_word_that_cannot_be_added_is_refused_in_words(dictionary, store, word) -> None:
    checker = SpellChecker(dictionary, OwnWordList(StoreWords(store)))
    with pytest.raises(WordListProblem):
        checker.add_word(word)
    assert StoreWords(store).read() == set()


def test_without_a_store_added_words_last_for_this_run(dictionary, private_data_dir) -> None:
    checker = SpellChecker(dictionary)
    assert not checker.own.kept
    checker.add_word("Zorbek")
    assert flagged(checker, "Zorbek said") == []
    assert flagged(SpellChecker(dictionary), "Zorbek said") == ["Zorbek"]
    assert not private_data_dir.exists() or not any(private_data_dir.iterdir())


def test_a_store_that_cannot_be_written_says_why_and_adds_nothing(dictionary, store) -> None:
    import sqlite3
    from contextlib import contextmanager

    from sqlalchemy.exc import OperationalError

    checker = SpellChecker(dictionary, OwnWordList(StoreWords(store)))

    @contextmanager
    def full():
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
        yield

    store.writing = full  # this store only: fails as a full or busy disk would
    with pytest.raises(WordListProblem, match=r"the disk is full\. Nothing was changed"):
        checker.add_word("Zorbek")
    assert flagged(checker, "Zorbek") == ["Zorbek"]  # not half-added
    assert "Zorbek" not in checker.own_words
    del store.writing  # the store writes again
    assert StoreWords(store).read() == set()


def test_a_busy_store_at_the_start_leaves_the_words_out_and_says_so(dictionary) -> None:
    class Busy(MemoryWords):
        def read(self) -> set[str]:
            raise WordListProblem("the store is busy, so your word list could not be read")

    words = OwnWordList(Busy())
    assert words.words == set()
    assert "could not be read" in (words.problem or "")
    assert flagged(SpellChecker(dictionary, words), "colour famly") == ["famly"]


def test_text_in_any_script_and_markup_characters_survive_checking(checker) -> None:
    text = "<&{{ }}> 👩‍👧 مرحبا 你好 Привет — famly"
    assert flagged(checker, text)[-1] == "famly"
    assert all(text[m.start : m.end] == m.word for m in checker.misspellings(text))


def test_the_shared_checker_keeps_words_in_the_chairs_store(store: Store, private_data_dir) -> None:
    spelling.forget_shared_checker()
    try:
        spelling.keep_words_in(store)
        shared = spelling.shared_checker()
        assert shared is not None, spelling.shared_problem()
        assert shared.own is spelling.own_word_list()  # Preferences sees the same list
        shared.add_word("Knowle")
        assert StoreWords(store).read() == {"Knowle"}
        assert not (private_data_dir / "my-words.txt").exists()
    finally:
        spelling.forget_shared_checker()


def test_a_store_named_later_takes_over_from_memory(dictionary, store: Store) -> None:
    spelling.forget_shared_checker()
    try:
        words = spelling.own_word_list()
        assert not words.kept
        words.add("Zorbek")  # practice: this run only
        spelling.keep_words_in(store)
        assert words.kept and words.words == set()
        words.add("Knowle")
        assert StoreWords(store).read() == {"Knowle"}
    finally:
        spelling.forget_shared_checker()


def test_only_words_in_latin_script_are_checked_against_english(checker) -> None:
    """Arabic, Urdu, Cyrillic, Greek, Chinese or Devanagari typed in the child's voice is
    not English misspelt: only Latin-script words (with their accents) are checked."""
    text = (
        "مدرسة جميلة، میں خوش ہوں; школа хорошая; σχολείο; 我喜欢学校; मुझे स्कूल पसंद है; "
        "but the famly and the schol are English."
    )
    assert flagged(checker, text) == ["famly", "schol"]


def test_a_word_mixing_latin_with_another_script_is_still_checked(checker) -> None:
    # a Latin typo with a stray Cyrillic letter is still English the chair typed
    assert flagged(checker, "the famlyа") == ["famlyа"]
