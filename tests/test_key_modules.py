"""The key modules import in one direction: keys -> council_key_file -> problem.

They once imported each other, one side hidden in functions so Python would load them;
a cycle like that breaks as soon as either grows a top-level import of the other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import cinchair.sync.keys

KEYS_DIR = Path(cinchair.sync.keys.__file__).parent


def _imported(module_file: str) -> set[str]:
    """Every module named in an import anywhere in the file, inside functions too."""
    tree = ast.parse((KEYS_DIR / module_file).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_council_key_file_does_not_import_the_keys_module() -> None:
    imported = _imported("council_key_file.py")
    assert "cinchair.sync.keys.problem" in imported
    assert "cinchair.sync.keys.keys" not in imported


def test_the_problem_module_stands_on_nothing_in_sync() -> None:
    imported = _imported("problem.py")
    assert not {name for name in imported if name.startswith("cinchair.sync")}
