"""The search / filter line: an `Input` whose `↑` / `↓` walk back and forth through earlier
searches. The screen hands it the history when it opens; the widget never reads storage."""

from __future__ import annotations

from collections.abc import Sequence

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

    def start(self, value: str, history: Sequence[str]) -> None:
        """Open on `value`, with `history` (oldest first) to recall."""
        self.history, self._place, self._draft = history, len(history), value
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
