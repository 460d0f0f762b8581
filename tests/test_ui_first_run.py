"""First run, preferences and encrypting an old store, driven from the keyboard."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard

from cinchair.app import paths
from cinchair.app.settings import Settings, load_settings, save_settings
from cinchair.model import Case, ChairRole
from cinchair.security.vault import KeyFile, WrongPassphrase, is_plain_sqlite, open_encrypted
from cinchair.store.facade import Store, sqlite_url
from cinchair.sync.council import CouncilPublic, install_council_public, laptop_council_file
from cinchair.sync.keys.keys import CouncilKeys
from cinchair.ui.dialogs.first_run import FirstRunWizard

WORK = 2**12  # cheap key derivation for tests
PASSPHRASE = "correct horse battery staple"
TODAY = date(2026, 11, 23)


@pytest.fixture
def council() -> CouncilKeys:
    return CouncilKeys.generate()


def _council_file(tmp_path: Path, council: CouncilKeys) -> Path:
    path = tmp_path / "from-it" / "council.pub"
    path.parent.mkdir()
    path.write_text(CouncilPublic(council.public, None).text(), encoding="utf-8")
    return path


def _wizard(qtbot, tmp_path: Path) -> FirstRunWizard:
    wizard = FirstRunWizard(store_path=tmp_path / "own.sqlite3", work=WORK)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    qtbot.waitUntil(lambda: wizard.focusWidget() is wizard.council.picker.list)
    _window.append(wizard)
    return wizard


_window: list[QWidget] = []  # the top-level being driven; its focus is where keys go


def _focused() -> QWidget:
    widget = _window[-1].focusWidget()
    assert widget is not None
    return widget


def _type_into_focus(qtbot, text: str) -> None:
    qtbot.keyClicks(_focused(), text)


def _press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _through_to_the_passphrase(qtbot, wizard: FirstRunWizard, docs: Path) -> None:
    """Pages 1 to 3 from the keyboard: a council, the chair, the documents folder."""
    assert _focused() is wizard.council.picker.list
    _press(qtbot, Qt.Key.Key_Down)  # the first council in the list
    assert wizard.council.picker.profile_id
    _press(qtbot, Qt.Key.Key_Return)  # Next (the default button; Alt+N too)
    assert wizard.currentPage() is wizard.chair and _focused() is wizard.chair.name
    _type_into_focus(qtbot, "Zo")
    wizard.chair.name.insert("ë")  # QTest types ASCII only
    _type_into_focus(qtbot, " O'Brien <&{{ }}>")
    wizard.chair.name.insert(" 🙂")
    _press(qtbot, Qt.Key.Key_Tab)
    assert _focused() is wizard.chair.role
    _press(qtbot, Qt.Key.Key_Down)  # Senior Practitioner
    _press(qtbot, Qt.Key.Key_Tab)
    assert _focused() is wizard.chair.team  # optional: the admin's due list reads by team
    _type_into_focus(qtbot, "North locality")
    _press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.documents
    wizard.documents.folder_field.path.selectAll()
    _type_into_focus(qtbot, str(docs))
    _press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.store


def test_the_setup_from_the_keyboard_makes_an_encrypted_store_the_council_can_recover(
    qtbot, tmp_path: Path, council: CouncilKeys
) -> None:
    install_council_public(CouncilPublic(council.public, None))  # deployed by IT
    docs = tmp_path / "Documents" / "cinchair"
    wizard = _wizard(qtbot, tmp_path)
    _through_to_the_passphrase(qtbot, wizard, docs)

    assert wizard.store.council_key == laptop_council_file()
    assert "found where your IT team put it" in wizard.store.key.state.text()
    qtbot.waitUntil(lambda: _focused() is wizard.store.passphrase.first)
    _type_into_focus(qtbot, "too short")
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert "more characters" in wizard.store.passphrase.state.text()
    wizard.store.passphrase.first.clear()
    _type_into_focus(qtbot, PASSPHRASE)
    _press(qtbot, Qt.Key.Key_Tab)
    _type_into_focus(qtbot, PASSPHRASE[:-1])
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _type_into_focus(qtbot, PASSPHRASE[-1])
    _press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.finish
    assert not (tmp_path / "own.sqlite3").exists()  # nothing before Finish
    assert wizard.finish.demo.isChecked()  # a new chair is offered practice first
    assert _focused() is wizard.finish.demo
    _press(qtbot, Qt.Key.Key_Space)  # straight to their own store instead
    assert not wizard.finish.demo.isChecked()
    _press(qtbot, Qt.Key.Key_Return)  # Finish

    assert wizard.result() == QWizard.DialogCode.Accepted
    done = wizard.done_setup
    assert done is not None and done.store is not None and not done.open_demo
    done.store.close()
    settings = load_settings()
    assert settings.setup_complete
    assert settings.chair_name == "Zoë O'Brien <&{{ }}> 🙂"
    assert settings.role is ChairRole.SENIOR_PRACTITIONER
    assert settings.chair_team == "North locality"
    assert settings.documents_folder == docs and docs.is_dir()
    assert settings.profile_id == wizard.council.picker.profile_id
    store_path = tmp_path / "own.sqlite3"
    assert not is_plain_sqlite(store_path)
    with open_encrypted(store_path, PASSPHRASE) as store, store.reading() as s:
        assert s.query(Case).count() == 0
    keyfile = KeyFile.beside(store_path)
    assert keyfile.recovery_key_id() == council.key_id
    assert len(keyfile.recover(council)) == 32  # the council's private key opens the copy
    assert wizard.store.passphrase.passphrase == ""  # not kept in the widget


def test_cancel_writes_nothing(qtbot, tmp_path: Path, council: CouncilKeys) -> None:
    key = _council_file(tmp_path, council)
    before = _files_under(paths.data_dir())
    wizard = _wizard(qtbot, tmp_path)
    _through_to_the_passphrase(qtbot, wizard, tmp_path / "docs")
    assert wizard.store.key.use(key)
    wizard.store.passphrase.first.setText(PASSPHRASE)
    wizard.store.passphrase.second.setText(PASSPHRASE)
    wizard.next()
    _press(qtbot, Qt.Key.Key_Escape)  # Cancel
    assert wizard.result() == QWizard.DialogCode.Rejected and wizard.done_setup is None
    assert _files_under(paths.data_dir()) == before
    assert not (tmp_path / "own.sqlite3").exists() and not (tmp_path / "docs").exists()


def test_after_choosing_the_key_file_the_passphrase_has_the_focus(
    qtbot, tmp_path: Path, council: CouncilKeys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Choosing the key is the page's first step; typing the passphrase is the next."""
    from PySide6.QtWidgets import QFileDialog

    key = _council_file(tmp_path, council)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(key), "")))
    wizard = _wizard(qtbot, tmp_path)
    _through_to_the_passphrase(qtbot, wizard, tmp_path / "docs")
    if wizard.store.council_key is None:
        qtbot.waitUntil(lambda: _focused() is wizard.store.key.choose)
    else:  # IT put a key on this machine: choose a different one by hand
        wizard.store.key.choose.setFocus()
    _press(qtbot, Qt.Key.Key_Space)
    assert wizard.store.council_key == key
    qtbot.waitUntil(lambda: _focused() is wizard.store.passphrase.first)
    _type_into_focus(qtbot, PASSPHRASE)
    assert wizard.store.passphrase.first.text() == PASSPHRASE


def test_without_the_council_key_only_the_demo_is_offered(qtbot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    _through_to_the_passphrase(qtbot, wizard, tmp_path / "docs")
    assert wizard.store.council_key is None
    assert "cannot be made without it" in wizard.store.key.state.text()
    assert not wizard.store.passphrase.isEnabled()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.next()
    assert wizard.finish.demo.isChecked() and not wizard.finish.demo.isEnabled()
    assert "not made yet" in wizard.finish.summary.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    done = wizard.done_setup
    assert done is not None and done.store is None and done.open_demo
    assert load_settings().setup_complete
    assert not (tmp_path / "own.sqlite3").exists()


def test_a_bad_profile_file_is_refused_with_the_field_named(qtbot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    picker = wizard.council.picker
    count = picker.list.count()
    bad = tmp_path / "our-council.toml"
    bad.write_text('id = "our-council"\ncouncil = "Ours"\n', encoding="utf-8")
    assert not picker.use_file(bad)
    assert "our-council.toml" in picker.error.text() and "source" in picker.error.text()
    assert picker.list.count() == count and picker.profile_file is None

    shipped = paths.profiles_dir() / "derby.toml"
    good = tmp_path / "ours" / "derby.toml"
    good.parent.mkdir()
    good.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    assert picker.use_file(good)
    assert picker.profile_file == good and picker.error.text() == ""
    assert "from derby.toml" in picker.list.currentItem().text()


def test_a_council_profile_file_is_copied_in_at_finish(qtbot, tmp_path: Path) -> None:
    from cinchair.profiles import get_profile
    from cinchair.profiles.loader import council_profiles_dir

    shipped = (paths.profiles_dir() / "derby.toml").read_text(encoding="utf-8")
    ours = tmp_path / "derby.toml"
    ours.write_text(
        shipped.replace('council = "Derby City Council"', 'council = "Derby City Council (local)"')
    )
    wizard = _wizard(qtbot, tmp_path)
    assert wizard.council.picker.use_file(ours)
    assert not council_profiles_dir().exists() or not any(council_profiles_dir().iterdir())
    wizard.next()
    wizard.chair.name.setText("Sam")
    wizard.next()
    wizard.documents.folder_field.path.setText(str(tmp_path / "docs"))
    wizard.next()
    wizard.next()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert (council_profiles_dir() / "derby.toml").is_file()
    assert load_settings().profile_id == "derby"
    assert get_profile("derby").council == "Derby City Council (local)"


def test_an_unwritable_documents_folder_is_refused(qtbot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    wizard.council.picker.list.setCurrentRow(0)
    wizard.next()
    wizard.chair.name.setText("Sam")
    wizard.next()
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    wizard.documents.folder_field.path.setText(str(blocker / "docs"))
    wizard.next()
    assert wizard.currentPage() is wizard.documents
    assert "is a file" in wizard.documents.folder_field.problem_label.text()
    wizard.documents.folder_field.path.setText("relative/docs")
    wizard.next()
    assert "full path" in wizard.documents.folder_field.problem_label.text()


# --- preferences -------------------------------------------------------------------------


def test_preferences_change_the_settings_and_cancel_keeps_them(qtbot, tmp_path: Path) -> None:
    from cinchair.ui.dialogs.preferences import PreferencesDialog

    save_settings(Settings(profile_id="derby", chair_name="Sam", setup_complete=True))
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    assert dialog.council.profile_id == "derby" and dialog.chair_name.text() == "Sam"
    assert not dialog.change_passphrase.isEnabled()  # no own store (the demo)
    dialog.chair_name.setText("Zoë Ng")
    dialog.reject()
    assert load_settings().chair_name == "Sam"

    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.council.select("barnet")
    qtbot.keyClicks(dialog.chair_name, " Jones")
    qtbot.keyClicks(dialog.chair_team, "South team")
    dialog.chair_role.setCurrentIndex(dialog.chair_role.findData(ChairRole.TEAM_MANAGER.value))
    dialog.documents.path.setText(str(tmp_path / "new docs"))
    dialog.lock_minutes.setValue(15)
    dialog.save()
    assert dialog.result() == PreferencesDialog.DialogCode.Accepted
    settings = load_settings()
    assert settings.profile_id == "barnet" and settings.chair_name == "Sam Jones"
    assert settings.chair_team == "South team"
    assert settings.role is ChairRole.TEAM_MANAGER and settings.lock_after_minutes == 15
    assert settings.documents_folder == tmp_path / "new docs"
    assert (tmp_path / "new docs").is_dir() and settings.setup_complete


@pytest.mark.slow
def test_preferences_change_the_passphrase_keeping_the_recovery_copy(
    qtbot, tmp_path: Path, council: CouncilKeys
) -> None:
    from cinchair.ui.dialogs.preferences import ChangePassphraseDialog

    install_council_public(CouncilPublic(council.public, None))
    path = tmp_path / "own.sqlite3"
    from cinchair.security.vault import create_encrypted

    store = create_encrypted(path, PASSPHRASE, council=council.public, work=WORK)
    try:
        dialog = ChangePassphraseDialog(store, path, work=WORK)
        qtbot.addWidget(dialog)
        dialog.current.setText("not my passphrase")
        dialog.fields.first.setText("a brand new passphrase")
        dialog.fields.second.setText("a brand new passphrase")
        dialog.change()
        assert "not right" in dialog.error.text()
        dialog.current.setText(PASSPHRASE)
        dialog.change()
        assert dialog.result() == ChangePassphraseDialog.DialogCode.Accepted
    finally:
        store.close()
    with pytest.raises(WrongPassphrase):
        open_encrypted(path, PASSPHRASE)
    open_encrypted(path, "a brand new passphrase").close()
    assert KeyFile.beside(path).recovery_key_id() == council.key_id


def test_the_main_window_has_preferences_on_ctrl_comma(qtbot, tmp_path: Path) -> None:
    from cinchair.ui.app import make_main_window

    with Store.open(sqlite_url(tmp_path / "s.sqlite3")) as store:
        window = make_main_window(store, today=TODAY)
        qtbot.addWidget(window)
        action = window.preferences_action
        assert action.shortcut().toString() == "Ctrl+,"
        assert action in window.edit_menu.actions()
        window.apply_lock_minutes(7)
        assert window.idle.timer.interval() == 7 * 60_000


def test_the_start_dialog_takes_the_chair_from_the_settings(qtbot, tmp_path: Path) -> None:
    from cinchair.ui.meeting.start import StartMeetingDialog

    save_settings(Settings(chair_name="Zoë Ng", chair_role=ChairRole.TEAM_MANAGER.value))
    with Store.open(sqlite_url(tmp_path / "s.sqlite3")) as store:
        with store.transaction() as s:
            case = Case(
                case_ref="R1", profile_id="generic", child_given_name="A", child_family_name="B"
            )
            s.add(case)
            s.flush()
            case_id = case.id
        dialog = StartMeetingDialog(store, case_id, TODAY)
        qtbot.addWidget(dialog)
        assert dialog.chair.text() == "Zoë Ng"
        assert dialog.role.currentData() == ChairRole.TEAM_MANAGER


# --- an old plain store -------------------------------------------------------------------


def test_a_plain_store_is_encrypted_from_the_window(
    qtbot, tmp_path: Path, council: CouncilKeys
) -> None:
    from cinchair.ui.dialogs.encrypt_store import EncryptStoreDialog

    path = tmp_path / "cinchair.sqlite3"
    with Store.open(sqlite_url(path)) as store, store.transaction() as s:
        s.add(
            Case(
                case_ref="R1", profile_id="generic", child_given_name="Zoë", child_family_name="Ng"
            )
        )
    dialog = EncryptStoreDialog(path, work=WORK)
    qtbot.addWidget(dialog)
    assert not dialog.encrypt_button.isEnabled()  # no council key yet
    assert dialog.key.use(_council_file(tmp_path, council))
    dialog.fields.first.setText(PASSPHRASE)
    dialog.fields.second.setText(PASSPHRASE)
    assert dialog.encrypt_button.isEnabled()
    dialog.encrypt_button.click()
    assert dialog.result() == EncryptStoreDialog.DialogCode.Accepted
    with dialog.store.reading() as s:
        assert [c.child_given_name for c in s.query(Case)] == ["Zoë"]
    dialog.store.close()
    assert not is_plain_sqlite(path)
    assert KeyFile.beside(path).recovery_key_id() == council.key_id
    assert laptop_council_file().is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "cinchair.sqlite3",
        "cinchair.sqlite3.key",
    ]


def test_no_council_is_chosen_for_a_chair_who_only_presses_enter(qtbot, tmp_path: Path) -> None:
    wizard = _wizard(qtbot, tmp_path)
    assert wizard.council.picker.profile_id == ""  # the first row is current, not chosen
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    _press(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.council
    _press(qtbot, Qt.Key.Key_Space)  # choosing the row the cursor is on
    assert wizard.council.picker.profile_id
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
