"""Every colour the window draws comes from the design tokens (``cinchair/ui/tokens.py``).

A colour written into a widget stays the same in dark and high contrast, where it is
unreadable or glaring; so the window's code names none, except the few below, each
with its reason.
"""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "cinchair" / "ui"

COLOUR = re.compile(
    r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|QColor\(\s*[\"'][a-zA-Z]+[\"']"
    r"|Qt\.GlobalColor\.(?:red|white|black|gray|darkGray|lightGray|blue|green|yellow)\b"
    r"|\b(?:color|background)\s*:\s*(?:white|black|red|grey|gray)\b"
)

# (file, what the line holds): why it may name a colour
EXCEPTIONS = {
    ("meeting/scaling_chart.py", '"#000000"'): (
        "reads the series palette's black (data from the core) to draw it in the text colour"
    ),
    ("family/view.py", "BACKGROUND"): "the family view is pale paper cards in every theme",
    ("family/view.py", "COLUMN_COLOURS"): "the family view's card colours, one per heading",
    ("family/view.py", "WORDS_COLOUR"): "the family view's card for the child's own words",
    ("family/view.py", 'QLabel[board="more"]'): "the family view's 'more' badge on its paper",
    ("family/panels.py", "BAND_COLOUR"): "the family view's heading band on its paper",
    ("family/scaling.py", "INK, SOFT, MARK"): "the family view's scale, drawn on its paper",
    ("family/scaling.py", "setBrush"): "the family view's chosen score, on its paper",
}


def _findings() -> list[str]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        relative = path.relative_to(UI).as_posix()
        if relative == "tokens.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not COLOUR.search(line):
                continue
            if any(f == relative and what in line for f, what in EXCEPTIONS):
                continue
            found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_colour_is_written_outside_the_tokens() -> None:
    assert _findings() == []


def test_the_check_finds_a_colour_written_into_a_widget(tmp_path: Path) -> None:
    """The pattern catches the ways a colour has been written here before."""
    for line in (
        'self.error.setStyleSheet("color: #a4161a;")',
        'painter.fillRect(rect, QColor("white"))',
        '"background:#b00020;color:white;font-weight:bold"',
        'hint.setStyleSheet("color:#bbb;")',
    ):
        assert COLOUR.search(line), line
    assert not COLOUR.search('theme.set_role(self.error, "error")')


def test_every_exception_is_still_needed() -> None:
    """An exception whose line has gone is struck off, so the list never hides a new one."""
    for (relative, what), _why in EXCEPTIONS.items():
        text = (UI / relative).read_text(encoding="utf-8")
        assert any(what in line and COLOUR.search(line) for line in text.splitlines()), relative
