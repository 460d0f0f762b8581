"""The body type size of a copy: the council's choice for a family's, else the default.

A council may print a family's copy larger for easy read (``[documents]
family_body_pt`` in its profile, 11 to 20 pt). Both formats ask here, so the PDF and
the Word document of one copy are the same size. A record from a council whose profile
this laptop does not hold gets the default.
"""

from __future__ import annotations

from cinchair.profiles import ProfileError, get_profile
from cinchair.profiles.rules import FAMILY_BODY_PT


def family_body_pt(profile_id: str) -> float:
    """The family copy's body type in points for the council of ``profile_id``."""
    try:
        return get_profile(profile_id).documents.family_body_pt
    except (KeyError, ProfileError):
        return FAMILY_BODY_PT


def heading_sizes(body_pt: float) -> tuple[float, float, float]:
    """Title, first and second level heading sizes that stay above a body of ``body_pt``."""
    return max(16.0, body_pt + 5), max(12.5, body_pt + 2), max(10.5, body_pt + 0.5)
