"""The Qt window: the only package that imports PySide6.

One room per screen (`dashboard/`, `participants/`, `pairings/`, `matching/`, `documents/`,
`importing/`), `window/` for the main window and what every screen shares, `widgets/` for
shared parts. The rooms `participants/`, `pairings/`, `matching/` and `documents/` mirror the
domain packages of the same name on purpose: each shows what its namesake does."""
