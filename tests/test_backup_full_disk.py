"""A backup that cannot be written (a full disk) at sign-off: the chair is told in words.

The signed record is already safe when the backup is taken, so a failed backup must end
in "Signed and saved, but no backup was made", never the unexpected-error path.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from cinchair.app.files import CannotWrite
from cinchair.domain.bidi import plain
from cinchair.meetings.lifecycle import record_decision
from cinchair.model import Meeting, MeetingStatus
from cinchair.profiles import get_profile
from cinchair.store import backup
from cinchair.store.backup import list_backups, take_backup
from cinchair.store.facade import Store
from cinchair.ui.widgets.signature_pad import SignatureDialog
from tests.test_signing import draft as signing_draft  # noqa: F401  (the fixture)
from tests.test_ui_signatures import _draw
from tests.test_ui_signatures import sign_off as sign_off_page  # noqa: F401  (the fixture)

FULL = "the disk is full"


def _disk_full_for_backups(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.replace fails with ENOSPC when it moves a snapshot into the backups folder."""
    real_replace: Callable[..., None] = os.replace

    def replace(source: Any, target: Any, *args: Any, **kwargs: Any) -> None:
        if Path(target).parent.name == backup.FOLDER:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)


def test_a_full_disk_gives_a_reason_in_words_and_leaves_no_partial_file(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _disk_full_for_backups(monkeypatch)
    with pytest.raises(CannotWrite) as failed:
        take_backup(store)
    assert FULL in failed.value.reason
    assert failed.value.path.name == backup.FOLDER
    store_path = backup.store_file(store)
    assert store_path is not None
    assert list_backups(store_path) == []
    assert not list((store_path.parent / backup.FOLDER).glob("*.partial"))


def test_sqlite_running_out_of_space_is_a_full_disk_too(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """VACUUM INTO itself reports SQLITE_FULL through SQLAlchemy, not as an OSError."""
    real_execute = Connection.execute

    def execute(self: Connection, statement: Any, *args: Any, **kwargs: Any) -> Any:
        if "VACUUM INTO" in str(statement):
            raise OperationalError(
                str(statement), {}, sqlite3.OperationalError("database or disk is full")
            )
        return real_execute(self, statement, *args, **kwargs)

    monkeypatch.setattr(Connection, "execute", execute)
    with pytest.raises(CannotWrite) as failed:
        take_backup(store)
    assert FULL in failed.value.reason


def test_the_chair_is_told_signed_and_saved_but_no_backup(
    qtbot: Any,
    store: Store,
    sign_off_page: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _window, page, sign = sign_off_page
    page.draft.change(
        lambda _s, m: record_decision(
            m,
            get_profile("north-tyneside"),
            option_key="continue",
            rationale="Steady",
            decided_by="Chair Person",
        )
    )
    sign.refresh()
    warnings: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox,
        "warning",
        staticmethod(lambda _parent, title, text, *a, **k: warnings.append((title, text))),
    )
    _disk_full_for_backups(monkeypatch)

    def chair_signs() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SignatureDialog)
        rect = dialog.pad.pad_rect()
        _draw(qtbot, dialog.pad, [(int(rect.left()) + 30, 80), (int(rect.left()) + 200, 120)])
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, chair_signs)
    qtbot.mouseClick(sign.sign, Qt.MouseButton.LeftButton)

    assert len(warnings) == 1
    title, text = warnings[0]
    assert title == "Backup"
    assert text.startswith("Signed and saved, but no backup was made")
    assert FULL in text
    with store.reading() as session:
        meeting = session.get(Meeting, page.draft.meeting_id)
        assert meeting is not None and meeting.status is MeetingStatus.SIGNED
    assert "Signed off by Chair Person" in plain(sign.state.text())
