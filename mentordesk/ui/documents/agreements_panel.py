"""The Documents screen's agreements: the pairings to print for, preview, print and save
their agreements, and record the day each came back signed.

An agreement states that the mentor has completed screening and training; a pair whose
mentor has not is named with the reason and left out, on every route here (the domain
refuses it too)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QItemSelection, QItemSelectionModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.documents.agreement_register import (
    AgreementRow,
    agreement_file_name,
    agreement_rows,
)
from mentordesk.documents.document_pairs import AGREEMENT_STATUSES
from mentordesk.errors import MentorDeskError
from mentordesk.ui.documents import before_printing
from mentordesk.ui.documents.first_page_panel import FirstPagePanel
from mentordesk.ui.documents.signed_dates import SignedDateDialog, signed_dates_command
from mentordesk.ui.widgets.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window.context import PAIRINGS, AppContext
from mentordesk.ui.window.undo_commands import perform

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


class AgreementsPanel(QGroupBox):
    def __init__(
        self, context: AppContext, first_page: FirstPagePanel, parent: QWidget | None = None
    ) -> None:
        super().__init__("Agreements", parent)
        self.context = context
        self.first_page = first_page
        self.model = RowTableModel(AGREEMENT_COLUMNS, key=lambda r: r.id, parent=self)
        self.proxy = RowFilterProxy(lambda r: f"{r.mentee_name} {r.mentor_name}".casefold(), self)
        self.table = RowTableView(self.model, self.proxy, "documents", self)
        self.table.setAccessibleName("Pairings for documents")
        self.table.set_empty_text(
            "No pairings to print for yet. Agreements are printed for the pairs made on "
            "Matching or Pairings."
        )
        self.table.selectionModel().selectionChanged.connect(self.update_buttons)

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
        self.preview_button = QPushButton("Pre&view agreement", self)
        self.preview_button.clicked.connect(self.preview_agreement)
        self.print_button = QPushButton("Print…", self)
        self.print_button.setToolTip(
            "Print the selected pairings' agreements, with a preview (Ctrl+P)"
        )
        self.print_button.clicked.connect(self.print_agreements)
        self.save_button = QPushButton("&Save agreements…", self)
        self.save_button.clicked.connect(self.save_agreements)
        self.signed_button = QPushButton("Ret&urned signed…", self)
        self.signed_button.clicked.connect(self.mark_signed)
        self.clear_signed_button = QPushButton("Clear signed date", self)
        self.clear_signed_button.clicked.connect(self.clear_signed)
        settings_button = QPushButton("Programme se&ttings…", self)
        settings_button.clicked.connect(lambda: before_printing.open_settings(context, self))

        filter_row = QHBoxLayout()
        show_label = QLabel("Sho&w:", self)
        show_label.setBuddy(self.show_filter)
        filter_row.addWidget(show_label)
        filter_row.addWidget(self.show_filter, 1)
        filter_row.addWidget(self.select_new_button)
        agreement_buttons = QHBoxLayout()
        agreement_buttons.addWidget(self.preview_button)
        agreement_buttons.addWidget(self.print_button)
        agreement_buttons.addWidget(self.save_button)
        agreement_buttons.addWidget(self.separate)
        agreement_buttons.addStretch(1)
        signed_buttons = QHBoxLayout()
        signed_buttons.addWidget(self.signed_button)
        signed_buttons.addWidget(self.clear_signed_button)
        signed_buttons.addStretch(1)
        signed_buttons.addWidget(settings_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(agreement_buttons)
        layout.addLayout(signed_buttons)
        self._apply_filter()

    # --- rows ------------------------------------------------------------------------
    def reload(self) -> None:
        selected = set(self.selected_ids())
        self.model.set_rows(agreement_rows(self.context.db))
        self.select_ids(selected)
        self.update_buttons()

    def _apply_filter(self) -> None:
        choice = self.show_filter.value()
        open_values = {s.value for s in AGREEMENT_STATUSES}
        predicate = {
            "new": lambda r: r.is_new,
            "open": lambda r: r.status in open_values,
            "all": None,
        }[choice]
        self.proxy.set_predicate("show", predicate)
        self.update_buttons()

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

    def update_buttons(self, *_: object) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.preview_button.setEnabled(count >= 1)
        self.save_button.setEnabled(count >= 1)
        self.signed_button.setEnabled(count >= 1)
        self.clear_signed_button.setEnabled(
            any(r.signed_on is not None for r in self.table.selected_rows())
        )
        self.save_button.setText("&Save agreements…" if count != 1 else "&Save agreement…")

    def _chosen(self) -> list[int]:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(
                self, "No pairing chosen", "Choose one or more pairings in the list first."
            )
        return ids

    def printable(self, ids: list[int]) -> list[int]:
        """The pairings among `ids` whose agreement may print. The others are named, one
        sentence each, and left out (when that is all of them, nothing prints)."""
        from mentordesk.documents.agreements import AgreementsRefused, refused_agreements

        try:
            refused = refused_agreements(self.context.db, ids)
        except MentorDeskError as exc:
            before_printing.show_error(self, exc)
            return []
        if len(refused) == len(ids):
            before_printing.show_error(self, AgreementsRefused(refused))
            return []
        if refused:
            left_out = {r.pairing_id for r in refused}
            ids = [i for i in ids if i not in left_out]
            others = (
                "The other agreement prints."
                if len(ids) == 1
                else f"The other {len(ids)} agreements print."
            )
            QMessageBox.warning(
                self,
                "Some agreements will not print",
                "\n\n".join(r.reason for r in refused) + "\n\n" + others,
            )
        return ids

    def _ready_to_print(self, ids: list[int]) -> list[int]:
        """Settings asked about, then screening: the ids that may print."""
        if not before_printing.settings_ready(self.context, self):
            return []
        return self.printable(ids)

    def _confirmed(self, ids: list[int], *, settings_confirmed: bool) -> bool:
        """Characters no font has (and empty settings, unless asked about already)."""
        from mentordesk.documents.preflight import check_agreements

        preflight = check_agreements(self.context.db, ids)
        if settings_confirmed:
            preflight = replace(preflight, missing_settings=())
        return before_printing.confirm_print(self, preflight)

    # --- preview and print -------------------------------------------------------------
    def preview_agreement(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        from mentordesk.documents.agreements import agreement_pdf_bytes

        db, pairing_id = self.context.db, rows[0].id
        before_printing.show_first_page(
            self.context,
            self.first_page,
            lambda _progress: agreement_pdf_bytes(db, pairing_id),
            f"Preview: agreement for {rows[0].mentee_name} and {rows[0].mentor_name}",
        )

    def print_agreements(self) -> None:
        """The selected pairings' agreements through the system's print dialog; once they
        went to the printer, the print date is recorded as saving records it (where none
        is: a reprint never moves it)."""
        ids = self._chosen()
        if not ids:
            return
        ids = self._ready_to_print(ids)
        if not ids or not self._confirmed(ids, settings_confirmed=True):
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
            self.first_page.tell(message)
            self.context.status_message.emit(message)

        self.context.tasks.run(
            lambda _progress: record_printed(db, ids, clock.today()),
            on_done=done,
            on_error=lambda exc: before_printing.show_error(self, exc),
            title="Recording the print date…",
            parent=self,
        )

    # --- saving ------------------------------------------------------------------------
    def save_agreements(self) -> None:
        ids = self._chosen()
        if not ids:
            return
        ids = self._ready_to_print(ids)
        if not ids:
            return
        separate = self.separate.isChecked()
        suggestion = "Agreements.pdf" if len(ids) > 1 else "Agreement.pdf"
        if len(ids) == 1 and not separate:
            suggestion = agreement_file_name(self.context.db, ids[0])
        target = before_printing.ask_target(self, separate, suggestion)
        if target is None:
            return
        self.write_agreements(ids, target, separate, settings_confirmed=True)

    def write_agreements(
        self, ids: list[int], target: Path, separate: bool, *, settings_confirmed: bool = False
    ) -> None:
        from mentordesk.documents.agreements import AgreementsResult, write_agreements

        if not self._confirmed(ids, settings_confirmed=settings_confirmed):
            return
        db = self.context.db

        def done(result: AgreementsResult) -> None:
            first = result.files[0].path
            self.context.notify(PAIRINGS)
            where = target if separate else first
            count = len(result.pairing_ids)
            message = (
                f"Saved {count} agreement{'s' if count != 1 else ''} "
                f"({result.pages} pages) to {where}."
            )
            if result.refused:  # refused between choosing and writing
                message += " " + " ".join(r.reason for r in result.refused)
            self.first_page.tell(message, saved=first)
            self.context.status_message.emit(message)
            self.update_buttons()

        self.context.tasks.run(
            lambda progress: write_agreements(
                db, target, ids, separate=separate, progress=progress
            ),
            on_done=done,
            on_error=lambda exc: before_printing.show_error(self, exc),
            on_cancelled=lambda: self.context.status_message.emit(
                "Cancelled: no agreement was saved."
            ),
            title="Saving agreements…",
            parent=self,
        )

    # --- signed dates ----------------------------------------------------------------
    def mark_signed(self) -> None:
        rows = self.table.selected_rows()
        if not rows:
            return
        dialog = SignedDateDialog(len(rows), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.record_signed(
            {r.id: (r.signed_on, dialog.chosen()) for r in rows},
            by_guardian=dialog.by_guardian.isChecked(),
        )

    def clear_signed(self) -> None:
        rows = [r for r in self.table.selected_rows() if r.signed_on is not None]
        if rows:
            self.record_signed({r.id: (r.signed_on, None) for r in rows})

    def record_signed(
        self,
        changes: dict[int, tuple[dt.date | None, dt.date | None]],
        *,
        by_guardian: bool = False,
    ) -> bool:
        command = signed_dates_command(self.context, changes, by_guardian=by_guardian)
        return perform(self.context, command, self)
