"""A case pack for one laptop, made from the due list: the cases chosen there (or a team's
cases, chosen in the dialog), the laptop from the trust list (those with a sealing key),
the council keys' passphrase, a folder.

Making it is ``cinchair.sync.packs.make.make_case_pack`` (as ``cinchair pack`` does),
signed with the council's key and sealed to that laptop alone; the chair takes it in with
Case > Receive cases…. Opening the keys costs a deliberate second (scrypt), so the work
runs off the window's thread with a bar counting the cases and a Cancel that stops
between cases (the pack is written only once whole, so nothing is left behind).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cinchair.app.files import CannotWrite
from cinchair.cases.report import CaseLine
from cinchair.security.key_wrap import SCRYPT_N
from cinchair.store.facade import Store
from cinchair.sync.admin_desk import entry_fingerprint, laptops
from cinchair.sync.council import CouncilDesk
from cinchair.sync.keys.keys import KeyProblem
from cinchair.sync.packs.make import (
    PackCancelled,
    PackProblem,
    PackSelection,
    cases_for_pack,
    make_case_pack,
    pack_file_name,
    pack_teams,
    write_case_pack,
)
from cinchair.ui.widgets.busy import Progress, run_busy


class CasePackDialog(QDialog):
    """Choose the cases (ticked), the laptop and the folder; Make writes the sealed pack."""

    def __init__(
        self,
        store: Store,
        cases: list[CaseLine],
        *,
        keys_dir: Path,
        admin_name: str,
        folder: Path,
        parent: QWidget | None = None,
        work: int = SCRYPT_N,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("cinchair: a case pack for a laptop")
        self.setAccessibleName("Make a case pack")
        self.store, self.keys_dir, self.admin_name, self.work = store, keys_dir, admin_name, work
        self.written: Path | None = None
        self.progress = Progress()  # the run in hand: its bar and its Cancel
        self.from_due_list = [
            (case.case_reference, case.state, case.next_due_what or "review", case.next_due)
            for case in cases
        ]
        self.cases = QListWidget(self)
        self.cases.setAccessibleName("Cases to pack")
        # The due list's choice, or every case of one team (the core says which those are:
        # the team of the chair of each case's latest filed meeting).
        self.team = QComboBox(self)
        self.team.setAccessibleName("Cases of which team")
        self.team.addItem("The cases chosen on the due list", None)
        try:
            for team in pack_teams(store):
                self.team.addItem(team, team)
        except PackProblem:
            pass  # no team to offer: the due list's choice stands
        self.team.currentIndexChanged.connect(self.choose_team)
        self._show_cases(self.from_due_list)
        self.laptop = QComboBox(self)
        self.laptop.setAccessibleName("For which laptop")
        try:
            entries = laptops(keys_dir)
        except KeyProblem:
            entries = []
        for entry in entries:
            if entry.revoked or not entry.sealing_key:
                continue  # a pack can only be sealed to a trusted laptop's sealing key
            self.laptop.addItem(f"{entry.label} ({entry_fingerprint(entry)})", entry.device_id)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Council key passphrase")
        self.folder = QLineEdit(str(folder), self)
        self.folder.setAccessibleName("Folder for the pack")
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.choose_folder)
        where = QHBoxLayout()
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        self.outcome = QLabel(
            ""
            if self.laptop.count()
            else "No trusted laptop can receive case packs yet: "
            "trust a laptop from the line its Case > This laptop's key… shows.",
            self,
        )
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName("Case pack outcome")
        form = QFormLayout()
        form.addRow("By t&eam:", self.team)
        form.addRow("&Cases:", self.cases)
        form.addRow("For &laptop:", self.laptop)
        form.addRow("Key &passphrase:", self.passphrase)
        save_in = QLabel("Save &in:", self)
        save_in.setBuddy(self.folder)
        form.addRow(save_in, where)
        buttons = QDialogButtonBox(self)
        self.make = buttons.addButton("&Make the case pack", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.make_pack)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        self.resize(640, 460)

    def _show_cases(self, rows: list[tuple[str, str, str, date | None]]) -> None:
        """List ``(reference, state, what is due, due date)`` rows, every one ticked."""
        self.cases.clear()
        for reference, state, what, due_on in rows:
            due = f", {what} due {due_on:%d/%m/%Y}" if due_on else ""
            item = QListWidgetItem(f"{reference} ({state}{due})", self.cases)
            item.setData(Qt.ItemDataRole.UserRole, reference)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)

    def choose_team(self) -> None:
        """Offer every case of the team chosen, or the due list's choice again."""
        team = self.team.currentData()
        if not team:
            self._show_cases(self.from_due_list)
            self.outcome.setText("")
            return
        try:
            found = cases_for_pack(self.store, PackSelection(team=team))
        except PackProblem as exc:
            self.outcome.setText(f"Team: {exc}")
            return
        self._show_cases([(c.reference, c.state, "review", c.next_due) for c in found])
        self.outcome.setText(
            f"{len(found)} case(s) of {team}, each ticked: untick any to leave out."
        )

    def chosen_refs(self) -> list[str]:
        return [
            self.cases.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.cases.count())
            if self.cases.item(i).checkState() == Qt.CheckState.Checked
        ]

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Where to save the case pack", self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def _count_case(self, done: int, total: int, reference: str) -> None:
        """Told by the work's thread before each case, and once more before sealing."""
        doing = f"Case {done + 1} of {total}: {reference}" if done < total else "Sealing it…"
        self.progress.step(done, total, doing)

    def make_pack(self) -> None:
        refs, device_id = self.chosen_refs(), self.laptop.currentData()
        folder = Path(self.folder.text().strip())
        if not device_id:
            self.outcome.setText("Laptop: choose a laptop that can receive case packs.")
            return
        if not refs:
            self.outcome.setText("Cases: tick at least one case.")
            return
        if not folder.is_absolute() or not folder.is_dir():
            self.outcome.setText(f"Save in: {folder} is not a folder.")
            return
        passphrase = self.passphrase.text()
        now = datetime.now(UTC)
        self.progress = Progress()

        def work() -> Path:
            self.progress.step(0, 0, "Opening the council keys…")
            desk = CouncilDesk.open(self.keys_dir, passphrase)
            sealed = make_case_pack(
                self.store,
                desk,
                device_id,
                refs,
                made_by=self.admin_name,
                now=now,
                progress=self._count_case,
                cancelled=self.progress.cancelled,
            )
            return write_case_pack(folder / pack_file_name(device_id, now), sealed)

        try:
            self.written = run_busy(
                self,
                "Making the case pack…",
                work,
                progress=self.progress,
                cancel_note="Stopping after the case in hand; no pack will be written…",
            )
        except PackCancelled as exc:
            self.outcome.setText(f"No pack was made: {exc}. Nothing was written.")
            return
        except (PackProblem, KeyProblem, CannotWrite, OSError) as exc:
            self.outcome.setText(f"No pack was made: {exc}")
            return
        self.passphrase.clear()
        self.outcome.setText(
            f"Case pack for {self.laptop.currentText()} with {len(refs)} case(s) saved as "
            f"{self.written}. Give it to the chair; they take it in with Case > Receive cases…."
        )
