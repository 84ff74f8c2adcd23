"""Results as JSON-ready dictionaries (the RESULT.json schema in docs/matching.md)."""

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any, cast

from tandem.matching.engine.types import Result, WhyNot

DECIMALS = 4


def result_to_dict(result: Result) -> dict[str, Any]:
    return cast(dict[str, Any], _plain(asdict(result)))


def why_not_to_dict(answer: WhyNot) -> dict[str, Any]:
    return cast(dict[str, Any], _plain(asdict(answer)))


def _plain(value: object) -> object:
    """Tuples become lists, mappings dicts and floats short, ready for ``json.dumps``."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float):
        return round(value, DECIMALS)
    return value
