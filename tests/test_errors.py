"""One family of errors: every error the core raises for a person to act on shares a base.

The window and the command line catch ``ActionableError`` and show its message; anything
else is a programming error and goes to the unexpected-error path. A new error class
that forgets the base would slip past both, so this test walks every core module.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import cinchair
from cinchair.app.errors import ActionableError

# Raised and caught inside one module, never shown to anyone as they are.
INTERNAL = {
    "cinchair.security.key_wrap.NotOpened",  # vault and key files re-raise it in words
}


def _core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(cinchair.__path__, "cinchair."):
        if info.name.startswith(("cinchair.ui", "cinchair.store.migrations")):
            continue
        if info.name == "cinchair.__main__":  # running it is starting the app
            continue
        names.append(info.name)
    return names


def _error_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for name in _core_modules():
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == name
                and not attr.startswith("_")
            ):
                found[f"{name}.{attr}"] = value
    return found


def test_every_public_core_error_is_actionable() -> None:
    classes = _error_classes()
    assert len(classes) >= 20  # the walk found the core's errors, not an empty list
    outside = sorted(
        name
        for name, cls in classes.items()
        if name not in INTERNAL and not issubclass(cls, ActionableError)
    )
    assert outside == [], f"errors outside the family: {outside}"


def test_the_family_keeps_each_errors_builtin_base() -> None:
    """Code written against ValueError or OSError still catches these."""
    from cinchair.app.files import CannotWrite
    from cinchair.domain.dates import UkDateError
    from cinchair.store.finality import RecordIsFinal

    assert issubclass(UkDateError, ValueError)
    assert issubclass(CannotWrite, OSError)
    assert issubclass(RecordIsFinal, PermissionError)
    error = CannotWrite(Path("x.docx"), "disk full")
    assert str(error) == "could not write x.docx: disk full"
