"""``tandem-match``: valid files give the documented RESULT.json, bad ones exit 2 cleanly."""

import json
from pathlib import Path

import pytest

from tandem.matching.engine.cli import main

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "problem.json"


def run(tmp_path, capsys, problem, *extra):
    source = tmp_path / "problem.json"
    source.write_text(problem if isinstance(problem, str) else json.dumps(problem))
    code = main(["solve", str(source), *extra])
    return code, capsys.readouterr()


def minimal(**changes):
    problem = {
        "mentors": [{"id": "M1", "languages": ["de"], "topics": {"ai": 4}}],
        "mentees": [{"id": "E1", "languages": ["de"], "goals": {"ai": 3}}],
        "org": {"supervisors": {"M1": "B", "E1": "B", "B": None}},
    }
    problem.update(changes)
    return problem


def test_solve_writes_a_result_matching_the_documented_schema(tmp_path, capsys):
    target = tmp_path / "result.json"
    assert main(["solve", str(EXAMPLE), "-o", str(target)]) == 0
    result = json.loads(target.read_text())
    assert set(result) == {"tandems", "unmatched", "quality"}
    for tandem in result["tandems"]:
        assert {"mentor", "mentee", "score", "components", "reasons"} <= set(tandem)
        assert all({"code", "points", "details"} == set(r) for r in tandem["reasons"])
    for person in result["unmatched"]:
        assert {"id", "role", "reason"} <= set(person)
    quality = result["quality"]
    assert {"total", "mean", "min", "violations", "blocking_pairs", "optimal", "timings"} <= set(
        quality
    )
    assert quality["violations"] == 0
    assert quality["optimal"] is True


def test_solve_prints_to_stdout_without_output_file(tmp_path, capsys):
    code, out = run(tmp_path, capsys, minimal())
    assert code == 0
    assert json.loads(out.out)["tandems"][0]["mentor"] == "M1"


def test_explain_prints_the_answer_for_one_pair(capsys):
    assert main(["explain", str(EXAMPLE), "E1100", "E0321"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["status"] == "infeasible"
    assert answer["rules"] == ["reporting_line"]


def test_explain_names_a_declined_topic(capsys):
    assert main(["explain", str(EXAMPLE), "E1100", "E0007"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert (answer["status"], answer["rules"]) == ("infeasible", ["declined_topic"])


@pytest.mark.parametrize(
    ("problem", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "problem: must be an object"),
        (minimal(mentors=[{"id": "M1", "capacity": 0}]), "capacity must be at least 1"),
        (minimal(mentors=[{"id": "M1", "topics": {"ai": 9}}]), "topics['ai'] must be 1–5"),
        (minimal(mentors=[{"id": "M1", "verified": {"ai": 0}}]), "verified['ai'] must be 1–5"),
        (minimal(mentees=[{"id": "E1", "style": [float("nan")]}]), "style answers must be 1–5"),
        (minimal(mentees=[{"id": "E1", "style": [6]}]), "'E1': style answers must be 1–5"),
        (minimal(mentees=[{"id": "E1", "goals": {"ai": "high"}}]), "mentees[0].goals.ai"),
        (minimal(mentees=[{"id": "E1", "declined": "ai"}]), "mentees[0].declined: must be a list"),
        (
            minimal(mentees=[{"id": "E1", "goals": {"ai": 3}, "declined": ["ai"]}]),
            "topic 'ai' is both a goal and declined",
        ),
        (minimal(fixed=[["M1", "E9"]]), "fixed: unknown mentee 'E9'"),
        (minimal(excluded=[["M9", "E1"]]), "excluded: unknown mentor 'M9'"),
        (minimal(org={"supervisors": {"M1": "E1", "E1": "M1"}}), "supervisor cycle"),
        (minimal(org={"supervisors": {"M1": "X", "E1": None}}), "'X', which is not an employee"),
        (minimal(org={"supervisors": {"M1": None}}), "no entry for 'E1'"),
        (minimal(objective="best"), "objective: must be one of"),
        (minimal(rules={"same_team": "yes"}), "rules.same_team: must be true or false"),
        (minimal(rules={"height": True}), "unknown field 'height'"),
        (minimal(scores={"M1": {"E1": 120}}), "must be a number from 0 to 100"),
        (minimal(weights={"topic": -1}), "weights must be non-negative"),
        (minimal(mentors=[{"id": "M1"}, {"id": "M1"}]), "mentor 'M1' appears 2 times"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(tmp_path, capsys, problem, message):
    code, out = run(tmp_path, capsys, problem)
    assert code == 2
    assert message in out.err
    assert "Traceback" not in out.err
    assert out.out == ""


def test_missing_file_exits_2(tmp_path, capsys):
    assert main(["solve", str(tmp_path / "nope.json")]) == 2
    assert "No such file" in capsys.readouterr().err
