"""Shared widgets: the table model and view, date and form fields, charts, the task runner."""
