"""The plan's part of the document context: outcomes, actions and what changed.

Kept apart from ``context.py`` because the plan has its own vocabulary (marks for
what an amended plan changed, and the colour each mark is shaded in, shared by the
DOCX and the PDF so the two formats mark a change alike).
"""

from __future__ import annotations

from typing import Any

from cinchair.documents.values import clean, typed
from cinchair.domain import vocabulary as words

MARK_LABEL = {
    "new": "New",
    "changed": "Changed",
    "completed": "Completed",
    "dropped": "Dropped",
    "unchanged": "",
}
# Light fills a reader tells apart, each dark text on it well above 4.5:1 contrast.
MARK_FILL = {
    "New": "E3F4E1",
    "Changed": "FFF1D6",
    "Completed": "E1ECFA",
    "Dropped": "EEEEEE",
}


def owner(action: dict[str, Any]) -> str:
    """ "Name (role)", or whichever of the two is known, or "not set"."""
    name, role = typed(action["owner_name"]), typed(action["owner_role"])
    return f"{name} ({role})" if name and role else name or role or "not set"


def _was(field: str, value: str) -> str:
    """What a changed action used to say, in a phrase: "was due 13 Nov 2026"."""
    value = typed(value)
    if field == "due_on":
        return f"was due {value}"
    if field == "what":
        return f"was “{value}”"
    if field == "owner_name":
        return f"was for {value}"
    return f"{words.ACTION_FIELD.get(field, field)} was {value}"


def plan_context(
    plan: dict[str, Any], decision: dict[str, Any] | None, day: Any, moment: Any
) -> dict[str, Any]:
    """The plan as the templates and the PDF print it; ``day``/``moment`` format dates."""
    amends = plan["previous_number"] is not None
    outcomes = []
    for n, o in enumerate(plan["outcomes"], start=1):
        actions = []
        for m, a in enumerate(o["actions"], start=1):
            mark = a["mark"] if amends else "unchanged"
            was = "; ".join(_was(field, value) for field, value in a["was"].items())
            label = MARK_LABEL.get(mark, clean(mark))
            actions.append(
                {
                    "number": f"{n}.{m}",
                    "what": typed(a["what"]),
                    "who": owner(a),
                    "due": day(a["due_on"], "no date"),
                    "status": words.label(words.ACTION_STATUS, a["status"]),
                    "note": typed(a["progress_note"]),
                    "mark": label,
                    "was": was if mark == "changed" else "",
                    "fill": MARK_FILL.get(label, "FFFFFF"),
                }
            )
        outcomes.append(
            {
                "number": str(n),
                "need": typed(o["need"]),
                "outcome": typed(o["outcome"]),
                "measure": typed(o["progress_measure"]) or "not set",
                "actions": actions,
            }
        )
    removed = [
        {"what": typed(a["what"]), "who": owner(a), "due": day(a["due_on"], "no date")}
        for a in plan["removed_actions"]
    ]
    lead = plan["lead_professional"]
    days = plan["visit_every_days"]
    visits = f"At least every {days} days" if days else "Not set"
    if plan["visit_arrangements"]:
        visits += f": {typed(plan['visit_arrangements'])}"
    return {
        "number": str(plan["number"]),
        "amends": amends,
        "previous_number": str(plan["previous_number"] or ""),
        "agreed": f"agreed {moment(plan['agreed_at'])}" if plan["agreed_at"] else "not yet agreed",
        "starts": day(plan["starts_on"]),
        "lead": owner({"owner_name": lead["name"], "owner_role": lead["role"]}),
        "visits": visits,
        "contingency": typed(plan["contingency_plan"]) or "none recorded",
        "end_target": day(plan["plan_end_target"], "not set"),
        "length_reason": typed(plan["length_reason"]),
        "review_date": day(decision and decision["next_review_on"], "none set"),
        "outcomes": outcomes,
        "removed": removed,
    }
