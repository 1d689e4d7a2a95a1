"""The reading pane: one article laid out in Chinese lines, with highlight layers and notes.

The pane gets a `ReaderDoc` (the article, its notes and what to highlight); `article_text` makes
its paragraphs, which are wrapped by `reader.app.wrap` so no line starts with closing punctuation.
Lines are painted through the Line API, so a long article scrolls without laying out a widget per
paragraph. Colours come from the component classes in styles.tcss.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from reader.app.i18n import tr
from reader.app.widgets.article_text import ArticleText, Paragraph, ReaderDoc

LAYERS = ("search", "watch", "keyword", "entity")  # strongest first
MAX_MEASURE = 96  # cells: past ~48 Chinese characters a line gets hard to follow


class ReaderPane(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows one article; `hit_lines` are the line numbers of the search hits, for n/N. A passage
    dragged over with the mouse is selected, as in any Textual text widget, for `y` to copy."""

    ALLOW_SELECT = True

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
        self._lines: list[tuple[Paragraph, int]] = []
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

    def _layout(self) -> None:
        self._width = self.scrollable_content_region.width
        width = min(max(self._width, 10), MAX_MEASURE)
        lines: list[tuple[Paragraph, int]] = []
        hit_lines: list[int] = []
        if self.doc is None:
            lines = [(Paragraph.of(Text(self.placeholder, style=self._style("empty"))), 0)]
        else:
            blank = Paragraph.of(Text())
            for block in ArticleText(self._style).blocks(self.doc):
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

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected passage as plain text, lines joined as laid out."""
        return selection.extract("\n".join(self.text_lines())), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._painted = {}
        self.refresh()

    def _paint(self, index: int, width: int) -> Strip:
        """One line as drawn: its segments over the pane's own style, padded to the width, built
        in one go (each intermediate Strip would cost as much again). Each character carries its
        offset in the laid-out text, which is how a mouse drag becomes a selection."""
        block, number = self._lines[index]
        line = block.line(number)
        selection = self.text_selection
        span = selection.get_span(index) if selection is not None else None
        if span is not None:
            start, end = span
            line = line.copy()
            selected = self.screen.get_component_rich_style("screen--selection")
            line.stylize(selected, start, None if end == -1 else end)
        base = self._base
        segments = list(Segment.apply_style(line.render(self.app.console), base))
        if line.cell_len < width:
            segments.append(Segment(" " * (width - line.cell_len), base))
        strip = Strip(segments, max(line.cell_len, width))
        return (strip if line.cell_len <= width else strip.crop(0, width)).apply_offsets(0, index)

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
