"""The fitted linear-chain CRF that labels a page's blocks.

It weighs every block's features against its neighbours' and decodes the best labelling of the
whole page at once (Viterbi), rather than taking the first rule that fires. The weights ship in
`reader/data/splitter.crfsuite`; `scripts/fit_splitter.py` refits them from the labelled corpus.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from reader.resources import DATA_DIR
from reader.split.blocks import Block
from reader.split.features import block_features
from reader.split.labels import Label

MODEL = DATA_DIR / "splitter.crfsuite"
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


def label_blocks(blocks: list[Block], model: Path | None = None) -> list[Label]:
    """The most likely label of every block, decoded over the whole page."""
    if not blocks:
        return []
    tags = _tagger(model or MODEL).tag(block_features(blocks))
    return [Label(tag) for tag in tags]
