"""A picture of a PDF's first page, for the preview on the Documents screen."""

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
