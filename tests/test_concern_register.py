"""The safety-concern register: every route in and out, in the window and on the command line.

A concern is raised from a check-in, a meeting note or directly; it survives deleting its
check-in, cannot be unticked, and blocks deleting its pairing or person until it is
resolved with what was done, who decided and when.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text

from mentordesk import cli
from mentordesk.errors import ValidationError
from mentordesk.models import CheckInWho, ConcernSeverity, ConcernSource
from mentordesk.monitoring.flags import FlagKind
from mentordesk.pairings import activity
from mentordesk.pairings.activity import CheckInInput, MeetingInput
from mentordesk.pairings.concerns import (
    ConcernInput,
    get_concern,
    list_concerns,
    raise_concern,
    reopen_concern,
    resolve_concern,
)
from mentordesk.participants import participant_changes as people
from mentordesk.store import Database
from mentordesk.store.inspect import APPLICATION_ID
from mentordesk.store.migrate import upgrade
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.pairings.pair_support_dialogs import RaiseConcernDialog, ResolveConcernDialog
from mentordesk.ui.pairings.pairing_detail import MEETINGS_TAB
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.window.main_window import MainWindow
from tests.pairing_builders import make_mentee, make_mentor, make_pairing
from tests.pairing_ui import (
    MessageBoxes,
    open_window,
    pairing_of,
    patch_message_boxes,
    person_id,
    show_pairings,
)

TODAY = dt.date(2026, 11, 25)


def _run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the register itself -------------------------------------------------------------------
def test_a_concern_is_closed_only_by_a_full_resolution(db: Database) -> None:
    with db.transaction() as s:
        pairing_id = make_pairing(s, make_mentor(s), make_mentee(s), start=dt.date(2026, 9, 1))
        minor = raise_concern(
            s,
            ConcernInput(pairing_id, "Late twice", "Coordinator", TODAY, ConcernSeverity.LOW),
        )
        serious = raise_concern(
            s, ConcernInput(pairing_id, "Asked for a phone number", "Mentee", dt.date(2026, 11, 1))
        )
    with db.reading() as s:
        # Most serious first, whatever the order they were raised in.
        assert [c.id for c in list_concerns(s)] == [serious, minor]
    for kwargs, message in (
        ({"action": "", "decided_by": "Lead"}, "what was done"),
        ({"action": "Met", "decided_by": " "}, "who decided"),
        ({"action": "Met", "decided_by": "Lead", "resolved_on": dt.date(2026, 10, 1)}, "before"),
        ({"action": "Met", "decided_by": "Lead", "resolved_on": dt.date(2026, 12, 1)}, "future"),
    ):
        values = {"resolved_on": TODAY, **kwargs}
        with pytest.raises(ValidationError, match=message), db.transaction() as s:
            resolve_concern(s, serious, **values)  # type: ignore[arg-type]
    with db.transaction() as s:
        resolve_concern(s, serious, resolved_on=TODAY, action="Met", decided_by="Lead")
        with pytest.raises(ValidationError, match="already resolved"):
            resolve_concern(s, serious, resolved_on=TODAY, action="Again", decided_by="Lead")
    with db.reading() as s:
        assert [c.id for c in list_concerns(s)] == [minor]
        closed = [c for c in list_concerns(s, include_closed=True) if not c.is_open]
        assert [(c.id, c.resolution, c.resolved_by) for c in closed] == [(serious, "Met", "Lead")]
    with db.transaction() as s:  # undo of the resolution
        reopen_concern(s, serious)
        assert get_concern(s, serious).is_open
    with pytest.raises(ValidationError, match="Write what was said"), db.transaction() as s:
        raise_concern(s, ConcernInput(pairing_id, "  ", "Mentee", TODAY))


def test_deleting_a_person_with_an_open_concern_is_refused(db: Database) -> None:
    with db.transaction() as s:
        mentor, mentee = make_mentor(s), make_mentee(s)
        pairing_id = make_pairing(s, mentor, mentee, start=dt.date(2026, 9, 1))
        concern = raise_concern(s, ConcernInput(pairing_id, "Worried", "Mentee", TODAY))
    for check in (people.deletion_summary, people.delete_participants):
        refused = pytest.raises(ValidationError, match="concern about their pairing is still")
        with refused, db.transaction() as s:
            check(s, [mentee])
    with db.transaction() as s:
        resolve_concern(s, concern, resolved_on=TODAY, action="Met", decided_by="Lead")
        snapshot = people.delete_participants(s, [mentee])
    with db.reading() as s:
        kept = get_concern(s, concern)
    assert kept.pairing_id is None and kept.description == "Worried"
    with db.transaction() as s:  # undo links the concern back to the pairing
        people.restore_participants(s, snapshot)
    with db.reading() as s:
        assert get_concern(s, concern).pairing_id == pairing_id


def test_a_meeting_note_can_raise_a_concern_that_outlives_it(db: Database) -> None:
    with db.transaction() as s:
        pairing_id = make_pairing(s, make_mentor(s), make_mentee(s), start=dt.date(2026, 9, 1))
        meeting = activity.add_meeting(s, pairing_id, MeetingInput(TODAY, 60, notes="Bruise"))
        concern = raise_concern(
            s,
            ConcernInput(
                pairing_id,
                "Mentee had a bruise",
                "Mentor",
                TODAY,
                source=ConcernSource.MEETING,
                meeting_id=meeting,
            ),
        )
        activity.delete_meeting(s, meeting)
    with db.reading() as s:
        kept = get_concern(s, concern)
    assert kept.is_open and kept.source is ConcernSource.MEETING and kept.meeting_id is None


def test_check_in_concerns_are_carried_into_the_register(tmp_path: Path) -> None:
    """Files from before the register: each ticked check-in becomes a concern, open or
    resolved as it was, and the check-in's own resolution date goes."""
    path = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        upgrade(conn, "0002")
        for statement in (
            "INSERT INTO programme (id, name, organisation, coordinator_name, "
            "coordinator_contact, safeguarding_lead, meetings_per_month, meeting_minutes, "
            "commitment_months, paper_size, date_order, agreement_version, settings) VALUES "
            "(1, 'P', '', '', '', '', 4, 60, 12, 'a4', 'day_first', 1, '{}')",
            "INSERT INTO participant (id, programme_id, role, status, first_name, last_name, "
            "preferred_name, phone, gender, school, year_group, employer, job_title, "
            "guardian_name, guardian_phone, guardian_relationship, interests, career_goals, "
            "skills, languages, availability, location, postcode, meeting_mode, "
            "mentor_gender_preference, preferences, capacity, notes, extra) VALUES "
            "(1, 1, 'mentor', 'active', 'Ann', 'Lee', '', '', '', '', '', '', '', '', '', '', "
            "'[]', '[]', '[]', '[]', '[]', '', '', 'any', '', '{}', 1, '', '{}'),"
            "(2, 1, 'mentee', 'active', 'Bo', 'Ng', '', '', '', '', '', '', '', '', '', '', "
            "'[]', '[]', '[]', '[]', '[]', '', '', 'any', '', '{}', NULL, '', '{}')",
            "INSERT INTO pairing (id, programme_id, mentor_id, mentee_id, status, start_date, "
            "explanation, closure_reason, closure_notes, post_closure_contact, notes) VALUES "
            "(1, 1, 1, 2, 'active', '2026-09-01', '[]', '', '', '', '')",
            "INSERT INTO check_in (id, pairing_id, held_on, who, concern, "
            "concern_resolved_on, notes) VALUES "
            "(1, 1, '2026-10-01', 'mentee', 1, NULL, 'Trouble at home'),"
            "(2, 1, '2026-10-05', 'guardian', 1, '2026-10-09', ''),"
            "(3, 1, '2026-10-07', 'mentor', 0, NULL, 'Fine')",
        ):
            conn.execute(text(statement))
    engine.dispose()
    with Database.open(path) as db, db.reading() as s:
        concerns = list_concerns(s, include_closed=True)
        rows = activity.list_check_ins(s, 1)
    assert [(c.check_in_id, c.pair_label, c.description, c.is_open) for c in concerns] == [
        (1, "Ann Lee & Bo Ng", "Trouble at home", True),
        (2, "Ann Lee & Bo Ng", "Concern ticked in the check-in with the guardian.", False),
    ]
    assert concerns[1].resolved_on == dt.date(2026, 10, 9) and concerns[1].resolution
    assert [(r.id, r.open_concern) for r in rows] == [(3, False), (2, False), (1, True)]


# --- the command line --------------------------------------------------------------------
def test_concerns_command_raises_lists_and_resolves(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, demo_db_path, "concerns", "--json")
    (demo,) = json.loads(out)
    assert code == 0 and demo["status"] == "open" and demo["pairing_id"] == 3

    code, out, _ = _run(
        capsys,
        demo_db_path,
        "concerns",
        "--raise",
        "2",
        "--text",
        "Mentor offered a lift home",
        "--by",
        "Mentee",
        "--severity",
        "medium",
        "--json",
    )
    raised = json.loads(out)
    assert code == 0 and (raised["severity"], raised["source"]) == ("medium", "direct")

    code, out, err = _run(capsys, demo_db_path, "concerns", "--resolve", str(raised["id"]))
    assert code == 1 and out == "" and "--decided-by" in err
    code, out, _ = _run(
        capsys,
        demo_db_path,
        "concerns",
        "--resolve",
        "99",
        "--action",
        "a",
        "--decided-by",
        "b",
        "--json",
    )
    assert code == 1 and json.loads(out) == {"error": "There is no concern with id 99."}

    code, out, _ = _run(
        capsys,
        demo_db_path,
        "concerns",
        "--resolve",
        str(raised["id"]),
        "--action",
        "Reminded the mentor of the contact rules",
        "--decided-by",
        "Safeguarding lead",
    )
    assert code == 0 and "Resolved concern" in out
    code, out, _ = _run(capsys, demo_db_path, "concerns", "--json")
    assert [c["id"] for c in json.loads(out)] == [demo["id"]]
    code, out, _ = _run(capsys, demo_db_path, "concerns", "--all", "--json")
    listed = json.loads(out)
    assert [(c["id"], c["status"]) for c in listed] == [
        (demo["id"], "open"),
        (raised["id"], "resolved"),
    ]
    assert listed[1]["resolved_by"] == "Safeguarding lead"
    code, out, _ = _run(capsys, demo_db_path, "concerns", "--all")
    assert "Mentor offered a lift home" in out and "Resolved" in out


# --- the window ------------------------------------------------------------------------------
@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    return patch_message_boxes(monkeypatch)


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database, request: pytest.FixtureRequest) -> MainWindow:
    return open_window(qtbot, demo_db, request)


def _fill_raise(text: str, by: str) -> object:
    def fill(dialog: RaiseConcernDialog) -> int:
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        dialog.description.setPlainText(text)
        assert not ok.isEnabled() or dialog.raised_by.text()  # who raised it is required
        dialog.raised_by.setText(by)
        assert ok.isEnabled()
        return QDialog.DialogCode.Accepted

    return fill


def test_window_raises_directly_and_from_a_meeting_and_resolves(
    window: MainWindow, demo_db: Database, boxes: MessageBoxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = show_pairings(window)
    pairing_id = pairing_of(demo_db, "Siobhán")
    page.show_record(pairing_id)
    summary = page.detail.summary
    assert summary.concerns_box.title() == "Safety concerns"
    monkeypatch.setattr(
        RaiseConcernDialog, "exec", _fill_raise("Mentor messaged late at night", "Guardian")
    )
    summary.raise_concern_button.click()
    assert summary.concerns_box.title() == "Safety concerns (1 open)"
    assert summary.concern_list.item(0).text().startswith("Open · Serious")

    # From a meeting note: the note is offered as what was said.
    page.detail.show_tab(MEETINGS_TAB)
    meetings = page.detail.meetings
    meetings.table.selectRow(0)
    seen: dict[str, str] = {}

    def from_meeting(dialog: RaiseConcernDialog) -> int:
        seen["text"] = dialog.description.toPlainText()
        dialog.raised_by.setText("Mentor")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RaiseConcernDialog, "exec", from_meeting)
    meetings.raise_concern_button.click()
    with demo_db.reading() as s:
        mine = list_concerns(s, pairing_ids=[pairing_id])
    assert {c.source for c in mine} == {ConcernSource.DIRECT, ConcernSource.MEETING}
    meeting_concern = next(c for c in mine if c.source is ConcernSource.MEETING)
    assert meeting_concern.meeting_id is not None and meeting_concern.description == seen["text"]
    assert summary.concerns_box.title() == "Safety concerns (2 open)"

    # Resolve the first one from the summary; Ctrl+Z reopens it.
    def resolve(dialog: ResolveConcernDialog) -> int:
        dialog.action.setPlainText("Spoke to the mentor; contact rules repeated.")
        dialog.decided_by.setText("Safeguarding lead")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ResolveConcernDialog, "exec", resolve)
    summary.concern_list.setCurrentRow(0)
    summary.resolve_concern_button.click()
    assert summary.concerns_box.title() == "Safety concerns (1 open)"
    last = summary.concern_list.item(summary.concern_list.count() - 1).text()
    assert last.startswith("Resolved") and "Safeguarding lead" in last
    window.context.undo_stack.undo()
    assert summary.concerns_box.title() == "Safety concerns (2 open)"
    assert boxes.warnings == []


def test_window_refuses_to_delete_a_pairing_or_person_with_an_open_concern(
    window: MainWindow, demo_db: Database, boxes: MessageBoxes
) -> None:
    page = show_pairings(window)
    zoe_pairing = pairing_of(demo_db, "Zoë")
    page.show_record(zoe_pairing)
    page.detail.summary.delete_button.click()
    assert boxes.questions == []  # refused before asking
    assert "safety concern about the pair is still open" in boxes.warnings[-1]
    assert page.model.position_of(zoe_pairing) is not None

    people_page = window.page_of(ParticipantsPage)
    assert isinstance(people_page, ParticipantsPage)
    window.nav.setCurrentRow(window.pages.index(people_page))
    zoe = person_id(demo_db, "Zoë")
    assert people_page.table.select_key(zoe)
    people_page.delete_selected()
    assert "Zoë Müller cannot be deleted" in boxes.warnings[-1]
    with demo_db.reading() as s:
        assert get_concern(s, list_concerns(s)[0].id).pairing_id == zoe_pairing
    assert window.context.undo_stack.count() == 0


def test_window_keeps_a_concern_when_its_check_in_is_deleted(
    window: MainWindow, demo_db: Database, boxes: MessageBoxes
) -> None:
    page = show_pairings(window)
    pairing_id = pairing_of(demo_db, "Siobhán")
    with demo_db.transaction() as s:
        check_in = activity.add_check_in(
            s, pairing_id, CheckInInput(TODAY, CheckInWho.MENTEE, 2, True, "Scared of mentor")
        )
    page.show_record(pairing_id)
    tab = page.detail.check_ins
    position = tab.model.position_of(check_in)
    assert position is not None
    tab.table.selectRow(tab.proxy.mapFromSource(tab.model.index(position, 0)).row())
    tab.delete_selected()
    with demo_db.reading() as s:
        assert activity.list_check_ins(s, pairing_id)[0].id != check_in
        (kept,) = list_concerns(s, pairing_ids=[pairing_id])
    assert kept.description == "Scared of mentor" and kept.is_open
    assert page.detail.summary.concerns_box.title() == "Safety concerns (1 open)"
    # The dashboard lists the open concerns first.
    dashboard = window.page_of(DashboardPage)
    assert isinstance(dashboard, DashboardPage)
    dashboard.reload()
    # One row per pair, all its reasons in it: the pairs with a concern come first.
    rows = dashboard.flag_model.rows()
    kinds = [f.kind for row in rows for f in row.flags]
    assert kinds.count(FlagKind.SAFETY_CONCERN) == 2
    with_concern = [FlagKind.SAFETY_CONCERN in row.kinds for row in rows]
    assert with_concern == sorted(with_concern, reverse=True)
