"""Labelled blocks into articles.

The labels say what each block is; this module only follows them. A headline stack, a byline
or the lead of an untitled item opens an article once the one before it has a body; a sign-off
closes it; captions and credits attach to the story they stand in; furniture goes to the page's
leftovers. Sentences that a column jump cut in two are re-joined here, inside one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader import layout
from reader.model import Article
from reader.split.blocks import Block, glue
from reader.split.labels import HEAD_ORDER, Label
from reader.text import ends_sentence, forms_word

SHORT_FRAGMENT = 12  # characters: 法律。 left behind by a column jump
BRIEF_LENGTH = 300  # characters: an untitled or short item below this is a brief
HALF_HEADLINE = 7  # characters: a headline line this short is half of a two-line headline
# A headline line that opens with one of these continues the line above (…来到北庄村 / 要上山帮助挖山洞).
CONTINUATION = re.compile(
    r"^(?:要|将|并|再|又|也|还|已|正|为|让|把|使|向|对|助|获|成|与|和|及|暨|同|共|齐|上门)"
)
COLUMN_KICKER = re.compile(r"^(?:关注|聚焦|走进|直击|探访|喜迎|礼赞|点赞|致敬|回眸|展望|追踪|纵览)")


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

    heads: list[tuple[Label, str]] = field(default_factory=list)
    trail: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credited: bool = False  # a picture credit stands under its text
    closed: bool = False
    page_top: bool = False

    @property
    def has_body(self) -> bool:
        return any(not item.sub for item in self.items)

    def takes_head(self, label: Label) -> bool:
        """Whether a headline line continues this draft's stack instead of opening a new story."""
        if self.has_body or self.bylines or self.closed or self.captions:
            return False
        return not self.heads or HEAD_ORDER[label] >= HEAD_ORDER[self.heads[-1][0]]


class Assembler:
    """One pass over a page's labelled blocks."""

    def __init__(self) -> None:
        self.drafts: list[Draft] = []
        self.leftovers: list[str] = []
        self.last: Label | None = None  # the label of the block before

    @property
    def current(self) -> Draft | None:
        return self.drafts[-1] if self.drafts else None

    def start(self) -> Draft:
        draft = Draft(page_top=not self.drafts)
        self.drafts.append(draft)
        return draft

    def open_draft(self) -> Draft:
        current = self.current
        if current is None or current.closed:
            return self.start()
        return current

    def add(self, block: Block, label: Label) -> None:
        self.place(block, label)
        self.last = label

    def place(self, block: Block, label: Label) -> None:
        current = self.current
        text = block.text
        if label in (Label.LEAD, Label.BODY) and layout.split_dateline(text):
            label = Label.DATELINE  # 新华社杭州5月7日电 浙江省…: a story opens here, whatever the tagger said
        if label.is_head:
            draft = current if current is not None and current.takes_head(label) else self.start()
            draft.heads.append((label, text))
        elif label == Label.TRAIL:
            self.trailing_title(text)
        elif label in (Label.BYLINE, Label.DATELINE):
            self.byline(block, label)
        elif label == Label.LEAD:
            fresh = current is not None and not current.has_body and not current.closed
            lead_draft = current if fresh and current is not None else self.start()
            lead_draft.items.append(Item(text, bold=block.bold))
        elif label == Label.BODY:
            self.open_draft().items.append(Item(text, bold=block.bold))
        elif label == Label.SUBHEAD:
            self.open_draft().items.append(Item(text, sub=True))
        elif label == Label.CAPTION:
            self.open_draft().captions.append(text)
        elif label == Label.CREDIT:
            self.credit(text)
        elif label == Label.SIGNOFF:
            if current is not None and (current.has_body or current.captions) and not current.closed:
                if layout.is_end_mark(text):
                    self.leftovers.append(text)
                else:
                    current.bylines.append(text)
                current.closed = True
            else:
                self.leftovers.append(text)
        else:
            self.leftovers.append(text)

    def trailing_title(self, text: str) -> None:
        """A headline printed after its story: the story before it takes it, if still untitled."""
        current = self.current
        if current is not None and current.trail and not current.has_body:
            current.trail.append(text)
        elif current is not None and not current.heads and not current.trail and current.has_body:
            current.trail.append(text)
            current.closed = True
        elif current is not None and current.trail and current.closed and current is self.drafts[-1]:
            current.trail.append(text)  # the second line of the same trailing headline
        else:
            self.leftovers.append(text)

    def byline(self, block: Block, label: Label) -> None:
        current = self.current
        if (
            current is None
            or current.closed
            or current.has_body
            or (current.bylines and label == Label.BYLINE)
        ):
            current = self.start()
        if label == Label.BYLINE:
            current.bylines.append(block.text)
            return
        split = layout.split_dateline(block.text)
        if split is None:
            current.items.append(Item(block.text))
            return
        dateline, rest = split
        current.bylines.append(dateline)
        if rest:
            current.items.append(Item(rest))

    def credit(self, text: str) -> None:
        """A picture credit: the byline of a photo item, or the tail of the caption it stands under.

        A credit under a short item (a caption or a few paragraphs) closes it as a photo item: the
        paragraph after it opens the next story (…“香布”。 / 本报记者 曲珍 摄 / 大红的对联…)."""
        current = self.current
        if current is None:
            self.leftovers.append(text)
            return
        titled_picture = bool(current.heads) and not current.bylines and not current.has_body
        under_caption = bool(current.captions) and (
            self.last in (Label.CAPTION, Label.CREDIT)
            or not current.has_body
            or (bool(current.bylines) and not current.closed)
        )
        if under_caption and not titled_picture:
            current.captions[-1] += " " + text
        else:
            current.bylines.append(text)
            current.credited = True
            current.closed = current.closed or (current.has_body and len(current.items) <= PHOTO_ITEMS)


PHOTO_ITEMS = 3  # paragraphs: a credit under no more than this closes a photo item


def mend(items: list[Item]) -> list[Item]:
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
            previous.text = glue(previous.text, item.text)
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
            item.text = glue(item.text, partner.text)
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


def titles_of(draft: Draft, leftovers: list[str]) -> tuple[str, str]:
    """(title, subtitle): the main headline, and the kicker and deck around it."""
    if draft.trail:
        return _stack_titles(draft.trail)
    if all(label == Label.TITLE for label, _ in draft.heads):
        return _stack_titles([text for _, text in draft.heads])
    titles = [text for label, text in draft.heads if label == Label.TITLE]
    others = [text for label, text in draft.heads if label != Label.TITLE]
    if not titles and others:
        titles = [others.pop()]
    return " ".join(titles), " ".join(others)


def _stack_titles(stack: list[str]) -> tuple[str, str]:
    """A headline stack read in the usual order 引题 → 主题 → 副题: a line opening with —— is a
    deck; of the others the last is the main title, unless it cannot stand alone (廿三里有支 /
    “外来建设者体验官”队伍), when the halves are one title, as are the further short pieces of a
    headline already set in pieces."""
    decks = [t for t in stack if t.startswith(("——", "—", "--"))]
    main: list[str] = []
    broken = False  # main[-1] is a headline set in short pieces (人大五次会议 / 主席团召开 / 第四次会议)
    for line in (t for t in stack if t not in decks):
        if main and (_half(main[-1]) or CONTINUATION.match(line) or (broken and _half(line))):
            main[-1] += " " + line
            broken = True
        else:
            main.append(line)
            broken = False
    if not main:
        return (decks[0], " ".join(decks[1:])) if decks else ("", "")
    return main[-1], " ".join(main[:-1] + decks)


def _half(line: str) -> bool:
    """A headline line too short to stand alone (北京温州商会 / 来瑞考察): the next line completes it.

    A short line that names a column or a place (白甸镇：, 关注民生实事) is a kicker all the same."""
    if line.rstrip().endswith(("：", ":")) or COLUMN_KICKER.match(line):
        return False
    return layout.han_length(line) <= HALF_HEADLINE or not layout.heading_shape(line).ok


def finish(draft: Draft, source: str, order: int, leftovers: list[str]) -> Article | None:
    """The article a draft makes, or None (its text to the leftovers) when it has no body."""
    items = mend(draft.items)
    title, subtitle = titles_of(draft, leftovers)
    byline = " ".join(draft.bylines)
    # a table's | or a rule, or only figures: a record's date (1994.02.01) is no story's text
    wordless = not any(ch.isalpha() for item in items for ch in item.text)
    if wordless or not any(not item.sub for item in items):
        if draft.captions and (title or byline) and not wordless:
            items = [Item(draft.captions.pop(0))]  # a titled picture whose caption is its story
        else:
            leftovers.extend(
                t for t in (subtitle, title, byline, *(i.text for i in items), *draft.captions) if t
            )
            return None
    body = [item.text for item in items]
    subheads = [i for i, item in enumerate(items) if item.sub]
    text_length = sum(layout.han_length(p) for p in body)
    photo = draft.credited and len(body) <= 3 and not subheads
    kind = "photo" if photo else ("brief" if text_length < BRIEF_LENGTH and not subheads else "article")
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
