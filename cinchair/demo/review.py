"""The demo's six-week review, which amends the plan (19 October 2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from cinchair.demo.child_gave import letter_pdf, three_houses_photo
from cinchair.demo.common import (
    CHAIR,
    PROFILE_ID,
    add_action,
    meeting_end,
    participants,
    say,
    scale,
    sign_all,
)
from cinchair.meetings import lifecycle as meetings
from cinchair.meetings import plans
from cinchair.meetings.attachments import prepare
from cinchair.model import (
    ActionStatus,
    AttachmentKind,
    Case,
    ChairRole,
    ChildAttachment,
    ChildVoice,
    Consent,
    ConsentStatus,
    Meeting,
    MeetingKind,
    PlanAction,
    VoiceMethod,
)
from cinchair.profiles import get_profile


def review(session: Session, case: Case) -> Meeting:
    profile = get_profile(PROFILE_ID)
    held = date(2026, 10, 19)
    meeting = meetings.start_meeting(
        session,
        case,
        profile,
        kind=MeetingKind.REVIEW,
        held_on=held,
        chair_name=CHAIR,
        chair_role=ChairRole.SOCIAL_WORKER,
        venue="Riverside Primary School, family room (after school)",
    ).meeting
    p = participants(meeting, at_review=True)
    meeting.consents.append(
        Consent(
            status=ConsentStatus.GIVEN,
            participant_id=p["Katarzyna"].id,
            given_by="Katarzyna Nowak",
            recorded_on=held,
            notes="Consent confirmed for the plan to continue.",
        )
    )
    meeting.child_voice += [
        ChildVoice(
            method=VoiceMethod.ATTENDED_PART,
            sort_order=0,
            content="I like breakfast club because there's toast and I sit with Zuzia.",
        ),
        ChildVoice(
            method=VoiceMethod.OBSERVATION,
            in_own_words=False,
            sort_order=1,
            content="Amelia chatted easily, showed her sleep diary with stickers and "
            "smiled at Babcia when the routine was mentioned.",
        ),
    ]
    say(
        meeting,
        "working-well",
        p["Rhys"],
        "Attendance is up to 91% this half term; late twice, both in the first week.",
    )
    say(
        meeting,
        "working-well",
        p["Siobhán"],
        "All four sessions done; Amelia uses her "
        "worry box and says tummy aches are 'only sometimes'.",
    )
    say(
        meeting,
        "working-well",
        p["Katarzyna"],
        "Katarzyna saw the GP on 15 September and "
        "has started medication; mornings feel more possible.",
    )
    say(
        meeting,
        "worried",
        p["Ayesha"],
        "Bedtime is still late on the nights Katarzyna "
        "works; Amelia slept in her own bed 3 nights a week.",
    )
    say(
        meeting,
        "worried",
        p["Katarzyna"],
        "Talking Therapies has a waiting list; the first appointment is 20 November.",
    )
    say(
        meeting,
        "worried",
        p["GP"],
        "GP report: Daniel has moved to 14 Harbour View, North Shields; he has asked that "
        "his new address is not shared with Katarzyna while contact is being arranged.",
        confidential=True,
    )
    say(
        meeting,
        "needs-to-happen",
        p["Priya"],
        "Keep breakfast club going, finish the "
        "bedtime work, and get Katarzyna started with Talking Therapies.",
    )
    scale(
        meeting,
        {
            p["Katarzyna"]: (7, "Breakfast club is working and I feel a bit better."),
            p["Halina"]: (7, "Amelia is happier."),
            p["Priya"]: (6, "Clear progress on school; sleep and Mum's support still in progress."),
            p["Rhys"]: (7, "Attendance much better."),
            p["Amelia"]: (8, '"Because of toast and Zuzia."'),
        },
    )

    plan = plans.start_version(session, case, meeting, starts_on=held)

    def carried(prefix: str) -> PlanAction:
        return next(a for a in plan.actions if a.what.startswith(prefix))

    walk = carried("Walk Amelia")
    walk.status = ActionStatus.DONE
    walk.progress_note = "Amelia goes to breakfast club three days a week; attendance 91%."
    summary = carried("Send a weekly")
    summary.status = ActionStatus.IN_PROGRESS
    summary.progress_note = "Summaries arriving every Friday."
    nurse = carried("Four one-to-one")
    nurse.status = ActionStatus.DONE
    nurse.progress_note = "All four sessions completed by 16 October."
    routine = carried("Six home")
    routine.status = ActionStatus.IN_PROGRESS
    routine.progress_note = "Three of six sessions done."
    routine.what = "Six home sessions agreeing a bedtime routine, including work nights"
    routine.due_on = date(2026, 12, 4)
    gp = carried("Book a GP")
    gp.status = ActionStatus.DONE
    gp.progress_note = "Seen on 15 September."
    therapy = carried("Refer Katarzyna")
    therapy.status = ActionStatus.IN_PROGRESS
    therapy.progress_note = "Referred 22 September; first appointment 20 November."
    therapy.due_on = date(2026, 11, 27)
    group = carried("Attend the")
    group.status = ActionStatus.DROPPED
    group.progress_note = "Clashes with Talking Therapies; agreed to revisit at the next review."
    sleep = plan.outcomes[1]
    add_action(
        sleep,
        "Have Amelia for tea and bedtime on Katarzyna's two work nights each week",
        "Halina Wiśniewska",
        "Grandmother",
        date(2026, 11, 30),
    )
    session.flush()
    plans.agree(plan, profile, held, at=meeting_end(held))
    meetings.record_decision(
        meeting,
        profile,
        option_key="continue",
        decided_by=f"{CHAIR}, Social Worker and chair",
        rationale="Good progress on school attendance and Amelia's worries, but the bedtime "
        "routine and Katarzyna's therapy are still under way; the family and "
        "professionals agree the plan should continue with the changes above.",
    )
    attach_what_amelia_gave(meeting, held)
    sign_all(session, meeting, p, unsigned={"Daniel": None})
    meetings.sign_minutes(meeting, at=meeting_end(held))
    return meeting


def attach_what_amelia_gave(meeting: Meeting, held: date) -> None:
    """Her Three Houses drawing (she said it can go in the minutes) and her letter (not)."""
    meeting.child_voice.append(
        ChildVoice(
            method=VoiceMethod.MET_CHAIR_BEFORE,
            tool="Three Houses",
            sort_order=len(meeting.child_voice),
            content="My worries house is smaller now. I put swimming club in my dreams "
            "house because Zofia goes.",
        )
    )
    given = (
        (AttachmentKind.THREE_HOUSES, "Amelia's Three Houses", three_houses_photo(), True),
        (AttachmentKind.LETTER, "Amelia's letter to the meeting", letter_pdf(), False),
    )
    for order, (kind, title, raw, agreed) in enumerate(given):
        prepared = prepare(raw, title)
        meeting.attachments.append(
            ChildAttachment(
                kind=kind,
                title=title,
                media_type=prepared.media_type,
                size=prepared.size,
                sha256=prepared.sha256,
                data=prepared.data,
                preview=prepared.preview,
                pages=prepared.pages,
                child_agreed_to_share=agreed,
                added_at=datetime(held.year, held.month, held.day, 15, 5, tzinfo=UTC)
                - timedelta(days=2),
                sort_order=order,
            )
        )
