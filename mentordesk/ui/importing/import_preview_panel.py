"""The wizard's preview panel: a dry run on the worker says what will happen to each row;
Import then writes the same rows in one transaction, from the sheet already read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QCheckBox, QLabel, QTableWidget, QVBoxLayout, QWizard, QWizardPage

from mentordesk.progress import Progress
from mentordesk.roster.import_kinds import run_import
from mentordesk.roster.importer import ImportResult, NothingImported
from mentordesk.ui.importing.import_cells import cell
from mentordesk.ui.widgets.typed_combo import item_value, set_item_value
from mentordesk.ui.window.error_presenter import explain, present_error
from mentordesk.ui.window.palette import tint

if TYPE_CHECKING:
    from mentordesk.ui.importing.import_wizard import ImportWizard

MAX_PREVIEW_ROWS = 5000


class PreviewPage(QWizardPage):
    COLUMNS = ("Row", "Name", "What will happen", "Why")
    LABELS = {
        "created": "Add",
        "updated": "Update",
        "unchanged": "Already there",
        "duplicate": "Merged (duplicate)",
        "rejected": "Not imported",
    }

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Preview")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Import")
        self.owner = wizard
        self.counts = QLabel(self)
        self.counts.setWordWrap(True)
        self.only_problems = QCheckBox("Show only rows that will &not be imported", self)
        self.only_problems.toggled.connect(self._filter)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setAccessibleName("Import preview")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.table, 1)
        self.preview: ImportResult | None = None

    def initializePage(self) -> None:
        self.preview = None
        self.table.setRowCount(0)
        self.counts.setText("Checking every row…")
        owner = self.owner
        source, mapping, role = owner.source, dict(owner.mapping), owner.role
        assert source is not None
        db = owner.context.db

        def work(progress: Progress) -> ImportResult:
            try:
                return run_import(
                    db, source, mapping=mapping, role=role, dry_run=True, progress=progress
                )
            except NothingImported as failure:
                return failure.result

        owner.context.tasks.run(
            work,
            on_done=self._show,
            on_error=self._failed,
            title=f"Checking the {owner.noun}…",
            parent=owner,
        )

    def _failed(self, exc: BaseException) -> None:
        self.counts.setText(f"<b>The {self.owner.noun} cannot be imported.</b> {explain(exc)}")
        self.completeChanged.emit()

    def _show(self, preview: ImportResult) -> None:
        self.preview = preview
        if self.owner.meetings:
            self.counts.setText(
                f"<b>{preview.created}</b> new meetings, <b>{preview.unchanged}</b> already "
                f"there, <b>{preview.duplicates}</b> rows repeating a meeting (counted once), "
                f"<b>{preview.rejected}</b> rows not imported (highlighted)."
            )
        else:
            self.counts.setText(
                f"<b>{preview.created}</b> new, <b>{preview.updated}</b> to update, "
                f"<b>{preview.unchanged}</b> already there, <b>{preview.duplicates}</b> "
                f"duplicate rows merged, <b>{preview.rejected}</b> rows not imported "
                "(highlighted)."
            )
        outcomes = sorted(preview.outcomes, key=lambda o: (o.status != "rejected", o.row))
        outcomes = outcomes[:MAX_PREVIEW_ROWS]
        self.table.setRowCount(len(outcomes))
        messages: dict[int, list[str]] = {}
        for problem in preview.errors:
            if problem.row is not None:
                messages.setdefault(problem.row, []).append(str(problem).split(": ", 1)[-1])
        for r, outcome in enumerate(outcomes):
            why = (
                " ".join(messages.get(outcome.row, []))
                if outcome.status == "rejected"
                else outcome.message
            )
            items = [
                cell(str(outcome.row)),
                cell(outcome.name),
                cell(self.LABELS.get(outcome.status, outcome.status)),
                cell(why, tooltip=why),
            ]
            brush = (
                QBrush(tint(self.table, outcome.status))
                if outcome.status in ("rejected", "duplicate")
                else None
            )
            for c, item in enumerate(items):
                if brush is not None:
                    item.setBackground(brush)
                set_item_value(item, outcome.status)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self._filter()
        self.completeChanged.emit()

    def _filter(self) -> None:
        only = self.only_problems.isChecked()
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            status = item_value(item)
            self.table.setRowHidden(r, only and status != "rejected")

    def isComplete(self) -> bool:
        return self.preview is not None and self.preview.imported > 0

    def validatePage(self) -> bool:
        owner = self.owner
        if owner.import_result is not None:
            return True
        source, mapping, role = owner.source, dict(owner.mapping), owner.role
        assert source is not None
        db = owner.context.db

        def work(progress: Progress) -> ImportResult:
            return run_import(db, source, mapping=mapping, role=role, progress=progress)

        owner.context.tasks.run(
            work,
            on_done=self._imported,
            on_error=self._import_failed,
            on_cancelled=lambda: self.counts.setText(
                "<b>The import was cancelled; nothing was written.</b>"
            ),
            title=f"Importing {source.path.name}…",
            parent=owner,
        )
        return False

    def _imported(self, result: ImportResult) -> None:
        self.owner.imported(result)
        QTimer.singleShot(0, self.owner.next)

    def _import_failed(self, exc: BaseException) -> None:
        present_error(self, "Import failed", exc, what="Nothing was written.")
