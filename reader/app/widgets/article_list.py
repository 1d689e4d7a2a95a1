"""The article list: one Line-API widget that paints only the rows on screen.

A widget per article would take seconds to mount for a big archive, so the list keeps the rows as
data (`reader.app.grouping`) and draws a row when Textual asks for that line. It knows nothing of
the store: the screen hands it rows, marks and watch hits, and it posts `Selected` when the cursor
lands on an article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.app.grouping import ArticleRow, GroupRow, Row
from reader.app.rowlist import RowList
from reader.app.widgets.list_row import article_line
from reader.library import NO_MARKS, Marks
from reader.text import clean_inline


class ArticleList(ScrollView, can_focus=True, inherit_bindings=False):
    """Groups and articles with their marks in fixed columns; the cursor moves over articles only."""

    COMPONENT_CLASSES = {
        "article-list--group",
        "article-list--count",
        "article-list--cursor",
        "article-list--cursor-blurred",
        "article-list--unread",
        "article-list--read",
        "article-list--bookmark",
        "article-list--note",
        "article-list--pick",
        "article-list--followup",
        "article-list--skip",
        "article-list--watch",
        "article-list--hit",
    }

    @dataclass
    class Selected(Message):
        """The cursor moved to an article."""

        article_list: ArticleList
        article_id: str

        @property
        def control(self) -> ArticleList:
            return self.article_list

    @dataclass
    class Opened(Message):
        """An article row was double-clicked: read its body."""

        article_list: ArticleList
        article_id: str

        @property
        def control(self) -> ArticleList:
            return self.article_list

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._rows: Sequence[Row] = ()
        self._marks: Mapping[str, Marks] = {}
        self._watch: Mapping[str, list[str]] = {}
        self._lines: dict[tuple[object, ...], Strip] = {}  # painted lines, until rows or marks change
        self._base = Style()  # the widget's own style, looked up once per paint
        self._needle = ""  # the search, highlighted in titles
        self.cursor = -1

    # -- what the screen gives us

    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    @property
    def current_row(self) -> ArticleRow | None:
        if 0 <= self.cursor < len(self._rows):
            row = self._rows[self.cursor]
            return row if isinstance(row, ArticleRow) else None
        return None

    @property
    def current_id(self) -> str | None:
        row = self.current_row
        return row.id if row else None

    def show(
        self,
        rows: Sequence[Row],
        marks: Mapping[str, Marks],
        watch: Mapping[str, list[str]],
        keep: str | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on article `keep` if it is still listed (else the
        first article); posts `Selected` if that changes which article is current."""
        before = self.current_id
        self._rows, self._marks, self._watch = rows, marks, watch
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(rows))
        target = self._index_of(keep) if keep is not None else None
        if target is None:
            target = self._next_article(-1, 1)
        self._place(target if target is not None else -1, post=self.current_id != before or before is None)
        if self.current_id == before and before is not None:
            self.scroll_to_cursor(animate=False)
        self.refresh()

    def update_marks(self, marks: Mapping[str, Marks], watch: Mapping[str, list[str]] | None = None) -> None:
        """New marks (or watch hits) for the same rows: repaint only."""
        self._marks = marks
        self._lines.clear()
        if watch is not None:
            self._watch = watch
        self.refresh()

    def set_search(self, needle: str) -> None:
        """Highlight `needle` in the titles (empty: no search)."""
        if needle != self._needle:
            self._needle = needle
            self._lines.clear()
            self.refresh()

    def _index_of(self, article_id: str) -> int | None:
        """The row of an article: the row list finds it from its groups, a plain list by a scan."""
        if isinstance(self._rows, RowList):
            return self._rows.index_of(article_id)
        return next(
            (i for i, row in enumerate(self._rows) if type(row) is ArticleRow and row.id == article_id), None
        )

    # -- moving

    def _next_article(self, start: int, step: int) -> int | None:
        index = start + step
        while 0 <= index < len(self._rows):
            if isinstance(self._rows[index], ArticleRow):
                return index
            index += step
        return None

    def _place(self, index: int, post: bool = True) -> None:
        before, self.cursor = self.cursor, index
        top = self.scroll_offset.y
        self.scroll_to_cursor(animate=False)
        if self.scroll_offset.y == top:  # only the two cursor rows change
            self.refresh_line(before)
            self.refresh_line(index)
        row = self.current_row
        if post and row is not None:
            self.post_message(self.Selected(self, row.id))

    def move(self, step: int) -> bool:
        """Next (+1) or previous (-1) article; False at either end."""
        target = self._next_article(self.cursor, step)
        if target is None:
            return False
        self._place(target)
        return True

    def first(self) -> bool:
        """The first article; False when there is none."""
        return self._jump(self._next_article(-1, 1))

    def last(self) -> bool:
        return self._jump(self._next_article(len(self._rows), -1))

    def _jump(self, target: int | None) -> bool:
        if target is None:
            return False
        self._place(target)
        return True

    def go_to_row(self, index: int) -> None:
        if 0 <= index < len(self._rows) and isinstance(self._rows[index], ArticleRow):
            self._place(index)

    def select_id(self, article_id: str) -> bool:
        index = self._index_of(article_id)
        if index is None:
            return False
        self._place(index)
        return True

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the article row under it; a double click opens it."""
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._rows) and isinstance(self._rows[index], ArticleRow):
            event.stop()
            if index != self.cursor:
                self._place(index)
            if event.chain >= 2 and self.current_id is not None:
                self.post_message(self.Opened(self, self.current_id))

    def scroll_to_cursor(self, animate: bool = False) -> None:
        if self.cursor < 0:
            return
        # Show the group header just above the first article of a group too.
        top = (
            self.cursor - 1
            if self.cursor > 0 and isinstance(self._rows[self.cursor - 1], GroupRow)
            else self.cursor
        )
        width = max(self.size.width, 1)
        self.scroll_to_region(Region(0, top, width, self.cursor - top + 1), animate=animate, force=True)

    def on_resize(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._rows))
        self.scroll_to_cursor()

    # -- painting

    def render_lines(self, crop: Region) -> list[Strip]:
        self._base = self.rich_style  # walks the DOM: once per paint, not once per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        base = self._base
        if not 0 <= index < len(self._rows):
            return Strip.blank(width, base)
        # Moving the cursor changes two lines; the others come from here.
        key = (index, index == self.cursor, self.has_focus, width, scroll_x, base)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        if len(self._lines) > 4000:
            self._lines.clear()
        self._lines[key] = strip = self._paint(index, width, scroll_x, base)
        return strip

    def _paint(self, index: int, width: int, scroll_x: int, base: Style) -> Strip:
        row = self._rows[index]
        text = (
            self._group_text(row, width)
            if isinstance(row, GroupRow)
            else self._article_text(row, index, width)
        )
        text.truncate(width, overflow="ellipsis", pad=True)
        strip = Strip(text.render(self.app.console), width)
        return strip.crop_extend(scroll_x, scroll_x + width, base).simplify()

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"article-list--{name}")

    def _group_text(self, row: GroupRow, width: int) -> Text:
        text = Text(" " * row.depth, style=self._style("group"))
        text.append(clean_inline(row.label), style=self._style("group"))
        text.append(f" {row.count}", style=self._style("count"))
        return text

    def _article_text(self, row: ArticleRow, index: int, width: int) -> Text:
        on_cursor = index == self.cursor
        cursor = self._style("cursor" if self.has_focus else "cursor-blurred") if on_cursor else None
        marks = self._marks.get(row.id, NO_MARKS)
        return article_line(row, marks, self._watch.get(row.id, []), self._needle, cursor, width, self._style)
