"""The user's settings: one small TOML file, read leniently and written back surgically.

    corpus = ["~/papers/2025"]        # a path or a list of paths
    watch = ["医保", "骗保"]           # terms to highlight everywhere
    language = "zh"                   # or "en"
    author = "李编辑"
    db = "postgresql://newsroom.example/reader"   # annotations on a server (or a file path)
    archive = "postgresql://newsroom.example/reader"  # read the shared archive, not local pages
    mark_read = "open"                # or "dwell": resting on a row reads it, after
    mark_read_seconds = 1.5           # this many seconds
    [keymap]                          # binding id = "key[,key]"
    bookmark = "m"
    [topics.healthcare]               # taxonomy overrides (see reader.topics)
    strong = ["长护险"]

A bad setting must never stop the reader: `load_config` returns the defaults for anything it cannot
use, plus one line per problem naming the key, for the app to show. `check_config` finds the rest
the way the app and the verbs will: a key that is no key or is taken by another binding
(`bookmark = "q"` would shadow quit), and topics the taxonomy rejects — so `reader config` says
"ok" only to what every verb then accepts. `save_watch` rewrites only the
`watch = [...]` assignment, so the user's comments and layout survive the `w` key. No Textual here.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

Language = Literal["zh", "en"]
KNOWN_KEYS = (
    "corpus",
    "watch",
    "keymap",
    "language",
    "author",
    "topics",
    "db",
    "archive",
    "mark_read",
    "mark_read_seconds",
)


class ReadMode(StrEnum):
    """When an article counts as read: only when its body is opened, scrolled or judged (`open`),
    or also after resting on its row for `mark_read_seconds` (`dwell`)."""

    OPEN = "open"
    DWELL = "dwell"


@dataclass
class Config:
    """Settings with their defaults; `path` is the file they came from (None when there was none)."""

    corpus: list[str] = field(default_factory=list)
    watch: list[str] = field(default_factory=list)
    keymap: dict[str, str] = field(default_factory=dict)
    language: Language = "zh"
    author: str | None = None
    topics: dict[str, Any] = field(default_factory=dict)
    #: Where annotations live: a file path or a `postgresql://` URL (never with a password).
    db: str | None = None
    #: The shared archive the app reads instead of local pages: a `postgresql://` URL (no password).
    archive: str | None = None
    mark_read: ReadMode = ReadMode.OPEN
    mark_read_seconds: float = 1.5
    path: Path | None = None


def _strings(value: object, key: str, problems: list[str]) -> list[str] | None:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item for item in value if item.strip()]
    problems.append(f"config: {key} must be a string or a list of strings")
    return None


def parse_config(data: dict[str, Any], path: Path | None = None) -> tuple[Config, list[str]]:
    """A `Config` from parsed TOML; each unusable key is skipped with a one-line problem."""
    config = Config(path=path)
    problems: list[str] = []
    for key, value in data.items():
        if key not in KNOWN_KEYS:
            problems.append(f"config: unknown key {key!r} (known: {', '.join(KNOWN_KEYS)})")
        elif key == "corpus":
            paths = _strings(value, key, problems)
            config.corpus = [os.path.expanduser(p) for p in paths] if paths is not None else []
        elif key == "watch":
            config.watch = list(dict.fromkeys(_strings(value, key, problems) or []))
        elif key == "language":
            if value in ("zh", "en"):
                config.language = value
            else:
                problems.append(f'config: language must be "zh" or "en", not {value!r}')
        elif key == "author":
            if isinstance(value, str) and value.strip():
                config.author = value.strip()
            else:
                problems.append("config: author must be a non-empty string")
        elif key == "keymap":
            if isinstance(value, dict) and all(isinstance(v, str) and v for v in value.values()):
                config.keymap = dict(value)
            else:
                problems.append('config: keymap must be a table of binding id = "key" strings')
        elif key == "db":
            config.db = _db_setting(value, problems)
        elif key == "archive":
            config.archive = _archive_setting(value, problems)
        elif key == "mark_read":
            if value in set(ReadMode):
                config.mark_read = ReadMode(value)
            else:
                problems.append(f'config: mark_read must be "open" or "dwell", not {value!r}')
        elif key == "mark_read_seconds":
            if isinstance(value, int | float) and not isinstance(value, bool) and 0.1 <= value <= 600:
                config.mark_read_seconds = float(value)
            else:
                problems.append(
                    f"config: mark_read_seconds must be a number of seconds (0.1–600), not {value!r}"
                )
        elif key == "topics":
            if isinstance(value, dict):
                config.topics = value
            else:
                problems.append("config: topics must be a table of [topics.<id>] tables")
    return config, problems


def _db_setting(value: object, problems: list[str]) -> str | None:
    """A path or server URL; a password in it is dropped (libpq finds it in ~/.pgpass)."""
    if not isinstance(value, str) or not value.strip():
        problems.append("config: db must be a file path or a postgresql:// URL")
        return None
    from reader.store.location import has_password, without_password

    if has_password(value):
        problems.append(
            "config: db must not hold a password (it is ignored); "
            "put it in ~/.pgpass, a service file or PGPASSWORD"
        )
        return without_password(value)
    return value.strip()


def _archive_setting(value: object, problems: list[str]) -> str | None:
    """A server URL, without its password as `db`; any other value is a problem (no archive)."""
    from reader.store.location import POSTGRES_SCHEMES, has_password, without_password

    if not isinstance(value, str) or value.split(":", 1)[0].lower() not in POSTGRES_SCHEMES:
        problems.append("config: archive must be a postgresql:// URL")
        return None
    if has_password(value):
        problems.append(
            "config: archive must not hold a password (it is ignored); "
            "put it in ~/.pgpass, a service file or PGPASSWORD"
        )
        return without_password(value)
    return value.strip()


def load_config(path: str | os.PathLike[str] | None) -> tuple[Config, list[str]]:
    """Read the file at `path`; a missing file is the defaults with no problem."""
    if path is None:
        return Config(), []
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(path=path), []
    except (OSError, UnicodeDecodeError) as error:
        return Config(path=path), [f"config: cannot read {path}: {error}"]
    import tomllib  # only when there is a file: most commands run without one

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(path=path), [f"config: {path} is not valid TOML ({error}); using defaults"]
    return parse_config(data, path)


def _toml_string(value: str) -> str:
    """A TOML basic string: JSON's escaping is valid TOML, and Chinese stays readable."""
    return json.dumps(value, ensure_ascii=False)


def watch_line(terms: list[str]) -> str:
    return "watch = [" + ", ".join(_toml_string(term) for term in terms) + "]"


# `watch = [ ... ]` at the top level, possibly over several lines, with a trailing comment.
_WATCH = re.compile(r"^watch[ \t]*=[ \t]*(\[[^\]]*\]|\"[^\"\n]*\"|'[^'\n]*')[ \t]*(#[^\n]*)?$", re.MULTILINE)
_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def save_watch(path: str | os.PathLike[str], terms: list[str]) -> None:
    """Set the watch list in the config file, keeping every other line as it was.

    Raises ValueError if the file is not valid TOML (we do not overwrite what we cannot read) and
    OSError if it cannot be written. The new text is checked by parsing it before it is written.
    """
    import tomllib

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path} is not valid TOML ({error}); not changing it") from error
    line = watch_line(terms)
    first_table = _TABLE.search(text)
    top_end = first_table.start() if first_table else len(text)
    match = _WATCH.search(text, 0, top_end)
    if match is not None:
        new_text = text[: match.start()] + line + text[match.end() :]
    elif first_table is not None:
        new_text = text[:top_end] + line + "\n" + text[top_end:]
    else:
        new_text = (text.rstrip("\n") + "\n" if text.strip() else "") + line + "\n"
    after = tomllib.loads(new_text)
    if {k: v for k, v in after.items() if k != "watch"} != {
        k: v for k, v in before.items() if k != "watch"
    } or (after.get("watch") != terms):
        raise ValueError(f"could not update the watch list in {path} safely; edit it by hand")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(new_text, encoding="utf-8")
    os.replace(tmp, path)


# One key: a character, or a name (`enter`, `f5`, `question_mark`), after any modifiers.
_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[^\s,+]|\+|[a-z][a-z0-9_]*)$")


def _keys(value: str) -> list[str]:
    return [key.strip() for key in value.split(",")]


def keymap_problems(keymap: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The `[keymap]` remaps the app can use, and one line for each it cannot: an unknown binding
    id, a key that is no key, or a key another binding already has. Those keep their defaults."""
    from reader.keys import KEYS

    keys = {spec.id: _keys(spec.keys) for spec in KEYS}
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding, value in keymap.items():
        if binding not in keys:
            problems.append(f"config: keymap.{binding} is not a binding id (see ? in the app for the ids)")
            continue
        wanted = _keys(value)
        bad = [key for key in wanted if not _KEY.match(key)]
        if bad:
            problems.append(f"config: keymap.{binding} = {value!r}: {bad[0]!r} is not a key")
            continue
        taken = {key: other for other, held in keys.items() if other != binding for key in held}
        clash = next((key for key in wanted if key in taken), None)
        if clash is not None:
            problems.append(
                f"config: keymap.{binding} = {value!r}: {clash!r} is already {taken[clash]}'s key; "
                f"keeping {','.join(keys[binding])!r}"
            )
            continue
        keys[binding] = wanted
        usable[binding] = ",".join(wanted)
    return usable, problems


def check_config(config: Config) -> list[str]:
    """What `load_config` cannot see alone: the keymap against the bindings, the topics against
    the taxonomy. One line per problem, as the app and the verbs would report it."""
    problems = keymap_problems(config.keymap)[1]
    if config.topics:
        from reader.topics import Taxonomy, TaxonomyError

        try:
            Taxonomy.default().with_overrides(config.topics)
        except TaxonomyError as error:
            problems.append(f"config: {error}; the default topics would be used")
    return problems
