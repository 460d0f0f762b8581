"""A meeting filed from a laptop keeps the case as it was signed, at the council and after.

The laptop copies the case into the meeting at sign-off (``meetings.case_at_signing``);
the council's import and a laptop receiving a case pack must file that copy too, from the
record itself. Otherwise a case corrected in the council's store (or refreshed by a newer
meeting's record) would change the documents of meetings already filed, which were
signed with the case as it stood then.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from cinchair.model import Case, Meeting
from cinchair.record import build_record
from cinchair.store.facade import Store
from cinchair.sync.packs.make import make_case_pack
from cinchair.sync.packs.receive import receive_case_pack
from tests.sync_kit import Council, Demo
from tests.test_case_packs import MADE, _import_demo, _open, _trust, laptop_b

__all__ = ["laptop_b"]  # the fixture, used by name


def _correct_the_childs_name(store: Store, reference: str) -> None:
    with store.transaction() as session:
        case = session.scalars(select(Case).where(Case.case_ref == reference)).one()
        case.child_given_name = "Corrected"
        case.child_family_name = "Afterwards"


def test_an_imported_meeting_keeps_the_case_as_signed(
    council: Council, demo: Demo, sqlite_council: Store, tmp_path: Path
) -> None:
    reference = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    _correct_the_childs_name(sqlite_council, reference)
    with sqlite_council.reading() as session:
        for meeting_id, signed in (
            (demo.planning_id, demo.planning),
            (demo.review_id, demo.review),
        ):
            assert session.get(Meeting, meeting_id).case_at_signing == signed["case"]
            assert build_record(session, meeting_id)["case"] == signed["case"]
            assert "Corrected" not in str(build_record(session, meeting_id)["case"])


def test_a_received_case_pack_keeps_each_meeting_as_signed(
    council: Council, demo: Demo, sqlite_council: Store, laptop_b: Store, tmp_path: Path
) -> None:
    reference = _import_demo(council, demo, sqlite_council, tmp_path / "bundles")
    _correct_the_childs_name(sqlite_council, reference)  # the council's case, corrected
    device_id = _trust(council, laptop_b)
    data = make_case_pack(
        sqlite_council, council.desk, device_id, [reference], made_by="Ann", now=MADE
    )
    receive_case_pack(laptop_b, _open(data, laptop_b, council))  # type: ignore[arg-type]
    with laptop_b.reading() as session:
        for meeting_id, signed in (
            (demo.planning_id, demo.planning),
            (demo.review_id, demo.review),
        ):
            assert session.get(Meeting, meeting_id).case_at_signing == signed["case"]
            assert build_record(session, meeting_id)["case"] == signed["case"]
