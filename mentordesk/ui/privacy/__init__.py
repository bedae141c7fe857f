"""Passphrase, lock, history, erasure and a person's own data, in the window."""
