"""What to tell the coordinator before printing: programme settings that would print as a
stand-in, and characters no embedded font has (emoji, scripts without a font), per pair."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from mentordesk.documents.agreement_pdf import missing_settings
from mentordesk.documents.document_pairs import PairFacts, load_pairs
from mentordesk.documents.fonts import describe_missing, missing_glyphs
from mentordesk.models import CheckIn, Meeting, Pairing
from mentordesk.programme.programme_settings import ProgrammeSettings, load_settings
from mentordesk.store import Database


@dataclass(frozen=True)
class Unprintable:
    where: str  # "Pairing 3 (Ana Silva and Ben Okafor)" or "Programme settings"
    chars: str  # described: "😀 (GRINNING FACE)"


@dataclass(frozen=True)
class Preflight:
    missing_settings: tuple[str, ...]
    unprintable: tuple[Unprintable, ...]

    @property
    def clean(self) -> bool:
        return not self.missing_settings and not self.unprintable

    def settings_line(self) -> str:
        if not self.missing_settings:
            return ""
        return (
            "The programme settings have no "
            + ", ".join(self.missing_settings)
            + ": the documents print a blank line or the programme's name there. "
            "Fill them in under Programme settings."
        )

    def lines(self) -> list[str]:
        found = [self.settings_line()] if self.missing_settings else []
        found += [
            f"{u.where}: no font can print {u.chars}; they will be left out."
            for u in self.unprintable
        ]
        return found


def _missing(texts: Iterable[str | None]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        if text:
            found |= missing_glyphs(text)
    return found


def _settings_texts(settings: ProgrammeSettings) -> list[str]:
    return [
        settings.name,
        settings.organisation,
        settings.coordinator_name,
        settings.coordinator_contact,
        settings.safeguarding_lead,
        settings.safeguarding_phone,
        settings.agreement_text or "",
    ]


def _pair_texts(pair: PairFacts) -> list[str]:
    return [
        pair.mentee_name,
        pair.mentor_name,
        pair.guardian_name,
        pair.guardian_relationship,
        *(g.title for g in pair.goals),
    ]


def _check(
    settings: ProgrammeSettings, pairs: Sequence[tuple[PairFacts, list[str | None]]]
) -> Preflight:
    unprintable = []
    chars = _missing(_settings_texts(settings))
    if chars:
        unprintable.append(Unprintable("Programme settings", describe_missing(chars)))
    for pair, extra in pairs:
        chars = _missing([*_pair_texts(pair), *extra])
        if chars:
            unprintable.append(
                Unprintable(f"Pairing {pair.id} ({pair.title})", describe_missing(chars))
            )
    return Preflight(tuple(missing_settings(settings)), tuple(unprintable))


def check_agreements(db: Database, pairing_ids: Sequence[int] | None = None) -> Preflight:
    """Warnings for printing the agreements of these pairings (default: every active or
    proposed pairing, as `write_agreements` prints)."""
    with db.reading() as session:
        settings = load_settings(session)
        pairs = load_pairs(session, pairing_ids)
    if not pairs:  # nothing to print: printing says so
        return Preflight((), ())
    return _check(settings, [(pair, []) for pair in pairs])


def check_report(
    db: Database,
    pairing_id: int | None = None,
    *,
    include_notes: bool = False,
    internal: bool = False,
) -> Preflight:
    """Warnings for a pairing's report (its notes too when they are printed), or for the
    programme report (its settings, and the pairs' names when the internal edition lists
    them)."""
    with db.reading() as session:
        settings = load_settings(session)
        if pairing_id is None:
            ids = list(session.scalars(select(Pairing.id).order_by(Pairing.id)))
            pairs: list[tuple[PairFacts, list[str | None]]] = (
                [(pair, []) for pair in load_pairs(session, ids)] if ids and internal else []
            )
        else:
            (pair,) = load_pairs(session, [pairing_id])
            extra: list[str | None] = []
            if include_notes:
                pairing = session.get(Pairing, pairing_id)
                assert pairing is not None
                extra += [pairing.notes, pairing.closure_notes]
                extra += session.scalars(
                    select(Meeting.notes).where(Meeting.pairing_id == pairing_id)
                )
                extra += session.scalars(
                    select(CheckIn.notes).where(CheckIn.pairing_id == pairing_id)
                )
            pairs = [(pair, extra)]
    found = _check(settings, pairs)
    # A report prints only the organisation of the settings an agreement needs.
    missing = tuple(m for m in found.missing_settings if m == "organisation")
    return Preflight(missing, found.unprintable)
