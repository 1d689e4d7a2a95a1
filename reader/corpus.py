"""A corpus: every page under the given paths, cut into articles, with notices for what failed.

This is the one entry point the CLI, the store commands and the app use to read pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.frontmatter import article_page, page_metadata, split_front_matter
from reader.model import Article, Page
from reader.resources import seeds_dir
from reader.segment import segment_page
from reader.sources import Notice, PageFile, decode, find_pages, plain_text, read_bytes


@dataclass
class Corpus:
    """Pages in a stable order, their articles in page order, and one notice per problem file."""

    pages: list[Page] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [article for page in self.pages for article in page.articles]

    def by_id(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}


def parse_page(text: str, source: str) -> tuple[Page, Notice | None]:
    """Cut one page's text into articles; a front-matter file is one article."""
    fields, body, problem = split_front_matter(text)
    notice = Notice(source, problem) if problem else None
    if fields is not None and any(fields.get(k) for k in ("title", "headline")):
        return article_page(fields, body, source), notice
    markdown = source.lower().endswith((".md", ".markdown")) or "\n# " in f"\n{body}"
    page = segment_page(body, source, markdown=markdown)
    if fields is not None:  # page-level metadata only: date and section for every article
        date, section = page_metadata(fields)
        for article in page.articles:
            article.date = date or article.date
            article.section = section or article.section
    return page, notice


def load_page(page_file: PageFile, data: bytes | None = None) -> tuple[Page | None, list[Notice]]:
    """Read (unless its bytes are given), decode and cut one page file."""
    if data is None:
        raw, notice = read_bytes(page_file.path)
        if raw is None:
            return None, [notice] if notice else []
        data = raw.data
    text, notice = decode(data, str(page_file.path))
    if text is None:
        return None, [notice] if notice else []
    page, problem = parse_page(plain_text(text, page_file.source), page_file.source)
    notices = [n for n in (notice, problem) if n]
    if not page.articles:
        notices.append(Notice(str(page_file.path), "no articles found on this page"))
    return page, notices


def load_corpus(paths: list[str] | list[Path] | None = None) -> Corpus:
    """Read every page under `paths` (the bundled seeds when none are given)."""
    roots = [Path(p) for p in paths] if paths else [seeds_dir()]
    files, notices = find_pages(roots)
    corpus = Corpus(notices=list(notices))
    for page_file in files:
        page, page_notices = load_page(page_file)
        corpus.notices.extend(page_notices)
        if page is not None:
            corpus.pages.append(page)
    return corpus
