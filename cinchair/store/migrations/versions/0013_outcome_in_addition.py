"""an outcome recorded in addition to the one chosen

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

Hillingdon's review outcome 3 (the child appears to be at risk of Significant Harm: a
strategy discussion) is recorded "in addition to" another outcome, not instead of it.
``review_decisions`` keeps that second outcome beside the first: its key, the council's
wording and what it leads to, copied from the profile like the first. Null where a
meeting chose one outcome, as every meeting before this revision did. Plain SQLAlchemy
types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("review_decisions") as batch:
        batch.add_column(sa.Column("in_addition_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("in_addition_label", sa.Text(), nullable=True))
        batch.add_column(sa.Column("in_addition_leads_to", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("review_decisions") as batch:
        batch.drop_column("in_addition_leads_to")
        batch.drop_column("in_addition_label")
        batch.drop_column("in_addition_key")
