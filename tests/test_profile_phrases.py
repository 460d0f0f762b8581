"""The optional ``[phrases]`` of a council profile: read, tidied, and refused when wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from cinchair.app import paths
from cinchair.profiles import ProfileError, load_profile, load_profiles


def _with_phrases(tmp_path: Path, block: str) -> Path:
    text = (paths.profiles_dir() / "generic.toml").read_text(encoding="utf-8")
    text = text[: text.index("[phrases]")] + block
    path = tmp_path / "generic.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_profile_offers_the_councils_phrases() -> None:
    for profile in load_profiles().values():
        assert len(profile.phrases) >= 5, profile.id
        assert all(p == " ".join(p.split()) for p in profile.phrases)


def test_phrases_keep_any_script_and_their_spaces_are_tidied(tmp_path) -> None:
    path = _with_phrases(
        tmp_path, '[phrases]\nwording = ["Mum   said <&{{ }}> 👩\u200d👧\\nthen", "Привет"]\n'
    )
    assert load_profile(path).phrases == ("Mum said <&{{ }}> 👩\u200d👧 then", "Привет")


def test_without_phrases_a_profile_offers_none(tmp_path) -> None:
    assert load_profile(_with_phrases(tmp_path, "")).phrases == ()


@pytest.mark.parametrize(
    ("block", "field", "problem"),
    [
        ("[phrases]\nwording = []\n", "phrases.wording", "non-empty list"),
        ('[phrases]\nwording = ["ok", " "]\n', "phrases.wording[1]", "non-empty text"),
        ('[phrases]\nwording = ["Agreed.", "agreed."]\n', "phrases.wording[1]", "repeats"),
        (f'[phrases]\nwording = ["{"x" * 401}"]\n', "phrases.wording[0]", "over 400"),
        ('[phrases]\nwording = ["ok"]\ncolour = "red"\n', "phrases.colour", "unknown field"),
    ],
)
def test_a_wrong_phrase_list_names_the_file_and_field(tmp_path, block, field, problem) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(_with_phrases(tmp_path, block))
    message = str(caught.value)
    assert "generic.toml" in message and field in message and problem in message
