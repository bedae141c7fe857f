import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.models import (
    ImportBatch,
    Meeting,
    MeetingMode,
    Pairing,
    PairingStatus,
    Participant,
    Role,
)
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.import_undo import redo_import, undo_import
from mentordesk.roster.importer import NothingImported
from mentordesk.roster.meeting_log import import_meeting_log, parse_minutes, read_log
from mentordesk.store import Database, current_programme_id
from tests.roster_sheets import write_xlsx

LOG_HEADERS = ["Mentor", "Mentee email", "Date", "Duration", "How did you meet?", "Notes"]


def setup_pairs(db) -> None:
    with db.transaction() as s:
        pid = current_programme_id(s)

        def person(role, first, last, email):
            p = Participant(
                programme_id=pid,
                role=role,
                first_name=first,
                last_name=last,
                email=email,
                capacity=2 if role is Role.MENTOR else None,
            )
            s.add(p)
            return p

        dana = person(Role.MENTOR, "Dana", "Lee", "dana@example.net")
        eli = person(Role.MENTOR, "Eli", "Ward", "eli@example.net")
        ann = person(Role.MENTEE, "Ann", "Smith", "ann@example.org")
        ben = person(Role.MENTEE, "Ben", "Cole", "ben@example.org")
        cat = person(Role.MENTEE, "Cat", "Moss", "cat@example.org")
        s.flush()
        s.add_all(
            [
                Pairing(
                    programme_id=pid,
                    mentor_id=dana.id,
                    mentee_id=ann.id,
                    status=PairingStatus.ACTIVE,
                    start_date=dt.date(2026, 9, 1),
                ),
                Pairing(
                    programme_id=pid,
                    mentor_id=eli.id,
                    mentee_id=ben.id,
                    status=PairingStatus.CLOSED,
                    start_date=dt.date(2026, 1, 10),
                    end_date=dt.date(2026, 6, 30),
                ),
                Pairing(
                    programme_id=pid,
                    mentor_id=eli.id,
                    mentee_id=cat.id,
                    status=PairingStatus.PAUSED,
                    start_date=dt.date(2026, 3, 1),
                ),
            ]
        )


GOOD = [
    LOG_HEADERS,
    ["dana@example.net", "ann@example.org", "2026-10-01", "1h 30", "in person", "Maths homework"],
    ["Dana Lee", "ann@example.org", "08/10/2026", 60, "Zoom", ""],
    ["Eli Ward", "ben@example.org", "2026-03-15", "45 min", "phone", ""],  # closed, in span
    ["Eli Ward", "cat@example.org", "2026-11-02", "1:15", "", ""],  # paused pairing
    ["Dana Lee", "ann@example.org", "08/10/2026", "60", "video call", "typed twice"],
]


def log_of(db, path, **kwargs):
    with db.reading() as s:
        log = read_log(path, session=s)
    return import_meeting_log(db, log, **kwargs)


def meetings(db):
    with db.reading() as s:
        return [
            (m.held_on, m.minutes, m.mode, m.notes)
            for m in s.scalars(select(Meeting).order_by(Meeting.id))
        ]


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [
        ("90", 90),
        (90, 90),
        ("1h 30", 90),
        ("1h30m", 90),
        ("1:30", 90),
        ("1.5 hours", 90),
        ("2 hours", 120),
        ("45 mins", 45),
        (dt.time(1, 30), 90),
    ],
)
def test_durations(raw, minutes):
    assert parse_minutes(raw) == minutes


def test_hours_column_reads_numbers_as_hours():
    assert parse_minutes(1.5, hours_column=True) == 90


def test_good_log_imports_once(db, tmp_path):
    setup_pairs(db)
    path = write_xlsx(tmp_path / "log.xlsx", GOOD)
    result = log_of(db, path)
    assert (result.created, result.duplicates, result.rejected) == (4, 1, 0)
    assert meetings(db) == [
        (dt.date(2026, 10, 1), 90, MeetingMode.IN_PERSON, "Maths homework"),
        (dt.date(2026, 10, 8), 60, MeetingMode.VIDEO, ""),
        (dt.date(2026, 3, 15), 45, MeetingMode.PHONE, ""),
        (dt.date(2026, 11, 2), 75, MeetingMode.IN_PERSON, ""),
    ]
    again = log_of(db, path)
    # The row typed twice matches the meeting already there: nothing is added twice.
    assert (again.created, again.unchanged) == (0, 5)
    assert len(meetings(db)) == 4


def test_bad_rows_are_reported_with_reasons(db, tmp_path):
    setup_pairs(db)
    rows = [
        LOG_HEADERS,
        ["Dana Lee", "ann@example.org", "2026-10-01", 60, "", ""],
        ["Zed Nobody", "ann@example.org", "2026-10-01", 60, "", ""],
        ["Dana Lee", "ben@example.org", "2026-10-01", 60, "", ""],  # not paired
        ["Eli Ward", "ben@example.org", "2026-10-01", 60, "", ""],  # closed before then
        ["Dana Lee", "ann@example.org", "31/09/2026", 60, "", ""],
        ["Dana Lee", "ann@example.org", "2026-10-02", "a while", "", ""],
        ["Dana Lee", "ann@example.org", "2027-01-01", 60, "", ""],
        ["Dana Lee", "ann@example.org", "2026-10-03", 60, "carrier pigeon", ""],
    ]
    result = log_of(db, write_xlsx(tmp_path / "bad.xlsx", rows))
    assert (result.created, result.rejected) == (1, 7)
    messages = {e.row: e.message for e in result.errors}
    assert "No mentor is called Zed Nobody" in messages[3]
    assert "no active or paused pairing" in messages[4]
    assert "nor a closed one covering that date" in messages[5]
    assert "not a real date" in messages[6]
    assert "not a duration" in messages[7]
    assert "in the future" in messages[8]
    assert "not a mode" in messages[9]


def test_log_without_needed_columns_is_refused(db, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["Mentor", "Notes"], ["Dana Lee", "hi"]])
    with pytest.raises(ImportRefused, match="mentee"):
        log_of(db, path)


def test_all_rows_bad_writes_nothing(db, tmp_path):
    setup_pairs(db)
    rows = [LOG_HEADERS, ["Nobody", "ann@example.org", "2026-10-01", 60, "", ""]]
    with pytest.raises(NothingImported):
        log_of(db, write_xlsx(tmp_path / "x.xlsx", rows))
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0


def test_undo_and_redo_meetings(db, tmp_path):
    setup_pairs(db)
    result = log_of(db, write_xlsx(tmp_path / "log.xlsx", GOOD))
    undo_import(db, result.batch_id)
    assert meetings(db) == []
    redo_import(db, result.batch_id)
    assert len(meetings(db)) == 4


def test_cli_meetings_json(db_path, tmp_path, capsys):
    with Database.open(db_path) as db:
        setup_pairs(db)
    path = write_xlsx(tmp_path / "log.xlsx", GOOD)
    code = main(["--db", str(db_path), "import", str(path), "--kind", "meetings", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["kind"] == "meetings"
    assert (out["created"], out["unchanged"], out["duplicates"]) == (4, 0, 1)
    code = main(["--db", str(db_path), "import", str(path), "--kind", "meetings", "--json"])
    assert json.loads(capsys.readouterr().out)["unchanged"] == 5
