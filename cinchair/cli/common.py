"""What every sync command stands on: one plain line for a failure, and opening stores.

Shared by ``cinchair.cli.sync`` (export, receipts, clearing, import, conflicts, the
report) and ``cinchair.cli.keys`` (the keys and the trust list). Every failure a person
can cause is turned into one line naming the file and the reason, and an exit status
(2 bad input, 1 a write failure); none prints a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cinchair.app.errors import ActionableError


class Fail(ActionableError):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> date:
    """A date argument as YYYY-MM-DD only, between 1900 and 2100 (the range the schedule
    can count in); every command's date options use it.

    ``date.fromisoformat`` also takes ``20270105`` and ``2027-W01-2``; a script that
    passes those has almost certainly mixed its fields up, so they are refused.
    """
    if not _ISO_DAY.fullmatch(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD")
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a real date") from None
    if not 1900 <= day.year <= 2100:
        raise argparse.ArgumentTypeError(f"{text!r} is outside the years 1900 to 2100")
    return day


def plain_failures(command: Any) -> Any:
    """Turn the failures people cause into one plain line and an exit status."""

    def run(args: argparse.Namespace) -> int:
        from cinchair.app.files import CannotWrite

        name = args.command
        try:
            status: int = command(args)
            return status
        except Fail as exc:
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return exc.code
        except CannotWrite as exc:  # the input was good; the disk or folder was not
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return 1
        except ActionableError as exc:  # a key, a bundle, a record... refused in words
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print(f"cinchair {name}: stopped", file=sys.stderr)
            return 130

    return run


def shown_url(url: str | None) -> str:
    """The URL as it may be shown: never with its password (messages get pasted)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if url is None:
        return "(your own store)"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(that URL)"


# Tables only a cinchair store has: a database holding none of them is not one.
CINCHAIR_TABLES = frozenset({"cases", "meetings", "imported_bundles", "audit_log"})


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (None for other databases, or memory)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def refuse_not_a_store(url: str, *, create: bool) -> None:
    """Refuse a store that is not there (a SQLite file missing, a database with no
    cinchair tables) unless ``create``: a mistyped --db must never become a new store
    that then files bundles and signs receipts the real store never saw."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import ArgumentError, DatabaseError

    shown = shown_url(url)
    path = sqlite_file(url)
    if path is not None:
        if path.exists():
            return
        if create:
            if not path.parent.is_dir():
                raise Fail(f"the folder {path.parent} does not exist; nothing was made")
            return
        raise Fail(
            f"there is no store at {path}: check the --db path (a new store is made only "
            "with --create)"
        )
    if create or url.startswith("sqlite"):
        return
    try:
        engine = create_engine(url, hide_parameters=True)
    except ArgumentError:
        raise Fail(f"{shown!r} is not a database URL (e.g. postgresql+psycopg://...)") from None
    except ModuleNotFoundError as exc:
        raise Fail(
            f"the store {shown} needs the {exc.name} package, which is not installed "
            "(for PostgreSQL: pip install 'psycopg[binary]')"
        ) from None
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
    except DatabaseError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
        raise Fail(f"cannot open the store {shown}: {detail}") from None
    finally:
        engine.dispose()
    if not tables & CINCHAIR_TABLES:
        what = "empty" if not tables else "not a cinchair store (it holds other tables)"
        raise Fail(
            f"the database {shown} is {what}: check the --db URL (a new store is made only "
            "with --create)"
        )


@contextmanager
def open_store(url: str | None, actor: str, *, create: bool = False) -> Iterator[Any]:
    """The store at ``url`` (default: the chair's own), which must exist unless ``create``."""
    from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

    from cinchair.store.facade import Store, sqlite_url

    if url is None:
        from cinchair.app import paths

        url = sqlite_url(paths.default_store_path())
    shown = shown_url(url)
    refuse_not_a_store(url, create=create)
    try:
        store = Store.open(url, actor=actor)
    except ModuleNotFoundError as exc:
        raise Fail(
            f"the store {shown} needs the {exc.name} package, which is not installed "
            "(for PostgreSQL: pip install 'psycopg[binary]')"
        ) from None
    except ArgumentError:
        raise Fail(f"{shown!r} is not a database URL (e.g. postgresql+psycopg://...)") from None
    except OperationalError as exc:
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig else "no answer"
        raise Fail(f"cannot open the store {shown}: {detail}") from None
    except DatabaseError:
        raise Fail(
            f"{shown} cannot be read: it is encrypted with no key file beside it (the demo's "
            "practice store is readable only by the run that made it), or it is not a "
            "cinchair store"
        ) from None
    try:
        yield store
    finally:
        store.close()


@contextmanager
def laptop_store(args: argparse.Namespace, actor: str = "chair") -> Iterator[Any]:
    """The chair's store: an encrypted one (key file beside it) is unlocked with the chair's
    passphrase, from --passphrase-file or asked for; any other URL opens as it is.

    A store that is not there is never made here (that is ``cinchair store init`` or the
    first-run setup, which encrypt it): a plain store made by a command would stop the
    setup from ever appearing.
    """
    from cinchair.app import paths
    from cinchair.security.vault import KeyFile, VaultProblem, open_encrypted

    path: Path | None = paths.default_store_path() if not args.db else sqlite_file(args.db)
    if path is not None and not path.exists():
        if not args.db:
            raise Fail(
                f"this laptop has no store yet ({path}): open cinchair to set it up, or run "
                "'cinchair store init'"
            )
        raise Fail(f"there is no store at {path}: check the --db path")
    if path is None or not KeyFile.beside(path).exists():
        with open_store(args.db, actor) as store:
            yield store
        return
    try:
        store = open_encrypted(
            path, passphrase_arg(args, prompt="Your store's passphrase: "), actor=actor
        )
    except VaultProblem as exc:
        raise Fail(str(exc)) from None
    try:
        yield store
    finally:
        store.close()


def passphrase_arg(
    args: argparse.Namespace, *, confirm: bool = False, prompt: str = "Council key passphrase: "
) -> str:
    from cinchair.cli.store import read_passphrase

    try:
        return read_passphrase(getattr(args, "passphrase_file", None), prompt, confirm=confirm)
    except ActionableError as exc:
        raise Fail(str(exc)) from None


def keys_folder(args: argparse.Namespace) -> Path:
    from cinchair.sync.council import default_keys_dir

    return args.keys or default_keys_dir()


def council_public_key(value: str | None) -> Any:
    from cinchair.sync.council import CouncilPublic, laptop_council_public

    return CouncilPublic.from_file_or_text(value) if value else laptop_council_public()


def now_utc() -> datetime:
    return datetime.now(UTC)


def device_key_of(store: Any) -> Any:
    """The device key kept in ``store`` (``cinchair.sync.keys.device``); a note about an old
    clear key file goes to stderr, so the key text on stdout stays one clean line."""
    from cinchair.sync.keys.device import laptop_device_key

    kept = laptop_device_key(store)
    if kept.moved_in:
        print(
            f"This laptop's device key (device {kept.device_id}) was moved from its clear "
            "file into your store; the council still knows it by the same id.",
            file=sys.stderr,
        )
    if kept.note:
        print(f"cinchair: {kept.note}", file=sys.stderr)
    return kept.key
