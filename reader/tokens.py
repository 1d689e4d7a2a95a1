"""Chinese word segmentation, one place for the whole reader.

jieba is the reference; rjieba (the jieba-rs binding, same dictionary) gives identical words and
dictionary part-of-speech tags with the HMM off, at ten to fifteen times the speed, so it is used
when installed. The HMM's new-word guesses are off in both: they cost a fifth of jieba's speed and
mostly find names, which the entity layer finds by other means.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

Tagged = list[tuple[str, str]]


@lru_cache(maxsize=1)
def _engine() -> tuple[str, Callable[[str], list[str]], Callable[[str], Tagged]]:
    try:
        import rjieba

        return (
            "rjieba",
            lambda text: list(rjieba.cut(text, hmm=False)),
            lambda text: list(rjieba.tag(text, hmm=False)),
        )
    except ImportError:  # pragma: no cover - depends on the platform having rjieba's wheels
        return ("jieba", *_jieba())


def _jieba() -> tuple[Callable[[str], list[str]], Callable[[str], Tagged]]:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tags: dict[str, str] = jieba.posseg.dt.word_tag_tab

    def tag(text: str) -> Tagged:
        return [(word, tags.get(word, "x")) for word in jieba.lcut(text, HMM=False)]

    return (lambda text: list(jieba.lcut(text, HMM=False))), tag


def cut(text: str) -> list[str]:
    """Words of `text` in order, as jieba cuts them with its HMM off."""
    return _engine()[1](text)


def tag(text: str) -> Tagged:
    """(word, dictionary part of speech) pairs, as jieba's dictionary tags them."""
    return _engine()[2](text)


def engine() -> str:
    """Which segmenter is in use: "rjieba" or "jieba"."""
    return _engine()[0]
