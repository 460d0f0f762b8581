"""The documents' context says who must receive the minutes and the plan, and by when,
by the council's procedure (North Tyneside s.2 and s.3 for the demo's review)."""

from __future__ import annotations

from pathlib import Path

from cinchair.demo import build_demo
from cinchair.documents.context import Copy, Document, build_context
from cinchair.domain.duties import record_distribution
from cinchair.record import build_record
from cinchair.store.facade import Store, sqlite_url


def test_north_tyneside_s3_minutes_and_amended_plan_recipients_reach_the_documents(
    tmp_path: Path,
) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        record = build_record(session, demo.meeting_ids[-1])
    minutes = build_context(record, Document.MINUTES, Copy.AGENCIES)["procedure_distribution"]
    assert [m["what"] for m in minutes] == ["Copy of the record of the meeting sent"]
    assert "the child (if old enough)" in minutes[0]["to"]
    assert minutes[0]["when"] == "the procedure sets no timescale"
    assert minutes[0]["cite"].startswith("North Tyneside, s.3")
    # the demo's review continues the plan, amended: the Lead Professional circulates it
    assert record["decision"]["leads_to"] == "plan-continues"
    plan = record_distribution(record, "plan")
    assert [p["who"] for p in plan] == ["the Lead Professional"]
    assert "including any new services" in plan[0]["to"]


def test_a_record_of_a_council_not_on_this_machine_has_no_procedure_list() -> None:
    record = {"council": {"profile_id": "atlantis"}, "meeting": {}, "case": {}}
    assert record_distribution(record, "minutes") == []
