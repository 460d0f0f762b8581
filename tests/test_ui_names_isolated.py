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
