"""What an import run did with each file: the items, the summary, and the CSV of it.

``import_bundles`` (``cinchair.sync.importer``) returns an ``ImportSummary``: one
``ImportItem`` per file, in the order given, each with its outcome (imported, duplicate,
conflict, refused), the reason in words and what it was (case, meeting, chair, device);
the admin's window shows it and the CSV keeps it. Also here: which files a run takes
from the files and folders it is given (``collect_bundle_files``), reading each
(``read_bundle_file``) and refusing what cannot be a bundle before any key is asked for
(``shape_refusal``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cinchair.app.files import write_atomically
from cinchair.sync.bundle.bundle import BUNDLE_SUFFIX
from cinchair.sync.bundle.refusals import BundleRefused
from cinchair.sync.bundle.sealing import HEADER_SIZE, MAX_BUNDLE_BYTES, TAG_SIZE, check_shape

IMPORTED, DUPLICATE, CONFLICT, REFUSED = "imported", "duplicate", "conflict", "refused"
OUTCOMES = (IMPORTED, DUPLICATE, CONFLICT, REFUSED)
# Refusal codes of the import itself, beside the bundle layer's (``REFUSAL_CODES``); the
# summary CSV carries them, so they are named once here and used by name everywhere.
UNREADABLE = "unreadable"
NOT_FOUND = "not-found"
WAITING = "waiting-for-earlier"
CANNOT_FILE = "cannot-file"
STORE_BUSY = "store-busy"
IMPORT_REFUSALS = (UNREADABLE, NOT_FOUND, WAITING, CANNOT_FILE, STORE_BUSY)


@dataclass(frozen=True)
class ImportItem:
    """What happened to one file; ``message`` is plain words for the admin."""

    source: str
    outcome: str  # imported, duplicate, conflict or refused
    message: str
    reason: str = ""  # the refusal code, for refused items
    meeting_id: str = ""
    case_reference: str = ""
    held_on: str = ""
    kind: str = ""
    chair: str = ""
    version: int | None = None
    device_id: str = ""
    device_label: str = ""
    fingerprint: str = ""
    signatures_digest: str = ""
    note: str = ""  # something worth knowing that is not a failure

    @property
    def kept(self) -> bool:
        """True when the council now holds this record (so a receipt names it)."""
        return self.outcome in (IMPORTED, DUPLICATE, CONFLICT)


CSV_FIELDS = (
    "file",
    "outcome",
    "reason",
    "message",
    "note",
    "case_reference",
    "held_on",
    "kind",
    "chair",
    "version",
    "meeting_id",
    "device_id",
    "device_label",
    "fingerprint",
)


@dataclass
class ImportSummary:
    """Every file of a run and what became of it, in the order given."""

    items: list[ImportItem] = field(default_factory=list)
    cancelled: bool = False
    not_reached: list[str] = field(default_factory=list)  # files a cancel left untouched
    skipped: list[str] = field(default_factory=list)  # non-bundle files found in folders
    receipts: list[Path] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in OUTCOMES}

    def devices_kept(self) -> set[str]:
        return {item.device_id for item in self.items if item.kept and item.device_id}

    def headline(self) -> str:
        c = self.counts
        text = (
            f"{c[IMPORTED]} imported, {c[DUPLICATE]} duplicate, {c[CONFLICT]} conflict, "
            f"{c[REFUSED]} refused"
        )
        if self.cancelled:
            text += f"; cancelled, {len(self.not_reached)} file(s) not imported"
        return text

    def lines(self) -> list[str]:
        """The summary for a screen: the headline, then one line per file that needs eyes."""
        out = [self.headline()]
        for item in self.items:
            if item.outcome == IMPORTED and not item.note:
                continue
            note = f" ({item.note})" if item.note else ""
            out.append(f"{item.outcome}: {item.source}: {item.message}{note}")
        out += [f"not imported (cancelled): {name}" for name in self.not_reached]
        if self.skipped:
            out.append(f"{len(self.skipped)} other file(s) in the folders were not bundles")
        return out

    def csv_bytes(self) -> bytes:
        """The summary as CSV, one row per file (cancelled ones included), UTF-8 with BOM
        so Excel shows names correctly."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(CSV_FIELDS)
        for item in self.items:
            row = [
                item.source,
                item.outcome,
                item.reason,
                item.message,
                item.note,
                item.case_reference,
                item.held_on,
                item.kind,
                item.chair,
                "" if item.version is None else str(item.version),
                item.meeting_id,
                item.device_id,
                item.device_label,
                item.fingerprint,
            ]
            writer.writerow([csv_cell(value) for value in row])
        for name in self.not_reached:
            writer.writerow([csv_cell(name), "not imported", "cancelled"] + [""] * 11)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def write_csv(self, path: Path) -> Path:
        return write_atomically(Path(path), self.csv_bytes())


def csv_cell(value: str) -> str:
    """A cell a spreadsheet will show as text: a leading = + - @ would run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


# --- finding the files ---------------------------------------------------------------------


def collect_bundle_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[Path]]:
    """``(files to import, other files skipped)`` for the paths an admin chose.

    A file named explicitly is always tried, whatever its name, so a renamed bundle is not
    ignored. From a folder (searched through its sub-folders) only ``*.cinsync`` files are
    taken: a USB stick holds other things too. Hidden files and folders are left alone.
    A path that does not exist is kept, so the summary can say so.
    """
    files: list[Path] = []
    skipped: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or not found.is_file():
                    continue
                target = files if found.name.lower().endswith(BUNDLE_SUFFIX) else skipped
                if found not in seen:
                    seen.add(found)
                    target.append(found)
        elif path not in seen:
            seen.add(path)
            files.append(path)
    return files, skipped


def shape_refusal(path: Path) -> ImportItem | None:
    """The refusal of a file that cannot be a bundle, found without any key; else None."""
    try:
        with path.open("rb") as stream:
            head = stream.read(HEADER_SIZE + TAG_SIZE)
        check_shape(head, source=path.name, size=path.stat().st_size)
    except BundleRefused as refusal:
        return ImportItem(str(path), REFUSED, refusal.message, reason=refusal.reason)
    except OSError:
        return None  # said in words when the file is read for real
    return None


def read_bundle_file(path: Path) -> bytes | ImportItem:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BUNDLE_BYTES:
            return ImportItem(
                source,
                REFUSED,
                f"The file is {size:,} bytes, more than the {MAX_BUNDLE_BYTES:,} a bundle may "
                "be. It is not a cinchair bundle, or it was damaged.",
                reason="too-large",
            )
        return path.read_bytes()
    except FileNotFoundError:
        return ImportItem(source, REFUSED, "There is no such file or folder.", reason=NOT_FOUND)
    except OSError as exc:
        return ImportItem(
            source,
            REFUSED,
            f"The file cannot be read ({exc.strerror or exc}). Check it is not still being "
            "copied, and that you may read it.",
            reason=UNREADABLE,
        )
