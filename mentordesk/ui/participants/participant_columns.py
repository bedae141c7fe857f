"""The columns of the participants table, and what its search box matches."""

from __future__ import annotations

from mentordesk.programme.programme_queries import ParticipantRow
from mentordesk.ui.widgets.table_model import Column

# Logical order is kept as it was first shipped (saved header states and tests name
# columns by number); new columns go at the end and DEFAULT_ORDER places them on screen.
PARTICIPANT_COLUMNS: list[Column[ParticipantRow]] = [
    Column("Last name", lambda r: r.last_name),
    Column("First name", lambda r: r.first_name),
    Column("Role", lambda r: r.role, text=lambda r: r.role.capitalize()),
    # Email, date of birth, school or employer are in the form; shown on demand, so the
    # table fits a laptop.
    Column("Email", lambda r: r.email, hidden_by_default=True),
    Column("School / employer", lambda r: r.organisation, hidden_by_default=True),
    Column("Status", lambda r: r.status, text=lambda r: r.status.replace("_", " ").capitalize()),
    Column("Date of birth", lambda r: r.date_of_birth, hidden_by_default=True),
    Column("Phone", lambda r: r.phone, hidden_by_default=True),
    Column("Interests", lambda r: r.interests, hidden_by_default=True),
    Column("Screening", lambda r: r.readiness, tooltip=lambda r: _reasons(r.readiness)),
    Column(
        "Matches",
        lambda r: r.matches,
        text=lambda r: r.places if r.is_mentor else ("Matched" if r.matches else "Unmatched"),
    ),
    # Reported checks to verify, and checks running out within 30 days.
    Column("Screening alerts", lambda r: r.screening_alerts),
]
DEFAULT_ORDER = (
    "Last name",
    "First name",
    "Role",
    "Status",
    "Screening",
    "Screening alerts",
    "Matches",
    "School / employer",
    "Email",
    "Date of birth",
    "Phone",
    "Interests",
)


def column_number(header: str) -> int:
    return [c.header for c in PARTICIPANT_COLUMNS].index(header)


def _reasons(readiness: str) -> str | None:
    """'Not ready: a; b' as a list, one reason a line, for the tooltip."""
    if not readiness.startswith("Not ready: "):
        return readiness or None
    reasons = readiness.removeprefix("Not ready: ").split("; ")
    return "Not ready to match:\n" + "\n".join(f"• {r}" for r in reasons)


def participant_search_text(row: ParticipantRow) -> str:
    """Names, email, school or employer, interests: made once when the rows are read."""
    return row.search_text
