"""Typed values across the Qt boundary: every combo box of every screen and dialog of the
real main window hands back values of the type its use-case expects (an enum member, not
the plain text Qt makes of a StrEnum)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QComboBox, QDialog, QListWidgetItem, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from mentordesk.models import CheckIn, Pairing, PairingStatus, Participant, Role
from mentordesk.store import Database
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.matching.matching_page import MatchingPage
from mentordesk.ui.pairings.pair_support_dialogs import (
    edit_commitment,
    resolve_concern_interactively,
)
from mentordesk.ui.pairings.pairings_page import PairingsPage
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.widgets.typed_combo import ValueCombo, item_value, set_item_value
from mentordesk.ui.window.main_window import MainWindow
from tests.pairing_ui import open_window
from tests.roster_sheets import write_xlsx
from tests.ui_helpers import patch_message_boxes


class Colour(StrEnum):
    RED = "red"


def test_values_come_back_as_they_went_in(qtbot: QtBot) -> None:
    combo: ValueCombo[Any] = ValueCombo(value_type=(Colour, dt.date), optional=True)
    qtbot.addWidget(combo)
    combo.set_items([(None, "none"), (Colour.RED, "red"), (dt.date(2026, 3, 1), "a day")])
    assert [type(v) for v in combo.values()] == [type(None), Colour, dt.date]
    assert combo.select_value("red") and combo.value() is Colour.RED
    assert not combo.select_value("blue") and combo.value() is Colour.RED
    # Plain Qt turns the member into text: the fault this module exists for.
    plain = QComboBox()
    qtbot.addWidget(plain)
    plain.addItem("red", Colour.RED)
    assert type(plain.itemData(0)) is str
    with pytest.raises(TypeError):
        combo.add_value("text", "red")
    item = QListWidgetItem("x")
    set_item_value(item, Colour.RED)
    assert item_value(item) is Colour.RED and item_value(None) is None


def _check_combos(where: str, root: QWidget, seen: dict[str, int]) -> None:
    seen.setdefault(where, 0)
    for combo in root.findChildren(QComboBox):
        name = f"{where}: {combo.accessibleName() or combo.objectName()}"
        assert isinstance(combo, ValueCombo), f"{name} is a plain QComboBox"
        assert combo.count() > 0 or combo.isEditable(), f"{name} is empty"
        for index in range(combo.count()):
            value = combo.value_at(index)
            assert combo._fits(value), f"{name}: item {index} holds {value!r}"
            # A StrEnum-typed combo must hand back the member itself, never its text.
            if isinstance(combo.value_type, type) and issubclass(combo.value_type, StrEnum):
                assert value is None or type(value) is combo.value_type, name
        seen[where] += combo.count()


def _ids(db: Database, query: Any) -> list[int]:
    with db.reading() as session:
        return list(session.scalars(query))


def test_every_combo_box_of_the_window_returns_typed_values(
    qtbot: QtBot,
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    patch_message_boxes(monkeypatch)
    seen: dict[str, int] = {}

    def run(dialog: QDialog) -> int:
        _check_combos(type(dialog).__name__, dialog, seen)
        return int(QDialog.DialogCode.Rejected)

    real_open = QDialog.open

    def show(dialog: QDialog) -> None:
        _check_combos(type(dialog).__name__, dialog, seen)
        if type(dialog).__name__ == "ImportWizard":
            real_open(dialog)  # stepped through below
        else:
            dialog.reject()

    monkeypatch.setattr(QDialog, "exec", run)
    monkeypatch.setattr(QDialog, "open", show)
    window: MainWindow = open_window(qtbot, demo_db, request)
    mentor = _ids(demo_db, select(Participant.id).where(Participant.role == Role.MENTOR))[0]
    pairing = _ids(
        demo_db, select(Pairing.id).where(Pairing.status == PairingStatus.ACTIVE).limit(1)
    )[0]
    concern = _ids(demo_db, select(CheckIn.id).where(CheckIn.concern.is_(True)))

    # Dialogs that need a selected row are expected once a row could be selected.
    expected: set[str] = set()
    for number, page in enumerate(window.pages):
        window.nav.setCurrentRow(number)
        if isinstance(page, ParticipantsPage):
            page.show_record(mentor)  # the screening form's combos
            page.edit_rules()
        if isinstance(page, PairingsPage):
            page.show_record(pairing)
            page.new_pairing()
            page.detail.close_pairing()
            edit_commitment(window.context, pairing, "the pair", window)
            if concern:
                resolve_concern_interactively(
                    window.context, concern[0], dt.date(2026, 10, 1), "the pair", window
                )
            page.detail.tabs.setCurrentIndex(1)
            tab = page.detail.meetings
            tab.table.selectRow(0)
            tab.edit_current()
        if isinstance(page, MatchingPage):
            page.edit_settings()
            page.run_matcher()
            rows = page.model.rows()
            if rows and page.table.select_key(rows[0].mentee_id):
                expected.update({"MentorChoiceDialog", "RejectDialog"})
            page.choose_mentor()
            page.reject_selected()
        if isinstance(page, DashboardPage):
            page.edit_settings()
        if isinstance(page, DocumentsPage):
            rows = page.model.rows()
            if rows:
                page.select_ids({rows[0].id})
                if page.table.selected_rows():
                    expected.add("SignedDateDialog")
            page.agreements.mark_signed()
        _check_combos(type(page).__name__, page, seen)

    window.programme_settings()
    window.show_shortcuts()
    sheet = write_xlsx(
        tmp_path / "roster.xlsx",
        [["First name", "Last name", "Role"], ["Ann", "Lee", "mentee"]],
    )
    window.import_roster(sheet)
    wizard = window.import_wizard
    # The file is read on the worker: wait for it rather than race it on a loaded machine.
    qtbot.waitUntil(wizard.file_page.isComplete)
    wizard.next()
    wizard.next()  # the mapping page builds one combo per column
    assert wizard.currentPage() is wizard.mapping_page, wizard.file_page.message.text()
    _check_combos("ImportWizard mapping", wizard, seen)
    wizard.reject()

    expected |= {
        "DashboardPage",
        "ParticipantsPage",
        "PairingsPage",
        "MatchingPage",
        "DocumentsPage",
        "ScreeningRulesDialog",
        "CreatePairingDialog",
        "ClosePairingDialog",
        "CommitmentDialog",
        "RecordDialog",
        "MatchSettingsDialog",
        "MonitoringSettingsDialog",
        "ProgrammeSettingsDialog",
        "ShortcutsDialog",
        "ImportWizard",
        "ImportWizard mapping",
    }
    if concern:
        expected.add("ResolveConcernDialog")
    missing = expected - set(seen)
    assert not missing, f"never opened: {sorted(missing)}"
    assert seen["ImportWizard mapping"] > seen["ImportWizard"]
