"""The minutes and plan of one stored meeting, written where the chair chooses.

The window's "Minutes and plan" command and ``cinchair render --meeting`` do the same
thing; this keeps the window away from sessions and the record builder.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cinchair.documents import Copy, Format, render_record
from cinchair.documents.render import Rendered
from cinchair.record import build_record
from cinchair.store.facade import Store


def write_meeting_documents(
    store: Store,
    meeting_id: str,
    folder: Path,
    *,
    formats: Iterable[Format] = (Format.DOCX, Format.PDF),
    copies: Iterable[Copy] = (Copy.FAMILY, Copy.AGENCIES),
) -> list[Rendered]:
    """Each document of the meeting in each copy and format; ``CannotWrite`` on a bad folder.

    The record is read in one go and the reading session closed before rendering, so
    the store is never held open while documents are laid out.
    """
    with store.reading() as session:
        record = build_record(session, meeting_id)
    return render_record(record, Path(folder), formats=formats, copies=copies)
