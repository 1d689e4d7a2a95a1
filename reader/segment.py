"""Cut one newspaper page into its articles.

Text dumps of printed pages keep the words but lose the layout: headlines may come before or
after their story, columns jump mid-sentence, captions and slogans sit between paragraphs. The
splitter works in three steps — lines into blocks (re-flowing narrow columns), blocks into kinds
(`reader.layout`), kinds into articles — and never drops a character: whatever belongs to no
article lands in the page's leftovers.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from reader import layout
from reader.model import Article, Page
from reader.text import cell_width, ends_sentence, forms_word, strip_controls, tidy_spaces

MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
BOLD = re.compile(r"\*\*|__")
END_MARK = re.compile(r"^(.*?[。！？”」])\s*([（(](?:完|待续|未完待续|续完)[）)])$")
INLINE_MARKER = re.compile(rf"(?<=\S)\s+(?=[{layout.MARKERS}]\s*\S)")
ANCHORS = ("byline", "dateline")
CLOSURES = ("signoff", "signature", "credit", "endmark")
SHORT_FRAGMENT = 12  # characters: 法律。 left behind by a column jump
PHOTO_NEWS_MIN = 60  # characters: a caption this long is a story of its own


@dataclass
class Block:
    """A run of text between blank lines (or one line, on pages that are not hard-wrapped)."""

    text: str
    gap: int = 1
    level: int = 0
    bold: bool = False
    kind: str = "para"


@dataclass
class Item:
    """A piece of an article's body while it is being assembled."""

    text: str
    sub: bool = False
    bold: bool = False
    gone: bool = False


@dataclass
class Draft:
    """An article under construction."""

    titles: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    head_first: bool = False
    closed: bool = False
    photo: bool = False
    page_top: bool = False

    @property
    def has_body(self) -> bool:
        return any(not item.sub for item in self.items) or bool(self.captions)

    @property
    def wants_title(self) -> bool:
        """Started without a headline, so its headline is printed after the body."""
        return not self.titles and not self.head_first and self.has_body


# --- lines into blocks -------------------------------------------------------------------------


def _prepare_lines(text: str) -> list[str]:
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for line in text.split("\n"):
        # A byline run into the line before it: 法律服务体系 ▢ 全媒体记者 余依萍.
        out.extend(INLINE_MARKER.split(line))
    return out


def _is_wrapped(lines: list[str]) -> tuple[bool, int]:
    """Whether the page is hard-wrapped at a narrow column, and the column width in cells.

    A wrapped page has most of its lines inside multi-line blocks and most of them within a few
    cells of one width; a page with one paragraph per line has neither.
    """
    in_groups = sum(
        1
        for i, line in enumerate(lines)
        if line.strip()
        and ((i > 0 and lines[i - 1].strip()) or (i + 1 < len(lines) and lines[i + 1].strip()))
    )
    measured = [line.strip() for line in lines if len(line.strip()) >= 6]
    if len(measured) < 12 or in_groups < 0.5 * sum(1 for line in lines if line.strip()):
        return False, 0
    widths = [cell_width(line) for line in measured]  # only now: most pages stop above
    counts = Counter(widths)
    mode = max(counts, key=lambda w: sum(counts[w + d] for d in range(-3, 4)))
    near = sum(1 for w in widths if abs(w - mode) <= 3)
    return mode <= 100 and near / len(widths) >= 0.45, mode


def _reflow(lines: list[str], width: int) -> list[str]:
    """Join hard-wrapped lines; a short line that ends a sentence ends its paragraph."""
    paragraphs: list[str] = []
    current = ""
    for raw in lines:
        current = _glue(current, tidy_spaces(raw))
        if ends_sentence(current) and cell_width(raw.strip()) <= width - 3:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _glue(left: str, right: str) -> str:
    if (
        left
        and right
        and left[-1].isascii()
        and left[-1].isalnum()
        and right[0].isascii()
        and right[0].isalnum()
    ):
        return f"{left} {right}"
    return left + right


def _split_end_mark(piece: tuple[str, int]) -> list[tuple[str, int]]:
    """…检查结果。（完）: the end mark closes the story but is not part of its text."""
    text, level = piece
    match = END_MARK.match(text) if not level else None
    return [(match.group(1), 0), (match.group(2), 0)] if match else [piece]


def _line_kind(line: str) -> str:
    if layout.is_byline(line):
        return "byline"
    if layout.is_credit(line):
        return "credit"
    return "text"


def _blocks(text: str, markdown: bool) -> list[Block]:
    lines = _prepare_lines(text)
    wrapped, width = _is_wrapped(lines)
    blocks: list[Block] = []
    group: list[str] = []
    gap = 0

    def flush() -> None:
        nonlocal gap
        if not group:
            return
        runs: list[tuple[str, list[str]]] = []
        tidy = {line: tidy_spaces(line) for line in group}  # read twice: for the kind, then the text
        for line in group:
            md = MD_HEADING.match(line.strip()) if markdown or line.lstrip().startswith("#") else None
            kind = "md" if md else _line_kind(tidy[line])
            if runs and kind == runs[-1][0] and kind in ("byline", "credit", "text"):
                runs[-1][1].append(line)
            elif runs and kind == "credit" and runs[-1][0] == "byline":
                runs[-1] = ("credit", [*runs[-1][1], line])  # 全媒体记者 吕斌 / 通讯员 任子安 摄
            else:
                runs.append((kind, [line]))
        first = True
        for kind, run in runs:
            pieces: list[tuple[str, int]]  # (text, markdown heading level)
            if kind == "md":
                md = MD_HEADING.match(run[0].strip())
                assert md is not None
                pieces = [(tidy_spaces(md.group(2)), len(md.group(1)))]
            elif kind in ("byline", "credit"):
                pieces = [(" ".join(tidy[line] for line in run), 0)]
            elif wrapped:
                pieces = [(p, 0) for p in _reflow(run, width)]
            else:
                pieces = [(tidy[line], 0) for line in run]
            pieces = [split for piece in pieces for split in _split_end_mark(piece)]
            for piece, level in pieces:
                bold = markdown and piece.startswith(("**", "__"))
                blocks.append(
                    Block(
                        text=BOLD.sub("", piece).strip() if markdown else piece,
                        gap=gap if first else 0,
                        level=level,
                        bold=bold,
                    )
                )
                first = False
        group.clear()
        gap = 0

    for line in lines:
        if line.strip():
            group.append(line)
        else:
            flush()
            gap += 1
    flush()
    return [b for b in blocks if b.text]


# --- blocks into kinds -------------------------------------------------------------------------


def _classify(blocks: list[Block]) -> None:
    gaps = Counter(b.gap for b in blocks[1:]) or Counter({1: 1})
    big_gap = max(2, gaps.most_common(1)[0][0] + 1)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        block.kind = _kind(block, following, blocks[index - 1] if index else None)
    for index, block in enumerate(blocks):
        if block.kind != "heading" or block.gap < big_gap or index + 1 == len(blocks):
            continue  # a headline at the very end of a page is a trailing headline, not a caption
        following = blocks[index + 1]
        if following.gap >= big_gap or following.kind in ("mdhead", "label", "caption"):
            block.kind = "caption"  # a bare photo caption floating in its own box


def _kind(block: Block, following: Block | None, before: Block | None) -> str:
    text = block.text
    if block.level:
        return "mdhead"
    if layout.is_label(text):
        return "label"
    if layout.is_byline(text):
        return "byline"
    if layout.is_credit(text):
        return "credit"
    if layout.is_signoff(text):
        return "signoff"
    if layout.is_end_mark(text):
        return "endmark"
    if layout.is_signature(text) and before is not None and before.kind == "para":
        return "signature"
    if layout.split_dateline(text):
        return "dateline"
    shape = layout.heading_shape(text)
    if not shape.ok and shape.reason == "unbalanced clauses" and following is not None:
        # A headline may have long clauses; right above a byline it cannot be a column's foot.
        shape = layout.HeadingShape(
            layout.is_byline(following.text) or bool(layout.split_dateline(following.text)), ""
        )
    if not block.bold and shape.ok:
        cut_sentence = (
            following is not None
            and not following.level
            and not layout.heading_shape(following.text).ok
            and forms_word(text, following.text)
        )
        if not cut_sentence:
            return "heading"
    if layout.has_caption_marks(text) or layout.split_inline_credit(text):
        return "caption"
    return "para"


# --- kinds into articles -----------------------------------------------------------------------


class _Splitter:
    """The state of one pass over a page's blocks."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.drafts: list[Draft] = []
        self.leftovers: list[str] = []
        self.current: Draft | None = None
        self.layout = ""  # "leading" or "trailing": where this page last put a headline
        top_levels = [b.level for b in blocks if b.level]
        self.article_level = min(top_levels) if top_levels else 0

    def run(self) -> tuple[list[Draft], list[str]]:
        index = 0
        while index < len(self.blocks):
            index = self.step(index)
        return self.drafts, self.leftovers

    # helpers
    def start(self, *, head_first: bool, titles: list[str] | None = None) -> Draft:
        draft = Draft(titles=titles or [], head_first=head_first, page_top=not self.drafts)
        self.drafts.append(draft)
        self.current = draft
        return draft

    def open_draft(self) -> Draft:
        if self.current is None or self.current.closed:
            return self.start(head_first=False)
        return self.current

    def next_kind(self, index: int) -> str | None:
        for block in self.blocks[index:]:
            if block.kind not in ("caption", "label"):
                return block.kind
        return None

    def closure_ahead(self, index: int) -> bool:
        """After a would-be trailing headline: does an anchor-less story run to a sign-off?"""
        seen_text = False
        for block in self.blocks[index:]:
            if block.kind in ("para", "caption"):
                seen_text = seen_text or block.kind == "para"
            elif block.kind in CLOSURES:
                return seen_text
            else:
                return False
        return False

    def is_article_heading(self, index: int) -> bool:
        block = self.blocks[index]
        return block.level <= self.article_level or self.next_kind(index + 1) in ANCHORS

    # one step per block kind
    def step(self, index: int) -> int:
        block = self.blocks[index]
        kind = block.kind
        if kind == "label":
            self.leftovers.append(block.text)
        elif kind == "mdhead":
            if self.is_article_heading(index):
                self.start(head_first=True, titles=[block.text])
            else:
                self.open_draft().items.append(Item(block.text, sub=True))
        elif kind == "heading":
            return self.heading_stack(index)
        elif kind in ANCHORS:
            self.anchor(block)
        elif kind == "caption":
            self.caption(block)
        elif kind == "credit":
            self.credit(block)
        elif kind in ("signoff", "signature"):
            if self.current is not None and self.current.has_body and not self.current.closed:
                self.current.bylines.append(block.text)
                self.current.closed = True
            else:
                self.leftovers.append(block.text)
        elif kind == "endmark":
            self.leftovers.append(block.text)
            if self.current is not None:
                self.current.closed = True
        else:
            self.open_draft().items.append(Item(block.text, bold=block.bold))
        return index + 1

    def heading_stack(self, index: int) -> int:
        end = index
        while end < len(self.blocks) and self.blocks[end].kind == "heading":
            end += 1
        stack = [b.text for b in self.blocks[index:end]]
        after = self.next_kind(end)
        current = self.current
        # A story that began without a headline takes the next one, unless this page has
        # shown that it prints headlines first.
        takes_trailing = current is not None and current.wants_title and self.layout != "leading"
        page_end = after is None or after == "mdhead" and self.is_article_heading(self._index_of_next(end))
        if after in ANCHORS:
            if takes_trailing and current is not None:
                self.trail(current, stack)
                self.current = None
            else:
                self.lead(stack)
        elif page_end:
            if current is not None and current.wants_title:
                self.trail(current, stack)
            else:
                self.leftovers.extend(stack)
        elif current is None or current.closed and not takes_trailing:
            self.lead(stack)
        elif takes_trailing and self.closure_ahead(end):
            self.trail(current, stack)
            self.current = None
        elif not current.has_body and not current.titles:
            current.titles = stack
        elif len(stack) >= 2 and not self.article_level:
            self.lead(stack)
        else:
            for text in stack:
                if layout.is_slogan(text):
                    self.leftovers.append(text)
                else:
                    current.items.append(Item(text, sub=True))
        return end

    def lead(self, stack: list[str]) -> None:
        """Start a story under the headline printed above it."""
        self.start(head_first=True, titles=stack)
        self.layout = "leading"

    def trail(self, draft: Draft, stack: list[str]) -> None:
        """Give a story the headline printed after it."""
        draft.titles = stack
        draft.closed = True
        self.layout = "trailing"

    def _index_of_next(self, index: int) -> int:
        while index < len(self.blocks) and self.blocks[index].kind in ("caption", "label"):
            index += 1
        return index

    def anchor(self, block: Block) -> None:
        current = self.current
        if (
            current is None
            or current.closed
            or current.has_body
            or current.bylines
            and block.kind == "byline"
        ):
            current = self.start(head_first=False)
        if block.kind == "byline":
            current.bylines.append(block.text)
            return
        split = layout.split_dateline(block.text)
        assert split is not None
        dateline, rest = split
        current.bylines.append(dateline)
        if rest:
            current.items.append(Item(rest))

    def caption(self, block: Block) -> None:
        split = layout.split_inline_credit(block.text)
        if split and layout.han_length(split[0]) >= PHOTO_NEWS_MIN:
            draft = self.start(head_first=False)
            draft.items.append(Item(split[0]))
            draft.bylines.append(split[1])
            draft.photo = draft.closed = True
            # A captioned photo is complete; only a page that prints headlines last gives it one.
            self.current = draft if self.layout == "trailing" else None
        elif self.current is not None and not self.current.closed:
            self.current.captions.append(block.text)
        else:
            self.leftovers.append(block.text)

    def credit(self, block: Block) -> None:
        current = self.current
        if current is None or current.closed:
            self.leftovers.append(block.text)
            return
        paragraphs = [item for item in current.items if not item.gone]
        photo_news = (
            not current.bylines
            and not current.head_first
            and 0 < len(paragraphs) <= 3
            and not any(item.sub for item in paragraphs)
        )
        if photo_news:
            current.bylines.append(block.text)
            current.photo = current.closed = True
        elif current.captions and self.blocks[self.blocks.index(block) - 1].kind == "caption":
            current.captions[-1] += " " + block.text
        elif paragraphs and not paragraphs[-1].sub:
            last = current.items.pop()
            current.captions.append(f"{last.text} {block.text}")
        else:
            self.leftovers.append(block.text)


# --- articles ----------------------------------------------------------------------------------


def _mend(items: list[Item]) -> list[Item]:
    """Re-join sentences that a column jump cut in two, keeping subheads where they stand."""
    joined: list[Item] = []
    for item in items:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and not item.sub
            and not item.bold
            and not previous.sub
            and not ends_sentence(previous.text)
        ):
            previous.text = _glue(previous.text, item.text)
        else:
            joined.append(item)
    fragments = [
        i
        for i, item in enumerate(joined)
        if not item.sub
        and not item.bold
        and layout.han_length(item.text) <= SHORT_FRAGMENT
        and ends_sentence(item.text)
        and not item.text.startswith(("“", "「", "（", "("))
    ]
    for index, item in enumerate(joined):
        if item.sub or item.gone or ends_sentence(item.text):
            continue
        partner = _orphan_for(joined, index, fragments) or _continuation_for(joined, index)
        if partner is not None:
            item.text = _glue(item.text, partner.text)
            partner.gone = True
    return [item for item in joined if not item.gone]


def _orphan_for(items: list[Item], index: int, fragments: list[int]) -> Item | None:
    """A lone sentence tail (法律。) stranded elsewhere in the same article."""
    candidates = [(abs(i - index), items[i]) for i in fragments if i != index and not items[i].gone]
    return min(candidates, key=lambda pair: pair[0])[1] if candidates else None


def _continuation_for(items: list[Item], index: int) -> Item | None:
    """The paragraph after a subhead that completes a word cut at the column foot (提 | 供)."""
    tail = items[index].text
    for i in range(index + 1, min(len(items), index + 12)):
        item = items[i]
        if item.gone or item.sub or item.bold:
            continue
        if items[i - 1].sub and forms_word(tail, item.text):
            return item
    return None


def _assign_titles(draft: Draft, leftovers: list[str]) -> tuple[str, str]:
    """Headline stack → (title, subtitle): kicker above, deck (——) below, main title between."""
    stack = list(draft.titles)
    decks = [t for t in stack if t.startswith(("——", "—", "--"))]
    main = [t for t in stack if t not in decks]
    if draft.page_top and len(main) >= 3:
        leftovers.append(main.pop(0))  # a page banner above the first story's headline
    if not main:
        return (decks[0], " ".join(decks[1:])) if decks else ("", "")
    return main[-1], " ".join(main[:-1] + decks)


def article_id(source: str, title: str, body: list[str]) -> str:
    """Stable across runs and across edits to other articles: the file name and its own text."""
    lead = "".join(body)[:80]
    key = f"{PurePath(source).name}\x1f{title}\x1f{lead}"
    return hashlib.blake2b(key.encode("utf-8"), digest_size=5).hexdigest()


def _finish(draft: Draft, source: str, order: int, leftovers: list[str]) -> Article | None:
    items = _mend(draft.items)
    title, subtitle = _assign_titles(draft, leftovers)
    byline = " ".join(draft.bylines)
    if not any(not item.sub for item in items) and not draft.captions:
        leftovers.extend(t for t in (subtitle, title, byline, *(i.text for i in items)) if t)
        return None
    body = [item.text for item in items]
    subheads = [i for i, item in enumerate(items) if item.sub]
    text_length = sum(layout.han_length(p) for p in body)
    kind = "photo" if draft.photo else ("brief" if text_length < 300 and not subheads else "article")
    return Article(
        id="",
        source=source,
        page_order=order,
        title=title,
        subtitle=subtitle,
        byline=byline,
        kind=kind,  # type: ignore[arg-type]
        body=body,
        captions=draft.captions,
        subheads=subheads,
    )


def segment_page(text: str, source: str, *, markdown: bool = False) -> Page:
    """Cut a page's text into articles; what is no article's text goes to `leftovers`."""
    blocks = _blocks(text, markdown)
    _classify(blocks)
    drafts, leftovers = _Splitter(blocks).run()
    page = Page(source=source)
    page_date = next((d for d in map(layout.page_date, leftovers) if d), None)
    seen: Counter[str] = Counter()
    for draft in drafts:
        article = _finish(draft, source, len(page.articles) + 1, leftovers)
        if article is None:
            continue
        base = article_id(source, article.title, article.body)
        seen[base] += 1
        article.id = base if seen[base] == 1 else f"{base}-{seen[base]}"
        article.date = page_date
        page.articles.append(article)
    page.leftovers = leftovers
    return page
