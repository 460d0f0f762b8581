"""The family view's type sizing: how big each kind of text is, and what a size fits.

The family view picks the largest body size at which the whole board fits the window
(see ``FamilyView._fit_type``); this holds the numbers that choice works with and the
plain arithmetic of one try, kept apart from the widgets so the rule for what "fits"
and how leftover height is shared can be read, and reasoned about, on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# each role's size as a multiple of the body size; title and hint follow the window
SIZES = {
    "title": 1.25,
    "hint": 0.6,
    "heading": 1.1,
    "body": 1.0,
    "words": 1.0,
    "cell": 0.9,
    "who": 0.8,
    "small": 0.72,
    "more": 0.7,
}
# the scaling line's share of the bottom band's width: the widest at which all still fits
SCALING_SHARES = (0.3, 0.34, 0.38, 0.42, 0.46, 0.5)
MIN_BODY_PIXELS = 12  # below this nobody reads it from the sofa; scroll inside instead
SMALLEST_SHARE = 0.6  # nor below this share of the window's own body size


@dataclass(frozen=True)
class Fit:
    """How the board is laid out at one body size; ``fits`` when nothing needs scrolling."""

    px: int
    top: int  # where the columns start
    available: int  # from there to the bottom margin
    column_needs: tuple[int, ...]
    words: int
    scaling: int
    actions: int
    share: float  # of the band's width, for the scaling line

    @property
    def columns(self) -> int:
        return max(self.column_needs, default=0)

    @property
    def band(self) -> int:
        return max(self.scaling, self.actions)

    def fits(self, gap: int) -> bool:
        spaced = gap * (1 + bool(self.words))
        return self.columns + self.words + self.band + spaced <= self.available

    def heights(self, gap: int) -> tuple[int, int]:
        """How tall the columns and the bottom band are drawn; leftover goes to the columns.

        When not everything fits, the band keeps its scaling line whole and at most half
        of what is left, and the columns have the rest.
        """
        words = self.words + gap if self.words else 0
        band = self.band
        if not self.fits(gap):
            band = max(self.scaling, min(self.band, (self.available - words - gap) // 2))
        return max(self.available - words - gap - band, 0), band

    def overflowing(self, gap: int) -> set[int]:
        """The parts that would scroll inside themselves: columns by number, -1 the actions."""
        columns, band = self.heights(gap)
        parts = {number for number, need in enumerate(self.column_needs) if need > columns}
        return parts | ({-1} if self.actions > band else set())


def largest(low: int, high: int, good: Callable[[int], bool]) -> int:
    """The largest n in [low, high] with ``good(n)``, given good(low) and that a size
    which is good has every smaller size good too: a binary search, since each try
    re-sets every font on the board."""
    while low < high:
        middle = (low + high + 1) // 2
        if good(middle):
            low = middle
        else:
            high = middle - 1
    return low
