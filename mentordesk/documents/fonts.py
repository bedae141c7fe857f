"""Embedded TrueType fonts, and text markup that prints every script a school meets.

DejaVu Sans sets Latin, Greek and Cyrillic; a Noto Sans font sets each of Arabic, Hebrew,
the Indic scripts and Thai; NanumSquare sets Hangul and Droid Sans Fallback the CJK
ideographs and kana. A run of characters is wrapped in a <font> tag for the font that has
them, so 김민준, 李小龍 and محمد العلي print beside Søren Björk in one line.

Shaping (Arabic letters joined, Indic conjuncts and vowel signs placed, Thai marks stacked)
is reportlab's own: with uharfbuzz installed, a paragraph whose style has `shaping` set is
shaped word by word by harfbuzz, the engine browsers use. Chosen over arabic-reshaper,
which joins Arabic only and cannot form Indic conjuncts. reportlab's bidi needs `rlbidi`,
which our package index does not carry, so the order of words in mixed-direction text is
ours: python-bidi (the Unicode bidi algorithm, wrapping the Rust unicode-bidi crate) gives
the visual order of words, and harfbuzz lays out each right-to-left word's letters.
"""

from __future__ import annotations

import contextlib
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

from bidi import get_display
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from mentordesk.resources import resource_path

SANS = "MD-Sans"
SANS_BOLD = "MD-Sans-Bold"


@dataclass(frozen=True)
class Face:
    regular: str  # reportlab font name
    bold: str
    files: tuple[str, str]
    # Code point ranges this font is preferred for (over DejaVu Sans, which has a few
    # Arabic and Hebrew letters but no proper shaping); None: only what DejaVu lacks.
    ranges: tuple[tuple[int, int], ...] | None
    shaped: bool  # needs harfbuzz (joining, reordering, mark placement)


def _noto(script: str, *ranges: tuple[int, int]) -> Face:
    return Face(
        f"MD-{script}",
        f"MD-{script}-Bold",
        (f"NotoSans{script}-Regular.ttf", f"NotoSans{script}-Bold.ttf"),
        ranges,
        True,
    )


MAIN = Face(SANS, SANS_BOLD, ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"), None, False)
FACES: tuple[Face, ...] = (
    MAIN,
    _noto(
        "Arabic",
        (0x0600, 0x06FF),
        (0x0750, 0x077F),
        (0x08A0, 0x08FF),
        (0xFB50, 0xFDFF),
        (0xFE70, 0xFEFF),
    ),
    _noto("Hebrew", (0x0590, 0x05FF), (0xFB1D, 0xFB4F)),
    _noto("Devanagari", (0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF)),
    _noto("Bengali", (0x0980, 0x09FF)),
    _noto("Gurmukhi", (0x0A00, 0x0A7F)),
    _noto("Gujarati", (0x0A80, 0x0AFF)),
    _noto("Oriya", (0x0B00, 0x0B7F)),
    _noto("Tamil", (0x0B80, 0x0BFF)),
    _noto("Telugu", (0x0C00, 0x0C7F)),
    _noto("Kannada", (0x0C80, 0x0CFF)),
    _noto("Malayalam", (0x0D00, 0x0D7F)),
    _noto("Sinhala", (0x0D80, 0x0DFF)),
    _noto("Thai", (0x0E00, 0x0E7F)),
    # NanumSquare maps hanja and kana too, but its hanja are empty outlines: Hangul only.
    Face(
        "MD-Hangul",
        "MD-Hangul-Bold",
        ("NanumSquareR.ttf", "NanumSquareB.ttf"),
        ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)),
        False,
    ),
    Face("MD-CJK", "MD-CJK", ("DroidSansFallback-CJK.ttf",) * 2, None, False),
)
# Kept for callers that name the Korean font directly.
HANGUL, HANGUL_BOLD = "MD-Hangul", "MD-Hangul-Bold"

_lock = threading.Lock()
_RTL = frozenset(("R", "AL"))
# Marks and joiners stay in the run of the letter they belong to.
_JOINING = frozenset(("Mn", "Mc", "Me", "Cf"))


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    chars: tuple[frozenset[int], ...]  # per face in FACES
    simple: frozenset[int]  # printed by the main font with no shaping or bidi


def _register(name: str, file_name: str) -> TTFont:
    if name not in pdfmetrics.getRegisteredFontNames():
        font = TTFont(name, str(resource_path("fonts", file_name)))
        pdfmetrics.registerFont(font)
    found = pdfmetrics.getFont(name)
    assert isinstance(found, TTFont), name  # registered above as a TrueType font
    return found


@cache
def _load() -> FontSet:
    with _lock:
        chars = []
        for face in FACES:
            regular = _register(face.regular, face.files[0])
            _register(face.bold, face.files[1])
            pdfmetrics.registerFontFamily(
                face.regular,
                normal=face.regular,
                bold=face.bold,
                italic=face.regular,
                boldItalic=face.bold,
            )
            chars.append(frozenset(regular.face.charToGlyph))
        _install_text_layer()
        claimed = {
            code
            for face in FACES
            for low, high in face.ranges or ()
            for code in range(low, high + 1)
        }
        return FontSet(SANS, SANS_BOLD, tuple(chars), chars[0] - claimed)


def register_fonts() -> FontSet:
    """Register the embedded fonts with reportlab (once per process)."""
    return _load()


@lru_cache(maxsize=8192)
def _face_index(code: int) -> int | None:
    fonts = _load()
    for index, face in enumerate(FACES):
        in_range = face.ranges and any(low <= code <= high for low, high in face.ranges)
        if in_range and code in fonts.chars[index]:
            return index
    for index, face in enumerate(FACES):
        if face.ranges is None and code in fonts.chars[index]:
            return index
    return None


def _faces(text: str) -> list[int]:
    """The font (index in FACES) for each character of the text."""
    fonts = _load()
    faces: list[int] = []
    for ch in text:
        code = ord(ch)
        index = _face_index(code)
        if faces and (
            unicodedata.category(ch) in _JOINING
            or (not ch.isalpha() and code in fonts.chars[faces[-1]])
        ):
            # Marks, joiners, spaces, digits and punctuation stay in the current run when
            # its font has them: a word is shaped in one font.
            index = faces[-1]
        elif index is None:
            index = 0  # no font has it: missing_glyphs() warned before printing
        faces.append(index)
    return faces


def _visual(text: str) -> tuple[str, list[int]]:
    """The text in the order it is seen on paper (the Unicode bidi algorithm, base
    direction left to right: the documents are in English), except that each right-to-left
    word stays in logical order within its font: harfbuzz lays out its letters."""
    visual = "\n".join(get_display(line, base_dir="L") for line in text.split("\n"))
    faces = _faces(visual)
    chars = list(visual)
    start = 0
    for end in range(1, len(chars) + 1):
        same_word = end < len(chars) and " " != chars[end] != "\n" != chars[start] != " "
        if same_word and faces[end] == faces[start]:
            continue
        piece = chars[start:end]
        if any(unicodedata.bidirectional(ch) in _RTL for ch in piece):
            chars[start:end] = piece[::-1]
        start = end
    return "".join(chars), faces


@dataclass(frozen=True)
class Markup:
    text: str  # reportlab paragraph markup
    shaped: bool  # the paragraph needs a style with shaping on


@lru_cache(maxsize=4096)
def markup_of(text: str, bold: bool = False) -> Markup:
    """Paragraph markup for plain text: XML-escaped, in visual word order, with a font
    tag on each run the main font does not set."""
    fonts = _load()
    if all(ord(ch) in fonts.simple or ch in "\n\t" for ch in text):
        return Markup(escape(text), False)
    if any(unicodedata.bidirectional(ch) in _RTL for ch in text):
        text, faces = _visual(text)
    else:
        faces = _faces(text)
    parts: list[str] = []

    def add(chunk: str, index: int) -> None:
        if index:
            face = FACES[index]
            name = face.bold if bold else face.regular
            parts.append(f'<font face="{name}">{escape(chunk)}</font>')
        else:
            parts.append(escape(chunk))

    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or faces[end] != faces[start]:
            add(text[start:end], faces[start])
            start = end
    shaped = any(FACES[index].shaped for index in set(faces))
    return Markup("".join(parts), shaped)


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for plain text (see markup_of)."""
    return markup_of(text, bold).text


def missing_glyphs(text: str) -> set[str]:
    """Characters no embedded font can print (they would show as empty boxes): emoji,
    and scripts MentorDesk ships no font for."""
    fonts = _load()
    return {
        ch
        for ch in text
        if not ch.isspace()
        and unicodedata.category(ch) not in ("Cf", "Cc")
        and not (0xFE00 <= ord(ch) <= 0xFE0F)  # variation selectors: part of an emoji
        and _face_index(ord(ch)) is None
        and not any(ord(ch) in chars for chars in fonts.chars)
    }


def describe_missing(chars: Iterable[str]) -> str:
    """'😀 (GRINNING FACE), ᚠ (RUNIC LETTER FEHU FEOH FE F)' for a warning."""
    return ", ".join(f"{ch} ({unicodedata.name(ch, f'U+{ord(ch):04X}')})" for ch in sorted(chars))


# --- the text layer ---------------------------------------------------------------------
# Only paragraphs that need it are shaped (layout.para picks a style with `shaping` on), so
# the Latin-only agreements of a batch print at reportlab's own speed.
# harfbuzz hands reportlab joined Arabic letters as presentation forms (ﻣ, ﺤ, ﻤ, ﺪ are
# all "م" and "ح" in context). The PDF's ToUnicode map gives their plain letters back, so
# copying or searching the PDF finds "محمد" as typed. Characters beyond the BMP (rare CJK
# ideographs) are written as UTF-16 pairs, as the PDF reference asks.
_original_cmap = ttfonts.makeToUnicodeCMap


def _unicode_hex(code: int) -> str:
    text = chr(code)
    if 0xFB00 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        text = unicodedata.normalize("NFKC", text)
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    if all(code <= 0xFFFF and not (0xFB00 <= code <= 0xFEFF) for code in subset):
        return _original_cmap(fontname, subset)
    cmap = _original_cmap(fontname, subset)
    head, _, rest = cmap.partition("beginbfchar")
    _, _, tail = rest.partition("endbfchar")
    lines = [f"<{i:02X}> <{_unicode_hex(code)}>" for i, code in enumerate(subset)]
    return head + "beginbfchar\n" + "\n".join(lines) + "\nendbfchar" + tail


# Indic shaping turns letters into conjunct glyphs with no code point of their own, and
# draws a vowel sign such as ि before the consonant it follows in the text: no ToUnicode map
# can give प्रिया back from those glyphs. Such words are wrapped in a marked-content span
# whose ActualText is the word as typed, which text extraction (copy, search, pdftotext)
# uses instead of the glyphs. Right-to-left words are left alone: PDF readers expect their
# glyphs in visual order and reverse them back, the ToUnicode map above does the rest.
_ACTUAL = "_md_actual"


def _actual(value: str) -> str:
    return getattr(value, _ACTUAL, None) or str(value)


def _with_actual(value: str, actual: str) -> str:
    with contextlib.suppress(AttributeError):  # a plain str: nothing shaped to carry it
        setattr(value, _ACTUAL, actual)
    return value


def _shape_word(original: Any) -> Any:
    """reportlab's shapeFragWord, one font at a time: reportlab shapes a whole word with the
    font of its first fragment and would misread the glyphs of "(محمد)" whose brackets come
    from DejaVu Sans. Also records each Indic word as typed, for ActualText."""

    def shape_one(word: Any) -> Any:
        shaped = original(word)
        if shaped is word:
            return shaped
        text = "".join(s for f, s in word[1:] if not hasattr(f, "cbDefn"))
        if any(unicodedata.bidirectional(ch) in _RTL for ch in text):
            return shaped
        first = True
        for item in shaped[1:]:
            if isinstance(item[1], ttfonts.ShapedStr):
                _with_actual(item[1], text if first else "")
                first = False
        return shaped

    def shape(word: Any, *args: Any, **kwargs: Any) -> Any:
        fonts = {f.fontName for f, _ in word[1:] if not hasattr(f, "cbDefn")}
        if len(fonts) <= 1 or isinstance(word, ttfonts.ShapedFragWord):
            return shape_one(word)
        pieces = [shape_one(word.__class__([0, item])) for item in word[1:]]
        shaped = next((p for p in pieces if isinstance(p, ttfonts.ShapedFragWord)), None)
        joined = (shaped.__class__ if shaped is not None else word.__class__)([0])
        for piece in pieces:
            joined[0] += piece[0] if isinstance(piece, ttfonts.ShapedFragWord) else 0
            joined.extend(piece[1:])
        if shaped is None:
            return word
        # Unshaped fragments keep their own width, as reportlab measured them in the word.
        joined[0] = sum(
            piece[0] if isinstance(piece, ttfonts.ShapedFragWord) else _width(piece)
            for piece in pieces
        )
        return joined

    shape.md_wrapped = True  # type: ignore[attr-defined]
    return shape


def _width(word: Any) -> float:
    return sum(
        pdfmetrics.stringWidth(s, f.fontName, f.fontSize)
        for f, s in word[1:]
        if not hasattr(f, "cbDefn")
    )


def _install_text_layer() -> None:
    from reportlab.pdfgen import textobject
    from reportlab.platypus import paragraph

    # The patches reach reportlab internals its stubs do not describe (shapeFragWord in two
    # modules, PDFTextObject._formatText): those three are handled untyped, here only.
    fonts_module: Any = ttfonts
    paragraph_module: Any = paragraph
    text_object: Any = textobject.PDFTextObject

    if ttfonts.makeToUnicodeCMap is not _to_unicode_cmap:
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    # No discretionary ligatures: Noto Sans Arabic would print ﷲ-style ligatures with
    # vowel marks nobody typed. Required joining and Indic forms are always applied.
    defaults = fonts_module.shapeFragWord.__defaults__
    if defaults and isinstance(defaults[0], dict):
        defaults[0].pop("dlig", None)
    if getattr(paragraph_module.shapeFragWord, "md_wrapped", False):
        return
    paragraph_module.shapeFragWord = _shape_word(paragraph_module.shapeFragWord)

    shaped_str = ttfonts.ShapedStr
    add, radd = shaped_str.__add__, shaped_str.__radd__

    def joined(left: str, right: str, result: ttfonts.ShapedStr) -> ttfonts.ShapedStr:
        if hasattr(left, _ACTUAL) or hasattr(right, _ACTUAL):
            _with_actual(result, _actual(left) + _actual(right))
        return result

    shaped_str.__add__ = lambda self, other: joined(self, other, add(self, other))  # type: ignore[method-assign]
    shaped_str.__radd__ = lambda self, other: joined(other, self, radd(self, other))  # type: ignore[method-assign]

    format_text: Callable[[Any, str], str] = text_object._formatText

    def with_actual_text(self: Any, text: str) -> str:
        code = format_text(self, text)
        actual = getattr(text, _ACTUAL, None)
        if actual is None or actual == str(text):
            return code
        utf16 = actual.encode("utf-16-be").hex().upper()
        return f"/Span <</ActualText <FEFF{utf16}>>> BDC {code} EMC"

    text_object._formatText = with_actual_text
