"""``tandem-match``: solve a PROBLEM.json or explain one pair, from the command line.

Exit codes: 0 success, 2 bad input (message on stderr, never a traceback).
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tandem.matching.engine.errors import ProblemError
from tandem.matching.engine.matcher import solve, why_not
from tandem.matching.engine.parsing import problem_from_dict
from tandem.matching.engine.serialize import result_to_dict, why_not_to_dict
from tandem.matching.engine.types import Problem

BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        problem = _read_problem(Path(args.problem))
        if args.command == "solve":
            output = result_to_dict(solve(problem))
        else:
            output = why_not_to_dict(why_not(problem, args.mentor, args.mentee))
    except ProblemError as error:
        print(f"tandem-match: invalid problem {args.problem}:", file=sys.stderr)
        for message in error.errors:
            print(f"  - {message}", file=sys.stderr)
        return BAD_INPUT
    except OSError as error:
        print(f"tandem-match: {error.strerror}: {error.filename}", file=sys.stderr)
        return BAD_INPUT
    _write(output, args.output)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tandem-match", description="Optimal, explainable mentor–mentee matching."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    solve_cmd = commands.add_parser("solve", help="match everyone; write RESULT.json")
    solve_cmd.add_argument("problem", help="PROBLEM.json")
    solve_cmd.add_argument("-o", "--output", help="RESULT.json (default: stdout)")
    explain = commands.add_parser("explain", help="why a pair is (not) a tandem")
    explain.add_argument("problem", help="PROBLEM.json")
    explain.add_argument("mentor", help="mentor id")
    explain.add_argument("mentee", help="mentee id")
    explain.add_argument("-o", "--output", help="output file (default: stdout)")
    return parser


def _read_problem(path: Path) -> Problem:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ProblemError(
            [f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"]
        ) from None
    except UnicodeDecodeError:
        raise ProblemError(["not UTF-8 text"]) from None
    return problem_from_dict(data)


def _write(output: dict[str, Any], target: str | None) -> None:
    text = json.dumps(output, indent=2, ensure_ascii=False) + "\n"
    if target is None:
        sys.stdout.write(text)
    else:
        Path(target).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
