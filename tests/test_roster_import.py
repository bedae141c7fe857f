import csv
import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.models import (
    AppSetting,
    ImportBatch,
    Participant,
    Programme,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
)
from mentordesk.progress import Cancelled, Progress
from mentordesk.roster import formats
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.import_undo import UndoRefused, redo_import, undo_import
from mentordesk.roster.importer import NothingImported, import_roster
from mentordesk.roster.source import read_source
from mentordesk.store import Database
from tests.roster_sheets import messy_roster, write_xlsx

MENTORS = [
    [
        "First name",
        "Last name",
        "Email",
        "Role",
        "How many mentees can you take?",
        "Background check done",
        "Employer",
        "Skills",
        "T-shirt size",
    ],
    [
        "Dana",
        "Lee",
        "dana@example.net",
        "Mentor",
        2,
        "yes",
        "Brightsoft",
        "CV writing; coding",
        "M",
    ],
    [
        "Eli",
        "Ward",
        "eli@example.net",
        "volunteer",
        None,
        "in progress",
        "City Hospital",
        None,
        "L",
    ],
    ["Fay", "Moss", "fay@example.net", "mentor", "3", "no", None, None, None],
]


def people(db) -> list[Participant]:
    with db.reading() as s:
        found = list(s.scalars(select(Participant).order_by(Participant.id)))
        s.expunge_all()  # keep the loaded values after the read-only session ends
        return found


def count(db, model) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


def run(db, path, **kwargs):
    with db.reading() as s:
        source = read_source(path, session=s)
    return import_roster(db, source, **kwargs)


def test_messy_school_export(db, tmp_path):
    result = run(db, messy_roster(tmp_path / "export.xlsx"), role=Role.MENTEE)
    assert (result.header_row, result.created, result.rejected) == (4, 3, 0)
    assert result.mapping["Favourite colour"] is None
    ann, ben, chloe = people(db)
    assert (ann.first_name, ann.last_name, ann.external_id) == ("Ann", "Smith", "S1001")
    assert ann.phone == "07700900123"  # number with a 00000000000 format keeps its zero
    assert ann.date_of_birth == dt.date(2012, 3, 4)
    assert ann.interests == ["football", "drawing", "music"]
    assert ann.guardian_name == "Mary Smith" and ann.guardian_phone == "07700 900456"
    assert ann.extra == {"Favourite colour": "blue"}  # hidden, unmapped: still kept
    assert ann.year_group == "8" and ann.joined_on == dt.date(2026, 11, 25)
    assert ben.email == "BEN@example.org" and ben.date_of_birth == dt.date(2011, 2, 14)
    assert ben.interests == ["chess", "coding"]
    assert chloe.first_name == "Chloé" and chloe.guardian_phone == "0044 20 7946 0000"
    with db.reading() as s:
        batch = s.scalars(select(ImportBatch)).one()
        assert batch.counts["created"] == 3 and batch.sheet == "Year 8-10"
        assert len(batch.checksum) == 64 and batch.header_row == 4


def test_mentors_with_capacity_and_background_checks(db, tmp_path):
    result = run(db, write_xlsx(tmp_path / "mentors.xlsx", MENTORS))
    assert result.created == 3
    dana, eli, fay = people(db)
    assert [p.role for p in (dana, eli, fay)] == [Role.MENTOR] * 3
    assert (dana.capacity, eli.capacity, fay.capacity) == (2, 1, 3)
    assert dana.skills == ["CV writing", "coding"] and dana.employer == "Brightsoft"
    with db.reading() as s:
        checks = {
            c.participant_id: c.status
            for c in s.scalars(
                select(ScreeningCheck).where(ScreeningCheck.kind == ScreeningKind.BACKGROUND_CHECK)
            )
        }
    assert checks == {
        dana.id: ScreeningStatus.REPORTED,
        eli.id: ScreeningStatus.IN_PROGRESS,
        fay.id: ScreeningStatus.NOT_STARTED,
    }


def test_same_file_twice_changes_nothing(db, tmp_path):
    path = messy_roster(tmp_path / "export.xlsx")
    run(db, path, role=Role.MENTEE)
    before = [(p.id, p.first_name, p.phone, p.extra, p.updated_at) for p in people(db)]
    again = run(db, path, role=Role.MENTEE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert [(p.id, p.first_name, p.phone, p.extra, p.updated_at) for p in people(db)] == before


def test_changed_cells_update_people_without_erasing(db, tmp_path):
    run(db, write_xlsx(tmp_path / "a.xlsx", MENTORS))
    changed = [row[:] for row in MENTORS]
    changed[1][6] = "Ledger LLP"  # new employer
    changed[2][5] = "yes"  # background check now done
    changed[1][7] = None  # an empty cell never erases anything
    result = run(db, write_xlsx(tmp_path / "b.xlsx", changed))
    assert (result.created, result.updated, result.unchanged) == (0, 2, 1)
    dana, eli, _fay = people(db)
    assert dana.employer == "Ledger LLP" and dana.skills == ["CV writing", "coding"]
    with db.reading() as s:
        status = s.scalar(
            select(ScreeningCheck.status).where(ScreeningCheck.participant_id == eli.id)
        )
    assert status is ScreeningStatus.REPORTED


def test_bad_rows_are_reported_and_the_rest_imported(db, tmp_path):
    rows = [
        ["First name", "Last name", "Email", "Date of birth", "Role"],
        ["Gus", "Hale", "gus@example.org", "2011-05-06", "mentee"],
        ["", "Ives", "ives@example.org", "2011-05-06", "mentee"],
        ["Jo", "Kent", "not-an-email", "2011-05-06", "mentee"],
        ["Kim", "Lowe", "kim@example.org", "31/02/2011", "mentee"],
        ["Lu", "Mann", "lu@example.org", "2011-01-01", "boss"],
    ]
    result = run(db, write_xlsx(tmp_path / "r.xlsx", rows))
    assert (result.created, result.rejected) == (2, 3)
    by_row = {e.row: e for e in result.errors}
    assert by_row[3].field == "first_name" and by_row[3].column == "First name"
    assert by_row[5].field == "date_of_birth" and "not a real date" in by_row[5].message
    assert by_row[6].field == "role"
    # A bad email costs the person only the email (their date of birth tells them apart).
    (bad_email,) = [w for w in result.warnings if w.field == "email"]
    assert bad_email.row == 4 and "not-an-email" in bad_email.message
    assert "imported without it" in bad_email.message
    assert [(p.last_name, p.email) for p in people(db)] == [
        ("Hale", "gus@example.org"),
        ("Kent", None),
    ]


def test_a_bad_email_that_is_the_only_key_rejects_the_row(db, tmp_path):
    rows = [
        ["First name", "Last name", "Email", "Parent email"],
        ["Gus", "Hale", "gus@example", ""],
        ["Ann", "Lee", "ann@example.org", "not a parent email"],
        ["Bo", "Ng", "bo@example.org", "ng@example.org"],
    ]
    result = run(db, write_xlsx(tmp_path / "r.xlsx", rows), role=Role.MENTEE)
    assert (result.created, result.rejected) == (2, 1)
    assert result.errors[0].row == 2 and "only way to tell" in result.errors[0].message
    assert [(w.row, w.field) for w in result.warnings if w.field] == [(3, "guardian_email")]


def test_a_form_is_refused_even_with_a_role(db, tmp_path):
    rows = [
        ["Name:", "Ann Smith"],
        ["Date of birth:", "2012-01-01"],
        ["Approx date of", "death"],
        ["School:", "Riverside"],
        ["Parent email", "p@example.org"],
    ]
    path = write_xlsx(tmp_path / "form.xlsx", rows)
    with pytest.raises(ImportRefused, match=r"looks like a form .*column A"):
        run(db, path, role=Role.MENTEE)
    assert people(db) == []


def test_duplicates_merge_and_shared_family_email_is_a_warning(db, tmp_path):
    rows = [
        ["ID", "First name", "Last name", "Email", "DOB", "Interests"],
        ["7", "Ann", "Smith", "smiths@example.org", "2012-01-01", "chess"],
        ["", "ann", "SMITH", "SMITHS@example.org", "", "art"],  # same email and name
        ["", "Ann", "Smith", "", "2012-01-01", ""],  # same name and date of birth
        ["7", "Annie", "Smith", "", "", ""],  # same id
        ["", "Bob", "Smith", "smiths@example.org", "2014-01-01", ""],  # sibling
    ]
    result = run(db, write_xlsx(tmp_path / "d.xlsx", rows), role=Role.MENTEE)
    assert (result.created, result.duplicates) == (2, 3)
    ann, bob = people(db)
    assert ann.interests == ["chess", "art"] and bob.email == "smiths@example.org"
    assert any(w.row == 6 and "also given for Ann Smith" in w.message for w in result.warnings)


def test_people_already_in_the_database_are_matched(db, tmp_path):
    run(db, write_xlsx(tmp_path / "a.xlsx", MENTORS))
    # The same people, known by email and name only, in another layout.
    rows = [["Name", "E-mail", "Phone"], ["Dana Lee", "DANA@example.net", "0123 456789"]]
    result = run(db, write_xlsx(tmp_path / "b.xlsx", rows), role=Role.MENTOR)
    assert (result.created, result.updated) == (0, 1)
    assert people(db)[0].phone == "0123 456789"
    # Someone already a mentor cannot come back as a mentee.
    clash = run(
        db, write_xlsx(tmp_path / "c.xlsx", [*rows, ["Zed Young", "", ""]]), role=Role.MENTEE
    )
    assert clash.rejected == 1 and "already in the programme as a mentor" in clash.errors[0].message


def test_corrected_error_file_adds_exactly_the_fixed_rows(db_path, tmp_path, capsys):
    rows = [
        ["First name", "Last name", "Email", "Phone", "Role"],
        ["Gus", "Hale", "gus@example.org", "07700 900001", "mentee"],
        ["Hal", "", "hal@example.org", "07700 900002", "mentee"],
        ["Ida", "Jones", "ida@@example.org", "07700 900003", "mentee"],
    ]
    path = write_xlsx(tmp_path / "roster.xlsx", rows)
    errors = tmp_path / "errors.xlsx"
    code = main(["--db", str(db_path), "import", str(path), "--errors", str(errors), "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["rejected"] == 2
    book = load_workbook(errors)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:5] == rows[0] and header[5] == "What to fix"
    fixed = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[0] for r in fixed] == ["Hal", "Ida"] and fixed[0][3] == "07700 900002"
    fixed[0][1] = "Hughes"
    fixed[1][2] = "ida@example.org"
    write_xlsx(tmp_path / "fixed.xlsx", [header, *fixed])
    code = main(["--db", str(db_path), "import", str(tmp_path / "fixed.xlsx"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and (out["created"], out["rejected"]) == (2, 0)
    with Database.open(db_path) as db:
        assert sorted(p.first_name for p in people(db)) == ["Gus", "Hal", "Ida"]


def test_no_role_column_and_no_role_is_refused(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["First name", "Last name"], ["A", "B"]])
    with pytest.raises(ImportRefused, match="--role mentor or --role mentee"):
        run(db, path)
    assert count(db, Participant) == 0


def test_nothing_importable_is_an_error_not_a_silent_empty_import(db, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["First name", "Last name"], ["A", ""], ["", "B"]])
    with pytest.raises(NothingImported) as failure:
        run(db, path, role=Role.MENTEE)
    assert failure.value.result.rejected == 2
    assert count(db, ImportBatch) == 0


def test_cancel_midway_rolls_everything_back(db, tmp_path):
    rows = [["First name", "Last name"]] + [[f"P{i}", "Q"] for i in range(600)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    calls = []

    def report(done, total, text):
        calls.append(done)
        if len(calls) == 3:
            progress.cancel()

    progress = Progress(report)
    with pytest.raises(Cancelled):
        run(db, path, role=Role.MENTEE, progress=progress)
    assert count(db, Participant) == 0 and count(db, ImportBatch) == 0


def test_failure_midway_rolls_everything_back(db, tmp_path, monkeypatch):
    from mentordesk.roster import importer

    path = write_xlsx(tmp_path / "r.xlsx", MENTORS)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "remember_mapping", broken)
    with pytest.raises(RuntimeError):
        run(db, path, mapping={"T-shirt size": None, "Employer": "job_title"})
    assert count(db, Participant) == 0 and count(db, ScreeningCheck) == 0


def test_dry_run_writes_nothing(db, tmp_path):
    result = run(db, write_xlsx(tmp_path / "m.xlsx", MENTORS), dry_run=True)
    assert result.created == 3 and result.dry_run and result.batch_id is None
    assert count(db, Participant) == 0 and count(db, ImportBatch) == 0


def test_undo_and_redo(db, tmp_path):
    first = run(db, write_xlsx(tmp_path / "a.xlsx", MENTORS))
    changed = [row[:] for row in MENTORS] + [
        ["Gil", "Nash", "gil@example.net", "mentor", 1, "yes", "", "", ""]
    ]
    changed[1][6] = "Ledger LLP"
    changed[2][5] = "yes"
    second = run(db, write_xlsx(tmp_path / "b.xlsx", changed))
    assert (second.created, second.updated) == (1, 2)
    after = [(p.id, p.employer) for p in people(db)]
    undo_import(db, second.batch_id)
    assert [(p.first_name, p.employer) for p in people(db)] == [
        ("Dana", "Brightsoft"),
        ("Eli", "City Hospital"),
        ("Fay", ""),
    ]
    with db.reading() as s:
        eli = s.scalars(select(Participant).where(Participant.first_name == "Eli")).one()
        assert eli.screening_checks[0].status is ScreeningStatus.IN_PROGRESS
    with pytest.raises(UndoRefused, match="already been undone"):
        undo_import(db, second.batch_id)
    redo_import(db, second.batch_id)
    assert [(p.id, p.employer) for p in people(db)] == after
    undo_import(db, second.batch_id)
    undo_import(db, first.batch_id)
    assert count(db, Participant) == 0 and count(db, ScreeningCheck) == 0


def test_undo_refuses_to_lose_later_edits(db, tmp_path):
    run(db, write_xlsx(tmp_path / "a.xlsx", MENTORS))
    changed = [row[:] for row in MENTORS]
    changed[1][6] = "Ledger LLP"
    second = run(db, write_xlsx(tmp_path / "b.xlsx", changed))
    with db.transaction() as s:
        s.scalars(
            select(Participant).where(Participant.first_name == "Dana")
        ).one().employer = "Own business"
    with pytest.raises(UndoRefused, match="changed after the import"):
        undo_import(db, second.batch_id)
    assert people(db)[0].employer == "Own business"


def test_corrected_mapping_is_remembered(db, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", MENTORS)
    run(db, path, mapping={"T-shirt size": None, "Employer": "job_title"})
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(AppSetting)) == 1
        again = read_source(write_xlsx(tmp_path / "b.xlsx", MENTORS[:2]), session=s)
    assert again.guessed_mapping["Employer"] == "job_title"
    assert {g.source for g in again.guesses} == {"remembered"}


def test_month_first_programme_reads_ambiguous_dates_month_first(db, tmp_path):
    with db.transaction() as s:
        s.scalars(select(Programme)).one().date_order = "month_first"
    rows = [["First name", "Last name", "DOB"], ["A", "B", "03/04/2012"], ["C", "D", "25/04/2012"]]
    run(db, write_xlsx(tmp_path / "r.xlsx", rows), role=Role.MENTEE)
    assert [p.date_of_birth for p in people(db)] == [dt.date(2012, 3, 4), dt.date(2012, 4, 25)]


def test_csv_encodings_and_delimiters(db, tmp_path):
    semicolons = tmp_path / "excel-fr.csv"
    semicolons.write_bytes("Prénom;Nom;Téléphone\r\nZoë;Müller;0123 45\r\n".encode("cp1252"))
    tabs = tmp_path / "form.txt"
    tabs.write_bytes("\ufeffFirst name\tLast name\tPhone\nSøren\tBjörk\t004532 1234\n".encode())
    mapping = {"Prénom": "first_name", "Nom": "last_name", "Téléphone": "phone"}
    run(db, semicolons, role=Role.MENTEE, mapping=mapping)
    run(db, tabs, role=Role.MENTOR)
    assert [(p.first_name, p.last_name, p.phone) for p in people(db)] == [
        ("Zoë", "Müller", "0123 45"),
        ("Søren", "Björk", "004532 1234"),
    ]


def test_a_csv_named_xlsx_is_read_as_csv(db, tmp_path):
    path = tmp_path / "looks-like.xlsx"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["First name", "Last name"], ["Al", "Bo"]])
    assert run(db, path, role=Role.MENTEE).created == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (formats.OLE2_MAGIC + b"\x00" * 600, "Excel 97"),
        (formats.OLE2_MAGIC + "EncryptionInfo".encode("utf-16-le"), "password"),
    ],
)
def test_unreadable_formats_are_refused_with_advice(db, tmp_path, content, message):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        read_source(path)


def test_ods_and_zip_bomb_are_refused(tmp_path, monkeypatch):
    ods = tmp_path / "book.xlsx"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(ImportRefused, match="OpenDocument"):
        read_source(ods)
    bomb = write_xlsx(tmp_path / "bomb.xlsx", [["First name"], ["A" * 5000]])
    monkeypatch.setattr(formats, "MAX_PART_BYTES", 4000)
    with pytest.raises(ImportRefused, match="unpacks to more than"):
        read_source(bomb)


def test_sheet_choice_and_stated_dimensions_are_ignored(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.sheet_state = "hidden"
    book.active.append(["First name", "Last name"])
    book.active.append(["Hidden", "Person"])
    ws = book.create_sheet("People")
    ws.append(["First name", "Last name"])
    for i in range(30):
        ws.append([f"N{i}", "Z"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    # Make the sheet claim a single row, as some exporters do.
    patched = tmp_path / "claims-one-row.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = re.sub(rb'<dimension ref="[A-Z0-9:]+"\s*/>', b'<dimension ref="A1"/>', data)
                assert b'<dimension ref="A1"/>' in data
            dst.writestr(item, data)
    result = run(db, patched, role=Role.MENTEE)
    assert (result.sheet, result.created) == ("People", 30)
    with db.reading() as s:
        hidden = read_source(patched, sheet="Notes", session=s)
    assert hidden.table.rows[0].cells == ("Hidden", "Person")
    with pytest.raises(ImportRefused, match="no sheet 'Nope'"):
        read_source(patched, sheet="Nope")


def test_cli_json_contract(db_path, tmp_path, capsys):
    path = write_xlsx(
        tmp_path / "m.xlsx", [*MENTORS, ["", "Orr", "x@example.net", "mentor", 1, "", "", "", ""]]
    )
    code = main(["--db", str(db_path), "import", str(path), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(out) >= {
        "file",
        "sheet",
        "header_row",
        "mapping",
        "rows",
        "created",
        "updated",
        "unchanged",
        "duplicates",
        "rejected",
        "errors",
    }
    assert (out["file"], out["sheet"], out["header_row"], out["rows"]) == ("m.xlsx", "Roster", 1, 4)
    assert out["mapping"]["T-shirt size"] is None and out["mapping"]["Email"] == "email"
    assert out["errors"] == [
        {
            "row": 5,
            "column": "First name",
            "field": "first_name",
            "message": "The first name is empty.",
        }
    ]


def test_cli_refusals_exit_non_zero_with_one_line(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "r.xlsx", [["First name", "Last name"], ["A", "B"]])
    assert main(["--db", str(db_path), "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--role" in err
    assert (
        main(["--db", str(db_path), "import", str(tmp_path / "missing.xlsx"), "--role", "mentee"])
        == 1
    )
    assert "does not exist" in capsys.readouterr().err
    assert main(["--db", str(db_path), "import", str(path), "--role", "mentee", "--dry-run"]) == 0
    assert "Would import" in capsys.readouterr().out


def test_cli_map_option(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "r.xlsx", [["Who", "Family"], ["Al", "Bo"]])
    code = main(
        [
            "--db",
            str(db_path),
            "import",
            str(path),
            "--role",
            "mentee",
            "--map",
            "Who=first_name",
            "--map",
            "Family=last_name",
            "--json",
        ]
    )
    assert code == 0 and json.loads(capsys.readouterr().out)["created"] == 1


def test_files_are_closed_after_reading(tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [["First name", "Last name"], ["A", "B"]])
    read_source(path)
    Path(path).rename(tmp_path / "moved.xlsx")  # would fail on Windows with a handle open


def test_surname_merged_over_two_rows_belongs_to_both(db, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(["Mentee list"])
    ws.merge_cells("A1:C1")
    ws.append(["First name", "Last name", "Email"])
    ws.append(["Ann", "Smith", "ann@example.org"])
    ws.append(["Bob", None, "bob@example.org"])
    ws.merge_cells("B3:B4")
    path = tmp_path / "merged.xlsx"
    book.save(path)
    result = run(db, path, role=Role.MENTEE)
    assert (result.header_row, result.created) == (2, 2)
    assert [p.last_name for p in people(db)] == ["Smith", "Smith"]


def test_a_sheet_of_formatted_empty_rows_stops_at_the_blank_run(db, tmp_path):
    """200,000 formatted empty rows and a dimension claiming a million: the reader stops
    after the blank run instead of walking them all."""
    from mentordesk.roster import workbook

    path = write_xlsx(tmp_path / "r.xlsx", [["First name", "Last name"], ["A", "B"]])
    patched = tmp_path / "formatted.xlsx"
    empty_rows = b"".join(
        b'<row r="%d" s="1" customFormat="1" ht="15"/>' % n for n in range(3, 200_003)
    )
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[A-Z0-9:]+"\s*/>', b'<dimension ref="A1:XFD1048576"/>', data
                )
                data = data.replace(b"</sheetData>", empty_rows + b"</sheetData>")
            dst.writestr(item.filename, data)
    seen: list[int] = []
    original = workbook.BLANK_RUN_END
    with workbook.Workbook(patched) as book:
        grid = book.read()
        for _ in book._rows(grid.name):
            seen.append(1)
    assert len(grid.rows) == 2 and len(seen) <= original + 3
    assert run(db, patched, role=Role.MENTEE).created == 1
