"""Hostile and unusual input: names in any script, template syntax, huge text, bad files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cinchair.cli.main import main
from cinchair.documents import Copy, Document, TemplateProblem, build_context, render_record
from cinchair.documents.pdf import render_pdf
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.model import Attendance, Contribution, Participant, ParticipantKind
from cinchair.record import RecordError, build_record, load_record
from cinchair.store.facade import Store
from tests.docs_reading import docx_text, flat, pdf_body_text, pdf_text
from tests.factories import make_case, make_good_plan, make_meeting

PRODUCED = datetime(2026, 11, 23, 10, 15, tzinfo=UTC)
HOSTILE = "<b>bold?</b> & {{ child.name }} {% if true %}x{% endif %} </w:t> ]]> \\ \" '"
NAMES = {
    "Polish": "Zażółć Gęślą-Jaźń",
    "Welsh": "Ŵyn ap Dafydd",
    "Chinese": "王小明",
    "Arabic": "أميرة حسن",
    "Urdu": "عائشہ خان",
}
EMOJI = "Likes football 👍⚽ and drawing 😀"
LONG = ("This is a very long account of what happened at home. " * 120).strip()


@pytest.fixture
def hostile_record(store: Store) -> dict:
    with store.transaction() as session:
        case = make_case(session, ref="ÜBER/42 <x>", given="Zoë", family="Nguyễn-王")
        meeting = make_meeting(session, case)
        people = []
        for order, (script, name) in enumerate(NAMES.items()):
            person = Participant(
                name=name,
                kind=ParticipantKind.FAMILY_NETWORK,
                role=f"Relative ({script})",
                attendance=Attendance.PRESENT,
                sort_order=order,
            )
            meeting.participants.append(person)
            people.append(person)
        session.flush()
        texts = [HOSTILE, EMOJI, LONG, "Line one\nLine two\r\nLine three\x07\x0c"]
        texts += [f"{name} said hello" for name in NAMES.values()]
        for order, text in enumerate(texts):
            meeting.contributions.append(
                Contribution(
                    heading_key="working-well",
                    text=text,
                    participant_id=people[order % len(people)].id,
                    sort_order=order,
                )
            )
        plan = make_good_plan(session, case, meeting)
        plan.outcomes[0].actions[0].what = HOSTILE
        plan.contingency_plan = LONG
        session.flush()
        return build_record(session, meeting.id)


@pytest.mark.slow
def test_hostile_text_comes_out_as_typed(hostile_record: dict) -> None:
    for document in Document:
        context = build_context(hostile_record, document, Copy.AGENCIES, PRODUCED)
        word = docx_text(render_docx(context, template_for("north-tyneside", document)))
        pdf = pdf_text(render_pdf(context))
        assert flat(HOSTILE) in flat(word)
        assert flat(HOSTILE) in pdf
        assert "ÜBER/42 <x>" in word and "ÜBER/42 <x>" in pdf
        assert "Zoë Nguyễn-王" in word and "Zoë Nguyễn-王" in pdf
        # the template's own placeholders were not run on the user's text
        assert "{{ child.name }}" in word


def test_names_in_any_script_survive(hostile_record: dict) -> None:
    context = build_context(hostile_record, Document.MINUTES, Copy.AGENCIES, PRODUCED)
    word = docx_text(render_docx(context, template_for("north-tyneside", Document.MINUTES)))
    pdf = pdf_text(render_pdf(context))
    for name in NAMES.values():
        assert name in word
    assert EMOJI in word
    for script in ("Polish", "Welsh", "Chinese"):
        assert NAMES[script] in pdf
    # Arabic script is shaped for print (joined letter forms), so the PDF holds
    # presentation forms; each name's letters are there, right to left.
    assert "said hello" in pdf


def test_long_text_and_control_characters(hostile_record: dict) -> None:
    context = build_context(hostile_record, Document.MINUTES, Copy.AGENCIES, PRODUCED)
    word = docx_text(render_docx(context, template_for("north-tyneside", Document.MINUTES)))
    assert "Line oneLine twoLine three" in word.replace("\n", "")
    pdf = pdf_body_text(render_pdf(context))
    assert pdf.count("This is a very long account of what happened at home.") == 120
    plan = build_context(hostile_record, Document.PLAN, Copy.AGENCIES, PRODUCED)
    # in a table cell, long text carries on in continuation rows, each starting "…"
    assert pdf_body_text(render_pdf(plan)).count("very long account") == 120


@pytest.mark.slow
def test_render_command_for_a_stored_meeting(tmp_path: Path, capsys) -> None:
    from cinchair.demo import build_demo

    assert (
        main(
            ["demo", "--store", str(tmp_path / "practice.sqlite3"), "--out", str(tmp_path / "docs")]
        )
        == 0
    )
    written = sorted(p.name for p in (tmp_path / "docs").iterdir())
    assert len(written) == 8 and all("Amelia" not in name for name in written)
    capsys.readouterr()
    # the demo's own store is readable only by the run that made it: render a plain copy
    store_path = build_demo(tmp_path / "demo.sqlite3").store_path
    url = f"sqlite:///{store_path}"
    assert (
        main(
            [
                "render",
                "--case",
                "LCS-482913",
                "--db",
                url,
                "--out",
                str(tmp_path / "a"),
                "--format",
                "pdf",
                "--copy",
                "family",
                "--document",
                "minutes",
            ]
        )
        == 0
    )
    assert [p.name for p in (tmp_path / "a").iterdir()] == [
        "LCS-482913_2026-10-19_minutes_family.pdf"
    ]
    record_file = tmp_path / "record.json"
    assert main(["record", "--case", "LCS-482913", "--db", url, "--out", str(record_file)]) == 0
    assert load_record(record_file)["meeting"]["held_on"] == "2026-10-19"
    meeting_id = json.loads(record_file.read_text())["meeting"]["id"]
    assert (
        main(
            [
                "render",
                "--meeting",
                meeting_id[:8],
                "--db",
                url,
                "--out",
                str(tmp_path / "b"),
                "--format",
                "docx",
            ]
        )
        == 0
    )
    assert len(list((tmp_path / "b").iterdir())) == 4
    assert main(["render", "--record", str(record_file), "--out", str(tmp_path / "c")]) == 0
    assert len(list((tmp_path / "c").iterdir())) == 8


@pytest.mark.slow
def test_render_command_refuses_bad_records(tmp_path: Path, capsys) -> None:
    truncated = tmp_path / "truncated.json"
    truncated.write_text('{"format": "cinchair.meeting-record", "format_version": 1, "coun')
    assert main(["render", "--record", str(truncated), "--out", str(tmp_path)]) == 2
    assert "is not valid JSON (line 1" in capsys.readouterr().err

    from cinchair.demo import build_demo

    store_path = build_demo(tmp_path / "d.sqlite3").store_path
    record_file = tmp_path / "r.json"
    main(
        [
            "record",
            "--case",
            "LCS-482913",
            "--db",
            f"sqlite:///{store_path}",
            "--out",
            str(record_file),
        ]
    )
    record = json.loads(record_file.read_text())
    record["scaling"]["scores"][0]["score"] = 11
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(record))
    capsys.readouterr()
    assert main(["render", "--record", str(tampered), "--out", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "scaling/scores/0/score" in err and "11 is greater than the maximum of 10" in err
    assert not (tmp_path / "x").exists()

    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    assert main(["render", "--record", str(tmp_path / "binary.json"), "--out", "x"]) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err
    newer = dict(record, format_version=9)
    (tmp_path / "newer.json").write_text(json.dumps(newer))
    with pytest.raises(RecordError, match="made by a newer cinchair"):
        load_record(tmp_path / "newer.json")
    assert (
        main(["render", "--meeting", "nope", "--db", f"sqlite:///{store_path}", "--out", "x"]) == 2
    )
    assert "no meeting with id 'nope'" in capsys.readouterr().err


def test_a_missing_or_broken_template_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile_record: dict
) -> None:
    monkeypatch.setenv("CINCHAIR_TEMPLATES", str(tmp_path))
    with pytest.raises(TemplateProblem, match=r"minutes template .* is missing"):
        render_record(hostile_record, tmp_path / "out")
    (tmp_path / "minutes.docx").write_bytes(b"not a zip")
    with pytest.raises(TemplateProblem, match="is not a Word"):
        render_record(hostile_record, tmp_path / "out", documents=[Document.MINUTES])
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_council_template_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile_record: dict
) -> None:
    from docx import Document as Docx

    custom = Docx()
    custom.add_paragraph("Our council's own minutes for {{ child.name }} ({{ doc.copy_label }})")
    custom.save(str(tmp_path / "minutes.docx"))
    monkeypatch.setenv("CINCHAIR_TEMPLATES", str(tmp_path))
    written = render_record(
        hostile_record,
        tmp_path / "out",
        formats=["docx"],
        documents=[Document.MINUTES],
        copies=[Copy.FAMILY],
    )
    assert "Our council's own minutes for Zoë Nguyễn-王 (Family copy)" in docx_text(written[0].path)


def test_full_disk_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hostile_record: dict
) -> None:
    import errno

    from cinchair.app import files
    from cinchair.app.files import CannotWrite

    real_fsync = os.fsync

    def full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(CannotWrite, match="the disk is full"):
        render_record(hostile_record, tmp_path / "out", formats=["pdf"])
    assert list((tmp_path / "out").iterdir()) == []


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("CINCHAIR_REQUIRE_SOFFICE"):
        pytest.fail("LibreOffice is required here (CINCHAIR_REQUIRE_SOFFICE) but not installed")
    return found


@pytest.mark.slow
def test_libreoffice_opens_every_docx(tmp_path: Path, hostile_record: dict) -> None:
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    from cinchair.demo import build_demo
    from cinchair.store.facade import sqlite_url

    demo = build_demo(tmp_path / "demo.sqlite3")
    with Store.open(sqlite_url(demo.store_path)) as store, store.reading() as session:
        records = [build_record(session, m) for m in demo.meeting_ids]
    docx_files = []
    for n, record in enumerate([*records, hostile_record]):
        written = render_record(record, tmp_path / f"r{n}", formats=["docx"])
        # the minutes and the plan, the family's and the agencies' copy, of each record
        assert len(written) == 4
        docx_files += [(n, w.path) for w in written]
    for n in range(len(records) + 1):
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / f"converted{n}"),
                *(str(path) for m, path in docx_files if m == n),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    for n, path in docx_files:
        pdf = tmp_path / f"converted{n}" / f"{path.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice did not convert {path.name}"
        text = pdf_text(pdf.read_bytes())
        assert "OFFICIAL-SENSITIVE" in text
        copy = "Family" if "family" in path.stem.lower() else "Agencies"
        assert f"{copy}" in text, f"{path.name}: the copy is not named in LibreOffice's PDF"
