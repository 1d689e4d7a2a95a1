"""The help screen, generated from the real bindings with the user's keymap applied."""

from __future__ import annotations

from textual.binding import Binding

from reader.app.bindings import KEYS, describe, main_bindings
from reader.app.screen_base import ScreenBase


class HelpActions(ScreenBase):
    def help_rows(self) -> list[tuple[str, str, str]]:
        """(keys, description, id) of every main-screen binding, with the user's keymap applied."""
        bindings = self._bindings.copy()
        bindings.apply_keymap(self.app._keymap)
        by_id: dict[str, tuple[list[str], Binding]] = {}
        for key_bindings in bindings.key_to_bindings.values():
            for binding in key_bindings:
                keys, _ = by_id.setdefault(binding.id or binding.action, ([], binding))
                keys.append(self.app.get_key_display(binding))
        order = [b.id for b in main_bindings(self.lang)]
        specs = {spec.id: spec for spec in KEYS}
        rows = [
            (" ".join(keys), describe(specs[key], self.lang) if key in specs else binding.description, key)
            for key, (keys, binding) in by_id.items()
        ]
        return sorted(rows, key=lambda row: order.index(row[2]) if row[2] in order else len(order))

    def action_help(self) -> None:
        from reader.app.dialogs import HelpScreen
        from reader.app.help_text import help_extra

        self.app.push_screen(HelpScreen(self.help_rows(), self.lang, help_extra(self.lang)))
