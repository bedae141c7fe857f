"""The agreement text: a small plain-text format with headings, bullets and placeholders.

    # A heading
    A paragraph with {mentee_name} and {mentor_name}. Lines join until a blank line.
    - A bullet point
    {goals}            (on a line of its own: the pair's goals as a list)

`{{` and `}}` print a literal brace. A placeholder that does not exist is an error when the
text is saved, never a blank on paper.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from mentordesk.errors import ValidationError
from mentordesk.resources import resource_path

# Name -> what it prints, shown to the coordinator in the editor.
PLACEHOLDERS: dict[str, str] = {
    "mentor_name": "the mentor's name",
    "mentee_name": "the mentee's name",
    "start_date": "the date the pairing starts",
    "end_date": "the planned end date (start date plus the programme length)",
    "meeting_frequency": "how often the pair meets, e.g. 'twice a month'",
    "meetings_per_month": "the number of meetings a month, e.g. '2'",
    "meeting_length": "how long a meeting lasts, e.g. '60 minutes'",
    "programme_length": "how long the pairing lasts, e.g. '12 months'",
    "goals": "the pair's goals (as a list when on a line of its own)",
    "coordinator_name": "the coordinator's name",
    "coordinator_contact": "how to contact the coordinator",
    "safeguarding_lead": "the safeguarding lead's name",
    "programme_name": "the programme's name",
    "organisation": "the organisation's name",
}
GOALS = "goals"
MAX_LENGTH = 50_000

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}|[{}]")


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    GOALS = "goals"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str  # still holding placeholders until filled


@cache
def default_text() -> str:
    return resource_path("agreement", "default_agreement.txt").read_text(encoding="utf-8")


def effective_text(stored: str | None) -> str:
    """The text in use: the programme's own, or the shipped default when it has none."""
    return stored if stored is not None and stored.strip() else default_text()


def normalise(text: str) -> str:
    """Line endings and trailing spaces do not count as a change of the text."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip() + "\n"


def problems(text: str) -> list[str]:
    """Every problem in the text, each naming its line, or [] when the text is sound."""
    found: list[str] = []
    if not text.strip():
        return ["The agreement text is empty."]
    if len(text) > MAX_LENGTH:
        found.append(f"The agreement text is too long ({len(text):,} characters; at most 50,000).")
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _PLACEHOLDER.finditer(line):
            token = match.group(0)
            if token in ("{{", "}}"):
                continue
            if token in ("{", "}"):
                found.append(
                    f"Line {number}: a '{token}' has no partner. Placeholders look like "
                    "{mentee_name}; write {{ or }} for a brace on paper."
                )
                continue
            name = match.group(1).strip()
            if name in PLACEHOLDERS:
                continue
            hint = difflib.get_close_matches(name, list(PLACEHOLDERS), n=1, cutoff=0.5)
            suggestion = f" Did you mean {{{hint[0]}}}?" if hint else ""
            found.append(f"Line {number}: {{{name}}} is not a placeholder.{suggestion}")
    return found


def validate(text: str) -> str:
    """The text, normalised, or a ValidationError listing its problems."""
    found = problems(text)
    if found:
        shown = found[:8]
        more = f"\n…and {len(found) - len(shown)} more." if len(found) > len(shown) else ""
        known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        raise ValidationError(
            "The agreement text was not saved:\n"
            + "\n".join(shown)
            + more
            + f"\n\nPlaceholders you can use: {known}."
        )
    return normalise(text)


def parse(text: str) -> list[Block]:
    """Blocks of the text in order; placeholders are left in place."""
    blocks: list[Block] = []
    paragraph: list[str] = []
    bullet: list[str] | None = None

    def flush() -> None:
        nonlocal bullet
        if paragraph:
            blocks.append(Block(BlockKind.PARAGRAPH, " ".join(paragraph)))
            paragraph.clear()
        if bullet is not None:
            blocks.append(Block(BlockKind.BULLET, " ".join(bullet)))
            bullet = None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#"):
            flush()
            blocks.append(Block(BlockKind.HEADING, line.lstrip("#").strip()))
        elif line.replace(" ", "") == "{" + GOALS + "}":
            flush()
            blocks.append(Block(BlockKind.GOALS, ""))
        elif line[:2] in ("- ", "* ", "• "):
            flush()
            bullet = [line[2:].strip()]
        elif bullet is not None and raw[:1].isspace():
            bullet.append(line)  # an indented line continues the bullet above
        else:
            if bullet is not None:
                flush()
            paragraph.append(line)
    flush()
    return blocks


def uses_goals(text: str) -> bool:
    return any(
        match.group(1) is not None and match.group(1).strip() == GOALS
        for match in _PLACEHOLDER.finditer(text)
    )


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every placeholder in one block's text. Unknown names were refused on save;
    a stray one here (a text written by hand into the database) prints visibly, never blank."""

    def replace(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if match.group(1) is None:
            return token
        name = match.group(1).strip()
        return values.get(name, f"[{name}?]")

    return _PLACEHOLDER.sub(replace, text)
