"""Every key of the main screen, declared once: the footer, the help screen, the command palette
and the user's `[keymap]` all read this table.

Each binding has an id (the name to use in `[keymap]`), default keys, the screen action it runs,
and a description in both languages.
"""

from __future__ import annotations

from textual.binding import Binding

from reader.config import Language
from reader.keys import BINDING_IDS, GROUPS, KEYS, KeySpec

__all__ = ["BINDING_IDS", "KEYS", "KeySpec", "describe", "main_bindings"]


def describe(spec: KeySpec, language: Language) -> str:
    """What the key does, in full (the help screen, the palette)."""
    return spec.en if language == "en" else spec.zh


def main_bindings(language: Language = "zh") -> list[Binding]:
    """The main screen's bindings with their footer labels in `language` (the full description,
    unless the spec has a short one; grouped keys share their group's label)."""
    english = language == "en"
    groups = {key: Binding.Group(en if english else zh, compact=True) for key, (zh, en) in GROUPS.items()}
    return [
        Binding(
            spec.keys,
            spec.action,
            (spec.short[1] if english else spec.short[0]) if spec.short else describe(spec, language),
            show=spec.footer,
            id=spec.id,
            key_display=spec.key_display,
            priority=spec.priority,
            group=groups[spec.group] if spec.group else None,
            tooltip=spec.en if language != "en" else spec.zh,
        )
        for spec in KEYS
    ]
