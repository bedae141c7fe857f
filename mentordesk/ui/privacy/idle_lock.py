"""Lock the window after a chosen idle time when the file has a passphrase: the data are
hidden until the passphrase is typed again. Nothing is closed or lost while locked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.store.cipher import FileKey, passphrase_matches
from mentordesk.ui.window import window_state
from mentordesk.ui.window.context import AppContext

DEFAULT_IDLE_MINUTES = 15
SETTING = "privacy/idle_lock_minutes"
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


def idle_minutes() -> int:
    value = window_state.app_settings().value(SETTING, DEFAULT_IDLE_MINUTES)
    # An .ini file gives back text; anything else there is not a number of minutes.
    if not isinstance(value, int | str):
        return DEFAULT_IDLE_MINUTES
    try:
        return max(1, int(value))
    except ValueError:
        return DEFAULT_IDLE_MINUTES


def set_idle_minutes(minutes: int) -> None:
    window_state.app_settings().setValue(SETTING, max(1, int(minutes)))


class LockScreen(QWidget):
    """Covers the whole window; only the passphrase field is there."""

    def __init__(self, lock: IdleLock, parent: QWidget) -> None:
        super().__init__(parent)
        self.lock = lock
        self.setAutoFillBackground(True)
        self.setObjectName("lockScreen")
        title = QLabel("MentorDesk is locked")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        self.note = QLabel("The programme's data are hidden. Type the passphrase to go on.")
        self.note.setWordWrap(True)
        self.note.setFixedWidth(440)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setMaximumWidth(360)
        self.passphrase.returnPressed.connect(self.try_unlock)
        unlock = QPushButton("Unlock")
        unlock.clicked.connect(self.try_unlock)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, self.note, self.passphrase, unlock):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def try_unlock(self) -> None:
        if self.lock.unlock(self.passphrase.text()):
            return
        # Wrong tries have no limit and lock nothing further.
        self.note.setText("That is not the passphrase. Check capitals and spaces and try again.")
        self.passphrase.selectAll()


class IdleLock(QObject):
    """Watches the application's input; locks `window` after the idle time."""

    def __init__(self, window: QMainWindow, context: AppContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.screen: LockScreen | None = None
        self._disabled: list[QAction] = []
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock_now)
        self.restart()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def locked(self) -> bool:
        return self.screen is not None

    def _key(self) -> FileKey | None:
        return self.context.db.key

    def restart(self) -> None:
        self.timer.start(idle_minutes() * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and not self.locked:
            self.timer.start()
        if (
            self.screen is not None
            and watched is self.window
            and event.type() == QEvent.Type.Resize
        ):
            self.screen.setGeometry(self.window.rect())
        return False

    def lock_now(self) -> None:
        """Hide everything behind the lock screen (only for a file with a passphrase)."""
        if self.locked or self._key() is None:
            return
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(False)
        self.window.menuBar().setEnabled(False)
        # No shortcut may act on hidden data (Delete, Ctrl+Z…) while locked.
        self._disabled = [a for a in self.window.findChildren(QAction) if a.isEnabled()]
        for action in self._disabled:
            action.setEnabled(False)
        self.screen = LockScreen(self, self.window)
        self.screen.setGeometry(self.window.rect())
        self.screen.show()
        self.screen.raise_()
        self.screen.passphrase.setFocus()

    def unlock(self, passphrase: str) -> bool:
        key = self._key()
        if self.screen is None:
            return True
        if key is not None and not passphrase_matches(key, passphrase):
            return False
        self.screen.deleteLater()
        self.screen = None
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(True)
        self.window.menuBar().setEnabled(True)
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        self.restart()
        return True
