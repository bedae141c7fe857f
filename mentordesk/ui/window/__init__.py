"""The main window and what every screen shares: navigation, the undo stack, settings."""
