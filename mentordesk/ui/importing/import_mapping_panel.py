"""The wizard's mapping panel: what each column of the sheet holds, guessed and corrected."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QVBoxLayout, QWizardPage

from mentordesk.errors import MentorDeskError
from mentordesk.roster.import_kinds import check_import_mapping, field_choices
from mentordesk.ui.importing.import_cells import cell, shown
from mentordesk.ui.widgets.typed_combo import ValueCombo

if TYPE_CHECKING:
    from mentordesk.ui.importing.import_wizard import ImportWizard


class MappingPage(QWizardPage):
    COLUMNS = ("Column in the sheet", "Example values", "Import as", "Sure")

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Check what each column holds")
        self.setSubTitle(
            "Correct any guess. Columns kept as extra information are stored with each person, "
            "so nothing in the sheet is lost. Your corrections are remembered for this layout."
        )
        if wizard.meetings:
            self.setSubTitle(
                "Correct any guess. A meeting needs its mentor, mentee, date and minutes; a "
                "column set to “Leave out” is not imported. Your corrections are remembered "
                "for this layout."
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
        choices = field_choices(source)
        nothing = "Leave out" if self.owner.meetings else "Keep as extra information"
        for r, guess in enumerate(source.guesses):
            self.table.setItem(r, 0, cell(guess.header))
            examples = ", ".join(shown(v) for v in samples[r] if v is not None)[:120]
            self.table.setItem(r, 1, cell(examples))
            combo: ValueCombo[str | None] = ValueCombo(
                self.table,
                value_type=str,
                optional=True,
                name=f"Import '{guess.header}' as",
                items=[(None, nothing), *choices],
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
                r, 3, cell(sure, tooltip=f"Guessed from the {guess.source or 'header'}")
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
            check_import_mapping(source, mapping, self.owner.role)
        except MentorDeskError as exc:
            self.message.setText(str(exc))
            return False
        self.owner.mapping = mapping
        return True
