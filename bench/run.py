"""Benchmarks for the reader, each figure a ratio against a baseline measured in the same run.

    python bench/run.py            # 1k, 10k and 100k articles (the 100k corpus takes a while to build)
    python bench/run.py --quick    # 1k and 10k only
    python bench/run.py --sizes 1000

Figures: cold ingest against jieba's plain cut × cores; warm start to the first painted list
against a bare Textual app; search latency against a Python substring scan and ripgrep (with the
result sets checked against the substring oracle); key-to-render latency against a key bound to
nothing; peak RSS of the app and of `reader index`. No figure here is asserted by the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import build  # noqa: E402

CORPORA = HERE / "corpora"
CORES = os.cpu_count() or 1
READER = (
    str(Path(sys.executable).with_name("reader"))
    if Path(sys.executable).with_name("reader").exists()
    else "reader"
)


def machine() -> str:
    return f"{platform.processor() or platform.machine()}, {CORES} cores, Python {platform.python_version()}, {platform.system()}"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def texts_of(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]


# --- cold ingest --------------------------------------------------------------------------------


def jieba_rate(sample: str, runs: int = 3) -> float:
    """Characters per second of jieba's plain cut (HMM on, the default) on one core: the best of
    a few runs, so a busy moment on the machine cannot make the reader look better than it is."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    best = 0.0
    for _ in range(runs):
        start = time.perf_counter()
        jieba.lcut(sample)
        best = max(best, len(sample) / (time.perf_counter() - start))
    return best


def cold_ingest(folder: Path, cache: Path) -> dict[str, float]:
    """`reader index` from nothing, in a child process so its peak RSS is its own."""
    shutil.rmtree(cache, ignore_errors=True)
    chars = sum(len(t) for t in texts_of(folder))
    script = (
        "import resource, sys, time, json; from pathlib import Path; from reader.index import Index; "
        f"t = time.perf_counter(); r = Index(Path({str(cache)!r})).refresh([Path({str(folder)!r})]); "
        "print(json.dumps({'seconds': time.perf_counter() - t, 'articles': r.articles, "
        "'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
        "'children_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    result["chars_per_s"] = chars / result["seconds"]
    result["chars"] = chars
    return result


# --- search ---------------------------------------------------------------------------------------


def search_figures(folder: Path, cache: Path, queries: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    from reader.index import Index, IndexLibrary, searchable_text

    index = Index(cache)
    library = IndexLibrary(index, [folder])
    texts = {a.id: searchable_text(a) for a in index.articles()}
    figures: dict[str, dict[str, float]] = {}
    for label, words in queries.items():
        ours: list[float] = []
        scan: list[float] = []
        for word in words:
            folded = word.casefold()
            for _ in range(3):
                start = time.perf_counter()
                found = library.search(word)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                oracle = {i for i, t in texts.items() if folded in t}
                scan.append(time.perf_counter() - start)
                if found != oracle:
                    raise SystemExit(
                        f"search for {word!r}: {len(found)} results, the substring oracle has {len(oracle)}"
                    )
        figures[label] = {
            "p50_ms": pct(ours, 0.5) * 1000,
            "p95_ms": pct(ours, 0.95) * 1000,
            "scan_p50_ms": pct(scan, 0.5) * 1000,
            "scan_p95_ms": pct(scan, 0.95) * 1000,
        }
    index.close()
    return figures


def cli_vs_rg(folder: Path, cache: Path, words: list[str]) -> dict[str, float]:
    env = {**os.environ, "READER_CACHE_DIR": str(cache)}
    reader = [READER]
    ours: list[float] = []
    rg: list[float] = []
    for word in words:
        for _ in range(3):
            start = time.perf_counter()
            subprocess.run(
                [*reader, "search", word, str(folder), "--jsonl"], env=env, capture_output=True, check=False
            )
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            subprocess.run(["rg", "-l", "-F", word, str(folder)], capture_output=True, check=False)
            rg.append(time.perf_counter() - start)
    return {"reader_p50_ms": pct(ours, 0.5) * 1000, "rg_p50_ms": pct(rg, 0.5) * 1000}


def pick_queries(folder: Path) -> dict[str, list[str]]:
    sample = "".join(texts_of(folder)[:20])
    han = [c for c in sample if "\u4e00" <= c <= "\u9fff"]
    common = [c for c, _ in sorted(((c, han.count(c)) for c in set(han[:4000])), key=lambda x: -x[1])[:3]]
    return {
        "1 char": common,
        "2 chars": ["医保", "残疾", "监管"],
        "4 chars": ["医保基金", "就业服务", "疫情防控"],
        "rare word": ["拱墅区", "稻鱼共生", "助听器"],
    }


# --- the app ----------------------------------------------------------------------------------------


def first_paint(
    command: list[str], markers: list[str], env: dict[str, str], timeout: float = 30.0
) -> tuple[list[float], float]:
    """Seconds from launch until each marker (a regular expression) is drawn in a real
    pseudo-terminal, and the peak RSS in MB."""
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ.update(env)
        os.environ["COLUMNS"], os.environ["LINES"] = "120", "40"
        os.execvp(command[0], command)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    seen = b""
    wanted = [re.compile(marker.encode("utf-8")) for marker in markers]
    elapsed = [float("nan")] * len(markers)
    while time.perf_counter() - start < timeout and any(e != e for e in elapsed):
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            for i, marker in enumerate(wanted):
                if elapsed[i] != elapsed[i] and marker.search(seen):
                    elapsed[i] = time.perf_counter() - start
    time.sleep(1.0)  # let background loading settle before reading the peak
    rss = float("nan")
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                rss = int(line.split()[1]) / 1024
    except OSError:
        pass
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed, rss


BARE_APP = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    def compose(self):
        yield Label("READY-BARE")
Bare().run()
"""


def warm_start(folder: Path, cache: Path, count: int, runs: int = 3) -> dict[str, float]:
    env = {"READER_CACHE_DIR": str(cache), "TERM": "xterm-256color", "READER_DB": str(cache / "notes.json")}
    reader = READER
    first, full, bare, rss = [], [], [], []
    # The status line's counter reads 已判定 0/0 until rows are listed: 0/k (k > 0) is drawn with
    # the first rows, 0/{count} with all of them.
    markers = [r"已判定 \d+/[1-9]", f"/{count}\\b"]
    for _ in range(runs):
        (seconds_first, seconds_full), peak = first_paint([reader, str(folder)], markers, env)
        first.append(seconds_first)
        full.append(seconds_full)
        rss.append(peak)
        (seconds,), _peak = first_paint([sys.executable, "-c", BARE_APP], ["READY-BARE"], env)
        bare.append(seconds)
    return {
        "reader_s": statistics.median(first),
        "full_s": statistics.median(full),
        "bare_s": statistics.median(bare),
        "app_rss_mb": max(rss),
    }


def key_latency(folder: Path, cache: Path) -> dict[str, float]:
    """Key-to-render in the real app via Pilot, minus the cost of a key bound to nothing."""
    import asyncio

    from reader.app import build_app
    from reader.app.loading import IndexLoader
    from reader.config import Config
    from reader.store import AnnotationStore

    async def measure() -> dict[str, float]:
        store = AnnotationStore(cache / "bench-notes.json")
        app = build_app(IndexLoader([str(folder)], {}, str(cache)), store, Config())
        moves: list[float] = []
        idle: list[float] = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(2.0)
            for _ in range(40):
                start = time.perf_counter()
                await pilot.press("f12")  # bound to nothing
                await pilot.pause()
                idle.append(time.perf_counter() - start)
                start = time.perf_counter()
                await pilot.press("j")
                await pilot.pause()
                moves.append(time.perf_counter() - start)
        base = statistics.median(idle)
        extra = [max(0.0, m - base) for m in moves]
        return {
            "p50_ms": pct(extra, 0.5) * 1000,
            "p95_ms": pct(extra, 0.95) * 1000,
            "idle_key_ms": base * 1000,
        }

    return asyncio.run(measure())


# --- driver -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="only the 1k and 10k corpora")
    parser.add_argument("--sizes", type=int, nargs="*", help="article counts to build and measure")
    parser.add_argument("--skip", nargs="*", default=[], help="sections to skip: ingest search cli app keys")
    parser.add_argument(
        "--cache", metavar="DIR", help="use this already built index (one size only) instead of a fresh one"
    )
    args = parser.parse_args()
    sizes = args.sizes or ([1000, 10000] if args.quick else [1000, 10000, 100000])
    print(f"# reader benchmarks — {machine()}")
    sample = "".join(texts_of(Path(__file__).resolve().parent.parent / "seeds")) * 8
    cut_rate = jieba_rate(sample)
    print(
        f"baseline: jieba cut {cut_rate / 1e6:.3f} M chars/s per core × {CORES} cores = {cut_rate * CORES / 1e6:.3f} M chars/s"
    )
    work = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    for size in sizes:
        folder, count, titles = build(CORPORA / f"{size}", size)
        cache = Path(args.cache) if args.cache else work / f"cache-{size}"
        print(f"\n## {count:,} articles ({sum(1 for _ in folder.rglob('*.txt')):,} page files)")
        if "ingest" not in args.skip:
            ingest = cold_ingest(folder, cache)
            print(
                f"cold ingest: {ingest['chars_per_s'] / 1e6:.3f} M chars/s in {ingest['seconds']:.1f} s = "
                f"{ingest['chars_per_s'] / (cut_rate * CORES):.2f} × (jieba cut × cores); "
                f"peak RSS of reader index {max(ingest['rss_mb'], ingest['children_mb']):.0f} MB"
            )
        if "search" not in args.skip:
            for label, fig in search_figures(folder, cache, pick_queries(folder)).items():
                print(
                    f"search {label:9}: p50 {fig['p50_ms']:.1f} ms, p95 {fig['p95_ms']:.1f} ms "
                    f"vs substring scan p50 {fig['scan_p50_ms']:.1f} ms ({fig['scan_p50_ms'] / max(fig['p50_ms'], 1e-3):.0f}× faster); results equal the oracle's"
                )
        if "cli" not in args.skip and shutil.which("rg"):
            fig = cli_vs_rg(folder, cache, ["医保基金", "拱墅区", "助听器"])
            print(
                f"reader search (CLI) p50 {fig['reader_p50_ms']:.0f} ms vs rg {fig['rg_p50_ms']:.0f} ms = {fig['rg_p50_ms'] / fig['reader_p50_ms']:.1f}× faster"
            )
        if "app" not in args.skip:
            fig = warm_start(folder, cache, count)
            print(
                f"warm start to first painted list: {fig['reader_s']:.2f} s vs bare Textual app {fig['bare_s']:.2f} s "
                f"= {fig['reader_s'] / fig['bare_s']:.2f}× (whole list in: {fig['full_s']:.2f} s = "
                f"{fig['full_s'] / fig['bare_s']:.2f}×); app peak RSS {fig['app_rss_mb']:.0f} MB"
            )
        if "keys" not in args.skip:
            fig = key_latency(folder, cache)
            print(
                f"key-to-render (j): p50 {fig['p50_ms']:.1f} ms, p95 {fig['p95_ms']:.1f} ms beyond a no-op key ({fig['idle_key_ms']:.0f} ms)"
            )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
