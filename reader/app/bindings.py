"""Every key of the main screen, declared once: the footer, the help screen, the command palette
and the user's `[keymap]` all read this table.

Each binding has an id (the name to use in `[keymap]`), default keys, the screen action it runs,
and a description in both languages.
"""

from __future__ import annotations

from textual.binding import Binding

from reader.config import Language
from reader.keys import BINDING_IDS, KEYS, KeySpec

__all__ = ["BINDING_IDS", "KEYS", "KeySpec", "main_bindings"]


def main_bindings(language: Language = "zh") -> list[Binding]:
    """The main screen's bindings with descriptions in `language`."""
    return [
        Binding(
            spec.keys,
            spec.action,
            spec.en if language == "en" else spec.zh,
            show=spec.footer,
            id=spec.id,
            key_display=spec.key_display,
            priority=spec.priority,
            tooltip=spec.en if language != "en" else spec.zh,
        )
        for spec in KEYS
    ]
