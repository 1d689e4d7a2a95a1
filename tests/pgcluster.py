"""A real PostgreSQL cluster for the tests: initdb into a temporary folder, a free loopback port.

Run as root (as CI is), the server runs as the unprivileged `postgres` account (or `nobody`),
because PostgreSQL refuses to run as root. Every database a test asks for is created UTF-8 with
the C.UTF-8 locale, the one in which pg_trgm reads Chinese. `stop()` always runs `pg_ctl stop`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

INSTALL_HINT = (
    "PostgreSQL is not installed: apt-get install -y postgresql postgresql-contrib "
    "(or set READER_PG_BIN to the folder holding initdb and pg_ctl)"
)


def find_bin() -> Path | None:
    """The folder of initdb and pg_ctl: $READER_PG_BIN, Debian's newest, else the PATH."""
    candidates = [os.environ.get("READER_PG_BIN", "")]
    candidates += sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    which = shutil.which("initdb")
    if which:
        candidates.append(str(Path(which).resolve().parent))
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """One throwaway server. `url(db)` is a libpq URL; `stop()`/`crash()`/`start()` drive it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="reader-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.account: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                with contextlib.suppress(KeyError):
                    self.account = pwd.getpwnam(name)
                    break
            os.chown(self.root, self.account.pw_uid, self.account.pw_gid)  # type: ignore[union-attr]
        os.chmod(self.root, 0o700 if self.account is None else 0o711)
        self._databases = 0
        self._run(
            "initdb", "-D", str(self.data), "-U", "reader", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"
        )
        self.running = False

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        extra: dict[str, Any] = {}
        if self.account is not None:
            extra = {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}
        return subprocess.run(
            [str(self.bin / tool), *args],
            capture_output=True,
            text=True,
            check=check,
            cwd=self.root,
            env={**os.environ, "LC_ALL": "C.UTF-8"},
            timeout=120,
            **extra,
        )

    def start(self, *, durable: bool = False) -> None:
        """Start it; tests run with fsync off (`-F`), the bench `durable` as a real server is."""
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=60"
        options += "" if durable else " -F"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options, "-w", "start")
        self.running = True

    def stop(self) -> None:
        """A clean shutdown."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)
            self.running = False

    def crash(self) -> None:
        """Every server process killed at once, no checkpoint: what a power cut leaves."""
        if self.running:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
            self.running = False

    def url(self, database: str = "postgres", user: str = "reader") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A fresh UTF-8 database; returns its URL."""
        import psycopg

        self._databases += 1
        name = f"t{self._databases}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'")
        return self.url(name)

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
