"""Before the window opens on Linux: are the system libraries Qt draws with there?

Qt's X11 plugin (xcb) needs a handful of system libraries the Qt wheels do not carry.
Without them Qt prints "could not load the Qt platform plugin 'xcb'" and aborts the
process, which tells a chair nothing. This looks for each library first, without
loading Qt, and names the Debian/Ubuntu packages that are missing so the window can be
replaced by a sentence saying what to install (``scripts/run`` installs them when run
as root on Debian).
"""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from collections.abc import Callable, Mapping

# Debian/Ubuntu package -> the library it provides, as ``ldconfig -p`` names it.
XCB_PACKAGES: dict[str, str] = {
    "libxcb-cursor0": "libxcb-cursor.so.0",
    "libxcb-icccm4": "libxcb-icccm.so.4",
    "libxcb-keysyms1": "libxcb-keysyms.so.1",
    "libxcb-image0": "libxcb-image.so.0",
    "libxcb-render-util0": "libxcb-render-util.so.0",
    "libxcb-xkb1": "libxcb-xkb.so.1",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0",
    "libxcb-shape0": "libxcb-shape.so.0",
    "libxcb-randr0": "libxcb-randr.so.0",
    "libxcb-xinerama0": "libxcb-xinerama.so.0",
}


def uses_xcb(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """True where Qt will use its X11 plugin: Linux, with no other platform chosen.

    Qt picks xcb on Linux unless QT_QPA_PLATFORM names another plugin (offscreen for
    tests, wayland); a Wayland session with XWayland still starts xcb by default.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    return chosen in ("", "xcb") or chosen.startswith("xcb:")


def _ldconfig_listing() -> str | None:
    """``ldconfig -p``: the libraries the loader knows (None where it cannot be run)."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            done = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0 and done.stdout:
            return done.stdout
    return None


def missing_xcb_packages(listing: Callable[[], str | None] | None = None) -> list[str]:
    """The packages of ``XCB_PACKAGES`` whose library the system loader cannot find."""
    known = (listing or _ldconfig_listing)()
    missing = []
    for package, library in XCB_PACKAGES.items():
        if known is not None:
            found = f"{library} " in known or f"/{library}\n" in known
        else:  # no ldconfig: ask ctypes, which searches the usual places itself
            found = (
                ctypes.util.find_library(library.removeprefix("lib").split(".so")[0]) is not None
            )
        if not found:
            missing.append(package)
    return missing


def missing_libraries_message(packages: list[str]) -> str:
    """What to tell the chair (and IT) in words, naming the packages to install."""
    names = " ".join(packages)
    return (
        "cinchair cannot open its window: this computer lacks system libraries that Qt "
        f"needs to draw on the screen ({', '.join(packages)}).\n"
        "Ask your IT team to install them. On Debian or Ubuntu:\n"
        f"    sudo apt-get install {names}\n"
        "(or run scripts/run as root, which installs them). Your records are not affected."
    )


def qt_platform_problem() -> str | None:
    """The message to show instead of Qt's abort, or None when the window can open."""
    if not uses_xcb():
        return None
    missing = missing_xcb_packages()
    return missing_libraries_message(missing) if missing else None
