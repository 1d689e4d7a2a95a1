"""Whether the terminal can show the app at all.

Textual draws with xterm's escape sequences whatever `TERM` says. On `TERM=dumb` (an editor's
shell buffer, a CI log) or a terminal nobody knows, the app used to paint true colour into a pane
it measured at ten columns and ignore every key, `q` included. So the app does not start there: it
says so in one line and exits, pointing at the verbs that print plain text.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DUMB = frozenset({"", "dumb", "unknown", "cons25"})
# Families that speak xterm's sequences well enough, known even where no terminfo is installed.
FAMILIES = (
    "xterm",
    "screen",
    "tmux",
    "rxvt",
    "vt1",
    "vt2",
    "linux",
    "alacritty",
    "kitty",
    "foot",
    "wezterm",
    "konsole",
    "gnome",
    "st-",
    "putty",
    "iterm",
    "contour",
    "ghostty",
)


def terminfo_knows(term: str, env: Mapping[str, str]) -> bool:
    """Whether a terminfo entry for `term` is installed (where ncurses looks for one)."""
    dirs = [env.get("TERMINFO", ""), str(Path(env.get("HOME", "/")) / ".terminfo")]
    dirs += env.get("TERMINFO_DIRS", "").split(":")
    dirs += ["/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo", "/usr/lib/terminfo"]
    for folder in filter(None, dirs):
        for sub in (term[0], f"{ord(term[0]):x}"):
            if (Path(folder) / sub / term).is_file():
                return True
    return False


def terminal_problem(env: Mapping[str, str] | None = None) -> str | None:
    """One line saying why this terminal cannot show the app, or None when it can."""
    env = os.environ if env is None else env
    term = env.get("TERM", "").strip()
    advice = "try TERM=xterm-256color, or `reader list` / `reader search`"
    if term in DUMB:
        return f"reader: TERM={term or '(unset)'} cannot show the app; {advice}"
    if not term.startswith(FAMILIES) and not terminfo_knows(term, env):
        return f"reader: TERM={term!r} is not a terminal this machine knows; {advice}"
    return None
