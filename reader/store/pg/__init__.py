"""The PostgreSQL backend: `PostgresStore`, its schema, its connection and its listener."""

from __future__ import annotations

from reader.store.pg.store import PostgresStore

__all__ = ["PostgresStore"]
