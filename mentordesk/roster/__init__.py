"""Roster and meeting-log import: read any real spreadsheet, map its columns, import
clean rows in one transaction, report the rest, and undo on request."""
