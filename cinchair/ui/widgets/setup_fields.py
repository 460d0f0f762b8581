"""Fields the setup and its later changes share: the council picker, a folder with its
check, the council's recovery key, and the look of an error line.

The first-run wizard uses them, and so do Preferences (council, folder) and encrypting an
old store (recovery key), so a chair meets the same field, worded the same, each time.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.first_run import (
    available_profiles,
    check_profile_file,
    documents_folder_problem,
    find_council_key,
    read_council_key,
)
from cinchair.profiles import Profile, ProfileError
from cinchair.profiles.labels import council_with_approach
from cinchair.ui import theme


def error_style() -> str:
    """Red that keeps its contrast in the light, dark and high-contrast themes."""
    return theme.text_style(theme.error_colour())


PROFILE_FILE_ROLE = Qt.ItemDataRole.UserRole + 1


def wrapped_label(text: str, parent: QWidget, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setAccessibleName(name)
    return label


class CouncilPicker(QWidget):
    """The councils shipped with the app, and a council's own profile file if given.

    Shared by the setup and the preferences. Choosing a file checks it with the
    profile checks at once; it is only copied into the data folder when the choice
    is kept (Finish, or OK in the preferences).
    """

    def __init__(self, parent: QWidget | None = None, *, current: str = "") -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Councils")
        for profile in available_profiles():
            self._add(profile, None)
        self.from_file = QPushButton("Use a profile &file from my council…", self)
        self.from_file.setAccessibleName("Use a profile file from my council")
        self.from_file.clicked.connect(self.choose_file)
        self.error = wrapped_label("", self, "Profile file problem")
        self.error.setStyleSheet(error_style())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.from_file)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        if current:
            self.select(current)

    def _add(self, profile: Profile, path: Path | None) -> QListWidgetItem:
        origin = f" — from {path.name}" if path else ""
        item = QListWidgetItem(f"{council_with_approach(profile)}{origin}")
        item.setData(Qt.ItemDataRole.UserRole, profile.id)
        item.setData(PROFILE_FILE_ROLE, str(path) if path else "")
        self.list.addItem(item)
        return item

    def select(self, profile_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == profile_id:
                self.list.setCurrentRow(row)
                return

    def _chosen(self) -> QListWidgetItem | None:
        """The council actually chosen: selected, not merely current.

        Focusing the list makes its first row current without selecting it; counting
        that as a choice would let Enter pick the first council for a chair who never
        looked.
        """
        chosen = self.list.selectedItems()
        return chosen[0] if chosen else None

    @property
    def profile_id(self) -> str:
        item = self._chosen()
        return item.data(Qt.ItemDataRole.UserRole) if item else ""

    @property
    def profile_file(self) -> Path | None:
        item = self._chosen()
        return Path(item.data(PROFILE_FILE_ROLE)) if item and item.data(PROFILE_FILE_ROLE) else None

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Your council's profile file", "", "Council profile (*.toml)"
        )
        if name:
            self.use_file(Path(name))

    def use_file(self, path: Path) -> bool:
        """Check ``path`` and offer it (selected) in the list; show why not if it fails."""
        try:
            profile = check_profile_file(path)
        except ProfileError as exc:
            self.error.setText(
                f"That file cannot be used, so nothing was changed.\n{exc}\n"
                "Send this message to whoever gave you the file."
            )
            return False
        self.error.clear()
        item = self._add(profile, path)
        self.list.setCurrentItem(item)
        self.list.setFocus()
        return True


class FolderField(QWidget):
    """A folder typed or chosen with Browse…, with what is wrong with it shown below."""

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = QLineEdit(str(folder), self)
        self.path.setAccessibleName("Documents folder")
        self.browse = QPushButton("&Browse…", self)
        self.browse.setAccessibleName("Choose the documents folder")
        self.browse.clicked.connect(self.choose)
        self.problem_label = wrapped_label("", self, "Documents folder problem")
        self.problem_label.setStyleSheet(error_style())
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.problem_label)

    @property
    def folder(self) -> Path:
        return Path(self.path.text().strip()).expanduser()

    def choose(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Where documents are saved", str(self.folder)
        )
        if chosen:
            self.path.setText(chosen)

    def check(self) -> bool:
        problem = documents_folder_problem(self.folder)
        self.problem_label.setText(problem or "")
        if problem:
            self.path.setFocus()
        return problem is None


class RecoveryKeyField(QWidget):
    """The council's recovery key: found where IT put it, or chosen as a file.

    ``council_key`` is the usable ``council.pub`` path, or None with the reason the
    own store cannot be made shown in words.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, missing: str = "") -> None:
        super().__init__(parent)
        self.council_key: Path | None = None
        self.missing = missing or (
            "Your council's recovery key (council.pub) is not on this laptop yet. Your own "
            "store cannot be made without it: it is what lets your council recover your "
            "records if the passphrase is forgotten. Ask your IT team or council admin for it "
            "and choose it here, or carry on to practise on the demo case: once IT has put "
            "the key on this laptop, cinchair offers to make your store when it next opens."
        )
        self.state = wrapped_label("", self, "Council recovery key")
        self.error = wrapped_label("", self, "Council recovery key problem")
        self.error.setStyleSheet(error_style())
        self.choose = QPushButton("Choose the council's &key file (council.pub)…", self)
        self.choose.setAccessibleName("Choose the council's recovery key file")
        self.choose.clicked.connect(self.pick_file)
        row = QHBoxLayout()
        row.addWidget(self.choose)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.chosen_by_hand = False  # a file the chair picked is kept; a found one is not
        self.use(find_council_key(), found=True)

    def look_again(self) -> None:
        """Look again where IT puts the key, unless the chair chose a file themselves.

        IT may install ``council.pub`` while the setup is open (or take it away): the
        page says what is on the laptop now, not what was there when it was built.
        """
        if self.chosen_by_hand:
            return
        found = find_council_key()
        if found != self.council_key:
            self.council_key = None
            self.choose.setText("Choose the council's &key file (council.pub)…")
            self.use(found, found=True)

    def pick_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "The council's recovery key", "", "Council key (*.pub);;All files (*)"
        )
        if name:
            self.use(Path(name))

    def use(self, path: Path | None, *, found: bool = False) -> bool:
        """Take ``path`` as the council's key if it is one; say plainly what happened."""
        from cinchair.sync.keys.keys import KeyProblem

        if path is not None:
            try:
                council = read_council_key(path)
            except KeyProblem as exc:
                self.error.setText(f"That file cannot be used: {exc}")
                return False
            self.council_key = path
            self.chosen_by_hand = not found
            self.error.clear()
            how = "found where your IT team put it" if found else "chosen"
            self.state.setText(
                f"Your council's recovery key: {path.name}, {how} (key id "
                f"{council.sealing.key_id})."
            )
            self.choose.setText("Choose a different &key file…")
        else:
            self.state.setText(self.missing)
        self.changed.emit()
        return True
