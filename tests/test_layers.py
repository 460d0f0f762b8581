"""The layers stay apart: no Qt in the core, no SQL or session in the window.

Read from the source with ``ast`` (imports) and plain text (names), so a violation is
found whether or not the module is ever imported by a test. Each failure names the
file and the line, and what it broke.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cinchair"
UI = PACKAGE / "ui"
MEETING_UI = UI / "meeting"


def _modules(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _core_modules() -> list[Path]:
    return [p for p in _modules(PACKAGE) if UI not in p.parents]


def _imports(path: Path, *, in_functions: bool = True) -> list[tuple[int, str]]:
    """Every module ``path`` imports, with its line (``if TYPE_CHECKING`` ones too);
    ``in_functions=False`` leaves out imports made only when a function runs."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        if isinstance(node, ast.Import) and (in_functions or not in_function):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and (in_functions or not in_function)
        ):
            found.append((node.lineno, node.module))
        inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(tree, False)
    return found


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """Each line with comments and docstrings' words left in (they rarely say Session(…))."""
    return list(enumerate(path.read_text(encoding="utf-8").splitlines(), start=1))


def _broken(module: str, banned: tuple[str, ...]) -> bool:
    return any(module == b or module.startswith(b + ".") for b in banned)


def core_violations() -> list[str]:
    """Qt or the window imported by the core. The command line is the one exception, and
    only inside the commands that open the window (``cinchair app``, ``screenshots``):
    importing the command line itself must still not load Qt."""
    found = []
    for path in _core_modules():
        entry = (PACKAGE / "cli") in path.parents
        found += [
            f"{_where(path, line)} imports {module}: the core must run without Qt or the window"
            for line, module in _imports(path, in_functions=not entry)
            if _broken(module, ("PySide6", "cinchair.ui"))
        ]
    return found


# A session or SQL named in the window: the class, a query, a statement run.
_SQL_IN_UI = re.compile(r"\bSession\b|\.execute\(|(?<!def )(?<![.\w])select\(")
# A callback handed the session by the draft: the window asks core functions instead.
_SESSION_CALLBACK = re.compile(r"\bdraft\.(read|change|add)\(\s*lambda\b")
# The meeting's pages keep to the draft: no transaction or read session of their own.
_OWN_SESSION = re.compile(r"\bstore\.(reading|transaction|writing)\(")


def ui_violations() -> list[str]:
    found = []
    for path in _modules(UI):
        found += [
            f"{_where(path, line)} imports {module}: the window never touches SQL"
            for line, module in _imports(path)
            if _broken(module, ("sqlalchemy",))
        ]
        text = path.read_text(encoding="utf-8")
        for line, code in _code_lines(path):
            if _SQL_IN_UI.search(code):
                found.append(f"{_where(path, line)} names a session or SQL: {code.strip()}")
        for match in _SESSION_CALLBACK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(
                f"{_where(path, line)} hands a lambda to the draft, which gives it a session: "
                "ask a core function instead"
            )
        if MEETING_UI in path.parents:
            for line, code in _code_lines(path):
                if _OWN_SESSION.search(code):
                    found.append(
                        f"{_where(path, line)} opens a session of its own: use a core function"
                    )
    return found


def test_the_core_imports_neither_qt_nor_the_window() -> None:
    assert core_violations() == []


def test_the_window_uses_no_sql_and_gets_no_session() -> None:
    assert ui_violations() == []


def test_the_checks_see_a_violation(tmp_path: Path, monkeypatch) -> None:
    """The checks are not vacuous: a planted import and a planted query are both found."""
    import tests.test_layers as layers

    core = tmp_path / "cinchair"
    (core / "ui" / "meeting").mkdir(parents=True)
    (core / "domain").mkdir()
    (core / "cli").mkdir()
    (core / "domain" / "leaky.py").write_text(
        "def later():\n    from PySide6.QtWidgets import QWidget\n"
    )
    (core / "cli" / "leaky.py").write_text("import cinchair.ui.app\n")
    (core / "ui" / "meeting" / "leaky.py").write_text(
        "from sqlalchemy import select\n"
        "rows = draft.read(lambda s, m: s.execute(select(1)))\n"
        "with self.store.transaction() as session:\n    pass\n"
    )
    monkeypatch.setattr(layers, "PACKAGE", core)
    monkeypatch.setattr(layers, "UI", core / "ui")
    monkeypatch.setattr(layers, "MEETING_UI", core / "ui" / "meeting")
    assert len(layers.core_violations()) == 2  # even inside a function; the CLI at the top
    found = layers.ui_violations()
    assert any("imports sqlalchemy" in f for f in found)
    assert any("names a session or SQL" in f for f in found)
    assert any("hands a lambda" in f for f in found)
    assert any("opens a session of its own" in f for f in found)
