"""Real processes against one annotations file: no lost update, no corrupt file after SIGKILL."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reader.store import AnnotationStore, ArticleRef

ROOT = Path(__file__).resolve().parent.parent

WRITER = """
import sys, time
from reader.store import AnnotationStore, ArticleRef
path, article, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = AnnotationStore(path, author=article)
ref = ArticleRef(article, "并发写入测试", "p.txt", {"province": "浙江省"})
shared = ArticleRef("5a5a5a5a5a", "两个进程都写的文章", "p.txt", {})
print("start", time.monotonic(), flush=True)
for i in range(count):
    store.add_note(ref if i % 2 else shared, f"{article} 的第 {i} 条笔记")
    if i % 50 == 0:
        store.set_read(ref, read=(i // 50) % 2 == 0)
print("end", time.monotonic(), flush=True)
"""

KILLED = """
import sys
from reader.store import AnnotationStore, ArticleRef
store = AnnotationStore(sys.argv[1], author="kill")
ref = ArticleRef("deadbeef00", "被杀死的写入者", "p.txt", {})
scratch = store.add_note(ref, "草稿").id
print("ready", flush=True)
i = 0
while True:
    note = store.add_note(ref, f"第 {i} 条：" + "很长的笔记" * 40)
    print(note.id, flush=True)  # acknowledged: add_note returned
    i += 1
    # Grow then shrink the file: an in-place writer killed between write and truncate leaves junk.
    store.update_note(scratch, "草稿很长" * 500)
    store.update_note(scratch, "短")
"""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def test_two_processes_200_notes_each_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "team.json"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), article, "200"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for article in ("aaaa000001", "bbbb000002")
    ]
    spans = []
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        times = dict(line.split() for line in out.splitlines())
        spans.append((float(times["start"]), float(times["end"])))
    assert spans[0][0] < spans[1][1] and spans[1][0] < spans[0][1], "the writers did not overlap"

    json.loads(db.read_bytes())
    store = AnnotationStore(db)
    assert store.take_notices() == []
    notes = [note for item in store.all().values() for note in item.notes]
    assert len(notes) == 400
    assert len({note.id for note in notes}) == 400
    for author in ("aaaa000001", "bbbb000002"):
        assert sorted(int(n.text.split()[2]) for n in notes if n.author == author) == list(range(200))
    assert len(store.get("5a5a5a5a5a").notes) == 200  # type: ignore[union-attr]


def test_sigkill_at_random_moments_keeps_every_acknowledged_note(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    rng = random.Random(20261123)
    acknowledged: set[str] = set()
    for _ in range(30):
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED, str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.04))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=10)
        assert child.returncode == -signal.SIGKILL
        acknowledged.update(out.split())

        data = json.loads(db.read_bytes()) if db.exists() else {}  # valid JSON after every kill
        assert acknowledged <= set(data.get("notes", {}))
    store = AnnotationStore(db)
    assert store.take_notices() == []
    assert acknowledged <= set(store.note_ids())
    assert len(acknowledged) >= 10  # the kills landed among the writes, not before them
    # A new store's first write sweeps the temp files the killed writers left.
    store.set_bookmark(ArticleRef("deadbeef00"))
    assert [p.name for p in tmp_path.iterdir() if ".tmp-" in p.name] == []
