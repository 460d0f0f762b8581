"""Case packs carry the case's own dates, council to laptop: the assessment completed, the
decision, the case opened, allocated, first visit and CRE risk assessment, as the council
holds them. A new case takes them; a case the laptop holds gains the ones it lacks, and a
date it holds that differs is kept and said as a clash, as the rest of a case pack is.
(Laptop to council, in the meeting record: ``tests/test_case_dates_travel.py``.)
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from cinchair.model import Case
from cinchair.record.build import CASE_DATES
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.device import laptop_device_key, laptop_public, laptop_sealing_key
from cinchair.sync.packs.format import MANIFEST_NAME
from cinchair.sync.packs.make import make_case_pack
from cinchair.sync.packs.open import OpenedPack, open_case_pack
from cinchair.sync.packs.receive import receive_case_pack
from cinchair.sync.packs.sealing import unseal_pack
from cinchair.sync.restore import new_case
from tests.sync_kit import EXPORTED, Council, Demo
from tests.test_case_dates_travel import _dates, _with_dates

# The genuine pack and its forger, from the refusal tests (a module fixture: made once here).
from tests.test_case_packs_refusals import Kit, kit  # noqa: F401

MADE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def laptop_b(tmp_path: Path) -> Iterator[Store]:
    with Store.open(sqlite_url(tmp_path / "laptop-b.sqlite3"), actor="Priya Shah") as store:
        yield store


def _council_with_dates(
    council: Council, demo: Demo, store: Store, folder: Path, dates: dict[str, Any] | None
) -> str:
    """Laptop A's two demo meetings filed at the council, the newest carrying ``dates``
    (the first none: the demo's own case dates would otherwise be filed from it)."""
    laptop_a = council.laptop("Laptop A")
    paths = [
        council.bundle(_with_dates(demo.planning, None), laptop_a, folder),
        council.bundle(_with_dates(demo.review, dates), laptop_a, folder),
    ]
    summary = import_bundles(store, paths, desk=council.desk, imported_by="Ann Admin")
    assert summary.counts["imported"] == 2
    return str(demo.review["case"]["reference"])


def _pack_for(council: Council, council_store: Store, laptop: Store, ref: str) -> OpenedPack:
    trust = council.desk.trust_list()
    entry = trust.trust(laptop_public(laptop).public_text(), "Laptop B", EXPORTED)
    trust.save(council.desk.trust_path)
    data = make_case_pack(
        council_store, council.desk, entry.device_id, [ref], made_by="Ann", now=MADE
    )
    manifest = json.loads(_inner(data, laptop)[MANIFEST_NAME])
    # Version 2 only where a case carries dates: an older cinchair reads the rest as ever,
    # and is told to update (not that the pack is damaged) for one that carries them.
    assert manifest["format_version"] == (2 if manifest["cases"][0].get("dates") else 1)
    return open_case_pack(
        data,
        sealing=laptop_sealing_key(laptop),
        device_id=laptop_device_key(laptop).device_id,
        council=council.desk.public,
    )


def _inner(data: bytes, laptop: Store) -> dict[str, bytes]:
    inner = unseal_pack(data, laptop_sealing_key(laptop))
    with zipfile.ZipFile(io.BytesIO(inner)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


ALL_DATES = _dates(
    assessment_completed_on="2026-08-10",
    decision_on="2026-08-17",
    opened_on="2026-08-03",
    allocated_on="2026-08-04",
    first_visit_on="2026-08-06",
    cre_risk_assessed_on="2026-08-12",
)


def _case_dates(store: Store, ref: str) -> dict[str, str | None]:
    with store.reading() as session:
        case = session.scalars(select(Case).where(Case.case_ref == ref)).one()
        return {n: d.isoformat() if (d := getattr(case, n)) else None for n in CASE_DATES}


def test_a_case_pack_carries_every_case_date_to_a_new_case(
    council: Council, demo: Demo, council_store: Store, laptop_b: Store, tmp_path: Path
) -> None:
    ref = _council_with_dates(council, demo, council_store, tmp_path / "usb", ALL_DATES)
    opened = _pack_for(council, council_store, laptop_b, ref)
    assert dict(opened.cases[0].dates) == ALL_DATES
    result = receive_case_pack(laptop_b, opened)
    assert [c.reference for c in result.new_cases] == [ref] and not result.clashes
    assert _case_dates(laptop_b, ref) == ALL_DATES


def test_a_case_the_laptop_holds_gains_the_dates_it_lacks_and_keeps_its_own(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    """The laptop holds the case (its planning meeting) with a decision date of its own
    and no others: it gains the five it lacks; its decision date differs from the
    council's, so it is kept and the chair is told."""
    from cinchair.sync.restore import restore_meeting
    from tests.sync_kit import attached_files

    ref = _council_with_dates(council, demo, sqlite_council, tmp_path / "usb", ALL_DATES)
    planning = _with_dates(demo.planning, None)
    with laptop_b.transaction() as session:
        case = new_case(session, planning)
        case.decision_on = date(2026, 8, 18)
        restore_meeting(
            session,
            planning,
            case.id,
            None,
            files=attached_files(demo.planning),
            also=[case, *case.circumstances],
        )
    result = receive_case_pack(laptop_b, _pack_for(council, sqlite_council, laptop_b, ref))
    assert _case_dates(laptop_b, ref) == {**ALL_DATES, "decision_on": "2026-08-18"}
    [clash] = result.clashes
    assert "decision" in clash and "18 Aug 2026 on this laptop" in clash
    assert "17 Aug 2026 at the council" in clash and "this laptop's was kept" in clash
    words = "\n".join(result.lines())
    assert (
        "gained the case's dates it lacked" in words
        and "first visit after allocation 6 Aug 2026" in words
    )
    # The same pack again: nothing more to gain, the same clash said again.
    again = receive_case_pack(laptop_b, _pack_for(council, sqlite_council, laptop_b, ref))
    assert len(again.clashes) == 1 and "gained the case's dates" not in "\n".join(again.lines())


def test_a_pack_whose_case_holds_no_dates_leaves_the_laptops_alone(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    ref = _council_with_dates(council, demo, sqlite_council, tmp_path / "usb", None)
    opened = _pack_for(council, sqlite_council, laptop_b, ref)
    assert dict(opened.cases[0].dates) == {}
    receive_case_pack(laptop_b, opened)
    assert _case_dates(laptop_b, ref) == _dates()


@pytest.mark.parametrize(
    ("dates", "words"),
    [
        ({"decision_on": "2026-02-31"}, "a case's date is not a real date"),
        ({"decision_on": "17/08/2026"}, "at cases/0/dates/decision_on"),
        ({"decided_on": "2026-08-17"}, "at cases/0/dates"),
    ],
    ids=["impossible day", "not ISO", "unknown date"],
)
def test_a_pack_with_a_bad_case_date_is_refused_in_words(
    kit: Kit,  # noqa: F811
    dates: dict[str, str],
    words: str,
) -> None:
    from cinchair.sync.packs.format import PackRefused

    entries = kit.entries()
    cases = json.loads(entries[MANIFEST_NAME])["cases"]
    cases[0]["dates"] = dates
    with pytest.raises(PackRefused) as caught:
        kit.open(kit.resign(entries, cases=cases))
    assert caught.value.reason == "bad-manifest" and words in caught.value.message
