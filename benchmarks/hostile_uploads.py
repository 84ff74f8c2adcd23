"""How fast hostile HR files are refused (IO-01: each within 2 s, before parsing).

Reuses the hostile-file fixtures of the import tests and times the real checks
(`check_file`, then reading the table) without a database. Prints a Markdown
table: median and worst of five runs per file.

    .venv/bin/python benchmarks/hostile_uploads.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TANDEM_DEBUG", "1")

import django  # noqa: E402

django.setup()

from tandem.people.imports.limits import Limits, check_file  # noqa: E402
from tandem.people.imports.problems import ImportRejected  # noqa: E402
from tandem.people.imports.reading import read_table  # noqa: E402
from tandem.people.tests.test_import_limits import CASES  # noqa: E402

RUNS = 5
TARGET_SECONDS = 2.0


def refuse(filename: str, content: bytes, limits: Limits) -> str:
    try:
        kind = check_file(filename=filename, content=content, limits=limits)
        read_table(content=content, kind=kind, limits=limits)
    except ImportRejected as rejected:
        return str(rejected.problem["code"])
    return "accepted"


def main() -> int:
    limits = Limits.from_settings()
    print("| file | size | refused as | median | worst |")
    print("| --- | ---: | --- | ---: | ---: |")
    worst_overall = 0.0
    for case in sorted(CASES):
        filename, make, expected = CASES[case]
        content = make()
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            code = refuse(filename, content, limits)
            times.append(time.perf_counter() - started)
        if code != expected:
            print(f"{case}: refused as {code}, expected {expected}", file=sys.stderr)
            return 1
        worst_overall = max(worst_overall, *times)
        print(
            f"| {case} | {len(content) / 1024:,.0f} KB | {code} | "
            f"{statistics.median(times) * 1000:,.1f} ms | {max(times) * 1000:,.1f} ms |"
        )
    print(f"\nWorst case {worst_overall:.3f} s (target < {TARGET_SECONDS} s).")
    return 0 if worst_overall < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
