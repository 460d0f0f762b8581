"""The audit log's changes are encoded once, and bulky pen strokes are logged by digest.

An import writes an audit entry per row (about fifty a meeting); each entry's changes
used to be encoded twice, for the chain hash and again by the driver for the column.
Now the canonical text made for the hash is the column's text too, which must leave
every hash exactly as before: entries written by earlier versions still verify.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy import select

from cinchair.meetings import signing
from cinchair.meetings.draft import MeetingDraft
from cinchair.model import (
    AuditEntry,
    Participant,
    ParticipantKind,
    Signature,
    SignatureStatus,
    SignedDocument,
)
from cinchair.model.audit import GENESIS_HASH, chain_hash
from cinchair.model.base import EncodedJSON, canonical_json_text, json_column_text
from cinchair.store.audit import verify_chain
from tests.factories import make_case, make_meeting

TRICKY = {
    "zeta": ["", 'Zoë <&{{ }}> 李 🙂 "quoted" \\ back'],
    "alpha": [None, {"b": 2.5, "a": [1, True, None]}],
    "Ω": [0, -0.125],
}
AT = datetime(2026, 11, 23, 10, 15, 0, 123456, tzinfo=UTC)


def _old_chain_hash(prev: str, at: datetime, actor: str, action: str, entity: str, eid, changes):
    """The hash as earlier versions computed it: one json.dumps of the whole entry."""
    body = json.dumps(
        [prev, at.isoformat(), actor, action, entity, eid, changes],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def test_the_hash_is_the_same_from_the_dict_from_its_text_and_as_before() -> None:
    args = (GENESIS_HASH, AT, "import:Ann <&>", "insert", "participants", "id-1")
    encoded = canonical_json_text(TRICKY)
    assert isinstance(encoded, EncodedJSON) and json.loads(encoded) == TRICKY
    assert "李 🙂" in encoded  # text as itself, not \\u-escaped
    expected = _old_chain_hash(*args, TRICKY)
    assert chain_hash(*args, TRICKY) == expected
    assert chain_hash(*args, encoded) == expected
    assert chain_hash(*args, {}) == _old_chain_hash(*args, {})


def test_the_json_columns_take_encoded_text_as_it_is() -> None:
    encoded = canonical_json_text(TRICKY)
    assert json_column_text(encoded) == str(encoded)
    assert type(json_column_text(encoded)) is str
    assert json.loads(json_column_text(TRICKY)) == TRICKY
    # a plain string is a JSON string, not text to pass through
    assert json_column_text("hello") == '"hello"'


def test_an_entry_written_in_the_old_form_still_verifies(store) -> None:
    """A chain begun by an earlier version (strokes logged in full) goes on verifying."""
    strokes = [[[10.5, 20.0], [30.25, 40.0]]]
    changes = {"strokes": [None, strokes], "signer_name": [None, "Мария"]}
    with store.transaction() as session:
        session.info["actor"] = "chair"
        prev = session.scalars(select(AuditEntry.entry_hash).order_by(AuditEntry.seq.desc()))
        head = prev.first() or GENESIS_HASH
        old = AuditEntry(
            at=AT,
            actor="chair",
            action="insert",
            entity="signatures",
            entity_id="old-1",
            changes=changes,
            prev_hash=head,
        )
        old.entry_hash = _old_chain_hash(
            head, AT, "chair", "insert", "signatures", "old-1", changes
        )
        session.add(old)
    with store.reading() as session:
        assert verify_chain(session) == []


def test_a_signatures_strokes_are_logged_by_digest_and_the_chain_holds(store) -> None:
    with store.transaction() as session:
        case = make_case(session, ref="AUD-1")
        meeting = make_meeting(session, case)
        meeting.participants.append(
            Participant(name="Анна 李 <&{{ }}>", kind=ParticipantKind.PARENT_CARER, role="Mother")
        )
        meeting_id = meeting.id
    draft = MeetingDraft(store, meeting_id)
    key = draft.read(lambda _s, m: m.participants[0].id)
    mark = [[(40, 120), (90, 60), (140, 150)], [(60, 170), (260, 165)]]
    draft.change(
        lambda s, m: signing.record_answer(
            s,
            m,
            key,
            documents=[SignedDocument.MINUTES],
            status=SignatureStatus.SIGNED,
            strokes=mark,
        )
    )
    with store.reading() as session:
        signature = session.scalars(select(Signature)).one()
        entry = session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "signatures", AuditEntry.entity_id == signature.id
            )
        ).one()
        text = canonical_json_text(signature.strokes)
        digest = "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert entry.changes["strokes"] == [None, digest]
        # the picture is fingerprinted, the name kept in full
        assert entry.changes["image_png"][1].startswith("sha256:")
        assert entry.changes["signer_name"] == [None, "Анна 李 <&{{ }}>"]
        assert verify_chain(session) == []
