"""Scaling over time: each person's scores across a case's reviews, charted the same way
in the app and in the minutes."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from PIL import Image
from sqlalchemy.orm import Session

from cinchair.documents import Copy, Document, build_context
from cinchair.documents.pdf import render_pdf
from cinchair.documents.render import template_for
from cinchair.documents.word import render_docx
from cinchair.meetings.lifecycle import sign_minutes
from cinchair.meetings.scaling_history import ScalingHistory, case_history, chart_png
from cinchair.model import (
    Attendance,
    Meeting,
    MeetingKind,
    Participant,
    ParticipantKind,
    ScalingScore,
)
from cinchair.record import build_record, fingerprint
from cinchair.store.facade import Store
from tests.docs_reading import docx_text, pdf_text
from tests.factories import make_case, make_meeting

# Three reviews of one case: who scored what (names typed differently each time).
REVIEWS = (
    (date(2026, 9, 7), MeetingKind.INITIAL_PLANNING, {"Katarzyna Nowak": 3, "Priya Shah": 2}),
    (date(2026, 10, 19), MeetingKind.REVIEW, {"katarzyna nowak": 5, "Priya  Shah": 4, "Halina": 6}),
    (date(2026, 11, 30), MeetingKind.REVIEW, {"KATARZYNA NOWAK": 7, "Halina": 8, "أميرة": 9}),
)


def _scored(session: Session, case, held_on: date, kind: MeetingKind, scores: dict) -> Meeting:
    meeting = make_meeting(session, case, kind=kind, held_on=held_on)
    for order, (name, score) in enumerate(scores.items()):
        person = Participant(
            name=name,
            kind=ParticipantKind.PARENT_CARER,
            attendance=Attendance.PRESENT,
            sort_order=order,
        )
        meeting.participants.append(person)
        session.flush()
        meeting.scaling_scores.append(
            ScalingScore(participant_id=person.id, participant=person, score=score, reason=None)
        )
    session.flush()
    return meeting


@pytest.fixture
def three_reviews(store: Store) -> tuple[str, list[str]]:
    with store.transaction() as session:
        case = make_case(session)
        ids = [_scored(session, case, *review).id for review in REVIEWS]
        for meeting_id in ids[:2]:
            sign_minutes(session.get(Meeting, meeting_id))
        return case.id, ids


def test_the_history_holds_exactly_the_stored_scores(store: Store, three_reviews) -> None:
    case_id, ids = three_reviews
    with store.reading() as session:
        history = case_history(session, case_id)
        stored = {
            (m.id, " ".join(s.participant.name.split()).casefold()): s.score
            for m in (session.get(Meeting, i) for i in ids)
            for s in m.scaling_scores
        }
    assert [o.meeting_id for o in history.occasions] == ids
    assert [o.held_on for o in history.occasions] == [r[0] for r in REVIEWS]
    # matched by name whatever the case or spacing; first spelling order, latest spelling
    assert [s.name for s in history.series] == ["KATARZYNA NOWAK", "Priya Shah", "Halina", "أميرة"]
    charted = {
        (o.meeting_id, s.name.casefold()): score
        for s in history.series
        for o, score in zip(history.occasions, s.scores, strict=True)
        if score is not None
    }
    assert charted == stored
    assert history.series[1].scores == (2, 4, None)  # Priya was not at the third
    # each name is isolated (invisible marks) so a right-to-left name keeps its scores
    assert "\u2066Priya Shah\u2069: 2 on 7 Sep 2026, 4 on 19 Oct 2026." in history.summary()


def test_a_meetings_history_stops_at_that_meeting(store: Store, three_reviews) -> None:
    case_id, ids = three_reviews
    with store.reading() as session:
        second = case_history(session, case_id, up_to=ids[1])
        record = build_record(session, ids[1])
        first = build_record(session, ids[0])
    assert [o.meeting_id for o in second.occasions] == ids[:2]
    assert ScalingHistory.from_record(record["scaling_history"]) == second
    assert "scaling_history" not in first  # one meeting: nothing to chart
    # derived from other meetings' records, so it leaves the fingerprint alone
    without = {k: v for k, v in record.items() if k != "scaling_history"}
    assert fingerprint(without) == fingerprint(record)


def test_the_chart_decodes_and_draws_each_person(store: Store, three_reviews) -> None:
    case_id, _ids = three_reviews
    with store.reading() as session:
        history = case_history(session, case_id)
    png = chart_png(history, width=900, height=400)
    image = Image.open(io.BytesIO(png))
    image.verify()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (900, 400)
    colours = {rgb for _count, rgb in image.getcolors(maxcolors=900 * 400)}
    for hex_colour in ("#0072B2", "#D55E00", "#009E73", "#CC79A7"):  # one per person
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours


def _pdf_image_sizes(pdf: bytes) -> list[tuple[int, int]]:
    from pypdf import PdfReader

    return [
        Image.open(io.BytesIO(image.data)).size
        for page in PdfReader(io.BytesIO(pdf)).pages
        for image in page.images
    ]


def _docx_image_sizes(docx: bytes) -> list[tuple[int, int]]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return [
            Image.open(io.BytesIO(archive.read(name))).size
            for name in archive.namelist()
            if name.startswith("word/media/")
        ]


def test_the_minutes_carry_the_chart_in_both_formats(store: Store, three_reviews) -> None:
    _case_id, ids = three_reviews
    with store.reading() as session:
        record = build_record(session, ids[2])
    chart = Image.open(io.BytesIO(chart_png(ScalingHistory.from_record(record["scaling_history"]))))
    context = build_context(record, Document.MINUTES, Copy.AGENCIES)
    assert context["scaling_chart"]["summary"].startswith("Scaling scores at 3 meetings")
    pdf = render_pdf(context)
    assert chart.size in _pdf_image_sizes(pdf)
    text = pdf_text(pdf)
    assert "Scores over time" in text
    assert "KATARZYNA NOWAK: 3 on 7 Sep 2026, 5 on 19 Oct 2026, 7 on 30 Nov 2026." in text
    docx = render_docx(context, template_for(record["council"]["profile_id"], Document.MINUTES))
    assert chart.size in _docx_image_sizes(docx)
    assert "Priya Shah: 2 on 7 Sep 2026, 4 on 19 Oct 2026." in docx_text(docx)


def test_the_app_chart_paints_the_same_history_and_reads_it_out(
    qtbot, store: Store, three_reviews
) -> None:
    from cinchair.ui.meeting.scaling_chart import EMPTY, ScalingChart

    case_id, _ids = three_reviews
    with store.reading() as session:
        history = case_history(session, case_id)
    chart = ScalingChart()
    qtbot.addWidget(chart)
    assert chart.accessibleDescription() == EMPTY
    chart.show_history(history)
    chart.resize(640, 260)
    assert chart.accessibleName() == "Scaling scores over time"
    assert chart.accessibleDescription() == history.summary()
    picture = chart.grab().toImage()
    # painted, not blank: the first person's line is there in its colour
    assert any(
        picture.pixelColor(x, y).name() == "#0072b2"
        for x in range(0, 640, 2)
        for y in range(0, 260, 2)
    )
