"""The main screen's page actions: `v` opens the page view, `[` / `]` step to the page before / after.

Kept out of the screen: they need only what `PageHost` names, so the screen's own layout can
change around them. The pages in printed order are worked out once per library.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from reader.app.i18n import tr
from reader.app.loading import IndexLoader
from reader.config import Config, Language
from reader.library import Library, Summary
from reader.printed import PageOrder
from reader.resources import seeds_dir

if TYPE_CHECKING:
    from textual.app import App

    from reader.app.widgets.article_list import ArticleList

_orders: list[tuple[Sequence[Summary], PageOrder]] = []  # the last library's, held not compared by id


class PageHost(Protocol):
    """What the page actions read from and do on the main screen."""

    @property
    def source(self) -> object: ...  # the library or the loader the screen was given

    @property
    def config(self) -> Config: ...

    @property
    def lang(self) -> Language: ...

    @property
    def library(self) -> Library | None: ...

    @property
    def summaries(self) -> Sequence[Summary]: ...

    @property
    def app(self) -> App[None]: ...

    @property
    def article_list(self) -> ArticleList: ...

    def current_article_id(self) -> str | None: ...

    def visible_ids(self) -> set[str] | None: ...

    def follow_cursor(self, moved: bool) -> None: ...

    def say(self, message: str, error: bool = False) -> None: ...


def page_order(summaries: Sequence[Summary]) -> PageOrder:
    """The pages of `summaries` in printed order, made again only for a new list."""
    if not _orders or _orders[0][0] is not summaries:
        _orders[:] = [(summaries, PageOrder(summaries))]
    return _orders[0][1]


def page_roots(source: object, config: Config) -> tuple[Path, ...]:
    """Where the page files are: the loader's folders, else the config's corpus, else the seeds."""
    if isinstance(source, IndexLoader):
        return tuple(source.roots())
    return tuple(Path(p).expanduser() for p in config.corpus) or (seeds_dir(),)


def open_page_view(host: PageHost) -> None:
    """Push the page view of the current story; the story chosen there is opened in the list."""
    from reader.app.page_screen import PageRequest, PageScreen

    article_id = host.current_article_id()
    if host.library is None or article_id is None:
        return
    request = PageRequest(
        host.library,
        page_order(host.summaries),
        page_roots(host.source, host.config),
        host.visible_ids(),
        host.lang,
    )

    def chosen(target: str | None) -> None:
        if target is None or target == host.current_article_id():
            return
        if host.article_list.select_id(target):
            host.follow_cursor(True)
        else:
            host.say(tr("page_story_hidden", host.lang))

    host.app.push_screen(PageScreen(request, article_id), chosen)


def step_page(host: PageHost, step: int) -> None:
    """Go to the first story of the page before (-1) or after (+1) the current one, in print order."""
    article_id = host.current_article_id()
    if article_id is None:
        return
    order = page_order(host.summaries)
    summary = order.summary(article_id)
    target = order.neighbour(summary.source, step, host.visible_ids()) if summary else None
    if target is None:
        host.say(tr("no_next_page" if step > 0 else "no_prev_page", host.lang))
        return
    if host.article_list.select_id(target.id):
        host.follow_cursor(True)
