"""The house rules a reviewer would otherwise check by hand: the layer contracts
(import-linter, configured in pyproject.toml) and the strict type check of every package,
the window's included (mypy, configured there too)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return found


def test_the_layer_contracts_hold() -> None:
    result = subprocess.run(
        [_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes_on_every_package() -> None:
    result = subprocess.run(
        [_tool("mypy"), "--no-incremental"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr


def test_ruff_lint_and_format_are_clean() -> None:
    for command in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run([_tool("ruff"), *command], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout[-5000:] + result.stderr


def test_every_benchmark_has_a_smoke_size() -> None:
    """CI runs each benchmark with --smoke (see .ci/run), so none rots unnoticed."""
    scripts = [
        path
        for path in sorted((ROOT / "benchmarks").glob("*.py"))
        if '__name__ == "__main__"' in path.read_text(encoding="utf-8")
    ]
    assert scripts
    missing = [p.name for p in scripts if '"--smoke"' not in p.read_text(encoding="utf-8")]
    assert missing == []


def test_module_names_say_where_they_belong() -> None:
    """No two modules share a file name (a search finds the one meant), and the window's
    top level stays a hall with rooms, not one flat room."""
    package = ROOT / "mentordesk"
    names: dict[str, list[str]] = {}
    for path in package.rglob("*.py"):
        if "migrations" in path.parts or path.name == "__init__.py":
            continue
        names.setdefault(path.name, []).append(path.relative_to(ROOT).as_posix())
    assert {name: paths for name, paths in names.items() if len(paths) > 1} == {}
    assert len([p for p in (package / "ui").iterdir() if p.is_file()]) <= 12


def test_the_window_opens_no_session_or_transaction() -> None:
    """The window calls actions and queries; a unit of work is never opened in ui/."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "mentordesk" / "ui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ".transaction(" in line or ".reading(" in line or "sqlalchemy" in line
    ]
    assert found == []


def test_dates_are_shown_by_one_function() -> None:
    """Every date a coordinator reads (screens, messages, documents, the command line) is
    written by programme.text_input.format_date, so "06/05/2026" and "09 May 2026" never
    sit side by side. File-name stamps (store/) and SQL's strftime are not for reading."""
    date_format = re.compile(
        r"(?<!func\.)strftime\(|\{[^{}\n]*:%[aAbBdjmyYHM][^{}\n]*\}|%[dm]/%[dm]"
    )
    allowed = {ROOT / "mentordesk" / "programme" / "text_input.py"}
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "mentordesk").rglob("*.py"))
        if path not in allowed and "store" not in path.relative_to(ROOT).parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if date_format.search(line)
    ]
    assert not found, "Show dates with format_date:\n" + "\n".join(found)
    # The check itself finds what it is for.
    assert date_format.search('f"on {day:%d %b %Y}"') and date_format.search("d.strftime(x)")
