"""A small archive of real page files for the page tests: two papers' folders, dated folders, 版
printed in the furniture, and a crawler's Markdown file; files named so that name order is not
printed order."""

from __future__ import annotations

from pathlib import Path

from reader.app import ReaderApp, build_app
from reader.config import Config
from reader.corpus import load_corpus
from reader.library import MemoryLibrary
from reader.store import AnnotationStore
from tests.app_fixtures import TAXONOMY

PAGES = Path(__file__).resolve().parent / "pages"

CRAWLER = """---
title: 义乌市医保局强化基金监管
date: 2025-01-13
page: 3
page_name: 民生
---

# 义乌市医保局强化基金监管

今年以来，义乌市医保局聚焦医保基金监管，追回医保基金268万元。

医保局联合公安、卫健等部门，对全市定点医药机构开展飞行检查。
"""


def head(day: int, number: int, name: str) -> str:
    weekday = {8: "三", 9: "四"}[day]
    return f"2024年5月{day}日 星期{weekday}　　第{number}版　　{name}\n\n"


def write_archive(root: Path) -> Path:
    """The archive under `root / "papers"`; returns that folder."""
    papers = root / "papers"
    day8 = papers / "德清新闻" / "2024-05-08"
    day9 = papers / "德清新闻" / "2024-05-09"
    crawler = papers / "义乌商报"
    for folder in (day8, day9, crawler):
        folder.mkdir(parents=True)
    (day8 / "a.txt").write_text((PAGES / "county_briefs.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (day8 / "b.txt").write_text(
        head(8, 1, "头版")
        + (PAGES / "headline_after_story.txt").read_text(encoding="utf-8")
        + "\n[b]公益广告[/b]\n",
        encoding="utf-8",
    )
    (day9 / "a.txt").write_text(
        head(9, 1, "头版") + (PAGES / "wrapped_headline_first.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (crawler / "story.md").write_text(CRAWLER, encoding="utf-8")
    return papers


def make_page_app(tmp_path: Path) -> tuple[ReaderApp, Path]:
    """The real app over the archive (split by the real splitter), its pages found through the
    config's corpus, its annotations in `tmp_path`."""
    papers = write_archive(tmp_path)
    corpus = load_corpus([papers])
    assert not corpus.notices, corpus.notices
    store = AnnotationStore(tmp_path / "annotations.json", author="测试编辑")
    config = Config(path=tmp_path / "config.toml", corpus=[str(papers)])
    return build_app(MemoryLibrary(corpus.articles), store, config, (), TAXONOMY), papers
