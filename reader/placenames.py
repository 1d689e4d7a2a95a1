"""Which names are places' short names and which are ordinary words, and the short names of a
division read straight from the shipped table.

Apart from `reader.gazetteer` so that a search can widen `拱墅区` to `拱墅` without building the
gazetteer (some 30,000 objects, 60 ms): `reader search -l` pays for nothing it does not use.
"""

from __future__ import annotations

from reader.resources import DATA_DIR

# Short names (the stem without 省/市/县/区 ...) that in running text are far more often an ordinary
# word, a person, a company, a landmark or a lake than the place; for these only the full name
# (和平区, 新华区, 青山区, 大同市 ...) counts.  Drafted from the short names jieba's dictionary knows
# as common words, then read through by hand; a place that needs its short name (海盐, 安吉)
# is better served by the word guards than by this list, so keep it to clear cases.  (There are no
# short names 高新 or 开发: development zones are no administrative units.)
STOP_SHORT: frozenset[str] = frozenset(
    # ordinary words and phrases (和平, 复兴, 惠民 ...), idioms (交口称赞, 热火朝天), people (吴起,
    # 弥勒), firms and media (新华, 方正, 兴业, 阿里), and prefecture names that are common
    # words (日照 "sunshine", 长治 in 长治久安, 大同 "great harmony", 白银 "silver")
    "资源 合作 和平 南部 解放 前进 港口 友好 通道 共和 平安 安定 延长 光明 新兴 万年 东风 红旗 光泽"
    " 工农 大名 富裕 清水 高明 前锋 复兴 长子 宏伟 平定 振兴 三元 日照 大方 互助 新华 威信 莲花 平和"
    " 名山 白云 全州 建华 大观 建安 永和 二七 台前 丰满 双桥 高台 九龙 二道 无为 民权 小店 同心 宝塔"
    " 元宝 平房 太白 白玉 灯塔 大兴 木兰 天涯 七星 海棠 来宾 博爱 同仁 回民 江岸 安居 龙凤 大通 白杨"
    " 新民 钟山 灵台 富民 清流 水城 紫金 老城 玉龙 爱民 惠民 长治 民和 新星 和顺 上高 云霄 天台 阳明"
    " 怀柔 景泰 开化 天心 金沙 白沙 天元 泰和 玉泉 天柱 方山 红塔 民乐 阳春 铜鼓 延寿 兴业 大厂 大安"
    " 金牛 三台 路南 紫云 白塔 卢氏 石台 海伦 古塔 磐石 樟树 万全 石鼓 官渡 吴起 嘉禾 小金 白水 南华"
    " 卢龙 集贤 怀来 武功 东方 中方 凤凰 运河 城中 城北 会同 石门 向阳 洞口 阿里 太和 温泉 石林"
    " 六合 石柱 黄龙 古田 三门 金山 石棉 石龙 玄武 孙吴 盘龙 马尾 金门 方正 弥勒 黑水 麒麟 公安 比如"
    " 朝天 交口 大同 白银"
    # places' stems that name lakes, mountains, seas, regions or districts of many cities
    " 平原 长安 江南 中原 南海 东湖 古城 江汉 南湖 河口 江北 商城 江山 太平 甘泉 西夏 新建 东海 龙门"
    " 新城 恒山 泰山 天山 路桥 故城 新河 武陵 西湖 天桥 安宁 太湖 西山 河西 沿河 牡丹 衡山 滨海 东坡"
    " 海港 城西 泰来 沙河 大城 河东 南山 江城 长寿 江海 北湖 城东 双湖 银海 龙井 上街 兴隆 松山 龙山"
    " 满城 南城 青山 大关 卧龙 东安 清河 青龙 盐湖 山城 三江 东山 南关 湖滨 兴安 黑山 江口 连城 白河"
    " 临江 万山 无极 三河 新安 永宁 龙潭 平山 龙城 长白 永兴 北关 千山 盘山 商都 城关 市中 中山 铁东"
    " 铁西 桥东 桥西".split()
)

# Full (or former) names that are ordinary words: 城区 ("downtown"), 郊区, 矿区, 新区 ...
STOP_FULL: frozenset[str] = frozenset("城区 郊区 矿区 东区 西区 新县 新区 市区".split())

DIVISIONS_FILE = "divisions.tsv"
LEVEL_COLUMN = {"province": 2, "city": 3, "county": 4}  # where each level's own name stands


def short_names(name: str) -> list[str]:
    """The short forms (`拱墅`) of the divisions whose full name is `name` (`拱墅区`), as the table
    gives them: the lines that hold the name are found by plain string search, and only they are
    split."""
    text = (DATA_DIR / DIVISIONS_FILE).read_text(encoding="utf-8")
    out: list[str] = []
    mark = f"\t{name}\t"
    at = text.find(mark)
    while at != -1:
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        row = text[line_start : line_end if line_end != -1 else len(text)].split("\t")
        column = LEVEL_COLUMN.get(row[1]) if len(row) == 6 else None
        if column is not None and row[column] == name and row[5]:
            out.append(row[5])
        at = text.find(mark, at + 1)
    return out
