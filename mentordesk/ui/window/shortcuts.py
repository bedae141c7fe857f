"""Keys a screen handles itself, beside the window's menu commands.

The window owns New (Ctrl+Shift+N), Delete, Find (Ctrl+F), Export (Ctrl+E), Undo and the
rest of its menus, and passes them to the current screen (see ui/page.py). Two bindings of
one key that are active together make Qt refuse both ("ambiguous shortcut"), so a screen
never binds those keys again: it implements the page capability instead, and binds only
keys of its own with `add_shortcut`, which also describes them for Help → Keyboard
shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

KeySpec = str | QKeySequence | QKeySequence.StandardKey | Qt.Key


def add_shortcut(
    owner: QWidget,
    keys: KeySpec,
    slot: Callable[[], object],
    description: str,
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QShortcut:
    """A key on `owner`. The default context makes it work wherever the focus is, as long
    as `owner` is shown: a screen's keys work only while that screen is the current one."""
    shortcut = QShortcut(QKeySequence(keys), owner)
    shortcut.setContext(context)
    shortcut.setWhatsThis(description)
    shortcut.activated.connect(slot)
    return shortcut


def key_text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def described_shortcuts(widget: QWidget) -> list[tuple[str, str]]:
    """(what it does, keys) for every described shortcut inside `widget`, once each; keys
    bound to one description (Return and Enter) are listed together."""
    keys: dict[str, list[str]] = {}
    for shortcut in widget.findChildren(QShortcut):
        text = shortcut.whatsThis()
        if text:
            bound = keys.setdefault(text, [])
            key = key_text(shortcut.key())
            if key not in bound:
                bound.append(key)
    return [(text, " or ".join(bound)) for text, bound in keys.items()]
