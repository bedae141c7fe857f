"""The dashboard, MentorDesk's home screen: which pairs need help this week.

Counts and programme health at the top; the flags, one row per pair with all its reasons
(most urgent first, snoozed ones apart), with a click through to the pairing; check-ins
due this week; meetings per month and pairs by status as charts; early closures by reason
and by how long the pair lasted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.models import PairingStatus
from mentordesk.monitoring.figures_snapshot import HomeFigures, change_stamp, keep_figures
from mentordesk.programme.text_input import format_date, format_month
from mentordesk.ui.dashboard.checklist_panel import ChecklistPanel
from mentordesk.ui.widgets.chart_view import BarChart
from mentordesk.ui.widgets.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.error_presenter import status_text
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.palette import accent
from mentordesk.ui.window.shortcuts import add_shortcut
from mentordesk.wording import plural

# The page is built, and shows the last figures kept for the file, before the data layer
# (SQLAlchemy, the models, the monitoring queries) loads: those are imported where used.
if TYPE_CHECKING:
    from mentordesk.monitoring.check_ins import CheckInDue
    from mentordesk.monitoring.figures import Dashboard
    from mentordesk.monitoring.flag_board import PairFlags
    from mentordesk.progress import Progress

# Keyed by the severities' values (they are string enums, equal to their values).
SEVERITY_COLOURS: dict[str, QColor] = {
    "high": accent("red"),
    "medium": accent("orange"),
    "low": accent("slate"),
}
STATUS_COLOURS = {
    PairingStatus.PROPOSED: accent("grey"),
    PairingStatus.ACTIVE: accent("green"),
    PairingStatus.PAUSED: accent("orange"),
    PairingStatus.CLOSED: accent("blue-grey"),
}
FLAGS_EMPTY = "No flags: every pair is on track."
CHECK_INS_EMPTY = (
    "No check-ins due this week. They are due twice in a pair's first month, then monthly."
)
READING = "Reading the programme file…"
# (label, severities shown) of the flag filter.
SEVERITY_FILTERS = (
    ("All flags", None),
    ("High and medium", frozenset({"high", "medium"})),
    ("High only", frozenset({"high"})),
    ("Snoozed", "snoozed"),
)

FLAG_COLUMNS: list[Column[PairFlags]] = [
    # Sorting by this column keeps the urgent-first order: severity, then kind (the rank on
    # the board, snoozed rows ranked among themselves as they are shown apart).
    Column(
        "Severity",
        lambda p: p.rank,
        text=lambda p: p.severity.label,
        tooltip=lambda p: ", ".join(k.label for k in p.kinds),
    ),
    Column("Pair or mentee", lambda p: p.subject),
    Column("Flags", lambda p: len(p.flags), align_right=True),
    Column("Reasons", lambda p: p.reasons, tooltip=lambda p: "\n".join(p.lines()), stretch=True),
]
CHECK_IN_COLUMNS: list[Column[CheckInDue]] = [
    Column("Due", lambda c: c.due_on),
    Column("State", lambda c: c.state.label),
    Column("With", lambda c: c.who.label),
    Column("Person", lambda c: c.person),
    Column("Pair", lambda c: c.pair),
    Column("Last check-in", lambda c: c.last_held),
]


@dataclass(frozen=True)
class CountRow:
    """A row of the early-closure tables: the closures' counts as plain values."""

    label: str
    count: int


COUNT_COLUMNS: list[Column[CountRow]] = [
    Column("", lambda c: c.label),
    Column("Pairs", lambda c: c.count, align_right=True),
]


def flag_key(row: PairFlags) -> tuple[int | None, int | None, bool]:
    return row.key


def flag_search_text(row: PairFlags) -> str:
    kinds = " ".join(k.label for k in row.kinds)
    return f"{row.subject} {kinds} {row.reasons}".casefold()


def flags_title(figures: HomeFigures) -> str:
    pairs, waiting = figures.flagged_pairs, figures.flagged_waiting
    if not pairs and not waiting and not figures.flags_snoozed:
        return "Flags (none)"
    title = f"Flags: {plural(pairs, 'pair')}" + (f", {waiting} waiting" if waiting else "")
    title += f", {figures.flagged_high} high ({plural(figures.flags_shown, 'flag')})"
    if figures.flags_snoozed:
        title += f"; {figures.flags_snoozed} snoozed"
    return title


def check_ins_title(figures: HomeFigures) -> str:
    return f"Check-ins due this week ({figures.check_ins_due}, {figures.check_ins_overdue} overdue)"


def _dot(colour: QColor) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class FlagTableModel(RowTableModel["PairFlags"]):
    """One row per pair with all its flags, with a coloured dot for the most serious
    one's severity (the text says it too)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(FLAG_COLUMNS, key=flag_key, parent=parent)
        self._icons: dict[str, QIcon] = {}

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == 0:
            if index.row() >= self.rowCount():
                return None
            severity = self.row_at(index.row()).severity
            if severity not in self._icons:
                self._icons[severity] = _dot(SEVERITY_COLOURS[severity])
            return self._icons[severity]
        return super().data(index, role)


class Tile(QFrame):
    """A figure with its caption, e.g. "12" over "Mentees waiting"."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.caption = caption
        self.value = QLabel("–", self)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.value.setFont(font)
        self.label = QLabel(caption, self)
        self.label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        layout.addWidget(self.value)
        layout.addWidget(self.label)
        self.setAccessibleName(caption)

    def set_value(self, text: str, tooltip: str = "") -> None:
        self.value.setText(text)
        self.setToolTip(tooltip)
        self.setAccessibleDescription(f"{text}. {tooltip}".strip())


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole)}%)" if whole else "–"


def _small_table(model: RowTableModel[Any], name: str, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAccessibleName(name)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    view.setMinimumHeight(130)
    return view


class DashboardPage(Page):
    title = "Dashboard"
    topics = frozenset({PARTICIPANTS, PAIRINGS, ACTIVITY, PROGRAMME})
    other_keys = (("Open the selected flag's pairing (or waiting mentee)", "Enter"),)
    # The figures are shown, or the sentence saying why they could not be: the home
    # screen is ready (start-up is over when it first says so).
    settled = Signal()
    # Figures that are the file's now are on screen: the last ones kept for it (its change
    # stamp unchanged) or fresh ones (or the sentence saying why there are none).
    figures_current = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dashboard: Dashboard | None = None
        self.figures: HomeFigures | None = None
        self.has_settled = False
        self.has_current_figures = False
        self._generation = 0  # the latest reload; older results are dropped
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.settings_button = QPushButton("Monitoring se&ttings…", self)
        self.settings_button.clicked.connect(self.edit_settings)
        self.refresh_button = QPushButton("Refre&sh", self)
        self.refresh_button.setToolTip("Compute the figures again (F5)")
        self.refresh_button.clicked.connect(self.refresh)
        # Which programme file is open (a coordinator may keep several, and the demo).
        self.file_label = QLabel(self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setAccessibleName("Programme file")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.heading)
        titles.addWidget(self.file_label)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.refresh_button)
        header.addWidget(self.settings_button)

        self.tiles = {
            name: Tile(caption, self)
            for name, caption in (
                ("waiting", "Mentees waiting"),
                ("ready", "Mentors ready"),
                ("active", "Active pairs"),
                ("paused", "Paused pairs"),
                ("proposed", "Proposed pairs"),
                ("closed", "Closed pairs"),
                ("on_track", "Active pairs on track"),
                ("months", "Average months matched"),
                ("six", "Reached 6 months"),
                ("twelve", "Reached 12 months"),
            )
        }
        self.tiles_box = QWidget(self)
        tiles = QGridLayout(self.tiles_box)
        tiles.setContentsMargins(0, 0, 0, 0)
        for number, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, number // 6, number % 6)

        self._build_flags()
        self._build_check_ins()
        self.meetings_chart = BarChart("Meetings per month", self)
        self.status_chart = BarChart("Pairs by status", self)
        self._build_closures()

        # Flags and check-ins one at a time, each with the full height of a laptop screen.
        left = QTabWidget(self)
        left.setAccessibleName("Flags and check-ins")
        left.addTab(self.flags_box, "Flags")
        left.addTab(self.check_ins_box, "Check-ins due")
        self.lists = left

        right_content = QWidget(self)
        right_layout = QVBoxLayout(right_content)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.meetings_chart)
        right_layout.addWidget(self.status_chart)
        right_layout.addWidget(self.closures_box)
        right_layout.addStretch(1)
        right = QScrollArea(self)
        right.setWidgetResizable(True)
        right.setFrameShape(QFrame.Shape.NoFrame)
        right.setWidget(right_content)
        right.setMinimumWidth(300)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        state = settings.load_state("dashboard/splitter")
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes([700, 340])

        # Retention: who is past the programme's time limit (File → Due for erasure).
        self.retention_notice = QLabel(self)
        self.retention_notice.setWordWrap(True)
        self.retention_notice.setVisible(False)
        self.retention_notice.linkActivated.connect(self._open_due_for_erasure)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.retention_notice)
        # A new programme: its first steps instead of figures that are all zero.
        self.checklist = ChecklistPanel(self)
        self.checklist.go.connect(self.context.go_to)
        self.checklist.hide()
        layout.addWidget(self.checklist)
        layout.addWidget(self.tiles_box)
        layout.addWidget(self.splitter, 1)
        add_shortcut(
            self, QKeySequence.StandardKey.Refresh, self.refresh, "Compute the figures again"
        )
        if not context.loaded:
            # Built before the file is open (start-up): the lists say they are coming, and
            # what needs the file waits for it (the window calls `file_ready`).
            for table, _empty in self._waiting_tables():
                table.set_empty_text(READING)
            self.heading.setText(READING)
            self.refresh_button.setEnabled(False)
            self.settings_button.setEnabled(False)

    def _waiting_tables(self) -> tuple[tuple[RowTableView, str], ...]:
        return ((self.flag_table, FLAGS_EMPTY), (self.check_in_table, CHECK_INS_EMPTY))

    def file_ready(self) -> None:
        """The file the page was built before is open: read it."""
        self.refresh_button.setEnabled(True)
        self.settings_button.setEnabled(True)
        self.refresh()

    # --- building -----------------------------------------------------------------------
    def _build_flags(self) -> None:
        self.flags_box = QWidget(self)
        self.flag_model = FlagTableModel(self)
        self.flag_proxy = RowFilterProxy(flag_search_text, self)
        self.flag_table = RowTableView(self.flag_model, self.flag_proxy, "dashboard-flags", self)
        self.flag_table.setAccessibleName("Flags")
        self.flag_table.set_empty_text(FLAGS_EMPTY)
        self.flag_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.flag_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.flag_table.customContextMenuRequested.connect(self._flag_menu)
        self.flag_table.activated.connect(lambda _index: self.open_flag())
        self.flag_table.selectionModel().currentRowChanged.connect(self._update_actions)
        self.flag_proxy.modelReset.connect(self._update_actions)
        self.severity_filter: ValueCombo[frozenset[str] | str | None] = ValueCombo(
            self,
            value_type=(frozenset, str),
            optional=True,
            name="Severity filter",
            items=[(severities, label) for label, severities in SEVERITY_FILTERS],
        )
        self.severity_filter.currentIndexChanged.connect(self._on_severity)
        self.flag_search = QLineEdit(self)
        self.flag_search.setPlaceholderText("Search flags by name or reason")
        self.flag_search.setClearButtonEnabled(True)
        self.flag_search.setAccessibleName("Search flags")
        self.flag_search.textChanged.connect(self.flag_proxy.set_search)
        self.open_button = QPushButton("&Open", self)
        self.open_button.setToolTip("Show the pairing (or the waiting mentee); Enter")
        self.open_button.clicked.connect(self.open_flag)
        self.close_button = QPushButton("&Close pair…", self)
        self.close_button.clicked.connect(self.close_flag_pair)
        self.resolve_button = QPushButton("&Resolve concern…", self)
        self.resolve_button.clicked.connect(self.resolve_flag_concern)
        self.commitment_button = QPushButton("Co&mmitment…", self)
        self.commitment_button.clicked.connect(self.edit_flag_commitment)
        self.snooze_button = QPushButton("S&nooze…", self)
        self.snooze_button.setToolTip(
            "Put a flag aside until a date, saying why (never a safety concern)"
        )
        self.snooze_button.clicked.connect(self.snooze_flag)
        self.wake_button = QPushButton("&Wake up", self)
        self.wake_button.setToolTip("Show the snoozed flags of this pair again")
        self.wake_button.clicked.connect(self.wake_flag)
        filters = QHBoxLayout()
        filters.addWidget(self.severity_filter)
        filters.addWidget(self.flag_search, 1)
        actions = QHBoxLayout()
        for button in self._flag_buttons():
            actions.addWidget(button)
        actions.addStretch(1)
        # Every reason of the selected pair, however narrow the column.
        self.flag_detail = QLabel(self)
        self.flag_detail.setTextFormat(Qt.TextFormat.PlainText)  # names are not markup
        self.flag_detail.setWordWrap(True)
        self.flag_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self.flags_box)
        layout.addLayout(filters)
        layout.addWidget(self.flag_table, 1)
        layout.addWidget(self.flag_detail)
        layout.addLayout(actions)
        self._on_severity()  # snoozed rows stay out of the list until asked for

    def _build_check_ins(self) -> None:
        self.check_ins_box = QWidget(self)
        self.check_in_model = RowTableModel(
            CHECK_IN_COLUMNS, key=lambda c: (c.pairing_id, c.who.value), parent=self
        )
        self.check_in_proxy = RowFilterProxy(lambda c: f"{c.person} {c.pair}".casefold(), self)
        self.check_in_table = RowTableView(
            self.check_in_model, self.check_in_proxy, "dashboard-check-ins", self
        )
        self.check_in_table.setAccessibleName("Check-ins due this week")
        self.check_in_table.set_empty_text(CHECK_INS_EMPTY)
        self.check_in_table.activated.connect(lambda _index: self.open_check_in())
        layout = QVBoxLayout(self.check_ins_box)
        layout.addWidget(self.check_in_table)

    def _build_closures(self) -> None:
        self.closures_box = QGroupBox("Early closures", self)
        self.closure_summary = QLabel(self)
        self.closure_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.closure_summary.setWordWrap(True)
        self.reason_model = RowTableModel(
            [Column("Reason", lambda c: c.label), COUNT_COLUMNS[1]], key=lambda c: c.label
        )
        self.duration_model = RowTableModel(
            [Column("Lasted", lambda c: c.label), COUNT_COLUMNS[1]], key=lambda c: c.label
        )
        self.reason_table = _small_table(self.reason_model, "Early closures by reason", self)
        self.duration_table = _small_table(self.duration_model, "Early closures by duration", self)
        tables = QHBoxLayout()
        tables.addWidget(self.reason_table, 3)
        tables.addWidget(self.duration_table, 2)
        layout = QVBoxLayout(self.closures_box)
        layout.addWidget(self.closure_summary)
        layout.addLayout(tables)

    # --- data ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Compute the figures on the worker, so a large programme never freezes the
        window (the home screen is the first thing drawn at start-up)."""
        if not self.context.loaded:
            return  # the file is still being opened: the figures come once it is
        self._generation += 1
        generation = self._generation
        current = self.current_flag()
        db, on_date = self.context.db, clock.today()
        self._show_file(db.path, db.writable)

        def work(_progress: Progress) -> tuple[Dashboard, HomeFigures]:
            from mentordesk.monitoring import figures

            stamp = change_stamp(db.path, on_date)
            dashboard, checklist = figures.home_screen(db, on_date)
            numbers = figures.home_figures(dashboard, checklist)
            # For the next start: these figures, if the file is unchanged by then.
            keep_figures(db.path, numbers, stamp, encrypted=db.encrypted)
            return dashboard, numbers

        def done(result: tuple[Dashboard, HomeFigures]) -> None:
            if generation != self._generation:
                return  # a newer reload is under way
            dashboard, numbers = result
            self.show_dashboard(dashboard, numbers)
            if current is not None:
                self._select_flag(flag_key(current))
            self._reload_retention_notice()
            self._settle()

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.heading.setText(status_text(exc, "The dashboard could not be computed."))
            self._settle()

        if self.figures is None:
            self.heading.setText("Computing the dashboard…")
        self.context.tasks.run(work, on_done=done, on_error=failed, title="Dashboard")

    def show_last_figures(self, path: Path, figures: HomeFigures) -> None:
        """Before the file is read: the figures kept for it, current (its change stamp is
        unchanged), while the lists wait for the file."""
        self._show_file(path, True)
        self.show_figures(figures)
        self._figures_current()

    def _show_file(self, path: Path, writable: bool) -> None:
        from mentordesk.store.paths import friendly_name

        suffix = "" if writable else " (read-only)"
        self.file_label.setText(f"Programme file: {friendly_name(path)}{suffix}")
        self.file_label.setToolTip(str(path))

    def _figures_current(self) -> None:
        if not self.has_current_figures:
            self.has_current_figures = True
            self.figures_current.emit()

    def _settle(self) -> None:
        self._figures_current()
        self.has_settled = True
        self.settled.emit()

    def _reload_retention_notice(self) -> None:
        from mentordesk.privacy.retention import due_count

        db = self.context.db
        self.context.tasks.run(
            lambda _progress: due_count(db),
            on_done=self._show_retention_notice,
            on_error=lambda _exc: self.retention_notice.setVisible(False),
            title="Retention",
        )

    def _show_retention_notice(self, count: int) -> None:
        self.retention_notice.setText(
            f"{count} {'person is' if count == 1 else 'people are'} past the programme's "
            "retention period. <a href='due'>Review and erase…</a>"
        )
        self.retention_notice.setVisible(count > 0)

    def _open_due_for_erasure(self, _link: str = "") -> None:
        from mentordesk.ui.privacy.due_dialog import DueForErasureDialog

        DueForErasureDialog(self.context, self).exec()

    def show_dashboard(self, data: Dashboard, figures: HomeFigures) -> None:
        """Fresh from the file: the figures, and the lists with their names."""
        self.dashboard = data
        self.show_figures(figures)
        board = data.board
        self.flag_model.set_rows([*board.pairs, *board.snoozed])
        self.check_in_model.set_rows(data.check_ins_due)
        self.reason_model.set_rows(
            [CountRow(c.label, c.count) for c in data.early_closures.by_reason]
        )
        for table, empty in self._waiting_tables():
            table.set_empty_text(empty)
        self._update_actions()

    def show_figures(self, data: HomeFigures) -> None:
        """Every number the home screen shows (until every first step is done, the steps
        lead instead of the tiles)."""
        self.figures = data
        complete = data.checklist_complete
        self.checklist.set_steps(data.checklist)
        self.checklist.setVisible(not complete)
        self.tiles_box.setVisible(complete)
        name = data.programme_name or "Mentoring programme"
        self.heading.setText(f"{name} — {format_date(data.on_date, weekday=True)}")
        self.tiles["waiting"].set_value(
            str(data.mentees_waiting), "Active mentees without an active or paused pair"
        )
        self.tiles["ready"].set_value(
            str(data.mentors_ready), "Screened and trained mentors with a free place"
        )
        for status in PairingStatus:
            self.tiles[status.value].set_value(str(data.pairs_with(status.value)))
        self.tiles["on_track"].set_value(
            _share(data.on_track, data.active_pairs),
            "Active pairs meeting as committed, satisfied, and with no open concern",
        )
        self.tiles["months"].set_value(
            "–" if data.average_months is None else f"{data.average_months:.1f}",
            "Over every pair that started, up to its end or today",
        )
        for key, (months, eligible, reached) in zip(
            ("six", "twelve"), data.milestones, strict=True
        ):
            self.tiles[key].set_value(
                _share(reached, eligible),
                f"Of the pairs that started at least {months} months ago, "
                f"those that lasted {months} months",
            )
        self.lists.setTabText(0, flags_title(data))
        self.lists.setTabText(1, check_ins_title(data))
        self.meetings_chart.set_bars([(format_month(m), n) for m, n in data.meetings_by_month])
        self.status_chart.set_bars(
            [
                (status.label, data.pairs_with(status.value), STATUS_COLOURS[status])
                for status in PairingStatus
            ]
        )
        if data.closed:
            initiators = ", ".join(f"{label} {count}" for label, count in data.early_by_initiator)
            self.closure_summary.setText(
                f"{data.closed_early} of {data.closed} closed pairs ended early."
                + (f" Initiated by: {initiators}." if initiators else "")
            )
        else:
            self.closure_summary.setText("No pair has closed yet.")
        self.duration_model.set_rows([CountRow(label, n) for label, n in data.early_by_duration])

    # --- flags ----------------------------------------------------------------------------
    def _flag_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.open_button,
            self.close_button,
            self.resolve_button,
            self.commitment_button,
            self.snooze_button,
            self.wake_button,
        )

    def current_flag(self) -> PairFlags | None:
        """The selected row: one pair (or waiting mentee) with all its flags."""
        row = self.flag_table.current_row()
        return cast("PairFlags | None", row)  # the flag table holds nothing else

    def _select_flag(self, key: tuple[int | None, int | None, bool]) -> None:
        position = self.flag_model.position_of(key)
        if position is None:
            return
        index = self.flag_proxy.mapFromSource(self.flag_model.index(position, 0))
        if index.isValid():
            self.flag_table.setCurrentIndex(index)

    def _on_severity(self) -> None:
        choice = self.severity_filter.value()
        if choice == "snoozed":
            self.flag_proxy.set_predicate("severity", lambda p: bool(p.snoozes))
        elif choice:
            self.flag_proxy.set_predicate(
                "severity", lambda p: not p.snoozes and p.severity in choice
            )
        else:
            self.flag_proxy.set_predicate("severity", lambda p: not p.snoozes)

    def _update_actions(self, *_: object) -> None:
        flag = self.current_flag()
        on_pair = flag is not None and flag.pairing_id is not None
        self.open_button.setEnabled(flag is not None)
        self.close_button.setEnabled(on_pair)
        self.commitment_button.setEnabled(on_pair)
        self.resolve_button.setEnabled(
            flag is not None and "safety_concern" in flag.kinds and not flag.snoozes
        )
        self.snooze_button.setEnabled(
            flag is not None and not flag.snoozes and bool(flag.snoozable())
        )
        self.wake_button.setEnabled(flag is not None and bool(flag.snoozes))
        self.flag_detail.setText(
            f"{flag.subject}:\n" + "\n".join(flag.lines())
            if flag is not None
            else "Select a pair to see all its flags; Enter opens its pairing."
        )

    def focus_search(self) -> None:
        self.flag_search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.flag_search.selectAll()

    def open_flag(self) -> None:
        flag = self.current_flag()
        if flag is None:
            return
        if flag.pairing_id is not None:
            self.context.navigate.emit(PAIRINGS, flag.pairing_id)
        elif flag.participant_id is not None:
            self.context.navigate.emit(PARTICIPANTS, flag.participant_id)

    def close_flag_pair(self) -> None:
        flag = self.current_flag()
        if flag is not None and flag.pairing_id is not None:
            # The dialogs are imported when first used: start-up shows the figures alone.
            from mentordesk.ui.pairings.close_pairing_dialog import close_pair_interactively

            close_pair_interactively(self.context, flag.pairing_id, self)

    def resolve_flag_concern(self) -> None:
        row = self.current_flag()
        from mentordesk.monitoring.flags import FlagKind

        concerns = [f for f in row.flags if f.kind is FlagKind.SAFETY_CONCERN] if row else []
        concern = concerns[0] if concerns else None
        if concern is None or concern.since is None:
            return
        from mentordesk.ui.pairings.pair_support_dialogs import resolve_concern_interactively

        resolve_concern_interactively(
            self.context, concern.record_id, concern.since, concern.subject, self
        )

    def edit_flag_commitment(self) -> None:
        flag = self.current_flag()
        if flag is not None and flag.pairing_id is not None:
            from mentordesk.ui.pairings.pair_support_dialogs import edit_commitment

            edit_commitment(self.context, flag.pairing_id, flag.subject, self)

    def snooze_flag(self) -> None:
        row = self.current_flag()
        if row is None or row.snoozes or not row.snoozable():
            return
        from mentordesk.ui.dashboard.snooze_dialog import SnoozeDialog

        dialog = SnoozeDialog(row, clock.today(), self)
        if dialog.exec() != SnoozeDialog.DialogCode.Accepted:
            return
        kind, until, reason = dialog.choice()
        from mentordesk.monitoring.flag_board import SnoozeFlag
        from mentordesk.monitoring.flags import FlagKind
        from mentordesk.ui.window.undo_commands import perform_action

        action = SnoozeFlag(kind, row.pairing_id, row.participant_id, until, reason)
        label = FlagKind(kind).label.lower()
        perform_action(self.context, f"Snooze “{label}” for {row.subject}", action, self)

    def wake_flag(self) -> None:
        row = self.current_flag()
        if row is None or not row.snoozes:
            return
        from mentordesk.monitoring.flag_board import SetSnoozes
        from mentordesk.store.actions import Sequence
        from mentordesk.ui.window.undo_commands import perform_action

        steps = tuple(
            SetSnoozes(kind.value, row.pairing_id, row.participant_id, ()) for kind in row.kinds
        )
        perform_action(self.context, f"Wake up the flags of {row.subject}", Sequence(steps), self)

    def edit_settings(self) -> None:
        from mentordesk.ui.dashboard.monitoring_settings_dialog import edit_monitoring_settings

        edit_monitoring_settings(self.context, self)

    def _flag_menu(self, position: Any) -> None:
        index = self.flag_table.indexAt(position)
        if not index.isValid():
            return
        self.flag_table.setCurrentIndex(index)
        menu = QMenu(self)
        for button in self._flag_buttons():
            action = menu.addAction(button.text().replace("&", ""))
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.exec(self.flag_table.viewport().mapToGlobal(position))

    # --- check-ins ------------------------------------------------------------------------
    def open_check_in(self) -> None:
        index = self.check_in_table.currentIndex()
        row: CheckInDue | None = (
            self.check_in_proxy.data(index, ROW_ROLE) if index.isValid() else None
        )
        if row is not None:  # the table holds check-ins only
            self.context.navigate.emit(PAIRINGS, row.pairing_id)

    def save_state(self) -> None:
        self.flag_table.save_header()
        self.check_in_table.save_header()
        settings.save_state("dashboard/splitter", self.splitter.saveState())
