"""The main screen's side of a shared store: marks other editors (or the CLI) wrote since we last
looked, a store that cannot save, and who set a mark another editor set."""

from __future__ import annotations

from reader.app.i18n import tr
from reader.app.screen_base import ScreenBase
from reader.app.view import ViewState
from reader.store import StoreError
from reader.text import clean_inline


class StoreLink(ScreenBase):
    def poll_store(self) -> None:
        """Pick up marks written elsewhere, and say in the status line while the store cannot save."""
        problem = self.store.problem()
        if problem != self.view.store_problem:
            self.update_view(store_problem=problem)
        try:
            if not self.store.changed():
                return
            self.store.reload()
        except (StoreError, OSError) as error:
            self.notify(clean_inline(str(error)), severity="error")
            return
        self.after_store_change()

    def marked_by(self, article_id: str, view: ViewState | None = None) -> str:
        """ "选 · 王编辑 · 2026-12-01 21:00:14": who set the verdict and the bookmark, and when,
        for marks another editor set (this editor's own need no name)."""
        item = (view or self.view).annotations.get(article_id)
        if item is None:
            return ""
        parts = []
        for key, is_set, by, at in (
            (f"verdict_{item.verdict}", item.verdict is not None, item.verdict_by, item.verdict_at),
            ("bookmark_mark", item.bookmarked, item.bookmarked_by, item.bookmarked_at),
        ):
            if is_set and by and by != self.store.author:
                stamp = (at or "").replace("T", " ").rstrip("Z")
                parts.append(" · ".join(p for p in (tr(key, self.lang), by, stamp) if p))
        return " ／ ".join(parts)
