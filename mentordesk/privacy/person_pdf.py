"""The readable half of a person's own data: every section as a table of fields."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from mentordesk.documents.layout import (
    MARGIN,
    Letterhead,
    build_pdf,
    make_styles,
    page_size,
    para,
)
from mentordesk.models import PaperSize
from mentordesk.privacy.subject_export import PersonExport, label, show

SECTIONS = (
    ("screening", "Screening"),
    ("training", "Training"),
    ("never_pair_rules", "Never-pair rules"),
    ("pairings", "Pairings"),
    ("goals", "Goals"),
    ("meetings", "Meetings"),
    ("check_ins", "Check-ins"),
    ("safety_concerns", "Safety concerns"),
    ("history", "History of changes"),
)


def _fields_table(row: dict[str, Any], width: float, styles: Any) -> Table:
    data = [[para(label(k), styles.cell_bold), para(show(v), styles.cell)] for k, v in row.items()]
    table = Table(data, colWidths=[width * 0.3, width * 0.7])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def write_person_pdf(export: PersonExport, target: Path) -> Path:
    styles = make_styles()
    data = export.data
    letterhead = Letterhead(
        organisation=data.get("organisation", ""),
        programme=data.get("programme", ""),
        logo=None,
        styles=styles,
        pagesize=page_size(PaperSize.A4),
    )
    width = letterhead.pagesize[0] - 2 * MARGIN
    story: list[Flowable] = [
        para(f"Everything held about {export.name}", styles.title),
        para(
            f"Exported on {show(data['exported_on'])}. The same data, complete, is in the "
            "JSON file beside this one. Other people are named only by their role.",
            styles.subtitle,
        ),
        para("Personal details", styles.heading),
        _fields_table(data["person"], width, styles),
    ]
    for key, title in SECTIONS:
        rows = data.get(key, [])
        story.append(para(f"{title} ({len(rows)})", styles.heading))
        if not rows:
            story.append(para("None.", styles.small))
        for row in rows:
            story.append(_fields_table(row, width, styles))
            story.append(Spacer(1, 6))
    tmp = target.with_name(target.name + ".part")
    build_pdf(
        story,
        tmp,
        letterhead=letterhead,
        title=f"Personal data: {export.name}",
        subject="Subject access request",
        author=data.get("organisation", "") or "MentorDesk",
    )
    tmp.replace(target)
    return target
