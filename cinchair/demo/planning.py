"""The demo's initial planning meeting and first plan (7 September 2026)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

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
from cinchair.model import (
    Case,
    ChairRole,
    ChildVoice,
    Consent,
    ConsentStatus,
    Meeting,
    MeetingKind,
    PlanOutcome,
    VoiceMethod,
)
from cinchair.profiles import get_profile


def initial_planning(session: Session, case: Case) -> Meeting:
    profile = get_profile(PROFILE_ID)
    held = date(2026, 9, 7)
    meeting = meetings.start_meeting(
        session,
        case,
        profile,
        kind=MeetingKind.INITIAL_PLANNING,
        held_on=held,
        chair_name=CHAIR,
        chair_role=ChairRole.SOCIAL_WORKER,
        venue="Family home, Wallsend",
    ).meeting
    p = participants(meeting, at_review=False)
    meeting.consents += [
        Consent(
            status=ConsentStatus.GIVEN,
            participant_id=p["Katarzyna"].id,
            given_by="Katarzyna Nowak",
            recorded_on=held,
            notes="Explained with the interpreter; agreed to the plan and to information "
            "being shared with school, the school nurse and Early Help.",
        ),
        Consent(
            status=ConsentStatus.GIVEN,
            participant_id=p["Daniel"].id,
            given_by="Daniel Nowak",
            recorded_on=date(2026, 9, 4),
            notes="Given by telephone before the meeting; sent apologies (work shift).",
        ),
    ]
    meeting.child_voice.append(
        ChildVoice(
            method=VoiceMethod.MET_CHAIR_BEFORE,
            tool="Three Houses",
            sort_order=0,
            content='House of worries: "When Mama is sad and stays in bed I make my own breakfast '
            'and I am late." House of good things: "Babcia\'s pierogi and my cat Kotek." '
            'House of dreams: "Going to school with Zuzia every day."',
        )
    )
    say(
        meeting,
        "working-well",
        p["Halina"],
        "Gran (Babcia) lives ten minutes away and has "
        "Amelia after school on Tuesdays and Thursdays.",
    )
    say(
        meeting,
        "working-well",
        p["Rhys"],
        "Amelia is settled in class, reads above her age and has a close friend, Zuzia.",
    )
    say(
        meeting,
        "working-well",
        p["Katarzyna"],
        "Katarzyna asked for help herself and wants Amelia to be happy & on time for school.",
    )
    say(
        meeting,
        "worried",
        p["Rhys"],
        "Attendance is 82% this term; Amelia was late 11 times "
        "in 6 weeks and sometimes arrives without breakfast.",
    )
    say(
        meeting,
        "worried",
        p["Siobhán"],
        "Amelia describes tummy aches and waking at night worrying about Mum.",
    )
    say(
        meeting,
        "worried",
        p["Katarzyna"],
        "Katarzyna has felt low since the separation in June and finds mornings very hard.",
    )
    say(
        meeting,
        "worried",
        p["GP"],
        "GP report: Katarzyna has not been seen since May; no medication currently prescribed.",
        confidential=True,
    )
    say(
        meeting,
        "needs-to-happen",
        p["Priya"],
        "Amelia gets to school on time every day, with breakfast, and feels less worried at night.",
    )
    scale(
        meeting,
        {
            p["Katarzyna"]: (5, "Mornings are hard but Babcia helps."),
            p["Halina"]: (6, "We are a close family."),
            p["Priya"]: (4, "Attendance and Mum's mood need to improve before I am confident."),
            p["Rhys"]: (5, "Good in class, but lateness is a pattern."),
            p["Amelia"]: (6, "Scored with the chair before the meeting."),
        },
    )

    plan = plans.start_version(session, case, meeting, starts_on=held)
    plan.lead_professional_name = CHAIR
    plan.lead_professional_role = "Social Worker, North Tyneside Children's Services"
    plan.visit_every_days = 14
    plan.visit_arrangements = "Home visit every two weeks, seeing Amelia on her own each time."
    plan.contingency_plan = (
        "If Amelia's attendance falls below 80% in any fortnight, or Katarzyna's mood means she "
        "cannot get Amelia ready, Halina will do the school run and Priya will call an early "
        "review within 5 working days. Any concern of significant harm goes to a strategy "
        "discussion the same day."
    )
    plan.plan_end_target = date(2027, 3, 5)
    school = PlanOutcome(
        need="Attendance 82% and late 11 times in 6 weeks; sometimes no breakfast.",
        outcome="Amelia is in school on time every day, having had breakfast.",
        progress_measure="Attendance at least 95% and no more than 1 late arrival per half term, "
        "from the school register.",
        sort_order=0,
    )
    sleep = PlanOutcome(
        need="Amelia wakes at night worrying about Mum and has tummy aches.",
        outcome="Amelia sleeps in her own bed and tells us she worries less.",
        progress_measure="Sleep diary: 5 or more nights a week in her own bed; Amelia's own "
        "worry scale at each visit.",
        sort_order=1,
    )
    mood = PlanOutcome(
        need="Katarzyna's low mood since June makes mornings and routines hard.",
        outcome="Amelia's mum is well enough to keep the morning routine.",
        progress_measure="Katarzyna attends GP and Talking Therapies appointments; her own "
        "0-10 scaling at each visit.",
        sort_order=2,
    )
    plan.outcomes += [school, sleep, mood]
    add_action(
        school,
        "Walk Amelia to breakfast club at 8:00 on Monday, Wednesday and Friday",
        "Katarzyna Nowak",
        "Mother",
        date(2026, 10, 16),
    )
    add_action(
        school,
        "Send a weekly attendance summary to Katarzyna and Priya every Friday",
        "Rhys Llewellyn",
        "Riverside Primary School",
        date(2026, 12, 18),
    )
    add_action(
        sleep,
        "Four one-to-one sessions with Amelia about worries and sleep",
        "Siobhán O'Connor",
        "School Nurse",
        date(2026, 10, 30),
    )
    add_action(
        sleep,
        "Six home sessions agreeing a bedtime routine with Katarzyna and Halina",
        "Ayesha Rahman",
        "Early Help",
        date(2026, 11, 13),
    )
    add_action(
        mood, "Book a GP appointment about low mood", "Katarzyna Nowak", "Mother", date(2026, 9, 18)
    )
    add_action(
        mood,
        "Refer Katarzyna to Talking Therapies with a Polish interpreter",
        "Priya Shah",
        "Social Worker",
        date(2026, 9, 25),
    )
    add_action(
        mood,
        "Attend the 8-week Triple P parenting group at the family hub",
        "Katarzyna Nowak",
        "Mother",
        date(2026, 11, 27),
    )
    session.flush()
    plans.agree(plan, profile, held, at=meeting_end(held))
    sign_all(session, meeting, p, unsigned={"Daniel": "Sent apologies; copy posted to sign."})
    meetings.sign_minutes(meeting, at=meeting_end(held))
    return meeting
