"""Benchmarks for the reader, each figure a ratio against a baseline measured in the same run.

    python bench/run.py            # 1k, 10k and 100k articles (the 100k corpus takes a while to build)
    python bench/run.py --quick    # 1k and 10k only
    python bench/run.py --sizes 1000

Figures: cold ingest against jieba's plain cut × cores; warm start to the first painted list
against a bare Textual app; search latency against a Python substring scan and ripgrep (with the
result sets checked against the substring oracle); key-to-render latency (keypress to the new
frame's first bytes in a pseudo-terminal) against a bare Textual app updating a label; peak RSS of
the app and of `reader index`. No figure here is asserted by the test suite.
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

from curve import Curve  # noqa: E402

from corpus import build  # noqa: E402

CORPORA = HERE / "corpora"
CORES = os.cpu_count() or 1
READER = (
    str(Path(sys.executable).with_name("reader"))
    if Path(sys.executable).with_name("reader").exists()
    else "reader"
)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for the programs timed here: as an installed reader runs, with its
    compiled bytecode cached (a shell that forbids writing it would time the compiler too)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


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


def cold_ingest(folder: Path, cache: Path, source: Path | None = None) -> dict[str, float]:
    """`reader index` from nothing, in a child process so its peak RSS is its own; with `source`,
    the reader of that checkout (the baseline: main's code, in the same run)."""
    shutil.rmtree(cache, ignore_errors=True)
    chars = sum(len(t) for t in texts_of(folder))
    script = (
        "import resource, sys, time, json; from pathlib import Path; from reader.index import Index; "
        f"t = time.perf_counter(); r = Index(Path({str(cache)!r})).refresh([Path({str(folder)!r})]); "
        "print(json.dumps({'seconds': time.perf_counter() - t, 'articles': r.articles, "
        "'rss_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
        "'children_mb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))"
    )
    env = child_env(PYTHONPATH=str(source)) if source else child_env()
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=source or None,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    result["chars_per_s"] = chars / result["seconds"]
    result["chars"] = chars
    return result


# --- search ---------------------------------------------------------------------------------------


def search_figures(folder: Path, cache: Path, queries: dict[str, list[str]]) -> dict[str, dict[str, float]]:
    from reader.fold import needle
    from reader.index import Index, IndexLibrary, searchable_text

    index = Index(cache)
    library = IndexLibrary(index, [folder])
    texts = {a.id: searchable_text(a) for a in index.articles()}
    figures: dict[str, dict[str, float]] = {}
    for label, words in queries.items():
        ours: list[float] = []
        scan: list[float] = []
        for word in words:
            terms = needle(word).terms
            for _ in range(3):
                start = time.perf_counter()
                found = library.search(word)
                ours.append(time.perf_counter() - start)
                start = time.perf_counter()
                oracle = {i for i, t in texts.items() if any(term in t for term in terms)}
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


def cli_vs_rg(folder: Path, cache: Path, words: list[str]) -> dict[str, dict[str, float]]:
    """`reader search WORD FOLDER --jsonl` against `rg -l -F WORD FOLDER`, p50 of three runs each,
    overall and per word with the number of articles found (the reader writes a JSON line per
    article, rg a file name per page)."""
    env = child_env(READER_CACHE_DIR=str(cache))
    figures: dict[str, dict[str, float]] = {}
    ours_all: list[float] = []
    rg_all: list[float] = []
    for word in words:
        ours: list[float] = []
        rg: list[float] = []
        hits = 0
        for _ in range(3):
            start = time.perf_counter()
            found = subprocess.run(
                [READER, "search", word, str(folder), "--jsonl"], env=env, capture_output=True, check=False
            )
            ours.append(time.perf_counter() - start)
            hits = found.stdout.count(b"\n")
            start = time.perf_counter()
            subprocess.run(["rg", "-l", "-F", word, str(folder)], capture_output=True, check=False)
            rg.append(time.perf_counter() - start)
        figures[word] = {
            "reader_p50_ms": pct(ours, 0.5) * 1000,
            "rg_p50_ms": pct(rg, 0.5) * 1000,
            "hits": hits,
        }
        ours_all += ours
        rg_all += rg
    figures["all"] = {"reader_p50_ms": pct(ours_all, 0.5) * 1000, "rg_p50_ms": pct(rg_all, 0.5) * 1000}
    return figures


def list_vs_rg(folder: Path, cache: Path, words: list[str]) -> dict[str, dict[str, float]]:
    """`reader search -l WORD FOLDER` (and `--count`) against `rg -l -F WORD FOLDER`, p50 of five
    runs each; the two must name the same set of files."""
    env = child_env(READER_CACHE_DIR=str(cache))
    figures: dict[str, dict[str, float]] = {}
    for word in words:
        times: dict[str, list[float]] = {"l": [], "count": [], "rg": []}
        sets: dict[str, set[str]] = {}
        for _ in range(5):
            for name, command in (
                ("l", [READER, "search", "-l", word, str(folder)]),
                ("count", [READER, "search", "--count", word, str(folder)]),
                ("rg", ["rg", "-l", "-F", word, str(folder)]),
            ):
                start = time.perf_counter()
                out = subprocess.run(command, env=env, capture_output=True, check=False, text=True)
                times[name].append(time.perf_counter() - start)
                lines = out.stdout.splitlines()
                if name == "count":
                    lines = [line.rsplit(":", 1)[0] for line in lines]
                sets[name] = {os.path.realpath(line) for line in lines}
        if not sets["l"] == sets["count"] == sets["rg"]:
            raise SystemExit(
                f"reader search -l {word!r}: {len(sets['l'])} files, --count {len(sets['count'])}, rg -l {len(sets['rg'])}"
            )
        figures[word] = {f"{name}_p50_ms": pct(values, 0.5) * 1000 for name, values in times.items()}
        figures[word]["files"] = len(sets["rg"])
    return figures


def index_size(cache: Path, folder: Path) -> tuple[float, float]:
    """(MB on disk, times the UTF-8 text) of the index."""
    size = sum(p.stat().st_size for p in cache.glob("index.sqlite3*"))
    text = sum(p.stat().st_size for p in folder.rglob("*.txt"))
    return size / 1e6, size / text


def indexed_count(cache: Path) -> int:
    """The articles in the index, as the app will count them."""
    import sqlite3

    with sqlite3.connect(cache / "index.sqlite3") as db:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


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


class Terminal:
    """A program running in a real pseudo-terminal of 120×40, read as a terminal would."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        import fcntl
        import pty
        import struct
        import termios

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            os.environ.clear()
            os.environ.update(env)
            os.environ["COLUMNS"], os.environ["LINES"] = "120", "40"
            os.execvp(command[0], command)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.started = time.perf_counter()
        self.seen = b""

    def read(self, timeout: float) -> bytes:
        """What the program writes within `timeout` seconds (empty if nothing)."""
        import select

        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            chunk = os.read(self.fd, 1 << 20)
        except OSError:
            return b""
        self.seen += chunk
        return chunk

    def wait_for(self, markers: list[str], timeout: float = 30.0) -> list[float]:
        """Seconds from launch until each marker (a regular expression) is drawn."""
        wanted = [re.compile(marker.encode("utf-8")) for marker in markers]
        elapsed = [float("nan")] * len(markers)
        while time.perf_counter() - self.started < timeout and any(e != e for e in elapsed):
            self.read(0.02)
            for i, marker in enumerate(wanted):
                if elapsed[i] != elapsed[i] and marker.search(self.seen):
                    elapsed[i] = time.perf_counter() - self.started
        return elapsed

    def settle(self, quiet: float = 0.3) -> None:
        """Read until the program has written nothing for `quiet` seconds."""
        while self.read(quiet):
            pass

    def key_to_output(self, key: bytes) -> float:
        """Seconds from a keypress to the first bytes of the frame it causes."""
        self.settle(0.15)
        start = time.perf_counter()
        os.write(self.fd, key)
        while not self.read(2.0):
            if time.perf_counter() - start > 2.0:
                return float("nan")
        return time.perf_counter() - start

    def close(self) -> float:
        """Stop the program; returns its peak RSS in MB."""
        rss = float("nan")
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    rss = int(line.split()[1]) / 1024
        except OSError:
            pass
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        return rss


BARE_APP = """
from textual.app import App
from textual.widgets import Label
class Bare(App):
    BINDINGS = [("j", "next", "next")]
    count = 0
    def compose(self):
        yield Label("READY-BARE")
    def action_next(self):
        self.count += 1
        self.query_one(Label).update(f"READY-BARE {self.count}")
Bare().run()
"""


def app_env(cache: Path) -> dict[str, str]:
    return child_env(READER_CACHE_DIR=str(cache), TERM="xterm-256color", READER_DB=str(cache / "notes.json"))


def warm_start(folder: Path, cache: Path, count: int, runs: int = 3) -> dict[str, float]:
    """Launch to the first listed rows (and to the whole list) in a pseudo-terminal, against a
    bare Textual app painting one label; the app's peak RSS once the whole list is in."""
    env = app_env(cache)
    first, full, bare, rss = [], [], [], []
    # The status line's counter reads 已判定 0/0 until rows are listed: 0/k (k > 0) is drawn with
    # the first rows, 0/{count} with all of them.
    markers = [r"已判定 \d+/[1-9]", f"/{count}\\b"]
    for _ in range(runs):
        app = Terminal([READER, str(folder)], env)
        seconds_first, seconds_full = app.wait_for(markers)
        time.sleep(1.0)  # let background work settle before reading the peak
        rss.append(app.close())
        first.append(seconds_first)
        full.append(seconds_full)
        plain = Terminal([sys.executable, "-c", BARE_APP], env)
        bare.append(plain.wait_for(["READY-BARE"])[0])
        plain.close()
    return {
        "reader_s": statistics.median(first),
        "full_s": statistics.median(full),
        "bare_s": statistics.median(bare),
        "app_rss_mb": max(rss),
    }


def key_latency(folder: Path, cache: Path, count: int, presses: int = 60) -> dict[str, float]:
    """Keypress to the first bytes of the new frame, in a pseudo-terminal: `j` and `k` move
    through the list and open each article in the reading pane. The baseline is a bare Textual
    app whose key changes one label."""
    env = app_env(cache)
    app = Terminal([READER, str(folder)], env)
    app.wait_for([f"/{count}\\b"])
    app.settle(1.0)
    moves = [app.key_to_output(b"j" if i % 8 < 6 else b"k") for i in range(presses)]
    app.close()
    plain = Terminal([sys.executable, "-c", BARE_APP], env)
    plain.wait_for(["READY-BARE"])
    plain.settle(0.5)
    bare = [plain.key_to_output(b"j") for _ in range(presses)]
    plain.close()
    return {
        "p50_ms": pct(moves, 0.5) * 1000,
        "p95_ms": pct(moves, 0.95) * 1000,
        "bare_p50_ms": pct(bare, 0.5) * 1000,
        "bare_p95_ms": pct(bare, 0.95) * 1000,
    }


def submit_latency(
    folder: Path, cache: Path, count: int, queries: dict[str, list[str]]
) -> dict[str, dict[str, float]]:
    """In the app, in a pseudo-terminal: a search typed in the query line, then Enter, timed from
    the Enter key to the frame whose status line shows the new count of listed articles (the
    repainted list). Typed faster than the app's pause, so the search runs on the Enter."""
    from reader.index import Index, IndexLibrary

    index = Index(cache)
    library = IndexLibrary(index, [folder])
    hits = {word: len(library.search(word)) for words in queries.values() for word in words}
    index.close()
    app = Terminal([READER, str(folder)], app_env(cache))
    app.wait_for([f"/{count}\\b"])
    app.settle(1.0)

    def enter(text: str, shown: int, erase: int = 0) -> float:
        os.write(app.fd, b"/")
        app.settle(0.3)
        os.write(app.fd, b"\x7f" * erase + text.encode("utf-8"))  # the line opens on the last search
        app.read(0.05)
        app.seen = b""
        marker = re.compile(f"/{shown}\\b".encode())
        start = time.perf_counter()
        os.write(app.fd, b"\r")
        while not marker.search(app.seen):
            if time.perf_counter() - start > 10 or not (app.read(10.0) or marker.search(app.seen)):
                return float("nan")
        elapsed = time.perf_counter() - start
        app.settle(0.3)
        return elapsed

    figures: dict[str, dict[str, float]] = {}
    for label, words in queries.items():
        times = []
        for word in words:
            for _ in range(3):
                times.append(enter(word, hits[word]))
                enter("", count, erase=len(word))
        figures[label] = {"p50_ms": pct(times, 0.5) * 1000, "p95_ms": pct(times, 0.95) * 1000}
    app.close()
    return figures


# --- driver -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="only the 1k and 10k corpora")
    parser.add_argument("--sizes", type=int, nargs="*", help="article counts to build and measure")
    parser.add_argument("--skip", nargs="*", default=[], help="sections to skip: ingest search cli app keys")
    parser.add_argument(
        "--baseline",
        metavar="CHECKOUT",
        help="also time cold ingest and the index's size with the reader of this checkout (e.g. main)",
    )
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
    curve = Curve()
    for size in sizes:
        folder, count, titles = build(CORPORA / f"{size}", size)
        cache = Path(args.cache) if args.cache else work / f"cache-{size}"
        print(f"\n## {count:,} articles ({sum(1 for _ in folder.rglob('*.txt')):,} page files)")
        if "ingest" not in args.skip:
            ingest = cold_ingest(folder, cache)
            curve.add("cold ingest", count, ingest["seconds"], "s")
            curve.add("peak RSS of reader index", count, max(ingest["rss_mb"], ingest["children_mb"]), "MB")
            print(
                f"cold ingest: {ingest['chars_per_s'] / 1e6:.3f} M chars/s in {ingest['seconds']:.1f} s = "
                f"{ingest['chars_per_s'] / (cut_rate * CORES):.2f} × (jieba cut × cores); "
                f"peak RSS of reader index {max(ingest['rss_mb'], ingest['children_mb']):.0f} MB"
            )
        if args.baseline and "ingest" not in args.skip:
            base_cache = work / f"baseline-{size}"
            base = cold_ingest(folder, base_cache, Path(args.baseline).resolve())
            base_mb, base_ratio = index_size(base_cache, folder)
            shutil.rmtree(base_cache, ignore_errors=True)
            print(
                f"  baseline {args.baseline}: cold ingest {base['seconds']:.1f} s "
                f"({base['chars_per_s'] / (cut_rate * CORES):.2f} ×), ours {ingest['seconds']:.1f} s = "
                f"{base['seconds'] / ingest['seconds']:.2f}× its speed; its index {base_mb:.0f} MB = "
                f"{base_ratio:.2f}× the text"
            )
        if "search" not in args.skip:
            for label, fig in search_figures(folder, cache, pick_queries(folder)).items():
                curve.add(f"search p95, {label}", count, fig["p95_ms"], "ms")
                print(
                    f"search {label:9}: p50 {fig['p50_ms']:.1f} ms, p95 {fig['p95_ms']:.1f} ms "
                    f"vs substring scan p50 {fig['scan_p50_ms']:.1f} ms ({fig['scan_p50_ms'] / max(fig['p50_ms'], 1e-3):.0f}× faster); results equal the oracle's"
                )
        if "cli" not in args.skip and shutil.which("rg"):
            # The query words, and one that names a single article (its title's number).
            figs = cli_vs_rg(folder, cache, ["医保基金", "拱墅区", "助听器", f"（{count * 7 // 9}）"])
            fig = figs.pop("all")
            print(
                f"reader search (CLI) p50 {fig['reader_p50_ms']:.0f} ms vs rg -l {fig['rg_p50_ms']:.0f} ms = {fig['rg_p50_ms'] / fig['reader_p50_ms']:.1f}× faster"
            )
            for word, one in figs.items():
                print(
                    f"  {word}: {one['hits']:,.0f} articles, {one['reader_p50_ms']:.0f} ms vs rg -l {one['rg_p50_ms']:.0f} ms"
                )
        if "cli" not in args.skip and shutil.which("rg"):
            for word, one in list_vs_rg(folder, cache, ["医保基金", "拱墅区", "助听器", "医保"]).items():
                print(
                    f"  reader search -l {word}: {one['files']:,.0f} files, {one['l_p50_ms']:.0f} ms "
                    f"(--count {one['count_p50_ms']:.0f} ms) vs rg -l -F {one['rg_p50_ms']:.0f} ms = "
                    f"{one['rg_p50_ms'] / one['l_p50_ms']:.1f}× faster; the same files"
                )
        # The app's status line counts the articles the splitter made, which may differ from the
        # articles the corpus was built from.
        listed = indexed_count(cache)
        megabytes, ratio = index_size(cache, folder)
        curve.add("index on disk", count, megabytes, "MB")
        print(f"index on disk: {megabytes:.0f} MB = {ratio:.2f}× the UTF-8 text")
        if "app" not in args.skip:
            fig = warm_start(folder, cache, listed)
            curve.add("warm start", count, fig["reader_s"], "s")
            curve.add("app peak RSS", count, fig["app_rss_mb"], "MB")
            print(
                f"warm start to first painted list: {fig['reader_s']:.2f} s vs bare Textual app {fig['bare_s']:.2f} s "
                f"= {fig['reader_s'] / fig['bare_s']:.2f}× (whole list in: {fig['full_s']:.2f} s = "
                f"{fig['full_s'] / fig['bare_s']:.2f}×); app peak RSS {fig['app_rss_mb']:.0f} MB"
            )
        if "keys" not in args.skip:
            for label, fig in submit_latency(folder, cache, listed, pick_queries(folder)).items():
                print(
                    f"in-app search {label:<9}: Enter to repainted list p50 {fig['p50_ms']:.1f} ms, p95 {fig['p95_ms']:.1f} ms"
                )
            fig = key_latency(folder, cache, listed)
            print(
                f"key-to-render (j/k, next article painted): p50 {fig['p50_ms']:.1f} ms, p95 {fig['p95_ms']:.1f} ms "
                f"vs bare Textual app's label update p50 {fig['bare_p50_ms']:.1f} ms, p95 {fig['bare_p95_ms']:.1f} ms"
            )
    for line in curve.table():
        print(line)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
