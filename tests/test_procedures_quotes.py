"""Every passage a profile quotes (in single quotes, inside a ``cite``) is in the council's
procedure word for word, so "drawn from the procedure" is never said of words it lacks.

The procedure texts are kept beside this test (``tests/procedures/``, one per shipped
profile) as the councils published them. A quote may skip words with ``...``; each
piece must then be in the text. Letters an editor added in brackets (``mode[l]``) are
not the procedure's, so they are left out; case and runs of spaces are ignored.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cinchair.profiles import Profile, load_profiles

TEXTS = Path(__file__).parent / "procedures"
# A quote opens after a space or bracket and closes before a space, punctuation or end:
# the apostrophes of "Barnet's" or "child's" are neither.
QUOTE = re.compile(r"(?:(?<=^)|(?<=[\s(]))'(.+?)'(?=$|[\s,;:.)])")


def _norm(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"\[\w+\]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _cites(profile: Profile) -> list[str]:
    cites = [h.cite for h in profile.agenda] + [o.cite for o in profile.outcomes]
    cites += [r.cite for r in profile.schedule] + [c.cite for c in profile.chairs]
    cites += [d.cite for d in profile.duties] + [n.cite for n in profile.no_reviews]
    plan = profile.plan
    cites += [plan.target_cite, plan.contingency_cite, plan.escalation_cite]
    cites += [plan.critical_issues_cite, profile.visits.cite]
    if profile.scaling is not None:
        cites.append(profile.scaling.cite)
    return [c for c in cites if c]


def quoted_pieces(cite: str) -> list[str]:
    pieces = []
    for quote in QUOTE.findall(cite):
        pieces += [p for p in re.split(r"\s*\.\.\.\s*", quote) if len(p.strip(" .,;")) > 3]
    return pieces


def test_quotes_are_found_in_an_example_cite() -> None:
    cite = "Barnet, review: 'asking everyone to state ... gone well' (the child's words)"
    assert quoted_pieces(cite) == ["asking everyone to state", "gone well"]


@pytest.mark.parametrize(
    "profile_id", ["barnet", "derby", "generic", "hillingdon", "north-tyneside"]
)
def test_every_quoted_passage_is_in_the_procedure_word_for_word(profile_id: str) -> None:
    profile = load_profiles()[profile_id]
    text = _norm((TEXTS / f"{profile_id}.txt").read_text(encoding="utf-8"))
    missing = [
        piece
        for cite in _cites(profile)
        for piece in quoted_pieces(cite)
        if _norm(piece).strip(" .,;") not in text
    ]
    assert missing == []


def test_shipped_phrases_claim_no_procedure_wording() -> None:
    for profile in load_profiles().values():
        assert not profile.phrases_from_procedure
