"""Pictures of a PDF's pages: the first for the preview on the Documents screen, all of
them for printing."""

from __future__ import annotations

import io

from mentordesk.errors import MentorDeskError


def first_page_png(pdf: bytes, dpi: float = 80) -> bytes:
    """The first page of `pdf` rendered as PNG bytes."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise MentorDeskError(f"The PDF could not be read for a preview: {exc}") from exc
    try:
        if len(document) == 0:
            raise MentorDeskError("The PDF has no pages to preview.")
        page = document[0]
        try:
            image = page.render(scale=dpi / 72).to_pil()
        finally:
            page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def page_pngs(pdf: bytes, dpi: float = 150) -> list[bytes]:
    """Every page of `pdf` rendered as PNG bytes, for printing through the system's printer
    dialog (which draws pictures, not PDF)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise MentorDeskError(f"The PDF could not be read for printing: {exc}") from exc
    pages = []
    try:
        for number in range(len(document)):
            page = document[number]
            try:
                image = page.render(scale=dpi / 72).to_pil()
            finally:
                page.close()
            out = io.BytesIO()
            image.save(out, format="PNG")
            pages.append(out.getvalue())
    finally:
        document.close()
    return pages
