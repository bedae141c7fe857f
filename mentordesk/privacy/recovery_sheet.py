"""A printable recovery sheet for a programme file protected with a passphrase.

The passphrase itself is not printed: a sheet lying beside the laptop would unlock it. The
coordinator writes it by hand and keeps the sheet locked away, apart from the laptop.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from mentordesk import clock
from mentordesk.documents.layout import (
    MARGIN,
    Letterhead,
    build_pdf,
    long_date,
    make_styles,
    page_size,
    para,
)
from mentordesk.models import PaperSize

STEPS = (
    "Write the passphrase in the box above, by hand, exactly as you typed it (capitals, "
    "spaces and punctuation count).",
    "Keep this sheet locked away, apart from the laptop or USB stick that holds the file: "
    "whoever has both can read every record.",
    "To open the file, start MentorDesk and open it; it asks for the passphrase. On the "
    "command line: mentordesk --db FILE list participants (it asks on the terminal), or "
    "--passphrase-file with the passphrase on a file's first line.",
    "If you change the passphrase (File → Protect with a passphrase…), print a new sheet "
    "and destroy this one.",
)


def write_recovery_sheet(
    db_path: Path, target: Path, *, programme: str = "", organisation: str = ""
) -> Path:
    styles = make_styles()
    letterhead = Letterhead(
        organisation=organisation,
        programme=programme,
        logo=None,
        styles=styles,
        pagesize=page_size(PaperSize.A4),
    )
    width = letterhead.pagesize[0] - 2 * MARGIN
    box = Table([[""]], colWidths=[width], rowHeights=[60])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, "#333333")]))
    story: list[Flowable] = [
        para("Recovery sheet", styles.title),
        para(f"Programme file: {db_path.name}", styles.subtitle),
        para(f"Where it was created: {db_path.parent}", styles.body),
        para(f"Protected on: {long_date(clock.today())}", styles.body),
        Spacer(1, 10),
        para("Passphrase", styles.heading),
        box,
        Spacer(1, 10),
        para(
            "A lost passphrase means lost data. The file is encrypted: without the "
            "passphrase nobody can open it, not MentorDesk, not its makers, not a computer "
            "expert. Its backups use the same passphrase.",
            styles.body,
            bold=True,
        ),
        para("What to do", styles.heading),
        *[para(f"{n}. {step}", styles.body) for n, step in enumerate(STEPS, start=1)],
    ]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    build_pdf(
        story,
        tmp,
        letterhead=letterhead,
        title=f"Recovery sheet: {db_path.name}",
        subject="Passphrase recovery sheet",
        author=organisation or "MentorDesk",
    )
    tmp.replace(target)
    return target
