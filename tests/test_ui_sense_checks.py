"""The chair sees an implausible date before signing off, and cannot sign off past it.

A next review of 31 Dec 2099 is a date the outcome page accepts while typing; the
sign-off page lists why it cannot be right, and the chair's sign-off is refused with
the same words until the date is put right or a reason is given.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cinchair.domain.sense import meeting_sense_problems
from cinchair.meetings.ink import scribble
from cinchair.meetings.lifecycle import add_signature, record_decision
from cinchair.meetings.signing import sign_off_problems
from cinchair.model import Meeting, MeetingStatus, SignatureStatus, SignedDocument
from cinchair.profiles import get_profile
from tests.test_signing import draft as signing_draft  # noqa: F401  (the fixture)
from tests.test_ui_signatures import sign_off  # noqa: F401  (the fixture)

FAR_AWAY = date(2099, 12, 31)


def _decide(page, **review) -> None:  # type: ignore[no-untyped-def]
    page.draft.change(
        lambda _s, m: record_decision(
            m,
            get_profile("north-tyneside"),
            option_key="continue",
            rationale="Steady progress at school.",
            decided_by="Chair Person",
            replace=m.decision is not None,
            **review,
        )
    )


def _missing_texts(sign) -> list[str]:  # type: ignore[no-untyped-def]
    listed = sign.missing_list
    return [listed.item(row).text() for row in range(listed.count())]


def test_a_next_review_in_2099_is_shown_and_stops_the_sign_off(
    qtbot,
    store,
    sign_off,  # noqa: F811
) -> None:
    _window, page, sign = sign_off
    _decide(page, next_review_on=FAR_AWAY)
    sign.refresh()
    listed = " ".join(_missing_texts(sign))
    assert "31 Dec 2099" in listed and "give the reason" in listed
    assert sign.missing_list.isVisible()

    said: dict[str, str] = {}

    def read_and_close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        said["text"] = box.text()
        box.close()

    QTimer.singleShot(0, read_and_close)
    qtbot.mouseClick(sign.sign, Qt.MouseButton.LeftButton)
    assert "Not ready to sign off" in said["text"]
    assert "31 Dec 2099" in said["text"] and "later than any of the council's" in said["text"]
    with store.reading() as session:
        assert session.get(Meeting, page.draft.meeting_id).status is not MeetingStatus.SIGNED

    # a reason given, the date stands and nothing about it is listed any more
    _decide(page, next_review_on=FAR_AWAY, next_review_reason="The family moves abroad.")
    sign.refresh()
    assert not any("2099" in text for text in _missing_texts(sign))


def test_a_signature_a_year_from_the_meeting_stops_the_sign_off(store, signing_draft) -> None:  # noqa: F811
    profile = get_profile("north-tyneside")
    with store.transaction() as session:
        meeting = session.get(Meeting, signing_draft.meeting_id)
        assert meeting_sense_problems(meeting) == []
        person = meeting.participants[0]
        signature = add_signature(
            session,
            meeting,
            signer=person,
            document=SignedDocument.MINUTES,
            status=SignatureStatus.SIGNED,
            strokes=scribble(person.name),
        )
        signature.signed_at = datetime(meeting.held_on.year + 2, 1, 5, 10, tzinfo=UTC)
        problems = meeting_sense_problems(meeting)
        assert len(problems) == 1
        assert signature.signer_name in problems[0] and "more than a year" in problems[0]
        assert problems[0] in sign_off_problems(meeting, profile)
