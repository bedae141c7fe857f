"""A batch of 500 agreements against reportlab alone laying out the same content.

MentorDesk: `write_agreements` from the database (read, fill the text, choose fonts per run of
characters, lay out, number pages per agreement, write). Floor: the same paragraphs and
tables, already filled and marked up, laid out by reportlab's SimpleDocTemplate with the same
fonts and a plain page-number footer. Both PDFs have the same number of pages.

    PYTHONPATH=. python benchmarks/agreements.py [--pairs 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

from mentordesk import clock
from mentordesk.documents import agreement_text
from mentordesk.documents.agreement_pdf import AgreementBuilder, placeholder_values
from mentordesk.documents.agreements import write_agreements
from mentordesk.documents.document_pairs import load_pairs
from mentordesk.documents.fonts import markup_of
from mentordesk.documents.layout import MARGIN, make_styles, page_size, shaped
from mentordesk.models import (
    Goal,
    GoalStatus,
    Pairing,
    PairingStatus,
    Participant,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.programme.programme_settings import load_settings, prepare_logo, save_settings
from mentordesk.store import Database

# Half the names need another script's font, and a third shaping (Arabic, Hebrew, Indic, Thai).
FIRST = [
    "Nguyễn", "Siobhán", "Zoë", "Ольга", "민준", "Amara", "Liam", "محمد", "שרה", "प्रिया",
    "小龍", "สมชาย", "Mateo", "Søren", "Γιώργος",
]  # fmt: skip
LAST = [
    "Ngọc", "Ó Súilleabháin", "Müller", "Иванова", "김", "Okafor", "العلي", "כהן", "शर्मा",
    "李", "ใจดี", "Björk", "Chen",
]  # fmt: skip
TODAY = dt.date(2026, 11, 25)


def screen(mentor: Participant) -> None:
    """Screened and trained, with evidence: an agreement says so, and is refused otherwise."""
    done = dt.date(2026, 6, 1)
    for kind in (
        ScreeningKind.APPLICATION,
        ScreeningKind.INTERVIEW,
        ScreeningKind.REFERENCES,
        ScreeningKind.BACKGROUND_CHECK,
    ):
        mentor.screening_checks.append(
            ScreeningCheck(
                kind=kind,
                status=ScreeningStatus.COMPLETE,
                completed_on=done,
                seen_reference="REF-1",
                seen_by="Alex Morgan",
                reference_count=2 if kind is ScreeningKind.REFERENCES else 0,
                expires_on=dt.date(2029, 6, 1) if kind is ScreeningKind.BACKGROUND_CHECK else None,
            )
        )
    mentor.trainings.append(Training(completed_on=done, hours=6))


def make_programme(path: Path, pairs: int) -> None:
    from dataclasses import replace

    logo = io.BytesIO()
    image = Image.new("RGB", (480, 160), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 150, 150), fill=(31, 95, 139))
    image.save(logo, "PNG")
    with Database.open(path) as db, db.transaction() as session:
        settings = load_settings(session)
        data, mime = prepare_logo(logo.getvalue())
        save_settings(
            session,
            replace(
                settings,
                name="Bright Futures Mentoring",
                organisation="Riverside Community Trust",
                coordinator_name="Alex Morgan",
                coordinator_contact="alex.morgan@riverside-trust.example.org · 01632 960 123",
                safeguarding_lead="Dr Priya Nair",
                logo=data,
                logo_mime=mime,
            ),
        )
        for number in range(pairs):
            mentee = Participant(
                programme_id=1,
                role=Role.MENTEE,
                first_name=FIRST[number % len(FIRST)],
                last_name=f"{LAST[number % len(LAST)]} {number}",
                date_of_birth=dt.date(2011 if number % 3 else 2000, 5, 1),
                guardian_name=f"Guardian {number}",
                guardian_relationship="mother",
            )
            mentor = Participant(
                programme_id=1,
                role=Role.MENTOR,
                first_name=FIRST[(number + 3) % len(FIRST)],
                last_name=f"{LAST[(number + 5) % len(LAST)]} {number}",
                capacity=1,
            )
            screen(mentor)
            pairing = Pairing(
                programme_id=1,
                mentor=mentor,
                mentee=mentee,
                status=PairingStatus.ACTIVE,
                start_date=dt.date(2026, 9, 1) + dt.timedelta(days=number % 60),
            )
            pairing.goals = [
                Goal(title="Choose GCSE options with confidence", status=GoalStatus.IN_PROGRESS),
                Goal(
                    title="Read one book a month",
                    status=GoalStatus.IN_PROGRESS,
                    target_date=dt.date(2027, 3, 1),
                ),
            ]
            session.add(pairing)


def _marked(text: str) -> tuple[str, bool]:
    found = [markup_of(part) for part in text.split("\t")]
    return "\t".join(m.text for m in found), any(m.shaped for m in found)


def floor_story_source(db: Database) -> tuple[list[list[tuple[str, str, bool]]], object]:
    """The filled, marked-up content of every agreement, prepared before timing."""
    with db.reading() as session:
        settings = load_settings(session)
        pairs = load_pairs(session)
    blocks = agreement_text.parse(settings.effective_agreement_text)
    documents = []
    for pair in pairs:
        values = placeholder_values(pair, settings)
        items = [("header", pair.title), ("title", "Mentoring agreement")]
        items += [("subtitle", pair.title)]
        items += [
            ("fact", f"{label}\t{value}")
            for label, value in (
                ("Mentee", pair.mentee_name),
                ("Mentor", pair.mentor_name),
                ("Start date", values["start_date"]),
                ("Commitment", f"Meet {values['meeting_frequency']}"),
                ("Coordinator", values["coordinator_name"]),
            )
        ]
        for block in blocks:
            if block.kind is agreement_text.BlockKind.GOALS:
                items += [("bullet", g.title) for g in pair.goals]
            else:
                style = {"heading": "heading", "bullet": "bullet"}.get(block.kind.value, "body")
                items.append((style, agreement_text.fill(block.text, values)))
        signers = ["Mentee", "Mentor", "Coordinator"]
        if pair.mentee_is_minor:
            signers.insert(2, "Parent or guardian")
        items += [("sign", s) for s in signers]
        documents.append(
            [
                (style, text, False) if style == "header" else (style, *_marked(text))
                for style, text in items
            ]
        )
    return documents, settings


class PageHeader(Spacer):
    """Remembers the pair whose pages are being laid out, for the floor's page header."""

    current = ""

    def __init__(self, text: str) -> None:
        super().__init__(0, 0)
        self.text = text

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        PageHeader.current = self.text
        return 0, 0


def build_floor(documents: list[list[tuple[str, str, bool]]], settings: object, out: Path) -> int:
    styles = make_styles()
    size = page_size(settings.paper_size)  # type: ignore[attr-defined]
    width = size[0] - 2 * MARGIN
    story: list[object] = []
    for number, items in enumerate(documents):
        if number:
            story.append(PageBreak())
        signs, facts = [], []
        for style, text, needs_shaping in items:

            def look(name: str, needs_shaping: bool = needs_shaping) -> Any:
                # reportlab's own shaping (harfbuzz) for the paragraphs that need it, as ours
                found = getattr(styles, name)
                return shaped(found) if needs_shaping else found

            if style == "header":
                story.append(PageHeader(text))
            elif style == "fact":
                label, value = text.split("\t")
                facts.append([Paragraph(label, styles.cell_bold), Paragraph(value, look("cell"))])
                if len(facts) == 5:
                    story.append(Table(facts, colWidths=[3.2 * cm, width - 3.2 * cm]))
            elif style == "sign":
                signs.append([Paragraph(text, look("cell")), "", "", ""])
            elif style == "bullet":
                story.append(Paragraph(text, look("bullet"), bulletText="•"))
            else:
                story.append(Paragraph(text, look(style)))
        story.append(Spacer(1, 0.3 * cm))
        story.append(Table(signs, colWidths=[width * 0.4, width * 0.36, width * 0.04, width * 0.2]))

    logo = ImageReader(io.BytesIO(settings.logo))  # type: ignore[attr-defined]

    def footer(canvas: Any, doc: Any) -> None:
        # The same header and footer text, drawn with plain canvas calls.
        top = size[1] - MARGIN * 0.7
        canvas.drawImage(logo, MARGIN, top - 1.2 * cm, 3.6 * cm, 1.2 * cm, mask="auto")
        canvas.setFont("MD-Sans-Bold", 9.5)
        canvas.drawRightString(size[0] - MARGIN, top - 10, settings.organisation)
        canvas.setFont("MD-Sans", 8)
        canvas.drawRightString(size[0] - MARGIN, top - 22, settings.name)
        canvas.drawRightString(size[0] - MARGIN, top - 33, PageHeader.current)
        canvas.line(MARGIN, top - 2.2 * cm, size[0] - MARGIN, top - 2.2 * cm)
        canvas.setFont("MD-Sans", 7.5)
        canvas.drawString(MARGIN, MARGIN / 2, f"{settings.name} · {PageHeader.current}")
        canvas.drawRightString(size[0] - MARGIN, MARGIN / 2, f"Page {doc.page}")

    doc = SimpleDocTemplate(
        str(out),
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN * 0.7 + 2.55 * cm,
        bottomMargin=MARGIN * 0.55 + 1.2 * cm,
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return int(doc.page)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="one small round, for CI")
    args = parser.parse_args()
    if args.smoke:
        args.pairs, args.runs = 5, 1
    clock.set_today(TODAY)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MENTORDESK_DATA_DIR"] = folder
        path = Path(folder) / "bench.sqlite"
        make_programme(path, args.pairs)
        ours, floor = [], []
        with Database.open(path) as db:
            AgreementBuilder(load_settings_for(db), TODAY)  # fonts registered before timing
            documents, settings = floor_story_source(db)
            for _ in range(args.runs):
                out = Path(folder) / "ours.pdf"
                start = time.perf_counter()
                result = write_agreements(db, out, record=False)
                ours.append(time.perf_counter() - start)
                pages, size = result.pages, out.stat().st_size
                out_floor = Path(folder) / "floor.pdf"
                start = time.perf_counter()
                floor_pages = build_floor(documents, settings, out_floor)
                floor.append(time.perf_counter() - start)
                floor_size = out_floor.stat().st_size
    ours_med, floor_med = statistics.median(ours), statistics.median(floor)
    print(f"{args.pairs} agreements, {args.runs} runs")
    print(
        f"MentorDesk write_agreements: median {ours_med:.2f} s (min {min(ours):.2f}, "
        f"max {max(ours):.2f}); {pages} pages, {size / 1024:.0f} KiB, "
        f"{size / pages / 1024:.1f} KiB a page"
    )
    print(
        f"reportlab alone:             median {floor_med:.2f} s (min {min(floor):.2f}, "
        f"max {max(floor):.2f}); {floor_pages} pages, {floor_size / 1024:.0f} KiB, "
        f"{floor_size / floor_pages / 1024:.1f} KiB a page"
    )
    print(f"ratio: {ours_med / floor_med:.2f}x")


def load_settings_for(db: Database) -> object:
    with db.reading() as session:
        return load_settings(session)


if __name__ == "__main__":
    main()
