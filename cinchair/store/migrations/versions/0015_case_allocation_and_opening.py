"""a case's opening, allocation, first visit and CRE risk assessment; two more circumstances

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04

Derby's procedure starts clocks the case did not hold: the social worker visits within 5
working days of allocation, a child at medium risk of exploitation held in Early Help
has a CRE risk assessment within 2 weeks, and "all other" cases open for 12 months are
escalated, counted from the case being opened. Four nullable dates on ``cases`` hold
these events and the tasks' completion (null for every case before this revision, which
keeps the old behaviour). The circumstance column's CHECK constraint is widened for
Derby's other exceptions to that escalation: young people involved in offending and
young carers. Downgrading narrows it again and refuses while rows use a new value.
Plain SQLAlchemy types only: migrations are frozen history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = (
    "private-fostering",
    "supervision-order",
    "living-independently-16-17",
    "short-breaks",
    "risk-of-exploitation",
    "complex-disability",
    "disabled-child",
    "disability-cpm-criteria",
    "short-breaks-residential-s20",
    "multi-agency-team",
    "nrpf-only",
    "transferred-in",
    "complex-package",
    "cwd-team",
)
_ADDED = ("involved-in-offending", "young-carer")
_DATES = ("opened_on", "allocated_on", "first_visit_on", "cre_risk_assessed_on")


def _enum(values: Sequence[str]) -> sa.Enum:
    return sa.Enum(
        *values, name="circumstance", native_enum=False, create_constraint=True, length=32
    )


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        for name in _DATES:
            batch.add_column(sa.Column(name, sa.Date(), nullable=True))
    with op.batch_alter_table("case_circumstances") as batch:
        batch.alter_column(
            "circumstance",
            existing_type=_enum(_BEFORE),
            type_=_enum(_BEFORE + _ADDED),
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
        raise RuntimeError("cases use circumstances added in 0015; change them before downgrading")
    with op.batch_alter_table("case_circumstances") as batch:
        batch.alter_column(
            "circumstance",
            existing_type=_enum(_BEFORE + _ADDED),
            type_=_enum(_BEFORE),
            existing_nullable=False,
        )
    with op.batch_alter_table("cases") as batch:
        for name in reversed(_DATES):
            batch.drop_column(name)
