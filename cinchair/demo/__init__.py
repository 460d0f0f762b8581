"""A believable sample case, so a newcomer sees the app do its job without typing.

Amelia Nowak, 9, North Tyneside (Signs of Safety): an initial planning meeting in
September and a review six weeks later that amends the plan (one action done, one
changed, one dropped, one new). Names and wording are invented but typical; the
family speaks Polish at home, so names, the interpreter and the child's words
exercise more than ASCII.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cinchair.demo.common import PROFILE_ID
from cinchair.demo.planning import initial_planning
from cinchair.demo.review import review
from cinchair.model import Case
from cinchair.store.facade import Store, sqlite_url


@dataclass(frozen=True)
class DemoCase:
    store_path: Path
    case_id: str
    meeting_ids: tuple[str, ...]


def build_demo(store_path: Path, *, key: bytes | None = None, practice: bool = False) -> DemoCase:
    """Create the demo store afresh at ``store_path`` and fill it with the sample case.

    With ``key`` the store is encrypted like a chair's own (see ``cinchair.security.vault``).
    With ``practice`` it is marked as practice data before anything is written, so its
    records, documents and bundles say so (``cinchair.demo.practice``); tests that send
    the demo's records through the council's import leave it unmarked.
    """
    path = Path(store_path)
    if path.exists() and path.stat().st_size > 0:  # an earlier demo: made afresh
        path.unlink()
    # (an empty file is kept: ``practice.private_file`` made it 0600 for this store)
    for suffix in ("-wal", "-shm"):
        Path(f"{store_path}{suffix}").unlink(missing_ok=True)
    store = Store.open(sqlite_url(store_path), actor="demo", key=key)
    if practice:
        from cinchair.demo.practice import mark_practice

        with store.engine.begin() as connection:
            mark_practice(connection)
    try:
        with store.transaction() as session:
            case = Case(
                case_ref="LCS-482913",
                profile_id=PROFILE_ID,
                child_given_name="Amelia",
                child_family_name="Nowak",
                date_of_birth=date(2017, 3, 14),
                gender="Female",
                first_language="Polish and English",
                assessment_completed_on=date(2026, 8, 24),
            )
            session.add(case)
            session.flush()
            first = initial_planning(session, case)
            session.flush()
            second = review(session, case)
            session.flush()
            return DemoCase(store_path, case.id, (first.id, second.id))
    finally:
        store.close()
