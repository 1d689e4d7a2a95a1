"""Cut one newspaper page into its articles.

Text dumps of printed pages keep the words but lose the layout: headlines may come before or
after their story, columns jump mid-sentence, captions and slogans sit between paragraphs. The
splitter works in three steps — lines into blocks (`reader.split.blocks`), blocks into labels by
a fitted CRF over the whole page (`reader.split.tagger`), labels into articles
(`reader.split.assemble`) — and never drops a character: whatever belongs to no article lands in
the page's leftovers.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path, PurePath

from reader import pagemeta
from reader.model import Page
from reader.split.assemble import Assembler, finish
from reader.split.blocks import page_blocks
from reader.split.labels import Label
from reader.split.mend import mend_labels
from reader.split.tagger import label_blocks


def article_id(source: str, title: str, body: list[str]) -> str:
    """Stable across runs and across edits to other articles: the file name and its own text."""
    lead = "".join(body)[:80]
    key = f"{PurePath(source).name}\x1f{title}\x1f{lead}"
    return hashlib.blake2b(key.encode("utf-8", "surrogateescape"), digest_size=5).hexdigest()


def segment_page(
    text: str,
    source: str,
    *,
    markdown: bool = False,
    labels: list[Label] | None = None,
    model: Path | None = None,
) -> Page:
    """Cut a page's text into articles; what is no article's text goes to `leftovers`.

    `labels` replaces the tagger's (the fitting script checks gold labels this way).
    """
    blocks = page_blocks(text, markdown)
    assembler = Assembler()
    chosen = labels or mend_labels(blocks, label_blocks(blocks, model))
    for block, label in zip(blocks, chosen, strict=True):
        assembler.add(block, label)
    leftovers = assembler.leftovers
    page = Page(source=source)
    printed = pagemeta.from_lines(leftovers)
    page_date = printed.date or pagemeta.from_path(source).date
    seen: Counter[str] = Counter()
    for draft in assembler.drafts:
        article = finish(draft, source, len(page.articles) + 1, leftovers)
        if article is None:
            continue
        base = article_id(source, article.title, article.body)
        seen[base] += 1
        article.id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        article.date = page_date
        article.page_no, article.page_name = printed.page_no, printed.page_name
        page.articles.append(article)
    page.leftovers = leftovers
    return page
