"""A row added with no words yet records nothing: its heading stays empty and required.

Seen on screen: a point added but not yet typed (or whose words went elsewhere) marked
"What's working well?" recorded and took it off the required count, so a chair could
sign minutes with an empty heading. The same for a child's view with no words.
"""

from __future__ import annotations

from cinchair.domain.agenda import StepKind, agenda_steps, step_is_empty
from cinchair.domain.required import missing_items
from cinchair.model import ChildVoice, Contribution, MeetingKind, VoiceMethod
from cinchair.profiles import get_profile
from cinchair.store.facade import Store
from tests.factories import make_case, make_meeting


def test_a_blank_point_or_view_leaves_its_step_required(store: Store) -> None:
    profile = get_profile("north-tyneside")
    with store.transaction() as session:
        meeting = make_meeting(session, make_case(session))
        steps = agenda_steps(profile, MeetingKind.INITIAL_PLANNING)
        heading = next(s for s in steps if s.kind is StepKind.HEADING)
        session.add(Contribution(meeting_id=meeting.id, heading_key=heading.heading_key, text="  "))
        session.add(
            ChildVoice(meeting_id=meeting.id, method=VoiceMethod.MET_CHAIR_BEFORE, content="")
        )
        session.flush()
        session.refresh(meeting)
        assert step_is_empty(meeting, heading)
        labels = [item.label for item in missing_items(meeting, profile, steps)]
        assert heading.title in labels and "The child's voice" in labels
        point = meeting.contributions_under(heading.heading_key or "")[0]
        point.text = "Grandad Ron takes Leo to football every Saturday"
        meeting.child_voice[0].content = "I like football"
        session.flush()
        assert not step_is_empty(meeting, heading)
        labels = [item.label for item in missing_items(meeting, profile, steps)]
        assert heading.title not in labels and "The child's voice" not in labels
