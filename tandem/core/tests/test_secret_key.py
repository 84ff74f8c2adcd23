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


def test_production_refuses_to_start_without_its_public_address() -> None:
    """Links in mail from the worker would otherwise point at 127.0.0.1 (issue 13)."""
    env = {"TANDEM_SECRET_KEY": "k" * 50, "TANDEM_ALLOWED_HOSTS": "tandem.example.org"}
    without = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**_clean_env(), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert without.returncode != 0
    assert "TANDEM_BASE_URL" in without.stderr
    with_url = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**_clean_env(), **env, "TANDEM_BASE_URL": "https://tandem.example.org"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert with_url.returncode == 0, with_url.stderr


def _clean_env() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"TANDEM_SECRET_KEY", "TANDEM_DEBUG", "TANDEM_TESTING", "TANDEM_BASE_URL"}
    }


def test_every_setting_from_the_environment_is_documented_in_the_readme() -> None:
    import re

    names = set(
        re.findall(
            r"\"(TANDEM_[A-Z_]+|DATABASE_URL)\"", (ROOT / "config" / "settings.py").read_text()
        )
    )
    internal = {"TANDEM_TESTING"}  # set by the test runner only
    readme = (ROOT / "README.md").read_text()
    assert names
    assert not {name for name in names - internal if f"`{name}`" not in readme}
