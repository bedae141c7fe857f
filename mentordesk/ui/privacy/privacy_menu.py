"""The window's privacy commands (File menu): protect with a passphrase, lock, history,
a person's own data, erasure, and the idle lock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from mentordesk.errors import MentorDeskError
from mentordesk.store.cipher import passphrase_matches
from mentordesk.store.protection import change_protection
from mentordesk.ui.privacy.idle_lock import IdleLock, idle_minutes, set_idle_minutes
from mentordesk.ui.privacy.passphrase_dialogs import (
    RISK_WITHOUT,
    NewPassphraseDialog,
    PassphraseDialog,
    offer_recovery_sheet,
)
from mentordesk.ui.privacy.person_actions import erase_person_asking, export_person_asking
from mentordesk.ui.window.context import ALL_TOPICS

if TYPE_CHECKING:
    from mentordesk.ui.window.main_window import MainWindow


class PrivacyMenu:
    """Adds its commands to the File menu and keeps the idle lock."""

    def __init__(self, window: MainWindow, menu: QMenu, before: QAction | None) -> None:
        self.window = window
        self.context = window.context
        self.idle_lock = IdleLock(window, window.context)
        submenu = QMenu("&Privacy", window)
        # Passphrase and retention sit in the File menu itself; the rest in Privacy.
        self.protect_action = self._action("&Protect with a passphrase…", self.protect)
        self.due_action = self._action("Due for &erasure…", self.due_for_erasure)
        self.lock_action = self._add(submenu, "&Lock now", self.idle_lock.lock_now)
        self._add(submenu, "Lock &after…", self.choose_idle_time)
        submenu.addSeparator()
        self._add(submenu, "&History of changes…", self.history)
        submenu.addSeparator()
        self._add(submenu, "A person's own &data…", self.export_person)
        self._add(submenu, "&Erase a person…", self.erase_person)
        menu.aboutToShow.connect(self._update)
        self.submenu = submenu
        for action in (self.protect_action, self.due_action):
            if before is not None:
                menu.insertAction(before, action)
            else:
                menu.addAction(action)
        if before is not None:
            menu.insertMenu(before, submenu)
            menu.insertSeparator(before)
        else:
            menu.addMenu(submenu)

    def _action(self, text: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        action.triggered.connect(slot)
        return action

    def _add(self, menu: QMenu, text: str, slot: object, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _update(self) -> None:
        encrypted = self.context.db.encrypted
        self.protect_action.setText(
            "Change or remove the &passphrase…" if encrypted else "&Protect with a passphrase…"
        )
        self.lock_action.setEnabled(encrypted)

    # --- passphrase -------------------------------------------------------------------
    def _confirm_current(self) -> bool:
        db = self.context.db
        message = f"Type the current passphrase of {db.path.name}."
        while True:
            dialog = PassphraseDialog(db.path, self.window, message)
            if dialog.exec() != PassphraseDialog.DialogCode.Accepted:
                return False
            if db.key is not None and passphrase_matches(db.key, dialog.passphrase.text()):
                return True
            message = "That is not the current passphrase; try again."

    def protect(self) -> None:
        db = self.context.db
        new: str | None
        if not db.encrypted:
            dialog = NewPassphraseDialog(self.window, context=(db.path.stem,), allow_plain=False)
            if dialog.exec() != NewPassphraseDialog.DialogCode.Accepted:
                return
            new = dialog.passphrase
        else:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Passphrase",
                f"{db.path.name} is protected with a passphrase.",
                QMessageBox.StandardButton.Cancel,
                self.window,
            )
            change = box.addButton("Change passphrase…", QMessageBox.ButtonRole.AcceptRole)
            remove = box.addButton("Remove passphrase…", QMessageBox.ButtonRole.DestructiveRole)
            box.exec()
            if box.clickedButton() not in (change, remove) or not self._confirm_current():
                return
            if box.clickedButton() is change:
                dialog = NewPassphraseDialog(
                    self.window,
                    context=(db.path.stem,),
                    allow_plain=False,
                    title="New passphrase",
                )
                if dialog.exec() != NewPassphraseDialog.DialogCode.Accepted:
                    return
                new = dialog.passphrase
            else:
                answer = QMessageBox.warning(
                    self.window,
                    "Remove the passphrase?",
                    RISK_WITHOUT + "\n\nThe file and its backups will be written without "
                    "encryption.",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                    QMessageBox.StandardButton.Cancel,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
                new = None
        self.context.tasks.wait()
        try:
            result = change_protection(db, new)
        except (OSError, MentorDeskError) as exc:
            message = (
                str(exc) if isinstance(exc, MentorDeskError) else "a file could not be written"
            )
            QMessageBox.warning(self.window, "Nothing changed", f"The file is as it was: {message}")
            return
        self.context.changed.emit(ALL_TOPICS)
        state = "is protected with the passphrase" if result.encrypted else "has no passphrase"
        self.context.status_message.emit(
            f"{db.path.name} {state}; {result.backups_converted} backups converted."
        )
        if result.encrypted:
            offer_recovery_sheet(self.window, db)

    def choose_idle_time(self) -> None:
        minutes, ok = QInputDialog.getInt(
            self.window,
            "Lock after",
            "Lock the window after this many minutes without use\n(for a file with a passphrase):",
            idle_minutes(),
            1,
            240,
        )
        if ok:
            set_idle_minutes(minutes)
            self.idle_lock.restart()

    # --- records ----------------------------------------------------------------------
    def history(self) -> None:
        from mentordesk.ui.privacy.history_dialog import HistoryDialog

        HistoryDialog(self.context, self.window).exec()

    def export_person(self) -> None:
        export_person_asking(self.context, self.window)

    def erase_person(self) -> None:
        erase_person_asking(self.context, self.window)

    def due_for_erasure(self) -> None:
        from mentordesk.ui.privacy.due_dialog import DueForErasureDialog

        DueForErasureDialog(self.context, self.window).exec()
