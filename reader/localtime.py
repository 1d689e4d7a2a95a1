"""The store's UTC times (`2026-12-01T13:00:14Z`) as an editor reads them: local, with the offset.

The store writes UTC so times from several machines sort as text; people read their own clock.
Reports say the offset (`2026-12-01 21:00:14 +08:00`) so a reader elsewhere is not misled; the
app's lists leave it out to save cells.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def _parse(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def local_time(stamp: str | None, *, offset: bool = True, zone: tzinfo | None = None) -> str:
    """`stamp` in the local zone (or `zone`), to the second, with its UTC offset unless asked not
    to; an empty stamp gives "", one that is not a time is returned as it is."""
    if not stamp:
        return ""
    moment = _parse(stamp)
    if moment is None:
        return stamp
    here = moment.astimezone(zone)
    text = here.strftime("%Y-%m-%d %H:%M:%S")
    if not offset:
        return text
    shift = here.strftime("%z") or "+0000"
    return f"{text} {shift[:3]}:{shift[3:]}"


def now_local() -> str:
    """The current time as `local_time` writes it."""
    return local_time(datetime.now(UTC).isoformat())


__all__ = ["local_time", "now_local"]
