"""Find page files and turn their bytes into text, with one clear line for every file that can't be.

Pages arrive as whatever a PDF or OCR tool wrote: UTF-8 with or without a BOM, GB18030/GBK or
Big5 from older systems, sometimes a stray binary or an empty file. Nothing here raises for a bad
file; each gets a `Notice` naming the file and the reason, and the rest still loads.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PAGE_SUFFIXES = (".txt", ".md", ".markdown")
MAX_PAGE_BYTES = 10 * 1024 * 1024  # a printed page is tens of kilobytes; this is far beyond any
CANDIDATE_ENCODINGS = ["gb18030", "big5", "big5hkscs", "utf_16", "utf_32"]


@dataclass(frozen=True)
class PageFile:
    """A page file found on disk, with its path relative to the folder it was found in."""

    path: Path
    source: str


@dataclass(frozen=True)
class Notice:
    """A one-line message about a file that was skipped or read with a caveat."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def find_pages(paths: list[Path]) -> tuple[list[PageFile], list[Notice]]:
    """Walk files and folders in a stable order; only .txt and .md files are pages."""
    found: list[PageFile] = []
    notices: list[Notice] = []
    seen: set[Path] = set()
    for path in paths:
        for page, notice in _walk(path):
            if notice is not None:
                notices.append(notice)
            elif page is not None:
                real = page.path.resolve()
                if real not in seen:
                    seen.add(real)
                    found.append(page)
    return found, notices


def _walk(path: Path) -> Iterator[tuple[PageFile | None, Notice | None]]:
    try:
        if path.is_dir():
            for folder, dirs, files in os.walk(path, onerror=None):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    file = Path(folder) / name
                    yield _page_or_notice(file, file.relative_to(path).as_posix())
            return
        if path.exists():
            yield _page_or_notice(path, path.name)
            return
    except OSError as error:
        yield None, Notice(str(path), f"cannot be read ({error.strerror or error})")
        return
    yield None, Notice(str(path), "no such file or folder")


def _page_or_notice(path: Path, source: str) -> tuple[PageFile | None, Notice | None]:
    if path.suffix.lower() not in PAGE_SUFFIXES:
        return None, Notice(str(path), "skipped (only .txt and .md files are read)")
    return PageFile(path, source), None


def read_page(path: Path) -> tuple[str | None, Notice | None]:
    """The decoded text of a page file, or a notice saying why there is none."""
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            return None, Notice(
                str(path), f"skipped, {size / 1e6:.1f} MB is too large for a page (limit 10 MB)"
            )
        data = path.read_bytes()
    except OSError as error:
        return None, Notice(str(path), f"cannot be read ({error.strerror or error})")
    return decode(data, str(path))


def decode(data: bytes, name: str) -> tuple[str | None, Notice | None]:
    """Decode page bytes: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK, Big5."""
    if not data.strip():
        return None, Notice(name, "skipped, the file is empty")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError:
                break
    if _looks_binary(data):
        return None, Notice(name, "skipped, this is a binary file, not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        return None, Notice(
            name, "skipped, the text encoding is not one the reader knows (UTF-8, GB18030, Big5)"
        )
    return str(best), None


# Every byte but the control characters text never holds (tab, newline, form feed, CR and ESC may be).
_NOT_STRAY_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = len(head.translate(None, _NOT_STRAY_CONTROL))  # what is left once the rest is deleted
    return controls > len(head) * 0.05
