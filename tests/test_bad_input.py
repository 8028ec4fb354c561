"""Bad input is reported with a one-line reason and skipped; everything else loads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _bad_inputs(folder: Path) -> dict[str, str]:
    """File name -> a word its skip reason must contain."""
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "latin1.txt").write_bytes("caf\xe9 \xff\xfe garbage \x80\x81".encode("latin-1") * 50)
    (folder / "no_article.html").write_text(
        "<html><head><title>메뉴</title></head><body><nav><a href='/'>홈</a></nav>"
        "<footer>ⓒ 무단전재 및 재배포 금지</footer></body></html>",
        encoding="utf-8",
    )
    with (folder / "huge.txt").open("w", encoding="utf-8") as handle:
        line = "과학기술정보통신부는 디지털 뉴딜을 추진한다. " * 100 + "\n"
        for _ in range(50_000_000 // len(line.encode("utf-8")) + 1):
            handle.write(line)
    good = {
        "id": "good-line",
        "text": "중소벤처기업부는 스마트 대한민국 펀드를 조성한다.",
        "date": "2021-01-05",
    }
    (folder / "lines.jsonl").write_text(
        json.dumps(good, ensure_ascii=False) + "\n{not json\n", encoding="utf-8"
    )
    return {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "latin1.txt": "undecodable",
        "no_article.html": "article",
        "huge.txt": "large",
        "lines.jsonl#L2": "JSON",
    }


def test_a_batch_with_bad_files_loads_the_good_ones(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, inputs / seed.name)
    expected = _bad_inputs(inputs)
    data = tmp_path / "data"
    result = CliRunner().invoke(app, ["load", str(inputs), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    output = result.output
    assert "Traceback" not in output
    for name, word in expected.items():
        lines = [line for line in output.splitlines() if f"{name}:" in line]
        assert len(lines) == 1, (name, output)
        assert word.lower() in lines[0].lower(), lines[0]
    stats = CliRunner().invoke(app, ["stats", "--json", "--data-dir", str(data)])
    summary = json.loads(stats.output)
    assert summary["documents"] == 5  # four seeds and the good JSON line
