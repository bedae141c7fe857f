"""How hard a passphrase is to guess, in words a coordinator can act on.

zxcvbn estimates the guesses an attacker needs (dictionary words, names, dates, keyboard
patterns, l33t substitutions), which a length or character-class rule cannot. A stolen
file can be attacked offline without limit, so the time shown is for a slow hash at ten
thousand guesses a second (our key stretching is slower still per guess on one machine,
but an attacker may use many).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# zxcvbn's top score (4) means at least 10^10 guesses: years at ten thousand a second.
# Anything less is refused: a stolen file can be attacked for as long as it takes.
MINIMUM_SCORE = 4
LABELS = ("Very weak", "Weak", "Weak", "Fair", "Strong")


@dataclass(frozen=True)
class Strength:
    score: int  # 0..4
    label: str
    crack_time: str
    advice: str

    @property
    def acceptable(self) -> bool:
        return self.score >= MINIMUM_SCORE


def assess(passphrase: str, context: Sequence[str] = ()) -> Strength:
    """`context`: words an attacker would try first (programme, organisation, file name)."""
    if not passphrase:
        return Strength(0, LABELS[0], "instantly", "Type a passphrase of four or more words.")
    from zxcvbn import zxcvbn

    result = zxcvbn(passphrase[:100], user_inputs=[c for c in context if c])
    score = int(result["score"])
    feedback = result.get("feedback") or {}
    parts = [str(feedback.get("warning") or "")]
    parts += [str(s) for s in feedback.get("suggestions") or []]
    advice = " ".join(p for p in parts if p)
    if score < MINIMUM_SCORE:
        advice = (advice + " " if advice else "") + (
            "Too easy to guess for a stolen file: add another word or two; uncommon words "
            "are better."
        )
    elif not advice:
        advice = "Good. Write it on the recovery sheet and keep that locked away."
    crack = str(result["crack_times_display"]["offline_slow_hashing_1e4_per_second"])
    return Strength(score, LABELS[score], crack, advice)
