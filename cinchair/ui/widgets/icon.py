"""The app's icon, on every window, dialog and the taskbar.

Qt gives each top-level window the application's window icon unless it has its own,
so setting it once on the application (``install_app_icon``) puts it on the main
window, every dialog and message box, the opening window and the taskbar button.

The icon is read from ``resources/icons`` through ``cinchair.app.paths``, like the profiles
and fonts, so it is found both in a checkout and beside the program in the PyInstaller
build. The SVG is the drawing; the PNGs are the same drawing made at each size by
``scripts/make_icons.py``, so a 16 px taskbar gets a 16 px rendering rather than a
shrunken large one, and the icon still shows where Qt's SVG plugin was left out.

An icon is decoration: a missing or unreadable file never stops the app. It then has
no icon of its own (the platform's default), and nothing is said.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from cinchair import APP_NAME
from cinchair.app import paths

# the sizes scripts/make_icons.py makes (16 px for a title bar, 256 px for a big tile)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icons_dir() -> Path:
    """Where the icon files live: ``resources/icons`` in a checkout or in the build."""
    return paths.resources_dir() / "icons"


def app_icon(folder: Path | None = None) -> QIcon:
    """The app's icon from ``folder`` (normally ``icons_dir()``); a null icon if none is there.

    The PNGs go in first, each for its own size: they are the list a window system is
    offered (X11 takes every size for the title bar, the taskbar and the switcher), and
    Qt scales from the nearest for sizes in between. The SVG goes in last: beside the
    PNGs it is one more 256 px drawing, but where the PNGs are missing it alone still
    gives the icon, drawn at whatever size is asked.
    """
    folder = icons_dir() if folder is None else folder
    icon = QIcon()
    try:
        for size in ICON_SIZES:
            png = folder / f"{APP_NAME}-{size}.png"
            if png.is_file():
                icon.addFile(str(png), QSize(size, size))
        svg = folder / f"{APP_NAME}.svg"
        if svg.is_file():
            icon.addFile(str(svg))
    except OSError:  # an unreadable folder: the app runs on without its icon
        return QIcon()
    return icon


def install_app_icon(app: QGuiApplication) -> QIcon:
    """Give ``app`` its window icon and the name of its desktop entry; the icon set.

    The desktop file name (``cinchair``, as in ``resources/icons/cinchair.desktop``) lets
    Wayland and X11 taskbars match the running program to its menu entry and icon.
    """
    app.setDesktopFileName(APP_NAME)
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    return icon
