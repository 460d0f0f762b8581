"""Pictures in the PDF, encoded once per picture rather than once per document drawn.

reportlab's ``Image`` flowable decodes the PNG, fingerprints its pixels with MD5 and
deflates them again every time a document draws it. The minutes draw every signature,
each picture the child agreed to share and the scaling chart, and the same pictures
appear again in the family's copy, the agencies' copy and the plan: that work was a
sixth of the time a PDF took. Here each picture, known by the SHA-256 of its bytes, is
turned into finished PDF image objects (pixels deflated, transparency split into its
soft mask, exactly as reportlab would write them) the first time it is drawn, and each
later document only places them.

Placing a ready image object is the second half of reportlab's ``Canvas.drawImage``
(5.x), repeated in ``_place`` because reportlab offers no public way in with an object
already encoded; tests open the PDFs and find the pictures.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Literal

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.platypus import Flowable

# Signatures, attachment pictures and a chart of one meeting, and the next meeting's
# too: enough to keep everything one sitting renders, small enough to never matter.
_KEPT = 48

# The image-object attributes reportlab's ``format`` writes out.
_FIELDS = (
    "width",
    "height",
    "bitsPerComponent",
    "colorSpace",
    "_filters",
    "streamContent",
    "mask",
    "_decode",
    "_dotrans",
)


@dataclass(frozen=True)
class EncodedImage:
    """One picture as finished PDF image objects (the soft mask holds its transparency)."""

    name: str
    fields: dict[str, Any]
    smask: EncodedImage | None

    def xobject(self) -> PDFImageXObject:
        """A fresh image object for one document (documents never share objects)."""
        obj = PDFImageXObject(self.name)
        for key, value in self.fields.items():
            setattr(obj, key, value)
        return obj


def _fields(obj: PDFImageXObject) -> dict[str, Any]:
    return {key: getattr(obj, key) for key in _FIELDS if hasattr(obj, key)}


def _encode(digest: str, data: bytes) -> EncodedImage:
    name = f"cin{digest[:40]}"
    obj = PDFImageXObject(name, ImageReader(io.BytesIO(data)), mask="auto")
    smask_obj = getattr(obj, "_smask", None)
    smask = None
    if smask_obj is not None:
        smask = EncodedImage(f"{name}a", _fields(smask_obj), None)
    return EncodedImage(name, _fields(obj), smask)


_cache: OrderedDict[str, EncodedImage] = OrderedDict()
_cache_lock = threading.Lock()


def encoded(data: bytes) -> EncodedImage:
    """``data`` (PNG or JPEG bytes, already checked readable) as PDF image objects."""
    digest = hashlib.sha256(data).hexdigest()
    with _cache_lock:
        found = _cache.get(digest)
        if found is not None:
            _cache.move_to_end(digest)
            return found
    made = _encode(digest, data)
    with _cache_lock:
        _cache[digest] = made
        while len(_cache) > _KEPT:
            _cache.popitem(last=False)
    return made


def _register(canvas: Any, image: EncodedImage) -> str:
    """The image's name in this document, its objects added the first time it is used.

    ``canvas`` is typed Any on purpose: this reaches reportlab's private document API
    (what ``drawImage`` does inside), which its published types do not describe.
    """
    doc = canvas._doc
    reg_name = doc.getXObjectName(image.name)
    if doc.idToObject.get(reg_name) is None:
        obj: Any = image.xobject()  # its soft mask is set below, which the types omit
        canvas._setXObjects(obj)
        doc.Reference(obj, reg_name)
        doc.addForm(image.name, obj)
        if image.smask is not None:
            mask_name = doc.getXObjectName(image.smask.name)
            if doc.idToObject.get(mask_name) is None:
                mask = image.smask.xobject()
                canvas._setXObjects(mask)
                obj.smask = doc.Reference(mask, mask_name)
            else:
                obj.smask = PDFObjectReference(mask_name)
    name: str = reg_name
    return name


def _place(canvas: Any, image: EncodedImage, width: float, height: float) -> None:
    """Draw ``image`` filling ``width`` by ``height`` at the canvas's origin (through
    reportlab's private canvas API, hence Any)."""
    canvas._currentPageHasImages = 1
    reg_name = _register(canvas, image)
    canvas.saveState()
    canvas.scale(width, height)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(image.name)


class PdfPicture(Flowable):
    """A picture drawn at a given size from its once-encoded image objects."""

    def __init__(
        self,
        data: bytes,
        width: float,
        height: float,
        h_align: Literal["LEFT", "CENTER", "CENTRE", "RIGHT"] = "LEFT",
    ) -> None:
        super().__init__()
        self.image = encoded(data)
        self.drawWidth = width
        self.drawHeight = height
        self.hAlign = h_align

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.drawWidth, self.drawHeight

    def draw(self) -> None:
        _place(self.canv, self.image, self.drawWidth, self.drawHeight)
