"""MentorDesk never opens a network connection: every module imports, and the commands
run, with the socket functions that reach the network made to fail loudly; no module
imports a networking library; the window runs without Qt's network module loaded."""

from __future__ import annotations

import ast
import importlib
import json
import os
import pkgutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import mentordesk
from mentordesk.cli import main

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "mentordesk"
# Alembic runs the migrations as scripts inside a migration, and __main__ runs the command
# line: importing them alone is not what they are for.
NOT_IMPORTABLE_ALONE = ("mentordesk.store.migrations.", "mentordesk.__main__")
FORBIDDEN_IMPORTS = (
    "PySide6.QtNetwork",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebSockets",
    "PySide6.QtHttpServer",
    "urllib.request",
    "http.client",
    "ftplib",
    "smtplib",
    "xmlrpc.client",
    "requests",
    "httpx",
    "urllib3",
    "aiohttp",
)


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every way out of the machine raises, and is recorded (in case a caller swallows it)."""
    attempts: list[str] = []

    def refuse(name: str):  # type: ignore[no-untyped-def]
        def blocked(*args, **kwargs):  # type: ignore[no-untyped-def]
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise NetworkUsed(f"MentorDesk tried to reach the network: {name}{args}")

        return blocked

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket.socket, "sendto", refuse("socket.sendto"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield attempts
    assert attempts == [], f"network access attempted: {attempts}"


def all_module_names() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(mentordesk.__path__, prefix="mentordesk.")
        if not info.name.startswith(NOT_IMPORTABLE_ALONE)
    ]
    assert "mentordesk.cli" in names and "mentordesk.ui.window.main_window" in names
    return sorted(names)


def test_every_module_imports_without_the_network(no_network: list[str]) -> None:
    for name in all_module_names():
        importlib.import_module(name)


def test_commands_run_without_the_network(
    no_network: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "offline.sqlite")
    assert main(["--db", db, "demo"]) == 0
    assert main(["--db", db, "list", "participants", "--json"]) == 0
    assert main(["--db", db, "list", "pairings"]) == 0
    assert main(["--db", db, "backup"]) == 0
    output = capsys.readouterr().out
    assert "Loaded the demo programme" in output
    assert "offline-backups" in output


def test_the_guard_catches_a_connection(no_network: list[str]) -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("192.0.2.1", 9))  # TEST-NET-1: never routed
    assert no_network == ["create_connection(('192.0.2.1', 9),)"]
    no_network.clear()


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_module_imports_a_networking_library() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for name in imported_names(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_IMPORTS):
                offenders.append(f"{path.relative_to(REPO)}: {name}")
    assert offenders == []


WINDOW_CHILD = """
import importlib, json, pkgutil, sys
from pathlib import Path
import mentordesk
for info in pkgutil.walk_packages(mentordesk.__path__, prefix="mentordesk."):
    if not info.name.startswith(("mentordesk.store.migrations.", "mentordesk.__main__")):
        importlib.import_module(info.name)
from mentordesk.store import Database
from mentordesk.ui.app import create_application
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
app = create_application([])
window = MainWindow(AppContext(Database.open(Path(sys.argv[1]))))
window.show()
for page in range(window.stack.count()):
    window.nav.setCurrentRow(page)
    app.processEvents()
maps = Path("/proc/self/maps")
libraries = maps.read_text() if maps.exists() else ""
print(json.dumps({
    "qtnetwork_module": "PySide6.QtNetwork" in sys.modules,
    "qtnetwork_library": "Qt6Network" in libraries,
    "checked_libraries": bool(libraries),
}))
window.close()
"""


def test_the_window_runs_without_qt_network(demo_db_path: Path) -> None:
    """In a fresh process: every screen shown, and Qt's network module never loaded."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_CHILD, str(demo_db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["qtnetwork_module"] is False
    assert found["qtnetwork_library"] is False
    if sys.platform.startswith("linux"):
        assert found["checked_libraries"] is True
