from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mentordesk import resources


def test_a_frozen_bundle_is_looked_at_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "resources"
    (bundled / "fonts").mkdir(parents=True)
    (bundled / "fonts" / "DejaVuSans.ttf").write_bytes(b"font")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    resources.resources_dir.cache_clear()
    try:
        assert (
            resources.resource_path("fonts", "DejaVuSans.ttf")
            == bundled / "fonts" / "DejaVuSans.ttf"
        )
    finally:
        monkeypatch.undo()
        resources.resources_dir.cache_clear()
    # Back to the checkout's folder.
    assert resources.resources_dir() == Path(resources.__file__).resolve().parents[1] / "resources"
