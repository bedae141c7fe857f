from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk import cli
from mentordesk.documents.document_pairs import full_name
from mentordesk.documents.report_data import programme_report
from mentordesk.documents.report_periods import Period, date_range, this_term, this_year
from mentordesk.documents.reports import report_pdf_bytes, write_report
from mentordesk.errors import MentorDeskError, ValidationError
from mentordesk.models import CheckIn, Meeting, Pairing, Participant
from mentordesk.monitoring.flags import FlagKind
from mentordesk.pairings.concerns import list_concerns
from mentordesk.store import Database
from tests.pdf_check import flat, pages_text

TODAY = dt.date(2026, 11, 25)
YEAR = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31), "Calendar year")


def _all_notes(db: Database) -> list[str]:
    with db.reading() as session:
        notes = list(session.scalars(select(Meeting.notes))) + list(
            session.scalars(select(CheckIn.notes))
        )
    return sorted({n for n in notes if n})


def _contacts(db: Database) -> list[str]:
    with db.reading() as session:
        people = session.scalars(select(Participant)).all()
        found = [p.email for p in people if p.email] + [p.phone for p in people if p.phone]
        found += [p.guardian_email for p in people if p.guardian_email]
        found += [p.guardian_phone for p in people if p.guardian_phone]
    return found


def test_periods() -> None:
    assert this_term(TODAY) == Period(
        dt.date(2026, 9, 1), dt.date(2026, 12, 31), "Autumn term 2026"
    )
    assert this_term(dt.date(2027, 2, 3)).start == dt.date(2027, 1, 1)
    assert this_term(dt.date(2027, 5, 3)).end == dt.date(2027, 8, 31)
    year = this_year(TODAY)
    assert (year.start, year.end) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    programme_year = this_year(TODAY, dt.date(2026, 9, 15), dt.date(2027, 7, 20))
    assert programme_year.label == "Programme year"
    assert date_range(None, None, TODAY).start == dt.date(2025, 11, 26)
    with pytest.raises(ValidationError, match="swap"):
        date_range(dt.date(2026, 10, 1), dt.date(2026, 9, 1), TODAY)
    assert [m.month for m in this_term(TODAY).months(TODAY)] == [9, 10, 11]


def test_programme_report_has_the_figures_and_no_notes_or_contacts(demo_db: Database) -> None:
    pdf, pages = report_pdf_bytes(demo_db, YEAR)
    texts = pages_text(pdf)
    assert len(texts) == pages
    text = flat("\n".join(texts))
    for heading in (
        "Programme report",
        "Participants today",
        "Pairings",
        "Meetings per month",
        "How long pairings last",
        "Closures in this period",
        "Goals",
        "Pairs needing attention today",
    ):
        assert heading in text
    with demo_db.reading() as session:
        meetings = session.scalar(
            select(func.count()).where(Meeting.held_on.between(YEAR.start, TODAY))
        )
        data = programme_report(session, YEAR, TODAY)
    assert f"{meetings} meetings" in text
    assert data.meetings_total == meetings
    # A reason of the standard list prints; one the coordinator wrote may name someone.
    assert "Mentee lost interest" in text and "Mentor moved away for work" not in text
    assert "Another reason (written by the coordinator)" in text
    # The demo has a pair that stopped meeting, an open concern and an unsigned agreement:
    # counted, never named.
    for kind in ("Safety concern 1 1", "No recent meeting 1 1", "Agreement not signed 1 1"):
        assert kind in text
    assert "Mentees waiting for a mentor" in text
    assert "No names, notes, concerns or contact details" in text
    # Month labels of the chart are text.
    for month in ("Sep", "Oct", "Nov"):
        assert month in text
    # Privacy: no notes, no contact details.
    for note in _all_notes(demo_db):
        assert note not in text, note
    for contact in _contacts(demo_db):
        assert contact not in text, contact


def test_pairing_report_holds_that_pair_only_and_notes_only_on_request(
    demo_db: Database,
) -> None:
    with demo_db.reading() as session:
        pairing = session.get(Pairing, 2)
        own = {full_name(pairing.mentee), full_name(pairing.mentor)}
        others = {
            full_name(p)
            for p in session.scalars(select(Participant))
            if p.id not in (pairing.mentee_id, pairing.mentor_id)
        }
        held = session.scalar(
            select(func.count()).where(
                Meeting.pairing_id == 2, Meeting.held_on.between(YEAR.start, TODAY)
            )
        )
        own_notes = {
            n
            for n in list(session.scalars(select(Meeting.notes).where(Meeting.pairing_id == 2)))
            + list(session.scalars(select(CheckIn.notes).where(CheckIn.pairing_id == 2)))
            if n
        }
    text = flat("\n".join(pages_text(report_pdf_bytes(demo_db, YEAR, 2)[0])))
    assert all(name in text for name in own)
    assert not [name for name in others if name in text]
    assert f"{held} held; about" in text
    for heading in ("Meetings", "Goals", "Check-ins and satisfaction"):
        assert heading in text
    assert "Confidential notes" not in text
    assert not [n for n in own_notes if n in text]

    with_notes = flat(
        "\n".join(pages_text(report_pdf_bytes(demo_db, YEAR, 2, include_notes=True)[0]))
    )
    assert "Confidential notes" in with_notes
    assert own_notes and all(n in with_notes for n in own_notes)
    assert "contains personal data and notes" in with_notes


def test_pairing_report_counts_only_the_period(demo_db: Database) -> None:
    october = Period(dt.date(2026, 10, 1), dt.date(2026, 10, 31), "October")
    with demo_db.reading() as session:
        held = session.scalar(
            select(func.count()).where(
                Meeting.pairing_id == 1, Meeting.held_on.between(october.start, october.end)
            )
        )
    text = flat("\n".join(pages_text(report_pdf_bytes(demo_db, october, 1)[0])))
    assert f"{held} held; about 4 expected at four times a month" in text
    assert "October: 1 October 2026 to 31 October 2026" in text


def _names(db: Database) -> set[str]:
    with db.reading() as session:
        people = session.execute(
            select(Participant.first_name, Participant.last_name, Participant.preferred_name)
        ).all()
    return {name for person in people for name in person if name}


def _pdftotext(path: Path) -> list[str]:
    """Each page's text, as a person copying it out of a PDF viewer gets it."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [page for page in out.split("\f") if page.strip()]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_board_report_names_no_one_and_counts_the_dashboards_flags(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "board.pdf"
    assert cli.main(["--db", str(demo_db_path), "report", "--out", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["--db", str(demo_db_path), "flags", "--json"]) == 0
    flags = json.loads(capsys.readouterr().out)
    text = " ".join(" ".join(_pdftotext(out)).split())
    with Database.open(demo_db_path, write=False) as db:
        names = _names(db)
        with db.reading() as session:
            concerns = [c.description for c in list_concerns(session, include_closed=True)]
            labels = {kind.value: kind.label for kind in FlagKind}
    assert concerns, "the demo has a concern"
    words = set(re.findall(r"[\w'’-]+", text))
    assert not [name for name in names if name in words or (" " in name and name in text)]
    assert not [c for c in concerns if c in text]
    by_kind = Counter(flag["kind"] for flag in flags)
    for kind, count in by_kind.items():
        assert re.search(rf"{re.escape(labels[kind])} {count} (\d+|–)", text), kind
    assert not [
        k
        for k in labels.values()
        if k not in {labels[x] for x in by_kind} and re.search(rf"{re.escape(k)} \d+ ", text)
    ]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_internal_report_names_pairs_and_says_so_on_every_page(
    demo_db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "internal.pdf"
    args = ["--db", str(demo_db_path), "report", "--out", str(out), "--internal"]
    assert cli.main(args) == 0
    pages = _pdftotext(out)
    assert len(pages) > 1
    for page in pages:
        assert "internal — contains names" in " ".join(page.split())
    text = " ".join(" ".join(pages).split())
    assert "David Okonkwo & Zoë Müller" in text
    # A pairing's report is about its pair already: --internal is refused there.
    assert cli.main([*args, "--pairing", "1"]) == 1


def test_reports_refuse_when_there_is_nothing(
    db: Database, demo_db: Database, tmp_path: Path
) -> None:
    with pytest.raises(MentorDeskError, match="nothing to report"):
        write_report(db, tmp_path / "r.pdf", YEAR)
    with pytest.raises(MentorDeskError, match="no pairing with ID 77"):
        write_report(demo_db, tmp_path / "r.pdf", YEAR, 77)
    assert not (tmp_path / "r.pdf").exists()


def test_write_report_adds_the_pdf_suffix(demo_db: Database, tmp_path: Path) -> None:
    result = write_report(demo_db, tmp_path / "board", YEAR)
    assert result.path == tmp_path / "board.pdf"
    assert result.path.read_bytes().startswith(b"%PDF")


def test_reports_for_proposed_and_closed_pairings(demo_db: Database) -> None:
    with demo_db.reading() as session:
        by_status = {p.status.value: p for p in session.scalars(select(Pairing))}
        proposed, closed = by_status["proposed"].id, by_status["closed"].id
        reason = by_status["closed"].closure_reason
    text = flat("\n".join(pages_text(report_pdf_bytes(demo_db, YEAR, proposed)[0])))
    assert "Not started yet" in text and "0 held (the pairing was not under way" in text
    text = flat("\n".join(pages_text(report_pdf_bytes(demo_db, YEAR, closed)[0])))
    assert f"Closure {reason} (early" in text or f"Closure {reason} (planned" in text
