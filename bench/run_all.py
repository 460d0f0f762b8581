"""Run every benchmark in this folder, one after another: ``python -m bench.run_all``.

Each prints its figures beside the baseline measured in the same run, so the ratios
hold even on a busy machine where the absolute times wander. ``--quick`` runs each with
fewer samples and 100 bundles instead of 1,000, to check the benchmarks still work.
"""

from __future__ import annotations

import sys

from bench import autosave, case_list, documents, import_bundles, startup


def main(argv: list[str] | None = None) -> None:
    quick = "--quick" in (sys.argv[1:] if argv is None else argv)
    if quick:
        autosave.SAMPLES, startup.RUNS, documents.RUNS, documents.LO_RUNS = 30, 2, 2, 1
        case_list.RUNS = 2
    benchmarks = [
        startup.main,
        autosave.main,
        case_list.main,
        documents.main,
        lambda: import_bundles.main(100 if quick else import_bundles.BUNDLES),
    ]
    for bench in benchmarks:
        bench()
        print(flush=True)


if __name__ == "__main__":
    main()
