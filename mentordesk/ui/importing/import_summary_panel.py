"""The wizard's last panel: what was imported, the rows that were not (saved to a file to
fix), and undo."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from mentordesk.errors import MentorDeskError
from mentordesk.roster.importer import ImportResult
from mentordesk.ui.window.error_presenter import present_error

if TYPE_CHECKING:
    from mentordesk.ui.importing.import_wizard import ImportWizard


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Imported")
        self.owner = wizard
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.notes = QListWidget(self)
        self.notes.setAccessibleName("Problems and notes")
        self.save_button = QPushButton("&Save rejected rows…", self)
        self.save_button.clicked.connect(self.save_rejected)
        self.undo_button = QPushButton("&Undo this import", self)
        self.undo_button.clicked.connect(self.undo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:
        result = self.owner.import_result
        assert result is not None
        if self.owner.meetings:
            self.summary.setText(
                f"<b>{result.created}</b> meetings added, <b>{result.unchanged}</b> already "
                f"there, <b>{result.duplicates}</b> rows repeating a meeting (counted once), "
                f"<b>{result.rejected}</b> rows not imported."
                + (
                    " Save the rejected rows, fix them and import that file."
                    if result.rejected
                    else ""
                )
            )
        else:
            self.summary.setText(self._roster_summary(result))
        self._fill_notes(result)

    def _roster_summary(self, result: ImportResult) -> str:
        return (
            f"<b>{result.created}</b> people added, <b>{result.updated}</b> updated, "
            f"<b>{result.unchanged}</b> already there, <b>{result.duplicates}</b> duplicate rows "
            f"merged, <b>{result.rejected}</b> rows not imported."
            + (" Save the rejected rows, fix them and import that file." if result.rejected else "")
            + (
                f"<br><b>{len(result.to_verify)}</b> screening checks reported, to verify: "
                "a sheet's yes is not evidence, so those mentors are not ready until you "
                "record the certificate seen and who saw it."
                if result.to_verify
                else ""
            )
            + (
                "<br>Kept only as extra information (no field of their own): "
                + escape(", ".join(result.extra_columns))
                + "."
                if result.extra_columns and result.kind == "roster"
                else ""
            )
        )

    def _fill_notes(self, result: ImportResult) -> None:
        self.notes.clear()
        for problem in result.to_verify[:2000]:
            self.notes.addItem(f"To verify: {problem}")
        for problem in result.errors[:2000]:
            self.notes.addItem(f"Not imported: {problem}")
        for problem in result.warnings[:2000]:
            self.notes.addItem(f"Note: {problem}")
        self.save_button.setEnabled(result.rejected > 0)
        self.undo_button.setEnabled(True)

    def save_rejected(self) -> None:
        from mentordesk.roster.errors_file import write_errors_file

        result, source = self.owner.import_result, self.owner.source
        assert result is not None and source is not None
        suggested = source.path.with_name(f"{source.path.stem} - rejected rows.xlsx")
        path, _ = QFileDialog.getSaveFileName(
            self, "Save rejected rows", str(suggested), "Excel workbook (*.xlsx)"
        )
        if not path:
            return
        try:
            count = write_errors_file(Path(path), result, source.table)
        except MentorDeskError as exc:
            present_error(self, "Save rejected rows", exc)
            return
        self.owner.context.status_message.emit(f"Saved {count} rejected rows to {path}")

    def undo(self) -> None:
        if self.owner.undo_import():
            self.undo_button.setEnabled(False)
            self.summary.setText("<b>The import was undone.</b> The programme is as it was before.")
