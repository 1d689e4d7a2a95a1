"""Which backend a `--db` / `READER_DB` / config `db` setting names, and opening it (and the archive).

A value with a URL scheme (`name://…`) is a server: `postgresql://` and `postgres://` open the
PostgreSQL backend (libpq reads service files, `~/.pgpass` and the `PG*` variables); any other
scheme is refused, never taken for a folder. Everything else is a path to a TinyDB file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from reader.store.protocol import Store
from reader.store.records import StoreError, UnknownSchemeError

if TYPE_CHECKING:
    from reader.pgarchive import PgArchive

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(//|/(?!/))?")
POSTGRES_SCHEMES = ("postgresql", "postgres")


class Backend(StrEnum):
    """The kinds of place annotations can live."""

    FILE = "file"
    POSTGRES = "postgres"


@dataclass(frozen=True)
class StoreLocation:
    """A parsed `db` setting: a file path or a server URL."""

    backend: Backend
    target: str

    @property
    def path(self) -> Path:
        return Path(self.target).expanduser()

    def shown(self) -> str:
        """The location for messages: a URL loses its password."""
        return redacted(self.target) if self.backend is Backend.POSTGRES else self.target


def redacted(url: str) -> str:
    """`url` with any password replaced by `***` (and `password=` parameters likewise)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            netloc = userinfo.split(":", 1)[0] + ":***@" + host
    query = re.sub(r"(?i)(password=)[^&]*", r"\1***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def without_password(url: str) -> str:
    """`url` with no password in its user part or its parameters."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        netloc = userinfo.split(":", 1)[0] + "@" + host
    query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith("password="))
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def has_password(url: str) -> bool:
    parts = urlsplit(url)
    return parts.password is not None or re.search(r"(?i)(^|&)password=", parts.query) is not None


def parse_location(value: str | os.PathLike[str]) -> StoreLocation:
    """Tell a server URL from a path; `UnknownSchemeError` for a scheme no backend speaks."""
    text = os.fspath(value)
    match = _SCHEME.match(text)
    # One letter before a colon is a drive, not a scheme; "name:" with no slash is a file name.
    if match and len(match.group(1)) > 1 and match.group(2):
        scheme = match.group(1).lower()
        if scheme in POSTGRES_SCHEMES:
            if match.group(2) != "//":
                raise UnknownSchemeError(f"{scheme}: URLs start with {scheme}:// (got {redacted(text)!r})")
            return StoreLocation(Backend.POSTGRES, text)
        raise UnknownSchemeError(
            f"annotations location {redacted(text)!r} has the URL scheme {scheme!r}; "
            "give a file path or a postgresql:// URL"
        )
    return StoreLocation(Backend.FILE, text)


def open_setting(
    override: str | None, configured: str | None, author: str | None = None, *, live: bool = False
) -> Store:
    """The store named by `--db`, else `$READER_DB`, else the config's `db`, else the user's file."""
    from reader.locations import db_location

    return open_store(parse_location(db_location(override, configured)), author, live=live)


def open_store(location: StoreLocation, author: str | None = None, *, live: bool = False) -> Store:
    """The backend for `location`, loaded; `live` (the app) listens for other editors' changes."""
    if location.backend is Backend.POSTGRES:
        try:
            from reader.store.pg import PostgresStore
        except ImportError as exc:  # psycopg is a dependency, but a broken install says so plainly
            raise StoreError(f"cannot use PostgreSQL: {exc}") from exc
        return PostgresStore(location.target, author, live=live)
    from reader.store.tinydb_store import AnnotationStore

    return AnnotationStore(location.path, author)


def open_archive(url: str, *, create: bool = False) -> PgArchive:
    """The shared archive at `url` (`create`: made or upgraded for writing); one-line
    `StoreError`s for a URL that is no server's, a server that cannot be reached, a database that
    is missing or holds no archive."""
    scheme, _, rest = url.partition(":")
    if scheme.lower() not in POSTGRES_SCHEMES or not rest.startswith("//"):
        raise UnknownSchemeError(f"the archive is a postgresql:// URL, not {redacted(url)!r}")
    try:
        from reader.pgarchive import PgArchive
    except ImportError as exc:  # psycopg is a dependency, but a broken install says so plainly
        raise StoreError(f"cannot use PostgreSQL: {exc}") from exc
    return PgArchive(url, create=create)
