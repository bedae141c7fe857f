"""The README is a promise: its command table names every command, and `.ci/run` installs
the system libraries its "Try it" line gives."""

from __future__ import annotations

import argparse
import re

from mentordesk.cli import build_parser
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_command_table_lists_every_command() -> None:
    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    first_cells = re.findall(r"^\| `mentordesk ([^`]*)` \|", README, flags=re.MULTILINE)
    listed = {name for cell in first_cells for name in re.split(r"\\\||\s", cell) if name}
    missing = sorted(set(commands.choices) - listed)
    assert not missing, f"README's command table leaves out {missing}"


def test_ci_installs_the_readme_apt_line() -> None:
    (line,) = re.findall(r"^sudo apt-get install (libxcb-cursor0 .*)$", README, re.MULTILINE)
    for library in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"):
        assert library in line.split()
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "sed -n 's/^sudo apt-get install \\(libxcb-cursor0 .*\\)$/\\1/p' README.md" in ci
    assert "xvfb-run -a mentordesk" in ci and "--quit-after" in ci
