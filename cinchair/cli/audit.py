"""``cinchair audit verify`` and ``cinchair verify-filed``: integrity checks on real stores.

``audit verify`` opens the store it checks the way every other command does: the chair's
own store (or any ``--db`` with a key file beside it) with the chair's passphrase, a
council store by its URL. It never makes a store: checking one that is not there says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cinchair.cli.common import keys_folder, laptop_store, open_store, plain_failures


def add_parsers(sub: Any) -> None:
    audit = sub.add_parser(
        "audit",
        help="check the audit trail's hash chain",
        description="Check the audit trail: every entry's hash and link; the chain against "
        "its anchors outside the database (the signed checkpoint beside a chair's store, "
        "the last council receipt the laptop loaded, and with --receipts the council's "
        "signed receipts), so a trail cut short or re-chained is found; and every row "
        "replayed from the trail, so a change made around the app (with no audit entry) "
        "is found.",
    )
    audit.add_argument("action", choices=["verify"])
    audit.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    audit.add_argument(
        "--receipts",
        type=Path,
        help="a council store: the folder of receipts it issued, checked against its trail",
    )
    audit.add_argument(
        "--keys", type=Path, help="with --receipts: the council key folder (default: data folder)"
    )
    audit.add_argument(
        "--passphrase-file", type=Path, help="an encrypted store's passphrase, from this file"
    )
    audit.set_defaults(func=plain_failures(cmd_audit))

    filed = sub.add_parser(
        "verify-filed",
        help="prove again which laptop sent each record the council holds",
        description="Check every received bundle kept in the council store against the trust "
        "list: the laptop's signature on its manifest, and that the kept record is the one "
        "signed. Needs no passphrase (the trust list is public).",
    )
    filed.add_argument("--db", required=True, help="SQLAlchemy URL of the council's store")
    filed.add_argument("--keys", type=Path, help="the council key folder (default: data folder)")
    filed.set_defaults(func=plain_failures(cmd_verify_filed))


def cmd_audit(args: argparse.Namespace) -> int:
    from cinchair.store.integrity import check_integrity

    council = None
    if args.receipts is not None:
        from cinchair.sync.council import public_of_folder

        council = public_of_folder(keys_folder(args))
    with laptop_store(args, actor="audit") as store:
        report = check_integrity(store, receipts_dir=args.receipts, council=council)
    for line in report.problem_lines():
        print(line, file=sys.stderr)
    print(report.headline())
    return 0 if report.intact else 1


def cmd_verify_filed(args: argparse.Namespace) -> int:
    from cinchair.sync.council import TRUST_FILE
    from cinchair.sync.keys.trust_list import TrustList
    from cinchair.sync.provenance import verify_filed

    trust = TrustList.load(keys_folder(args) / TRUST_FILE)
    with open_store(args.db, "audit") as store, store.reading() as session:
        checks = verify_filed(session, trust)
    failed = [c for c in checks if c.problem is not None]
    unprovable = [c for c in checks if c.problem is None and not c.proved]
    for check in failed:
        print(
            f"{check.case_reference} meeting {check.meeting_id[:8]} ({check.status}, from "
            f"{check.device_label}): {check.problem}",
            file=sys.stderr,
        )
    for check in checks:
        if check.proved and check.note:
            print(f"{check.case_reference} meeting {check.meeting_id[:8]}: {check.note}")
    proved = len(checks) - len(failed) - len(unprovable)
    print(
        f"{proved} of {len(checks)} received record(s) proved against the trust list"
        + (f"; {len(unprovable)} received before manifests were kept" if unprovable else "")
        + (f"; {len(failed)} FAILED" if failed else "")
    )
    return 1 if failed else 0
