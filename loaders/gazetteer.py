"""The gazetteer: real Korean organisations, and a fast matcher for them in text.

Data lives in ``loaders/gazetteer/``:

* every ``*.tsv`` file except the two below holds entities, one per row, with the
  columns ``label name aliases name_en founded dissolved parent`` (aliases are
  ``|``-separated; dates are ISO ``yyyy-mm-dd``);
* ``successions.tsv`` (``later earlier date note``) records reorganisations in
  which a new body took over from an old one;
* ``blocked.tsv`` (``surface note``) lists surfaces that :meth:`Gazetteer.find_all`
  must never report: ordinary words that contain or equal a short alias
  (``토스트``, ``하이브리드``), or names too ambiguous in running text to match
  (``경기도`` is also "the economy, too"). Lookups by name are not affected.

Lines starting with ``#`` are comments. Names are compared through
:func:`name_key` (the node-id key of :mod:`graph.schema`), so lookups ignore
spacing, middle dots, hyphens, quotes, width and Latin case.

:meth:`Gazetteer.find_all` reports the leftmost-longest surfaces (names,
aliases and their spacing, dot and capitalisation variants) that stand as
names of their own: a Latin alias must be a whole token (``KT`` is not in
``KTX`` or ``KT&G``), a Korean one must not be glued to a preceding syllable
(``환경부`` is not in ``생활환경부문``), and a short Korean one must not run
into a syllable that starts another word (``교육부터``, ``금융위기``).
Particles may follow directly (``중기부는``, ``KT가``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.schema import ORGANISATIONS
from graph.schema import name_key as _name_key
from loaders.lexicon import words

DEFAULT_DIRECTORY = Path(__file__).with_name("gazetteer")
SUCCESSIONS_FILE = "successions.tsv"
BLOCKED_FILE = "blocked.tsv"
ENTITY_COLUMNS = ("label", "name", "aliases", "name_en", "founded", "dissolved", "parent")
SUCCESSION_COLUMNS = ("later", "earlier", "date", "note")
BLOCKED_COLUMNS = ("surface", "note")
LABELS = ORGANISATIONS

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# NFKC turns the compatibility jamo ㆍ (a common middle dot in Korean text) into
# a combining vowel, which the shared key would keep; make it a plain dot first.
_ARAEA = str.maketrans({"ㆍ": "·", "\u119e": "·"})
# Full-width ASCII and the ideographic space map one-to-one onto ASCII, so the
# text can be normalised for matching without moving any offset.
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")
_FULLWIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# Variants of the middle dot that Korean text uses interchangeably.
_DOTS = ("·", "ㆍ", "‧", "・", "", " ")
# Generic heads that Korean writers often detach with a space ("이노비즈 협회").
_SPACED_HEADS = ("협회", "연합회", "중앙회", "협의회", "재단", "그룹")
_HANGUL_HYPHEN = re.compile(r"(?<=[가-힣])-(?=[가-힣])")  # 메르세데스-벤츠, 메르세데스 벤츠
_SCRIPT_BOUNDARY = re.compile(r"(?<=[A-Za-z])(?=[가-힣])|(?<=[가-힣])(?=[A-Za-z])")

# After a name ending in these syllables, these next syllables start an
# ordinary word instead of a particle: 교육부터 (from education), 산업통상부문
# (the trade sector), 데이터처리 (data processing), 금융위기 (financial crisis).
# 전남도립대, 서울시립대, 강남구립: 도립, 시립, 구립 make a word of its own (a body run by it).
_FOLLOW_ANY_LENGTH = {"부": "문터", "처": "리", "도": "립", "시": "립", "구": "립"}
# The same for short names (``_SHORT`` syllables or fewer), where such accidents
# are far more likely: 복지부담, 중기부족, 인사처분, 행복청년, 서울시민, 국정원칙.
_FOLLOW_SHORT = {
    "부": "족분담진품채속착활응합과여서",
    "위": "기험축반치탁협생성",
    "처": "분벌방우음럼",
    "청": "년소춘구원취약사결렴각",
    "시": "민내",
    "원": "칙래리",
}
_SHORT = 3
_ENGLISH_MIN_WORDS = 3
_HANGUL_RUN = re.compile(r"[가-힣]+")
# First syllables of particles and endings that follow a name directly.
_PARTICLE_STARTS = frozenset("은는이가을를의와과도에로으만까부보처께랑나며란였다입조마뿐엔측등")
_GLUE_CHECKED = frozenset({"Company", "Organization"})
_GLUED_WORDS = words("orgs.glued_words")
# Bucket sizes of the matcher's top level (see _trie_pattern); measured, not derived.
_OUTER_BUCKET = 96
_INNER_BUCKET = 16


def name_key(name: str) -> str:
    """The lookup key of a name: :func:`graph.schema.name_key`, with ㆍ as a dot."""
    return _name_key(name.translate(_ARAEA))


@dataclass(frozen=True, slots=True)
class Entry:
    """One organisation: its label, current or historical name and aliases."""

    label: str
    name: str
    aliases: tuple[str, ...]
    name_en: str | None
    founded: str | None
    dissolved: str | None
    parent: str | None

    @property
    def current(self) -> bool:
        return self.dissolved is None

    @property
    def surfaces(self) -> tuple[str, ...]:
        """The name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Succession:
    """``later`` took over (all or part of) ``earlier`` on ``date``."""

    later: str
    earlier: str
    date: str | None
    note: str


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """A mention of a gazetteer entry at ``text[start:end]``."""

    start: int
    end: int
    surface: str
    entry: Entry


class GazetteerError(ValueError):
    """A gazetteer data file is malformed."""


class Gazetteer:
    """Organisations by name, and a longest-match finder for them in text."""

    entries: tuple[Entry, ...]
    successions: tuple[Succession, ...]
    blocked: frozenset[str]

    def __init__(
        self,
        entries: Iterable[Entry],
        successions: Iterable[Succession] = (),
        blocked: Iterable[str] = (),
    ) -> None:
        self.entries = tuple(entries)
        self.successions = tuple(successions)
        self.blocked = frozenset(blocked)
        self._index, self.conflicts = _build_index(self.entries)
        self._surfaces: dict[str, Entry | None] = {}
        for surface in sorted(_all_surfaces(self.entries)):
            entry = self._index.get(name_key(surface))
            if entry is not None:
                self._surfaces[surface] = entry
        for surface in self.blocked:
            self._surfaces[surface] = None  # blocked wins over an entry's own surface
        self._pattern = re.compile(_trie_pattern(self._surfaces)) if self._surfaces else None

    @classmethod
    def load(cls, directory: Path | None = None) -> Gazetteer:
        """Read every data file in ``directory`` (default: the package's own data)."""
        directory = DEFAULT_DIRECTORY if directory is None else Path(directory)
        entries: list[Entry] = []
        for path in sorted(directory.glob("*.tsv")):
            if path.name not in (SUCCESSIONS_FILE, BLOCKED_FILE):
                entries.extend(_read_entities(path))
        successions: list[Succession] = []
        if (directory / SUCCESSIONS_FILE).exists():
            successions = list(_read_successions(directory / SUCCESSIONS_FILE))
        blocked: list[str] = []
        if (directory / BLOCKED_FILE).exists():
            blocked = [row[0] for _, row in _read_rows(directory / BLOCKED_FILE, BLOCKED_COLUMNS)]
        return cls(entries, successions, blocked)

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __contains__(self, surface: object) -> bool:
        return isinstance(surface, str) and self.lookup(surface) is not None

    def lookup(self, surface: str) -> Entry | None:
        """The entry whose name, alias or English name is ``surface``, if any.

        Spacing, middle dots, hyphens, quotes, full-width forms and Latin case
        do not matter.
        """
        key = name_key(surface)
        return self._index.get(key) if key else None

    def successors(self, name: str) -> list[Succession]:
        """Reorganisations in which the body named ``name`` was taken over."""
        entry = self.lookup(name)
        target = entry.name if entry else name
        return [s for s in self.successions if s.earlier == target]

    def predecessors(self, name: str) -> list[Succession]:
        """Reorganisations through which the body named ``name`` took over others."""
        entry = self.lookup(name)
        target = entry.name if entry else name
        return [s for s in self.successions if s.later == target]

    def find_all(self, text: str) -> list[GazetteerMatch]:
        """All non-overlapping mentions in ``text``, leftmost-longest first.

        Offsets refer to ``text`` itself; full-width Latin letters are matched
        as their ASCII forms.
        """
        if self._pattern is None or not text:
            return []
        scan = text.translate(_FULLWIDTH_TABLE) if _FULLWIDTH.search(text) else text
        search = self._pattern.search
        matches: list[GazetteerMatch] = []
        pos = 0
        while (found := search(scan, pos)) is not None:
            start = found.start()
            hit = self._resolve(scan, start, found.end())
            if hit is None:
                pos = start + 1
                continue
            end, entry = hit
            if entry is not None:
                matches.append(GazetteerMatch(start, end, text[start:end], entry))
            pos = end
        return matches

    def _resolve(self, text: str, start: int, end: int) -> tuple[int, Entry | None] | None:
        """The longest surface at ``start`` (up to ``end``) whose context fits.

        A blocked surface resolves to ``None`` and swallows its span.
        """
        for stop in range(end, start, -1):
            surface = text[start:stop]
            if surface not in self._surfaces:
                continue
            entry = self._surfaces[surface]
            if entry is None:
                return stop, None
            if not _fits(text, start, stop, surface):
                continue
            glued = entry.label in _GLUE_CHECKED or _is_ascii_alnum(surface[-1])
            if glued and _continues_name(text, stop):
                # 네이버헬스케어: neither 네이버 nor a shorter name; IBK자산운용 is not IBK.
                return stop, None
            return stop, entry
        return None


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped with the package, loaded once per process."""
    return Gazetteer.load()


# -- matching context -------------------------------------------------------


def _is_hangul(ch: str) -> bool:
    return "가" <= ch <= "힣"


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_latin_word(ch: str) -> bool:
    """Characters that would make a Latin alias part of a longer token."""
    return _is_ascii_alnum(ch) or ch in "&_@"


def _fits(text: str, start: int, end: int, surface: str) -> bool:
    """Whether ``surface`` at ``text[start:end]`` stands as a name of its own."""
    first, last = surface[0], surface[-1]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _is_ascii_alnum(first):
        if before and _is_latin_word(before):
            return False  # KT inside SKT, NIA inside MNIA
        if before == "." and start >= 2 and _is_ascii_alnum(text[start - 2]):
            return False  # a domain name: www.kt.com
    elif _is_hangul(first) and before and _is_hangul(before):
        # News text sets names off with a space or punctuation; a syllable glued in
        # front means another word: 환경부 in 생활환경부문, 국회 in 미국회사,
        # 서울대학교 in 남서울대학교, 콘텐츠진흥원 in 경기콘텐츠진흥원.
        return False
    if _is_ascii_alnum(last):
        if after and _is_latin_word(after):
            return False  # KT inside KTX or KT&G
        if after == "." and end + 1 < len(text) and _is_ascii_alnum(text[end + 1]):
            return False  # kt.com
    elif _is_hangul(last) and after:
        if after in _FOLLOW_ANY_LENGTH.get(last, ""):
            return False
        if _syllables(surface) <= _SHORT:
            if after in _FOLLOW_SHORT.get(last, ""):
                return False
            if last == "부" and after == "장" and text[end + 1 : end + 2] != "관":
                return False  # 교육부장 (a department head), but 교육부장관 is the minister
    return True


def _continues_name(text: str, end: int) -> bool:
    """Whether Hangul glued after a company's name makes it another name: 네이버헬스케어,
    카카오뱅크, KT스카이라이프; but not a particle or a word such as 측 (KT는, 네이버측)."""
    run = _HANGUL_RUN.match(text, end)
    if run is None:
        return False
    word = run.group()
    return word[0] not in _PARTICLE_STARTS and not word.startswith(_GLUED_WORDS)


def _syllables(surface: str) -> int:
    return sum(1 for ch in surface if not ch.isspace())


# -- surfaces and the matcher ------------------------------------------------


def _all_surfaces(entries: Iterable[Entry]) -> set[str]:
    # Short English names are for lookups only: many are ordinary phrases in
    # running text ("Global Economic", "Korea Post"); those of three words or more
    # ("Ministry of Science and ICT") are names wherever they stand.
    surfaces: set[str] = set()
    for entry in entries:
        for surface in (*entry.surfaces, *_head_forms(entry)):
            surfaces.update(_variants(surface))
        if entry.name_en and len(entry.name_en.split()) >= _ENGLISH_MIN_WORDS:
            surfaces.add(entry.name_en)
    return surfaces


def _head_forms(entry: Entry) -> list[str]:
    """국민권익위원장, 개인정보보호위원장: a committee's head is written with its name less
    회, so that form names the committee too (the head is read from the 장 after it);
    a long committee name is also cut to …위 (국가인공지능전략위 상근 부위원장)."""
    committees = [s for s in entry.surfaces if s.endswith("위원회") and len(s) >= 6]
    return [
        *(s[:-1] for s in committees),
        *(s[:-2] for s in committees if len(s) - 3 >= _CUT_COMMITTEE_STEM),
    ]


_CUT_COMMITTEE_STEM = 5  # syllables before 위원회: 금융위, 방통위 are listed where used


def _variants(surface: str) -> set[str]:
    """The written forms of one name that running text may use."""
    forms = {surface}
    if any(dot in surface for dot in _DOTS[:4]):
        for dot in _DOTS:
            forms.add(re.sub("[·ㆍ‧・]", dot, surface))
    for form in list(forms):
        if _HANGUL_HYPHEN.search(form):
            forms.update({_HANGUL_HYPHEN.sub(" ", form), _HANGUL_HYPHEN.sub("", form)})
    for form in list(forms):
        if " " in form:
            forms.add(form.replace(" ", ""))
        spaced = _SCRIPT_BOUNDARY.sub(" ", form)
        if spaced != form:
            forms.add(spaced)
        for head in _SPACED_HEADS:
            stem = form[: -len(head)]
            if form.endswith(head) and len(stem) >= 2 and _is_hangul(stem[-1]):
                forms.add(f"{stem} {head}")
    for form in list(forms):
        letters = sum(1 for ch in form if ch.isascii() and ch.isalpha())
        # A capitalised brand also appears in capitals (Innobiz, INNOBIZ). Lower-case
        # forms are listed explicitly where real, since many brands are English words.
        if letters >= 4 and any(ch.isascii() and ch.islower() for ch in form):
            forms.add(form.upper())
    return {form.strip() for form in forms if form.strip()}


def _trie_pattern(words: Iterable[str]) -> str:
    """One regex that matches the longest of ``words`` at the leftmost position.

    Words are merged into a character trie so the engine follows shared
    prefixes once instead of trying thousands of alternatives in turn.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    # The engine tries a group's alternatives one by one at every position, and
    # the top level has hundreds (one per first character). Grouping them in two
    # levels of buckets, each guarded by a one-step character-class lookahead,
    # lets most positions fail after a few class tests (about 3x faster).
    items = sorted(trie.items())
    outer = []
    for i in range(0, len(items), _OUTER_BUCKET):
        chunk = items[i : i + _OUTER_BUCKET]
        inner = [_bucket(chunk[j : j + _INNER_BUCKET]) for j in range(0, len(chunk), _INNER_BUCKET)]
        outer.append(f"(?={_char_class(chunk)})(?:{'|'.join(inner)})")
    return "(?:" + "|".join(outer) + ")"


def _char_class(items: list[tuple[str, dict]]) -> str:
    return "[" + "".join(re.escape(ch) for ch, _ in items) + "]"


def _bucket(items: list[tuple[str, dict]]) -> str:
    branches = "|".join(re.escape(ch) + _node_pattern(child) for ch, child in items)
    return f"(?={_char_class(items)})(?:{branches})"


def _node_pattern(node: dict[str, dict]) -> str:
    ends_here = "" in node
    leaves = sorted(ch for ch, child in node.items() if ch and list(child) == [""])
    branches = [
        re.escape(ch) + _node_pattern(child)
        for ch, child in sorted(node.items())
        if ch and ch not in leaves
    ]
    if len(leaves) == 1:
        branches.append(re.escape(leaves[0]))
    elif leaves:
        branches.append("[" + "".join(re.escape(ch) for ch in leaves) + "]")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Greedy: the longer continuation is tried first, so the match is the longest.
        return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
    return body


# -- reading the files -------------------------------------------------------


def _read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Data rows of a TSV file, padded to ``columns``, with their line numbers."""
    header_seen = False
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if not header_seen:
                header_seen = True
                if tuple(cells) != columns:
                    raise GazetteerError(f"{path.name}:{number}: header must be {columns}")
                continue
            if len(cells) > len(columns):
                raise GazetteerError(
                    f"{path.name}:{number}: {len(cells)} columns, expected {len(columns)}"
                )
            yield number, cells + [""] * (len(columns) - len(cells))
    if not header_seen:
        raise GazetteerError(f"{path.name}: no header line")


def _read_entities(path: Path) -> Iterator[Entry]:
    for number, (label, name, aliases, name_en, founded, dissolved, parent) in _read_rows(
        path, ENTITY_COLUMNS
    ):
        where = f"{path.name}:{number}"
        if label not in LABELS:
            raise GazetteerError(f"{where}: unknown label {label!r}")
        if not name_key(name):
            raise GazetteerError(f"{where}: empty name")
        for date in (founded, dissolved):
            if date and not _DATE.match(date):
                raise GazetteerError(f"{where}: bad date {date!r}")
        alias_list: list[str] = []
        for alias in aliases.split("|"):
            alias = alias.strip()
            if alias and alias != name and alias not in alias_list:
                alias_list.append(alias)
        yield Entry(
            label=label,
            name=name,
            aliases=tuple(alias_list),
            name_en=name_en or None,
            founded=founded or None,
            dissolved=dissolved or None,
            parent=parent or None,
        )


def _read_successions(path: Path) -> Iterator[Succession]:
    for number, (later, earlier, date, note) in _read_rows(path, SUCCESSION_COLUMNS):
        if not later or not earlier:
            raise GazetteerError(f"{path.name}:{number}: later and earlier are required")
        if date and not _DATE.match(date):
            raise GazetteerError(f"{path.name}:{number}: bad date {date!r}")
        yield Succession(later=later, earlier=earlier, date=date or None, note=note)


def _build_index(entries: tuple[Entry, ...]) -> tuple[dict[str, Entry], list[tuple[str, str, str]]]:
    """Key -> entry, and the keys two entries claim (key, kept, dropped).

    A name outranks an alias, an alias outranks an English name, a current
    body outranks a dissolved one; otherwise the first row read wins.
    """
    best: dict[str, tuple[tuple[int, int, int], Entry]] = {}
    conflicts: list[tuple[str, str, str]] = []
    for order, entry in enumerate(entries):
        claims = [(entry.name, 0), *((alias, 1) for alias in entry.aliases)]
        if entry.name_en:
            claims.append((entry.name_en, 2))
        claims.extend((form, 3) for form in _head_forms(entry))
        for surface, kind in claims:
            key = name_key(surface)
            if not key:
                continue
            rank = (kind, 0 if entry.current else 1, order)
            held = best.get(key)
            if held is None:
                best[key] = (rank, entry)
            elif held[1] is not entry:
                kept, dropped = (held[1], entry) if held[0] <= rank else (entry, held[1])
                conflicts.append((key, kept.name, dropped.name))
                if rank < held[0]:
                    best[key] = (rank, entry)
    return {key: entry for key, (_, entry) in best.items()}, conflicts
