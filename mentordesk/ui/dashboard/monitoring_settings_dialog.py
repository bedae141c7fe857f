"""The programme's monitoring settings: flag thresholds, the check-in schedule and the
default commitment of a pair. Saved as one undoable action."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.monitoring.commitments import (
    MAX_MEETINGS_PER_MONTH,
    MAX_MINUTES,
    MIN_MINUTES,
)
from mentordesk.monitoring.monitoring_settings import (
    MonitoringSettings,
)
from mentordesk.monitoring.support_actions import (
    ProgrammeMonitoring,
    SetProgrammeMonitoring,
    programme_monitoring,
)
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.undo_commands import perform_action

# (field, label, suffix) in the order the form shows them.
THRESHOLDS = (
    ("no_meeting_days", "Flag a pair with no meeting for", " days"),
    ("shortfall_months", "Compare meetings with the commitment over the last", " months"),
    ("low_satisfaction", "Flag satisfaction at or below", " of 5"),
    ("agreement_days", "Flag an agreement still unsigned after", " days"),
    ("background_check_days", "Warn of a screening check expiring within", " days"),
    ("waiting_days", "Flag a mentee waiting for a mentor for more than", " days"),
)
SCHEDULE = (
    ("checkins_first_month", "Check-ins in the first month", ""),
    ("checkin_every_days", "Then one check-in every", " days"),
    ("checkin_grace_days", "A check-in is overdue after", " days late"),
)


class MonitoringSettingsDialog(QDialog):
    def __init__(self, current: ProgrammeMonitoring, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Monitoring settings")
        self.spins: dict[str, QSpinBox] = {}
        layout = QVBoxLayout(self)
        for title, rows in (("Flags", THRESHOLDS), ("Check-in schedule", SCHEDULE)):
            box = QGroupBox(title, self)
            form = QFormLayout(box)
            for name, label, suffix in rows:
                spin = QSpinBox(box)
                low, high = MonitoringSettings.LIMITS[name]
                spin.setRange(low, high)
                spin.setSuffix(suffix)
                spin.setAccessibleName(label)
                self.spins[name] = spin
                form.addRow(label + ":", spin)
            if title == "Check-in schedule":
                self.guardian = QCheckBox("Check in with the guardian of a mentee under 18", box)
                form.addRow(self.guardian)
            layout.addWidget(box)
        box = QGroupBox("Default commitment (for pairs without their own)", self)
        form = QFormLayout(box)
        self.per_month = QSpinBox(box)
        self.per_month.setRange(0, MAX_MEETINGS_PER_MONTH)
        self.per_month.setSuffix(" a month")
        self.per_month.setAccessibleName("Meetings a month")
        self.minutes = QSpinBox(box)
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" minutes")
        self.minutes.setAccessibleName("Minutes a meeting")
        form.addRow("Meetings:", self.per_month)
        form.addRow("Length of a meeting:", self.minutes)
        layout.addWidget(box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.setText("Default thresholds")
        restore.clicked.connect(lambda: self._show(MonitoringSettings()))
        layout.addWidget(buttons)
        self._show(current.settings)
        self.per_month.setValue(current.meetings_per_month)
        self.minutes.setValue(current.meeting_minutes)

    def _show(self, settings: MonitoringSettings) -> None:
        for name, spin in self.spins.items():
            spin.setValue(getattr(settings, name))
        self.guardian.setChecked(settings.guardian_check_ins)

    def values(self) -> ProgrammeMonitoring:
        settings = replace(
            MonitoringSettings(),
            guardian_check_ins=self.guardian.isChecked(),
            **{name: spin.value() for name, spin in self.spins.items()},
        )
        return ProgrammeMonitoring(settings, self.per_month.value(), self.minutes.value())


def edit_monitoring_settings(context: AppContext, parent: QWidget | None = None) -> bool:
    before = programme_monitoring(context.db)
    dialog = MonitoringSettingsDialog(before, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    after = dialog.values()
    if after == before:
        return False
    action = SetProgrammeMonitoring(after)
    return perform_action(context, "Change monitoring settings", action, parent) is not None
