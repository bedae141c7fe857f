"""File → Import roster…: pick the file and sheet, confirm the header row, correct the
column mapping, preview what will happen, import (with progress and cancel), then see a
summary with "Save rejected rows…" and "Undo this import"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from mentordesk.errors import MentorDeskError
from mentordesk.models import Role
from mentordesk.roster.fields import FIELDS
from mentordesk.roster.import_undo import RedoImport, UndoImport
from mentordesk.roster.importer import ImportResult, NothingImported, check_mapping, import_roster
from mentordesk.roster.source import RosterSource, open_source, source_with_header_row
from mentordesk.roster.table import column_letter
from mentordesk.roster.values import text as cell_text
from mentordesk.ui.widgets.typed_combo import ValueCombo, item_value, set_item_value
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, AppContext
from mentordesk.ui.window.undo_commands import ActionCommand

SPREADSHEET_FILTER = "Spreadsheets (*.xlsx *.xlsm *.csv *.txt);;All files (*)"
PREVIEW_GRID_ROWS = 40
PREVIEW_GRID_COLUMNS = 40
MAX_PREVIEW_ROWS = 5000
REJECTED_BRUSH = QBrush(QColor("#f8d7da"))
HEADER_BRUSH = QBrush(QColor("#d1e7dd"))
DUPLICATE_BRUSH = QBrush(QColor("#fff3cd"))
ROLE_CHOICES = [
    ("Each row's Role column says", None),
    ("Everyone in the file is a mentee", Role.MENTEE),
    ("Everyone in the file is a mentor", Role.MENTOR),
]


def _item(text: str, *, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def _shown(value: Any) -> str:
    try:
        return cell_text(value)
    except ValueError:
        return str(value)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Choose the roster file")
        self.setSubTitle("An Excel workbook (.xlsx, .xlsm) or a CSV file of people, one per row.")
        self.owner = wizard
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName("Roster file")
        self.path_edit.editingFinished.connect(self._path_edited)
        browse = QPushButton("&Browse…", self)
        browse.clicked.connect(self.browse)
        self.sheet_combo: ValueCombo[str] = ValueCombo(self, value_type=str, name="Sheet")
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.role_combo: ValueCombo[Role | None] = ValueCombo(
            self,
            value_type=Role,
            optional=True,
            name="Role",
            items=[(role, label) for label, role in ROLE_CHOICES],
        )
        self.role_combo.currentIndexChanged.connect(self._role_chosen)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("&File:", row)
        form.addRow("&Sheet:", self.sheet_combo)
        form.addRow("&Who is in it:", self.role_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import roster", "", SPREADSHEET_FILTER)
        if path:
            self.set_path(Path(path))

    def set_path(self, path: Path) -> None:
        self.path_edit.setText(str(path))
        self.load(path, None)

    def _path_edited(self) -> None:
        text = self.path_edit.text().strip()
        current = self.owner.source.path if self.owner.source else None
        if text and Path(text) != current:
            self.load(Path(text), None)

    def _sheet_chosen(self) -> None:
        source = self.owner.source
        name = self.sheet_combo.value()
        if source is not None and name and name != source.table.sheet:
            self.load(source.path, name)

    def _role_chosen(self) -> None:
        self.owner.role = self.role_combo.value()

    def load(self, path: Path, sheet: str | None) -> None:
        try:
            source = open_source(self.owner.context.db, path, sheet=sheet)
        except MentorDeskError as exc:
            self.owner.set_source(None)
            self.message.setText(f"<b>This file cannot be imported.</b><br>{exc}")
            self.sheet_combo.clear()
            self.completeChanged.emit()
            return
        self.owner.set_source(source)
        self.sheet_combo.set_items(
            (info.name, info.name if info.visible else f"{info.name} (hidden)")
            for info in source.sheets
        )
        self.sheet_combo.select_value(source.table.sheet)
        has_role = "role" in source.guessed_mapping.values()
        if not has_role and self.role_combo.value() is None:
            self.role_combo.setCurrentIndex(1)
        self.message.setText(
            f"Sheet '{source.table.sheet}': {len(source.table.rows):,} rows under a header "
            f"on row {source.table.header_row}."
        )
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.owner.source is not None


class HeaderPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Confirm the header row")
        self.setSubTitle("The row that names the columns. Click another row if this is wrong.")
        self.owner = wizard
        self.grid = QTableWidget(self)
        self.grid.setAccessibleName("Sheet preview")
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.cellClicked.connect(lambda row, _column: self.row_spin.setValue(row + 1))
        self.row_spin = QSpinBox(self)
        self.row_spin.setAccessibleName("Header row")
        self.row_spin.setMinimum(1)
        self.row_spin.valueChanged.connect(self._row_changed)
        form = QFormLayout()
        form.addRow("&Header row:", self.row_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.grid, 1)

    def initializePage(self) -> None:
        source = self.owner.source
        assert source is not None
        rows = source.grid.rows[:PREVIEW_GRID_ROWS]
        width = min(max((len(r) for r in rows), default=0), PREVIEW_GRID_COLUMNS)
        self.grid.clear()
        self.grid.setRowCount(len(rows))
        self.grid.setColumnCount(width)
        self.grid.setHorizontalHeaderLabels([column_letter(c + 1) for c in range(width)])
        for r, row in enumerate(rows):
            for c, value in enumerate(row[:width]):
                if value is not None:
                    self.grid.setItem(r, c, _item(_shown(value)))
        self.row_spin.blockSignals(True)
        self.row_spin.setMaximum(max(1, len(source.grid.rows)))
        self.row_spin.setValue(source.table.header_row)
        self.row_spin.blockSignals(False)
        self._highlight(source.table.header_row)

    def _highlight(self, header_row: int) -> None:
        for r in range(self.grid.rowCount()):
            for c in range(self.grid.columnCount()):
                item = self.grid.item(r, c)
                if item is not None:
                    item.setBackground(HEADER_BRUSH if r + 1 == header_row else QBrush())
        if 0 < header_row <= self.grid.rowCount():
            self.grid.scrollToItem(self.grid.item(header_row - 1, 0) or _item(""))

    def _row_changed(self, header_row: int) -> None:
        source = self.owner.source
        if source is None or header_row == source.table.header_row:
            return
        try:
            self.owner.set_source(source_with_header_row(self.owner.context.db, source, header_row))
        except MentorDeskError as exc:
            QMessageBox.warning(self, "Header row", str(exc))
            return
        self._highlight(header_row)


class MappingPage(QWizardPage):
    COLUMNS = ("Column in the sheet", "Example values", "Import as", "Sure")

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Check what each column holds")
        self.setSubTitle(
            "Correct any guess. Columns kept as extra information are stored with each person, "
            "so nothing in the sheet is lost. Your corrections are remembered for this layout."
        )
        self.owner = wizard
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setAccessibleName("Column mapping")
        self.table.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.combos: list[ValueCombo[str | None]] = []

    def initializePage(self) -> None:
        source = self.owner.source
        assert source is not None
        self.table.setRowCount(len(source.guesses))
        self.combos = []
        samples = source.table.samples(limit=5)
        for r, guess in enumerate(source.guesses):
            self.table.setItem(r, 0, _item(guess.header))
            examples = ", ".join(_shown(v) for v in samples[r] if v is not None)[:120]
            self.table.setItem(r, 1, _item(examples))
            combo: ValueCombo[str | None] = ValueCombo(
                self.table,
                value_type=str,
                optional=True,
                name=f"Import '{guess.header}' as",
                items=[(None, "Keep as extra information"), *((f.name, f.label) for f in FIELDS)],
            )
            chosen = self.owner.mapping.get(guess.header, guess.field)
            if not combo.select_value(chosen):
                combo.setCurrentIndex(0)
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(r, 2, combo)
            self.combos.append(combo)
            sure = f"{round(guess.confidence * 100)}%" if guess.field else ""
            if guess.source == "remembered":
                sure = "remembered"
            self.table.setItem(
                r, 3, _item(sure, tooltip=f"Guessed from the {guess.source or 'header'}")
            )
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self._changed()

    def current_mapping(self) -> dict[str, str | None]:
        source = self.owner.source
        assert source is not None
        return {
            guess.header: combo.value()
            for guess, combo in zip(source.guesses, self.combos, strict=True)
        }

    def _changed(self) -> None:
        self.owner.mapping = self.current_mapping()
        self.message.clear()

    def validatePage(self) -> bool:
        source = self.owner.source
        assert source is not None
        mapping = self.current_mapping()
        taken: dict[str, str] = {}
        for header, field in mapping.items():
            if field and field in taken:
                self.message.setText(
                    f"'{taken[field]}' and '{header}' are both imported as the same field; "
                    "choose one."
                )
                return False
            if field:
                taken[field] = header
        try:
            check_mapping(source, mapping, self.owner.role)
        except MentorDeskError as exc:
            self.message.setText(str(exc))
            return False
        self.owner.mapping = mapping
        return True


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

        def work(progress: Any) -> ImportResult:
            try:
                return import_roster(
                    db, source, mapping=mapping, role=role, dry_run=True, progress=progress
                )
            except NothingImported as failure:
                return failure.result

        owner.context.tasks.run(
            work,
            on_done=self._show,
            on_error=self._failed,
            title="Checking the roster…",
            parent=owner,
        )

    def _failed(self, exc: BaseException) -> None:
        self.counts.setText(f"<b>The roster cannot be imported.</b> {exc}")
        self.completeChanged.emit()

    def _show(self, preview: ImportResult) -> None:
        self.preview = preview
        self.counts.setText(
            f"<b>{preview.created}</b> new, <b>{preview.updated}</b> to update, "
            f"<b>{preview.unchanged}</b> already there, <b>{preview.duplicates}</b> duplicate "
            f"rows merged, <b>{preview.rejected}</b> rows not imported (highlighted)."
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
                _item(str(outcome.row)),
                _item(outcome.name),
                _item(self.LABELS.get(outcome.status, outcome.status)),
                _item(why, tooltip=why),
            ]
            brush = {"rejected": REJECTED_BRUSH, "duplicate": DUPLICATE_BRUSH}.get(outcome.status)
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
        if owner.result is not None:
            return True
        source, mapping, role = owner.source, dict(owner.mapping), owner.role
        assert source is not None
        db = owner.context.db

        def work(progress: Any) -> ImportResult:
            return import_roster(db, source, mapping=mapping, role=role, progress=progress)

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
        QMessageBox.warning(self, "Import failed", f"Nothing was written.\n\n{exc}")


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
        result = self.owner.result
        assert result is not None
        self.summary.setText(
            f"<b>{result.created}</b> people added, <b>{result.updated}</b> updated, "
            f"<b>{result.unchanged}</b> already there, <b>{result.duplicates}</b> duplicate rows "
            f"merged, <b>{result.rejected}</b> rows not imported."
            + (" Save the rejected rows, fix them and import that file." if result.rejected else "")
        )
        self.notes.clear()
        for problem in result.errors[:2000]:
            self.notes.addItem(f"Not imported: {problem}")
        for problem in result.warnings[:2000]:
            self.notes.addItem(f"Note: {problem}")
        self.save_button.setEnabled(result.rejected > 0)
        self.undo_button.setEnabled(True)

    def save_rejected(self) -> None:
        from mentordesk.roster.errors_file import write_errors_file

        result, source = self.owner.result, self.owner.source
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
            QMessageBox.warning(self, "Save rejected rows", str(exc))
            return
        self.owner.context.status_message.emit(f"Saved {count} rejected rows to {path}")

    def undo(self) -> None:
        if self.owner.undo_import():
            self.undo_button.setEnabled(False)
            self.summary.setText("<b>The import was undone.</b> The programme is as it was before.")


class ImportWizard(QWizard):
    def __init__(
        self, context: AppContext, path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Import roster")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(900, 620)
        self.source: RosterSource | None = None
        self.mapping: dict[str, str | None] = {}
        self.role: Role | None = None
        self.result: ImportResult | None = None
        self.command: ActionCommand | None = None
        self.file_page = FilePage(self)
        self.header_page = HeaderPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.summary_page = SummaryPage(self)
        for page in (
            self.file_page,
            self.header_page,
            self.mapping_page,
            self.preview_page,
            self.summary_page,
        ):
            self.addPage(page)
        if path is not None:
            self.file_page.set_path(Path(path))

    def set_source(self, source: RosterSource | None) -> None:
        self.source = source
        self.mapping = dict(source.guessed_mapping) if source else {}

    def imported(self, result: ImportResult) -> None:
        self.result = result
        if result.batch_id is not None:
            self.command = ActionCommand.already_done(
                self.context,
                f"Import {result.file} ({result.created} added)",
                redo=RedoImport(result.batch_id),
                undo=UndoImport(result.batch_id),
                warn=True,
            )
            self.context.undo_stack.push(self.command)
        self.context.notify(PARTICIPANTS, PAIRINGS, ACTIVITY)
        self.context.status_message.emit(
            f"Imported {result.file}: {result.created} added, {result.updated} updated."
        )

    def undo_import(self) -> bool:
        """Undo through the window's undo stack when this import is its latest step."""
        stack = self.context.undo_stack
        command = self.command
        if command is None:
            return False
        if stack.index() > 0 and stack.command(stack.index() - 1) is command:
            stack.undo()
            return not command.applied
        return command.undo_outside_stack(self)
