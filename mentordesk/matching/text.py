"""Tolerant comparison of short phrases as coordinators and sign-up forms write them.

"Software engineering" meets "Software Engineer", "Nursing" meets "nurse", "Robotics" meets
"robotic": phrases are folded (case, accents, punctuation), words are cut to a rough stem,
and stems are compared with rapidfuzz, so a small typo or a word more still matches.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

# Words that carry no meaning in a phrase such as "I want to become a nurse".
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "for",
        "to",
        "with",
        "be",
        "become",
        "becoming",
        "being",
        "want",
        "wants",
        "like",
        "likes",
        "i",
        "my",
        "me",
        "maybe",
        "some",
        "something",
        "job",
        "career",
    ]
)
# Same thing, different word: mapped before stemming.
SYNONYMS = {
    "maths": "mathematics",
    "math": "mathematics",
    "soccer": "football",
    "it": "information technology",
    "ict": "information technology",
    "programming": "coding",
    "programmer": "coding",
    "developer": "software",
    "doctor": "medicine",
    "physician": "medicine",
    "gp": "medicine",
    "vet": "veterinary",
    "lawyer": "law",
    "solicitor": "law",
    "barrister": "law",
    "legal": "law",
}
# Suffixes cut (longest first), repeatedly, while at least MIN_STEM letters remain.
SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ists",
    "ist",
    "isms",
    "ism",
    "ians",
    "ian",
    "ures",
    "ure",
    "ants",
    "ant",
    "ers",
    "er",
    "ors",
    "or",
    "ics",
    "ic",
    "ies",
    "es",
    "al",
    "y",
    "e",
    "s",
)
MIN_STEM = 3
# rapidfuzz score (0–100) from which two stemmed phrases count as the same.
SAME_PHRASE = 88
# Stems shorter than this must match word for word ("law" is not "lawn").
FUZZY_MIN_LENGTH = 5

_NON_WORD = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, accents off, punctuation to spaces: 'Zoë's  Café' -> 'zoe s cafe'."""
    if text.isascii():
        plain = text.lower()
    else:
        plain = unicodedata.normalize("NFKD", text)
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", plain).split())


def stem(word: str) -> str:
    """A rough stem, enough to make 'engineering', 'engineer' and 'engineers' agree."""
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if not word.endswith(suffix) or len(word) - len(suffix) < MIN_STEM:
                continue
            if suffix == "s" and word.endswith(("ss", "us")):
                continue
            word = word[: -len(suffix)]
            changed = True
            break
    return word


@functools.lru_cache(maxsize=65536)
def phrase_key(text: str) -> str:
    """The comparable form of a phrase: folded, synonyms applied, stop words out, stemmed."""
    words: list[str] = []
    for word in fold(text).split():
        words.extend(SYNONYMS.get(word, word).split())
    kept = [w for w in words if w not in STOP_WORDS] or words
    return " ".join(stem(w) for w in kept)


def _same(keys_a: Sequence[str], keys_b: Sequence[str]) -> np.ndarray:
    scores = process.cdist(
        list(keys_a), list(keys_b), scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=1
    )
    # Short keys need whole words in common (100: the same words, or one's words within
    # the other's), so "law" is not "lawn" but "gam" is in "video gam".
    length_a = np.array([len(k) for k in keys_a])[:, None]
    length_b = np.array([len(k) for k in keys_b])[None, :]
    short = np.minimum(length_a, length_b) < FUZZY_MIN_LENGTH
    return np.where(short, scores == 100, scores >= SAME_PHRASE)


def similarity(phrases_a: Sequence[str], phrases_b: Sequence[str]) -> np.ndarray:
    """Boolean matrix: phrase a[i] means the same as phrase b[j].

    Stems catch other forms of a word ("nursing", "nurse"); the folded words catch typos
    that stemming would cut differently ("footbal", "football").
    """
    if not phrases_a or not phrases_b:
        return np.zeros((len(phrases_a), len(phrases_b)), dtype=bool)
    by_stem = _same([phrase_key(p) for p in phrases_a], [phrase_key(p) for p in phrases_b])
    by_word = _same([fold(p) for p in phrases_a], [fold(p) for p in phrases_b])
    return np.asarray(by_stem | by_word, dtype=bool)


def same_phrase(a: str, b: str) -> bool:
    return bool(similarity([a], [b])[0, 0])
