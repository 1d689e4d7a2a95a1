"""Annotations rendered for people and spreadsheets: an editor's report in Markdown, and CSV.

Pure functions from the store's records (plus, optionally, the corpus for current regions and
topics) to text, so the CLI, the app and the tests share them. The JSON interchange format is the
store's own (`AnnotationStore.export_json`), because import must read exactly what export wrote;
`with_times` adds each article's mark times to it, which import ignores.

People read reports: topics by their label in the interface language (`topic_label`), national
stories under 全国 as the app files them, picks first, and times on the local clock with the UTC
offset. The CSV starts with a byte-order mark, without which Excel on Windows reads UTF-8 as the
local code page.

A note is whatever a teammate typed or imported, so every string of a report goes through
`strip_controls` (Markdown, CSV) or a JSON escape: an `\x1b]0;…\a` in a note can neither retitle
the terminal that shows the report nor hide in it. `write_report` puts a report in place through a
temp file and a rename: a link at the path is replaced, never followed, and a crash never leaves
half a report.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.localtime import local_time, now_local
from reader.store import ArticleAnnotations, Verdict
from reader.text import clean_inline, strip_controls

if TYPE_CHECKING:
    from reader.model import Article

UNKNOWN_REGION = "未知地区"
NATIONAL = "全国"
BOM = "\ufeff"
#: Each article's mark times, added to the JSON export by `with_times` (UTC, as the notes' times).
TIME_KEYS = ("created", "updated", "bookmarked_at", "bookmarked_by", "read_at", "verdict_at", "verdict_by")
UNCLASSIFIED = "未分类"
REGION_SEPARATOR = " › "
VERDICT_LABELS: dict[Verdict, str] = {"pick": "选用", "followup": "跟进", "skip": "略过"}
_VERDICT_ORDER: dict[Verdict | None, int] = {"pick": 0, "followup": 1, None: 2, "skip": 3}

CSV_COLUMNS = (
    "article_id",
    "title",
    "source",
    "region",
    "bookmarked",
    "read",
    "verdict",
    "topics",
    "topic_ids",
    "note_id",
    "note_text",
    "author",
    "created",
    "updated",
    "quote_text",
    "quote_para",
)


_C1 = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def to_json_text(document: Mapping[str, Any]) -> str:
    """The export document as readable UTF-8 JSON (Chinese stays Chinese). JSON escapes C0
    controls itself; DEL, C1 controls (U+009B is a CSI) and bidi overrides are escaped here too,
    which loses nothing: they can only stand inside strings, and read back the same."""
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_line(value: object) -> str:
    """One JSON Lines record, escaped as `to_json_text` escapes: nothing in it can drive a terminal."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False)) + "\n"


def _region_label(item: ArticleAnnotations, article: Article | None, national: str = NATIONAL) -> str:
    if article is not None and article.scope == "national":
        return national
    path = article.region.path() if article is not None else []
    return clean_inline(REGION_SEPARATOR.join(path or item.region_path())) or UNKNOWN_REGION


def _topic(article: Article | None, topic_label: Callable[[str], str] = str) -> str:
    if article is None or not article.topics:
        return UNCLASSIFIED
    return clean_inline(topic_label(article.topics[0]))


def with_times(document: Mapping[str, Any], annotations: Iterable[ArticleAnnotations]) -> dict[str, Any]:
    """The export document with each article's times: when it was first and last annotated, and
    when (and by whom) it was bookmarked, read and given its verdict."""
    by_id = {item.id: item for item in annotations}
    articles = []
    for entry in document.get("articles", []):
        item = by_id.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        if item is not None:
            entry = {**entry, **{key: getattr(item, key) for key in TIME_KEYS}}
        articles.append(entry)
    return {**document, "articles": articles}


def _blockquote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in strip_controls(text).splitlines() or [""]]


def _plain_line(line: str) -> str:
    """A note's line, kept from turning into a heading that would break the report's grouping."""
    line = strip_controls(line)
    return "\\" + line if line.lstrip().startswith("#") else line


def _article_section(item: ArticleAnnotations, in_corpus: bool) -> list[str]:
    lines = [f"#### {clean_inline(item.title) or '（无标题）'}", ""]
    facts = [f"`{clean_inline(item.id)}`"]
    if item.verdict:
        facts.append(f"**{VERDICT_LABELS[item.verdict]}** ({item.verdict})")
    if item.bookmarked:
        facts.append("★ 书签")
    if item.read:
        facts.append("已读")
    if item.source:
        facts.append(f"来源 {clean_inline(item.source)}")
    if not in_corpus:
        facts.append("（已不在语料中）")
    lines += [" · ".join(facts), ""]
    for note in item.notes:
        if note.quote is not None:
            lines += [*_blockquote(note.quote.text), ">", f"> — 第 {note.quote.para + 1} 段", ""]
        lines += [*(_plain_line(line) for line in note.text.splitlines()), ""]
        edited = f"，修改于 {local_time(note.updated)}" if note.updated != note.created else ""
        lines += [
            f"*— {clean_inline(note.author or '') or '佚名'}，{local_time(note.created)}{edited}* (`{clean_inline(note.id)}`)",
            "",
        ]
    return lines


def to_markdown(
    annotations: Iterable[ArticleAnnotations],
    articles: Sequence[Article] | None = None,
    *,
    generated: str | None = None,
    topic_label: Callable[[str], str] = str,
    national: str = NATIONAL,
) -> str:
    """An editor's report: the picks and follow-ups first, then everything by region path, primary
    topic, verdict (picks first) and title. Only articles with a bookmark, verdict or note
    appear; orphans are labelled, never dropped."""
    by_id = {article.id: article for article in articles or ()}
    groups: dict[str, dict[str, list[ArticleAnnotations]]] = {}
    marked = [item for item in annotations if item.marked]
    regions: dict[str, str] = {}
    for item in marked:
        article = by_id.get(item.id)
        region = regions[item.id] = _region_label(item, article, national)
        groups.setdefault(region, {}).setdefault(_topic(article, topic_label), []).append(item)
    note_count = sum(len(item.notes) for item in marked)
    stamp = local_time(generated) if generated else now_local()
    lines = [
        "# 编辑报告",
        "",
        f"生成于 {stamp} · {len(marked)} 篇文章 · {note_count} 条笔记",
        "",
    ]
    if not marked:
        lines += ["（还没有书签、判定或笔记。）", ""]
    lines += _picks_section(marked, regions)
    for region in sorted(groups, key=lambda r: (r == UNKNOWN_REGION, r)):
        lines += [f"## {region}", ""]
        topics = groups[region]
        for topic in sorted(topics, key=lambda t: (t == UNCLASSIFIED, t)):
            lines += [f"### {topic}", ""]
            for item in sorted(topics[topic], key=lambda i: (_VERDICT_ORDER[i.verdict], i.title, i.id)):
                lines += _article_section(item, in_corpus=articles is None or item.id in by_id)
    return "\n".join(lines).rstrip("\n") + "\n"


def _picks_section(marked: Sequence[ArticleAnnotations], regions: Mapping[str, str]) -> list[str]:
    """`## 选用与跟进`: one line per picked, then followed-up, article, before the full report."""
    chosen = sorted(
        (item for item in marked if item.verdict in ("pick", "followup")),
        key=lambda i: (_VERDICT_ORDER[i.verdict], regions.get(i.id, ""), i.title, i.id),
    )
    if not chosen:
        return []
    lines = [f"## 选用与跟进（{len(chosen)}）", ""]
    for item in chosen:
        verdict = VERDICT_LABELS[item.verdict] if item.verdict else ""
        title = clean_inline(item.title) or "（无标题）"
        lines.append(
            f"- **{verdict}** {title} · {regions.get(item.id, UNKNOWN_REGION)} · `{clean_inline(item.id)}`"
        )
    return [*lines, ""]


def to_csv(
    annotations: Iterable[ArticleAnnotations],
    articles: Sequence[Article] | None = None,
    *,
    topic_label: Callable[[str], str] = str,
    national: str = NATIONAL,
) -> str:
    """One row per note; an article with a bookmark or verdict but no notes gets one row with the
    note columns empty. Read marks alone make no row. Starts with a BOM (for Excel); note times
    are local with their offset; topics come from the corpus when it is given."""
    by_id = {article.id: article for article in articles or ()}
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)

    def write(cells: list[str]) -> None:
        writer.writerow([strip_controls(cell) for cell in cells])

    for item in annotations:
        article = by_id.get(item.id)
        topic_ids = list(article.topics) if article is not None else []
        region = _region_label(item, article, national) if article is not None else None
        head = [
            item.id,
            item.title,
            item.source,
            region or REGION_SEPARATOR.join(item.region_path()),
            "true" if item.bookmarked else "false",
            "true" if item.read else "false",
            item.verdict or "",
            "; ".join(topic_label(t) for t in topic_ids),
            "; ".join(topic_ids),
        ]
        if not item.notes and (item.bookmarked or item.verdict):
            write(head + [""] * 7)
        for note in item.notes:
            quote = note.quote
            write(
                head
                + [
                    note.id,
                    note.text,
                    note.author,
                    local_time(note.created),
                    local_time(note.updated),
                    quote.text if quote else "",
                    str(quote.para) if quote else "",
                ]
            )
    return buffer.getvalue()


def write_report(path: Path, text: str) -> None:
    """Put `text` at `path` through a temp file in the same folder and a rename: whatever was at
    the path (a file, or a link, whose target stays untouched) is replaced whole, and a crash
    leaves the old file or the new one. Raises OSError."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        info = os.lstat(path)
        mode = info.st_mode & 0o777 if os.path.isfile(path) and not os.path.islink(path) else None
    except FileNotFoundError:
        mode = None
    if mode is None:
        umask = os.umask(0o022)
        os.umask(umask)
        mode = 0o666 & ~umask
    tmp = folder / f".{path.name}.tmp-{os.getpid()}-{os.urandom(4).hex()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
