"""The Documents screen's progress reports: the period, what a report may show, and
preview, print or save the programme's report or one pairing's.

Preview and Print make the pairing's report when exactly one pairing is chosen in the
agreements list, the programme's otherwise; the two Save buttons name which."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.documents.agreement_register import AgreementRow
from mentordesk.documents.report_periods import Period, date_range, this_term, this_year
from mentordesk.errors import MentorDeskError
from mentordesk.ui.documents import before_printing
from mentordesk.ui.documents.first_page_panel import FirstPagePanel
from mentordesk.ui.widgets.date_fields import from_qdate, to_qdate
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window.context import AppContext


class ReportsPanel(QGroupBox):
    def __init__(
        self,
        context: AppContext,
        first_page: FirstPagePanel,
        selected_rows: Callable[[], list[AgreementRow]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Progress reports", parent)
        self.context = context
        self.first_page = first_page
        self.selected_rows = selected_rows
        self.period_choice: ValueCombo[str] = ValueCombo(
            self,
            value_type=str,
            name="Report period",
            items={"term": "This term", "year": "This year", "range": "Dates I choose"},
        )
        self.period_choice.currentIndexChanged.connect(self.update_buttons)
        today = clock.today()
        year_start = this_year(today).start
        self.period_from = QDateEdit(to_qdate(year_start), self)
        self.period_to = QDateEdit(to_qdate(today), self)
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
        self.pairing_report_button.setToolTip("Save the chosen pairing's report as PDF")
        self.pairing_report_button.clicked.connect(lambda: self.save_report(pairing=True))
        self.programme_report_button = QPushButton("Progra&mme report…", self)
        self.programme_report_button.setToolTip("Save the programme's report as PDF")
        self.programme_report_button.clicked.connect(lambda: self.save_report(pairing=False))
        self.preview_button = QPushButton("Preview &report", self)
        self.preview_button.clicked.connect(self.preview_report)
        self.print_button = QPushButton("Print report…", self)
        self.print_button.setToolTip(
            "Print the report, with a preview: the chosen pairing's when one pairing is "
            "chosen, the programme's otherwise (Ctrl+P here)"
        )
        self.print_button.clicked.connect(self.print_report)
        period_row = QHBoxLayout()
        period_label = QLabel("Per&iod:", self)
        period_label.setBuddy(self.period_choice)
        period_row.addWidget(period_label)
        period_row.addWidget(self.period_choice)
        period_row.addWidget(self.period_from)
        period_row.addWidget(QLabel("to", self))
        period_row.addWidget(self.period_to)
        period_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.pairing_report_button)
        buttons.addWidget(self.programme_report_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(period_row)
        layout.addWidget(self.include_notes)
        layout.addWidget(self.internal)
        layout.addLayout(buttons)
        self.update_buttons()

    def update_buttons(self, *_: object) -> None:
        self.pairing_report_button.setEnabled(len(self.selected_rows()) == 1)
        custom = self.period_choice.value() == "range"
        self.period_from.setEnabled(custom)
        self.period_to.setEnabled(custom)

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
        return date_range(
            from_qdate(self.period_from.date()), from_qdate(self.period_to.date()), today
        )

    def _shown_report(self) -> tuple[int | None, Period] | None:
        """The report Preview and Print make: (pairing or None, period); None when the
        period is refused (said already)."""
        rows = self.selected_rows()
        pairing = rows[0].id if len(rows) == 1 else None
        try:
            return pairing, self.period(pairing)
        except MentorDeskError as exc:
            before_printing.show_error(self, exc)
            return None

    def _make_pdf(self, period: Period, pairing_id: int | None) -> Callable[[], bytes]:
        from mentordesk.documents.reports import report_pdf_bytes

        db = self.context.db
        notes = self.include_notes.isChecked() and pairing_id is not None
        internal = self.internal.isChecked() and pairing_id is None
        return lambda: report_pdf_bytes(
            db, period, pairing_id, include_notes=notes, internal=internal
        )[0]

    def _confirmed(self, pairing_id: int | None) -> bool:
        from mentordesk.documents.preflight import check_report

        notes = self.include_notes.isChecked() and pairing_id is not None
        internal = self.internal.isChecked() and pairing_id is None
        return before_printing.confirm_print(
            self,
            check_report(self.context.db, pairing_id, include_notes=notes, internal=internal),
        )

    def preview_report(self) -> None:
        chosen = self._shown_report()
        if chosen is None:
            return
        pairing, period = chosen
        from mentordesk.documents.reports import report_pdf_bytes

        db, notes = self.context.db, self.include_notes.isChecked()
        internal = self.internal.isChecked() and pairing is None
        what = "programme report" if pairing is None else "pairing report"
        before_printing.show_first_page(
            self.context,
            self.first_page,
            lambda progress: report_pdf_bytes(
                db, period, pairing, include_notes=notes, internal=internal, progress=progress
            )[0],
            f"Preview: {what}",
        )

    def print_report(self) -> None:
        """The report Preview shows, through the system's print dialog."""
        chosen = self._shown_report()
        if chosen is None:
            return
        pairing, period = chosen
        if not self._confirmed(pairing):
            return
        from mentordesk.ui.documents.print_preview import print_documents

        make_pdf = self._make_pdf(period, pairing)
        what = "programme report" if pairing is None else "pairing report"
        if print_documents(self.context, lambda: [make_pdf()], f"Print the {what}", self):
            message = f"Printed the {what}."
            self.first_page.tell(message)
            self.context.status_message.emit(message)

    # --- saving ------------------------------------------------------------------------
    def save_report(self, *, pairing: bool) -> None:
        try:
            period = self.period()
        except MentorDeskError as exc:
            before_printing.show_error(self, exc)
            return
        pairing_id = None
        suggestion = f"Programme report {period.start.isoformat()} to {period.end.isoformat()}.pdf"
        if self.internal.isChecked():
            suggestion = suggestion.replace(".pdf", " (internal, contains names).pdf")
        if pairing:
            rows = self.selected_rows()
            if len(rows) != 1:
                QMessageBox.information(
                    self, "Choose one pairing", "A pairing report is for one pairing at a time."
                )
                return
            pairing_id = rows[0].id
            suggestion = f"Progress report - {rows[0].mentee_name} and {rows[0].mentor_name}.pdf"
            suggestion = suggestion.replace("/", " ")
            period = self.period(pairing_id)
        target = before_printing.ask_target(self, False, suggestion)
        if target is None:
            return
        self.write_report(target, period, pairing_id)

    def write_report(self, target: Path, period: Period, pairing_id: int | None) -> None:
        from mentordesk.documents.reports import ReportResult, write_report

        if not self._confirmed(pairing_id):
            return
        db = self.context.db
        notes = self.include_notes.isChecked() and pairing_id is not None
        internal = self.internal.isChecked() and pairing_id is None

        def done(result: ReportResult) -> None:
            message = f"Saved the report ({result.pages} pages) to {result.path}."
            self.first_page.tell(message, saved=result.path)
            self.context.status_message.emit(message)

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
            on_error=lambda exc: before_printing.show_error(self, exc),
            title="Saving the report…",
            parent=self,
        )
