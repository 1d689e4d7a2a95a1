"""Find page files and turn their bytes into text, with one clear line for every file that can't be.

Pages arrive as whatever a PDF or OCR tool wrote: UTF-8 with or without a BOM, GB18030/GBK or
Big5 from older systems, UTF-16 with or without a BOM, sometimes a stray binary or an empty file.
A folder may also hold things that are no page at all: a FIFO or a device named `x.txt`, a
dangling link, a link loop. One discipline holds for all of them, and nothing here raises for a
bad file: each gets a `Notice` naming the file and the reason, and the rest still loads.

- Only regular files are read. The type is checked before opening, and again on the open file
  (opened without blocking, so a FIFO can never hang the reader).
- No read takes more than `MAX_PAGE_BYTES + 1` bytes, whatever `stat` says (`/dev/zero` says 0).
- Links are followed (a linked page or folder, inside or outside the folder, is read) and listed
  under the path they were found at; a folder reached again through a link is a loop or a
  repeat, said in one line and not read twice.
- File names are text as `os.fsdecode` makes them; wherever one is shown or stored, `shown`
  turns an undecodable byte into `\\xff` and a control character into `\\x1b`.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from reader.filenames import location as location
from reader.filenames import shown as shown
from reader.text import is_cjk, strip_controls

PAGE_SUFFIXES = (".txt", ".md", ".markdown")
MAX_PAGE_BYTES = 10 * 1024 * 1024  # a printed page is tens of kilobytes; this is far beyond any
MAX_DEPTH = 64  # folders below a given folder: deeper than any archive, shallow enough for a stack
CANDIDATE_ENCODINGS = ["gb18030", "big5", "big5hkscs", "utf_16", "utf_32"]
SKIPPED = 3  # the exit status of every verb that could not read some page file (and said so)
_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class PageFile:
    """A page file found on disk: the path to read, the name to show (relative to the folder it
    was found in) and its `location`, which is what the index keys it by."""

    path: Path
    source: str
    key: str = ""


@dataclass(frozen=True)
class Notice:
    """A one-line message about a file that was skipped or read with a caveat."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{shown(self.path)}: {self.reason}"


def find_pages(paths: list[Path]) -> tuple[list[PageFile], list[Notice]]:
    """Walk files and folders in a stable order; only regular .txt and .md files are pages.

    A file reached twice (two links to one page) is listed once, under the first path."""
    found: list[PageFile] = []
    notices: list[Notice] = []
    seen: set[tuple[int, int]] = set()
    folders: dict[tuple[int, int], str] = {}
    for path in paths:
        for item in _walk(Path(path), folders):
            if isinstance(item, Notice):
                notices.append(item)
                continue
            page, identity = item
            if identity not in seen:
                seen.add(identity)
                found.append(page)
    return found, notices


_Found = tuple[PageFile, tuple[int, int]]


def _walk(root: Path, folders: dict[tuple[int, int], str]) -> Iterator[_Found | Notice]:
    info = _stat(root)
    if isinstance(info, Notice):
        if info.reason == _MISSING:
            info = Notice(str(root), "no such file or folder")
        yield info
        return
    key = shown(location(root))
    if stat.S_ISDIR(info.st_mode):
        yield from _folder(root, key, "", info, folders, frozenset(), 0)
    else:
        yield _entry(root, shown(root.name), key, info)


_MISSING = "missing"


def _stat(path: Path) -> os.stat_result | Notice:
    """The file's status through any links, or a notice saying why there is none."""
    try:
        return os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return Notice(str(path), "skipped, a link loop (the link leads back to itself)")
        if error.errno == errno.ENOENT and os.path.islink(path):
            target = shown(os.readlink(path))
            return Notice(str(path), f"skipped, a link to {target}, which does not exist")
        if error.errno == errno.ENOENT:
            return Notice(str(path), _MISSING)
        return Notice(str(path), f"cannot be read ({error.strerror or error})")


def _folder(
    folder: Path,
    key: str,
    prefix: str,
    info: os.stat_result,
    folders: dict[tuple[int, int], str],
    above: frozenset[tuple[int, int]],
    depth: int,
) -> Iterator[_Found | Notice]:
    """A folder's pages in name order, then its subfolders'; links to folders are followed."""
    identity = (info.st_dev, info.st_ino)
    if identity in above:
        yield Notice(str(folder), "skipped, a link loop (it leads back to a folder above it)")
        return
    if identity in folders:
        yield Notice(str(folder), f"skipped, the same folder as {folders[identity]}, read already")
        return
    if depth > MAX_DEPTH:
        yield Notice(str(folder), f"skipped, folders nested more than {MAX_DEPTH} deep")
        return
    folders[identity] = shown(folder)
    try:
        names = sorted(os.listdir(folder))
    except OSError as error:
        yield Notice(str(folder), f"cannot be read ({error.strerror or error})")
        return
    subfolders: list[tuple[str, os.stat_result]] = []
    found = 0
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        entry = _stat(path)
        if isinstance(entry, Notice):
            yield entry if entry.reason != _MISSING else Notice(str(path), "vanished while it was read")
        elif stat.S_ISDIR(entry.st_mode):
            subfolders.append((name, entry))
        else:
            item = _entry(path, shown(prefix + name), f"{key}/{shown(name)}", entry)
            found += not isinstance(item, Notice)
            yield item
    for name, entry in subfolders:
        path = folder / name
        before = found
        for item in _folder(
            path, f"{key}/{shown(name)}", f"{prefix}{name}/", entry, folders, above | {identity}, depth + 1
        ):
            found += not isinstance(item, Notice)
            yield item
        if found == before and name.lower().endswith(PAGE_SUFFIXES):
            yield Notice(str(path), "skipped, a folder named like a page file, with no pages in it")


_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _entry(path: Path, source: str, key: str, info: os.stat_result) -> _Found | Notice:
    if not path.name.lower().endswith(PAGE_SUFFIXES):
        return Notice(str(path), "skipped (only .txt and .md files are read)")
    if not stat.S_ISREG(info.st_mode):
        return Notice(str(path), f"skipped, {_kind(info.st_mode)}, not a regular file")
    return PageFile(path, source, key), (info.st_dev, info.st_ino)


class PageBytes(NamedTuple):
    """A page file's bytes and the status of the file they were read from."""

    data: bytes
    size: int
    mtime_ns: int


def _too_large(path: Path, size: int) -> Notice:
    return Notice(str(path), f"skipped, {size / 1e6:.1f} MB is too large for a page (limit 10 MB)")


def read_bytes(path: Path) -> tuple[PageBytes | None, Notice | None]:
    """A regular file's bytes, never more than the size limit, or a notice saying why there are none.

    The file is opened without blocking (a FIFO put there after the walk cannot hang the reader)
    and checked on the open descriptor, so what is read is what was checked."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        found = _stat(path)
        if isinstance(found, Notice) and found.reason != _MISSING:
            return None, found
        if error.errno == errno.ENXIO:
            return None, Notice(str(path), "skipped, a socket, not a regular file")
        return None, Notice(str(path), f"cannot be read ({error.strerror or error})")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, Notice(str(path), f"skipped, {_kind(info.st_mode)}, not a regular file")
        if info.st_size > MAX_PAGE_BYTES:
            return None, _too_large(path, info.st_size)
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_PAGE_BYTES:
            chunk = os.read(fd, min(_READ_CHUNK, MAX_PAGE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_PAGE_BYTES:  # it grew while it was read
            return None, _too_large(path, max(total, os.fstat(fd).st_size))
    except OSError as error:
        return None, Notice(str(path), f"cannot be read ({error.strerror or error})")
    finally:
        os.close(fd)
    return PageBytes(b"".join(chunks), info.st_size, info.st_mtime_ns), None


def read_page(path: Path) -> tuple[str | None, Notice | None]:
    """The decoded text of a page file, or a notice saying why there is none."""
    raw, notice = read_bytes(path)
    if raw is None:
        return None, notice
    return decode(raw.data, str(path))


def decode(data: bytes, name: str) -> tuple[str | None, Notice | None]:
    """Decode page bytes: UTF-8 (BOM or not), UTF-16 (BOM or not), GB18030/GBK, Big5."""
    text, notice = _decode(data, name)
    if text is not None and not strip_controls(text).strip():
        return None, Notice(name, "skipped, the file is empty")
    return text, notice


def _decode(data: bytes, name: str) -> tuple[str | None, Notice | None]:
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
    try:
        utf8: str | None = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        utf8 = None
    if utf8 is not None and data.count(0) * 100 <= len(data) and not _looks_binary(data, utf8=True):
        return utf8, None
    wide = _utf16_without_bom(data)
    if wide is not None:
        return wide, None
    if utf8 is not None and not _looks_binary(data, utf8=True):
        return utf8, None
    if _looks_binary(data):
        return None, Notice(name, "skipped, this is a binary file, not text")
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is not None:
        return str(best), None
    try:  # a short or noisy GB page can leave the detector unsure; strict GB18030 that reads as text
        text = data.decode("gb18030")
        if _plausible_share(text) >= 0.95:
            return text, None
    except UnicodeDecodeError:
        pass
    return None, Notice(name, "skipped, the text encoding is not one the reader knows (UTF-8, GB18030, Big5)")


def _plausible(char: str) -> bool:
    return (
        char.isascii()
        and (char.isprintable() or char in "\t\n\r")
        or is_cjk(char)
        or "\u3000" <= char <= "\u303f"  # CJK punctuation
        or "\uff00" <= char <= "\uffef"  # full-width forms
        or "\u2010" <= char <= "\u206f"  # dashes, quotes, ellipsis
        or "\u2460" <= char <= "\u27bf"  # circled numbers, boxes and shapes: ①, □, ▢
    )


def _plausible_share(text: str) -> float:
    """How much of the text is Chinese, ASCII or the punctuation around them (controls and
    invisible marks, which the splitter drops, counted neither way)."""
    counted = len(strip_controls(text))
    return sum(map(_plausible, strip_controls(text))) / max(1, counted)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark (it is never valid UTF-8 with few zero bytes, so it
    gets here): taken in the byte order in which nearly every character is Chinese or ASCII text."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = _plausible_share(text)
        if share >= 0.95 and (best is None or share > best[0]):
            best = (share, text)
    return best[1] if best is not None else None


# Every byte but the control characters text never holds (tab, newline, form feed, CR and ESC may be).
_NOT_STRAY_CONTROL = bytes(b for b in range(256) if b >= 32 or b in (9, 10, 12, 13, 27))


def _looks_binary(data: bytes, utf8: bool = False) -> bool:
    """More than one byte in twenty a control character text never holds (a NUL among them), or
    one in four for bytes that are valid UTF-8: a stray NUL or bell in a page is dropped with
    the other controls, it does not make the page binary."""
    head = data[:8192]
    controls = len(head.translate(None, _NOT_STRAY_CONTROL))  # what is left once the rest is deleted
    return controls > len(head) * (0.25 if utf8 else 0.05)


_HEADING_MARKS = re.compile(r"(?m)^([^\S\n]*#{1,6})[^\S\n]+(?=\S)")


def plain_text(text: str, source: str) -> str:
    """The text the splitter is given: controls dropped and line breaks made `\\n` (as it would do
    itself), and, on a page that is no Markdown (no `# ` heading, not a .md file), `## 小标题`
    written `##小标题`, so the splitter keeps its marks as text instead of taking it for a heading.
    """
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    if source.lower().endswith((".md", ".markdown")) or "\n# " in f"\n{text}":
        return text
    return _HEADING_MARKS.sub(r"\1", text)
