"""What each article is about: topic ids from a taxonomy of weighted terms, with the words that decided.

Why terms and not a model: the reader must work offline, start instantly and explain itself. An editor
who sees an article filed under 法治公安 can read "title:诈骗, 公安局×3" and agree or fix the term
list; a user can add the words of their own beat in config.toml without retraining anything.

The default taxonomy is reader/data/topics.toml. A user's config extends it (`[topics.<id>]` tables:
more terms for a default topic, `replace = true` to swap its terms, a new id for a new topic, and
`enabled = false` to drop one); `Taxonomy.with_overrides` checks that table and names the bad key.

How a text is read: one compiled regular expression alternates every term, longest first, so at each
position the longest term wins and a compound such as 残疾人就业 or 生态安葬 is read as itself and
not as 就业 or 生态. Terms listed in two topics count for both; `neutral` terms (警示教育, 民生工程
...) count for none and only stop their parts from counting. Matching is plain substring search:
no segmentation, no jieba, several million characters a second.

How a score is made, per topic, summed over its terms: weight (strong 3, weak 1) times
4·f(hits in title and subtitle) + 2·f(hits in the lead paragraph) + f(hits in the rest), where
f(n) = 1 + ln n for n > 0 (else 0): a term's tenth mention adds little, a title word a lot.
The primary topic scores highest; others follow if they pass a small floor and reach 40% of it, or
have a strong term in the headline, or reach 20% of it and a large floor (a strand told at length
in a long article); at most three. With no evidence worth a topic the list is empty, and the app
files the article under 未分类.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reader.resources import DATA_DIR

if TYPE_CHECKING:
    from reader.model import Article

DEFAULT_PATH = DATA_DIR / "topics.toml"

STRONG_WEIGHT = 3.0
WEAK_WEIGHT = 1.0
TITLE_FACTOR = 4.0  # title and subtitle
LEAD_FACTOR = 2.0  # the first non-empty paragraph
SECONDARY_SHARE = 0.4  # a secondary topic scores at least this share of the primary ...
SECONDARY_FLOOR = 6.0  # ... and at least this much (two strong mentions in the body, say),
SECONDARY_BROAD = 40.0  # or scores this much on its own (a strand of a long article) ...
SECONDARY_BROAD_SHARE = 0.2  # ... and at least this share of the primary
MIN_PRIMARY = 2.0  # a lone weak word in the body is no topic
MAX_TOPICS = 3
MAX_EVIDENCE = 8  # terms shown per topic

Lang = Literal["zh", "en"]

_ID_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_TOPIC_KEYS = ("label", "label_en", "strong", "weak", "replace", "enabled")
RESERVED_IDS = frozenset({"neutral"})


class TaxonomyError(ValueError):
    """A taxonomy file or a config's `[topics]` table is malformed; the message names the key."""


@dataclass(frozen=True)
class Topic:
    """One topic: its id, its labels and its terms by weight."""

    id: str
    label: str
    label_en: str
    strong: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        return self.strong + self.weak


@dataclass
class TopicResult:
    """Topic ids, primary first, and per topic the terms that counted, most important first."""

    topics: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)  # every topic that scored, rounded

    @property
    def primary(self) -> str | None:
        return self.topics[0] if self.topics else None


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str]
    # term -> ((topic index, weight), ...); neutral terms map to ()
    postings: dict[str, tuple[tuple[int, float], ...]]


class Taxonomy:
    """An ordered set of topics plus the neutral phrases; immutable, cheap to share between threads."""

    def __init__(self, topics: Iterable[Topic], neutral: Iterable[str] = ()) -> None:
        self._topics: tuple[Topic, ...] = tuple(topics)
        self._by_id: dict[str, Topic] = {t.id: t for t in self._topics}
        self.neutral: tuple[str, ...] = _dedupe(neutral)
        if len(self._by_id) != len(self._topics):
            raise TaxonomyError("topic ids must be unique")
        self._names: dict[str, str] = {}
        for topic in self._topics:
            for name in (topic.id, topic.label, topic.label_en):
                key = name.casefold()
                if not key:
                    continue
                other = self._names.setdefault(key, topic.id)
                if other != topic.id:
                    raise TaxonomyError(
                        f"topics.{topic.id}: name {name!r} is already used by topic {other!r}"
                    )

    # -- loading -----------------------------------------------------------------------------------

    @classmethod
    def default(cls) -> Taxonomy:
        """The shipped taxonomy (reader/data/topics.toml), read once per process."""
        return _default_taxonomy()

    @classmethod
    def from_toml(cls, path: str | Path) -> Taxonomy:
        """A full taxonomy file: `[neutral] terms = [...]` and `[topics.<id>]` tables."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise TaxonomyError(f"{path}: {error}") from error
        return cls.from_mapping(data, source=str(path))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "taxonomy") -> Taxonomy:
        """A full taxonomy from parsed TOML; every topic needs `label`, `label_en` and some terms."""
        for key in data:
            if key not in ("neutral", "topics"):
                raise TaxonomyError(f"{source}: unknown key {key!r} (expected 'neutral' and 'topics')")
        neutral_table = data.get("neutral", {})
        if not isinstance(neutral_table, Mapping) or set(neutral_table) - {"terms"}:
            raise TaxonomyError(f"{source}: [neutral] must be a table with one key, terms")
        neutral = _terms(neutral_table.get("terms", []), f"{source}: neutral.terms")
        tables = data.get("topics")
        if not isinstance(tables, Mapping) or not tables:
            raise TaxonomyError(f"{source}: no [topics.<id>] tables")
        topics = []
        for topic_id, table in tables.items():
            where = f"{source}: topics.{topic_id}"
            _check_id(topic_id, where)
            spec = _topic_spec(table, where)
            for key in ("label", "label_en"):
                if key not in spec:
                    raise TaxonomyError(f"{where}: missing {key}")
            if spec.get("replace") is not None or spec.get("enabled") is not None:
                raise TaxonomyError(f"{where}: replace and enabled belong in a user's config, not here")
            topic = Topic(
                topic_id, spec["label"], spec["label_en"], spec.get("strong", ()), spec.get("weak", ())
            )
            if not topic.terms:
                raise TaxonomyError(f"{where}: no terms (strong or weak)")
            topics.append(topic)
        return cls(topics, neutral)

    def with_overrides(self, config: Mapping[str, Any] | None) -> Taxonomy:
        """This taxonomy changed by a config's `[topics]` table; raises TaxonomyError naming the bad key.

        Shape: `{"healthcare": {"strong": [...], "weak": [...], "replace": False, "label": ...},
        "newtopic": {"label": "新话题", "label_en": "...", "strong": [...]}, "neutral": [...]}`.
        Terms extend a default topic unless `replace` is true; a new id adds a topic (label and a
        term required); `enabled = false` drops a topic; `neutral` extends the neutral phrases.
        """
        if not config:
            return self
        if not isinstance(config, Mapping):
            raise TaxonomyError(f"topics: expected a table of topic ids, got {type(config).__name__}")
        topics: dict[str, Topic] = {t.id: t for t in self._topics}
        neutral = list(self.neutral)
        for topic_id, table in config.items():
            if topic_id == "neutral":
                neutral += _terms(table, "topics.neutral")
                continue
            where = f"topics.{topic_id}"
            _check_id(topic_id, where)
            spec = _topic_spec(table, where)
            strong: tuple[str, ...] = spec.get("strong", ())
            weak: tuple[str, ...] = spec.get("weak", ())
            current = topics.get(topic_id)
            if spec.get("enabled") is False:
                if current is None:
                    raise TaxonomyError(
                        f"{where}: enabled = false, but there is no topic {topic_id!r} to drop"
                    )
                del topics[topic_id]
                continue
            if current is None:
                if "label" not in spec:
                    raise TaxonomyError(f"{where}: a new topic needs a label")
                current = Topic(topic_id, spec["label"], spec.get("label_en", ""))
            elif spec.get("replace"):
                current = Topic(current.id, current.label, current.label_en)
            topic = Topic(
                topic_id,
                spec.get("label", current.label),
                spec.get("label_en", current.label_en),
                _dedupe(current.strong + strong),
                _dedupe(current.weak + weak),
            )
            if not topic.terms:
                raise TaxonomyError(f"{where}: no terms left (give strong or weak terms)")
            topics[topic_id] = topic
        return Taxonomy(topics.values(), neutral)

    # -- lookup ------------------------------------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self._topics]

    def __iter__(self) -> Iterator[Topic]:
        return iter(self._topics)

    def __len__(self) -> int:
        return len(self._topics)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._by_id

    def __getitem__(self, topic_id: str) -> Topic:
        return self._by_id[topic_id]

    def label(self, topic_id: str, lang: Lang = "zh") -> str:
        """The topic's label in the UI language; the id itself for an unknown id or a missing label."""
        topic = self._by_id.get(topic_id)
        if topic is None:
            return topic_id
        return (topic.label_en if lang == "en" else topic.label) or topic.label or topic.id

    def resolve(self, name: str) -> str | None:
        """The id named by an id, a Chinese label or an English label (any case), else None."""
        return self._names.get(name.strip().casefold())

    # -- matching ----------------------------------------------------------------------------------

    @functools.cached_property
    def _matcher(self) -> _Matcher:
        postings: dict[str, dict[int, float]] = {term: {} for term in self.neutral}
        for index, topic in enumerate(self._topics):
            for terms, weight in ((topic.strong, STRONG_WEIGHT), (topic.weak, WEAK_WEIGHT)):
                for term in terms:
                    slot = postings.setdefault(term, {})
                    slot[index] = max(weight, slot.get(index, 0.0))
        if not postings:
            return _Matcher(re.compile(r"(?!)"), {})
        return _Matcher(
            re.compile(_trie_pattern(postings)),
            {term: tuple(sorted(slot.items())) for term, slot in postings.items()},
        )

    def count_terms(self, text: str) -> Counter[str]:
        """Each term's hits in `text`, leftmost-longest and without overlaps."""
        return Counter(self._matcher.pattern.findall(text))


# -- classification --------------------------------------------------------------------------------


def classify(
    title: str,
    paragraphs: Sequence[str],
    taxonomy: Taxonomy | None = None,
    *,
    subtitle: str = "",
    captions: Sequence[str] = (),
) -> TopicResult:
    """The topics of one article: title (and subtitle) ×4, lead paragraph ×2, the rest with diminishing returns."""
    if taxonomy is None:
        taxonomy = Taxonomy.default()
    matcher = taxonomy._matcher
    findall = matcher.pattern.findall
    lead_index = next((i for i, p in enumerate(paragraphs) if p.strip()), len(paragraphs))
    head = Counter(findall(f"{title}\n{subtitle}"))
    lead = Counter(findall(paragraphs[lead_index])) if lead_index < len(paragraphs) else Counter[str]()
    rest = Counter(findall("\n".join([*paragraphs[lead_index + 1 :], *captions])))

    # A term's strength: its damped hits in each part, weighted by where they are.
    strength = {term: _damp(count) for term, count in rest.items()}
    for term, count in lead.items():
        strength[term] = strength.get(term, 0.0) + LEAD_FACTOR * _damp(count)
    for term, count in head.items():
        strength[term] = strength.get(term, 0.0) + TITLE_FACTOR * _damp(count)

    postings = matcher.postings
    scores: dict[int, float] = {}
    contributions: dict[int, list[tuple[float, str]]] = {}
    for term, value in strength.items():
        for index, weight in postings[term]:  # () for a neutral term
            scores[index] = scores.get(index, 0.0) + weight * value
            contributions.setdefault(index, []).append((weight * value, term))
    # topics with a strong term in the title or subtitle
    headlined = {i for term in head for i, weight in postings[term] if weight >= STRONG_WEIGHT}

    topics = taxonomy._topics
    ranked = sorted(scores, key=lambda i: (-scores[i], i))
    result = TopicResult(scores={topics[i].id: round(scores[i], 2) for i in ranked})
    if not ranked or scores[ranked[0]] < MIN_PRIMARY:
        return result
    best = scores[ranked[0]]
    chosen = [ranked[0]] + [i for i in ranked[1:] if _secondary(scores[i], best, i in headlined)]
    for index in chosen[:MAX_TOPICS]:
        topic_id = topics[index].id
        result.topics.append(topic_id)
        ordered = sorted(contributions[index], key=lambda c: (-c[0], c[1]))[:MAX_EVIDENCE]
        result.evidence[topic_id] = [
            f"title:{term}" if term in head else f"{term}×{lead[term] + rest[term]}" for _, term in ordered
        ]
    return result


def classify_article(article: Article, taxonomy: Taxonomy | None = None) -> TopicResult:
    """`classify` for an Article: title, subtitle, body paragraphs and photo captions."""
    return classify(
        article.title, article.body, taxonomy, subtitle=article.subtitle, captions=article.captions
    )


def tag_topics(article: Article, taxonomy: Taxonomy | None = None) -> TopicResult:
    """Classify an article and store the result in its `topics` and `topic_evidence` fields."""
    result = classify_article(article, taxonomy)
    article.topics = list(result.topics)
    article.topic_evidence = {k: list(v) for k, v in result.evidence.items()}
    return result


# -- helpers ---------------------------------------------------------------------------------------


@functools.cache
def _default_taxonomy() -> Taxonomy:
    return Taxonomy.from_toml(DEFAULT_PATH)


def _secondary(score: float, best: float, headlined: bool) -> bool:
    """A runner-up counts if it is close to the primary, named in the headline, or a long strand.

    A long article piles up points for its primary topic, so a share alone would hide a second story
    told at length (the police case inside a report on 医保 fraud) or one the headline names (the
    疫情 in 警方破获涉疫情诈骗案); a fixed amount alone would give every long article three topics.
    """
    if score < SECONDARY_FLOOR:
        return False
    if headlined or score >= SECONDARY_SHARE * best:
        return True
    return score >= max(SECONDARY_BROAD_SHARE * best, SECONDARY_BROAD)


_DAMPED = [0.0] + [1.0 + math.log(n) for n in range(1, 256)]


def _damp(count: int) -> float:
    """1 + ln(count) for a term that occurs, 0 for one that does not (a table: this runs per term)."""
    return _DAMPED[count] if count < 256 else 1.0 + math.log(count)


def _dedupe(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(terms))


def _check_id(topic_id: object, where: str) -> None:
    if not isinstance(topic_id, str) or not _ID_RE.match(topic_id):
        raise TaxonomyError(
            f"{where}: a topic id is lower-case ASCII letters, digits and _ (got {topic_id!r})"
        )
    if topic_id in RESERVED_IDS:
        raise TaxonomyError(f"{where}: {topic_id!r} is reserved and cannot name a topic")


def _topic_spec(table: object, where: str) -> dict[str, Any]:
    """A topic table checked key by key: labels are non-empty strings, terms lists of strings."""
    if not isinstance(table, Mapping):
        raise TaxonomyError(f"{where}: expected a table, got {type(table).__name__} {table!r}")
    spec: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _TOPIC_KEYS:
            raise TaxonomyError(f"{where}: unknown key {key!r} (expected one of {', '.join(_TOPIC_KEYS)})")
        if key in ("label", "label_en"):
            if not isinstance(value, str) or not value.strip():
                raise TaxonomyError(f"{where}.{key}: expected a non-empty string, got {value!r}")
            spec[key] = value.strip()
        elif key in ("strong", "weak"):
            spec[key] = _terms(value, f"{where}.{key}")
        else:
            if not isinstance(value, bool):
                raise TaxonomyError(f"{where}.{key}: expected true or false, got {value!r}")
            spec[key] = value
    return spec


def _terms(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise TaxonomyError(f"{where}: expected a list of terms, got {type(value).__name__} {value!r}")
    terms = []
    for i, term in enumerate(value):
        if not isinstance(term, str) or not term.strip():
            raise TaxonomyError(f"{where}[{i}]: expected a non-empty string, got {term!r}")
        if any(ch.isspace() for ch in term.strip()):
            raise TaxonomyError(
                f"{where}[{i}]: a term is matched as written and cannot hold spaces: {term!r}"
            )
        terms.append(term.strip())
    return _dedupe(terms)


def _trie_pattern(terms: Iterable[str]) -> str:
    """One regex matching every term, longest first, shaped so that Python's engine runs it fast.

    Python's `re` tries the branches of an alternation one by one, so `a|b|c...` over a thousand
    terms costs a thousand comparisons at every character. Instead the terms are factored as a
    trie (`医(?:保(?:基金)?|院|疗)`: greedy optional tails and longer-first branches still give
    the longest term at each position), its first characters are split into buckets each guarded by
    a character class (`(?=[医卫...])`), and the whole is guarded by "a first character followed by
    a second one", which rejects most positions with two set lookups. About 4x the plain form.
    """
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = True
    firsts = sorted(ch for ch in trie if ch)
    buckets = []
    for i in range(0, len(firsts), _BUCKET):
        chunk = firsts[i : i + _BUCKET]
        guard = _char_class(chunk)
        buckets.append(f"(?={guard})" + _node_pattern({ch: trie[ch] for ch in chunk}))
    body = "(?:" + "|".join(buckets) + ")"
    if any("" in trie[ch] for ch in firsts):  # a one-character term: no second character to ask for
        return f"(?={_char_class(firsts)})" + body
    seconds = sorted({ch for first in firsts for ch in trie[first] if ch})
    return f"(?={_char_class(firsts)}{_char_class(seconds)})" + body


_BUCKET = 64  # first characters per guarded branch: measured best between 48 and 96


def _char_class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a term ends here: the longer terms are optional
        if len(branches) == 1 and len(body) == 1:
            return body + "?"
        return ("(?:" + body + ")?") if len(branches) == 1 else body + "?"
    return body
