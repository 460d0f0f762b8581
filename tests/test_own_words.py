"""The chair's own spelling words live in the encrypted store; an old clear file is moved in."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cinchair.app import spelling
from cinchair.app.personal_dictionary import StoreWords, move_old_word_list
from cinchair.app.spelling import SpellChecker, load_hunspell
from cinchair.model import AuditEntry, OwnWord
from cinchair.security.vault import create_encrypted
from cinchair.store.facade import Store

WORK = 2**12  # cheap key derivation for tests; the app uses 2**17
PASSPHRASE = "correct horse battery staple"
# a school, a street, a nickname, a surname with a typographic apostrophe, and names in
# Cyrillic and Arabic script, and one with the characters that break templates and markup
WORDS = ["Hartcliffe", "Knowle", "Nanna", "O’Brien", "Ньютон", "مريم", "<&{{Nan}}>"]


pytestmark = pytest.mark.usefixtures("fresh_checker")


@pytest.fixture
def own_store(private_data_dir: Path) -> Iterator[Store]:
    """The chair's own encrypted store, in the data folder as the app keeps it."""
    store = create_encrypted(private_data_dir / "cinchair.sqlite3", PASSPHRASE, work=WORK)
    yield store
    store.close()


def clear_copies(folder: Path, words: list[str]) -> list[str]:
    """Files under ``folder`` holding any of ``words`` readable as UTF-8 or UTF-16."""
    found = []
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for word in words:
                if any(word.encode(codec) in data for codec in ("utf-8", "utf-16-le")):
                    found.append(f"{path.name}: {word}")
    return found


def stored(store: Store) -> set[str]:
    return StoreWords(store).read()


def test_added_words_are_in_the_store_and_in_no_clear_file(own_store, private_data_dir) -> None:
    spelling.keep_words_in(own_store)
    checker = SpellChecker(load_hunspell(), spelling.own_word_list())
    for word in WORDS:
        checker.add_word(word)
    own_store.engine.dispose()  # every page written back to the file: nothing held in memory
    assert stored(own_store) == {w.replace("’", "'") for w in WORDS}
    assert checker.misspellings("Ньютон; مريم; O'Brien’s Nanna went to Hartcliffe") == []
    assert clear_copies(private_data_dir, ["Hartcliffe", "Knowle", "Ньютон", "مريم"]) == []
    assert not (private_data_dir / "my-words.txt").exists()


def test_words_in_any_script_and_markup_come_back_exactly(store) -> None:
    keeper = StoreWords(store)
    assert keeper.add(["<&{{Nan}}>", "Ньютон", "مريم", "Zoë", "👩‍👧"]) == [
        "<&{{Nan}}>",
        "Ньютон",
        "مريم",
        "Zoë",
        "👩‍👧",
    ]
    assert StoreWords(store).read() == {"<&{{Nan}}>", "Ньютон", "مريم", "Zoë", "👩‍👧"}
    assert keeper.remove("<&{{Nan}}>") and not keeper.remove("<&{{Nan}}>")
    assert "<&{{Nan}}>" not in StoreWords(store).read()


def test_words_are_not_audited(store) -> None:
    """The audit log is append-only: a name added by mistake must be removable for good."""
    with store.reading() as session:
        before = session.scalar(select(func.count()).select_from(AuditEntry))
    keeper = StoreWords(store)
    keeper.add(["Hartcliffe"])
    keeper.remove("Hartcliffe")
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == before
        assert session.scalar(select(func.count()).select_from(OwnWord)) == 0


def test_an_old_word_list_is_moved_in_and_removed(own_store, private_data_dir) -> None:
    old = private_data_dir / "my-words.txt"
    old.write_bytes("\ufeff".encode() + "\n".join(WORDS).encode("utf-8") + b"\n\n  \n")
    part = private_data_dir / ".my-words.txt.k2j4h1.part"  # an interrupted write, in clear
    part.write_text("Hartcliffe\nKnowle\nZorb", encoding="utf-8")

    outcome = spelling.keep_words_in(own_store)

    assert outcome.problem is None
    assert set(outcome.moved) == {w.replace("’", "'") for w in WORDS}
    assert not old.exists() and not part.exists()
    assert stored(own_store) == set(outcome.moved)
    checker = spelling.shared_checker()
    assert checker is not None
    assert [m.word for m in checker.misspellings("Hartcliffe, Knowle, Nanna, famly")] == ["famly"]
    own_store.engine.dispose()
    assert clear_copies(private_data_dir, ["Hartcliffe", "Knowle", "Ньютон", "مريم"]) == []


def test_moving_again_after_a_crash_before_the_unlink_is_harmless(store, tmp_path) -> None:
    old = tmp_path / "my-words.txt"
    old.write_text("Hartcliffe\nKnowle\n", encoding="utf-8")
    first = move_old_word_list(StoreWords(store), old)
    assert sorted(first.moved) == ["Hartcliffe", "Knowle"] and not old.exists()
    old.write_text("Hartcliffe\nKnowle\n", encoding="utf-8")  # as if the unlink never happened
    again = move_old_word_list(StoreWords(store), old)
    assert again.moved == () and again.problem is None and not old.exists()
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(OwnWord)) == 2
    assert move_old_word_list(StoreWords(store), old).moved == ()  # no file: nothing to do


def test_an_old_word_list_that_is_not_utf8_is_left_as_it_is(own_store, private_data_dir) -> None:
    old = private_data_dir / "my-words.txt"
    old.write_bytes(b"Hartcliffe\n\xff\xfe broken\n")
    outcome = spelling.keep_words_in(own_store)
    assert "not UTF-8" in (outcome.problem or "")
    assert old.read_bytes() == b"Hartcliffe\n\xff\xfe broken\n"  # nothing lost
    checker = spelling.shared_checker()
    assert checker is not None and "not UTF-8" in (checker.word_list_problem or "")
    checker.add_word("Knowle")  # the store does not depend on the file: adding still works
    assert stored(own_store) == {"Knowle"}
    assert old.read_bytes() == b"Hartcliffe\n\xff\xfe broken\n"


def test_an_old_list_with_an_entry_that_is_no_word_is_kept_with_the_reason(store, tmp_path):
    old = tmp_path / "my-words.txt"
    old.write_text("Hartcliffe\n" + "x" * 70 + "\nKnowle Nanna\n", encoding="utf-8")
    outcome = move_old_word_list(StoreWords(store), old)
    assert "1 of its entries" in (outcome.problem or "") and old.exists()
    assert stored(store) == {"Hartcliffe", "Knowle", "Nanna"}  # a line of two words is two
    assert outcome.left >= {"Hartcliffe", "Knowle", "Nanna"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_an_old_list_that_cannot_be_removed_says_so(store, tmp_path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    old = folder / "my-words.txt"
    old.write_text("Hartcliffe\n", encoding="utf-8")
    folder.chmod(0o500)
    try:
        outcome = move_old_word_list(StoreWords(store), old)
    finally:
        folder.chmod(0o700)
    assert "could not be removed" in (outcome.problem or "") and "Delete it" in outcome.problem
    assert stored(store) == {"Hartcliffe"} and old.exists()


def test_an_old_list_that_cannot_be_removed_says_so_whoever_runs_it(
    store, tmp_path, monkeypatch
) -> None:
    old = tmp_path / "my-words.txt"
    old.write_text("Hartcliffe\n", encoding="utf-8")
    real_unlink = Path.unlink

    def refuse(self: Path, missing_ok: bool = False) -> None:
        if self == old:
            raise PermissionError(13, "Permission denied")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse)
    outcome = move_old_word_list(StoreWords(store), old)
    assert "could not be removed (Permission denied)" in (outcome.problem or "")
    assert stored(store) == {"Hartcliffe"} and old.exists()


def test_without_the_chairs_store_an_old_list_is_read_and_never_written(private_data_dir):
    old = private_data_dir / "my-words.txt"
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_text("Hartcliffe\n", encoding="utf-8")
    checker = spelling.shared_checker()  # the demo: no store of the chair's
    assert checker is not None and not checker.own.kept
    assert [m.word for m in checker.misspellings("Hartcliffe and Zorbek")] == ["Zorbek"]
    checker.add_word("Zorbek")
    assert old.read_text(encoding="utf-8") == "Hartcliffe\n"


@pytest.mark.slow
def test_a_store_of_the_previous_release_gains_the_table_and_keeps_its_cases(tmp_path) -> None:
    from sqlalchemy import inspect, text

    from cinchair.store.facade import (
        current_revision,
        downgrade,
        head_revision,
        make_engine,
        sqlite_url,
        upgrade,
    )

    url = sqlite_url(tmp_path / "old.sqlite3")
    engine = make_engine(url)
    upgrade(engine, "0003")
    assert "own_words" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cases (id, case_ref, profile_id, child_given_name, child_family_name,"
                " created_at, updated_at) VALUES ('c1', 'R1', 'generic', 'A', 'B',"
                " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    with Store.open(url) as store:
        assert current_revision(store.engine) == head_revision()
        StoreWords(store).add(["Hartcliffe"])
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 1
        downgrade(store.engine, "0003")  # and back: the words' table goes, the case stays
        assert "own_words" not in inspect(store.engine).get_table_names()
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 1


@pytest.mark.postgres
def test_words_keep_on_postgresql_too(pg_store: Store) -> None:
    """One model, many stores: the table and its writes work on PostgreSQL as on SQLite."""
    keeper = StoreWords(pg_store)
    assert keeper.add(["Ньютон", "مريم", "<&{{Nan}}>", "ньютон"]) == [
        "Ньютон",
        "مريم",
        "<&{{Nan}}>",
    ]
    assert keeper.remove("مريم")
    assert StoreWords(pg_store).read() == {"Ньютон", "<&{{Nan}}>"}


def test_a_store_too_busy_to_take_the_old_words_leaves_the_file_and_uses_its_words(
    store, private_data_dir
) -> None:
    import sqlite3
    from contextlib import contextmanager

    from sqlalchemy.exc import OperationalError

    private_data_dir.mkdir(parents=True, exist_ok=True)
    old = private_data_dir / "my-words.txt"
    old.write_text("Hartcliffe\n", encoding="utf-8")

    @contextmanager
    def busy():
        raise OperationalError("BEGIN", {}, sqlite3.OperationalError("database is locked"))
        yield

    store.writing = busy  # this store only: fails as a full or busy disk would
    outcome = spelling.keep_words_in(store)
    assert "could not be moved into your store yet: the store is busy" in (outcome.problem or "")
    assert old.read_text(encoding="utf-8") == "Hartcliffe\n"
    checker = spelling.shared_checker()
    assert checker is not None and checker.misspellings("Hartcliffe") == []  # used this run
    del store.writing  # the store writes again
    assert spelling.keep_words_in(store).moved == ("Hartcliffe",)  # the next start moves it
    assert not old.exists()
