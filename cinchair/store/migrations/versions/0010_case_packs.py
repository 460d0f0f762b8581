"""case packs: the laptop's sealing key, and which meetings came from the council

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

Two additions for case packs (``cinchair.sync.packs``), the council sending a case to one
laptop:

* ``device_key.sealing_key``: the laptop's X25519 private key, beside its Ed25519 signing
  key in the same one-row table, so a pack sealed to this laptop opens only with the
  chair's passphrase. Null in stores made before this revision; the key is made at first
  use (``cinchair.sync.keys.device``).
* ``received_meetings``: the meetings a case pack brought, one row each, so they are never
  exported back as this laptop's own and are told apart in the sync list. The row goes
  with its meeting (``ON DELETE CASCADE``).

Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("device_key") as batch:
        batch.add_column(sa.Column("sealing_key", sa.LargeBinary(length=32), nullable=True))
    op.create_table(
        "received_meetings",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("case_reference", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("pack_id", sa.String(length=64), nullable=False),
        sa.Column("council_key_id", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_received_meetings_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("meeting_id", name=op.f("pk_received_meetings")),
    )


def downgrade() -> None:
    op.drop_table("received_meetings")
    with op.batch_alter_table("device_key") as batch:
        batch.drop_column("sealing_key")
