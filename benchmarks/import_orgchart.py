"""Benchmark: import a generated org chart through the real HR import, then ask reporting lines.

    .venv/bin/python benchmarks/import_orgchart.py [--people 50000] [--levels 10]

Generates a deterministic org chart (every level below the top fans out until
the wanted depth is reached), writes it as a German Excel CSV, checks and
applies it with ``tandem.people.imports`` into a fresh SQLite database, and
measures ``tandem.people.orgchart.is_above`` for one pair. Prints a Markdown
table for ``benchmarks/RESULTS.md``.
"""

import argparse
import csv
import io
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST_NAMES = ["Jürgen", "Dörte", "Özlem", "Björn", "Änne", "Fritz", "Zoë", "Maß", "Jana", "Lukas"]
LAST_NAMES = ["Weiß", "Großmann", "Çelik", "Müller", "Öztürk", "Schäfer", "Krüger", "Nguyen"]
DEPARTMENTS = ["Finanzen", "IT", "Vertrieb", "Einkauf", "Logistik", "Personal", "Recht"]
LOCATIONS = ["Hamburg", "Köln", "München", "Lübeck", "Leipzig"]


def org_chart(people: int, levels: int, seed: int = 42) -> list[list[str]]:
    """Rows for ``people`` employees in exactly ``levels`` levels, top first.

    Level sizes grow geometrically, so the bottom levels hold most people, as
    in a real company; everyone below the top has a supervisor one level up.
    """
    rng = random.Random(seed)
    ratio = people ** (1 / (levels - 1))
    sizes = [max(1, round(ratio**level)) for level in range(levels)]
    sizes[-1] += people - sum(sizes)
    rows: list[list[str]] = []
    above: list[str] = []
    number = 0
    for level, size in enumerate(sizes):
        current = []
        for _ in range(size):
            number += 1
            key = f"P{number:06d}"
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            supervisor = rng.choice(above) if above else ""
            appraisers = (
                ", ".join(rng.sample(above, 2)) if len(above) > 2 and number % 10 == 0 else ""
            )
            rows.append(
                [
                    key,
                    first,
                    last,
                    f"{key.lower()}@nordwind.example",
                    rng.choice(DEPARTMENTS),
                    f"Team {number % 500}",
                    supervisor,
                    f"Ebene {level}",
                    rng.choice(LOCATIONS),
                    "de, en",
                    "T" if number % 97 == 0 else "A",
                    appraisers,
                ]
            )
            current.append(key)
        above = current
    return rows


HEADER = [
    "Personalnummer", "Vorname", "Nachname", "E-Mail", "Abteilung", "Team",
    "Vorgesetzte(r) Personalnummer", "Karrierestufe", "Standort", "Sprachen", "Status",
    "Beurteilende",
]  # fmt: skip


def as_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def expect(condition: bool, detail: object) -> None:
    if not condition:
        raise SystemExit(f"Benchmark failed: {detail}")


def peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def setup_django(database: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["TANDEM_SQLITE_PATH"] = str(database)
    # Not TANDEM_DEBUG: debug mode logs every query and would distort time and memory.
    os.environ.setdefault("TANDEM_SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--levels", type=int, default=10)
    parser.add_argument("--checks", type=int, default=2_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        setup_django(Path(directory) / "bench.sqlite3")
        from django_scopes import scope

        from tandem.core.models import Organization
        from tandem.people.imports import Limits, apply_import, check_import
        from tandem.people.models import Employee, ImportStatus
        from tandem.people.orgchart import is_above

        baseline = peak_mb()
        rows = org_chart(args.people, args.levels)
        content = as_csv(rows)
        organization = Organization.objects.create(name="Benchmark AG", slug="benchmark")
        limits = Limits.from_settings().with_max_rows(args.people)

        with scope(organization=organization):
            started = time.perf_counter()
            run = check_import(
                organization=organization,
                actor=None,
                filename="orgchart.csv",
                content=content,
                deactivate_missing=False,
                limits=limits,
            )
            checked = time.perf_counter() - started
            expect(run.status == ImportStatus.PREVIEWED, run.errors[:5])
            started = time.perf_counter()
            run = apply_import(run=run, actor=None, limits=limits)
            applied = time.perf_counter() - started
            expect(run.status == ImportStatus.APPLIED, run.errors[:5])
            peak = peak_mb()

            depth = max(Employee.objects.values_list("depth", flat=True))
            top = Employee.objects.get(employee_id=rows[0][0])
            bottom = Employee.objects.filter(depth=depth).order_by("pk").last()
            expect(bottom is not None and is_above(top.pk, bottom.pk), "no reporting line")
            assert bottom is not None  # noqa: S101 (for the type checker)
            timings = []
            for _ in range(args.checks):
                start = time.perf_counter()
                is_above(top.pk, bottom.pk)
                timings.append(time.perf_counter() - start)
            median_ms = statistics.median(timings) * 1000

            # A re-import of the same file: everything unchanged, the nightly-sync case.
            started = time.perf_counter()
            again = check_import(
                organization=organization,
                actor=None,
                filename="orgchart.csv",
                content=content,
                deactivate_missing=True,
                limits=limits,
            )
            rechecked = time.perf_counter() - started
            expect(again.summary["unchanged"] == args.people, again.summary)

    print(
        "| people | levels | file | check (dry run) | apply | total | peak RSS "
        "| is_above median | re-check unchanged |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {args.people:,} | {depth + 1} | {len(content) / 1e6:.1f} MB | {checked:.1f} s "
        f"| {applied:.1f} s | {checked + applied:.1f} s "
        f"| {peak:.0f} MB (before: {baseline:.0f} MB) "
        f"| {median_ms:.3f} ms | {rechecked:.1f} s |"
    )
    print(
        f"\nPython {platform.python_version()}, SQLite, {platform.machine()}, "
        f"{os.cpu_count()} CPUs; {args.checks} is_above calls."
    )


if __name__ == "__main__":
    main()
