"""A parent's or guardian's permission before a minor's pairing becomes active, on every
route that makes a pairing active: the new-pairing dialog, `pair` (with and without
--start), accepting the matcher's proposals as active, activating a proposal (window and
`activate`), resuming (window and `resume`) and rematching; and recording permission on
the pair's summary and with `mentordesk permission`, each undone and redone.

In the demo, Ella's proposal has permission on record and Kwame's has not; Mia is a
minor with no mentor; every active, paused or closed pairing of a minor has permission but
Priya's, which began before the programme asked for it and is flagged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, update

from mentordesk import cli
from mentordesk.errors import MentorDeskError
from mentordesk.models import Pairing, PairingStatus, Participant, Programme
from mentordesk.monitoring.flag_board import SnoozeFlag
from mentordesk.monitoring.flags import Flag, FlagKind, Severity, compute_flags
from mentordesk.store import Database
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.matching.matching_page import MatchingPage
from mentordesk.ui.pairings.create_pairing_dialog import CreatePairingDialog
from mentordesk.ui.widgets.date_fields import OptionalDateEdit
from mentordesk.ui.window.main_window import MainWindow
from tests.pairing_ui import (
    MessageBoxes,
    open_window,
    pairing_of,
    patch_message_boxes,
    person_id,
    show_pairings,
)
from tests.permission_off import permission_not_asked

TODAY = dt.date(2026, 11, 25)
NEEDS = "a parent's or guardian's permission must be on record before the pairing becomes active"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pairing(db: Database, pairing_id: int) -> Pairing:
    with db.reading() as session:
        found = session.get(Pairing, pairing_id)
        assert found is not None
        session.expunge(found)
        return found


def count_pairings(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count(Pairing.id))) or 0


def fingerprint(db: Database) -> list[tuple[object, ...]]:
    """Every pairing's status, start and permission: what a refusal must leave alone."""
    with db.reading() as session:
        return [
            tuple(row)
            for row in session.execute(
                select(
                    Pairing.id, Pairing.status, Pairing.start_date, Pairing.guardian_permission_on
                ).order_by(Pairing.id)
            )
        ]


def said(dialog: CreatePairingDialog) -> str:
    """What the new-pairing dialog's rules say, as plain text."""
    return " ".join(p.message for p in dialog.problems)


def enter(field: OptionalDateEdit, day: dt.date | None) -> None:
    """Type a date (or untick it), as the coordinator does."""
    field.set_value(day)
    field.changed.emit()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    return patch_message_boxes(monkeypatch)


@pytest.fixture
def window(
    qtbot: QtBot, demo_db: Database, boxes: MessageBoxes, request: pytest.FixtureRequest
) -> MainWindow:
    main = open_window(qtbot, demo_db, request)
    request.addfinalizer(main.close)
    return main


# --- the new-pairing dialog --------------------------------------------------------------
def test_new_active_pairing_of_a_minor_needs_permission_in_the_dialog(
    window: MainWindow, demo_db: Database
) -> None:
    page = show_pairings(window)
    page.new_pairing()
    dialog = page.create_dialog
    assert dialog is not None and dialog.mentee_picker is not None
    mia = person_id(demo_db, "Mia")
    assert dialog.mentor_picker.select_id(person_id(demo_db, "Rachel"))
    assert dialog.mentee_picker.select_id(mia)
    assert dialog.blocked() and "Mia Johansson is under 18: " + NEEDS in said(dialog)
    assert "Not allowed" in dialog.problem_label.text()
    assert not dialog.ok_button.isEnabled()
    before = fingerprint(demo_db)
    dialog.buttons.accepted.emit()  # refused: nothing is written
    assert fingerprint(demo_db) == before

    # Proposed needs no permission yet; active does, and a date after the start won't do.
    dialog.status.select_value(PairingStatus.PROPOSED)
    assert not dialog.blocked() and not dialog.permission.isEnabled()
    dialog.status.select_value(PairingStatus.ACTIVE)
    assert dialog.permission.isEnabled()
    enter(dialog.permission, TODAY)
    dialog.start.setDate(dialog.start.date().addDays(-3))
    assert dialog.blocked() and "after the start date 22 Nov 2026" in said(dialog)
    dialog.start.setDate(dialog.start.date().addDays(3))
    assert not dialog.blocked() and dialog.ok_button.isEnabled()
    dialog.buttons.accepted.emit()

    with demo_db.reading() as session:
        new = session.scalar(select(Pairing).where(Pairing.mentee_id == mia))
        assert new is not None
        new_id, status, permission = new.id, new.status, new.guardian_permission_on
    assert (status, permission) == (PairingStatus.ACTIVE, TODAY)
    summary = page.detail.summary
    assert "Permission received on 25 Nov 2026" in summary.permission_label.text()
    window.context.undo_stack.undo()
    assert count_pairings(demo_db) == len(before)
    window.context.undo_stack.redo()
    assert pairing(demo_db, new_id).guardian_permission_on == TODAY


def test_rematch_as_active_needs_permission(window: MainWindow, demo_db: Database) -> None:
    page = show_pairings(window)
    closed = next(
        p
        for p in (pairing_of(demo_db, "Sofia"), pairing_of(demo_db, "Oliver"))
        if pairing(demo_db, p).status == PairingStatus.CLOSED
    )
    page.show_record(closed)
    page.detail.summary.rematch_button.click()
    dialog = page.detail.rematch_dialog
    assert dialog is not None and dialog.rematch_of is not None
    dialog.mentor_picker.only_available.setChecked(False)
    assert dialog.mentor_picker.select_id(person_id(demo_db, "Rachel"))
    mentee = pairing(demo_db, closed).mentee_id
    with demo_db.reading() as session:
        minor = session.get(Participant, mentee).is_minor_on(TODAY)  # type: ignore[union-attr]
    if not minor:
        pytest.skip("the demo's closed pairings are of adults")
    assert dialog.blocked() and NEEDS in said(dialog)
    enter(dialog.permission, TODAY - dt.timedelta(days=1))
    assert not any(p.code == "permission" for p in dialog.problems)


# --- `pair` -------------------------------------------------------------------------------
@pytest.mark.parametrize("start", [None, "2026-11-20"])
def test_pair_refuses_a_minor_without_permission(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path, start: str | None
) -> None:
    with Database.open(demo_db_path) as db:
        mentor, mia = person_id(db, "Rachel"), person_id(db, "Mia")
        before = fingerprint(db)
    extra = ["--start", start] if start else []
    argv = ["--db", str(demo_db_path), "pair", str(mentor), str(mia), *extra]
    code, out, err = run(capsys, *argv)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "Mia Johansson is under 18: " + NEEDS in err
    assert "--permission-on DATE" in err
    code, out, _ = run(capsys, *argv, "--json")
    assert code != 0 and NEEDS in json.loads(out)["error"]
    # Permission after a backdated start: still refused.
    code, _, err = run(capsys, *argv, "--permission-on", "2026-11-24")
    if start:
        assert code != 0 and "after the start date 20 Nov 2026" in err
    else:
        assert code == 0
    with Database.open(demo_db_path) as db:
        after = fingerprint(db)
    assert after == before if start else len(after) == len(before) + 1


def test_pair_with_permission_and_undo(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    with Database.open(demo_db_path) as db:
        mentor, mia = person_id(db, "Rachel"), person_id(db, "Mia")
    code, out, _ = run(
        capsys,
        "--db",
        str(demo_db_path),
        "pair",
        str(mentor),
        str(mia),
        "--start",
        "2026-11-20",
        "--permission-on",
        "2026-11-18",
        "--json",
    )
    assert code == 0
    made = json.loads(out)
    assert made["guardian_permission_on"] == "2026-11-18"
    with Database.open(demo_db_path) as db:
        assert pairing(db, made["pairing_id"]).guardian_permission_on == dt.date(2026, 11, 18)
    assert run(capsys, "--db", str(demo_db_path), "undo")[0] == 0
    with Database.open(demo_db_path) as db, db.reading() as session:
        assert session.get(Pairing, made["pairing_id"]) is None


# --- accepting the matcher's proposals as active ------------------------------------------
def test_accepting_a_minors_proposal_as_active_is_refused(
    qtbot: QtBot, window: MainWindow, demo_db: Database, boxes: MessageBoxes
) -> None:
    page = window.page_of(MatchingPage)
    assert isinstance(page, MatchingPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.run_matcher()
    with demo_db.reading() as session:
        minors = {
            p.id
            for p in session.scalars(select(Participant))
            if p.date_of_birth is not None and p.is_minor_on(TODAY)
        }
    rows = page.proxy.visible_rows()
    minor_row = next(i for i, p in enumerate(rows) if p.mentee_id in minors)
    page.table.selectRow(minor_row)
    page.accept_status.select_value(PairingStatus.ACTIVE)
    before = fingerprint(demo_db)
    assert not page.accept_selected()
    assert NEEDS in boxes.warnings[-1] and "Nothing was accepted" in boxes.warnings[-1]
    assert "accept them as proposed" in boxes.warnings[-1]
    assert fingerprint(demo_db) == before
    page.accept_status.select_value(PairingStatus.PROPOSED)
    assert page.accept_selected()
    assert len(fingerprint(demo_db)) == len(before) + 1


# --- activating a proposal, recording permission ------------------------------------------
def test_activate_in_the_window_then_record_permission_with_undo(
    window: MainWindow, demo_db: Database, boxes: MessageBoxes
) -> None:
    page = show_pairings(window)
    kwame = pairing_of(demo_db, "Kwame")
    page.show_record(kwame)
    summary = page.detail.summary
    assert "No parent's or guardian's permission on record" in summary.permission_label.text()
    before = fingerprint(demo_db)
    summary.activate_button.click()
    assert "Kwame Mensah is under 18: " + NEEDS in boxes.warnings[-1]
    assert "Permission received on" in boxes.warnings[-1]
    assert fingerprint(demo_db) == before

    enter(summary.permission, TODAY - dt.timedelta(days=2))
    assert summary.save_button.isEnabled()
    summary.save_button.click()
    assert pairing(demo_db, kwame).guardian_permission_on == TODAY - dt.timedelta(days=2)
    assert "Permission received on 23 Nov 2026" in summary.permission_label.text()
    assert window.context.undo_stack.undoText().startswith("Record parental permission for ")
    window.context.undo_stack.undo()
    assert pairing(demo_db, kwame).guardian_permission_on is None
    assert summary.permission.value() is None
    window.context.undo_stack.redo()
    assert pairing(demo_db, kwame).guardian_permission_on == TODAY - dt.timedelta(days=2)

    summary.activate_button.click()
    assert pairing(demo_db, kwame).status == PairingStatus.ACTIVE
    # While active, the permission stays on record.
    enter(summary.permission, None)
    summary.save_button.click()
    assert "stays on record" in boxes.warnings[-1]
    assert pairing(demo_db, kwame).guardian_permission_on == TODAY - dt.timedelta(days=2)


def test_the_signed_agreement_counts_as_permission(window: MainWindow, demo_db: Database) -> None:
    page = show_pairings(window)
    kwame = pairing_of(demo_db, "Kwame")
    page.show_record(kwame)
    summary = page.detail.summary
    assert not summary.from_agreement.isEnabled()  # nothing signed yet
    enter(summary.printed, TODAY - dt.timedelta(days=5))
    enter(summary.signed, TODAY - dt.timedelta(days=1))
    assert summary.from_agreement.isEnabled()
    summary.from_agreement.click()
    assert summary.permission.value() == TODAY - dt.timedelta(days=1)
    summary.save_button.click()
    saved = pairing(demo_db, kwame)
    assert saved.agreement_signed_on == saved.guardian_permission_on == TODAY - dt.timedelta(1)


def test_activate_and_permission_on_the_command_line(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    db_arg = ["--db", str(demo_db_path)]
    with Database.open(demo_db_path) as db:
        kwame = pairing_of(db, "Kwame")
    code, out, err = run(capsys, *db_arg, "activate", str(kwame))
    assert code != 0 and out == "" and err.count("\n") == 1
    assert NEEDS in err and f"mentordesk permission {kwame} --on DATE" in err
    code, out, _ = run(capsys, *db_arg, "activate", str(kwame), "--json")
    assert code != 0 and NEEDS in json.loads(out)["error"]

    code, out, err = run(capsys, *db_arg, "permission", str(kwame), "--on", "2026-12-01")
    assert code != 0 and "in the future" in err
    code, out, err = run(capsys, *db_arg, "permission", str(kwame), "--agreement", "--json")
    assert code != 0 and "no signed date" in json.loads(out)["error"]
    code, out, _ = run(capsys, *db_arg, "permission", str(kwame), "--on", "2026-11-20", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["pairing_id"], data["guardian_permission_on"]) == (kwame, "2026-11-20")
    assert run(capsys, *db_arg, "undo")[0] == 0
    with Database.open(demo_db_path) as db:
        assert pairing(db, kwame).guardian_permission_on is None
    code, out, _ = run(capsys, *db_arg, "permission", str(kwame), "--on", "2026-11-20")
    assert code == 0 and "20 Nov 2026" in out
    assert run(capsys, *db_arg, "activate", str(kwame))[0] == 0
    code, _, err = run(capsys, *db_arg, "permission", str(kwame), "--clear")
    assert code != 0 and "stays on record" in err
    with Database.open(demo_db_path) as db:
        done = pairing(db, kwame)
    assert (done.status, done.guardian_permission_on) == (
        PairingStatus.ACTIVE,
        dt.date(2026, 11, 20),
    )


# --- resuming ------------------------------------------------------------------------------
def _paused_minor(db: Database) -> int:
    with db.reading() as session:
        for p in session.scalars(select(Pairing).where(Pairing.status == PairingStatus.PAUSED)):
            if p.mentee.is_minor_on(TODAY):
                return p.id
    raise AssertionError("the demo has a paused pairing of a minor")


def test_resume_needs_permission_on_the_command_line(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    with Database.open(demo_db_path) as db:
        paused = _paused_minor(db)
        assert pairing(db, paused).guardian_permission_on is not None
    db_arg = ["--db", str(demo_db_path)]
    code, _, _ = run(capsys, *db_arg, "permission", str(paused), "--clear")
    assert code == 0  # a paused pairing's permission may be withdrawn
    code, out, err = run(capsys, *db_arg, "resume", str(paused))
    assert code != 0 and out == "" and NEEDS in err and err.count("\n") == 1
    with Database.open(demo_db_path) as db:
        assert pairing(db, paused).status == PairingStatus.PAUSED
    assert run(capsys, *db_arg, "undo")[0] == 0  # the permission is back
    assert run(capsys, *db_arg, "resume", str(paused))[0] == 0


def test_resume_needs_permission_in_the_window(
    window: MainWindow, demo_db: Database, boxes: MessageBoxes
) -> None:
    paused = _paused_minor(demo_db)
    page = show_pairings(window)
    page.show_record(paused)
    summary = page.detail.summary
    enter(summary.permission, None)  # withdrawn while paused
    summary.save_button.click()
    assert not boxes.warnings
    assert pairing(demo_db, paused).guardian_permission_on is None
    before = fingerprint(demo_db)
    summary.resume_button.click()
    assert NEEDS in boxes.warnings[-1]
    assert fingerprint(demo_db) == before
    window.context.undo_stack.undo()  # the permission is back: resuming works
    summary.resume_button.click()
    assert pairing(demo_db, paused).status == PairingStatus.ACTIVE


# --- the programme's setting ---------------------------------------------------------------
def test_a_programme_may_not_require_permission(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    with Database.open(demo_db_path) as db:
        with db.transaction() as session:
            programme = session.scalar(select(Programme))
            assert programme is not None
            programme.settings = {
                **(programme.settings or {}),
                "screening": {"guardian_permission": False},
            }
            session.execute(update(Pairing).values(guardian_permission_on=None))
        mentor, mia, kwame = person_id(db, "Rachel"), person_id(db, "Mia"), pairing_of(db, "Kwame")
    assert run(capsys, "--db", str(demo_db_path), "activate", str(kwame))[0] == 0
    assert run(capsys, "--db", str(demo_db_path), "pair", str(mentor), str(mia))[0] == 0


# --- a minor's active pair without permission (made before the rule, or a corrected date of
# birth): flagged on the dashboard and by `flags`, never snoozed, gone once recorded --------
def permission_flags(db: Database) -> list[Flag]:
    with db.reading() as session:
        return [f for f in compute_flags(session) if f.kind is FlagKind.PERMISSION_MISSING]


def test_the_dashboard_flags_a_minors_active_pair_without_permission_until_recorded(
    window: MainWindow, demo_db: Database, qtbot: QtBot
) -> None:
    priya = pairing_of(demo_db, "Priya")
    dashboard = window.page_of(DashboardPage)

    def flagged() -> list[Flag]:
        shown = dashboard.dashboard.flags if dashboard.dashboard else ()
        return [f for f in shown if f.kind is FlagKind.PERMISSION_MISSING]

    qtbot.waitUntil(lambda: bool(flagged()))
    [flag] = flagged()
    assert (flag.pairing_id, flag.severity) == (priya, Severity.HIGH)
    assert flag.message.startswith("Priya Sharma is under 18 and no parent's or guardian's")
    row = next(r for r in dashboard.dashboard.board.pairs if r.pairing_id == priya)
    assert FlagKind.PERMISSION_MISSING not in row.snoozable()

    page = show_pairings(window)
    page.show_record(priya)
    enter(page.detail.summary.permission, TODAY - dt.timedelta(days=3))
    page.detail.summary.save_button.click()
    assert permission_flags(demo_db) == []
    window.nav.setCurrentRow(window.pages.index(dashboard))
    qtbot.waitUntil(lambda: not flagged())
    # Undoing it would take permission away from an active pair: refused, as clearing is,
    # and the status bar says why.
    said: list[str] = []
    window.context.status_message.connect(said.append)
    window.context.undo_stack.undo()
    assert "so the permission stays on record" in said[-1]
    assert permission_flags(demo_db) == []


def test_flags_names_it_and_a_snooze_is_refused(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    db_arg = ("--db", str(demo_db_path))
    code, out, _ = run(capsys, *db_arg, "flags", "--json")
    missing = [f for f in json.loads(out) if f["kind"] == "permission_missing"]
    assert code == 0 and len(missing) == 1 and missing[0]["severity"] == "high"
    pairing_id = missing[0]["pairing_id"]
    db = Database.open(demo_db_path)
    try:
        with (
            pytest.raises(MentorDeskError, match="cannot be snoozed: record the day"),
            db.transaction() as session,
        ):
            SnoozeFlag(
                FlagKind.PERMISSION_MISSING.value,  # as a widget hands it over
                pairing_id,
                None,
                TODAY + dt.timedelta(days=30),
                "form is on its way",
            ).apply(session)
    finally:
        db.close()
    assert run(capsys, *db_arg, "permission", str(pairing_id), "--on", "2026-11-20")[0] == 0
    code, out, _ = run(capsys, *db_arg, "flags", "--json")
    assert not [f for f in json.loads(out) if f["kind"] == "permission_missing"]


def test_no_flag_for_an_adult_or_a_programme_that_does_not_ask(demo_db: Database) -> None:
    priya = pairing_of(demo_db, "Priya")
    assert [f.pairing_id for f in permission_flags(demo_db)] == [priya]
    with demo_db.transaction() as session:
        session.execute(
            update(Participant)
            .where(Participant.id == person_id(demo_db, "Priya"))
            .values(date_of_birth=dt.date(2000, 1, 1))
        )
    assert permission_flags(demo_db) == []
    with demo_db.transaction() as session:
        session.execute(
            update(Participant)
            .where(Participant.id == person_id(demo_db, "Priya"))
            .values(date_of_birth=None)  # unknown: safeguarded as a minor
        )
    [flag] = permission_flags(demo_db)
    assert "has no date of birth recorded, so counts as under 18" in flag.message
    permission_not_asked(demo_db)
    assert permission_flags(demo_db) == []


# --- agreements marked returned signed on the Documents screen -------------------------
@pytest.mark.parametrize("by_guardian", [True, False])
def test_an_agreement_signed_by_a_parent_records_their_permission_with_undo(
    window: MainWindow,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    by_guardian: bool,
) -> None:
    from PySide6.QtWidgets import QDialog

    from mentordesk.ui.documents.documents_page import DocumentsPage
    from mentordesk.ui.documents.signed_dates import SignedDateDialog

    kwame, ella = pairing_of(demo_db, "Kwame"), pairing_of(demo_db, "Ella")
    ella_permission = pairing(demo_db, ella).guardian_permission_on
    assert pairing(demo_db, kwame).guardian_permission_on is None and ella_permission
    day = TODAY - dt.timedelta(days=1)

    def answer(dialog: SignedDateDialog) -> int:
        dialog.date.setDate(dialog.date.date().addDays(-1))
        dialog.by_guardian.setChecked(by_guardian)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SignedDateDialog, "exec", answer)
    page = window.page_of(DocumentsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.show_filter.setCurrentIndex(page.show_filter.count() - 1)  # every pairing
    page.select_ids({kwame, ella})
    assert set(page.selected_ids()) == {kwame, ella}
    page.agreements.mark_signed()
    assert pairing(demo_db, kwame).agreement_signed_on == day
    assert pairing(demo_db, ella).agreement_signed_on == day
    # Only the minor without permission on record gains it; Ella's stays as it was.
    assert pairing(demo_db, kwame).guardian_permission_on == (day if by_guardian else None)
    assert pairing(demo_db, ella).guardian_permission_on == ella_permission
    stack = window.context.undo_stack
    assert stack.undoText() == "Record 2 agreements returned signed" + (
        " by a parent or guardian" if by_guardian else ""
    )
    stack.undo()
    assert pairing(demo_db, kwame).agreement_signed_on is None
    assert pairing(demo_db, kwame).guardian_permission_on is None
    assert pairing(demo_db, ella).guardian_permission_on == ella_permission
    stack.redo()
    assert pairing(demo_db, kwame).guardian_permission_on == (day if by_guardian else None)
