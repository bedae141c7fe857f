from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from mentordesk.documents.agreements import (
    agreement_pdf_bytes,
    new_pairing_ids,
    record_agreement_signed,
    write_agreements,
)
from mentordesk.documents.document_pairs import full_name
from mentordesk.documents.fonts import missing_glyphs
from mentordesk.errors import MentorDeskError, ValidationError
from mentordesk.models import Pairing, PairingStatus, PaperSize, Participant, Programme
from mentordesk.progress import Cancelled, Progress
from mentordesk.store import Database
from tests.pdf_check import (
    WIDE_NAMES,
    add_wide_name_pairings,
    embedded_fonts,
    flat,
    pages_text,
    text_outside_margins,
)

TODAY = dt.date(2026, 11, 25)
HEADER = re.compile(r"Mentoring agreement: (.+?) and (.+?)\n")


def _pairs(db: Database) -> dict[int, tuple[str, str, bool]]:
    """pairing id -> (mentee, mentor, mentee under 18 on the start date)."""
    with db.reading() as session:
        found = {}
        for pairing in session.scalars(select(Pairing)):
            mentee: Participant = pairing.mentee
            on = pairing.start_date or TODAY
            assert mentee.date_of_birth is not None
            minor = (on - mentee.date_of_birth).days < 18 * 365.25 - 1
            found[pairing.id] = (full_name(mentee), full_name(pairing.mentor), minor)
        return found


def _sections(pages: list[str]) -> list[tuple[str, list[str]]]:
    """Group page texts by the pair named in their header, in order."""
    sections: list[tuple[str, list[str]]] = []
    for text in pages:
        match = HEADER.search(text)
        assert match, text[:300]
        key = f"{match.group(1)} and {match.group(2)}"
        if sections and sections[-1][0] == key:
            sections[-1][1].append(text)
        else:
            sections.append((key, [text]))
    return sections


def test_batch_prints_one_agreement_per_pair_each_on_its_own_pages(
    demo_db: Database, tmp_path: Path
) -> None:
    wide = add_wide_name_pairings(demo_db, dt.date(2026, 10, 1))
    pairs = _pairs(demo_db)
    with demo_db.reading() as session:
        expected_ids = [
            p.id
            for p in session.scalars(select(Pairing))
            if p.status in (PairingStatus.ACTIVE, PairingStatus.PROPOSED)
        ]
    result = write_agreements(demo_db, tmp_path / "all.pdf", reprint=True)
    assert sorted(result.pairing_ids) == sorted(expected_ids)
    (file,) = result.files
    pages = pages_text(file.path)
    assert len(pages) == file.pages == result.pages
    sections = _sections(pages)
    # One section per pairing, each a new page, in the order written, with its own numbering.
    assert [s[0] for s in sections] == [
        f"{pairs[i][0]} and {pairs[i][1]}" for i in result.pairing_ids
    ]
    other_names = {name for m, mentor, _ in pairs.values() for name in (m, mentor)}
    for pairing_id, (key, texts) in zip(result.pairing_ids, sections, strict=True):
        mentee, mentor, minor = pairs[pairing_id]
        whole = flat("\n".join(texts))
        assert flat(texts[0]).count("Mentoring agreement") >= 2  # header and title
        assert f"Page 1 of {len(texts)}" in texts[0]
        assert f"Page {len(texts)} of {len(texts)}" in texts[-1]
        # The right names, and nobody else's.
        assert f"between {mentee} (the mentee), {mentor} (the mentor)" in whole
        for name in other_names - {mentee, mentor}:
            assert name not in whole, (key, name)
        # The guardian signs only for a minor.
        assert ("Parent or guardian" in whole) is minor, key
        # Every placeholder filled; the text version is in the footer.
        assert "{" not in whole and "}" not in whole and "?]" not in whole
        assert "Agreement text version 1" in whole
        assert f"pairing {pairing_id}; printed 25 November 2026" in whole
    # The wide names print and are searchable.
    all_text = flat("\n".join(pages))
    for first, last in WIDE_NAMES.items():
        assert f"{first} {last}" in all_text
    assert {"DejaVuSans", "DejaVuSans-Bold", "NanumSquareR"} <= embedded_fonts(file.path)
    # Printing recorded the date where none was; a date recorded before stays.
    with demo_db.reading() as session:
        for pairing_id in expected_ids:
            printed = session.get(Pairing, pairing_id).agreement_printed_on
            assert printed == TODAY or pairing_id not in result.recorded_ids
        assert set(wide) <= set(result.recorded_ids)
    assert set(wide) <= set(result.pairing_ids)


def test_demo_names_have_glyphs_in_the_embedded_fonts(demo_db: Database) -> None:
    with demo_db.reading() as session:
        names = [full_name(p) for p in session.scalars(select(Participant))]
    assert "Nguyễn Ngọc" in names and "Siobhán Ó Súilleabháin" in names and "민준 김" in names
    assert missing_glyphs(" ".join(names)) == set()


def test_separate_files_are_named_after_the_pair_and_hold_only_that_pair(
    demo_db: Database, tmp_path: Path
) -> None:
    pairs = _pairs(demo_db)
    folder = tmp_path / "agreements"
    result = write_agreements(demo_db, folder, [1, 2, 3], separate=True)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(
        [
            "Agreement - Nguyễn Ngọc and Søren Björk.pdf",
            "Agreement - Siobhán Ó Súilleabháin and Helen Carter.pdf",
            "Agreement - Zoë Müller and David Okonkwo.pdf",
        ]
    )
    for file in result.files:
        (pairing_id,) = file.pairing_ids
        text = flat("\n".join(pages_text(file.path)))
        mentee, mentor, _ = pairs[pairing_id]
        assert mentee in file.path.name and mentee in text and mentor in text
        for other_id, (other_mentee, other_mentor, _) in pairs.items():
            if other_id != pairing_id:
                assert other_mentee not in text and other_mentor not in text
    assert not [p for p in folder.iterdir() if p.name.endswith(".part")]


def test_proposed_pairing_prints_lines_to_fill_in(demo_db: Database) -> None:
    with demo_db.reading() as session:
        proposed = session.scalar(
            select(Pairing.id).where(Pairing.status == PairingStatus.PROPOSED).limit(1)
        )
    text = flat("\n".join(pages_text(agreement_pdf_bytes(demo_db, proposed))))
    assert "Start date to be agreed" in text
    assert "starting on ________________" in text


def test_long_names_and_text_wrap_inside_the_page(demo_db: Database) -> None:
    long_last = " ".join(["Montgomery-Fitzwilliam"] * 6)
    with demo_db.transaction() as session:
        pairing = session.get(Pairing, 1)
        pairing.mentee.last_name = long_last
        pairing.mentee.guardian_name = "Guardian " + "Abcdefghijklmnopqrstuvwxyz" * 4
        programme = session.scalar(select(Programme))
        programme.coordinator_contact = "call or write to " + "very-long-address" * 8
    pdf = agreement_pdf_bytes(demo_db, 1)
    assert text_outside_margins(pdf) == []
    assert long_last in flat("\n".join(pages_text(pdf)))


def test_goals_print_with_the_pair(demo_db: Database) -> None:
    with demo_db.reading() as session:
        goals = [g.title for g in session.get(Pairing, 1).goals]
    text = flat("\n".join(pages_text(agreement_pdf_bytes(demo_db, 1))))
    assert goals and all(title in text for title in goals)


def test_coordinator_text_with_a_bad_placeholder_refuses_to_print(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        session.scalar(select(Programme)).agreement_text = "# Hi\nDear {child_name}"
    with pytest.raises(ValidationError, match="child_name"):
        agreement_pdf_bytes(demo_db, 1)


def test_cancel_leaves_no_file_and_records_nothing(demo_db: Database, tmp_path: Path) -> None:
    progress = Progress(lambda done, total, text: progress.cancel() if done >= 2 else None)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(Cancelled):
        write_agreements(demo_db, out / "batch.pdf", progress=progress, reprint=True)
    assert list(out.iterdir()) == []
    with demo_db.reading() as session:
        ids = new_pairing_ids(session)
        printed = session.execute(
            select(Pairing.id, Pairing.agreement_printed_on).where(
                Pairing.status == PairingStatus.PROPOSED
            )
        ).all()
    assert all(day is None for _, day in printed)
    assert sorted(ids) == sorted(i for i, _ in printed)


def test_nothing_to_print_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(MentorDeskError, match="nothing to print"):
        write_agreements(db, tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_unknown_pairing_is_named(demo_db: Database, tmp_path: Path) -> None:
    with pytest.raises(MentorDeskError, match="no pairing with ID 404"):
        write_agreements(demo_db, tmp_path / "x.pdf", [1, 404])


def test_signed_date_is_recorded_and_checked(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        before = record_agreement_signed(session, 4, dt.date(2026, 11, 20))
    assert before is None
    with demo_db.reading() as session:
        assert session.get(Pairing, 4).agreement_signed_on == dt.date(2026, 11, 20)
    with pytest.raises(ValidationError, match="future"), demo_db.transaction() as session:
        record_agreement_signed(session, 4, dt.date(2026, 12, 1))


def test_letter_paper(demo_db: Database) -> None:
    import io

    import pypdf

    with demo_db.transaction() as session:
        session.scalar(select(Programme)).paper_size = PaperSize.LETTER
    reader = pypdf.PdfReader(io.BytesIO(agreement_pdf_bytes(demo_db, 1)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
