"""Print mentoring agreements and record when they were printed and came back signed."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.documents.agreement_pdf import AgreementBuilder, render_agreements
from mentordesk.documents.document_pairs import AGREEMENT_STATUSES, PairFacts, load_pairs
from mentordesk.errors import MentorDeskError, ValidationError
from mentordesk.models import Pairing
from mentordesk.participants.screening_gate import screening_gate
from mentordesk.programme.programme_settings import ProgrammeSettings, load_settings
from mentordesk.progress import NO_PROGRESS, Progress
from mentordesk.store import Database
from mentordesk.store.atomic_files import part_path, put_in_place


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    pages: int
    pairing_ids: tuple[int, ...]


@dataclass(frozen=True)
class AgreementsResult:
    files: tuple[WrittenFile, ...]
    printed_on: dt.date
    # Pairings whose print date this run recorded; the others keep the date they had.
    recorded_ids: tuple[int, ...] = ()
    # Pairs left out: their agreement would state what is not true.
    refused: tuple[Refusal, ...] = ()

    @property
    def pairing_ids(self) -> tuple[int, ...]:
        return tuple(i for f in self.files for i in f.pairing_ids)

    @property
    def pages(self) -> int:
        return sum(f.pages for f in self.files)


class AgreementsRefused(MentorDeskError):
    """No agreement printed: every pair asked for was refused (one sentence each)."""

    def __init__(self, refused: tuple[Refusal, ...]) -> None:
        super().__init__(" ".join(r.reason for r in refused))
        self.refused = refused


def new_pairing_ids(session: Session) -> list[int]:
    """Active or proposed pairings whose agreement has not been printed yet."""
    stmt = (
        select(Pairing.id)
        .where(Pairing.status.in_(AGREEMENT_STATUSES), Pairing.agreement_printed_on.is_(None))
        .order_by(Pairing.id)
    )
    return list(session.scalars(stmt))


_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]+')


def file_name_for(pair: PairFacts) -> str:
    """A file name a coordinator recognises, safe on Windows, macOS and Linux."""
    stem = _UNSAFE.sub(" ", f"Agreement - {pair.mentee_name} and {pair.mentor_name}")
    stem = " ".join(stem.split()).strip(" .")[:150]
    return f"{stem}.pdf"


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Refusal:
    """A pair whose agreement was not printed, and why, in one sentence."""

    pairing_id: int
    pair: str  # "Ana Silva and Ben Okafor"
    reason: str


def refusals(session: Session, pairs: Sequence[PairFacts]) -> dict[int, Refusal]:
    """Pairs whose agreement would say what is not true: it states that the mentor has
    completed screening and training. The screening gate answers for each mentor from
    today (or the later start) on, through a minor's planned end."""
    today = clock.today()
    found = {}
    for pair in pairs:
        start = max(today, pair.start_date or today)
        readiness = screening_gate(
            session, [pair.mentor_id], today=today, start=start, safeguarded=pair.mentee_is_minor
        )[pair.mentor_id]
        if not readiness.ready:
            found[pair.id] = Refusal(
                pair.id,
                pair.title,
                f"The agreement for {pair.title} was not printed: it says the mentor has "
                f"completed screening and training, but {pair.mentor_name} has not "
                f"({'; '.join(readiness.missing)}).",
            )
    return found


def refused_agreements(db: Database, pairing_ids: Sequence[int]) -> tuple[Refusal, ...]:
    """The pairs among these whose agreement would be refused, before printing anything."""
    with db.reading() as session:
        return tuple(refusals(session, load_pairs(session, pairing_ids)).values())


def _load(
    db: Database, pairing_ids: Sequence[int] | None, reprint: bool = True
) -> tuple[ProgrammeSettings, list[PairFacts], tuple[Refusal, ...]]:
    """The settings, the pairs to print and the pairs refused. When every pair is refused,
    nothing prints: the refusals are the error."""
    with db.reading() as session:
        settings = load_settings(session)
        if pairing_ids is None and not reprint:
            pairing_ids = new_pairing_ids(session)
            if not pairing_ids:
                any_open = load_pairs(session, None)
                raise MentorDeskError(
                    "There is nothing to print: every active or proposed pairing's agreement "
                    "has been printed. Use --reprint to print them again."
                    if any_open
                    else "There is nothing to print: no active or proposed pairing. "
                    "Propose pairings first, or name pairings with --pairing."
                )
        pairs = load_pairs(session, pairing_ids)
        refused = refusals(session, pairs)
    if not pairs:
        raise MentorDeskError(
            "There is nothing to print: no active or proposed pairing. "
            "Propose pairings first, or name pairings with --pairing."
            if pairing_ids is None
            else "There is nothing to print: no pairing was chosen."
        )
    if len(refused) == len(pairs):
        raise AgreementsRefused(tuple(refused.values()))
    return settings, [p for p in pairs if p.id not in refused], tuple(refused.values())


def _separate_targets(folder: Path, pairs: Sequence[PairFacts]) -> list[Path]:
    if folder.exists() and not folder.is_dir():
        raise MentorDeskError(f"{folder} is a file; with separate files, --out names a folder.")
    names: dict[str, int] = {}
    targets = []
    for pair in pairs:
        name = file_name_for(pair)
        if name in names:  # two pairs with the same names: tell them apart by id
            name = name[:-4] + f" (pairing {pair.id}).pdf"
        names[name] = pair.id
        targets.append(folder / name)
    return targets


def write_agreements(
    db: Database,
    out: Path,
    pairing_ids: Sequence[int] | None = None,
    *,
    separate: bool = False,
    progress: Progress = NO_PROGRESS,
    record: bool = True,
    reprint: bool = False,
) -> AgreementsResult:
    """Print agreements into one PDF (`out` is a file; each agreement starts on a new page)
    or one PDF per pair (`out` is a folder). Without ids: every active or proposed pairing
    whose agreement has not been printed yet (with `reprint`, all of them).

    The print date is recorded only where none is: a reprint never moves the date an
    agreement was first printed (a pair's report reads "printed 1 Sept; signed 5 Sept").

    Files are written beside their targets and renamed into place only when all are done,
    then the printed date is recorded on every pairing in one transaction. Cancelling leaves
    no file and records nothing.
    """
    settings, pairs, refused = _load(db, pairing_ids, reprint)
    today = clock.today()
    out = Path(out)
    builder = AgreementBuilder(settings, today)
    total = len(pairs)
    progress.step(0, total, "Preparing agreements…")
    written: list[WrittenFile] = []
    parts: list[Path] = []
    try:
        if separate:
            targets = _separate_targets(out, pairs)
            out.mkdir(parents=True, exist_ok=True)
            for number, (pair, target) in enumerate(zip(pairs, targets, strict=True)):
                progress.step(number, total, f"Agreement for {pair.title}")
                parts.append(part_path(target))
                pages = render_agreements([pair], settings, parts[-1], today=today, builder=builder)
                written.append(WrittenFile(target, pages, (pair.id,)))
        else:
            if out.exists() and out.is_dir():
                raise MentorDeskError(f"{out} is a folder; give the name of the PDF file to write.")
            if out.suffix.lower() != ".pdf":
                out = out.with_name(out.name + ".pdf")
            out.parent.mkdir(parents=True, exist_ok=True)
            parts.append(part_path(out))

            def on_pair(started: int) -> None:
                progress.step(started - 1, total, f"Agreement {started} of {total}")

            pages = render_agreements(
                pairs, settings, parts[-1], today=today, on_pair=on_pair, builder=builder
            )
            written.append(WrittenFile(out, pages, tuple(p.id for p in pairs)))
        progress.step(total, total, "Saving…")
        for file, part in zip(written, parts, strict=True):
            put_in_place(part, file.path)
    except OSError as exc:
        _remove(parts)
        raise MentorDeskError(
            f"Could not write {out}: {exc.strerror or exc}. "
            "Check the folder exists and the file is not open in another program."
        ) from exc
    except BaseException:
        _remove(parts)
        raise
    recorded = record_printed(db, [p.id for p in pairs], today) if record else ()
    return AgreementsResult(tuple(written), today, recorded, refused)


def record_printed(db: Database, pairing_ids: Sequence[int], today: dt.date) -> tuple[int, ...]:
    """Record `today` as the print date of these pairings, in one transaction, where none
    is recorded: a reprint never moves the date an agreement was first printed. Returns the
    pairings whose date this recorded."""
    recorded: list[int] = []
    with db.transaction() as session:
        for pairing in session.scalars(
            select(Pairing).where(
                Pairing.id.in_(list(pairing_ids)), Pairing.agreement_printed_on.is_(None)
            )
        ):
            pairing.agreement_printed_on = today
            recorded.append(pairing.id)
    return tuple(sorted(recorded))


@dataclass(frozen=True)
class AgreementPdfs:
    """Agreements to print, one PDF a pair, and the pairs refused."""

    pdfs: tuple[bytes, ...]
    pairing_ids: tuple[int, ...]
    refused: tuple[Refusal, ...]


def agreement_pdfs(db: Database, pairing_ids: Sequence[int]) -> AgreementPdfs:
    """These pairings' agreements as PDF bytes (for a printer), records nothing; pairs
    whose agreement would state what is not true are left out and named. Every pair
    refused: `AgreementsRefused`."""
    settings, pairs, refused = _load(db, pairing_ids)
    today = clock.today()
    builder = AgreementBuilder(settings, today)
    pdfs = []
    for pair in pairs:
        buffer = io.BytesIO()
        render_agreements([pair], settings, buffer, today=today, builder=builder)
        pdfs.append(buffer.getvalue())
    return AgreementPdfs(tuple(pdfs), tuple(p.id for p in pairs), refused)


def agreement_pdf_bytes(db: Database, pairing_id: int) -> bytes:
    """One pair's agreement as PDF bytes (for a preview); records nothing. A pair whose
    agreement would state what is not true is refused (`AgreementsRefused`)."""
    settings, pairs, _refused = _load(db, [pairing_id])
    buffer = io.BytesIO()
    render_agreements(pairs, settings, buffer, today=clock.today())
    return buffer.getvalue()


def record_agreement_signed(
    session: Session, pairing_id: int, day: dt.date | None
) -> dt.date | None:
    """Set (or clear, with None) the date the agreement came back signed.
    Returns the date it had before, so the change can be undone."""
    pairing = session.get(Pairing, pairing_id)
    if pairing is None:
        raise MentorDeskError(f"There is no pairing with ID {pairing_id}.")
    if day is not None and day > clock.today():
        raise ValidationError("The signed date is in the future; enter the day it came back.")
    before = pairing.agreement_signed_on
    pairing.agreement_signed_on = day
    return before
