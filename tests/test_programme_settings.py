from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pytest
from PIL import Image

from mentordesk.documents import agreement_text
from mentordesk.errors import ValidationError
from mentordesk.models import PaperSize
from mentordesk.programme.programme_settings import (
    load_settings,
    prepare_logo,
    restore_settings,
    save_settings,
)
from mentordesk.resources import resource_path, resources_dir
from mentordesk.store import Database


def _png(width: int, height: int, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), (30, 90, 140, 255)[: len(mode)]).save(out, format="PNG")
    return out.getvalue()


def test_resources_are_found_with_their_licences() -> None:
    fonts = resources_dir() / "fonts"
    for name in ("DejaVuSans.ttf", "NanumSquareR.ttf", "LICENSE-DejaVu.txt"):
        assert (fonts / name).is_file()
    assert "Open Font License" in resource_path("fonts", "LICENSE-Nanum-OFL.txt").read_text()
    with pytest.raises(Exception, match="reinstall"):
        resource_path("fonts", "no-such-font.ttf")


def test_settings_round_trip_and_text_version(db: Database) -> None:
    with db.reading() as session:
        before = load_settings(session)
    assert before.uses_default_text
    changed = replace(
        before,
        name="Bright Futures",
        organisation="Riverside Trust",
        start_date=dt.date(2026, 9, 1),
        end_date=dt.date(2027, 7, 31),
        coordinator_name="Alex Morgan",
        paper_size=PaperSize.LETTER,
    )
    with db.transaction() as session:
        stored = save_settings(session, changed)
    # Other settings do not change the text's version.
    assert stored.agreement_version == before.agreement_version
    assert stored.paper_size is PaperSize.LETTER

    new_text = agreement_text.default_text() + "\n# Extra\nA promise to {mentee_name}.\n"
    with db.transaction() as session:
        stored = save_settings(session, replace(stored, agreement_text=new_text))
    assert stored.agreement_version == before.agreement_version + 1
    assert stored.agreement_text is not None and "A promise to" in stored.agreement_text

    # Saving the same text again (other line endings) keeps the version.
    with db.transaction() as session:
        again = save_settings(
            session, replace(stored, agreement_text=new_text.replace("\n", "\r\n"))
        )
    assert again.agreement_version == stored.agreement_version

    # Back to the shipped text: stored as "default" and counted as a new version.
    with db.transaction() as session:
        back = save_settings(session, replace(again, agreement_text=agreement_text.default_text()))
    assert back.uses_default_text
    assert back.agreement_version == stored.agreement_version + 1

    # Undo puts everything back, version included.
    with db.transaction() as session:
        restored = restore_settings(session, before)
    with db.reading() as session:
        assert load_settings(session) == restored == before


def test_unknown_placeholder_refuses_the_save_and_writes_nothing(db: Database) -> None:
    with db.reading() as session:
        before = load_settings(session)
    bad = replace(before, name="Renamed", agreement_text="# Hi\nDear {mentee_nmae},")
    with pytest.raises(ValidationError, match="mentee_nmae"), db.transaction() as session:
        save_settings(session, bad)
    with db.reading() as session:
        assert load_settings(session) == before


def test_settings_are_checked(db: Database) -> None:
    with db.reading() as session:
        before = load_settings(session)
    with pytest.raises(ValidationError, match="end date is before"), db.transaction() as session:
        save_settings(
            session,
            replace(before, start_date=dt.date(2026, 9, 1), end_date=dt.date(2026, 1, 1)),
        )
    with pytest.raises(ValidationError, match="needs a name"), db.transaction() as session:
        save_settings(session, replace(before, name="  "))


def test_logo_is_checked_and_made_small() -> None:
    data, mime = prepare_logo(_png(3000, 1000))
    assert mime == "image/jpeg"
    with Image.open(io.BytesIO(data)) as image:
        assert max(image.size) == 600
    data, mime = prepare_logo(_png(200, 100, "RGBA"))
    assert mime == "image/png"
    with pytest.raises(ValidationError, match="not an image"):
        prepare_logo(b"%PDF-1.4 this is not a picture", "logo.pdf")
