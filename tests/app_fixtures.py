"""A small, hand-tagged corpus and an app factory for the app's Pilot and snapshot tests.

The articles carry their tags explicitly (not from the tagger), so the snapshots do not change
when the tagging rules improve; the texts are real newspaper sentences.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from reader.app import ReaderApp, build_app
from reader.app.screens import MainScreen
from reader.config import Config
from reader.library import MemoryLibrary
from reader.model import Article, Entity, Region
from reader.store import AnnotationStore
from reader.topics import Taxonomy, Topic

TAXONOMY = Taxonomy(
    [
        Topic("healthcare", "医疗医保", "Healthcare", strong=("医保",)),
        Topic("disability", "助残", "Disability", strong=("残疾人",)),
        Topic("law", "法治公安", "Law and police", strong=("诈骗",)),
    ]
)

ZHEJIANG = Region("浙江省", "金华市", "义乌市")


A1_BODY = [
    "今年以来，义乌市医保局聚焦医保基金监管，开展专项整治行动，追回医保基金268万元。",
    "一、织密监管网络",
    "医保局联合公安、卫健等部门，对全市定点医药机构开展飞行检查，覆盖率达到100%。",
    "“守住群众的看病钱，就是守住民生底线。”医保局负责人说。",
]


def span(body: list[str], para: int, text: str, kind: str) -> Entity:
    """The entity `text` at its first place in paragraph `para`."""
    start = body[para].index(text)
    return Entity(para, start, start + len(text), kind)


def make_articles() -> list[Article]:
    """Eight articles over three regions and three topics, one national, one with no region."""
    return [
        Article(
            id="a1",
            source="yiwu.txt",
            page_order=1,
            title="义乌市医保局强化基金监管出实效",
            subtitle="打击欺诈骗保 维护基金安全",
            byline="记者 王芳",
            body=A1_BODY,
            subheads=[1],
            captions=["医保局工作人员在定点药店检查。"],
            date="2025-01-13",
            region=ZHEJIANG,
            scope="county",
            topics=["healthcare"],
            keywords=["基金监管", "飞行检查"],
            entities=[
                span(A1_BODY, 0, "义乌市医保局", "org"),
                span(A1_BODY, 0, "268万元", "amount"),
                span(A1_BODY, 2, "100%", "figure"),
            ],
        ),
        Article(
            id="a2",
            source="yiwu.txt",
            page_order=2,
            title="廿三里有支“外来建设者体验官”队伍",
            body=["近日，廿三里街道组建外来建设者体验官队伍，首批32名体验官上岗。"],
            region=ZHEJIANG,
            scope="county",
            topics=[],
        ),
        Article(
            id="a3",
            source="yiwu.txt",
            page_order=3,
            title="我市打造“1+1+N”法律服务体系",
            body=["为防范电信网络诈骗，我市打造“1+1+N”法律服务体系，全年开展普法宣传120场。"],
            region=ZHEJIANG,
            scope="county",
            topics=["law"],
        ),
        Article(
            id="b1",
            source="shaoxing.txt",
            page_order=1,
            title="绍兴医保多维度守护群众“救命钱”",
            body=["绍兴市医保局创新监管方式，医保基金运行平稳，参保群众满意度持续提升。"],
            region=Region("浙江省", "绍兴市"),
            scope="city",
            topics=["healthcare"],
        ),
        Article(
            id="c1",
            source="guangxi.txt",
            page_order=1,
            title="残疾人幸福“就业路”越走越宽",
            subtitle="广西用心优化服务“零距离”",
            body=["悠悠茶山，秋高气爽，在广西壮族自治区梧州市苍梧县六堡镇，茶农穿梭于梯田茶园间。"],
            region=Region("广西壮族自治区"),
            scope="provincial",
            topics=["disability"],
        ),
        Article(
            id="n1",
            source="national.txt",
            page_order=1,
            title="飞行检查数据赋能织密医保基金监管网",
            body=["国家医保局通报，去年全国共开展飞行检查，追回医保基金数十亿元。"],
            scope="national",
            topics=["healthcare"],
        ),
        Article(
            id="u1",
            source="misc.txt",
            page_order=1,
            title="多姿多彩一家亲",
            kind="photo",
            body=["各族群众欢聚一堂，共庆佳节。"],
            topics=[],
        ),
        Article(
            id="u2",
            source="misc.txt",
            page_order=2,
            title="孝义警方查处一涉疫情网络诈骗案",
            kind="brief",
            body=["孝义市公安局近日查处一起网络诈骗案，涉案金额3万元。"],
            topics=["law"],
        ),
    ]


def make_app(
    tmp_path: Path,
    articles: list[Article] | None = None,
    config: Config | None = None,
    problems: tuple[str, ...] = (),
) -> ReaderApp:
    """The real app over the fixture corpus, with its annotations in `tmp_path`."""
    store = AnnotationStore(tmp_path / "annotations.json", author="测试编辑")
    library = MemoryLibrary(articles if articles is not None else make_articles())
    return build_app(library, store, config or Config(path=tmp_path / "config.toml"), problems, TAXONOMY)


def async_test(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with asyncio.run (the project has no pytest-asyncio); fixtures still work
    because pytest reads the signature through `__wrapped__`."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the app's workers (loading, searching) are done and their messages handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def main(app: ReaderApp) -> MainScreen:
    """The main screen, wherever it stands in the stack (a dialog may be open over it)."""
    return next(s for s in app.screen_stack if isinstance(s, MainScreen))


def on_top(app: ReaderApp) -> MainScreen:
    """The main screen, which must be the one shown (no dialog over it)."""
    assert isinstance(app.screen, MainScreen), app.screen
    return app.screen


def status(app: ReaderApp) -> str:
    """The status line as drawn."""
    return str(main(app).query_one("#status").render())
