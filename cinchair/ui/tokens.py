"""The design tokens: every colour, size and space the app chooses, in one place.

Three themes (light, dark, high contrast) are the same set of named tokens with
different values, so a widget asks for "the accent" or "a muted hint", never for a
hex code, and a theme is changed here and nowhere else. The style sheet
(``cinchair.ui.style_sheet``) and the palette (``cinchair.ui.theme``) are built from
these; ``tests/test_ui_theme.py`` checks every pair of text and background here for
contrast (4.5:1, and 7:1 in high contrast).

Plain data with no Qt: the values are ``#rrggbb`` strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The spacing grid: every margin and gap is a multiple of this many pixels.
GRID = 8
# The body text size, in points: the system's UI font at a size read comfortably at arm's
# length in a meeting room (Word and Outlook use 11 pt; Qt's default on Linux is 9 pt).
BODY_PT = 10.5
# The type levels, as multiples of the body size (page title, section heading, body, hint).
TITLE_SCALE = 1.6
SECTION_SCALE = 1.2
HINT_SCALE = 0.95
# Rounded corners of fields, buttons and panels.
FIELD_RADIUS = 6
PANEL_RADIUS = 8

# The states a case can be in on the case list, each shown as a chip.
CHIP_STATES = (
    "overdue",
    "past escalation point",
    "due soon",
    "on track",
    "nothing scheduled",
    "to sign later",
    "not yet synced",
    "closed",
)


@dataclass(frozen=True)
class Tokens:
    """One theme's colours. Each text colour is paired with the backgrounds it sits on."""

    name: str
    window: str  # behind everything
    surface: str  # fields, tables, panels
    surface_alt: str  # hovered rows, alternate rows, the stepper's track
    text: str
    muted: str  # hints, headers, a step with nothing in it
    divider: str  # the light line between rows (decoration: no contrast needed)
    border: str  # a field's edge (3:1 against the surface)
    accent: str  # the one colour: the main button, the current step, focus
    on_accent: str  # text on the accent
    accent_tint: str  # the selected row
    on_accent_tint: str
    error: str
    warning: str
    good: str
    finding: str  # the amber behind a row the SMART check speaks of (text on it)
    banner: str  # the demo banner's background (text on it)
    on_banner: str
    # (background, text) per case state
    chips: dict[str, tuple[str, str]] = field(default_factory=dict)
    minimum_contrast: float = 4.5
    on_error: str = "#ffffff"  # text on an alarm drawn in the error colour
    # the signature pad is a sheet of paper: white with dark ink, as signed on paper
    paper: str = "#ffffff"
    ink: str = "#1a2a4a"
    paper_edge: str = "#8a94a6"
    paper_guide: str = "#b5bcc8"  # the dashed line to sign on (decoration)
    paper_hint: str = "#5b6578"  # the x and "Sign here"
    chart_grid: str = "#dddddd"  # a chart's minor lines (decoration)
    chart_grid_major: str = "#a0a0a0"
    shadow: str = "#000000"  # Qt's palette shadow (frames drawn by the style)
    disabled_text: str = ""  # greyed text; empty means the muted colour


LIGHT = Tokens(
    name="light",
    window="#f4f5f7",
    surface="#ffffff",
    surface_alt="#eef1f5",
    text="#1f2328",
    muted="#565e69",
    divider="#e4e7eb",
    border="#8c96a3",
    accent="#2155c4",
    on_accent="#ffffff",
    accent_tint="#dbe6fb",
    on_accent_tint="#0d2a66",
    error="#b00020",
    warning="#8a4b00",
    good="#1b5e20",
    finding="#fff1d6",
    banner="#ffe066",
    on_banner="#2b2200",
    chips={
        "overdue": ("#fbdfe2", "#7a1020"),
        "past escalation point": ("#ebe1f8", "#43257a"),
        "due soon": ("#fff0c2", "#5c4100"),
        "on track": ("#dcf2e2", "#1b5e20"),
        "nothing scheduled": ("#eceef1", "#3a3f44"),
        "to sign later": ("#ebe1f8", "#43257a"),
        "not yet synced": ("#dde8f8", "#1d3f7a"),
        "closed": ("#eceef1", "#3a3f44"),
    },
)

DARK = Tokens(
    name="dark",
    window="#1d1e21",
    surface="#26282c",
    surface_alt="#303237",
    text="#e8eaed",
    muted="#aab1ba",
    divider="#383b40",
    border="#80868f",
    accent="#8ab4f8",
    on_accent="#0b1b36",
    accent_tint="#2b4270",
    on_accent_tint="#f1f5fe",
    error="#ff8a80",
    warning="#ffcc80",
    good="#a5d6a7",
    finding="#4a3500",
    banner="#5c4a00",
    on_banner="#fff3c4",
    chips={
        "overdue": ("#5c1a22", "#ffd6da"),
        "past escalation point": ("#3d2c60", "#e9e0f9"),
        "due soon": ("#4d3a00", "#ffe8a8"),
        "on track": ("#1d4226", "#c9edd1"),
        "nothing scheduled": ("#3a3d42", "#e0e2e5"),
        "to sign later": ("#3d2c60", "#e9e0f9"),
        "not yet synced": ("#1f3557", "#d8e6fc"),
        "closed": ("#3a3d42", "#e0e2e5"),
    },
    on_error="#1d1e21",
    chart_grid="#383b40",
    chart_grid_major="#6b7079",
)

HIGH_CONTRAST = Tokens(
    name="high-contrast",
    window="#000000",
    surface="#000000",
    surface_alt="#000000",
    text="#ffffff",
    muted="#ffffff",
    divider="#ffffff",
    border="#ffffff",
    accent="#ffff00",
    on_accent="#000000",
    accent_tint="#ffff00",
    on_accent_tint="#000000",
    error="#ffff00",
    warning="#ffff00",
    good="#00ff00",
    finding="#000000",
    banner="#000000",
    on_banner="#ffff00",
    chips={state: ("#000000", "#ffffff") for state in CHIP_STATES}
    | {"overdue": ("#000000", "#ffff00"), "due soon": ("#000000", "#ffff00")},
    minimum_contrast=7.0,
    on_error="#000000",
    paper="#000000",
    ink="#ffffff",
    paper_edge="#ffffff",
    paper_guide="#ffff00",
    paper_hint="#ffffff",
    chart_grid="#808080",
    chart_grid_major="#ffffff",
    shadow="#ffffff",
    disabled_text="#00ff00",  # as the Windows high contrast themes grey nothing out
)

THEME_TOKENS = {tokens.name: tokens for tokens in (LIGHT, DARK, HIGH_CONTRAST)}


def text_pairs(tokens: Tokens) -> list[tuple[str, str, str]]:
    """Every (what, text, background) pair the app draws, for the contrast check."""
    pairs = [
        ("text on surface", tokens.text, tokens.surface),
        ("text on window", tokens.text, tokens.window),
        ("text on alternate rows", tokens.text, tokens.surface_alt),
        ("muted on surface", tokens.muted, tokens.surface),
        ("muted on window", tokens.muted, tokens.window),
        ("accent on surface", tokens.accent, tokens.surface),
        ("accent on window", tokens.accent, tokens.window),
        ("text on accent", tokens.on_accent, tokens.accent),
        ("selected row", tokens.on_accent_tint, tokens.accent_tint),
        ("error on surface", tokens.error, tokens.surface),
        ("error on window", tokens.error, tokens.window),
        ("warning on surface", tokens.warning, tokens.surface),
        ("warning on window", tokens.warning, tokens.window),
        ("good on surface", tokens.good, tokens.surface),
        ("good on window", tokens.good, tokens.window),
        ("text on a SMART finding", tokens.text, tokens.finding),
        ("demo banner", tokens.on_banner, tokens.banner),
        ("text on an alarm", tokens.on_error, tokens.error),
        ("signature ink on the pad", tokens.ink, tokens.paper),
        ("the pad's hint", tokens.paper_hint, tokens.paper),
    ]
    pairs += [(f"{state} chip", fore, back) for state, (back, fore) in tokens.chips.items()]
    return pairs
