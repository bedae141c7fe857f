"""Erase a person, and save a person's own data: each chosen from a list of everyone, with
a confirmation that lists what goes and what is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError
from mentordesk.privacy.erasure import ErasurePlan, erase_person, plan_erasure
from mentordesk.privacy.history import people_choices
from mentordesk.privacy.subject_export import export_person
from mentordesk.ui.window.context import ALL_TOPICS, AppContext


class PersonChooser(QDialog):
    """Pick one participant by name (type to find)."""

    def __init__(
        self, context: AppContext, title: str, button: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.people = QComboBox(self)
        self.people.setEditable(True)
        self.people.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.people.setAccessibleName("Participant")
        for person_id, label in people_choices(context.db):
            self.people.addItem(label, person_id)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(button)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Participant:"))
        layout.addWidget(self.people)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def chosen(self) -> int | None:
        value = self.people.currentData()
        return int(value) if value is not None else None


def choose_person(context: AppContext, parent: QWidget, title: str, button: str) -> int | None:
    chooser = PersonChooser(context, title, button, parent)
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return None
    return chooser.chosen()


def confirmation_text(plan: ErasurePlan) -> str:
    goes = "\n".join(f"  • {line}" for line in plan.lines)
    kept = "\n".join(f"  • {line}" for line in plan.kept)
    return (
        f"Erase {plan.name} for good?\n\nThis removes, from the file and from every backup "
        f"beside it:\n{goes}\n  • their values in import snapshots and remembered "
        f"settings\n\nKept:\n{kept}\n\nErasure cannot be undone (backups that cannot be "
        "rewritten are deleted)."
    )


def erase_person_asking(context: AppContext, parent: QWidget, person_id: int | None = None) -> bool:
    if person_id is None:
        person_id = choose_person(context, parent, "Erase a person", "Review erasure…")
    if person_id is None:
        return False
    try:
        plan = plan_erasure(context.db, person_id)
    except MentorDeskError as exc:
        QMessageBox.warning(parent, "Cannot erase", str(exc))
        return False
    if plan.blocked:
        QMessageBox.warning(parent, "Cannot erase yet", plan.blocked)
        return False
    answer = QMessageBox.warning(
        parent,
        "Erase this person?",
        confirmation_text(plan),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    context.tasks.wait()
    try:
        result = erase_person(context.db, person_id)
    except (OSError, MentorDeskError) as exc:
        message = str(exc) if isinstance(exc, MentorDeskError) else "the file could not be written"
        QMessageBox.warning(parent, "Erasure failed", f"Nothing was erased: {message}")
        return False
    # Undo entries may hold the person's rows: they go too.
    context.undo_stack.clear()
    context.changed.emit(ALL_TOPICS)
    removed = (
        f" {len(result.backups_removed)} backups that could not be rewritten were deleted."
        if result.backups_removed
        else ""
    )
    context.status_message.emit(
        f"Erased {plan.name}; rewrote {result.backups_rewritten} backups.{removed}"
    )
    return True


def export_person_asking(
    context: AppContext, parent: QWidget, person_id: int | None = None
) -> Path | None:
    if person_id is None:
        person_id = choose_person(context, parent, "A person's own data", "Choose where to save…")
    if person_id is None:
        return None
    target, _ = QFileDialog.getSaveFileName(
        parent, "Save the person's data (PDF and JSON)", f"person-{person_id}.pdf", "PDF (*.pdf)"
    )
    if not target:
        return None
    try:
        json_path, pdf_path = export_person(context.db, person_id, Path(target))
    except (OSError, MentorDeskError) as exc:
        message = str(exc) if isinstance(exc, MentorDeskError) else "the file could not be written"
        QMessageBox.warning(parent, "Not saved", f"Nothing was saved: {message}")
        return None
    context.status_message.emit(f"Saved {pdf_path.name} and {json_path.name}")
    return pdf_path
