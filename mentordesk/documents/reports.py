"""Print progress reports: for one pairing, or for the whole programme."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from mentordesk import clock
from mentordesk.documents.report_data import (
    PairingReport,
    ProgrammeReport,
    pairing_report,
    programme_report,
)
from mentordesk.documents.report_pdf import render_pairing_report, render_programme_report
from mentordesk.documents.report_periods import Period, pairing_period, this_year
from mentordesk.errors import MentorDeskError
from mentordesk.models import Pairing
from mentordesk.programme.programme_settings import load_settings
from mentordesk.progress import NO_PROGRESS, Progress
from mentordesk.store import Database
from mentordesk.store.atomic_files import replacing


def default_period(db: Database, pairing_id: int | None = None) -> Period:
    """The period a report covers when no dates are chosen: the programme's year, or for a
    pairing, from its start (or the programme year's, whichever is later) to today."""
    today = clock.today()
    with db.reading() as session:
        settings = load_settings(session)
        pairing = session.get(Pairing, pairing_id) if pairing_id is not None else None
        year = this_year(today, settings.start_date, settings.end_date)
        if pairing is None:
            return year
        own = pairing_period(pairing.start_date, pairing.end_date, settings.start_date, today)
    return own or year


@dataclass(frozen=True)
class ReportResult:
    path: Path | None
    pages: int
    pairing_id: int | None
    period: Period


def report_pdf_bytes(
    db: Database,
    period: Period,
    pairing_id: int | None = None,
    *,
    include_notes: bool = False,
    internal: bool = False,
    progress: Progress = NO_PROGRESS,
) -> tuple[bytes, int]:
    """The report as PDF bytes and its page count. Without a pairing: the programme's,
    which names no one unless `internal` (for the coordinator's own use)."""
    today = clock.today()
    progress.step(0, 2, "Reading the programme…")
    with db.reading() as session:
        settings = load_settings(session)
        if pairing_id is None:
            if not session.scalar(select(func.count()).select_from(Pairing)):
                raise MentorDeskError(
                    "There is nothing to report yet: the programme has no pairings."
                )
            data: ProgrammeReport | PairingReport = programme_report(
                session, period, today, internal=internal
            )
        else:
            if session.get(Pairing, pairing_id) is None:
                raise MentorDeskError(
                    f"There is no pairing with ID {pairing_id}. "
                    "'mentordesk list pairings' shows the IDs."
                )
            data = pairing_report(session, pairing_id, period, today, include_notes=include_notes)
    progress.step(1, 2, "Laying out the report…")
    buffer = io.BytesIO()
    if isinstance(data, ProgrammeReport):
        pages = render_programme_report(data, settings, buffer)
    else:
        pages = render_pairing_report(data, settings, buffer)
    progress.step(2, 2, "Done")
    return buffer.getvalue(), pages


def write_report(
    db: Database,
    out: Path,
    period: Period,
    pairing_id: int | None = None,
    *,
    include_notes: bool = False,
    internal: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ReportResult:
    """Write the report to `out` (a PDF file), replacing it only once it is complete."""
    out = Path(out)
    if out.exists() and out.is_dir():
        raise MentorDeskError(f"{out} is a folder; give the name of the PDF file to write.")
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    data, pages = report_pdf_bytes(
        db, period, pairing_id, include_notes=include_notes, internal=internal, progress=progress
    )
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with replacing(out) as part:
            part.write_bytes(data)
    except OSError as exc:
        raise MentorDeskError(
            f"Could not write {out}: {exc.strerror or exc}. "
            "Check the folder exists and the file is not open in another program."
        ) from exc
    return ReportResult(out, pages, pairing_id, period)
