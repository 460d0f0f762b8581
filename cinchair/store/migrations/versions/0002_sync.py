"""sync bookkeeping

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

What the council received (``imported_bundles``, unique on meeting id and fingerprint so
a record imported twice, even by two admins at once, is stored once), what clashed
(``sync_conflicts``), and the laptop's own memory of what it exported, had acknowledged
and cleared (``sync_state``). Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imported_bundles",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("signatures_digest", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.String(length=36), nullable=True),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("case_reference", sa.String(length=64), nullable=False),
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("chair_name", sa.String(length=200), nullable=False),
        sa.Column("device_id", sa.String(length=64), nullable=False),
        sa.Column("device_label", sa.String(length=200), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "imported",
                "conflict",
                name="bundle_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("record_json", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_imported_bundles_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_bundles")),
        sa.UniqueConstraint(
            "meeting_id", "fingerprint", name=op.f("uq_imported_bundles_meeting_id")
        ),
    )
    with op.batch_alter_table("imported_bundles", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imported_bundles_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_imported_bundles_device_id"), ["device_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_imported_bundles_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "sync_conflicts",
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("case_reference", sa.String(length=64), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "same-day",
                "same-plan-number",
                "changed-content",
                "version-of-held",
                name="conflict_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("filed_meeting_id", sa.String(length=36), nullable=False),
        sa.Column("filed_device_id", sa.String(length=64), nullable=True),
        sa.Column("held_bundle_id", sa.String(length=36), nullable=False),
        sa.Column("held_meeting_id", sa.String(length=36), nullable=False),
        sa.Column("held_device_id", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("found_at", sa.DateTime(), nullable=False),
        sa.Column("found_by", sa.String(length=200), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_sync_conflicts_case_id_cases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["held_bundle_id"],
            ["imported_bundles.id"],
            name=op.f("fk_sync_conflicts_held_bundle_id_imported_bundles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_conflicts")),
    )
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_conflicts_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_sync_conflicts_held_bundle_id"), ["held_bundle_id"], unique=False
        )

    op.create_table(
        "sync_state",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("case_reference", sa.String(length=64), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("exported_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("exported_signatures", sa.String(length=64), nullable=True),
        sa.Column("exported_at", sa.DateTime(), nullable=True),
        sa.Column("acknowledged_fingerprint", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_signatures", sa.String(length=64), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("cleared_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_sync_state")),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    with op.batch_alter_table("sync_conflicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_conflicts_held_bundle_id"))
        batch_op.drop_index(batch_op.f("ix_sync_conflicts_case_id"))

    op.drop_table("sync_conflicts")
    with op.batch_alter_table("imported_bundles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imported_bundles_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_imported_bundles_device_id"))
        batch_op.drop_index(batch_op.f("ix_imported_bundles_case_id"))

    op.drop_table("imported_bundles")
