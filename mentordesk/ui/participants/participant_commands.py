"""Undoable actions on participants: add, edit (details and screening), change status
(archive, unarchive), delete, and the programme's screening rules.

Each wraps an action of `mentordesk.participants.participant_actions` in the window's one
undo command; the action names the people it touched, so the table refreshes only them.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mentordesk.models import ParticipantStatus
from mentordesk.participants.participant_actions import (
    AddParticipant,
    DeleteParticipants,
    EditParticipant,
    SetScreeningRules,
    SetStatuses,
)
from mentordesk.participants.participant_fields import ParticipantFields
from mentordesk.participants.screening import ScreeningRequirements
from mentordesk.participants.screening_edit import MentorScreening
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.undo_commands import perform_action


def add_participant(
    context: AppContext, person: ParticipantFields, parent: QWidget | None = None
) -> int | None:
    """Add a person; returns their id, or None if refused (the user was told why)."""
    command = perform_action(context, f"Add {person.display_name}", AddParticipant(person), parent)
    return command.result if command is not None else None


def edit_participant(
    context: AppContext,
    participant_id: int,
    person: ParticipantFields | None,
    screening: MentorScreening | None,
    name: str,
    parent: QWidget | None = None,
) -> bool:
    """Save edited details and/or screening in one transaction, as one undoable step.
    `name` is the person's name as stored (the title when only the screening changed)."""
    what = "screening of " if person is None else ""
    title = f"Edit {what}{person.display_name if person is not None else name}"
    action = EditParticipant(participant_id, person, screening)
    return perform_action(context, title, action, parent) is not None


def set_statuses(
    context: AppContext,
    participant_ids: list[int],
    status: ParticipantStatus,
    text: str,
    parent: QWidget | None = None,
) -> bool:
    """Archive, unarchive or put on hold; undo gives each person their old status back."""
    action = SetStatuses.same(participant_ids, ParticipantStatus(status).value)
    return perform_action(context, text, action, parent) is not None


def delete_participants(
    context: AppContext, participant_ids: list[int], text: str, parent: QWidget | None = None
) -> bool:
    """Erase people and all their records; undo puts every row back as it was."""
    action = DeleteParticipants(tuple(participant_ids))
    return perform_action(context, text, action, parent) is not None


def set_screening_rules(
    context: AppContext, rules: ScreeningRequirements, parent: QWidget | None = None
) -> bool:
    """Change what the programme requires; every mentor's readiness follows."""
    action = SetScreeningRules(rules)
    return perform_action(context, "Change screening requirements", action, parent) is not None
