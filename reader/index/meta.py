"""What an index file is, without opening it for writing: its name, its version's fingerprint and
whether it was cut short.

Kept apart from the rest of the package so that `reader search -l` can check that the index on
disk is the one this reader would make (and read it) while importing nothing but SQLite.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

# 6: files keyed by where they were found (`sources.location`), not their target; 7: a page column;
# 8: folded text, postings as bitmaps, a contentless trigram table; 9: bitmaps made in the workers,
# records compressed, bitmaps of the pages' leftovers; 10: rowid bitmap tables, 16 KB pages,
# records in GB18030
SCHEMA = 10
INDEX_FILE = "index.sqlite3"
LOCK_FILE = "index.lock"
DAMAGED_SUFFIX = ".damaged"
BUSY_TIMEOUT = 60.0  # seconds a query waits for another process's write before it fails


def fingerprint(overrides: dict[str, Any] | None) -> str:
    """Schema, reader version, topic set, the splitter's weights and the folding: a cache made
    under any other is rebuilt, never misread."""
    from reader import __version__
    from reader.fold import FOLD_VERSION
    from reader.resources import DATA_DIR, SPLITTER_MODEL

    topics = (DATA_DIR / "topics.toml").read_bytes() + json.dumps(overrides or {}, sort_keys=True).encode()
    # The splitter's weights too: refitted weights cut pages differently.
    splitter = hashlib.blake2b(SPLITTER_MODEL.read_bytes(), digest_size=6).hexdigest()
    topic_hash = hashlib.blake2b(topics, digest_size=6).hexdigest()
    return f"{SCHEMA}/{__version__}/{topic_hash}/{splitter}/fold{FOLD_VERSION}"


def open_current(path: Path, overrides: dict[str, Any] | None) -> sqlite3.Connection | None:
    """The index at `path`, read-only, if this reader made it and it is whole; else None."""
    if not path.exists() or short_file(path):
        return None
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT, check_same_thread=False)
    except sqlite3.DatabaseError:
        return None
    try:
        found = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.DatabaseError:
        found = None
    if not found or found[0] != fingerprint(overrides):
        db.close()
        return None
    return db


def busy(error: sqlite3.DatabaseError) -> bool:
    """Whether the error is another process holding the database, not damage."""
    return isinstance(error, sqlite3.OperationalError) and any(
        word in str(error) for word in ("locked", "busy")
    )


def short_file(path: Path) -> bool:
    """Whether the file is shorter than its own header says: cut short by a full disk, a copy
    or a hand. Cheap, and only a hint (a checkpoint may be growing it): `quick_check` decides."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96] and pages > 0
    return valid and pages * page_size > size
