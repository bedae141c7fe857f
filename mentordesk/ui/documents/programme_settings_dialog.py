"""Programme settings: what every agreement and report prints, and the agreement text."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.documents import agreement_text
from mentordesk.errors import MentorDeskError
from mentordesk.models import PaperSize
from mentordesk.programme.programme_settings import (
    ProgrammeSettings,
    SaveProgrammeSettings,
    prepare_logo,
    read_settings,
)
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.shortcuts import add_shortcut
from mentordesk.ui.window.undo_commands import ActionCommand, perform

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.gif *.bmp *.tif *.tiff);;All files (*)"
NO_DATE = QDate(2000, 1, 1)  # shown as "Not set"


def _date_edit(parent: QWidget) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("d MMM yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("Not set")
    return edit


def _set_date(edit: QDateEdit, day: dt.date | None) -> None:
    edit.setDate(NO_DATE if day is None else QDate(day.year, day.month, day.day))


def _get_date(edit: QDateEdit) -> dt.date | None:
    value = edit.date()
    if value == NO_DATE:
        return None
    return dt.date(value.year(), value.month(), value.day())


class ProgrammeSettingsDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Programme settings")
        self.setMinimumSize(720, 560)
        self.original = read_settings(context.db)
        self.logo: bytes | None = self.original.logo
        self.logo_mime: str | None = self.original.logo_mime
        self.saved: ProgrammeSettings | None = None

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._programme_tab(), "&Programme")
        self.tabs.addTab(self._agreement_tab(), "&Agreement text")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        add_shortcut(self, QKeySequence.StandardKey.Save, self.save, "Save the settings")
        self._fill(self.original)

    # --- tabs ------------------------------------------------------------------------
    def _programme_tab(self) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        self.name = QLineEdit(tab)
        self.organisation = QLineEdit(tab)
        for edit in (self.name, self.organisation):
            edit.setMaxLength(200)
        self.logo_preview = QLabel(tab)
        self.logo_preview.setFixedSize(200, 70)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.logo_preview.setAccessibleName("Logo")
        choose = QPushButton("C&hoose…", tab)
        choose.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton("Re&move", tab)
        self.remove_logo_button.clicked.connect(self.remove_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview)
        logo_row.addWidget(choose)
        logo_row.addWidget(self.remove_logo_button)
        logo_row.addStretch(1)
        self.start_date = _date_edit(tab)
        self.end_date = _date_edit(tab)
        self.coordinator_name = QLineEdit(tab)
        self.coordinator_contact = QLineEdit(tab)
        self.coordinator_contact.setPlaceholderText("email and phone, as printed on agreements")
        self.safeguarding_lead = QLineEdit(tab)
        for edit in (self.coordinator_name, self.coordinator_contact, self.safeguarding_lead):
            edit.setMaxLength(200)
        self.paper_size: ValueCombo[PaperSize] = ValueCombo(
            tab, value_type=PaperSize, items={PaperSize.A4: "A4", PaperSize.LETTER: "Letter"}
        )
        self.meetings_per_month = QSpinBox(tab)
        self.meetings_per_month.setRange(0, 31)
        self.meetings_per_month.setSuffix(" a month")
        self.meeting_minutes = QSpinBox(tab)
        self.meeting_minutes.setRange(5, 600)
        self.meeting_minutes.setSingleStep(15)
        self.meeting_minutes.setSuffix(" minutes")
        self.commitment_months = QSpinBox(tab)
        self.commitment_months.setRange(1, 60)
        self.commitment_months.setSuffix(" months")
        form.addRow("Programme &name:", self.name)
        form.addRow("&Organisation:", self.organisation)
        form.addRow("Logo:", logo_row)
        form.addRow("&Starts:", self.start_date)
        form.addRow("&Ends:", self.end_date)
        form.addRow("&Coordinator:", self.coordinator_name)
        form.addRow("Coordinator's con&tact:", self.coordinator_contact)
        form.addRow("Safe&guarding lead:", self.safeguarding_lead)
        form.addRow("Paper si&ze:", self.paper_size)
        form.addRow("Meetings (default):", self.meetings_per_month)
        form.addRow("Meeting length (default):", self.meeting_minutes)
        form.addRow("Programme length:", self.commitment_months)
        return tab

    def _agreement_tab(self) -> QWidget:
        tab = QWidget(self)
        self.text = QPlainTextEdit(tab)
        self.text.setAccessibleName("Agreement text")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        help_label = QLabel(
            "Lines starting with # are headings, lines starting with - are bullet points, "
            "a blank line starts a new paragraph. Double-click a placeholder to insert it.",
            tab,
        )
        help_label.setWordWrap(True)
        self.placeholders = QListWidget(tab)
        self.placeholders.setAccessibleName("Placeholders")
        self.placeholders.setMaximumWidth(230)
        for name, meaning in agreement_text.PLACEHOLDERS.items():
            item = QListWidgetItem("{" + name + "}", self.placeholders)
            item.setToolTip(meaning)
        self.placeholders.itemDoubleClicked.connect(
            lambda item: self.text.insertPlainText(item.text())
        )
        self.version_label = QLabel(tab)
        restore = QPushButton("&Restore the default text", tab)
        restore.clicked.connect(self.restore_default_text)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.placeholders)
        bottom = QHBoxLayout()
        bottom.addWidget(self.version_label, 1)
        bottom.addWidget(restore)
        layout = QVBoxLayout(tab)
        layout.addWidget(help_label)
        layout.addLayout(row, 1)
        layout.addLayout(bottom)
        return tab

    # --- values ----------------------------------------------------------------------
    def _fill(self, settings: ProgrammeSettings) -> None:
        self.name.setText(settings.name)
        self.organisation.setText(settings.organisation)
        _set_date(self.start_date, settings.start_date)
        _set_date(self.end_date, settings.end_date)
        self.coordinator_name.setText(settings.coordinator_name)
        self.coordinator_contact.setText(settings.coordinator_contact)
        self.safeguarding_lead.setText(settings.safeguarding_lead)
        self.paper_size.select_value(settings.paper_size)
        self.meetings_per_month.setValue(settings.meetings_per_month)
        self.meeting_minutes.setValue(settings.meeting_minutes)
        self.commitment_months.setValue(settings.commitment_months)
        self.text.setPlainText(settings.effective_agreement_text)
        default = " (the default text)" if settings.uses_default_text else ""
        self.version_label.setText(f"Agreement text version {settings.agreement_version}{default}")
        self._show_logo()

    def _show_logo(self) -> None:
        if self.logo:
            image = QImage.fromData(self.logo)
            pixmap = QPixmap.fromImage(image).scaled(
                self.logo_preview.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            self.logo_preview.setPixmap(pixmap)
        else:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
        self.remove_logo_button.setEnabled(self.logo is not None)

    def current(self) -> ProgrammeSettings:
        text = self.text.toPlainText()
        return replace(
            self.original,
            name=self.name.text(),
            organisation=self.organisation.text(),
            start_date=_get_date(self.start_date),
            end_date=_get_date(self.end_date),
            coordinator_name=self.coordinator_name.text(),
            coordinator_contact=self.coordinator_contact.text(),
            safeguarding_lead=self.safeguarding_lead.text(),
            paper_size=self.paper_size.value(),
            meetings_per_month=self.meetings_per_month.value(),
            meeting_minutes=self.meeting_minutes.value(),
            commitment_months=self.commitment_months.value(),
            agreement_text=text,
            logo=self.logo,
            logo_mime=self.logo_mime,
        )

    # --- actions ---------------------------------------------------------------------
    def choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the logo", "", IMAGE_FILTER)
        if path:
            self.load_logo(Path(path))

    def load_logo(self, path: Path) -> bool:
        try:
            data = path.read_bytes()
            self.logo, self.logo_mime = prepare_logo(data, path.name)
        except OSError as exc:
            QMessageBox.warning(self, "Cannot use this logo", f"{path}: {exc.strerror}")
            return False
        except MentorDeskError as exc:
            QMessageBox.warning(self, "Cannot use this logo", str(exc))
            return False
        self._show_logo()
        return True

    def remove_logo(self) -> None:
        self.logo = None
        self.logo_mime = None
        self._show_logo()

    def restore_default_text(self) -> None:
        self.text.setPlainText(agreement_text.default_text())

    def save(self) -> None:
        wanted = self.current()
        before = self.original
        if wanted.agreement_text is not None and agreement_text.problems(wanted.agreement_text):
            self.tabs.setCurrentIndex(1)  # show the text the message talks about

        command = ActionCommand(
            self.context, "Change programme settings", SaveProgrammeSettings(wanted)
        )
        if not perform(self.context, command, self):
            return
        stored: ProgrammeSettings = command.result
        self.saved = stored
        if stored.agreement_version != before.agreement_version:
            self.context.status_message.emit(
                f"Saved the programme settings; the agreement text is now version "
                f"{stored.agreement_version}."
            )
        self.accept()
