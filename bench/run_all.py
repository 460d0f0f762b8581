"""Run every benchmark in this folder, one after another: ``python -m bench.run_all``."""

from __future__ import annotations

from bench import autosave, case_list, documents, import_bundles

BENCHMARKS = [autosave.main, case_list.main, documents.main, import_bundles.main]


def main() -> None:
    for bench in BENCHMARKS:
        bench()
        print()


if __name__ == "__main__":
    main()
