"""Where Qt's X11 libraries are missing, the chair is told which packages to install,
in words, instead of Qt's raw "could not load the Qt platform plugin" abort."""

from __future__ import annotations

import pytest

from cinchair.app import qt_platform
from cinchair.app.qt_platform import XCB_PACKAGES, missing_xcb_packages, uses_xcb
from cinchair.cli.main import main


def _listing_without(*packages: str) -> str:
    return "".join(
        f"\t{library} (libc6,x86-64) => /lib/x86_64-linux-gnu/{library}\n"
        for package, library in XCB_PACKAGES.items()
        if package not in packages
    )


def test_only_a_linux_x11_start_is_checked() -> None:
    assert uses_xcb({}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "wayland"}, "linux")
    assert not uses_xcb({}, "win32")
    assert not uses_xcb({}, "darwin")


def test_the_missing_packages_are_named() -> None:
    listing = _listing_without("libxcb-icccm4", "libxcb-keysyms1")
    assert missing_xcb_packages(lambda: listing) == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert missing_xcb_packages(lambda: _listing_without()) == []


def test_the_app_says_in_words_what_to_install_before_qt_loads(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(qt_platform.sys, "platform", "linux")
    monkeypatch.setattr(
        qt_platform, "_ldconfig_listing", lambda: _listing_without("libxcb-cursor0")
    )

    def qt_would_abort() -> None:
        raise AssertionError("Qt was loaded: it aborts the process without these libraries")

    monkeypatch.setattr("cinchair.ui.startup.show_opening", qt_would_abort)
    assert main(["app"]) == 2
    said = capsys.readouterr().err
    assert "cannot open its window" in said
    assert "sudo apt-get install libxcb-cursor0" in said
    assert "Your records are not affected" in said
