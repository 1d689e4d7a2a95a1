"""The footer line: the keys the screen answers now, drawn as one line of text.

Textual's `Footer` mounts a widget per key and recomposes whenever the focus moves, and mounting
lays the whole screen out again: at 80×24 that was most of a search's time from Enter to the
repainted list. This line shows the same keys (remapped, grouped, greyed when disabled) and costs
one repaint of itself, and only when its text changes. A click on a key runs its action.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from reader.keys import KEYS

GAPS = ("  ", " ")  # between two entries: the wider where the line has room
KEPT = frozenset({"help", "app.quit"})  # actions that stay when the line must drop some
ORDER = {spec.id: n for n, spec in enumerate(KEYS)}  # the table's order, however keys are remapped


@dataclass(frozen=True)
class LegendEntry:
    """One entry of the line: the keys as shown, what they do, and the action a click runs."""

    keys: str
    description: str
    action: str
    enabled: bool


def legend_entries(screen: Screen[object]) -> list[LegendEntry]:
    """The screen's shown bindings, one entry per action; consecutive actions of one group share
    an entry (j k → `jk 上下`), as Textual's footer combines them."""
    app = screen.app
    by_action: dict[str, tuple[Binding, bool]] = {}
    active = [(binding, enabled) for _node, binding, enabled, _tip in screen.active_bindings.values()]
    active.sort(key=lambda pair: ORDER.get(pair[0].id or "", len(ORDER)))
    for binding, enabled in active:
        if binding.show and binding.action not in by_action:
            by_action[binding.action] = (binding, enabled)
    entries: list[LegendEntry] = []
    last_group: Binding.Group | None = None
    for binding, enabled in by_action.values():
        key = app.get_key_display(binding)
        group = binding.group
        if group is not None and group is last_group and entries:
            previous = entries[-1]
            entries[-1] = LegendEntry(
                previous.keys + key, group.description, previous.action, previous.enabled
            )
        elif group is not None:
            entries.append(LegendEntry(key, group.description, binding.action, enabled))
        else:
            entries.append(LegendEntry(key, binding.description, binding.action, enabled))
        last_group = group
    return entries


def fitted(entries: list[LegendEntry], width: int) -> tuple[list[LegendEntry], str]:
    """The entries that fit `width` cells, and the gap between them: all of them with the widest
    gap that fits, else the first ones and help and quit (what a newcomer needs)."""

    def cells(shown: list[LegendEntry], gap: str) -> int:
        return sum(cell_len(f"{e.keys} {e.description}") for e in shown) + len(gap) * (len(shown) - 1)

    for gap in GAPS:
        if cells(entries, gap) <= width:
            return entries, gap
    gap = GAPS[-1]
    head = [e for e in entries if e.action not in KEPT]
    tail = [e for e in entries if e.action in KEPT]
    while head and cells(head + tail, gap) > width:
        head.pop()
    return head + tail, gap


class KeyLegend(Static):
    """The screen's keys on one line, cut at the width rather than wrapped."""

    COMPONENT_CLASSES = {"key-legend--key", "key-legend--description"}

    def __init__(self, widget_id: str) -> None:
        super().__init__(id=widget_id, markup=False)
        self.shown: list[LegendEntry] = []  # the screen's keys the width leaves room for
        self._spans: list[tuple[int, int, str]] = []  # (first cell, past last cell, action)
        self._drawn: Text | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.draw)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.draw()

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen:
            self.draw()

    def draw(self) -> None:
        """Lay the entries out in the width; an unchanged line is not drawn again."""
        width = self.content_region.width or 10_000
        self.shown, gap = fitted(legend_entries(self.screen), width)
        key_style = self.get_component_rich_style("key-legend--key", partial=True)
        text_style = self.get_component_rich_style("key-legend--description", partial=True)
        line = Text(no_wrap=True, overflow="crop")
        spans: list[tuple[int, int, str]] = []
        for entry in self.shown:
            if spans:
                line.append(gap)
            start = line.cell_len
            dim = Style(dim=True) if not entry.enabled else Style()
            line.append(entry.keys, key_style + dim)
            line.append(" " + entry.description, text_style + dim)
            spans.append((start, line.cell_len, entry.action))
        self._spans = spans
        if line != self._drawn:
            self._drawn = line
            self.update(line, layout=False)

    async def on_click(self, event: events.Click) -> None:
        for start, end, action in self._spans:
            if start <= event.x < end:
                event.stop()
                await self.screen.run_action(action)
                return
