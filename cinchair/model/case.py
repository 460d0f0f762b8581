"""The child and their case: what a council's case system would hold about them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cinchair.model.base import Base, IdMixin, TimestampMixin
from cinchair.model.enums import Circumstance, enum_column

if TYPE_CHECKING:
    from cinchair.model.meeting import Meeting
    from cinchair.model.plan import PlanVersion


class Case(IdMixin, TimestampMixin, Base):
    """One child's Child in Need case under one council's procedures."""

    __tablename__ = "cases"
    __table_args__ = (UniqueConstraint("profile_id", "case_ref"),)

    # The identifier as the council's system holds it (for example an LCS person ID).
    case_ref: Mapped[str] = mapped_column(String(64))
    # Which council's rules apply: the id of a profile under resources/profiles/.
    profile_id: Mapped[str] = mapped_column(String(64))
    child_given_name: Mapped[str] = mapped_column(String(200))
    child_family_name: Mapped[str] = mapped_column(String(200))
    child_preferred_name: Mapped[str | None] = mapped_column(String(200))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(64))
    first_language: Mapped[str | None] = mapped_column(String(100))
    # The events the schedule counts from.
    assessment_completed_on: Mapped[date | None] = mapped_column(Date)
    decision_on: Mapped[date | None] = mapped_column(Date)  # e.g. Derby's VCM decision
    # Added with migration 0015. The day the case was opened (Derby counts "open for 12
    # months" from it); without it the escalation falls back to the decision or the
    # assessment, else the first meeting, and says so.
    opened_on: Mapped[date | None] = mapped_column(Date)
    # The day the case was allocated to a social worker, who "should visit the
    # child(ren) within 5 working days of allocation" (Derby), and the day of that
    # first visit: the task is done once a visit on or after allocation is recorded.
    allocated_on: Mapped[date | None] = mapped_column(Date)
    first_visit_on: Mapped[date | None] = mapped_column(Date)
    # The day the CRE risk assessment was completed: Derby's safeguard for a child at
    # medium risk of exploitation held in Early Help is one "undertaken within 2 weeks"
    # of the risk being identified (the risk-of-exploitation circumstance's start).
    cre_risk_assessed_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closure_reason: Mapped[str | None] = mapped_column(Text)

    circumstances: Mapped[list[CaseCircumstance]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseCircumstance.since"
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="Meeting.held_on"
    )
    plan_versions: Mapped[list[PlanVersion]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="PlanVersion.number"
    )

    @property
    def child_name(self) -> str:
        return f"{self.child_given_name} {self.child_family_name}".strip()

    def age_on(self, day: date) -> int | None:
        """Whole years on ``day``; the minutes copy a child 'if old enough'."""
        if self.date_of_birth is None:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    def active_circumstances(self, on: date) -> set[Circumstance]:
        return {
            c.circumstance
            for c in self.circumstances
            if (c.since is None or c.since <= on) and (c.until is None or on <= c.until)
        }


class CaseCircumstance(IdMixin, Base):
    """A specific circumstance (private fostering, supervision order, ...) with its dates.

    The dates matter: a supervision order starts a 15-working-day clock in Derby,
    and a circumstance that has ended no longer calls for an independent chair.
    """

    __tablename__ = "case_circumstances"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    circumstance: Mapped[Circumstance] = mapped_column(enum_column(Circumstance, "circumstance"))
    since: Mapped[date | None] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    case: Mapped[Case] = relationship(back_populates="circumstances")
