"""Help > Check the record's integrity: the audit trail, its anchors and the rows.

The window's way to what ``cinchair audit verify`` does: the check runs on a background
thread behind a busy bar (``run_busy``), and its result is said in a message box, in the
words ``cinchair.store.integrity`` gives. The window decides nothing: it shows the report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from cinchair.store.integrity import IntegrityReport, check_integrity
from cinchair.ui.widgets.busy import run_busy

if TYPE_CHECKING:
    from cinchair.store.facade import Store

TITLE = "The record's integrity"


def report_text(report: IntegrityReport) -> str:
    """The message for the chair: intact (and against what), or each problem found."""
    if report.intact:
        anchored = (
            " It still holds the checkpoint signed at the last sign-off."
            if report.anchored
            else " (There is no signed checkpoint yet: one is written at each sign-off.)"
        )
        return (
            "The audit trail is intact: every entry follows the one before, and every "
            f"record in the store is what the trail says.{anchored}"
        )
    lines = "\n".join(f"• {line}" for line in report.problem_lines())
    return (
        f"The check found {report.count} problem(s). The store was changed outside "
        "cinchair, or is damaged. Keep the laptop as it is and tell your manager and IT; "
        f"the latest backup is kept in the backups folder.\n\n{lines}"
    )


def check_record_integrity(parent: QWidget, store: Store) -> IntegrityReport:
    """Run the check behind a busy bar and say the result; the report, for tests."""
    report = run_busy(parent, "Checking the record's audit trail…", lambda: check_integrity(store))
    box = QMessageBox(
        QMessageBox.Icon.Information if report.intact else QMessageBox.Icon.Warning,
        TITLE,
        report_text(report),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAccessibleName(TITLE)
    box.exec()
    return report
