"""The parts of the document context that carry images: what the child gave, the
scaling chart and the signatures.

Kept apart from ``context.py`` because these are the sections that decode and check
bytes rather than word text: each image is opened once here, and one that cannot be
read becomes a sentence saying so, so both renderers show the same picture or the
same words, and neither has to open an image it might choke on.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Any

from PIL import Image as PILImage

from cinchair.documents.values import day_words, moment_words, typed
from cinchair.domain import vocabulary as words
from cinchair.record import short_fingerprint


@dataclass(frozen=True)
class Picture:
    """An image for both renderers: JPEG or PNG bytes, checked readable, and its size."""

    data: bytes
    size: tuple[int, int]


def _picture(data: bytes) -> Picture | None:
    try:
        with PILImage.open(io.BytesIO(data)) as probe:
            probe.verify()
            return Picture(data, probe.size)
    except Exception:  # an unreadable picture is reported in words, not fatal
        return None


def attachment(a: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """One thing the child gave: listed always, pictured only where the child agreed."""
    given = typed(child["given_name"]) or "the child"
    pdf = a["media_type"] == "application/pdf"
    pages = a["pages"] or 0
    kind = words.label(words.ATTACHMENT_KIND, a["kind"])
    what = f"PDF, {pages} page{'s' if pages != 1 else ''}" if pdf else "picture"
    picture = None
    if not a["child_agreed_to_share"]:
        note = f"Not included at {given}'s wish."
    elif a["picture_jpeg"] and (picture := _picture(base64.b64decode(a["picture_jpeg"]))):
        note = f"{given} agreed this can be in the minutes." + (
            " First page shown." if pdf and pages > 1 else ""
        )
    else:
        note = "The picture could not be read; the file is kept with the record."
    return {
        "title": typed(a["title"]),
        "kind": kind,
        "what": what,
        "added_on": day_words(a["added_at"][:10]) if a["added_at"] else "",
        "note": note,
        "picture": picture,
    }


def scaling_chart(history: dict[str, Any] | None) -> dict[str, Any] | None:
    """The scaling chart as a picture with its summary in words, or None (one meeting)."""
    if not history:
        return None
    from cinchair.meetings.scaling_history import ScalingHistory, chart_png

    data = ScalingHistory.from_record(history)
    if not data.worth_drawing or any(len(s.scores) != len(data.occasions) for s in data.series):
        return None
    png = chart_png(data)
    picture = _picture(png)
    return {"picture": picture, "summary": data.summary()} if picture else None


@dataclass(frozen=True)
class Signature:
    """One signer's line; ``image`` is the PNG as captured, checked readable, if there is one.

    ``image_size`` is its pixel size; ``image_note`` says why a captured image is not
    shown (it could not be read), so both renderers report it the same way.
    """

    name: str
    role: str
    status: str
    when: str
    reason: str
    image: bytes | None
    signed: bool
    image_size: tuple[int, int] = (0, 0)
    image_note: str = ""
    # Set when the record changed after this person signed: what they signed, short.
    earlier: str = ""

    @property
    def status_line(self) -> str:
        """ "Signed 19 Oct 2026 15:20", "Declined to sign: <reason>", "To sign later"."""
        line = f"{self.status} {self.when}".strip() if self.signed else self.status
        if self.earlier:
            line += (
                f" (an earlier version, fingerprint {self.earlier}: the record has changed since)"
            )
        return f"{line}: {self.reason}" if self.reason else line


def signature(s: dict[str, Any], current_print: str) -> Signature:
    """One signer's line; ``current_print`` is the record's fingerprint now, so a
    signature given to an earlier version says so."""
    signed = s["status"] == "signed"
    signed_print = s["content_sha256"]
    earlier = signed and bool(signed_print) and signed_print != current_print
    image, size, note = None, (0, 0), ""
    if signed and s["image_png"]:
        try:
            image = base64.b64decode(s["image_png"])
            with PILImage.open(io.BytesIO(image)) as probe:
                probe.verify()
                size = probe.size
        except Exception:  # any unreadable image is reported, not fatal
            image, note = None, "(signature image could not be read)"
    return Signature(
        name=typed(s["signer_name"]),
        role=typed(s["signer_role"]),
        status=words.label(words.SIGNATURE_STATUS, s["status"]),
        when=moment_words(s["signed_at"]),
        reason=typed(s["reason"]),
        image=image,
        signed=signed,
        image_size=size,
        image_note=note,
        earlier=short_fingerprint(signed_print) if earlier else "",
    )
