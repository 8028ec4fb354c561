"""Document ids: what makes two inputs the same document (read by loaders/reading.py).

An id given with the article (a JSON ``id``, the API's ``id``) is kept. Otherwise an
article with a URL is named by its URL, so the same article fetched to two files is one
document; a file is named by its path relative to the folder given to ``load``, without
its extension (``a/article``; a file directly in that folder keeps its stem, so
``seeds/000_6c76cb685f4a3c95.txt`` is ``000_6c76cb685f4a3c95``); the n-th record of a
JSON list or JSON Lines file adds ``-n``; an API post with neither is named by a hash of
its text.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

_ID_UNSAFE_RE = re.compile(r"[^A-Za-z0-9_.\-가-힣]")
# "#L3" (a JSON Lines line) or "#3" (an object of a JSON list) after a file's path.
_RECORD_RE = re.compile(r"#L?(\d+)$")
_HASH_CHARS = 16


def sanitize_id(raw: str) -> str:
    """Document ids keep letters, digits, Hangul syllables and _ . - ; others become _."""
    return _ID_UNSAFE_RE.sub("_", raw.strip())


def clean_id(raw: str) -> str:
    """An id as stored: each ``/``-separated part sanitized, empty parts dropped."""
    return "/".join(part for part in (sanitize_id(p) for p in raw.split("/")) if part)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_CHARS]


def canonical_url(url: str) -> str:
    """Scheme and host in lower case, no fragment, no trailing slash: one article, one URL."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an unparseable URL (a bad IPv6 host) is compared as written
        return url.strip()
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def url_id(url: str) -> str:
    """``zdnet.co.kr_3f9c…``: the site (readable) and a hash of the canonical URL (unique)."""
    canonical = canonical_url(url)
    try:
        host = urlsplit(canonical).hostname or ""
    except ValueError:
        host = ""
    site = sanitize_id(host.removeprefix("www.")).strip("_") or "url"
    return f"{site}_{_digest(canonical)}"


def content_id(text: str) -> str:
    """An article sent with no id, URL or path: the same text gets the same id."""
    return "api_" + _digest(text)


def path_id(relative: str) -> str:
    """The id of a file (or a record in it) from its path relative to the load folder.

    >>> path_id("000_6c76cb685f4a3c95.txt"), path_id("a/article.txt"), path_id("b/x.jsonl#L2")
    ('000_6c76cb685f4a3c95', 'a/article', 'b/x-2')
    """
    record = _RECORD_RE.search(relative)
    file_part = relative[: record.start()] if record else relative
    *folders, name = file_part.split("/")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    base = clean_id("/".join((*folders, stem)))
    return f"{base}-{record.group(1)}" if record else base


def is_path_id(doc_id: str, path: str | None) -> bool:
    """Whether this id is the one the path gives (not a given id or a URL's)."""
    return path is not None and doc_id == path_id(path)
