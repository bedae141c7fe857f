"""Read a .csv or .tsv: tell its text encoding, never guessing silently, and its delimiter.

UTF-8 (with or without a byte-order mark) and UTF-16 are read as such. A UTF-8 file with a
few stray bytes stays UTF-8: the rows holding them are reported. Any other file is given to
charset-normalizer; of the encodings it finds equally plausible, the reading is taken only
when they agree (Windows' Western "ANSI", cp1252, is preferred when it is one of them);
when they read the same bytes as different letters the file is refused with a sentence.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

from mentordesk.roster.formats import ImportRefused

# Valid UTF-8 sequences of two to four bytes: evidence that a file was written as UTF-8.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# How much worse than the best an encoding may read and still count as plausible.
CHAOS_MARGIN = 0.02
SAVE_AS_UTF8 = "Save it again from Excel or LibreOffice as 'CSV UTF-8' and import that file."
# Characters that legitimately sit beside letters in names and notes.
_ALLOWED_SYMBOLS = set("–—‘’‚“”„•…€£«»°§·\u00a0´¨¸ªº×")


def _clean(text: str) -> bool:
    """Every non-ASCII character is a letter or a usual mark: what a right decoding gives."""
    for char in text:
        if char < "\x80":
            continue
        if char in _ALLOWED_SYMBOLS:
            continue
        category = unicodedata.category(char)
        if not (category.startswith("L") or category.startswith("M")):
            return False
    return True


def _over_accented(text: str) -> bool:
    """Latin words made mostly of accented letters ("Ńģčšķīāą"): a wrong code page, not a
    language (even Polish "Żółć" stays under the bar over a whole file)."""
    plain = accented = 0
    for word in re.findall(r"[^\W\d_]+", text):
        if word.isascii():
            continue
        for char in word:
            if char.isascii():
                plain += 1
            elif "LATIN" in unicodedata.name(char, ""):
                accented += 1
    return accented > 0 and accented / (plain + accented) > 0.6


def _mixed_scripts(text: str) -> bool:
    """A word of Latin letters with a CJK, Hangul, Cyrillic … letter inside ("W零"): two
    single-byte letters read as one double-byte character."""
    for word in re.findall(r"[^\W\d_]+", text):
        if word.isascii() or not any(c.isascii() for c in word):
            continue
        if any(not c.isascii() and "LATIN" not in unicodedata.name(c, "") for c in word):
            return True
    return False


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 sequences outnumber the bytes that break it many times over."""
    valid = len(_UTF8_MULTIBYTE.findall(data))
    broken = data.decode("utf-8", errors="replace").count("\ufffd")
    return valid > 0 and broken <= max(3, valid // 20)


def decode(data: bytes, name: str) -> tuple[str, bool]:
    """The text, and whether stray bytes were replaced (shown as �) in a UTF-8 file."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
        return text, "\ufffd" in text
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), False
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), True
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None:
        raise ImportRefused(
            f"The text encoding of {name} cannot be told: it is not UTF-8 and reads as "
            f"nonsense in every other encoding. {SAVE_AS_UTF8}"
        )
    plausible = [r for r in results if r.chaos <= best.chaos + CHAOS_MARGIN]
    readings: dict[str, str] = {}
    for result in plausible:
        text = str(result)
        if _clean(text) and not _over_accented(text) and not _mixed_scripts(text):
            readings.setdefault(text, result.encoding)
    try:
        windows = data.decode("cp1252")
    except UnicodeDecodeError:
        windows = None
    if windows is not None and windows in readings:
        return windows, False
    if len(readings) == 1:
        return next(iter(readings)), False
    encodings = sorted({r.encoding for r in plausible})[:3]
    raise ImportRefused(
        f"The text encoding of {name} cannot be told apart: its letters read differently as "
        f"{' or '.join(encodings) or 'any encoding'}, and guessing would garble names. "
        f"{SAVE_AS_UTF8}"
    )


def _delimiter(text: str) -> str:
    sample_lines = [line for line in text.splitlines()[:30] if line.strip()]
    sample = "\n".join(sample_lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample_lines[0] if sample_lines else ""
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_csv(path: Path) -> tuple[list[list[Any]], list[tuple[int, str]]]:
    """The rows, and warnings naming the rows where stray bytes were replaced."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{path.name} cannot be read: {exc.strerror}.") from exc
    text, replaced = decode(data, path.name)
    delimiter = _delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [[cell if cell.strip() else None for cell in row] for row in reader]
    except csv.Error as exc:
        raise ImportRefused(
            f"{path.name} is not a well-formed CSV file ({exc}). Save it again from "
            "Excel or LibreOffice as 'CSV UTF-8', or as .xlsx."
        ) from exc
    warnings: list[tuple[int, str]] = []
    if replaced:
        for number, row in enumerate(rows, start=1):
            if any(cell and "\ufffd" in cell for cell in row):
                warnings.append(
                    (
                        number,
                        f"A byte that is not UTF-8 was replaced by � ({path.name} is read as "
                        "UTF-8); check this row's text.",
                    )
                )
    return rows, warnings
