"""The admin's import window, driven offscreen: progress, summary, refusals, cancel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.dialogs.admin_import import ImportWindow
from tests.sync_kit import PASSPHRASE, Council, build_demo_records


def _window(qtbot, tmp_path: Path):
    demo = build_demo_records(tmp_path / "laptop")
    council = Council.make(tmp_path / "keys")
    laptop = council.laptop("Priya's laptop")
    stranger = council.laptop("unknown laptop", trusted=False)
    inbox = tmp_path / "stick"
    council.bundle(demo.planning, laptop, inbox, "a-planning.cinsync")
    council.bundle(demo.review, laptop, inbox, "b-review.cinsync")
    council.bundle(demo.review, stranger, inbox, "c-stranger.cinsync")
    (inbox / "d-empty.cinsync").write_bytes(b"")
    store = Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin")
    window = ImportWindow(store)
    qtbot.addWidget(window)
    window.keys.setText(str(tmp_path / "keys"))
    qtbot.keyClicks(window.passphrase, PASSPHRASE)
    qtbot.keyClicks(window.admin, "Sam Admin")
    window.receipts.setText(str(tmp_path / "receipts"))
    window.set_paths([inbox])
    return window, store


def test_importing_a_folder_shows_what_came_in_and_what_was_refused(qtbot, tmp_path) -> None:
    window, store = _window(qtbot, tmp_path)
    qtbot.mouseClick(window.start, Qt.MouseButton.LeftButton)
    summary = window.summary
    assert summary is not None
    assert summary.counts["imported"] == 2 and summary.counts["refused"] == 2
    assert window.headline.text().startswith("2 imported, 0 duplicate, 0 conflict, 2 refused")
    rows = window.proxy.rowCount()
    outcomes = [window.proxy.index(r, 1).data() for r in range(rows)]
    assert outcomes == ["imported", "imported", "refused", "refused"]
    why = window.proxy.index(2, 5).data()
    assert "device" in why.lower()  # the unknown laptop, in words
    assert window.progress.value() == window.progress.maximum() == 4
    assert list((tmp_path / "receipts").iterdir())  # a receipt for Priya's laptop
    assert window.save_csv.isEnabled()
    store.close()


def test_cancel_stops_between_bundles_and_leaves_nothing_half_done(qtbot, tmp_path) -> None:
    window, store = _window(qtbot, tmp_path)
    window._progress_real = window._progress

    def cancel_after_first(done: int, total: int, name: str) -> None:
        window._progress_real(done, total, name)
        if done == 1:
            window.cancel()

    window._progress = cancel_after_first
    qtbot.mouseClick(window.start, Qt.MouseButton.LeftButton)
    summary = window.summary
    assert summary.cancelled
    # the bundle in hand when Cancel was pressed is finished whole; the rest wait
    assert [item.outcome for item in summary.items] == ["imported", "imported"]
    assert len(summary.not_reached) == 2
    assert "cancelled" in window.headline.text()
    store.close()


def test_a_wrong_key_passphrase_is_said_plainly(qtbot, tmp_path, monkeypatch) -> None:
    window, store = _window(qtbot, tmp_path)
    window.passphrase.setText("not the passphrase")
    said = []
    monkeypatch.setattr(
        "cinchair.ui.dialogs.admin_import.QMessageBox.warning", lambda *a: said.append(a[2])
    )
    window.run()
    assert said and "passphrase" in said[0].lower()
    assert window.summary is None
    store.close()


def test_keys_it_cannot_upgrade_still_import_and_the_window_says_so(
    qtbot, tmp_path, monkeypatch
) -> None:
    """A council key folder in the old format, on a disk the window cannot write: the
    import runs with the keys as they are, and a note under the progress says why they
    were not upgraded (the command line prints the same)."""
    from cinchair.app.files import CannotWrite
    from cinchair.sync.keys import council_key_file as keys_module
    from tests.test_council_key_file import _old_key_folder

    window, store = _window(qtbot, tmp_path)
    old_keys = tmp_path / "old-keys"
    _old_key_folder(old_keys)
    window.keys.setText(str(old_keys))

    def read_only(path, data):
        raise CannotWrite(path, "the disk is read-only")

    monkeypatch.setattr(keys_module, "write_atomically", read_only)
    window.run()
    assert window.summary is not None  # bundles sealed for another key: refused, not a crash
    assert window.now.text().startswith("Note: ")
    assert "council-upgrade" in window.now.text()
    store.close()


def test_a_summary_of_ten_thousand_bundles_is_a_model_sorted_and_filtered(qtbot, tmp_path) -> None:
    """A folder of 10,000 bundles: the rows live in the shared model, not in 60,000 items."""
    from cinchair.sync.import_summary import ImportItem, ImportSummary
    from cinchair.ui.admin.rows_model import RowsProxy

    store = Store.open(sqlite_url(tmp_path / "council.sqlite3"), actor="admin")
    window = ImportWindow(store)
    qtbot.addWidget(window)
    items = [
        ImportItem(
            source=f"/stick/{n:05}.cinsync",
            outcome="refused" if n % 10 == 0 else "imported",
            message="a laptop the council does not trust" if n % 10 == 0 else "filed",
            case_reference=f"LCS-{n % 977:06}",
            held_on=f"2027-{1 + n % 12:02}-{1 + n % 28:02}",
            kind="review",
            chair="Priya Shah",
        )
        for n in range(10_000)
    ]
    window.show_summary(ImportSummary(items=items))
    assert isinstance(window.proxy, RowsProxy) and window.proxy.rowCount() == 10_000
    window.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # refused first
    assert window.proxy.index(0, 1).data() == "refused"
    assert window.proxy.index(0, 3).data().endswith("/2027")  # the day the UK way
    window.search.setText("does not trust")
    assert window.proxy.rowCount() == 1_000
    store.close()
