"""The messages the load worker posts to the screen, as toolong's `run_scan` does: the worker
never calls the screen and never waits for it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from reader.app import loading


@dataclass
class Progress(Message):
    """Pages read or tagged so far."""

    event: loading.Progress


@dataclass
class Loaded(Message):
    """A library ready to show (`event.final` is False while tagging is still to come)."""

    event: loading.Loaded
