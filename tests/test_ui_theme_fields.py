"""Fields as drawn by the theme: arrows inside their fields, disabled fields greyed,
disabled buttons unlike live ones (checked on the pixels, as a chair would see them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from cinchair.ui import theme
from cinchair.ui.tokens import THEME_TOKENS


@pytest.fixture(params=["light", "dark"])
def themed(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, request.param)
    yield str(request.param)
    theme.apply_theme(app, "light")


def _drawn(qtbot: QtBot, widget: QWidget) -> QImage:
    qtbot.addWidget(widget)
    widget.resize(max(widget.sizeHint().width(), 160), widget.sizeHint().height())
    widget.show()
    qtbot.waitExposed(widget)
    return widget.grab().toImage()


def _colours(image: QImage, left: int, right: int) -> set[str]:
    """Every colour drawn in a band of columns, across the field's middle rows."""
    found = set()
    for x in range(left, right):
        for y in range(image.height() // 3, 2 * image.height() // 3 + 1):
            found.add(QColor(image.pixel(x, y)).name())
    return found


def test_a_combo_box_draws_its_arrow_inside_the_field(qtbot: QtBot, themed: str) -> None:
    box = QComboBox()
    box.addItems(["Present", "Apologies"])
    image = _drawn(qtbot, box)
    ratio = image.devicePixelRatio()
    width = round(box.width() * ratio)
    surface = QColor(THEME_TOKENS[themed].surface).name()
    arrow_band = _colours(image, width - round(24 * ratio), width - round(4 * ratio))
    assert arrow_band - {surface}, "no arrow drawn at the field's right end"


@pytest.mark.slow
def test_a_spin_box_has_arrows_and_greys_when_disabled(qtbot: QtBot, themed: str) -> None:
    spin = QSpinBox()
    spin.setValue(15)
    spin.setEnabled(False)
    image = _drawn(qtbot, spin)
    ratio = image.devicePixelRatio()
    surface_alt = QColor(THEME_TOKENS[themed].surface_alt).name()
    inside = QColor(image.pixel(round(3 * ratio), image.height() // 2)).name()
    assert inside == surface_alt  # not left white (or dark) as a live field
    width = round(spin.width() * ratio)
    arrows = _colours(image, width - round(16 * ratio), width - round(4 * ratio))
    assert len(arrows) > 2  # chevrons drawn, not grey bars


@pytest.mark.slow
def test_a_disabled_button_does_not_look_like_a_live_one(qtbot: QtBot, themed: str) -> None:
    live, dead = QPushButton("Import"), QPushButton("Import")
    dead.setEnabled(False)
    live_image, dead_image = _drawn(qtbot, live), _drawn(qtbot, dead)
    middle = (round(8 * live_image.devicePixelRatio()), live_image.height() // 2)
    assert live_image.pixel(*middle) != dead_image.pixel(*middle)  # no fill when disabled


def test_a_date_field_offers_its_calendar_as_a_drawn_icon(qtbot: QtBot, themed: str) -> None:
    """Seen on screen: a bare Qt arrow and a menu arrow beside every date, outside the
    field; now one calendar icon, named for a screen reader."""
    from PySide6.QtCore import Qt

    from cinchair.ui.widgets.date_field import DateField

    field = DateField(accessible_name="Date of birth")
    qtbot.addWidget(field)
    button = field.calendar_button
    assert button.arrowType() == Qt.ArrowType.NoArrow
    assert not button.icon().isNull()
    assert button.accessibleName() == "Date of birth: pick from a calendar"


@pytest.mark.slow
def test_a_check_box_shows_its_box_in_high_contrast(qtbot: QtBot) -> None:
    """Seen on screen: in high contrast Qt's box was black on black ("Show closed cases"
    read as a bare label); the sheet draws it in the theme's border colour."""
    from PySide6.QtWidgets import QCheckBox

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, "high-contrast")
    try:
        box = QCheckBox("Show closed cases")
        image = _drawn(qtbot, box)
        ratio = image.devicePixelRatio()
        drawn = _colours(image, 0, round(18 * ratio))
        assert QColor(THEME_TOKENS["high-contrast"].border).name() in drawn
    finally:
        theme.apply_theme(app, "light")
