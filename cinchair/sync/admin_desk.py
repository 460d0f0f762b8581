"""What the admin desk does that is not already one core call: the trust list kept in the
key folder, import summaries kept for the "recent imports" list, the due list's filters,
and what clearing a laptop would take away and leave.

The window (``cinchair.ui.admin``) and the commands stand on the same functions: the
trust list is ``TrustList`` in the key folder exactly as ``cinchair keys trust`` keeps it,
so a laptop trusted at the desk is trusted for ``cinchair import`` and the other way.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cinchair.app.files import write_atomically
from cinchair.cases.report import CaseLine
from cinchair.model import BundleStatus, ImportedBundle, Meeting, ReceivedMeeting
from cinchair.sync.clear import received_superseded
from cinchair.sync.export import MeetingSync, sync_status
from cinchair.sync.import_summary import ImportSummary
from cinchair.sync.keys.keys import KeyProblem
from cinchair.sync.keys.laptop import LaptopPublic, read_aloud
from cinchair.sync.keys.trust_list import TrustedDevice, TrustList

TRUST_FILE = "trusted-devices.json"
SUMMARY_PREFIX = "import-"


def spoken_id(device_id: str) -> str:
    """A key id in groups of four, as two people read it to each other over the phone."""
    return read_aloud(device_id)


def key_text_fingerprint(text: str) -> str:
    """What the admin and the chair read aloud for a pasted laptop line: the fingerprint
    over both keys, or for an older signing-key-only line its device id (bundles only).
    ``KeyProblem`` says what is wrong with the text."""
    laptop = LaptopPublic.from_text(text.strip())
    if laptop.fingerprint is None:
        return f"{read_aloud(laptop.device_id)} (signing key only: no case packs)"
    return read_aloud(laptop.fingerprint)


def entry_fingerprint(entry: TrustedDevice) -> str:
    """The fingerprint a trusted laptop is listed by (its device id for an older entry)."""
    fingerprint = entry.fingerprint
    return read_aloud(fingerprint) if fingerprint else f"{read_aloud(entry.device_id)} (id)"


# --- the trust list --------------------------------------------------------------------------


def trust_path(keys_dir: Path) -> Path:
    return Path(keys_dir) / TRUST_FILE


def laptops(keys_dir: Path) -> list[TrustedDevice]:
    """Every laptop the council trusts or has revoked, oldest first."""
    return TrustList.load(trust_path(keys_dir)).entries()


def trust_laptop(
    keys_dir: Path, key_text: str, label: str, *, at: datetime | None = None
) -> TrustedDevice:
    """Trust the laptop whose key text its chair read out or pasted (``KeyProblem`` if not)."""
    path = trust_path(keys_dir)
    trust = TrustList.load(path)
    entry = trust.trust(key_text.strip(), label, at or datetime.now(UTC))
    trust.save(path)
    return entry


def revoke_laptop(
    keys_dir: Path, device_id: str, reason: str, *, at: datetime | None = None
) -> TrustedDevice:
    """Revoke a laptop: every bundle it signed is refused from now on."""
    path = trust_path(keys_dir)
    trust = TrustList.load(path)
    entry = trust.revoke(device_id, reason, at or datetime.now(UTC))
    trust.save(path)
    return entry


# --- recent imports --------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedSummary:
    """One import run's summary as the desk kept it (a CSV the admin can open in Excel)."""

    path: Path
    at: datetime
    counts: dict[str, int]

    @property
    def files(self) -> int:
        return sum(self.counts.values())

    def headline(self) -> str:
        order = ("imported", "duplicate", "conflict", "refused", "not imported")
        return ", ".join(f"{self.counts.get(k, 0)} {k}" for k in order if self.counts.get(k))


def save_import_summary(
    summary: ImportSummary, folder: Path, *, at: datetime | None = None
) -> Path:
    """Keep ``summary`` as ``import-YYYYMMDD-HHMMSS.csv`` in ``folder``; its path."""
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    path = Path(folder) / f"{SUMMARY_PREFIX}{moment:%Y%m%d-%H%M%S}.csv"
    n = 1
    while path.exists():  # two runs in one second: neither is overwritten
        n += 1
        path = Path(folder) / f"{SUMMARY_PREFIX}{moment:%Y%m%d-%H%M%S}-{n}.csv"
    return write_atomically(path, summary.csv_bytes())


def recent_import_summaries(folder: Path, limit: int = 200) -> list[SavedSummary]:
    """The summaries kept in ``folder``, newest first; an unreadable one is skipped."""
    found: list[SavedSummary] = []
    paths = sorted(Path(folder).glob(f"{SUMMARY_PREFIX}*.csv"), reverse=True)[:limit]
    for path in paths:
        stamp = path.stem[len(SUMMARY_PREFIX) :][:15]
        try:
            at = datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=UTC)
            text = path.read_bytes().decode("utf-8-sig")
        except (ValueError, OSError):
            continue
        rows = list(csv.reader(io.StringIO(text)))[1:]
        counts = Counter(row[1] for row in rows if len(row) > 1)
        found.append(SavedSummary(path, at, dict(counts)))
    return found


# --- the due list ----------------------------------------------------------------------------


def filter_cases(
    cases: Iterable[CaseLine],
    *,
    chair: str = "",
    team: str = "",
    council: str = "",
    states: Sequence[str] = (),
    text: str = "",
) -> list[CaseLine]:
    """The cases that match every filter given (empty means any)."""
    needle = text.strip().casefold()
    return [
        c
        for c in cases
        if (not chair or (c.last_chair or "") == chair)
        and (not team or (c.team or "") == team)
        and (not council or c.council == council)
        and (not states or c.state in states)
        and (not needle or needle in c.case_reference.casefold())
    ]


# --- conflicts, side by side --------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One field of the two records: where it is, each side's value, and whether they differ."""

    where: str
    filed: str
    held: str

    @property
    def differs(self) -> bool:
        return self.filed != self.held


def filed_record_text(session: Session, meeting_id: str) -> str | None:
    """The record of a filed meeting exactly as its laptop sent it (None if not kept)."""
    return session.scalar(
        select(ImportedBundle.record_json)
        .where(
            ImportedBundle.meeting_id == meeting_id,
            ImportedBundle.status == BundleStatus.IMPORTED,
        )
        .order_by(ImportedBundle.imported_at.desc())
        .limit(1)
    )


def _flatten(value: Any, where: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key in value:
            _flatten(value[key], f"{where}.{key}" if where else str(key), out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(item, f"{where}[{index + 1}]", out)
    else:
        out[where] = "" if value is None else str(value)


# Large or machine-only fields a person does not compare by eye. Ids are among them: two
# laptops give the same person or action ids of their own, so ids always differ.
_NOT_COMPARED = ("image_png", "strokes", "sha256", "content_sha256", "fingerprint")


def _compared(name: str) -> bool:
    last = name.rsplit(".", 1)[-1].split("[", 1)[0]
    return not (last == "id" or last.endswith("_id") or last.startswith(_NOT_COMPARED))


def record_differences(filed_text: str | None, held_text: str) -> list[Difference]:
    """Every field of the two records side by side, in the held record's order; ids and
    machine-only fields (pictures, strokes, digests) left out."""
    filed: dict[str, str] = {}
    held: dict[str, str] = {}
    if filed_text:
        _flatten(json.loads(filed_text), "", filed)
    _flatten(json.loads(held_text), "", held)
    names = list(held) + [name for name in filed if name not in held]
    return [
        Difference(name, filed.get(name, ""), held.get(name, ""))
        for name in names
        if _compared(name)
    ]


# --- clearing a laptop, said before it is done ------------------------------------------------


@dataclass(frozen=True)
class ClearPreview:
    """What ``clear_synced`` would take off this laptop, and what would stay."""

    to_clear: list[MeetingSync]
    staying: list[MeetingSync]
    # Meetings case packs brought: (case reference, held on), those going with a later
    # meeting cleared here, and those staying (nothing later here yet: the next review
    # starts from them).
    received_to_clear: list[tuple[str, date]] = field(default_factory=list)
    received_staying: list[tuple[str, date]] = field(default_factory=list)

    @property
    def going(self) -> int:
        """How many meetings clearing would take off the laptop, received ones included."""
        return len(self.to_clear) + len(self.received_to_clear)

    def lines(self) -> list[str]:
        if not self.to_clear:
            out = ["Nothing can be cleared yet: no meeting here is acknowledged by the council."]
        else:
            out = [
                f"{len(self.to_clear)} meeting(s) the council has acknowledged will be removed "
                "from this laptop, with everything recorded in them:"
            ]
            out += [f"  {m.case_reference}, held {m.held_on:%d %b %Y}" for m in self.to_clear]
            out.append(
                "Each open case keeps its latest plan, so the next review carries it forward; "
                "a closed case with nothing left goes entirely."
            )
        if self.received_to_clear:
            out.append(
                f"{len(self.received_to_clear)} meeting(s) received from the council go too: "
                "the council holds them, and a later meeting here carried them forward:"
            )
            out += [f"  {ref}, held {held:%d %b %Y}" for ref, held in self.received_to_clear]
        if self.received_staying:
            out.append(
                f"{len(self.received_staying)} meeting(s) received from the council stay: "
                "no later meeting of their case is cleared, and the next review starts from them:"
            )
            out += [f"  {ref}, held {held:%d %b %Y}" for ref, held in self.received_staying]
        if self.staying:
            out.append(
                f"{len(self.staying)} signed meeting(s) stay, because the council has not "
                "acknowledged them yet:"
            )
            out += [
                f"  {m.case_reference}, held {m.held_on:%d %b %Y} ({m.state})" for m in self.staying
            ]
        out.append("Meetings not yet signed are never cleared.")
        return out


def clear_preview(session: Session) -> ClearPreview:
    """What ``clear_synced`` would do now, worked out by the same rules it applies."""
    rows = sync_status(session)
    to_clear = [r for r in rows if r.synced]
    going = set(received_superseded(session, [r.meeting_id for r in to_clear]))
    received = session.execute(
        select(Meeting.id, ReceivedMeeting.case_reference, Meeting.held_on)
        .join(ReceivedMeeting, ReceivedMeeting.meeting_id == Meeting.id)
        .order_by(ReceivedMeeting.case_reference, Meeting.held_on, Meeting.id)
    ).all()
    return ClearPreview(
        to_clear=to_clear,
        staying=[r for r in rows if r.state not in ("synced", "cleared", "gone")],
        received_to_clear=[(ref, held) for m, ref, held in received if m in going],
        received_staying=[(ref, held) for m, ref, held in received if m not in going],
    )


__all__ = [
    "ClearPreview",
    "Difference",
    "KeyProblem",
    "SavedSummary",
    "clear_preview",
    "entry_fingerprint",
    "filed_record_text",
    "filter_cases",
    "key_text_fingerprint",
    "laptops",
    "recent_import_summaries",
    "record_differences",
    "revoke_laptop",
    "save_import_summary",
    "spoken_id",
    "trust_laptop",
    "trust_path",
]
