"""Page furniture removal for Korean news text, and HTML to article text.

Text saved from news pages carries widgets (font size, share, reactions,
comments), bylines, metadata lines, photo captions and trailing lists of
unrelated headlines. Each line is classified by a few precompiled rules;
body lines are kept verbatim (only whitespace is normalised), because
evidence offsets index into the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from loaders.metadata import (
    BRACKET_BYLINE_RE,
    BYLINE_LINE_RE,
    DATE_PLAIN,
    EMAIL,
    MOD_LABEL,
    NAME,
    PUB_LABEL,
    REPORTER_EQ_RE,
    ROLE,
    WIRE_PREFIX_RE,
)

# --- normalisation ------------------------------------------------------------------

_SPACES_RE = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# Some outlets mark list items with a Greek delta (Δ과제 Δ과제) where others use △.
_DELTA_BULLET_RE = re.compile(r"(?:^|(?<=\s))[\u0394\u2206](?=[가-힣0-9'\"‘“(]|[A-Za-z]{2})", re.M)


def normalize_text(raw: str) -> str:
    """Unify newlines, compose Hangul (NFC), drop invisible characters, collapse spaces."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    raw = _INVISIBLE_RE.sub("", raw)
    if "\u0394" in raw or "\u2206" in raw:
        raw = _DELTA_BULLET_RE.sub("△", raw)
    return _SPACES_RE.sub(" ", raw)


# --- line rules ------------------------------------------------------------------------

# Leading list/bullet marks stripped before a line is classified.
_BULLET_RE = re.compile(r"^[•·◦▪▫■□◆◇○●※\-–—*]+\s*")


def _compact(text: str) -> str:
    return text.replace(" ", "").lower()


def _words(*chunks: str) -> frozenset[str]:
    """Space-separated word lists, lower-cased."""
    return frozenset(w.lower() for chunk in chunks for w in chunk.split())


# Whole lines that are widgets or comment-box text (compared without spaces).
_PHRASES = frozenset(
    _compact(p)
    for p in (
        "이 기사를 공유합니다",
        "이 기사를 번역합니다",
        "기사 공유하기",
        "삭제한 댓글은 다시 복구할 수 없습니다.",
        "그래도 삭제하시겠습니까?",
        "계정을 선택하시면 로그인·계정인증을 통해",
        "댓글을 남기실 수 있습니다.",
        "본문 글씨 키우기",
        "본문 글씨 줄이기",
        "글씨크기 조절하기",
        "SNS 기사보내기",
        "네이버 채널 구독하기",
        "기사 제보하기",
        "이 기사를 추천합니다",
        "기사 원문 보기",
        "원문 보기",
        "앱 다운로드",
        "Select Language",
        "맨 위로 가기",
        "24시간 변동률 기준",
        "실시간 시세",
    )
)

# Tokens of share/tool/font-size widgets; a line made only of these is furniture.
_WIDGET_TOKENS = _words(
    "가장작게 작게 기본 크게 가장크게 글자크기 글씨크기 글자 크기 폰트",
    "페이스북 트위터 카카오톡 카카오스토리 카카오 카톡 네이버 밴드 네이버밴드 라인 텔레그램",
    "facebook twitter kakao kakaotalk band line naver x url복사 링크복사 주소복사 url 복사",
    "이메일 메일 인쇄 인쇄하기 프린트 스크랩 기사스크랩 공유 공유하기 닫기 북마크 저장",
    "구독 구독하기 기사더보기 더보기 번역 번역하기 목록 목록보기 이전기사 다음기사",
    "맨위로 top prev next 클린뷰 바로가기 제보 제보하기 기사제보 좋아요 추천",
    "댓글쓰기 댓글삭제 댓글보기 댓글달기",
    # stock-photo credits printed alone under an image
    "게티이미지뱅크 게티이미지 셔터스톡 픽사베이 아이클릭아트 클립아트코리아",
    "gettyimagesbank shutterstock pixabay unsplash",
)
_TOKEN_SPLIT_RE = re.compile(r"[\s|/·,]+")

_REACTION_RE = re.compile(
    r"^(?:(?:좋아요|싫어요|화나요|슬퍼요|놀랐어요|기뻐요|훈훈해요|추천해요|응원해요|감동이에요"
    r"|최고예요|최고에요|흥미로워요|유익해요|후속\s*기사\s*원해요|추가\s*취재\s*원해요"
    r"|공감|비공감|추천|비추천|반대)\s*[\(\[]?\d[\d,]*[\)\]]?\s*)+$"
)
_COMMENT_RE = re.compile(
    r"^(?:댓글|덧글|의견)\s*[\(\[]?\s*\d*\s*[\)\]]?\s*개?$"
    r"|^(?:댓글|덧글)\s*(?:삭제|쓰기|달기|보기|작성|더보기|접기|입력|등록|수정|정렬|운영\s*원칙|정책"
    r"|새로고침|목록|닫기|열기)"
    r"|삭제한\s*댓글|댓글을\s*남기|계정을\s*선택하시면|삭제하시겠습니까|\d+\s*개의\s*댓글"
    r"|^전체\s*댓글|^(?:최신순|추천순|과거순|공감순|비공감순|답글순)$"
)
# Date lines: "입력 2020-04-16 14:00", "입력 2021.06.04 10:00 수정 2021.06.04 11:00",
# "기사입력 2021-06-04 오후 4:25", "2022/09/02 10:00 송고", "2021. 6. 4.(금) 조간".
_LABEL = rf"(?:{PUB_LABEL}|{MOD_LABEL})\s*(?:일시|시간)?\s*[:：]?"
_META_LINE_RE = re.compile(
    rf"^(?:{_LABEL}\s*)?{DATE_PLAIN}(?:\s*(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?|오전|오후|AM|PM"
    rf"|[|(),.·/]|\([월화수목금토일]\)|조간|석간|즉시|{_LABEL}|{DATE_PLAIN}))*$",
    re.IGNORECASE,
)
_NUMERIC_RE = re.compile(r"^[\d\s,.:%+\-−/()$₩]+(?:원|달러|포인트|p)?$")
_EMAIL_SEARCH_RE = re.compile(EMAIL)
_HASHTAGS_RE = re.compile(r"^(?:#[^\s#]+\s*)+$")
_END_MARK_RE = re.compile(r"^(?:[\(\[<]\s*끝\s*[\)\]>]|/끝/|끝)$")
_URL_LINE_RE = re.compile(
    r"^(?:(?:url|출처|원문|기사\s*원문|source|link|링크)\s*[:：]?\s*)?https?://\S+$", re.IGNORECASE
)
_LINK_LINE_RE = re.compile(
    r"^(?:☞|▷|►|▶\s*(?=.{0,60}(?:관련|기사|구독|제보|바로\s*가기|클릭|채널|뉴스|카톡|카카오|네이버"
    r"|유튜브|앱|다운로드|이벤트|보러\s*가기|화보|더보기|홈페이지)))"
    r"|^관련\s*기사\s*[:：]|^\[관련\s*기사\]"
)
_COPYRIGHT_RE = re.compile(
    r"ⓒ|©|\([cC]\)\s*(?:19|20)\d\d|copyright|all\s+rights\s+reserved|저작권자\s*[(ⓒ©]"
    r"|무단\s*(?:전재|복제|배포|전제).{0,30}?금지|재배포\s*금지|AI\s*학습.{0,10}금지",
    re.IGNORECASE,
)
# Photo credits: "(사진=…)", "[사진제공-…]", "(이미지=…)", "(제공=…)", "(과기정통부 제공)".
_CREDIT_END_RE = re.compile(
    r"(?:[\(\[<【]\s*(?:사진|이미지|그래픽|일러스트|영상|캡처|캡쳐|사진\s*제공|제공|자료\s*사진"
    r"|사진\s*출처|이미지\s*출처)\s*(?:[=:：\-/]|제공)[^\)\]>】]{0,40}[\)\]>】]"
    r"|\(\s*[^()]{1,30}?\s*제공\s*\))\s*$"
)
_CREDIT_START_RE = re.compile(
    r"^[\(\[<【/]?\s*(?:사진|이미지|그래픽|일러스트|사진\s*제공|자료\s*사진|사진\s*출처|이미지\s*출처)"
    r"\s*[=:：]"
    r"|^[\[<\(]\s*(?:사진|그래픽|이미지|영상|표)\s*\d*\s*[\]>\)]$|자료\s*사진$"
)
# Trailing byline after the last sentence: "…밝혔다. /홍길동 기자 hong@yna.co.kr".
_TRAILING_BYLINE_RE = re.compile(
    rf"(?<=[.!?\"”’])\s+(?:[/=]\s*)?(?:{NAME}\s*{ROLE}\s*)?[(<\[]?{EMAIL}[)>\]]?$"
    rf"|(?<=[.!?\"”’])\s+[/=]\s*{NAME}\s*{ROLE}$"
)

# Block headings after which the page lists other articles, tickers and the like.
_HEADINGS = frozenset(
    _compact(h)
    for h in (
        "주요 뉴스",
        "주요 기사",
        "관련기사",
        "관련 뉴스",
        "많이 본 뉴스",
        "많이 본 기사",
        "가장 많이 본 뉴스",
        "이 기사와 함께 많이 본 뉴스",
        "인기기사",
        "인기 뉴스",
        "최신기사",
        "최신 뉴스",
        "추천기사",
        "추천 뉴스",
        "에디터 추천",
        "랭킹뉴스",
        "포토뉴스",
        "이 시각 주요뉴스",
        "함께 볼만한 뉴스",
        "기자의 다른 기사",
        "이 기자의 다른 기사",
        "다른 기사 보기",
        "헤드라인 뉴스",
        "섹션별 인기기사",
        "핫이슈",
        "오늘의 상승종목",
        "실시간 암호화폐 시세",
        "당신이 좋아할 만한 기사",
    )
)
_HEADING_TRIM_RE = re.compile(
    r"^[\s▶►▷☞■□◆◇●○•·\[【<]+|(?:\s*(?:더보기|more|[\]】>›»+]))+\s*$", re.IGNORECASE
)

_OUTLET_MAX = 12  # characters of an outlet's name before a heading
_PARTICLE_ENDS = "은는을를의에도"
_BULLET_CHARS = "•·◦▪▫■□◆◇○●※-–—*"
_LINK_FIRST = "☞▷►▶관["
# Cheap substring tests before the copyright regex runs.
_COPYRIGHT_HINTS = (
    "ⓒ",
    "©",
    "(c)",
    "(C)",
    "opyright",
    "OPYRIGHT",
    "저작권",
    "무단",
    "재배포",
    "ights",
    "학습",
)

# A body sentence: long enough and ends like a Korean or Latin sentence.
_PROSE_END_RE = re.compile(r"(?:[다요죠음함임됨][.!?]?|[.!?…。])[\"'”’」』)\]]*$")
# A line ending in a particle or a comma continues on the next line.
_CONTINUES_RE = re.compile(
    r"(?:[을를은는의에와과도로며고,·]|에서|으로|및|에게|부터|까지|하고|이며)$"
)
_PROSE_MIN = 30
_SHORT = 80  # most widget/byline/meta lines are shorter than this
_CAPTION_MAX = 250
_DUPLICATE_MAX = 200
_HEAD_LINES = 15  # header zone: title, deck lines, bylines before the first body sentence


def strip_byline_prefix(line: str) -> str:
    """Remove paragraph openers: "[매체 홍길동 기자]", "(서울=연합뉴스) 홍길동 기자 =" ..."""
    if line[:1] in "[【<(":
        m = BRACKET_BYLINE_RE.match(line) or WIRE_PREFIX_RE.match(line)
        if m:
            return line[m.end() :]
    elif "=" in line[:40]:
        m = REPORTER_EQ_RE.match(line)
        if m:
            return line[m.end() :]
    return line


def _is_widget_line(bare: str) -> bool:
    tokens = [t for t in _TOKEN_SPLIT_RE.split(bare.lower()) if t]
    return bool(tokens) and all(t in _WIDGET_TOKENS for t in tokens)


def furniture_reason(line: str) -> str | None:
    """Why a stripped line is page furniture, or None for a body line."""
    bare = _BULLET_RE.sub("", line) if line[0] in _BULLET_CHARS else line
    if not bare:
        return "bullet"
    n = len(bare)
    if n <= _SHORT:
        reason = _short_line_reason(bare)
        if reason:
            return reason
    elif n > _CAPTION_MAX:
        return None  # long lines are body text; cheap exit for most of the bytes
    if bare[-1] in ")]>】" and _CREDIT_END_RE.search(bare[-90:]):
        return "caption"
    if any(hint in bare for hint in _COPYRIGHT_HINTS) and _COPYRIGHT_RE.search(bare):
        return "copyright"
    if bare[0] in _LINK_FIRST and _LINK_LINE_RE.match(bare):
        return "link"
    return None


def _short_line_reason(bare: str) -> str | None:
    compact = _compact(bare)
    if compact in _PHRASES or compact in _WIDGET_TOKENS or _is_widget_line(bare):
        return "widget"
    if _REACTION_RE.match(bare):
        return "reaction"
    if _COMMENT_RE.search(bare):
        return "comment widget"
    if _META_LINE_RE.match(bare):
        return "metadata"
    if _NUMERIC_RE.match(bare):
        return "numbers"
    # An address on a short non-sentence line is a byline or signature ("◎공감언론 뉴시스 kim@...").
    if "@" in bare and _EMAIL_SEARCH_RE.search(bare) and not _PROSE_END_RE.search(bare[-12:]):
        return "byline"
    if BYLINE_LINE_RE.match(bare):
        return "byline"
    if _CREDIT_START_RE.search(bare):
        return "caption"
    if _HASHTAGS_RE.match(bare) or _END_MARK_RE.match(bare) or _URL_LINE_RE.match(bare):
        return "tag"
    return None


def is_furniture_line(line: str) -> bool:
    """True when a line is page furniture rather than article text."""
    line = line.strip()
    return not line or furniture_reason(line) is not None


def _is_heading(line: str) -> bool:
    if len(line) > 40:
        return False
    trimmed = _HEADING_TRIM_RE.sub("", line)
    compact = _compact(trimmed)
    if compact in _HEADINGS:
        return True
    # With the outlet's name in front: "[머니투데이 주요뉴스]", "전자신문 인기기사"; a word
    # ending in a particle makes it prose ("정부는 오늘 주요뉴스").
    return any(
        compact.endswith(h) and 0 < len(compact) - len(h) <= _OUTLET_MAX for h in _HEADINGS
    ) and not any(word[-1] in _PARTICLE_ENDS for word in trimmed.split())


def _is_prose(line: str) -> bool:
    return (
        len(line) >= _PROSE_MIN
        and line[0] not in "•·◦▪"
        and _PROSE_END_RE.search(line[-12:]) is not None
    )


def _same_text(a: str, b: str) -> bool:
    """Equal up to spacing and punctuation (a repeated headline may differ in quotes)."""
    return _WORD_ONLY_RE.sub("", a) == _WORD_ONLY_RE.sub("", b)


_WORD_ONLY_RE = re.compile(r"[\W_]+")

# --- cleaning --------------------------------------------------------------------------

_BLANK, _DROP, _KEEP, _HEADING, _ARROW = range(5)


def _classify(lines: list[str]) -> list[int]:
    kinds = []
    for line in lines:
        if not line:
            kinds.append(_BLANK)
        elif _is_heading(line):
            kinds.append(_HEADING)
        elif furniture_reason(line) is not None:
            kinds.append(_DROP)
        elif line[0] == "▲":
            kinds.append(_ARROW)
        else:
            kinds.append(_KEEP)
    return kinds


def _resolve_arrows(lines: list[str], kinds: list[int]) -> None:
    """A lone "▲…" line is a photo caption; consecutive distinct ones form a list."""
    for i, kind in enumerate(kinds):
        if kind != _ARROW:
            continue
        neighbours = (j for j in (i - 1, i + 1) if 0 <= j < len(lines))
        in_list = any(
            kinds[j] in (_ARROW, _KEEP) and lines[j][:1] == "▲" and lines[j] != lines[i]
            for j in neighbours
        )
        kinds[i] = _KEEP if in_list else _DROP


def _drop_duplicates(lines: list[str], kinds: list[int]) -> None:
    """A short line printed twice in a row is an image's alt text plus its caption: both go.
    A longer repeated line is a scraping echo: one copy stays."""
    for i in range(len(lines) - 1):
        if kinds[i] == _KEEP and kinds[i + 1] == _KEEP and lines[i] == lines[i + 1]:
            kinds[i] = _DROP
            if len(lines[i]) <= _DUPLICATE_MAX:
                kinds[i + 1] = _DROP


def _cut_tail(lines: list[str], kinds: list[int]) -> None:
    """Drop a trailing block (related articles, rankings, tickers) that starts at a heading.

    The block is cut only when the article body came before it and little prose
    follows; otherwise only the heading line goes.
    """
    prose = [
        len(line) if kinds[i] == _KEEP and _is_prose(line) else 0 for i, line in enumerate(lines)
    ]
    other = [
        len(line) if kinds[i] != _BLANK and not prose[i] else 0 for i, line in enumerate(lines)
    ]
    prose_after, other_after = sum(prose), sum(other)
    prose_before = 0
    for i, kind in enumerate(kinds):
        prose_after -= prose[i]
        other_after -= other[i]
        if kind == _HEADING:
            if prose_before and (prose_after <= 0.2 * prose_before or prose_after < other_after):
                for j in range(i, len(kinds)):
                    kinds[j] = _DROP
                return
            kinds[i] = _DROP
        prose_before += prose[i]


def _drop_title_lines(lines: list[str], kinds: list[int], title: str) -> None:
    seen = 0
    for i, kind in enumerate(kinds):
        if kind == _BLANK:
            continue
        if kind == _KEEP and _same_text(strip_byline_prefix(lines[i]), title):
            kinds[i] = _DROP
        seen += 1
        if seen >= _HEAD_LINES:
            return


def _head_end(lines: list[str], kinds: list[int]) -> int:
    """Index of the first body sentence; kept lines before it stand as their own paragraphs."""
    seen = 0
    for i, kind in enumerate(kinds):
        if kind == _KEEP and _is_prose(lines[i]):
            return i
        if kind != _BLANK:
            seen += 1
            if seen >= _HEAD_LINES:
                return i
    return len(kinds)


def _trim(line: str) -> str:
    line = strip_byline_prefix(line)
    if ("@" in line or "기자" in line) and line[-1:] not in '.!?"”’':
        line = _TRAILING_BYLINE_RE.sub("", line)
    return line.strip()


def _paragraphs(lines: list[str], kinds: list[int], head_end: int, per_line: bool) -> Iterator[str]:
    block: list[str] = []
    for i, kind in enumerate(kinds):
        if kind != _KEEP:
            # A removed line also ends a paragraph: furniture never sits inside prose.
            if block:
                yield "\n".join(block)
                block = []
            continue
        line = _trim(lines[i])
        if not line:
            continue
        block.append(line)
        # Deck lines stand alone, unless one breaks off mid-sentence (a hard-wrapped line).
        if (per_line or i < head_end) and not _CONTINUES_RE.search(line):
            yield "\n".join(block)
            block = []
    if block:
        yield "\n".join(block)


def clean_text(raw: str, *, title: str | None = None, line_paragraphs: bool = False) -> str:
    """Article body without page furniture; paragraphs separated by a blank line.

    title: lines repeating it near the top are dropped (the headline is kept as title only).
    line_paragraphs: treat every line as its own paragraph (text extracted from HTML).
    """
    lines = [line.strip() for line in normalize_text(raw).split("\n")]
    kinds = _classify(lines)
    _resolve_arrows(lines, kinds)
    if title:
        _drop_title_lines(lines, kinds, normalize_text(title).strip())
    _drop_duplicates(lines, kinds)
    _cut_tail(lines, kinds)
    head_end = _head_end(lines, kinds)
    return "\n\n".join(_paragraphs(lines, kinds, head_end, line_paragraphs))


# --- HTML ------------------------------------------------------------------------------

_PARA_MARK = "\u2029"  # marks block boundaries while the page text is flattened
_DROP_TAGS = (
    "script, style, noscript, template, nav, header, footer, aside, form, iframe, button, "
    "select, textarea, input, svg, canvas, object, embed, map, dialog, menu, figure, figcaption"
)
_BLOCK_TAGS = (
    "p, div, br, li, ul, ol, dl, dt, dd, h1, h2, h3, h4, h5, h6, tr, td, th, table, section, "
    "article, main, blockquote, pre, hr, address, center, caption, header, footer, aside, figure"
)
_ARTICLE_SELECTORS = (
    '[itemprop="articleBody"]',
    "#articleBody",
    "#article-view-content-div",
    "#articeBody",
    "#newsct_article",
    "#dic_area",
    "#article_body",
    "#articleText",
    "#news_body_area",
    "#newsContent",
    "#textBody",
    ".article_body",
    ".article-body",
    ".articleBody",
    ".news_body",
    ".news-body",
    ".news_text",
    ".article_txt",
    ".article-content",
    ".view_con",
    ".entry-content",
    "article",
)
# Class/id words of page furniture (class names are split on -, _ and camelCase).
_FURNITURE_WORDS = _words(
    "share sharing sns social comment comments cmt reply replies related relation relate",
    "recommend recommended recom ad ads adv advert advertisement adsbygoogle banner bnr",
    "footer nav navi navigation gnb lnb snb menu sidebar aside popular ranking rank best most",
    "hot copyright copy subscribe newsletter breadcrumb breadcrumbs util utility toolbar tools",
    "popup modal login search promo sponsor sponsored taboola outbrain dable tags tag print",
    "widget reaction emotion caption byline reporter writer journalist",
)
_CLASS_WORD_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_HANGUL_RE = re.compile(r"[가-힣]")
_MIN_ARTICLE_HANGUL = 20


def _hangul(text: str) -> int:
    return len(_HANGUL_RE.findall(text))


def _is_furniture_node(node: LexborNode) -> bool:
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    if not names.strip():
        return False
    return any(w.lower() in _FURNITURE_WORDS for w in _CLASS_WORD_RE.findall(names))


def _remove_furniture_nodes(root: LexborNode) -> None:
    """Decompose the top-most furniture elements under root (never root itself)."""
    doomed: list[LexborNode] = []
    stack = [c for c in _children(root)]
    while stack:
        node = stack.pop()
        if _is_furniture_node(node):
            doomed.append(node)
        else:
            stack.extend(_children(node))
    for node in doomed:
        node.decompose()


def _children(node: LexborNode) -> Iterator[LexborNode]:
    child = node.child
    while child is not None:
        if child.is_element_node:
            yield child
        child = child.next


def block_text(node: LexborNode) -> str:
    """Text of node with one line per block element and HTML whitespace collapsed."""
    for block in node.css(_BLOCK_TAGS):
        block.insert_before(_PARA_MARK)
        block.insert_after(_PARA_MARK)
    flat = node.text(separator="", deep=True)
    lines = (" ".join(part.split()) for part in flat.split(_PARA_MARK))
    return "\n".join(line for line in lines if line)


def _preferred_root(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in _ARTICLE_SELECTORS:
        nodes = tree.css(selector)
        if not nodes:
            continue
        best = max(nodes, key=lambda n: _hangul(n.text()))
        # A bare <article> is also used for teasers; it must hold a real text to win.
        minimum = _MIN_ARTICLE_HANGUL * (5 if selector == "article" else 1)
        if _hangul(best.text()) >= minimum:
            return best
    return None


def _densest_block(body: LexborNode) -> LexborNode | None:
    """The element whose own text and direct <p> children hold the most Hangul."""
    scores: dict[int, int] = {}
    nodes: dict[int, LexborNode] = {}
    for p in body.css("p"):
        parent = p.parent
        if parent is not None:
            scores[parent.mem_id] = scores.get(parent.mem_id, 0) + _hangul(p.text())
            nodes[parent.mem_id] = parent
    for node in [body, *body.css("div, section, article, main, td")]:
        own = _hangul(node.text(deep=False))
        if own:
            scores[node.mem_id] = scores.get(node.mem_id, 0) + own
            nodes[node.mem_id] = node
    if not scores:
        return None
    best = max(scores, key=scores.__getitem__)
    return nodes[best] if scores[best] >= _MIN_ARTICLE_HANGUL else None


def html_article_text(tree: LexborHTMLParser) -> tuple[str, str]:
    """(main article text, whole page text) of a parsed page; both uncleaned, one block per line.

    Mutates the tree: read <meta> tags before calling this.
    """
    body = tree.body
    if body is None:
        return "", ""
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    page_text = block_text(body)
    for node in body.css(_DROP_TAGS):
        node.decompose()
    root = _preferred_root(tree)
    if root is None:
        _remove_furniture_nodes(body)
        root = _densest_block(body)
        if root is None:
            return "", page_text
    else:
        _remove_furniture_nodes(root)
    return block_text(root), page_text
