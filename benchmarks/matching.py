"""Benchmark the matching engine against the dense solver and other approaches.

Each size runs in a fresh process so that peak memory is that size's own. Usage:

    .venv/bin/python benchmarks/matching.py                 # 100 … 5,000 per side
    .venv/bin/python benchmarks/matching.py --sizes 10000   # the 10k target

Per size: wall time per engine stage, peak RSS, the fairness and coverage objectives,
and, on the same final score matrix, the bare ``scipy.optimize.linear_sum_assignment``
(capacity by repeated columns; the floor), a greedy baseline, the ``matching`` package's
hospital–residents algorithm and ``mentor-match``'s solver (munkres) where they finish,
each with total and minimum score as % of the engine's optimum.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment

# This file is called matching.py: drop its folder from the path so that ``import matching``
# finds the package, and put the repository root there instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [str(HERE.parent), *(p for p in sys.path if Path(p or ".").resolve() != HERE)]

from tandem.matching.engine import solve  # noqa: E402
from tandem.matching.engine.compiled import compile_problem  # noqa: E402
from tandem.matching.engine.matrices import feasibility_matrix, score_matrix  # noqa: E402
from tandem.matching.engine.synthetic import random_problem  # noqa: E402

SEED = 2026
HOSPITAL_RESIDENT_LIMIT = 1000  # pure-Python preference lists grow with n²
MUNKRES_LIMIT = 200  # pure-Python O(n³)


def measure(n: int) -> dict[str, object]:
    problem = random_problem(SEED, n, n)
    started = time.perf_counter()
    result = solve(problem)
    engine_wall = time.perf_counter() - started
    q = result.quality
    row: dict[str, object] = {
        "n": n,
        "stages": dict(q.timings),
        "engine": engine_wall,
        "optimal": q.optimal,
        "rounds": q.rounds,
        "total": q.total,
        "min": q.min,
        "tandems": q.matched_mentees,
    }
    for objective in ("fairness", "coverage"):
        started = time.perf_counter()
        other = solve(replace(problem, objective=objective))
        row[objective] = time.perf_counter() - started
        row[f"{objective}_optimal"] = other.quality.optimal
    row["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    c = compile_problem(problem)
    score, feasible = score_matrix(c), feasibility_matrix(c)
    # float64, as linear_sum_assignment would convert it anyway (outside its timing here)
    weights = np.repeat(np.where(feasible, score, 0.0).astype(np.float64), c.capacity, axis=1)
    started = time.perf_counter()
    rows, seats = linear_sum_assignment(weights, maximize=True)
    row["lsa"] = time.perf_counter() - started
    owner = np.repeat(np.arange(c.n_mentors), c.capacity)
    row["lsa_quality"] = _share(score, feasible, rows, owner[seats], total=q.total, worst=q.min)
    started = time.perf_counter()
    e, r = _greedy(score, feasible, c.capacity)
    row["greedy"] = time.perf_counter() - started
    row["greedy_quality"] = _share(score, feasible, e, r, total=q.total, worst=q.min)
    if n <= HOSPITAL_RESIDENT_LIMIT:
        started = time.perf_counter()
        e, r = _hospital_resident(score, feasible, c.capacity)
        row["hr"] = time.perf_counter() - started
        row["hr_quality"] = _share(score, feasible, e, r, total=q.total, worst=q.min)
    if n <= MUNKRES_LIMIT:
        started = time.perf_counter()
        e, r = _munkres(weights, owner)
        row["munkres"] = time.perf_counter() - started
        row["munkres_quality"] = _share(score, feasible, e, r, total=q.total, worst=q.min)
    pair = result.tandems[0]
    started = time.perf_counter()
    solve(replace(problem, excluded=(*problem.excluded, (pair.mentor, pair.mentee))))
    row["what_if"] = time.perf_counter() - started
    return row


def _share(score, feasible, e, r, *, total, worst) -> tuple[float, float]:
    keep = feasible[e, r] & (score[e, r] > 0)
    s = score[e[keep], r[keep]].astype(np.float64)
    return float(100 * s.sum() / total), (float(100 * s.min() / worst) if s.size and worst else 0.0)


def _greedy(score, feasible, capacity):
    """Best remaining pair first."""
    e, r = np.nonzero(feasible)
    order = np.argsort(-score[e, r], kind="stable")
    seats = capacity.copy()
    taken = np.zeros(score.shape[0], dtype=bool)
    chosen = []
    for k in order:
        if not taken[e[k]] and seats[r[k]] > 0:
            taken[e[k]] = True
            seats[r[k]] -= 1
            chosen.append(k)
    return e[chosen], r[chosen]


def _hospital_resident(score, feasible, capacity):
    """Stable matching from the ``matching`` package (mentees propose)."""
    # mentor-match installs its own top-level ``matching/__init__.py`` over the
    # ``matching`` package's, so the names its modules import are restored by hand.
    import matching
    import matching.base

    for name in ("BaseGame", "BaseMatching", "BasePlayer"):
        setattr(matching, name, getattr(matching.base, name))
    import matching.matchings

    for name in ("MultipleMatching", "SingleMatching"):
        setattr(matching, name, getattr(matching.matchings, name))
    import matching.players

    matching.Player = matching.players.Player
    from matching.games import HospitalResident

    sys.setrecursionlimit(1_000_000)  # the game deep-copies its linked players
    n, m = score.shape
    residents = {
        f"e{j}": [f"r{i}" for i in np.argsort(-score[j], kind="stable") if feasible[j, i]]
        for j in range(n)
        if feasible[j].any()  # the package fails on residents with nobody to rank
    }
    hospitals = {
        f"r{i}": [f"e{j}" for j in np.argsort(-score[:, i], kind="stable") if feasible[j, i]]
        for i in range(m)
    }
    game = HospitalResident.create_from_dictionaries(
        residents, hospitals, {f"r{i}": int(capacity[i]) for i in range(m)}
    )
    pairs = [
        (int(res.name[1:]), int(hosp.name[1:]))
        for hosp, matched in game.solve(optimal="resident").items()
        for res in matched
    ]
    return np.array([p[0] for p in pairs], dtype=int), np.array([p[1] for p in pairs], dtype=int)


def _munkres(weights, owner):
    """mentor-match's solver (munkres, pure Python) on the same matrix."""
    from munkres import Munkres, make_cost_matrix

    cost = make_cost_matrix(weights.tolist())
    pairs = Munkres().compute(cost)
    return np.array([p[0] for p in pairs]), owner[np.array([p[1] for p in pairs])]


def table(rows: list[dict]) -> str:
    head = (
        "| n per side | scores | rules | solve | explain | engine end to end | peak RSS "
        "| bare LSA | engine / LSA | fairness / total | coverage | greedy total % / min % "
        "| HR total % / min % | munkres (mentor-match) | what-if |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|"
    )
    lines = [head]
    for row in rows:
        s = row["stages"]
        hr = (
            f"{row['hr_quality'][0]:.1f} / {row['hr_quality'][1]:.0f} ({row['hr']:.2f} s)"
            if "hr" in row
            else "not run (n > 1,000)"
        )
        mk = (
            f"{row['munkres_quality'][0]:.1f} % in {row['munkres']:.2f} s"
            if "munkres" in row
            else "not run (n > 200)"
        )
        lines.append(
            f"| {row['n']:,} | {s['scores']:.3f} | {s['rules']:.3f} | {s['solve']:.3f} "
            f"| {s['explain']:.3f} | {row['engine']:.3f} s{' ✓' if row['optimal'] else ' ✗'} "
            f"| {row['peak_mb']:,.0f} MB | {row['lsa']:.3f} s "
            f"| {row['engine'] / row['lsa']:.2f}× "
            f"| {row['fairness'] / row['engine']:.2f}× | {row['coverage']:.3f} s "
            f"| {row['greedy_quality'][0]:.1f} / {row['greedy_quality'][1]:.0f} | {hr} | {mk} "
            f"| {row['what_if']:.3f} s |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500, 1000, 2000, 5000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run(  # noqa: S603 - runs this very script
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(out.stdout))
        print(f"n={n} done", file=sys.stderr)
    print(table(rows))


if __name__ == "__main__":
    main()
