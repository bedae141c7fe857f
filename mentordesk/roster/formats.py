"""Tell a spreadsheet's format by its first bytes (never by its name), and refuse the
formats and hostile files we cannot read with a message that says what to do.

Zip-based files (.xlsx, .xlsm, .xlsb, .ods) are refused before anything is decompressed
when a part would unpack to more than any roster needs: the readers hold a sheet's strings
in memory, so these caps are what bound an import's memory."""

from __future__ import annotations

import enum
import zipfile
from pathlib import Path

from mentordesk.errors import MentorDeskError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# A part larger than this once decompressed is not a roster: refuse before reading. A
# 50,000-row roster of 30 columns is about 45 MB of sheet XML.
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 160 * 1024 * 1024
MAX_CSV_BYTES = 64 * 1024 * 1024
# An .xls is not compressed: its size is what it holds.
MAX_XLS_BYTES = 48 * 1024 * 1024
STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
SAVE_AS_XLSX = (
    "Open it in Excel or LibreOffice Calc and use File → Save As → "
    "'Excel Workbook (.xlsx)', then import the new file."
)


CHOOSE = "an .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or .tsv file"


class ImportRefused(MentorDeskError):
    """The file cannot be imported as it is; nothing was written."""


class FileFormat(enum.Enum):
    XLSX = "xlsx"  # also .xlsm
    XLSB = "xlsb"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


def _refuse(path: Path, what: str, advice: str = SAVE_AS_XLSX) -> ImportRefused:
    return ImportRefused(f"{path.name} {what}. {advice}")


def _ole2_is_encrypted(head: bytes) -> bool:
    # An encrypted xlsx is an OLE2 container holding an "EncryptionInfo" stream; its
    # directory entries store names in UTF-16.
    return "EncryptionInfo".encode("utf-16-le") in head


def _refuse_entities(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """A document type declaration (where entities are defined: the "billion laughs") sits
    at the top of an XML part; a real spreadsheet never has one."""
    for info in infos[:2000]:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(info) as part:
                head = part.read(4096)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            raise _refuse(path, f"is damaged and cannot be opened ({exc})") from exc
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise _refuse(
                path,
                "contains XML entity definitions, which a real spreadsheet never needs (a "
                "known way to attack programs), so it was not read",
            )


def _inspect_zip(path: Path) -> FileFormat:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, f"is damaged and cannot be opened ({exc})") from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        lower = {name.lower() for name in names}
        found: FileFormat | None = None
        if "mimetype" in names:
            mimetype = archive.read("mimetype")[:100]
            if b"opendocument.spreadsheet" in mimetype:
                found = FileFormat.ODS
        if any(name.endswith("Index/Document.iwa") or name.endswith("Index.zip") for name in names):
            raise _refuse(
                path,
                "is an Apple Numbers file",
                "Open it in Numbers and use File → Export To → Excel, then import the .xlsx.",
            )
        if "xl/workbook.bin" in lower:
            found = FileFormat.XLSB
        elif "xl/workbook.xml" in lower:
            found = FileFormat.XLSX
        if found is None:
            raise _refuse(
                path,
                "is a zip file but not a spreadsheet",
                f"Choose {CHOOSE}.",
            )
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
                raise _refuse(
                    path,
                    f"unpacks to more than {MAX_PART_BYTES // 2**20} MB "
                    "(far more than any roster), so it was not opened",
                    "Check where it came from; save just the roster sheet as a new .xlsx.",
                )
        _refuse_entities(path, archive, infos)
        if found is not FileFormat.XLSX:
            return found
        workbook_name = next(n for n in names if n.lower() == "xl/workbook.xml")
        try:
            head = archive.open(workbook_name).read(4096)
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            raise _refuse(path, f"is damaged and cannot be opened ({exc})") from exc
        if STRICT_NAMESPACE in head:
            raise _refuse(
                path,
                "is saved as 'Strict Open XML Spreadsheet', which cannot be read",
                "Open it in Excel and use File → Save As → 'Excel Workbook (.xlsx)' "
                "(not 'Strict Open XML'), then import the new file.",
            )
    return FileFormat.XLSX


def detect_format(path: Path) -> FileFormat:
    """The format of `path` from its content; raises ImportRefused with advice otherwise."""
    path = Path(path)
    if not path.exists():
        raise ImportRefused(f"{path} does not exist.")
    if path.is_dir():
        raise ImportRefused(f"{path} is a folder; choose a spreadsheet file.")
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise ImportRefused(f"{path.name} cannot be read: {exc.strerror}.") from exc
    if not head:
        raise _refuse(path, "is empty (0 bytes)", "Choose the file again, or export it again.")
    if head.startswith(OLE2_MAGIC):
        if _ole2_is_encrypted(head):
            raise _refuse(
                path,
                "is protected with a password",
                "Open it in Excel, remove the password (File → Info → Protect Workbook → "
                "Encrypt with Password, clear it), save, and import it again.",
            )
        if path.stat().st_size > MAX_XLS_BYTES:
            raise _refuse(
                path,
                f"is an Excel 97–2003 workbook larger than {MAX_XLS_BYTES // 2**20} MB, far "
                "more than any roster",
                "Save just the roster sheet as a new .xlsx file.",
            )
        return FileFormat.XLS
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return _inspect_zip(path)
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(path, "is not a spreadsheet this program can read", f"Choose {CHOOSE}.")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise _refuse(
            path,
            f"is a text file larger than {MAX_CSV_BYTES // 2**20} MB, far more than any roster",
            "Save just the roster as a new .csv or .xlsx file.",
        )
    return FileFormat.CSV
