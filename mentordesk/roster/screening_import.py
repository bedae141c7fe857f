"""How a roster's screening column is applied to a mentor's background check.

A sheet can only report: "yes", "x", "1" or a bare date say the check was done, never
what was seen or by whom, so the check becomes "reported, to verify" and does not make
the mentor ready. An import never changes a check that is failed, complete (verified, or
expired) — it reports the difference instead, for the coordinator to look at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mentordesk.models import ScreeningCheck, ScreeningStatus
from mentordesk.programme.text_input import format_date

# What an import may overwrite: nothing a coordinator has verified or found failed.
_OPEN = (ScreeningStatus.NOT_STARTED, ScreeningStatus.IN_PROGRESS, ScreeningStatus.REPORTED)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _state(check: ScreeningCheck, today: dt.date, valid_years: int) -> str:
    """The stored check in words, as a refusal to change it names it."""
    if check.status == ScreeningStatus.FAILED:
        return "failed"
    expires = check.expires_on or (
        _add_years(check.completed_on, valid_years) if check.completed_on else None
    )
    if expires is not None and expires < today:
        return f"expired on {format_date(expires)}"
    if check.seen_reference and check.seen_by and check.completed_on:
        return "verified"
    return "complete"


@dataclass(frozen=True)
class CheckPlan:
    change: bool  # write the sheet's status and dates
    # Why the sheet's word was not taken, when it differs from the record.
    kept: str | None = None


def plan_check(
    existing: ScreeningCheck | None,
    status: ScreeningStatus,
    dates: dict[str, dt.date],
    *,
    today: dt.date,
    valid_years: int,
    name: str,
) -> CheckPlan:
    """Whether the sheet's word on a background check is written, or kept out (and why)."""
    if existing is None:
        return CheckPlan(change=True)
    differs = existing.status != status or any(getattr(existing, k) != v for k, v in dates.items())
    if not differs:
        return CheckPlan(change=False)
    if existing.status in _OPEN:
        return CheckPlan(change=True)
    said = status.label.lower()
    if dates.get("completed_on"):
        said += f", done {format_date(dates['completed_on'])}"
    return CheckPlan(
        change=False,
        kept=(
            f"{name}'s background check is recorded as "
            f"{_state(existing, today, valid_years)}; the sheet says {said}: not changed."
        ),
    )


def to_verify_note(name: str, dates: dict[str, dt.date]) -> str:
    done = dates.get("completed_on")
    when = f" (the sheet says done {format_date(done)})" if done else ""
    return (
        f"{name}'s background check is reported, to verify{when}: record the certificate "
        "number seen and who saw it."
    )
