"""Render the application icon from its SVG source into every size the platforms want.

    python packaging/make_icons.py

Writes (all committed, so a build needs none of this):
- resources/icons/mentordesk-{16..512}.png  the window icon and the Linux hicolor sizes
- packaging/windows/mentordesk.ico          Windows executable and installer (Pillow)
- packaging/macos/MentorDesk.iconset/       turned into MentorDesk.icns on a Mac with
                                            `iconutil -c icns packaging/macos/MentorDesk.iconset`

Rendering uses Qt's SVG renderer (PySide6.QtSvg, part of PySide6-Essentials), offscreen.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "mentordesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# iconutil's names: icon_<points>x<points>[@2x].png
ICONSET = {
    "icon_16x16.png": 16,
    "icon_16x16@2x.png": 32,
    "icon_32x32.png": 32,
    "icon_32x32@2x.png": 64,
    "icon_128x128.png": 128,
    "icon_128x128@2x.png": 256,
    "icon_256x256.png": 256,
    "icon_256x256@2x.png": 512,
    "icon_512x512.png": 512,
    "icon_512x512@2x.png": 1024,
}


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def write_ico(path: Path, pngs: dict[int, bytes]) -> None:
    from PIL import Image

    images = [Image.open(io.BytesIO(pngs[size])) for size in ICO_SIZES]
    largest = images[-1]
    largest.save(
        path,
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=images[:-1],
    )


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *ICONSET.values()})
    pngs = {size: render_png(size) for size in sizes}

    icons = ROOT / "resources" / "icons"
    for size in PNG_SIZES:
        (icons / f"mentordesk-{size}.png").write_bytes(pngs[size])

    windows = ROOT / "packaging" / "windows"
    windows.mkdir(parents=True, exist_ok=True)
    write_ico(windows / "mentordesk.ico", pngs)

    iconset = ROOT / "packaging" / "macos" / "MentorDesk.iconset"
    iconset.mkdir(parents=True, exist_ok=True)
    for name, size in ICONSET.items():
        (iconset / name).write_bytes(pngs[size])
    del app
    print(f"Rendered {SOURCE.name} into {len(PNG_SIZES)} PNGs, an .ico and an iconset.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
