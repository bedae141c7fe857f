"""Tell a spreadsheet's format by its first bytes (never by its name), and refuse the
formats and hostile files we cannot read with a message that says what to do."""

from __future__ import annotations

import enum
import zipfile
from pathlib import Path

from mentordesk.errors import MentorDeskError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# An xlsx part larger than this once decompressed is not a roster: refuse before reading.
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_CSV_BYTES = 64 * 1024 * 1024
STRICT_NAMESPACE = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
SAVE_AS_XLSX = (
    "Open it in Excel or LibreOffice Calc and use File → Save As → "
    "'Excel Workbook (.xlsx)', then import the new file."
)


class ImportRefused(MentorDeskError):
    """The file cannot be imported as it is; nothing was written."""


class FileFormat(enum.Enum):
    XLSX = "xlsx"
    CSV = "csv"


def _refuse(path: Path, what: str, advice: str = SAVE_AS_XLSX) -> ImportRefused:
    return ImportRefused(f"{path.name} {what}. {advice}")


def _ole2_is_encrypted(head: bytes) -> bool:
    # An encrypted xlsx is an OLE2 container holding an "EncryptionInfo" stream; its
    # directory entries store names in UTF-16.
    return "EncryptionInfo".encode("utf-16-le") in head


def _inspect_zip(path: Path) -> FileFormat:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, f"is damaged and cannot be opened ({exc})") from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        lower = {name.lower() for name in names}
        if "mimetype" in names:
            mimetype = archive.read("mimetype")[:100]
            if b"opendocument.spreadsheet" in mimetype:
                raise _refuse(path, "is an OpenDocument spreadsheet (.ods)")
        if any(name.endswith("Index/Document.iwa") or name.endswith("Index.zip") for name in names):
            raise _refuse(
                path,
                "is an Apple Numbers file",
                "Open it in Numbers and use File → Export To → Excel, then import the .xlsx.",
            )
        if "xl/workbook.bin" in lower:
            raise _refuse(path, "is an Excel Binary Workbook (.xlsb)")
        if "xl/workbook.xml" not in lower:
            raise _refuse(
                path,
                "is a zip file but not an Excel workbook",
                "Choose an .xlsx, .xlsm or .csv file.",
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
        raise _refuse(path, "is an old Excel 97–2003 workbook (.xls)")
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return _inspect_zip(path)
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse(
            path, "is not a spreadsheet this program can read", "Choose an .xlsx or .csv file."
        )
    if path.stat().st_size > MAX_CSV_BYTES:
        raise _refuse(
            path,
            f"is a text file larger than {MAX_CSV_BYTES // 2**20} MB, far more than any roster",
            "Save just the roster as a new .csv or .xlsx file.",
        )
    return FileFormat.CSV
