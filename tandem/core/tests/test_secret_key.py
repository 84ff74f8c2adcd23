"""The secret key is required to serve, not to read the code (SEC-01)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TANDEM_SECRET_KEY", "TANDEM_DEBUG", "TANDEM_TESTING"}
    }
    return subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_migration_check_runs_without_a_secret_key() -> None:
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("command", ["check", "migrate"])
def test_commands_that_serve_or_write_need_the_secret_key(command: str) -> None:
    result = manage(command, "--no-color")
    assert result.returncode != 0
    assert "TANDEM_SECRET_KEY" in result.stderr
