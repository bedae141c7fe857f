"""Embedded TrueType fonts, and text markup that switches font where a glyph is missing.

DejaVu Sans covers Latin (Vietnamese, Irish, Nordic...), Greek and Cyrillic; NanumSquare
covers Hangul and common CJK ideographs. A run of characters the main font lacks is wrapped
in a <font> tag for the fallback font, so 김민준 prints beside Søren Björk in one line.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from mentordesk.resources import resource_path

SANS = "MD-Sans"
SANS_BOLD = "MD-Sans-Bold"
HANGUL = "MD-Hangul"
HANGUL_BOLD = "MD-Hangul-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    HANGUL: "NanumSquareR.ttf",
    HANGUL_BOLD: "NanumSquareB.ttf",
}
_lock = threading.Lock()


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    main_chars: frozenset[int]
    fallback_chars: frozenset[int]


@cache
def _load() -> FontSet:
    with _lock:
        for name, file_name in _FILES.items():
            if name not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
        )
        pdfmetrics.registerFontFamily(
            HANGUL, normal=HANGUL, bold=HANGUL_BOLD, italic=HANGUL, boldItalic=HANGUL_BOLD
        )
        main = pdfmetrics.getFont(SANS).face.charToGlyph
        fallback = pdfmetrics.getFont(HANGUL).face.charToGlyph
        return FontSet(SANS, SANS_BOLD, frozenset(main), frozenset(fallback))


def register_fonts() -> FontSet:
    """Register the embedded fonts with reportlab (once per process)."""
    return _load()


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for plain text: XML-escaped, with fallback-font runs tagged."""
    fonts = _load()
    if all(ord(ch) in fonts.main_chars or ch in "\n\t" for ch in text):
        return escape(text)
    fallback = HANGUL_BOLD if bold else HANGUL
    parts: list[str] = []
    run: list[str] = []
    run_is_fallback = False

    def flush() -> None:
        if not run:
            return
        chunk = escape("".join(run))
        parts.append(f'<font face="{fallback}">{chunk}</font>' if run_is_fallback else chunk)
        run.clear()

    for ch in text:
        code = ord(ch)
        # Spaces and punctuation stay in the main font; only a missing glyph switches.
        needs_fallback = code not in fonts.main_chars and code in fonts.fallback_chars
        if needs_fallback != run_is_fallback:
            flush()
            run_is_fallback = needs_fallback
        run.append(ch)
    flush()
    return "".join(parts)


def missing_glyphs(text: str) -> set[str]:
    """Characters no embedded font can print (they would show as empty boxes)."""
    fonts = _load()
    return {
        ch
        for ch in text
        if not ch.isspace()
        and ord(ch) not in fonts.main_chars
        and ord(ch) not in fonts.fallback_chars
    }
