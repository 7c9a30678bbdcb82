"""A throwaway PostgreSQL server for tests and benchmarks.

initdb refuses to run as root, and CI runs as root, so when we are root the cluster is created and
run as the `postgres` system user in a temporary folder chowned to it. The server listens on
127.0.0.1 on a free port with trust authentication and is stopped by `stop()`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PG_USER = "postgres"

# Durability is irrelevant for a server that is deleted after the run; turning it off makes
# CREATE DATABASE and commits several times faster. Benchmarks pass durable=True.
FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL bin folder that has initdb, or None."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", PG_USER, "--", *args]
    return args


@dataclass
class TemporaryPostgres:
    """One PostgreSQL cluster in a temporary folder; `start()` returns its server URL."""

    bindir: Path
    durable: bool = False
    port: int = field(default_factory=_free_port)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="policybot-pg-")))

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def admin_url(self) -> str:
        """SQLAlchemy URL of the `postgres` maintenance database."""
        return f"postgresql+asyncpg://{PG_USER}@127.0.0.1:{self.port}/postgres"

    def _run(self, args: list[str]) -> None:
        subprocess.run(
            _as_postgres(args), check=True, capture_output=True, text=True, cwd=self.root
        )

    def start(self) -> str:
        if os.geteuid() == 0:
            shutil.chown(self.root, user=PG_USER)
        initdb = [str(self.bindir / "initdb"), "-D", str(self.datadir), "-U", PG_USER]
        self._run([*initdb, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"])
        options = [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-k {self.root}"]
        if not self.durable:
            options += [f"-c {setting}" for setting in FAST_SETTINGS]
        pg_ctl = [str(self.bindir / "pg_ctl"), "-D", str(self.datadir), "-l", "server.log"]
        self._run([*pg_ctl, "-o", " ".join(options), "-w", "-t", "30", "start"])
        return self.admin_url

    def stop(self) -> None:
        pg_ctl = [str(self.bindir / "pg_ctl"), "-D", str(self.datadir)]
        with contextlib.suppress(subprocess.CalledProcessError, FileNotFoundError):
            self._run([*pg_ctl, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 40) -> str:
        with contextlib.suppress(OSError):
            return "\n".join((self.root / "server.log").read_text().splitlines()[-lines:])
        return ""


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at database `name`."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)
