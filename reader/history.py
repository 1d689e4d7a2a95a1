"""The searches an editor has run, kept per user (in the user data folder, not beside a shared
annotations file) so `↑` in the search line recalls them in the next session too.

A missing, unreadable or damaged file is an empty history, never an error: losing it loses
nothing the editor wrote. Written whole to a temporary file, then renamed, mode 0600.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

LIMIT = 200  # searches kept, newest last


def load_history(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [item for item in data if isinstance(item, str) and item.strip()][-LIMIT:]


def remember(path: Path, history: list[str], term: str) -> list[str]:
    """`history` with `term` as its newest entry (once), saved to `path`; a failed save keeps the
    new history for this session."""
    term = term.strip()
    if not term:
        return history
    updated = [item for item in history if item != term][-(LIMIT - 1) :] + [term]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".history-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(updated, out, ensure_ascii=False)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except OSError:
        pass
    return updated
