"""a scaling row may be unscored until the chair chooses its score

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03

A new scaling row used to start at 5, a score nobody gave, which the count of required
items took as done. ``scaling_scores.score`` may now be null: the row is unscored until
a score is chosen, counted as missing meanwhile, and the sign-off waits for it (so a
signed record never holds an unscored row). The 0-10 check stays.
Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("scaling_scores") as batch:
        batch.alter_column("score", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM scaling_scores WHERE score IS NULL")
    with op.batch_alter_table("scaling_scores") as batch:
        batch.alter_column("score", existing_type=sa.Integer(), nullable=False)
