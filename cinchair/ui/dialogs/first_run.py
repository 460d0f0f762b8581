"""The first-run setup: five short pages the first time cinchair opens on a laptop.

Council, chair, documents folder, the council's recovery key with a passphrase
for the encrypted store, and the offer of the demo case. Nothing is written to
disk until Finish (``cinchair.app.first_run.apply_setup`` does it, settings last), so
Cancel, Escape or closing the window leaves the laptop exactly as it was. Every
control has an accessible name and a keyboard path: Tab between fields, Enter or
Alt+N for Next.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from cinchair.app.errors import ActionableError
from cinchair.app.first_run import (
    ADMIN_NEXT,
    WORK_AS_CHOICES,
    SetupChoices,
    SetupDone,
    apply_setup,
)
from cinchair.app.settings import Settings, default_documents_dir, load_settings
from cinchair.domain import vocabulary as words
from cinchair.domain.bidi import isolate
from cinchair.security.vault import SCRYPT_N
from cinchair.ui.lock import NewPassphraseFields
from cinchair.ui.widgets.busy import run_busy
from cinchair.ui.widgets.setup_fields import (
    CouncilPicker,
    FolderField,
    RecoveryKeyField,
    error_style,
    wrapped_label,
)


class CouncilPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("1 of 5 · Your council")
        self.setSubTitle("Whose rules do your meetings follow? (You can change this later.)")
        self.picker = CouncilPicker(self)
        self.picker.list.itemSelectionChanged.connect(self.completeChanged)
        # Both can live on one machine; the admin desk alone needs no chair's store.
        self.work_as = QComboBox(self)
        self.work_as.setAccessibleName("This computer is for")
        for label, value in WORK_AS_CHOICES:
            self.work_as.addItem(label, value)
        layout = QFormLayout(self)
        layout.addRow("This computer &is for:", self.work_as)
        layout.addRow(self.picker)

    def initializePage(self) -> None:
        self.picker.list.setFocus()

    def nextId(self) -> int:
        """The admin desk alone skips the chair's pages, straight to Finish."""
        wizard = self.wizard()
        if wizard is not None and self.work_as.currentData() == "admin":
            return wizard.pageIds()[-1]
        return super().nextId()

    def isComplete(self) -> bool:
        return bool(self.picker.profile_id)


class ChairPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("2 of 5 · You, as chair")
        self.setSubTitle("Filled in for you when you start a meeting; you can change it there.")
        self.name = QLineEdit(self)
        self.name.setAccessibleName("Your name")
        self.name.setPlaceholderText("e.g. Sam Patel")
        self.role = QComboBox(self)
        self.role.setAccessibleName("Your role as chair")
        for role, label in words.CHAIR_ROLE.items():
            self.role.addItem(label, role.value)
        self.team = QLineEdit(self)
        self.team.setAccessibleName("Your team (optional)")
        self.team.setPlaceholderText("e.g. North locality (optional)")
        self.team.setMaxLength(200)
        form = QFormLayout(self)
        form.addRow("Your na&me:", self.name)
        form.addRow("Your &role as chair:", self.role)
        form.addRow("Your &team:", self.team)
        self.name.textChanged.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.name.setFocus()

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())


class DocumentsPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("3 of 5 · Where documents are saved")
        self.setSubTitle(
            "Minutes, plans and exports you save go here. The folder is made if it is not "
            "there yet. Choose a folder your council allows for OFFICIAL-SENSITIVE papers."
        )
        self.folder_field = FolderField(default_documents_dir(), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.folder_field)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.folder_field.path.setFocus()

    def validatePage(self) -> bool:
        return self.folder_field.check()


class StorePage(QWizardPage):
    """The council's recovery key (found, or chosen) and the passphrase for the store."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("4 of 5 · Your passphrase")
        self.setSubTitle(
            # two lines at most: the setup's header cuts a third
            "Your records are encrypted on this laptop and your passphrase opens them. "
            "A sealed copy of the key goes to your council."
        )
        self.key = RecoveryKeyField(self)
        self.passphrase = NewPassphraseFields(self, label="&Passphrase:")
        layout = QVBoxLayout(self)
        layout.addWidget(self.key)
        layout.addSpacing(8)
        layout.addWidget(self.passphrase)
        layout.addStretch(1)
        self.key.changed.connect(self._key_changed)
        self.passphrase.changed.connect(self.completeChanged)
        self._key_changed()

    @property
    def council_key(self) -> Path | None:
        return self.key.council_key

    def _key_changed(self) -> None:
        self.passphrase.setEnabled(self.council_key is not None)
        self.completeChanged.emit()
        if self.council_key is not None and self.key.chosen_by_hand:
            # the key chosen, the next thing to do is type the passphrase: the focus was
            # left on the key button, and a chair typing found the words went nowhere.
            # After the file dialog has closed and handed the focus back to the button.
            first = self.passphrase.first
            QTimer.singleShot(0, first, first.setFocus)

    def initializePage(self) -> None:
        self.key.look_again()  # IT may have put the key on the laptop since the page was made
        # after the wizard has placed its own focus on the page's first button
        target = self.passphrase.first if self.council_key is not None else self.key.choose
        QTimer.singleShot(0, target, target.setFocus)  # not after the page is gone

    def isComplete(self) -> bool:
        return self.council_key is None or self.passphrase.problem() is None


class FinishPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("5 of 5 · Ready")
        self.setSubTitle("Check your choices, then Finish. Nothing is saved until you do.")
        self.summary = wrapped_label("", self, "Your choices")
        self.demo = QCheckBox("Open the &demo case to practise on first (a made-up family)", self)
        self.demo_note = wrapped_label(
            "Your own case list opens too, under the practice window, ready for your first "
            "real case; Help > Practise on the demo case brings the demo back at any time.",
            self,
            "About practising",
        )
        self.demo.setAccessibleName("Open the demo case to practise on")
        # A new chair is offered practice first, in a window over their own case list
        # (Help > Practise on the demo case brings the demo back at any time).
        self.wants_demo = True
        self.demo.clicked.connect(self._chosen)
        self.error = wrapped_label("", self, "Setup problem")
        self.error.setStyleSheet(error_style())
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addSpacing(8)
        layout.addWidget(self.demo)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        choices = wizard.choices()
        if choices.work_as == "admin":
            self.summary.setText("This computer: the council's admin desk. " + ADMIN_NEXT)
            self.demo.setChecked(False)
            self.demo.setEnabled(False)
            self.demo_note.setVisible(False)
            return
        own = choices.council_key is not None
        lines = [
            f"Council: {wizard.council.picker.list.currentItem().text()}",
            f"Chair: {isolate(choices.chair_name)}, {wizard.chair.role.currentText()}"
            + (f", {isolate(choices.chair_team)}" if choices.chair_team else ""),
            f"Documents: {choices.documents_dir}",
            "Your store: encrypted with your passphrase, recovery copy for your council"
            if own
            else "Your store: not made yet (no council recovery key); the demo opens instead",
        ]
        self.summary.setText("\n".join(lines))
        self.demo.setChecked(not own or self.wants_demo)
        self.demo.setEnabled(own)
        self.demo_note.setVisible(own)
        self.demo.setFocus()

    def _chosen(self, checked: bool) -> None:
        self.wants_demo = checked  # the chair's own choice, kept if they go back and forth


class FirstRunWizard(QWizard):
    """The setup; after ``exec()`` is Accepted, ``done_setup`` holds what was made."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        store_path: Path | None = None,
        settings_file: Path | None = None,
        work: int = SCRYPT_N,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: first-time setup")
        self.setAccessibleName("First-time setup")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.store_path, self.settings_file, self.work = store_path, settings_file, work
        self.done_setup: SetupDone | None = None
        self.council = CouncilPage(self)
        self.chair = ChairPage(self)
        self.documents = DocumentsPage(self)
        self.store = StorePage(self)
        self.finish = FinishPage(self)
        for page in (self.council, self.chair, self.documents, self.store, self.finish):
            self.addPage(page)
        self._fill_from(load_settings(settings_file))
        self.resize(640, 480)

    def showEvent(self, event: QShowEvent) -> None:
        """The first page's field gets the keys once the window is really up."""
        super().showEvent(event)
        if self.currentPage() is self.council:
            QTimer.singleShot(0, self.council.picker.list, self.council.picker.list.setFocus)

    def _fill_from(self, settings: Settings) -> None:
        """A second run (after a demo-only setup) starts from what was chosen then."""
        if settings.profile_id:
            self.council.picker.select(settings.profile_id)
        self.chair.name.setText(settings.chair_name)
        self.chair.team.setText(settings.chair_team)
        if settings.role is not None:
            self.chair.role.setCurrentIndex(self.chair.role.findData(settings.role.value))
        if settings.documents_dir:
            self.documents.folder_field.path.setText(settings.documents_dir)

    def choices(self) -> SetupChoices:
        return SetupChoices(
            profile_id=self.council.picker.profile_id,
            profile_file=self.council.picker.profile_file,
            chair_name=self.chair.name.text().strip(),
            chair_role=self.chair.role.currentData(),
            chair_team=self.chair.team.text().strip(),
            documents_dir=self.documents.folder_field.folder,
            council_key=self.store.council_key,
            passphrase=self.store.passphrase.passphrase if self.store.council_key else "",
            open_demo=self.finish.demo.isChecked(),
            work_as=self.council.work_as.currentData(),
        )

    def accept(self) -> None:
        """Finish: do everything now, with progress; on failure say why and stay open."""
        choices = self.choices()
        text = "Making your encrypted store…" if choices.council_key else "Saving your settings…"
        try:
            self.done_setup = run_busy(
                self,
                text,
                lambda: apply_setup(
                    choices,
                    store_path=self.store_path,
                    settings_file=self.settings_file,
                    work=self.work,
                ),
            )
        except (ActionableError, OSError) as exc:  # ProfileError, KeyProblem, VaultProblem...
            self.finish.error.setText(f"The setup could not finish: {exc}")
            return
        self.store.passphrase.clear()
        super().accept()

    def settings(self) -> Settings | None:
        return self.done_setup.settings if self.done_setup else None
