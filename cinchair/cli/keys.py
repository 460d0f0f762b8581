"""``cinchair keys``: the council's keys, this laptop's device key, and the trust list.

Apart from ``cinchair.cli.sync`` because these are the admin's and IT's commands, run
once or rarely (making the council's keys, installing its public key on a laptop,
trusting and revoking laptops), not part of moving meetings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cinchair.cli.common import (
    Fail,
    device_key_of,
    keys_folder,
    laptop_store,
    now_utc,
    passphrase_arg,
    plain_failures,
)

KEY_ACTIONS = (
    "council-new",
    "council-status",
    "council-upgrade",
    "council-public",
    "install-council",
    "device",
    "trust",
    "revoke",
    "list",
)


def add_parsers(sub: Any) -> None:
    keys = sub.add_parser(
        "keys",
        help="council keys, this laptop's key, and the council's trust list",
        description="council-new: make the council's keys (once). council-status: how the "
        "private key files are protected (no passphrase needed). council-upgrade: rewrite "
        "key files from the older PEM format with scrypt now (any command that opens the keys "
        "does it too). council-public: print the council.pub text for laptops. "
        "install-council: put council.pub on this laptop. "
        "device: print the public device key kept inside your own store (asks for its "
        "passphrase; an old clear device-key.pem is moved in, the same key), or inside the "
        "SQLite store given with --db; the council's PostgreSQL store keeps none. "
        "trust / revoke / list: the council's trust list of laptops.",
    )
    keys.add_argument(
        "action",
        choices=KEY_ACTIONS,
    )
    keys.add_argument(
        "value",
        nargs="?",
        help="trust: the device key text; revoke: its id; "
        "install-council: the council.pub file or text",
    )
    keys.add_argument("--out", type=Path, help="council-new: the folder for the keys")
    keys.add_argument("--keys", type=Path, help="the council key folder (default: data folder)")
    keys.add_argument(
        "--passphrase-file",
        type=Path,
        help="read the passphrase from this file (the council keys'; for device, your store's)",
    )
    keys.add_argument(
        "--db", help="device: SQLAlchemy URL of the store whose key to print (default: your own)"
    )
    keys.add_argument("--label", help="trust: whose laptop (e.g. 'Priya Shah, laptop 7')")
    keys.add_argument("--reason", help="revoke: why (e.g. 'laptop stolen')")
    keys.set_defaults(func=plain_failures(cmd_keys))


def cmd_keys(args: argparse.Namespace) -> int:
    from cinchair.sync.council import (
        CouncilDesk,
        CouncilPublic,
        install_council_public,
        public_of_folder,
    )

    action = args.action
    if action == "council-new":
        if not args.out:
            raise Fail("say where to keep the council keys: --out FOLDER")
        desk = CouncilDesk.create(args.out, passphrase_arg(args, confirm=True))
        print(f"Council keys made in {desk.folder} (key {desk.sealing.key_id}).")
        print("Keep the .pem files and the passphrase safe: without them no bundle opens.")
        print(f"Send {desk.folder / 'council.pub'} to every chair's laptop:")
        print(desk.public.text(), end="")
        return 0
    if action == "council-status":
        return _council_status(keys_folder(args))
    if action == "council-upgrade":
        return _council_upgrade(keys_folder(args), passphrase_arg(args))
    if action == "council-public":
        print(public_of_folder(keys_folder(args)).text(), end="")
        return 0
    if action == "install-council":
        if not args.value:
            raise Fail("give the council.pub file (or its text)")
        path = install_council_public(CouncilPublic.from_file_or_text(args.value))
        print(f"council key installed at {path}")
        return 0
    if action == "device":
        from cinchair.app import paths

        if not args.db and not paths.default_store_path().exists():
            raise Fail(
                "this laptop has no store of its own yet, and its device key is kept inside "
                "it: run 'cinchair store init' (or open cinchair) first"
            )
        from cinchair.sync.keys.device import laptop_public
        from cinchair.sync.keys.laptop import read_aloud

        with laptop_store(args) as store:
            device = device_key_of(store)
            laptop = laptop_public(store)  # the signing key and the sealing key, on one line
        print(laptop.public_text())
        print(
            f"(device id {device.device_id}; fingerprint {read_aloud(laptop.fingerprint or '')}:"
            " read it out to the admin, who sees the same after 'keys trust')",
            file=sys.stderr,
        )
        return 0
    # the same core calls as the admin desk's Laptops tab (cinchair.sync.admin_desk)
    from cinchair.sync.admin_desk import laptops, revoke_laptop, trust_laptop, trust_path

    folder = keys_folder(args)
    if action == "list":
        every_laptop = laptops(folder)
        for d in every_laptop:
            state = f"REVOKED {d.revoked_at} ({d.revoke_reason})" if d.revoked else "trusted"
            packs = "" if d.revoked or d.sealing_key else ", bundles only (no sealing key)"
            print(f"{d.device_id}  {d.label:32}  since {d.trusted_at}  {state}{packs}")
        if not every_laptop:
            print(f"no devices trusted yet ({trust_path(folder)})")
        return 0
    if action == "trust":
        if not args.value or not args.label:
            raise Fail("give the device's key text and --label 'whose laptop'")
        entry = trust_laptop(folder, args.value, args.label, at=now_utc())
        print(f"trusted {entry.device_id} ({entry.label})")
        if entry.fingerprint is None:
            print(
                "  signing key only: this laptop can send bundles but cannot receive case "
                "packs; trust the line 'cinchair keys device' prints on it to add its sealing key"
            )
        else:
            from cinchair.sync.keys.laptop import read_aloud

            print(f"  fingerprint {read_aloud(entry.fingerprint)}: check it with the chair")
        return 0
    # revoke
    if not args.value or not args.reason:
        raise Fail("give the device id and --reason (e.g. 'laptop stolen')")
    entry = revoke_laptop(folder, args.value, args.reason, at=now_utc())
    print(
        f"revoked {entry.device_id} ({entry.label}) on {entry.revoked_at}: every bundle it "
        "signed is refused from now on"
    )
    return 0


def _council_status(folder: Path) -> int:
    """Say how each council key file is protected; nothing is opened or changed."""
    from cinchair.sync.council import key_folder_protection

    states = key_folder_protection(folder)
    for state in states:
        print(f"{state.path}: {state.summary}")
    if all(state.current for state in states):
        print("Both keys are protected with scrypt at the app's full cost.")
    return 0


def _council_upgrade(folder: Path, passphrase: str) -> int:
    """Open the keys (which upgrades old PEM files) and say what became of each file."""
    from cinchair.sync.council import CouncilDesk

    desk = CouncilDesk.open(folder, passphrase)
    for opened in desk.opened:
        if opened.upgraded:
            print(f"{opened.path}: rewritten with scrypt (the same key; laptops need nothing)")
        elif not opened.was_old_pem:
            print(f"{opened.path}: already protected with scrypt")
    for note in desk.notes:
        print(f"cinchair keys: {note}", file=sys.stderr)
    return 1 if desk.notes else 0
