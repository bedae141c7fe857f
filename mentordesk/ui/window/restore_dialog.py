"""Choose what to restore: one of the database's backups (newest first) or any file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.programme.text_input import format_date
from mentordesk.store.backup import list_backups
from mentordesk.ui.widgets.typed_combo import item_value, set_item_value

_STAMP = re.compile(r"-(\d{8}-\d{6})-\d+-(.+)$")
REASONS = {
    "manual": "made by hand",
    "daily": "daily",
    "before-restore": "made before a restore",
}
DB_FILTER = "MentorDesk databases (*.sqlite *.db);;All files (*)"


def describe_backup(path: Path) -> str:
    """'25 Nov 2026 14:03 · daily · 1.2 MB' from the file's name and size."""
    match = _STAMP.search(path.stem)
    when: dt.datetime
    if match:
        when = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
        reason = match.group(2)
    else:
        when = dt.datetime.fromtimestamp(path.stat().st_mtime)
        reason = "manual"
    if reason.startswith("before-upgrade"):
        label = "made before an upgrade"
    else:
        label = REASONS.get(reason, reason.replace("-", " "))
    size = path.stat().st_size / 1_000_000
    return f"{format_date(when)} · {label} · {size:.1f} MB"


class RestoreDialog(QDialog):
    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.chosen: Path | None = None
        intro = QLabel(
            f"Choose the backup to put in place of <b>{db_path.name}</b>. What the file "
            "holds now is backed up first, so this can itself be undone by restoring that "
            "backup.",
            self,
        )
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Backups, newest first")
        for backup in reversed(list_backups(db_path)):
            item = QListWidgetItem(describe_backup(backup), self.list)
            set_item_value(item, backup)
            item.setToolTip(str(backup))
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            QListWidgetItem("(no backups of this file yet)", self.list).setFlags(
                Qt.ItemFlag.NoItemFlags
            )
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        other = QPushButton("Choose &another file…", self)
        other.clicked.connect(self.choose_file)
        buttons = QDialogButtonBox(self)
        self.restore_button = buttons.addButton("&Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(other)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("x") * 70, 360)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Restore from file", "", DB_FILTER)
        if path:
            self.chosen = Path(path)
            super().accept()

    def accept(self) -> None:
        item = self.list.currentItem()
        value = item_value(item)
        if not isinstance(value, Path):
            return
        self.chosen = value
        super().accept()
