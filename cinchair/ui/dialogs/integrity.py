"""Help > Check the record's integrity (the chair's window), and Desk > Check what the
council holds (the admin desk): the audit trail, its anchors and the rows, and for the
council every received record proved again against the trust list.

The windows' way to what ``cinchair audit verify`` and ``cinchair verify-filed`` do: the
checks run on a background thread behind a busy bar (``run_busy``), and the result is said
in a message box, in the words the core gives. The window decides nothing: it shows them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from cinchair.store.integrity import IntegrityReport, check_integrity
from cinchair.ui.widgets.busy import run_busy

if TYPE_CHECKING:
    from cinchair.store.facade import Store
    from cinchair.sync.provenance import FiledCheck

TITLE = "The record's integrity"


def report_text(report: IntegrityReport) -> str:
    """The message for the chair: intact (and against what), or each problem found."""
    if report.intact:
        held = [
            *(["the checkpoint signed at the last sign-off"] if report.checkpoint else []),
            *(["the entry the council's last receipt names"] if report.receipt else []),
        ]
        anchored = (
            f" It still holds {' and '.join(held)}."
            if held
            else " (There is no signed checkpoint yet: one is written at each sign-off.)"
            if not report.anchored
            else ""
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


COUNCIL_TITLE = "What the council holds"


def council_report_text(report: IntegrityReport, checks: list[FiledCheck]) -> str:
    """The admin's message: the received records proved, and the council store's trail."""
    failed = [c for c in checks if c.problem is not None]
    unprovable = [c for c in checks if c.problem is None and not c.proved]
    proved = len(checks) - len(failed) - len(unprovable)
    lines = [
        f"{proved} of {len(checks)} received record(s) proved against the trust list: the "
        "laptop's signature on each kept manifest, and each kept record the one it signed."
    ]
    if unprovable:
        lines.append(
            f"{len(unprovable)} were received before the council kept manifests, so they "
            "cannot be proved again."
        )
    lines += [
        f"• {c.case_reference} meeting {c.meeting_id[:8]} ({c.device_label}): {c.problem}"
        for c in failed
    ]
    lines.append("")
    lines.append(report_text(report))
    return "\n".join(lines)


def check_council_store(
    parent: QWidget, store: Store, *, keys_dir: Path, receipts_dir: Path
) -> tuple[IntegrityReport, list[FiledCheck]]:
    """Prove what was received (``verify-filed``) and check the council store's trail
    against the receipts it issued (``audit verify --receipts``); say both."""
    from cinchair.sync.council import TRUST_FILE, public_of_folder
    from cinchair.sync.keys.keys import KeyProblem
    from cinchair.sync.keys.trust_list import TrustList
    from cinchair.sync.provenance import verify_filed

    def work() -> tuple[IntegrityReport, list[FiledCheck]]:
        trust = TrustList.load(keys_dir / TRUST_FILE)
        try:
            council = public_of_folder(keys_dir)
        except KeyProblem:
            council = None  # no keys yet: there are no receipts to check either
        report = check_integrity(store, receipts_dir=receipts_dir, council=council)
        return report, store.ask(verify_filed, trust)

    report, checks = run_busy(parent, "Checking what the council holds…", work)
    bad = not report.intact or any(c.problem for c in checks)
    box = QMessageBox(
        QMessageBox.Icon.Warning if bad else QMessageBox.Icon.Information,
        COUNCIL_TITLE,
        council_report_text(report, checks),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setAccessibleName(COUNCIL_TITLE)
    box.exec()
    return report, checks
