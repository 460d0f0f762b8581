"""The crash test at 1,000 SIGKILLs: ``python -m bench.crash_many [KILLS] [SEED]``.

CI runs ``tests/test_crash_safety.py`` with 200 kills, about two minutes. This runs the
very same test (the same writer, ``tests/crash_writer.py``, and the same checks after every
kill: the store opens with its key, ``PRAGMA integrity_check`` and SQLCipher's
``cipher_integrity_check`` pass, the audit chain verifies, and every edit the writer
reported saved is there with its own audit entry) with ``CINCHAIR_CRASH_KILLS`` set to
1,000 by default. It is here rather than in the tests because it takes ten minutes or
more on a two-core machine, beyond CI's time budget; the figures it prints go in the
README's benchmarks.

Run it niced on a shared machine (``nice -n 19 python -m bench.crash_many``): the kills
land at random moments anyway, so a slow machine only spreads them differently.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_KILLS = 1000


def main(argv: list[str] | None = None) -> int:
    """Run the crash test with many kills; print its own figures and the wall time."""
    args = sys.argv[1:] if argv is None else argv
    kills = int(args[0]) if args else DEFAULT_KILLS
    env = dict(os.environ)
    env["CINCHAIR_CRASH_KILLS"] = str(kills)
    if len(args) > 1:
        env["CINCHAIR_CRASH_SEED"] = args[1]
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    began = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-s",
            "-p",
            "no:cacheprovider",
            "tests/test_crash_safety.py",
        ],
        cwd=REPO,
        env=env,
        check=False,
    )
    elapsed = time.perf_counter() - began
    verdict = "passed" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
    print(f"crash_many: {kills} kills asked, {verdict}, {elapsed / 60:.1f} minutes in all")
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
