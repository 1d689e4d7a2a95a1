"""PostgreSQL figures, each beside a baseline measured in the same run on the same machine.

    python bench/pg.py                 # 10,000 articles
    python bench/pg.py --articles 100000

Starts a throwaway cluster (as the tests do), then measures: note writes (p50/p95) on the server
against the TinyDB file; how long another editor's note takes to reach a live store (NOTIFY to
the listener's flag, from the start of the write); search p50/p95 in the shared archive for 1-, 2- and 4-character and rare
queries against the local SQLite index, every result set checked against a substring scan.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from run import CORPORA, machine, pct, pick_queries  # noqa: E402

from corpus import build  # noqa: E402
from tests.pgcluster import Cluster, find_bin  # noqa: E402


def note_writes(url: str, folder: Path, count: int) -> dict[str, float]:
    from reader.store import AnnotationStore, ArticleRef
    from reader.store.pg import PostgresStore

    ref = ArticleRef("a1b2c3d4e5", "基准测试", "p.txt", {"province": "浙江省"})
    figures: dict[str, float] = {}
    for label, store in (
        ("tinydb", AnnotationStore(folder / "bench.json")),
        ("postgres", PostgresStore(url)),
    ):
        times = []
        for i in range(count):
            start = time.perf_counter()
            store.add_note(ref, f"第 {i} 条基准笔记：出口额同比增长两成。")
            times.append(time.perf_counter() - start)
        figures[f"{label}_p50_ms"] = pct(times, 0.5) * 1000
        figures[f"{label}_p95_ms"] = pct(times, 0.95) * 1000
        store.close()
    return figures


def live_delay(url: str, runs: int = 30) -> dict[str, float]:
    from reader.store import ArticleRef
    from reader.store.pg import PostgresStore

    app = PostgresStore(url, live=True)
    other = PostgresStore(url, author="同事")
    assert app._listener is not None and app._listener.connected.wait(10)
    delays = []
    for i in range(runs):
        app.reload()
        start = time.perf_counter()  # from the write's start: the notice may beat add_note's return
        other.add_note(ArticleRef("f00dbabe01"), f"同事的第 {i} 条")
        while not app.changed():
            time.sleep(0.001)
        delays.append(time.perf_counter() - start)
    app.close()
    other.close()
    return {"notify_p50_ms": pct(delays, 0.5) * 1000, "notify_p95_ms": pct(delays, 0.95) * 1000,
            "poll_ms": app.poll_interval * 1000}  # fmt: skip


def search(url: str, folder: Path, cache: Path) -> dict[str, dict[str, float]]:
    from reader.fold import matches, needle
    from reader.index import Index, IndexLibrary
    from reader.pgarchive import Located, PgArchive
    from reader.pgarchive.library import ArchiveLibrary

    index = Index(cache)
    index.refresh([folder])
    library = IndexLibrary(index, [folder])
    located = list(index.located([folder]))
    texts = {a.id: a.text for _, a in located}
    archive = PgArchive(url, create=True)
    start = time.perf_counter()
    archive.put(Located(path, article) for path, article in located)
    print(
        f"archive filled with {len(located)} articles in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    archive.link.connection().execute("VACUUM ANALYZE archive_articles")
    start = time.perf_counter()
    served = ArchiveLibrary(archive)
    listed = time.perf_counter() - start
    start = time.perf_counter()
    IndexLibrary(index, [folder])
    print(
        f"the list of {len(served.summaries())} articles read in {listed * 1000:.0f} ms from the archive, "
        f"{(time.perf_counter() - start) * 1000:.0f} ms from the local index",
        file=sys.stderr,
    )
    figures: dict[str, dict[str, float]] = {}
    for label, words in pick_queries(folder).items():
        server: list[float] = []
        local: list[float] = []
        for word in words:
            wanted = needle(word)
            oracle = {i for i, t in texts.items() if matches(wanted, t)}
            for _ in range(5):
                start = time.perf_counter()
                found = served.search(word)
                server.append(time.perf_counter() - start)
                start = time.perf_counter()
                library.search(word)
                local.append(time.perf_counter() - start)
                if found != oracle:
                    raise SystemExit(
                        f"archive search {word!r}: {len(found)} results, the oracle has {len(oracle)}"
                    )
        figures[label] = {"pg_p50_ms": pct(server, 0.5) * 1000, "pg_p95_ms": pct(server, 0.95) * 1000,
                          "sqlite_p50_ms": pct(local, 0.5) * 1000, "sqlite_p95_ms": pct(local, 0.95) * 1000,
                          "hits": float(len(oracle))}  # fmt: skip
    archive.close()
    index.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--notes", type=int, default=300)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the cluster is stopped
    bin_dir = find_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed: apt-get install -y postgresql postgresql-contrib")
    folder, count, _ = build(CORPORA / f"pg-{args.articles}", args.articles)
    cluster = Cluster(bin_dir)
    try:
        cluster.start(durable=True)
        with tempfile.TemporaryDirectory() as scratch:
            print(f"{machine()}; {count} articles; PostgreSQL from {bin_dir}")
            print("note writes:", note_writes(cluster.create_database(), Path(scratch), args.notes))
            print("live:", live_delay(cluster.create_database()))
            cache = CORPORA / f"pg-{args.articles}-cache"  # the local index, kept for the next run
            for label, row in search(cluster.create_database(), folder, cache).items():
                print(f"search {label}:", {k: round(v, 1) for k, v in row.items()})
    finally:
        cluster.destroy()


if __name__ == "__main__":
    main()
