"""Warm start and key-to-render of this checkout against another one (the code before a change),
measured in the same run on the same index, the two taking turns.

    python bench/app_compare.py --baseline /tmp/reader-before --size 10000 --rounds 3

Each round times both apps (warm start to the first painted list and to the whole list, then
`j`/`k` keypress to the new frame's first bytes in a pseudo-terminal) and the bare Textual app;
the figures are medians over the rounds, and the ratios are this checkout's over the baseline's.
"""

from __future__ import annotations

import argparse
import os
import stat
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402

from corpus import build  # noqa: E402


def launcher(tree: Path, folder: Path) -> str:
    """An executable that runs `reader` from `tree` with this interpreter."""
    script = folder / f"reader-{abs(hash(str(tree)))}"
    script.write_text(
        f'#!/bin/sh\nPYTHONPATH="{tree}" exec "{sys.executable}" -m reader "$@"\n', encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--baseline", required=True, type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cache", type=Path, help="an index of the corpus built already (else one is built)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reader-compare-"))
    folder, count, _ = build(run.CORPORA / f"{args.size}", args.size)
    cache = args.cache or work / "cache"
    if args.cache is None:
        run.cold_ingest(folder, cache)  # one index for both: the index code is the same
    count = run.indexed_count(cache)  # what the status line counts: the splitter's articles
    apps = {"baseline": launcher(args.baseline.resolve(), work), "this": launcher(HERE.parent, work)}
    figures: dict[str, dict[str, list[float]]] = {name: {} for name in apps}
    for _ in range(args.rounds):
        for name, command in apps.items():
            run.READER = command
            start = run.warm_start(folder, cache, count, runs=1)
            keys = run.key_latency(folder, cache, count)
            for key, value in [*start.items(), *keys.items()]:
                figures[name].setdefault(key, []).append(value)
            print(
                f"round: {name} start {start['reader_s']:.3f} s, keys p50 {keys['p50_ms']:.1f} p95 {keys['p95_ms']:.1f} ms",
                flush=True,
            )
    med = {name: {k: statistics.median(v) for k, v in figs.items()} for name, figs in figures.items()}
    print(f"# app before/after — {run.machine()}, {count:,} articles, {args.rounds} rounds")
    for key, label in [
        ("reader_s", "warm start, first painted list (s)"),
        ("full_s", "warm start, whole list (s)"),
        ("p50_ms", "key-to-render j/k p50 (ms)"),
        ("p95_ms", "key-to-render j/k p95 (ms)"),
        ("bare_s", "bare Textual app start (s)"),
        ("bare_p95_ms", "bare Textual app key p95 (ms)"),
    ]:
        before, after = med["baseline"][key], med["this"][key]
        print(f"{label:38} baseline {before:8.3f}  this {after:8.3f}  ratio {after / before:.2f}×")
    os.environ.pop("READER_CACHE_DIR", None)


if __name__ == "__main__":
    main()
