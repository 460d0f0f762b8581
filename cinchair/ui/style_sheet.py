"""The application's Qt style sheet, written from the design tokens.

One sheet for the whole app, set on the application, so widgets carry no colours of
their own: they say what they are (``role="title"``, ``primary="true"``,
``chip="overdue"``) with a dynamic property and the sheet says how that looks.
Sizes are multiples of the 8 px grid; type sizes are in points, so they follow the
display scaling (125%, 200%) as the system font does. Buttons keep the body weight:
a bolder main button was cut short in dialog button boxes, which size a button
before the sheet's weight applies (seen on screen in Start meeting).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from cinchair.ui.tokens import (
    BODY_PT,
    FIELD_RADIUS,
    GRID,
    HINT_SCALE,
    PANEL_RADIUS,
    SECTION_SCALE,
    TITLE_SCALE,
    Tokens,
)

HALF = GRID // 2


def chip_rules(t: Tokens) -> str:
    """A label with ``chip="<state>"`` is drawn as a rounded chip in the state's colours."""
    rules = []
    for state, (back, fore) in t.chips.items():
        edge = fore if t.name == "high-contrast" else back
        rules.append(
            f'QLabel[chip="{state}"] {{ background: {back}; color: {fore};'
            f" border: 1px solid {edge}; border-radius: {GRID + 2}px;"
            f" padding: 2px {GRID + 2}px; font-weight: 600; }}"
        )
    return "\n".join(rules)


def arrow(selector: str, pointing: str, colour: str, folder: Path | None) -> str:
    """A field's small chevron in the theme's colour, as an SVG file in ``folder``.

    Qt's own arrows turn into grey bars once a field has a border rule, and a style
    sheet takes an image only from a file, so each colour's chevron is written once to
    a folder of the app's (``chevron_folder``). With no folder the rule is left out.
    """
    if folder is None:
        return ""
    points = "1,1 5,5 9,1" if pointing == "down" else "1,5 5,1 9,5"
    path = folder / f"chevron-{pointing}-{colour.lstrip('#')}.svg"
    if not path.exists():
        path.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="6" viewBox="0 0 10 6">'
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.6"'
            ' stroke-linecap="round" stroke-linejoin="round"/></svg>',
            encoding="utf-8",
        )
    return f'{selector} {{ image: url("{path.as_posix()}"); width: 10px; height: 6px; }}'


def tick(selector: str, colour: str, folder: Path | None) -> str:
    """A ticked box's mark in ``colour``, as ``arrow`` writes its chevrons."""
    if folder is None:
        return ""
    path = folder / f"tick-{colour.lstrip('#')}.svg"
    if not path.exists():
        path.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12">'
            f'<polyline points="2.5,6.5 5,9 9.5,3.5" fill="none" stroke="{colour}"'
            ' stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>',
            encoding="utf-8",
        )
    return f'{selector} {{ image: url("{path.as_posix()}"); }}'


def chevron_folder() -> Path | None:
    """Where the chevrons are kept: a folder of this user's under the system's temp
    folder; None when it cannot be written (the fields then keep Qt's arrows)."""
    folder = Path(tempfile.gettempdir()) / f"cinchair-style-{getpass_user()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".written"
        probe.write_text("", encoding="utf-8")
    except OSError:
        return None
    return folder


def getpass_user() -> str:
    """The account's name, made safe for a folder name (temp folders can be shared)."""
    import getpass

    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "user"
    return "".join(c for c in name if c.isalnum()) or "user"


def style_sheet(t: Tokens, chevrons: Path | None = None) -> str:
    """The whole sheet for one theme; ``chevrons`` is where the fields' arrows are written."""
    title_pt = round(BODY_PT * TITLE_SCALE, 1)
    section_pt = round(BODY_PT * SECTION_SCALE, 1)
    hint_pt = round(BODY_PT * HINT_SCALE, 1)
    field = "QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox"
    focused = (
        "QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus,"
        " QComboBox:focus"
    )
    views = "QTableView, QListView, QTreeView"
    # check boxes drawn by the sheet: Qt's own vanish on black in high contrast
    boxes = "QCheckBox::indicator, QAbstractItemView::indicator"
    boxes_checked = "QCheckBox::indicator:checked, QAbstractItemView::indicator:checked"
    boxes_disabled = "QCheckBox::indicator:disabled, QAbstractItemView::indicator:disabled"
    boxes_disabled_checked = (
        "QCheckBox::indicator:disabled:checked, QAbstractItemView::indicator:disabled:checked"
    )
    spin_up_off = "QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off"
    spin_down_off = "QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off"
    return f"""
QMainWindow, QDialog, QWizard {{ background: {t.window}; }}
{boxes} {{ width: {GRID * 2 - 2}px; height: {GRID * 2 - 2}px;
  border: 1px solid {t.border}; border-radius: {HALF}px; background: {t.surface}; }}
{boxes_checked} {{ background: {t.accent}; border-color: {t.accent}; }}
{tick(boxes_checked, t.on_accent, chevrons)}
{boxes_disabled} {{ border-color: {t.divider}; background: {t.surface_alt}; }}
{boxes_disabled_checked} {{ background: {t.muted}; border-color: {t.muted}; }}
QRadioButton::indicator {{ width: {GRID * 2 - 2}px; height: {GRID * 2 - 2}px;
  border: 1px solid {t.border}; border-radius: {GRID - 1}px; background: {t.surface}; }}
QRadioButton::indicator:checked {{ border-color: {t.accent};
  background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
  stop: 0 {t.accent}, stop: 0.45 {t.accent}, stop: 0.55 {t.surface}, stop: 1 {t.surface}); }}
QRadioButton::indicator:disabled {{ border-color: {t.divider}; background: {t.surface_alt}; }}
QRadioButton::indicator:disabled:checked {{ border-color: {t.muted};
  background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5,
  stop: 0 {t.muted}, stop: 0.45 {t.muted}, stop: 0.55 {t.surface_alt}, stop: 1 {t.surface_alt}); }}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
  padding: {HALF}px {GRID}px; }}
{field} {{
  background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
  border-radius: {FIELD_RADIUS}px; padding: {HALF}px {GRID}px;
  selection-background-color: {t.accent}; selection-color: {t.on_accent};
}}
{focused} {{ border: 2px solid {t.accent}; padding: {HALF - 1}px {GRID - 1}px; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QComboBox:disabled,
QAbstractSpinBox:disabled, QLineEdit:read-only {{ background: {t.surface_alt};
  color: {t.muted}; border-color: {t.divider}; }}
QLineEdit:read-only {{ color: {t.text}; }}
QAbstractSpinBox[readOnly="true"], QPlainTextEdit[readOnly="true"] {{
  background: {t.surface_alt}; border-color: {t.divider}; }}
QComboBox {{ padding-right: {GRID * 3 + HALF}px; }}
QComboBox:focus {{ padding-right: {GRID * 3 + HALF - 1}px; }}
QComboBox::drop-down {{ subcontrol-origin: border; subcontrol-position: top right;
  border: none; width: {GRID * 3}px; }}
{arrow("QComboBox::down-arrow", "down", t.muted, chevrons)}
{arrow("QComboBox::down-arrow:disabled", "down", t.border, chevrons)}
QAbstractSpinBox {{ padding-right: {GRID * 3}px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{ subcontrol-origin: border;
  width: {GRID * 2 + HALF}px; border: none; border-left: 1px solid {t.divider};
  background: transparent; }}
QAbstractSpinBox::up-button {{ subcontrol-position: top right;
  border-top-right-radius: {FIELD_RADIUS}px; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right;
  border-bottom-right-radius: {FIELD_RADIUS}px; }}
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{
  background: {t.surface_alt}; }}
{arrow("QAbstractSpinBox::up-arrow", "up", t.muted, chevrons)}
{arrow("QAbstractSpinBox::down-arrow", "down", t.muted, chevrons)}
{arrow(spin_up_off, "up", t.border, chevrons)}
{arrow(spin_down_off, "down", t.border, chevrons)}
QComboBox QAbstractItemView {{ background: {t.surface}; color: {t.text};
  selection-background-color: {t.accent_tint}; selection-color: {t.on_accent_tint}; }}
QPushButton {{
  background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
  border-radius: {FIELD_RADIUS}px; padding: {HALF + 1}px {GRID * 2}px; min-height: {GRID * 2}px;
}}
QPushButton:hover {{ background: {t.surface_alt}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; padding: {HALF}px {GRID * 2 - 1}px; }}
QPushButton:pressed {{ background: {t.accent_tint}; color: {t.on_accent_tint}; }}
QPushButton:disabled {{ background: transparent; color: {t.muted};
  border: 1px dashed {t.divider}; }}
QPushButton:checked {{ background: {t.accent_tint}; color: {t.on_accent_tint}; }}
QPushButton[primary="true"], QPushButton:default {{
  background: {t.accent}; color: {t.on_accent}; border: 1px solid {t.accent};
}}
QPushButton[primary="true"]:focus, QPushButton:default:focus {{
  border: 2px solid {t.text}; padding: {HALF}px {GRID * 2 - 1}px;
}}
QPushButton[primary="true"]:disabled, QPushButton:default:disabled {{
  background: transparent; color: {t.muted}; border: 1px dashed {t.divider}; }}
QToolButton {{ border: 1px solid transparent; border-radius: {FIELD_RADIUS}px;
  padding: {HALF}px; color: {t.text}; }}
QToolButton:hover {{ background: {t.surface_alt}; border-color: {t.divider}; }}
QToolButton:focus {{ border: 2px solid {t.accent}; }}
QToolButton[calendar="true"]::menu-indicator {{ image: none; width: 0; }}
{views} {{
  background: {t.surface}; color: {t.text}; alternate-background-color: {t.surface_alt};
  border: 1px solid {t.divider}; border-radius: {PANEL_RADIUS}px; gridline-color: {t.divider};
  selection-background-color: {t.accent_tint}; selection-color: {t.on_accent_tint};
}}
QTableView:focus, QListView:focus, QTreeView:focus {{ border: 1px solid {t.accent}; }}
QTableView::item, QListView::item {{ padding: {HALF}px {GRID}px; }}
QTableView::item:selected, QListView::item:selected {{
  background: {t.accent_tint}; color: {t.on_accent_tint}; }}
QHeaderView::section {{
  background: {t.surface}; color: {t.muted}; border: none;
  border-bottom: 1px solid {t.border}; padding: {HALF + 2}px {GRID}px; font-weight: 600;
}}
QTableCornerButton::section {{ background: {t.surface}; border: none; }}
QGroupBox {{ border: 1px solid {t.divider}; border-radius: {PANEL_RADIUS}px;
  margin-top: {GRID * 2 + HALF}px; padding: {GRID}px; padding-top: {GRID * 2}px;
  font-weight: 600; }}
QGroupBox::title {{ subcontrol-origin: margin; left: {GRID}px; padding: 0 {HALF}px; }}
QTabWidget::pane {{ border: 1px solid {t.divider}; border-radius: {PANEL_RADIUS}px;
  background: {t.surface}; }}
QTabBar::tab {{ padding: {GRID - 2}px {GRID * 2}px; color: {t.muted};
  border-bottom: 2px solid transparent; }}
QTabBar::tab:selected {{ color: {t.text}; border-bottom: 2px solid {t.accent}; }}
QTabBar::tab:focus {{ color: {t.accent}; }}
QSplitter::handle {{ background: {t.window}; }}
QMenuBar {{ background: {t.window}; color: {t.text}; }}
QMenuBar::item {{ padding: {HALF}px {GRID + HALF}px; background: transparent; }}
QMenuBar::item:selected {{ background: {t.accent_tint}; color: {t.on_accent_tint};
  border-radius: {HALF}px; }}
QMenu {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
  padding: {HALF}px; }}
QMenu::item {{ padding: {HALF + 1}px {GRID * 3}px {HALF + 1}px {GRID * 2}px;
  border-radius: {HALF}px; }}
QMenu::item:selected {{ background: {t.accent_tint}; color: {t.on_accent_tint}; }}
QMenu::item:disabled {{ color: {t.muted}; }}
QMenu::separator {{ height: 1px; background: {t.divider}; margin: {HALF}px {GRID}px; }}
QStatusBar {{ background: {t.window}; color: {t.muted}; border-top: 1px solid {t.divider}; }}
QStatusBar QLabel {{ color: {t.muted}; }}
QProgressBar {{ border: 1px solid {t.border}; border-radius: {FIELD_RADIUS}px;
  background: {t.surface}; color: {t.text}; text-align: center; }}
QProgressBar::chunk {{ background: {t.accent}; border-radius: {FIELD_RADIUS - 1}px; }}
QLabel[role="title"] {{ font-size: {title_pt}pt; font-weight: 600; color: {t.text}; }}
QLabel[role="section"] {{ font-size: {section_pt}pt; font-weight: 600; color: {t.text}; }}
QLabel[role="label"] {{ font-weight: 600; color: {t.text}; }}
QLabel[role="hint"] {{ font-size: {hint_pt}pt; color: {t.muted}; }}
QLabel[role="error"] {{ color: {t.error}; font-weight: 600; }}
QLabel[role="warning"] {{ color: {t.warning}; font-weight: 600; }}
QLabel[role="good"] {{ color: {t.good}; }}
QLabel[role="alarm"] {{ background: {t.error}; color: {t.on_error}; font-weight: 600;
  padding: {GRID}px {GRID + HALF}px; border-radius: {FIELD_RADIUS}px; }}
QFrame[panel="true"] {{ background: {t.surface}; border: 1px solid {t.divider};
  border-radius: {PANEL_RADIUS}px; }}
QFrame[panel="true"] QLabel {{ background: transparent; }}
QLabel[banner="true"] {{ background: {t.banner}; color: {t.on_banner}; font-weight: 600;
  padding: {GRID}px {GRID + HALF}px; border-bottom: 1px solid {t.on_banner}; }}
QLabel[notice="true"] {{ background: {t.surface_alt}; color: {t.text};
  padding: {GRID}px {GRID + HALF}px; border: 1px solid {t.accent};
  border-radius: {FIELD_RADIUS}px; }}
QLabel[note="true"] {{ font-size: {section_pt}pt; padding: {GRID * 2}px; background: {t.surface};
  border: 1px solid {t.divider}; border-radius: {PANEL_RADIUS}px; color: {t.text}; }}
{chip_rules(t)}
"""
