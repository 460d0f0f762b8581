"""British English spell checking in the core: what is flagged, what is not, and the word list."""

from __future__ import annotations

from pathlib import Path

import pytest

from cinchair import spelling
from cinchair.files import CannotWrite
from cinchair.spelling import SpellChecker, WordListProblem, load_hunspell, name_words


@pytest.fixture(scope="module")
def dictionary() -> spelling.Dictionary:
    return load_hunspell()


@pytest.fixture
def checker(dictionary: spelling.Dictionary, tmp_path: Path) -> SpellChecker:
    return SpellChecker(dictionary, tmp_path / "my-words.txt")


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


def test_an_added_word_passes_and_is_kept_for_next_time(dictionary, tmp_path) -> None:
    path = tmp_path / "data" / "my-words.txt"
    first = SpellChecker(dictionary, path)
    assert flagged(first, "Hartcliffe youth club") == ["Hartcliffe"]
    first.add_word("Hartcliffe")
    first.add_word("Hartcliffe")  # a second time changes nothing
    assert flagged(first, "Hartcliffe youth club") == []
    assert path.read_text(encoding="utf-8") == "Hartcliffe\n"
    again = SpellChecker(dictionary, path)
    assert flagged(again, "HARTCLIFFE and Hartcliffe's club") == []


def test_ignore_lasts_for_this_checker_only_and_writes_nothing(dictionary, tmp_path) -> None:
    path = tmp_path / "my-words.txt"
    checker = SpellChecker(dictionary, path)
    checker.ignore("Zorbek")
    assert flagged(checker, "Zorbek said") == []
    assert not path.exists()
    assert flagged(SpellChecker(dictionary, path), "Zorbek said") == ["Zorbek"]


@pytest.mark.parametrize("word", ["", "   ", "two words", "x" * 61])
def test_a_word_that_cannot_be_added_is_refused_in_words(checker, word) -> None:
    with pytest.raises(WordListProblem):
        checker.add_word(word)
    assert not checker.word_list_path.exists()


def test_a_word_list_that_is_not_utf8_is_left_as_it_is(dictionary, tmp_path) -> None:
    path = tmp_path / "my-words.txt"
    path.write_bytes(b"Hartcliffe\n\xff\xfe broken\n")
    checker = SpellChecker(dictionary, path)
    assert "not UTF-8" in (checker.word_list_problem or "")
    with pytest.raises(WordListProblem, match="not UTF-8"):
        checker.add_word("Knowle")
    assert path.read_bytes() == b"Hartcliffe\n\xff\xfe broken\n"  # nothing lost


def test_a_word_list_that_cannot_be_written_says_why(checker, tmp_path, monkeypatch) -> None:
    def refuse(path: Path, data: bytes) -> Path:
        raise CannotWrite(path, "the disk is full; free some space and try again")

    monkeypatch.setattr(spelling, "write_atomically", refuse)
    with pytest.raises(CannotWrite, match="disk is full"):
        checker.add_word("Zorbek")
    assert flagged(checker, "Zorbek") == ["Zorbek"]  # not half-added
    assert "Zorbek" not in checker.own_words


def test_text_in_any_script_and_markup_characters_survive_checking(checker) -> None:
    text = "<&{{ }}> 👩‍👧 مرحبا 你好 Привет — famly"
    assert flagged(checker, text)[-1] == "famly"
    assert all(text[m.start : m.end] == m.word for m in checker.misspellings(text))


def test_the_shared_checker_uses_the_data_folder(private_data_dir) -> None:
    spelling.forget_shared_checker()
    try:
        shared = spelling.shared_checker()
        assert shared is not None, spelling.shared_problem()
        shared.add_word("Knowle")
        assert (private_data_dir / spelling.WORD_LIST_NAME).read_text() == "Knowle\n"
    finally:
        spelling.forget_shared_checker()
