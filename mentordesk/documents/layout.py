"""What every MentorDesk PDF shares: page size, styles, a header with the logo and the
programme, and a footer with "Page x of y" counted per section (one agreement in a batch
is one section), drawn once the pages of each section are known."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from mentordesk.documents.fonts import SANS, SANS_BOLD, markup_of, register_fonts
from mentordesk.models import PaperSize
from mentordesk.programme.text_input import format_date

if TYPE_CHECKING:
    from mentordesk.programme.programme_settings import ProgrammeSettings

INK = colors.HexColor("#1d2733")
ACCENT = colors.HexColor("#1f5f8b")
MUTED = colors.HexColor("#5b6773")
RULE = colors.HexColor("#c5ced6")
SHADE = colors.HexColor("#eef3f7")

MARGIN = 2.0 * cm
HEADER_HEIGHT = 2.2 * cm
FOOTER_HEIGHT = 1.2 * cm


def page_size(paper: PaperSize) -> tuple[float, float]:
    return LETTER if paper == PaperSize.LETTER else A4


def long_date(day: dt.date | None, missing: str = "") -> str:
    return format_date(day, long=True, missing=missing)


def short_date(day: dt.date | None, missing: str = "") -> str:
    return format_date(day, missing=missing)


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    head_right: ParagraphStyle
    header_org: ParagraphStyle
    header_line: ParagraphStyle
    footer: ParagraphStyle
    footer_right: ParagraphStyle


def make_styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=SANS, fontSize=9.5, leading=13.5, textColor=INK, spaceAfter=5
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0)
    footer = ParagraphStyle("footer", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED)
    return Styles(
        title=ParagraphStyle(
            "title", parent=body, fontName=SANS_BOLD, fontSize=18, leading=23, spaceAfter=4
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=10
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=11.5,
            leading=15,
            textColor=ACCENT,
            spaceBefore=9,
            spaceAfter=3,
            keepWithNext=1,
        ),
        body=body,
        bullet=ParagraphStyle(
            "bullet", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3, bulletFontName=SANS
        ),
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        head_right=ParagraphStyle(
            "head_right", parent=cell, fontName=SANS_BOLD, alignment=TA_RIGHT
        ),
        header_org=ParagraphStyle(
            "header_org",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=9.5,
            leading=12,
            alignment=TA_RIGHT,
            spaceAfter=0,
        ),
        header_line=ParagraphStyle(
            "header_line",
            parent=body,
            fontSize=8,
            leading=10.5,
            alignment=TA_RIGHT,
            textColor=MUTED,
            spaceAfter=0,
        ),
        footer=footer,
        footer_right=ParagraphStyle("footer_right", parent=footer, alignment=TA_RIGHT),
    )


_shaped_styles: dict[int, ParagraphStyle] = {}


def shaped(style: ParagraphStyle) -> ParagraphStyle:
    """The style with harfbuzz shaping on (used only for text that needs it)."""
    found = _shaped_styles.get(id(style))
    if found is None or found.parent is not style:
        found = ParagraphStyle(f"{style.name}-shaped", parent=style)
        found.shaping = 1
        _shaped_styles[id(style)] = found
    return found


def para(
    text: str, style: ParagraphStyle, *, bold: bool = False, bullet: str | None = None
) -> Paragraph:
    """A paragraph of plain text: escaped, each script in a font that has it, shaped and
    in visual order where the script needs it."""
    found = markup_of(text, bold or style.fontName == SANS_BOLD)
    return Paragraph(found.text, shaped(style) if found.shaped else style, bulletText=bullet)


def rich(parts: list[tuple[str, bool]], style: ParagraphStyle) -> Paragraph:
    """A paragraph of several plain-text parts, each bold or not, on lines of their own."""
    marks = [markup_of(text, bold) for text, bold in parts]
    text = "<br/>".join(
        f'<font face="{SANS_BOLD}">{m.text}</font>' if bold else m.text
        for m, (_, bold) in zip(marks, parts, strict=True)
    )
    return Paragraph(text, shaped(style) if any(m.shaped for m in marks) else style)


def fitted(text: str, style: ParagraphStyle, width: float, lines: int) -> Paragraph:
    """A paragraph of `text` that takes at most `lines` lines of `width`: the text itself,
    or as much of it as fits followed by an ellipsis."""
    paragraph = para(text, style)
    limit = style.leading * lines + 0.5
    if paragraph.wrap(width, 10_000)[1] <= limit:
        return paragraph
    low, high = 0, len(text)  # the longest prefix that fits, by bisection
    while low < high:
        middle = (low + high + 1) // 2
        if para(text[:middle].rstrip() + "…", style).wrap(width, 10_000)[1] <= limit:
            low = middle
        else:
            high = middle - 1
    return para(text[:low].rstrip() + "…", style)


@dataclass(frozen=True)
class Section:
    """One document inside a PDF (an agreement of a batch): its own page numbers."""

    key: str
    header: str  # the line under the programme name in the header
    footer: str


class SectionStart(Flowable):
    """Zero-size marker: pages from here on belong to `section`."""

    def __init__(self, section: Section) -> None:
        super().__init__()
        self.section = section

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._md_section = self.section  # type: ignore[attr-defined]


@dataclass
class Letterhead:
    """The header and footer drawn on every page."""

    organisation: str
    programme: str
    logo: bytes | None
    styles: Styles
    pagesize: tuple[float, float]
    _logo_reader: ImageReader | None = field(default=None, init=False)
    _cache: dict[str, Paragraph] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if self.logo:
            self._logo_reader = ImageReader(io.BytesIO(self.logo))

    def _paragraph(
        self, text: str, style: ParagraphStyle, width: float, lines: int = 1
    ) -> Paragraph:
        """The text as a paragraph of at most `lines` lines in `width`, shortened with an
        ellipsis when longer (a 500-character name must not run over the page)."""
        key = f"{style.name}\0{width}\0{lines}\0{text}"
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = fitted(text, style, width, lines)
        return cached

    def draw(self, canvas: Canvas, section: Section | None, page: int, pages: int) -> None:
        width, height = self.pagesize
        top = height - MARGIN * 0.7
        styles = self.styles
        text_left = MARGIN
        if self._logo_reader is not None:
            image_width, image_height = self._logo_reader.getSize()
            box_w, box_h = 4.0 * cm, HEADER_HEIGHT - 0.5 * cm
            scale = min(box_w / image_width, box_h / image_height)
            w, h = image_width * scale, image_height * scale
            canvas.drawImage(
                self._logo_reader, MARGIN, top - h, w, h, mask="auto", preserveAspectRatio=True
            )
            text_left = MARGIN + w + 0.5 * cm
        text_width = width - MARGIN - text_left
        y = top
        lines = [(self.organisation, styles.header_org), (self.programme, styles.header_line)]
        if section is not None and section.header:
            lines.append((section.header, styles.header_line))
        for text, style in lines:
            if not text:
                continue
            paragraph = self._paragraph(text, style, text_width)
            _, used = paragraph.wrap(text_width, HEADER_HEIGHT)
            paragraph.drawOn(canvas, text_left, y - used)
            y -= used
        rule_y = height - MARGIN * 0.7 - HEADER_HEIGHT
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, rule_y, width - MARGIN, rule_y)
        # Footer.
        footer_y = MARGIN * 0.55
        canvas.line(MARGIN, footer_y + FOOTER_HEIGHT * 0.75, width - MARGIN, footer_y + 0.9 * cm)
        text = section.footer if section is not None else self.programme
        left = self._paragraph(text, styles.footer, width - 2 * MARGIN - 3 * cm, lines=2)
        _, used = left.wrap(width - 2 * MARGIN - 3 * cm, FOOTER_HEIGHT)
        left.drawOn(canvas, MARGIN, footer_y + 0.75 * cm - used)
        canvas.setFont(SANS, styles.footer_right.fontSize)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(width - MARGIN, footer_y + 0.44 * cm, f"Page {page} of {pages}")


class SectionCanvas(Canvas):
    """Holds each finished page until the end, then draws headers and footers with page
    numbers counted within each section."""

    def __init__(self, *args: Any, letterhead: Letterhead, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._letterhead = letterhead
        self._md_section: Section | None = None
        self._held: list[tuple[dict[str, Any], Section | None]] = []

    def showPage(self) -> None:
        self._held.append((dict(self.__dict__), self._md_section))
        # Canvas.showPage ends with this private call; reportlab's stubs leave it out.
        cast(Any, self)._startPage()

    def save(self) -> None:
        counts = Counter(id(section) for _, section in self._held)
        seen: Counter[int] = Counter()
        held, self._held = self._held, []
        for state, section in held:
            seen[id(section)] += 1
            self.__dict__.update(state)
            self.saveState()
            self._letterhead.draw(self, section, seen[id(section)], counts[id(section)])
            self.restoreState()
            Canvas.showPage(self)
        Canvas.save(self)


class PageSetup:
    """What every document builder starts from: the programme's styles, letterhead, the
    width between the margins, and the shaded table of facts at the top of a document."""

    def __init__(self, settings: ProgrammeSettings) -> None:
        self.settings = settings
        self.styles: Styles = make_styles()
        self.letterhead = Letterhead(
            organisation=settings.organisation,
            programme=settings.name,
            logo=settings.logo,
            styles=self.styles,
            pagesize=page_size(settings.paper_size),
        )
        self.width = self.letterhead.pagesize[0] - 2 * MARGIN

    def subtitle(self, text: str) -> Paragraph:
        """The line under a document's title (the pair's names), at most three lines."""
        return fitted(text, self.styles.subtitle, self.width, 3)

    def facts_table(self, rows: Sequence[tuple[str, str]], label_width: float) -> Table:
        styles = self.styles
        data = [[para(label, styles.cell_bold), para(value, styles.cell)] for label, value in rows]
        table = Table(data, colWidths=[label_width, self.width - label_width], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                    ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ]
            )
        )
        return table


def build_pdf(
    story: list[Flowable],
    target: Path | BinaryIO,
    *,
    letterhead: Letterhead,
    title: str,
    subject: str,
    author: str,
    after_flowable: Callable[[Flowable], None] | None = None,
) -> int:
    """Lay out `story` into `target`; returns the number of pages."""
    width, height = letterhead.pagesize
    frame = Frame(
        MARGIN,
        MARGIN * 0.55 + FOOTER_HEIGHT,
        width - 2 * MARGIN,
        height - MARGIN * 0.7 - HEADER_HEIGHT - 0.35 * cm - (MARGIN * 0.55 + FOOTER_HEIGHT),
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc = BaseDocTemplate(
        str(target) if isinstance(target, Path) else target,
        pagesize=letterhead.pagesize,
        title=title,
        subject=subject,
        author=author,
        creator="MentorDesk",
        pageTemplates=[PageTemplate(id="page", frames=[frame])],
    )
    if after_flowable is not None:
        # reportlab's hook is meant to be set on the instance; its stubs see only a method.
        cast(Any, doc).afterFlowable = after_flowable
    doc.build(story, canvasmaker=partial(SectionCanvas, letterhead=letterhead))
    return int(doc.page)
