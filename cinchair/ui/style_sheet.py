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


def style_sheet(t: Tokens) -> str:
    """The whole sheet for one theme."""
    title_pt = round(BODY_PT * TITLE_SCALE, 1)
    section_pt = round(BODY_PT * SECTION_SCALE, 1)
    hint_pt = round(BODY_PT * HINT_SCALE, 1)
    field = "QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox"
    focused = (
        "QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractSpinBox:focus,"
        " QComboBox:focus"
    )
    views = "QTableView, QListView, QTreeView"
    return f"""
QMainWindow, QDialog, QWizard {{ background: {t.window}; }}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
  padding: {HALF}px {GRID}px; }}
{field} {{
  background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
  border-radius: {FIELD_RADIUS}px; padding: {HALF}px {GRID}px;
  selection-background-color: {t.accent}; selection-color: {t.on_accent};
}}
{focused} {{ border: 2px solid {t.accent}; padding: {HALF - 1}px {GRID - 1}px; }}
QLineEdit:disabled, QPlainTextEdit:disabled, QTextEdit:disabled, QComboBox:disabled,
QLineEdit:read-only {{ background: {t.surface_alt}; }}
QComboBox::drop-down {{ subcontrol-origin: padding; subcontrol-position: center right;
  border: none; width: {GRID * 3}px; }}
QComboBox QAbstractItemView {{ background: {t.surface}; color: {t.text};
  selection-background-color: {t.accent_tint}; selection-color: {t.on_accent_tint}; }}
QPushButton {{
  background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
  border-radius: {FIELD_RADIUS}px; padding: {HALF + 1}px {GRID * 2}px; min-height: {GRID * 2}px;
}}
QPushButton:hover {{ background: {t.surface_alt}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; padding: {HALF}px {GRID * 2 - 1}px; }}
QPushButton:pressed {{ background: {t.accent_tint}; color: {t.on_accent_tint}; }}
QPushButton:disabled {{ color: {t.muted}; border-color: {t.divider}; }}
QPushButton:checked {{ background: {t.accent_tint}; color: {t.on_accent_tint}; }}
QPushButton[primary="true"], QPushButton:default {{
  background: {t.accent}; color: {t.on_accent}; border: 1px solid {t.accent};
}}
QPushButton[primary="true"]:focus, QPushButton:default:focus {{
  border: 2px solid {t.text}; padding: {HALF}px {GRID * 2 - 1}px;
}}
QPushButton[primary="true"]:disabled {{ background: {t.surface_alt}; color: {t.muted};
  border-color: {t.divider}; }}
QToolButton {{ border: 1px solid transparent; border-radius: {FIELD_RADIUS}px;
  padding: {HALF}px; color: {t.text}; }}
QToolButton:hover {{ background: {t.surface_alt}; border-color: {t.divider}; }}
QToolButton:focus {{ border: 2px solid {t.accent}; }}
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
