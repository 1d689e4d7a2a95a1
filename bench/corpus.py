"""Deterministic scaled corpora built from the seed pages, for the benchmarks.

Every page is headline-first with a byline and a 本报讯 lead, six articles of about 1,500
characters each, so the splitter finds exactly the articles written. Paragraphs are drawn from all
seed pages and recombined per article, so the text is not one repeated block; numbers and dates are
shuffled too. The same size always gives the same files.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from reader.corpus import load_corpus
from reader.resources import seeds_dir

ARTICLES_PER_PAGE = 6
TARGET_CHARS = 1500
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"


def _pools() -> tuple[list[str], list[str]]:
    corpus = load_corpus([seeds_dir()])
    paragraphs = [
        p for a in corpus.articles for i, p in enumerate(a.body) if i not in a.subheads and len(p) >= 40
    ]
    titles = [a.title for a in corpus.articles if a.title]
    return paragraphs, titles


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _vary(paragraph: str, rng: random.Random) -> str:
    return re.sub(r"\d+(?=[万亿元人家个名项件次户亩吨%])", lambda m: str(rng.randint(1, 9999)), paragraph)


def build(folder: Path, articles: int, seed: int = 7) -> tuple[Path, int, list[str]]:
    """Write `articles` articles in page files under `folder` (reused when already complete)."""
    marker = folder / ".complete"
    titles_file = folder / ".titles"
    if marker.exists() and marker.read_text() == str(articles):
        return folder, articles, titles_file.read_text(encoding="utf-8").splitlines()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed)
    paragraphs, titles = _pools()
    written: list[str] = []
    pages = (articles + ARTICLES_PER_PAGE - 1) // ARTICLES_PER_PAGE
    count = 0
    for page_number in range(pages):
        parts: list[str] = []
        for _ in range(min(ARTICLES_PER_PAGE, articles - count)):
            count += 1
            title = f"{rng.choice(titles)[:18]}（{count}）"
            written.append(title)
            body: list[str] = []
            size = 0
            while size < TARGET_CHARS:
                paragraph = _vary(rng.choice(paragraphs), rng)
                body.append(paragraph)
                size += len(paragraph)
            body[0] = "本报讯 " + body[0]
            parts.append(f"{title}\n\n□ 本报记者 {_name(rng)}\n\n" + "\n\n".join(body))
        sub = folder / f"{page_number // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"page{page_number:06d}.txt").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    titles_file.write_text("\n".join(written), encoding="utf-8")
    marker.write_text(str(articles))
    return folder, articles, written
