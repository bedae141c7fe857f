"""Import a shared hours log (mentor, mentee, date, minutes, mode, notes) into the meetings
of each pair's pairing, with the roster import's reader, checks and undo."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import (
    OPEN_STATUSES,
    DateOrder,
    ImportBatch,
    ImportKind,
    Meeting,
    MeetingMode,
    Pairing,
    PairingStatus,
    Participant,
    Programme,
    Role,
)
from mentordesk.progress import NO_PROGRESS, Progress
from mentordesk.roster import values
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.importer import ImportResult, NothingImported, RowOutcome
from mentordesk.roster.mapping import Vocabulary, normalize
from mentordesk.roster.records import Problem
from mentordesk.roster.source import RosterSource, read_source, remember_mapping
from mentordesk.roster.table import Column, DataRow
from mentordesk.store import Database, current_programme_id

MEETINGS = Vocabulary.build(
    "meetings",
    [
        (
            "mentor",
            "Mentor (email or name)",
            (
                "mentor",
                "mentor name",
                "mentor email",
                "volunteer",
                "big",
                "mentor s name",
                "volunteer name",
                "volunteer email",
            ),
        ),
        (
            "mentee",
            "Mentee (email or name)",
            (
                "mentee",
                "mentee name",
                "mentee email",
                "student",
                "young person",
                "little",
                "pupil",
                "student name",
                "mentee s name",
            ),
        ),
        (
            "held_on",
            "Date",
            ("date", "meeting date", "date of meeting", "session date", "when", "day", "date met"),
        ),
        (
            "minutes",
            "Duration",
            (
                "minutes",
                "duration",
                "length",
                "time spent",
                "hours",
                "mins",
                "duration minutes",
                "how long",
                "time",
                "duration hours",
            ),
        ),
        (
            "mode",
            "Mode (in person, video, phone)",
            (
                "mode",
                "meeting mode",
                "how did you meet",
                "type",
                "format",
                "meeting type",
                "in person video phone",
            ),
        ),
        (
            "notes",
            "Notes",
            ("notes", "comments", "what did you do", "summary", "activity", "what happened"),
        ),
    ],
)
REQUIRED_FIELDS = ("mentor", "mentee", "held_on", "minutes")
MAX_MINUTES = 24 * 60
_DURATION = re.compile(
    r"^(?:(\d+(?:[.,]\d+)?)\s*(?:h|hr|hrs|hour|hours)(?![a-z])\.?)?\s*(?:(\d+)\s*(?:m|min|mins|minutes?)?\.?)?$",
    re.IGNORECASE,
)


def read_log(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    session: Session | None = None,
    progress: Progress = NO_PROGRESS,
) -> RosterSource:
    return read_source(
        path,
        sheet=sheet,
        header_row=header_row,
        session=session,
        progress=progress,
        vocabulary=MEETINGS,
    )


def parse_minutes(value: Any, *, hours_column: bool = False) -> int:
    """ "90", 90, "1h 30", "1h30m", "1:30", "1.5 hours", a time cell → minutes."""
    if isinstance(value, dt.timedelta):
        minutes = round(value.total_seconds() / 60)
    elif isinstance(value, dt.time | dt.datetime):
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, bool):
        raise values.BadValue(f"'{values.text(value)}' is not a duration")
    elif isinstance(value, int | float):
        minutes = round(value * 60) if hours_column else round(value)
    else:
        raw = values.text(value).lower()
        if not raw:
            raise values.BadValue("the duration is empty")
        clock_form = re.fullmatch(r"(\d{1,2}):(\d{2})(?::\d{2})?", raw)
        if clock_form:
            minutes = int(clock_form.group(1)) * 60 + int(clock_form.group(2))
        elif re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
            number = float(raw.replace(",", "."))
            minutes = round(number * 60) if hours_column else round(number)
        else:
            compact = raw.replace("and", " ").strip()
            match = _DURATION.fullmatch(" ".join(compact.split()))
            if not match or not (match.group(1) or match.group(2)):
                raise values.BadValue(
                    f"'{values.text(value)}' is not a duration (write 90 or 1h 30)"
                )
            hours = float((match.group(1) or "0").replace(",", "."))
            minutes = round(hours * 60) + int(match.group(2) or 0)
    if not 0 < minutes <= MAX_MINUTES:
        raise values.BadValue(f"{minutes} minutes is not a meeting length")
    return minutes


def parse_mode(value: Any) -> MeetingMode:
    raw = values.text(value).lower()
    if not raw:
        return MeetingMode.IN_PERSON
    if any(
        w in raw
        for w in ("video", "zoom", "teams", "online", "skype", "meet", "facetime", "virtual")
    ):
        return MeetingMode.VIDEO
    if any(w in raw for w in ("phone", "call", "telephone", "tel")):
        return MeetingMode.PHONE
    if any(w in raw for w in ("person", "face", "f2f", "school", "library", "cafe", "site")):
        return MeetingMode.IN_PERSON
    raise values.BadValue(f"'{values.text(value)}' is not a mode: write in person, video or phone")


@dataclass(frozen=True)
class _Person:
    id: int
    name: str


class _People:
    """Find a mentor or mentee by email or by name; refuses to guess between namesakes."""

    def __init__(self, session: Session, programme_id: int, role: Role) -> None:
        self.by_email: dict[str, _Person] = {}
        self.by_name: dict[str, list[_Person]] = {}
        rows = session.execute(
            select(
                Participant.id,
                Participant.first_name,
                Participant.last_name,
                Participant.preferred_name,
                Participant.email,
            ).where(Participant.programme_id == programme_id, Participant.role == role)
        )
        for pid, first, last, preferred, email in rows:
            person = _Person(pid, f"{first} {last}")
            if email:
                self.by_email[email.casefold()] = person
            names = {f"{first} {last}", f"{last}, {first}", f"{last} {first}"}
            if preferred:
                names.add(f"{preferred} {last}")
            for name in names:
                bucket = self.by_name.setdefault(" ".join(name.casefold().split()), [])
                if person not in bucket:
                    bucket.append(person)
        self.role = role

    def find(self, value: Any) -> _Person:
        raw = values.text(value)
        if not raw:
            raise values.BadValue(f"the {self.role.value} is empty")
        if "@" in raw:
            person = self.by_email.get(raw.replace(" ", "").casefold())
            if person is None:
                raise values.BadValue(f"no {self.role.value} has the email {raw}")
            return person
        found = self.by_name.get(" ".join(raw.casefold().split()), [])
        if not found:
            raise values.BadValue(f"no {self.role.value} is called {raw}")
        if len(found) > 1:
            raise values.BadValue(
                f"{len(found)} {self.role.value}s are called {raw}: use the email"
            )
        return found[0]


def _pairing_for(pairings: list[Pairing], held_on: dt.date) -> Pairing | None:
    for pairing in pairings:
        if pairing.status in OPEN_STATUSES:
            return pairing
    for pairing in pairings:
        if (
            pairing.status == PairingStatus.CLOSED
            and pairing.start_date is not None
            and pairing.end_date is not None
            and pairing.start_date <= held_on <= pairing.end_date
        ):
            return pairing
    return None


def import_meeting_log(
    db: Database,
    log: RosterSource,
    *,
    mapping: dict[str, str | None] | None = None,
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
    then: Callable[[Session, ImportResult], None] | None = None,
) -> ImportResult:
    """Add each row's meeting to its pair's pairing, in one transaction; a meeting already
    there (same pairing, date, minutes and mode) is not added twice. `then` runs in the
    same transaction once the meetings are written."""
    chosen = dict(log.guessed_mapping)
    if mapping:
        missing = [h for h in mapping if h not in chosen]
        if missing:
            raise ImportRefused(f"The sheet has no column '{missing[0]}'.")
        chosen.update(mapping)
    by_field = check_log_mapping(log, chosen)
    result = ImportResult(
        file=log.path.name,
        sheet=log.table.sheet,
        header_row=log.table.header_row,
        mapping=chosen,
        rows=len(log.table.rows),
        dry_run=dry_run,
        kind="meetings",
    )
    try:
        unit = db.rehearsal() if dry_run else db.transaction()
        with unit as session:
            _run(session, log, by_field, result, progress)
            if chosen != log.guessed_mapping:
                remember_mapping(session, log.table.headers, chosen, MEETINGS)
            if dry_run:
                raise _DryRun()
            if then is not None:
                then(session, result)
    except _DryRun:
        result.batch_id = None
    return result


def check_log_mapping(log: RosterSource, mapping: dict[str, str | None]) -> dict[str, Column]:
    """The column of each field; refused when a field a meeting needs has no column."""
    by_field: dict[str, Column] = {}
    for column in log.table.columns:
        field = mapping.get(column.header)
        if field in MEETINGS.labels and field not in by_field:
            by_field[field] = column
    absent = [MEETINGS.labels[f] for f in REQUIRED_FIELDS if f not in by_field]
    if absent:
        headers = ", ".join(f"'{h}'" for h in log.table.headers[:12])
        raise ImportRefused(
            f"The meeting log {log.path.name} has no column for {', '.join(absent).lower()} "
            f"(header row {log.table.header_row}: {headers}). A log needs mentor, mentee, "
            "date and minutes columns."
        )
    return by_field


class _DryRun(Exception):
    pass


def _cell(row: DataRow, by_field: dict[str, Column], field: str) -> Any:
    column = by_field.get(field)
    return row.get(column) if column is not None else None


def _run(
    session: Session,
    log: RosterSource,
    by_field: dict[str, Column],
    result: ImportResult,
    progress: Progress,
) -> None:
    programme_id = current_programme_id(session)
    programme = session.get(Programme, programme_id)
    order = programme.date_order if programme else DateOrder.DAY_FIRST
    mentors = _People(session, programme_id, Role.MENTOR)
    mentees = _People(session, programme_id, Role.MENTEE)
    pairings: dict[tuple[int, int], list[Pairing]] = {}
    for known in session.scalars(select(Pairing).where(Pairing.programme_id == programme_id)):
        pairings.setdefault((known.mentor_id, known.mentee_id), []).append(known)
    existing = {
        (m.pairing_id, m.held_on, m.minutes, m.mode)
        for m in session.execute(
            select(Meeting.pairing_id, Meeting.held_on, Meeting.minutes, Meeting.mode)
        )
    }
    hours_column = "hour" in normalize(by_field["minutes"].header)
    new: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}
    today = clock.today()
    total = len(log.table.rows)
    for number, row in enumerate(log.table.rows):
        if number % 250 == 0:
            progress.step(number, total, f"Checking row {row.number:,}…")
        problems: list[Problem] = []

        def attempt(
            field: str, parse: Any, row: DataRow = row, problems: list[Problem] = problems
        ) -> Any:
            try:
                return parse(_cell(row, by_field, field))
            except values.BadValue as exc:
                problems.append(
                    Problem(
                        row.number,
                        by_field[field].header,
                        field,
                        f"{str(exc)[0].upper()}{str(exc)[1:]}.",
                    )
                )
                return None

        mentor = attempt("mentor", mentors.find)
        mentee = attempt("mentee", mentees.find)
        held_on = attempt(
            "held_on",
            lambda v: values.date(v, order, epoch_1904=log.table.epoch_1904) or _empty("date"),
        )
        minutes = attempt("minutes", lambda v: parse_minutes(v, hours_column=hours_column))
        mode = attempt("mode", parse_mode) if "mode" in by_field else MeetingMode.IN_PERSON
        notes = values.text(_cell(row, by_field, "notes")) if "notes" in by_field else ""
        if held_on is not None and held_on > today:
            problems.append(
                Problem(
                    row.number,
                    by_field["held_on"].header,
                    "held_on",
                    f"The date {held_on.isoformat()} is in the future.",
                )
            )
        pairing: Pairing | None = None
        if not problems and mentor and mentee:
            pairing = _pairing_for(pairings.get((mentor.id, mentee.id), []), held_on)
            if pairing is None:
                problems.append(
                    Problem(
                        row.number,
                        None,
                        None,
                        f"{mentor.name} and {mentee.name} have no active or paused pairing"
                        + (
                            " (nor a closed one covering that date)."
                            if pairings.get((mentor.id, mentee.id))
                            else "."
                        ),
                    )
                )
        name = f"{mentor.name if mentor else '?'} & {mentee.name if mentee else '?'}"
        if problems or pairing is None:
            result.rejected += 1
            result.errors.extend(problems)
            result.outcomes.append(RowOutcome(row.number, "rejected", name, problems[0].message))
            continue
        key = (pairing.id, held_on, minutes, mode)
        if key in existing:
            result.unchanged += 1
            result.outcomes.append(RowOutcome(row.number, "unchanged", name))
            continue
        if key in seen:
            result.duplicates += 1
            message = f"Same meeting as row {seen[key]}; counted once."
            result.warnings.append(Problem(row.number, None, None, message, warning=True))
            result.outcomes.append(RowOutcome(row.number, "duplicate", name, message))
            continue
        seen[key] = row.number
        new.append(
            {
                "pairing_id": pairing.id,
                "held_on": held_on,
                "minutes": minutes,
                "mode": mode,
                "notes": notes,
            }
        )
        result.outcomes.append(RowOutcome(row.number, "created", name))
    if not new and not result.unchanged:
        reasons = "; ".join(str(p) for p in result.errors[:3])
        raise NothingImported(
            f"No meeting could be imported from {log.path.name}: "
            + (
                f"all {result.rows} rows have problems ({reasons}…)."
                if result.rows
                else "the log has no rows."
            ),
            result,
        )
    batch = ImportBatch(
        programme_id=programme_id,
        kind=ImportKind.MEETINGS,
        file_name=log.path.name,
        checksum=log.checksum,
        sheet=log.table.sheet,
        header_row=log.table.header_row,
        mapping=result.mapping,
        counts={},
        undo_data={},
        imported_at=clock.now(),
    )
    session.add(batch)
    session.flush()
    created: list[int] = []
    if new:
        for item in new:
            item["import_batch_id"] = batch.id
        created = list(
            session.scalars(
                insert(Meeting).returning(Meeting.id, sort_by_parameter_order=True), new
            )
        )
    result.created = len(created)
    batch.counts = {
        "rows": result.rows,
        "created": result.created,
        "unchanged": result.unchanged,
        "duplicates": result.duplicates,
        "rejected": result.rejected,
    }
    batch.undo_data = {"created": created}
    session.flush()
    result.batch_id = batch.id
    progress.step(total, total, "Saving…")


def _empty(what: str) -> Any:
    raise values.BadValue(f"the {what} is empty")
