"""Snapshots of the notes list, the note editor with earlier notes, the triage summary and the
group chooser, at 80×24 and 120×40.

The notes come from an import with fixed ids and times, and the clock is UTC, so the pictures do
not change from run to run. Regenerate with `--snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.store import ArticleRef
from tests.app_fixtures import make_app, settle

SIZES = [(80, 24), (120, 40)]
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def note(note_id: str, text: str, author: str, at: str) -> dict[str, object]:
    return {"id": note_id, "text": text, "author": author, "created": at, "updated": at}


def seeded(tmp_path: Path) -> ReaderApp:
    app = make_app(tmp_path)
    app.store.import_json(
        {
            "format": "reader-annotations",
            "version": 1,
            "articles": [
                {"id": "a1", "title": "义乌市医保局强化基金监管出实效", "verdict": "pick",
                 "notes": [note("n-00000000000a", "追回的268万元要核实\n联系医保局负责人", "李主任", "2025-01-13T08:30:00Z"),
                           note("n-00000000000b", "标题可以更短", "王编辑", "2025-01-13T09:10:00Z")]},
                {"id": "c1", "title": "残疾人幸福“就业路”越走越宽",
                 "notes": [note("n-00000000000c", "联系县残联宣传科，要一份就业名单", "王编辑", "2025-01-14T02:00:00Z")]},
            ],
        }
    )  # fmt: skip
    app.store.set_verdict(ArticleRef("b1"), "followup")
    app.store.set_verdict(ArticleRef("u1"), "skip")
    return app


def pressing(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A `run_before` that waits for the list, presses `keys` and waits for what they started."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)  # the list is in
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_notes_list(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(seeded(tmp_path), terminal_size=size, run_before=pressing("A", "j"))


@pytest.mark.parametrize("size", SIZES)
def test_notes_list_filtered(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(seeded(tmp_path), terminal_size=size, run_before=pressing("A", *"核实"))


@pytest.mark.parametrize("size", SIZES)
def test_note_editor_with_earlier_notes(
    snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(seeded(tmp_path), terminal_size=size, run_before=pressing("j", "a"))


@pytest.mark.parametrize("size", SIZES)
def test_triage_summary(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(seeded(tmp_path), press=["T"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_group_chooser(snap_compare: SnapCompare, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(seeded(tmp_path), press=["j", "j", "x", "down"], terminal_size=size)
