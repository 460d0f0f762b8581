"""Who the council's procedure says must receive the minutes or the plan, and by when.

The duties come from the council's profile (``domain.duties.record_distribution``);
this module words each one once for the documents, so the PDF and a council's Word
template print the same sentence: a ``label`` ("Copy of the amended plan sent:"), a
``line`` ("from the social worker to the parents, ...; by 4 Jan 2027.") and the
procedure's own words as ``source``. A record whose council profile is not on this
laptop has none, and both formats then leave the section out.
"""

from __future__ import annotations

from typing import Any

from cinchair.domain.duties import record_distribution


def procedure_duties(record: dict[str, Any], document: str) -> list[dict[str, str]]:
    """Each duty's parts (``what``, ``who``, ``to``, ``when``, ``cite``) and the same
    composed as ``label``, ``line`` and ``source`` for ``document`` ("minutes" or "plan")."""
    duties = []
    for duty in record_distribution(record, document):
        route = " ".join(
            part
            for part in (
                f"from {duty['who']}" if duty["who"] else "",
                f"to {duty['to']}" if duty["to"] else "",
            )
            if part
        )
        line = f"{route}; {duty['when']}." if route else f"{duty['when']}."
        source = f"The procedure: {duty['cite']}" if duty["cite"] else ""
        duties.append(duty | {"label": f"{duty['what']}:", "line": line, "source": source})
    return duties
