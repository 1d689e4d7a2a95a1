"""Markdown article files with YAML front matter, as newspaper crawlers write them.

Such a file is one article: its fields come from the front matter and its body is never split,
whatever headings it holds.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from reader.model import Article, Page
from reader.segment import article_id
from reader.text import clean_inline, strip_controls, tidy_spaces

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


def article_page(fields: dict[str, Any], body: str, source: str) -> Page:
    """One article from a front-matter file: headings become subheads, images their captions."""
    title = _field(fields, "title") or ""
    paragraphs: list[str] = []
    subheads: list[int] = []
    captions: list[str] = []
    for raw in strip_controls(body).replace("\r\n", "\n").split("\n"):
        line = tidy_spaces(raw)
        if not line:
            continue
        image = IMAGE.match(line)
        if image:
            if image.group(1).strip():
                captions.append(image.group(1).strip())
            continue
        heading = HEADING.match(line)
        text = EMPHASIS.sub("", heading.group(1) if heading else line.lstrip("> ")).strip()
        if not text or heading and not paragraphs and text == title:
            continue  # an empty line of markup, or the title repeated as the first heading
        if heading:
            subheads.append(len(paragraphs))
        paragraphs.append(text)
    page = Page(source=source)
    article = Article(
        id=article_id(source, title, paragraphs),
        source=source,
        page_order=1,
        title=title,
        subtitle=_field(fields, "subtitle") or "",
        byline=_field(fields, "byline") or "",
        kind="article",
        body=paragraphs,
        captions=captions,
        subheads=subheads,
        date=_date(_field(fields, "date")),
        section=_field(fields, "section"),
    )
    if article.body or article.title:
        page.articles.append(article)
    return page
