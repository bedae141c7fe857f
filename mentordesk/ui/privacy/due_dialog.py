"""Due for erasure: the people past the programme's retention period, a preview of what
erasing each removes, and one step to erase them all. The retention settings are here too."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError
from mentordesk.privacy.erasure import erase_person, plan_erasure
from mentordesk.privacy.retention import (
    DuePerson,
    RetentionSettings,
    due_for_erasure,
    load_retention,
    save_retention,
)
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.window.context import ALL_TOPICS, AppContext
from mentordesk.wording import plural

COLUMNS: list[Column[DuePerson]] = [
    Column("Name", lambda r: r.name),
    Column("Role", lambda r: r.role),
    Column("Since", lambda r: r.since),
    Column("Why", lambda r: r.reason),
]


class DueForErasureDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Due for erasure")
        settings = load_retention(context.db)
        self.contact_months = QSpinBox(self)
        self.contact_months.setRange(1, 120)
        self.contact_months.setSuffix(" months after the last pairing closes")
        self.contact_months.setValue(settings.contact_months)
        self.safeguarding_years = QSpinBox(self)
        self.safeguarding_years.setRange(1, 100)
        self.safeguarding_years.setSuffix(" years")
        self.safeguarding_years.setValue(settings.safeguarding_years)
        save = QPushButton("Save retention settings")
        save.clicked.connect(self.save_settings)
        form = QFormLayout()
        form.addRow("Keep contact details and records:", self.contact_months)
        form.addRow("Keep safeguarding records:", self.safeguarding_years)
        form.addRow("", save)
        self.model: RowTableModel[DuePerson] = RowTableModel(
            COLUMNS, key=lambda r: r.id, parent=self
        )
        self.proxy = RowFilterProxy(None, self)
        self.table = RowTableView(self.model, self.proxy, "due-for-erasure", self)
        self.table.setAccessibleName("People due for erasure")
        self.preview = QLabel("")
        self.preview.setWordWrap(True)
        self.summary = QLabel("")
        self.erase_button = QPushButton("Erase everyone listed…")
        self.erase_button.clicked.connect(self.erase_all)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.erase_button)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.preview)
        layout.addLayout(bottom)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_preview())
        self.resize(820, 520)
        self.reload()

    def reload(self) -> None:
        rows = due_for_erasure(self.context.db)
        self.model.set_rows(rows)
        self.summary.setText(
            f"{plural(len(rows), 'person is', 'people are')} past the retention period."
            if rows
            else "Nobody is past the retention period."
        )
        self.erase_button.setEnabled(bool(rows))
        self.preview.setText("Select someone to see what erasing them removes.")

    def show_preview(self) -> None:
        chosen = self.table.selected_rows()
        if not chosen:
            return
        plan = plan_erasure(self.context.db, chosen[0].id)
        if plan.blocked:
            self.preview.setText(plan.blocked)
            return
        self.preview.setText(
            f"Erasing {plan.name} removes "
            + ", ".join(plan.lines)
            + ". Kept: "
            + "; ".join(plan.kept)
            + "."
        )

    def save_settings(self) -> None:
        new = RetentionSettings(self.contact_months.value(), self.safeguarding_years.value())
        try:
            save_retention(self.context.db, new)
        except MentorDeskError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return
        self.context.changed.emit(ALL_TOPICS)
        self.reload()

    def erase_all(self) -> None:
        rows = self.model.rows()
        plans = [plan_erasure(self.context.db, r.id) for r in rows]
        blocked = [p for p in plans if p.blocked]
        ready = [p for p in plans if not p.blocked]
        totals: dict[str, int] = {}
        for plan in ready:
            for label, count in plan.goes:
                totals[label] = totals.get(label, 0) + count
        lines = "\n".join(f"  • {label}: {count}" for label, count in totals.items() if count)
        note = (
            f"\n\n{len(blocked)} with an open safety concern are left until it is resolved."
            if blocked
            else ""
        )
        answer = QMessageBox.warning(
            self,
            "Erase everyone listed?",
            f"Erase {len(ready)} people for good, from the file and its backups?\n\n"
            f"This removes:\n{lines}\n\nKept: resolved safety concerns under a pseudonym, the "
            "history entries with their values replaced by “erased”, and an erasure record "
            f"for each (date and counts, never the name).{note}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.context.tasks.wait()
        erased = 0
        for plan in ready:
            try:
                erase_person(self.context.db, plan.person_id)
                erased += 1
            except (OSError, MentorDeskError) as exc:
                reason = (
                    str(exc) if isinstance(exc, MentorDeskError) else "a file could not be written"
                )
                QMessageBox.warning(
                    self, "Erasure stopped", f"{erased} were erased; then: {reason}"
                )
                break
        self.context.undo_stack.clear()
        self.context.changed.emit(ALL_TOPICS)
        self.context.status_message.emit(f"Erased {erased} people past the retention period.")
        self.reload()
