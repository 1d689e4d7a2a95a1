"""When an article counts as read.

An article becomes read when the editor opens its body (`Enter`), scrolls it, or gives it a
verdict — never because the app started on it or the cursor passed over it. With
`mark_read = "dwell"` in the config, resting on a row the editor moved to for
`mark_read_seconds` reads it too (the first article, shown at launch, still needs a key).
"""

from __future__ import annotations

from textual.timer import Timer

from reader.app.screen_base import ScreenBase
from reader.config import ReadMode


class ReadState(ScreenBase):
    read_timer: Timer | None = None

    def mark_read(self, article_id: str | None = None) -> None:
        """Read the article (the current one by default) unless it is read already."""
        article_id = article_id or self.current_article_id()
        if article_id is not None and not self.view.marks_of(article_id).read:
            self.change(article_id, lambda ref: self.store.set_read(ref, True))

    def body_opened(self) -> None:
        self.mark_read()

    def stop_read_timer(self) -> None:
        if self.read_timer is not None:
            self.read_timer.stop()
            self.read_timer = None

    def schedule_read(self, article_id: str) -> None:
        """In dwell mode, an article the editor moved to and rested on counts as read."""
        self.stop_read_timer()
        if self.config.mark_read != ReadMode.DWELL or not self.navigated:
            return
        if self.view.marks_of(article_id).read:
            return

        def mark() -> None:
            if self.current_article_id() == article_id:
                self.mark_read(article_id)

        self.read_timer = self.set_timer(self.config.mark_read_seconds, mark)
