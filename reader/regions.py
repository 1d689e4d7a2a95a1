"""Which place an article is mainly about: province › city › county, a scope, and the evidence.

An article names many places; the one it is *about* is where most of the weight lies.  Each
mention weighs by where it stands (title 3, lead paragraph 1.5, body 1) with diminishing returns
for repeats (log2(1 + n) per place and section), and supports every unit that contains it: 义乌市
also counts for 金华市 and 浙江省.  Starting from the whole country we step down to the child unit
holding at least half of the weight, and stop where none does: an article about 浙江 that names
杭州, 金华, 宁波 and 安吉 once each stays at 浙江省.  National bodies (国务院, 国家医保局, 生态环境部
...) and nationwide subjects (全国各级医保部门) weigh for the country itself, so an article mostly
about them stays there: scope "national", region empty.

A local paper writes 我市, 全区, 区委, 市医保局 for its own place; `infer_home` finds that place
from a whole page, and `resolve_region(..., home=...)` counts those words as mentions of it.
Names several places share (鼓楼 ×4, 朝阳) are settled by the other places in the article and the
home; a name that stays ambiguous is dropped rather than guessed.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from reader.gazetteer import Division, Gazetteer, Mention, default_gazetteer
from reader.model import Region, Scope

SECTION_WEIGHTS = (3.0, 1.5, 1.0)  # title (with subtitle), lead paragraph, body
TITLE, LEAD, BODY = 0, 1, 2
SECTION_TAGS = ("title:", "lead:", "")
SHARE = 0.5  # a unit is chosen when it holds at least this share of its parent's weight
HOME_SHARE = 0.5  # infer_home: mean share of the page's articles a home must hold
MAX_EVIDENCE = 6


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """Compile on first use: the Han-range character classes cost ~15 ms, import should not."""
    return functools.cache(lambda: re.compile(pattern))


# The paper's own place: 我市, 本区, 全县 ..., and bodies named by level alone: 市委, 区政府, 市医保局.
_SELF = _lazy(
    r"[我本全]([省市区县州旗盟])(?![场域份级])"
    r"|([省市区县州旗])(?:委|政府|人大|政协|纪委|[\u4e00-\u9fff]{1,6}?(?:局|厅|办|院|馆|残联|妇联|团委|总工会|中心))"
)
# Before a bare 市 / 区 ... these characters make it part of a word (城市, 社区, 超市), so only a
# non-Han character or one of these may precede 市委, 区残联 and the like.
_SELF_MAY_FOLLOW = frozenset(
    "在由和与及同向对将把被为是的了据从经等共让到至赴其该并即后时日月年也都还又已且或而给跟以于随如若受今"
    "省市县区州旗、，。：；！？“”‘’「」（）()《》〈〉"
)

_MINISTRIES = """外交 国防 教育 科学技术 科技 工业和信息化 工信 公安 国家安全 民政 司法 财政 人力资源和社会保障
    人社 自然资源 生态环境 住房和城乡建设 住建 交通运输 水利 农业农村 商务 文化和旅游 文旅 卫生健康
    退役军人事务 应急管理""".split()
# Each ministry is a branch of its own (生态环境部, but no 教育部门) so that every branch opens with a
# plain character: re then jumps straight to the places where one may start.
_NATIONAL = _lazy(
    r"国务院|党中央|中共中央|全国人大|全国政协|最高人民法院|最高人民检察院|最高法|最高检"
    r"|国家[\u4e00-\u9fff]{1,8}?(?:总局|局|委员会|委|部门|署)"
    + "".join(f"|{ministry}部(?!门)" for ministry in _MINISTRIES)
    + r"|全国"
)
# 全国 as an honour or a ranking (全国文明村, 全国民委系统先进集体, 在全国率先) is no national subject.
_HONOUR = _lazy(
    r"[\u4e00-\u9fff]{0,10}?(?:先进|模范|示范|文明|优秀|百强|十佳|称号|试点|荣誉|率先|首个|首批|第一)"
)

# A byline paragraph (□ 本报记者 吴良艺, 通讯员 董黎姿) is no lead; 本报讯（记者 梁瑜）近日，... is one.
_BYLINE = _lazy(r"^[\s□▢■◇◆]|记者|通讯员|实习生|摄影|编辑")


@dataclass
class RegionResult:
    """Where an article is mainly about, how wide its subject is, and the mentions that say so."""

    region: Region
    scope: Scope | None
    evidence: list[str] = field(default_factory=list)
    division: Division | None = None  # the deepest unit chosen, if any


@dataclass
class _Tally:
    """Mentions of one unit (or of the country), counted per section, with a label for each."""

    counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    labels: list[Counter[str]] = field(default_factory=lambda: [Counter(), Counter(), Counter()])

    def add(self, section: int, label: str) -> None:
        self.counts[section] += 1
        self.labels[section][label] += 1

    @property
    def weight(self) -> float:
        return sum(w * math.log2(1 + n) for w, n in zip(SECTION_WEIGHTS, self.counts, strict=True))

    def evidence(self) -> list[tuple[float, str]]:
        """("title:广西", "lead:我区", "义乌×21" ...) with the weight each stands for."""
        out = []
        for section in (TITLE, LEAD, BODY):
            for label, n in self.labels[section].most_common(3):
                text = f"{SECTION_TAGS[section]}{label}" + (f"×{n}" if n > 1 or section == BODY else "")
                out.append((SECTION_WEIGHTS[section] * math.log2(1 + n), text))
        return out


def resolve_region(
    title: str,
    paragraphs: list[str],
    home: Division | None = None,
    *,
    gazetteer: Gazetteer | None = None,
) -> RegionResult:
    """The region, scope and evidence of one article (title, then its paragraphs in order)."""
    gaz = gazetteer or default_gazetteer()
    sections = _sections(title, paragraphs)
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    national = _Tally()
    notes: list[str] = []
    texts_mentions = [(section, text, _mentions(gaz, text)) for section, text in sections]
    unsettled: Counter[str] = Counter()
    items = [(section, m) for section, _text, mentions in texts_mentions for m in mentions]
    for section, mention, unit in _resolve(gaz, items, home, unsettled):
        tallies[unit.code].add(section, mention.surface)
        if mention.note and mention.note not in notes:
            notes.append(mention.note)
    # Names left ambiguous (鼓楼区 with no other place) are reported, not counted.
    notes += [f"{surface}?×{n}" for surface, n in unsettled.most_common(2)]
    self_units = _self_units(gaz, home) if home else {}
    for section, text, mentions in texts_mentions:
        for label, level_char in _self_references(text, mentions):
            own = self_units.get(level_char)
            if own is not None:
                tallies[own.code].add(section, label)
        for label in _national_references(text):
            national.add(section, label)

    weights = {code: tally.weight for code, tally in tallies.items()}
    national_weight = national.weight
    if not weights and not national_weight:
        if home is None:
            return RegionResult(Region(), None, notes)
        return RegionResult(_region(home), _scope(home), [f"home:{home.name} (no place named)", *notes], home)

    support: dict[str, float] = defaultdict(float)
    for code, w in weights.items():
        for ancestor in gaz.divisions[code].path:
            support[ancestor] += w
    chosen = _descend(gaz, support, sum(weights.values()) + national_weight)
    if chosen is None:
        evidence = [f"national:{text}" for _w, text in sorted(national.evidence(), reverse=True)]
        evidence += _top_evidence(gaz, tallies, None)
        return RegionResult(Region(), "national", evidence[:MAX_EVIDENCE] + notes)
    evidence = _top_evidence(gaz, tallies, chosen)
    return RegionResult(_region(chosen), _scope(chosen), evidence + notes, chosen)


def infer_home(pages_text: list[str], *, gazetteer: Gazetteer | None = None) -> Division | None:
    """The paper's own place from all article texts of one page, or None if nothing dominates.

    Each article says what share of its place mentions falls in each unit (containment counted);
    a home must hold on average half of the articles that name places.  The page's 我市 / 我区 /
    全县 / 我省 say which level the paper speaks for: a page full of 区委 and 区残联 is a district
    paper even where it names its district less often than its city.
    """
    gaz = gazetteer or default_gazetteer()
    shares: dict[str, float] = defaultdict(float)
    articles = 0
    self_levels: Counter[str] = Counter()
    for text in pages_text:
        mentions = gaz.find_mentions(text)
        for _label, level_char in _self_references(text, mentions):
            self_levels[level_char] += 1
        counts: Counter[str] = Counter(
            unit.code for _s, _m, unit in _resolve(gaz, [(BODY, m) for m in mentions], None)
        )
        if not counts:
            continue
        articles += 1
        leaf = {code: math.log2(1 + n) for code, n in counts.items()}
        total = sum(leaf.values())
        support: dict[str, float] = defaultdict(float)
        for code, w in leaf.items():
            for ancestor in gaz.divisions[code].path:
                support[ancestor] += w
        for code, s in support.items():
            shares[code] += s / total
    if not articles:
        return None
    score = {code: s / articles for code, s in shares.items()}
    depth = {"county": 2, "city": 1, "province": 0}

    def deepest(codes: Iterable[str], floor: float) -> Division | None:
        ok = [gaz.divisions[c] for c in codes if score[c] >= floor]
        return max(ok, key=lambda d: (depth[d.level], score[d.code]), default=None)

    for level_char, n in self_levels.most_common():
        if n < 2:
            break
        if level_char in "区县旗":
            own = sorted(
                (
                    c
                    for c in score
                    if gaz.divisions[c].level == "county" and gaz.divisions[c].name.endswith(level_char)
                ),
                key=lambda c: -score[c],
            )
            if (
                own
                and score[own[0]] >= HOME_SHARE / 2
                and (len(own) == 1 or score[own[1]] < score[own[0]] / 2)
            ):
                return gaz.divisions[own[0]]
        else:  # 市 / 州 / 盟: the deepest such unit (义乌市 before 金华市); 省: the province
            found = deepest(
                (
                    c
                    for c in score
                    if (
                        gaz.divisions[c].level == "province"
                        if level_char == "省"
                        else gaz.divisions[c].name.endswith(level_char)
                    )
                ),
                HOME_SHARE,
            )
            if found is not None:
                return found
    return deepest(score, HOME_SHARE)


def place_spans(paragraph: str, *, gazetteer: Gazetteer | None = None) -> list[tuple[int, int]]:
    """Character spans of the place names in one paragraph (for highlighting)."""
    gaz = gazetteer or default_gazetteer()
    return [(m.start, m.end) for m in _mentions(gaz, paragraph)]


# --- internals -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _mentions(gaz: Gazetteer, text: str) -> tuple[Mention, ...]:
    """`gaz.find_mentions(text)`, kept a while: tagging reads each paragraph twice.

    Once for the article's region and once for its highlights (`place_spans`).
    """
    return tuple(gaz.find_mentions(text))


def _sections(title: str, paragraphs: list[str]) -> list[tuple[int, str]]:
    """(section, text) pairs: title and ——subtitles, the lead paragraph, the body."""
    out = [(TITLE, title)] if title.strip() else []
    lead_seen = False
    for para in paragraphs:
        text = para.strip()
        if not text:
            continue
        if text.startswith(("——", "--")) and not lead_seen:
            out.append((TITLE, text))
        elif not lead_seen and len(text) >= 20 and not (len(text) < 40 and _BYLINE().search(text)):
            out.append((LEAD, text))
            lead_seen = True
        else:
            out.append((BODY, text))
    return out


def _resolve(
    gaz: Gazetteer,
    items: list[tuple[int, Mention]],
    home: Division | None,
    unsettled: Counter[str] | None = None,
) -> list[tuple[int, Mention, Division]]:
    """One unit for each mention that can be pinned down, chains (湖州德清县) counted once."""
    # Chains: a name right after a name of the unit containing it narrows both (福州鼓楼 → 福州市鼓楼区).
    resolved: list[tuple[int, Mention, list[Division]]] = []
    for section, mention in items:
        candidates = mention.candidates
        if resolved:
            prev_section, prev, prev_cands = resolved[-1]
            if prev_section == section and prev.end == mention.start:
                inside = [c for c in candidates if any(c.within(p) and c.code != p.code for p in prev_cands)]
                if inside:
                    chain = Mention(
                        prev.start,
                        mention.end,
                        prev.surface + mention.surface,
                        inside,
                        mention.kind,
                        mention.note,
                    )
                    resolved[-1] = (section, chain, inside)
                    continue
        resolved.append((section, mention, list(candidates)))

    anchors = [cands[0] for _s, _m, cands in resolved if len(cands) == 1]
    out = []
    for section, mention, cands in resolved:
        unit = cands[0] if len(cands) == 1 else _settle(gaz, cands, anchors, home)
        if unit is not None:
            out.append((section, mention, unit))
        elif unsettled is not None:
            unsettled[mention.surface] += 1
    return out


def _settle(
    gaz: Gazetteer, candidates: list[Division], anchors: list[Division], home: Division | None
) -> Division | None:
    """Pick among same-named units by the article's other places and the home, else generalise."""

    def closeness(c: Division, other: Division) -> int:
        if c.province_code != other.province_code:
            return 0
        city = c.city_code or (c.code if c.level == "city" else None)
        other_city = other.city_code or (other.code if other.level == "city" else None)
        return 2 if city and city == other_city else 1

    scores = [
        sum(closeness(c, a) for a in anchors) + (1.5 * closeness(c, home) if home else 0) for c in candidates
    ]
    best = max(scores)
    if best > 0 and scores.count(best) == 1:
        return candidates[scores.index(best)]
    # Same province (or city) for all: that much is certain (鼓楼区 ×2 in 江苏 → 江苏省; 荆州 → 荆州市).
    common = set(candidates[0].path)
    for c in candidates[1:]:
        common &= set(c.path)
    if common:
        return max((gaz.divisions[code] for code in common), key=lambda d: len(d.path))
    # Otherwise the one province (海南 is 海南省, not 海南藏族自治州), else the one prefecture (西安).
    for level in ("province", "city"):
        top = [c for c in candidates if c.level == level]
        if len(top) == 1:
            return top[0]
    return None


def _self_references(text: str, mentions: Sequence[Mention]) -> list[tuple[str, str]]:
    """(label, level character) for 我市, 全区, 区委, 市医保局 ... not inside a place name."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for match in _SELF().finditer(text):
        start = match.start()
        if any(s <= start < e for s, e in taken):
            continue  # the 市 of 义乌市医保局
        if match.group(2):
            before = text[start - 1] if start else ""
            if before and "\u4e00" <= before <= "\u9fff" and before not in _SELF_MAY_FOLLOW:
                continue  # 城市管理局, 社区中心
        out.append((match.group(0), match.group(1) or match.group(2)))
    return out


def _national_references(text: str) -> list[str]:
    """National bodies and 全国 where it is no honour: 国务院, 国家医保局, 生态环境部, 全国各级医保部门."""
    out = []
    for match in _NATIONAL().finditer(text):
        label = match.group(0)
        if label == "全国" and (
            _HONOUR().match(text, match.end()) or text[match.start() - 1 : match.start()] == "在"
        ):
            continue
        out.append(label)
    return out


def _self_units(gaz: Gazetteer, home: Division) -> dict[str, Division]:
    """What 省 / 市 / 区 / 县 ... mean in the home paper's own words."""
    units: dict[str, Division] = {}
    province = gaz.divisions[home.province_code]
    city = gaz.divisions[home.city_code] if home.city_code else None
    if province.name.endswith("省"):
        units["省"] = province
    elif province.name.endswith("自治区"):
        units["区"] = province
    if home.level == "county":
        suffix = home.name[-1]
        if suffix in "区县旗":
            units[suffix] = home
        if suffix == "市":
            units["市"] = home
        elif city is not None and city.name.endswith("市"):
            units["市"] = city
        elif city is None and province.is_municipality:
            units["市"] = province
    elif home.level == "city":
        units[home.name[-1] if home.name[-1] in "市州盟" else "市"] = home
    elif province.is_municipality:
        units["市"] = province
    if city is not None and city.name[-1] in "州盟":
        units.setdefault(city.name[-1], city)
    return units


def _descend(gaz: Gazetteer, support: dict[str, float], total: float) -> Division | None:
    """From the whole country, step into the child holding at least SHARE of its parent's weight."""
    node: Division | None = None
    node_weight = total
    while True:
        parent_code = node.code if node else None
        children = [gaz.divisions[code] for code in support if gaz.divisions[code].parent_code == parent_code]
        if not children:
            return node
        best = max(children, key=lambda d: support[d.code])
        if support[best.code] < SHARE * node_weight or support[best.code] <= 0:
            return node
        node, node_weight = best, support[best.code]


def _top_evidence(gaz: Gazetteer, tallies: dict[str, _Tally], chosen: Division | None) -> list[str]:
    """The heaviest mentions, those inside the chosen unit first."""

    def order(code: str) -> tuple[bool, float]:
        inside = chosen is not None and gaz.divisions[code].within(chosen)
        return (not inside, -tallies[code].weight)

    ranked: list[tuple[bool, float, str]] = []
    for code in sorted(tallies, key=order)[:MAX_EVIDENCE]:  # each unit gives at least one entry
        outside = order(code)[0]
        ranked.extend((outside, -w, text) for w, text in tallies[code].evidence())
    return [text for _outside, _w, text in sorted(ranked)][:MAX_EVIDENCE]


def _region(unit: Division) -> Region:
    return Region(
        province=unit.province,
        city=unit.city if unit.level != "province" else None,
        county=unit.county if unit.level == "county" else None,
    )


_SCOPES: dict[str, Scope] = {"province": "provincial", "city": "city", "county": "county"}


def _scope(unit: Division) -> Scope:
    return _SCOPES[unit.level]
