"""the files the child gave with a held record

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

A record held as a conflict is kept whole as text in ``imported_bundles.record_json``,
but the files the child gave (drawings, forms, letters) travel beside the record in the
bundle. ``held_attachments`` keeps them, byte for byte, tied to the held row (removed
with it), so they outlive the laptop clearing its copy. One row per held record and
file name. On PostgreSQL the file column is stored like ``child_attachments.data``
since 0005: out of line and uncompressed (pictures and PDFs are compressed already).
Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "held_attachments",
        sa.Column("held_bundle_id", sa.String(length=36), nullable=False),
        sa.Column("attachment_id", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=100), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["held_bundle_id"],
            ["imported_bundles.id"],
            name=op.f("fk_held_attachments_held_bundle_id_imported_bundles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_attachments")),
        sa.UniqueConstraint(
            "held_bundle_id", "file_name", name=op.f("uq_held_attachments_held_bundle_id")
        ),
    )
    with op.batch_alter_table("held_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_held_attachments_held_bundle_id"), ["held_bundle_id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE held_attachments ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade() -> None:
    with op.batch_alter_table("held_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_attachments_held_bundle_id"))
    op.drop_table("held_attachments")
