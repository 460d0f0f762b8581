"""A typed name in any script sits in window text as one unit: the English keeps its order.

"ليلى حسن: North Tyneside Council" without an isolate is laid out by the bidi algorithm as
"North Tyneside Council :ليلى حسن" (the colon joins the Arabic run). Each place that puts
a typed name into a line wraps it in a directional isolate.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QLabel

from cinchair.demo import build_demo
from cinchair.domain.bidi import PDI, RLI, isolate
from cinchair.model import Case
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.meeting.start import StartMeetingDialog

GIVEN, FAMILY = "ليلى", "حسن"


def _arabic_named_case(tmp_path: Path) -> tuple[Store, str]:
    demo = build_demo(tmp_path / "demo.sqlite3")
    store = Store.open(sqlite_url(demo.store_path))
    with store.transaction() as session:
        case = session.query(Case).one()
        case.child_given_name, case.child_family_name = GIVEN, FAMILY
        case.child_preferred_name = None
        return store, case.id


def test_the_start_dialog_header_isolates_the_childs_name(qtbot, tmp_path: Path) -> None:
    store, case_id = _arabic_named_case(tmp_path)
    try:
        dialog = StartMeetingDialog(store, case_id, date(2026, 10, 19))
        qtbot.addWidget(dialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        header = next(text for text in texts if GIVEN in text)
        assert header.startswith(f"{RLI}{GIVEN} {FAMILY}{PDI}: ")
        assert header == f"{isolate(f'{GIVEN} {FAMILY}')}: {header.split(': ', 1)[1]}"
    finally:
        store.close()


CHAIR = "مريم أحمد"


def _case_id(store: Store) -> str:
    with store.transaction() as session:
        return session.query(Case).one().id


def test_the_case_summary_timeline_isolates_the_chairs_name(tmp_path: Path) -> None:
    from cinchair.cases.summary import case_summary
    from cinchair.meetings.starting import start_new_meeting
    from cinchair.model import ChairRole, MeetingKind

    store, case_id = _arabic_named_case(tmp_path)
    try:
        start_new_meeting(
            store,
            case_id,
            kind=MeetingKind.REVIEW,
            held_on=date(2026, 10, 19),
            chair_name=CHAIR,
            chair_role=ChairRole.SOCIAL_WORKER,
            venue=None,
        )
        with store.transaction() as session:
            summary = case_summary(session, case_id, date(2026, 10, 19))
        chaired = [entry.detail for entry in summary.timeline if CHAIR in entry.detail]
        assert chaired == [f"chaired by {RLI}{CHAIR}{PDI}"]
    finally:
        store.close()


def test_dialogs_that_name_the_child_isolate_it(qtbot, tmp_path: Path) -> None:
    from cinchair.ui.dialogs.close_case import CloseCaseDialog
    from cinchair.ui.dialogs.past_meetings import PastMeetingsDialog

    store, case_id = _arabic_named_case(tmp_path)
    child = f"{GIVEN} {FAMILY}"
    try:
        past = PastMeetingsDialog(child, [])
        closing = CloseCaseDialog(store, case_id, child, date(2026, 10, 19))
        for dialog in (past, closing):
            qtbot.addWidget(dialog)
        past_texts = [label.text() for label in past.findChildren(QLabel)]
        assert f"Meetings for {RLI}{child}{PDI}, newest first:" in past_texts
        closing_texts = [label.text() for label in closing.findChildren(QLabel)]
        assert any(
            text.startswith(f"Close the case of {RLI}{child}{PDI}. ") for text in closing_texts
        )
    finally:
        store.close()


def test_the_family_views_scaling_line_isolates_each_name(qtbot) -> None:
    from cinchair.meetings.family_screen import Score
    from cinchair.ui.family.scaling import ScalingLine

    line = ScalingLine()
    qtbot.addWidget(line)
    line.set_scores([Score(CHAIR, 6), Score("Dad", 4)])
    assert line.accessibleDescription() == f"{RLI}{CHAIR}{PDI}: 6; {isolate('Dad')}: 4"
