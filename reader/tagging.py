"""Tag articles with region, topics, keywords and entities.

Region, topics and entities need only the article and its page (a page full of 义乌 makes 我市 mean
义乌); keywords need the whole corpus's document frequencies. So tagging is two steps: `tag_page`
per page (parallel-safe, returns the page's term counts) and `assign_keywords` once every page is in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from reader.corpus import Corpus
from reader.entities import find_entities
from reader.hanzi import simplified
from reader.keywords import KeywordModel, term_counts
from reader.model import Article, Page
from reader.regions import infer_home, place_spans, resolve_region
from reader.topics import Taxonomy, classify

Counts = dict[str, float]


def tag_page(page: Page, taxonomy: Taxonomy | None = None) -> list[Counts]:
    """Fill every tag but keywords on the page's articles; return their term counts, in order."""
    # A traditional page (記者, 醫保, 澳門) is read through its simplified form; text stays as printed.
    home = infer_home([simplified(a.text) for a in page.articles])
    counts: list[Counts] = []
    for article in page.articles:
        title = simplified(" ".join(t for t in (article.subtitle, article.title) if t))
        body = [simplified(p) for p in article.body]
        found = resolve_region(title, body, home=home)
        article.region, article.scope, article.region_evidence = found.region, found.scope, found.evidence
        topics = classify(title, body, taxonomy)
        article.topics, article.topic_evidence = topics.topics, topics.evidence
        article.entities = find_entities(article.body, place_spans)
        counts.append(term_counts(title, article.body))
    return counts


def assign_keywords(
    articles: Iterable[Article], counts: Iterable[Mapping[str, float]], model: KeywordModel
) -> None:
    """Keywords of each article against the corpus's document frequencies."""
    for article, article_counts in zip(articles, counts, strict=True):
        article.keywords = model.keywords(article_counts)


def tag_articles(
    pages: list[Page],
    taxonomy: Taxonomy | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Tag every article of the pages in place; `progress(done, total)` after each page."""
    all_counts: list[Counts] = []
    for done, page in enumerate(pages, start=1):
        all_counts.extend(tag_page(page, taxonomy))
        if progress is not None:
            progress(done, len(pages))
    articles = [a for page in pages for a in page.articles]
    assign_keywords(articles, all_counts, KeywordModel.from_counts(all_counts))


def tag_corpus(
    corpus: Corpus, taxonomy: Taxonomy | None = None, progress: Callable[[int, int], None] | None = None
) -> None:
    """Tag a whole corpus in place."""
    tag_articles(corpus.pages, taxonomy, progress)
