"""the chair's own spelling words

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

The words a chair adds to their spelling list (often names of schools, streets and
relatives) kept inside the (encrypted) store instead of a clear ``my-words.txt`` in
the data folder; ``cinchair.app.personal_dictionary`` moves an old file's words in at the first
start. Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "own_words",
        sa.Column("word", sa.String(length=60), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_words")),
        sa.UniqueConstraint("word", name=op.f("uq_own_words_word")),
    )


def downgrade() -> None:
    op.drop_table("own_words")
