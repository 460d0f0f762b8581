"""the chair's team on each meeting

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

A council's admin reads the due list by team ("North locality"): the team is a setting
of the chair, copied onto each meeting when it starts (as the chair's name is), carried
in the record to the council and filed there with the meeting. Null for every meeting
before this revision and wherever the chair gave no team. Plain SQLAlchemy types only:
migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.add_column(sa.Column("chair_team", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meetings") as batch:
        batch.drop_column("chair_team")
