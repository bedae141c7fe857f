"""Undoable actions on participants: add, edit (details and screening), change status
(archive, unarchive), delete, and the programme's screening rules.

Each is one `UseCaseCommand` whose steps run one transaction each and call the same
use-cases both ways; each names the participants it touched, so the table refreshes
only those rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtWidgets import QWidget

from mentordesk import clock
from mentordesk.models import ParticipantStatus
from mentordesk.participants import participant_changes as people
from mentordesk.participants.participant_fields import ParticipantFields
from mentordesk.participants.record_snapshot import RecordSnapshot
from mentordesk.participants.screening import ScreeningRequirements
from mentordesk.participants.screening_edit import (
    MentorScreening,
    write_requirements,
    write_screening,
)
from mentordesk.store import Database
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.undo_commands import UseCaseCommand, perform


class ParticipantCommand(UseCaseCommand):
    """A command that tells the screens which participants it touched."""

    def __init__(
        self,
        context: AppContext,
        text: str,
        do: Callable[[Database], Any],
        undo: Callable[[Database], Any],
        touched: Callable[[], Iterable[int]],
        also: tuple[str, ...] = (),
    ) -> None:
        super().__init__(context, text, do, undo, (PARTICIPANTS, *also))
        self._touched = touched

    def _notify(self) -> None:
        self.context.notify_records(PARTICIPANTS, self._touched(), *self.topics[1:])


def add_participant(
    context: AppContext, person: ParticipantFields, parent: QWidget | None = None
) -> int | None:
    """Add a person; returns their id, or None if refused (the user was told why)."""
    created: dict[str, int] = {}

    def do(db: Database) -> int:
        with db.transaction() as session:
            created["id"] = people.create_participant(
                session, person, clock.today(), participant_id=created.get("id")
            )
        return created["id"]

    def undo(db: Database) -> None:
        with db.transaction() as session:
            people.delete_participants(session, [created["id"]])

    command = ParticipantCommand(
        context,
        f"Add {person.display_name}",
        do,
        undo,
        lambda: [created["id"]] if "id" in created else [],
    )
    return created["id"] if perform(context, command, parent) else None


def edit_participant(
    context: AppContext,
    participant_id: int,
    person: ParticipantFields | None,
    screening: MentorScreening | None,
    parent: QWidget | None = None,
) -> bool:
    """Save edited details and/or screening in one transaction, as one undoable step."""
    with context.db.reading() as session:
        before_person = people.read_participant(session, participant_id)
        before_screening = None
        if screening is not None:
            from mentordesk.participants.screening_edit import read_screening

            before_screening = read_screening(session, participant_id)
    after: dict[str, Any] = {"person": person, "screening": screening}

    def apply(db: Database, fields: ParticipantFields | None, checks: Any) -> Any:
        with db.transaction() as session:
            if fields is not None:
                people.update_participant(session, participant_id, fields, clock.today())
            if checks is not None:
                return write_screening(session, checks, clock.today())
        return None

    def do(db: Database) -> None:
        stored = apply(db, after["person"], after["screening"])
        if stored is not None:
            after["screening"] = stored  # with the ids of new rows, so redo keeps them

    def undo(db: Database) -> None:
        apply(db, before_person if person is not None else None, before_screening)

    name = (person or before_person).display_name
    what = "screening of " if person is None else ""
    command = ParticipantCommand(context, f"Edit {what}{name}", do, undo, lambda: [participant_id])
    return perform(context, command, parent)


def set_statuses(
    context: AppContext,
    participant_ids: list[int],
    status: ParticipantStatus,
    text: str,
    parent: QWidget | None = None,
) -> bool:
    """Archive, unarchive or put on hold; undo gives each person their old status back."""
    previous: dict[int, str] = {}

    def do(db: Database) -> None:
        with db.transaction() as session:
            old = people.set_statuses(session, dict.fromkeys(participant_ids, status.value))
        previous.update(old)

    def undo(db: Database) -> None:
        with db.transaction() as session:
            people.set_statuses(session, dict(previous))

    command = ParticipantCommand(context, text, do, undo, lambda: participant_ids)
    return perform(context, command, parent)


def delete_participants(
    context: AppContext, participant_ids: list[int], text: str, parent: QWidget | None = None
) -> bool:
    """Erase people and all their records; undo puts every row back as it was."""
    kept: dict[str, RecordSnapshot] = {}

    def do(db: Database) -> None:
        with db.transaction() as session:
            kept["snapshot"] = people.delete_participants(session, participant_ids)

    def undo(db: Database) -> None:
        with db.transaction() as session:
            people.restore_participants(session, kept["snapshot"])

    def touched() -> set[int]:
        # The people, and their partners: a partner's match count changes too.
        found = set(participant_ids)
        snapshot = kept.get("snapshot")
        if snapshot is not None:
            for name, rows in snapshot.rows:
                if name in ("pairing", "pair_exclusion"):
                    for row in rows:
                        found |= {row["mentor_id"], row["mentee_id"]}
        return found

    command = ParticipantCommand(context, text, do, undo, touched, also=(PAIRINGS, ACTIVITY))
    return perform(context, command, parent)


def set_screening_rules(
    context: AppContext, rules: ScreeningRequirements, parent: QWidget | None = None
) -> bool:
    """Change what the programme requires; every mentor's readiness follows."""
    kept: dict[str, ScreeningRequirements] = {}

    def do(db: Database) -> None:
        with db.transaction() as session:
            kept["before"] = write_requirements(session, rules)

    def undo(db: Database) -> None:
        with db.transaction() as session:
            write_requirements(session, kept["before"])

    command = UseCaseCommand(
        context,
        "Change screening requirements",
        do,
        undo,
        (PARTICIPANTS, PROGRAMME, PAIRINGS),
    )
    return perform(context, command, parent)
