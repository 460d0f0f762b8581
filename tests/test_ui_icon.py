"""The app's icon: the files, the QIcon made from them, and the windows that carry it.

The icon is decoration, so the test that matters most besides "it shows" is that a
missing or broken icon file never stops the app. The start-up paths run in their own
process, as a chair starts the app: they install an event filter and an error hook on
the application that should not outlive them in this one.
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from cinchair import APP_NAME
from cinchair.store.facade import Store, sqlite_url
from cinchair.ui.app import make_main_window
from cinchair.ui.widgets.icon import ICON_SIZES, app_icon, icons_dir, install_app_icon

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"


def _sizes(icon: QIcon) -> set[int]:
    return {size.width() for size in icon.availableSizes()}


@pytest.fixture
def bare_app(qapp: QApplication) -> Iterator[QApplication]:
    """The shared application with no icon set, put back as it was afterwards."""
    icon, name = qapp.windowIcon(), qapp.desktopFileName()
    qapp.setWindowIcon(QIcon())
    qapp.setDesktopFileName("")
    yield qapp
    qapp.setWindowIcon(icon)
    qapp.setDesktopFileName(name)


def test_the_icon_is_found_where_the_other_resources_are() -> None:
    assert icons_dir() == ICONS
    assert (icons_dir() / f"{APP_NAME}.svg").is_file()


def test_the_icon_loads_with_every_size_from_16_to_256(qapp: QApplication) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert _sizes(icon) >= {16, 256}
    assert _sizes(icon) >= set(ICON_SIZES)
    for size in (16, 20, 32, 256):  # 20: a 16 px title bar at 125% display scaling
        pixmap = icon.pixmap(size, size)
        assert not pixmap.isNull()
        assert pixmap.width() == size


def test_the_app_and_its_windows_carry_the_icon_once_installed(
    bare_app: QApplication, store: Store
) -> None:
    assert bare_app.windowIcon().isNull()
    installed = install_app_icon(bare_app)
    assert not installed.isNull()
    assert _sizes(bare_app.windowIcon()) >= {16, 256}
    assert bare_app.desktopFileName() == APP_NAME  # the desktop entry's name, for Wayland
    window = make_main_window(store)
    try:
        assert _sizes(window.windowIcon()) >= {16, 256}
        box = QMessageBox(window)
        assert _sizes(box.windowIcon()) >= {16, 256}
    finally:
        window.close()
        window.deleteLater()


def test_a_missing_icon_folder_gives_a_null_icon_and_the_app_carries_on(
    bare_app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app_icon(tmp_path / "no-such-folder").isNull()
    monkeypatch.setenv("CINCHAIR_RESOURCES", str(tmp_path / "no-resources"))
    assert install_app_icon(bare_app).isNull()
    assert bare_app.windowIcon().isNull()
    assert bare_app.desktopFileName() == APP_NAME


def test_broken_icon_files_give_a_null_icon_without_raising(
    qapp: QApplication, tmp_path: Path
) -> None:
    (tmp_path / f"{APP_NAME}-16.png").write_bytes(b"not a PNG at all")
    (tmp_path / f"{APP_NAME}.svg").write_text("<svg that never closes", encoding="utf-8")
    assert app_icon(tmp_path).isNull()


def test_the_svg_alone_still_gives_an_icon_at_any_size(qapp: QApplication, tmp_path: Path) -> None:
    (tmp_path / f"{APP_NAME}.svg").write_bytes((ICONS / f"{APP_NAME}.svg").read_bytes())
    icon = app_icon(tmp_path)
    assert not icon.isNull()
    assert icon.pixmap(48, 48).width() == 48


def test_the_ico_holds_every_size_for_windows() -> None:
    with Image.open(ICONS / f"{APP_NAME}.ico") as ico:
        assert ico.format == "ICO"
        assert ico.info["sizes"] == {(size, size) for size in ICON_SIZES}
        for size in ICON_SIZES:
            ico.size = (size, size)
            ico.load()
            assert ico.size == (size, size)
            assert ico.mode == "RGBA"
            assert ico.getpixel((0, 0))[3] == 0  # a rounded corner: transparent
            assert ico.getpixel((size // 2, size // 2))[3] == 255
            if size == 16:  # the small sizes are their own drawings, as in the PNGs
                with Image.open(ICONS / f"{APP_NAME}-16.png") as png:
                    assert ImageChops.difference(ico.convert("RGBA"), png).getbbox() is None


def test_each_png_is_the_size_its_name_says() -> None:
    for size in ICON_SIZES:
        with Image.open(ICONS / f"{APP_NAME}-{size}.png") as png:
            assert png.format == "PNG"
            assert png.size == (size, size)
            assert png.mode == "RGBA"


def _make_icons_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "scripts" / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_images_are_the_svg_as_it_is_now(qapp: QApplication, tmp_path: Path) -> None:
    """Regenerating gives the same images again, and the committed ones match the SVG
    (within a little antialiasing, so another Qt version's renderer does not fail it)."""
    script = _make_icons_script()
    first = script.make_icons(ICONS / f"{APP_NAME}.svg", tmp_path / "first")
    second = script.make_icons(ICONS / f"{APP_NAME}.svg", tmp_path / "second")
    assert [p.name for p in first] == [f"{APP_NAME}-{s}.png" for s in ICON_SIZES] + [
        f"{APP_NAME}.ico"
    ]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    for size in (16, 256):
        with (
            Image.open(tmp_path / "first" / f"{APP_NAME}-{size}.png") as made,
            Image.open(ICONS / f"{APP_NAME}-{size}.png") as committed,
        ):
            difference = ImageStat.Stat(ImageChops.difference(made, committed)).mean
            assert max(difference) < 2.0, (size, difference)


def test_the_script_refuses_what_is_not_an_svg(qapp: QApplication, tmp_path: Path) -> None:
    script = _make_icons_script()
    bad = tmp_path / "bad.svg"
    bad.write_text("not a drawing", encoding="utf-8")
    with pytest.raises(ValueError, match="not an SVG"):
        script.make_icons(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_the_desktop_entry_names_the_program_and_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    with open(ICONS / f"{APP_NAME}.desktop", encoding="utf-8") as file:
        entry.read_file(file)
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == APP_NAME
    assert desktop["GenericName"].strip()
    assert desktop["Comment"].strip()
    assert desktop["Exec"] == APP_NAME
    assert desktop["Icon"] == APP_NAME  # the hicolor name the PNGs are installed as
    assert desktop["Terminal"] == "false"
    assert desktop["Categories"].endswith(";")
    assert "Office" in desktop["Categories"].split(";")


# the app as the command line starts it: the opening window, then run(); a timer looks
# at the windows once the main window is on screen and reports what carries the icon
_STARTED_APP = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)

def sizes(icon):
    return sorted(size.width() for size in icon.availableSizes())

def look():
    mains = [w for w in app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()]
    if not mains:
        QTimer.singleShot(20, look)
        return
    opening = [w for w in app.topLevelWidgets() if w.objectName() == "openingWindow"]
    print(json.dumps({
        "app": sizes(app.windowIcon()),
        "main": sizes(mains[0].windowIcon()),
        "opening": [sizes(w.windowIcon()) for w in opening],
        "desktop": app.desktopFileName(),
    }))
    app.quit()

QTimer.singleShot(0, look)
"""


def _started(code: str, tmp_path: Path) -> dict[str, Any]:
    url = sqlite_url(tmp_path / "own.sqlite3")
    Store.open(url).close()
    env = {k: v for k, v in os.environ.items() if k != "CINCHAIR_RESOURCES"}
    env.update(QT_QPA_PLATFORM="offscreen", CINCHAIR_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", _STARTED_APP + code.format(url=url)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_started_app_puts_the_icon_on_the_opening_and_main_windows(tmp_path: Path) -> None:
    seen = _started("from cinchair.cli.main import main\nmain(['app', '--db', {url!r}])", tmp_path)
    assert {16, 256} <= set(seen["app"])
    assert {16, 256} <= set(seen["main"])
    assert seen["opening"] and {16, 256} <= set(seen["opening"][0])
    assert seen["desktop"] == APP_NAME


def test_run_alone_sets_the_icon_too(tmp_path: Path) -> None:
    """``run`` without the opening window (as a script or another entry point calls it)."""
    seen = _started("from cinchair.ui.app import run\nrun(store_url={url!r})", tmp_path)
    assert {16, 256} <= set(seen["main"])
    assert seen["desktop"] == APP_NAME
