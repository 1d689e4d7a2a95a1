"""The fitted linear-chain CRF that labels a page's blocks.

It weighs every block's features against its neighbours' and decodes the best labelling of the
whole page at once (Viterbi), rather than taking the first rule that fires. The weights ship in
`reader/data/splitter.crfsuite`; `scripts/fit_splitter.py` refits them from the labelled corpus.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from reader.resources import SPLITTER_MODEL
from reader.split.blocks import Block
from reader.split.features import block_features
from reader.split.labels import Label

MODEL = SPLITTER_MODEL
_local = threading.local()


def _tagger(model: Path) -> Any:
    """One tagger per thread and model file: crfsuite taggers are not shared between threads."""
    taggers: dict[Path, Any] = _local.__dict__.setdefault("taggers", {})
    if model not in taggers:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(model))
        taggers[model] = tagger
    return taggers[model]


HEADLINE_ODDS = 0.3  # chosen by cross-validation over papers (scripts/score_pages.py)
# What can open a story under a line the tagger put aside: its lead, byline or dateline, or the
# first paragraph of a page's only story under the 版 header (第01版:封面 / 永州:春节期间的公园Party).
OPENINGS = frozenset({Label.LEAD, Label.BYLINE, Label.DATELINE, Label.BODY})


def label_blocks(blocks: list[Block], model: Path | None = None) -> list[Label]:
    """The most likely label of every block, decoded over the whole page.

    One constraint is added to the decoded labelling: a story that opens without a headline takes
    the line just above it as its headline when the tagger gives that reading real odds
    (`HEADLINE_ODDS`), since an untitled story under a headline-shaped line is rarer than a
    headline the tagger was unsure of.
    """
    if not blocks:
        return []
    tagger = _tagger(model or MODEL)
    labels = [Label(tag) for tag in tagger.tag(block_features(blocks))]
    for i in range(1, len(labels)):
        opens_untitled = labels[i] in OPENINGS and labels[i - 1] == Label.FURNITURE
        if opens_untitled and tagger.marginal(Label.TITLE, i - 1) >= HEADLINE_ODDS:
            labels[i - 1] = Label.TITLE
            if labels[i] == Label.LEAD:
                labels[i] = Label.BODY
    return labels
