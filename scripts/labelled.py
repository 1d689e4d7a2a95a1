"""The labelled pages the splitter is fitted and scored on, and the scorer itself.

Sets: the seeds (`tests/golden`), the team's layout pages (`tests/pages`), the shared development
set (`../shared/real-pages`) and the collected real pages (`corpus/`, texts git-ignored, labels
and sources committed). Every page knows its paper, so figures can leave one paper out.
The scoring follows `../shared/real-pages/score.py`: an item is split right when its headline
matches (difflib ratio >= 0.75, punctuation ignored) and its body starts and ends as labelled,
within a few characters.
"""

from __future__ import annotations

import csv
import difflib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.model import Article  # noqa: E402
from reader.split.gold import GoldItem, read_gold, read_golden_case, squash  # noqa: E402

SHARED = ROOT.parent / "shared" / "real-pages"
CORPUS = ROOT / "corpus"
PUNCT = re.compile(r"[\s\u3000“”\"'‘’「」『』《》〈〉（）()【】\[\]·•,，。．.、:：;；!！?？—\-…~～#*_□▢■◆●]+")
SLACK = 8


@dataclass
class LabelledPage:
    """A page text with its gold items."""

    set: str
    name: str
    paper: str
    text: str
    items: list[GoldItem]
    sources: frozenset[str] = frozenset()  # the papers a made-up page takes its stories from

    @property
    def papers(self) -> frozenset[str]:
        return self.sources or frozenset({self.paper})

    @property
    def markdown(self) -> bool:
        return self.name.lower().endswith(".md") or "\n# " in f"\n{self.text}"


def _golden(folder: Path, pages: Path, set_name: str) -> list[LabelledPage]:
    out = []
    for case in sorted(folder.glob("*.json")):
        try:
            source, items = read_golden_case(case)
        except KeyError:
            continue  # not a page case (topics.json)
        path = pages / source
        if path.exists():
            out.append(
                LabelledPage(
                    set_name, source, f"{set_name}:{source}", path.read_text(encoding="utf-8"), items
                )
            )
    return out


def _papers(folder: Path) -> dict[str, str]:
    papers: dict[str, str] = {}
    for tsv in sorted(folder.glob("*.tsv")):
        with tsv.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if len(row) >= 3 and row[0].endswith((".txt", ".md")):
                    papers[row[0]] = row[2].strip()
    return papers


def _gold_set(gold: Path, pages: Path, set_name: str, papers: dict[str, str]) -> list[LabelledPage]:
    if not gold.exists():
        return []
    out = []
    for name, items in sorted(read_gold(gold).items()):
        path = pages / name
        if path.exists():
            paper = papers.get(name) or f"{set_name}:{name}"
            out.append(LabelledPage(set_name, name, paper, path.read_text(encoding="utf-8"), items))
    return out


def load_sets(*, collected: bool = True) -> dict[str, list[LabelledPage]]:
    """Every labelled set that is present on this machine, by name."""
    sets = {
        "seeds": _golden(ROOT / "tests" / "golden", ROOT / "seeds", "seeds"),
        "tests/pages": _golden(ROOT / "tests" / "pages", ROOT / "tests" / "pages", "tests/pages"),
        "real-pages": _gold_set(SHARED / "gold.jsonl", SHARED, "real-pages", {}),
    }
    if collected:
        papers = _papers(CORPUS / "sources")
        pages: list[LabelledPage] = []
        for gold in sorted((CORPUS / "labels").glob("*.jsonl")):
            pages += _gold_set(gold, CORPUS / "pages", "collected", papers)
        sets["collected"] = pages
    return {name: pages for name, pages in sets.items() if pages}


# --- scoring -----------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return PUNCT.sub("", text or "")


def _body_ok(article: Article, gold: GoldItem) -> bool:
    body = squash("\n".join(article.body))
    start, end = squash(gold.body_start), squash(gold.body_end)
    if not body:
        return False
    i = body.find(start)
    j = body.rfind(end)
    return 0 <= i <= SLACK and (not end or (j >= 0 and len(body) - (j + len(end)) <= SLACK))


def _match(gold: GoldItem, articles: list[Article], taken: set[int]) -> tuple[int | None, bool]:
    title, sub = _norm(gold.title), _norm(gold.subtitle)
    accepted = [t for t in (title, sub, title + sub, sub + title) if t] if title else []
    best, best_ratio = None, 0.0
    for k, article in enumerate(articles):
        got = _norm(article.title)
        if k in taken or not title or not got:
            continue
        both = got + _norm(article.subtitle)
        ratio = max(difflib.SequenceMatcher(None, a, c).ratio() for a in accepted for c in (got, both))
        if ratio > best_ratio:
            best, best_ratio = k, ratio
    if best_ratio >= 0.75:
        return best, True
    start = squash(gold.body_start)
    for k, article in enumerate(articles):
        if k not in taken and start and 0 <= squash("\n".join(article.body)).find(start) <= SLACK:
            return k, not title
    return None, False


@dataclass
class Score:
    """Counts over some pages; figures are percentages of the gold items."""

    items: int = 0
    titles: int = 0
    split: int = 0
    spurious: int = 0
    province: int = 0
    city: int = 0
    city_items: int = 0
    topic: int = 0
    tagged: int = 0  # items whose labels give region and topic
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "items",
            "titles",
            "split",
            "spurious",
            "province",
            "city",
            "city_items",
            "topic",
            "tagged",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    @staticmethod
    def pct(a: int, b: int) -> float:
        return round(100.0 * a / b, 1) if b else 0.0

    def row(self) -> dict[str, float | int | None]:
        return {
            "items": self.items,
            "split_right": self.pct(self.split, self.items),
            "titles": self.pct(self.titles, self.items),
            "spurious": self.spurious,
            "province": self.pct(self.province, self.tagged) if self.tagged else None,
            "city": self.pct(self.city, self.city_items) if self.city_items else None,
            "topic": self.pct(self.topic, self.tagged) if self.tagged else None,
        }


def score_page(page: LabelledPage, articles: list[Article], *, tags: bool) -> Score:
    """Score one page's articles against its gold items."""
    score = Score()
    taken: set[int] = set()
    for gold in page.items:
        required = gold.kind != "caption"
        k, title_right = _match(gold, articles, taken)
        if k is None:
            if required:
                score.items += 1
                score.misses.append(f"{page.name} MISSING {gold.title or gold.body_start}")
            continue
        taken.add(k)
        if not required:
            continue
        score.items += 1
        score.titles += title_right
        article = articles[k]
        if title_right and _body_ok(article, gold):
            score.split += 1
        else:
            body = squash("\n".join(article.body))
            score.misses.append(
                f"{page.name} BODY {gold.title!r} got[{article.title!r} {body[:12]}…{body[-12:]}]"
                f" gold[{gold.body_start}…{gold.body_end}]"
            )
        if tags and gold.record:
            score.tagged += 1
            region = gold.record.get("region") or {}
            province_right = (article.region.province or None) == (region.get("province") or None)
            score.province += province_right
            if not province_right:
                score.misses.append(
                    f"{page.name} REGION {gold.title or gold.body_start!r}"
                    f" got[{article.region.province} {article.region.city} {article.region.county}]"
                    f" gold[{region.get('province')} {region.get('city')} {region.get('county')}]"
                )
            if region.get("city"):
                score.city_items += 1
                score.city += article.region.city == region.get("city")
            ok = {gold.record.get("topic"), *gold.record.get("topics_ok", [])}
            score.topic += bool(article.topics) and article.topics[0] in ok
    for k, article in enumerate(articles):
        if k not in taken:
            score.spurious += 1
            score.misses.append(f"{page.name} EXTRA {article.title[:30] or article.body[0][:30]!r}")
    return score


def papers_of(pages: Iterable[LabelledPage]) -> list[str]:
    return sorted({p.paper for p in pages})
