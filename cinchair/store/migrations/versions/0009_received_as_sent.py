"""every received bundle kept as it came; two new kinds of conflict

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

* ``imported_bundles.manifest_json`` and ``manifest_sig``: the signed manifest and the
  laptop's signature as received, so which laptop sent a filed record can be proved
  again at any time against the trust list. Null for bundles received before this.
* ``UNIQUE(meeting_id, fingerprint)`` becomes ``UNIQUE(meeting_id, fingerprint,
  signatures_digest)``: a later export carrying more signatures is a row of its own
  (status ``signatures``), instead of overwriting the first laptop's record text.
* ``bundle_status`` gains ``signatures``; ``conflict_kind`` gains
  ``signatures-rewritten`` and ``child-identity``.

Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES_BEFORE = ("imported", "conflict")
_STATUSES_AFTER = (*_STATUSES_BEFORE, "signatures")
_KINDS_BEFORE = ("same-day", "same-plan-number", "changed-content", "version-of-held")
_KINDS_AFTER = (*_KINDS_BEFORE, "signatures-rewritten", "child-identity")


def _one_of(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _swap_checks(statuses: Sequence[str], kinds: Sequence[str]) -> None:
    with op.batch_alter_table("imported_bundles") as batch:
        batch.drop_constraint(op.f("ck_imported_bundles_bundle_status"), type_="check")
        batch.create_check_constraint(
            op.f("ck_imported_bundles_bundle_status"), _one_of("status", statuses)
        )
    with op.batch_alter_table("sync_conflicts") as batch:
        batch.drop_constraint(op.f("ck_sync_conflicts_conflict_kind"), type_="check")
        batch.create_check_constraint(
            op.f("ck_sync_conflicts_conflict_kind"), _one_of("kind", kinds)
        )


def upgrade() -> None:
    with op.batch_alter_table("imported_bundles") as batch:
        batch.add_column(sa.Column("manifest_json", sa.Text(), nullable=True))
        batch.add_column(sa.Column("manifest_sig", sa.LargeBinary(), nullable=True))
        batch.drop_constraint(op.f("uq_imported_bundles_meeting_id"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_imported_bundles_meeting_id"),
            ["meeting_id", "fingerprint", "signatures_digest"],
        )
    _swap_checks(_STATUSES_AFTER, _KINDS_AFTER)


def downgrade() -> None:
    # rows of the new kinds cannot be expressed before this revision: they go first
    op.execute(
        "DELETE FROM sync_conflicts WHERE kind IN ('signatures-rewritten', 'child-identity')"
    )
    op.execute("DELETE FROM imported_bundles WHERE status = 'signatures'")
    _swap_checks(_STATUSES_BEFORE, _KINDS_BEFORE)
    with op.batch_alter_table("imported_bundles") as batch:
        batch.drop_constraint(op.f("uq_imported_bundles_meeting_id"), type_="unique")
        batch.create_unique_constraint(
            op.f("uq_imported_bundles_meeting_id"), ["meeting_id", "fingerprint"]
        )
        batch.drop_column("manifest_sig")
        batch.drop_column("manifest_json")
