"""Commands open the stores they are given, and never make one by accident.

* ``audit verify``, ``render`` and ``record`` open the chair's encrypted store with its
  passphrase, as ``export`` does; on a fresh data folder they say there is no store and
  leave the folder as it was (so the first-run setup still appears);
* ``import`` refuses a --db that names no store unless ``--create`` (a mistyped path
  made a new council store, filed bundles into it and signed receipts for it);
* refuse before asking: files that cannot be bundles are refused before the council's
  passphrase is asked, and a council store is not made or migrated when nothing is filed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from cinchair.cli.main import main
from cinchair.store.facade import Store, sqlite_url
from tests.sync_kit import PASSPHRASE, Council, Demo

STORE_PASSPHRASE = "a long store passphrase"
Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*argv: object) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "store-passphrase.txt"
    path.write_text(STORE_PASSPHRASE + "\n", encoding="utf-8")
    return path


def _chairs_own_store(data: Path) -> str:
    """The chair's encrypted store where the app keeps it, with one signed meeting."""
    from cinchair.meetings import lifecycle as meetings
    from cinchair.model import MeetingKind
    from cinchair.profiles import get_profile
    from cinchair.security.vault import create_encrypted
    from tests.factories import make_case, make_meeting

    data.mkdir(parents=True, exist_ok=True)
    store = create_encrypted(data / "cinchair.sqlite3", STORE_PASSPHRASE, work=2**12)
    with store, store.transaction() as session:
        case = make_case(session)
        review = make_meeting(session, case, kind=MeetingKind.INITIAL_PLANNING)
        meetings.record_decision(
            review, get_profile(case.profile_id), option_key="continue",
            rationale="Plan made.", decided_by="Chair Person",
        )  # fmt: skip
        meetings.sign_minutes(review)
        session.flush()
        return review.id


def test_reading_commands_open_the_chairs_encrypted_store(
    run: Run, private_data_dir: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    meeting_id = _chairs_own_store(private_data_dir)
    code, out, err = run("audit", "verify", "--passphrase-file", passphrase_file)
    assert (code, out.strip()) == (0, "audit trail intact"), err
    code, out, err = run(
        "record", "--meeting", meeting_id[:8], "--out", tmp_path / "r.json",
        "--passphrase-file", passphrase_file,
    )  # fmt: skip
    assert code == 0 and (tmp_path / "r.json").exists(), err
    code, out, err = run(
        "render", "--meeting", meeting_id, "--out", tmp_path / "docs", "--format", "pdf",
        "--copy", "family", "--document", "minutes", "--passphrase-file", passphrase_file,
    )  # fmt: skip
    assert code == 0 and out.strip().endswith(".pdf"), err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all")
    code, _, err = run("audit", "verify", "--passphrase-file", wrong)
    assert code == 2 and "passphrase" in err and "Traceback" not in err


def test_reading_commands_on_a_fresh_data_folder_make_no_store(
    run: Run, private_data_dir: Path, tmp_path: Path
) -> None:
    before = sorted(private_data_dir.rglob("*")) if private_data_dir.exists() else []
    for argv in (
        ("audit", "verify"),
        ("record", "--case", "LCS-1", "--out", tmp_path / "r.json"),
        ("render", "--case", "LCS-1", "--out", tmp_path / "docs"),
    ):
        code, _, err = run(*argv)
        assert code == 2 and "no store yet" in err and "store init" in err, (argv, err)
    after = sorted(private_data_dir.rglob("*")) if private_data_dir.exists() else []
    assert after == before
    missing = tmp_path / "nowhere.sqlite3"
    code, _, err = run("audit", "verify", "--db", sqlite_url(missing))
    assert code == 2 and "there is no store at" in err and not missing.exists()


@pytest.mark.slow
def test_import_refuses_a_mistyped_store_unless_told_to_create_it(
    run: Run, demo: Demo, tmp_path: Path
) -> None:
    council = Council.make(tmp_path / "keys")
    council.bundle(demo.planning, council.laptop("Laptop 7"), tmp_path / "usb")
    secret = tmp_path / "council-passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    real = tmp_path / "council.sqlite3"
    Store.open(sqlite_url(real)).close()
    typo = tmp_path / "councl.sqlite3"
    common = ("--keys", tmp_path / "keys", "--passphrase-file", secret)
    code, out, err = run(
        "import", tmp_path / "usb", "--db", sqlite_url(typo), "--receipts", tmp_path / "r",
        *common,
    )  # fmt: skip
    assert code == 2 and "there is no store at" in err and "--create" in err
    assert not typo.exists() and not (tmp_path / "r").exists()
    code, out, _ = run("import", tmp_path / "usb", "--db", sqlite_url(real), *common)
    assert code == 0 and out.startswith("1 imported")
    code, out, _ = run("verify-filed", "--db", sqlite_url(real), "--keys", tmp_path / "keys")
    assert code == 0 and "1 of 1 received record(s) proved against the trust list" in out
    code, out, _ = run("import", tmp_path / "usb", "--db", sqlite_url(typo), "--create", *common)
    assert code == 0 and typo.exists()


@pytest.mark.postgres
def test_import_refuses_an_empty_postgres_database_unless_told_to_create(
    run: Run, demo: Demo, tmp_path: Path, postgres_url: str
) -> None:
    council = Council.make(tmp_path / "keys")
    council.bundle(demo.planning, council.laptop("Laptop 7"), tmp_path / "usb")
    secret = tmp_path / "council-passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS councl_typo WITH (FORCE)"))
        connection.execute(text("CREATE DATABASE councl_typo"))
    url = postgres_url.rsplit("/", 1)[0] + "/councl_typo"
    try:
        common = ("--keys", tmp_path / "keys", "--passphrase-file", secret)
        code, _, err = run("import", tmp_path / "usb", "--db", url, *common)
        assert code == 2 and "is empty" in err and "--create" in err
        engine = create_engine(url)
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
        engine.dispose()
        code, out, _ = run("import", tmp_path / "usb", "--db", url, "--create", *common)
        assert code == 0 and out.startswith("1 imported")
    finally:
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE councl_typo WITH (FORCE)"))
        admin.dispose()


def test_files_that_are_not_bundles_are_refused_before_the_passphrase_is_asked(
    demo: Demo, tmp_path: Path
) -> None:
    from cinchair.sync.importer import import_bundles

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "photo.cinsync").write_bytes(b"\xff\xd8\xff\xe0 a photo")
    (tmp_path / "in" / "cut.cinsync").write_bytes(b"CINSYNC\x00\x01" + b"x" * 20)
    (tmp_path / "in" / "flipped.cinsync").write_bytes(b"CINSYNC\x00\xc1" + b"x" * 400)

    def never(*_: object) -> object:
        raise AssertionError("asked for what was not needed")

    summary = import_bundles(never, [tmp_path / "in"], desk=never, imported_by="Ann")
    reasons = {Path(i.source).name: (i.reason, i.message) for i in summary.items}
    assert reasons["photo.cinsync"][0] == "not-a-bundle"
    assert reasons["cut.cinsync"][0] == "truncated"
    assert reasons["flipped.cinsync"][0] == "unsupported-version"
    assert "damaged" in reasons["flipped.cinsync"][1]
    assert "update cinchair" not in reasons["flipped.cinsync"][1]


def test_a_store_is_opened_only_when_something_is_to_be_filed(
    run: Run, demo: Demo, tmp_path: Path
) -> None:
    council = Council.make(tmp_path / "keys")
    stranger = council.laptop("Unknown laptop", trusted=False)
    council.bundle(demo.planning, stranger, tmp_path / "in")
    secret = tmp_path / "council-passphrase.txt"
    secret.write_text(PASSPHRASE + "\n")
    target = tmp_path / "council.sqlite3"
    code, out, _ = run(
        "import", tmp_path / "in", "--db", sqlite_url(target), "--create",
        "--keys", tmp_path / "keys", "--passphrase-file", secret,
    )  # fmt: skip
    assert code == 1 and "1 refused" in out and "does not trust" in out
    assert not target.exists()  # everything refused: nothing made, nothing migrated
