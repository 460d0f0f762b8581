"""The layers stay apart: no Qt in the core, no SQL or session in the window.

Read from the source with ``ast`` (imports, calls), tokens (names) and plain text, so a
violation is found whether or not the module is ever imported by a test. Each failure
names the file and the line, and what it broke.
"""

from __future__ import annotations

import ast
import re
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cinchair"
UI = PACKAGE / "ui"


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
# A session, connection or engine of the window's own: it asks the store instead
# (``Store.ask`` / ``Store.apply`` with a core operation), anywhere in the window.
_OWN_SESSION = re.compile(r"\bstore\.(reading|transaction|writing)\(|\bstore\.engine\b")
# What the store or the draft runs for the window is a core operation, never one written
# in the window (a lambda or a function of the module's own would be handed the session):
# (whose name the receiver ends with, method) -> the position of the operation.
_RUNS_AN_OPERATION = {
    ("store", "ask"): 0,
    ("store", "apply"): 0,
    ("draft", "read"): 0,
    ("draft", "change"): 0,
    ("draft", "add"): 1,
}


def _session_names(path: Path) -> list[tuple[int, str]]:
    """Every name in the code (not in strings or comments) that speaks of a session:
    ``session``, ``sessions``, ``_session_file``, ``sessionmaker``..."""
    with tokenize.open(path) as source:
        return [
            (token.start[0], token.string)
            for token in tokenize.generate_tokens(source.readline)
            if token.type == tokenize.NAME and "session" in token.string.casefold()
        ]


def _operations_of_its_own(path: Path) -> list[tuple[int, str, str]]:
    """Calls such as ``….store.ask(op, …)`` or ``….draft.add(label, op)`` whose ``op`` is
    a lambda or a function defined in the same module: the session would reach the
    window's code. Each with its line, what was handed over, and to whom."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    own = {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        receiver = node.func.value
        if isinstance(receiver, ast.Attribute):
            receiver_name = receiver.attr
        elif isinstance(receiver, ast.Name):
            receiver_name = receiver.id
        else:
            continue
        for (runner, method), position in _RUNS_AN_OPERATION.items():
            if node.func.attr != method or not receiver_name.endswith(runner):
                continue
            if len(node.args) <= position:
                continue
            operation = node.args[position]
            if isinstance(operation, ast.Lambda):
                found.append((node.lineno, "a lambda", runner))
            elif isinstance(operation, ast.Name) and operation.id in own:
                found.append((node.lineno, f"{operation.id}, defined here", runner))
    return found


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
            if _OWN_SESSION.search(code):
                found.append(
                    f"{_where(path, line)} opens a session of its own: ask the store "
                    "(store.ask / store.apply) to run a core operation"
                )
        for match in _SESSION_CALLBACK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(
                f"{_where(path, line)} hands a lambda to the draft, which gives it a session: "
                "ask a core function instead"
            )
        found += [
            f"{_where(path, line)} names {name!r}: the window never holds a session"
            for line, name in _session_names(path)
        ]
        found += [
            f"{_where(path, line)} has the {runner} run {what}, which gets the session: "
            "name a core operation instead"
            for line, what, runner in _operations_of_its_own(path)
        ]
    return found


@pytest.mark.slow
def test_the_core_imports_neither_qt_nor_the_window() -> None:
    assert core_violations() == []


@pytest.mark.slow
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
        "with self.store.transaction() as held:\n    pass\n"
    )
    monkeypatch.setattr(layers, "PACKAGE", core)
    monkeypatch.setattr(layers, "UI", core / "ui")
    assert len(layers.core_violations()) == 2  # even inside a function; the CLI at the top
    found = layers.ui_violations()
    assert any("imports sqlalchemy" in f for f in found)
    assert any("names a session or SQL" in f for f in found)
    assert any("hands a lambda" in f for f in found)
    assert any("meeting/leaky.py:3 opens a session of its own" in f for f in found)


def test_no_part_of_the_window_holds_a_session(tmp_path: Path, monkeypatch) -> None:
    """Beyond the meeting's pages too: a dialog that opens a session, keeps one in a name,
    reaches the engine, or has the store run code of its own (which gets the session) is
    found; a core operation asked of the store, and the word in a message, are not."""
    import tests.test_layers as layers

    ui = tmp_path / "cinchair" / "ui"
    (ui / "dialogs").mkdir(parents=True)
    (ui / "dialogs" / "leaky.py").write_text(
        "from cinchair.cases.rows import case_rows\n"
        "def _rows(s, today):\n    return []\n"
        "def show(window, today):\n"
        "    with window.store.reading() as reader:\n        pass\n"  # 5
        "    with window.store.writing() as connection:\n        pass\n"  # 7
        "    window.store.engine.dispose()\n"  # 9
        "    sessions = []\n"  # 10
        "    window.store.ask(lambda s: s.get(1))\n"  # 11
        "    self.store.apply(_rows, today)\n"  # 12
        "    rows = window.store.ask(case_rows, today)\n"  # a core operation: fine
        "    page.draft.add('Add a row', _rows)\n"  # 14
        "    told = 'Kept for this session only'  # a session of use, not of SQL\n"
    )
    monkeypatch.setattr(layers, "PACKAGE", tmp_path / "cinchair")
    monkeypatch.setattr(layers, "UI", ui)
    found = layers.ui_violations()
    where = "cinchair/ui/dialogs/leaky.py"
    assert sorted(found) == sorted(
        [
            f"{where}:5 opens a session of its own: ask the store "
            "(store.ask / store.apply) to run a core operation",
            f"{where}:7 opens a session of its own: ask the store "
            "(store.ask / store.apply) to run a core operation",
            f"{where}:9 opens a session of its own: ask the store "
            "(store.ask / store.apply) to run a core operation",
            f"{where}:10 names 'sessions': the window never holds a session",
            f"{where}:11 has the store run a lambda, which gets the session: "
            "name a core operation instead",
            f"{where}:12 has the store run _rows, defined here, which gets the session: "
            "name a core operation instead",
            f"{where}:14 has the draft run _rows, defined here, which gets the session: "
            "name a core operation instead",
        ]
    )
