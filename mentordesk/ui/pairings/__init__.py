"""The pairings screen: the table, a pairing's summary, meetings, goals and check-ins."""
