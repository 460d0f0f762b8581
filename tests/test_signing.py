"""Signing in the room: who signs, what they signed, declines, "later", and the chair last."""

from __future__ import annotations

import io
from datetime import date

import pytest
from PIL import Image

from cinchair.cases.rows import case_rows
from cinchair.documents import Copy, Document, build_context
from cinchair.meetings import signing
from cinchair.meetings.draft import MeetingDraft
from cinchair.meetings.ink import PAD_HEIGHT, PAD_WIDTH, BadStrokes
from cinchair.meetings.lifecycle import record_decision
from cinchair.model import (
    Attendance,
    Contribution,
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantKind,
    Signature,
    SignatureStatus,
    SignedDocument,
)
from cinchair.profiles import get_profile
from cinchair.record import build_record, content_fingerprint
from cinchair.store.finality import RecordIsFinal
from tests.factories import make_case, make_good_plan, make_meeting

MARK = [[(40, 120), (90, 60), (140, 150), (200, 80)], [(60, 170), (260, 165)]]
BOTH = [SignedDocument.MINUTES, SignedDocument.PLAN]
PARENT = "Anna <Nowak> & {{ Ola }} 😀"


@pytest.fixture
def draft(store) -> MeetingDraft:
    """A first meeting with a parent, the child (10), a grandmother, a teacher, the chair."""
    with store.transaction() as session:
        case = make_case(session, ref="SIGN-1")
        meeting = make_meeting(session, case)
        people = [
            (PARENT, ParticipantKind.PARENT_CARER, "Mother"),
            ("Ola Nowak", ParticipantKind.CHILD, "Child"),
            ("Babcia Ewa", ParticipantKind.FAMILY_NETWORK, "Grandmother"),
            ("Mr Teacher", ParticipantKind.PROFESSIONAL, "Class teacher"),
            ("Chair Person", ParticipantKind.PROFESSIONAL, "Social Worker"),
            ("Tom Nowak", ParticipantKind.PARENT_CARER, "Father"),
        ]
        for order, (name, kind, role) in enumerate(people):
            meeting.participants.append(
                Participant(
                    name=name, kind=kind, role=role, attendance=Attendance.PRESENT, sort_order=order
                )
            )
        meeting.contributions.append(
            Contribution(heading_key="working-well", text="Mornings are calmer", sort_order=0)
        )
        make_good_plan(session, case, meeting)
        meeting_id = meeting.id
    return MeetingDraft(store, meeting_id)


def _key(draft: MeetingDraft, name: str) -> str:
    return draft.read(lambda _s, m: next(p.id for p in m.participants if p.name == name))


def _states(draft: MeetingDraft) -> dict[str, signing.SignerState]:
    return draft.read(lambda s, m: {st.signer.name: st for st in signing.signature_states(s, m)})


def test_who_signs_and_in_what_order(draft) -> None:
    listed = draft.read(lambda _s, m: signing.signers(m))
    assert [(s.name, s.required) for s in listed] == [
        (PARENT, True),
        ("Ola Nowak", False),  # 10 years old: may sign, is not asked as a matter of course
        ("Babcia Ewa", False),
        ("Tom Nowak", True),
        ("Chair Person", True),  # the chair, last, matched to their participant row
    ]
    assert listed[-1].is_chair and listed[-1].participant_id is not None
    assert draft.read(lambda _s, m: signing.documents_to_sign(m)) == BOTH


def test_a_signature_keeps_strokes_png_and_what_was_signed(draft) -> None:
    key = _key(draft, PARENT)
    draft.change(
        lambda s, m: signing.record_answer(
            s, m, key, documents=BOTH, status=SignatureStatus.SIGNED, strokes=MARK
        )
    )

    def read(session, meeting):
        return content_fingerprint(session, meeting.id), [
            (s.document, s.strokes, s.image_png, s.content_sha256, s.signer_name, s.signer_role)
            for s in meeting.signatures
        ]

    now, rows = draft.read(read)
    assert [row[0] for row in rows] == BOTH
    for _doc, strokes, png, fingerprint, name, role in rows:
        assert strokes == [
            [[40.0, 120.0], [90.0, 60.0], [140.0, 150.0], [200.0, 80.0]],
            [
                [60.0, 170.0],
                [260.0, 165.0],
            ],
        ]
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.mode == "RGBA"
        # cropped to the ink (about 220 by 110 pad pixels) plus a small margin
        assert 220 <= image.width <= 240 and 110 <= image.height <= 130
        assert image.getchannel("A").getextrema()[1] == 255  # there is ink
        assert fingerprint == now
        assert (name, role) == (PARENT, "Mother")
    state = _states(draft)[PARENT]
    assert all(s.current and s.status is SignatureStatus.SIGNED for s in state.documents.values())
    assert not state.owes and not state.signed_earlier_version


def test_a_change_after_signing_shows_against_the_signature_until_signed_again(draft) -> None:
    key = _key(draft, PARENT)

    def sign(s, m):
        return signing.record_answer(
            s, m, key, documents=BOTH, status=SignatureStatus.SIGNED, strokes=MARK
        )

    draft.change(sign)
    signed_print = draft.read(lambda s, m: m.signatures[0].content_sha256)
    point = draft.read(lambda _s, m: m.contributions[0].id)
    draft.set(Contribution, point, text="Mornings are calmer, most days")

    state = _states(draft)[PARENT]
    assert state.signed_earlier_version
    assert all(s.earlier_version for s in state.documents.values())

    # the documents say so beside the signature, with what was signed
    record = draft.read(lambda s, m: build_record(s, m.id))
    context = build_context(record, Document.MINUTES, Copy.FAMILY)
    (line,) = [s.status_line for s in context["signatures"]]
    assert "an earlier version" in line and signed_print[:4].upper() in line

    # signing again replaces the old signature: one answer per person and document
    draft.change(sign)
    state = _states(draft)[PARENT]
    assert not state.signed_earlier_version
    assert draft.read(lambda _s, m: len(m.signatures)) == 2


def test_declined_needs_a_reason_and_later_may_have_one(draft) -> None:
    key, tom = _key(draft, PARENT), _key(draft, "Tom Nowak")
    with pytest.raises(ValueError, match="declined"):
        draft.change(
            lambda s, m: signing.record_answer(
                s, m, key, documents=BOTH, status=SignatureStatus.DECLINED, reason="  "
            )
        )
    assert draft.read(lambda _s, m: m.signatures) == []  # nothing half-saved
    draft.change(
        lambda s, m: signing.record_answer(
            s, m, key, documents=BOTH, status=SignatureStatus.DECLINED, reason="Disagrees <2.3>"
        )
    )
    draft.change(
        lambda s, m: signing.record_answer(
            s, m, tom, documents=[SignedDocument.MINUTES], status=SignatureStatus.TO_SIGN_LATER
        )
    )
    states = _states(draft)
    declined = states[PARENT].documents[SignedDocument.MINUTES]
    assert declined.status is SignatureStatus.DECLINED and declined.reason == "Disagrees <2.3>"
    assert declined.signed_at is None and not states[PARENT].owes
    later = states["Tom Nowak"]
    assert later.documents[SignedDocument.MINUTES].status is SignatureStatus.TO_SIGN_LATER
    assert later.documents[SignedDocument.PLAN] is None and later.owes and not later.answered


def test_bad_marks_and_names_are_refused_with_nothing_saved(draft) -> None:
    key = _key(draft, PARENT)
    for strokes, message in (
        ([], "nothing was drawn"),
        ([[]], "nothing was drawn"),
        ([[(1.0, float("nan"))]], "not a number"),
        ([[(1.0, 2.0, 3.0)]], "not \\(x, y\\)"),
        ([[("a", 2)]], "not \\(x, y\\)"),
    ):
        with pytest.raises(BadStrokes, match=message):
            draft.change(
                lambda s, m, strokes=strokes: signing.record_answer(
                    s, m, key, documents=BOTH, status=SignatureStatus.SIGNED, strokes=strokes
                )
            )
    with pytest.raises(ValueError, match="name is required"):
        draft.change(
            lambda s, m: signing.record_answer(
                s, m, key, documents=BOTH, status=SignatureStatus.SIGNED, strokes=MARK, name=" "
            )
        )
    with pytest.raises(ValueError, match="chair signs last"):
        chair = draft.read(lambda _s, m: signing.chair_signer(m).key)
        draft.change(
            lambda s, m: signing.record_answer(
                s, m, chair, documents=BOTH, status=SignatureStatus.SIGNED, strokes=MARK
            )
        )
    assert draft.read(lambda _s, m: m.signatures) == []
    # a pen that slides off the pad is pulled back onto its edge
    draft.change(
        lambda s, m: signing.record_answer(
            s,
            m,
            key,
            documents=[SignedDocument.MINUTES],
            status=SignatureStatus.SIGNED,
            strokes=[[(-5, 10), (650, 250)]],
        )
    )
    assert draft.read(lambda _s, m: m.signatures[0].strokes) == [
        [[0.0, 10.0], [float(PAD_WIDTH), float(PAD_HEIGHT)]]
    ]


def test_the_chair_signs_last_and_the_family_signature_still_matches(draft, store) -> None:
    profile = get_profile("north-tyneside")
    key = _key(draft, PARENT)
    problems = draft.read(lambda _s, m: signing.sign_off_problems(m, profile))
    assert problems == ["record the outcome before signing off"]
    with pytest.raises(ValueError, match="outcome"):
        draft.change(lambda s, m: signing.sign_off(s, m, profile, strokes=MARK))

    draft.change(
        lambda _s, m: record_decision(
            m, profile, option_key="continue", rationale="Steady progress", decided_by="Chair"
        )
    )
    draft.change(
        lambda s, m: signing.record_answer(
            s, m, key, documents=BOTH, status=SignatureStatus.SIGNED, strokes=MARK
        )
    )
    later = draft.change(lambda s, m: signing.sign_off(s, m, profile, strokes=MARK))
    assert later == ["Tom Nowak"]  # not asked yet: marked to sign later, not left blank

    with store.reading() as session:
        meeting = session.get(Meeting, draft.meeting_id)
        assert meeting.status is MeetingStatus.SIGNED and meeting.plan_version.is_agreed
        states = {st.signer.name: st for st in signing.signature_states(session, meeting)}
    # agreeing the plan at sign-off does not make the mother's signature an old one
    assert not states[PARENT].signed_earlier_version
    chair = states["Chair Person"]
    assert all(s.current and s.status is SignatureStatus.SIGNED for s in chair.documents.values())
    tom = states["Tom Nowak"].documents[SignedDocument.MINUTES]
    assert tom.status is SignatureStatus.TO_SIGN_LATER
    assert tom.reason == signing.NOT_SIGNED_AT_SIGN_OFF

    # the case list shows who still has to sign
    with store.reading() as session:
        (row,) = case_rows(session, date(2026, 9, 8))
    assert row.to_sign_later == ("Tom Nowak",)

    # the minutes are final, but Tom can still sign; the mother cannot sign over hers
    tom_key = _key(draft, "Tom Nowak")
    draft.change(
        lambda s, m: signing.record_answer(
            s, m, tom_key, documents=BOTH, status=SignatureStatus.SIGNED, strokes=MARK
        )
    )
    with pytest.raises(RecordIsFinal):
        draft.change(
            lambda s, m: signing.record_answer(
                s, m, key, documents=BOTH, status=SignatureStatus.DECLINED, reason="Changed mind"
            )
        )
    assert not _states(draft)["Tom Nowak"].owes
    with store.reading() as session:
        (row,) = case_rows(session, date(2026, 9, 8))
        assert row.to_sign_later == ()
        assert session.query(Signature).count() == 6  # mother, Tom and the chair, twice each
