"""Where the reader keeps its files: annotations, config and cache.

Each path comes from, in order: an explicit override (a `--db`-style option), an environment
variable (so scripts, tests and a team's shared setup can redirect it), then the platform's
per-user directory for the app name "reader". Nothing here creates a directory: the code that
writes a file makes its folder, so a read-only command never leaves empty folders behind.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "reader"
DB_FILENAME = "annotations.json"
CONFIG_FILENAME = "config.toml"

DB_ENV = "READER_DB"
CONFIG_ENV = "READER_CONFIG"
CACHE_ENV = "READER_CACHE_DIR"
ARCHIVE_ENV = "READER_ARCHIVE"


def _chosen(override: str | os.PathLike[str] | None, env_var: str) -> Path | None:
    """The override, else the environment variable; an empty value counts as unset."""
    if override is not None and str(override) != "":
        return Path(override).expanduser()
    value = os.environ.get(env_var, "")
    if value:
        return Path(value).expanduser()
    return None


def xdg_dir(env_var: str, default: str) -> Path | None:
    """On Linux, the folder platformdirs would name, without importing it: that import costs
    `reader search -l` a fifth of its time. None elsewhere (platformdirs decides there)."""
    if not sys.platform.startswith("linux"):
        return None
    value = os.environ.get(env_var, "")
    return Path(value if value.strip() else os.path.expanduser(default)) / APP_NAME


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The annotations file: `--db PATH`, else `$READER_DB`, else the user data directory."""
    chosen = _chosen(override, DB_ENV)
    if chosen is not None:
        return chosen
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def db_location(override: str | None = None, configured: str | None = None) -> str:
    """The annotations' place as given (a path or a server URL, which `Path` would mangle):
    `--db`, else `$READER_DB`, else the config's `db`, else the user data directory's file."""
    for value in (override, os.environ.get(DB_ENV), configured):
        if value:
            return value
    return str(db_path())


def archive_location(override: str | None = None, configured: str | None = None) -> str | None:
    """The shared archive to read, if any: `--archive URL`, else `$READER_ARCHIVE`, else the
    config's `archive`. An empty `--archive ''` asks for the local pages whatever the others say."""
    if override is not None:
        return override or None
    return os.environ.get(ARCHIVE_ENV) or configured or None


def config_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The config file: an explicit path, else `$READER_CONFIG`, else the user config directory."""
    chosen = _chosen(override, CONFIG_ENV)
    if chosen is not None:
        return chosen
    quick = xdg_dir("XDG_CONFIG_HOME", "~/.config")
    if quick is not None:
        return quick / CONFIG_FILENAME
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False)) / CONFIG_FILENAME


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: an explicit path, else `$READER_CACHE_DIR`, else the user cache directory."""
    chosen = _chosen(override, CACHE_ENV)
    if chosen is not None:
        return chosen
    quick = xdg_dir("XDG_CACHE_HOME", "~/.cache")
    if quick is not None:
        return quick
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def history_path() -> Path:
    """The search history: the user data directory (per user, even with a shared `$READER_DB`)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False)) / "search_history.json"
