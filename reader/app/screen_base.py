"""What every part of the main screen shares: its view state, its widgets, its store, and the few
helpers the action modules all use (say a line, write to the store for one article).

The action modules (`reader.app.actions.*`) are mixins over this class, one per concern, so each
reads like the keys it serves; `reader.app.screens.MainScreen` puts them together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.reactive import var
from textual.screen import Screen

from reader.app.grouping import GroupLabels
from reader.app.i18n import tr
from reader.app.view import ViewState
from reader.app.widgets.article_list import ArticleList
from reader.app.widgets.reader_pane import ReaderPane
from reader.config import Config
from reader.store import ArticleRef, Store, StoreError
from reader.text import clean_inline

if TYPE_CHECKING:
    from reader.app.loading import Loader

__all__ = ["ScreenBase"]


class ScreenBase(Screen[None]):
    """The main screen's shared state and helpers (no bindings, no actions of its own)."""

    view: var[ViewState] = var(ViewState, init=False, always_update=True)
    """Everything the screen shows; set a new value (`update_view`) and the watcher repaints."""

    def __init__(self, source: Loader, store: Store, config: Config) -> None:
        super().__init__(id="main")
        self.source = source
        self.store = store
        self.config = config
        self.lang = config.language
        labels = GroupLabels(
            *(
                tr(word, self.lang)
                for word in ("national", "unknown", "untopiced", "unnamed_paper", "undated")
            )
        )
        self.set_reactive(
            ScreenBase.view, ViewState(language=self.lang, labels=labels, watch=tuple(config.watch))
        )
        self.navigated = False  # the user has moved the cursor: a new library keeps it where it is
        self.shown_on_key: str | None = None  # the article a moving key showed before `Selected` came

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def reader(self) -> ReaderPane:
        return self.query_one(ReaderPane)

    def current_article_id(self) -> str | None:
        return self.article_list.current_id

    def update_view(self, **changes: Any) -> None:
        """A new view state with `changes`; the screen's watcher repaints what they touch."""
        self.view = replace(self.view, **changes)

    def clear_queries(self) -> None:
        """No search (nor one on its way) and no filter: the whole list."""
        self.update_view(
            search="", search_bits=None, searching="", query_text="", filter_bits=None, message=None
        )

    def say(self, message: str, error: bool = False) -> None:
        """A one-line message in the status line."""
        self.update_view(message=Text(clean_inline(message), style="bold reverse" if error else ""))

    def ref(self, article_id: str) -> ArticleRef:
        library = self.view.library
        if library is not None:
            return ArticleRef.from_article(library.article(article_id))
        return ArticleRef(article_id)

    def change(self, article_id: str, write: Callable[[ArticleRef], object]) -> bool:
        """Run one store write for an article and show its new marks."""
        try:
            write(self.ref(article_id))
        except (StoreError, OSError, ValueError) as error:
            self.notify(clean_inline(str(error)), severity="error")
            return False
        self.after_store_change(article_id)
        return True

    def after_store_change(self, article_id: str | None = None) -> None:
        """Read back what the store holds now: one article's annotations, or all of them."""
        if article_id is not None:
            item = self.store.get(article_id)
            if item is not None:
                self.update_view(annotations=self.view.with_annotation(article_id, item))
        else:
            self.reload_marks()
        self.show_notices(self.store.take_notices())

    def reload_marks(self) -> None:
        try:
            annotations = dict(self.store.all())  # a copy: a store may hand out its own dict
        except StoreError as error:
            self.notify(clean_inline(str(error)), severity="error")
            return
        self.update_view(annotations=annotations)

    def show_notices(self, notices: tuple[str, ...] | list[str]) -> None:
        for notice in notices:
            self.notify(clean_inline(notice), severity="warning", timeout=8)

    def close_query_bar(self) -> None:
        """Hide the query line; the list has the focus at once (`focus()` would wait for the next
        idle, and keys typed meanwhile would go to the hidden line)."""
        bar = self.query_one("#query-bar")
        if bar.display:
            bar.display = False
            self.query_one("#keys").display = True
            self.set_focus(self.article_list)

    # -- provided by the screen and the action modules

    def show_article(self, keep_scroll: bool = False, jump_to_hit: bool = False) -> None:
        """Show the article under the cursor in the reading pane."""
        raise NotImplementedError

    def follow_cursor(self, moved: bool) -> None:
        """Show the article under the cursor now (the navigation actions)."""
        raise NotImplementedError

    def open_article(self, article_id: str) -> None:
        """Select the article (clearing a search or filter that hides it) and open its body."""
        raise NotImplementedError

    def body_opened(self) -> None:
        """The editor opened the current article's body (the read state decides what that means)."""
        raise NotImplementedError

    def region_label(self, article_id: str) -> str:
        """Where the article is about, as the list names it."""
        raise NotImplementedError

    def stop_read_timer(self) -> None:
        """No article is on its way to being read by resting on it any more."""
        raise NotImplementedError

    def schedule_read(self, article_id: str) -> None:
        """The article is on screen now (the read state decides whether that will read it)."""
        raise NotImplementedError

    def load(self) -> object:
        """Load the library again in a worker."""
        raise NotImplementedError
