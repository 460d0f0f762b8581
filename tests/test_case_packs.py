"""Case packs, council to laptop: the laptop's sealing key, the trust list, making a pack,
opening it on the right laptop only, and taking it in without overwriting anything.

The council store is filled the way a council's is: laptop A's demo meetings imported as
bundles. Laptop B is a store of its own with its own keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cinchair.meetings.plans import latest_agreed
from cinchair.model import AuditEntry, Case, Meeting, PlanVersion, ReceivedMeeting
from cinchair.store.audit import verify_chain
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.export import meetings_to_export, sync_status
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.device import laptop_device_key, laptop_public, laptop_sealing_key
from cinchair.sync.keys.keys import KeyProblem
from cinchair.sync.keys.laptop import LaptopPublic, read_aloud
from cinchair.sync.keys.trust_list import TrustList
from cinchair.sync.packs.format import PackRefused
from cinchair.sync.packs.make import (
    PackProblem,
    PackSelection,
    cases_for_pack,
    make_case_pack,
)
from cinchair.sync.packs.open import open_case_pack
from cinchair.sync.packs.receive import receive_case_pack
from tests.sync_kit import EXPORTED, Council, Demo

TODAY = date(2026, 11, 30)
MADE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _import_demo(council: Council, demo: Demo, store: Store, folder: Path) -> str:
    """Laptop A's two demo meetings filed at the council; the case reference."""
    laptop_a = council.laptop("Laptop A")
    paths = [
        council.bundle(demo.planning, laptop_a, folder),
        council.bundle(demo.review, laptop_a, folder),
    ]
    summary = import_bundles(store, paths, desk=council.desk, imported_by="Ann Admin")
    assert [item.outcome for item in summary.items] == ["imported", "imported"]
    return str(demo.review["case"]["reference"])


@pytest.fixture
def laptop_b(tmp_path: Path) -> Iterator[Store]:
    with Store.open(sqlite_url(tmp_path / "laptop-b.sqlite3"), actor="Priya Shah") as store:
        yield store


def _trust(council: Council, laptop: Store, label: str = "Laptop B") -> str:
    trust = council.desk.trust_list()
    entry = trust.trust(laptop_public(laptop).public_text(), label, EXPORTED)
    trust.save(council.desk.trust_path)
    return entry.device_id


def _open(data: bytes, laptop: Store, council: Council) -> object:
    return open_case_pack(
        data,
        sealing=laptop_sealing_key(laptop),
        device_id=laptop_device_key(laptop).device_id,
        council=council.desk.public,
    )


# --- the laptop's keys and the trust list ---------------------------------------------------


def test_laptop_keeps_one_sealing_key_beside_its_signing_key(laptop_b: Store) -> None:
    first = laptop_public(laptop_b)
    again = laptop_public(laptop_b)
    assert first == again and first.sealing is not None
    text = first.public_text()
    assert text.startswith("cinchair-laptop ") and text.split()[-1] == first.fingerprint
    assert LaptopPublic.from_text(text) == first
    assert len(read_aloud(first.fingerprint or "").split()) == 4


def test_a_mangled_laptop_line_is_refused_in_words(laptop_b: Store) -> None:
    words = laptop_public(laptop_b).public_text().split()
    swapped = " ".join([words[0], words[2], words[1], words[3]])
    with pytest.raises(KeyProblem, match="does not match its fingerprint"):
        LaptopPublic.from_text(swapped)
    with pytest.raises(KeyProblem, match="four words"):
        LaptopPublic.from_text(" ".join(words[:3]))


def test_old_trust_entry_sends_bundles_but_cannot_receive_packs(
    council: Council, laptop_b: Store
) -> None:
    signing_only = laptop_device_key(laptop_b).key.public_text()  # the older line
    trust = council.desk.trust_list()
    entry = trust.trust(signing_only, "Laptop B", EXPORTED)
    trust.save(council.desk.trust_path)
    assert entry.sealing_key is None
    reloaded = TrustList.load(council.desk.trust_path)
    with pytest.raises(KeyProblem, match="cannot receive case packs"):
        reloaded.sealing_key_for(entry.device_id)
    # trusting the full line adds the sealing key to the same entry
    upgraded = reloaded.trust(laptop_public(laptop_b).public_text(), "Laptop B", EXPORTED)
    assert upgraded.device_id == entry.device_id and upgraded.sealing_key is not None
    reloaded.save(council.desk.trust_path)
    assert TrustList.load(council.desk.trust_path).sealing_key_for(entry.device_id)


def test_a_trust_file_written_before_sealing_keys_still_loads(
    council: Council, tmp_path: Path
) -> None:
    import json

    laptop = council.laptop("Old laptop")
    document = json.loads(council.desk.trust_path.read_text())
    for device in document["devices"]:
        device.pop("sealing_key", None)
    old = tmp_path / "old-trust.json"
    old.write_text(json.dumps(document))
    loaded = TrustList.load(old)
    assert loaded.lookup(laptop.device_id) is not None


# --- choosing and making ---------------------------------------------------------------------


def test_cases_for_pack_by_reference_chair_and_due_date(
    council: Council, demo: Demo, council_store: Store, tmp_path: Path
) -> None:
    ref = _import_demo(council, demo, council_store, tmp_path / "bundles")
    chair = demo.review["meeting"]["chair"]["name"]
    by_ref = cases_for_pack(council_store, PackSelection(case_refs=(ref,), today=TODAY))
    assert [c.reference for c in by_ref] == [ref] and by_ref[0].signed_meetings == 2
    by_chair = cases_for_pack(council_store, PackSelection(chair=chair.upper(), today=TODAY))
    assert [c.reference for c in by_chair] == [ref]
    assert cases_for_pack(council_store, PackSelection(chair="Nobody", today=TODAY)) == []
    due = by_ref[0].next_due
    assert due is not None
    weeks = max(0, (due - TODAY).days // 7 + 1)
    found = cases_for_pack(council_store, PackSelection(due_within_weeks=weeks, today=TODAY))
    assert [c.reference for c in found] == [ref]
    with pytest.raises(PackProblem, match="holds no case NOPE"):
        cases_for_pack(council_store, PackSelection(case_refs=("NOPE",)))
    with pytest.raises(PackProblem, match="one way"):
        cases_for_pack(council_store, PackSelection(case_refs=(ref,), chair=chair))


def test_no_pack_for_a_laptop_not_trusted_or_without_sealing_key(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    ref = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    device_id = laptop_device_key(laptop_b).device_id
    with pytest.raises(PackProblem, match="no laptop"):
        make_case_pack(sqlite_council, council.desk, device_id, [ref], made_by="Ann")
    _trust(council, laptop_b)
    with pytest.raises(PackProblem, match="holds no case"):
        make_case_pack(sqlite_council, council.desk, device_id, ["NOPE"], made_by="Ann")


# --- receiving ------------------------------------------------------------------------------


def test_new_case_arrives_whole_and_carries_forward(
    council: Council, demo: Demo, council_store: Store, laptop_b: Store, tmp_path: Path
) -> None:
    ref = _import_demo(council, demo, council_store, tmp_path / "bundles")
    device_id = _trust(council, laptop_b)
    data = make_case_pack(council_store, council.desk, device_id, [ref], made_by="Ann", now=MADE)
    result = receive_case_pack(laptop_b, _open(data, laptop_b, council))  # type: ignore[arg-type]
    assert [c.reference for c in result.new_cases] == [ref] and not result.clashes
    assert len(result.cases[0].added) == 2
    with laptop_b.reading() as session:
        case = session.scalars(select(Case).where(Case.case_ref == ref)).one()
        ids = set(session.scalars(select(Meeting.id).where(Meeting.case_id == case.id)))
        assert ids == {demo.planning_id, demo.review_id}
        assert set(session.scalars(select(ReceivedMeeting.meeting_id))) == ids
        plan = latest_agreed(session, case)
        assert plan is not None and plan.id == demo.review["plan"]["id"]
        # never exported back as this laptop's own
        assert meetings_to_export(session) == [] and sync_status(session) == []
        assert verify_chain(session) == []
    # the same pack again adds nothing and clashes with nothing
    again = receive_case_pack(laptop_b, _open(data, laptop_b, council))  # type: ignore[arg-type]
    assert again.cases[0].already_held == 2 and not again.cases[0].added
    assert not again.clashes


def test_a_case_the_laptop_holds_gains_what_it_lacks_and_keeps_its_own(
    council: Council, demo: Demo, sqlite_council: Store, tmp_path: Path
) -> None:
    """Laptop A already holds the planning meeting; the pack brings the review only."""
    from cinchair.sync.restore import new_case, restore_meeting

    ref = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    with Store.open(sqlite_url(tmp_path / "a.sqlite3"), actor="chair") as laptop:
        with laptop.transaction() as session:
            case = new_case(session, demo.planning)
            from tests.sync_kit import attached_files

            restore_meeting(
                session,
                demo.planning,
                case.id,
                None,
                files=attached_files(demo.planning),
                also=[case, *case.circumstances],
            )
        device_id = _trust(council, laptop, "Laptop A2")
        data = make_case_pack(sqlite_council, council.desk, device_id, [ref], made_by="Ann")
        result = receive_case_pack(laptop, _open(data, laptop, council))  # type: ignore[arg-type]
        assert not result.new_cases and [c.reference for c in result.gained] == [ref]
        assert result.cases[0].already_held == 1 and len(result.cases[0].added) == 1
        with laptop.reading() as session:
            received = set(session.scalars(select(ReceivedMeeting.meeting_id)))
            assert received == {demo.review_id}  # its own meeting is not marked received


@pytest.mark.slow
def test_a_plan_number_used_on_the_laptop_is_a_clash_and_nothing_is_overwritten(
    council: Council, demo: Demo, sqlite_council: Store, tmp_path: Path
) -> None:
    """A review in progress here made its own plan version 2: the council's version 2 is
    not taken in, and the chair is told."""
    from cinchair.sync.restore import new_case, restore_meeting
    from tests.sync_kit import attached_files, fresh_ids

    ref = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    (own_review,) = fresh_ids(demo.review, keep=(demo.planning["plan"]["id"],))
    with Store.open(sqlite_url(tmp_path / "a.sqlite3"), actor="chair") as laptop:
        with laptop.transaction() as session:
            case = new_case(session, demo.planning)
            restore_meeting(
                session,
                demo.planning,
                case.id,
                None,
                files=attached_files(demo.planning),
                also=[case, *case.circumstances],
            )
        with laptop.transaction() as session:
            case = session.scalars(select(Case)).one()
            before = session.scalars(select(PlanVersion)).one()
            restore_meeting(
                session, own_review, case.id, before.id, files=attached_files(own_review)
            )
        with laptop.reading() as session:
            audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
        device_id = _trust(council, laptop, "Laptop A2")
        data = make_case_pack(sqlite_council, council.desk, device_id, [ref], made_by="Ann")
        result = receive_case_pack(laptop, _open(data, laptop, council))  # type: ignore[arg-type]
        assert len(result.clashes) == 1 and "own plan version 2" in result.clashes[0]
        assert "CLASH" in "\n".join(result.lines())
        with laptop.reading() as session:
            assert session.get(Meeting, demo.review_id) is None
            assert session.get(Meeting, own_review["meeting"]["id"]) is not None
            assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before


@pytest.mark.slow
def test_a_different_child_under_the_same_reference_is_a_clash(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    ref = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    with laptop_b.transaction() as session:
        from cinchair.sync.restore import new_case

        case = new_case(session, demo.planning)
        case.child_given_name = "Someone"
        session.add(case)
    device_id = _trust(council, laptop_b)
    data = make_case_pack(sqlite_council, council.desk, device_id, [ref], made_by="Ann")
    result = receive_case_pack(laptop_b, _open(data, laptop_b, council))  # type: ignore[arg-type]
    assert len(result.clashes) == 1 and "Someone" in result.clashes[0]
    with laptop_b.reading() as session:
        assert session.scalar(select(func.count()).select_from(Meeting)) == 0


# --- refusals -------------------------------------------------------------------------------


def test_a_pack_opens_only_on_its_laptop_and_only_from_its_council(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    ref = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    device_id = _trust(council, laptop_b)
    data = make_case_pack(sqlite_council, council.desk, device_id, [ref], made_by="Ann")
    with Store.open(sqlite_url(tmp_path / "c.sqlite3"), actor="c") as laptop_c:
        with pytest.raises(PackRefused) as wrong:
            _open(data, laptop_c, council)
        assert wrong.value.reason == "other-laptop"
    other = Council.make(tmp_path / "other-keys")
    with pytest.raises(PackRefused) as foreign:
        _open(data, laptop_b, other)
    assert foreign.value.reason == "other-council"
    bundle = council.bundle(demo.review, council.devices["Laptop A"], tmp_path / "x")
    with pytest.raises(PackRefused) as mixed:
        _open(bundle.read_bytes(), laptop_b, council)
    assert mixed.value.reason == "a-bundle" and "not a case pack" in mixed.value.message


# --- the commands ---------------------------------------------------------------------------


@pytest.mark.slow
def test_pack_and_receive_from_the_command_line(
    council: Council,
    demo: Demo,
    sqlite_council: Store,
    laptop_b: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from cinchair.cli.main import main
    from cinchair.sync.council import install_council_public
    from tests.sync_kit import PASSPHRASE

    ref = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    council_url = str(sqlite_council.url)
    laptop_url = str(laptop_b.url)
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text(PASSPHRASE)
    keys = ["--keys", str(council.desk.folder), "--passphrase-file", str(passphrase)]
    device_id = laptop_device_key(laptop_b).device_id
    signing_only = laptop_device_key(laptop_b).key.public_text()
    assert main(["keys", "trust", signing_only, "--label", "B", *keys[:2]]) == 0
    assert "cannot receive case packs" in capsys.readouterr().out
    out = tmp_path / "b.cinpack"
    pack = ["pack", "--db", council_url, "--laptop", device_id, "--case", ref, *keys]
    assert main([*pack, "--out", str(out)]) == 2
    assert "trusted from its signing key alone" in capsys.readouterr().err
    assert not out.exists()
    line = laptop_public(laptop_b).public_text()
    assert main(["keys", "trust", line, "--label", "B", *keys[:2]]) == 0
    assert "fingerprint" in capsys.readouterr().out
    assert main(pack) == 0  # without --out: the cases chosen, nothing made
    assert ref in capsys.readouterr().out and not out.exists()
    assert main([*pack, "--out", str(out)]) == 0
    assert "written to" in capsys.readouterr().out and out.exists()
    missing = ["pack", "--db", sqlite_url(tmp_path / "councl.sqlite3"), "--laptop", device_id]
    assert main([*missing, "--case", ref, *keys]) == 2
    assert "no council store" in capsys.readouterr().err

    install_council_public(council.desk.public)
    assert main(["receive", str(out), "--db", laptop_url]) == 0
    said = capsys.readouterr().out
    assert f"Case {ref}" in said and "new on this laptop" in said
    assert main(["receive", str(out), "--db", laptop_url]) == 0
    assert "already on this laptop" in capsys.readouterr().out
    cut = tmp_path / "cut.cinpack"
    cut.write_bytes(out.read_bytes()[:-10])
    assert main(["receive", str(cut), "--db", laptop_url]) == 2
    assert "refused (tampered)" in capsys.readouterr().err


def test_a_detail_corrected_on_the_laptop_is_kept_and_one_missing_is_filled(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    from cinchair.sync.restore import new_case

    ref = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    council_language = demo.review["case"]["child"]["first_language"]
    with laptop_b.transaction() as session:
        case = new_case(session, demo.planning)
        case.first_language, case.gender = "English", None
        session.add(case)
    device_id = _trust(council, laptop_b)
    data = make_case_pack(sqlite_council, council.desk, device_id, [ref], made_by="Ann")
    result = receive_case_pack(laptop_b, _open(data, laptop_b, council))  # type: ignore[arg-type]
    [clash] = result.clashes
    assert "first language" in clash and "this laptop's was kept" in clash
    with laptop_b.reading() as session:
        case = session.scalars(select(Case)).one()
        assert case.first_language == "English" != council_language
        assert case.gender == demo.review["case"]["child"]["gender"]
        assert len(result.cases[0].added) == 2  # the meetings still came
