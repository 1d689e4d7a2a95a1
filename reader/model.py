"""The records every part of the reader shares: pages, articles and their tags.

Kept free of any UI or NLP import so the CLI, the store and the tests can use them cheaply.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Kind = Literal["article", "photo", "brief"]
Scope = Literal["national", "provincial", "city", "county"]


@dataclass
class Region:
    """Where an article is mainly about: official full names, or None where unknown."""

    province: str | None = None
    city: str | None = None
    county: str | None = None

    def path(self) -> list[str]:
        """The non-empty levels, outermost first (浙江省 › 金华市 › 义乌市)."""
        return [name for name in (self.province, self.city, self.county) if name]


@dataclass
class Entity:
    """A highlighted span of the body: paragraph index and character offsets."""

    para: int
    start: int
    end: int
    type: str  # place, org, person, amount, figure, date


@dataclass
class Article:
    """One article cut from a page, with the tags the tagger adds later."""

    id: str
    source: str
    page_order: int
    title: str
    subtitle: str = ""
    byline: str = ""
    kind: Kind = "article"
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    subheads: list[int] = field(default_factory=list)  # indices into body
    date: str | None = None
    section: str | None = None
    page_no: str | None = None  # 版次 as printed: 2, A05, 04
    page_name: str | None = None  # 版名: 要闻, 社会
    # Tags (filled by reader.tagging; empty until then).
    region: Region = field(default_factory=Region)
    scope: Scope | None = None
    region_evidence: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    topic_evidence: dict[str, list[str]] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)

    @property
    def page(self) -> str | None:
        """The page as an editor names it: 第2版 要闻, 第A05版."""
        return page_label(self.page_no, self.page_name)

    @property
    def text(self) -> str:
        """Title, subtitle and body as one string: what search, home-place inference and the index read."""
        return "\n".join([self.title, self.subtitle, *self.body])

    def to_json(self) -> dict[str, Any]:
        """The `reader list --jsonl` record: body as one string, paragraphs joined by newlines."""
        record = asdict(self)
        record["body"] = "\n".join(self.body)
        return record


def page_label(page_no: str | None, page_name: str | None) -> str | None:
    """第2版 要闻 from (2, 要闻); None when neither is known."""
    parts = [f"第{page_no}版" if page_no else "", page_name or ""]
    return " ".join(p for p in parts if p) or None


@dataclass
class Page:
    """A source file cut into articles; `leftovers` holds what is no article's text."""

    source: str
    articles: list[Article] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
