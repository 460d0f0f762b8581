"""the child's attachments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

What the child gave before a meeting (a wishes and feelings form, a Three Houses
drawing, a letter), stored inside the (encrypted) store as binary, never as files on
disk. Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "child_attachments",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "wishes-feelings-form",
                "three-houses",
                "letter",
                "other",
                name="attachment_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("preview", sa.LargeBinary(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("child_agreed_to_share", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.CheckConstraint("size >= 0", name=op.f("ck_child_attachments_size_not_negative")),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_child_attachments_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_attachments")),
    )
    with op.batch_alter_table("child_attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_child_attachments_meeting_id"), ["meeting_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("child_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_attachments_meeting_id"))
    op.drop_table("child_attachments")
