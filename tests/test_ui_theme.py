"""The design system: three themes from the same tokens, each readable, applied as one."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from cinchair.ui import theme
from cinchair.ui.style_sheet import style_sheet
from cinchair.ui.tokens import BODY_PT, CHIP_STATES, THEME_TOKENS, Tokens, text_pairs


@pytest.mark.parametrize("tokens", THEME_TOKENS.values(), ids=list(THEME_TOKENS))
def test_every_text_and_background_pair_keeps_contrast(tokens: Tokens) -> None:
    low = [
        (what, round(theme.contrast_ratio(QColor(fore), QColor(back)), 2))
        for what, fore, back in text_pairs(tokens)
        if theme.contrast_ratio(QColor(fore), QColor(back)) < tokens.minimum_contrast
    ]
    assert low == []
    assert THEME_TOKENS["high-contrast"].minimum_contrast == 7.0


@pytest.mark.parametrize("tokens", THEME_TOKENS.values(), ids=list(THEME_TOKENS))
def test_every_case_state_has_a_chip_in_every_theme(tokens: Tokens) -> None:
    assert set(tokens.chips) == set(CHIP_STATES)
    sheet = style_sheet(tokens)
    for state in CHIP_STATES:
        assert f'QLabel[chip="{state}"]' in sheet


def test_no_hex_colour_outside_the_tokens_in_the_sheet_builder() -> None:
    """The sheet writes token values only: every colour in it is one of the theme's."""
    import re

    tokens = THEME_TOKENS["light"]
    values = {v for v in vars(tokens).values() if isinstance(v, str) and v.startswith("#")}
    values |= {c for pair in tokens.chips.values() for c in pair}
    used = set(re.findall(r"#[0-9a-f]{6}", style_sheet(tokens)))
    assert used and used <= values


@pytest.mark.slow
def test_applying_a_theme_sets_palette_font_and_sheet(qtbot) -> None:
    app = QApplication.instance()
    try:
        for name in ("dark", "high-contrast", "light"):
            assert theme.apply_theme(app, name) == name
            t = THEME_TOKENS[name]
            assert app.palette().color(theme.Role.Window) == QColor(t.window)
            assert app.palette().color(theme.Role.Text) == QColor(t.text)
            assert app.font().pointSizeF() == BODY_PT
            assert t.accent in app.styleSheet()
            assert theme.error_colour() == QColor(t.error)
    finally:
        theme.apply_theme(app, "light")


def test_a_primary_button_and_a_title_are_drawn_by_the_sheet(qtbot) -> None:
    app = QApplication.instance()
    theme.apply_theme(app, "light")
    button = QPushButton("Add point")
    title = QLabel("The plan")
    qtbot.addWidget(button)
    qtbot.addWidget(title)
    plain_height = title.sizeHint().height()
    theme.set_primary(button)
    theme.set_role(title, "title")
    button.resize(button.sizeHint())
    colour = button.grab().toImage().pixelColor(button.width() // 2, 4)
    assert colour == QColor(THEME_TOKENS["light"].accent)
    assert title.sizeHint().height() > plain_height
