"""The wizard's first panel: the file, its sheet, and who is in it. The workbook is read
on the worker, with progress, once: later panels use what was read."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from mentordesk.models import Role
from mentordesk.progress import Progress
from mentordesk.roster.import_kinds import open_import
from mentordesk.roster.source import RosterSource
from mentordesk.ui.importing.import_cells import ROLE_CHOICES, guess_role
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window.error_presenter import explain
from mentordesk.wording import plural

if TYPE_CHECKING:
    from mentordesk.ui.importing.import_wizard import ImportWizard

SPREADSHEET_FILTER = (
    "Spreadsheets (*.xlsx *.xlsm *.xlsb *.xls *.ods *.csv *.tsv *.txt);;All files (*)"
)


def documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        formats = "Excel (.xlsx, .xlsm, .xlsb, .xls), LibreOffice (.ods), CSV or TSV."
        if wizard.meetings:
            self.setTitle("Choose the meeting log")
            self.setSubTitle(
                "A spreadsheet of meetings, one per row (mentor, mentee, date, minutes, and "
                f"how they met): {formats}"
            )
        else:
            self.setTitle("Choose the roster file")
            self.setSubTitle(f"A spreadsheet of people, one per row: {formats}")
        self.owner = wizard
        self.loading = False
        self.role_chosen = False  # the coordinator picked who is in it: keep that choice
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("Meeting log" if wizard.meetings else "Roster file")
        self.path_edit.editingFinished.connect(self._path_edited)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        self.sheet_combo: ValueCombo[str] = ValueCombo(self, value_type=str, name="Sheet")
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.role_combo: ValueCombo[Role | None] = ValueCombo(
            self, value_type=Role, optional=True, name="Role", items=ROLE_CHOICES
        )
        self.role_combo.currentIndexChanged.connect(self._role_changed)
        self.role_combo.activated.connect(self._role_picked)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        # The file row is a layout: its label needs a buddy, or "&File:" shows its "&".
        file_label = QLabel("&File:", self)
        file_label.setBuddy(self.path_edit)
        form = QFormLayout()
        form.addRow(file_label, row)
        form.addRow("&Sheet:", self.sheet_combo)
        form.addRow("&Who is in it:", self.role_combo)
        # A meeting log names its mentor and mentee in each row: nobody's role to choose.
        form.setRowVisible(self.role_combo, not wizard.meetings)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def browse(self) -> None:
        current = self.path_edit.text().strip()
        start = str(Path(current).parent) if current else documents_folder()
        path, _ = QFileDialog.getOpenFileName(
            self, self.owner.windowTitle(), start, SPREADSHEET_FILTER
        )
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self.load(path, None)

    def _path_edited(self) -> None:
        text = self.path_edit.text().strip()
        current = self.owner.source.path if self.owner.source else None
        if text and Path(text) != current and not self.loading:
            self.load(Path(text), None)

    def _sheet_chosen(self) -> None:
        source = self.owner.source
        name = self.sheet_combo.value()
        if source is not None and name and name != source.table.sheet:
            self.load(source.path, name)

    def _role_changed(self) -> None:
        self.owner.role = self.role_combo.value()

    def _role_picked(self) -> None:
        self.role_chosen = True

    def load(self, path: Path, sheet: str | None) -> None:
        """Read the workbook on the worker; the panel waits, then shows what it found."""
        db, kind = self.owner.context.db, self.owner.kind
        self.loading = True
        self.owner.set_source(None)
        self.message.setText(f"Reading {path.name}…")
        self.completeChanged.emit()

        def work(progress: Progress) -> RosterSource:
            return open_import(db, path, kind, sheet=sheet, progress=progress)

        self.owner.context.tasks.run(
            work,
            on_done=self._loaded,
            on_error=self._failed,
            on_cancelled=lambda: self._failed(None),
            title=f"Reading {path.name}…",
            parent=self.owner,
        )

    def _failed(self, exc: BaseException | None) -> None:
        self.loading = False
        self.owner.set_source(None)
        reason = "Reading it was cancelled." if exc is None else explain(exc)
        self.message.setText(f"<b>This file cannot be imported.</b><br>{reason}")
        self.sheet_combo.clear()
        self.completeChanged.emit()

    def _loaded(self, source: RosterSource) -> None:
        self.loading = False
        self.owner.set_source(source)
        self.sheet_combo.set_items(
            (info.name, info.name if info.visible else f"{info.name} (hidden)")
            for info in source.sheets
        )
        self.sheet_combo.select_value(source.table.sheet)
        has_role = "role" in source.guessed_mapping.values()
        if (
            not has_role
            and not self.owner.meetings
            and (not self.role_chosen or self.role_combo.value() is None)
        ):
            texts = [*source.table.headers, source.table.sheet, source.path.stem]
            self.role_combo.select_value(guess_role(texts))
        self.message.setText(
            f"Sheet '{source.table.sheet}': {plural(len(source.table.rows), 'row')} under a "
            f"header on row {source.table.header_row}."
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.owner.source is not None and not self.loading
