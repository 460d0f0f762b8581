"""What every sync command stands on: one plain line for a failure, and opening stores.

Shared by ``cinchair.cli.sync`` (export, receipts, clearing, import, conflicts, the
report) and ``cinchair.cli.keys`` (the keys and the trust list). Every failure a person
can cause is turned into one line naming the file and the reason, and an exit status
(2 bad input, 1 a write failure); none prints a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


class Fail(Exception):
    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def plain_failures(command: Any) -> Any:
    """Turn the failures people cause into one plain line and an exit status."""

    def run(args: argparse.Namespace) -> int:
        from cinchair.app.files import CannotWrite
        from cinchair.sync.keys.keys import KeyProblem

        name = args.command
        try:
            status: int = command(args)
            return status
        except Fail as exc:
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return exc.code
        except KeyProblem as exc:
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return 2
        except CannotWrite as exc:
            print(f"cinchair {name}: {exc}", file=sys.stderr)
            return 1
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


@contextmanager
def open_store(url: str | None, actor: str) -> Iterator[Any]:
    from sqlalchemy.exc import ArgumentError, OperationalError

    from cinchair.store.facade import Store

    shown = shown_url(url)
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
    try:
        yield store
    finally:
        store.close()


@contextmanager
def laptop_store(args: argparse.Namespace) -> Iterator[Any]:
    """The chair's store: an encrypted one (key file beside it) is unlocked with the chair's
    passphrase, from --passphrase-file or asked for; any other URL opens as it is."""
    from sqlalchemy.engine import make_url

    from cinchair.app import paths
    from cinchair.security.vault import KeyFile, VaultProblem, open_encrypted

    path: Path | None = paths.default_store_path() if not args.db else None
    if args.db:
        url = make_url(args.db)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database)
    if path is None or not KeyFile.beside(path).exists():
        with open_store(args.db, "chair") as store:
            yield store
        return
    try:
        store = open_encrypted(path, passphrase_arg(args, prompt="Your store's passphrase: "))
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
        return read_passphrase(args.passphrase_file, prompt, confirm=confirm)
    except ValueError as exc:
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
