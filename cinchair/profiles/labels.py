"""How a council and the approach its meetings follow are named together in one line.

The profile names the approach as its procedure does ("Signs of Safety"), or says that
the procedure names none ("no approach named"). The two are joined with a middle dot
rather than brackets: a council's own name may hold brackets already ("Generic (from a
London borough's guidance for families)"), and brackets in brackets read badly.
"""

from __future__ import annotations

from cinchair.profiles.rules import Profile


def council_with_approach(profile: Profile) -> str:
    """``North Tyneside Council · Signs of Safety``: the council, then its approach."""
    return f"{profile.council} · {profile.framework_name}"
