"""One test per layout rule, each with real sentences from Chinese newspaper pages.

How whole pages split is checked by the page cases in tests/pages/ (a page beside its expected articles)."""

from __future__ import annotations

import pytest

from reader import layout
from reader.text import ends_sentence, forms_word, strip_controls, tidy_spaces


@pytest.mark.parametrize(
    ("raw", "tidy"),
    [
        ("受 党 群 服 务 中 心 留 义 政 策 解", "受党群服务中心留义政策解"),  # justified narrow column
        ("全媒体记者 吕 斌", "全媒体记者 吕斌"),  # a two-character name padded to three cells
        ("通 讯 员 任子安 摄", "通讯员 任子安 摄"),
        ("全市 268 家具有医保定点资格", "全市268家具有医保定点资格"),
        ("2020 年，市医保局", "2020年，市医保局"),
        ("打击欺诈骗保 维护基金安全", "打击欺诈骗保 维护基金安全"),  # a deliberate space stays
        ("坚持“三个聚焦” 描绘“幸福底色”", "坚持“三个聚焦” 描绘“幸福底色”"),
        ("实现疫情防控和审判工作共赢。 李晶晶 摄", "实现疫情防控和审判工作共赢。李晶晶 摄"),
    ],
)
def test_stray_spaces_inside_chinese_are_removed(raw: str, tidy: str) -> None:
    assert tidy_spaces(raw) == tidy


def test_control_and_escape_characters_are_removed_but_punctuation_kept() -> None:
    text = "医保基金\x1b[31m是老百姓的\u200b“救命钱”\x07。\t"
    assert strip_controls(text) == "医保基金[31m是老百姓的“救命钱”。\t"


def test_sentence_ends_and_cuts() -> None:
    assert ends_sentence("该局局长居伟这样说道。")
    assert ends_sentence("让每一分“救命钱”都真正用在刀刃上。”")
    assert not ends_sentence("拒付医保基金并处违约金，中止协")
    assert not ends_sentence("将报销资料进行任务分解，")
    assert forms_word("政企携手搭建是托起残疾人“就业梦”的重", "要举措，2023年")  # 重要
    assert not forms_word("顶层设计", "“我终于可以一个人去看京剧了")


@pytest.mark.parametrize(
    "line",
    [
        "□ 本报记者 吴良艺 □ 本报实习生 梁贺",
        "▢ 全媒体记者 林晓燕",
        "▢ 全媒体记者 王佳丽 通讯员 骆佳黛",
        "通讯员 董黎姿",
        "□ 任红生",
        "文/图 张三",
        "本报记者 李明 通讯员 王小红",
        "2011-12-30     □记者 吕雪莉 陈国洲 格尔木报道 来源:经济参考报",  # a web article's byline line
        "本报记者 张三 北京报道",
    ],
)
def test_bylines(line: str) -> None:
    assert layout.is_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "记者节特别报道",
        "通讯员之家",
        "格尔木报道",
        "2011-12-30 来源:经济参考报",
        "梁贺 摄",
        "政企合作搭建“舞台”",
        "山东济宁 夏雪莲",
    ],
)
def test_not_bylines(line: str) -> None:
    assert not layout.is_byline(line)


@pytest.mark.parametrize(
    ("lead", "dateline", "rest"),
    [
        (
            "本报讯（记者 刘子璇）从“点上发力”到“遍地开花”",
            "本报讯（记者 刘子璇）",
            "从“点上发力”到“遍地开花”",
        ),
        ("本报讯 为检验各村社党群服务中心", "本报讯", "为检验各村社党群服务中心"),
        (
            "本报北京1月13日电（记者 张三）国家医保局日前印发",
            "本报北京1月13日电（记者 张三）",
            "国家医保局日前印发",
        ),
        ("新华社杭州3月2日电 浙江省日前出台", "新华社杭州3月2日电", "浙江省日前出台"),
        (
            "新华社杭州3月2日电 记者 张三 李四 浙江省日前出台",
            "新华社杭州3月2日电 记者 张三 李四",
            "浙江省日前出台",
        ),
        (
            "新华社北京八月十四日电(记者张舵)我国当代著名画家",
            "新华社北京八月十四日电(记者张舵)",
            "我国当代著名画家",
        ),
        (
            "据新华社布加勒斯特8月18日电 (记者陈进)罗马尼亚中国",
            "据新华社布加勒斯特8月18日电 (记者陈进)",
            "罗马尼亚中国",
        ),
        (
            "【大公报讯】记者叶浩源报道:入境事务处昨日公布",
            "【大公报讯】记者叶浩源报道:",
            "入境事务处昨日公布",
        ),
    ],
)
def test_datelines_open_the_lead(lead: str, dateline: str, rest: str) -> None:
    assert layout.split_dateline(lead) == (dateline, rest)


def test_not_a_dateline() -> None:
    assert layout.split_dateline("本报记者日前走访了多家企业。") is None


def test_credits_signoffs_and_signatures() -> None:
    assert layout.is_credit("梁贺 摄")
    assert layout.is_credit("全媒体记者 吕斌 通讯员 任子安 摄")
    assert layout.split_inline_credit("实现疫情防控和审判工作共赢。李晶晶 摄") == (
        "实现疫情防控和审判工作共赢。",
        "李晶晶 摄",
    )
    assert layout.is_signoff("(李鑫朝 吴德良)")


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("俯瞰江西省于都县，民居构成一幅田园画卷。", "胡江涛摄(中经视觉)"),  # who sent it, in brackets
        ("游客在安顺古城历史文化街区观看地戏。", "程洪凯 摄(贵州图片库发)"),
        ("师生重返校园。图为学生在上课。", "(新华社发)"),  # the bracket alone
        ("▲芦淞区白关镇，硕果累累酿丰收。", "芦淞区委宣传部供图"),  # a unit, not a person
        ("◎九月十八日，北京，觀眾在參觀特展。", "(中新社記者賈天勇攝)"),  # traditional characters
    ],
)
def test_captions_ending_in_their_credit(caption: str, credit: str) -> None:
    assert layout.split_inline_credit(f"{caption}{credit}") == (caption, credit)
    assert layout.split_inline_credit(f"{caption} {credit}") == (caption, credit)


def test_not_a_caption_credit() -> None:
    for text in ("会议指出，要加强管理。", "他说这是他的（新华社）", "今天天气很好，大家都来供图"):
        assert layout.split_inline_credit(text) is None, text


def test_signoffs_and_signatures() -> None:
    assert layout.is_signoff("（陆志鹏）")
    assert layout.is_signoff("（本报记者 王五参与采写）")  # who took part, and who compiled it
    assert layout.is_signoff("（本报记者张三整理）")
    assert not layout.is_signoff("（资料整理）")
    assert layout.is_end_mark("（完）")
    assert not layout.is_signoff("(左)")
    assert layout.is_signature("山东济宁 夏雪莲")
    assert not layout.is_signature("强化宣传 营造氛围")


def test_labels_and_page_furniture() -> None:
    for label in ("征文选登", "公益广告", "传真", "责任编辑：张三 美编：李四", "第3版"):
        assert layout.is_label(label), label
    assert layout.page_date("义乌商报 2021年2月22日 星期一") == "2021-02-22"
    assert not layout.is_label("顶层设计")


@pytest.mark.parametrize(
    "line",
    [
        "惠州日报2019年08月25日",
        "_江苏法治报_2025年06月13日A03",
        "上一篇 下一篇",
        "日期:06-13",
        "版面:第06版:区域",
    ],
)
def test_e_paper_chrome_is_furniture(line: str) -> None:
    assert layout.is_label(line)


@pytest.mark.parametrize(
    "line", ["惠州日报创刊七十周年", "日前，记者走进惠州日报印刷厂。", "上一次来还是冬天"]
)
def test_chrome_words_in_text_are_not_furniture(line: str) -> None:
    assert not layout.is_label(line)


@pytest.mark.parametrize(
    "text",
    [
        "政企合作搭建“舞台”",
        "监管领域拓宽，监管力度加大",
        "守住百姓“看病钱”靠什么?",
        "——看离石区医疗保障局如何监管医保基金",
        "冯晓军：防控一线践初心",
    ],
)
def test_headline_shaped(text: str) -> None:
    assert layout.heading_shape(text).ok


@pytest.mark.parametrize(
    "text",
    [
        "在残疾人综合服务中心一楼，前来求职",  # a column foot, cut after a long clause
        "六堡茶原产于梧州苍梧县，种植历史悠",
        "这道亮丽风景，离不开各方尤其是政法机关通力合作。",
        "市医保局把维护基金安全作为首要任务，把打击欺诈骗保作为重中之重的",
    ],
)
def test_not_headline_shaped(text: str) -> None:
    assert not layout.heading_shape(text).ok
