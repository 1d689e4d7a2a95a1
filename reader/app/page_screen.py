"""The page view (`v`): the printed page the current story came from, read again from its file.

The screen is handed what it needs — the library, the pages in printed order, where the page files
live, which stories the list shows — and reads the page in a thread worker, which posts the result
back as a message. `Enter` answers the story under the cursor (the main screen opens it); `[`/`]`
show the page before or after; `Esc` goes back with no answer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from reader.app.i18n import tr
from reader.app.widgets.page_text import PageText
from reader.config import Language
from reader.library import Library, LibraryError, Summary
from reader.pagefile import PageProblem, PageRead, read_for_view
from reader.printed import PageOrder, header_line
from reader.text import clean_inline


@dataclass(frozen=True)
class PageRequest:
    """Everything the page view reads from: it never reaches into the main screen."""

    library: Library
    order: PageOrder
    roots: tuple[Path, ...]
    shown: Collection[str] | None  # the ids the list shows (None: all); `[`/`]` skip other pages
    language: Language = "zh"


class PageScreen(Screen[str | None]):
    """One page, its stories told apart; answers the id of the story chosen with Enter."""

    BINDINGS = [
        Binding("j,down,tab", "move(1)", show=False),
        Binding("k,up,shift+tab", "move(-1)", show=False),
        Binding("g,home", "jump(0)", show=False),
        Binding("G,end", "jump(1)", show=False),
        Binding("enter", "open", show=False),
        Binding("space,pagedown", "scroll(1)", show=False),
        Binding("b,pageup", "scroll(-1)", show=False),
        Binding("left_square_bracket", "page(-1)", show=False),
        Binding("right_square_bracket", "page(1)", show=False),
        Binding("escape,q,v", "close", show=False),
    ]

    @dataclass
    class Read(Message):
        """The worker has read the page (or found why it cannot)."""

        result: PageRead
        current: str

    def __init__(self, request: PageRequest, current: str) -> None:
        super().__init__(id="page-view")
        self.request = request
        self.current = current
        self.lang = request.language

    def compose(self) -> ComposeResult:
        yield Static(id="page-head")
        yield Static(id="page-problem")
        yield PageText(id="page-text")
        yield Static(Text(tr("page_view_keys", self.lang)), id="page-keys")

    def on_mount(self) -> None:
        self.query_one(PageText).focus()
        self.open_page(self.current)

    # -- reading

    def open_page(self, article_id: str) -> None:
        """Show the page of `article_id`, with that story marked."""
        self.current = article_id
        summary = self._summary(article_id)
        source = summary.source if summary is not None else ""
        head = Text(tr("page_view_title", self.lang).format(source=clean_inline(source)), style="bold")
        if summary is not None:
            where = header_line(summary.page, summary.date)
            if where:
                head.append(" · " + clean_inline(where))
        self.query_one("#page-head", Static).update(head)
        self._say(tr("page_reading", self.lang))
        self.read(source, article_id)

    def _summary(self, article_id: str) -> Summary | None:
        return self.request.order.summary(article_id)

    @work(thread=True, exclusive=True, group="page")
    def read(self, source: str, article_id: str) -> None:
        """Read the page file off the UI thread (a file on a slow disk, an index to ask)."""
        try:
            articles = [self.request.library.article(s.id) for s in self.request.order.page(source)]
        except (LibraryError, KeyError):
            articles = []
        result = read_for_view(source, self.request.roots, articles, article_id)
        self.post_message(self.Read(result, article_id))

    def on_page_screen_read(self, message: Read) -> None:
        if message.current != self.current:
            return  # an older page, read after a newer one was asked for
        result = message.result
        self._say(self._problem(result))
        if result.page is not None:
            self.query_one(PageText).show(result.page, message.current)

    def _problem(self, result: PageRead) -> str:
        if result.problem is None:
            return ""
        key = {
            PageProblem.MISSING: "page_missing",
            PageProblem.UNREADABLE: "page_unreadable",
            PageProblem.CHANGED: "page_changed",
            PageProblem.EDITED: "page_edited",
        }[result.problem]
        return tr(key, self.lang).format(source=result.source, detail=result.detail)

    def _say(self, line: str) -> None:
        problem = self.query_one("#page-problem", Static)
        problem.update(Text(clean_inline(line)))
        problem.display = bool(line)

    # -- actions

    def action_move(self, step: int) -> None:
        self.query_one(PageText).move(step)

    def action_jump(self, last: int) -> None:
        self.query_one(PageText).jump(bool(last))

    def action_scroll(self, step: int) -> None:
        text = self.query_one(PageText)
        if step > 0:
            text.scroll_page_down(animate=False)
        else:
            text.scroll_page_up(animate=False)

    def action_open(self) -> None:
        target = self.query_one(PageText).target_id
        if target is not None:
            self.dismiss(target)

    def action_page(self, step: int) -> None:
        summary = self._summary(self.current)
        neighbour = (
            self.request.order.neighbour(summary.source, step, self.request.shown) if summary else None
        )
        if neighbour is None:
            self.notify(tr("no_next_page" if step > 0 else "no_prev_page", self.lang), timeout=3)
            return
        self.open_page(neighbour.id)

    def action_close(self) -> None:
        self.dismiss(None)
