"""The sync commands as people type them: keys, export, import, receipt, clear, report,
conflicts; and every failure a person can cause, as one plain line without a traceback."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from cinchair.cli.main import main
from cinchair.store.facade import Store, sqlite_url
from tests.sync_kit import PASSPHRASE, Council, Demo, copy_store, fresh_ids


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Iterator:
    def run(*argv: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return run


@pytest.fixture
def passphrase(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n")
    return path


@pytest.mark.slow
def test_the_whole_journey_from_the_command_line(
    run, demo: Demo, tmp_path: Path, passphrase: Path, private_data_dir: Path
) -> None:
    keys = tmp_path / "council-keys"
    laptop = sqlite_url(copy_store(demo.store_path, tmp_path / "laptop.sqlite3"))
    council = sqlite_url(tmp_path / "council.sqlite3")

    code, out, _ = run("keys", "council-new", "--out", keys, "--passphrase-file", passphrase)
    assert code == 0 and "cinchair-council-x25519" in out and "cinchair-council-ed25519" in out
    assert {p.name for p in keys.iterdir()} == {
        "council-sealing-key.pem",
        "council-signing-key.pem",
        "council.pub",
    }
    code, out, _ = run("keys", "install-council", keys / "council.pub")
    assert code == 0 and (private_data_dir / "council.pub").exists()
    code, device_text, _ = run("keys", "device", "--db", laptop)  # the key kept in that store
    assert code == 0 and device_text.startswith("cinchair-laptop ")  # both keys, one line
    from cinchair.sync.keys.laptop import LaptopPublic

    device_id = LaptopPublic.from_text(device_text).device_id
    code, out, _ = run("keys", "trust", device_text.strip(), "--label", "Priya", "--keys", keys)
    assert code == 0 and device_id in out
    code, out, _ = run("keys", "list", "--keys", keys)
    assert device_id in out and "trusted" in out

    code, out, _ = run("export", "--out", tmp_path / "usb", "--db", laptop)
    assert code == 0 and out.startswith("2 meetings exported")
    code, out, _ = run("export", "--status", "--db", laptop)
    assert out.count("awaiting receipt") == 2

    code, out, _ = run(
        "import", tmp_path / "usb", "--db", council, "--keys", keys,
        "--passphrase-file", passphrase, "--summary", tmp_path / "summary.csv",
        "--receipts", tmp_path / "receipts", "--by", "Ann Admin", "--create",
    )  # fmt: skip
    assert code == 0 and out.startswith("2 imported, 0 duplicate, 0 conflict, 0 refused")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "summary.csv").read_text("utf-8-sig"))))
    assert [r["outcome"] for r in rows] == ["imported", "imported"]
    receipt = tmp_path / "receipts" / f"receipt-{device_id}.json"
    assert f"receipt: {receipt}" in out

    code, out, _ = run("clear", "--synced", "--db", laptop)
    assert code == 0 and "0 synced meeting(s) cleared" in out and "2 signed meeting(s) kept" in out
    code, out, _ = run("receipt", "load", receipt, "--db", laptop)
    assert code == 0 and "2 meeting(s) now synced" in out
    code, out, _ = run("clear", "--synced", "--db", laptop)
    assert code == 0 and "2 synced meeting(s) cleared" in out

    code, out, _ = run(
        "report", "--db", council, "--today", "2026-12-10",
        "--csv", tmp_path / "cases.csv", "--chairs-csv", tmp_path / "chairs.csv",
        "--xlsx", tmp_path / "cases.xlsx",
    )  # fmt: skip
    assert code == 0 and "1 overdue" in out and "LCS-482913" in out
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    sheet = load_workbook(tmp_path / "cases.xlsx").active
    assert sheet["A2"].value == "LCS-482913" and sheet["C2"].value == "overdue"
    cases = list(csv.DictReader(io.StringIO((tmp_path / "cases.csv").read_text("utf-8-sig"))))
    assert cases[0]["state"] == "overdue" and cases[0]["days_overdue"] == "10"
    assert "Amelia" not in (tmp_path / "cases.csv").read_text("utf-8-sig")
    chairs = (tmp_path / "chairs.csv").read_text("utf-8-sig")
    assert "Priya Shah,2,2,0" in chairs

    # The laptop is stolen: the admin revokes it, and its bundles are refused from now on.
    code, out, _ = run("keys", "revoke", device_id, "--reason", "stolen", "--keys", keys)
    assert code == 0 and "refused from now on" in out
    code, out, _ = run(
        "import", tmp_path / "usb", "--db", council, "--keys", keys,
        "--passphrase-file", passphrase,
    )  # fmt: skip
    assert code == 1 and out.count("revoked") >= 2


def test_conflicts_are_listed_shown_and_resolved(
    run, demo: Demo, tmp_path: Path, passphrase: Path
) -> None:
    council = Council.make(tmp_path / "keys")
    a, b = council.laptop("Laptop A"), council.laptop("Laptop B")
    [b_review] = fresh_ids(demo.review)
    for n, (record, device) in enumerate(((demo.planning, a), (demo.review, a), (b_review, b))):
        council.bundle(record, device, tmp_path / "usb", f"{n}.cinsync")
    db = sqlite_url(tmp_path / "council.sqlite3")
    code, out, _ = run(
        "import", tmp_path / "usb", "--db", db, "--keys", tmp_path / "keys",
        "--passphrase-file", passphrase, "--create",
    )  # fmt: skip
    assert code == 0 and "1 conflict" in out
    code, out, _ = run("conflicts", "list", "--db", db)
    conflict_id = out.split()[0]
    assert "same-day" in out and "waiting" in out
    code, out, _ = run("conflicts", "show", conflict_id, "--db", db, "--out", tmp_path / "h.json")
    assert code == 0 and b_review["meeting"]["id"] in (tmp_path / "h.json").read_text()
    code, _, err = run("conflicts", "resolve", conflict_id, "--db", db)
    assert code == 2 and "say what was decided" in err
    code, out, _ = run(
        "conflicts", "resolve", conflict_id, "--db", db, "--note", "B's is a duplicate "
        "typed by the covering chair; A's stands.", "--by", "Ann",
    )  # fmt: skip
    assert code == 0 and "resolved by Ann" in out
    code, out, _ = run("conflicts", "list", "--db", db)
    assert "no conflicts waiting" in out
    code, _, err = run("conflicts", "resolve", conflict_id, "--db", db, "--note", "again")
    assert code == 2 and "was resolved on" in err
    code, out, _ = run("report", "--db", db, "--today", "2026-11-23")
    assert "Conflicts waiting: 0" in out


def test_failures_are_one_plain_line(
    run, demo: Demo, tmp_path: Path, passphrase: Path, private_data_dir: Path
) -> None:
    keys = tmp_path / "keys"
    maker = Council.make(keys)
    council = sqlite_url(tmp_path / "council.sqlite3")
    Store.open(council).close()
    maker.bundle(demo.planning, maker.laptop("Laptop 7"), tmp_path / "in")
    laptop = sqlite_url(copy_store(demo.store_path, tmp_path / "laptop.sqlite3"))
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all")

    code, _, err = run("import", tmp_path, "--db", council, "--keys", keys,
                       "--passphrase-file", wrong)  # fmt: skip
    assert code == 2 and "wrong passphrase for" in err and "council-sealing-key.pem" in err
    code, _, err = run("import", tmp_path, "--db", council, "--keys", tmp_path / "none",
                       "--passphrase-file", passphrase)  # fmt: skip
    assert code == 2 and "no council keys in" in err
    code, _, err = run("import", tmp_path, "--db", "postgresql+psycopg://u:pw@127.0.0.1:1/x",
                       "--keys", keys, "--passphrase-file", passphrase)  # fmt: skip
    assert code == 2 and "cannot open the store" in err and "pw" not in err
    code, _, err = run("export", "--out", tmp_path / "usb", "--db", laptop)
    assert code == 2 and "there is no council key at" in err and "install-council" in err
    code, _, err = run("export", "--out", tmp_path / "u", "--db", laptop, "--council-key", "x y")
    assert code == 2 and "no council key at x y" in err
    code, _, err = run("clear", "--synced", "--db", laptop, "--meeting", demo.planning_id[:8])
    assert code == 2 and "no exported meeting" in err
    (tmp_path / "junk.json").write_text("{}")
    code, _, err = run("receipt", "load", tmp_path / "junk.json", "--db", laptop,
                       "--council-key", keys / "council.pub")  # fmt: skip
    assert code == 2 and "junk.json is not a cinchair receipt" in err
    code, _, err = run("keys", "council-new", "--out", keys, "--passphrase-file", passphrase)
    assert code == 2 and "already exists" in err
    short = tmp_path / "short.txt"
    short.write_text("short")
    code, _, err = run("keys", "council-new", "--out", tmp_path / "k2", "--passphrase-file", short)
    assert code == 2 and "at least 12" in err
    code, _, err = run("keys", "trust", "cinchair-device-ed25519 AAAA 1234", "--label", "x",
                       "--keys", keys)  # fmt: skip
    assert code == 2 and "device public key" in err
    code, _, err = run("keys", "revoke", "0123456789abcdef", "--reason", "lost", "--keys", keys)
    assert code == 2 and "no device" in err
    (tmp_path / "blocker").write_text("a file where a folder should be")
    code, out, _ = run("export", "--out", tmp_path / "blocker" / "usb", "--db", laptop,
                       "--council-key", keys / "council.pub")  # fmt: skip
    assert code == 1 and "could not write" in out


def test_laptop_commands_unlock_an_encrypted_store(run, tmp_path: Path, private_data_dir: Path):
    """The chair's own store is SQLCipher-encrypted: export, receipt and clear ask for its
    passphrase (here from a file) and say plainly when it is wrong."""
    from cinchair.meetings import lifecycle as meetings
    from cinchair.model import MeetingKind
    from cinchair.profiles import get_profile
    from cinchair.security.vault import create_encrypted
    from tests.factories import make_case, make_meeting

    path = tmp_path / "chair.sqlite3"
    store = create_encrypted(path, "a long store passphrase", work=2**12)
    with store, store.transaction() as session:
        case = make_case(session)
        review = make_meeting(session, case, kind=MeetingKind.INITIAL_PLANNING)
        meetings.record_decision(
            review, get_profile(case.profile_id), option_key="continue",
            rationale="Plan made.", decided_by="Chair Person",
        )  # fmt: skip
        meetings.sign_minutes(review)
    council = Council.make(tmp_path / "keys")
    right, wrong = tmp_path / "right.txt", tmp_path / "wrong.txt"
    right.write_text("a long store passphrase")
    wrong.write_text("not the store passphrase")
    db = sqlite_url(path)
    code, out, _ = run("export", "--status", "--db", db, "--passphrase-file", right)
    assert code == 0 and "not exported" in out
    code, _, err = run("export", "--status", "--db", db, "--passphrase-file", wrong)
    assert code == 2 and "passphrase" in err.lower()
    code, out, _ = run(
        "export", "--out", tmp_path / "usb", "--db", db, "--passphrase-file", right,
        "--council-key", council.desk.folder / "council.pub",
    )  # fmt: skip
    assert code == 0 and out.startswith("1 meeting exported")


def test_keys_trust_list_and_revoke_go_through_the_admin_desks_own_calls(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command and the Laptops tab must never drift apart: both call admin_desk."""
    import cinchair.sync.admin_desk as admin_desk

    called: list[str] = []
    for name in ("laptops", "trust_laptop", "revoke_laptop"):
        real = getattr(admin_desk, name)

        def spy(*args: object, _real: object = real, _name: str = name, **kw: object) -> object:
            called.append(_name)
            return _real(*args, **kw)  # type: ignore[operator]

        monkeypatch.setattr(admin_desk, name, spy)
    council = Council.make(tmp_path / "keys")
    laptop = council.laptop("Laptop A", trusted=False)
    code, _, _ = run(
        "keys", "trust", laptop.public_text(), "--label", "Priya", "--keys", tmp_path / "keys"
    )  # fmt: skip
    assert code == 0
    code, out, _ = run("keys", "list", "--keys", tmp_path / "keys")
    assert code == 0 and "Priya" in out
    assert called == ["trust_laptop", "laptops"]
