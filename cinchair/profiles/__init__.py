"""Council profiles: each council's rules as data, one TOML file per council.

A profile says which framework the meeting follows, the agenda headings in the
council's own words, the outcome options, the review intervals, visit minimums,
plan length and escalation, who chairs when, and the protective marking. Every
rule carries ``cite``: where in the council's procedure it comes from. Adding a
council is adding a file; the format is in ``resources/profiles/README.md``.
"""

from cinchair.profiles.loader import get_profile, load_profile, load_profiles
from cinchair.profiles.rules import (
    EVENT_WORDS,
    AgendaHeading,
    ChairRule,
    Due,
    Event,
    Framework,
    Interval,
    LeadsTo,
    OutcomeOption,
    PlanRules,
    Profile,
    ProfileError,
    Scaling,
    ScheduleRule,
    Unit,
    VisitRules,
)

__all__ = [
    "EVENT_WORDS",
    "AgendaHeading",
    "ChairRule",
    "Due",
    "Event",
    "Framework",
    "Interval",
    "LeadsTo",
    "OutcomeOption",
    "PlanRules",
    "Profile",
    "ProfileError",
    "Scaling",
    "ScheduleRule",
    "Unit",
    "VisitRules",
    "get_profile",
    "load_profile",
    "load_profiles",
]
