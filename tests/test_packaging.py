"""Packaging: portable mode, the window's icon and self-closing option, what the frozen
folder keeps, and the desktop files. The frozen build itself is checked by
packaging/smoke_test.py."""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from mentordesk import __version__
from mentordesk.store import paths

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
ICONS = REPO / "resources" / "icons"


def _load_bundle_filter():  # type: ignore[no-untyped-def]
    """packaging/bundle_filter.py is a script folder's module, not part of the package."""
    spec = importlib.util.spec_from_file_location("bundle_filter", PACKAGING / "bundle_filter.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle_filter = _load_bundle_filter()


# --- portable mode ---------------------------------------------------------------------
@pytest.fixture
def frozen_at(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Pretend to be a frozen build whose executable is at the given path."""
    monkeypatch.delenv("MENTORDESK_DATA_DIR", raising=False)

    def place(executable: Path) -> Path:
        executable.parent.mkdir(parents=True, exist_ok=True)
        executable.write_bytes(b"")
        monkeypatch.setattr(sys, "frozen", True, raising=False)
        monkeypatch.setattr(sys, "executable", str(executable))
        return executable

    return place


def test_without_the_marker_data_goes_to_the_user_folder(frozen_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exe = frozen_at(tmp_path / "stick" / "MentorDesk" / "mentordesk")
    assert paths.executable_dir() == exe.parent
    assert paths.portable_dir() is None
    assert not paths.data_dir().is_relative_to(tmp_path / "stick")


def test_the_marker_keeps_everything_beside_the_executable(frozen_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exe = frozen_at(tmp_path / "stick" / "MentorDesk" / "mentordesk")
    (exe.parent / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    data = exe.parent / "MentorDesk data"
    assert paths.data_dir() == data
    assert paths.default_db_path() == data / "mentordesk.sqlite"
    assert paths.backups_dir(paths.default_db_path()) == data / "mentordesk-backups"

    from mentordesk.ui.window import window_state as settings

    assert Path(settings.app_settings().fileName()) == data / "settings.ini"


def test_the_environment_still_overrides_portable_mode(
    frozen_at, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    exe = frozen_at(tmp_path / "stick" / "mentordesk")
    (exe.parent / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setenv("MENTORDESK_DATA_DIR", str(tmp_path / "elsewhere"))
    assert paths.data_dir() == tmp_path / "elsewhere"


def test_a_macos_app_bundle_keeps_its_data_beside_the_bundle(frozen_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "stick"
    frozen_at(stick / "MentorDesk.app" / "Contents" / "MacOS" / "mentordesk")
    assert paths.portable_base() == stick
    assert paths.portable_dir() is None
    (stick / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.data_dir() == stick / "MentorDesk data"


def test_a_portable_database_is_created_beside_the_executable(frozen_at, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mentordesk.store import Database

    exe = frozen_at(tmp_path / "stick" / "MentorDesk" / "mentordesk")
    (exe.parent / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    with Database.open() as db:
        assert db.path == exe.parent / "MentorDesk data" / "mentordesk.sqlite"
        backup = db.backup()
    assert backup.parent == exe.parent / "MentorDesk data" / "mentordesk-backups"


# --- the window: icon and --quit-after --------------------------------------------------
def test_the_icon_sizes_are_rendered_at_their_size() -> None:
    from mentordesk.ui.window.app_icon import ICON_SIZES

    for size in ICON_SIZES:
        image = QImage(str(ICONS / f"mentordesk-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        # The tile is opaque in the middle: the PNGs are real renderings, not placeholders.
        assert image.pixelColor(size // 2, size // 2).alpha() == 255


def test_the_application_has_the_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    from mentordesk.ui.app import create_application

    app = create_application([])
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert {(16, 16), (32, 32), (256, 256)} <= sizes
    assert app.desktopFileName() == "org.mentordesk.MentorDesk"


def test_a_frozen_build_finds_the_icons_in_its_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentordesk.ui.window import app_icon

    bundle_icons = tmp_path / "_internal" / "resources" / "icons"
    shutil.copytree(ICONS, bundle_icons)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    files = app_icon.icon_files()
    assert files[0] == bundle_icons / "mentordesk-16.png"
    assert len(files) == len(app_icon.ICON_SIZES)


def test_quit_after_closes_the_window_with_success(demo_db_path: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "QT_QPA_PLATFORM": "offscreen",
        "MENTORDESK_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "mentordesk", "--db", str(demo_db_path), "--quit-after", "200"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    # The window really ran: it remembered the file it opened, and saved its layout.
    stored = (tmp_path / "data" / "settings.ini").read_text(encoding="utf-8")
    assert "demo.sqlite" in stored and "state" in stored


def test_quit_after_is_not_in_the_help() -> None:
    from mentordesk.cli import build_parser

    assert "--quit-after" not in build_parser().format_help()
    assert build_parser().parse_args(["--quit-after", "5"]).quit_after == 5


# --- what the frozen folder keeps ---------------------------------------------------------
@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6Network.so.6",
        "PySide6/Qt6Network.dll",
        "PySide6/Qt/lib/QtNetwork.framework/Versions/A/QtNetwork",
        "PySide6/Qt/lib/libQt6Qml.so.6",
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/plugins/tls/qschannelbackend.dll",
        "PySide6/Qt/plugins/networkinformation/libqnetworkmanager.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/generic/libqtuiotouchplugin.so",
        "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
    ],
)
def test_unused_qt_parts_are_dropped(dest: str) -> None:
    assert not bundle_filter.keep_binary(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6DBus.so.6",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt6Widgets.dll",
        "PySide6/Qt/lib/QtWidgets.framework/Versions/A/QtWidgets",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "libsqlite3.so.0",
        "sqlalchemy/cyextension/collections.cpython-311-x86_64-linux-gnu.so",
        "scipy/optimize/_lsap.cpython-311-x86_64-linux-gnu.so",
    ],
)
def test_used_parts_are_kept(dest: str) -> None:
    assert bundle_filter.keep_binary(dest)


def test_translations_are_dropped_and_resources_kept() -> None:
    assert not bundle_filter.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert bundle_filter.keep_data("resources/fonts/DejaVuSans.ttf")
    assert bundle_filter.keep_data("mentordesk/store/migrations/versions/0001_initial_schema.py")


def test_qt_network_and_tls_python_modules_are_excluded() -> None:
    assert "PySide6.QtNetwork" in bundle_filter.UNUSED_PYTHON_MODULES
    assert "ssl" in bundle_filter.UNUSED_PYTHON_MODULES
    for used in ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg"):
        assert used not in bundle_filter.UNUSED_PYTHON_MODULES


def test_the_migrations_travel_as_files(tmp_path: Path) -> None:
    migrations = REPO / "mentordesk" / "store" / "migrations"
    entries = bundle_filter.tree(migrations, "mentordesk/store/migrations")
    targets = {(Path(src).name, dest) for src, dest in entries}
    assert ("env.py", "mentordesk/store/migrations") in targets
    assert ("0001_initial_schema.py", "mentordesk/store/migrations/versions") in targets
    assert ("script.py.mako", "mentordesk/store/migrations") in targets
    # No byte-code caches, which would be stale in another Python.
    cache = tmp_path / "m" / "versions" / "__pycache__"
    cache.mkdir(parents=True)
    (cache / "0001.cpython-311.pyc").write_bytes(b"")
    (tmp_path / "m" / "versions" / "0001.py").write_text("revision = '0001'\n")
    assert bundle_filter.tree(tmp_path / "m", "x") == [
        (str(tmp_path / "m" / "versions" / "0001.py"), "x/versions")
    ]


# --- desktop integration ----------------------------------------------------------------
def test_the_windows_icon_holds_every_size() -> None:
    data = (PACKAGING / "windows" / "mentordesk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    widths = {data[6 + 16 * n] or 256 for n in range(count)}
    assert widths == {16, 24, 32, 48, 64, 128, 256}


def test_the_macos_iconset_is_complete() -> None:
    iconset = PACKAGING / "macos" / "MentorDesk.iconset"
    for points in (16, 32, 128, 256, 512):
        for scale in (1, 2):
            name = f"icon_{points}x{points}{'@2x' if scale == 2 else ''}.png"
            image = QImage(str(iconset / name))
            assert image.width() == points * scale, name


def test_the_desktop_entry_and_metadata_agree() -> None:
    from mentordesk.ui.window.app_icon import DESKTOP_ID

    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "linux" / f"{DESKTOP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "mentordesk"
    assert desktop["Icon"] == DESKTOP_ID

    meta = ET.parse(PACKAGING / "linux" / f"{DESKTOP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == DESKTOP_ID
    assert meta.findtext("launchable") == f"{DESKTOP_ID}.desktop"
    assert meta.findtext("provides/binary") == "mentordesk"
    # The newest release named there is this version.
    assert meta.find("releases/release").get("version") == __version__  # type: ignore[union-attr]


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils")
def test_the_desktop_entry_validates() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "linux" / "org.mentordesk.MentorDesk.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream")
def test_the_appstream_metadata_validates() -> None:
    result = subprocess.run(
        [
            "appstreamcli",
            "validate",
            "--no-net",
            str(PACKAGING / "linux" / "org.mentordesk.MentorDesk.metainfo.xml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script for Linux")
def test_the_linux_menu_entry_installs_for_the_user(tmp_path: Path) -> None:
    folder = tmp_path / "USB stick" / "MentorDesk"
    shutil.copytree(PACKAGING / "linux", folder / "linux")
    shutil.copytree(ICONS, folder / "_internal" / "resources" / "icons")
    exe = folder / "mentordesk"
    exe.write_text("#!/bin/sh\n", encoding="utf-8")
    exe.chmod(0o755)
    data = tmp_path / "data"
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    result = subprocess.run(
        ["sh", str(folder / "linux" / "install-desktop-entry.sh")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    installed = data / "applications" / "org.mentordesk.MentorDesk.desktop"
    assert f'Exec="{exe}"' in installed.read_text(encoding="utf-8")
    assert (data / "icons/hicolor/48x48/apps/org.mentordesk.MentorDesk.png").is_file()
    assert (data / "icons/hicolor/scalable/apps/org.mentordesk.MentorDesk.svg").is_file()
    assert (data / "metainfo/org.mentordesk.MentorDesk.metainfo.xml").is_file()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(installed)], capture_output=True)
        assert check.returncode == 0, check.stdout


def test_the_windows_installer_is_per_user_and_opens_the_window_executable() -> None:
    script = (PACKAGING / "windows" / "mentordesk.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in script.splitlines()
    assert r'Filename: "{app}\mentordeskw.exe"' in script
    spec = (PACKAGING / "mentordesk.spec").read_text(encoding="utf-8")
    assert 'executable("mentordeskw", console=False)' in spec
