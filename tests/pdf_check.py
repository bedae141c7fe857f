"""Reading PDFs back the way a person checks them: text per page, fonts, where text sits."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pypdf
import pypdfium2
from sqlalchemy import select

from mentordesk import clock
from mentordesk.models import Pairing, PairingStatus, Participant, Role
from mentordesk.store import Database, current_programme_id

# Mentees of the demo programme whose names the standard PDF fonts cannot print.
WIDE_NAMES = {"Ольга": "Иванова", "민준": "김"}


def pages_text(pdf: Path | bytes) -> list[str]:
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)
    reader = pypdf.PdfReader(source)
    return [page.extract_text() or "" for page in reader.pages]


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (wrapped lines join)."""
    return " ".join(text.split())


def embedded_fonts(pdf: Path | bytes) -> set[str]:
    """Base names of the fonts embedded as TrueType programs."""
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else str(pdf)
    reader = pypdf.PdfReader(source)
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]).split("+")[-1])
    return names


def text_outside_margins(pdf: Path | bytes, margin: float = 28) -> list[str]:
    """Characters printed beyond the page's left or right margin (text that overflowed)."""
    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    found = []
    try:
        for page in document:
            width = page.get_width()
            text_page = page.get_textpage()
            for index in range(text_page.count_chars()):
                left, _bottom, right, _top = text_page.get_charbox(index)
                if right > width - margin or left < margin:
                    found.append(text_page.get_text_range(index, 1))
            text_page.close()
            page.close()
    finally:
        document.close()
    return [ch for ch in found if ch.strip()]


def add_wide_name_pairings(db: Database, start: dt.date) -> list[int]:
    """Pair the demo's Cyrillic and Hangul mentees with screened mentors (an agreement
    says the mentor is screened, and is refused otherwise); returns the ids."""
    from mentordesk.participants.screening_gate import screening_gate

    ids = []
    with db.transaction() as session:
        programme_id = current_programme_id(session)
        everyone = list(
            session.scalars(
                select(Participant).where(Participant.role == Role.MENTOR).order_by(Participant.id)
            )
        )
        gate = screening_gate(
            session, [m.id for m in everyone], today=clock.today(), safeguarded=True
        )
        mentors = [m for m in everyone if gate[m.id].ready][-3:]
        for mentor, (first, last) in zip(mentors, WIDE_NAMES.items(), strict=False):
            mentee = session.scalar(
                select(Participant).where(
                    Participant.first_name == first, Participant.last_name == last
                )
            )
            assert mentee is not None
            pairing = Pairing(
                programme_id=programme_id,
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                status=PairingStatus.ACTIVE,
                start_date=start,
            )
            session.add(pairing)
            session.flush()
            ids.append(pairing.id)
    return ids
