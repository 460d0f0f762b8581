"""The agenda as a stepper: done, empty and short steps in words and marks, and progress."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cinchair.ui.widgets.stepper import DONE_ROLE, MISSING_ROLE, Stepper


def test_each_step_says_in_words_what_its_mark_shows(qtbot) -> None:
    stepper = Stepper()
    qtbot.addWidget(stepper)
    stepper.set_steps(["Who is here", "The plan", "Outcome"], [False, True, True], {2})
    assert [stepper.item(i).text() for i in range(3)] == [
        "1. Who is here",
        "2. The plan  (empty)",
        "3. Outcome  (empty)",
    ]
    spoken = stepper.item(2).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "3. Outcome  (empty), a required item missing"
    assert [stepper.item(i).data(DONE_ROLE) for i in range(3)] == [True, False, False]
    assert [stepper.item(i).data(MISSING_ROLE) for i in range(3)] == [False, False, True]
    assert stepper.progress_text == "1 of 3 steps recorded"
    assert stepper.accessibleDescription() == "1 of 3 steps recorded"
    stepper.setCurrentRow(1)
    stepper.resize(stepper.width_for(["Who is here", "The plan", "Outcome"]), 200)
    assert not stepper.grab().isNull()  # the delegate paints every state without error


def test_the_current_step_is_not_cut_short(qtbot) -> None:
    """The current step is drawn bold: the stepper is as wide as the bold title needs."""
    from PySide6.QtGui import QFontMetrics

    from cinchair.ui.tokens import GRID

    titles = ["Who is here", "Consent and the child's voice", "Outcome"]
    stepper = Stepper()
    qtbot.addWidget(stepper)
    stepper.set_steps(titles, [False, False, False], set())
    bold = stepper.font()
    bold.setBold(True)
    needed = QFontMetrics(bold).horizontalAdvance(titles[1])
    # the circle, its gap, the item's padding each side and the list's frame
    assert stepper.width_for(titles) >= needed + GRID * 10


def test_in_a_narrow_list_long_steps_end_in_an_ellipsis_not_a_sideways_scroll(qtbot) -> None:
    """Seen on screen at 200%: the steps scrolled sideways, cut mid-word."""
    titles = ["Who is here", "Consent and the child's voice", "Progress on the plan"]
    stepper = Stepper()
    qtbot.addWidget(stepper)
    stepper.set_steps(titles, [False, True, True], set())
    stepper.resize(stepper.width_for(titles) // 2, 300)
    stepper.show()
    qtbot.waitExposed(stepper)
    assert stepper.horizontalScrollBar().maximum() == 0
    assert not stepper.horizontalScrollBar().isVisible()
