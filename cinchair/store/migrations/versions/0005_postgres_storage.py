"""PostgreSQL: store large values the way their content wants

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

PostgreSQL moves a value over about 2 KB out of its row and compresses it first with
pglz. For the council's store that is the wrong work twice over:

* The child's pictures and PDFs and the signatures' PNGs are compressed already:
  pglz spends CPU on every import to find nothing to save. ``STORAGE EXTERNAL``
  keeps them out of line, uncompressed.
* The record kept whole per bundle (~60-170 KB of JSON), the pen strokes and the
  audit log's changes do compress; lz4 does it several times faster than pglz for
  much the same size. Where the server was built without lz4 they stay on pglz.

Nothing changes on SQLite (the chair's store), and existing rows are left as they are
(the settings apply to values written from now on). Schema and data are untouched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALREADY_COMPRESSED = (
    ("child_attachments", "data"),
    ("child_attachments", "preview"),
    ("signatures", "image_png"),
)
COMPRESSIBLE = (
    ("imported_bundles", "record_json"),
    ("signatures", "strokes"),
    ("audit_log", "changes"),
)


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _has_lz4() -> bool:
    """Whether this server can compress with lz4 (PostgreSQL 14+, built with it)."""
    bind = op.get_bind()
    if _version() < (14,):
        return False
    # a build without lz4 refuses the setting: try it in a savepoint, so a refusal undoes
    # nothing else (it lasts to the end of this transaction, and says nothing of rows)
    try:
        with bind.begin_nested():
            bind.execute(sa.text("SET LOCAL default_toast_compression = 'lz4'"))
    except sa.exc.DBAPIError:
        return False
    return True


def _version() -> tuple[int, ...]:
    return op.get_bind().dialect.server_version_info or (0,)


def upgrade() -> None:
    if not _postgres():
        return
    for table, column in ALREADY_COMPRESSED:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE EXTERNAL")
    if _has_lz4():
        for table, column in COMPRESSIBLE:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION lz4")


def downgrade() -> None:
    if not _postgres():
        return
    for table, column in ALREADY_COMPRESSED:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE EXTENDED")
    if _version() >= (14,):
        for table, column in COMPRESSIBLE:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION DEFAULT")
