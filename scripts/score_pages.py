"""Score the page splitter on every labelled set, in sample and leaving one paper out.

usage: python scripts/score_pages.py [--quick] [--misses] [--json] [--folds K]

For each set (seeds, tests/pages, ../shared/real-pages, the collected pages) it prints items,
split right, titles found, spurious items, and province / city / topic right. The shipped
weights were fitted on all of these pages, so their figures are in-sample; the figures that
count come from leave-one-paper-out: for every paper, the CRF is refitted on all other papers'
pages and scored on that paper's pages only. `--folds K` fits once per group of papers instead
(K groups, shuffled with a fixed seed): fewer fits, each on less data, so its figures are a little
harsher. `--quick` prints the in-sample table alone.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
from pathlib import Path

from fit_splitter import Pair, fit, training_pages, training_pair
from labelled import LabelledPage, Score, load_sets, papers_of, score_page
from synth_pages import synthesize

from reader.corpus import parse_page
from reader.model import Article
from reader.split import tagger
from reader.tagging import tag_page


def articles_of(page: LabelledPage) -> list[Article]:
    """The page cut and tagged as `reader list` would."""
    parsed, _ = parse_page(page.text, page.name)
    tag_page(parsed)
    return parsed.articles


def score_sets(sets: dict[str, list[LabelledPage]]) -> dict[str, Score]:
    scores = {}
    for name, pages in sets.items():
        total = Score()
        for page in pages:
            total.add(score_page(page, articles_of(page), tags=True))
        scores[name] = total
    return scores


MADE_UP = "made up from held-out stories"
MADE_PER_PAPER = 1  # made-up pages per held-out paper (a fold of 60 papers makes 60)
_FOLD: dict[str, object] = {}  # what the forked workers read: pages, pairs, made-up pages


def _fold(papers: frozenset[str]) -> list[tuple[str, str, Score]]:
    """Fit without some papers (and every made-up page that uses them); score their pages."""
    pages: list[LabelledPage] = _FOLD["pages"]  # type: ignore[assignment]
    real: list[LabelledPage] = _FOLD["real"]  # type: ignore[assignment]
    pairs: dict[str, Pair] = _FOLD["pairs"]  # type: ignore[assignment]
    keep = [p for p in pages if not (papers & p.papers)]
    with tempfile.TemporaryDirectory() as folder:
        model = Path(folder) / "fold.crfsuite"
        fit([pairs[p.name] for p in keep], model)
        tagger.MODEL = model
        held = [p for p in real if p.paper in papers]
        scored = [(p.paper, p.set, score_page(p, articles_of(p), tags=True)) for p in held]
        # Pages made up from the held-out stories alone, in the layouts of many-story pages (4–7
        # stories, brief columns, photo runs, hard-wrapped or flattened): seen by no fit either.
        made = synthesize(held, MADE_PER_PAPER * len(papers), seed=len(held))
        return scored + [(MADE_UP, MADE_UP, score_page(p, articles_of(p), tags=False)) for p in made]


def held_out(
    sets: dict[str, list[LabelledPage]], folds: int = 0, seed: int = 1
) -> tuple[dict[str, Score], dict[str, Score]]:
    """Scores by set and by paper, each paper's pages cut by weights fitted without that paper:
    one fit per paper, or with `folds`, one per group of papers (shuffled with a fixed seed)."""
    real = [p for group in sets.values() for p in group]
    pages = training_pages(real)
    _FOLD["pages"] = pages
    _FOLD["real"] = real
    _FOLD["pairs"] = {p.name: training_pair(p) for p in pages}
    papers = list(papers_of(real))
    if folds:
        random.Random(seed).shuffle(papers)
        groups = [frozenset(papers[i::folds]) for i in range(folds)]
    else:
        groups = [frozenset({paper}) for paper in papers]
    by_set = {name: Score() for name in (*sets, MADE_UP)}
    by_paper: dict[str, Score] = {}
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        for scored in pool.imap_unordered(_fold, groups):
            for paper, set_name, score in scored:
                by_set[set_name].add(score)
                if set_name != MADE_UP:  # the mean per paper is over real pages only
                    by_paper.setdefault(paper, Score()).add(score)
    return by_set, by_paper


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [
        title,
        "",
        "| set | items | split right | titles | spurious | province | city | topic |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, score in scores.items():
        r = score.row()
        tags = " | ".join("–" if r[k] is None else f"{r[k]} %" for k in ("province", "city", "topic"))
        lines.append(
            f"| {name} | {r['items']} | {r['split_right']} % | {r['titles']} % | {r['spurious']} | {tags} |"
        )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="in-sample figures only")
    parser.add_argument("--misses", action="store_true", help="list every item scored wrong")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--folds", type=int, default=0, metavar="K", help="K groups of papers instead of one fit per paper"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="how the papers are shuffled into folds: the figures move with it, so a change judged on"
        " one seed should hold on others",
    )
    args = parser.parse_args(argv)
    sets = load_sets()
    in_sample = score_sets(sets)
    report: dict[str, object] = {"in_sample": {k: v.row() for k, v in in_sample.items()}}
    if not args.json:
        print(table("In sample (the shipped weights, fitted on all of these pages):", in_sample))
    if not args.quick:
        by_set, by_paper = held_out(sets, args.folds, args.seed)
        paper_rates = [s.pct(s.split, s.items) for s in by_paper.values() if s.items]
        mean = round(sum(paper_rates) / len(paper_rates), 1) if paper_rates else 0.0
        pooled = Score()
        for name, score in by_set.items():
            if name != MADE_UP:
                pooled.add(score)
        report["held_out"] = {k: v.row() for k, v in by_set.items()}
        report["held_out_mean_split_right_per_paper"] = mean
        report["held_out_pooled"] = pooled.row()
        if not args.json:
            print()
            print(
                table(
                    f"{f'{args.folds} folds of papers' if args.folds else 'Leave one paper out'} "
                    f"({len(by_paper)} papers, {sum(len(v) for v in sets.values())} pages):",
                    by_set,
                )
            )
            print(
                f"\nmean split right per paper: {mean} %; pooled over all items: {pooled.row()['split_right']} %"
            )
        if args.misses:
            for score in by_set.values():
                for miss in score.misses:
                    print(miss)
    elif args.misses:
        for score in in_sample.values():
            for miss in score.misses:
                print(miss)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
