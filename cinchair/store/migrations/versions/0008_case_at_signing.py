"""the child's details as they were signed, kept with the meeting

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

A case's details (the child's name, date of birth, gender, first language) can be
corrected after a meeting is signed. The signed minutes must keep saying what was
signed, and the signatures' fingerprints must keep matching, so the record's
``case`` section is copied into ``meetings.case_at_signing`` when the chair signs
off (and, for meetings signed before this existed, just before a correction).
Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("case_at_signing", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("case_at_signing")
