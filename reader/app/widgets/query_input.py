"""The search / filter line: an `Input` whose `↑` / `↓` walk back and forth through earlier
searches. The screen hands it the history when it opens; the widget never reads storage.

Enter is acted on as the line receives it, not when the key has travelled up to the app's
bindings: keys typed right behind it are already queued here, and once the line is submitted
they are handed to the screen (so `j` after Enter moves the list, as the editor meant)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.widgets import Input


class QueryInput(Input):
    BINDINGS = [
        Binding("up", "recall(-1)", "Earlier search", show=False),
        Binding("down", "recall(1)", "Later search", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.history: Sequence[str] = ()
        self._place = 0  # index into history; len(history) is the line being typed
        self._draft = ""
        self._submitted = False

    def start(self, value: str, history: Sequence[str]) -> None:
        """Open on `value`, with `history` (oldest first) to recall."""
        self.history, self._place, self._draft = history, len(history), value
        self._submitted = False
        self.value = value
        self.cursor_position = len(value)

    def action_recall(self, step: int) -> None:
        if not self.history:
            return
        if self._place == len(self.history):
            self._draft = self.value
        place = min(max(self._place + step, 0), len(self.history))
        if place == self._place:
            return
        self._place = place
        self.value = self._draft if place == len(self.history) else self.history[place]
        self.cursor_position = len(self.value)

    def resume(self) -> None:
        """The screen kept the line open after Enter (a filter to fix): keys are the line's again."""
        self._submitted = False

    async def _on_key(self, event: events.Key) -> None:
        if self._submitted:  # typed behind Enter: the screen's, not the line's
            event.stop()
            event.prevent_default()
            self.screen.post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._submitted = True
            await self.action_submit()
            return
        await super()._on_key(event)
