"""Markdown article files with YAML front matter, as newspaper crawlers write them.

Such a file is one article: its fields come from the front matter and its body is never split,
whatever headings it holds.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reader import layout, pagemeta
from reader.model import Article, Page
from reader.segment import article_id
from reader.split.blocks import split_tail
from reader.text import clean_inline, ends_sentence, strip_controls, tidy_spaces

FENCE = re.compile(r"\A\ufeff?---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
IMAGE = re.compile(r"^!\[([^\]]*)\]\([^)]*\)\s*$")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
EMPHASIS = re.compile(r"\*\*|__")
FIELDS = {
    "title": ("title", "headline", "name"),
    "subtitle": ("subtitle", "subheading", "kicker", "deck", "summary_title"),
    "byline": ("author", "authors", "byline", "reporter", "reporters", "editor"),
    "date": ("date", "pubdate", "publish_date", "published", "published_at", "issue_date"),
    "section": ("section", "section_name", "column", "category", "channel", "page_name"),
    "page_no": ("page_no", "page", "pageno", "banci", "版次", "版"),
    "page_name": ("page_name", "版名", "banming"),
}


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, str, str | None]:
    """(fields, body, problem): fields is None when the text has no usable front matter."""
    match = FENCE.match(text)
    if not match:
        return None, text, None
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        return None, text, f"front matter is not valid YAML{where}; read as plain text"
    if not isinstance(data, dict):
        return None, text, None
    return {str(k).lower(): v for k, v in data.items()}, text[match.end() :], None


def _field(fields: dict[str, Any], name: str) -> str | None:
    for key in FIELDS[name]:
        value = fields.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, list):
            value = " ".join(str(v) for v in value)
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        return clean_inline(str(value))
    return None


def _date(value: str | None) -> str | None:
    if not value:
        return None
    match = re.search(r"(\d{4})\D{1,3}(\d{1,2})\D{1,3}(\d{1,2})", value)
    if not match:
        return value
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def page_metadata(fields: dict[str, Any]) -> tuple[str | None, str | None]:
    """(date, section) from front matter that describes a whole page."""
    return _date(_field(fields, "date")), _field(fields, "section")


SOURCE_LINE = re.compile(r"^(?:《[^》]{2,20}》.{0,40}(?:\d{4}年|版)|(?:来源|稿源|出处)\s*[：:].{2,30}$)")
# What a crawler appends after the story: 相关新闻： and its list of links.
RELATED = re.compile(r"^(?:相关(?:新闻|阅读|报道|链接)|延伸阅读|推荐阅读|更多阅读)\s*[：:]?$")
LINK_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s+\[[^\]]+\]\([^)]*\)\s*$")
CALLOUT = re.compile(r"^\[!\w+\]")
RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
SERIES = re.compile(r"系列|专栏|栏目|之[一二三四五六七八九十]+$|^【[^】]{2,16}】$")


def _is_apart(line: str, quoted: bool, in_body: bool) -> bool:
    """Lines of a crawler file that are no part of the story: the source line
    (> 《X报》（2025年03月02日第 05 版）), callouts (> [!note] …), rules (---), series lines."""
    if RULE.match(line):
        return True
    if quoted and (SOURCE_LINE.match(line) or CALLOUT.match(line)):
        return True
    if LINK_ITEM.match(line) or (not in_body and SOURCE_LINE.match(line)):
        return True
    return (
        not in_body
        and layout.han_length(line) <= 30
        and not ends_sentence(line)
        and bool(SERIES.search(line))
    )


def _close(paragraphs: list[str], subheads: list[int], bylines: list[str], leftovers: list[str]) -> None:
    """What stands after the story's last sentence: editor lines (责任编辑：…) and end marks (（完）)
    go to the leftovers; credits (某某 摄) and sign-offs (（某某）) to the byline, in printed order."""
    closers: list[str] = []
    apart: list[str] = []
    while paragraphs and len(paragraphs) - 1 not in subheads:
        last = paragraphs[-1]
        if layout.is_label(last) or layout.is_end_mark(last):
            apart.insert(0, paragraphs.pop())
        elif layout.is_credit(last) or layout.is_signoff(last):
            closers.insert(0, paragraphs.pop())
        else:
            tail = split_tail(last)
            if tail is not None:
                paragraphs[-1], credit = tail
                closers.insert(0, credit)
            break
    bylines.extend(closers)
    leftovers.extend(apart)


def article_page(fields: dict[str, Any], body: str, source: str) -> Page:
    """One article from a front-matter file: headings become subheads, images their captions.

    The dateline that opens the first paragraph (本报北京3月2日电（记者 …）) and a sign-off closing
    the last (（记者 某某）) go to the byline, read by the same rules as pages.
    """
    title = _field(fields, "title") or ""
    paragraphs: list[str] = []
    subheads: list[int] = []
    captions: list[str] = []
    leftovers: list[str] = []
    bylines: list[str] = [b for b in [_field(fields, "byline")] if b]
    heads: list[str] = []
    callout = related = False
    for raw in strip_controls(body).replace("\r\n", "\n").split("\n"):
        line = tidy_spaces(raw)
        if not line:
            callout = False
            continue
        quoted = line.startswith(">")
        text_line = line.lstrip("> ").strip() if quoted else line
        if quoted and (callout or CALLOUT.match(text_line)):
            callout = True
            leftovers.append(text_line)
            continue
        if _is_apart(text_line, quoted, bool(paragraphs)):
            leftovers.append(text_line)
            continue
        image = IMAGE.match(line)
        if image:
            if image.group(1).strip():
                captions.append(image.group(1).strip())
            continue
        heading = HEADING.match(line)
        text = EMPHASIS.sub("", heading.group(1) if heading else text_line).strip()
        if not text or heading and not paragraphs and text in title:
            continue  # an empty line of markup, or (part of) the title repeated as a heading
        if RELATED.match(text):
            related = True
        if related:
            leftovers.append(text)  # 相关新闻： and what follows it
            continue
        if not heading and not paragraphs and layout.is_byline(text):
            bylines.append(text)
            continue
        if (
            not paragraphs
            and not layout.split_dateline(text)
            and (heading or text.startswith(("——", "—", "--")) or layout.heading_shape(text).ok)
        ):
            heads.append(text)  # a kicker, deck or series line above the story
            continue
        if not heading and not paragraphs:
            split = layout.split_dateline(text)
            if split is not None:
                bylines.append(split[0])
                text = split[1]
                if not text:
                    continue
        if heading:
            subheads.append(len(paragraphs))
        paragraphs.append(text)
    _close(paragraphs, subheads, bylines, leftovers)
    page = Page(source=source, leftovers=leftovers)
    article = Article(
        id=article_id(source, title, paragraphs),
        source=source,
        page_order=1,
        title=title,
        subtitle=" ".join(t for t in (_field(fields, "subtitle"), *heads) if t),
        byline=" ".join(bylines),
        kind="article",
        body=paragraphs,
        captions=captions,
        subheads=subheads,
        date=_date(_field(fields, "date")),
        section=_field(fields, "section"),
    )
    printed = pagemeta.from_lines(leftovers)
    article.page_no = _field(fields, "page_no") or printed.page_no
    article.page_name = _field(fields, "page_name") or printed.page_name
    article.date = article.date or printed.date or pagemeta.from_path(source).date
    if article.body or article.title:
        page.articles.append(article)
    return page
