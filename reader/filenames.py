"""File names as the reader stores and prints them: where a file was found, and its name made
safe to show. Apart from `reader.sources` so that `reader search -l` can key paths as the index
does without loading the page reader.
"""

from __future__ import annotations

import os
import re

_UNSHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def shown(name: str | os.PathLike[str]) -> str:
    """A file name as text that is safe to print and to store: an undecodable byte (a surrogate
    escape from `os.fsdecode`) becomes `\\xff`, a control character `\\x1b`."""

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        if 0xDC80 <= code <= 0xDCFF:
            return f"\\x{code - 0xDC00:02x}"
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSHOWABLE.sub(escape, os.fspath(name))


def location(path: str | os.PathLike[str]) -> str:
    """Where a file or folder was found: absolute, its folders resolved, the last name kept as it
    is, so a link is listed (and indexed) under its own path, not its target's."""
    absolute = os.path.abspath(path)
    head, tail = os.path.split(absolute)
    return os.path.join(os.path.realpath(head), tail) if tail else absolute
