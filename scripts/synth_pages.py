"""Pages made up from real labelled articles, in the layouts real pages use.

The labelled corpus is mostly one or two stories per page. Real pages hold four to seven, set
head-first or headline-last, in brief columns and photo runs, one block per paragraph or one
line each, hard-wrapped at narrow columns or flattened onto one line. These pages recombine the
corpus's own headlines, bylines, paragraphs, captions and furniture in those layouts, so the
tagger meets every layout with real text; their gold labels follow from how they were built.
Nothing here is written to disk: the pages are made again, the same way, from a seed.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass, field

from labelled import LabelledPage

from reader import layout
from reader.split.blocks import page_blocks
from reader.split.gold import GoldItem, align_items, squash
from reader.split.labels import Label

MARKERS = "◆■●○△▲★·"
COLUMN_LABELS = ("简讯", "新闻速递", "本地快讯", "一周要闻", "县区动态", "要闻速览", "图片新闻")


@dataclass
class Story:
    """The printed parts of one real item."""

    paper: str
    kicker: list[str] = field(default_factory=list)
    title: list[str] = field(default_factory=list)
    deck: list[str] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    subheads: set[str] = field(default_factory=set)  # the body's lines that are subheads
    captions: list[str] = field(default_factory=list)
    dateline: str = ""
    credit: str = ""
    signoff: str = ""
    kind: str = "article"


def stories_of(pages: list[LabelledPage]) -> tuple[list[Story], list[str]]:
    """Every item of the pages as a Story, and the furniture lines the pages print."""
    stories: list[Story] = []
    furniture: list[str] = []
    for page in pages:
        blocks = page_blocks(page.text, page.markdown)
        owned = align_items(blocks, page.items)
        found = [Story(page.paper, kind=item.kind) for item in page.items]
        for block, (label, n) in zip(blocks, owned, strict=True):
            if n < 0:
                if label == Label.FURNITURE and layout.han_length(block.text) <= 30:
                    furniture.append(block.text)
                continue
            story = found[n]
            if label == Label.KICKER:
                story.kicker.append(block.text)
            elif label in (Label.TITLE, Label.TRAIL):
                story.title.append(block.text)
            elif label == Label.DECK:
                story.deck.append(block.text)
            elif label == Label.BYLINE:
                story.byline.append(block.text)
            elif label == Label.DATELINE:
                split = layout.split_dateline(block.text)
                if split and split[1]:
                    story.dateline = split[0]
                    story.body.append(split[1])
            elif label in (Label.BODY, Label.LEAD):
                story.body.append(block.text)
            elif label == Label.SUBHEAD and story.body:
                story.body.append(block.text)
                story.subheads.add(block.text)
            elif label == Label.CAPTION:
                story.captions.append(block.text)
            elif label == Label.CREDIT:
                story.credit = block.text
            elif label == Label.SIGNOFF:
                story.signoff = block.text
        stories += [s for s in found if s.body and all(layout.han_length(p) >= 4 for p in s.body[:1])]
    return stories, furniture


@dataclass
class _Part:
    text: str
    label: str  # "title", "subtitle", "byline", "body", "other"


def _headline(story: Story, rng: random.Random) -> list[_Part]:
    parts = [_Part(t, "subtitle") for t in story.kicker]
    parts += [_Part(t, "title") for t in story.title]
    parts += [_Part(t, "subtitle") for t in story.deck]
    return parts


def _article(story: Story, rng: random.Random, *, trailing: bool) -> list[_Part]:
    head = _headline(story, rng) if story.title else []
    byline = [_Part(b, "byline") for b in story.byline]
    body = [_Part(p, "subhead" if p in story.subheads else "body") for p in story.body]
    if story.dateline:
        body[0] = _Part(story.dateline + rng.choice(("", " ")) + story.body[0], "body")
        byline.append(_Part(story.dateline, "dateline"))
    if story.captions and rng.random() < 0.7:
        at = rng.randint(0, len(body))
        pictures = [_Part(c, "other") for c in story.captions]
        body[at:at] = pictures
    tail = [_Part(story.signoff, "byline")] if story.signoff else []
    if story.credit:
        tail.append(_Part(story.credit, "byline"))
    if trailing:
        return [*byline, *body, *tail, *head]
    return [*head, *byline, *body, *tail]


def _brief(story: Story, rng: random.Random, marker: str) -> list[_Part]:
    sentences = story.body[:1]
    signed = [f"（{b}）" for b in story.byline if layout.is_signoff(f"（{b}）")]
    credit = story.signoff or (signed[0] if signed and rng.random() < 0.7 else "")
    text = marker + sentences[0] if marker else sentences[0]
    parts = [_Part(text, "body")]
    if credit:
        parts.append(_Part(credit, "byline"))
    return parts


def _photo(story: Story, rng: random.Random) -> list[_Part]:
    caption = story.body[0]
    credit = story.credit or (story.byline[0] if story.byline else "")
    parts = [_Part(t, "title") for t in story.title] if story.title and rng.random() < 0.5 else []
    if credit and rng.random() < 0.5:  # 村民晾晒刚收获的油菜籽。 程全 摄: the credit on the caption's line
        parts.append(_Part(caption + rng.choice((" ", "  ", "")) + credit, "body"))
        parts.append(_Part(credit, "inline-byline"))
        return parts
    parts.append(_Part(caption, "body"))
    if credit:
        parts.append(_Part(credit, "byline"))
    return parts


def _items(groups: list[list[_Part]], kinds: list[str], page: str) -> list[GoldItem]:
    items = []
    for parts, kind in zip(groups, kinds, strict=True):
        body = [p.text for p in parts if p.label == "body"]
        subheads = [p.text for p in parts if p.label == "subhead"]
        dateline = next((p.text for p in parts if p.label == "dateline"), "")
        if dateline:
            body[0] = body[0][len(dateline) :]
        inline = next((p.text for p in parts if p.label == "inline-byline"), "")
        if inline:
            body[-1] = body[-1][: -len(inline)]
        items.append(
            GoldItem(
                page=page,
                title=" ".join(p.text for p in parts if p.label == "title"),
                subtitle=" ".join(p.text for p in parts if p.label == "subtitle"),
                kind=kind,
                body_start=squash(body[0])[:12],
                body_end=squash(body[-1])[-12:],
                byline=" ".join(p.text for p in parts if p.label in ("byline", "inline-byline")),
                subheads=subheads,
            )
        )
    return items


def _render(blocks: list[str], rng: random.Random) -> str:
    style = rng.choices(("blank", "lines", "wrap", "flat"), weights=(40, 10, 40, 10))[0]
    if style == "lines":
        return "\n".join(blocks) + "\n"
    if style == "wrap":
        width = rng.choice((13, 13, 13, 8, 10, 12, 15, 18, 22, 26, 32, 40))
        gap = "\n\n" if rng.random() < 0.85 else "\n"
        return gap.join("\n".join(textwrap.wrap(b, width) or [b]) for b in blocks) + "\n"
    if style == "flat":
        return rng.choice(("  ", "　", "   ")).join(blocks) + "\n"
    return "\n\n".join(blocks) + "\n"


def synthesize(pages: list[LabelledPage], count: int, seed: int = 7) -> list[LabelledPage]:
    """`count` made-up pages from the stories of `pages`."""
    stories, furniture = stories_of(pages)
    titled = [s for s in stories if s.title and s.kind != "photo"]
    briefs = [s for s in stories if s.body and layout.han_length(s.body[0]) <= 160]
    photos = [s for s in stories if s.kind == "photo" or s.credit]
    out: list[LabelledPage] = []
    for n in range(count):
        name = f"synthetic_{seed}_{n:03d}.txt"
        # A generator per page: a change to one story or label reshapes only the pages that use it.
        rng = random.Random(f"{seed}:{n}")
        layout_kind = rng.choice(("head", "head", "head", "trail", "briefs", "photos"))
        groups: list[list[_Part]] = []
        kinds: list[str] = []
        chosen: list[Story] = []
        if layout_kind in ("head", "trail") and len(titled) >= 2:
            for story in rng.sample(titled, min(len(titled), rng.randint(2, 7))):
                groups.append(_article(story, rng, trailing=layout_kind == "trail"))
                kinds.append(story.kind)
                chosen.append(story)
        elif layout_kind == "briefs" and len(briefs) >= 3:
            marker = rng.choice(("", "", "", "", *MARKERS))
            for story in rng.sample(briefs, min(len(briefs), rng.randint(3, 6))):
                groups.append(_brief(story, rng, marker))
                kinds.append("brief")
                chosen.append(story)
        elif len(photos) >= 2:
            for story in rng.sample(photos, min(len(photos), rng.randint(2, 5))):
                groups.append(_photo(story, rng))
                kinds.append("photo")
                chosen.append(story)
        if not groups:
            continue
        sources = frozenset(story.paper for story in chosen)
        lines = [p.text for group in groups for p in group if p.label not in ("dateline", "inline-byline")]
        if layout_kind == "briefs":
            lines.insert(0, rng.choice(COLUMN_LABELS))
        if furniture and rng.random() < 0.5:
            lines.insert(0, rng.choice(furniture))
        if furniture and rng.random() < 0.3:
            lines.append(rng.choice(furniture))
        out.append(
            LabelledPage(
                "synthetic",
                name,
                f"synthetic:{seed}",
                _render(lines, rng),
                _items(groups, kinds, name),
                sources,
            )
        )
    return out
