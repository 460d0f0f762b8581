"""The Child in Need plan as a chain of immutable versions.

An amended plan is a new ``PlanVersion`` pointing at the one before. Outcomes
and actions carry a ``lineage_id`` shared by their copies in every version, which
is how an amended plan can say of each action: new, changed, completed, dropped.
Once ``agreed_at`` is set a version is frozen; ``cinchair.store.facade`` refuses edits.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cinchair.model.base import Base, IdMixin, TimestampMixin, UTCDateTime, new_id
from cinchair.model.enums import ActionStatus, enum_column

if TYPE_CHECKING:
    from cinchair.model.case import Case
    from cinchair.model.meeting import Meeting


class PlanVersion(IdMixin, TimestampMixin, Base):
    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    previous_id: Mapped[str | None] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="SET NULL")
    )
    made_at_meeting_id: Mapped[str | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True
    )
    agreed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    starts_on: Mapped[date] = mapped_column(Date)
    lead_professional_name: Mapped[str | None] = mapped_column(String(200))
    lead_professional_role: Mapped[str | None] = mapped_column(String(200))
    # Visits to the child: every N days (the profile's minimum is checked against it),
    # plus the arrangements in words ("home visit, seeing Maja alone").
    visit_every_days: Mapped[int | None] = mapped_column(Integer)
    visit_arrangements: Mapped[str | None] = mapped_column(Text)
    contingency_plan: Mapped[str | None] = mapped_column(Text)
    plan_end_target: Mapped[date | None] = mapped_column(Date)
    # Why the plan runs past the council's target length (disability, private fostering...).
    length_reason: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="plan_versions")
    previous: Mapped[PlanVersion | None] = relationship(remote_side="PlanVersion.id")
    made_at_meeting: Mapped[Meeting | None] = relationship(back_populates="plan_version")
    outcomes: Mapped[list[PlanOutcome]] = relationship(
        back_populates="plan_version",
        cascade="all, delete-orphan",
        order_by="PlanOutcome.sort_order",
    )

    @property
    def is_agreed(self) -> bool:
        return self.agreed_at is not None

    @property
    def actions(self) -> list[PlanAction]:
        return [a for o in self.outcomes for a in o.actions]


class PlanOutcome(IdMixin, Base):
    """A child-focused outcome: the need, what should be true for the child, how we'll know."""

    __tablename__ = "plan_outcomes"

    plan_version_id: Mapped[str] = mapped_column(
        ForeignKey("plan_versions.id", ondelete="CASCADE"), index=True
    )
    lineage_id: Mapped[str] = mapped_column(String(36), default=new_id)
    need: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    progress_measure: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    plan_version: Mapped[PlanVersion] = relationship(back_populates="outcomes")
    actions: Mapped[list[PlanAction]] = relationship(
        back_populates="outcome", cascade="all, delete-orphan", order_by="PlanAction.sort_order"
    )


class PlanAction(IdMixin, Base):
    """What will be done, by whom, by when, and how it is going."""

    __tablename__ = "plan_actions"

    outcome_id: Mapped[str] = mapped_column(
        ForeignKey("plan_outcomes.id", ondelete="CASCADE"), index=True
    )
    lineage_id: Mapped[str] = mapped_column(String(36), default=new_id)
    what: Mapped[str] = mapped_column(Text, default="")
    owner_name: Mapped[str | None] = mapped_column(String(200))
    owner_role: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column(ActionStatus, "action_status"), default=ActionStatus.NOT_STARTED
    )
    progress_note: Mapped[str | None] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    outcome: Mapped[PlanOutcome] = relationship(back_populates="actions")
