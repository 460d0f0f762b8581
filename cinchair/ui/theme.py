"""Light, dark and high contrast: the app follows the operating system, and keeps contrast.

The look lives in one place: the tokens (``cinchair.ui.tokens``: colours, the 8 px
grid, the type levels) and the style sheet written from them
(``cinchair.ui.style_sheet``). Applying a theme sets the palette, the body font and
the sheet together. Qt reports the OS's colour scheme (Qt 6.5+) and its high contrast
setting (Qt 6.10+); the app follows both as they change, or the chair chooses from
the View menu. The colours widgets need in code (a SMART finding's amber row, a
warning's red, a muted step) are asked for here by meaning, from the theme in force.

``CINCHAIR_THEME`` (``light``, ``dark``, ``high-contrast``) overrides the system, for
screenshots and for a chair whose system setting does not reach the app.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from cinchair.ui.style_sheet import chevron_folder, style_sheet
from cinchair.ui.tokens import BODY_PT, DARK, HIGH_CONTRAST, LIGHT, THEME_TOKENS, Tokens

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


def tokens() -> Tokens:
    """The design tokens of the theme in force (light until a theme is applied)."""
    app = QApplication.instance()
    name = app.property("cinchairTheme") if app else None
    return THEME_TOKENS.get(str(name), LIGHT)


def _colour(name: str) -> QColor:
    return QColor(getattr(tokens(), name))


def error_colour() -> QColor:
    """Red text that reads on the background in force (4.5:1 or better)."""
    return _colour("error")


def warning_colour() -> QColor:
    return _colour("warning")


def good_colour() -> QColor:
    """Green for "all is well" text, readable in every theme."""
    return _colour("good")


def muted_colour() -> QColor:
    """Secondary text (a step with nothing in it, a hint): quieter than text, above 4.5:1."""
    return _colour("muted")


def accent_colour() -> QColor:
    return _colour("accent")


def finding_background() -> QColor:
    """The amber behind a row the SMART check has something to say about."""
    return _colour("finding")


def spelling_underline() -> QColor:
    return _colour("error")


def chip_colours(state: str) -> tuple[QColor, QColor]:
    """(background, text) of a case state's chip in the theme in force."""
    back, fore = tokens().chips.get(state, tokens().chips["nothing scheduled"])
    return QColor(back), QColor(fore)


def notice_style(object_name: str) -> str:
    """A boxed notice (e.g. a signed meeting) in the theme's own colours."""
    t = tokens()
    return (
        f"#{object_name} {{ background: {t.surface_alt}; color: {t.text};"
        f" padding: 8px 12px; border: 1px solid {t.accent}; border-radius: 6px; }}"
    )


def text_style(colour: QColor, bold: bool = False) -> str:
    """A label's colour as a style sheet, for text whose colour carries meaning."""
    return f"color: {colour.name()};" + (" font-weight: bold;" if bold else "")


def set_role(widget: QWidget, role: str) -> None:
    """Give a label its type level (title, section, label, hint, error, warning, good);
    the style sheet draws each level, so no widget sets sizes or colours itself."""
    widget.setProperty("role", role)
    _repolish(widget)


def set_chip(label: QWidget, state: str) -> None:
    """Draw a label as a case state's chip (the state's words stay its text)."""
    label.setProperty("chip", state)
    _repolish(label)


def set_primary(button: QWidget, primary: bool = True) -> None:
    """The one main button of a page or table, in the accent colour."""
    button.setProperty("primary", primary)
    _repolish(button)


def _repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


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


def token_palette(t: Tokens) -> QPalette:
    """The Qt palette of a theme, so what the style sheet does not reach matches it."""
    pal = QPalette()
    colours = {
        Role.Window: t.window,
        Role.WindowText: t.text,
        Role.Base: t.surface,
        Role.AlternateBase: t.surface_alt,
        Role.Text: t.text,
        Role.Button: t.surface,
        Role.ButtonText: t.text,
        Role.ToolTipBase: t.surface,
        Role.ToolTipText: t.text,
        Role.PlaceholderText: t.muted,
        Role.Highlight: t.accent_tint,
        Role.HighlightedText: t.on_accent_tint,
        Role.Link: t.accent,
        Role.BrightText: t.text,
        Role.Light: t.surface,
        Role.Midlight: t.divider,
        Role.Mid: t.border,
        Role.Dark: t.border,
        Role.Shadow: t.shadow,
        Role.Accent: t.accent,
    }
    for role, colour in colours.items():
        pal.setColor(role, QColor(colour))
    disabled = t.disabled_text or t.muted
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return pal


def dark_palette() -> QPalette:
    return token_palette(DARK)


def high_contrast_palette() -> QPalette:
    """White on black, yellow for what is chosen: as the Windows high contrast themes."""
    return token_palette(HIGH_CONTRAST)


def chosen_theme() -> str:
    choice = os.environ.get("CINCHAIR_THEME", "system").strip().lower()
    return choice if choice in THEMES else "system"


def apply_theme(app: QApplication, theme: str | None = None) -> str:
    """Dress the app in ``theme`` (default: ``CINCHAIR_THEME``, else the system's).

    Returns the theme in force. "system" follows the OS: high contrast when it asks for
    it, dark when it is dark (Qt's colour scheme, or a dark platform palette), light
    otherwise. Each theme sets the palette, the body font and the style sheet, all
    from the same tokens (``cinchair.ui.tokens``).
    """
    theme = theme or chosen_theme()
    if theme == "system":
        theme = _system_theme(app)
    chosen = THEME_TOKENS.get(theme, LIGHT)
    app.setProperty("cinchairHighContrast", chosen.name == "high-contrast")
    app.setProperty("cinchairTheme", chosen.name)
    app.setPalette(token_palette(chosen))
    app.setFont(body_font())
    app.setStyleSheet(style_sheet(chosen, chevron_folder()))
    return chosen.name


def body_font() -> QFont:
    """The system's UI font at the body size, whatever size the platform gives it."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    font.setPointSizeF(BODY_PT)
    return font


def _system_theme(app: QApplication) -> str:
    hints = app.styleHints()
    contrast = getattr(hints, "accessibility", None)
    if contrast is not None and _asks_high_contrast(contrast()):
        return "high-contrast"
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        return "dark"
    if hints.colorScheme() == Qt.ColorScheme.Unknown and is_dark(app.style().standardPalette()):
        return "dark"
    return "light"


def _asks_high_contrast(hints: QObject) -> bool:
    preference = getattr(hints, "contrastPreference", None)
    if preference is None:
        return False
    return bool(preference() == Qt.ContrastPreference.HighContrast)


def follow_system(app: QApplication) -> None:
    """Apply the theme now and again whenever the OS changes dark mode or contrast."""
    apply_theme(app)
    hints = app.styleHints()
    hints.colorSchemeChanged.connect(lambda *_: apply_theme(app))
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is not None and hasattr(accessibility(), "contrastPreferenceChanged"):
        accessibility().contrastPreferenceChanged.connect(lambda *_: apply_theme(app))
