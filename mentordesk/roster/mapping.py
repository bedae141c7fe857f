"""Guess which participant field each column holds: header words first (synonyms, then
fuzzy matching with rapidfuzz), the column's values second (an email column looks like
emails). A mapping the coordinator corrected is remembered per set of headers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from mentordesk.roster import values
from mentordesk.roster.fields import FIELD_BY_NAME, FIELDS, Kind

# Below this a header-only guess is not trusted: the column goes to the extra fields.
MIN_CONFIDENCE = 0.8
SAMPLE_SIZE = 50


@dataclass(frozen=True)
class Vocabulary:
    """The fields one kind of import maps columns to, by the words that name them."""

    name: str
    synonyms: dict[str, str]  # normalized header words -> field name
    labels: dict[str, str]  # field name -> label shown to the coordinator

    @classmethod
    def build(cls, name: str, fields: list[tuple[str, str, tuple[str, ...]]]) -> Vocabulary:
        synonyms: dict[str, str] = {}
        for field_name, _label, words in fields:
            for word in words:
                # Synonyms are normalised exactly as headers are, so "date of meeting"
                # meets the header "Date of meeting" (both "date meeting").
                key = normalize(word)
                if key:
                    synonyms.setdefault(key, field_name)
        return cls(name, synonyms, {f: label for f, label, _ in fields})

    @property
    def choices(self) -> list[str]:
        return list(self.synonyms)


@dataclass(frozen=True)
class ColumnGuess:
    header: str
    field: str | None
    confidence: float  # 0..1
    source: str  # "header", "values", "remembered", "chosen" or "" (no guess)

    @property
    def label(self) -> str:
        return (
            FIELD_BY_NAME[self.field].label if self.field in FIELD_BY_NAME else (self.field or "")
        )


def normalize(header: str) -> str:
    """Lower case, accents and punctuation dropped: "E-mail Address:" → "email address"."""
    plain = unicodedata.normalize("NFKD", str(header)).encode("ascii", "ignore").decode()
    plain = plain.lower().replace("e-mail", "email").replace("&", " and ")
    plain = re.sub(r"'s\b", "s", plain)
    plain = re.sub(r"\(.*?\)", " ", plain)  # "(optional)", "(at birth)"
    plain = re.sub(r"[^a-z0-9]+", " ", plain)
    # Initials written with dots or spaces are one word: "D.O.B." → "dob", "U P N" → "upn".
    plain = re.sub(r"\b[a-z](?: [a-z]\b)+", lambda m: m.group(0).replace(" ", ""), plain)
    plain = re.sub(r"\b(please|your|the|of|a|an|s|do|you|what|is|are)\b", " ", plain)
    return " ".join(plain.split())


ROSTER = Vocabulary.build("roster", [(f.name, f.label, f.synonyms) for f in FIELDS])


_GUARDIAN_WORDS = frozenset(
    {"parent", "parents", "guardian", "guardians", "carer", "carers", "mother", "mothers"}
    | {"father", "fathers", "mum", "mums", "dad", "dads"}
)
_GUARDIAN_FIELD = {
    "phone": "guardian_phone",
    "email": "guardian_email",
    "full_name": "guardian_name",
    "first_name": "guardian_name",
    "last_name": "guardian_name",
}


def header_guess(header: str, vocabulary: Vocabulary = ROSTER) -> tuple[str | None, float]:
    """The field a header names, and how sure we are, from its words alone."""
    field, confidence = _header_guess(header, vocabulary)
    if (
        vocabulary is ROSTER
        and field in _GUARDIAN_FIELD
        and _GUARDIAN_WORDS & set(normalize(header).split())
    ):
        return _GUARDIAN_FIELD[field], max(confidence, 0.85)
    return field, confidence


_GUESSES: dict[tuple[str, str], tuple[str | None, float]] = {}


def _header_guess(header: str, vocabulary: Vocabulary) -> tuple[str | None, float]:
    cache_key = (vocabulary.name, header)
    if cache_key not in _GUESSES:
        if len(_GUESSES) > 20_000:
            _GUESSES.clear()
        _GUESSES[cache_key] = _fresh_guess(header, vocabulary)
    return _GUESSES[cache_key]


def _fresh_guess(header: str, vocabulary: Vocabulary) -> tuple[str | None, float]:
    synonyms = vocabulary.synonyms
    key = normalize(header)
    if not key:
        return None, 0.0
    if key in synonyms:
        return synonyms[key], 1.0
    loose = " ".join(w for w in key.split() if not w.isdigit())
    if loose in synonyms:
        return synonyms[loose], 0.95
    if len(key) < 4:
        return None, 0.0  # "PN", "Qty": too short to guess from
    # Spelling slips (ratio), or every word of a synonym inside a longer header (token set,
    # worth a little less); both scorers run in rapidfuzz's C code.
    choices = vocabulary.choices
    spelled = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=60)
    worded = process.extractOne(key, choices, scorer=fuzz.token_set_ratio, score_cutoff=66)
    scored: list[tuple[str, float]] = []
    if spelled is not None:
        scored.append((spelled[0], spelled[1]))
    if worded is not None:
        scored.append((worded[0], 0.9 * worded[1]))
    if not scored:
        return None, 0.0
    choice, score = max(scored, key=lambda pair: pair[1])
    # Whole-header similarity counts too: "Subscriber First Name" is less sure than "First Nm".
    confidence = (0.7 * score + 0.3 * fuzz.ratio(key, choice)) / 100
    return synonyms[choice], round(min(confidence, 0.94), 2)


def _ratio(samples: Sequence[Any], test: Any) -> float:
    filled = [v for v in samples if v is not None and str(v).strip()]
    if not filled:
        return -1.0
    return sum(1 for v in filled if test(v)) / len(filled)


def _value_adjusted(
    field: str | None, confidence: float, header: str, samples: Sequence[Any]
) -> tuple[str | None, float, str]:
    source = "header" if field else ""
    emails = _ratio(samples, values.looks_like_email)
    kind = FIELD_BY_NAME[field].kind if field in FIELD_BY_NAME else None
    guardianish = any(
        w in normalize(header) for w in ("parent", "guardian", "carer", "mother", "father")
    )
    if kind is Kind.EMAIL and 0 <= emails < 0.5:
        confidence *= 0.6
    elif kind is Kind.PHONE and 0 <= _ratio(samples, values.looks_like_phone) < 0.5:
        confidence *= 0.7
    elif kind is Kind.DATE and 0 <= _ratio(samples, values.looks_like_date) < 0.5:
        confidence *= 0.6
    elif kind in (Kind.NAME, Kind.FULL_NAME) and emails > 0.5:
        confidence *= 0.5
    if confidence < MIN_CONFIDENCE and emails >= 0.8:
        return ("guardian_email" if guardianish else "email"), 0.85, "values"
    return field, round(confidence, 2), source


def guess_mapping(
    headers: Sequence[str],
    samples: Sequence[Sequence[Any]],
    remembered: dict[str, str | None] | None = None,
    vocabulary: Vocabulary = ROSTER,
) -> list[ColumnGuess]:
    """One guess per column; each field is given to at most one column (the surest)."""
    if remembered is not None and set(remembered) == set(headers):
        return [
            ColumnGuess(
                h, remembered[h] if remembered[h] in vocabulary.labels else None, 1.0, "remembered"
            )
            for h in headers
        ]
    raw: list[tuple[str | None, float, str]] = []
    for index, header in enumerate(headers):
        field, confidence = header_guess(header, vocabulary)
        column_samples = samples[index] if index < len(samples) else []
        if vocabulary is ROSTER:
            raw.append(_value_adjusted(field, confidence, header, column_samples[:SAMPLE_SIZE]))
        else:
            raw.append((field, confidence, "header" if field else ""))
    order = sorted(range(len(headers)), key=lambda i: (-raw[i][1], i))
    taken: set[str] = set()
    chosen: dict[int, ColumnGuess] = {}
    for index in order:
        field, confidence, source = raw[index]
        if field is None or confidence < MIN_CONFIDENCE or field in taken:
            chosen[index] = ColumnGuess(headers[index], None, confidence if field else 0.0, "")
            continue
        taken.add(field)
        chosen[index] = ColumnGuess(headers[index], field, confidence, source)
    guesses = [chosen[i] for i in range(len(headers))]
    # A full-name column beside first and last name columns is kept as extra information.
    if {"first_name", "last_name"} <= taken and "full_name" in taken:
        guesses = [
            ColumnGuess(g.header, None, g.confidence, "") if g.field == "full_name" else g
            for g in guesses
        ]
    return guesses


def mapping_key(headers: Sequence[str], vocabulary: Vocabulary = ROSTER) -> str:
    digest = hashlib.sha256("\x1f".join(normalize(h) for h in headers).encode()).hexdigest()
    return f"{vocabulary.name}.mapping.{digest[:24]}"


def header_likeness(cells: Sequence[Any], vocabulary: Vocabulary = ROSTER) -> float:
    """How much a row looks like a header row: known field names count most."""
    score = 0.0
    for cell in cells:
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if (
            not isinstance(cell, str)
            or values.looks_like_email(cell)
            or values.looks_like_date(cell)
        ):
            score -= 1.0
            continue
        field, confidence = header_guess(cell, vocabulary)
        score += 2.0 if field and confidence >= MIN_CONFIDENCE else 0.5
    return score
