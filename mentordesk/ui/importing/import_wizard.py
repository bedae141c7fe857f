"""File → Import roster… and File → Import meeting log…: pick the file and sheet, confirm
the header row, correct the column mapping, preview what will happen, import (with progress
and cancel), then see a summary with "Save rejected rows…" and "Undo this import". Each step
is a panel of its own module; this wizard holds what they share (the kind of import, the
sheet read, the mapping, who is in it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget, QWizard

from mentordesk.models import ImportKind, Role
from mentordesk.roster.import_undo import RedoImport, UndoImport
from mentordesk.roster.importer import ImportResult
from mentordesk.roster.source import RosterSource
from mentordesk.ui.importing.import_file_panel import FilePage
from mentordesk.ui.importing.import_header_panel import HeaderPage
from mentordesk.ui.importing.import_mapping_panel import MappingPage
from mentordesk.ui.importing.import_preview_panel import PreviewPage
from mentordesk.ui.importing.import_summary_panel import SummaryPage
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, AppContext
from mentordesk.ui.window.undo_commands import ActionCommand
from mentordesk.wording import plural


class ImportWizard(QWizard):
    def __init__(
        self,
        context: AppContext,
        path: Path | None = None,
        parent: QWidget | None = None,
        *,
        kind: ImportKind = ImportKind.ROSTER,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.kind = ImportKind(kind)
        self.meetings = self.kind is ImportKind.MEETINGS
        self.noun = "meeting log" if self.meetings else "roster"
        self.setWindowTitle("Import meeting log" if self.meetings else "Import roster")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.resize(900, 620)
        self.source: RosterSource | None = None
        self.mapping: dict[str, str | None] = {}
        self.role: Role | None = None
        # What the import did (not `result`: QDialog.result() is the dialog's exit code).
        self.import_result: ImportResult | None = None
        self.command: ActionCommand | None = None
        self.file_page = FilePage(self)
        self.header_page = HeaderPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.summary_page = SummaryPage(self)
        for page in (
            self.file_page,
            self.header_page,
            self.mapping_page,
            self.preview_page,
            self.summary_page,
        ):
            self.addPage(page)
        if path is not None:
            self.file_page.set_path(Path(path))

    def set_source(self, source: RosterSource | None) -> None:
        self.source = source
        self.mapping = dict(source.guessed_mapping) if source else {}

    def imported(self, result: ImportResult) -> None:
        self.import_result = result
        if result.batch_id is not None:
            added = "meetings added" if self.meetings else "added"
            self.command = ActionCommand.already_done(
                self.context,
                f"Import {result.file} ({result.created} {added})",
                redo=RedoImport(result.batch_id),
                undo=UndoImport(result.batch_id),
                warn=True,
            )
            self.context.undo_stack.push(self.command)
        self.context.notify(PARTICIPANTS, PAIRINGS, ACTIVITY)
        if self.meetings:
            done = f"{plural(result.created, 'meeting')} added"
        else:
            done = f"{result.created} added, {result.updated} updated"
        self.context.status_message.emit(f"Imported {result.file}: {done}.")

    def undo_import(self) -> bool:
        """Undo through the window's undo stack when this import is its latest step."""
        stack = self.context.undo_stack
        command = self.command
        if command is None:
            return False
        if stack.index() > 0 and stack.command(stack.index() - 1) is command:
            stack.undo()
            return not command.applied
        return command.undo_outside_stack(self)
