"""the circumstances the councils' procedures set rules by

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03

The councils' procedures tie chairs, exemptions and clocks to more of a child's
circumstances than the first six: a disabled child (Barnet: the allocated social worker
chairs), Derby's complex-disability criteria (a Child Protection Manager chairs),
residential short breaks under section 20 (an Independent Reviewing Officer reviews), a
case held in a Multi-Agency Team, No Recourse to Public Funds as the only issue (no
review), a family transferring in (a meeting within 20 working days of becoming
resident), and Hillingdon's complex package and Children with Disabilities Team. The
column's CHECK constraint is widened to the new list; downgrading narrows it again
and refuses while rows use a new value. Plain SQLAlchemy types only: migrations are
frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FIRST = (
    "private-fostering",
    "supervision-order",
    "living-independently-16-17",
    "short-breaks",
    "risk-of-exploitation",
    "complex-disability",
)
_ADDED = (
    "disabled-child",
    "disability-cpm-criteria",
    "short-breaks-residential-s20",
    "multi-agency-team",
    "nrpf-only",
    "transferred-in",
    "complex-package",
    "cwd-team",
)


def _enum(values: Sequence[str]) -> sa.Enum:
    return sa.Enum(
        *values, name="circumstance", native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    with op.batch_alter_table("case_circumstances") as batch:
        batch.alter_column(
            "circumstance",
            existing_type=_enum(_FIRST),
            type_=_enum(_FIRST + _ADDED),
            existing_nullable=False,
        )


def downgrade() -> None:
    rows = op.get_bind().execute(
        sa.text("SELECT count(*) FROM case_circumstances WHERE circumstance IN :added").bindparams(
            sa.bindparam("added", expanding=True)
        ),
        {"added": list(_ADDED)},
    )
    if rows.scalar_one():
        raise RuntimeError("cases use circumstances added in 0011; change them before downgrading")
    with op.batch_alter_table("case_circumstances") as batch:
        batch.alter_column(
            "circumstance",
            existing_type=_enum(_FIRST + _ADDED),
            type_=_enum(_FIRST),
            existing_nullable=False,
        )
