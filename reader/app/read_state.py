"""When an article counts as read: opening its body reads it, and so does resting on it for
`READ_DELAY` seconds."""

from __future__ import annotations

from textual.timer import Timer

from reader.app.screen_base import ScreenBase

READ_DELAY = 1.5  # seconds an article must stay on screen before it counts as read


class ReadState(ScreenBase):
    read_timer: Timer | None = None

    def body_opened(self) -> None:
        article_id = self.current_article_id()
        if article_id is not None and not self.view.marks_of(article_id).read:
            self.change(article_id, lambda ref: self.store.set_read(ref, True))

    def stop_read_timer(self) -> None:
        if self.read_timer is not None:
            self.read_timer.stop()
            self.read_timer = None

    def schedule_read(self, article_id: str) -> None:
        """An article shown for READ_DELAY seconds counts as read (skimming past does not)."""
        self.stop_read_timer()
        if self.view.marks_of(article_id).read:
            return

        def mark() -> None:
            if self.current_article_id() == article_id and not self.view.marks_of(article_id).read:
                self.change(article_id, lambda ref: self.store.set_read(ref, True))

        self.read_timer = self.set_timer(READ_DELAY, mark)
