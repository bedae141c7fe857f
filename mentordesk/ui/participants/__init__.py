"""The participants screen: the table, the editor and the screening checklist."""
