"""Fuzzing the readers and the extractor: any bytes in, an article or a one-line failure out.

A fixed seed (derandomized) and bounded examples keep the run short and repeatable.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.model import DocumentFacts
from loaders.extract import extract_article
from loaders.reading import Article, DecodeError, ReadFailure, decode_bytes, iter_articles

FUZZ = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Korean press words and markup, so examples reach the cleaning and the rules, not only
# the decoder; any character (lone surrogates included) for the rest.
_WORDS = st.sampled_from(
    [
        "과학기술정보통신부는",
        "KT와",
        "업무협약을",
        "체결했다.",
        "240억원",
        "규모의",
        "펀드를",
        "조성한다.",
        "장관",
        "최기영",
        "'디지털 뉴딜'",
        "사업을",
        "추진한다.",
        "\n\n",
        "<p>",
        "</p>",
        "<html><body>",
        "2020-04-16",
        "입력 2020.11.26",
        "△",
        "▲",
        "(",
        ")",
        "·",
        "http://example.kr/a",
        "제2차",
        "회의를",
        "개최했다.",
        "\t",
        "\r\n",
        "\x00",
        "\ufeff",
    ]
)
_ANY = st.text(max_size=12)
# JSON may escape a lone surrogate ("\\ud800"); st.text leaves them out.
_SURROGATES = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=2)
_TEXT = st.lists(st.one_of(_WORDS, _ANY, _SURROGATES), max_size=40).map(" ".join)
_BYTES = st.one_of(
    st.binary(max_size=2000),
    _TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
    _TEXT.map(lambda t: t.encode("cp949", "ignore")),
)
_ARTICLE = st.fixed_dictionaries(
    {"text": _TEXT},
    optional={k: _TEXT | st.integers() for k in ("id", "title", "date", "url", "outlet")},
)
_JSON = st.one_of(
    _ARTICLE,
    st.lists(_ARTICLE, max_size=3),
    st.recursive(
        st.none() | st.booleans() | st.integers() | _TEXT,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.sampled_from(["text", "id", "title", "body", "articles"]), inner)
        ),
        max_leaves=12,
    ),
)


def _well_formed(article: Article) -> None:
    assert article.id and article.text and len(article.checksum) == 64
    facts: DocumentFacts = extract_article(article)
    facts.validate()  # the schema's own check: labels, relationship ends, ids
    assert facts.document.id == article.id
    ids = {n.id for n in facts.nodes}
    for edge in facts.edges:
        assert {edge.source, edge.target} <= ids
        for evidence in edge.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(article.text)
            assert article.text[evidence.start : evidence.end] == evidence.sentence
    assert DocumentFacts.from_json(facts.to_json()).to_json() == facts.to_json()


def _read(data: bytes, name: str) -> list[Article | ReadFailure]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        items = list(iter_articles([path]))
    for item in items:
        assert isinstance(item, Article | ReadFailure)
        if isinstance(item, ReadFailure):
            assert item.reason and "\n" not in item.reason
        else:
            _well_formed(item)
    return items


@FUZZ
@given(data=_BYTES, ext=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".dat"]))
def test_any_bytes_read_as_an_article_or_a_failure(data: bytes, ext: str) -> None:
    assert _read(data, "input" + ext)


@FUZZ
@given(document=_JSON, lines=st.booleans())
def test_any_json_reads_as_articles_or_failures(document: object, lines: bool) -> None:
    text = json.dumps(document, ensure_ascii=True)
    if lines:
        _read((text + "\n" + text + "\n").encode(), "input.jsonl")
    else:
        _read(text.encode(), "input.json")


@FUZZ
@given(data=_BYTES)
def test_decoding_fails_only_with_its_own_error(data: bytes) -> None:
    try:
        assert isinstance(decode_bytes(data), str)
    except DecodeError as exc:
        assert str(exc) and "\n" not in str(exc)
