"""Keywords against the corpus being read, and the entity spans the reading pane highlights."""

from __future__ import annotations

import re

from reader.corpus import load_corpus
from reader.entities import ORG_CHARS, ORG_RUN, ORG_SUFFIXES, _org_names, find_entities
from reader.keywords import KeywordModel, is_candidate, stop_words, term_counts
from reader.regions import place_spans
from reader.tokens import cut, engine

SENTENCE = "今年1月至9月，全国各级医保部门共追回医保基金160.6亿元，飞行检查已覆盖全国所有省份，检查定点医药机构500家。"


def test_keywords_are_words_not_numbers_stop_words_or_single_characters() -> None:
    corpus = load_corpus()
    counts = [term_counts(a.title, a.body) for a in corpus.articles]
    model = KeywordModel.from_counts(counts)
    for article, article_counts in zip(corpus.articles, counts, strict=True):
        keywords = model.keywords(article_counts)
        assert 5 <= len(keywords) <= 8, article.title
        for word in keywords:
            assert len(word) >= 2 and not any(c.isdigit() for c in word) and word not in stop_words(), word
    by_title = {a.title: model.keywords(c) for a, c in zip(corpus.articles, counts, strict=True)}
    assert {"助听器", "听力"} <= set(by_title["一对一调试,公益活动情暖听障人士"])
    assert "双拥" in by_title["多点发力 多措并举 全面开花 我市创建全国双拥模范城工作向纵深推进"]


def test_corpus_idf_demotes_words_every_article_uses() -> None:
    medical = {"医保": 3.0, "助听器": 3.0}
    model = KeywordModel({"医保": 90, "助听器": 2}, documents=100)
    assert model.keywords(medical) == ["助听器", "医保"]


def test_candidates() -> None:
    assert is_candidate("医保基金")
    assert not is_candidate("2023")
    assert not is_candidate("的")
    assert not is_candidate("我们")
    assert not is_candidate("三项", "m")


def test_rjieba_cuts_like_jieba_without_its_hmm() -> None:
    import jieba

    text = "".join(a.title + "".join(a.body) for a in load_corpus().articles)
    assert cut(text) == jieba.lcut(text, HMM=False), engine()


def test_entities_mark_money_figures_dates_bodies_and_people() -> None:
    paragraphs = [
        SENTENCE,
        "国家医疗保障局基金监管司副司长谢章涛表示，2023年5月1日起施行的办法明确了飞行检查程序。",
        "违法嫌疑人张某收取受害人2500元后，孝义市公安局依法对其行政拘留，就业率达60.23%。",
    ]
    found = {
        (p, paragraphs[p][s:e], kind)
        for p, s, e, kind in (
            (x.para, x.start, x.end, x.type) for x in find_entities(paragraphs, place_spans)
        )
    }
    for expected in [
        (0, "160.6亿元", "amount"),
        (0, "500家", "figure"),
        (1, "国家医疗保障局", "org"),
        (1, "谢章涛", "person"),
        (1, "2023年5月1日", "date"),
        (2, "张某", "person"),
        (2, "2500元", "amount"),
        (2, "孝义市公安局", "org"),
        (2, "60.23%", "figure"),
    ]:
        assert expected in found, expected
    spans = sorted((x.para, x.start, x.end) for x in find_entities(paragraphs, place_spans))
    assert all(a[0] != b[0] or a[2] <= b[1] for a, b in zip(spans, spans[1:], strict=False)), (
        "entities never overlap"
    )


def test_org_names_are_what_the_lazy_suffix_pattern_finds() -> None:
    """`_org_names` stands in for this pattern, which is several times slower; they must agree."""
    lazy = re.compile(rf"[{ORG_CHARS}]{{2,16}}?(?:{'|'.join(ORG_SUFFIXES)})")
    assert all(ORG_RUN.fullmatch(suffix) for suffix in ORG_SUFFIXES), "a suffix must lie inside a run"
    texts = [p for a in load_corpus().articles for p in (a.title, *a.body)] + [
        "浙江省高级人民法院和最高人民检察院",  # suffixes inside suffixes: 法院, 人民法院
        "中华全国残疾人联合会委员会党支部委员会",  # a suffix right after a name
        "ABC(中国)科技有限公司与义乌市医共体总院、卫生院",
        "公司",  # a suffix with no name before it
        "一二三四五六七八九十一二三四五六七八九十集团",  # more than 16 characters before the suffix
    ]
    for text in texts:
        assert list(_org_names(text)) == [m.span() for m in lazy.finditer(text)], text
