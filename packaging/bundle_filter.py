"""What goes into the frozen folder, and what stays out.

MentorDesk uses QtCore, QtGui and QtWidgets (perhaps QtPrintSupport and QtSvg); it never
touches the network. PyInstaller's Qt hooks collect every plugin of every Qt module they
meet, and the system libraries those plugins link to. The spec asks this module which
plugins to keep *before* the binary dependency analysis (so the libraries only a dropped
plugin needed stay out too), and filters the final lists once more.

Plain Python, no PyInstaller import at module level: tests/test_packaging.py checks the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

# Python modules that must not be in the bundle: Qt modules MentorDesk does not use (above
# all QtNetwork: nothing in MentorDesk may open a connection), the networking parts of the
# standard library that only optional code paths reach, and development tools.
UNUSED_QT_MODULES = [
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCanvasPainter",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLabsStyleKit",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQmlFeatures",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
]
UNUSED_PYTHON_MODULES = [
    *(f"PySide6.{name}" for name in UNUSED_QT_MODULES),
    # Optional in the standard library (guarded imports); no TLS in an offline application.
    "ssl",
    "_ssl",
    # Development and build tools that optional imports reach.
    "tkinter",
    "_tkinter",
    "pygments",  # mako's optional syntax highlighting of template errors
    "setuptools",
    "pkg_resources",
    "distutils",
    "pip",
    "wheel",
    "PyInstaller",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "IPython",
]

# Qt plugin folders MentorDesk has no use for: network backends, QML tooling, SQL drivers
# (Python's sqlite3 is used), framebuffer/EGL platforms, input devices for kiosks.
DROPPED_PLUGIN_FOLDERS = {
    "designer",
    "egldeviceintegrations",
    "generic",
    "networkinformation",
    "qmllint",
    "qmlls",
    "qmltooling",
    "sqldrivers",
    "tls",
    "vectorimageformats",
    "wayland-graphics-integration-server",
}
# Single plugins: platforms other than the desktop ones (xcb, wayland, windows, cocoa) and
# offscreen/minimal (used for checks); the GTK theme (it would load the system's GTK against
# libraries bundled here); image formats nothing in MentorDesk reads.
DROPPED_PLUGINS = {
    "qdirect2d",
    "qeglfs",
    "qgtk3",
    "qlinuxfb",
    "qminimalegl",
    "qpdf",
    "qtga",
    "qtiff",
    "qvkkhrdisplay",
    "qvnc",
    "qwbmp",
    "qwebp",
}
# Qt libraries of modules MentorDesk does not use, however they got pulled in.
DROPPED_QT_LIBRARY = re.compile(
    r"^(?:lib)?qt6?(?:network|qml|quick|pdf|eglfs|virtualkeyboard|multimedia|webengine"
    r"|3d|positioning|websockets|labs|sql|test|designer|uitools|help)",
)


def plugin_name(path: str) -> str:
    """'…/libqvnc.so' → 'qvnc'; 'qvnc.dll' → 'qvnc'; 'libqcocoa.dylib' → 'qcocoa'."""
    stem = PurePath(path.replace("\\", "/")).name.split(".")[0].lower()
    return stem.removeprefix("lib")


def keep_plugin(path: str) -> bool:
    """Is this Qt plugin file (source or bundle path) wanted?"""
    parts = [p.lower() for p in PurePath(path.replace("\\", "/")).parts]
    folder = parts[-2] if len(parts) > 1 else ""
    if folder in DROPPED_PLUGIN_FOLDERS:
        return False
    return plugin_name(path) not in DROPPED_PLUGINS


def keep_binary(dest: str) -> bool:
    """Is this entry of Analysis.binaries (its path inside the bundle) wanted?"""
    parts = [p.lower() for p in PurePath(dest.replace("\\", "/")).parts]
    if "plugins" in parts and not keep_plugin(dest):
        return False
    # Qt libraries: libQt6Network.so.6 (Linux), Qt6Network.dll (Windows),
    # QtNetwork.framework/... (macOS).
    return not any(DROPPED_QT_LIBRARY.match(part) for part in parts)


def keep_data(dest: str) -> bool:
    """Is this entry of Analysis.datas wanted?

    Qt's translations only serve a QTranslator, and MentorDesk installs none (its window is
    in English), so they are left out.
    """
    parts = [p.lower() for p in PurePath(dest.replace("\\", "/")).parts]
    if "translations" in parts and parts[-1].endswith(".qm"):
        return False
    if "plugins" in parts and not keep_plugin(dest):
        return False
    return not any(DROPPED_QT_LIBRARY.match(part) for part in parts)


def tree(source: Path, target: str) -> list[tuple[str, str]]:
    """Every file under `source` (no byte-code caches) as PyInstaller (file, folder) pairs."""
    found = []
    for path in sorted(source.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        folder = PurePath(target, *path.relative_to(source).parent.parts)
        found.append((str(path), folder.as_posix()))
    return found


def install_plugin_filter() -> bool:
    """Make PyInstaller's Qt hooks skip the dropped plugins, so the system libraries that
    only those plugins link to are never analysed. Returns False if the hook API changed
    (the final filter in the spec still removes the plugins themselves)."""
    try:
        from PyInstaller.utils.hooks.qt import QtLibraryInfo
    except ImportError:  # pragma: no cover - depends on the PyInstaller version
        return False
    original: Callable[..., list[Any]] | None = getattr(QtLibraryInfo, "collect_plugins", None)
    if original is None or getattr(original, "_mentordesk_filter", False):
        return original is not None

    def collect_plugins(self: Any, plugin_type: str) -> list[Any]:
        if plugin_type.lower() in DROPPED_PLUGIN_FOLDERS:
            return []
        return [entry for entry in original(self, plugin_type) if keep_plugin(str(entry[0]))]

    collect_plugins._mentordesk_filter = True  # type: ignore[attr-defined]
    QtLibraryInfo.collect_plugins = collect_plugins  # type: ignore[method-assign]
    return True
