"""Annotations rendered for people and spreadsheets: an editor's report in Markdown, and CSV.

Pure functions from the store's records (plus, optionally, the corpus for current regions and
topics) to text, so the CLI, the app and the tests share them. The JSON interchange format is the
store's own (`AnnotationStore.export_json`), because import must read exactly what export wrote.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reader.store import ArticleAnnotations, Verdict, utc_now

if TYPE_CHECKING:
    from reader.model import Article

UNKNOWN_REGION = "未知地区"
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
    "note_id",
    "note_text",
    "author",
    "created",
    "updated",
    "quote_text",
    "quote_para",
)


def to_json_text(document: Mapping[str, Any]) -> str:
    """The export document as readable UTF-8 JSON (Chinese stays Chinese)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _region_label(item: ArticleAnnotations, article: Article | None) -> str:
    path = article.region.path() if article is not None else []
    return REGION_SEPARATOR.join(path or item.region_path()) or UNKNOWN_REGION


def _topic(article: Article | None) -> str:
    return article.topics[0] if article is not None and article.topics else UNCLASSIFIED


def _blockquote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.splitlines() or [""]]


def _plain_line(line: str) -> str:
    """A note's line, kept from turning into a heading that would break the report's grouping."""
    return "\\" + line if line.lstrip().startswith("#") else line


def _article_section(item: ArticleAnnotations, in_corpus: bool) -> list[str]:
    lines = [f"#### {item.title or '（无标题）'}", ""]
    facts = [f"`{item.id}`"]
    if item.verdict:
        facts.append(f"**{VERDICT_LABELS[item.verdict]}** ({item.verdict})")
    if item.bookmarked:
        facts.append("★ 书签")
    if item.read:
        facts.append("已读")
    if item.source:
        facts.append(f"来源 {item.source}")
    if not in_corpus:
        facts.append("（已不在语料中）")
    lines += [" · ".join(facts), ""]
    for note in item.notes:
        if note.quote is not None:
            lines += [*_blockquote(note.quote.text), ">", f"> — 第 {note.quote.para + 1} 段", ""]
        lines += [*(_plain_line(line) for line in note.text.splitlines()), ""]
        edited = f"，修改于 {note.updated}" if note.updated != note.created else ""
        lines += [f"*— {note.author or '佚名'}，{note.created}{edited}* (`{note.id}`)", ""]
    return lines


def to_markdown(
    annotations: Iterable[ArticleAnnotations],
    articles: Sequence[Article] | None = None,
    *,
    generated: str | None = None,
) -> str:
    """An editor's report: by region path, then primary topic, then verdict (picks first) and title.
    Only articles with a bookmark, verdict or note appear; orphans are labelled, never dropped."""
    by_id = {article.id: article for article in articles or ()}
    groups: dict[str, dict[str, list[ArticleAnnotations]]] = {}
    marked = [item for item in annotations if item.marked]
    for item in marked:
        article = by_id.get(item.id)
        groups.setdefault(_region_label(item, article), {}).setdefault(_topic(article), []).append(item)
    note_count = sum(len(item.notes) for item in marked)
    lines = [
        "# 编辑报告",
        "",
        f"生成于 {generated or utc_now()} · {len(marked)} 篇文章 · {note_count} 条笔记",
        "",
    ]
    if not marked:
        lines += ["（还没有书签、判定或笔记。）", ""]
    for region in sorted(groups, key=lambda r: (r == UNKNOWN_REGION, r)):
        lines += [f"## {region}", ""]
        topics = groups[region]
        for topic in sorted(topics, key=lambda t: (t == UNCLASSIFIED, t)):
            lines += [f"### {topic}", ""]
            for item in sorted(topics[topic], key=lambda i: (_VERDICT_ORDER[i.verdict], i.title, i.id)):
                lines += _article_section(item, in_corpus=articles is None or item.id in by_id)
    return "\n".join(lines).rstrip("\n") + "\n"


def to_csv(annotations: Iterable[ArticleAnnotations]) -> str:
    """One row per note; an article with a bookmark or verdict but no notes gets one row with the
    note columns empty. Read marks alone make no row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for item in annotations:
        head = [
            item.id,
            item.title,
            item.source,
            REGION_SEPARATOR.join(item.region_path()),
            "true" if item.bookmarked else "false",
            "true" if item.read else "false",
            item.verdict or "",
        ]
        if not item.notes and (item.bookmarked or item.verdict):
            writer.writerow(head + [""] * 7)
        for note in item.notes:
            quote = note.quote
            writer.writerow(
                head
                + [
                    note.id,
                    note.text,
                    note.author,
                    note.created,
                    note.updated,
                    quote.text if quote else "",
                    str(quote.para) if quote else "",
                ]
            )
    return buffer.getvalue()
