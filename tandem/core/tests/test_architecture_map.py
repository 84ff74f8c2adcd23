"""The newcomer test of docs/architecture.md: for each concept, its model, operations,
pages, templates and tests are where the map says — the file exists and, where the cell
names one, the class or function is defined there (not merely imported)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
APP = ROOT / "tandem"
COLUMNS = ("model", "operations", "pages", "templates", "tests")
CONCEPTS = {"tandem", "meeting", "takeaway", "survey", "event", "cohort", "registration"}


def newcomer_rows() -> dict[str, dict[str, str]]:
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## Newcomer test", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 1 + len(COLUMNS) or not cells[1].startswith("`"):
            continue
        rows[cells[0]] = dict(zip(COLUMNS, (cell.strip("`") for cell in cells[1:]), strict=True))
    return rows


def defined_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_the_map_names_every_concept_of_the_newcomer_test() -> None:
    assert set(newcomer_rows()) == CONCEPTS


@pytest.mark.parametrize("concept", sorted(CONCEPTS))
def test_each_place_on_the_map_exists(concept: str) -> None:
    for column, cell in newcomer_rows()[concept].items():
        path, _, name = cell.partition(":")
        file = APP / path
        assert file.is_file(), f"{concept}: the {column} file {path} does not exist"
        if name:
            assert name in defined_names(file), f"{concept}: {name} is not defined in {path}"
