"""Documents: print agreements for chosen pairings, record when they come back signed, and
print progress reports, with a preview of the first page."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QItemSelection, QItemSelectionModel, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.documents.agreement_register import (
    AgreementRow,
    RecordSigned,
    agreement_file_name,
    agreement_rows,
)
from mentordesk.documents.document_pairs import AGREEMENT_STATUSES
from mentordesk.documents.preflight import Preflight
from mentordesk.documents.report_periods import Period, date_range, this_term, this_year
from mentordesk.errors import MentorDeskError
from mentordesk.programme.first_run import missing_settings
from mentordesk.progress import Progress
from mentordesk.ui.widgets.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window import window_state as ui_settings
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.error_presenter import present_error
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.shortcuts import add_shortcut
from mentordesk.ui.window.undo_commands import ActionCommand, perform

PDF_FILTER = "PDF documents (*.pdf)"
PREVIEW_DPI = 110


AGREEMENT_COLUMNS: list[Column[AgreementRow]] = [
    Column("Mentee", lambda r: r.mentee_name),
    Column("Mentor", lambda r: r.mentor_name),
    Column("Status", lambda r: r.status, text=lambda r: r.status.capitalize()),
    Column("Start date", lambda r: r.start_date),
    Column("Agreement printed", lambda r: r.printed_on),
    Column("Returned signed", lambda r: r.signed_on),
]
SHOW_CHOICES = (
    ("New pairings (agreement not printed)", "new"),
    ("Active and proposed pairings", "open"),
    ("All pairings", "all"),
)


def signed_dates_command(
    context: AppContext, changes: dict[int, tuple[dt.date | None, dt.date | None]]
) -> ActionCommand:
    """One undoable step setting (or clearing) the signed date of some pairings."""
    cleared = all(after is None for _, after in changes.values())
    count = len(changes)
    noun = "agreement" if count == 1 else f"{count} agreements"
    text = f"Clear the signed date of {noun}" if cleared else f"Record {noun} returned signed"
    action = RecordSigned(tuple((pairing_id, after) for pairing_id, (_, after) in changes.items()))
    return ActionCommand(context, text, action)


class SignedDateDialog(QDialog):
    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement returned signed")
        today = clock.today()
        self.date = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setMaximumDate(QDate(today.year, today.month, today.day))
        what = "the agreement" if count == 1 else f"the {count} agreements"
        form = QFormLayout(self)
        form.addRow(QLabel(f"The day {what} came back signed:", self))
        form.addRow("&Date:", self.date)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> dt.date:
        value = self.date.date()
        return dt.date(value.year(), value.month(), value.day())


class PagePreview(QLabel):
    """Shows a page image scaled to the width available, keeping its proportions."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.source: QPixmap | None = None
        self._width = 0
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWordWrap(True)

    def set_page(self, pixmap: QPixmap) -> None:
        self.source = pixmap
        self._width = 0
        self._fit()

    def _fit(self) -> None:
        if self.source is None or self.source.isNull():
            return
        width = max(100, self.width() - 4)
        if width != self._width:
            self._width = width
            self.setPixmap(
                self.source.scaledToWidth(
                    min(width, self.source.width() * 2),
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()


class DocumentsPage(Page):
    title = "Documents"
    topics = frozenset({PAIRINGS, PARTICIPANTS, ACTIVITY, PROGRAMME})
    shows = ("documents",)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.last_saved: Path | None = None
        self.last_preview_png: bytes | None = None
        self.model = RowTableModel(AGREEMENT_COLUMNS, key=lambda r: r.id, parent=self)
        self.proxy = RowFilterProxy(lambda r: f"{r.mentee_name} {r.mentor_name}".casefold(), self)
        self.table = RowTableView(self.model, self.proxy, "documents", self)
        self.table.setAccessibleName("Pairings for documents")
        self.table.set_empty_text(
            "No pairings to print for yet. Agreements are printed for the pairs made on "
            "Matching or Pairings."
        )
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        # Agreements.
        self.show_filter: ValueCombo[str] = ValueCombo(
            self,
            value_type=str,
            name="Show pairings",
            items=[(value, label) for label, value in SHOW_CHOICES],
        )
        self.show_filter.currentIndexChanged.connect(self._apply_filter)
        self.select_new_button = QPushButton("Select all &new pairings", self)
        self.select_new_button.clicked.connect(self.select_new_pairings)
        self.separate = QCheckBox("One fi&le per pair", self)
        self.preview_agreement_button = QPushButton("Pre&view agreement", self)
        self.preview_agreement_button.clicked.connect(self.preview_agreement)
        self.print_agreements_button = QPushButton("Print…", self)
        self.print_agreements_button.setToolTip(
            "Print the selected pairings' agreements, with a preview (Ctrl+P)"
        )
        self.print_agreements_button.clicked.connect(self.print_agreements)
        self.save_agreements_button = QPushButton("&Save agreements…", self)
        self.save_agreements_button.clicked.connect(self.save_agreements)
        self.signed_button = QPushButton("Ret&urned signed…", self)
        self.signed_button.clicked.connect(self.mark_signed)
        self.clear_signed_button = QPushButton("Clear signed date", self)
        self.clear_signed_button.clicked.connect(self.clear_signed)
        settings_button = QPushButton("Programme se&ttings…", self)
        settings_button.clicked.connect(self.open_settings)

        filter_row = QHBoxLayout()
        show_label = QLabel("Sho&w:", self)
        show_label.setBuddy(self.show_filter)
        filter_row.addWidget(show_label)
        filter_row.addWidget(self.show_filter, 1)
        filter_row.addWidget(self.select_new_button)
        agreement_buttons = QHBoxLayout()
        agreement_buttons.addWidget(self.preview_agreement_button)
        agreement_buttons.addWidget(self.print_agreements_button)
        agreement_buttons.addWidget(self.save_agreements_button)
        agreement_buttons.addWidget(self.separate)
        agreement_buttons.addStretch(1)
        signed_buttons = QHBoxLayout()
        signed_buttons.addWidget(self.signed_button)
        signed_buttons.addWidget(self.clear_signed_button)
        signed_buttons.addStretch(1)
        signed_buttons.addWidget(settings_button)
        agreements_box = QGroupBox("Agreements", self)
        agreements_layout = QVBoxLayout(agreements_box)
        agreements_layout.addLayout(filter_row)
        agreements_layout.addWidget(self.table, 1)
        agreements_layout.addLayout(agreement_buttons)
        agreements_layout.addLayout(signed_buttons)

        # Reports.
        self.period_choice: ValueCombo[str] = ValueCombo(
            self,
            value_type=str,
            name="Report period",
            items={"term": "This term", "year": "This year", "range": "Dates I choose"},
        )
        self.period_choice.currentIndexChanged.connect(self._update_buttons)
        today = clock.today()
        year_start = this_year(today).start
        self.period_from = QDateEdit(QDate(year_start.year, year_start.month, year_start.day), self)
        self.period_to = QDateEdit(QDate(today.year, today.month, today.day), self)
        for edit in (self.period_from, self.period_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.include_notes = QCheckBox("Include &confidential notes (pairing report)", self)
        # The programme report is for a board or a funder and names no one by default.
        self.internal = QCheckBox(
            "Programme report for m&y own use: name the pairs needing attention", self
        )
        self.internal.setToolTip(
            "Adds participants' names; every page then says “internal — contains names”. "
            "Leave it off for a report that leaves the programme."
        )
        self.pairing_report_button = QPushButton("&Pairing report…", self)
        self.pairing_report_button.clicked.connect(lambda: self.save_report(pairing=True))
        self.programme_report_button = QPushButton("Progra&mme report…", self)
        self.programme_report_button.clicked.connect(lambda: self.save_report(pairing=False))
        self.preview_report_button = QPushButton("Preview &report", self)
        self.preview_report_button.clicked.connect(self.preview_report)
        period_row = QHBoxLayout()
        period_label = QLabel("Per&iod:", self)
        period_label.setBuddy(self.period_choice)
        period_row.addWidget(period_label)
        period_row.addWidget(self.period_choice)
        period_row.addWidget(self.period_from)
        period_row.addWidget(QLabel("to", self))
        period_row.addWidget(self.period_to)
        period_row.addStretch(1)
        report_buttons = QHBoxLayout()
        report_buttons.addWidget(self.preview_report_button)
        report_buttons.addWidget(self.pairing_report_button)
        report_buttons.addWidget(self.programme_report_button)
        report_buttons.addStretch(1)
        reports_box = QGroupBox("Progress reports", self)
        reports_layout = QVBoxLayout(reports_box)
        reports_layout.addLayout(period_row)
        reports_layout.addWidget(self.include_notes)
        reports_layout.addWidget(self.internal)
        reports_layout.addLayout(report_buttons)

        # Preview.
        self.preview = PagePreview("Choose a pairing and press Preview.", self)
        self.preview.setAccessibleName("Preview of the first page")
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(300)
        self.open_button = QPushButton("&Open in PDF viewer", self)
        self.open_button.clicked.connect(self.open_last_saved)
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        preview_box = QGroupBox("First page", self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(scroll, 1)
        preview_layout.addWidget(self.saved_label)
        preview_layout.addWidget(self.open_button)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(agreements_box, 1)
        left_layout.addWidget(reports_box)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(preview_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        state = ui_settings.load_state("documents/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        add_shortcut(
            self,
            "Ctrl+P",
            self.print_agreements,
            "Print the agreements of the selected pairings (with a preview)",
        )
        self._apply_filter()
        self._update_buttons()

    # --- rows ------------------------------------------------------------------------
    def reload(self) -> None:
        selected = {r.id for r in self.table.selected_rows()}
        rows = agreement_rows(self.context.db)
        self.model.set_rows(rows)
        self.select_ids(selected)
        self._update_buttons()

    def _apply_filter(self) -> None:
        choice = self.show_filter.value()
        open_values = {s.value for s in AGREEMENT_STATUSES}
        predicate = {
            "new": lambda r: r.is_new,
            "open": lambda r: r.status in open_values,
            "all": None,
        }[choice]
        self.proxy.set_predicate("show", predicate)
        self._update_buttons()

    def select_ids(self, ids: set[int]) -> None:
        selection = QItemSelection()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, ROW_ROLE).id in ids:
                selection.select(index, self.proxy.index(row, self.proxy.columnCount() - 1))
        self.table.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def select_new_pairings(self) -> None:
        self.show_filter.setCurrentIndex(0)
        self.select_ids({r.id for r in self.model.rows() if r.is_new})
        if not self.table.selected_rows():
            self.context.status_message.emit("Every active or proposed pairing has an agreement.")

    def selected_ids(self) -> list[int]:
        return [r.id for r in self.table.selected_rows()]

    def _update_buttons(self, *_: object) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.preview_agreement_button.setEnabled(count >= 1)
        self.save_agreements_button.setEnabled(count >= 1)
        self.signed_button.setEnabled(count >= 1)
        self.clear_signed_button.setEnabled(
            any(r.signed_on is not None for r in self.table.selected_rows())
        )
        self.pairing_report_button.setEnabled(count == 1)
        custom = self.period_choice.value() == "range"
        self.period_from.setEnabled(custom)
        self.period_to.setEnabled(custom)
        self.open_button.setEnabled(self.last_saved is not None and self.last_saved.exists())
        self.save_agreements_button.setText(
            "&Save agreements…" if count != 1 else "&Save agreement…"
        )

    # --- period ----------------------------------------------------------------------
    def period(self, pairing_id: int | None = None) -> Period:
        """The chosen period; "This year" for one pairing starts at the pairing's start (or
        the programme year's, whichever is later)."""
        today = clock.today()
        choice = self.period_choice.value()
        if choice == "term":
            return this_term(today)
        if choice == "year":
            from mentordesk.documents.reports import default_period

            return default_period(self.context.db, pairing_id)
        start, end = self.period_from.date(), self.period_to.date()
        return date_range(
            dt.date(start.year(), start.month(), start.day()),
            dt.date(end.year(), end.month(), end.day()),
            today,
        )

    # --- preview ---------------------------------------------------------------------
    def show_preview(self, png: bytes, caption: str) -> None:
        self.last_preview_png = png
        self.preview.set_page(QPixmap.fromImage(QImage.fromData(png)))
        self.preview.setToolTip(caption)
        self.saved_label.setText(caption)

    def _preview(self, make_pdf: Any, caption: str) -> None:
        def work(progress: Progress) -> bytes:
            from mentordesk.documents.preview import first_page_png

            return first_page_png(make_pdf(progress), PREVIEW_DPI)

        self.context.tasks.run(
            work,
            on_done=lambda png: self.show_preview(png, caption),
            on_error=self._show_error,
            title="Preparing the preview…",
            parent=self,
        )

    def preview_agreement(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        from mentordesk.documents.agreements import agreement_pdf_bytes

        db = self.context.db
        row = self.table.selected_rows()[0]
        self._preview(
            lambda _progress: agreement_pdf_bytes(db, ids[0]),
            f"Preview: agreement for {row.mentee_name} and {row.mentor_name}",
        )

    def print_agreements(self) -> None:
        """The selected pairings' agreements through the system's print dialog; the print
        date is recorded when they were printed, as saving records it."""
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(
                self, "No pairing chosen", "Choose one or more pairings in the list first."
            )
            return
        if not self.settings_ready():
            return
        ids = self.printable(ids)
        if not ids:
            return
        from mentordesk.documents.agreements import agreement_pdfs, record_printed
        from mentordesk.ui.documents.print_preview import print_documents

        db = self.context.db
        what = "agreement" if len(ids) == 1 else f"{len(ids)} agreements"
        if not print_documents(
            self.context, lambda: list(agreement_pdfs(db, ids).pdfs), f"Print {what}", self
        ):
            return

        def done(recorded: tuple[int, ...]) -> None:
            self.context.notify(PAIRINGS)
            message = f"Printed {what}."
            if recorded:
                message += " Today is recorded as the print date."
            self.saved_label.setText(message)
            self.context.status_message.emit(message)

        self.context.tasks.run(
            lambda _progress: record_printed(db, ids, clock.today()),
            on_done=done,
            on_error=self._show_error,
            title="Recording the print date…",
            parent=self,
        )

    def printable(self, ids: list[int]) -> list[int]:
        """The pairings among `ids` whose agreement may print. An agreement states that the
        mentor has completed screening and training: the others are named, one sentence
        each, and left out (all of them: nothing prints)."""
        from mentordesk.documents.agreements import AgreementsRefused, refused_agreements

        try:
            refused = refused_agreements(self.context.db, ids)
        except MentorDeskError as exc:
            self._show_error(exc)
            return []
        if len(refused) == len(ids):
            self._show_error(AgreementsRefused(refused))
            return []
        if refused:
            left_out = {r.pairing_id for r in refused}
            ids = [i for i in ids if i not in left_out]
            others = (
                "The other agreement prints."
                if len(ids) == 1
                else (f"The other {len(ids)} agreements print.")
            )
            QMessageBox.warning(
                self,
                "Some agreements will not print",
                "\n\n".join(r.reason for r in refused) + "\n\n" + others,
            )
        return ids

    def preview_report(self) -> None:
        ids = self.selected_ids()
        pairing = ids[0] if len(ids) == 1 else None
        try:
            period = self.period(pairing)
        except MentorDeskError as exc:
            self._show_error(exc)
            return
        from mentordesk.documents.reports import report_pdf_bytes

        db, notes = self.context.db, self.include_notes.isChecked()
        internal = self.internal.isChecked() and pairing is None
        what = "programme report" if pairing is None else "pairing report"
        self._preview(
            lambda progress: report_pdf_bytes(
                db, period, pairing, include_notes=notes, internal=internal, progress=progress
            )[0],
            f"Preview: {what}",
        )

    # --- saving ----------------------------------------------------------------------
    def _ask_target(self, separate: bool, suggestion: str) -> Path | None:
        folder = ui_settings.app_settings().value("documents/folder", str(Path.home()))
        if separate:
            chosen = QFileDialog.getExistingDirectory(
                self, "Choose a folder for the agreements", str(folder)
            )
        else:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Save as PDF", str(Path(str(folder)) / suggestion), PDF_FILTER
            )
        if not chosen:
            return None
        path = Path(chosen)
        ui_settings.app_settings().setValue(
            "documents/folder", str(path if separate else path.parent)
        )
        return path

    def save_agreements(self) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(
                self, "No pairing chosen", "Choose one or more pairings in the list first."
            )
            return
        if not self.settings_ready():
            return
        ids = self.printable(ids)
        if not ids:
            return
        separate = self.separate.isChecked()
        suggestion = "Agreements.pdf" if len(ids) > 1 else "Agreement.pdf"
        if len(ids) == 1 and not separate:
            suggestion = agreement_file_name(self.context.db, ids[0])
        target = self._ask_target(separate, suggestion)
        if target is None:
            return
        self.write_agreements(ids, target, separate, settings_confirmed=True)

    def confirm_print(self, preflight: Preflight) -> bool:
        """Name what will not print as it should (empty settings, characters no font has)
        before printing; the coordinator prints anyway or goes back."""
        if preflight.clean:
            return True
        answer = QMessageBox.warning(
            self,
            "Before printing",
            "\n\n".join(preflight.lines()) + "\n\nPrint anyway?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def settings_ready(self) -> bool:
        """Before printing: name the programme settings still empty, and let the coordinator
        fill them in first (or print anyway). True to go on printing."""
        missing = missing_settings(self.context.db)
        if not missing:
            return True
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Programme settings are incomplete")
        box.setText("The agreements would print with blanks: " + ", ".join(missing) + ".")
        box.setInformativeText("Fill them in now? (File → Programme settings)")
        fill = box.addButton("Fill in settings…", QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton("Print anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(fill)
        box.exec()
        if box.clickedButton() is fill:
            self.open_settings()
            return False
        return box.clickedButton() is anyway

    def write_agreements(
        self, ids: list[int], target: Path, separate: bool, *, settings_confirmed: bool = False
    ) -> None:
        from mentordesk.documents.agreements import AgreementsResult, write_agreements
        from mentordesk.documents.preflight import check_agreements

        db = self.context.db
        preflight = check_agreements(db, ids)
        if settings_confirmed:  # settings_ready() asked about them already
            preflight = replace(preflight, missing_settings=())
        if not self.confirm_print(preflight):
            return

        def done(result: AgreementsResult) -> None:
            first = result.files[0].path
            self.last_saved = first
            self.context.notify(PAIRINGS)
            where = target if separate else first
            count = len(result.pairing_ids)
            message = (
                f"Saved {count} agreement{'s' if count != 1 else ''} "
                f"({result.pages} pages) to {where}."
            )
            if result.refused:  # refused between choosing and writing
                message += " " + " ".join(r.reason for r in result.refused)
            self.saved_label.setText(message)
            self.context.status_message.emit(message)
            self._update_buttons()

        self.context.tasks.run(
            lambda progress: write_agreements(
                db, target, ids, separate=separate, progress=progress
            ),
            on_done=done,
            on_error=self._show_error,
            on_cancelled=lambda: self.context.status_message.emit(
                "Cancelled: no agreement was saved."
            ),
            title="Saving agreements…",
            parent=self,
        )

    def save_report(self, *, pairing: bool) -> None:
        try:
            period = self.period()
        except MentorDeskError as exc:
            self._show_error(exc)
            return
        pairing_id = None
        suggestion = f"Programme report {period.start:%Y-%m-%d} to {period.end:%Y-%m-%d}.pdf"
        if self.internal.isChecked():
            suggestion = suggestion.replace(".pdf", " (internal, contains names).pdf")
        if pairing:
            rows = self.table.selected_rows()
            if len(rows) != 1:
                QMessageBox.information(
                    self, "Choose one pairing", "A pairing report is for one pairing at a time."
                )
                return
            pairing_id = rows[0].id
            suggestion = f"Progress report - {rows[0].mentee_name} and {rows[0].mentor_name}.pdf"
            suggestion = suggestion.replace("/", " ")
            period = self.period(pairing_id)
        target = self._ask_target(False, suggestion)
        if target is None:
            return
        self.write_report(target, period, pairing_id)

    def write_report(self, target: Path, period: Period, pairing_id: int | None) -> None:
        from mentordesk.documents.preflight import check_report
        from mentordesk.documents.reports import ReportResult, write_report

        db = self.context.db
        notes = self.include_notes.isChecked() and pairing_id is not None
        internal = self.internal.isChecked() and pairing_id is None
        if not self.confirm_print(
            check_report(db, pairing_id, include_notes=notes, internal=internal)
        ):
            return

        def done(result: ReportResult) -> None:
            self.last_saved = result.path
            message = f"Saved the report ({result.pages} pages) to {result.path}."
            self.saved_label.setText(message)
            self.context.status_message.emit(message)
            self._update_buttons()

        self.context.tasks.run(
            lambda progress: write_report(
                db,
                target,
                period,
                pairing_id,
                include_notes=notes,
                internal=internal,
                progress=progress,
            ),
            on_done=done,
            on_error=self._show_error,
            title="Saving the report…",
            parent=self,
        )

    def open_last_saved(self) -> None:
        if self.last_saved is None or not self.last_saved.exists():
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved))):
            QMessageBox.information(
                self,
                "No PDF viewer",
                f"No program to open PDF files was found. The file is at {self.last_saved}.",
            )

    # --- signed dates ----------------------------------------------------------------
    def mark_signed(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        dialog = SignedDateDialog(len(rows), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.record_signed({r.id: (r.signed_on, dialog.chosen()) for r in rows})

    def clear_signed(self) -> None:
        rows = [r for r in self.table.selected_rows() if r.signed_on is not None]
        if rows:
            self.record_signed({r.id: (r.signed_on, None) for r in rows})

    def record_signed(self, changes: dict[int, tuple[dt.date | None, dt.date | None]]) -> bool:
        return perform(self.context, signed_dates_command(self.context, changes), self)

    # --- other -----------------------------------------------------------------------
    def open_settings(self) -> None:
        from mentordesk.ui.documents.programme_settings_dialog import ProgrammeSettingsDialog

        ProgrammeSettingsDialog(self.context, self).exec()

    def _show_error(self, exc: BaseException) -> None:
        present_error(self, "Not done" if isinstance(exc, MentorDeskError) else "Failed", exc)

    def save_state(self) -> None:
        self.table.save_header()
        ui_settings.save_state("documents/splitter", self.splitter.saveState())

    def show_record(self, record_id: int) -> None:
        self.select_ids({record_id})
