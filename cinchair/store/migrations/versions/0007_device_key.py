"""this laptop's device signing key, inside the store

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

The Ed25519 key a laptop signs its sync bundles with, kept inside the (encrypted) store
instead of a clear ``device-key.pem`` in the data folder; ``cinchair.sync.keys.device`` moves
an old file's key in (the same key, so the council still knows the laptop) at first use.
At most one row: ``slot`` is always 1. Downgrading drops the key with the table (the
laptop then needs a new key, trusted again by the admin). Plain SQLAlchemy types only:
migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "device_key",
        sa.Column("slot", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("private_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("device_id", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("slot = 1", name=op.f("ck_device_key_one_row")),
        sa.PrimaryKeyConstraint("slot", name=op.f("pk_device_key")),
    )


def downgrade() -> None:
    op.drop_table("device_key")
