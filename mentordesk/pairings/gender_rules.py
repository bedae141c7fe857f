"""The programme's gender rules, checked by `pair_problems` and the matcher alike.

A mentee's (or their guardian's) stated wish for the mentor's gender is a hard rule by
default: no mentor of another gender, nor one whose gender is not recorded, is paired or
proposed. The programme can make the wish a weight of the score instead, and can require
every pair to be of the same gender. Settings live in `Programme.settings["matching"]`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_GENDER_WORDS = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "women": "female",
    "girl": "female",
    "male": "male",
    "m": "male",
    "man": "male",
    "men": "male",
    "boy": "male",
}
_NO_PREFERENCE = {"", "any", "none", "either", "no preference", "no", "n a", "na", "not sure"}
_NON_WORD = re.compile(r"[^\w]+")


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return " ".join(_NON_WORD.sub(" ", plain).split())


def gender_key(text: str) -> str:
    """'Female', 'F', 'woman' -> 'female'; other words as written, folded; '' unknown."""
    folded = _fold(text)
    return _GENDER_WORDS.get(folded, folded)


def preference_key(text: str) -> str:
    """A wish for the mentor's gender as a gender key; '' for no preference."""
    folded = _fold(text)
    return "" if folded in _NO_PREFERENCE else gender_key(folded)


@dataclass(frozen=True)
class GenderRules:
    # The mentee's wish is a hard rule (True, the default) or a weight of the score.
    wish_is_rule: bool = True
    # Every pair must be of the same gender (both recorded).
    same_gender: bool = False

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> GenderRules:
        own = (settings or {}).get("matching", {}) or {}
        return cls(
            wish_is_rule=bool(own.get("gender_wish_is_rule", True)),
            same_gender=bool(own.get("same_gender", False)),
        )


def wish_problem(rules: GenderRules, wish: str, mentor_gender: str) -> str | None:
    """Why the mentee's wish rules this mentor out, or None."""
    wanted = preference_key(wish)
    if not rules.wish_is_rule or not wanted:
        return None
    actual = gender_key(mentor_gender)
    if not actual:
        return f"the mentee asked for a {wanted} mentor, and this mentor's gender is not recorded"
    if actual != wanted:
        return f"the mentee asked for a {wanted} mentor; this mentor is {actual}"
    return None


def same_gender_problem(rules: GenderRules, mentee_gender: str, mentor_gender: str) -> str | None:
    """Why the programme's same-gender rule rules this pair out, or None."""
    if not rules.same_gender:
        return None
    mentee, mentor = gender_key(mentee_gender), gender_key(mentor_gender)
    if not mentee or not mentor:
        return "the programme requires same-gender pairs, and a gender is not recorded"
    if mentee != mentor:
        return (
            f"the programme requires same-gender pairs; the mentee is {mentee}, the mentor {mentor}"
        )
    return None
