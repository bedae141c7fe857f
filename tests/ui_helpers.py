"""Helpers for driving the real widgets in tests: answer message boxes, find actions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox


@dataclass
class Boxes:
    """Message boxes shown during a test, and what each answered."""

    shown: list[tuple[str, str]] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)

    def answer(self, *answers: Any) -> None:
        self.answers.extend(answers)

    def texts(self) -> str:
        return "\n".join(f"{title}: {text}" for title, text in self.shown)


def patch_message_boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """Static boxes return the next queued answer (default: the default button); a box
    run with exec() clicks the queued button text (default: Cancel)."""
    boxes = Boxes()

    def static(kind: str) -> Any:
        def show(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            boxes.shown.append((title, text))
            if boxes.answers:
                return boxes.answers.pop(0)
            if kind == "question":
                return args[1] if len(args) > 1 else QMessageBox.StandardButton.Yes
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, static(kind))

    def run(box: QMessageBox) -> int:
        boxes.shown.append((box.windowTitle(), f"{box.text()} {box.informativeText()}"))
        # A box with one button (an error shown) is answered with it; others with Cancel.
        only = box.buttons()[0].text().replace("&", "") if len(box.buttons()) == 1 else None
        wanted = boxes.answers.pop(0) if boxes.answers else (only or "Cancel")
        for button in box.buttons():
            if button.text().replace("&", "") == wanted:
                button.click()
                return 0
        raise AssertionError(f"no button {wanted!r} in {[b.text() for b in box.buttons()]}")

    monkeypatch.setattr(QMessageBox, "exec", run)
    return boxes


def iter_actions(menu_bar: Any) -> Iterator[Any]:
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if action.menu() is not None:
                yield from action.menu().actions()
            else:
                yield action
