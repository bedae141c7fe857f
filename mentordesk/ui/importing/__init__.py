"""The import wizard and its undoable import command."""
