"""The programme as a whole: its settings, read-only views as plain rows, the demo
programme, spreadsheet export and reading what a coordinator types."""
