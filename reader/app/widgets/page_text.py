"""The page view's text: a whole page as read, with its stories told apart and a cursor on a title.

It is given a `PageMap` (lines cut into spans, each span an article's or no article's) and the
current article's id, and draws every line wrapped at the pane's width: the current story's lines
behind a `▌` gutter, the other stories' titles as the targets the cursor moves between, and what
no article took dimmed. Text is plain `Text` from control-stripped strings, never markup; colours
are the component classes in styles.tcss.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.app.wrap import wrap_spans
from reader.pageview import PageLine, PageMap

GUTTER = 2  # cells: `▌ ` beside the current story, `› ` beside the cursor's title


class PageText(ScrollView, can_focus=True, inherit_bindings=False):
    """One page's lines; `cursor` indexes `targets`, the stories one can jump to."""

    COMPONENT_CLASSES = {
        "page-text--current",
        "page-text--gutter",
        "page-text--other",
        "page-text--target",
        "page-text--cursor",
        "page-text--leftover",
    }

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.page: PageMap | None = None
        self.current: str | None = None
        self.targets: list[tuple[int, str]] = []  # (page line, article id), in printed order
        self.cursor = -1
        self._rows: list[tuple[int, int, int]] = []  # (page line, start, end) per drawn row
        self._first_row: dict[int, int] = {}  # page line → its first drawn row
        self._width = 0

    def show(self, page: PageMap, current: str | None) -> None:
        """Draw `page` with `current` marked, the cursor on its title and its first line in view."""
        self.page, self.current = page, current
        self.targets = page.targets()
        ids = [article_id for _, article_id in self.targets]
        here = ids.index(current) if current in ids else -1
        self.cursor = here if here >= 0 else (0 if ids else -1)
        self._layout()
        lines = page.lines_of(current) if current is not None else []
        self.call_after_refresh(self._scroll_to_line, lines[0] if lines else 0)

    @property
    def target_id(self) -> str | None:
        """The article the cursor is on."""
        return self.targets[self.cursor][1] if 0 <= self.cursor < len(self.targets) else None

    def move(self, step: int) -> bool:
        """Next (+1) or previous (-1) story; False at either end."""
        target = self.cursor + step
        if not 0 <= target < len(self.targets):
            return False
        self.cursor = target
        self.refresh()
        self._scroll_to_target()
        return True

    def jump(self, last: bool) -> None:
        if self.targets:
            self.cursor = len(self.targets) - 1 if last else 0
            self.refresh()
            self._scroll_to_target()

    def text_lines(self) -> list[str]:
        """The drawn rows as plain text, gutter included (what a test or a screen reader sees)."""
        return [self._row_text(n).plain for n in range(len(self._rows))]

    # -- layout

    def on_resize(self) -> None:
        if self.scrollable_content_region.width != self._width:
            self._layout()

    def _layout(self) -> None:
        self._width = self.scrollable_content_region.width
        width = max(self._width - GUTTER, 8)
        rows: list[tuple[int, int, int]] = []
        first: dict[int, int] = {}
        if self.page is not None:
            for number, line in enumerate(self.page.lines):
                first[number] = len(rows)
                rows += [(number, start, end) for start, end in wrap_spans(line.text.rstrip(), width)]
        self._rows, self._first_row = rows, first
        self.virtual_size = Size(self._width, len(rows))
        self.refresh()

    def _scroll_to_target(self) -> None:
        if 0 <= self.cursor < len(self.targets):
            self._scroll_to_line(self.targets[self.cursor][0])

    def _scroll_to_line(self, line: int) -> None:
        """Bring page line `line` into view, with a line above it for context."""
        row = self._first_row.get(line, 0)
        self.scroll_to_region(Region(0, max(row - 1, 0), 1, 3), animate=False, force=True)

    # -- painting

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"page-text--{name}")

    def _span_style(self, article: str | None, title: bool, on_anchor: bool) -> Style:
        if article is None:
            return self._style("leftover")
        if article == self.target_id and (title or on_anchor):
            return self._style("cursor")  # an untitled brief's cursor is its first line
        if article == self.current:
            return self._style("current")
        return self._style("target" if title else "other")

    def _row_text(self, row: int) -> Text:
        number, start, end = self._rows[row]
        assert self.page is not None
        line: PageLine = self.page.lines[number]
        owners = line.owners()
        target = self.target_id
        on_anchor = 0 <= self.cursor < len(self.targets) and self.targets[self.cursor][0] == number
        if self.current in owners:
            text = Text("▌ ", style=self._style("gutter"))
        elif target in owners and (on_anchor or any(s.title and s.article == target for s in line.spans)):
            text = Text("› ", style=self._style("cursor"))
        else:
            text = Text("  ")
        for span in line.spans:
            a, b = max(span.start, start), min(span.end, end)
            if a < b:
                text.append(line.text[a:b], style=self._span_style(span.article, span.title, on_anchor))
        return text

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        text = self._row_text(index)
        segments = list(Segment.apply_style(text.render(self.app.console), base))
        if text.cell_len < width:
            segments.append(Segment(" " * (width - text.cell_len), base))
        strip = Strip(segments, max(text.cell_len, width))
        return strip if text.cell_len <= width else strip.crop(0, width)
