"""Protocol peers nobody here wrote, run on loopback for the length of a test module.

Each peer is a folder of ``peers/`` with its own package.json and lock file
(``make peers`` installs them) and a script that prints one line of JSON once it
listens, e.g. ``{"url": "http://127.0.0.1:40123"}``. The process is stopped
when the fixture ends, and its output is shown if it never says it is ready.
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

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
    """The peer's ready line, read by a thread so a silent peer fails the test in time."""
    assert process.stdout is not None
    lines: queue.Queue[str | None] = queue.Queue()

    def read(stream: IO[str]) -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, args=(process.stdout,), daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + READY_SECONDS
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if line is None:  # the peer exited
            break
        seen.append(line)
        ready = _ready_line(line)
        if ready is not None:
            return ready
    pytest.fail(f"The peer did not start within {READY_SECONDS} s:\n" + "".join(seen[-40:]))


def _ready_line(line: str) -> dict[str, Any] | None:
    stripped = line.strip()
    if not stripped.startswith("{"):
        return None
    try:
        data: dict[str, Any] = json.loads(stripped)
    except json.JSONDecodeError:
        return None
    return data if "url" in data else None
