"""A council may print the family's copy larger, for easy read: both formats follow it."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from pypdf import PdfReader

from cinchair.app import paths
from cinchair.demo import build_demo
from cinchair.documents import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.profiles import ProfileError, load_profile
from cinchair.profiles.loader import council_profiles_dir
from cinchair.record import build_record
from cinchair.store.facade import Store, sqlite_url


def _own_profile(profile_id: str, documents: str) -> Path:
    """The council's own copy of a shipped profile with a ``[documents]`` table added."""
    folder = council_profiles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    own = folder / f"{profile_id}.toml"
    shutil.copyfile(paths.profiles_dir() / f"{profile_id}.toml", own)
    with own.open("a", encoding="utf-8") as out:
        out.write(f"\n[documents]\n{documents}\n")
    return own


@pytest.mark.parametrize("value", ["10", "21", "10.5", '"big"', "true"])
def test_a_size_outside_11_to_20_is_refused_naming_the_field(value: str) -> None:
    own = _own_profile("generic", f"family_body_pt = {value}")
    with pytest.raises(ProfileError, match=r"documents\.family_body_pt.*from 11 to 20"):
        load_profile(own)


def test_a_mistyped_field_is_named() -> None:
    own = _own_profile("generic", "family_body_size = 14")
    with pytest.raises(ProfileError, match="family_body_size"):
        load_profile(own)


def _pdf_sizes(data: bytes) -> set[float]:
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    return {float(size) for size in re.findall(r"/F\d+\+?\d* ([\d.]+) Tf", text)}


@pytest.mark.slow
def test_the_family_copy_at_the_councils_size_in_both_formats(tmp_path: Path) -> None:
    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        record = build_record(session, demo.meeting_ids[-1])
    profile_id = record["council"]["profile_id"]
    template = template_for(profile_id, Document.MINUTES)
    before = build_context(record, Document.MINUTES, Copy.FAMILY)
    assert before["doc"]["body_pt"] == 11
    assert 17 not in _pdf_sizes(render_pdf(before))

    assert (
        load_profile(_own_profile(profile_id, "family_body_pt = 17")).documents.family_body_pt == 17
    )
    family = build_context(record, Document.MINUTES, Copy.FAMILY)
    agencies = build_context(record, Document.MINUTES, Copy.AGENCIES)
    assert family["doc"]["body_pt"] == 17 and agencies["doc"]["body_pt"] is None
    assert 17 in _pdf_sizes(render_pdf(family))
    assert 17 not in _pdf_sizes(render_pdf(agencies))
    word = docx.Document(io.BytesIO(render_docx(family, template)))
    assert word.styles["Normal"].font.size == Pt(17)
    assert word.styles["Heading 1"].font.size > Pt(17)
    word = docx.Document(io.BytesIO(render_docx(agencies, template)))
    assert word.styles["Normal"].font.size == Pt(11)
