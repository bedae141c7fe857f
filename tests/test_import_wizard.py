from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from mentordesk.models import ImportBatch, Participant, Role
from mentordesk.ui.importing.import_wizard import ImportWizard
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.roster_sheets import messy_roster, write_xlsx


def count_people(db) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Participant))


def open_wizard(qtbot, db, path):
    context = AppContext(db, synchronous_tasks=True)
    wizard = ImportWizard(context, path)
    qtbot.addWidget(wizard)
    wizard.show()
    return context, wizard


def test_wizard_imports_a_messy_roster_and_undoes_it(qtbot, db, tmp_path, monkeypatch):
    path = messy_roster(tmp_path / "export.xlsx")
    context, wizard = open_wizard(qtbot, db, path)
    page = wizard.file_page
    assert page.isComplete() and page.sheet_combo.value() == "Year 8-10"
    # No Role column: the wizard asks who is in the file, defaulting to mentees.
    assert page.role_combo.currentIndex() == 1
    wizard.next()
    assert wizard.currentPage() is wizard.header_page
    assert wizard.header_page.row_spin.value() == 4
    wizard.next()
    mapping = wizard.mapping_page
    headers = [mapping.table.item(r, 0).text() for r in range(mapping.table.rowCount())]
    colour = headers.index("Favourite colour")
    assert mapping.combos[colour].value() is None
    # Correct a guess: keep the year group as extra information instead.
    year = headers.index("Year")
    mapping.combos[year].setCurrentIndex(0)
    wizard.next()
    preview = wizard.preview_page
    assert wizard.currentPage() is preview and preview.isComplete()
    statuses = [preview.table.item(r, 2).text() for r in range(preview.table.rowCount())]
    assert statuses == ["Add", "Add", "Add"]
    assert count_people(db) == 0  # the preview writes nothing
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    assert count_people(db) == 3
    assert "3</b> people added" in wizard.summary_page.summary.text()
    assert (
        "Kept only as extra information (no field of their own): Year, Favourite colour."
        in wizard.summary_page.summary.text()
    )
    assert context.undo_stack.count() == 1
    with db.reading() as s:
        ann = s.scalars(select(Participant).where(Participant.first_name == "Ann")).one()
        assert ann.year_group == "" and ann.extra["Year"] == "8"
    wizard.summary_page.undo_button.click()
    assert count_people(db) == 0
    assert not wizard.summary_page.undo_button.isEnabled()
    # Edit → Redo puts it back; Edit → Undo removes it again.
    context.undo_stack.redo()
    assert count_people(db) == 3
    context.undo_stack.undo()
    assert count_people(db) == 0


def test_wizard_highlights_rejected_rows_and_saves_them(qtbot, db, tmp_path, monkeypatch):
    rows = [
        ["First name", "Last name", "Email", "Role"],
        ["Gus", "Hale", "gus@example.org", "mentee"],
        ["Hal", "", "hal@example.org", "mentee"],
    ]
    _, wizard = open_wizard(qtbot, db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert wizard.file_page.role_combo.currentIndex() == 0  # the Role column says
    wizard.next()
    wizard.next()
    wizard.next()
    preview = wizard.preview_page
    first = [preview.table.item(0, c).text() for c in range(4)]
    assert first[0] == "3" and first[2] == "Not imported" and "last name is empty" in first[3]
    from mentordesk.ui.window.palette import tint

    assert preview.table.item(0, 0).background().color() == tint(preview.table, "rejected")
    preview.only_problems.setChecked(True)
    assert preview.table.isRowHidden(1) and not preview.table.isRowHidden(0)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    out = tmp_path / "rejected.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    wizard.summary_page.save_button.click()
    saved = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    assert saved[1][:4] == ["Hal", None, "hal@example.org", "mentee"]
    assert "last name is empty" in saved[1][4]


def test_wizard_refuses_unreadable_files_and_bad_mappings(qtbot, db, tmp_path):
    bad = tmp_path / "old.xls"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    _, wizard = open_wizard(qtbot, db, bad)
    assert not wizard.file_page.isComplete()
    assert "Excel 97" in wizard.file_page.message.text()
    wizard.file_page.set_path(
        write_xlsx(tmp_path / "r.xlsx", [["First name", "Last name"], ["A", "B"]])
    )
    assert wizard.file_page.isComplete()
    wizard.next()
    wizard.next()
    mapping = wizard.mapping_page
    mapping.combos[0].setCurrentIndex(0)  # first name → extra: no names left
    wizard.next()
    assert wizard.currentPage() is mapping and "first and last names" in mapping.message.text()
    mapping.combos[0].select_value("last_name")
    wizard.next()
    assert wizard.currentPage() is mapping and "same field" in mapping.message.text()


def test_header_row_can_be_corrected(qtbot, db, tmp_path):
    rows = [["Name", "Email"], ["Ann Smith", "ann@example.org"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows, title_rows=[["Mentees", "2026"], ["Form", "8B"]])
    _, wizard = open_wizard(qtbot, db, path)
    wizard.next()
    header = wizard.header_page
    assert header.row_spin.value() == 3
    header.row_spin.setValue(2)
    assert wizard.source.table.header_row == 2
    header.row_spin.setValue(3)
    assert wizard.source.table.headers == ["Name", "Email"]


def test_main_window_menu_and_drop_open_the_wizard(qtbot, db, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    context = AppContext(db, synchronous_tasks=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert window.import_action.shortcut().toString() == "Ctrl+I"
    window.import_action.trigger()
    assert isinstance(window.import_wizard, ImportWizard)
    window.import_wizard.close()
    path = messy_roster(tmp_path / "dropped.xlsx")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.import_wizard.source.path == Path(path)
    window.import_wizard.close()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_a_stray_click_on_the_grid_does_not_move_the_header_row(qtbot, db, tmp_path):
    rows = [["Name", "Email"], ["Ann Smith", "ann@example.org"]]
    path = write_xlsx(tmp_path / "r.xlsx", rows, title_rows=[["Mentees", "2026"]])
    _, wizard = open_wizard(qtbot, db, path)
    wizard.next()
    header = wizard.header_page
    assert header.row_spin.value() == 2 and not header.use_button.isEnabled()
    rect = header.grid.visualItemRect(header.grid.item(2, 0))
    qtbot.mouseClick(header.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert header.selected_row() == 3
    assert wizard.source.table.header_row == 2 and header.row_spin.value() == 2
    assert header.use_button.isEnabled()
    header.use_button.click()
    assert wizard.source.table.header_row == 3 and header.row_spin.value() == 3


def test_a_sign_up_form_for_volunteers_is_guessed_to_hold_mentors(qtbot, db, tmp_path):
    rows = [
        ["First name", "Last name", "Email", "Why do you want to volunteer?"],
        ["Maya", "Patel", "maya@example.org", "To give back"],
    ]
    _, wizard = open_wizard(qtbot, db, write_xlsx(tmp_path / "Sign-up form.xlsx", rows))
    assert wizard.file_page.role_combo.value() is Role.MENTOR
    # A school's export says nothing of mentors: its people are mentees.
    wizard.file_page.set_path(
        write_xlsx(tmp_path / "year8.xlsx", [["First name", "Last name"], ["A", "B"]])
    )
    assert wizard.file_page.role_combo.value() is Role.MENTEE
    # What the coordinator picks is kept for the next file.
    wizard.file_page.role_combo.select_value(Role.MENTOR)
    wizard.file_page.role_combo.activated.emit(2)
    wizard.file_page.set_path(
        write_xlsx(tmp_path / "year9.xlsx", [["First name", "Last name"], ["C", "D"]])
    )
    assert wizard.file_page.role_combo.value() is Role.MENTOR


def test_browse_starts_in_the_documents_folder(qtbot, db, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    asked = []
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda _p, _t, start, _f: asked.append(start) or ("", "")
    )
    _, wizard = open_wizard(qtbot, db, None)
    wizard.file_page.browse()
    documents = QStandardPaths.StandardLocation.DocumentsLocation
    assert asked == [QStandardPaths.writableLocation(documents)]


def test_the_workbook_is_read_once_and_labels_show_no_ampersand(qtbot, db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from mentordesk.roster import source as source_module

    opened = []

    class CountingWorkbook(source_module.Workbook):
        def __init__(self, *args, **kwargs):
            opened.append(args[0])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(source_module, "Workbook", CountingWorkbook)
    rows = [["First name", "Last name", "Employer"], ["Maya", "Patel", "Law & Co"]]
    _, wizard = open_wizard(qtbot, db, write_xlsx(tmp_path / "r.xlsx", rows))
    for _ in range(4):
        for label in wizard.currentPage().findChildren(QLabel):
            text = label.text().replace("&&", "")
            has_mnemonic = label.buddy() is not None
            assert "&" not in text or has_mnemonic, f"literal & in {label.text()!r}"
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    assert count_people(db) == 1
    assert len(opened) == 1  # read for the first panel, not again for preview or import
