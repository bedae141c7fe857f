"""A quick look inside an .xlsx before it is read: what the fast reader (python-calamine)
would get wrong or could not hold.

calamine builds each sheet as one dense block from its first to its last cell, so two cells
far apart (A1 and XFD1048576) would ask for billions of cells; it also shows error cells as
blanks and numbers formatted `00000` without their zeros. Such files, rare in practice, are
read by the streaming reader instead, whose memory does not depend on where cells sit.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

# More cells than this in a sheet's block (rows x columns) go to the streaming reader.
MAX_DENSE_CELLS = 4_000_000
CHUNK = 1 << 20

_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{1,7})"')
# Searched without the tag or a word boundary before them: a pattern that starts with its
# literal text is scanned ten times faster, and the only attributes of a worksheet spelled
# so are a cell's reference and type (a stray match would only choose the slower reader).
_WIDE_REF = re.compile(rb'r="([A-Z]{2,3})\d')
_ERROR_CELL = re.compile(rb't="e"')
_ZERO_FORMAT = re.compile(rb'formatCode="&quot;?0{2,}&quot;?"|formatCode="0{2,}"')
_DATE_1904 = re.compile(rb'date1904="(?:1|true)"')


@dataclass(frozen=True)
class XlsxScan:
    epoch_1904: bool
    needs_streaming: bool  # the fast reader would lose or could not hold something


def _column_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _sheet_needs_streaming(archive: zipfile.ZipFile, name: str) -> bool:
    max_row = rows = 0
    max_column = 26
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            data = tail + chunk
            # Matches are searched in the chunk plus the tail of the last one, so a tag cut
            # in two is still seen (and a whole one may be seen twice: harmless for maxima).
            if _ERROR_CELL.search(data):
                return True
            numbers = _ROW.findall(data)
            if numbers:
                max_row = max(max_row, max(int(n) for n in numbers))
            rows += chunk.count(b"<row") + chunk.count(b":row ")
            for letters in set(_WIDE_REF.findall(data)):
                max_column = max(max_column, _column_number(letters))
            if max(max_row, rows) * max_column > MAX_DENSE_CELLS:
                return True
            tail = data[-256:]
    return False


def scan_xlsx(path: Path) -> XlsxScan:
    """Raises zipfile/OS errors for a damaged file (the caller words them)."""
    with zipfile.ZipFile(path) as archive:
        names = {info.filename.lower(): info.filename for info in archive.infolist()}
        workbook = names.get("xl/workbook.xml")
        head = archive.read(workbook)[:65536] if workbook else b""
        epoch_1904 = bool(_DATE_1904.search(head))
        styles = names.get("xl/styles.xml")
        if styles and _ZERO_FORMAT.search(archive.read(styles)):
            return XlsxScan(epoch_1904, True)
        for lower, name in names.items():
            sheet = lower.startswith("xl/worksheets/") and lower.endswith(".xml")
            if sheet and _sheet_needs_streaming(archive, name):
                return XlsxScan(epoch_1904, True)
    return XlsxScan(epoch_1904, False)
