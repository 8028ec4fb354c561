"""Article metadata from Korean news text and HTML: title, date, author, outlet, URL.

The patterns here (bylines, wire-service prefixes, labelled dates) are shared
with the cleaning rules, which remove the same lines from the article body.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

# --- shared building blocks -------------------------------------------------

# Reporter roles seen in Korean bylines; longer forms first so alternation is tidy.
ROLE = (
    r"(?:뉴스리포터|선임기자|수석기자|전문기자|객원기자|인턴기자|기자|리포터|특파원"
    r"|편집위원|논설위원|칼럼니스트|기상캐스터|통신원|에디터|앵커)"
)
NAME = r"[가-힣]{2,4}"
EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"

# "[아웃소싱타임스 김민서 뉴스리포터] ...", "[헤럴드경제=홍길동 기자]",
# "[아시아경제 세종=홍길동 기자]"
BRACKET_BYLINE_RE = re.compile(
    rf"^[\[【<]\s*(?P<outlet>[^\]】>\s=]{{2,20}})(?:\s+[가-힣]{{1,6}}(?==))?\s*[=\s]\s*"
    rf"(?P<name>{NAME})(?:\s*[,·]\s*{NAME})*\s*{ROLE}\s*[\]】>]\s*"
)
# "(서울=연합뉴스) 홍길동 기자 = ..." / "【세종=뉴시스】홍길동 김철수 기자 ="
WIRE_PREFIX_RE = re.compile(
    rf"^[\(\[【<]\s*(?P<place>[가-힣A-Za-z]{{1,10}})\s*=\s*(?P<outlet>[^\)\]】>=]{{1,15}}?)\s*"
    rf"[\)\]】>]\s*(?:(?P<name>{NAME})(?:\s*[,·]?\s*{NAME}){{0,3}}\s*{ROLE}\s*=\s*)?"
)
# "홍길동 기자 = ..." at the start of a paragraph.
REPORTER_EQ_RE = re.compile(rf"^(?P<name>{NAME})(?:\s*[,·]?\s*{NAME}){{0,3}}\s*{ROLE}\s*=\s*")
# A whole byline line: "장민제 기자", "기자명 홍길동 기자 hong@yna.co.kr", "/홍길동 선임기자".
BYLINE_LINE_RE = re.compile(
    rf"^[/=]?\s*(?:기자명|글·사진|글|취재)?\s*(?P<name>{NAME})(?:\s*[,·]\s*{NAME})*\s*{ROLE}"
    rf"(?:\s*[,·]\s*{NAME}\s*{ROLE})*\s*(?:[\(<\[]?\s*{EMAIL}\s*[\)>\]]?)?\s*$"
)
EMAIL_RE = re.compile(EMAIL)

# Words that sit where a name would but are not names ("사진 기자").
_NOT_NAMES_TEXT = (
    "사진 취재 영상 담당 전문 선임 수석 객원 인턴 편집 온라인 디지털 뉴스 종합 특별 현장 "
    "외신 해외 국내 공동 전직 현직 모든 여러 일선 정치부 경제부 사회부 산업부 문화부 국제부"
)
_NOT_NAMES = frozenset(_NOT_NAMES_TEXT.split())

# --- dates --------------------------------------------------------------------

_NUM_DATE = r"(?P<y>(?:19|20)\d{2})\s*[.\-/]\s*(?P<m>\d{1,2})\s*[.\-/]\s*(?P<d>\d{1,2})"
_KO_DATE = r"(?P<ky>(?:19|20)\d{2})\s*년\s*(?P<km>\d{1,2})\s*월\s*(?P<kd>\d{1,2})\s*일"
DATE = rf"(?<!\d)(?:{_NUM_DATE}|{_KO_DATE})(?!\d)"
DATE_RE = re.compile(DATE)
DATE_PLAIN = re.sub(r"\?P<\w+>", "", DATE)  # same pattern without group names, for reuse

PUB_LABEL = (
    r"(?:기사\s*입력|기사\s*승인|입력\s*일?|승인|등록\s*일?|게재\s*일?|발행\s*일?|송고|작성\s*일?"
    r"|published|posted|date)"
)
MOD_LABEL = r"(?:최종\s*수정|기사\s*수정|수정\s*일?|업데이트|updated|modified)"
_LABEL_LEAD = r"(?:^|(?<=[\s|·•\[(]))"
_PUB_DATE_RE = re.compile(
    rf"{_LABEL_LEAD}{PUB_LABEL}\s*(?:일시|시간)?\s*[:：]?\s*{DATE}", re.IGNORECASE | re.MULTILINE
)
_MOD_DATE_RE = re.compile(
    rf"{_LABEL_LEAD}{MOD_LABEL}\s*(?:일시|시간)?\s*[:：]?\s*{DATE}", re.IGNORECASE | re.MULTILINE
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_EN_DATE_RE = re.compile(
    r"(?:(?P<m1>[A-Za-z]{3})[a-z]*\.?\s+(?P<d1>\d{1,2}),?\s+(?P<y1>(?:19|20)\d{2})"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>[A-Za-z]{3})[a-z]*\.?,?\s+(?P<y2>(?:19|20)\d{2}))"
)
_COMPACT_DATE_RE = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{2,6})?$")


def _iso(y: str | int, m: str | int, d: str | int) -> str | None:
    """ISO date if the parts make a real calendar date in a plausible range."""
    try:
        day = _dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    if not 1950 <= day.year <= 2100:
        return None
    return day.isoformat()


def _iso_from_match(m: re.Match[str]) -> str | None:
    if m.group("y"):
        return _iso(m.group("y"), m.group("m"), m.group("d"))
    return _iso(m.group("ky"), m.group("km"), m.group("kd"))


def parse_date(value: str | None) -> str | None:
    """Normalise one date string (ISO, "2020.11.26 10:13", "2021년 6월 4일", ...) to YYYY-MM-DD."""
    if not value:
        return None
    value = value.strip()
    compact = _COMPACT_DATE_RE.match(value)
    if compact:
        return _iso(*compact.groups())
    m = DATE_RE.search(value)
    if m:
        return _iso_from_match(m)
    en = _EN_DATE_RE.search(value)
    if en:
        month = _MONTHS.get((en.group("m1") or en.group("m2")).lower())
        if month:
            return _iso(en.group("y1") or en.group("y2"), month, en.group("d1") or en.group("d2"))
    return None


def _first_valid(matches: Iterator[re.Match[str]]) -> str | None:
    for m in matches:
        iso = _iso_from_match(m)
        if iso:
            return iso
    return None


def find_date(text: str) -> str | None:
    """Publication date: a labelled one (입력/승인/등록/...) first, then a modification date,
    then the first full date anywhere in the text."""
    return (
        _first_valid(_PUB_DATE_RE.finditer(text))
        or _first_valid(_MOD_DATE_RE.finditer(text))
        or _first_valid(DATE_RE.finditer(text))
    )


# --- author and outlet ------------------------------------------------------------


def _name(candidate: str | None) -> str | None:
    if not candidate or candidate in _NOT_NAMES:
        return None
    return candidate


def find_author(text: str) -> str | None:
    """Reporter name from a bracket byline, a wire prefix, or a byline line."""
    return _author(list(_lines(text)))


def _byline_matches(line: str) -> Iterator[re.Match[str]]:
    """Byline-pattern matches for a line, cheap guards first."""
    if line[0] in "[【<(":
        yield from filter(None, (BRACKET_BYLINE_RE.match(line), WIRE_PREFIX_RE.match(line)))
    if "=" in line[:40] and (m := REPORTER_EQ_RE.match(line)):
        yield m
    if len(line) <= 80 and (m := BYLINE_LINE_RE.match(line)):
        yield m


def _author(lines: list[str]) -> str | None:
    for line in lines:
        for m in _byline_matches(line):
            if name := _name(m.groupdict().get("name")):
                return name
    return None


_COPYRIGHT_OUTLET_RE = re.compile(
    r"(?:저작권자|copyright|ⓒ|©|\(c\))(?:\s*(?:ⓒ|©|\(c\)))*\s*(?:\d{4}\s*)?"
    r"(?P<outlet>[가-힣A-Za-z][가-힣A-Za-z0-9]*)",
    re.IGNORECASE,
)
_NOT_OUTLETS = frozenset({"무단전재", "무단", "all", "by", "the", "저작권자", "and"})

# Common Korean outlets by web domain (email and URL domains map to the outlet name).
OUTLET_DOMAINS: dict[str, str] = {
    "yna.co.kr": "연합뉴스",
    "yonhapnews.co.kr": "연합뉴스",
    "newsis.com": "뉴시스",
    "news1.kr": "뉴스1",
    "etnews.com": "전자신문",
    "dt.co.kr": "디지털타임스",
    "zdnet.co.kr": "지디넷코리아",
    "edaily.co.kr": "이데일리",
    "mt.co.kr": "머니투데이",
    "asiae.co.kr": "아시아경제",
    "biz.chosun.com": "조선비즈",
    "chosun.com": "조선일보",
    "joongang.co.kr": "중앙일보",
    "joins.com": "중앙일보",
    "donga.com": "동아일보",
    "hani.co.kr": "한겨레",
    "khan.co.kr": "경향신문",
    "mk.co.kr": "매일경제",
    "hankyung.com": "한국경제",
    "sedaily.com": "서울경제",
    "shinailbo.co.kr": "신아일보",
    "outsourcing.co.kr": "아웃소싱타임스",
    "kmib.co.kr": "국민일보",
    "seoul.co.kr": "서울신문",
    "segye.com": "세계일보",
    "munhwa.com": "문화일보",
    "hankookilbo.com": "한국일보",
    "heraldcorp.com": "헤럴드경제",
    "fnnews.com": "파이낸셜뉴스",
    "ajunews.com": "아주경제",
    "inews24.com": "아이뉴스24",
    "ddaily.co.kr": "디지털데일리",
    "bloter.net": "블로터",
    "etoday.co.kr": "이투데이",
    "newspim.com": "뉴스핌",
    "nocutnews.co.kr": "노컷뉴스",
    "ohmynews.com": "오마이뉴스",
    "pressian.com": "프레시안",
    "boannews.com": "보안뉴스",
    "aitimes.com": "AI타임스",
    "aitimes.kr": "인공지능신문",
    "digitaltoday.co.kr": "디지털투데이",
    "kbs.co.kr": "KBS",
    "imbc.com": "MBC",
    "sbs.co.kr": "SBS",
    "ytn.co.kr": "YTN",
    "jtbc.co.kr": "JTBC",
    "mbn.co.kr": "MBN",
    "korea.kr": "대한민국 정책브리핑",
}
# Government mail domains identify a ministry, not a news outlet.
_NON_OUTLET_MAIL = frozenset({"korea.kr", "go.kr"})


def outlet_from_domain(host_or_url: str | None, *, for_email: bool = False) -> str | None:
    """Outlet for a host name or URL, trying the longest known domain suffix first."""
    if not host_or_url:
        return None
    host = urlsplit(host_or_url).hostname if "//" in host_or_url else host_or_url
    if not host:
        return None
    parts = host.lower().strip(".").split(".")
    for i in range(len(parts) - 1):
        domain = ".".join(parts[i:])
        if for_email and domain in _NON_OUTLET_MAIL:
            return None
        if domain in OUTLET_DOMAINS:
            return OUTLET_DOMAINS[domain]
    return None


def find_outlet(text: str) -> str | None:
    """Outlet from a bracket byline, a wire prefix, a copyright line, or a byline e-mail domain."""
    return _outlet(text, list(_lines(text)))


def _outlet(text: str, lines: list[str]) -> str | None:
    for line in lines:
        if line[0] in "[【<(":
            m = BRACKET_BYLINE_RE.match(line) or WIRE_PREFIX_RE.match(line)
            if m:
                return m.group("outlet").strip()
    for m in _COPYRIGHT_OUTLET_RE.finditer(text):
        outlet = m.group("outlet")
        if outlet.lower() not in _NOT_OUTLETS:
            return outlet
    for line in lines:
        # Only short lines: an address inside a body sentence is a contact, not the byline.
        if len(line) <= 80 and "@" in line:
            for m in EMAIL_RE.finditer(line):
                outlet = outlet_from_domain(m.group().rsplit("@", 1)[1], for_email=True)
                if outlet:
                    return outlet
    return None


_URL_LINE_RE = re.compile(
    r"^(?:(?:url|출처|원문|기사\s*원문|source|link)\s*[:：]\s*)?(?P<url>https?://\S+)$",
    re.IGNORECASE,
)


def find_url(text: str) -> str | None:
    """A source URL written on its own line ("URL: https://...")."""
    return _url(list(_lines(text)))


def _url(lines: list[str]) -> str | None:
    for line in lines:
        if "://" in line[:40] and (m := _URL_LINE_RE.match(line)):
            return m.group("url")
    return None


# --- title ------------------------------------------------------------------------

_SENTENCE_END_RE = re.compile(r"(?:[다요죠][.!?]?|[.!?])[\"'”’」』)\]]*$")
MAX_TITLE = 200


def find_title(text: str, is_furniture: Callable[[str], bool] | None = None) -> tuple[str, bool]:
    """First non-empty, non-furniture line, and whether it reads as a headline.

    A line that reads as a body sentence (long, sentence-final ending) still names
    the article, but the caller should keep it in the body.
    """
    return _title(_lines(text), is_furniture)


def _title(lines: Iterable[str], is_furniture: Callable[[str], bool] | None) -> tuple[str, bool]:
    for line in lines:
        if is_furniture is not None and is_furniture(line):
            continue
        if line[0] in "[【<(" and (
            m := BRACKET_BYLINE_RE.match(line) or WIRE_PREFIX_RE.match(line)
        ):
            line = line[m.end() :].strip()
            if not line:
                continue
        sentence = _SENTENCE_END_RE.search(line[-12:]) is not None and (
            len(line) > 60 or (line.endswith(".") and not line.endswith(".."))
        )
        headline = len(line) <= MAX_TITLE and not sentence
        return (line if headline else _shorten(line)), headline
    return "", False


def _shorten(line: str, limit: int = 80) -> str:
    if len(line) <= limit:
        return line
    cut = line.rfind(" ", 0, limit)
    return line[: cut if cut > limit // 2 else limit].rstrip() + "…"


# --- text metadata ---------------------------------------------------------------


@dataclass(slots=True)
class Meta:
    title: str = ""
    title_is_headline: bool = False
    date: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None

    def fill(self, other: Meta) -> None:
        """Take other's values where this one has none."""
        if not self.title and other.title:
            self.title, self.title_is_headline = other.title, other.title_is_headline
        self.date = self.date or other.date
        self.author = self.author or other.author
        self.outlet = self.outlet or other.outlet
        self.url = self.url or other.url


def text_metadata(text: str, is_furniture: Callable[[str], bool] | None = None) -> Meta:
    """Metadata parsed from a plain-text page (normalised, before furniture removal)."""
    lines = list(_lines(text))
    title, headline = _title(lines, is_furniture)
    url = _url(lines)
    return Meta(
        title=title,
        title_is_headline=headline,
        date=find_date(text),
        author=_author(lines),
        outlet=_outlet(text, lines) or outlet_from_domain(url),
        url=url,
    )


_LINE_BULLETS = "•·◦▪-*"


def _lines(text: str) -> Iterator[str]:
    for raw in text.split("\n"):
        line = raw.strip()
        if line and line[0] in _LINE_BULLETS:
            line = line.lstrip(_LINE_BULLETS).lstrip()
        if line:
            yield line


# --- HTML metadata -----------------------------------------------------------------

_TITLE_SPLIT_RE = re.compile(r"\s+(?:[|<>:·]|::|-|–|—)\s+")
_AUTHOR_VALUE_RE = re.compile(rf"(?P<name>{NAME})\s*{ROLE}")


def normalize_author(value: str | None, outlet: str | None = None) -> str | None:
    """A person's name from a meta/byline value ("홍길동 기자 hong@..." -> 홍길동)."""
    if not value:
        return None
    value = " ".join(value.split())
    m = _AUTHOR_VALUE_RE.search(value)
    if m and _name(m.group("name")):
        return m.group("name")
    value = EMAIL_RE.sub("", value).strip(" ,/()[]<>")
    if not value or value == outlet or "http" in value or len(value) > 40:
        return None
    return value.split(",")[0].strip() or None


def _meta(tree: LexborHTMLParser, *selectors: str) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            content = (node.attributes.get("content") or "").strip()
            if content:
                return content
    return None


def _json_ld(tree: LexborHTMLParser) -> Iterator[dict[str, Any]]:
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text() or "")
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for v in item.values() if isinstance(v, list | dict))


def _ld_name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _html_title(tree: LexborHTMLParser, site: str | None) -> str:
    title = _meta(tree, 'meta[property="og:title"]', 'meta[name="twitter:title"]')
    if title:
        return title
    node = tree.css_first("title")
    if node is not None and (raw := " ".join(node.text().split())):
        if site and raw.endswith(site):
            raw = raw[: -len(site)].rstrip(" -|:·<>")
        parts = _TITLE_SPLIT_RE.split(raw)
        # "제목 < 섹션 < 기사본문 - 신문": the headline comes first.
        return parts[0] if len(parts[0]) >= 8 else raw
    node = tree.css_first("h1")
    return " ".join(node.text().split()) if node is not None else ""


def html_metadata(tree: LexborHTMLParser) -> Meta:
    """Metadata from <meta> tags, JSON-LD and the byline elements of a parsed page."""
    ld = list(_json_ld(tree))
    site = _meta(tree, 'meta[property="og:site_name"]', 'meta[name="application-name"]')
    site = site or next((n for d in ld if (n := _ld_name(d.get("publisher")))), None)
    date = parse_date(
        _meta(
            tree,
            'meta[property="article:published_time"]',
            'meta[property="og:published_time"]',
            'meta[name="article:published_time"]',
            'meta[itemprop="datePublished"]',
            'meta[name="pubdate"]',
            'meta[name="publishdate"]',
            'meta[name="date"]',
        )
    )
    date = date or next((d for x in ld if (d := parse_date(_str(x.get("datePublished"))))), None)
    if not date:
        node = tree.css_first("time[datetime]")
        date = parse_date(node.attributes.get("datetime")) if node is not None else None
    author = normalize_author(
        _meta(tree, 'meta[name="author"]', 'meta[property="article:author"]'), site
    )
    author = author or next((a for x in ld if (a := _ld_author(x, site))), None)
    if not author:
        node = tree.css_first('.byline, .writer, .reporter, [rel="author"], [itemprop="author"]')
        author = normalize_author(node.text(), site) if node is not None else None
    url = _meta(tree, 'meta[property="og:url"]')
    if not url:
        node = tree.css_first('link[rel="canonical"]')
        url = (node.attributes.get("href") or None) if node is not None else None
    title = _html_title(tree, site)
    return Meta(
        title=title,
        title_is_headline=bool(title),
        date=date,
        author=author,
        outlet=site or outlet_from_domain(url),
        url=url,
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _ld_author(item: dict[str, Any], site: str | None) -> str | None:
    if "author" not in item:
        return None
    return normalize_author(_ld_name(item["author"]), site)
