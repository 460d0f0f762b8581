"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23

The first schema. Migrations are frozen history: they use plain SQLAlchemy types,
never the model's classes, so later model changes cannot rewrite them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sa.UniqueConstraint("entry_hash", name=op.f("uq_audit_log_entry_hash")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "cases",
        sa.Column("case_ref", sa.String(length=64), nullable=False),
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("child_given_name", sa.String(length=200), nullable=False),
        sa.Column("child_family_name", sa.String(length=200), nullable=False),
        sa.Column("child_preferred_name", sa.String(length=200), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("gender", sa.String(length=64), nullable=True),
        sa.Column("first_language", sa.String(length=100), nullable=True),
        sa.Column("assessment_completed_on", sa.Date(), nullable=True),
        sa.Column("decision_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column("closure_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("profile_id", "case_ref", name=op.f("uq_cases_profile_id")),
    )
    op.create_table(
        "case_circumstances",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column(
            "circumstance",
            sa.Enum(
                "private-fostering",
                "supervision-order",
                "living-independently-16-17",
                "short-breaks",
                "risk-of-exploitation",
                "complex-disability",
                name="circumstance",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_case_circumstances_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_circumstances")),
    )
    with op.batch_alter_table("case_circumstances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_circumstances_case_id"), ["case_id"], unique=False
        )

    op.create_table(
        "meetings",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "initial-planning",
                "review",
                "early-review",
                "closing",
                name="meeting_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("venue", sa.String(length=300), nullable=True),
        sa.Column("chair_name", sa.String(length=200), nullable=False),
        sa.Column(
            "chair_role",
            sa.Enum(
                "social-worker",
                "senior-practitioner",
                "assistant-team-manager",
                "team-manager",
                "child-protection-manager",
                "early-help-manager",
                "other",
                name="chair_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("framework", sa.String(length=32), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "signed",
                name="meeting_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", sa.String(length=36), nullable=True),
        sa.Column("correction_reason", sa.Text(), nullable=True),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("version >= 1", name=op.f("ck_meetings_version_positive")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_meetings_case_id_cases"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["previous_version_id"],
            ["meetings.id"],
            name=op.f("fk_meetings_previous_version_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_held_on"), ["held_on"], unique=False)

    op.create_table(
        "child_voice",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "attended",
                "attended-part",
                "met-chair-before",
                "met-chair-after",
                "wishes-feelings-form",
                "letter",
                "observation",
                "other",
                name="voice_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("tool", sa.String(length=200), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("in_own_words", sa.Boolean(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_child_voice_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_voice")),
    )
    with op.batch_alter_table("child_voice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_child_voice_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "participants",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "child",
                "parent-carer",
                "family-network",
                "professional",
                name="participant_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("role", sa.String(length=200), nullable=True),
        sa.Column("agency", sa.String(length=200), nullable=True),
        sa.Column("relationship_to_child", sa.String(length=200), nullable=True),
        sa.Column(
            "attendance",
            sa.Enum(
                "present",
                "part",
                "apologies",
                "report-sent",
                "did-not-attend",
                name="attendance",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("interpreter_language", sa.String(length=100), nullable=True),
        sa.Column("advocate_needed", sa.Boolean(), nullable=False),
        sa.Column("advocate_name", sa.String(length=200), nullable=True),
        sa.Column("communication_needs", sa.Text(), nullable=True),
        sa.Column("receives_copy", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_participants_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participants")),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participants_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "plan_versions",
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("previous_id", sa.String(length=36), nullable=True),
        sa.Column("made_at_meeting_id", sa.String(length=36), nullable=True),
        sa.Column("agreed_at", sa.DateTime(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("lead_professional_name", sa.String(length=200), nullable=True),
        sa.Column("lead_professional_role", sa.String(length=200), nullable=True),
        sa.Column("visit_every_days", sa.Integer(), nullable=True),
        sa.Column("visit_arrangements", sa.Text(), nullable=True),
        sa.Column("contingency_plan", sa.Text(), nullable=True),
        sa.Column("plan_end_target", sa.Date(), nullable=True),
        sa.Column("length_reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_plan_versions_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["made_at_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_plan_versions_made_at_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["previous_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_versions_previous_id_plan_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_versions")),
        sa.UniqueConstraint("case_id", "number", name=op.f("uq_plan_versions_case_id")),
    )
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_versions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_plan_versions_made_at_meeting_id"), ["made_at_meeting_id"], unique=False
        )

    op.create_table(
        "review_decisions",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("option_key", sa.String(length=64), nullable=False),
        sa.Column("option_label", sa.Text(), nullable=False),
        sa.Column("leads_to", sa.String(length=32), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("next_review_reason", sa.Text(), nullable=True),
        sa.Column("step_down_lead_professional", sa.String(length=200), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_review_decisions_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
        sa.UniqueConstraint("meeting_id", name=op.f("uq_review_decisions_meeting_id")),
    )
    op.create_table(
        "consents",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "given",
                "refused",
                "withdrawn",
                name="consent_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("given_by", sa.String(length=200), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_consents_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_consents_participant_id_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consents")),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "contributions",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("heading_key", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_contributions_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_contributions_participant_id_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributions")),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contributions_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "plan_outcomes",
        sa.Column("plan_version_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("need", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("progress_measure", sa.Text(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_version_id"],
            ["plan_versions.id"],
            name=op.f("fk_plan_outcomes_plan_version_id_plan_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_outcomes")),
    )
    with op.batch_alter_table("plan_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_outcomes_plan_version_id"), ["plan_version_id"], unique=False
        )

    op.create_table(
        "scaling_scores",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.CheckConstraint(
            "score >= 0 AND score <= 10", name=op.f("ck_scaling_scores_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_scaling_scores_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_scaling_scores_participant_id_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scaling_scores")),
        sa.UniqueConstraint(
            "meeting_id", "participant_id", name=op.f("uq_scaling_scores_meeting_id")
        ),
    )
    with op.batch_alter_table("scaling_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scaling_scores_meeting_id"), ["meeting_id"], unique=False
        )

    op.create_table(
        "signatures",
        sa.Column("meeting_id", sa.String(length=36), nullable=False),
        sa.Column("participant_id", sa.String(length=36), nullable=True),
        sa.Column("signer_name", sa.String(length=200), nullable=False),
        sa.Column("signer_role", sa.String(length=200), nullable=False),
        sa.Column(
            "document",
            sa.Enum(
                "minutes",
                "plan",
                name="signed_document",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "signed",
                "declined",
                "to-sign-later",
                name="signature_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("signed_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("image_png", sa.LargeBinary(), nullable=True),
        sa.Column("strokes", sa.JSON(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_signatures_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
            name=op.f("fk_signatures_participant_id_participants"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signatures")),
    )
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signatures_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "plan_actions",
        sa.Column("outcome_id", sa.String(length=36), nullable=False),
        sa.Column("lineage_id", sa.String(length=36), nullable=False),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("owner_name", sa.String(length=200), nullable=True),
        sa.Column("owner_role", sa.String(length=200), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "not-started",
                "in-progress",
                "done",
                "dropped",
                name="action_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("progress_note", sa.Text(), nullable=True),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["outcome_id"],
            ["plan_outcomes.id"],
            name=op.f("fk_plan_actions_outcome_id_plan_outcomes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_actions")),
    )
    with op.batch_alter_table("plan_actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_actions_outcome_id"), ["outcome_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_actions_outcome_id"))

    op.drop_table("plan_actions")
    with op.batch_alter_table("signatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signatures_meeting_id"))

    op.drop_table("signatures")
    with op.batch_alter_table("scaling_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scaling_scores_meeting_id"))

    op.drop_table("scaling_scores")
    with op.batch_alter_table("plan_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_outcomes_plan_version_id"))

    op.drop_table("plan_outcomes")
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_meeting_id"))

    op.drop_table("contributions")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_meeting_id"))

    op.drop_table("consents")
    op.drop_table("review_decisions")
    with op.batch_alter_table("plan_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_versions_made_at_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_plan_versions_case_id"))

    op.drop_table("plan_versions")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_meeting_id"))

    op.drop_table("participants")
    with op.batch_alter_table("child_voice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_child_voice_meeting_id"))

    op.drop_table("child_voice")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_held_on"))
        batch_op.drop_index(batch_op.f("ix_meetings_case_id"))

    op.drop_table("meetings")
    with op.batch_alter_table("case_circumstances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_circumstances_case_id"))

    op.drop_table("case_circumstances")
    op.drop_table("cases")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_id"))

    op.drop_table("audit_log")
