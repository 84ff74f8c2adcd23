"""Protocol peers nobody here wrote, run on loopback for the length of a test module.

Each peer is a folder of ``peers/`` with its own package.json and lock file
(``make peers`` installs them) and a script that prints one line of JSON once it
listens, e.g. ``{"url": "http://127.0.0.1:40123"}``. The process is stopped
when the fixture ends, and its output is shown if it never says it is ready.
"""

import json
import os
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

PEERS = Path(__file__).resolve().parents[3] / "peers"
READY_SECONDS = 30


@contextmanager
def running_peer(
    name: str, script: str, *args: str, env: dict[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    """Start ``peers/<name>/<script>`` with Node.js; yield what it printed when ready."""
    folder = PEERS / name
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed for the protocol peers (it is on these machines).")
    if not (folder / "node_modules").is_dir():
        pytest.fail(f"peers/{name} is not installed: run 'make peers'.")
    process = subprocess.Popen(  # noqa: S603 (a fixed script of ours, no shell)
        [node, script, *args],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
        start_new_session=True,
    )
    try:
        ready = _await_ready(process)
        yield ready
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _await_ready(process: "subprocess.Popen[str]") -> dict[str, Any]:
    assert process.stdout is not None
    seen: list[str] = []
    # readline blocks; the peer prints its ready line within a second or exits.
    for line in process.stdout:
        seen.append(line)
        stripped = line.strip()
        if stripped.startswith("{"):
            try:
                data: dict[str, Any] = json.loads(stripped)
            except json.JSONDecodeError:
                continue
            if "url" in data:
                return data
        if len(seen) > 200:
            break
    pytest.fail("The peer did not start:\n" + "".join(seen[-40:]))
