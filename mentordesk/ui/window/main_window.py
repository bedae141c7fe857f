"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk import APP_NAME, __version__
from mentordesk.errors import MentorDeskError
from mentordesk.store.paths import demo_db_path, friendly_name, is_demo
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import ALL_TOPICS, AppContext
from mentordesk.ui.window.error_presenter import present_error
from mentordesk.ui.window.file_notice import FileNotice
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.pages import PAGES

if TYPE_CHECKING:
    from mentordesk.store import Database
    from mentordesk.store.inspect import Inspection
    from mentordesk.ui.documents.documents_page import DocumentsPage

PageT = TypeVar("PageT", bound=Page)

DB_FILTER = "MentorDesk databases (*.sqlite *.db);;All files (*)"


def open_for_window(
    path: Path,
    parent: QWidget | None = None,
    passphrase: str | None = None,
    inspected: Inspection | None = None,
) -> Database | None:
    """Open a programme file for the window: the demo programme's own file (made the
    first time), a file that can't be written for reading (the window says so), asking
    for an encrypted file's passphrase unless `passphrase` is given (then a new file is
    protected with it). None when refused (the coordinator was told why) or cancelled.
    `inspected`: a plain file's inspection made ahead (see `Database.open`)."""
    from mentordesk.store import Database

    try:
        if is_demo(path):
            from mentordesk.programme.demo_file import open_demo

            return open_demo(path)
        if passphrase is not None:
            return Database.open(path, passphrase=passphrase, read_if_unwritable=True)
    except MentorDeskError as exc:
        present_error(parent, "Cannot open this file", exc)
        return None
    from mentordesk.ui.privacy.passphrase_dialogs import open_database_asking

    return open_database_asking(path, parent, inspected)


def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The one local file being dropped, if it is one."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    if len(urls) == 1 and urls[0].isLocalFile() and Path(urls[0].toLocalFile()).is_file():
        return Path(urls[0].toLocalFile())
    return None


class MainWindow(QMainWindow):
    """The window on the context's file. At start-up it is built and shown before the file
    is open (a context not yet `loaded`, with `path` the file being opened): the home
    screen shows the figures kept from last time, the menus are empty and another screen
    asked for waits; `file_opened` completes it."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, path: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._path = path if path is not None else context.db.path
        self._wanted_page: int | None = None
        self._wanted_place: str | None = None
        self.setMinimumSize(QSize(800, 500))
        self.nav = QListWidget(self)
        self.nav.setAccessibleName("Screens")
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget(self)
        # Screens are built when first shown (see pages.py); until then an empty stand-in
        # holds the place in the stack.
        self._built: dict[int, Page] = {}
        for spec in PAGES:
            self.stack.addWidget(QWidget(self.stack))
            QListWidgetItem(spec.title, self.nav)
        self.nav.currentRowChanged.connect(self.show_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.file_notice = FileNotice(self.new_database, self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.file_notice)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        bar = self.menuBar()
        # The menus' titles from the first paint; their commands once the file is open.
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        self.go_menu = bar.addMenu("&Go")
        self.documents_menu = bar.addMenu("&Documents")
        self.help_menu = bar.addMenu("&Help")
        self.setAcceptDrops(True)
        context.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        context.changed.connect(self._on_changed)
        context.navigate.connect(self._on_navigate)
        context.go_to.connect(self.go_to)
        # A method, not a lambda: Qt disconnects it when the window is destroyed.
        context.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self._restore_state()
        if context.loaded:
            self._build_menus()
            self.statusBar().showMessage("Ready", 3000)
            self._update_title()
            self._show_file_state()
        else:
            self._update_title()
            self.statusBar().showMessage(f"Opening {friendly_name(self._path)}…")
        self.nav.setCurrentRow(0)

    def file_opened(self, db: Database, notice: str = "") -> None:
        """The file the window was shown for is open (start-up): the menus, the file's
        state, and the screens read it; a screen asked for meanwhile is shown."""
        self.context.file_opened(db)
        self._path = db.path
        self._build_menus()
        self.statusBar().showMessage("Ready", 3000)
        self._update_title()
        self._show_file_state(notice)
        for page in self.built_pages():
            page.file_ready()
        wanted, self._wanted_page = self._wanted_page, None
        if wanted is not None:
            self.show_page(wanted)
        place, self._wanted_place = self._wanted_place, None
        if place is not None:
            self.go_to(place)

    # --- menus ------------------------------------------------------------------------
    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        self._action(
            self.file_menu, "&New programme file…", self.new_database, QKeySequence.StandardKey.New
        )
        self._action(self.file_menu, "&Open…", self.open_database, QKeySequence.StandardKey.Open)
        self.recent_menu = self.file_menu.addMenu("Open &recent")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(self.file_menu, "Open &demo programme", self.open_demo).setStatusTip(
            "A sample programme with made-up people, in a file of its own"
        )
        self.file_menu.addSeparator()
        self.settings_action = self._action(
            self.file_menu, "Programme &settings…", self.programme_settings
        )
        self.file_menu.addSeparator()
        self.import_action = self._action(
            self.file_menu, "&Import roster…", lambda: self.import_roster(), "Ctrl+I"
        )
        self.import_log_action = self._action(
            self.file_menu, "Import &meeting log…", lambda: self.import_meeting_log()
        )
        self.export_action = self._action(
            self.file_menu, "&Export table to Excel…", self.export_table, "Ctrl+E"
        )
        self.file_menu.addSeparator()
        self._action(self.file_menu, "&Back up now", self.back_up)
        self._action(self.file_menu, "Back up &to…", self.back_up_to)
        self.restore_action = self._action(
            self.file_menu, "Re&store from backup…", self.restore_backup
        )
        self.file_menu.addSeparator()
        quit_action = self._action(self.file_menu, "&Quit", self.close)
        from mentordesk.ui.privacy.privacy_menu import PrivacyMenu

        self.privacy = PrivacyMenu(self, self.file_menu, before=quit_action)
        # Some platforms (Windows) have no standard Quit key: Ctrl+Q everywhere.
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        quit_action.setShortcuts(quit_keys or [QKeySequence("Ctrl+Q")])

        undo = self.context.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        redo = self.context.undo_stack.createRedoAction(self, "&Redo")
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]
        redo_keys += [
            k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys
        ]
        redo.setShortcuts(redo_keys)
        self.undo_action, self.redo_action = undo, redo
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.edit_menu.addSeparator()
        self.new_record_action = self._action(
            self.edit_menu, "&New", self._new_record, "Ctrl+Shift+N"
        )
        self.delete_action = self._action(
            self.edit_menu, "&Delete…", self._delete_selected, QKeySequence.StandardKey.Delete
        )
        self.edit_menu.addSeparator()
        self.find_action = self._action(
            self.edit_menu, "&Find", self._focus_search, QKeySequence.StandardKey.Find
        )

        for number, spec in enumerate(PAGES):
            action = self._action(
                self.go_menu,
                spec.title,
                lambda _=False, n=number: self.nav.setCurrentRow(n),
                f"Ctrl+{number + 1}" if number < 9 else None,
            )
            action.setStatusTip(f"Show {spec.title}")

        self.agreements_action = self._action(
            self.documents_menu, "&Agreements for new pairings…", self.agreements_for_new_pairings
        )
        self._action(self.documents_menu, "&Programme report…", self.programme_report)

        self._action(
            self.help_menu,
            "&User guide",
            self.show_guide,
            QKeySequence.StandardKey.HelpContents,
        ).setStatusTip("The guide's part about the screen shown (F1)")
        self._action(self.help_menu, "&Keyboard shortcuts", self.show_shortcuts, "Shift+F1")
        self._action(self.help_menu, f"&About {APP_NAME}", self.about)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = [p for p in settings.recent_databases() if p.exists()]
        if not paths:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        names = [friendly_name(p) for p in paths]
        for path, name in zip(paths, names, strict=True):
            # Two files of one name: the folder tells them apart.
            text = f"{name} ({path.parent.name})" if names.count(name) > 1 else name
            action = self.recent_menu.addAction(text.replace("&", "&&"))
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.switch_database(p))

    # --- the open file ----------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return not self.context.db.writable

    def _refused_as_read_only(self, title: str) -> bool:
        """Say why a change can't be made in a file open read-only (True), before any
        dialog is filled in for nothing."""
        try:
            self.context.db.refuse_if_read_only()
        except MentorDeskError as exc:
            present_error(self, title, exc)
            return True
        return False

    def _show_file_state(self, notice: str = "") -> None:
        """The bar under the menus, and the commands that would change a read-only file."""
        self.file_notice.show_for(self.context.db, notice)
        writable = not self.read_only
        for action in (
            self.settings_action,
            self.import_action,
            self.import_log_action,
            self.restore_action,
            self.agreements_action,
            self.privacy.protect_action,
            self.privacy.due_action,
        ):
            action.setEnabled(writable)
        self._update_page_actions()

    # --- screens ----------------------------------------------------------------------
    def page_at(self, number: int) -> Page:
        """The screen at this place in the navigation, built the first time it is asked for."""
        page = self._built.get(number)
        if page is None:
            page = PAGES[number].load()(self.context, self.stack)
            placeholder = self.stack.widget(number)
            assert placeholder is not None  # every screen has its place from the start
            current = self.stack.currentIndex()
            self.stack.insertWidget(number, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._built[number] = page
        return page

    @property
    def pages(self) -> list[Page]:
        """Every screen, building those not yet shown."""
        return [self.page_at(number) for number in range(len(PAGES))]

    def built_pages(self) -> list[Page]:
        return [self._built[number] for number in sorted(self._built)]

    def show_page(self, number: int) -> None:
        if number > 0 and not self.context.loaded:
            self._wanted_page = number  # shown once the file is open
            return
        if 0 <= number < len(PAGES):
            page = self.page_at(number)
            self.stack.setCurrentIndex(number)
            page.refresh_if_stale()
            self._update_page_actions()

    def current_page(self) -> Page | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, Page) else None

    def _update_page_actions(self) -> None:
        """The Edit menu's commands act on the current screen: name them after it."""
        if not self.context.loaded:
            return  # no commands in the menus yet
        page = self.current_page()
        text = page.new_record_text if page is not None else ""
        writable = self.context.loaded and not self.read_only
        self.new_record_action.setText(text or "&New")
        self.new_record_action.setEnabled(bool(text) and writable)
        self.delete_action.setEnabled(page is not None and page.can_delete() and writable)
        self.find_action.setEnabled(page is not None and page.can_search())

    def _new_record(self) -> None:
        page = self.current_page()
        if page is not None and page.new_record_text:
            page.new_record()

    def _delete_selected(self) -> None:
        page = self.current_page()
        if page is not None:
            page.delete_selected()

    def _focus_search(self) -> None:
        page = self.current_page()
        if page is not None:
            page.focus_search()

    def export_table(self) -> None:
        page = self.current_page()
        view = page.exportable_view() if page is not None else None
        if view is None:
            self.context.status_message.emit("This screen has no table to export.")
            return
        view.export()

    def page_of(self, page_class: type[PageT]) -> PageT:
        for number, spec in enumerate(PAGES):
            if issubclass(spec.load(), page_class):
                page = self.page_at(number)
                assert isinstance(page, page_class)
                return page
        raise LookupError(page_class.__name__)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics == ALL_TOPICS:
            self._update_title()
        current = self.stack.currentWidget()
        if isinstance(current, Page):
            current.refresh_if_stale()

    def go_to(self, place: str) -> None:
        """Where a step of the getting-started list happens: a dialog or a screen."""
        if not self.context.loaded:
            self._wanted_place = place  # once the file is open
            return
        if place == "settings":
            self.programme_settings()
        elif place == "import":
            self.import_roster()
        elif place == "import-meetings":
            self.import_meeting_log()
        else:
            titles = [spec.title.casefold() for spec in PAGES]
            if place in titles:
                self.nav.setCurrentRow(titles.index(place))

    def _on_navigate(self, topic: str, record_id: int) -> None:
        for number, spec in enumerate(PAGES):
            if topic in spec.shows:
                self.nav.setCurrentRow(number)
                self.page_at(number).show_record(record_id)
                return

    def _on_clean_changed(self, clean: bool) -> None:
        self._update_title(clean)

    def _update_title(self, clean: bool | None = None) -> None:
        path = self.context.db.path if self.context.loaded else self._path
        name = friendly_name(path)
        if clean is None:
            clean = self.context.undo_stack.isClean()
        modified = "" if clean else " •"
        read_only = " (read-only)" if self.context.loaded and self.read_only else ""
        self.setWindowTitle(f"{name}{modified}{read_only} — {APP_NAME}")
        self.setWindowFilePath(str(path))

    # --- documents --------------------------------------------------------------------
    def programme_settings(self) -> None:
        if self._refused_as_read_only("Cannot change the programme settings"):
            return
        from mentordesk.ui.documents.programme_settings_dialog import ProgrammeSettingsDialog

        ProgrammeSettingsDialog(self.context, self).exec()

    def _documents_page(self) -> DocumentsPage:
        from mentordesk.ui.documents.documents_page import DocumentsPage

        page = self.page_of(DocumentsPage)
        self.nav.setCurrentRow(self.stack.indexOf(page))
        return page

    def agreements_for_new_pairings(self) -> None:
        page = self._documents_page()
        page.select_new_pairings()
        if page.selected_ids():
            page.agreements.save_agreements()

    def programme_report(self) -> None:
        self._documents_page().reports.save_report(pairing=False)

    # --- files ------------------------------------------------------------------------
    def new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New programme file", "", DB_FILTER)
        if path:
            target = Path(path)
            if target.suffix == "":
                target = target.with_suffix(".sqlite")
            from mentordesk.ui.privacy.passphrase_dialogs import (
                NewPassphraseDialog,
                offer_recovery_sheet,
            )

            choice = NewPassphraseDialog(self, context=(target.stem,))
            if choice.exec() != NewPassphraseDialog.DialogCode.Accepted:
                return
            protect = choice.choice == NewPassphraseDialog.PROTECT
            passphrase = choice.passphrase if protect else None
            if self.switch_database(target, passphrase=passphrase) and protect:
                offer_recovery_sheet(self, self.context.db)

    def open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open programme file", "", DB_FILTER)
        if path:
            self.switch_database(Path(path))

    def open_demo(self) -> None:
        """The demo programme, in its own file (made the first time)."""
        self.switch_database(demo_db_path())

    def _pages_can_leave(self) -> bool:
        return all(page.can_leave() for page in self.built_pages())

    def switch_database(self, path: Path, passphrase: str | None = None) -> bool:
        """Open another file (asking for its passphrase if it has one); `passphrase`
        protects a new file."""
        if path.resolve() == self.context.db.path.resolve():
            return True
        if not self._pages_can_leave():
            return False
        self.context.tasks.wait()
        db = open_for_window(path, self, passphrase)
        if db is None:
            return False
        if db.writable:
            from mentordesk.privacy.retention import routine_clean_up

            try:
                routine_clean_up(db)
            except BaseException:
                db.close()
                raise
        self.context.replace_database(db)
        settings.remember_database(path)
        self._show_file_state()
        self._update_title()
        self.context.status_message.emit(f"Opened {friendly_name(path)} ({path})")
        return True

    def import_meeting_log(self, path: Path | None = None) -> None:
        from mentordesk.models import ImportKind

        self.import_roster(path, kind=ImportKind.MEETINGS)

    def import_roster(self, path: Path | None = None, *, kind: str = "roster") -> None:
        # Also reached by dropping a file and from the dashboard's first steps.
        if self._refused_as_read_only("Cannot import into this file"):
            return
        from mentordesk.models import ImportKind
        from mentordesk.ui.importing.import_wizard import ImportWizard

        wizard = ImportWizard(self.context, path, self, kind=ImportKind(kind))
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()
        self.import_wizard = wizard

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.import_dropped(path)

    def import_dropped(self, path: Path) -> None:
        """The wizard of the kind of file dropped, a meeting log's or a roster's (the rule
        `mentordesk import` follows without --kind); the file is looked at on the worker."""
        if self._refused_as_read_only("Cannot import into this file"):
            return
        from mentordesk.roster.import_kinds import kind_of_file

        self.context.tasks.run(
            lambda progress: kind_of_file(path, progress=progress),
            on_done=lambda kind: self.import_roster(path, kind=kind),
            # A file that can't be read: the roster's wizard says why, as for any file.
            on_error=lambda _exc: self.import_roster(path),
            title=f"Reading {path.name}…",
            parent=self,
        )

    def back_up(self) -> None:
        try:
            target = self.context.db.backup()
        except (OSError, MentorDeskError) as exc:
            present_error(self, "Backup failed", exc)
            return
        self.context.status_message.emit(f"Backed up to {target}")

    def back_up_to(self) -> None:
        stem = self.context.db.path.stem
        path, _ = QFileDialog.getSaveFileName(
            self, "Back up to", f"{stem}-backup.sqlite", DB_FILTER
        )
        if not path:
            return
        try:
            target = self.context.db.backup(Path(path))
        except (OSError, MentorDeskError) as exc:
            present_error(self, "Backup failed", exc)
            return
        self.context.status_message.emit(f"Backed up to {target}")

    def restore_backup(self) -> None:
        """Choose a backup, ask, back up what is there now, then restore."""
        from mentordesk.store.restore import check_backup, restore_database
        from mentordesk.ui.window.restore_dialog import RestoreDialog, describe_backup

        db = self.context.db
        dialog = RestoreDialog(db.path, self)
        if dialog.exec() != RestoreDialog.DialogCode.Accepted or dialog.chosen is None:
            return
        source = dialog.chosen
        try:
            check_backup(source, db.key)
        except MentorDeskError as exc:
            present_error(self, "Cannot restore this file", exc)
            return
        answer = QMessageBox.question(
            self,
            "Restore from this backup?",
            f"Replace everything in {db.path.name} with the backup "
            f"“{describe_backup(source)}”?\n\nChanges made since that backup will be gone "
            "from the file. What it holds now is backed up first, so you can go back by "
            "restoring that backup. Undo history is cleared.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes or not self._pages_can_leave():
            return
        self.context.tasks.wait()
        try:
            safety = restore_database(db, source)
        except (OSError, MentorDeskError) as exc:
            present_error(self, "Restore failed", exc, what="Nothing was restored.")
            self.context.changed.emit(ALL_TOPICS)
            return
        self.context.undo_stack.clear()
        self.context.changed.emit(ALL_TOPICS)
        self.context.status_message.emit(
            f"Restored {db.path.name} from the backup. What it held before is in {safety}"
        )

    def show_guide(self) -> None:
        """The user guide, opened at the part about the screen shown."""
        from mentordesk.ui.window.help_dialog import HelpDialog

        if getattr(self, "help_dialog", None) is None:
            self.help_dialog = HelpDialog(self)
        page = self.current_page()
        self.help_dialog.show_topic(page.title.casefold() if page is not None else "")
        self.help_dialog.show()
        self.help_dialog.raise_()

    def show_shortcuts(self) -> None:
        from mentordesk.ui.window.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog(self.menuBar(), self).exec()

    def about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>Run a small mentoring programme: rosters, matching, agreements, "
            "monitoring and reports, on one laptop, with no internet needed.</p>"
            f"<p>Database: {self.context.db.path}</p>",
        )

    # --- state ------------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = settings.load_state("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(self._first_size())
        splitter = settings.load_state("main/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            metrics = self.nav.fontMetrics()
            nav = max(metrics.horizontalAdvance(s.title) for s in PAGES) + 4 * metrics.height()
            self.splitter.setSizes([nav, self.width() - nav])

    def _first_size(self) -> QSize:
        """1200 × 760, or the screen's free area when smaller (a 1280 × 720 laptop)."""
        wanted = QSize(1200, 760)
        screen = self.screen()
        if screen is not None:
            wanted = wanted.boundedTo(screen.availableGeometry().size())
        return wanted.expandedTo(self.minimumSize())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._pages_can_leave():
            event.ignore()
            return
        settings.save_state("main/geometry", self.saveGeometry())
        settings.save_state("main/splitter", self.splitter.saveState())
        for page in self.built_pages():
            page.save_state()
        self.context.tasks.wait(5000)
        super().closeEvent(event)
