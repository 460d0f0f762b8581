"""Case > Receive cases… in the window: the pack chosen, what arrived said in words, the
case in the list; a refused pack changes nothing and says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog

from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.council import install_council_public
from cinchair.sync.importer import import_bundles
from cinchair.sync.keys.device import laptop_public
from cinchair.sync.packs.make import make_case_pack
from cinchair.ui.dialogs.receive_cases import ReceiveCasesDialog
from tests.sync_kit import EXPORTED, Council, Demo


def _pack_for(laptop: Store, council: Council, demo: Demo, tmp_path: Path) -> Path:
    laptop_a = council.laptop("Laptop A")
    paths = [council.bundle(r, laptop_a, tmp_path / "usb") for r in (demo.planning, demo.review)]
    with Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin") as council_store:
        import_bundles(council_store, paths, desk=council.desk, imported_by="Ann")
        trust = council.desk.trust_list()
        entry = trust.trust(laptop_public(laptop).public_text(), "Laptop B", EXPORTED)
        trust.save(council.desk.trust_path)
        reference = demo.review["case"]["reference"]
        pack = make_case_pack(
            council_store, council.desk, entry.device_id, [reference], made_by="Ann Admin"
        )
    path = tmp_path / "cases.cinpack"
    path.write_bytes(pack)
    install_council_public(council.desk.public)  # as IT deploys council.pub
    return path


def _run_from_menu(window: Any, monkeypatch: pytest.MonkeyPatch, chosen: Path) -> dict[str, str]:
    """Trigger Case > Receive cases…; the file chosen; what the dialog showed."""
    shown: dict[str, str] = {}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(chosen), ""))

    def run(dialog: ReceiveCasesDialog) -> int:
        dialog.choose.click()
        shown["outcome"] = dialog.outcome.text()
        shown["clashes"] = dialog.clashes.text() if not dialog.clashes.isHidden() else ""
        shown["details"] = dialog.details.toPlainText()
        return 0

    monkeypatch.setattr(ReceiveCasesDialog, "exec", run)
    case_menu = window.menuBar().actions()[0].menu()
    [action] = [a for a in case_menu.actions() if a.text().startswith("Receive &cases")]
    assert action.shortcut() == QKeySequence("Ctrl+Shift+I")
    action.trigger()
    return shown


@pytest.mark.slow
def test_receive_cases_from_the_case_menu(
    council: Council, demo: Demo, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cinchair.ui.main_window import make_main_window

    with Store.open(sqlite_url(tmp_path / "laptop.sqlite3"), actor="chair") as laptop:
        pack = _pack_for(laptop, council, demo, tmp_path)
        window = make_main_window(laptop)
        qtbot.addWidget(window)
        assert window.case_list.model.rows == []
        shown = _run_from_menu(window, monkeypatch, pack)
        reference = demo.review["case"]["reference"]
        assert "Ann Admin" in shown["outcome"] and "1 new case(s)" in shown["outcome"]
        assert f"Case {reference}" in shown["details"] and "added 2 meeting(s)" in shown["details"]
        assert shown["clashes"] == ""
        assert [row.case_ref for row in window.case_list.model.rows] == [reference]


def test_a_refused_pack_says_why_and_changes_nothing(
    council: Council, demo: Demo, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cinchair.ui.main_window import make_main_window

    with Store.open(sqlite_url(tmp_path / "laptop.sqlite3"), actor="chair") as laptop:
        pack = _pack_for(laptop, council, demo, tmp_path)
        cut = tmp_path / "cut.cinpack"
        cut.write_bytes(pack.read_bytes()[:100])
        window = make_main_window(laptop)
        qtbot.addWidget(window)
        shown = _run_from_menu(window, monkeypatch, cut)
        assert shown["outcome"] == (
            "The case pack was not taken in: The case pack is cut short: the copy did not "
            "finish. Copy it again."
        )
        assert shown["details"] == "Nothing on this laptop was changed."
        assert window.case_list.model.rows == []


def test_the_receive_dialog_names_every_control(qtbot: Any, tmp_path: Path) -> None:
    from tests.test_ui_accessibility import unnamed_controls

    with Store.open(sqlite_url(tmp_path / "laptop.sqlite3"), actor="chair") as laptop:
        dialog = ReceiveCasesDialog(laptop)
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed_controls(dialog) == []
