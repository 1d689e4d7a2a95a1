"""The page: `v` opens the page view, `[` / `]` step to the page before / after in printed order.

They read the screen's `ViewState` (the library, its summaries, the visible ids); the pages in
printed order are worked out once per list of summaries.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reader.app.i18n import tr
from reader.app.loading import IndexLoader
from reader.app.screen_base import ScreenBase
from reader.config import Config
from reader.library import Summary
from reader.printed import PageOrder
from reader.resources import seeds_dir

_orders: list[tuple[Sequence[Summary], PageOrder]] = []  # the last library's, held not compared by id


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


class PageActions(ScreenBase):
    def action_page_view(self) -> None:
        """Push the page view of the current story; the story chosen there is opened in the list."""
        from reader.app.page_screen import PageRequest, PageScreen

        view = self.view
        article_id = self.current_article_id()
        if view.library is None or article_id is None:
            return
        request = PageRequest(
            view.library,
            page_order(view.summaries),
            page_roots(self.source, self.config),
            view.visible_ids,
            self.lang,
        )

        def chosen(target: str | None) -> None:
            if target is None or target == self.current_article_id():
                return
            if self.article_list.select_id(target):
                self.follow_cursor(True)
            else:
                self.say(tr("page_story_hidden", self.lang))

        self.app.push_screen(PageScreen(request, article_id), chosen)

    def action_previous_page(self) -> None:
        self.step_page(-1)

    def action_next_page(self) -> None:
        self.step_page(1)

    def step_page(self, step: int) -> None:
        """Go to the first story of the page before (-1) or after (+1) the current one."""
        article_id = self.current_article_id()
        if article_id is None:
            return
        order = page_order(self.view.summaries)
        summary = order.summary(article_id)
        target = order.neighbour(summary.source, step, self.view.visible_ids) if summary else None
        if target is None:
            self.say(tr("no_next_page" if step > 0 else "no_prev_page", self.lang))
            return
        if self.article_list.select_id(target.id):
            self.follow_cursor(True)
