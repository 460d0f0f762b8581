"""``cinchair check RECORD.json``: a record's SMART and required-item findings, as JSON.

The findings are those the meeting window shows while the chair types
(``cinchair.record.check``), so a CPM reviewing a record from another laptop, or an
admin script, sees what the chair saw. Exit status 0 when the record reads (findings or
not), 2 when it does not, with the reason on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cinchair.profiles import ProfileError
from cinchair.record import RecordError, load_record
from cinchair.record.check import check_record


def add_parsers(sub: Any) -> None:
    check = sub.add_parser(
        "check",
        help="a meeting record's SMART and required-item findings, as JSON",
        description="Print the findings the meeting window would show for a record file: "
        'vague or unowned actions, missing dates, empty required items. {"findings": '
        '[{"where", "rule", "severity", "message"}]}. Exit 0 when the record reads.',
    )
    check.add_argument("record", type=Path, help="a meeting record (record.json)")
    check.set_defaults(func=_cmd_check)


def _cmd_check(args: argparse.Namespace) -> int:
    path: Path = args.record
    try:
        record = load_record(path)
        findings = check_record(record)
    except (RecordError, ProfileError) as exc:
        return _fail(str(exc))
    except KeyError as exc:  # a council profile this laptop does not have
        return _fail(str(exc.args[0]))
    json.dump({"findings": [f.as_json() for f in findings]}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def _fail(message: str) -> int:
    print(f"cinchair check: {message}", file=sys.stderr)
    return 2
