"""Who signs a meeting's minutes and plan, what they signed, and the chair's sign-off.

Signing happens in the room, with the family, before the record is final: parents
and carers (and the child, where old enough) sign, decline with a reason, or are
marked to sign later; the chair signs last, and that signature is what makes the
minutes final. Each signature keeps the fingerprint of the record's content as it
stood (``cinchair.record.fingerprint``: minutes and plan, not who has signed), so
an edit made after someone signed shows against their signature as "signed an
earlier version" until they sign again.

A person has one answer per document: signing again, or signing after "to sign
later", replaces the earlier answer (the audit log keeps every step). On signed
minutes only a "to sign later" may still be answered, as ``cinchair.store.finality`` allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from cinchair.domain import vocabulary as words
from cinchair.domain.required import outcome_gaps
from cinchair.domain.sense import meeting_sense_problems
from cinchair.domain.smart import blocking, check_plan
from cinchair.meetings import lifecycle as meetings
from cinchair.meetings import plans
from cinchair.meetings.ink import Stroke, clean_strokes, strokes_to_png
from cinchair.model import (
    Meeting,
    MeetingStatus,
    Participant,
    ParticipantKind,
    Signature,
    SignatureStatus,
    SignedDocument,
    utcnow,
)
from cinchair.profiles import Profile
from cinchair.record import content_fingerprint
from cinchair.store.finality import RecordIsFinal

# Children this old or older are asked to sign as a matter of course (the same age
# from which the documents send them their own copy); a younger child may still sign.
CHILD_SIGNS_FROM_AGE = 12
NAME_LIMIT = 200  # the signer columns' width
NOT_SIGNED_AT_SIGN_OFF = "Not signed when the chair signed off"


@dataclass(frozen=True)
class Signer:
    """Someone who may sign: a participant, or the chair (who may not be one)."""

    key: str  # the participant's id, or "chair" / "name:<name>" for those who are not one
    participant_id: str | None
    name: str
    role: str
    required: bool  # False: may sign (a younger child, the family network)
    is_chair: bool = False

    @property
    def described(self) -> str:
        """How the sign-off names them: "Anna Kowalska (Mother)", and the chair as the
        documents do, "Jo Whitfield, chair (Social Worker)"."""
        return f"{self.name}, {self.role}" if self.is_chair else f"{self.name} ({self.role})"


@dataclass(frozen=True)
class DocumentState:
    """One person's answer on one document, checked against the record as it is now."""

    signature_id: str
    status: SignatureStatus
    signed_at: datetime | None
    reason: str | None
    content_sha256: str | None
    current: bool  # the fingerprint matches the record's content now

    @property
    def earlier_version(self) -> bool:
        """Signed, but the record has changed since: shown beside the signature."""
        return self.status is SignatureStatus.SIGNED and not self.current


@dataclass(frozen=True)
class SignerState:
    signer: Signer
    documents: dict[SignedDocument, DocumentState | None] = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        """Signed, declined or deferred on every document: nothing silently missing."""
        return all(state is not None for state in self.documents.values())

    @property
    def owes(self) -> bool:
        """A signature still to come: not yet asked, or marked to sign later."""
        return self.signer.required and any(
            state is None or state.status is SignatureStatus.TO_SIGN_LATER
            for state in self.documents.values()
        )

    @property
    def signed_earlier_version(self) -> bool:
        return any(state is not None and state.earlier_version for state in self.documents.values())


def documents_to_sign(meeting: Meeting) -> list[SignedDocument]:
    """The minutes always; the plan when this meeting made or amended one."""
    docs = [SignedDocument.MINUTES]
    if meeting.plan_version is not None:
        docs.append(SignedDocument.PLAN)
    return docs


def _chair_participant(meeting: Meeting) -> Participant | None:
    wanted = meeting.chair_name.casefold().strip()
    return next((p for p in meeting.participants if p.name.casefold().strip() == wanted), None)


def chair_role(role: str) -> str:
    """The chair's role as the documents and the sign-off list print it: "chair (Social Worker)"."""
    return f"chair ({role})"


def role_as_chair(stored: str) -> str:
    """The role inside "chair (…)", as the chair's own pad shows it ("Social Worker").

    On the pad, under "Sign off as chair", a Role of "chair (Social Worker)" read as a
    slip; the pad shows the role alone and :func:`chair_role` puts the words back on
    saving. A role typed some other way is returned as it is.
    """
    if stored.startswith("chair (") and stored.endswith(")"):
        return stored[len("chair (") : -1]
    return stored


def chair_signer(meeting: Meeting) -> Signer:
    person = _chair_participant(meeting)
    # one wording wherever the chair is named: "Jo Whitfield, chair (Social Worker)"
    role = chair_role((person.role if person else None) or words.CHAIR_ROLE[meeting.chair_role])
    return Signer(
        key=person.id if person else "chair",
        participant_id=person.id if person else None,
        name=meeting.chair_name,
        role=role,
        required=True,
        is_chair=True,
    )


def _role(person: Participant) -> str:
    return person.role or person.relationship_to_child or words.PARTICIPANT_KIND[person.kind]


def _key_of(signature: Signature, chair: Signer) -> str:
    if signature.participant_id:
        return signature.participant_id
    if signature.signer_name.casefold().strip() == chair.name.casefold().strip():
        return chair.key
    return f"name:{signature.signer_name.casefold().strip()}"


def signers(meeting: Meeting) -> list[Signer]:
    """Who is asked to sign, in the meeting's order, and the chair last.

    Parents and carers always; the child from ``CHILD_SIGNS_FROM_AGE`` (younger, and
    the family network, are listed as able to sign); anyone else who has signed
    already (a professional, or someone since removed from the list) stays listed.
    """
    chair = chair_signer(meeting)
    age = meeting.case.age_on(meeting.held_on)
    signed_keys = {_key_of(s, chair) for s in meeting.signatures}
    found: list[Signer] = []
    for person in meeting.participants:
        if person.id == chair.participant_id:
            continue
        if person.kind is ParticipantKind.PARENT_CARER:
            required = True
        elif person.kind is ParticipantKind.CHILD:
            required = age is not None and age >= CHILD_SIGNS_FROM_AGE
        elif person.kind is ParticipantKind.FAMILY_NETWORK or person.id in signed_keys:
            required = False
        else:
            continue
        found.append(Signer(person.id, person.id, person.name, _role(person), required))
    listed = {s.key for s in found} | {chair.key}
    for signature in meeting.signatures:
        key = _key_of(signature, chair)
        if key not in listed:
            listed.add(key)
            found.append(
                Signer(key, None, signature.signer_name, signature.signer_role, required=False)
            )
    return [*found, chair]


def signature_states(session: Session, meeting: Meeting) -> list[SignerState]:
    """Each signer with their answer per document, checked against the content now."""
    current = content_fingerprint(session, meeting.id)
    chair = chair_signer(meeting)
    answers: dict[tuple[str, SignedDocument], Signature] = {}
    for signature in meeting.signatures:  # the last answer per person and document wins
        answers[(_key_of(signature, chair), signature.document)] = signature
    states = []
    for signer in signers(meeting):
        documents: dict[SignedDocument, DocumentState | None] = {}
        for document in documents_to_sign(meeting):
            s = answers.get((signer.key, document))
            documents[document] = (
                None
                if s is None
                else DocumentState(
                    s.id,
                    s.status,
                    s.signed_at,
                    s.reason,
                    s.content_sha256,
                    current=s.content_sha256 == current,
                )
            )
        states.append(SignerState(signer, documents))
    return states


def find_signer(meeting: Meeting, key: str) -> Signer:
    for signer in signers(meeting):
        if signer.key == key:
            return signer
    raise KeyError(f"no one with key {key!r} signs this meeting")


def _checked_name(name: str, what: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise meetings.MeetingRefused(f"the signer's {what} is required")
    if len(name) > NAME_LIMIT:
        raise meetings.MeetingRefused(
            f"the signer's {what} is too long (at most {NAME_LIMIT} characters)"
        )
    return name


def _add(
    session: Session,
    meeting: Meeting,
    signer: Signer,
    documents: Sequence[SignedDocument],
    *,
    status: SignatureStatus,
    name: str,
    role: str,
    strokes: list[list[list[float]]] | None,
    reason: str | None,
    at: datetime | None,
) -> list[Signature]:
    chair = chair_signer(meeting)
    replaced = [
        s for s in meeting.signatures if _key_of(s, chair) == signer.key and s.document in documents
    ]
    if meeting.status is MeetingStatus.SIGNED and any(
        s.status is not SignatureStatus.TO_SIGN_LATER for s in replaced
    ):
        raise RecordIsFinal(
            f"{signer.name} has already answered on these signed minutes; "
            "only someone marked to sign later can still sign"
        )
    # Rows are added and deleted directly, not through ``meeting.signatures``: changing
    # that collection would count as changing the (perhaps signed) meeting itself.
    for old in replaced:
        session.delete(old)
    fingerprint = content_fingerprint(session, meeting.id)
    image = strokes_to_png(strokes) if strokes else None
    added = []
    for document in documents:
        signature = Signature(
            meeting_id=meeting.id,
            participant_id=signer.participant_id,
            signer_name=name,
            signer_role=role,
            document=document,
            status=status,
            signed_at=(at or utcnow()) if status is SignatureStatus.SIGNED else None,
            reason=reason,
            content_sha256=fingerprint,
            strokes=strokes,
            image_png=image,
        )
        session.add(signature)
        added.append(signature)
    session.flush()
    session.expire(meeting, ["signatures"])
    return added


def record_answer(
    session: Session,
    meeting: Meeting,
    signer_key: str,
    *,
    documents: Sequence[SignedDocument],
    status: SignatureStatus,
    name: str | None = None,
    role: str | None = None,
    strokes: Sequence[Stroke] | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> list[Signature]:
    """Record a family member's signature, refusal or "to sign later" on ``documents``.

    Run it inside ``MeetingDraft.change``: one transaction, saved at once. A refusal
    needs its reason (the minutes say why someone did not sign); a signature needs a
    mark. The chair signs through ``sign_off``, which makes the minutes final.
    """
    signer = find_signer(meeting, signer_key)
    if signer.is_chair:
        raise meetings.MeetingRefused("the chair signs last, by signing off the minutes")
    allowed = documents_to_sign(meeting)
    documents = list(dict.fromkeys(documents))
    if not documents:
        raise meetings.MeetingRefused("choose what is being signed: the minutes, the plan or both")
    for document in documents:
        if document not in allowed:
            raise meetings.MeetingRefused(f"this meeting has no {document.value} to sign")
    reason = " ".join((reason or "").split()) or None
    cleaned = None
    if status is SignatureStatus.SIGNED:
        cleaned = clean_strokes(strokes or [])
        reason = None
    elif status is SignatureStatus.DECLINED and not reason:
        raise meetings.MeetingRefused(
            f"say why {signer.name} declined to sign; the minutes record it"
        )
    return _add(
        session,
        meeting,
        signer,
        documents,
        status=status,
        name=_checked_name(name if name is not None else signer.name, "name"),
        role=_checked_name(role if role is not None else signer.role, "role"),
        strokes=cleaned,
        reason=reason,
        at=at,
    )


def sign_off_problems(meeting: Meeting, profile: Profile) -> list[str]:
    """What stops the chair signing off now, in words (empty when nothing does)."""
    if meeting.status is MeetingStatus.SIGNED:
        return ["these minutes are already signed"]
    problems = []
    unscored = [s.participant.name for s in meeting.scaling_scores if s.score is None]
    if unscored:
        problems.append(f"choose a score for {', '.join(unscored)}, or remove their row")
    gaps = outcome_gaps(meeting, profile)
    if meeting.decision is None:
        problems.append("record the outcome before signing off")
    elif gaps:
        problems.append(f"the outcome still needs {' and '.join(gaps)}")
    problems += meeting_sense_problems(meeting)  # dates that cannot be right
    plan = meeting.plan_version
    if plan is not None and plan.agreed_at is None:
        problems += [
            f"the plan: {finding.message}"
            for finding in blocking(check_plan(plan, profile, meeting.held_on))
        ]
    return problems


def sign_off(
    session: Session,
    meeting: Meeting,
    profile: Profile,
    *,
    strokes: Sequence[Stroke],
    name: str | None = None,
    role: str | None = None,
    at: datetime | None = None,
) -> list[str]:
    """The chair signs the minutes (and plan) last: the plan is agreed, the minutes final.

    Anyone asked to sign who has given no answer yet is marked "to sign later", so the
    minutes say who has still to sign and the case list shows it. Returns their names.
    """
    problems = sign_off_problems(meeting, profile)
    if problems:
        raise meetings.MeetingRefused("; ".join(problems))
    cleaned = clean_strokes(strokes)
    chair = chair_signer(meeting)
    at = at or utcnow()
    later = []
    for state in signature_states(session, meeting):
        if state.signer.is_chair or not state.signer.required:
            continue
        missing = [doc for doc, answer in state.documents.items() if answer is None]
        if missing:
            later.append(state.signer.name)
            _add(
                session,
                meeting,
                state.signer,
                missing,
                status=SignatureStatus.TO_SIGN_LATER,
                name=state.signer.name,
                role=state.signer.role,
                strokes=None,
                reason=NOT_SIGNED_AT_SIGN_OFF,
                at=None,
            )
    _add(
        session,
        meeting,
        chair,
        documents_to_sign(meeting),
        status=SignatureStatus.SIGNED,
        name=_checked_name(name if name is not None else chair.name, "name"),
        role=_checked_name(role if role is not None else chair.role, "role"),
        strokes=cleaned,
        reason=None,
        at=at,
    )
    if meeting.plan_version is not None and meeting.plan_version.agreed_at is None:
        plans.agree(meeting.plan_version, profile, meeting.held_on, at=at)
    meetings.sign_minutes(meeting, at=at)
    return later
