"""Running `policybot serve` as a separate process and watching it start and stop, for the wheel
and image tests: they run the command as a deployment would, so nothing here imports the bot."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
READY_SECONDS = 90  # a cold start loads and indexes the policy: ~3 s here, slower on a busy CI
STOP_SECONDS = 10  # well inside a container runtime's 10 s grace before SIGKILL
APP_ID = "9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f60"
# What decides how the service runs; a developer's shell must not leak into the tests.
SERVICE_VARIABLES = ("POLICYBOT_", "Microsoft", "TO_BOT_FROM_CHANNEL_")
PYTHON_VARIABLES = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(SERVICE_VARIABLES) and key not in PYTHON_VARIABLES
    }
    return {**env, **extra}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def build_context_paths() -> list[str]:
    """What .dockerignore lets into the image build (its `!path` lines): the wheel test builds
    from exactly these, so a file the wheel needs but the context leaves out fails here too."""
    lines = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    return [line[1:] for line in lines if line.startswith("!")]


def copy_build_context(target: Path) -> None:
    """The repository as the image build sees it; links kept as links, as a checkout has them."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.pyo")
    for relative in build_context_paths():
        source, destination = REPO / relative, target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, destination, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(source, destination)


def run(argv: Sequence[str | os.PathLike[str]], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run to completion; on failure the assertion shows the command and all of its output."""
    result = subprocess.run(
        [str(arg) for arg in argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        check=False,
        **kwargs,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, argv))} -> {result.returncode}\n{result.stdout}"
    )
    return result


@dataclass
class Served:
    """A started service: its process, and the port it was told to listen on."""

    process: subprocess.Popen[str]
    port: int
    name: str

    def wait_ready(self) -> dict[str, Any]:
        """/readyz's answer once it is 200; fails with the service's output if it exits first."""
        deadline = time.monotonic() + READY_SECONDS
        url = f"http://127.0.0.1:{self.port}/readyz"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                out, err = self.process.communicate()
                raise AssertionError(f"{self.name} exited {self.process.returncode}\n{out}\n{err}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    body: dict[str, Any] = json.load(response)
                    return body
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        self.process.kill()
        out, err = self.process.communicate()
        raise AssertionError(f"{self.name} not ready in {READY_SECONDS} s\n{out}\n{err}")

    def stop(self) -> tuple[int, str, str]:
        """SIGTERM, as a container runtime stops it: (exit status, stdout, stderr)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            out, err = self.process.communicate(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
            raise AssertionError(
                f"{self.name} still running {STOP_SECONDS} s after SIGTERM\n{out}\n{err}"
            ) from None
        return self.process.returncode, out, err


def start(
    argv: Sequence[str | os.PathLike[str]],
    env: Mapping[str, str],
    port: int,
    name: str,
    cwd: Path | None = None,
) -> Served:
    process = subprocess.Popen(
        [str(arg) for arg in argv],
        env=dict(env),
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return Served(process, port, name)


def json_lines(output: str) -> list[dict[str, Any]]:
    """Every line of `output` as a JSON object with the four fields each log line carries."""
    entries = []
    for line in output.splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            raise AssertionError(f"not a JSON line: {line!r}") from None
        assert isinstance(entry, dict) and {"time", "level", "logger", "message"} <= entry.keys()
        entries.append(entry)
    return entries
