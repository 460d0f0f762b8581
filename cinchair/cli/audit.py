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

from cinchair.cli.common import laptop_store, plain_failures


def add_parsers(sub: Any) -> None:
    audit = sub.add_parser(
        "audit",
        help="check the audit trail's hash chain",
        description="Check the audit trail: every entry's hash and link.",
    )
    audit.add_argument("action", choices=["verify"])
    audit.add_argument("--db", help="SQLAlchemy URL of the store (default: your own store)")
    audit.add_argument(
        "--passphrase-file", type=Path, help="an encrypted store's passphrase, from this file"
    )
    audit.set_defaults(func=plain_failures(cmd_audit))


def cmd_audit(args: argparse.Namespace) -> int:
    from cinchair.store.audit import verify_chain

    with laptop_store(args, actor="audit") as store, store.reading() as session:
        problems = verify_chain(session)
    for problem in problems:
        print(f"audit entry {problem.seq} {problem.problem}", file=sys.stderr)
    print("audit trail intact" if not problems else f"{len(problems)} problem(s) found")
    return 1 if problems else 0
