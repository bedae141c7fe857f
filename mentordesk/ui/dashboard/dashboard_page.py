"""The dashboard, MentorDesk's home screen: which pairs need help this week.

Counts and programme health at the top; the flags (most urgent first) with a click through
to the pairing; check-ins due this week; meetings per month and pairs by status as charts;
early closures by reason and by how long the pair lasted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
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
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.models import PairingStatus
from mentordesk.monitoring.check_ins import CheckInDue, DueState
from mentordesk.monitoring.closures import Count
from mentordesk.monitoring.figures import Dashboard, compute_dashboard
from mentordesk.monitoring.flags import Flag, FlagKind, Severity
from mentordesk.progress import Progress
from mentordesk.ui.dashboard.monitoring_settings_dialog import edit_monitoring_settings
from mentordesk.ui.pairings.close_pairing_dialog import close_pair_interactively
from mentordesk.ui.pairings.pair_support_dialogs import (
    edit_commitment,
    resolve_concern_interactively,
)
from mentordesk.ui.widgets.chart_view import BarChart
from mentordesk.ui.widgets.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.error_presenter import status_text
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.shortcuts import add_shortcut

SEVERITY_COLOURS = {
    Severity.HIGH: QColor("#c62828"),
    Severity.MEDIUM: QColor("#e08600"),
    Severity.LOW: QColor("#607d8b"),
}
STATUS_COLOURS = {
    PairingStatus.PROPOSED: QColor("#9e9e9e"),
    PairingStatus.ACTIVE: QColor("#2e7d32"),
    PairingStatus.PAUSED: QColor("#e08600"),
    PairingStatus.CLOSED: QColor("#546e7a"),
}
# (label, severities shown) of the flag filter.
SEVERITY_FILTERS = (
    ("All flags", None),
    ("High and medium", frozenset({Severity.HIGH, Severity.MEDIUM})),
    ("High only", frozenset({Severity.HIGH})),
)

FLAG_COLUMNS: list[Column[Flag]] = [
    # Sorting by this column keeps the urgent-first order: severity, then kind.
    Column(
        "Severity",
        lambda f: f.severity.rank * 100 + f.kind.rank,
        text=lambda f: f.severity.label,
        tooltip=lambda f: f.kind.label,
    ),
    Column("Pair or mentee", lambda f: f.subject),
    Column("Reason", lambda f: f.message, tooltip=lambda f: f.message),
    Column("Flag", lambda f: f.kind.label, hidden_by_default=True),
    Column("Since", lambda f: f.since, hidden_by_default=True),
]
CHECK_IN_COLUMNS: list[Column[CheckInDue]] = [
    Column("Due", lambda c: c.due_on),
    Column("State", lambda c: c.state.label),
    Column("With", lambda c: c.who.label),
    Column("Person", lambda c: c.person),
    Column("Pair", lambda c: c.pair),
    Column("Last check-in", lambda c: c.last_held),
]
COUNT_COLUMNS: list[Column[Count]] = [
    Column("", lambda c: c.label),
    Column("Pairs", lambda c: c.count, align_right=True),
]


def flag_key(flag: Flag) -> tuple[str, int | None, int]:
    return (flag.kind.value, flag.pairing_id, flag.record_id)


def flag_search_text(flag: Flag) -> str:
    return f"{flag.subject} {flag.kind.label} {flag.message}".casefold()


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


class FlagTableModel(RowTableModel[Flag]):
    """Flags, with a coloured dot for the severity (the text says it too)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(FLAG_COLUMNS, key=flag_key, parent=parent)
        self._icons: dict[Severity, QIcon] = {}

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

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dashboard: Dashboard | None = None
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
        header = QHBoxLayout()
        header.addWidget(self.heading, 1)
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
        tiles = QGridLayout()
        for number, tile in enumerate(self.tiles.values()):
            tiles.addWidget(tile, number // 6, number % 6)

        self._build_flags()
        self._build_check_ins()
        self.meetings_chart = BarChart("Meetings per month", self)
        self.status_chart = BarChart("Pairs by status", self)
        self._build_closures()

        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.flags_box)
        left.addWidget(self.check_ins_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setChildrenCollapsible(False)
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

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(tiles)
        layout.addWidget(self.splitter, 1)
        add_shortcut(
            self, QKeySequence.StandardKey.Refresh, self.refresh, "Compute the figures again"
        )

    # --- building -----------------------------------------------------------------------
    def _build_flags(self) -> None:
        self.flags_box = QGroupBox("Flags", self)
        self.flag_model = FlagTableModel(self)
        self.flag_proxy = RowFilterProxy(flag_search_text, self)
        self.flag_table = RowTableView(self.flag_model, self.flag_proxy, "dashboard-flags", self)
        self.flag_table.setAccessibleName("Flags")
        self.flag_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.flag_table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.flag_table.customContextMenuRequested.connect(self._flag_menu)
        self.flag_table.activated.connect(lambda _index: self.open_flag())
        self.flag_table.selectionModel().currentRowChanged.connect(self._update_actions)
        self.flag_proxy.modelReset.connect(self._update_actions)
        self.severity_filter: ValueCombo[frozenset[Severity] | None] = ValueCombo(
            self,
            value_type=frozenset,
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
        filters = QHBoxLayout()
        filters.addWidget(self.severity_filter)
        filters.addWidget(self.flag_search, 1)
        actions = QHBoxLayout()
        for button in (
            self.open_button,
            self.close_button,
            self.resolve_button,
            self.commitment_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        # The whole reason of the selected flag, however narrow the column.
        self.flag_detail = QLabel(self)
        self.flag_detail.setTextFormat(Qt.TextFormat.PlainText)  # names are not markup
        self.flag_detail.setWordWrap(True)
        self.flag_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self.flags_box)
        layout.addLayout(filters)
        layout.addWidget(self.flag_table, 1)
        layout.addWidget(self.flag_detail)
        layout.addLayout(actions)

    def _build_check_ins(self) -> None:
        self.check_ins_box = QGroupBox("Check-ins due this week", self)
        self.check_in_model = RowTableModel(
            CHECK_IN_COLUMNS, key=lambda c: (c.pairing_id, c.who.value), parent=self
        )
        self.check_in_proxy = RowFilterProxy(lambda c: f"{c.person} {c.pair}".casefold(), self)
        self.check_in_table = RowTableView(
            self.check_in_model, self.check_in_proxy, "dashboard-check-ins", self
        )
        self.check_in_table.setAccessibleName("Check-ins due this week")
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
        self._generation += 1
        generation = self._generation
        current = self.current_flag()
        db, on_date = self.context.db, clock.today()

        def work(_progress: Progress) -> Dashboard:
            return compute_dashboard(db, on_date)

        def done(dashboard: Dashboard) -> None:
            if generation != self._generation:
                return  # a newer reload is under way
            self.show_dashboard(dashboard)
            if current is not None:
                self._select_flag(flag_key(current))

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.heading.setText(status_text(exc, "The dashboard could not be computed."))

        if self.dashboard is None:
            self.heading.setText("Computing the dashboard…")
        self.context.tasks.run(work, on_done=done, on_error=failed, title="Dashboard")

    def show_dashboard(self, data: Dashboard) -> None:
        self.dashboard = data
        name = data.programme_name or "Mentoring programme"
        self.heading.setText(f"{name} — {data.on_date:%A %d %B %Y}")
        self.tiles["waiting"].set_value(
            str(data.mentees_waiting), "Active mentees without an active or paused pair"
        )
        self.tiles["ready"].set_value(
            str(data.mentors_ready), "Screened and trained mentors with a free place"
        )
        for status in PairingStatus:
            self.tiles[status.value].set_value(str(data.pairs_with(status)))
        health = data.health
        self.tiles["on_track"].set_value(
            _share(health.on_track, health.active_pairs),
            "Active pairs meeting as committed, satisfied, and with no open concern",
        )
        self.tiles["months"].set_value(
            "–" if health.average_months is None else f"{health.average_months:.1f}",
            "Over every pair that started, up to its end or today",
        )
        for key, milestone in zip(("six", "twelve"), health.milestones, strict=True):
            self.tiles[key].set_value(
                _share(milestone.reached, milestone.eligible),
                f"Of the pairs that started at least {milestone.months} months ago, "
                f"those that lasted {milestone.months} months",
            )

        self.flag_model.set_rows(data.flags)
        high = sum(1 for f in data.flags if f.severity == Severity.HIGH)
        self.flags_box.setTitle(
            f"Flags ({len(data.flags)}, {high} high)" if data.flags else "Flags (none)"
        )
        self.check_in_model.set_rows(data.check_ins_due)
        overdue = sum(1 for c in data.check_ins_due if c.state is DueState.OVERDUE)
        self.check_ins_box.setTitle(
            f"Check-ins due this week ({len(data.check_ins_due)}, {overdue} overdue)"
        )
        self.meetings_chart.set_bars([(m.label, m.count) for m in data.meetings_by_month])
        self.status_chart.set_bars(
            [
                (status.label, count, STATUS_COLOURS[status])
                for status, count in data.pairs_by_status
            ]
        )
        closures = data.early_closures
        if closures.closed:
            initiators = ", ".join(f"{c.label} {c.count}" for c in closures.by_initiator)
            self.closure_summary.setText(
                f"{closures.early} of {closures.closed} closed pairs ended early."
                + (f" Initiated by: {initiators}." if initiators else "")
            )
        else:
            self.closure_summary.setText("No pair has closed yet.")
        self.reason_model.set_rows(closures.by_reason)
        self.duration_model.set_rows(closures.by_duration)
        self._update_actions()

    # --- flags ----------------------------------------------------------------------------
    def current_flag(self) -> Flag | None:
        row = self.flag_table.current_row()
        return row if isinstance(row, Flag) else None

    def _select_flag(self, key: tuple[str, int | None, int]) -> None:
        position = self.flag_model.position_of(key)
        if position is None:
            return
        index = self.flag_proxy.mapFromSource(self.flag_model.index(position, 0))
        if index.isValid():
            self.flag_table.setCurrentIndex(index)

    def _on_severity(self) -> None:
        severities = self.severity_filter.value()
        self.flag_proxy.set_predicate(
            "severity", (lambda f: f.severity in severities) if severities else None
        )

    def _update_actions(self, *_: object) -> None:
        flag = self.current_flag()
        on_pair = flag is not None and flag.pairing_id is not None
        self.open_button.setEnabled(flag is not None)
        self.close_button.setEnabled(on_pair)
        self.commitment_button.setEnabled(on_pair)
        self.resolve_button.setEnabled(flag is not None and flag.kind == FlagKind.SAFETY_CONCERN)
        self.flag_detail.setText(
            f"{flag.kind.label} — {flag.subject}: {flag.message}"
            if flag is not None
            else "Select a flag to see it in full; Enter opens its pairing."
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
        else:
            self.context.navigate.emit(PARTICIPANTS, flag.record_id)

    def close_flag_pair(self) -> None:
        flag = self.current_flag()
        if flag is not None and flag.pairing_id is not None:
            close_pair_interactively(self.context, flag.pairing_id, self)

    def resolve_flag_concern(self) -> None:
        flag = self.current_flag()
        if flag is None or flag.kind != FlagKind.SAFETY_CONCERN or flag.since is None:
            return
        resolve_concern_interactively(self.context, flag.record_id, flag.since, flag.subject, self)

    def edit_flag_commitment(self) -> None:
        flag = self.current_flag()
        if flag is not None and flag.pairing_id is not None:
            edit_commitment(self.context, flag.pairing_id, flag.subject, self)

    def edit_settings(self) -> None:
        edit_monitoring_settings(self.context, self)

    def _flag_menu(self, position: Any) -> None:
        index = self.flag_table.indexAt(position)
        if not index.isValid():
            return
        self.flag_table.setCurrentIndex(index)
        menu = QMenu(self)
        for button in (
            self.open_button,
            self.close_button,
            self.resolve_button,
            self.commitment_button,
        ):
            action = menu.addAction(button.text().replace("&", ""))
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.exec(self.flag_table.viewport().mapToGlobal(position))

    # --- check-ins ------------------------------------------------------------------------
    def open_check_in(self) -> None:
        index = self.check_in_table.currentIndex()
        row = self.check_in_proxy.data(index, ROW_ROLE) if index.isValid() else None
        if isinstance(row, CheckInDue):
            self.context.navigate.emit(PAIRINGS, row.pairing_id)

    def save_state(self) -> None:
        self.flag_table.save_header()
        self.check_in_table.save_header()
        settings.save_state("dashboard/splitter", self.splitter.saveState())
