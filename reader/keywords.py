"""Keywords: the eight or so words that say what an article is about, against its own corpus.

Term frequency inside the article times inverse document frequency across the corpus being read:
a word every page of an 医保 archive uses is no keyword there, however rare it is in general
Chinese. Bare numbers, single characters and stop words never qualify.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from reader.resources import DATA_DIR
from reader.tokens import tag

HAN = re.compile(r"[\u3400-\u9fff]")
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{2,}")
TITLE_WEIGHT = 3
# Parts of speech that never carry an article's subject: numerals, measure words, adverbs,
# prepositions, conjunctions, particles, pronouns, places-in-a-sentence, time words, adjectives.
NEVER = frozenset("m mq q d p c u uj ul ud ug uz uv r f t tg y e o x zg a ad ag".split())
VERB_WEIGHT = 0.7
KEYWORDS_PER_ARTICLE = 8


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Function words and stock news phrases (reader/data/stopwords.txt)."""
    lines = (DATA_DIR / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


def is_candidate(token: str, pos: str = "n") -> bool:
    """A token that could be a keyword: two or more characters, words not numbers, no stop words."""
    return len(token) >= 2 and pos not in NEVER and _candidate_word(token)


@lru_cache(maxsize=1 << 16)
def _candidate_word(token: str) -> bool:
    """The part of `is_candidate` that depends on the word alone, cached: a corpus repeats its words."""
    if token in stop_words():
        return False
    if HAN.search(token):
        return not any(c.isdigit() for c in token)
    return bool(ACRONYM.fullmatch(token))


def term_counts(title: str, paragraphs: Iterable[str]) -> dict[str, float]:
    """Candidate words of an article, weighted: title words ×3, verbs less than nouns."""
    counts: dict[str, float] = {}
    for weight, text in ((TITLE_WEIGHT, title), *((1, p) for p in paragraphs)):
        for token, pos in tag(text):
            if is_candidate(token, pos):
                counts[token] = counts.get(token, 0.0) + weight * (VERB_WEIGHT if pos == "v" else 1.0)
    return counts


class KeywordModel:
    """Document frequencies of a corpus, and the keywords of one article against them."""

    def __init__(self, doc_freq: Mapping[str, int], documents: int) -> None:
        self.doc_freq = doc_freq
        self.documents = documents

    @classmethod
    def from_counts(cls, all_counts: Iterable[Mapping[str, float]]) -> KeywordModel:
        doc_freq: Counter[str] = Counter()
        documents = 0
        for counts in all_counts:
            doc_freq.update(counts.keys())
            documents += 1
        return cls(doc_freq, documents)

    def idf(self, word: str) -> float:
        return math.log((self.documents + 1) / (self.doc_freq.get(word, 0) + 1)) + 1.0

    def keywords(self, counts: Mapping[str, float], limit: int = KEYWORDS_PER_ARTICLE) -> list[str]:
        """The article's best words, most telling first; no word inside another chosen one."""
        scored = sorted(counts, key=lambda w: (-(1 + math.log(max(counts[w], 1.0))) * self.idf(w), w))
        chosen: list[str] = []
        for word in scored:
            if any(word in other or other in word for other in chosen):
                continue
            chosen.append(word)
            if len(chosen) == limit:
                break
        return chosen
