"""``cinchair store`` and ``cinchair settings``: the encrypted store from a terminal.

``store init`` makes the chair's encrypted store (with a recovery copy for the
council when its public key is given), ``store encrypt`` encrypts a store made
before the vault existed (plain SQLite, no key file), ``store passphrase`` changes
the passphrase (re-keying the file), ``store recover`` is the council admin's way
in when a passphrase is forgotten, ``store backup`` takes a snapshot now.
Passphrases are read with ``getpass`` (never echoed, never on the command line) or
from a file.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from cinchair.app import paths
from cinchair.app.errors import ActionableError


class PassphraseUnread(ActionableError, ValueError):
    """No passphrase could be read: the file, the terminal or a mistyped repeat."""


def read_passphrase(source: Path | None, prompt: str, *, confirm: bool = False) -> str:
    """A passphrase from the file ``source``, or typed unseen at a terminal.

    ``PassphraseUnread`` says why not (an unreadable file, no terminal, two entries that
    differ); shared by every command that needs one.
    """
    if source:
        try:
            return Path(source).read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise PassphraseUnread(f"cannot read the passphrase file {source}: {exc}") from None
    if not sys.stdin.isatty():
        raise PassphraseUnread("no passphrase: give a passphrase file, or run this in a terminal")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("The same again: ") != first:
        raise PassphraseUnread("the two passphrases differ; nothing was changed")
    return first


def _new_passphrase(args: argparse.Namespace) -> str:
    return read_passphrase(args.new_passphrase_file, "New passphrase: ", confirm=True)


def _store_path(args: argparse.Namespace) -> Path:
    return Path(args.store) if args.store else paths.default_store_path()


def _council_public(text_or_file: str | None) -> Any:
    """The council's sealing key from council.pub (file or text), if one is given."""
    if not text_or_file:
        return None
    from cinchair.sync.council import CouncilPublic

    return CouncilPublic.from_file_or_text(text_or_file).sealing


def _council_for_encrypt(text_or_file: str | None) -> Any:
    """The council key given, else the one installed on this laptop, else None."""
    if text_or_file:
        return _council_public(text_or_file)
    from cinchair.sync.council import laptop_council_file, laptop_council_public

    return laptop_council_public().sealing if laptop_council_file().exists() else None


def cmd_store(args: argparse.Namespace) -> int:
    from cinchair.security.vault import (
        change_passphrase,
        create_encrypted,
        encrypt_store,
        open_encrypted,
        recover_store,
    )
    from cinchair.store.backup import take_backup
    from cinchair.sync.keys.keys import CouncilKeys

    path = _store_path(args)
    try:
        if args.action == "init":
            council = _council_public(args.council_key)
            create_encrypted(path, _new_passphrase(args), council=council).close()
            print(f"Encrypted store made: {path}")
            print(
                "Recovery copy for the council: " + ("yes" if council else "NO (no --council-key)")
            )
        elif args.action == "encrypt":
            council = _council_for_encrypt(args.council_key)
            done = encrypt_store(path, _new_passphrase(args), council=council)
            print(f"Encrypted: {path} ({sum(done.rows.values())} rows kept, every table checked)")
            if done.plain_backups_removed:
                print(f"Unencrypted backups removed: {done.plain_backups_removed}")
            print(
                "Recovery copy for the council: "
                + ("yes" if council else "NO (no --council-key and none installed)")
            )
        elif args.action == "passphrase":
            old = read_passphrase(args.passphrase_file, "Current passphrase: ")
            with open_encrypted(path, old) as store:
                change_passphrase(
                    store,
                    path,
                    old,
                    _new_passphrase(args),
                    council=_council_public(args.council_key),
                )
            print("Passphrase changed; the store is re-keyed.")
        elif args.action == "recover":
            admin = read_passphrase(args.council_passphrase_file, "Council key passphrase: ")
            keys = CouncilKeys.load_private(Path(args.council_private), admin)
            recover_store(path, keys, _new_passphrase(args))
            print("Recovered: the store now opens with the new passphrase.")
        elif args.action == "backup":
            with open_encrypted(
                path, read_passphrase(args.passphrase_file, "Passphrase: ")
            ) as store:
                backup = take_backup(store)
            print(f"Backup written: {backup.path if backup else 'none (not a file store)'}")
    except (ActionableError, OSError) as exc:  # OSError: a file the system would not open
        print(f"cinchair store: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from cinchair.app.settings import load_settings, update_settings

    settings = load_settings()
    if args.lock_after is not None:
        try:  # only the lock changes: the council, the chair and the folder are kept
            settings = update_settings(lock_after_minutes=args.lock_after)
        except ActionableError as exc:
            print(f"cinchair settings: {exc}", file=sys.stderr)
            return 2
    print(f"lock after {settings.lock_after_minutes:g} minutes idle")
    return 0


def add_parsers(sub: Any) -> None:
    store = sub.add_parser(
        "store", help="make, encrypt, re-key, recover or back up the encrypted store"
    )
    store.add_argument("action", choices=["init", "encrypt", "passphrase", "recover", "backup"])
    store.add_argument("--store", help="the store file (default: your own store)")
    store.add_argument("--council-key", help="the council's public key (text or file)")
    store.add_argument("--council-private", help="recover: the council's private key file")
    store.add_argument("--passphrase-file", help="read the current passphrase from a file")
    store.add_argument("--new-passphrase-file", help="read the new passphrase from a file")
    store.add_argument("--council-passphrase-file", help="recover: the council key passphrase")
    store.set_defaults(func=cmd_store)

    settings = sub.add_parser("settings", help="show or change the chair's settings")
    settings.add_argument("--lock-after", type=float, help="minutes idle before the lock")
    settings.set_defaults(func=cmd_settings)
