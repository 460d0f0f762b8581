"""Table columns wide enough for their longest word, so no word is cut in two.

reportlab breaks a word wider than its cell wherever the cell's edge falls: a family's
copy at 11 pt printed "No" over "." and "(G" over "randmother)". The column shares each
table is drawn with are a good start; this module widens a column whose longest word
(heading or cell) would not fit, taking the room from columns that have more than they
need, in proportion to what they can spare. A word longer than a share of the page
(a typed 10,000-letter word) is left to break: no column could hold it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from cinchair.documents.fonts import measured_width
from cinchair.documents.scripts import visual_runs

# A cell's left and right padding together: reportlab's default of 6 pt each side.
CELL_PADDING = 12.0
# No column is widened for one word past this share of the table's width.
WIDEST_SHARE = 0.34
# A word this long is wider than any column can be at any size: not measured.
_LONGEST_MEASURED = 40


@lru_cache(maxsize=20_000)
def word_width(word: str, bold: bool, font_size: float) -> float:
    """How wide ``word`` prints at ``font_size``, in points, in the fonts that draw it."""
    return sum(
        measured_width(part, font, font_size)
        for line in visual_runs(word, bold=bold, font_size=font_size)
        for font, part in line
    )


def _longest_word(texts: Sequence[str], bold: bool, font_size: float, cap: float) -> float:
    longest = 0.0
    for text in texts:
        for word in text.split():
            if len(word) > _LONGEST_MEASURED:
                return cap
            longest = max(longest, word_width(word, bold, font_size))
    return longest


def _needs(
    widths: Sequence[float], header: Sequence[str], rows: Sequence[Sequence[str]], size: float
) -> list[float]:
    """Each column's width for its longest word (heading in bold) at ``size``, capped."""
    cap = sum(widths) * WIDEST_SHARE
    needs = []
    for column in range(len(widths)):
        cells = [row[column] for row in rows]
        longest = max(
            _longest_word([header[column]], True, size, cap),
            _longest_word(cells, False, size, cap),
        )
        needs.append(min(cap, longest + CELL_PADDING + 1.0))
    return needs


def fitting_size(
    widths: Sequence[float],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    font_size: float,
    smallest: float = 11.0,
) -> float:
    """The type size for a table's cells: ``font_size`` where every column can hold its
    longest word, else the largest size (half points, never under ``smallest``) where
    they can. A family's copy at 20 pt has five columns of people too narrow for
    "Attendance"; a little smaller beats words cut in two."""
    size = font_size
    while size - 0.5 >= smallest and sum(_needs(widths, header, rows, size)) > sum(widths):
        size -= 0.5
    return size


def fitted_widths(
    widths: Sequence[float],
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    font_size: float,
) -> list[float]:
    """``widths`` (points, one per column) moved so each column holds its longest word.

    The heading is measured in bold, the cells in regular. The total never changes; when
    the columns cannot all be satisfied, each short one gets its share of what can be
    spared.
    """
    needs = _needs(widths, header, rows, font_size)
    short = {c: need - widths[c] for c, need in enumerate(needs) if need > widths[c]}
    if not short:
        return list(widths)
    spare = {c: widths[c] - need for c, need in enumerate(needs) if widths[c] > need}
    wanted, available = sum(short.values()), sum(spare.values())
    if available <= 0:
        return list(widths)
    given = min(wanted, available)
    out = list(widths)
    for column, lack in short.items():
        out[column] += lack * given / wanted
    for column, extra in spare.items():
        out[column] -= extra * given / available
    return out
