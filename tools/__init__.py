"""Developer tools run by hand (screenshots for the documentation)."""
