"""Topics: the shipped taxonomy, how a text is weighed, user overrides, and the seed articles' golden topics.

tests/golden/topics.json maps each seed article's title (the article id for the untitled photo) to the
primary topic a reader assigned by reading it, not to whatever the classifier said.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.corpus import load_corpus
from reader.model import Article
from reader.topics import (
    MAX_TOPICS,
    Taxonomy,
    TaxonomyError,
    Topic,
    classify,
    classify_article,
    tag_topics,
)

GOLDEN = Path(__file__).parent / "golden" / "topics.json"

DEFAULT_LABELS = {
    "healthcare": "医疗医保",
    "disability": "助残",
    "employment": "就业创业",
    "education": "教育",
    "civil": "社会民政",
    "law": "法治公安",
    "ecology": "生态环保",
    "construction": "城乡建设",
    "agriculture": "农业农村",
    "epidemic": "疫情防控",
    "governance": "党建政务",
    "economy": "经济产业",
    "culture": "文化旅游",
}


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return Taxonomy.default()


# -- the shipped taxonomy ------------------------------------------------------------------------


def test_default_ids_and_labels_are_exactly_the_agreed_ones(taxonomy: Taxonomy) -> None:
    assert {topic.id: topic.label for topic in taxonomy} == DEFAULT_LABELS
    assert taxonomy.ids == list(DEFAULT_LABELS)
    assert all(topic.label_en for topic in taxonomy)


def test_every_default_topic_has_dozens_of_terms(taxonomy: Taxonomy) -> None:
    for topic in taxonomy:
        assert len(topic.strong) >= 30, topic.id
        assert len(topic.weak) >= 20, topic.id


def test_words_every_article_uses_are_no_terms(taxonomy: Taxonomy) -> None:
    generic = {"工作", "服务", "建设", "发展", "推进", "群众", "政府", "活动", "管理"}
    for topic in taxonomy:
        assert not generic & set(topic.terms), topic.id


def test_the_data_file_says_what_it_is_and_how_to_override_it() -> None:
    from reader.topics import DEFAULT_PATH

    header = DEFAULT_PATH.read_text(encoding="utf-8").split("\n[", 1)[0]
    assert "config.toml" in header and "replace = true" in header and "enabled = false" in header


def test_import_is_light() -> None:
    code = "import sys, reader.topics; print(sorted(m for m in ('textual', 'jieba', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- labels and names ------------------------------------------------------------------------------


def test_label_in_both_languages(taxonomy: Taxonomy) -> None:
    assert taxonomy.label("healthcare") == "医疗医保"
    assert taxonomy.label("healthcare", lang="en") == "Healthcare"
    assert taxonomy.label("no_such_topic") == "no_such_topic"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("healthcare", "healthcare"),
        ("医疗医保", "healthcare"),
        ("Healthcare", "healthcare"),
        ("HEALTHCARE", "healthcare"),
        (" 法治公安 ", "law"),
        ("law & policing", "law"),
        ("文化旅游", "culture"),
        ("助残", "disability"),
        ("医疗", None),
        ("", None),
        ("未分类", None),
    ],
)
def test_resolve_accepts_an_id_or_either_label(taxonomy: Taxonomy, name: str, expected: str | None) -> None:
    assert taxonomy.resolve(name) == expected


# -- weighing a text -------------------------------------------------------------------------------

# One realistic article per topic, as a title and a short lead; none of these sentences is from the seeds.
PER_TOPIC = [
    (
        "healthcare",
        "我市城乡居民医保参保率稳定在95%以上",
        "今年全市城乡居民基本医疗保险参保人数达到86万人，住院费用政策范围内报销比例提高到70%。",
    ),
    (
        "disability",
        "残联送辅具上门 轮椅助力出行",
        "区残联工作人员近日走访辖区重度残疾人家庭，免费发放轮椅、助听器等辅助器具50余件。",
    ),
    (
        "employment",
        "春风行动专场招聘会提供岗位三千个",
        "人社局联合百余家企业举办专场招聘会，现场达成就业意向800余人，不少返乡农民工找到了合适岗位。",
    ),
    (
        "education",
        "新学期全市中小学课后服务全覆盖",
        "市教育局要求各学校结合实际开设托管和兴趣课程，确保有需要的学生应享尽享。",
    ),
    (
        "civil",
        "社区嵌入式养老服务中心启用",
        "街道在老旧社区新建养老服务设施，为辖区老年人提供助餐、日间照料和康复护理服务，民政部门给予运营补贴。",
    ),
    (
        "law",
        "警方破获一起冒充客服诈骗案",
        "县公安局反诈中心接报后迅速侦查，在外省抓获犯罪嫌疑人3名，为受害人追回被骗资金12万元。",
    ),
    (
        "ecology",
        "全市空气质量优良天数比例创新高",
        "今年以来，市生态环境局持续推进大气污染防治，PM2.5平均浓度同比下降8%，河长制落实情况纳入考核。",
    ),
    (
        "construction",
        "城西快速路高架段主体完工",
        "项目施工方克服高温天气影响，完成全部桥梁上部结构施工，住建部门同步开展工程质量专项检查。",
    ),
    (
        "agriculture",
        "三夏麦收进度过半 粮食生产形势良好",
        "全县组织联合收割机1200台投入抢收，农技人员深入田间指导农户抢墒播种，确保颗粒归仓。",
    ),
    (
        "epidemic",
        "疫情防控指挥部发布最新通告",
        "全市继续实行常态化核酸检测，来自中高风险地区的返乡人员须主动报备，并按要求居家隔离。",
    ),
    (
        "governance",
        "党员干部下沉一线 为民办实事",
        "区委组织部组织机关党支部与社区党组织结对共建，推动政务服务事项在党群服务中心就近办理。",
    ),
    (
        "economy",
        "前三季度规上工业产值同比增长9%",
        "全市制造业企业订单饱满，新能源汽车和电子信息产业成为拉动经济增长的主引擎，外贸出口稳中有升。",
    ),
    (
        "culture",
        "非遗展演闹元宵 古镇游客如织",
        "元宵节期间，古镇景区举办舞龙舞狮、花灯展等民俗活动，吸引游客十余万人次，文旅消费明显回暖。",
    ),
]


@pytest.mark.parametrize(("want", "title", "lead"), PER_TOPIC, ids=[row[0] for row in PER_TOPIC])
def test_a_realistic_article_per_topic(want: str, title: str, lead: str) -> None:
    assert classify(title, [lead]).primary == want


@pytest.mark.parametrize(("want", "title", "lead"), PER_TOPIC, ids=[row[0] for row in PER_TOPIC])
def test_the_lead_alone_decides_too(want: str, title: str, lead: str) -> None:
    assert classify("", [lead]).primary == want


def test_no_evidence_means_no_topic() -> None:
    result = classify("春日见闻", ["清晨的街头，行人匆匆，一切都像往常一样。"])
    assert result.topics == [] and result.evidence == {} and result.primary is None
    assert classify("", []).topics == []


def test_a_lone_weak_word_is_no_topic() -> None:
    result = classify("", ["那天的天气很好。", "孩子们在河边玩到傍晚。"])
    assert result.scores == {"education": 1.0} and result.topics == []


def test_title_counts_more_than_the_body() -> None:
    body = ["住院病人的家属说，医院今年换了新设备。", "他说，这里的公安派出所也搬了新址。"]
    assert classify("派出所民警帮迷路老人回家", body).primary == "law"
    assert classify("医院添置新设备", body).primary == "healthcare"


def test_the_lead_counts_more_than_later_paragraphs() -> None:
    lead_first = classify("", ["学校举行开学典礼。", "消防演练随后举行，民警到场指导。"])
    later = classify("", ["今天举行了一场活动。", "学校举行开学典礼，民警到场指导。"])
    assert lead_first.scores["education"] > later.scores["education"]


def test_repeating_a_word_has_diminishing_returns() -> None:
    once = classify("", ["开场。", "就业。"]).scores["employment"]
    many = classify("", ["开场。", "就业。" * 20]).scores["employment"]
    assert once < many < 5 * once


def test_evidence_names_title_hits_and_counts(taxonomy: Taxonomy) -> None:
    result = classify("严厉打击欺诈骗保", ["医保基金是群众的救命钱。", *["医保基金监管不放松。"] * 11])
    assert result.primary == "healthcare"
    # most important first: twelve mentions in the body outweigh one in the title
    assert result.evidence["healthcare"][:2] == ["医保基金×12", "title:欺诈骗保"]
    assert all(
        re.fullmatch(r"title:\S+|\S+×\d+", item) for items in result.evidence.values() for item in items
    )


def test_at_most_three_topics_and_secondary_ones_are_close() -> None:
    text = "残疾人就业招聘会在学校举行，公安民警维持秩序，医院派出医生，企业带来岗位，文化馆送来演出。"
    result = classify("残疾人就业 企业 学校 医院 公安 文化", [text] * 3)
    assert 1 < len(result.topics) <= MAX_TOPICS
    assert set(result.evidence) == set(result.topics)


def test_fraud_story_with_epidemic_is_law_first_epidemic_second() -> None:
    result = classify(
        "警方破获一起涉疫情诈骗案",
        ["犯罪嫌疑人以出售口罩为名实施诈骗，公安局接警后迅速抓获嫌疑人。"],
    )
    assert result.topics[:2] == ["law", "epidemic"]


def test_disabled_peoples_jobs_are_disability_first_employment_second() -> None:
    result = classify(
        "助残就业招聘会为残疾人送岗位",
        ["区残联联合人社局举办残疾人专场招聘会，20家企业提供适合残疾人的就业岗位120个。"],
    )
    assert result.topics[:2] == ["disability", "employment"]


def test_insurance_fraud_is_healthcare_with_law_next_in_line() -> None:
    body = ["市医保局联合公安机关查处一起欺诈骗保案，涉案医院虚构住院套取医保基金。"] + [
        "公安机关已对犯罪嫌疑人采取刑事强制措施，涉案医院被解除医保定点协议。"
    ] * 2
    result = classify("查处欺诈骗保案 追回医保基金", body)
    assert result.primary == "healthcare"
    assert list(result.scores)[1] == "law"  # a secondary topic once the police part is substantial


def test_seed_insurance_fraud_report_with_a_police_case_gets_law_second() -> None:
    article = next(a for a in load_corpus().articles if a.title.startswith("飞行检查数据赋能"))
    assert classify_article(article).topics == ["healthcare", "law"]


def test_a_compound_is_read_as_itself(taxonomy: Taxonomy) -> None:
    # 生态安葬 is a funeral reform (civil), not an environment story; 警示教育 is not schooling.
    counts = taxonomy.count_terms("推广生态安葬，开展警示教育。")
    assert counts == {"生态安葬": 1, "警示教育": 1}
    result = classify("推广生态安葬", ["开展警示教育。"])
    assert result.primary == "civil"
    assert "education" not in result.scores and "ecology" not in result.scores


def test_classify_article_reads_subtitle_and_captions() -> None:
    article = Article(
        id="x",
        source="x.txt",
        page_order=1,
        title="春暖花开",
        subtitle="残联送轮椅上门",
        body=["近日天气晴好。"],
    )
    assert classify_article(article).primary == "disability"
    photo = Article(
        id="p", source="x.txt", page_order=2, title="", kind="photo", captions=["民警在路口执勤。"]
    )
    assert classify_article(photo).primary == "law"


def test_tag_topics_fills_the_article() -> None:
    article = Article(
        id="x", source="x.txt", page_order=1, title="警方破获诈骗案", body=["公安局抓获嫌疑人。"]
    )
    result = tag_topics(article)
    assert article.topics == result.topics == ["law"]
    assert article.topic_evidence == result.evidence and article.topic_evidence["law"][0].startswith("title:")


# -- the matcher -----------------------------------------------------------------------------------


def _plain_pattern(terms: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t))))


def test_the_trie_regex_matches_like_a_longest_first_alternation(taxonomy: Taxonomy) -> None:
    text = "\n".join(a.text for a in load_corpus().articles)
    terms = [*taxonomy.neutral, *(t for topic in taxonomy for t in topic.terms)]
    assert taxonomy.count_terms(text) == Counter(_plain_pattern(terms).findall(text))


@settings(max_examples=300, deadline=None)
@given(
    terms=st.lists(st.text(alphabet="ab.+医保金", min_size=1, max_size=4), min_size=1, max_size=12),
    neutral=st.lists(st.text(alphabet="ab.+医保金", min_size=1, max_size=4), max_size=3),
    text=st.text(alphabet="ab.+医保金 ", max_size=60),
)
def test_the_trie_regex_on_random_terms(terms: list[str], neutral: list[str], text: str) -> None:
    tax = Taxonomy([Topic("probe", "探针", "Probe", tuple(terms))], neutral)
    assert tax.count_terms(text) == Counter(_plain_pattern([*terms, *neutral]).findall(text))


def test_throughput_is_millions_of_characters_a_second() -> None:
    articles = load_corpus().articles
    docs = [(a.title, a.body) for a in articles] * 8
    chars = sum(len(t) + sum(map(len, b)) for t, b in docs)
    taxonomy = Taxonomy.default()
    classify("", ["预热"], taxonomy)
    start = time.process_time()
    for title, body in docs:
        classify(title, body, taxonomy)
    rate = chars / max(time.process_time() - start, 1e-9)
    # Measured about 5 M chars/s; the bound only catches a return to the slow plain alternation.
    assert rate > 1_000_000, f"{rate / 1e6:.2f} M chars/s"


# -- overrides -------------------------------------------------------------------------------------


def test_overrides_extend_a_default_topic(taxonomy: Taxonomy) -> None:
    custom = taxonomy.with_overrides({"healthcare": {"strong": ["长护险护工"], "weak": ["陪诊"]}})
    assert "长护险护工" in custom["healthcare"].strong and "医保" in custom["healthcare"].strong
    assert "陪诊" in custom["healthcare"].weak
    assert classify("", ["陪诊师和长护险护工上岗。"], custom).primary == "healthcare"
    assert "长护险护工" not in taxonomy["healthcare"].strong  # the default is untouched


def test_overrides_replace_a_default_topic(taxonomy: Taxonomy) -> None:
    custom = taxonomy.with_overrides({"law": {"replace": True, "strong": ["法庭"], "label": "法治"}})
    assert custom["law"].strong == ("法庭",) and custom["law"].weak == ()
    assert custom.label("law") == "法治" and custom.label("law", "en") == "Law & policing"
    assert classify("", ["公安民警抓获嫌疑人。"], custom).primary != "law"
    assert classify("", ["法庭开庭。"], custom).primary == "law"


def test_overrides_add_a_new_topic(taxonomy: Taxonomy) -> None:
    custom = taxonomy.with_overrides(
        {
            "transport": {
                "label": "交通出行",
                "label_en": "Transport",
                "strong": ["公交", "地铁站"],
                "weak": ["乘客"],
            }
        }
    )
    assert custom.ids[-1] == "transport"
    assert custom.resolve("交通出行") == custom.resolve("transport") == "transport"
    result = classify("新开三条公交线路", ["乘客可在地铁站换乘。"], custom)
    assert result.primary == "transport"
    assert result.evidence["transport"][0] == "title:公交"


def test_overrides_drop_a_topic_and_add_neutral_phrases(taxonomy: Taxonomy) -> None:
    custom = taxonomy.with_overrides({"epidemic": {"enabled": False}, "neutral": ["安全教育"]})
    assert "epidemic" not in custom and custom.resolve("疫情防控") is None
    assert "epidemic" not in classify("疫情防控", ["核酸检测"], custom).scores
    assert "education" not in classify("", ["开展安全教育。"], custom).scores


def test_no_overrides_is_the_same_taxonomy(taxonomy: Taxonomy) -> None:
    assert taxonomy.with_overrides({}) is taxonomy
    assert taxonomy.with_overrides(None) is taxonomy


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (["healthcare"], r"topics: expected a table"),
        ({"Health": {"strong": ["x"]}}, r"topics\.Health: a topic id is lower-case"),
        ({"neutral": "x"}, r"topics\.neutral: expected a list"),
        ({"healthcare": ["医保"]}, r"topics\.healthcare: expected a table"),
        ({"healthcare": {"strongest": ["医保"]}}, r"topics\.healthcare: unknown key 'strongest'"),
        ({"healthcare": {"strong": "医保"}}, r"topics\.healthcare\.strong: expected a list"),
        (
            {"healthcare": {"weak": ["门诊", 3]}},
            r"topics\.healthcare\.weak\[1\]: expected a non-empty string",
        ),
        ({"healthcare": {"weak": ["  "]}}, r"topics\.healthcare\.weak\[0\]: expected a non-empty string"),
        ({"healthcare": {"weak": ["门 诊"]}}, r"topics\.healthcare\.weak\[0\]: .*cannot hold spaces"),
        ({"healthcare": {"label": ""}}, r"topics\.healthcare\.label: expected a non-empty string"),
        ({"healthcare": {"replace": "yes"}}, r"topics\.healthcare\.replace: expected true or false"),
        ({"healthcare": {"replace": True}}, r"topics\.healthcare: no terms left"),
        ({"newtopic": {"strong": ["x"]}}, r"topics\.newtopic: a new topic needs a label"),
        ({"newtopic": {"label": "新话题"}}, r"topics\.newtopic: no terms left"),
        (
            {"newtopic": {"label": "教育", "strong": ["x"]}},
            r"name '教育' is already used by topic 'education'",
        ),
        ({"newtopic": {"enabled": False}}, r"topics\.newtopic: enabled = false, but there is no topic"),
    ],
)
def test_invalid_overrides_name_the_bad_key(taxonomy: Taxonomy, config: Any, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message):
        taxonomy.with_overrides(config)


def test_a_broken_taxonomy_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "topics.toml"
    bad.write_text("[topics.x\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="topics.toml"):
        Taxonomy.from_toml(bad)
    bad.write_text('[topics.x]\nlabel = "X"\nstrong = ["a"]\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"topics\.x: missing label_en"):
        Taxonomy.from_toml(bad)
    bad.write_text('[topics.x]\nlabel = "X"\nlabel_en = "X"\n', encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"topics\.x: no terms"):
        Taxonomy.from_toml(bad)
    bad.write_text("[other]\nx = 1\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match="unknown key 'other'"):
        Taxonomy.from_toml(bad)


# -- the seed pages --------------------------------------------------------------------------------


def test_golden_seed_primaries() -> None:
    golden: dict[str, str] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    articles = load_corpus().articles
    assert sorted(a.title or a.id for a in articles) == sorted(golden)
    assert set(golden.values()) <= set(DEFAULT_LABELS)
    misses = []
    for article in articles:
        want = golden[article.title or article.id]
        result = classify_article(article)
        if result.primary != want:
            misses.append(f"{article.title or article.id}: want {want}, got {result.topics} {result.scores}")
    accuracy = 1 - len(misses) / len(articles)
    print(f"\nseed accuracy: {accuracy:.0%}")
    # The brief's bar is 90%; all are right today, so any miss is a regression worth a look.
    assert not misses, f"seed accuracy {accuracy:.0%}:\n" + "\n".join(misses)


def test_every_seed_article_with_evidence_has_a_topic() -> None:
    for article in load_corpus().articles:
        result = classify_article(article)
        assert result.topics and all(result.evidence[t] for t in result.topics), article.title
