"""The due list as an Excel workbook the admin can sort, filter and send on.

The same rows as ``AdminReport.cases_csv`` (never a child's name: the case reference is
the key the council's own system holds it under), with what a CSV cannot carry: a bold
frozen header, real dates shown the UK way, column widths that fit, an autofilter, and
overdue rows marked so they stand out when printed in black and white as well (bold).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from cinchair.app.files import write_atomically
from cinchair.cases.report import CaseLine

HEADERS = (
    "Case reference",
    "Council rules",
    "State",
    "Next due",
    "What is due",
    "Days overdue",
    "Last meeting",
    "Last chair",
    "Team",
    "Meetings",
    "Conflicts waiting",
)
WIDTHS = (18, 28, 22, 12, 26, 13, 13, 26, 20, 10, 17)
LATE = ("overdue", "past escalation point")


def cases_xlsx(cases: Sequence[CaseLine], *, title: str = "Reviews due") -> bytes:
    """The workbook's bytes: one sheet, one row per case."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(HEADERS))
    header_fill = PatternFill("solid", fgColor="1F3864")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    late_fill = PatternFill("solid", fgColor="F8D7DA")
    soon_fill = PatternFill("solid", fgColor="FFF3CD")
    for case in cases:
        sheet.append(
            [
                case.case_reference,
                case.council,
                case.state,
                case.next_due,
                case.next_due_what or "",
                case.days_overdue or None,
                case.last_meeting,
                case.last_chair or "",
                case.team or "",
                case.meetings,
                case.conflicts_waiting or None,
            ]
        )
        row = sheet.max_row
        for column in (4, 7):
            sheet.cell(row, column).number_format = "DD/MM/YYYY"
        if case.state in LATE:
            for cell in sheet[row]:
                cell.fill = late_fill
                cell.font = Font(bold=True)
        elif case.state == "due soon":
            for cell in sheet[row]:
                cell.fill = soon_fill
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(sheet.max_row, 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.oddHeader.center.text = "OFFICIAL-SENSITIVE"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_cases_xlsx(cases: Sequence[CaseLine], path: Path) -> Path:
    """Write the workbook all at once (a full disk leaves no half file)."""
    return write_atomically(Path(path), cases_xlsx(cases))
