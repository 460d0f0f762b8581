"""Minutes and plan for a large meeting, in DOCX and PDF, against LibreOffice's conversion.

The meeting: 20 participants, 30 actions under 6 outcomes, 5 signatures with
images, and a few hundred words under each agenda heading. For each document it
times building the context from the record, rendering the DOCX (docxtpl) and the
PDF (reportlab), and, as the baseline in the same run, LibreOffice headless
converting that same DOCX to PDF (what a council would otherwise do to get a
PDF). Prints medians and how many times faster each format is made than LibreOffice
converts (the target is 25x for the minutes PDF, 20x for the rest). ``python -m bench.documents``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from cinchair.documents import Copy, Document, build_context, template_for
from cinchair.documents.fonts import forget_measurements
from cinchair.documents.pdf import render_pdf
from cinchair.documents.word import render_docx
from cinchair.meetings import lifecycle as meetings
from cinchair.meetings.ink import scribble
from cinchair.model import (
    Attendance,
    Contribution,
    Participant,
    ParticipantKind,
    PlanAction,
    PlanOutcome,
    ScalingScore,
    SignatureStatus,
    SignedDocument,
)
from cinchair.record import build_record
from cinchair.store.facade import Store, sqlite_url
from tests.factories import make_case, make_meeting

RUNS = 15  # a median of many: the PDF takes tens of ms, a busy moment can double one
LO_RUNS = 3


def large_record(folder: Path) -> dict:
    """A stored meeting of the size the issue names, turned into its record."""
    store = Store.open(sqlite_url(folder / "bench.sqlite3"), actor="bench")
    with store, store.transaction() as s:
        case = make_case(s, given="Maja", family="Kowalska")
        meeting = make_meeting(s, case)
        people = []
        for i in range(20):
            person = Participant(
                name=f"Participant {i + 1} Łukasiewicz",
                kind=ParticipantKind.PROFESSIONAL if i > 3 else ParticipantKind.PARENT_CARER,
                role=f"Role {i + 1}",
                agency=f"Agency {i % 7 + 1}",
                attendance=list(Attendance)[i % len(Attendance)],
                interpreter_language="Polish" if i % 6 == 0 else None,
                sort_order=i,
            )
            meeting.participants.append(person)
            people.append(person)
        s.flush()
        for n, key in enumerate(["working-well", "worried", "needs-to-happen"] * 8):
            meeting.contributions.append(
                Contribution(
                    heading_key=key,
                    participant_id=people[n % 20].id,
                    text="Point about school, sleep and routines, with detail. " * 4,
                    confidential=n % 9 == 0,
                    sort_order=n,
                )
            )
        for person in people[:10]:
            meeting.scaling_scores.append(
                ScalingScore(participant_id=person.id, score=6, reason="Some progress.")
            )
        from cinchair.meetings import plans

        plan = plans.start_version(s, case, meeting, starts_on=meeting.held_on)
        plan.lead_professional_name = "Sam Worker"
        plan.visit_every_days = 14
        plan.contingency_plan = "Early review within 5 working days. " * 5
        plan.plan_end_target = date(2027, 3, 1)
        for o in range(6):
            outcome = PlanOutcome(
                need=f"Need {o + 1}: described in a sentence or two.",
                outcome=f"Outcome {o + 1}: what will be true for Maja.",
                progress_measure="Counted weekly from the school register.",
                sort_order=o,
            )
            for a in range(5):
                outcome.actions.append(
                    PlanAction(
                        what=f"Action {o + 1}.{a + 1}: who does what, how often, where.",
                        owner_name=people[(o * 5 + a) % 20].name,
                        due_on=meeting.held_on + timedelta(days=14 * (a + 1)),
                        sort_order=a,
                    )
                )
            plan.outcomes.append(outcome)
        s.flush()
        for person in people[:5]:
            meetings.add_signature(
                s,
                meeting,
                signer=person,
                document=SignedDocument.MINUTES,
                status=SignatureStatus.SIGNED,
                strokes=scribble(person.name),
            )
        s.flush()
        return build_record(s, meeting.id)


def _median_ms(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _libreoffice_ms(docx: Path, folder: Path) -> float | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    profile = f"-env:UserInstallation=file://{folder / 'lo-profile'}"

    def convert() -> None:
        subprocess.run(
            [
                soffice,
                profile,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder / "lo"),
                str(docx),
            ],
            check=True,
            capture_output=True,
        )

    convert()  # first start creates the profile: not counted
    return _median_ms(convert, LO_RUNS)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        record = large_record(folder)
        print("documents: 20 participants, 30 actions, 5 signatures (median ms)")
        print(
            f"{'document':10} {'context':>8} {'docx':>8} {'pdf':>8} {'LibreOffice':>12} "
            f"{'LO/docx':>8} {'LO/pdf':>7}   (how many times faster; target 25x)"
        )
        for document in Document:
            template = template_for(record["council"]["profile_id"], document)
            ctx_ms = _median_ms(lambda d=document: build_context(record, d, Copy.AGENCIES), RUNS)
            context = build_context(record, document, Copy.AGENCIES)
            docx_ms = _median_ms(lambda c=context, t=template: render_docx(c, t), RUNS)
            # each PDF as if it were the first: the widths remembered between runs forgotten
            pdf_ms = _median_ms(lambda c=context: (forget_measurements(), render_pdf(c)), RUNS)
            docx_path = folder / f"{document.value}.docx"
            docx_path.write_bytes(render_docx(context, template))
            lo_ms = _libreoffice_ms(docx_path, folder)
            if lo_ms is None:
                lo, docx_x, pdf_x = "not found", "-", "-"
            else:
                lo = f"{lo_ms:.0f}"
                docx_x = f"{lo_ms / docx_ms:.1f}x"
                pdf_x = f"{lo_ms / pdf_ms:.1f}x"
            print(
                f"{document.value:10} {ctx_ms:8.1f} {docx_ms:8.1f} {pdf_ms:8.1f} {lo:>12} "
                f"{docx_x:>8} {pdf_x:>7}"
            )


if __name__ == "__main__":
    main()
