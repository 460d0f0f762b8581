"""One check of a store's record: the audit chain, its anchors, and the rows against it.

``check_integrity`` is what ``cinchair audit verify`` prints and what the window's
Help > Check the record's integrity shows, so both say the same: the chain is whole
(``audit.verify_chain``), it still holds the heads anchored outside the database
(``audit_anchor``: the signed checkpoint beside a chair's store, the last council receipt
the laptop loaded (``cinchair.sync.receipt_anchor``), and a council's receipts when their
folder is given), and every row is what the trail says (``audit_replay``).
Plain values only: the caller decides how to show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cinchair.store.audit import verify_chain
from cinchair.store.audit_anchor import checkpoint_path, checkpoint_problems
from cinchair.store.audit_replay import MAX_LISTED, replay_problems

if TYPE_CHECKING:
    from cinchair.store.facade import Store


@dataclass(frozen=True)
class IntegrityReport:
    """What the check found, in words; empty lists mean intact."""

    chain: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    anchored: bool = False  # whether any anchor outside the database was there to check
    checkpoint: bool = False  # the signed checkpoint beside a chair's store was checked
    receipt: bool = False  # the last council receipt the laptop loaded was checked

    @property
    def count(self) -> int:
        return len(self.chain) + len(self.anchors) + len(self.rows)

    @property
    def intact(self) -> bool:
        return self.count == 0

    def problem_lines(self) -> list[str]:
        """Every problem, the rows' capped at ``MAX_LISTED`` with the rest counted."""
        lines = self.chain + self.anchors + self.rows[:MAX_LISTED]
        if len(self.rows) > MAX_LISTED:
            lines.append(f"... and {len(self.rows) - MAX_LISTED} more row(s) like these")
        return lines

    def headline(self) -> str:
        return "audit trail intact" if self.intact else f"{self.count} problem(s) found"


def check_integrity(
    store: Store, *, receipts_dir: Path | None = None, council: Any = None
) -> IntegrityReport:
    """Check ``store``; with ``receipts_dir`` and ``council`` (its ``CouncilPublic``), also
    against the receipts a council store issued."""
    from cinchair.store.backup import store_file

    path = store_file(store)
    device = None
    receipt_council = None
    if path is not None and checkpoint_path(path).exists():
        # read before the check's read transaction: the key is there (it signed the file)
        from cinchair.sync.keys.device import laptop_device_key

        device = laptop_device_key(store).key
    if path is not None:
        receipt_council = _kept_receipt_council(path, council)
        if receipt_council is not None and device is None:
            from cinchair.sync.keys.device import laptop_device_key

            device = laptop_device_key(store).key
    with store.reading() as session:
        chain = [f"audit entry {p.seq} {p.problem}" for p in verify_chain(session)]
        anchors: list[str] = []
        if path is not None and device is not None:
            anchors += checkpoint_problems(
                session, path, public_key=device.public.base64, verify=device.public.verify
            )
        if path is not None and device is not None and receipt_council is not None:
            from cinchair.sync.receipt_anchor import kept_receipt_problems

            anchors += kept_receipt_problems(session, path, receipt_council, device.device_id)
        if receipts_dir is not None and council is not None:
            from cinchair.sync.receipts import receipt_head_problems

            anchors += receipt_head_problems(session, receipts_dir, council)
        rows = [p.line() for p in replay_problems(session)]
    checkpoint = path is not None and checkpoint_path(path).exists()
    receipt = path is not None and device is not None and receipt_council is not None
    anchored = checkpoint or receipt or receipts_dir is not None
    return IntegrityReport(chain, anchors, rows, anchored, checkpoint, receipt)


def _kept_receipt_council(store_path: Path, council: Any) -> Any:
    """The council public key to check a kept receipt with: the one given, else the one
    installed on this laptop; None when no receipt is kept (or no key to check it)."""
    from cinchair.sync.receipt_anchor import kept_receipt_path

    if not kept_receipt_path(store_path).exists():
        return None
    if council is not None:
        return council
    from cinchair.sync.council import laptop_council_public
    from cinchair.sync.keys.keys import KeyProblem

    try:
        return laptop_council_public()
    except KeyProblem:
        return None
