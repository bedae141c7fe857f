"""Asking for a passphrase: to open a protected file, and to choose a new one (with its
strength shown as it is typed, and a plain choice to go without one)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError, PassphraseNeeded, WrongPassphrase
from mentordesk.privacy.passphrase_strength import assess
from mentordesk.store import Database
from mentordesk.store.cipher import is_encrypted
from mentordesk.store.inspect import Inspection

RISK_WITHOUT = (
    "Without a passphrase, anyone who gets hold of this laptop, a USB stick or a backup "
    "can read every name, birth date, guardian's phone number and safeguarding note with "
    "free tools. Data-protection rules usually ask for encryption on portable devices."
)
LOST_MEANS_LOST = (
    "Keep the passphrase safe: a lost passphrase means lost data. Nobody can open the "
    "file without it."
)


class PassphraseDialog(QDialog):
    """Asks for the passphrase of a protected file. Wrong tries only say so again: there
    is no limit and nothing locks (the file cannot be harmed by trying)."""

    def __init__(self, path: Path, parent: QWidget | None = None, message: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Passphrase")
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.message = QLabel(message or f"{path.name} is protected. Type its passphrase.")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.passphrase)
        layout.addWidget(buttons)
        self.resize(420, self.sizeHint().height())


def open_database_asking(
    path: Path, parent: QWidget | None = None, inspected: Inspection | None = None
) -> Database | None:
    """Open `path`, asking for its passphrase when it has one, until it is right or the
    coordinator cancels. Other refusals are shown as one sentence. `inspected`: the plain
    file's inspection made ahead (see `Database.open`)."""
    message = ""
    while True:
        passphrase: str | None = None
        if is_encrypted(path):
            dialog = PassphraseDialog(path, parent, message)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            passphrase = dialog.passphrase.text()
        try:
            # A file that can't be written opens for reading; the window says so.
            return Database.open(
                path, passphrase=passphrase, read_if_unwritable=True, inspected=inspected
            )
        except (WrongPassphrase, PassphraseNeeded):
            message = (
                f"That passphrase does not open {path.name}. Check capitals and spaces, "
                "and try again; nothing was changed."
            )
        except MentorDeskError as exc:
            from mentordesk.ui.window.error_presenter import present_error

            present_error(parent, "Cannot open this file", exc)
            return None


class NewPassphraseDialog(QDialog):
    """Choose a passphrase (typed twice, strength shown), or go without one."""

    PROTECT = 1
    PLAIN = 2

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        context: tuple[str, ...] = (),
        allow_plain: bool = True,
        title: str = "Protect the programme file",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.context = context
        self.choice = 0
        intro = QLabel(
            "A passphrase encrypts the file and its backups. Use four or more uncommon "
            "words; a sentence only you would think of works well. " + LOST_MEANS_LOST
        )
        intro.setWordWrap(True)
        self.first = QLineEdit(self)
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.first.setAccessibleName("New passphrase")
        self.second = QLineEdit(self)
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.second.setAccessibleName("Passphrase again")
        self.meter = QProgressBar(self)
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setAccessibleName("Passphrase strength")
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        # Room for the longest advice, so the dialog does not jump as one types.
        self.verdict.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        form = QFormLayout()
        form.addRow("&Passphrase:", self.first)
        form.addRow("&Again:", self.second)
        form.addRow("Strength:", self.meter)
        form.addRow("", self.verdict)
        buttons = QDialogButtonBox(self)
        self.protect_button = QPushButton("Protect with this passphrase")
        self.protect_button.setDefault(True)
        buttons.addButton(self.protect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.plain_button: QPushButton | None = None
        if allow_plain:
            self.plain_button = QPushButton("Continue without a passphrase…")
            buttons.addButton(self.plain_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.plain_button.clicked.connect(self._without)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.protect_button.clicked.connect(self._protect)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if allow_plain:
            risk = QLabel(f"Without a passphrase: {RISK_WITHOUT}")
            risk.setWordWrap(True)
            layout.addWidget(risk)
        layout.addWidget(buttons)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._update()
        self.resize(520, self.sizeHint().height())

    @property
    def passphrase(self) -> str:
        return self.first.text()

    def _update(self) -> None:
        strength = assess(self.first.text(), self.context)
        self.meter.setValue(strength.score)
        matches = self.first.text() == self.second.text()
        text = f"{strength.label}: {strength.advice}"
        if self.first.text():
            text += f" (an attacker with the file would need about {strength.crack_time})"
        if self.second.text() and not matches:
            text += " The two passphrases differ."
        self.verdict.setText(text)
        self.protect_button.setEnabled(strength.acceptable and matches)

    def _protect(self) -> None:
        if self.protect_button.isEnabled():
            self.choice = self.PROTECT
            self.accept()

    def _without(self) -> None:
        answer = QMessageBox.warning(
            self,
            "Continue without a passphrase?",
            RISK_WITHOUT + "\n\nYou can protect the file later with File → Protect with a "
            "passphrase.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.choice = self.PLAIN
            self.accept()


def offer_recovery_sheet(parent: QWidget, db: Database, programme: str = "") -> Path | None:
    """After a passphrase is set: offer the printable recovery sheet."""
    from mentordesk.privacy.recovery_sheet import write_recovery_sheet

    answer = QMessageBox.question(
        parent,
        "Save a recovery sheet?",
        "Save a recovery sheet to print? You write the passphrase on it by hand and keep it "
        "locked away. " + LOST_MEANS_LOST,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    suggested = str(db.path.with_name(f"{db.path.stem}-recovery-sheet.pdf"))
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save recovery sheet", suggested, "PDF (*.pdf)")
    if not chosen:
        return None
    try:
        return write_recovery_sheet(db.path, Path(chosen), programme=programme)
    except OSError as exc:
        QMessageBox.warning(
            parent, "Recovery sheet not saved", f"It could not be written: {exc.strerror}."
        )
        return None
