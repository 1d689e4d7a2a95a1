"""The index's files: made private, checked for damage, set aside when damaged.

The folder is made 0700 and the files in it 0600: the index holds the text of every article.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

from reader.index.meta import DAMAGED_SUFFIX, INDEX_FILE, LOCK_FILE, busy

PARTS = ("", "-wal", "-shm")  # the database and the two files SQLite keeps beside it


def private_folder(folder: Path) -> None:
    """Make the cache folder readable by its owner only. A folder that already exists is
    tightened only when it is the user's own and holds nothing but index files, so pointing
    `--cache-dir` at a shared folder never changes that folder."""
    try:
        folder.mkdir(parents=True, mode=0o700)
        return
    except FileExistsError:
        pass
    info = folder.stat()
    if info.st_uid != os.geteuid() or not stat.S_IMODE(info.st_mode) & 0o077:
        return
    ours = (INDEX_FILE, LOCK_FILE)
    if all(name.startswith(ours) for name in os.listdir(folder)):
        with contextlib.suppress(OSError):
            folder.chmod(0o700)


def private_file(path: Path) -> None:
    """Create the index file 0600 (SQLite gives its -wal and -shm files the same mode), or make
    an existing one of ours 0600."""
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600))
    except FileExistsError:
        for suffix in PARTS:
            with contextlib.suppress(OSError):
                part = Path(f"{path}{suffix}")
                if part.stat().st_uid == os.geteuid() and stat.S_IMODE(part.stat().st_mode) & 0o077:
                    part.chmod(0o600)


def set_aside(path: Path) -> None:
    """Keep a damaged index as `index.sqlite3.damaged` (and its -wal and -shm files)."""
    for suffix in PARTS:
        with contextlib.suppress(FileNotFoundError):
            os.replace(f"{path}{suffix}", f"{path}{DAMAGED_SUFFIX}{suffix}")


def remove(path: Path) -> None:
    for suffix in PARTS:
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def quick_check(db: sqlite3.Connection) -> str | None:
    """None when SQLite's `quick_check` finds the file sound, else its first complaint.

    A damaged search table may pass it, so each search table's own integrity check runs too."""
    try:
        rows = db.execute("PRAGMA quick_check(3)").fetchall()
        if [row[0] for row in rows] != ["ok"]:
            return "; ".join(str(row[0]) for row in rows)
        db.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 0)")
        db.execute("SELECT count(*) FROM postings").fetchone()
    except sqlite3.DatabaseError as error:
        if busy(error):
            raise
        return str(error)
    return None
