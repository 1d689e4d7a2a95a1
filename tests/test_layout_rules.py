"""One test per layout rule, each with real sentences from Chinese newspaper pages."""

from __future__ import annotations

import pytest

from reader import layout
from reader.segment import segment_page
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
    ],
)
def test_bylines(line: str) -> None:
    assert layout.is_byline(line)


@pytest.mark.parametrize(
    "line", ["记者节特别报道", "通讯员之家", "梁贺 摄", "政企合作搭建“舞台”", "山东济宁 夏雪莲"]
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
    assert layout.is_signoff("（陆志鹏）")
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


def _page(text: str, *, markdown: bool = False) -> list[tuple[str, str, str]]:
    page = segment_page(text, "page.txt", markdown=markdown)
    return [(a.title, a.byline, "\n".join(a.body)) for a in page.articles]


def test_headline_first_with_kicker_and_byline() -> None:
    articles = _page(
        "广西用心优化服务“零距离”\n\n残疾人幸福“就业路”越走越宽\n\n□ 本报记者 吴良艺\n\n"
        "悠悠茶山，秋高气爽，茶农穿梭于层层叠叠的梯田茶园间，采摘六堡茶茶叶。\n"
    )
    assert articles == [
        (
            "残疾人幸福“就业路”越走越宽",
            "□ 本报记者 吴良艺",
            "悠悠茶山，秋高气爽，茶农穿梭于层层叠叠的梯田茶园间，采摘六堡茶茶叶。",
        )
    ]


def test_headline_printed_after_its_story() -> None:
    text = (
        "▢ 全媒体记者 余依萍\n\n本报讯 2月18日，在苏溪镇邢宅村旁的一处闲置地块，挖机正轰隆忙碌。\n\n"
        "苏溪稳步推进非粮化整治\n\n▢ 全媒体记者 张云飞\n\n本报讯 日前，市建设局公布“商城杯”优质工程奖评审结果。\n\n"
        "“商城杯”优质工程奖揭晓\n"
    )
    titles = [a[0] for a in _page(text)]
    assert titles == ["苏溪稳步推进非粮化整治", "“商城杯”优质工程奖揭晓"]


def test_sentence_cut_by_a_column_jump_is_rejoined() -> None:
    text = (
        "特色产业拓宽渠道\n\n□ 本报记者 吴良艺\n\n政企携手搭建是托起残疾人“就业梦”的重\n\n"
        "要举措，玉林市开发残疾人就业岗位108个。\n\n六堡茶原产于梧州苍梧县，种植历史悠\n\n\n\n"
        "在广西玉林北流市大同果业公司加工车间内，残疾员工学习鲜果加工技术。\n\n梁贺 摄\n\n久。近年来，苍梧县残联紧紧围绕六堡茶产业。\n"
    )
    page = segment_page(text, "page.txt")
    (article,) = page.articles
    assert article.body == [
        "政企携手搭建是托起残疾人“就业梦”的重要举措，玉林市开发残疾人就业岗位108个。",
        "六堡茶原产于梧州苍梧县，种植历史悠久。近年来，苍梧县残联紧紧围绕六堡茶产业。",
    ]
    assert article.captions == ["在广西玉林北流市大同果业公司加工车间内，残疾员工学习鲜果加工技术。 梁贺 摄"]


def test_hard_wrapped_column_reflows_without_gluing_paragraphs() -> None:
    column = (
        "▢ 全媒体记者 林晓燕\n\n医保基金是老百姓的“保命\n钱”。可以说，医保基金安全涉及到\n广大人民群众的切身利益，事关医\n"
        "疗保障制度健康可持续发展。\n\n2020年，市医保局把维护基金\n安全作为首要任务，把打击欺诈骗\n保作为重中之重工作，全市共查处\n"
        "违规定点医院39家次。\n近年来，市医保局建立定期通报制\n度，将相关问题通报至卫健等部门。\n\n"
        "打好“组合拳”守牢“保命钱”\n"
    )
    (article,) = segment_page(column, "page.txt").articles
    assert article.title == "打好“组合拳”守牢“保命钱”"
    assert article.body == [
        "医保基金是老百姓的“保命钱”。可以说，医保基金安全涉及到广大人民群众的切身利益，事关医疗保障制度健康可持续发展。",
        "2020年，市医保局把维护基金安全作为首要任务，把打击欺诈骗保作为重中之重工作，全市共查处违规定点医院39家次。",
        "近年来，市医保局建立定期通报制度，将相关问题通报至卫健等部门。",
    ]


def test_section_labels_slogans_and_captions_are_not_articles() -> None:
    text = (
        "征文选登\n\n# 攻克难题，全链条护航南湖机场建设\n\n前不久，随着最后一仓混凝土浇筑完成，机坪整体实现全面贯通。\n\n"
        "(吴冰鑫)\n\n秉持生态文明理念\n共建和谐地球家园\n\n# 青田创新盘活碳资产路径\n\n青田县探索出了别样道路。\n\n\n\n"
        "轮椅舞蹈艺术培训\n\n\n\n残疾人旱地冰壶训练\n\n\n\n公益广告\n"
    )
    page = segment_page(text, "page.md", markdown=True)
    assert [a.title for a in page.articles] == ["攻克难题，全链条护航南湖机场建设", "青田创新盘活碳资产路径"]
    assert page.articles[0].byline == "(吴冰鑫)"
    assert page.articles[1].captions == ["轮椅舞蹈艺术培训", "残疾人旱地冰壶训练"]
    assert page.leftovers == ["征文选登", "秉持生态文明理念", "共建和谐地球家园", "公益广告"]


def test_photo_story_with_its_credit() -> None:
    text = (
        "我市十条措施解决高校毕业生就业难题\n\n本报讯（记者 梁瑜）\n\n针对疫情对应届高校毕业生就业形成的实际影响，我市用足用活现有政策。\n\n\n\n"
        "3月26日，临县法院成功运用远程提讯系统开庭审理了一起故意伤害案件。连日来，该县法院、检察院、看守所依托信息化手段，"
        "有效减少了人员流动。 李晶晶 摄\n"
    )
    page = segment_page(text, "page.txt")
    assert [(a.kind, a.byline) for a in page.articles] == [
        ("brief", "本报讯（记者 梁瑜）"),
        ("photo", "李晶晶 摄"),
    ]


def test_stranded_sentence_tail_finds_its_head() -> None:
    text = (
        "浙江绘就“助残共富”新篇章\n\n维护残疾人合法权益助力残疾人就业增收\n\n法律。\n\n"
        "在浙江，无障碍环境建设已成为一道亮丽风景线。\n\n顶层设计\n\n"
        "2023年9月1日起，无障碍环境建设法施行，这是我国首次就无障碍环境建设制定的专门性\n\n"
        "数字赋能\n\n杭州市残联通过搭建“助残E站”平台，实现一站式服务办理。\n"
    )
    (article,) = segment_page(text, "page.txt").articles
    assert article.body[0] == "在浙江，无障碍环境建设已成为一道亮丽风景线。"
    assert article.body[2].endswith("这是我国首次就无障碍环境建设制定的专门性法律。")
