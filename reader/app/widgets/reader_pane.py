"""The reading pane: one article laid out in Chinese lines, with highlight layers and notes.

The pane gets a `ReaderDoc` (the article, its notes and what to highlight) and turns it into styled
lines itself: every string becomes `rich.text.Text` from plain, control-stripped text — never
markup — and is wrapped by `reader.app.wrap` so no line starts with closing punctuation. Lines are
painted through the Line API, so a long article scrolls without laying out a widget per paragraph.
Colours come from the component classes in styles.tcss.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.app.i18n import tr
from reader.app.wrap import wrap_spans
from reader.config import Language
from reader.fold import find_spans
from reader.model import Article
from reader.printed import header_line
from reader.store import Note
from reader.text import clean_inline, strip_controls

# Entity types worth a subtle highlight (people and dates would light up every line).
ENTITY_TYPES = frozenset({"place", "org", "amount", "figure"})
LAYERS = ("search", "watch", "keyword", "entity")  # strongest first
MAX_MEASURE = 96  # cells: past ~48 Chinese characters a line gets hard to follow


@dataclass(frozen=True)
class ReaderDoc:
    """Everything the pane shows for one article."""

    article: Article
    notes: Sequence[Note] = ()
    topics: Sequence[str] = ()  # labels, primary first
    search: str = ""
    watch: Sequence[str] = ()
    highlight: bool = True
    language: Language = "zh"
    region: str = ""
    marked_by: str = ""  # who set the verdict and the bookmark, and when (editors share a store)


class _Block:
    """One paragraph: its plain text and search hits at once (they decide the lines and n/N), its
    highlighting only when one of its lines is first painted — most of a long article never is."""

    def __init__(self, plain: str, paint: Callable[[], Text], hits: list[int] | None = None) -> None:
        self.plain = plain
        self.hits = hits or []  # offsets of search hits in `plain`
        self._paint = paint
        self._text: Text | None = None
        self._spans: list[tuple[int, int]] = [(0, len(plain))]
        self._lines: list[Text] | None = None

    def wrap(self, width: int) -> list[tuple[int, int]]:
        """Break into lines of `width` cells; returns their (start, end) offsets."""
        self._spans, self._lines = wrap_spans(self.plain, width), None
        return self._spans

    def line(self, number: int) -> Text:
        """One laid-out line, highlighted: the paragraph is cut into all its lines in one pass."""
        if self._lines is None:
            self._lines = list(self.text.divide(end for _, end in self._spans[:-1]))
        return self._lines[number]

    @classmethod
    def of(cls, text: Text) -> _Block:
        return cls(text.plain, lambda: text)

    @property
    def text(self) -> Text:
        if self._text is None:
            self._text = self._paint()
        return self._text


def find_all(haystack: str, needle: str) -> list[int]:
    """Start offsets of `needle` in `haystack`, case-insensitively, not overlapping."""
    if not needle:
        return []
    folded, target = haystack.casefold(), needle.casefold()
    if len(folded) != len(haystack):  # casefolding changed lengths (ß → ss): offsets would drift
        folded, target = haystack.lower(), needle.lower()
    out: list[int] = []
    start = folded.find(target)
    while start >= 0:
        out.append(start)
        start = folded.find(target, start + len(target))
    return out


class ReaderPane(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one article; `hit_lines` are the line numbers of the search hits, for n/N."""

    BINDINGS = [
        Binding("down", "scroll_down", "Scroll down", show=False),
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    COMPONENT_CLASSES = {
        "reader--header",
        "reader--title",
        "reader--subtitle",
        "reader--meta",
        "reader--label",
        "reader--keywords",
        "reader--subhead",
        "reader--caption",
        "reader--note-head",
        "reader--note",
        "reader--empty",
        "reader--search",
        "reader--watch",
        "reader--keyword",
        "reader--entity",
    }

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.doc: ReaderDoc | None = None
        self.placeholder = ""
        # Laid-out lines as (paragraph, line number in it): highlighted and painted when first shown.
        self._lines: list[tuple[_Block, int]] = []
        self._styles: dict[str, Style] = {}  # component styles, looked up until the styles change
        self._painted: dict[tuple[object, ...], Strip] = {}  # lines as drawn: scrolling reuses them
        self._width = 0
        self._base = Style()  # the widget's own style, looked up once per paint
        self.hit_lines: list[int] = []
        self.hit_index = -1

    def show(self, doc: ReaderDoc | None, keep_scroll: bool = False, placeholder: str = "") -> None:
        """Lay out `doc` (or the placeholder text when there is none)."""
        new_article = doc is None or self.doc is None or doc.article.id != self.doc.article.id
        self.doc, self.placeholder = doc, placeholder
        self.hit_index = -1
        self._layout()
        if new_article or not keep_scroll:
            self.scroll_to(0, 0, animate=False, force=True)

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._layout()

    def notify_style_update(self) -> None:
        """A new theme or stylesheet: look the layer styles up again and restyle the article."""
        super().notify_style_update()
        if self._styles:
            self._styles = {}
            if self.is_mounted:
                self.call_later(self._layout)

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"reader--{name}")
        return style

    # -- building the text

    def _highlighted(
        self,
        raw: str,
        doc: ReaderDoc,
        entities: Sequence[tuple[int, int, str]] = (),
        style: str | None = None,
        label: str = "",
    ) -> _Block:
        """A paragraph with its highlight layers, in `style` as a whole, after an optional `label`."""
        text = strip_controls(raw).replace("\n", " ").replace("\t", " ")
        spans = find_spans(text, doc.search) if doc.search else []  # folded: 醫保 lights up 医保
        hits = [start for start, _ in spans]
        prefix = f"{label} " if label else ""

        def paint() -> Text:
            body = Text(text)
            if doc.highlight:
                if text == raw:  # offsets from the tagger still fit
                    for start, end, kind in entities:
                        if kind in ENTITY_TYPES:
                            body.stylize(self._style("entity"), start, end)
                for word in doc.article.keywords:
                    for start in find_all(text, word):
                        body.stylize(self._style("keyword"), start, start + len(word))
                for term in doc.watch:
                    for start in find_all(text, term):
                        body.stylize(self._style("watch"), start, start + len(term))
            if doc.highlight or doc.search:
                for start, end in spans:
                    body.stylize(self._style("search"), start, end)
            if prefix:
                body = Text(prefix, style=self._style("label")) + body
            if style is not None:
                body.stylize(self._style(style), 0)
            return body

        return _Block(prefix + text, paint, [hit + len(prefix) for hit in hits])

    def _blocks(self, doc: ReaderDoc) -> list[_Block | None]:
        """The article as paragraphs; None is a blank line."""
        article, lang = doc.article, doc.language
        out: list[_Block | None] = []
        header = header_line(article.page, article.date, article.id)  # 第2版 要闻 · 2025-03-02 · #id
        out.append(_Block.of(Text(clean_inline(header), style=self._style("header"))))
        out.append(self._highlighted(article.title or tr("untitled", lang), doc, style="title"))
        if article.subtitle:
            out.append(self._highlighted(article.subtitle, doc, style="subtitle"))
        meta: list[tuple[str, str]] = []
        if article.byline:
            meta.append(("byline", article.byline))
        meta.append(("region", doc.region))
        if doc.topics:
            meta.append(("topics", " · ".join(doc.topics)))
        where = tr("page_item", lang).format(source=article.source, order=article.page_order)
        meta.append(("source", where))
        if article.keywords:
            meta.append(("keywords", " · ".join(article.keywords)))
        if doc.marked_by:
            meta.append(("marked_by", doc.marked_by))
        for label, value in meta:
            line = Text(f"{tr(label, lang)} ", style=self._style("label"))
            line.append(clean_inline(value), style=self._style("keywords" if label == "keywords" else "meta"))
            out.append(_Block.of(line))
        by_para: dict[int, list[tuple[int, int, str]]] = {}
        for entity in article.entities:
            by_para.setdefault(entity.para, []).append((entity.start, entity.end, entity.type))
        subheads = set(article.subheads)
        for index, paragraph in enumerate(article.body):
            out.append(None)
            subhead = "subhead" if index in subheads else None
            out.append(self._highlighted(paragraph, doc, by_para.get(index, ()), style=subhead))
        for caption in article.captions:
            out.append(None)
            out.append(self._highlighted(caption, doc, style="caption", label=tr("caption", lang)))
        if doc.notes:
            out += [
                None,
                _Block.of(
                    Text(tr("notes_head", lang).format(count=len(doc.notes)), style=self._style("note-head"))
                ),
            ]
            for note in doc.notes:
                stamp = note.created.replace("T", " ").rstrip("Z")
                head = f"— {clean_inline(note.author) or tr('anonymous', lang)} · {stamp}"
                out.append(_Block.of(Text(head, style=self._style("label"))))
                for note_line in strip_controls(note.text).splitlines() or [""]:
                    out.append(_Block.of(Text(note_line.replace("\t", " "), style=self._style("note"))))
        return out

    def _layout(self) -> None:
        self._width = self.scrollable_content_region.width
        width = min(max(self._width, 10), MAX_MEASURE)
        lines: list[tuple[_Block, int]] = []
        hit_lines: list[int] = []
        if self.doc is None:
            lines = [(_Block.of(Text(self.placeholder, style=self._style("empty"))), 0)]
        else:
            blank = _Block.of(Text())
            for block in self._blocks(self.doc):
                if block is None:
                    lines.append((blank, 0))
                    continue
                pending = list(block.hits)
                for number, (_start, end) in enumerate(block.wrap(width)):
                    while pending and pending[0] < end:
                        hit_lines.append(len(lines))
                        pending.pop(0)
                    lines.append((block, number))
        self.hit_lines = hit_lines
        self._lines = lines
        self._painted = {}
        self._set_virtual_size(Size(width, len(lines)))
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """A new article changes only the scrollable height: lay out the screen again only when
        that shows or hides the scrollbar (assigning `virtual_size` would lay it out every time)."""
        if not self.is_mounted or not self.container_size:
            self.virtual_size = size
            return
        scrollbar = self.show_vertical_scrollbar
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)
        if self.show_vertical_scrollbar != scrollbar and self.styles.scrollbar_size_vertical:
            self.refresh(layout=True)  # a scrollbar that takes room came or went

    def text_lines(self) -> list[str]:
        """The laid-out lines as plain text (what a screen reader or a test sees)."""
        return [block.line(number).plain for block, number in self._lines]

    def _paint(self, index: int, width: int) -> Strip:
        """One line as drawn: its segments over the pane's own style, padded to the width, built
        in one go (each intermediate Strip would cost as much again)."""
        block, number = self._lines[index]
        line = block.line(number)
        base = self._base
        segments = list(Segment.apply_style(line.render(self.app.console), base))
        if line.cell_len < width:
            segments.append(Segment(" " * (width - line.cell_len), base))
        strip = Strip(segments, max(line.cell_len, width))
        return strip if line.cell_len <= width else strip.crop(0, width)

    def position(self) -> str:
        """How far down the article the pane shows, as a pager says it (37%); empty when it all fits."""
        height = self.scrollable_content_region.height
        total = len(self._lines)
        if self.doc is None or total <= height or height <= 0:
            return ""
        return f"{min(100, round(100 * (self.scroll_offset.y + height) / total))}%"

    def legend(self) -> Text:
        """A one-line key to the highlight layers, drawn in the layers' own styles."""
        lang = self.doc.language if self.doc else "zh"
        text = Text()
        for layer in LAYERS:
            text.append(tr(f"layer_{layer}", lang), style=self._style(layer))
            text.append(" ")
        return text

    # -- painting and moving

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # walks the DOM: once per paint, not once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, self._base)
        key = (index, width, self._base)
        painted = self._painted.get(key)
        if painted is None:
            painted = self._painted[key] = self._paint(index, width)
        return painted

    def jump_hit(self, step: int) -> int | None:
        """Scroll to the next (+1) or previous (-1) search hit; returns its number, or None."""
        if not self.hit_lines:
            return None
        self.hit_index = (self.hit_index + step) % len(self.hit_lines)
        line = self.hit_lines[self.hit_index]
        self.scroll_to(y=max(line - 2, 0), animate=False, force=True)
        return self.hit_index

    def page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def page_up(self) -> None:
        self.scroll_page_up(animate=False)
