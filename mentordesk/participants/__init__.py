"""People in the programme: adding, editing, archiving and deleting them, their fields and
their screening checklist. Plain Python over the store, no Qt."""
