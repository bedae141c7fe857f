"""Documents survive odd values and say only true things: a pair's own period, overdue
goals, legends for what is drawn, one way of rounding hours, placeholders named before
printing, the safeguarding lead's phone."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from mentordesk.cli import main
from mentordesk.documents.agreements import agreement_pdf_bytes
from mentordesk.documents.reports import default_period, report_pdf_bytes
from mentordesk.models import (
    CheckIn,
    CheckInWho,
    Goal,
    GoalStatus,
    Meeting,
    MeetingMode,
    Pairing,
    Programme,
)
from mentordesk.programme.programme_settings import load_settings
from mentordesk.store import Database, current_programme_id
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.documents.programme_settings_dialog import ProgrammeSettingsDialog
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.odd_pairs import add_empty_pair, add_long_pair, add_named_pair
from tests.pairing_builders import make_mentee, make_mentor, make_pairing
from tests.pdf_check import flat, pages_text, text_outside_margins

# --- long and empty values ------------------------------------------------------------------


def test_every_document_prints_a_pair_with_very_long_values_and_one_with_none(
    demo_db: Database,
) -> None:
    long_id, empty_id = add_long_pair(demo_db), add_empty_pair(demo_db)
    documents = {
        "agreement, long": agreement_pdf_bytes(demo_db, long_id),
        "agreement, empty": agreement_pdf_bytes(demo_db, empty_id),
        "pairing report, long": report_pdf_bytes(
            demo_db, default_period(demo_db, long_id), long_id, include_notes=True
        )[0],
        "pairing report, empty": report_pdf_bytes(
            demo_db, default_period(demo_db, empty_id), empty_id, include_notes=True
        )[0],
        "programme report": report_pdf_bytes(demo_db, default_period(demo_db))[0],
    }
    for what, pdf in documents.items():
        pages = pages_text(pdf)
        assert pages, what
        assert text_outside_margins(pdf) == [], what
    long_report = flat(" ".join(pages_text(documents["pairing report, long"])))
    assert "Goal 49" in long_report  # 50 goals, all of them
    assert "note 299" in long_report  # 300 meetings' notes, split across pages
    # A header line holding a 1,000-character name is shortened, not run over the page.
    first_page = pages_text(documents["agreement, long"])[0]
    assert "…" in first_page


def test_unbroken_500_character_names_in_shaped_scripts_print(demo_db: Database) -> None:
    """No spaces to wrap at, a right-to-left run cut short with an ellipsis in the header,
    brackets from another font inside a shaped word."""
    ids = [
        add_named_pair(demo_db, "محمد" * 125, "李" * 500, "ש" * 500),
        add_named_pair(demo_db, "प्रिया" * 80, "(" + "ใจดี" * 124 + ")", "(محمد)"),
    ]
    for pairing_id in ids:
        for pdf in (
            agreement_pdf_bytes(demo_db, pairing_id),
            report_pdf_bytes(demo_db, default_period(demo_db, pairing_id), pairing_id)[0],
        ):
            assert pages_text(pdf)
            assert text_outside_margins(pdf) == []


def test_the_programme_report_command_prints_with_a_500_character_name(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(demo_db_path) as db:
        add_long_pair(db)
    out = tmp_path / "programme.pdf"
    assert main(["--db", str(demo_db_path), "report", "--out", str(out)]) == 0
    assert out.exists()
    assert "Traceback" not in capsys.readouterr().err


# --- the period of a pair's report --------------------------------------------------------


def _june_pair(db: Database, *, programme_start: dt.date | None) -> int:
    with db.transaction() as session:
        programme = session.get(Programme, current_programme_id(session))
        assert programme is not None
        programme.start_date = programme_start
        programme.end_date = None if programme_start is None else dt.date(2027, 7, 31)
        mentor = make_mentor(session, "June Mentor")
        mentee = make_mentee(session, "June Mentee")
        pairing_id = make_pairing(session, mentor, mentee, start=dt.date(2026, 6, 8))
        for day in (dt.date(2026, 6, 10), dt.date(2026, 6, 24), dt.date(2026, 10, 7)):
            session.add(
                Meeting(pairing_id=pairing_id, held_on=day, minutes=60, mode=MeetingMode.VIDEO)
            )
    return pairing_id


def test_a_june_pair_report_starts_in_june(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(demo_db_path) as db:
        pairing_id = _june_pair(db, programme_start=None)
    out = tmp_path / "june.pdf"
    args = ["--db", str(demo_db_path), "report", "--pairing", str(pairing_id), "--out"]
    assert main([*args, str(out), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["from"] == "2026-06-08"
    text = flat(" ".join(pages_text(out)))
    assert "Since the pairing started: 8 June 2026 to 25 November 2026" in text
    assert "3 held" in text  # both June meetings and October's


def test_a_pair_older_than_the_programme_year_says_its_report_starts_with_the_year(
    demo_db: Database,
) -> None:
    pairing_id = _june_pair(demo_db, programme_start=dt.date(2026, 9, 1))
    period = default_period(demo_db, pairing_id)
    assert period.start == dt.date(2026, 9, 1)
    pdf = report_pdf_bytes(demo_db, period, pairing_id)[0]
    text = flat(" ".join(pages_text(pdf)))
    assert "Since the programme year began: 1 September 2026" in text
    assert "1 held" in text


# --- statements --------------------------------------------------------------------------


def test_overdue_goals_legends_with_data_and_hours_rounded_one_way(demo_db: Database) -> None:
    today = dt.date(2026, 11, 25)
    with demo_db.transaction() as session:
        mentor = make_mentor(session, "Legend Mentor")
        mentee = make_mentee(session, "Legend Mentee")
        pairing_id = make_pairing(session, mentor, mentee, start=dt.date(2026, 9, 2))
        session.add_all(
            [
                Goal(
                    pairing_id=pairing_id,
                    title="Read a book a month",
                    target_date=dt.date(2026, 10, 1),
                    status=GoalStatus.IN_PROGRESS,
                    progress=40,
                ),
                Goal(
                    pairing_id=pairing_id,
                    title="Visit a university",
                    target_date=dt.date(2026, 10, 2),
                    status=GoalStatus.ACHIEVED,
                    progress=100,
                    completed_on=dt.date(2026, 10, 2),
                ),
                Goal(
                    pairing_id=pairing_id,
                    title="Choose GCSE options",
                    target_date=today + dt.timedelta(days=30),
                    status=GoalStatus.IN_PROGRESS,
                    progress=10,
                ),
            ]
        )
        for day in (dt.date(2026, 9, 9), dt.date(2026, 10, 14)):
            session.add(
                Meeting(pairing_id=pairing_id, held_on=day, minutes=47, mode=MeetingMode.IN_PERSON)
            )
            session.add(
                CheckIn(pairing_id=pairing_id, held_on=day, who=CheckInWho.MENTEE, satisfaction=4)
            )
    pdf = report_pdf_bytes(demo_db, default_period(demo_db, pairing_id), pairing_id)[0]
    text = flat(" ".join(pages_text(pdf)))
    assert re.search(r"Read a book a month .*?Overdue", text)
    assert re.search(r"Visit a university .*?Achieved", text)
    assert re.search(r"Choose GCSE options .*?In progress", text)
    assert "In person" in text
    for absent in ("Video", "Phone", "Guardian"):  # no meeting or rating of that kind
        assert absent not in text
    assert "1.6 hours" in text  # 94 minutes, to a tenth

    programme = flat(" ".join(pages_text(report_pdf_bytes(demo_db, default_period(demo_db))[0])))
    found = re.search(r"(\d+) meetings, ([\d.]+) hours of mentoring", programme)
    assert found is not None
    figure = found.group(2)
    assert "." in figure  # to a tenth, as in the key figure at the top (not "127" there)
    assert programme.count(figure) >= 2


# --- placeholders and the safeguarding lead's phone ---------------------------------------------


def _pair_in_empty_programme(db_path: Path) -> int:
    with Database.open(db_path) as db, db.transaction() as session:
        return make_pairing(session, make_mentor(session), make_mentee(session))


def test_the_command_line_refuses_placeholder_settings_unless_allowed(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _pair_in_empty_programme(db_path)
    out = tmp_path / "a.pdf"
    args = ["--db", str(db_path), "agreements", "--out", str(out)]
    assert main(args) != 0
    err = capsys.readouterr().err
    assert "organisation, coordinator's name, coordinator's contact, safeguarding lead" in err
    assert "--allow-placeholders" in err
    assert not out.exists()
    assert main([*args, "--allow-placeholders"]) == 0
    assert "Warning: The programme settings have no organisation" in capsys.readouterr().err
    assert out.exists()


def test_the_window_names_placeholders_before_printing(
    db: Database, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with db.transaction() as session:
        pairing_id = make_pairing(session, make_mentor(session), make_mentee(session))
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    page = next(p for p in window.pages if isinstance(p, DocumentsPage))
    shown: list[str] = []
    answer = [QMessageBox.StandardButton.Cancel]

    def warning(_parent: Any, _title: str, text: str, *_a: Any, **_k: Any) -> Any:
        shown.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "warning", warning)
    target = tmp_path / "agreement.pdf"
    page.agreements.write_agreements([pairing_id], target, separate=False)
    assert "safeguarding lead's phone" in shown[0]
    assert not target.exists()  # went back to fill them in
    answer[0] = QMessageBox.StandardButton.Yes
    page.agreements.write_agreements([pairing_id], target, separate=False)
    assert target.exists()


def test_the_safeguarding_lead_phone_is_set_in_the_dialog_and_printed(
    demo_db: Database, qtbot: Any
) -> None:
    context = AppContext(demo_db, synchronous_tasks=True)
    dialog = ProgrammeSettingsDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.safeguarding_phone.text() == "01632 960 456"  # the demo's
    dialog.safeguarding_phone.setText("0800 123 4567")
    dialog.save()
    with demo_db.reading() as session:
        assert load_settings(session).safeguarding_phone == "0800 123 4567"
        pairing_id = session.scalars(select(Pairing.id).order_by(Pairing.id)).first()
    assert pairing_id is not None
    text = flat(" ".join(pages_text(agreement_pdf_bytes(demo_db, pairing_id))))
    assert "Our safeguarding lead is Dr Priya Nair (phone 0800 123 4567)." in text
    context.undo_stack.undo()
    with demo_db.reading() as session:
        assert load_settings(session).safeguarding_phone == "01632 960 456"
