"""Light, dark and high contrast: the app follows the operating system, and keeps contrast.

Qt gives every widget the system's palette (dark when Windows or the desktop is set
to dark, Qt 6.5+). The few colours the app chooses itself (a SMART finding's amber
row, a warning's red, a muted "(empty)" step) are picked here from the palette in
force, so they never put dark text on a dark background or the reverse. When the
system asks for high contrast (Qt 6.10+ reports it), or the chair chooses it from
the View menu, the app switches to a black, white and yellow palette.

``CINCHAIR_THEME`` (``light``, ``dark``, ``high-contrast``) overrides the system, for
screenshots and for a chair whose system setting does not reach the app.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark", "high-contrast")

Role = QPalette.ColorRole


def palette() -> QPalette:
    return QGuiApplication.palette()


def is_dark(pal: QPalette | None = None) -> bool:
    """True when the window background is dark, whatever made it so."""
    return (pal or palette()).color(Role.Window).lightness() < 128


def is_high_contrast() -> bool:
    app = QApplication.instance()
    return bool(app and app.property("cinchairHighContrast"))


def _pick(light: str, dark: str, high: str | None = None) -> QColor:
    if high is not None and is_high_contrast():
        return QColor(high)
    return QColor(dark if is_dark() else light)


def error_colour() -> QColor:
    """Red text that reads on the background in force (4.5:1 or better)."""
    return _pick("#b00020", "#ff8a80", "#ffff00")


def warning_colour() -> QColor:
    return _pick("#8a4b00", "#ffcc80", "#ffff00")


def good_colour() -> QColor:
    """Green for "all is well" text, readable in every theme."""
    return _pick("#1b5e20", "#a5d6a7", "#00ff00")


def muted_colour() -> QColor:
    """Secondary text ("(empty)" steps): quieter than text, still above 4.5:1."""
    return _pick("#595959", "#b0b0b0", "#ffffff")


def finding_background() -> QColor:
    """The amber behind a row the SMART check has something to say about."""
    return _pick("#fff1d6", "#4a3500", "#000000")


def spelling_underline() -> QColor:
    return _pick("#d00000", "#ff6b6b", "#ffff00")


def notice_style(object_name: str) -> str:
    """A boxed notice (e.g. a signed meeting) in the palette's own colours."""
    return (
        f"#{object_name} {{ background: palette(alternate-base); color: palette(text);"
        " padding: 6px 10px; border: 1px solid palette(highlight); }"
    )


def text_style(colour: QColor, bold: bool = False) -> str:
    """A label's colour as a style sheet, for text whose colour carries meaning."""
    return f"color: {colour.name()};" + (" font-weight: bold;" if bold else "")


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def dark_palette() -> QPalette:
    """A dark palette for when the system asks for dark but gives the app no palette."""
    pal = QPalette()
    colours = {
        Role.Window: "#202124",
        Role.WindowText: "#e8eaed",
        Role.Base: "#17181a",
        Role.AlternateBase: "#2a2c30",
        Role.Text: "#e8eaed",
        Role.Button: "#2d2f33",
        Role.ButtonText: "#e8eaed",
        Role.ToolTipBase: "#2d2f33",
        Role.ToolTipText: "#e8eaed",
        Role.PlaceholderText: "#9aa0a6",
        Role.Highlight: "#2f63b0",
        Role.HighlightedText: "#ffffff",
        Role.Link: "#8ab4f8",
        Role.BrightText: "#ffffff",
        Role.Light: "#3c4043",
        Role.Midlight: "#34373b",
        Role.Mid: "#2a2c30",
        Role.Dark: "#111214",
        Role.Shadow: "#000000",
    }
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#80868b"))
    return pal


def high_contrast_palette() -> QPalette:
    """White on black, yellow for what is chosen: as the Windows high contrast themes."""
    pal = QPalette()
    for role in (Role.Window, Role.Base, Role.AlternateBase, Role.Button, Role.ToolTipBase):
        pal.setColor(role, QColor("#000000"))
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.ToolTipText, Role.BrightText):
        pal.setColor(role, QColor("#ffffff"))
    pal.setColor(Role.Highlight, QColor("#ffff00"))
    pal.setColor(Role.HighlightedText, QColor("#000000"))
    pal.setColor(Role.Link, QColor("#00ffff"))
    pal.setColor(Role.PlaceholderText, QColor("#d0d0d0"))
    for role in (Role.Light, Role.Midlight, Role.Mid, Role.Dark, Role.Shadow):
        pal.setColor(role, QColor("#ffffff"))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#00ff00"))
    return pal


def chosen_theme() -> str:
    choice = os.environ.get("CINCHAIR_THEME", "system").strip().lower()
    return choice if choice in THEMES else "system"


def apply_theme(app: QApplication, theme: str | None = None) -> str:
    """Set the palette for ``theme`` (default: ``CINCHAIR_THEME``, else the system's).

    Returns the theme in force. "system" leaves Qt's own palette (which follows the
    OS) unless the OS asks for high contrast, or for dark while the platform style
    draws light (Windows' older styles do), when the app's own palette is used.
    """
    theme = theme or chosen_theme()
    hints = app.styleHints()
    if theme == "system":
        app.setPalette(QPalette())  # back to the platform's own palette, which follows the OS
        contrast = getattr(hints, "accessibility", None)
        if contrast is not None and _asks_high_contrast(contrast()):
            theme = "high-contrast"
        elif hints.colorScheme() == Qt.ColorScheme.Dark and not is_dark(app.palette()):
            theme = "dark"
    app.setProperty("cinchairHighContrast", theme == "high-contrast")
    if theme == "high-contrast":
        app.setPalette(high_contrast_palette())
    elif theme == "dark":
        app.setPalette(dark_palette())
    elif theme == "light":
        app.setPalette(app.style().standardPalette())
    return theme


def _asks_high_contrast(hints: QObject) -> bool:
    preference = getattr(hints, "contrastPreference", None)
    if preference is None:
        return False
    return preference() == Qt.ContrastPreference.HighContrast


def follow_system(app: QApplication) -> None:
    """Apply the theme now and again whenever the OS changes dark mode or contrast."""
    apply_theme(app)
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(lambda *_: apply_theme(app))
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None and hasattr(accessibility(), "contrastPreferenceChanged"):
        accessibility().contrastPreferenceChanged.connect(lambda *_: apply_theme(app))
