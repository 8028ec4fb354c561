"""Reading inputs: files and folders of .txt, .html/.htm, .json and .jsonl articles.

Every input becomes an `Article` (cleaned text plus metadata) or a `ReadFailure`
that says in one line what was wrong; failures never stop a batch.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes
from selectolax.lexbor import LexborHTMLParser

from graph.errors import InputError
from graph.identity import path_id, url_id
from graph.identity import sanitize_id as sanitize_id  # re-exported: callers read it here
from loaders.cleaning import clean_text, html_article_text, is_furniture_line, normalize_text
from loaders.metadata import Meta, html_metadata, parse_date, text_metadata

TEXT_EXTS = frozenset({".txt"})
HTML_EXTS = frozenset({".html", ".htm"})
JSON_EXTS = frozenset({".json"})
JSONL_EXTS = frozenset({".jsonl"})
KNOWN_EXTS = TEXT_EXTS | HTML_EXTS | JSON_EXTS | JSONL_EXTS
TEXT_FIELDS = ("text", "body", "content")
DEFAULT_MAX_BYTES = 20_000_000


@dataclass(slots=True)
class Article:
    id: str  # stable document id
    text: str  # cleaned body text: evidence offsets index into this string
    title: str = ""
    date: str | None = None  # ISO "YYYY-MM-DD" publication date
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    path: str | None = None  # source path, "#L<n>" suffix for JSONL lines
    checksum: str = ""  # sha256 of title + "\n" + text


@dataclass(frozen=True, slots=True)
class ReadFailure:
    path: str
    reason: str  # one line, human readable


class DecodeError(InputError, ValueError):
    """Bytes that are not text in a supported encoding."""


# --- decoding ----------------------------------------------------------------------

_SNIFF = 65_536
# Control bytes that do not occur in text (tab, newlines, form feed and ESC excluded).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_MAX_CONTROL_SHARE = 0.05
_MAX_REPLACEMENT_SHARE = 0.01
_MAX_BROKEN_UTF8_SHARE = 0.001


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(sample)


_HANGUL = re.compile("[가-힣]")


def decode_bytes(data: bytes) -> str:
    """Decode text bytes: BOMs, then UTF-8, then CP949 (EUC-KR), then a detected encoding.

    Raises DecodeError("binary file") or DecodeError("undecodable text ...").
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DecodeError("undecodable text (UTF-16 byte order mark, invalid data)") from None
    if _looks_binary(data):
        raise DecodeError("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A file cut inside its last character (a byte-limited download) is still UTF-8.
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            try:
                return data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("cp949")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few broken bytes (a truncated last character, a stray byte) is still UTF-8;
    # a statistical guess would turn all of its Hangul into mojibake.
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= _MAX_BROKEN_UTF8_SHARE * len(text):
        return text
    best = from_bytes(data[: _SNIFF * 4]).best()
    if best is not None and best.encoding:
        text = data.decode(best.encoding, errors="replace")
        # A guessed single-byte encoding that yields no Hangul is mojibake, not an article.
        if text.count("\ufffd") <= _MAX_REPLACEMENT_SHARE * max(len(text), 1) and (
            _HANGUL.search(text)
        ):
            return text
        raise DecodeError(
            f"undecodable text (not utf-8 or cp949; a guess of {best.encoding} gives no Korean)"
        )
    raise DecodeError("undecodable text (tried utf-8, cp949)")


# --- ids and helpers --------------------------------------------------------------------


def by_url(item: Article | ReadFailure, *, given_id: bool) -> Article | ReadFailure:
    """An article whose id was not given is named by its URL when it has one."""
    if isinstance(item, Article) and not given_id and item.url:
        return replace(item, id=url_id(item.url))
    return item


def checksum(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n{text}".encode()).hexdigest()


_HTML_SNIFF_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|article|p|div|br|span)\b[^>]*>", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """True for an HTML document or fragment (several tags), not prose with a stray '<'."""
    head = text[:4096].lstrip()
    if head[:15].lower().startswith(("<!doctype html", "<html")):
        return True
    return len(_HTML_SNIFF_RE.findall(text[:20_000])) >= 2


def _limit(limit: int) -> tuple[float, str]:
    return next((u, s) for u, s in ((1e6, "MB"), (1e3, "kB"), (1, "bytes")) if limit >= u)


def _too_large(size: int, limit: int, what: str = "file") -> str:
    unit, name = _limit(limit)
    return f"{what} too large ({size / unit:.1f} {name} > {limit / unit:g} {name} limit)"


def _line_too_large(limit: int) -> str:
    unit, name = _limit(limit)
    return f"line too large (over the {limit / unit:g} {name} limit)"


# --- building articles ---------------------------------------------------------------------


def _failure(path: str | None, doc_id: str, reason: str) -> ReadFailure:
    return ReadFailure(path or doc_id, reason)


def _finish(
    doc_id: str, body: str, meta: Meta, given: Meta, path: str | None
) -> Article | ReadFailure:
    given.fill(meta)
    if not body:
        return _failure(path, doc_id, "no article text (only page furniture)")
    return Article(
        id=doc_id,
        text=body,
        title=given.title,
        date=given.date,
        outlet=given.outlet,
        author=given.author,
        url=given.url,
        path=path,
        checksum=checksum(given.title, body),
    )


def _from_text(raw: str, doc_id: str, given: Meta, path: str | None) -> Article | ReadFailure:
    text = normalize_text(raw)
    meta = text_metadata(text, is_furniture_line)
    title = given.title or meta.title
    # A first line that reads like a body sentence names the article but stays in the body.
    drop = given.title or (meta.title if meta.title_is_headline else None)
    given.title = title
    body = clean_text(text, title=drop)
    if not body and drop and not given.title_is_headline:
        body = clean_text(text)  # the only line was taken for a title: it is the text
    return _finish(doc_id, body, meta, given, path)


def _from_html(raw: str, doc_id: str, given: Meta, path: str | None) -> Article | ReadFailure:
    tree = LexborHTMLParser(raw)
    meta = html_metadata(tree)
    main, page = html_article_text(tree)
    main = normalize_text(main)
    visible = text_metadata(normalize_text(page))
    visible.title = ""  # the first line of a page is its menu, not a headline
    meta.fill(visible)
    title = given.title or meta.title
    body = clean_text(main, title=title, line_paragraphs=True) if main else ""
    if len(body) < 20:
        return _failure(path, doc_id, "HTML page with no article text")
    given.title = title
    return _finish(doc_id, body, meta, given, path)


# A lone surrogate (JSON may escape one: "\ud800") is no character; it cannot be stored
# or even hashed, so it reads as the replacement character.
_LONE_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def _text_only(value: str) -> str:
    return _LONE_SURROGATE_RE.sub("\ufffd", value)


def _given(
    title: str | None, date: str | None, url: str | None, outlet: str | None, author: str | None
) -> Meta:
    def text(value: str | None) -> str | None:
        value = " ".join(_text_only(value).split()) if isinstance(value, str) else None
        return value or None

    # A date that cannot be parsed is ignored; the date in the text is used instead.
    return Meta(
        title=text(title) or "",
        title_is_headline=bool(text(title)),
        date=parse_date(_text_only(date)) if isinstance(date, str) else None,
        author=text(author),
        outlet=text(outlet),
        url=text(url),
    )


def read_text_article(
    raw: str,
    *,
    doc_id: str,
    path: str | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
) -> Article | ReadFailure:
    """One article given as a string (plain text or HTML): cleaned, with metadata parsed
    from the text where not given. The id is sanitized (see graph.identity.sanitize_id)."""
    return _read_text(
        raw, sanitize_id(doc_id), doc_id, path, _given(title, date, url, outlet, author)
    )


def _read_text(
    raw: str, safe_id: str, doc_id: str, path: str | None, given: Meta
) -> Article | ReadFailure:
    """``read_text_article`` for an id already safe (a path's id keeps its ``/``)."""
    if not safe_id.strip("_"):
        return _failure(path, doc_id or "?", "empty document id")
    if not raw or not raw.strip():
        return _failure(path, safe_id, "empty text")
    raw = _text_only(raw)
    if looks_like_html(raw):
        return _from_html(raw, safe_id, given, path)
    return _from_text(raw, safe_id, given, path)


# --- JSON ------------------------------------------------------------------------------


def _article_from_object(obj: Any, default_id: str, path: str) -> Article | ReadFailure:
    if not isinstance(obj, dict):
        return ReadFailure(path, f"expected a JSON object, got {type(obj).__name__}")
    body = next((obj[k] for k in TEXT_FIELDS if obj.get(k)), None)
    if isinstance(body, list) and all(isinstance(p, str) for p in body):
        body = "\n\n".join(body)
    if not isinstance(body, str) or not body.strip():
        return ReadFailure(path, "JSON object without a text, body or content field")
    raw_id = obj.get("id")
    doc_id = str(raw_id) if isinstance(raw_id, str | int) and not isinstance(raw_id, bool) else ""
    given = _given(*(_str_field(obj, k) for k in ("title", "date", "url", "outlet", "author")))
    safe_id = sanitize_id(doc_id) if doc_id else default_id
    article = _read_text(body, safe_id, doc_id or default_id, path, given)
    return by_url(article, given_id=bool(doc_id))


def _str_field(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return value if isinstance(value, str) else None


def _unwrap(data: Any) -> Any:
    """{"articles": [...]} and similar wrappers hold a list of article objects."""
    if isinstance(data, dict) and not any(k in data for k in TEXT_FIELDS):
        lists = [v for k, v in data.items() if k in ("articles", "documents", "items", "data")]
        if len(lists) == 1 and isinstance(lists[0], list):
            return lists[0]
    return data


def _read_json(data: bytes, path: str, stem: str) -> Iterator[Article | ReadFailure]:
    try:
        parsed = json.loads(decode_bytes(data))
    except DecodeError as exc:
        yield ReadFailure(path, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield ReadFailure(path, f"not valid JSON at line {exc.lineno}: {_json_error(exc)}")
        return
    except RecursionError:
        yield ReadFailure(path, "not valid JSON: nested too deeply")
        return
    parsed = _unwrap(parsed)
    if isinstance(parsed, list):
        if not parsed:
            yield ReadFailure(path, "empty JSON list")
        for i, obj in enumerate(parsed, 1):
            yield _article_from_object(obj, f"{stem}-{i}", f"{path}#{i}")
    else:
        yield _article_from_object(parsed, stem, path)


def _capped_lines(f: BinaryIO, cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) per line; None for a line longer than cap (skipped unread)."""
    number = 0
    while True:
        line = f.readline(cap + 1)
        if not line:
            return
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = f.readline(1 << 20)
            yield number, None
        else:
            yield number, line


def _read_jsonl(p: Path, path: str, stem: str, max_bytes: int) -> Iterator[Article | ReadFailure]:
    # Streamed: the size limit applies to each record, so large corpora are fine.
    found = False
    with p.open("rb") as f:
        for item in _jsonl_items(_capped_lines(f, max_bytes), path, stem, max_bytes):
            found = True
            yield item
    if not found:
        yield ReadFailure(path, "empty file")


def _jsonl_items(
    numbered: Iterable[tuple[int, bytes | None]], path: str, stem: str, max_bytes: int
) -> Iterator[Article | ReadFailure]:
    """The articles (or failures) of numbered JSON Lines (a line None: over the cap);
    blank lines give nothing, and line 1 may start with a byte-order mark."""
    for n, line in numbered:
        where = f"{path}#L{n}"
        if line is None:
            yield ReadFailure(where, _line_too_large(max_bytes))
            continue
        if n == 1 and line.startswith(codecs.BOM_UTF8):
            line = line[len(codecs.BOM_UTF8) :]
        if line.strip():
            yield _jsonl_record(line, n, where, stem)


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"{exc.msg} (column {exc.colno})"


def _jsonl_record(line: bytes, n: int, where: str, stem: str) -> Article | ReadFailure:
    try:
        obj = json.loads(decode_bytes(line.rstrip(b"\r\n")))
    except DecodeError as exc:
        return ReadFailure(where, f"{exc} at line {n}")
    except json.JSONDecodeError as exc:
        return ReadFailure(where, f"not valid JSON at line {n}: {_json_error(exc)}")
    except RecursionError:
        return ReadFailure(where, f"not valid JSON at line {n}: nested too deeply")
    return _article_from_object(obj, f"{stem}-{n}", where)


# --- files and folders --------------------------------------------------------------------


def _read_file(p: Path, max_bytes: int, stem: str) -> Iterator[Article | ReadFailure]:
    """The articles of one file; ``stem`` is the id its path gives (see graph.identity)."""
    path, ext = str(p), p.suffix.lower()
    try:
        size = p.stat().st_size
        if ext in JSONL_EXTS:
            yield from _read_jsonl(p, path, stem, max_bytes)
            return
        if size > max_bytes:
            yield ReadFailure(path, _too_large(size, max_bytes))
            return
        data = p.read_bytes()
    except OSError as exc:
        yield ReadFailure(path, f"cannot read file: {exc.strerror or exc}")
        return
    if not data.strip():
        yield ReadFailure(path, "empty file")
        return
    if ext in JSON_EXTS:
        yield from _read_json(data, path, stem)
        return
    try:
        raw = decode_bytes(data)
    except DecodeError as exc:
        yield ReadFailure(path, str(exc))
        return
    if not raw.strip():
        yield ReadFailure(path, "empty file")
    elif ext in HTML_EXTS:
        yield by_url(_from_html(raw, stem, Meta(), path), given_id=False)
    else:
        yield by_url(
            _read_text(raw, stem, stem, path, _given(None, None, None, None, None)), given_id=False
        )


def _not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read (None: a regular file). Opening a FIFO blocks
    until a writer comes, a device never ends; neither is ever opened."""
    if stat.S_ISREG(mode):
        return None
    kind = (
        "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a file"
    )
    return f"not a regular file ({kind}); not opened"


def _walk(root: Path) -> list[Path | ReadFailure]:
    """Regular files with a known extension under root, sorted by path, skipping hidden
    entries. Directory symlinks are followed once: a folder reached again (a symlink
    loop, or a second link to it) is reported, not read again. Known-extension entries
    that are not regular files (FIFOs, devices, sockets) or broken links are reported
    with a reason and never opened."""
    found: list[tuple[tuple[str, ...], Path | ReadFailure]] = []
    visited: set[tuple[int, int]] = set()
    pending: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while pending:
        folder, parts = pending.pop()
        try:
            info = folder.stat()
            key = (info.st_dev, info.st_ino)
            if key in visited:
                reason = "folder already read (a directory symlink loop or a second link)"
                found.append((parts, ReadFailure(str(folder), reason)))
                continue
            visited.add(key)
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            reason = f"cannot read folder: {exc.strerror or exc}"
            found.append((parts, ReadFailure(str(folder), reason)))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path, where = folder / entry.name, (*parts, entry.name)
            try:
                mode = entry.stat().st_mode  # follows symlinks
            except OSError as exc:
                if Path(entry.name).suffix.lower() in KNOWN_EXTS or entry.is_symlink():
                    reason = f"cannot follow: {exc.strerror or exc}"
                    if entry.is_symlink():
                        reason = f"broken or looping symbolic link ({exc.strerror or exc})"
                    found.append((where, ReadFailure(str(path), reason)))
                continue
            if stat.S_ISDIR(mode):
                pending.append((path, where))
            elif Path(entry.name).suffix.lower() in KNOWN_EXTS:
                reason = _not_regular(mode)
                found.append((where, path if reason is None else ReadFailure(str(path), reason)))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, Path] | ReadFailure]:
    """Each file with the folder it is loaded from (a named file: its own folder)."""
    seen: set[Path] = set()
    for given in paths:
        p = Path(given)
        try:
            mode: int | None = p.stat().st_mode
        except OSError as exc:
            mode = None
            reason = "no such file or directory"
            if p.is_symlink():
                reason = f"broken or looping symbolic link ({exc.strerror or exc})"
        if mode is None:
            yield ReadFailure(str(p), reason)
            continue
        if stat.S_ISDIR(mode):
            candidates: list[Path | ReadFailure] = _walk(p)
            root = p
        elif (why := _not_regular(mode)) is not None:
            yield ReadFailure(str(p), why)
            continue
        else:
            candidates, root = [p], p.parent
        for f in candidates:
            if isinstance(f, ReadFailure):
                yield f
                continue
            try:
                key = f.resolve(strict=True)
            except (OSError, RuntimeError):
                key = f.absolute()
            if key not in seen:  # a file named twice (directly and in its folder) is read once
                seen.add(key)
                yield f, root


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many documents (or failures) reading these paths gives, found cheaply: one per
    file and per skipped entry, one per non-empty line of a JSON Lines file."""
    total = 0
    for found in _files(paths):
        if isinstance(found, ReadFailure) or found[0].suffix.lower() not in JSONL_EXTS:
            total += 1
            continue
        try:
            with found[0].open("rb") as handle:
                total += max(1, sum(1 for line in handle if line.strip()))
        except OSError:
            total += 1
    return total


def _relative(article: Article, f: Path, root: Path) -> Article:
    """The article with its path relative to the folder it was loaded from.

    Stored and served paths never show where the machine keeps its files.
    """
    full = str(f)
    if not article.path or not article.path.startswith(full):
        return article
    return replace(article, path=f.relative_to(root).as_posix() + article.path[len(full) :])


def iter_articles(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | ReadFailure]:
    """Articles (or failures) from files and folders, in a deterministic order.

    Folders are read recursively in sorted order and only files with a known
    extension are read there; a file named explicitly is read whatever its
    extension (as text, or as HTML when it looks like HTML). A document id seen
    twice in one batch is reported as a failure, so one article cannot silently
    replace another.
    """
    ids: dict[str, str] = {}
    for found in _files(paths):
        if isinstance(found, ReadFailure):
            yield found
            continue
        f, root = found
        for item in _read_file(f, max_bytes, path_id(f.relative_to(root).as_posix())):
            if isinstance(item, Article):
                first = ids.setdefault(item.id, item.path or "")
                if first != (item.path or ""):
                    item = ReadFailure(
                        item.path or item.id,
                        f"duplicate document id {item.id!r} (first read from {first})",
                    )
                else:
                    item = _relative(item, f, root)
            yield item
