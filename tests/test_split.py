"""The splitter's parts on their own: gold labels into block labels, labels into articles,
the fitted tagger's vocabulary, and traditional pages read through simplified forms."""

from __future__ import annotations

from reader import layout
from reader.hanzi import is_traditional, simplified
from reader.segment import segment_page
from reader.split.blocks import page_blocks
from reader.split.gold import GoldItem, align
from reader.split.labels import Label
from reader.split.mend import mend_labels
from reader.split.tagger import label_blocks
from reader.tagging import tag_page

PAGE = (
    "2024年5月8日 星期三 第2版 要闻\n\n"
    "德清县首个“共富工坊”联盟成立\n\n"
    "本报讯（记者 沈佳）5月6日，德清县首个“共富工坊”联盟在新市镇成立，首批18家企业与32个村结对。\n\n"
    "新市镇党委负责人表示，下一步将把联盟经验向全县推广。\n\n"
    "（朱颖）\n"
)

BRIEFS = (
    "简讯\n\n"
    "◆27日上午，县城建局领导班子察看城建重点工程项目建设现场。（夏慧）\n\n"
    "◆27日下午，县姓氏文化研究会在三垛镇召开座谈会。（王庆山）\n\n"
    "◆近日，县人民医院开通儿科夜间门诊，服务时间为每天18时至21时。（徐凤勇）\n"
)


def test_gold_items_become_one_label_per_block() -> None:
    item = GoldItem(
        page="p.txt",
        title="德清县首个“共富工坊”联盟成立",
        subtitle="",
        kind="brief",
        body_start="5月6日，德清县首个“共富",
        body_end="经验向全县推广。",
        byline="本报讯（记者 沈佳）（朱颖）",
    )
    blocks = page_blocks(PAGE, markdown=False)
    assert align(blocks, [item]) == [
        Label.FURNITURE,
        Label.TITLE,
        Label.DATELINE,
        Label.BODY,
        Label.SIGNOFF,
    ]


def test_articles_are_assembled_from_labels() -> None:
    blocks = page_blocks(BRIEFS, markdown=False)
    labels = [Label.FURNITURE] + [Label.LEAD, Label.SIGNOFF] * 3
    assert [b.text for b in blocks][1:3] == [
        "◆27日上午，县城建局领导班子察看城建重点工程项目建设现场。",
        "（夏慧）",
    ]
    page = segment_page(BRIEFS, "briefs.txt", labels=labels)
    assert [(a.kind, a.byline) for a in page.articles] == [
        ("brief", "（夏慧）"),
        ("brief", "（王庆山）"),
        ("brief", "（徐凤勇）"),
    ]
    assert page.leftovers == ["简讯"]


def test_the_fitted_tagger_speaks_the_label_vocabulary() -> None:
    blocks = page_blocks(PAGE, markdown=False)
    labels = label_blocks(blocks)
    assert len(labels) == len(blocks)
    assert all(isinstance(label, Label) for label in labels)
    assert labels[1] == Label.TITLE and labels[2] == Label.DATELINE


def test_traditional_page_reads_through_simplified_forms() -> None:
    text = (
        "街坊節開幕推睦鄰互助\n\n"
        "【本報消息】澳門特區政府與街坊會聯合總會昨日在塔石廣場舉行街坊節開幕禮，一眾社團代表出席。\n"
    )
    assert is_traditional(text)
    assert simplified("本報記者 攝") == "本报记者 摄"
    assert layout.split_dateline("【本報消息】澳門街坊會") == ("【本報消息】", "澳門街坊會")
    page = segment_page(text, "macao.txt")
    tag_page(page)
    (article,) = page.articles
    assert article.title == "街坊節開幕推睦鄰互助"
    assert article.byline == "【本報消息】"
    assert article.body[0].startswith("澳門特區政府與街坊會")  # shown as printed
    assert article.region.province == "澳门特别行政区"


def test_a_web_page_title_keeps_the_headline_and_sets_the_masthead_aside() -> None:
    text = "法官巧手缝“家”字 老人感谢送锦旗_江苏法治报_2025年06月13日A03\n\n6月10日上午，万大爷老两口来到法院。\n"
    assert [b.text for b in page_blocks(text, markdown=False)] == [
        "法官巧手缝“家”字 老人感谢送锦旗",
        "_江苏法治报_2025年06月13日A03",
        "6月10日上午，万大爷老两口来到法院。",
    ]


def test_a_headline_set_in_short_pieces_is_one_title() -> None:
    text = "人大五次会议\n\n主席团召开\n\n第四次会议\n\n1月21日，市十七届人大五次会议主席团召开第四次会议。\n"
    labels = [Label.TITLE, Label.TITLE, Label.TITLE, Label.LEAD]
    (article,) = segment_page(text, "p.txt", labels=labels).articles
    assert (article.title, article.subtitle) == ("人大五次会议 主席团召开 第四次会议", "")


def test_a_dateline_opens_a_story_whatever_the_tagger_said() -> None:
    text = (
        "县城建局察看重点工程\n\n27日上午，县城建局领导班子察看城建重点工程项目建设现场。\n\n"
        "新华社杭州5月7日电 浙江省日前印发方案，提出县域医共体检查结果互认。\n"
    )
    labels = [Label.TITLE, Label.LEAD, Label.BODY]
    first, second = segment_page(text, "p.txt", labels=labels).articles
    assert first.body == ["27日上午，县城建局领导班子察看城建重点工程项目建设现场。"]
    assert second.byline == "新华社杭州5月7日电"
    assert second.body == ["浙江省日前印发方案，提出县域医共体检查结果互认。"]


def test_one_line_per_paragraph_is_no_wrapped_column_though_its_headlines_share_a_width() -> None:
    """A brief column printed with no blank lines: six headlines of one width among long
    paragraphs. Each line is a block; nothing is joined as if the page were hard-wrapped."""
    heads = ["北縣 喜聆學員 募物資送老人", "中市 偷車笨賊當場 人贓俱獲", "中縣 家扶表揚自強家庭兒童"] * 2
    story = "台北市喜聆學苑五十餘名學員從前晚起挨家挨戶募物資，昨天將帶著募來物資探訪安養所。" * 3
    lines = [line for head in heads for line in (head, story)]
    assert [b.text for b in page_blocks("\n".join(lines) + "\n", markdown=False)] == lines


def test_a_line_without_a_word_is_never_glued_into_a_paragraph() -> None:
    """Table borders between hard-wrapped captions stay apart, and make no article."""
    caption = ["3月29日清晨，靖安县仁首", "镇周口村的茶园里，茶农", "正在采摘明前茶。徐仲庭摄"]
    text = "\n".join([*caption, "|", "|"] * 6) + "\n"
    blocks = [b.text for b in page_blocks(text, markdown=False)]
    assert blocks.count("|") == 12
    assert "3月29日清晨，靖安县仁首镇周口村的茶园里，茶农正在采摘明前茶。" in blocks
    articles = segment_page(text, "p.txt").articles
    assert articles and all(any(c.isalnum() for c in "".join(a.body)) for a in articles)


PHOTO_RUN = [
    "江苏省泰州市姜堰区顾高镇顾高村种植户将收获的萝卜装车",
    "汤德宏 摄",
    "村民在贵州省开阳县双流镇双永村玫瑰种植基地采摘玫瑰花",
    "袁福洪 摄",
    "在河南省焦作市博爱县鸿昌街道九街社区，村民晾晒刚收获的油菜籽。",
    "程全 摄",
]


def test_a_run_of_captions_each_under_its_credit_is_a_run_of_photo_items() -> None:
    """Whatever the tagger made of the captions (a title, a caption), each opens its picture."""
    blocks = page_blocks("\n\n".join(PHOTO_RUN) + "\n", markdown=False)
    tagged = [Label.TITLE, Label.CREDIT, Label.CAPTION, Label.CREDIT, Label.CAPTION, Label.CREDIT]
    assert mend_labels(blocks, tagged) == [Label.LEAD, Label.CREDIT] * 3
    page = segment_page("\n\n".join(PHOTO_RUN) + "\n", "p.txt")
    assert [(a.kind, a.body, a.byline) for a in page.articles] == [
        ("photo", [PHOTO_RUN[i]], PHOTO_RUN[i + 1]) for i in (0, 2, 4)
    ]


def test_one_captioned_credit_is_no_run() -> None:
    blocks = page_blocks(
        "县城建局察看重点工程\n\n汤德宏 摄\n\n27日上午，县城建局领导班子察看城建重点工程。\n", False
    )
    tagged = [Label.TITLE, Label.CREDIT, Label.LEAD]
    assert mend_labels(blocks, tagged) == tagged


def test_a_line_the_tagger_set_aside_above_a_lead_is_its_headline_unless_the_lexicon_knows_it() -> None:
    text = "00004版:要闻\n\n加速“过关”\n\n为助力港口和水运企业复工复产，近日，杭甬运河新坝船闸采取通闸放行的举措。\n"
    blocks = page_blocks(text, markdown=False)
    tagged = [Label.FURNITURE, Label.FURNITURE, Label.LEAD]
    assert mend_labels(blocks, tagged) == [Label.FURNITURE, Label.TITLE, Label.LEAD]
    dated = page_blocks(
        "2020年3月26日 星期四\n\n为助力港口和水运企业复工复产，近日，船闸通闸放行。\n", markdown=False
    )
    assert mend_labels(dated, [Label.FURNITURE, Label.LEAD]) == [Label.FURNITURE, Label.LEAD]


def _mended(lines: list[str], tagged: list[Label]) -> list[Label]:
    """The mended labels of a page of one block per line (one blank line between blocks)."""
    blocks = page_blocks("\n\n".join(lines) + "\n", markdown=False)
    assert len(blocks) == len(tagged), [b.text for b in blocks]
    return mend_labels(blocks, tagged)


def test_a_short_caption_that_tells_news_in_a_sentence_opens_its_picture() -> None:
    lines = ["清甜萝卜喜迎丰收。", "张三 摄", "联合收割机唱响丰收曲。", "李四 摄"]
    assert _mended(lines, [Label.CAPTION, Label.CREDIT] * 2) == [Label.LEAD, Label.CREDIT] * 2
    bare = ["●测油", "郭峰 摄", "●技改", "张铁柱 摄"]
    assert _mended(bare, [Label.CAPTION, Label.CREDIT] * 2) == [Label.CAPTION, Label.CREDIT] * 2


def test_a_headline_between_two_paragraphs_of_an_unclosed_story_is_a_subhead_on_a_closing_page() -> None:
    lines = [
        "家长夜校推动家庭教育",
        "近日，望海街道以家长夜校为载体，在北荡社区试点构建了三级备课体系。",
        "（张凤）",
        "联办改革让群众省心",
        "去年全省联办服务交出亮眼成绩单，群众联办率达九成以上。",
        "数智赋能从多跑腿到指尖办",
        "在温州市龙湾区，市民张先生通过手机应用，仅用三天就办完了手续。",
        "（李晶瞳）",
        "青田盘活碳资产",
    ]
    tagged = [
        Label.TITLE, Label.BODY, Label.SIGNOFF, Label.TITLE, Label.BODY,
        Label.TITLE, Label.BODY, Label.SIGNOFF, Label.TITLE,
    ]  # fmt: skip
    assert _mended(lines, tagged)[5] == Label.SUBHEAD


def test_a_paragraph_above_the_dateline_is_the_pictures_caption() -> None:
    lines = [
        "浦东两个地区今起调整为低风险地区",
        "今天零时，界龙花苑小区门开了，居民走出小区。",
        "□倪竹馨 摄",
        "本报讯（记者 章磊）随着时针指向今日零点，小区正式解封。",
    ]
    tagged = [Label.TITLE, Label.BODY, Label.CREDIT, Label.DATELINE]
    assert _mended(lines, tagged) == [Label.TITLE, Label.CAPTION, Label.CREDIT, Label.DATELINE]


def test_a_numbered_picture_stays_in_its_story_or_captions_it_from_above() -> None:
    inside = ["连日来，解放区对辖区重要节点展开集中整治。", "图① 志愿者在清理公共场所卫生。", "李良贵 摄"]
    assert _mended(inside, [Label.LEAD, Label.LEAD, Label.CREDIT]) == [Label.LEAD, Label.BODY, Label.CREDIT]
    above = ["图① 村民们在新社区里安居乐业。", "在辉县裴庄老村里，两块石头架起的辘轳下有一眼老井。"]
    assert _mended(above, [Label.LEAD, Label.BODY]) == [Label.CAPTION, Label.BODY]


def test_a_date_line_and_an_agency_credit_are_never_a_headline_or_a_story() -> None:
    lines = ["夏收好风景 小麦收割忙", "2025年05月24日", "眼下，我市多地小麦陆续进入收获期。", "新华社发"]
    tagged = [Label.TITLE, Label.TITLE, Label.BODY, Label.LEAD]
    assert _mended(lines, tagged) == [Label.TITLE, Label.FURNITURE, Label.BODY, Label.CREDIT]


def test_a_credit_closes_the_photo_item_above_it() -> None:
    page = segment_page(
        "群众在年货市场购买特色年货“香布”。\n\n本报记者 曲珍 摄\n\n"
        "大红的对联、精致的“切玛”盒、象征吉祥的羊头摆满了货架。\n\n"
        "藏历新年是藏族群众一年一度最为隆重的传统节日。\n",
        "p.txt",
        labels=[Label.LEAD, Label.CREDIT, Label.BODY, Label.BODY],
    )
    assert [a.body[0][:4] for a in page.articles] == ["群众在年", "大红的对"]


def test_bracketed_reporters_and_one_character_papers_open_a_dateline() -> None:
    assert layout.split_dateline("【記者鄭家瑜報導】端午節將至") == ("【記者鄭家瑜報導】", "端午節將至")
    assert layout.split_dateline("晨报讯（记者贾正威）昨日下午") == ("晨报讯（记者贾正威）", "昨日下午")


def test_a_reporter_line_and_a_sites_desk_open_a_dateline() -> None:
    assert layout.split_dateline("本报通讯员赵峰报道11月2日，新华社记者") == (
        "本报通讯员赵峰报道",
        "11月2日，新华社记者",
    )
    assert layout.split_dateline("本报记者 王涛 李明报道：近日") == ("本报记者 王涛 李明报道：", "近日")
    assert layout.split_dateline("红网长沙县分站4月20日讯（通讯员 李倩）4月19日") == (
        "红网长沙县分站4月20日讯（通讯员 李倩）",
        "4月19日",
    )
    assert layout.split_dateline("每日甘肃网-嘉峪关日报讯（记者 张杰）10月17日") == (
        "每日甘肃网-嘉峪关日报讯（记者 张杰）",
        "10月17日",
    )
    # A sentence about reporting is no dateline.
    assert layout.split_dateline("本报记者深入一线报道了群众关心的问题。") is None
    assert layout.split_dateline("本报编辑部报道了一则消息。") is None


def test_a_county_desk_opens_a_dateline_only_with_its_reporter_or_the_paper() -> None:
    assert layout.split_dateline("陇西讯(记者张爱平)今年以来,陇西县") == (
        "陇西讯(记者张爱平)",
        "今年以来,陇西县",
    )
    assert layout.split_dateline("本报永修讯 记者张晶报道:游览天下") == (
        "本报永修讯 记者张晶报道:",
        "游览天下",
    )
    assert layout.split_dateline("本报石城讯“黄小俊,加油!”") == ("本报石城讯", "“黄小俊,加油!”")
    assert layout.split_dateline("喜讯传来,全村沸腾。") is None  # 讯 without a reporter is a word


def test_a_subhead_set_like_the_pages_marked_headlines_is_a_headline() -> None:
    lines = [
        "• 赴一场约定",
        "小暑这天,我们去城北地区采风。",
        "• 更新的城北 更美的生活",
        "城北地区更新,老城面貌焕然一新。",
    ]
    tagged = [Label.TITLE, Label.BODY, Label.SUBHEAD, Label.BODY]
    assert _mended(lines, tagged) == [Label.TITLE, Label.BODY, Label.TITLE, Label.BODY]
    plain = ["赴一场约定", "小暑这天,我们去城北地区采风。", "• 更新的城北", "城北地区更新,老城面貌焕然一新。"]
    assert _mended(plain, tagged)[2] != Label.TITLE  # the page's headlines are not marked


def test_a_web_pages_views_and_date_come_off_its_headline() -> None:
    blocks = page_blocks("连夜除雪保畅通44,541 2024年01月17日\n1月16日凌晨2点,市城区开始降雪。\n", False)
    assert [b.text for b in blocks][:2] == ["连夜除雪保畅通", "44,541 2024年01月17日"]
    tagged = [Label.TITLE, Label.BODY, Label.LEAD]
    assert _mended([b.text for b in blocks], tagged) == [Label.TITLE, Label.FURNITURE, Label.LEAD]
    # A sentence that ends on a date keeps it.
    assert [b.text for b in page_blocks("会议定于2024年01月17日\n", False)] == ["会议定于2024年01月17日"]


def test_a_credit_keeps_its_name_when_the_agency_that_sent_it_follows() -> None:
    assert layout.is_credit("程洪凯 摄(贵州图片库发)")
    assert layout.is_credit("涂俊摄(中经视觉)")
    assert not layout.is_credit("(贵州图片库发)")  # who sent it, without a name, is not a credit line
    assert not layout.is_signoff("程洪凯 摄(贵州图片库发)")


def test_traditional_bylines_and_names_run_together_are_bylines() -> None:
    assert layout.is_byline("文/圖:宋志富")  # 圖 reads as 图
    assert layout.is_credit("記者 陳明 攝")
    assert layout.is_byline("□本报记者席啸闫掌哲")  # two names without a space
    assert not layout.is_byline("记者来到现场")
    assert not layout.is_byline("记者招待会上")


def test_a_headline_over_another_story_is_not_taken_for_a_subhead() -> None:
    lines = [
        "下镇乡里刮春风",
        "春风拂面,暖意融融。3月15日上午,垦利县下镇乡党委会议室里,正在进行着一场别开生面的现场办公会。",
        "下镇乡是我市最偏远和贫困的乡镇之一。25个村有12个村没有拉上电,人们只能靠天吃饭。",
        "人大接待日聚焦民生热点问题",
        "9月25日上午,南码头路街道第三季度人大代表集中接待日活动如期开展,代表倾听选民意见。",
        "来自六里片区的选民代表纷纷提出了日常生活中所遇到的实际问题和建议。",
    ]
    tagged = [Label.TITLE, Label.BODY, Label.BODY, Label.SUBHEAD, Label.BODY, Label.BODY]
    assert _mended(lines, tagged)[3] == Label.TITLE
    # A subhead that goes on with its story's wording stays one.
    going_on = [
        *lines[:3],
        "下镇乡脱贫攻坚再出发",
        "下镇乡党委会议室里,乡干部们谈起了脱贫致富的新打算,下镇乡的村民也来了。",
        lines[5],
    ]
    assert _mended(going_on, tagged)[3] == Label.SUBHEAD


def test_a_line_without_a_word_or_a_database_field_is_no_headline() -> None:
    lines = ["|", "银川,40年改革开放的步伐从未停止过。身在这个城市,无时无刻不感受到变化。"]
    assert _mended(lines, [Label.TITLE, Label.LEAD])[0] == Label.FURNITURE
    fields = ["【日期】= 1994.02.01", "【記者鄭家瑜報導】新台澎輪日前發包設計規劃,但爭議從未平息。"]
    assert _mended(fields, [Label.FURNITURE, Label.DATELINE])[0] == Label.FURNITURE
