"""What a walk through the admin desk at 1366x768 showed wrong, each kept put right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cinchair.ui.admin.due import DuePage
from cinchair.ui.admin.keys import KeysPage
from cinchair.ui.admin.store_setup import CouncilStoreDialog


def test_the_keys_page_never_promises_the_chairs_recovery(qtbot: Any, tmp_path: Path) -> None:
    page = KeysPage(tmp_path / "keys")
    qtbot.addWidget(page)
    page.reload()
    page.show()
    rule = page.passphrase.rule.text()
    assert "Nobody can recover this passphrase" in rule and "admin can recover" not in rule
    assert not page.public.isVisible() and not page.copy.isVisible()  # nothing to hand out


def test_the_store_dialogs_browse_follows_the_sqlite_choice(
    qtbot: Any, private_data_dir: Path
) -> None:
    dialog = CouncilStoreDialog()
    qtbot.addWidget(dialog)
    dialog.postgres.setChecked(True)
    assert not dialog.browse.isEnabled() and dialog.port.isEnabled()
    dialog.sqlite.setChecked(True)
    assert dialog.browse.isEnabled() and not dialog.port.isEnabled()


def test_the_due_lists_search_box_keeps_a_width_beside_six_filters(qtbot: Any) -> None:
    page = DuePage()
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    assert page.search.width() >= 160
    assert page.minimumSizeHint().width() <= 1340  # fits a 1366 px screen with a frame
