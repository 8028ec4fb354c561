"""Reading files and folders into articles, and reporting bad inputs."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.identity import url_id
from loaders.extract import trace_article
from loaders.reading import (
    Article,
    DecodeError,
    ReadFailure,
    decode_bytes,
    iter_articles,
    read_text_article,
    sanitize_id,
)
from loaders.sentences import MAX_SENTENCE_CHARS, split_sentences

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reading"

ARTICLE = (
    "정부, 디지털 뉴딜 2.0 발표\n"
    "입력 2021.07.14 10:00\n"
    "홍길동 기자\n\n"
    "정부는 14일 디지털 뉴딜 2.0 추진계획을 발표했다. 총사업비는 49조원이다.\n\n"
    "과학기술정보통신부가 사업을 총괄한다고 밝혔다.\n\n"
    "hong@etnews.com\n"
)


def _read(paths: list[Path | str], **kwargs: int) -> list[Article | ReadFailure]:
    return list(iter_articles(paths, **kwargs))


def _articles(items: list[Article | ReadFailure]) -> dict[str, Article]:
    return {a.id: a for a in items if isinstance(a, Article)}


def _failures(items: list[Article | ReadFailure]) -> dict[str, str]:
    return {f.path: f.reason for f in items if isinstance(f, ReadFailure)}


# --- seeds -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds() -> list[Article | ReadFailure]:
    return _read([SEEDS])


def test_seed_ids_and_order(seeds: list[Article | ReadFailure]) -> None:
    assert [a.id for a in seeds if isinstance(a, Article)] == [
        "000_6c76cb685f4a3c95",
        "001_641e6f2200728fe1",
        "002_5a0f65dd5be03a50",
        "004_ebf31bfe4c93205e",
    ]
    assert not _failures(seeds)


@pytest.mark.parametrize(
    ("doc_id", "title", "date", "author", "outlet"),
    [
        (
            "000_6c76cb685f4a3c95",
            "과기정통부, 디지털 기반 '포스트 코로나' TF 가동",
            "2020-04-16",
            None,
            None,
        ),
        (
            "001_641e6f2200728fe1",
            "정부, 비대면시대 'ICT' 역량으로 도약",
            "2020-11-26",
            "장민제",
            "신아일보",
        ),
        (
            "002_5a0f65dd5be03a50",
            "비대면 선도서비스 개발 등 기술개발과 스타트업 육성 적극 추진",
            "2021-06-04",
            "김민서",
            "아웃소싱타임스",
        ),
        (
            "004_ebf31bfe4c93205e",
            "중기부, KT·이노비즈 협회와 손잡고 중·소상공인 비대면 경쟁력 강화 지원",
            "2020-09-22",
            "유현재",
            None,
        ),
    ],
)
def test_seed_metadata(
    seeds: list[Article | ReadFailure],
    doc_id: str,
    title: str,
    date: str,
    author: str | None,
    outlet: str | None,
) -> None:
    article = _articles(seeds)[doc_id]
    assert (article.title, article.date, article.author, article.outlet) == (
        title,
        date,
        author,
        outlet,
    )
    assert article.path == f"{doc_id}.txt"  # relative to the folder read
    expected = hashlib.sha256(f"{article.title}\n{article.text}".encode()).hexdigest()
    assert article.checksum == expected
    assert title not in article.text


def test_seed_text_is_clean(seeds: list[Article | ReadFailure]) -> None:
    articles = _articles(seeds)
    assert "우선 '스마트공장 활성화' 분야에서는 KT와 공동으로 240억원 규모의" in (
        articles["004_ebf31bfe4c93205e"].text
    )
    for article in articles.values():
        for word in ("민희진", "비트코인", "댓글", "공유합니다", "가장크게", "jangstag@"):
            assert word not in article.text


def test_reading_is_deterministic(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "b")
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "deep" / "z.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "m.txt").write_text(ARTICLE.replace("2.0", "3.0"), encoding="utf-8")
    first = _read([tmp_path])
    second = _read([tmp_path])
    assert [(a.id, a.checksum) for a in first] == [(a.id, a.checksum) for a in second]
    assert [a.id for a in first][:2] == ["a/deep/z", "a/m"]  # a/deep/ sorts before a/m.txt
    assert len(first) == 6


# --- encodings and bad files ---------------------------------------------------------------


def test_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    [article] = _read([path])
    assert isinstance(article, Article)
    assert article.title == "정부, 디지털 뉴딜 2.0 발표"
    assert article.date == "2021-07-14"
    assert article.author == "홍길동"
    assert article.outlet == "전자신문"
    assert article.text == (
        "정부는 14일 디지털 뉴딜 2.0 추진계획을 발표했다. 총사업비는 49조원이다.\n\n"
        "과학기술정보통신부가 사업을 총괄한다고 밝혔다."
    )


def test_cp949_file(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(ARTICLE.encode("cp949"))
    [article] = _read([path])
    assert isinstance(article, Article)
    assert article.title == "정부, 디지털 뉴딜 2.0 발표"
    assert "과학기술정보통신부가 사업을 총괄한다고 밝혔다." in article.text


def test_decode_bytes() -> None:
    assert decode_bytes("디지털".encode("euc-kr")) == "디지털"
    assert decode_bytes(b"\xef\xbb\xbfabc") == "abc"
    assert decode_bytes("디지털".encode("utf-16")) == "디지털"
    with pytest.raises(DecodeError, match="binary file"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ValueError):
        decode_bytes(bytes(range(1, 9)) * 100)
    assert issubclass(DecodeError, InputError)


def test_decode_bytes_keeps_damaged_utf8_as_utf8() -> None:
    text = "과학기술정보통신부는 디지털 뉴딜 사업을 확대한다."
    assert decode_bytes(text.encode()[:-2]) == text[:-2]  # cut inside "다" before the "."
    long = text * 200
    damaged = long.encode()[:3000] + b"\xff" + long.encode()[3000:]
    decoded = decode_bytes(damaged)
    assert decoded.count("\ufffd") == 1
    assert decoded.replace("\ufffd", "") == long


def test_undecodable_bytes() -> None:
    noise = bytes((i * 37 + 11) % 128 + 128 for i in range(2000))
    with pytest.raises(DecodeError, match=r"undecodable text \(tried utf-8, cp949\)"):
        decode_bytes(noise)


def test_bad_files_are_reported_and_batch_continues(tmp_path: Path) -> None:
    (tmp_path / "a_binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (tmp_path / "d_furniture.txt").write_text("댓글 0\n이 기사를 공유합니다\n", encoding="utf-8")
    (tmp_path / "e_good.txt").write_text(ARTICLE, encoding="utf-8")
    items = _read([tmp_path, tmp_path / "missing.txt"])
    assert _failures(items) == {
        str(tmp_path / "a_binary.txt"): "binary file",
        str(tmp_path / "b_empty.txt"): "empty file",
        str(tmp_path / "c_blank.txt"): "empty file",
        str(tmp_path / "d_furniture.txt"): "no article text (only page furniture)",
        str(tmp_path / "missing.txt"): "no such file or directory",
    }
    assert list(_articles(items)) == ["e_good"]


def test_oversize_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [failure] = _read([path], max_bytes=100)
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith("file too large (")
    assert failure.reason.endswith(" > 100 bytes limit)")
    [article] = _read([path], max_bytes=10_000)
    assert isinstance(article, Article)


def test_jsonl_record_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    small = json.dumps(
        {"text": "정부가 데이터 바우처 사업을 확대한다고 밝혔다."}, ensure_ascii=False
    )
    large = json.dumps({"text": "가" * 500}, ensure_ascii=False)
    path.write_text(f"{large}\n{small}\n", encoding="utf-8")
    items = _read([path], max_bytes=300)
    assert items[0] == ReadFailure(f"{path}#L1", "line too large (over the 300 bytes limit)")
    assert isinstance(items[1], Article)
    assert items[1].id == "big-2"


def test_folder_skips_other_extensions_but_explicit_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00\x00")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "story.TXT").write_text(ARTICLE, encoding="utf-8")
    assert [a.id for a in _read([tmp_path])] == ["story"]
    [article] = _read([tmp_path / "notes.md"])
    assert isinstance(article, Article)
    assert article.id == "notes"


# --- JSON and JSONL ------------------------------------------------------------------------


def test_jsonl_with_a_malformed_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "doc-a", "title": "제목 A", "text": ARTICLE, "date": "2021.07.15"}),
        '{"id": "doc-b", "text": "깨진 줄',
        "",
        json.dumps(
            {"body": "과기정통부는 데이터 바우처 사업을 확대한다고 밝혔다.", "outlet": "뉴스1"}
        ),
        json.dumps({"title": "본문 없음"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read([path])
    assert [type(i).__name__ for i in items] == ["Article", "ReadFailure", "Article", "ReadFailure"]
    a, bad, b, no_text = items
    assert isinstance(a, Article) and isinstance(b, Article)
    assert (a.id, a.path, a.title, a.date) == ("doc-a", f"{path.name}#L1", "제목 A", "2021-07-15")
    assert "디지털 뉴딜 2.0 추진계획" in a.text
    assert bad == ReadFailure(
        f"{path}#L2", "not valid JSON at line 2: Unterminated string starting at (column 25)"
    )
    assert (b.id, b.outlet, b.path) == ("batch-4", "뉴스1", f"{path.name}#L4")
    assert b.text == "과기정통부는 데이터 바우처 사업을 확대한다고 밝혔다."
    assert no_text == ReadFailure(f"{path}#L5", "JSON object without a text, body or content field")


def test_json_list_and_single_object(tmp_path: Path) -> None:
    many = tmp_path / "many.json"
    many.write_text(
        json.dumps(
            [
                {"content": "첫째 기사 본문으로 정부가 사업을 시작했다고 밝혔다."},
                {"id": "x/y z", "text": "둘째 기사 본문으로 정부가 예산을 늘렸다고 밝혔다."},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": ARTICLE, "url": "https://www.yna.co.kr/view/1"}))
    broken = tmp_path / "broken.json"
    broken.write_text('{\n"text": }', encoding="utf-8")
    items = _read([broken, many, one])
    assert items[0] == ReadFailure(
        str(broken), "not valid JSON at line 2: Expecting value (column 9)"
    )
    # Articles keep their path relative to the folder of the file named; failures
    # name the file as given, for whoever runs the load.
    assert [(a.id, a.path) for a in items[1:]] == [
        ("many-1", "many.json#1"),
        ("x_y_z", "many.json#2"),  # a given id is sanitized: no folder in it
        (url_id("https://www.yna.co.kr/view/1"), "one.json"),  # named by its URL
    ]
    assert items[3].url == "https://www.yna.co.kr/view/1"


def test_same_name_in_two_folders_is_two_documents(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b" / "same.txt").write_text(ARTICLE, encoding="utf-8")
    items = _read([tmp_path, tmp_path / "a" / "same.txt"])  # the file named twice is read once
    assert [(a.id, a.path) for a in items if isinstance(a, Article)] == [
        ("a/same", "a/same.txt"),
        ("b/same", "b/same.txt"),
    ]
    # Named alone, a file keeps its stem (the seeds' ids).
    [alone] = _read([tmp_path / "b" / "same.txt"])
    assert isinstance(alone, Article) and alone.id == "same"


def test_duplicate_ids_in_one_batch_are_reported(tmp_path: Path) -> None:
    (tmp_path / "same.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "same.json").write_text(json.dumps({"text": ARTICLE}), encoding="utf-8")
    items = _read([tmp_path])
    assert len(items) == 2
    assert isinstance(items[0], Article) and items[0].path == "same.json"
    assert isinstance(items[1], ReadFailure)
    assert items[1].reason.startswith("duplicate document id 'same'")


def test_an_article_with_a_url_is_named_by_it(tmp_path: Path) -> None:
    url = "https://www.example.kr/news/1"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        record = {"text": ARTICLE, "url": url if folder == "a" else url + "/"}
        (tmp_path / folder / "x.json").write_text(json.dumps(record), encoding="utf-8")
    first, second = _read([tmp_path])
    assert isinstance(first, Article) and first.id == url_id(url)
    assert first.id.startswith("example.kr_")
    # The same URL (but for a trailing slash) from another path is the same document.
    assert isinstance(second, ReadFailure) and "duplicate document id" in second.reason
    given = tmp_path / "c.json"
    given.write_text(json.dumps({"id": "mine", "text": ARTICLE, "url": url}), encoding="utf-8")
    assert [a.id for a in _read([given])] == ["mine"]  # a given id wins over the URL


# --- HTML ----------------------------------------------------------------------------------


def test_html_page_with_article() -> None:
    [article] = _read([FIXTURES / "news_page.html"])
    assert isinstance(article, Article)
    assert article.id == url_id(article.url or "") and article.url
    assert article.title == "과기정통부, 공공 클라우드 전환 사업 착수"
    assert (article.date, article.outlet, article.author) == (
        "2021-03-15",
        "디지털정책신문",
        "홍길동",
    )
    assert article.url == "https://www.example-news.kr/news/articleView.html?idxno=1234"
    assert article.text.split("\n\n") == [
        "과학기술정보통신부는 15일 공공 클라우드 전환 사업에 착수한다고 밝혔다.",
        "이번 사업에는 올해 1,200억원이 투입되며, 행정안전부와 함께 중앙부처 정보시스템을 "
        "단계적으로 민간 클라우드로 옮긴다.",
        "과기정통부 관계자는 “2025년까지 공공 정보시스템의 클라우드 전환을 마무리하겠다”고 말했다.",
    ]


def test_html_page_without_article() -> None:
    assert _read([FIXTURES / "no_article.html"]) == [
        ReadFailure(str(FIXTURES / "no_article.html"), "HTML page with no article text")
    ]


def test_euc_kr_html_without_metadata(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="euc-kr"><title>정부, 데이터댐 구축 - 예시일보</title></head>'
        '<body><div class="menu">홈 뉴스 스포츠</div><div id="articleBody">'
        "<p>(서울=연합뉴스) 홍길동 기자 = 정부가 데이터댐 구축에 2,925억원을 투입한다.</p>"
        "<p>입력 2020.08.03 11:00</p></div></body></html>"
    )
    path = tmp_path / "page.htm"
    path.write_bytes(page.encode("euc-kr"))
    [article] = _read([path])
    assert isinstance(article, Article)
    assert article.title == "정부, 데이터댐 구축"
    assert article.text == "정부가 데이터댐 구축에 2,925억원을 투입한다."
    assert (article.date, article.author, article.outlet) == ("2020-08-03", "홍길동", "연합뉴스")


# --- strings (HTTP API) ----------------------------------------------------------------------


def test_read_text_article_with_given_metadata() -> None:
    article = read_text_article(
        ARTICLE,
        doc_id="뉴스 1/2",
        title="디지털 뉴딜 2.0",
        date="2021년 7월 20일",
        outlet="예시신문",
    )
    assert isinstance(article, Article)
    assert article.id == "뉴스_1_2"
    assert (article.title, article.date, article.outlet) == (
        "디지털 뉴딜 2.0",
        "2021-07-20",
        "예시신문",
    )
    assert article.author == "홍길동"
    assert article.text.startswith("정부, 디지털 뉴딜 2.0 발표\n\n정부는 14일")


def test_read_text_article_html_string_and_failures() -> None:
    html = (FIXTURES / "news_page.html").read_text(encoding="utf-8")
    article = read_text_article(html, doc_id="posted")
    assert isinstance(article, Article)
    assert article.title == "과기정통부, 공공 클라우드 전환 사업 착수"
    assert read_text_article("  \n", doc_id="x") == ReadFailure("x", "empty text")
    assert read_text_article(ARTICLE, doc_id="///") == ReadFailure("///", "empty document id")


def test_html_fragment_in_a_json_text_field(tmp_path: Path) -> None:
    path = tmp_path / "html.jsonl"
    fragment = (
        "<p>(서울=연합뉴스) 홍길동 기자 = 정부가 <b>디지털 뉴딜</b> 사업을 확대한다.</p>"
        "<p>예산은 1조원이다.</p><p>ⓒ 연합뉴스</p>"
    )
    path.write_text(json.dumps({"title": "디지털 뉴딜 확대", "text": fragment}) + "\n")
    [article] = _read([path])
    assert isinstance(article, Article)
    assert article.text == "정부가 디지털 뉴딜 사업을 확대한다.\n\n예산은 1조원이다."
    assert (article.author, article.outlet) == ("홍길동", "연합뉴스")


def test_checksum_tracks_title_and_text() -> None:
    base = read_text_article(ARTICLE, doc_id="a")
    same = read_text_article(ARTICLE, doc_id="b")
    retitled = read_text_article(ARTICLE, doc_id="a", title="다른 제목")
    edited = read_text_article(ARTICLE.replace("49조원", "50조원"), doc_id="a")
    assert isinstance(base, Article) and isinstance(same, Article)
    assert isinstance(retitled, Article) and isinstance(edited, Article)
    assert base.checksum == same.checksum
    assert len({base.checksum, retitled.checksum, edited.checksum}) == 3


def test_sanitize_id() -> None:
    assert sanitize_id("000_6c76cb685f4a3c95") == "000_6c76cb685f4a3c95"
    assert sanitize_id("기사 1:2?.v1") == "기사_1_2_.v1"


def test_paths_are_relative_to_the_folder_loaded(tmp_path: Path) -> None:
    nested = tmp_path / "news" / "2021"
    nested.mkdir(parents=True)
    (nested / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "news" / "b.txt").write_text(ARTICLE + " 둘째", encoding="utf-8")
    items = _read([tmp_path / "news"])
    assert sorted(a.path for a in items if isinstance(a, Article)) == ["2021/a.txt", "b.txt"]
    assert [a.path for a in _read([nested / "a.txt"])] == ["a.txt"]


# --- inputs that could hang a walk ---------------------------------------------------------


def _read_within(paths: list[Path | str], seconds: float = 60) -> list[Article | ReadFailure]:
    """Read in a thread so a reader that blocks (a FIFO opened) fails the test, not hangs it."""
    out: list[list[Article | ReadFailure]] = []
    worker = threading.Thread(target=lambda: out.append(_read(paths)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, "reading blocked"
    return out[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifos_and_devices_are_skipped_with_a_reason_never_opened(tmp_path: Path) -> None:
    (tmp_path / "a_good.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "b_feed.txt")
    os.mkfifo(tmp_path / "named.jsonl")
    items = _read_within([tmp_path, tmp_path / "named.jsonl", "/dev/null"])
    assert list(_articles(items)) == ["a_good"]
    assert _failures(items) == {
        str(tmp_path / "b_feed.txt"): "not a regular file (a FIFO); not opened",
        str(tmp_path / "named.jsonl"): "not a regular file (a FIFO); not opened",
        "/dev/null": "not a regular file (a device); not opened",
    }


def test_directory_symlink_loops_are_detected(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "back").symlink_to(root, target_is_directory=True)  # a loop
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    items = _read_within([root])
    assert [a.path for a in items if isinstance(a, Article)] == ["sub/a.txt"]
    failures = _failures(items)
    assert "directory symlink loop" in failures.pop(str(root / "sub" / "back"))
    assert failures.pop(str(root / "self.txt")).startswith("broken or looping symbolic link")
    assert failures.pop(str(root / "gone.txt")).startswith("broken or looping symbolic link")
    assert not failures


def test_a_linked_folder_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "real", target_is_directory=True)
    items = _read_within([tmp_path])
    assert len(_articles(items)) == 1


# --- sentences longer than the bound ---------------------------------------------------------


def test_a_sentence_over_the_bound_is_cut_at_spaces() -> None:
    text = "제목 없는 긴 문장 " * 20_000  # 200 KB-ish, no punctuation: one "sentence"
    sentences = split_sentences(text)
    assert len(sentences) > len(text) // MAX_SENTENCE_CHARS
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and s.cut for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)  # offsets still hold
    assert " ".join(s.text for s in sentences).split() == text.split()  # no word lost or cut
    short = split_sentences("과기정통부는 발표했다. 둘째 문장.")
    assert [s.cut for s in short] == [False, False]


def test_a_long_sentence_is_extracted_in_pieces(tmp_path: Path) -> None:
    filler = "기사 본문에는 마침표 없이 이어지는 설명이 길게 붙어 있으며 "
    text = (
        filler * 4000
        + "과학기술정보통신부는 KT와 함께 240억원 규모 펀드를 조성하며 "
        + filler * 4000
    )
    article = read_text_article("긴 문장\n\n" + text, doc_id="long")
    trace = trace_article(article)
    assert len(trace.sentences) > 100
    assert max(len(s.text) for s in trace.sentences) <= MAX_SENTENCE_CHARS
