"""The home screen's last figures, kept so that an unchanged programme file shows them the
moment the window opens, before the data layer (SQLAlchemy, the models) has loaded.

Numbers only: counts, month counts and health figures, the programme's name and the fixed
wording of the first steps. Never a name, a flag's reasons, a closure reason (free text) or
any row of the lists: those appear when the file is read. One small JSON file per
programme file, in the app's data folder under a hash of the file's path, written in one
step. None is kept for a file protected with a passphrase (its figures stay inside it).

A snapshot is shown only when its change stamp is the file's now: (a hash of) the resolved
path; the size, modification time and inode of the file, and of its write-ahead log and
journal when they hold anything; today's date (figures depend on the day); this version of
MentorDesk and its newest schema revision. Any write to the file changes the stamp. The
stamp is taken before the figures are read and again after; the snapshot is kept only when
both agree. The window always reads the file and shows the fresh figures after, whatever
it showed first.

Figures depend on the day, so a file closed in the evening would show nothing kept at the
next morning's start. Closing the file therefore also works out the figures of the next
start's day (the next weekday's too, over a weekend) from the file as it is: unchanged by
the morning, they are that day's figures. One entry a day, in the same file.

Standard library only: this module runs before the data layer loads.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import zlib
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Any

from mentordesk import __version__, clock
from mentordesk.store.atomic_files import replacing
from mentordesk.store.file_stamp import file_stamp, is_plain_sqlite
from mentordesk.store.paths import data_dir
from mentordesk.store.revisions import head_revision

# A file's change stamp: plain JSON values.
Stamp = dict[str, Any]

FOLDER = "last-figures"
FORMAT = 2


@dataclass(frozen=True)
class HomeFigures:
    """What the dashboard shows as figures (not its lists), as plain values."""

    on_date: dt.date
    programme_name: str
    mentees_waiting: int
    mentors_ready: int
    pairs_by_status: tuple[tuple[str, int], ...]  # (status value, pairs), in status order
    active_pairs: int
    on_track: int
    average_months: float | None
    milestones: tuple[tuple[int, int, int], ...]  # (months, eligible, reached)
    flagged_pairs: int  # pairs with a flag shown (not snoozed)
    flagged_waiting: int  # waiting mentees with a flag shown
    flagged_high: int  # rows whose most serious flag is high
    flags_shown: int
    flags_snoozed: int
    check_ins_due: int
    check_ins_overdue: int
    meetings_by_month: tuple[tuple[dt.date, int], ...]  # (first day of the month, meetings)
    closed: int
    closed_early: int
    early_by_initiator: tuple[tuple[str, int], ...]  # (who ended it, pairs)
    early_by_duration: tuple[tuple[str, int], ...]  # (how long it lasted, pairs)
    # The first steps: (where it happens, title, done, detail); the detail is fixed wording
    # around counts and the names of empty settings, never their values.
    checklist: tuple[tuple[str, str, bool, str], ...]

    def pairs_with(self, status: str) -> int:
        return dict(self.pairs_by_status).get(status, 0)

    @property
    def checklist_complete(self) -> bool:
        return all(done for _key, _title, done, _detail in self.checklist)


def _to_json(figures: HomeFigures) -> dict[str, Any]:
    values = dict(zip((f.name for f in fields(HomeFigures)), astuple(figures), strict=True))
    values["on_date"] = figures.on_date.isoformat()
    values["meetings_by_month"] = [[m.isoformat(), n] for m, n in figures.meetings_by_month]
    return values


def _tuples(value: Any) -> tuple[Any, ...]:
    return tuple(tuple(item) for item in value)


# To refuse a damaged file before anything is drawn from it: the type of each plain field
# (the rest are counts), and the types of the parts of each listed field's items.
_SCALARS: dict[str, Any] = {"programme_name": str, "average_months": (int, float, type(None))}
_ITEMS: dict[str, tuple[type, ...]] = {
    "pairs_by_status": (str, int),
    "milestones": (int, int, int),
    "early_by_initiator": (str, int),
    "early_by_duration": (str, int),
    "checklist": (str, str, bool, str),
}


def _well_formed(figures: HomeFigures) -> bool:
    for field in fields(HomeFigures):
        value = getattr(figures, field.name)
        if field.name in ("on_date", "meetings_by_month"):
            continue  # made into dates already
        parts = _ITEMS.get(field.name)
        if parts is not None:
            if not all(
                len(item) == len(parts)
                and all(isinstance(part, kind) for part, kind in zip(item, parts, strict=True))
                for item in value
            ):
                return False
        elif not isinstance(value, _SCALARS.get(field.name, int)) or (
            field.name not in _SCALARS and isinstance(value, bool)
        ):
            return False
    return True


def _from_json(values: dict[str, Any]) -> HomeFigures:
    names = {f.name for f in fields(HomeFigures)}
    if set(values) != names:
        raise ValueError("not this version's figures")
    listed = {
        "pairs_by_status",
        "milestones",
        "early_by_initiator",
        "early_by_duration",
        "checklist",
    }
    converted: dict[str, Any] = {
        name: _tuples(values[name]) if name in listed else values[name] for name in names
    }
    converted["on_date"] = dt.date.fromisoformat(values["on_date"])
    converted["meetings_by_month"] = tuple(
        (dt.date.fromisoformat(month), int(count)) for month, count in values["meetings_by_month"]
    )
    figures = HomeFigures(**converted)
    if not _well_formed(figures):
        raise ValueError("damaged figures")
    return figures


def change_stamp(path: Path, on_date: dt.date | None = None) -> Stamp | None:
    """What must be unchanged for the last figures to be the file's figures now; None when
    the file is missing or is not plain SQLite (protected with a passphrase)."""
    path = Path(path).resolve()
    stamp = file_stamp(path)
    if stamp is None:
        return None
    if not is_plain_sqlite(path):
        return None
    return {
        "format": FORMAT,
        "version": __version__,
        "schema": head_revision(),
        "date": (on_date or clock.today()).isoformat(),
        "file": _path_digest(path),
        "files": [list(part) if part is not None else None for part in stamp],
    }


def snapshot_path(path: Path) -> Path:
    """Where the last figures of this programme file are kept (named by a hash of its path,
    so neither the folder nor the file lists the coordinator's file names)."""
    return data_dir() / FOLDER / f"{_path_digest(Path(path).resolve())}.json"


def _path_digest(resolved: Path) -> str:
    """A name for the path that does not show it (zlib's checksums, loaded with Qt already:
    hashlib would load OpenSSL before the first paint). Two paths of one name would only
    share a file of figures, each replacing the other's: the stamp tells them apart."""
    data = str(resolved).encode("utf-8")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _kept(path: Path) -> list[dict[str, Any]]:
    """The entries kept for this file (one a day: today's, and those worked out ahead for
    the next starts); none when nothing readable is kept."""
    try:
        document = json.loads(snapshot_path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    entries = document.get("kept") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("stamp"), dict)]


def last_figures(path: Path, on_date: dt.date | None = None) -> HomeFigures | None:
    """The figures kept for this file and this day if its stamp is unchanged, else None."""
    stamp = change_stamp(path, on_date)
    if stamp is None:
        return None
    try:
        for entry in _kept(path):
            if entry["stamp"] == stamp:
                return _from_json(entry["figures"])
    except (ValueError, TypeError, KeyError, AttributeError):
        pass  # damaged: the file is read as usual
    return None


def keep_figures(
    path: Path, figures: HomeFigures, stamp_before: Stamp | None, encrypted: bool
) -> bool:
    """Keep the figures read from the file when its stamp is the same as before the read
    (nothing was written meanwhile). A protected file's figures are never kept (any kept
    before it was protected are removed). True when kept."""
    if encrypted:
        forget_figures(path)
        return False
    if stamp_before is None or change_stamp(path, figures.on_date) != stamp_before:
        return False
    return _write(path, [(stamp_before, figures)])


def keep_figures_of_days(path: Path, days: list[HomeFigures], encrypted: bool) -> bool:
    """Keep figures read from the file, each for its own day, under the file's stamp now
    (the caller read them with nothing written since: a file being closed). The next
    start on any of those days shows them at once."""
    if encrypted:
        forget_figures(path)
        return False
    stamped = [(change_stamp(path, figures.on_date), figures) for figures in days]
    if not stamped or any(stamp is None for stamp, _ in stamped):
        return False
    return _write(path, [(stamp, figures) for stamp, figures in stamped if stamp is not None])


def _write(path: Path, new: list[tuple[Stamp, HomeFigures]]) -> bool:
    """Add `new` to what is kept, dropping entries of the same days and any of the file as
    it was before (they can never match again) or of days gone by."""
    files = new[0][0]["files"]
    dates = {stamp["date"] for stamp, _ in new}
    today = clock.today().isoformat()
    kept = [
        e
        for e in _kept(path)
        if e["stamp"].get("files") == files
        and e["stamp"].get("date") not in dates
        and str(e["stamp"].get("date")) >= today
    ]
    kept += [{"stamp": stamp, "figures": _to_json(figures)} for stamp, figures in new]
    target = snapshot_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as part:
            part.write_text(json.dumps({"kept": kept}, ensure_ascii=False), encoding="utf-8")
    except OSError:
        return False  # a full disk or a read-only data folder: the next start reads the file
    return True


def forget_figures(path: Path) -> None:
    with contextlib.suppress(OSError):
        snapshot_path(path).unlink(missing_ok=True)
