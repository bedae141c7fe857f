"""A mentor's screening running out while paired: flagged 30 days ahead (medium) and once
expired (high), for the background check and every other required item with an expiry,
on every route that shows flags: monitoring, `flags --json`, the dashboard, the pair's
summary and the board report's counts."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from mentordesk import cli
from mentordesk.models import Pairing, PairingStatus, ScreeningCheck, ScreeningKind
from mentordesk.monitoring.flags import Flag, FlagKind, Severity, compute_flags
from mentordesk.store import Database
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from tests.history import History, d
from tests.pairing_ui import open_window, pairing_of, patch_message_boxes, show_pairings

TODAY = d("2026-11-25")


def flags_of(db: Database, kind: FlagKind) -> list[Flag]:
    with db.reading() as session:
        return [f for f in compute_flags(session, TODAY) if f.kind is kind]


def build(db: Database, steps: Callable[[History], object]) -> object:
    with db.transaction() as session:
        return steps(History(session))


def set_check(db: Database, mentor_id: int, kind: ScreeningKind, **values: object) -> None:
    with db.transaction() as session:
        check = session.scalar(
            select(ScreeningCheck).where(
                ScreeningCheck.participant_id == mentor_id, ScreeningCheck.kind == kind
            )
        )
        assert check is not None
        for name, value in values.items():
            setattr(check, name, value)


# --- monitoring ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("expires", "severity", "text"),
    [
        (d("2026-11-20"), Severity.HIGH, "Anna Lee's references: expired on 20 Nov 2026."),
        (d("2026-12-15"), Severity.MEDIUM, "references: expires on 15 Dec 2026 (in 20 days)."),
        (d("2026-12-25"), Severity.MEDIUM, "expires on 25 Dec 2026 (in 30 days)."),
        (d("2026-12-26"), None, ""),
    ],
)
def test_any_required_item_with_an_expiry(
    db: Database, expires: dt.date, severity: Severity | None, text: str
) -> None:
    pair = build(db, lambda h: h.pair(mentor=h.mentor("Anna Lee")))
    assert isinstance(pair, Pairing)
    set_check(db, pair.mentor_id, ScreeningKind.REFERENCES, expires_on=expires)
    flags = flags_of(db, FlagKind.SCREENING_CHECK)
    assert flags_of(db, FlagKind.BACKGROUND_CHECK) == []
    if severity is None:
        assert flags == []
        return
    [flag] = flags
    assert (flag.severity, flag.pairing_id, flag.record_id) == (
        severity,
        pair.id,
        pair.mentor_id,
    )
    assert flag.message.endswith(text)


def test_items_soonest_first_in_one_flag_and_the_renewal_rule(db: Database) -> None:
    """A check without its own expiry runs out by the programme's renewal rule (3 years
    by default): a background check done in November 2023 expired this month."""
    pair = build(db, lambda h: h.pair(mentor=h.mentor("Anna Lee")))
    assert isinstance(pair, Pairing)
    set_check(db, pair.mentor_id, ScreeningKind.INTERVIEW, expires_on=d("2026-12-01"))
    set_check(db, pair.mentor_id, ScreeningKind.REFERENCES, expires_on=d("2026-11-30"))
    set_check(
        db,
        pair.mentor_id,
        ScreeningKind.BACKGROUND_CHECK,
        completed_on=d("2023-11-01"),
        expires_on=None,
    )
    [background] = flags_of(db, FlagKind.BACKGROUND_CHECK)
    assert background.severity is Severity.HIGH
    assert background.message == "Anna Lee's background check expired on 01 Nov 2026."
    [other] = flags_of(db, FlagKind.SCREENING_CHECK)
    assert other.severity is Severity.MEDIUM
    assert other.message == (
        "Anna Lee's references: expires on 30 Nov 2026 (in 5 days); "
        "interview: expires on 01 Dec 2026 (in 6 days)."
    )


def test_only_required_items_of_active_pairs(db: Database) -> None:
    def steps(h: History) -> None:
        h.pair(mentor=h.mentor("Anna Lee"))
        h.pair(mentor=h.mentor("Mark Doyle"), status=PairingStatus.PAUSED)

    build(db, steps)
    with db.transaction() as session:
        for check in session.scalars(
            select(ScreeningCheck).where(ScreeningCheck.kind == ScreeningKind.INTERVIEW)
        ):
            check.expires_on = d("2026-11-01")
        History(session).programme.settings = {
            "screening": {"required": ["application", "background_check", "training"]}
        }
    assert flags_of(db, FlagKind.SCREENING_CHECK) == []  # the interview is not required
    with db.transaction() as session:
        History(session).programme.settings = {}
    [flag] = flags_of(db, FlagKind.SCREENING_CHECK)  # the paused pair is not flagged
    assert flag.message == "Anna Lee's interview: expired on 01 Nov 2026."


# --- the routes that show flags, on the demo -------------------------------------------
def _expiring_in_the_demo(db: Database, expires: dt.date) -> int:
    """Liam's mentor's references run out on `expires`; Liam's pairing id."""
    liam = pairing_of(db, "Liam")
    with db.reading() as session:
        pairing = session.get(Pairing, liam)
        assert pairing is not None and pairing.status is PairingStatus.ACTIVE
        mentor_id = pairing.mentor_id
    set_check(db, mentor_id, ScreeningKind.REFERENCES, expires_on=expires)
    return liam


def test_flags_json_and_the_board_report(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(demo_db_path) as db:
        liam = _expiring_in_the_demo(db, d("2026-12-10"))
    assert cli.main(["--db", str(demo_db_path), "flags", "--json"]) == 0
    flags = json.loads(capsys.readouterr().out)
    [flag] = [f for f in flags if f["kind"] == "screening_check" and f["pairing_id"] == liam]
    assert (flag["pairing_id"], flag["severity"]) == (liam, "medium")
    assert "references: expires on 10 Dec 2026 (in 15 days)" in flag["message"]
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils for the report's text")
    out = tmp_path / "board.pdf"
    assert cli.main(["--db", str(demo_db_path), "report", "--out", str(out)]) == 0
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    # Liam's pair, and the demo's own pair whose mentor's references run out.
    assert "Screening check 2" in " ".join(text.split())


def test_dashboard_and_the_pairs_summary(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    liam = _expiring_in_the_demo(demo_db, d("2026-11-20"))
    patch_message_boxes(monkeypatch)
    window = open_window(qtbot, demo_db)
    try:
        dashboard = window.page_of(DashboardPage)
        assert isinstance(dashboard, DashboardPage)
        dashboard.refresh()
        proxy = dashboard.flag_proxy
        shown = [
            flag
            for row in range(proxy.rowCount())
            for flag in proxy.data(proxy.index(row, 0), Qt.ItemDataRole.UserRole + 2).flags
        ]
        [flag] = [f for f in shown if f.kind is FlagKind.SCREENING_CHECK and f.pairing_id == liam]
        assert (flag.pairing_id, flag.severity) == (liam, Severity.HIGH)
        page = show_pairings(window)
        page.show_record(liam)
        text = page.detail.summary.flags_label.text()
        assert "High · Screening check: " in text
        assert "references: expired on 20 Nov 2026" in text
    finally:
        window.context.undo_stack.clear()
        window.close()
