"""The flags as the coordinator reads them: one row per pair (or waiting mentee) with all
its reasons, most serious first, grouped by severity; minus the flags snoozed until a
date with a reason. A safety concern is never snoozed.

`SnoozeFlag` and `SetSnoozes` are actions (one transaction, with their inverse for undo);
`flag_board` and `pairing_flags` are queries returning plain rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import FlagSnooze, Pairing, Participant
from mentordesk.monitoring.calendar_periods import format_day
from mentordesk.monitoring.flags import Flag, FlagKind, Record, Severity, compute_flags
from mentordesk.store import Database
from mentordesk.store.actions import ACTIVITY, Outcome, outcome

# (kind, pairing id, participant id): what one snooze puts aside.
SnoozeKey = tuple[str, int | None, int | None]
UNSNOOZABLE = frozenset({FlagKind.SAFETY_CONCERN, FlagKind.PERMISSION_MISSING})
LONGEST_SNOOZE_DAYS = 366


def snooze_key(flag: Flag) -> SnoozeKey:
    waiting = flag.pairing_id is None and flag.record is Record.PARTICIPANT
    return (flag.kind.value, flag.pairing_id, flag.record_id if waiting else None)


@dataclass(frozen=True)
class Snooze:
    until: dt.date
    reason: str
    snoozed_on: dt.date


@dataclass(frozen=True)
class PairFlags:
    """Every flag of one pair (or one waiting mentee), the most serious first."""

    pairing_id: int | None
    participant_id: int | None
    subject: str
    flags: tuple[Flag, ...]
    # Set when these flags are snoozed (then `flags` are the snoozed ones).
    snoozes: tuple[Snooze, ...] = ()
    # Place on its board, most serious first: the order of `sort_key`, as a number a table
    # sorts thousands of rows by at once.
    rank: int = 0

    @property
    def key(self) -> tuple[int | None, int | None, bool]:
        return (self.pairing_id, self.participant_id, bool(self.snoozes))

    @property
    def severity(self) -> Severity:
        return self.flags[0].severity

    @property
    def kinds(self) -> tuple[FlagKind, ...]:
        return tuple(dict.fromkeys(f.kind for f in self.flags))

    @property
    def reasons(self) -> str:
        return "; ".join(f.message.removesuffix(".") for f in self.flags)

    @property
    def sort_key(self) -> tuple[object, ...]:
        return self.flags[0].sort_key

    def snoozable(self) -> tuple[FlagKind, ...]:
        return tuple(k for k in self.kinds if k not in UNSNOOZABLE)

    def lines(self) -> list[str]:
        """One line per flag: "Severity · kind: reason" (and the snooze, if any)."""
        lines = [f"{f.severity.label} · {f.kind.label}: {f.message}" for f in self.flags]
        for flag, snooze in zip(self.flags, self.snoozes, strict=False):
            lines[self.flags.index(flag)] += (
                f" (snoozed until {format_day(snooze.until)}: {snooze.reason})"
            )
        return lines


@dataclass(frozen=True)
class FlagBoard:
    pairs: tuple[PairFlags, ...]  # shown, most serious first
    snoozed: tuple[PairFlags, ...]  # put aside, one row per pair as well

    @property
    def snoozed_count(self) -> int:
        return sum(len(p.flags) for p in self.snoozed)


def _group(flags: list[Flag], snoozes: dict[SnoozeKey, Snooze] | None = None) -> list[PairFlags]:
    """One row per pair, from flags already most urgent first (compute_flags's order): each
    row's flags keep that order, and the rows come out ordered by their first flag, so no
    sort key is computed again (tens of thousands of them on a large programme)."""
    groups: dict[tuple[int | None, int | None], list[Flag]] = defaultdict(list)
    for flag in flags:
        waiting = flag.pairing_id is None and flag.record is Record.PARTICIPANT
        groups[(flag.pairing_id, flag.record_id if waiting else None)].append(flag)
    return [
        PairFlags(
            pairing_id,
            participant_id,
            found[0].subject,
            tuple(found),
            tuple(snoozes[snooze_key(f)] for f in found) if snoozes is not None else (),
            rank,
        )
        for rank, ((pairing_id, participant_id), found) in enumerate(groups.items())
    ]


def active_snoozes(session: Session, on_date: dt.date) -> dict[SnoozeKey, Snooze]:
    """Snoozes still running on `on_date` (the last day of a snooze included)."""
    rows = session.execute(
        select(FlagSnooze).where(FlagSnooze.until >= on_date).order_by(FlagSnooze.until)
    ).scalars()
    return {
        (r.kind, r.pairing_id, r.participant_id): Snooze(r.until, r.reason, r.snoozed_on)
        for r in rows
        if r.kind not in UNSNOOZABLE
    }


def split_snoozed(
    session: Session, flags: list[Flag], on_date: dt.date
) -> tuple[list[Flag], list[Flag], dict[SnoozeKey, Snooze]]:
    """(shown, snoozed, the snoozes), each list in the flags' own order."""
    snoozes = active_snoozes(session, on_date)
    if not snoozes:
        return list(flags), [], snoozes
    shown: list[Flag] = []
    snoozed: list[Flag] = []
    for flag in flags:
        key = snooze_key(flag)
        (snoozed if key in snoozes and flag.kind not in UNSNOOZABLE else shown).append(flag)
    return shown, snoozed, snoozes


def board_from(session: Session, flags: list[Flag], on_date: dt.date) -> FlagBoard:
    """The board of these flags, given most urgent first (as compute_flags returns them)."""
    shown, snoozed, snoozes = split_snoozed(session, flags, on_date)
    return FlagBoard(tuple(_group(shown)), tuple(_group(snoozed, snoozes)))


def flag_board(db: Database, on_date: dt.date | None = None) -> FlagBoard:
    """The dashboard's flags, grouped by pair, snoozed ones apart."""
    on_date = on_date or clock.today()
    with db.reading() as session:
        return board_from(session, compute_flags(session, on_date), on_date)


def pairing_flags(db: Database, pairing_id: int, on_date: dt.date | None = None) -> FlagBoard:
    """The flags of one pairing (shown and snoozed), for its summary."""
    on_date = on_date or clock.today()
    with db.reading() as session:
        flags = [f for f in compute_flags(session, on_date) if f.pairing_id == pairing_id]
        return board_from(session, flags, on_date)


# --- actions -----------------------------------------------------------------------------
@dataclass(frozen=True)
class SetSnoozes:
    """Replace the snoozes of one (kind, pair or mentee) with these; undo puts the old back."""

    kind: str
    pairing_id: int | None
    participant_id: int | None
    snoozes: tuple[Snooze, ...]

    def _match(self) -> list[ColumnElement[bool]]:
        return [
            FlagSnooze.kind == self.kind,
            FlagSnooze.pairing_id.is_(None)
            if self.pairing_id is None
            else FlagSnooze.pairing_id == self.pairing_id,
            FlagSnooze.participant_id.is_(None)
            if self.participant_id is None
            else FlagSnooze.participant_id == self.participant_id,
        ]

    def apply(self, session: Session) -> Outcome:
        before = tuple(
            Snooze(r.until, r.reason, r.snoozed_on)
            for r in session.execute(select(FlagSnooze).where(*self._match())).scalars()
        )
        session.execute(delete(FlagSnooze).where(*self._match()))
        for snooze in self.snoozes:
            session.add(
                FlagSnooze(
                    kind=self.kind,
                    pairing_id=self.pairing_id,
                    participant_id=self.participant_id,
                    until=snooze.until,
                    reason=snooze.reason,
                    snoozed_on=snooze.snoozed_on,
                )
            )
        session.flush()
        inverse = SetSnoozes(self.kind, self.pairing_id, self.participant_id, before)
        pairings = [self.pairing_id] if self.pairing_id is not None else []
        participants = [self.participant_id] if self.participant_id is not None else []
        return outcome(inverse, (ACTIVITY,), pairings=pairings, participants=participants)


@dataclass(frozen=True)
class SnoozeFlag:
    """Put one kind of flag of a pair (or a waiting mentee) aside until a date, saying why.
    A safety concern cannot be snoozed: it is resolved, or it stays; nor can a minor's
    active pair without a parent's permission: it is recorded, or the pair paused."""

    kind: FlagKind
    pairing_id: int | None
    participant_id: int | None
    until: dt.date
    reason: str
    on_date: dt.date | None = None

    def apply(self, session: Session) -> Outcome:
        today = self.on_date or clock.today()
        kind = FlagKind(self.kind)  # a value from a widget comes back as plain text
        if kind is FlagKind.SAFETY_CONCERN:
            raise MentorDeskError(
                "A safety concern cannot be snoozed: resolve it once it has been dealt with."
            )
        if kind in UNSNOOZABLE:
            raise MentorDeskError(
                "Missing parental permission cannot be snoozed: record the day it came back "
                "on the pairing's summary, or pause the pair until it does."
            )
        reason = self.reason.strip()
        if not reason:
            raise MentorDeskError("Say why the flag is snoozed (a few words are enough).")
        if self.until <= today:
            raise MentorDeskError("Choose a date after today to snooze the flag until.")
        if (self.until - today).days > LONGEST_SNOOZE_DAYS:
            raise MentorDeskError("A flag can be snoozed for a year at most.")
        if self.pairing_id is not None and session.get(Pairing, self.pairing_id) is None:
            raise MentorDeskError("This pairing no longer exists.")
        if (
            self.participant_id is not None
            and session.get(Participant, self.participant_id) is None
        ):
            raise MentorDeskError("This person no longer exists.")
        if self.pairing_id is None and self.participant_id is None:
            raise MentorDeskError("Choose the pair whose flag is snoozed.")
        return SetSnoozes(
            kind.value,
            self.pairing_id,
            self.participant_id,
            (Snooze(self.until, reason, today),),
        ).apply(session)
