"""``cinchair store`` and ``cinchair settings``: the encrypted store from a terminal.

``store init`` makes the chair's encrypted store (with a recovery copy for the
council when its public key is given), ``store passphrase`` changes the passphrase
(re-keying the file), ``store recover`` is the council admin's way in when a
passphrase is forgotten, ``store backup`` takes a snapshot now. Passphrases are read
with ``getpass`` (never echoed, never on the command line) or from a file.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from cinchair import paths


def _passphrase(args: argparse.Namespace, prompt: str, attr: str = "passphrase_file") -> str:
    source = getattr(args, attr, None)
    if source:
        return Path(source).read_text(encoding="utf-8").rstrip("\r\n")
    return getpass.getpass(prompt)


def _new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file:
        return Path(args.new_passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
    first = getpass.getpass("New passphrase: ")
    if getpass.getpass("The same again: ") != first:
        raise ValueError("the two passphrases differ; nothing was changed")
    return first


def _store_path(args: argparse.Namespace) -> Path:
    return Path(args.store) if args.store else paths.default_store_path()


def _council_public(text_or_file: str | None) -> Any:
    if not text_or_file:
        return None
    from cinchair.sync.keys import CouncilPublicKey

    source = Path(text_or_file)
    text = source.read_text(encoding="utf-8") if source.is_file() else text_or_file
    return CouncilPublicKey.from_text(text.strip())


def cmd_store(args: argparse.Namespace) -> int:
    from cinchair.backup import take_backup
    from cinchair.sync.keys import CouncilKeys, KeyProblem
    from cinchair.vault import (
        VaultProblem,
        change_passphrase,
        create_encrypted,
        open_encrypted,
        recover_store,
    )

    path = _store_path(args)
    try:
        if args.action == "init":
            council = _council_public(args.council_key)
            create_encrypted(path, _new_passphrase(args), council=council).close()
            print(f"Encrypted store made: {path}")
            print(
                "Recovery copy for the council: " + ("yes" if council else "NO (no --council-key)")
            )
        elif args.action == "passphrase":
            old = _passphrase(args, "Current passphrase: ")
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
            admin = _passphrase(args, "Council key passphrase: ", "council_passphrase_file")
            keys = CouncilKeys.load_private(Path(args.council_private), admin)
            recover_store(path, keys, _new_passphrase(args))
            print("Recovered: the store now opens with the new passphrase.")
        elif args.action == "backup":
            with open_encrypted(path, _passphrase(args, "Passphrase: ")) as store:
                backup = take_backup(store)
            print(f"Backup written: {backup.path if backup else 'none (not a file store)'}")
    except (VaultProblem, KeyProblem, ValueError, OSError) as exc:
        print(f"cinchair store: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from cinchair.settings import Settings, load_settings, save_settings

    settings = load_settings()
    if args.lock_after is not None:
        try:
            settings = Settings(lock_after_minutes=args.lock_after)
            save_settings(settings)
        except ValueError as exc:
            print(f"cinchair settings: {exc}", file=sys.stderr)
            return 2
    print(f"lock after {settings.lock_after_minutes:g} minutes idle")
    return 0


def add_parsers(sub: Any) -> None:
    store = sub.add_parser("store", help="make, re-key, recover or back up the encrypted store")
    store.add_argument("action", choices=["init", "passphrase", "recover", "backup"])
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
