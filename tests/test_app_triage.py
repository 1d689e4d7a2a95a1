"""The triage summary `T`: counts per verdict for the view and per group, and picks first; as data
and in the real app."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from reader.app import ReaderApp
from reader.app.grouping import GroupLabels
from reader.app.rowlist import build_rows
from reader.app.screens import MainScreen
from reader.app.triage import count_verdicts, group_counts, picks_first
from reader.app.triage_screen import TriageScreen
from reader.library import Marks, Summary
from reader.store import ArticleRef
from tests.app_fixtures import TAXONOMY, async_test, make_app, make_articles

SIZE = (100, 30)


MARKS = {
    "a1": Marks(verdict="pick"),
    "b1": Marks(verdict="followup"),
    "a3": Marks(verdict="skip"),
    "n1": Marks(verdict="pick"),
}


def summaries() -> list[Summary]:
    return [Summary.of(a) for a in make_articles()]


def test_counts_for_the_view_and_every_group() -> None:
    rows = build_rows(summaries(), "region", labels=GroupLabels())
    view = count_verdicts([s.id for s in summaries()], MARKS)
    assert (view.pick, view.followup, view.skip, view.untriaged, view.total) == (2, 1, 1, 4, 8)
    by_group = {group.path: counts for group, counts in group_counts(rows, MARKS)}
    zhejiang = by_group[("浙江省",)]
    assert (zhejiang.pick, zhejiang.followup, zhejiang.skip, zhejiang.untriaged) == (1, 1, 1, 1)
    yiwu = by_group[("浙江省", "金华市", "义乌市")]
    assert (yiwu.pick, yiwu.skip, yiwu.untriaged, yiwu.total) == (1, 1, 1, 3)
    assert by_group[("全国",)].pick == 1


def test_picks_come_first_then_follow_ups_each_once() -> None:
    label = TAXONOMY.label
    rows = build_rows(summaries(), "topic", topic_label=label)
    chosen = picks_first(rows, MARKS)
    assert [r.id for r in chosen] == ["a1", "n1", "b1"]


@async_test
async def test_t_shows_the_summary_and_opens_a_pick(tmp_path: Path) -> None:
    app: ReaderApp = make_app(tmp_path)
    for article_id, verdict in (("a1", "pick"), ("b1", "followup"), ("u1", "skip")):
        app.store.set_verdict(ArticleRef(article_id), verdict)  # type: ignore[arg-type]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        assert isinstance(app.screen, TriageScreen)
        table = str(app.screen.query_one("#triage-table", Static).render())
        assert "当前视图：8 篇" in table and "选 1 · 跟 1 · 略 1 · 未判定 5" in table
        lines = table.splitlines()
        assert any(
            line.lstrip().startswith("浙江省") and "选 1 · 跟 1 · 略 0 · 未判定 2" in line for line in lines
        )
        assert any(line.lstrip().startswith("未知地区") and "略 1" in line for line in lines)
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown[0].startswith("选 义乌市医保局") and shown[1].startswith("跟 绍兴医保")
        await pilot.press("j", "enter")
        assert isinstance(app.screen, MainScreen)
        assert app.screen.current_article_id() == "b1"
        # The summary follows the view: in a search only its articles count.
        await pilot.press("escape", "T", "escape")
        assert isinstance(app.screen, MainScreen)
