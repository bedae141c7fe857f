"""Every name prints right: each script with its own glyphs, in order, shaped; the text a
reader copies out of the PDF is the name as typed; and what no font can print is named
before printing."""

from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageFilter
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QTextOption

from mentordesk.cli import main
from mentordesk.documents.agreements import agreement_pdf_bytes, write_agreements
from mentordesk.documents.fonts import FACES, markup_of, missing_glyphs
from mentordesk.documents.reports import default_period, report_pdf_bytes
from mentordesk.models import Participant, Programme
from mentordesk.resources import resource_path
from mentordesk.store import Database, current_programme_id
from tests.odd_pairs import SCRIPT_NAMES, add_script_pairs

PROGRAMME_NAME = "Mentoring برنامج 导师 प्रोग्राम"

NAMES = {script: f"{first} {last}" for script, (first, last) in SCRIPT_NAMES.items()}
_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def pdftotext(pdf: bytes) -> str:
    """The text poppler's pdftotext reads from the PDF, without its bidi embedding marks."""
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8").translate(_MARKS)


def as_typed(name: str, text: str) -> bool:
    """The name is in the text with its letters and words in the order typed. Where a
    right-to-left run meets a left-to-right one, poppler moves the space between them to
    the run's other side, so there spaces are not compared."""
    if name in text:
        return True
    rtl = any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in name)
    ltr = any(unicodedata.bidirectional(ch) == "L" for ch in name)
    return rtl and ltr and "".join(name.split()) in "".join(text.split())


needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


@pytest.fixture
def script_db(demo_db: Database) -> Iterator[tuple[Database, dict[str, int]]]:
    with demo_db.transaction() as session:
        programme = session.get(Programme, current_programme_id(session))
        assert programme is not None
        programme.name = PROGRAMME_NAME
    yield demo_db, add_script_pairs(demo_db)


def _agreements(db: Database, ids: dict[str, int], tmp_path: Path) -> bytes:
    out = tmp_path / "agreements.pdf"
    write_agreements(db, out, list(ids.values()), record=False)
    return out.read_bytes()


# --- the text layer ----------------------------------------------------------------------


@needs_pdftotext
def test_pdftotext_gives_back_every_name_as_typed(
    script_db: tuple[Database, dict[str, int]], tmp_path: Path
) -> None:
    db, ids = script_db
    text = pdftotext(_agreements(db, ids, tmp_path))
    for script, name in NAMES.items():
        assert as_typed(name, text), script
    report = pdftotext(report_pdf_bytes(db, default_period(db, ids["Arabic"]), ids["Arabic"])[0])
    assert as_typed(NAMES["Arabic"], report)
    assert as_typed(PROGRAMME_NAME, report)
    programme = pdftotext(report_pdf_bytes(db, default_period(db))[0])
    assert as_typed(PROGRAMME_NAME, programme)


def test_each_script_is_set_in_a_font_that_has_it() -> None:
    for script, name in NAMES.items():
        assert not missing_glyphs(name), script
        found = markup_of(name)
        if script in ("Latin", "Greek", "Cyrillic"):
            assert found.text == name  # the main font, no shaping: printed at full speed
        else:
            assert "<font face=" in found.text, script
    # Arabic, Hebrew, Indic and Thai are shaped; right-to-left words come in visual order.
    assert markup_of(NAMES["Devanagari"]).shaped
    assert markup_of(NAMES["Arabic"]).text.index("العلي") < markup_of(NAMES["Arabic"]).text.index(
        "محمد"
    )


# --- what is on paper --------------------------------------------------------------------


def _ink(image: Image.Image) -> np.ndarray:
    return 1.0 - np.asarray(image.convert("L"), dtype=float) / 255.0


def _crop_to_ink(ink: np.ndarray) -> np.ndarray:
    rows = np.where(ink.max(axis=1) > 0.3)[0]
    cols = np.where(ink.max(axis=0) > 0.3)[0]
    assert rows.size and cols.size, "nothing was drawn"
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _resized(ink: np.ndarray, size: tuple[int, int] = (240, 40)) -> np.ndarray:
    """Same size, blurred a little: strokes a pixel apart still count as alike."""
    image = Image.fromarray((ink * 255).astype(np.uint8)).resize(size, Image.Resampling.BOX)
    image = image.filter(ImageFilter.GaussianBlur(1.5))
    values = np.asarray(image, dtype=float)
    return (values - values.mean()) / (values.std() or 1.0)


def _similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float((_resized(a) * _resized(b)).mean())


@pytest.fixture(scope="module")
def qt_families(qapp: Any) -> list[str]:
    return load_qt_families()


def load_qt_families() -> list[str]:
    """Our own fonts, loaded into Qt so it draws each name with the same glyphs."""
    families: list[str] = []
    # Droid Sans Fallback before NanumSquare, whose hanja are blank: as the PDFs choose.
    for face in sorted(FACES, key=lambda f: f.regular == "MD-Hangul"):
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", face.files[0])))
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return families


def qt_rendering(text: str, families: list[str]) -> np.ndarray:
    """The name as Qt draws it (its own bidi and harfbuzz shaping), as ink."""
    image = QImage(1400, 160, QImage.Format.Format_Grayscale8)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont()
    font.setFamilies(families)
    font.setPixelSize(60)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    option = QTextOption(Qt.AlignmentFlag.AlignCenter)
    option.setTextDirection(Qt.LayoutDirection.LeftToRight)  # as the documents (English)
    painter.drawText(QRectF(image.rect()), text, option)
    painter.end()
    buffer = image.bits().tobytes()
    array = np.frombuffer(buffer, dtype=np.uint8).reshape(160, image.bytesPerLine())[:, :1400]
    return 1.0 - array.astype(float) / 255.0


def name_on_page(pdf: bytes, name: str, page_index: int = 0) -> np.ndarray:
    """The ink of the name in the document's subtitle ("<mentee> and <mentor>")."""
    letters = {ch for ch in name if not ch.isspace() and ord(ch) > 0x2FF}
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[page_index]
        text_page = page.get_textpage()
        chars = [
            (
                chr(pdfium_c.FPDFText_GetUnicode(text_page.raw, index)),
                text_page.get_charbox(index, loose=True),
            )
            for index in range(text_page.count_chars())
        ]
        found = [box for ch, box in chars if ch in letters]
        assert found, f"{name!r} is not in the page's text"
        # Lines: boxes whose middles are close. The first line under the letterhead (about
        # 105 pt from the top of the page) that holds them is the subtitle.
        height = page.get_height()
        found = [box for box in found if box[3] < height - 105]
        lines: list[list[Any]] = []
        for box in sorted(found, key=lambda b: -(b[1] + b[3])):
            if lines and abs((lines[-1][0][1] + lines[-1][0][3]) - (box[1] + box[3])) < 6:
                lines[-1].append(box)
            else:
                lines.append([box])
        line = lines[0]
        middle = (line[0][1] + line[0][3]) / 2
        left = min(b[0] for b in line) - 1.5
        # The name ends where " and" begins (glyph boxes of shaped text can fall short).
        after = [
            box[0]
            for ch, box in chars
            if ch.isascii() and ch.isalpha() and box[0] > left and box[1] < middle < box[3]
        ]
        right = min(after, default=max(b[2] for b in line) + 1.5) - 0.5
        top = max(b[3] for b in line) + 1
        bottom = min(b[1] for b in line) - 1
        scale = 4
        bitmap = page.render(scale=scale, grayscale=True).to_pil()
        crop = bitmap.crop(
            (
                int(left * scale),
                int((height - top) * scale),
                int(right * scale),
                int((height - bottom) * scale),
            )
        )
        text_page.close()
        page.close()
    finally:
        document.close()
    return _ink(crop)


VISUAL = [s for s in NAMES if s != "Latin"]


@pytest.fixture(scope="module")
def visual_pdfs(
    tmp_path_factory: pytest.TempPathFactory, demo_template_db: Path
) -> dict[str, dict[str, bytes]]:
    """Each document type for each script pair, made once for the module."""
    path = tmp_path_factory.mktemp("scripts") / "scripts.sqlite"
    shutil.copyfile(demo_template_db, path)
    db = Database.open(path)
    try:
        ids = add_script_pairs(db)
        return {
            script: {
                "agreement": agreement_pdf_bytes(db, ids[script]),
                "report": report_pdf_bytes(db, default_period(db, ids[script]), ids[script])[0],
            }
            for script in VISUAL
        }
    finally:
        db.close()


@pytest.mark.parametrize("document", ["agreement", "report"])
@pytest.mark.parametrize("script", VISUAL)
def test_each_name_is_drawn_like_qt_draws_it(
    script: str,
    document: str,
    visual_pdfs: dict[str, dict[str, bytes]],
    qt_families: list[str],
    qapp: Any,
) -> None:
    name = NAMES[script]
    on_paper = _crop_to_ink(name_on_page(visual_pdfs[script][document], name))
    assert on_paper.mean() > 0.05, "the name is blank on paper"
    by_qt = _crop_to_ink(qt_rendering(name, qt_families))
    same = _similarity(on_paper, by_qt)
    # What a wrong rendering would look like: letters reversed, words in the wrong order.
    mirrored = _similarity(on_paper, by_qt[:, ::-1])
    swapped = " ".join(reversed(name.split()))
    words_swapped = _similarity(on_paper, _crop_to_ink(qt_rendering(swapped, qt_families)))
    # Same glyphs in the same order look alike (0.45 to 0.98 here); reversed words or
    # letters, unjoined Arabic or missing glyphs do not (below 0.5, and well below "same").
    assert same > 0.4, f"{script}: {same:.2f}"
    assert same > max(mirrored, words_swapped) + 0.1, (
        f"{script}: {same:.2f}; mirrored {mirrored:.2f}, words swapped {words_swapped:.2f}"
    )


# --- what cannot be printed is named first --------------------------------------------


def test_emoji_and_unknown_scripts_are_named_before_printing(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = Database.open(demo_db_path)
    try:
        ids = add_script_pairs(db)
        with db.transaction() as session:
            from mentordesk.models import Pairing

            pairing = session.get(Pairing, ids["Latin"])
            assert pairing is not None
            person = session.get(Participant, pairing.mentee_id)
            assert person is not None
            person.first_name = "Søren 🎉"
    finally:
        db.close()
    out = tmp_path / "a.pdf"
    args = ["--db", str(demo_db_path), "agreements", "--out", str(out), "--pairing"]
    assert main([*args, str(ids["Latin"])]) == 0
    err = capsys.readouterr().err
    assert f"Pairing {ids['Latin']} (Søren 🎉 Björk-Nguyễn and" in err
    assert "🎉 (PARTY POPPER)" in err
    assert out.exists()  # a warning, not a refusal
    # DejaVu Sans draws some emoji (😀) itself; Ethiopic has no font here.
    assert missing_glyphs("Ṁ ሰላም 😀 ⚽") == {"ሰ", "ላ", "ም", "⚽"}


def test_text_a_page_keeps_small(script_db: tuple[Database, dict[str, int]]) -> None:
    db, ids = script_db
    for script in ("Chinese", "Arabic", "Devanagari", "Mixed"):
        pdf = agreement_pdf_bytes(db, ids[script])
        pages = len(pypdfium2.PdfDocument(io.BytesIO(pdf)))
        assert len(pdf) / pages < 40 * 1024, script
